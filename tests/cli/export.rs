//! Issue 4: exports in every format, the periodic report, and shell integration.

use crate::harness::{Env, assert_snapshot, repo, seed_plan, table};
use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use std::io::Cursor;

/// The seed plan with the registry, and progress an office would have recorded by the end of 2022.
fn env() -> Env {
    let env = Env::new();
    crate::harness::copy_into(&seed_plan(), &env.path("plans/seed.toml"));
    crate::harness::copy_into(
        &repo().join("plans/documents.toml"),
        &env.path("plans/documents.toml"),
    );
    env.plan(&["load", "plans"]).ok();
    let record = |args: &[&str]| env.plan(args).ok();
    record(&[
        "record",
        "III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--done",
        "--on",
        "10/6/2022",
        "--evidence",
        "Báo cáo số 45/BC-TTUD ngày 10/6/2022",
        "--as-of",
        "10/6/2022",
    ]);
    record(&[
        "record",
        "III.2",
        "--done",
        "--on",
        "20/4/2022",
        "--evidence",
        "Công văn số 12/CV-HCTH ngày 20/4/2022",
        "--as-of",
        "20/4/2022",
    ]);
    record(&[
        "record",
        "II.8",
        "--period",
        "2022-Q2",
        "--done",
        "--on",
        "28/6/2022",
        "--as-of",
        "28/6/2022",
    ]);
    record(&[
        "record",
        "III.4",
        "--progress",
        "50",
        "--note",
        "đã tổng hợp 6 tháng",
        "--as-of",
        "10/6/2022",
    ]);
    env
}

fn export(env: &Env, format: &str, as_of: &str) -> String {
    env.plan(&["export", "--format", format, "--as-of", as_of])
        .ok()
        .stdout
}

#[test]
fn every_text_format_matches_its_snapshot() {
    let env = env();
    for (as_of, tag) in [("12/6/2022", "2022-06-12"), ("31/12/2022", "2022-12-31")] {
        for format in ["csv", "tsv", "json", "jsonl", "md", "html", "ics"] {
            assert_snapshot(
                &format!("export-{tag}.{format}"),
                &export(&env, format, as_of),
            );
        }
    }
}

#[test]
fn csv_reads_back_with_the_status_keys_and_rows() {
    let env = env();
    let text = export(&env, "csv", "12/6/2022");
    assert!(
        !text.starts_with('\u{feff}'),
        "no BOM on stdout unless --excel"
    );
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    let json = env
        .plan(&["status", "--as-of", "12/6/2022", "--format", "json"])
        .ok()
        .json();
    let keys: Vec<String> = json[0].as_object().unwrap().keys().cloned().collect();
    assert_eq!(headers, keys, "export CSV has the status JSON keys");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), json.as_array().unwrap().len());
    let iii2 = rows.iter().find(|r| &r[1] == "III.2").unwrap();
    assert_eq!(
        (&iii2[6], &iii2[10], &iii2[13]),
        ("2022-04-12", "done_late", "2022-04-20")
    );
    let excel = env
        .plan(&[
            "export",
            "--format",
            "csv",
            "--excel",
            "--as-of",
            "12/6/2022",
        ])
        .ok()
        .stdout;
    assert!(excel.starts_with('\u{feff}'));
    env.plan(&[
        "export",
        "--format",
        "csv",
        "-o",
        "out/status.csv",
        "--as-of",
        "12/6/2022",
    ])
    .code(2);
    std::fs::create_dir(env.path("out")).unwrap();
    env.plan(&[
        "export",
        "--format",
        "csv",
        "-o",
        "out/status.csv",
        "--as-of",
        "12/6/2022",
    ])
    .ok();
    let file = std::fs::read_to_string(env.path("out/status.csv")).unwrap();
    assert!(
        file.starts_with('\u{feff}'),
        "-o *.csv gets the BOM Excel needs"
    );
    let plain = env
        .plan(&["export", "--format", "csv", "--as-of", "12/6/2022"])
        .ok()
        .stdout;
    assert_eq!(
        &file['\u{feff}'.len_utf8()..],
        plain,
        "the file is streamed with the rows stdout gets"
    );
    let leftovers: Vec<_> = std::fs::read_dir(env.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        ["status.csv"],
        "no temporary file is left behind"
    );
}

