//! Status, overdue and upcoming on the seed plan across its deadlines, and the output contracts.

use crate::harness::{Env, state_of};

#[test]
fn seed_states_across_the_year() {
    let env = Env::seeded();
    // (as of, III.2 registration before 12/4, III.3 six-month report before 11/6, III.3 annual before 11/11,
    //  II.8 Q2, Q3, Q4 quarterly reports, assumed due by each quarter's last day)
    let expected = [
        ("11/4/2022", "open", "open", "open", "open", "open", "open"),
        (
            "12/4/2022",
            "overdue",
            "open",
            "open",
            "open",
            "open",
            "open",
        ),
        (
            "10/6/2022",
            "overdue",
            "open",
            "open",
            "open",
            "open",
            "open",
        ),
        (
            "11/6/2022",
            "overdue",
            "overdue",
            "open",
            "open",
            "open",
            "open",
        ),
        (
            "12/6/2022",
            "overdue",
            "overdue",
            "open",
            "open",
            "open",
            "open",
        ),
        (
            "30/6/2022",
            "overdue",
            "overdue",
            "open",
            "open",
            "open",
            "open",
        ),
        (
            "1/7/2022", "overdue", "overdue", "open", "overdue", "open", "open",
        ),
        (
            "10/11/2022",
            "overdue",
            "overdue",
            "open",
            "overdue",
            "overdue",
            "open",
        ),
        (
            "11/11/2022",
            "overdue",
            "overdue",
            "overdue",
            "overdue",
            "overdue",
            "open",
        ),
        (
            "12/11/2022",
            "overdue",
            "overdue",
            "overdue",
            "overdue",
            "overdue",
            "open",
        ),
        (
            "1/1/2023", "overdue", "overdue", "overdue", "overdue", "overdue", "overdue",
        ),
    ];
    for (as_of, reg, half, annual, q2, q3, q4) in expected {
        let s = env.states(as_of);
        assert_eq!(
            state_of(&s, "III.2", "dang-ky-mo-hinh", ""),
            reg,
            "III.2 as of {as_of}"
        );
        assert_eq!(
            state_of(&s, "III.3", "bao-cao-6-thang", ""),
            half,
            "III.3 6 tháng as of {as_of}"
        );
        assert_eq!(
            state_of(&s, "III.3", "bao-cao-nam", ""),
            annual,
            "III.3 năm as of {as_of}"
        );
        assert_eq!(
            state_of(&s, "II.8", "bao-cao-quy", "2022-Q2"),
            q2,
            "II.8 Q2 as of {as_of}"
        );
        assert_eq!(
            state_of(&s, "II.8", "bao-cao-quy", "2022-Q3"),
            q3,
            "II.8 Q3 as of {as_of}"
        );
        assert_eq!(
            state_of(&s, "II.8", "bao-cao-quy", "2022-Q4"),
            q4,
            "II.8 Q4 as of {as_of}"
        );
    }
}

#[test]
fn ongoing_tasks_show_in_status_never_in_overdue() {
    let env = Env::seeded();
    let all = env
        .plan(&["status", "--as-of", "1/1/2023", "--format", "json"])
        .ok()
        .json();
    let ongoing: Vec<&str> = all
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["state"] == "ongoing")
        .map(|r| r["task"].as_str().unwrap())
        .collect();
    assert_eq!(ongoing.len(), 14);
    assert!(ongoing.contains(&"II.1") && ongoing.contains(&"III.5"));
    let overdue = env
        .plan(&["overdue", "--as-of", "1/1/2023", "--format", "json"])
        .code(1)
        .json();
    assert!(
        overdue
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["state"] == "overdue")
    );
    assert_eq!(overdue.as_array().unwrap().len(), 6);
}

#[test]
fn overdue_cron_contract() {
    let env = Env::seeded();
    let quiet = env.plan(&["overdue", "--as-of", "11/4/2022"]).code(0);
    assert_eq!((quiet.stdout.as_str(), quiet.stderr.as_str()), ("", ""));

    let found = env.plan(&["overdue", "--as-of", "12/6/2022"]).code(1);
    let lines: Vec<&str> = found.stdout.lines().collect();
    assert_eq!(
        lines[0].split('\t').take(3).collect::<Vec<_>>(),
        ["plan", "task", "deadline"]
    );
    // Oldest first: the 12/4 registration (62 days) before the 11/6 six-month report (2 days).
    let tasks: Vec<(&str, &str)> = lines[1..]
        .iter()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            (f[1], f[11])
        })
        .collect();
    assert_eq!(tasks, [("III.2", "62"), ("III.3", "2")]);
    assert_eq!(found.stderr, "");

    let bad = env.plan(&["overdue", "--as-of", "12/25/2022"]).code(2);
    assert_eq!(bad.stdout, "");
    assert_eq!(
        bad.stderr,
        "plan: error: --as-of: '12/25/2022': month 25 does not exist — it looks month-first; dates are day/month/year, so write 25/12/2022\n"
    );

    let empty = Env::new();
    let missing = empty.plan(&["overdue", "--as-of", "12/6/2022"]).code(2);
    assert!(
        missing.stderr.contains("there is no store at"),
        "{}",
        missing.stderr
    );
    assert!(
        missing
            .stderr
            .contains("load a plan first: plan load plans/")
    );
}

