//! Issue 10, part 1: the counts and states a clerk reports upward — tasks without a deadline never count as
//! deadlines, work done with evidence is always reported, a report states what it knows on its own date, a
//! completion shows its own note, a closed pipe keeps the exit code, and machine formats carry numbers.

use crate::harness::{Env, repo, seed_plan, table};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use std::io::Cursor;

/// The seed with the year a clerk would have recorded by the end of 2022: III.1 (no deadline) done with a
/// dispatch, II.8's Q2 report noted at 3 of 5 units and then done with its report, III.2 done late.
fn year() -> Env {
    let env = Env::new();
    crate::harness::copy_into(&seed_plan(), &env.path("plans/seed.toml"));
    crate::harness::copy_into(
        &repo().join("plans/documents.toml"),
        &env.path("plans/documents.toml"),
    );
    env.plan(&["load", "plans"]).ok();
    for args in [
        &[
            "record",
            "III.1",
            "--done",
            "--on",
            "20/4/2022",
            "--evidence",
            "Công văn số 5/SKHCN-HCTH ngày 20/4/2022",
            "--as-of",
            "20/4/2022",
        ][..],
        &[
            "record",
            "III.2",
            "--done",
            "--on",
            "15/4/2022",
            "--as-of",
            "15/4/2022",
        ],
        &[
            "record",
            "II.8",
            "--period",
            "2022-Q2",
            "--progress",
            "50",
            "--note",
            "đã tổng hợp 3/5 phòng",
            "--on",
            "20/6/2022",
            "--as-of",
            "20/6/2022",
        ],
        &[
            "record",
            "II.8",
            "--period",
            "2022-Q2",
            "--done",
            "--on",
            "24/6/2022",
            "--evidence",
            "Báo cáo số 112/BC-SKHCN ngày 24/6/2022",
            "--as-of",
            "24/6/2022",
        ],
    ] {
        env.plan(args).ok();
    }
    env
}

fn summary_line(env: &Env, as_of: &str) -> String {
    let t = env
        .plan(&["status", "--as-of", as_of, "--format", "table"])
        .ok();
    t.stdout.lines().last().unwrap().to_string()
}

#[test]
fn a_task_without_deadline_never_counts_as_a_deadline() {
    let env = year();
    // On 8/6 only III.2 had fallen due, and it was done late: 0 of 1, not "1 of 2".
    let line = summary_line(&env, "8/6/2022");
    assert!(
        line.ends_with("— 0 of 1 deadline due or done by 08/06/2022 done on time (0%)"),
        "{line}"
    );
    assert!(line.contains("completed 1"), "{line}");
    // On 31/12: III.2 late; III.3's two reports and II.8's Q3 overdue; II.8's Q2 on time; Q4 open: 1 of 5.
    let line = summary_line(&env, "31/12/2022");
    assert!(
        line.ends_with("— 1 of 5 deadlines due or done by 31/12/2022 done on time (20%)"),
        "{line}"
    );
    let rows = env
        .plan(&[
            "status",
            "--as-of",
            "31/12/2022",
            "--state",
            "completed",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(rows.as_array().unwrap().len(), 1);
    assert_eq!(rows[0]["task"], "III.1");
    assert_eq!(rows[0]["due"], serde_json::Value::Null);
    assert_eq!(
        rows[0]["evidence"],
        "Công văn số 5/SKHCN-HCTH ngày 20/4/2022"
    );

    // The XLSX summary sheet counts III.1 as completed, never as done on time.
    env.plan(&[
        "export",
        "--format",
        "xlsx",
        "-o",
        "s.xlsx",
        "--as-of",
        "31/12/2022",
    ])
    .ok();
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(std::fs::read(env.path("s.xlsx")).unwrap())).unwrap();
    let summary = table(&book.worksheet_range("Summary").unwrap());
    let head: Vec<String> = summary
        .first()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| head.iter().position(|h| h == name).unwrap();
    let total = summary
        .iter()
        .find(|r| r[0] == Data::String("Total".into()))
        .unwrap();
    assert_eq!(total[col("Done on time")], Data::Float(1.0));
    assert_eq!(total[col("Completed")], Data::Float(1.0));
}

#[test]
fn work_done_with_evidence_is_always_reported() {
    let env = year();
    for period in ["2022-H1", "2022-Q2", "2022"] {
        let v = env
            .plan(&[
                "report",
                "--period",
                period,
                "--format",
                "json",
                "--as-of",
                "31/12/2022",
            ])
            .ok()
            .json();
        let iii1 = v["without_deadline"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["task"] == "III.1")
            .unwrap_or_else(|| panic!("{period}: III.1 missing"));
        assert_eq!(iii1["state"], "completed", "{period}");
        assert_eq!(iii1["done_on"], "2022-04-20", "{period}");
        assert_eq!(
            iii1["evidence"], "Công văn số 5/SKHCN-HCTH ngày 20/4/2022",
            "{period}"
        );
        assert!(
            v["completed"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["task"] == "III.1"),
            "{period}: done since the data window opened (15/12/2021 or 15/3/2022)"
        );
        for format in ["md", "html"] {
            let text = env
                .plan(&[
                    "report",
                    "--period",
                    period,
                    "--format",
                    format,
                    "--as-of",
                    "31/12/2022",
                ])
                .ok()
                .stdout;
            assert!(
                text.contains("Công văn số 5/SKHCN-HCTH ngày 20/4/2022"),
                "{period} {format}"
            );
        }
    }
    env.plan(&[
        "report",
        "--period",
        "2022-H1",
        "--format",
        "xlsx",
        "-o",
        "h1.xlsx",
        "--as-of",
        "31/12/2022",
    ])
    .ok();
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(std::fs::read(env.path("h1.xlsx")).unwrap())).unwrap();
    let sheet = book.worksheet_range("Without deadline").unwrap();
    assert!(sheet.rows().any(|r| r.contains(&Data::String(
        "Công văn số 5/SKHCN-HCTH ngày 20/4/2022".into()
    ))));
    // Q3 began after III.1 was done: it is listed with its evidence, not counted as done in Q3.
    let q3 = env
        .plan(&[
            "report",
            "--period",
            "2022-Q3",
            "--format",
            "json",
            "--as-of",
            "31/12/2022",
        ])
        .ok()
        .json();
    assert!(
        !q3["completed"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["task"] == "III.1")
    );
}