fn hostile_env() -> Env {
    let env = Env::new();
    let text = std::fs::read_to_string(repo().join("tests/fixtures/valid-minimal.toml"))
        .unwrap()
        .replace(
            "title = \"Báo cáo kết quả\"",
            "title = \"=HYPERLINK(\\\"http://evil.example\\\",\\\"x\\\")\"",
        );
    let more = "\n[[tasks]]\nid = \"2\"\ntitle = \"@SUM(1+1)\"\ntext = \"+1\"\n\n[[tasks]]\nid = \"3\"\ntitle = \"-2+3\"\ntext = \"\\tx\"\n";
    env.write("p.toml", &format!("{text}{more}"));
    env.plan(&["load", "p.toml"]).ok();
    env
}

#[test]
fn formula_injection_is_neutralised_in_csv_and_xlsx() {
    let env = hostile_env();
    let csv_text = export(&env, "csv", "1/4/2022");
    let mut reader = csv::Reader::from_reader(csv_text.as_bytes());
    let titles: Vec<String> = reader
        .records()
        .map(|r| r.unwrap()[3].to_string())
        .collect();
    assert_eq!(
        titles,
        [
            "'=HYPERLINK(\"http://evil.example\",\"x\")",
            "'@SUM(1+1)",
            "'-2+3"
        ]
    );
    env.plan(&[
        "export", "--format", "xlsx", "-o", "h.xlsx", "--as-of", "1/4/2022",
    ])
    .ok();
    let bytes = std::fs::read(env.path("h.xlsx")).unwrap();
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = table(&book.worksheet_range("Status").unwrap());
    assert_eq!(
        sheet[1].get(3),
        Some(&Data::String(
            "=HYPERLINK(\"http://evil.example\",\"x\")".into()
        ))
    );
    let formulas = book.worksheet_formula("Status").unwrap();
    assert!(
        formulas.used_cells().all(|(_, _, f)| f.is_empty()),
        "no cell is a formula"
    );
}

#[test]
fn xlsx_has_real_dates_a_summary_and_the_references() {
    let env = env();
    env.plan(&[
        "export",
        "--format",
        "xlsx",
        "-o",
        "status.xlsx",
        "--as-of",
        "12/6/2022",
    ])
    .ok();
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(std::fs::read(env.path("status.xlsx")).unwrap()))
            .unwrap();
    assert_eq!(book.sheet_names(), ["Status", "Summary", "References"]);
    let status = table(&book.worksheet_range("Status").unwrap());
    let header: Vec<String> = status
        .first()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(&header[..4], ["Plan", "Task", "Deadline key", "Title"]);
    let iii2 = status
        .iter()
        .find(|r| r[1] == Data::String("III.2".into()))
        .unwrap();
    let due = header.iter().position(|h| h == "Deadline").unwrap();
    match &iii2[due] {
        Data::DateTime(d) => assert_eq!(
            d.as_datetime().unwrap().date(),
            chrono::NaiveDate::from_ymd_opt(2022, 4, 12).unwrap()
        ),
        other => panic!("due is not a date cell: {other:?}"),
    }
    assert_eq!(status.len(), 21, "header and 20 rows");
    let summary = table(&book.worksheet_range("Summary").unwrap());
    let total = summary.last().unwrap();
    assert_eq!(total[0], Data::String("Total".into()));
    assert_eq!(total.last(), Some(&Data::Float(20.0)));
    let refs = table(&book.worksheet_range("References").unwrap());
    assert_eq!(refs.len(), 21);
}