#[test]
fn piped_output_is_tsv_for_cut_and_a_closed_pipe_is_quiet() {
    let env = Env::seeded();
    let run = env.plan(&["overdue", "--as-of", "12/6/2022"]).code(1);
    let second: Vec<&str> = run
        .stdout
        .lines()
        .map(|l| l.split('\t').nth(1).unwrap())
        .collect();
    assert_eq!(second, ["task", "III.2", "III.3"]);

    let sh = env.command(&["status", "--as-of", "12/6/2022"]);
    let bin = sh.get_program().to_owned();
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(r#""$0" status --as-of 12/6/2022 --format table | head -n 1 >/dev/null; "$0" status --as-of 12/6/2022 | head -c 10 >/dev/null"#)
        .arg(bin)
        .envs(sh.get_envs().filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))))
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "",
        "a closed pipe must not print an error"
    );
}

#[test]
fn status_filters_by_unit_without_diacritics_and_by_state() {
    let env = Env::seeded();
    let rows = env
        .plan(&[
            "status",
            "--as-of",
            "12/6/2022",
            "--unit",
            "trung tam ung dung",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let tasks: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["task"].as_str().unwrap())
        .collect();
    assert_eq!(tasks, ["III.3", "III.3"]);
    let hcth = env
        .plan(&[
            "status",
            "--as-of",
            "12/6/2022",
            "--unit",
            "Phòng HC-TH",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let tasks: Vec<&str> = hcth
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["task"].as_str().unwrap())
        .collect();
    assert_eq!(
        tasks,
        ["II.8", "II.8", "II.8", "III.4"],
        "HCTH supports II.8 and leads III.4"
    );
    let amb = env
        .plan(&["status", "--unit", "ban", "--as-of", "12/6/2022"])
        .code(2);
    assert!(
        amb.stderr.contains("matches several units"),
        "{}",
        amb.stderr
    );
    let over = env
        .plan(&[
            "status",
            "--as-of",
            "12/6/2022",
            "--state",
            "overdue,done_late",
            "--format",
            "tsv",
        ])
        .ok();
    assert_eq!(over.stdout.lines().count(), 3);
    let bad = env.plan(&["status", "--state", "late"]).code(2);
    assert!(bad.stderr.contains("unknown state `late`"));
    let plan = env
        .plan(&["status", "--plan", "nope", "--as-of", "12/6/2022"])
        .code(2);
    assert_eq!(
        plan.stderr,
        "plan: error: no plan `nope` is loaded — loaded plans: 2022-skhcn-dan-chu-co-so\n"
    );
}

#[test]
fn status_json_has_the_documented_keys_and_the_table_a_summary() {
    let env = Env::seeded();
    let rows = env
        .plan(&["status", "--as-of", "12/6/2022", "--format", "json"])
        .ok()
        .json();
    let row = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["task"] == "III.2")
        .unwrap();
    let keys: Vec<&String> = row.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "plan",
            "task",
            "deadline",
            "title",
            "lead",
            "lead_ids",
            "due",
            "due_wording",
            "wording",
            "period",
            "state",
            "days_overdue",
            "days_left",
            "done_on",
            "progress",
            "note",
            "evidence",
            "unit",
            "unit_id",
            "amended_by",
            "counted",
            "event_id",
            "event_on"
        ]
    );
    assert_eq!(row["due"], "2022-04-12");
    assert_eq!(row["due_wording"], "before");
    assert_eq!(row["days_overdue"], 62);
    assert_eq!(
        row["lead"],
        serde_json::json!(["Các phòng, đơn vị thuộc Sở"])
    );
    let table = env
        .plan(&["status", "--as-of", "12/6/2022", "--format", "table"])
        .ok();
    assert!(table.stdout.contains("before 12/04/2022"));
    assert!(table.stdout.contains("by 30/06/2022 (assumed)"));
    assert!(table.stdout.ends_with(
        "20 rows as of 12/06/2022: done_on_time 0, done_late 0, open 4, overdue 2, ongoing 14, completed 0, withdrawn 0 — 0 of 2 deadlines due or done by 12/06/2022 done on time (0%)\n"
    ));
    let lines = env
        .plan(&["status", "--as-of", "12/6/2022", "--format", "jsonl"])
        .ok();
    assert_eq!(lines.stdout.lines().count(), 20);
    let csv = env
        .plan(&["status", "--as-of", "12/6/2022", "--format", "csv"])
        .ok();
    assert!(
        csv.stdout
            .starts_with("plan,task,deadline,title,lead,lead_ids,due,")
    );
}

