//! Issue 10, part 4: obligations per unit — a deadline of a task led by "Các phòng, đơn vị thuộc Sở" is owed
//! by each of its members (from the shared registry plans/units.toml, or a plan's own `members`), and what
//! is owed to whom (`--to`).

use crate::harness::{Env, repo};

/// The bundled plans folder (the seed, the document registry and the units registry), loaded.
fn bundled() -> Env {
    let env = Env::new();
    for f in [
        "2022-skhcn-dan-chu-co-so.toml",
        "documents.toml",
        "units.toml",
    ] {
        crate::harness::copy_into(
            &repo().join("plans").join(f),
            &env.path(&format!("plans/{f}")),
        );
    }
    env.plan(&["load", "plans"]).ok();
    env
}

fn record(env: &Env, args: &[&str]) {
    env.plan(args).ok();
}

fn shares(env: &Env, as_of: &str, task: &str) -> Vec<(String, String)> {
    env.plan(&["status", "--as-of", as_of, "--format", "json"])
        .ok()
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["task"] == task)
        .map(|r| {
            (
                r["unit_id"].as_str().unwrap_or("").to_string(),
                r["state"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_deadline_of_the_units_of_the_so_is_owed_by_each_of_them() {
    let env = bundled();
    record(
        &env,
        &[
            "record", "III.2", "--by", "qlkh", "--done", "--on", "8/4/2022", "--as-of", "8/4/2022",
        ],
    );
    record(
        &env,
        &[
            "record",
            "III.2",
            "--by",
            "HCTH",
            "--done",
            "--on",
            "10/4/2022",
            "--as-of",
            "10/4/2022",
        ],
    );
    record(
        &env,
        &[
            "record",
            "III.2",
            "--by",
            "trung tam ung dung",
            "--done",
            "--on",
            "14/4/2022",
            "--evidence",
            "Công văn số 3/TTUD ngày 14/4/2022",
            "--as-of",
            "14/4/2022",
        ],
    );
    // The report is for people even when piped: one line for III.2, saying who is missing.
    let md = env
        .plan(&["report", "--period", "2022-Q2", "--as-of", "30/6/2022"])
        .ok()
        .stdout;
    let overdue =
        &md[md.find("### 4. Overdue at the cut-off").unwrap()..md.find("### 5.").unwrap()];
    assert_eq!(overdue.matches("| III.2 |").count(), 1, "{overdue}");
    assert!(
        overdue.contains("3 of 7 units done; missing: Thanh tra Sở"),
        "{overdue}"
    );
    let s = shares(&env, "12/6/2022", "III.2");
    assert_eq!(
        s,
        [
            ("hcth", "done_on_time"),
            ("thanh-tra", "overdue"),
            ("qlkh", "done_on_time"),
            ("qlcn", "overdue"),
            ("qlcn-nganh", "overdue"),
            ("chi-cuc-tdc", "overdue"),
            ("ttud", "done_late"),
        ]
        .map(|(u, st)| (u.to_string(), st.to_string()))
    );
    // For people, one line per deadline: how many are done and who is missing.
    let table = env
        .plan(&["status", "--as-of", "12/6/2022", "--format", "table"])
        .ok()
        .stdout;
    assert!(
        table.contains(
            "3 of 7 units done; missing: Thanh tra Sở, Phòng Quản lý công nghệ và Thị trường công"
        ),
        "{table}"
    );
    // overdue lists the missing units' shares in TSV, and the deadline once on a terminal.
    let tsv = env
        .plan(&["overdue", "--as-of", "12/6/2022"])
        .code(1)
        .stdout;
    let units: Vec<&str> = tsv
        .lines()
        .skip(1)
        .filter(|l| l.contains("\tIII.2\t"))
        .map(|l| l.split('\t').nth(18).unwrap())
        .collect();
    assert_eq!(units, ["thanh-tra", "qlcn", "qlcn-nganh", "chi-cuc-tdc"]);
    // A unit's own view: what it owes.
    let own = env
        .plan(&[
            "status",
            "--unit",
            "Phòng Quản lý khoa học",
            "--as-of",
            "12/6/2022",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let iii2: Vec<&serde_json::Value> = own
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["task"] == "III.2")
        .collect();
    assert_eq!(iii2.len(), 1);
    assert_eq!(iii2[0]["unit_id"], "qlkh");
    // The deadline is done when every member is, on the last one's day.
    for (unit, day) in [
        ("thanh-tra", "20/4/2022"),
        ("qlcn", "21/4/2022"),
        ("qlcn-nganh", "22/4/2022"),
        ("chi-cuc-tdc", "25/4/2022"),
    ] {
        record(
            &env,
            &[
                "record", "III.2", "--by", unit, "--done", "--on", day, "--as-of", day,
            ],
        );
    }
    let table = env
        .plan(&["status", "--as-of", "30/4/2022", "--format", "table"])
        .ok()
        .stdout;
    assert!(table.contains("7 of 7 units done"), "{table}");
    let line = table.lines().last().unwrap();
    assert!(line.contains("done_late 1"), "{line}");
    let report = env
        .plan(&[
            "report",
            "--period",
            "2022-Q2",
            "--format",
            "json",
            "--as-of",
            "30/6/2022",
        ])
        .ok()
        .json();
    let by_unit: Vec<(String, i64, i64)> = report["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| {
            (
                u["lead_unit"].as_str().unwrap().to_string(),
                u["done_on_time"].as_i64().unwrap(),
                u["done_late"].as_i64().unwrap(),
            )
        })
        .collect();
    assert!(
        by_unit.contains(&("Phòng Quản lý khoa học".into(), 1, 0)),
        "{by_unit:?}"
    );
    assert!(
        by_unit.contains(&("Thanh tra Sở".into(), 0, 1)),
        "{by_unit:?}"
    );
    assert!(
        !by_unit
            .iter()
            .any(|(u, _, _)| u == "Các phòng, đơn vị thuộc Sở"),
        "the shares are counted per unit: {by_unit:?}"
    );
}

#[test]
fn a_share_must_say_whose_it_is() {
    let env = bundled();
    let r = env
        .plan(&["record", "III.2", "--done", "--as-of", "10/4/2022"])
        .code(2);
    assert!(
        r.stderr.starts_with(
            "plan: error: 2022-skhcn-dan-chu-co-so/III.2 dang-ky-mo-hinh (before 12/04/2022) is owed by each of 7 units — say whose share this is with --by UNIT: hcth (Phòng Hành chính - Tổng hợp), thanh-tra (Thanh tra Sở),"
        ),
        "{}",
        r.stderr
    );
    let r = env
        .plan(&[
            "record",
            "III.2",
            "--by",
            "so",
            "--done",
            "--as-of",
            "10/4/2022",
        ])
        .code(2);
    assert!(
        r.stderr
            .contains("so is not one of the 7 units that owe 2022-skhcn-dan-chu-co-so/III.2"),
        "{}",
        r.stderr
    );
    // A remark may be about the deadline as a whole; a retraction follows the event it cancels.
    record(
        &env,
        &[
            "record",
            "III.2",
            "--note",
            "đã nhắc các phòng",
            "--as-of",
            "10/4/2022",
        ],
    );
    record(
        &env,
        &[
            "record",
            "III.2",
            "--by",
            "qlkh",
            "--done",
            "--as-of",
            "10/4/2022",
        ],
    );
    record(
        &env,
        &["record", "III.2", "--retract", "2", "--as-of", "11/4/2022"],
    );
    let s = shares(&env, "11/4/2022", "III.2");
    assert!(s.iter().all(|(_, st)| st == "open"), "{s:?}");
    let h = env.history();
    assert_eq!(h[1]["member"], "qlkh");
    assert_eq!(h[2]["member"], "qlkh", "the retraction is of qlkh's share");
    assert_eq!(h[0]["member"], serde_json::Value::Null);
}

#[test]
fn what_is_owed_to_a_unit() {
    let env = bundled();
    let owed = |to: &str, command: &str, code: i32| -> Vec<String> {
        let mut tasks: Vec<String> = env
            .plan(&[
                command, "--to", to, "--as-of", "1/7/2022", "--format", "json",
            ])
            .code(code)
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                format!(
                    "{} {}",
                    r["task"].as_str().unwrap(),
                    r["period"].as_str().unwrap_or("")
                )
            })
            .collect();
        tasks.dedup();
        tasks
    };
    assert_eq!(
        owed("UBND tỉnh", "status", 0),
        ["II.8 2022-Q2", "II.8 2022-Q3", "II.8 2022-Q4"]
    );
    assert_eq!(owed("so noi vu", "overdue", 1), ["II.8 2022-Q2"]);
    assert_eq!(owed("hcth", "overdue", 1), ["III.2 ", "III.3 "]);
}

#[test]
fn a_plan_may_list_a_unit_s_members_itself() {
    let env = Env::new();
    let plan = "[plan]\nid = \"xa\"\ntitle = \"Kế hoạch của UBND xã\"\nissuer = \"UBND xã Bình Hải\"\nyear = 2024\n\n\
                [[units]]\nid = \"thon\"\nname = \"Các thôn\"\nmembers = [\"thon-1\", \"thon-2\"]\n\n\
                [[units]]\nid = \"thon-1\"\nname = \"Thôn Thanh Thủy\"\n\n\
                [[units]]\nid = \"thon-2\"\nname = \"Thôn Vĩnh Trà\"\n\n\
                [[tasks]]\nid = \"1\"\ntitle = \"Báo cáo danh sách hộ nghèo\"\ntext = \"Các thôn báo cáo trước ngày 15/3/2024.\"\nlead = [\"thon\"]\n\n\
                [[tasks.deadlines]]\nkey = \"bao-cao\"\ndue = \"15/3/2024\"\nwording = \"báo cáo trước ngày 15/3/2024\"\n";
    env.write("xa.toml", plan);
    env.plan(&["load", "xa.toml"]).ok();
    record(
        &env,
        &[
            "record",
            "1",
            "--by",
            "thon-2",
            "--done",
            "--on",
            "10/3/2024",
            "--as-of",
            "10/3/2024",
        ],
    );
    assert_eq!(
        shares(&env, "20/3/2024", "1"),
        [("thon-1", "overdue"), ("thon-2", "done_on_time")]
            .map(|(u, s)| (u.to_string(), s.to_string()))
    );
    let bad = "[plan]\nid = \"xa\"\ntitle = \"T\"\nissuer = \"X\"\nyear = 2024\n\n\
               [[units]]\nid = \"thon\"\nname = \"Các thôn\"\nmembers = [\"thon\", \"thon-9\"]\n";
    env.write("bad.toml", bad);
    let r = env.plan(&["validate", "bad.toml"]).code(2);
    assert_eq!(
        r.stderr,
        "bad.toml:10:12: error: unit `thon` lists itself as a member — list the units that belong to it, not the unit itself\n\
         bad.toml:10:20: error: unknown unit `thon-9` in `members` — did you mean `thon`? Otherwise add it to [[units]]\n\
         plan: error: 2 error(s) and 0 warning(s) in 1 file(s)\n"
    );
}

#[test]
fn a_report_gives_each_member_s_share_its_own_line_where_it_has_its_own_evidence() {
    let env = bundled();
    record(
        &env,
        &[
            "record",
            "III.2",
            "--by",
            "hcth",
            "--done",
            "--on",
            "10/4/2022",
            "--evidence",
            "CV 1/HCTH",
            "--as-of",
            "10/4/2022",
        ],
    );
    record(
        &env,
        &[
            "record",
            "III.2",
            "--by",
            "thanh-tra",
            "--done",
            "--on",
            "20/6/2022",
            "--evidence",
            "CV 9/TTr",
            "--as-of",
            "20/6/2022",
        ],
    );
    let v = env
        .plan(&[
            "report",
            "--period",
            "2022-Q2",
            "--format",
            "json",
            "--as-of",
            "31/12/2022",
        ])
        .ok()
        .json();
    let units = |section: &str| -> Vec<(String, String)> {
        v[section]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["task"] == "III.2")
            .map(|r| {
                (
                    r["unit_id"].as_str().unwrap_or("").into(),
                    r["state"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    assert!(
        units("overdue").iter().all(|(_, s)| s == "overdue"),
        "{:?}",
        units("overdue")
    );
    assert_eq!(units("overdue").len(), 6);
    assert_eq!(
        units("completed"),
        [("hcth".to_string(), "done_on_time".to_string())]
    );
    let changed = v["changed_after_cutoff"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{changed:?}");
    assert_eq!(changed[0]["unit"], "Thanh tra Sở");
    assert_eq!(changed[0]["now"], "done_late");
    assert_eq!(changed[0]["evidence"], "CV 9/TTr");
    let md = env
        .plan(&["report", "--period", "2022-Q2", "--as-of", "31/12/2022"])
        .ok()
        .stdout;
    assert!(
        md.contains("Phòng Hành chính - Tổng hợp: done 10/04/2022 — CV 1/HCTH"),
        "{md}"
    );
    assert!(md.contains("CV 9/TTr"), "{md}");
}

#[test]
fn a_unit_is_recorded_in_one_registry_file_and_record_sees_a_changed_registry() {
    let env = bundled();
    std::fs::copy(env.path("plans/units.toml"), env.path("plans/units2.toml")).unwrap();
    let r = env.plan(&["validate", "plans"]).code(2);
    assert!(
        r.stderr.contains("plans/units2.toml:1:1: error: unit `cac-phong` is also recorded in plans/units.toml — record each unit, each document and the [office] in one registry file only"),
        "{}",
        r.stderr
    );
    std::fs::remove_file(env.path("plans/units2.toml")).unwrap();
    env.write("config.toml", "plans = \"plans\"\n");
    record(
        &env,
        &[
            "record", "III.2", "--by", "qlkh", "--done", "--on", "8/4/2022", "--as-of", "8/4/2022",
        ],
    );
    // The registry drops qlkh: record PLAN/TASK checks the registry too, and refuses the pending edit.
    let units = std::fs::read_to_string(env.path("plans/units.toml")).unwrap();
    std::fs::write(
        env.path("plans/units.toml"),
        units.replace("\"qlkh\", ", ""),
    )
    .unwrap();
    let r = env
        .plan(&[
            "record",
            "2022-skhcn-dan-chu-co-so/III.2",
            "--by",
            "qlkh",
            "--reopen",
            "--as-of",
            "9/4/2022",
        ])
        .code(2);
    assert!(
        r.stderr
            .contains("III.2 dang-ky-mo-hinh [qlkh]: done_on_time → (not in the plan)"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_deadline_without_lead_is_counted_under_its_own_line() {
    let env = Env::new();
    let plan = "[plan]\nid = \"k\"\ntitle = \"K\"\nissuer = \"X\"\nyear = 2024\n\n\
                [[tasks]]\nid = \"1\"\ntitle = \"Báo cáo\"\ntext = \"Báo cáo.\"\n\n\
                [[tasks.deadlines]]\nkey = \"a\"\ndue = \"10/4/2024\"\nwording = \"chậm nhất ngày 10/4/2024\"\n";
    env.write("k.toml", plan);
    env.plan(&["load", "k.toml"]).ok();
    let v = env
        .plan(&[
            "report",
            "--period",
            "2024-Q2",
            "--format",
            "json",
            "--as-of",
            "30/6/2024",
        ])
        .ok()
        .json();
    assert_eq!(v["by_unit"][0]["lead_unit"], "(no lead unit)");
    assert_eq!(v["by_unit"][0]["overdue"], 1);
}
