//! Deadlines counted from events, through the binary: the bundled commune election plan across its year, an
//! event recorded late, an event moved, a day of the next month, and what is refused (in the plan file and on
//! the command line) with nothing written.

use crate::harness::Env;
use serde_json::Value;

const PLAN: &str = "2026-xa-an-phu-bau-cu";

/// The bundled plans, loaded.
fn bundled() -> Env {
    let env = Env::new();
    env.copy_plans();
    env.plan(&["load", "plans"]).ok();
    env
}

/// (task, deadline key, due, state) of the election plan's rows as of a date.
fn states(env: &Env, as_of: &str) -> Vec<(String, String, String, String)> {
    let rows = env
        .plan(&[
            "status", "--plan", PLAN, "--as-of", as_of, "--format", "json",
        ])
        .ok()
        .json();
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let s = |k: &str| r[k].as_str().unwrap_or("").to_string();
            (s("task"), s("deadline"), s("due"), s("state"))
        })
        .collect()
}

fn row<'a>(
    rows: &'a [(String, String, String, String)],
    task: &str,
) -> &'a (String, String, String, String) {
    rows.iter()
        .find(|r| r.0 == task)
        .unwrap_or_else(|| panic!("task {task} in {rows:?}"))
}

fn due_state(env: &Env, as_of: &str, task: &str) -> (String, String) {
    let rows = states(env, as_of);
    let r = row(&rows, task);
    (r.2.clone(), r.3.clone())
}

fn pair(due: &str, state: &str) -> (String, String) {
    (due.to_string(), state.to_string())
}