#[test]
fn upcoming_lists_open_deadlines_within_the_span() {
    let env = Env::seeded();
    let soon = env
        .plan(&[
            "upcoming", "--as-of", "1/6/2022", "--within", "14d", "--format", "json",
        ])
        .code(1)
        .json();
    let tasks: Vec<(&str, i64)> = soon
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["task"].as_str().unwrap(),
                r["days_left"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(tasks, [("III.3", 9)]);
    let later = env
        .plan(&[
            "upcoming", "--as-of", "1/6/2022", "--within", "5w", "--format", "json",
        ])
        .code(1)
        .json();
    assert_eq!(later.as_array().unwrap().len(), 2);
    let none = env.plan(&["upcoming", "--as-of", "1/1/2023"]).code(0);
    assert_eq!(none.stdout, "");
}

/// Issue 12: a table shows the Plan column only when it tells plans apart; machine formats always have it.
#[test]
fn the_plan_column_is_shown_only_when_it_tells_plans_apart() {
    let env = Env::seeded();
    let header = |args: &[&str]| -> String {
        let mut all = vec!["status", "--as-of", "1/5/2022", "--format", "table"];
        all.extend_from_slice(args);
        env.plan(&all)
            .ok()
            .stdout
            .lines()
            .nth(1)
            .unwrap()
            .to_string()
    };
    assert!(
        !header(&[]).contains("Plan"),
        "one plan loaded: {}",
        header(&[])
    );
    let tsv = env.plan(&["status", "--as-of", "1/5/2022"]).ok().stdout;
    assert!(tsv.starts_with("plan\ttask\t"));
    let second =
        std::fs::read_to_string(crate::harness::repo().join("tests/fixtures/valid-minimal.toml"))
            .unwrap();
    env.write("mau.toml", &second);
    env.plan(&["load", "mau.toml"]).ok();
    assert!(header(&[]).contains("Plan"), "two plans: {}", header(&[]));
    assert!(!header(&["--plan", "mau"]).contains("Plan"));
    let overdue = env
        .plan(&[
            "overdue", "--as-of", "1/1/2023", "--format", "table", "--plan", "mau",
        ])
        .code(1);
    assert!(
        !overdue.stdout.lines().nth(1).unwrap().contains("Plan"),
        "{}",
        overdue.stdout
    );
}

/// Issue 12: under --lang vi tables and documents read as Vietnamese write: period names, a decimal comma,
/// day-first local times, Vietnamese words for how a deadline is given; machine formats keep their ASCII.
#[test]
fn vietnamese_tables_write_periods_decimals_times_and_words_as_vietnamese_do() {
    let env = Env::seeded();
    env.plan(&[
        "record",
        "II.8",
        "--period",
        "Quý II/2022",
        "--done",
        "--as-of",
        "28/6/2022",
    ])
    .ok();
    let vi = |args: &[&str]| -> String {
        let mut all = vec!["--lang", "vi"];
        all.extend_from_slice(args);
        let r = env.plan(&all);
        assert!(r.code <= 1, "{args:?}: {}", r.stderr);
        r.stdout
    };
    let table = vi(&["status", "--as-of", "1/7/2022", "--format", "table"]);
    assert!(
        table.contains("Quý III/2022") && table.contains("chậm nhất 30/09/2022 (giả định)"),
        "{table}"
    );
    let report = vi(&["report", "--period", "Quý II/2022", "--as-of", "30/6/2022"]);
    assert!(
        report.contains("**Kết quả quý II năm 2022 thực hiện "),
        "{report}"
    );
    assert!(
        report.contains("| 100,0% |") && !report.contains("100.0%"),
        "{report}"
    );
    let plans = vi(&["plans", "--format", "table"]);
    let loaded = plans.lines().nth(3).unwrap();
    assert!(
        loaded
            .split('┆')
            .next_back()
            .unwrap()
            .trim()
            .trim_end_matches('│')
            .trim()
            .len()
            == "03/12/2026 19:40".len(),
        "a day-first local time: {loaded}"
    );
    let refs = vi(&["refs", "--format", "json"]);
    assert!(refs.contains("\"system\":\"party\""), "{refs}");
    // Machine formats keep their ASCII keys and values.
    let tsv = vi(&["status", "--as-of", "1/7/2022", "--format", "tsv"]);
    assert!(
        tsv.contains("\t2022-Q2\t") && tsv.contains("\tassumed\t"),
        "{tsv}"
    );
}
