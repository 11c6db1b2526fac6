//! `plan validate`: one broken fixture per kind of error, each message asserted exactly.

use crate::harness::{Env, copy_into, repo};

/// Copies `tests/fixtures/invalid/NAME` into the workspace and validates it by its relative path.
fn validate(env: &Env, name: &str) -> crate::harness::Run {
    let src = repo().join("tests/fixtures/invalid").join(name);
    if src.is_dir() {
        for entry in std::fs::read_dir(&src).unwrap() {
            let entry = entry.unwrap();
            copy_into(
                &entry.path(),
                &env.path(&format!(
                    "invalid/{name}/{}",
                    entry.file_name().to_string_lossy()
                )),
            );
        }
    } else {
        copy_into(&src, &env.path(&format!("invalid/{name}")));
    }
    env.plan(&["validate", &format!("invalid/{name}")])
}

const CASES: &[(&str, &str)] = &[
    (
        "syntax.toml",
        "invalid/syntax.toml:19:25: error: TOML syntax: invalid basic string, expected `\"` — fix the TOML syntax at this place (strings need double quotes, tables [name], arrays [a, b])",
    ),
    (
        "unknown-key.toml",
        "invalid/unknown-key.toml:26:1: error: unknown key `dew` in [[tasks.deadlines]] — did you mean `due`? Keys allowed here: key, due, rule, wording, every, from, until, day, month, amended, renamed_from, withdrawn, event, offset, rest_day",
    ),
    (
        "wrong-type.toml",
        "invalid/wrong-type.toml:21:8: error: `lead` must be an array of strings, not a string — write lead = [\"...\", \"...\"]",
    ),
    (
        "invalid-date.toml",
        "invalid/invalid-date.toml:26:7: error: `due` is not a valid date: '31/2/2022': 02/2022 has no day 31 (it has 28 days) — dates are day/month/year",
    ),
    (
        "month-first-date.toml",
        "invalid/month-first-date.toml:26:7: error: `due` is not a valid date: '4/25/2022': month 25 does not exist — it looks month-first; dates are day/month/year, so write 25/4/2022",
    ),
    (
        "duplicate-id.toml",
        "invalid/duplicate-id.toml:30:6: error: duplicate task `1` (first defined on line 18) — give each task its own id",
    ),
    (
        "unknown-reference.toml",
        "invalid/unknown-reference.toml:22:15: error: unknown reference `53/KH-UBN` — did you mean `53/KH-UBND`? Reference numbers must match [[references]] exactly",
    ),
    (
        "empty-title.toml",
        "invalid/empty-title.toml:19:9: error: `title` is empty in [[tasks]] — write the title; it cannot be blank",
    ),
    (
        "not-utf8.toml",
        "invalid/not-utf8.toml:19:11: error: the file is not UTF-8 text (byte 0xE1 cannot start a character) — save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
    ),
    (
        "missing-plan.toml",
        "invalid/missing-plan.toml:1:1: error: missing the [plan] table — start the file with [plan] and its id, title, issuer and year",
    ),
    (
        "missing-key.toml",
        "invalid/missing-key.toml:17:1: error: missing `text` in [[tasks]] — add text = \"...\"",
    ),
    (
        "time-of-day.toml",
        "invalid/time-of-day.toml:26:7: error: `due` has a time of day; deadlines are whole days — write the date only, e.g. due = 2022-04-12 or due = \"12/4/2022\"",
    ),
    (
        "no-rule.toml",
        "invalid/no-rule.toml:24:1: error: cannot tell from the wording whether the deadline is \"before\" or \"by\" its date — add rule = \"before\" (trước ngày: still open on the day is overdue) or rule = \"by\" (chậm nhất: the day itself is allowed)",
    ),
    (
        "bad-id.toml",
        "invalid/bad-id.toml:2:6: error: `id` \"kế hoạch mẫu\" in [plan] is not a valid id — start with a letter or digit and use only ASCII letters, digits, '.', '_' and '-', e.g. id = \"2022-skhcn-dan-chu-co-so\"",
    ),
    (
        "due-and-every.toml",
        "invalid/due-and-every.toml:27:9: error: a deadline has both `due` and `every` — write a one-off deadline with `due`, or a recurring one with `every`, not both",
    ),
    (
        "bad-recipient-role.toml",
        "invalid/bad-recipient-role.toml:9:8: error: unknown recipient role `bao cao` — use one of: bao-cao, phoi-hop, thuc-hien, de-biet, luu",
    ),
    (
        "native-date-year-0.toml",
        "invalid/native-date-year-0.toml:26:7: error: `due` is not a valid date: '0000-01-01': year 0 is out of range — write a year from 1000 to 9999",
    ),
    (
        "year-first-date.toml",
        "invalid/year-first-date.toml:26:7: error: `due` is not a valid date: '2022/04/12' puts the year first — dates are day/month/year: write 12/4/2022 (or 2022-04-12)",
    ),
    (
        "task-id-case.toml",
        "invalid/task-id-case.toml:30:6: error: task id `II.1` differs from `ii.1` (line 18) only in case, and task ids are found without regard to case — give each task its own id, e.g. II.1 and II.2",
    ),
    (
        "plan-id-dots.toml",
        "invalid/plan-id-dots.toml:2:6: error: `id` \"..\" in [plan] is not a valid id — start with a letter or digit and use only ASCII letters, digits, '.', '_' and '-', e.g. id = \"2022-skhcn-dan-chu-co-so\"",
    ),
    (
        "plan-id-dash.toml",
        "invalid/plan-id-dash.toml:2:6: error: `id` \"-rf\" in [plan] is not a valid id — start with a letter or digit and use only ASCII letters, digits, '.', '_' and '-', e.g. id = \"2022-skhcn-dan-chu-co-so\"",
    ),
    (
        "plan-id-newline.toml",
        "invalid/plan-id-newline.toml:2:6: error: `id` \"a\\nb\" in [plan] is not a valid id — start with a letter or digit and use only ASCII letters, digits, '.', '_' and '-', e.g. id = \"2022-skhcn-dan-chu-co-so\"",
    ),
    (
        "registry-ceases-before.toml",
        "invalid/registry-ceases-before.toml:7:13: error: the document ceases on 01/07/2022, before it takes effect on 01/07/2023 — check both dates against `source`: a document ceases on or after the day it takes effect",
    ),
    (
        "dup",
        "invalid/dup/b.toml:1:1: error: plan id `mau` is also used by invalid/dup/a.toml — give each plan file its own [plan] id",
    ),
];