/// The Q2 report rows of a report, by section.
fn q2_in(v: &serde_json::Value, section: &str) -> Option<serde_json::Value> {
    v[section]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["task"] == "II.8" && r["period"] == "2022-Q2")
        .cloned()
}

#[test]
fn a_report_shows_the_report_it_is_part_of() {
    let env = year();
    let q2 = |as_of: &str| {
        env.plan(&[
            "report", "--period", "2022-Q2", "--format", "json", "--as-of", as_of,
        ])
        .ok()
        .json()
    };
    // Q2's data run from 15/3 to 14/6/2022 (Nghị định 09/2019): the figures are III.2 (done late) and III.3's
    // six-month report (overdue on 14/6), as they stood on the cut-off, on both report dates.
    for as_of in ["30/6/2022", "31/12/2022"] {
        let v = q2(as_of);
        assert_eq!(v["cutoff"], "2022-06-14", "{as_of}");
        assert_eq!(
            v["totals"],
            serde_json::json!({"done_on_time": 0, "done_late": 1, "open": 0, "overdue": 1, "total": 2}),
            "{as_of}"
        );
        // II.8's own Q2 report falls due on 30/6, after the cut-off: listed as it stands on the report date.
        let after = q2_in(&v, "after_cutoff").expect("listed after the cut-off");
        assert_eq!(after["state"], "done_on_time", "{as_of}");
        assert_eq!(after["done_on"], "2022-06-24", "{as_of}");
        assert!(q2_in(&v, "completed").is_some(), "{as_of}");
    }
    // The report on 30/6 and the same report asked for on 31/12 say the same.
    let mut early = q2("30/6/2022");
    let mut late = q2("31/12/2022");
    for v in [&mut early, &mut late] {
        v.as_object_mut().unwrap().remove("report_date");
        v.as_object_mut().unwrap().remove("without_deadline");
    }
    assert_eq!(early, late);
    // Q3's data run from 15/6 to 14/9: the Q2 report is in its figures, done on time.
    let q3 = env
        .plan(&[
            "report",
            "--period",
            "2022-Q3",
            "--format",
            "json",
            "--as-of",
            "31/12/2022",
        ])
        .ok()
        .json();
    let counted = q2_in(&q3, "completed").expect("Q3 lists the Q2 report");
    assert_eq!(counted["state"], "done_on_time");
    assert_eq!(q3["totals"]["done_on_time"], 1);
    // The report says which rule it used.
    let md = env
        .plan(&["report", "--period", "2022-Q2", "--as-of", "31/12/2022"])
        .ok()
        .stdout;
    assert!(
        md.contains("as they stood on 14/06/2022")
            && md.contains("are given as they stand on the report date, 31/12/2022"),
        "{md}"
    );
}