#[test]
fn ics_parses_with_stable_uids_and_folded_lines() {
    let env = env();
    let text = env
        .plan(&[
            "export",
            "--format",
            "ics",
            "--remind",
            "3d",
            "--as-of",
            "12/6/2022",
        ])
        .ok()
        .stdout;
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "line of {} octets", line.len());
    }
    let unfolded = icalendar::parser::unfold(&text);
    let cal = icalendar::parser::read_calendar(&unfolded).expect("a valid iCalendar file");
    let todos: Vec<_> = cal
        .components
        .iter()
        .filter(|c| c.name == "VTODO")
        .collect();
    let open = env
        .plan(&[
            "status",
            "--as-of",
            "12/6/2022",
            "--state",
            "open,overdue",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(todos.len(), open.as_array().unwrap().len());
    let prop = |c: &icalendar::parser::Component<'_>, name: &str| {
        c.properties
            .iter()
            .find(|p| p.name == name)
            .map(|p| p.val.to_string())
            .unwrap_or_default()
    };
    let uids: Vec<String> = todos.iter().map(|c| prop(c, "UID")).collect();
    let mut unique = uids.clone();
    unique.dedup();
    assert_eq!(unique.len(), uids.len());
    assert!(uids.contains(&"2022-skhcn-dan-chu-co-so/II.8/bao-cao-quy/2022-Q3@plan".to_string()));
    assert!(
        todos
            .iter()
            .all(|c| c.components.iter().any(|a| a.name == "VALARM"))
    );
    let again = env
        .plan(&["export", "--format", "ics", "--as-of", "1/7/2022"])
        .ok()
        .stdout;
    assert!(
        again.contains("UID:2022-skhcn-dan-chu-co-so/II.8/bao-cao-quy/2022-Q3@plan"),
        "the same UID on a later export"
    );
    let events = env
        .plan(&[
            "export",
            "--format",
            "ics",
            "--events",
            "--as-of",
            "12/6/2022",
        ])
        .ok()
        .stdout;
    assert!(events.contains("BEGIN:VEVENT") && events.contains("DTSTART;VALUE=DATE:20220930"));
    assert!(text.contains("SUMMARY:[III.3] Trung tâm Ứng dụng"));
}