#[test]
fn each_kind_of_error_has_one_exact_message_and_exit_2() {
    let env = Env::new();
    for (name, message) in CASES {
        let run = validate(&env, name).code(2);
        assert_eq!(run.stdout, "", "{name}");
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines[0], *message, "{name}");
        assert_eq!(
            lines.len(),
            2,
            "{name}: one problem, then the summary: {}",
            run.stderr
        );
        assert!(
            lines[1].starts_with("plan: error: 1 error(s) and 0 warning(s) in "),
            "{name}: {}",
            lines[1]
        );
    }
}

#[test]
fn columns_count_characters_not_bytes() {
    let env = Env::new();
    let run = validate(&env, "unknown-unit.toml").code(2);
    assert_eq!(
        run.stderr,
        "invalid/unknown-unit.toml:21:9: error: unknown unit `Đơn vị` in `lead` — add it to [[units]] or use one of: hcth\n\
         invalid/unknown-unit.toml:21:19: error: unknown unit `hcht` in `lead` — did you mean `hcth`? Otherwise add it to [[units]]\n\
         plan: error: 2 error(s) and 0 warning(s) in 1 file(s)\n"
    );
}

#[test]
fn every_problem_of_every_file_in_one_run_sorted() {
    let env = Env::new();
    validate(&env, "many-errors.toml").code(2);
    validate(&env, "wrong-type.toml").code(2);
    let run = env
        .plan(&[
            "validate",
            "invalid/wrong-type.toml",
            "invalid/many-errors.toml",
        ])
        .code(2);
    assert_eq!(
        run.stderr,
        "invalid/many-errors.toml:6:15: error: unknown unit `vp` in `coordinator` — add it to [[units]] or use one of: hcth\n\
         invalid/many-errors.toml:16:1: error: unknown key `isuer` in [[references]] — did you mean `issuer`? Keys allowed here: number, kind, date, issuer, subject, basis\n\
         invalid/many-errors.toml:20:9: error: `title` is empty in [[tasks]] — write the title; it cannot be blank\n\
         invalid/many-errors.toml:27:1: error: unknown key `dew` in [[tasks.deadlines]] — did you mean `due`? Keys allowed here: key, due, rule, wording, every, from, until, day, month, amended, renamed_from, withdrawn, event, offset, rest_day\n\
         invalid/wrong-type.toml:21:8: error: `lead` must be an array of strings, not a string — write lead = [\"...\", \"...\"]\n\
         plan: error: 5 error(s) and 0 warning(s) in 2 file(s)\n"
    );
}

#[test]
fn warnings_and_a_bom_do_not_fail() {
    let env = Env::new();
    let far = validate(&env, "far-deadline.toml").ok();
    assert_eq!(
        far.stderr,
        "invalid/far-deadline.toml:26:7: warning: the date 12/04/2032 is far from the plan's year 2022 — check the year; dates are day/month/year\n\
         invalid/far-deadline.toml:26:7: warning: the wording gives 12/04/2022 as the deadline, but `due` is 12/04/2032 — make `due` the date the document writes; a date moved by a later document is written as an amendment (amended = [{ on, due, by }])\n"
    );
    assert_eq!(
        far.stdout,
        "invalid/far-deadline.toml: ok — plan mau: 1 task, 1 deadline, 1 reference, 1 unit\n"
    );
    let bom = validate(&env, "bom.toml").ok();
    assert_eq!(bom.stderr, "");
    let missing = env.plan(&["validate", "nowhere.toml"]).code(2);
    assert!(
        missing
            .stderr
            .starts_with("nowhere.toml:1:1: error: no such file or folder — ")
    );
}