#[test]
fn a_change_after_the_cut_off_is_reported_beside_the_figures() {
    let env = year();
    // III.3's six-month report, overdue at the Q2 cut-off, is done on 20/6.
    env.plan(&[
        "record",
        "III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--done",
        "--on",
        "20/6/2022",
        "--as-of",
        "20/6/2022",
    ])
    .ok();
    let v = env
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
    assert_eq!(v["totals"]["overdue"], 1, "the figures stay those of 14/6");
    let changed = v["changed_after_cutoff"].as_array().unwrap();
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["task"], "III.3");
    assert_eq!(changed[0]["at_cutoff"], "overdue");
    assert_eq!(changed[0]["now"], "done_late");
    assert_eq!(changed[0]["done_on"], "2022-06-20");
}

#[test]
fn a_completion_shows_its_own_note_and_evidence() {
    let env = year();
    let rows = env
        .plan(&["status", "--as-of", "30/6/2022", "--format", "json"])
        .ok()
        .json();
    let q2 = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["task"] == "II.8" && r["period"] == "2022-Q2")
        .unwrap();
    assert_eq!(q2["note"], serde_json::Value::Null);
    assert_eq!(q2["evidence"], "Báo cáo số 112/BC-SKHCN ngày 24/6/2022");
    let table = env
        .plan(&["status", "--as-of", "30/6/2022", "--format", "table"])
        .ok()
        .stdout;
    assert!(
        table.contains("done 24/06/2022 — Báo cáo số 112/BC-SKHCN ngày 24/6/2022 ")
            && !table.contains("3/5 phòng"),
        "{table}"
    );
    // Before the completion, the note was the latest word; it stays in the history.
    let before = env
        .plan(&["status", "--as-of", "22/6/2022", "--format", "json"])
        .ok()
        .json();
    let q2 = before
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["task"] == "II.8" && r["period"] == "2022-Q2")
        .unwrap();
    assert_eq!(q2["note"], "đã tổng hợp 3/5 phòng");
    assert!(
        env.history()
            .iter()
            .any(|e| e["note"] == "đã tổng hợp 3/5 phòng")
    );
}

#[test]
fn a_closed_pipe_keeps_the_exit_code() {
    let env = Env::new();
    // 5,760 monthly reports (four tasks, 1900 to 2019), all overdue on 1/1/2022: far more than a pipe holds.
    let mut plan = String::from(
        "[plan]\nid = \"long\"\ntitle = \"Báo cáo tháng\"\nissuer = \"Sở\"\nyear = 1900\n",
    );
    for task in 1..=4 {
        plan.push_str(&format!(
            "\n[[tasks]]\nid = \"{task}\"\ntitle = \"Báo cáo tháng\"\ntext = \"Báo cáo hằng tháng.\"\n\n\
             [[tasks.deadlines]]\nkey = \"thang\"\nevery = \"month\"\nfrom = \"1/1/1900\"\n\
             until = \"31/12/2019\"\nwording = \"báo cáo hằng tháng\"\n"
        ));
    }
    env.write("long.toml", &plan);
    env.plan(&["load", "long.toml"]).ok();
    let cmd = env.command(&["overdue", "--as-of", "1/1/2022"]);
    let bin = cmd.get_program().to_owned();
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg(r#""$0" overdue --as-of 1/1/2022 | head -n 1 >/dev/null; echo "${PIPESTATUS[0]}"; "$0" overdue --as-of 1/1/2022 --format json | head -c 10 >/dev/null; echo "${PIPESTATUS[0]}""#)
        .arg(bin)
        .envs(cmd.get_envs().filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))))
        .current_dir(env.dir.path())
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), "1\n1\n");
    assert_eq!(String::from_utf8_lossy(&out.stderr), "");
}
