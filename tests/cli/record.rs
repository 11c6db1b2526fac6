//! Recording progress: done on time and late, choosing the deadline or period, corrections by new events.

use crate::harness::{Env, state_of};

#[test]
fn done_on_time_and_late_as_of_different_dates() {
    let env = Env::seeded();
    env.plan(&[
        "record",
        "III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--done",
        "--on",
        "10/6/2022",
        "--as-of",
        "12/6/2022",
        "--by",
        "TTUD",
        "--evidence",
        "Báo cáo số 45/BC-TTUD ngày 10/6/2022",
    ])
    .ok();
    env.plan(&[
        "record",
        "III.2",
        "--done",
        "--on",
        "15/4/2022",
        "--as-of",
        "12/6/2022",
    ])
    .ok();

    let s = env.states("12/6/2022");
    assert_eq!(state_of(&s, "III.3", "bao-cao-6-thang", ""), "done_on_time");
    assert_eq!(state_of(&s, "III.2", "dang-ky-mo-hinh", ""), "done_late");
    // Work done after the as-of date does not count yet.
    assert_eq!(
        state_of(&env.states("13/4/2022"), "III.2", "dang-ky-mo-hinh", ""),
        "overdue"
    );
    assert_eq!(
        state_of(&env.states("9/6/2022"), "III.3", "bao-cao-6-thang", ""),
        "open"
    );

    let rows = env
        .plan(&["status", "--as-of", "12/6/2022", "--format", "json"])
        .ok()
        .json();
    let late = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["task"] == "III.2")
        .unwrap();
    assert_eq!(late["days_overdue"], 4, "last allowed day 11/4, done 15/4");
    assert_eq!(late["done_on"], "2022-04-15");
    let on_time = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["deadline"] == "bao-cao-6-thang")
        .unwrap();
    assert_eq!(on_time["evidence"], "Báo cáo số 45/BC-TTUD ngày 10/6/2022");
    let table = env
        .plan(&["status", "--as-of", "12/6/2022", "--format", "table"])
        .ok();
    assert!(
        table
            .stdout
            .contains("— 1 of 2 deadlines due or done by 12/06/2022 done on time (50%)"),
        "{}",
        table.stdout
    );
    // Nothing is overdue any more as of 12/6.
    env.plan(&["overdue", "--as-of", "12/6/2022"]).code(0);
}

#[test]
fn a_deadline_can_be_named_by_its_date_and_a_period_by_its_name() {
    let env = Env::seeded();
    env.plan(&[
        "record",
        "III.3",
        "--deadline",
        "11/11/2022",
        "--done",
        "--on",
        "1/11/2022",
        "--as-of",
        "2/11/2022",
    ])
    .ok();
    env.plan(&[
        "record",
        "2022-skhcn-dan-chu-co-so/II.8",
        "--period",
        "2022-Q2",
        "--done",
        "--on",
        "5/7/2022",
        "--as-of",
        "5/7/2022",
    ])
    .ok();
    let s = env.states("31/12/2022");
    assert_eq!(state_of(&s, "III.3", "bao-cao-nam", ""), "done_on_time");
    assert_eq!(state_of(&s, "II.8", "bao-cao-quy", "2022-Q2"), "done_late");
    assert_eq!(state_of(&s, "II.8", "bao-cao-quy", "2022-Q3"), "overdue");
}

#[test]
fn ambiguous_targets_are_refused_with_the_choices() {
    let env = Env::seeded();
    let r = env
        .plan(&["record", "III.3", "--done", "--as-of", "12/6/2022"])
        .code(2);
    assert_eq!(
        r.stderr,
        "plan: error: 2022-skhcn-dan-chu-co-so/III.3 has 2 deadlines — say which with --deadline KEY or --deadline DATE: \
         bao-cao-6-thang (before 11/06/2022), bao-cao-nam (before 11/11/2022)\n"
    );
    let r = env
        .plan(&["record", "II.8", "--done", "--as-of", "12/6/2022"])
        .code(2);
    assert!(r.stderr.contains("say which with --period (e.g. --period 2022-Q2): bao-cao-quy 2022-Q2 (assumed 30/06/2022)"), "{}", r.stderr);
    let r = env
        .plan(&[
            "record",
            "II.8",
            "--period",
            "2023-Q1",
            "--done",
            "--as-of",
            "12/6/2022",
        ])
        .code(2);
    assert!(
        r.stderr.contains("has no occurrence for period 2023-Q1"),
        "{}",
        r.stderr
    );
    let r = env
        .plan(&[
            "record",
            "II.1",
            "--deadline",
            "x",
            "--done",
            "--as-of",
            "12/6/2022",
        ])
        .code(2);
    assert!(
        r.stderr.contains("has no deadline (it is ongoing)"),
        "{}",
        r.stderr
    );
    let r = env
        .plan(&["record", "IX.9", "--done", "--as-of", "12/6/2022"])
        .code(2);
    assert_eq!(
        r.stderr,
        "plan: error: no task `IX.9` in any loaded plan — see the task ids with: plan status\n"
    );
    let r = env
        .plan(&[
            "record",
            "III.2",
            "--done",
            "--on",
            "13/6/2022",
            "--as-of",
            "12/6/2022",
        ])
        .code(2);
    assert!(
        r.stderr
            .contains("progress cannot be recorded in the future")
    );
    let r = env
        .plan(&["record", "III.2", "--as-of", "12/6/2022"])
        .code(2);
    assert!(r.stderr.contains("say what happened"));
    let r = env
        .plan(&[
            "record",
            "III.2",
            "--done",
            "--reopen",
            "--as-of",
            "12/6/2022",
        ])
        .code(2);
    assert!(r.stderr.contains("cannot be used with"), "{}", r.stderr);
    assert_eq!(
        env.plan(&["history", "--format", "json"]).ok().json(),
        serde_json::json!([]),
        "refusals wrote nothing"
    );
}