#[test]
fn report_for_the_first_half_of_2022() {
    let env = env();
    // The figures: deadlines whose last allowed day falls in the data window of Nghị định 09/2019 for a
    // six-month report (15/12/2021–14/6/2022), as they stood on the cut-off, 14/6/2022:
    //   III.2 registration before 12/4  — done 20/4: done late
    //   III.3 six-month report before 11/6 — done 10/6: done on time
    // So: 1 done on time, 1 done late, 0 open, 0 overdue, of 2 (50% each).
    // II.8's Q2 report (by 30/6, assumed) falls due after the cut-off: it is listed apart, as it stands on the
    // report date — done on 28/6, on time — never as "open" in a report written on 31/12.
    let v = env
        .plan(&[
            "report",
            "--period",
            "2022-H1",
            "--format",
            "json",
            "--as-of",
            "31/12/2022",
        ])
        .ok()
        .json();
    assert_eq!(v["cutoff"], "2022-06-14");
    assert_eq!(v["data_from"], "2021-12-15");
    assert_eq!(v["report_date"], "2022-12-31");
    assert_eq!(v["period_end"], "2022-06-30");
    assert_eq!(v["cutoff_rule"], "nd-09-2019");
    assert_eq!(
        v["totals"],
        serde_json::json!({"done_on_time": 1, "done_late": 1, "open": 0, "overdue": 0, "total": 2})
    );
    assert_eq!(v["percent"]["done_on_time"], 50.0, "numbers, not text");
    assert_eq!(v["percent"]["open"], 0.0);
    assert_eq!(v["after_cutoff"].as_array().unwrap().len(), 1);
    assert_eq!(v["after_cutoff"][0]["period"], "2022-Q2");
    assert_eq!(v["after_cutoff"][0]["state"], "done_on_time");
    let completed: Vec<&str> = v["completed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["task"].as_str().unwrap())
        .collect();
    assert_eq!(completed, ["III.2", "III.3", "II.8"]);
    assert_eq!(
        v["completed"][0]["evidence"],
        "Công văn số 12/CV-HCTH ngày 20/4/2022"
    );
    assert_eq!(v["recurring"][0]["period"], "2022-Q2");
    let ongoing = v["without_deadline"].as_array().unwrap();
    assert_eq!(ongoing.len(), 14);
    assert!(
        ongoing
            .iter()
            .any(|o| o["task"] == "III.4" && o["note"] == "đã tổng hợp 6 tháng")
    );
    let units: Vec<&str> = v["by_unit"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["lead_unit"].as_str().unwrap())
        .collect();
    assert_eq!(
        units,
        [
            "Các phòng, đơn vị thuộc Sở",
            "Trung tâm Ứng dụng và Dịch vụ khoa học công nghệ"
        ]
    );

    // With --cutoff 30/6 the quarterly report is in the figures, done on time.
    let late = env
        .plan(&[
            "report",
            "--period",
            "2022-H1",
            "--cutoff",
            "30/6/2022",
            "--format",
            "json",
            "--as-of",
            "31/12/2022",
        ])
        .ok()
        .json();
    assert_eq!(late["totals"]["done_on_time"], 2);
    assert_eq!(late["cutoff_rule"], "option");

    assert_snapshot(
        "report-2022-H1.md",
        &env.plan(&["report", "--period", "2022-H1", "--as-of", "31/12/2022"])
            .ok()
            .stdout,
    );
    assert_snapshot(
        "report-2022-H1-vi.md",
        &env.plan(&[
            "report",
            "--period",
            "2022-H1",
            "--lang",
            "vi",
            "--as-of",
            "31/12/2022",
        ])
        .ok()
        .stdout,
    );
    assert_snapshot(
        "report-2022.html",
        &env.plan(&[
            "report",
            "--period",
            "2022",
            "--format",
            "html",
            "--as-of",
            "31/12/2022",
        ])
        .ok()
        .stdout,
    );
    env.plan(&[
        "report",
        "--period",
        "2022-Q3",
        "--format",
        "xlsx",
        "-o",
        "q3.xlsx",
        "--as-of",
        "31/12/2022",
    ])
    .ok();
    let mut book: Xlsx<_> =
        open_workbook_from_rs(Cursor::new(std::fs::read(env.path("q3.xlsx")).unwrap())).unwrap();
    assert_eq!(
        book.sheet_names(),
        [
            "Summary",
            "Completed",
            "Overdue",
            "Recurring",
            "After the cut-off",
            "Changed",
            "Without deadline",
            "Chart by unit",
            "Chart of deadlines"
        ]
    );
    // Q3's data run from 15/6 to 14/9/2022: the Q2 report, due 30/6 and done on 28/6, is in its figures; the
    // Q3 report (due 30/9) falls due after the cut-off, and nothing is overdue on 14/9.
    assert_eq!(
        table(&book.worksheet_range("Overdue").unwrap()).len(),
        1,
        "only the header"
    );
    let summary = table(&book.worksheet_range("Summary").unwrap());
    assert_eq!(
        summary[2].get(1),
        Some(&Data::Float(1.0)),
        "Total: 1 done on time"
    );
    assert_eq!(
        summary[3].get(1),
        Some(&Data::Float(1.0)),
        "a share is a number (100%), not text"
    );
    let after = table(&book.worksheet_range("After the cut-off").unwrap());
    assert!(
        after
            .get(1)
            .unwrap()
            .contains(&Data::String("2022-Q3".into()))
    );
    let recurring = table(&book.worksheet_range("Recurring").unwrap());
    assert_eq!(recurring.len(), 2);
    assert!(
        recurring
            .get(1)
            .unwrap()
            .contains(&Data::String("2022-Q3".into()))
    );
}

#[test]
fn shell_completions_and_man_page() {
    let env = Env::new();
    let bash = env.plan(&["completions", "bash"]).ok().stdout;
    assert!(bash.contains("_plan()") && bash.contains("overdue"));
    for shell in ["zsh", "fish", "powershell"] {
        assert!(
            env.plan(&["completions", shell])
                .ok()
                .stdout
                .contains("overdue"),
            "{shell}"
        );
    }
    let man = env.plan(&["man"]).ok().stdout;
    assert!(
        man.starts_with(".ie") || man.contains(".TH plan"),
        "{}",
        &man[..200.min(man.len())]
    );
    let bad = Env::seeded().plan(&["status", "--format", "ics"]).code(2);
    assert!(bad.stderr.contains("use it with plan export"));
}