#[test]
fn the_documented_example_and_the_bundled_plans_are_valid() {
    let env = Env::new();
    let doc = std::fs::read_to_string(repo().join("docs/plan-format.md")).unwrap();
    let start = doc
        .find("```toml\n# Complete example")
        .expect("docs/plan-format.md has a complete example");
    let body = &doc[start + 8..];
    let example = &body[..body.find("```").unwrap()];
    let file = env.write("example.toml", example);
    let run = env.plan(&["validate", file.to_str().unwrap()]).ok();
    assert!(run.stdout.contains(": ok — plan "), "{}", run.stdout);
    env.plan(&["load", "example.toml"]).ok();
    // Its units' members, its amendment and its withdrawal work as documented.
    env.plan(&[
        "record",
        "II.4",
        "--by",
        "xa-a",
        "--done",
        "--on",
        "15/10/2024",
        "--as-of",
        "15/10/2024",
    ])
    .ok();
    let rows = env
        .plan(&["status", "--as-of", "25/10/2024", "--format", "json"])
        .ok()
        .json();
    let of = |task: &str| -> Vec<(String, String)> {
        rows.as_array()
            .unwrap()
            .iter()
            .filter(|r| r["task"] == task && !r["deadline"].is_null())
            .map(|r| {
                (
                    r["state"].as_str().unwrap().to_string(),
                    r["unit_id"]
                        .as_str()
                        .unwrap_or(r["due"].as_str().unwrap())
                        .to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        of("II.4"),
        [
            ("done_on_time".into(), "xa-a".into()),
            ("overdue".into(), "xa-b".into())
        ]
    );
    assert_eq!(
        of("II.1"),
        [("overdue".to_string(), "2024-07-31".to_string())]
    );
    let later = env
        .plan(&["status", "--as-of", "1/12/2024", "--format", "json"])
        .ok()
        .json();
    assert!(
        later
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["task"] == "II.4")
            .all(|r| r["state"] == "withdrawn")
    );
    let repo_plans = repo().join("plans");
    let run = env.plan(&["validate", repo_plans.to_str().unwrap()]).ok();
    assert_eq!(run.stderr, "");
}

/// Issue 12: under --lang vi the whole command line speaks Vietnamese: every option's help, the headings,
/// the notes clap adds, and the errors it gives for a bad argument.
#[test]
fn the_command_line_speaks_vietnamese() {
    let env = Env::new();
    for command in ["record", "status", "report"] {
        let help = env.plan(&["--lang", "vi", command, "--help"]).ok().stdout;
        for english in [
            "Usage:",
            "Options:",
            "Arguments:",
            "[OPTIONS]",
            "Print help",
            "possible values",
            "[env:",
            "[default:",
        ] {
            assert!(!help.contains(english), "{command}: {english}\n{help}");
        }
        crate::harness::assert_snapshot(&format!("help-{command}-vi.txt"), &help);
    }
    let every = env.plan(&["--lang", "vi", "--help"]).ok().stdout;
    assert!(
        every.contains("\nCách dùng: plan [TÙY_CHỌN] <LỆNH>\n"),
        "{every}"
    );
    assert!(
        every.contains("  help         In trợ giúp này, hoặc trợ giúp của lệnh đã cho\n"),
        "{every}"
    );
    let record = env.plan(&["--lang", "vi", "help", "record"]).ok().stdout;
    assert!(
        record.contains("\nCách dùng: plan record [TÙY_CHỌN] <TASK>\n"),
        "{record}"
    );
    let r = env.plan(&["--lang", "vi", "help", "nope"]).code(2);
    assert!(
        r.stderr.starts_with("lỗi: không có lệnh 'nope'"),
        "{}",
        r.stderr
    );
    for (args, said) in [
        (
            vec!["record", "II.1", "--progress", "150"],
            "lỗi: giá trị '150' không hợp lệ cho '--progress <PCT>': 150 không nằm trong khoảng 0..=100",
        ),
        (
            vec!["record", "II.1", "--dnoe"],
            "lỗi: không có tham số '--dnoe'\n\n  gợi ý: có --done",
        ),
        (
            vec!["recrod"],
            "lỗi: không có lệnh 'recrod'\n\n  gợi ý: có record",
        ),
        (vec!["record"], "lỗi: thiếu tham số bắt buộc:\n  <TASK>"),
        (
            vec!["record", "II.1", "--done", "--reopen"],
            "lỗi: không dùng '--done' cùng với '--reopen'",
        ),
        (
            vec!["status", "--format", "xyz"],
            "lỗi: giá trị 'xyz' không hợp lệ cho '--format <FORMAT>'\n  [giá trị: table, tsv",
        ),
    ] {
        let mut all = vec!["--lang", "vi"];
        all.extend(args.iter().copied());
        let r = env.plan(&all).code(2);
        assert!(r.stderr.starts_with(said), "{args:?}: {}", r.stderr);
        assert!(r.stderr.ends_with("Xem thêm: --help\n"), "{}", r.stderr);
    }
    // English stays clap's own.
    let r = env
        .plan(&["--lang", "en", "record", "II.1", "--progress", "150"])
        .code(2);
    assert!(
        r.stderr.starts_with("error: invalid value '150'"),
        "{}",
        r.stderr
    );
}