#[test]
fn history_is_append_only_corrections_are_new_events() {
    let env = Env::seeded();
    env.plan(&[
        "record",
        "III.2",
        "--done",
        "--on",
        "10/4/2022",
        "--as-of",
        "10/4/2022",
    ])
    .ok();
    assert_eq!(
        state_of(&env.states("20/4/2022"), "III.2", "dang-ky-mo-hinh", ""),
        "done_on_time"
    );
    // The completion was recorded by mistake: retract it.
    env.plan(&[
        "record",
        "III.2",
        "--retract",
        "1",
        "--note",
        "ghi nhầm",
        "--as-of",
        "20/4/2022",
    ])
    .ok();
    assert_eq!(
        state_of(&env.states("20/4/2022"), "III.2", "dang-ky-mo-hinh", ""),
        "overdue"
    );
    let again = env
        .plan(&["record", "III.2", "--retract", "1", "--as-of", "20/4/2022"])
        .code(2);
    assert_eq!(again.stderr, "plan: error: event 1 is already retracted\n");
    env.plan(&[
        "record",
        "III.2",
        "--progress",
        "60",
        "--note",
        "đã tổng hợp 3/5 phòng",
        "--as-of",
        "25/4/2022",
    ])
    .ok();
    env.plan(&[
        "record",
        "III.2",
        "--done",
        "--on",
        "28/4/2022",
        "--as-of",
        "28/4/2022",
    ])
    .ok();
    env.plan(&[
        "record",
        "III.2",
        "--reopen",
        "--note",
        "thiếu phòng Quản lý",
        "--as-of",
        "2/5/2022",
    ])
    .ok();
    assert_eq!(
        state_of(&env.states("1/5/2022"), "III.2", "dang-ky-mo-hinh", ""),
        "done_late"
    );
    assert_eq!(
        state_of(&env.states("3/5/2022"), "III.2", "dang-ky-mo-hinh", ""),
        "overdue"
    );

    let h = env
        .plan(&["history", "III.2", "--format", "json"])
        .ok()
        .json();
    let events: Vec<(i64, &str, &str)> = h
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["event"].as_i64().unwrap(),
                e["kind"].as_str().unwrap(),
                e["on"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        events,
        [
            (1, "done", "2022-04-10"),
            (2, "retract", "2022-04-20"),
            (3, "progress", "2022-04-25"),
            (4, "done", "2022-04-28"),
            (5, "reopen", "2022-05-02")
        ]
    );
    let first = &h[0];
    for key in [
        "event",
        "plan",
        "task",
        "deadline",
        "period",
        "kind",
        "on",
        "by",
        "note",
        "evidence",
        "recorded_at",
    ] {
        assert!(first.get(key).is_some(), "history JSON lacks `{key}`");
    }
    assert_eq!(first["retracted_by"], 2);
    assert_eq!(h[1]["retracts"], 1);
    assert_eq!(h[2]["progress"], 60);
    assert_eq!(h[0]["deadline"], "dang-ky-mo-hinh");
}