#[test]
fn the_election_plan_counts_its_deadlines_and_waits_for_its_events() {
    let env = bundled();
    // 95, 70 and 40 days before Sunday 15/3/2026, exact; 3 working days after it; monthly on the 5th of the
    // month after; waiting for the two events the plan cannot date.
    let rows = states(&env, "1/12/2025");
    assert_eq!(row(&rows, "1").2, "2025-12-10");
    assert_eq!(row(&rows, "3").2, "2026-01-04");
    assert_eq!(row(&rows, "4").2, "2026-02-03");
    assert_eq!(row(&rows, "5").2, "2026-03-18");
    assert_eq!(
        (row(&rows, "2").2.as_str(), row(&rows, "2").3.as_str()),
        ("", "waiting")
    );
    assert_eq!(row(&rows, "6").3, "waiting");
    let monthly: Vec<&str> = rows
        .iter()
        .filter(|r| r.0 == "7")
        .map(|r| r.2.as_str())
        .collect();
    assert_eq!(
        monthly,
        ["2026-01-05", "2026-02-05", "2026-03-05", "2026-04-05"]
    );
    let quarterly: Vec<&str> = rows
        .iter()
        .filter(|r| r.0 == "8")
        .map(|r| r.2.as_str())
        .collect();
    assert_eq!(quarterly, ["2026-03-20", "2026-06-20"]);
    // Through the year: by 10/12 is allowed on the day, overdue after; the report on December is due before
    // 5/1, so overdue on 5/1; waiting deadlines are never overdue.
    assert_eq!(
        due_state(&env, "10/12/2025", "1"),
        pair("2025-12-10", "open")
    );
    assert_eq!(
        due_state(&env, "11/12/2025", "1"),
        pair("2025-12-10", "overdue")
    );
    assert_eq!(due_state(&env, "31/12/2026", "2"), pair("", "waiting"));
    let overdue = env
        .plan(&[
            "overdue", "--plan", PLAN, "--as-of", "5/1/2026", "--format", "json",
        ])
        .code(1)
        .json();
    let listed: Vec<(&str, &str)> = overdue
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["task"].as_str().unwrap(), r["due"].as_str().unwrap()))
        .collect();
    assert_eq!(
        listed,
        [
            ("1", "2025-12-10"),
            ("3", "2026-01-04"),
            ("7", "2026-01-05")
        ]
    );
    // The count in words, in both languages, and the summary line says what waits.
    let json = env
        .plan(&[
            "status",
            "--plan",
            PLAN,
            "--as-of",
            "1/12/2025",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let first = &json.as_array().unwrap()[0];
    assert_eq!(first["counted"], "95 days before ngày bầu cử 15/03/2026");
    assert_eq!(
        (&first["event_id"], &first["event_on"]),
        (&Value::from("bau-cu"), &Value::from("2026-03-15"))
    );
    let vi = env
        .plan(&[
            "--lang",
            "vi",
            "status",
            "--plan",
            PLAN,
            "--as-of",
            "1/12/2025",
            "--format",
            "table",
        ])
        .ok();
    assert!(
        vi.stdout.contains("95 ngày trước ngày bầu cử 15/03/2026"),
        "{}",
        vi.stdout
    );
    assert!(
        vi.stdout.contains("chờ Hội nghị hiệp thương lần thứ nhất"),
        "{}",
        vi.stdout
    );
    assert!(vi.stdout.contains("Chờ sự kiện 2"), "{}", vi.stdout);
    let en = env
        .plan(&[
            "status",
            "--plan",
            PLAN,
            "--as-of",
            "1/12/2025",
            "--format",
            "table",
        ])
        .ok();
    assert!(
        en.stdout
            .contains("waiting for Hội nghị hiệp thương lần thứ nhất"),
        "{}",
        en.stdout
    );
    assert!(en.stdout.contains("waiting 2,"), "{}", en.stdout);
    // `show PLAN` lists the events with where each date comes from.
    let show = env
        .plan(&["show", PLAN, "--format", "json", "--as-of", "1/12/2025"])
        .ok()
        .json();
    let events: Vec<(&str, &Value)> = show["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["event_id"].as_str().unwrap(), &e["on"]))
        .collect();
    assert_eq!(
        events,
        [
            ("bau-cu", &Value::from("2026-03-15")),
            ("hiep-thuong-1", &Value::Null),
            ("cong-bo-ket-qua", &Value::Null)
        ]
    );
}

#[test]
fn an_event_recorded_late_counts_from_its_own_day() {
    let env = bundled();
    let r = env
        .plan(&[
            "record",
            PLAN,
            "--event",
            "hiep-thuong-1",
            "--on",
            "5/12/2025",
            "--evidence",
            "Biên bản Hội nghị hiệp thương lần thứ nhất ngày 05/12/2025",
            "--as-of",
            "12/12/2025",
        ])
        .ok();
    assert!(r.stderr.contains("recorded date 1 of 2026-xa-an-phu-bau-cu event hiep-thuong-1: 05/12/2025, known from 05/12/2025"), "{}", r.stderr);
    // Friday 5/12 + 5 working days = Friday 12/12; before the conference it waited.
    assert_eq!(due_state(&env, "4/12/2025", "2"), pair("", "waiting"));
    assert_eq!(
        due_state(&env, "8/12/2025", "2"),
        pair("2025-12-12", "open")
    );
    assert_eq!(
        due_state(&env, "13/12/2025", "2"),
        pair("2025-12-12", "overdue")
    );
    let quiet = |as_of: &str| {
        env.plan(&["overdue", "--plan", PLAN, "--quiet", "--as-of", as_of])
            .code
    };
    assert_eq!(quiet("9/12/2025"), 0, "nothing overdue before 10/12");
    assert_eq!(quiet("13/12/2025"), 1);
    // Done on the day counts on time; the minutes of the conference are kept with who recorded them.
    env.plan(&[
        "record",
        &format!("{PLAN}/2"),
        "--done",
        "--on",
        "12/12/2025",
        "--as-of",
        "12/12/2025",
    ])
    .ok();
    assert_eq!(
        due_state(&env, "20/12/2025", "2"),
        pair("2025-12-12", "done_on_time")
    );
    let history = env
        .plan(&["history", "--events", "--format", "json"])
        .ok()
        .json();
    let h = &history.as_array().unwrap()[0];
    assert_eq!(h["event_id"], "hiep-thuong-1");
    assert_eq!(
        (&h["on"], &h["since"]),
        (&Value::from("2025-12-05"), &Value::from("2025-12-05"))
    );
    assert_eq!(
        h["evidence"],
        "Biên bản Hội nghị hiệp thương lần thứ nhất ngày 05/12/2025"
    );
    assert!(h["recorded_by"].is_string(), "{h}");
}

#[test]
fn a_moved_event_is_a_new_record_and_the_past_keeps_its_dates() {
    let env = bundled();
    env.plan(&[
        "record",
        PLAN,
        "--event",
        "bau-cu",
        "--on",
        "22/3/2026",
        "--since",
        "10/1/2026",
        "--evidence",
        "Nghị quyết số 01/NQ-UBBC ngày 10/01/2026",
        "--as-of",
        "11/1/2026",
    ])
    .ok();
    // Before the decision, the plan's date; from it, the new one, for what was not yet due.
    assert_eq!(due_state(&env, "9/1/2026", "4"), pair("2026-02-03", "open"));
    assert_eq!(
        due_state(&env, "10/1/2026", "4"),
        pair("2026-02-10", "open")
    );
    assert_eq!(
        due_state(&env, "10/1/2026", "5"),
        pair("2026-03-25", "open")
    );
    // Already due under the old date, they keep it.
    assert_eq!(
        due_state(&env, "10/1/2026", "1"),
        pair("2025-12-10", "overdue")
    );
    assert_eq!(
        due_state(&env, "10/1/2026", "3"),
        pair("2026-01-04", "overdue")
    );
    // Moved again, and back: each a record of its own; the latest known on a day decides it.
    env.plan(&[
        "record",
        PLAN,
        "--event",
        "bau-cu",
        "--on",
        "15/3/2026",
        "--since",
        "1/2/2026",
        "--as-of",
        "1/2/2026",
    ])
    .ok();
    assert_eq!(
        due_state(&env, "31/1/2026", "4"),
        pair("2026-02-10", "open")
    );
    assert_eq!(due_state(&env, "1/2/2026", "4"), pair("2026-02-03", "open"));
    let history = env
        .plan(&["history", "--events", "--format", "json"])
        .ok()
        .json();
    let dates: Vec<(&str, &str)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| (h["on"].as_str().unwrap(), h["since"].as_str().unwrap()))
        .collect();
    assert_eq!(
        dates,
        [("2026-03-22", "2026-01-10"), ("2026-03-15", "2026-02-01")]
    );
    // A reload of the unchanged folder keeps the records and the dates counted from them.
    env.plan(&["load", "plans"]).ok();
    assert_eq!(
        due_state(&env, "10/1/2026", "4"),
        pair("2026-02-10", "open")
    );
}

#[test]
fn a_bad_event_record_is_refused_and_nothing_is_recorded() {
    let env = bundled();
    let cases: &[(&[&str], &str)] = &[
        (
            &["record", PLAN, "--event", "hoi-nghi", "--on", "5/12/2025"],
            "declares no event `hoi-nghi`",
        ),
        (
            &[
                "record",
                &format!("{PLAN}/2"),
                "--event",
                "hiep-thuong-1",
                "--on",
                "5/12/2025",
            ],
            "give the plan's id, not PLAN/TASK",
        ),
        (
            &["record", PLAN, "--event", "hiep-thuong-1"],
            "needs the event's date: --on DATE",
        ),
        (
            &[
                "record",
                PLAN,
                "--event",
                "hiep-thuong-1",
                "--on",
                "12/5/2025",
                "--since",
                "20/12/2025",
            ],
            "--since 20/12/2025 is after 12/12/2025",
        ),
        (
            &[
                "record",
                PLAN,
                "--event",
                "hiep-thuong-1",
                "--on",
                "31/2/2025",
            ],
            "--on:",
        ),
        (
            &[
                "record",
                PLAN,
                "--event",
                "hiep-thuong-1",
                "--on",
                "5/12/2025",
                "--done",
            ],
            "cannot be used with",
        ),
        (
            &[
                "record",
                PLAN,
                "--event",
                "hiep-thuong-1",
                "--on",
                "5/12/2025",
                "--evidence",
                "Biên bản\u{1b}[2J",
            ],
            "control character",
        ),
        (
            &[
                "record",
                "no-such-plan",
                "--event",
                "bau-cu",
                "--on",
                "5/12/2025",
            ],
            "no plan `no-such-plan`",
        ),
    ];
    for (args, says) in cases {
        let mut all = args.to_vec();
        all.extend(["--as-of", "12/12/2025"]);
        let r = env.plan(&all).code(2);
        assert!(r.stderr.contains(says), "{args:?}: {}", r.stderr);
    }
    let vi = env
        .plan(&[
            "--lang",
            "vi",
            "record",
            PLAN,
            "--event",
            "hoi-nghi",
            "--on",
            "5/12/2025",
            "--as-of",
            "12/12/2025",
        ])
        .code(2);
    assert!(
        vi.stderr.contains("không khai báo sự kiện `hoi-nghi`"),
        "{}",
        vi.stderr
    );
    let history = env
        .plan(&["history", "--events", "--format", "json"])
        .ok()
        .json();
    assert_eq!(history, Value::Array(vec![]));
    assert_eq!(due_state(&env, "31/12/2025", "2"), pair("", "waiting"));
}

/// A plan with one event and the deadline lines given.
fn plan_with(event: &str, deadline: &str) -> String {
    format!(
        "[plan]\nid = \"p\"\ntitle = \"Kế hoạch\"\nissuer = \"UBND xã\"\nyear = 2026\n\n\
         [[units]]\nid = \"vp\"\nname = \"Văn phòng\"\n\n\
         {event}\n\n\
         [[tasks]]\nid = \"1\"\nsection = \"I\"\ntitle = \"Việc\"\ntext = \"Việc.\"\nlead = [\"vp\"]\n\n\
         [[tasks.deadlines]]\nkey = \"k\"\n{deadline}\nwording = \"trong thời hạn 05 ngày làm việc kể từ ngày kết thúc hội nghị\"\n"
    )
}

#[test]
fn the_plan_file_says_where_a_count_is_wrong() {
    let env = Env::new();
    let event = "[[events]]\nid = \"hoi-nghi\"\nname = \"hội nghị\"\ndate = \"13/2/2026\"";
    let cases = [
        (
            plan_with(event, "event = \"hop\"\noffset = \"+5wd\""),
            "p.toml:25:9: error: `event` names `hop`, which the plan does not declare",
        ),
        (
            plan_with(event, "event = \"hoi-nghi\"\noffset = \"5 ngày\""),
            "p.toml:26:10: error: `offset` \"5 ngày\" is not an offset",
        ),
        (
            plan_with(event, "event = \"hoi-nghi\""),
            "error: missing `offset`",
        ),
        (
            plan_with(
                event,
                "event = \"hoi-nghi\"\noffset = \"+5wd\"\nevery = \"month\"",
            ),
            "`every` does not apply to a deadline counted from an event",
        ),
        (
            plan_with(
                event,
                "event = \"hoi-nghi\"\noffset = \"+5d\"\nrest_day = \"later\"",
            ),
            "unknown `rest_day` \"later\"",
        ),
        (
            plan_with(
                event,
                "event = \"hoi-nghi\"\noffset = \"-10d\"\ndue = \"4/2/2026\"",
            ),
            "error: `due` is 04/02/2026, but -10d from `hoi-nghi` on 13/02/2026 is 03/02/2026",
        ),
        (
            plan_with(event, "every = \"month\"\nmonth = \"next\""),
            "`month` without `day`",
        ),
        (
            plan_with(event, "every = \"month\"\nday = 5\nmonth = \"sau\""),
            "unknown `month`",
        ),
        (
            plan_with(
                "[[events]]\nid = \"hoi-nghi\"\nname = \"a\"\n\n[[events]]\nid = \"hoi-nghi\"\nname = \"b\"",
                "event = \"hoi-nghi\"\noffset = \"+5wd\"",
            ),
            "duplicate event id `hoi-nghi`",
        ),
    ];
    for (text, says) in &cases {
        env.write("plans/p.toml", text);
        let r = env.plan(&["validate", "plans/p.toml"]).code(2);
        assert!(r.stderr.contains(says), "{says}\n{}", r.stderr);
        env.plan(&["load", "plans/p.toml"]).code(2);
    }
    assert!(
        !env.db().exists()
            || env.plan(&["plans", "--format", "json"]).ok().json() == Value::Array(vec![])
    );
    // Five working days from Friday 13/2/2026, the eve of Tết: 27/2. A working-day count that disagrees
    // with `due` is a warning (an official schedule may move it), and the count is what is tracked.
    env.write(
        "plans/p.toml",
        &plan_with(
            event,
            "event = \"hoi-nghi\"\noffset = \"+5wd\"\ndue = \"26/2/2026\"",
        ),
    );
    let r = env.plan(&["load", "plans/p.toml"]).ok();
    assert!(
        r.stderr.contains(
            "warning: `due` is 26/02/2026, but +5wd from `hoi-nghi` on 13/02/2026 is 27/02/2026"
        ),
        "{}",
        r.stderr
    );
    let rows = env
        .plan(&[
            "status", "--plan", "p", "--as-of", "1/2/2026", "--format", "json",
        ])
        .ok()
        .json();
    assert_eq!(rows[0]["due"], "2026-02-27");
}

#[test]
fn a_mistyped_date_is_retracted_and_the_count_follows_the_right_one() {
    let env = bundled();
    let record = |on: &str| {
        env.plan(&[
            "record",
            PLAN,
            "--event",
            "hiep-thuong-1",
            "--on",
            on,
            "--as-of",
            "12/12/2025",
        ])
        .ok()
    };
    record("5/11/2025");
    assert_eq!(
        due_state(&env, "12/12/2025", "2"),
        pair("2025-11-12", "overdue")
    );
    // The right date, recorded after: the deadline already due under the mistyped one keeps it, and
    // the clerk is told how to cancel the mistake.
    let r = record("5/12/2025");
    assert!(r.stderr.contains("--retract N"), "{}", r.stderr);
    assert_eq!(
        due_state(&env, "12/12/2025", "2"),
        pair("2025-11-12", "overdue")
    );
    let r = env
        .plan(&[
            "record",
            PLAN,
            "--event",
            "hiep-thuong-1",
            "--retract",
            "1",
            "--note",
            "ghi nhầm tháng",
            "--as-of",
            "12/12/2025",
        ])
        .ok();
    assert!(
        r.stderr
            .contains("date 1 of 2026-xa-an-phu-bau-cu event hiep-thuong-1 is retracted"),
        "{}",
        r.stderr
    );
    // Cancelled whatever the date asked: as of any day, the count runs from 5/12 alone.
    assert_eq!(due_state(&env, "20/11/2025", "2"), pair("", "waiting"));
    assert_eq!(
        due_state(&env, "12/12/2025", "2"),
        pair("2025-12-12", "open")
    );
    let history = env
        .plan(&["history", "--events", "--format", "json"])
        .ok()
        .json();
    let rows: Vec<(i64, &Value, &Value)> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|h| {
            (
                h["record"].as_i64().unwrap(),
                &h["retracts"],
                &h["retracted_by"],
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            (1, &Value::Null, &Value::from(3)),
            (2, &Value::Null, &Value::Null),
            (3, &Value::from(1), &Value::Null)
        ]
    );
    // What cannot be retracted: a record again, a retraction, one of another event, one that is not there.
    for (n, event, says) in [
        ("1", "hiep-thuong-1", "already retracted"),
        ("3", "hiep-thuong-1", "is itself a retraction"),
        ("2", "bau-cu", "recorded for another event"),
        ("9", "hiep-thuong-1", "there is no date 9"),
    ] {
        let r = env
            .plan(&[
                "record",
                PLAN,
                "--event",
                event,
                "--retract",
                n,
                "--as-of",
                "12/12/2025",
            ])
            .code(2);
        assert!(r.stderr.contains(says), "{n}: {}", r.stderr);
    }
    assert_eq!(
        env.plan(&["history", "--events", "--format", "json"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[test]
fn work_done_before_the_event_moves_earlier_stays_on_time() {
    let env = bundled();
    // Task 4 is due 03/02/2026 (40 days before 15/3); done on 1/2.
    env.plan(&[
        "record",
        &format!("{PLAN}/4"),
        "--done",
        "--on",
        "1/2/2026",
        "--as-of",
        "1/2/2026",
    ])
    .ok();
    // On 2/2 the election is moved a week earlier: 40 days before 8/3 is 27/1, already past.
    env.plan(&[
        "record", PLAN, "--event", "bau-cu", "--on", "8/3/2026", "--since", "2/2/2026", "--as-of",
        "2/2/2026",
    ])
    .ok();
    assert_eq!(
        due_state(&env, "10/2/2026", "4"),
        pair("2026-02-03", "done_on_time")
    );
    // Task 5 (3 working days after the election) moves with it; task 1, long due, keeps its date.
    assert_eq!(
        due_state(&env, "10/2/2026", "5"),
        pair("2026-03-11", "open")
    );
    assert_eq!(
        due_state(&env, "10/2/2026", "1"),
        pair("2025-12-10", "overdue")
    );
}

#[test]
fn an_event_date_changed_in_the_file_is_a_change_the_sync_will_not_make_behind_the_clerks_back() {
    let env = bundled();
    env.write("config.toml", "plans = \"plans\"\n");
    env.plan(&["status", "--as-of", "20/12/2025"]).ok();
    let file = env.path("plans/2026-xa-an-phu-bau-cu.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    let moved = text
        .replace("date = \"15/3/2026\"", "date = \"22/3/2026\"")
        .replace("due = \"10/12/2025\"\n", "");
    std::fs::write(&file, moved).unwrap();
    // Task 1 was overdue on 11/12/2025 with the election on 15/3; on the 22nd it would have been open.
    let r = env.plan(&["status", "--as-of", "20/12/2025"]).code(2);
    assert!(r.stderr.contains("thanh-lap"), "{}", r.stderr);
    let r = env.plan(&["load", "plans"]).ok();
    assert!(r.stdout.contains("2026-xa-an-phu-bau-cu"), "{}", r.stdout);
    let revisions = env
        .plan(&["revisions", PLAN, "--format", "json"])
        .ok()
        .json();
    let last = revisions.as_array().unwrap().last().unwrap().to_string();
    assert!(
        last.contains("event_date_changed") && last.contains("2026-03-22"),
        "{last}"
    );
    assert_eq!(
        due_state(&env, "15/12/2025", "1"),
        pair("2025-12-17", "open")
    );
    // An event whose dates were recorded may be renamed, not dropped.
    env.plan(&[
        "record",
        PLAN,
        "--event",
        "hiep-thuong-1",
        "--on",
        "5/12/2025",
        "--as-of",
        "12/12/2025",
    ])
    .ok();
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("\"hiep-thuong-1\"", "\"hiep-thuong-lan-1\""),
    )
    .unwrap();
    let r = env.plan(&["load", "plans"]).code(2);
    assert!(
        r.stderr
            .contains("the event `hiep-thuong-1` has recorded dates but is no longer in the file"),
        "{}",
        r.stderr
    );
    std::fs::write(&file, text).unwrap();
    assert_eq!(
        due_state(&env, "13/12/2025", "2"),
        pair("2025-12-12", "overdue")
    );
}

#[test]
fn a_changed_event_date_in_the_store_is_found_by_check() {
    let env = Env::file();
    env.copy_plans();
    env.plan(&["load", "plans"]).ok();
    env.plan(&[
        "record",
        PLAN,
        "--event",
        "hiep-thuong-1",
        "--on",
        "5/12/2025",
        "--as-of",
        "12/12/2025",
    ])
    .ok();
    env.plan(&["check"]).ok();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(
        "DROP TRIGGER event_dates_append_only_update;
         UPDATE event_dates SET on_date = '2025-11-05', since = '2025-11-05' WHERE id = 1;
         CREATE TRIGGER event_dates_append_only_update BEFORE UPDATE ON event_dates
             BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END;",
    )
    .unwrap();
    drop(conn);
    let r = env.plan(&["check"]).code(1);
    assert!(
        r.stdout
            .contains("dates of events: record 1 does not match its hash"),
        "{}",
        r.stdout
    );
}

#[test]
fn a_deadline_owed_by_each_member_waits_as_a_whole() {
    let env = Env::new();
    env.write(
        "plans/p.toml",
        "[plan]\nid = \"p\"\ntitle = \"Kế hoạch\"\nissuer = \"UBND xã\"\nyear = 2026\n\n\
         [[units]]\nid = \"thon\"\nname = \"Các thôn\"\nmembers = [\"t1\", \"t2\"]\n\n\
         [[units]]\nid = \"t1\"\nname = \"Thôn 1\"\n\n[[units]]\nid = \"t2\"\nname = \"Thôn 2\"\n\n\
         [[events]]\nid = \"hoi-nghi\"\nname = \"hội nghị cử tri\"\n\n\
         [[tasks]]\nid = \"1\"\nsection = \"I\"\ntitle = \"Báo cáo\"\ntext = \"Báo cáo.\"\nlead = [\"thon\"]\n\n\
         [[tasks.deadlines]]\nkey = \"bao-cao\"\nevent = \"hoi-nghi\"\noffset = \"+3wd\"\nwording = \"trong 03 ngày làm việc sau hội nghị cử tri\"\n",
    );
    env.plan(&["load", "plans/p.toml"]).ok();
    let table = env
        .plan(&["status", "--as-of", "1/3/2026", "--format", "md"])
        .ok();
    assert!(table.stdout.contains("| waiting |"), "{}", table.stdout);
    assert!(table.stdout.contains("waiting 1,"), "{}", table.stdout);
    let shares = env
        .plan(&["status", "--as-of", "1/3/2026", "--format", "json"])
        .ok()
        .json();
    let states: Vec<&str> = shares
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["waiting", "waiting"]);
    // Refused in the file: a rest day rule for a count before the event, an offset with no event.
    let text = std::fs::read_to_string(env.path("plans/p.toml")).unwrap();
    env.write(
        "plans/q.toml",
        &text.replace("id = \"p\"", "id = \"q\"").replace(
            "offset = \"+3wd\"",
            "offset = \"-3d\"\nrest_day = \"next-working-day\"",
        ),
    );
    let r = env.plan(&["validate", "plans/q.toml"]).code(2);
    assert!(
        r.stderr
            .contains("applies to a count of calendar days after the event"),
        "{}",
        r.stderr
    );
    env.write(
        "plans/q.toml",
        &text
            .replace("id = \"p\"", "id = \"q\"")
            .replace("event = \"hoi-nghi\"\n", "due = \"5/3/2026\"\n"),
    );
    let r = env.plan(&["validate", "plans/q.toml"]).code(2);
    assert!(r.stderr.contains("`offset` needs `event`"), "{}", r.stderr);
}
