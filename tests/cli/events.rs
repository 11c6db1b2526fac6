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