#[test]
fn show_gives_wording_units_references_deadlines_and_history() {
    let env = Env::seeded();
    env.plan(&[
        "record",
        "III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--done",
        "--on",
        "10/6/2022",
        "--as-of",
        "12/6/2022",
    ])
    .ok();
    let t = env
        .plan(&["show", "III.3", "--as-of", "12/6/2022", "--format", "table"])
        .ok();
    assert!(t.stdout.starts_with("2022-skhcn-dan-chu-co-so/III.3 — "));
    assert!(t.stdout.contains(
        "Thực hiện nghiêm túc chế độ báo cáo định kỳ 06 tháng đầu năm gửi trước ngày 11/6/2022"
    ));
    assert!(
        t.stdout
            .contains("Lead (chủ trì): Trung tâm Ứng dụng và Dịch vụ khoa học công nghệ (ttud)")
    );
    assert!(t.stdout.contains("done_on_time"));
    assert!(t.stdout.contains("History:"));
    let ii1 = env
        .plan(&["show", "II.1", "--format", "json", "--as-of", "12/6/2022"])
        .ok()
        .json();
    let refs: Vec<(&str, &str)> = ii1["references"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["number"].as_str().unwrap(),
                r["date"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(refs.len(), 10);
    assert_eq!(refs[1], ("34/2007/PL-UBTVQH11", "-"));
    assert_eq!(refs[2], ("04/2015/NĐ-CP", "2015-01-09"));
    let tsv = env
        .plan(&["show", "III.3", "--as-of", "12/6/2022", "--format", "tsv"])
        .ok();
    assert_eq!(
        tsv.stdout.lines().count(),
        3,
        "header and the two deadlines"
    );
}

/// Issue 12: a note, evidence or reason may start with a dash, as Vietnamese lists write them.
#[test]
fn text_options_take_values_that_start_with_a_dash() {
    let env = Env::seeded();
    env.plan(&[
        "record",
        "II.1",
        "--note",
        "- Đã nhắc TTUD lần 2",
        "--as-of",
        "1/5/2022",
    ])
    .ok();
    env.plan(&[
        "record",
        "II.2",
        "--blocked",
        "-chờ kinh phí",
        "--as-of",
        "1/5/2022",
    ])
    .ok();
    env.plan(&[
        "record",
        "II.3",
        "--done",
        "--evidence",
        "- Báo cáo số 5/BC-TTUD",
        "--as-of",
        "1/5/2022",
    ])
    .ok();
    let h = env.history();
    assert_eq!(h[0]["note"], "- Đã nhắc TTUD lần 2");
    assert_eq!(h[1]["note"], "-chờ kinh phí");
    assert_eq!(h[2]["evidence"], "- Báo cáo số 5/BC-TTUD");
    env.plan(&["find", "- Đã nhắc TTUD"]).ok();
}

/// Issue 12: periods as Vietnamese documents write them, beside the plan-file names.
#[test]
fn periods_are_read_as_vietnamese_write_them() {
    let env = Env::seeded();
    for p in [
        "Quý II/2022",
        "Q2/2022",
        "quý 2 năm 2022",
        "quy II/2022",
        "2022-Q2",
    ] {
        env.plan(&[
            "record", "II.8", "--period", p, "--note", p, "--as-of", "1/7/2022",
        ])
        .ok();
    }
    let periods: Vec<String> = env
        .history()
        .iter()
        .map(|e| e["period"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(periods, ["2022-Q2"; 5]);
    for (p, name) in [
        ("6 tháng đầu năm 2022", "2022-H1"),
        ("6 tháng cuối năm 2022", "2022-H2"),
        ("năm 2022", "2022"),
        ("tháng 5/2022", "2022-05"),
    ] {
        let r = env
            .plan(&[
                "report",
                "--period",
                p,
                "--as-of",
                "31/12/2022",
                "--format",
                "json",
            ])
            .ok();
        assert!(r.json()["period"] == name, "{p}: {}", r.stdout);
    }
    let r = env.plan(&["report", "--period", "Quý V/2022"]).code(2);
    assert!(
        r.stderr
            .contains("is not a period — write 2022-Q2 or Quý II/2022 (quarter)"),
        "{}",
        r.stderr
    );
}

/// Issue 12: evidence dated after the work is said; dated after the day it is recorded on, refused. Its kind
/// is read from what it says before the number, for every common document type.
#[test]
fn evidence_is_checked_against_its_date_and_its_kind_read() {
    let env = Env::seeded();
    let r = env
        .plan(&[
            "record",
            "II.1",
            "--done",
            "--on",
            "1/7/2022",
            "--evidence",
            "Báo cáo số 5/BC-TTUD ngày 20/7/2022",
            "--as-of",
            "31/7/2022",
        ])
        .ok();
    assert!(
        r.stderr.starts_with("plan: warning: the evidence is dated 20/07/2022, after the work it proves (01/07/2022, --on)"),
        "{}",
        r.stderr
    );
    let r = env
        .plan(&[
            "record",
            "II.2",
            "--done",
            "--on",
            "1/7/2022",
            "--evidence",
            "Báo cáo số 6/BC-TTUD ngày 20/8/2022",
            "--as-of",
            "31/7/2022",
        ])
        .code(2);
    assert_eq!(
        r.stderr,
        "plan: error: --evidence is dated 20/08/2022, after 31/07/2022 (today, or --as-of): a document cannot prove work before it exists — check its date; nothing was recorded\n"
    );
    assert_eq!(env.history().len(), 1);
    for (evidence, kind) in [
        ("Công văn số 12/TTUD", "Công văn"),
        ("Tờ trình số 3/TTr-HCTH", "Tờ trình"),
        ("Biên bản số: 2/BB-HCTH", "Biên bản"),
        ("thông báo 7/TB-SKHCN", "Thông báo"),
        ("Giấy mời số 4/GM-SKHCN", "Giấy mời"),
        ("Quyết định số 15/QĐ-SKHCN", "Quyết định"),
        ("Kế hoạch số 20/KH-SKHCN", "Kế hoạch"),
        ("số 9/BC-TTUD", "Báo cáo"),
    ] {
        env.plan(&[
            "record",
            "II.4",
            "--note",
            "x",
            "--evidence",
            evidence,
            "--as-of",
            "31/7/2022",
        ])
        .ok();
        let h = env.history();
        assert_eq!(h.last().unwrap()["evidence_kind"], kind, "{evidence}");
    }
}
