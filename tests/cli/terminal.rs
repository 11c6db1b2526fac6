//! Issue 11: a terminal and a calendar never receive a control character from `plan`: plan files and
//! command-line text with one are refused, and one already in the store (put there by hand) is shown as a
//! visible stand-in in every text format and every message. ICS UIDs are unique and stable; Markdown cells
//! carry no HTML or links; CSV cells a spreadsheet would run are neutralised, numbers are not.

use crate::harness::{Env, repo};

/// The characters no output of `plan` may hold raw: C0 controls other than tab, newline and the CR of a
/// CRLF, DEL, C1 controls and the bidirectional controls.
fn raw_controls(text: &str) -> Vec<char> {
    let bytes = text.as_bytes();
    text.char_indices()
        .filter(|&(i, c)| {
            let line_end = c == '\r' && bytes.get(i + 1) == Some(&b'\n');
            let control = matches!(c, '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}');
            control && !line_end
        })
        .map(|(_, c)| c)
        .collect()
}

const EVIL: &str =
    "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{1b}]52;c;cm0gLXJmIH4=\u{7}\u{9b}31m\u{202e}\u{7f}\r";

#[test]
fn control_characters_in_command_line_text_are_refused() {
    let env = Env::seeded();
    for flag in ["--note", "--evidence", "--by", "--blocked"] {
        let text = format!("xong{EVIL}");
        let mut args = vec!["record", "II.1", "--as-of", "12/6/2022", flag, &text];
        if flag != "--note" && flag != "--blocked" {
            args.push("--done");
        }
        let r = env.plan(&args).code(2);
        assert!(
            r.stderr.contains(&format!("{flag} \"xong␛[2J"))
                && r.stderr
                    .contains("holds the control character U+001B (ESC)"),
            "{flag}: {}",
            r.stderr
        );
        assert!(raw_controls(&r.stderr).is_empty(), "{:?}", r.stderr);
    }
    assert!(env.history().is_empty(), "nothing was recorded");
}

/// A store whose titles, unit names, notes and evidence hold control characters, as a hand edit with
/// sqlite3 would leave them.
fn tampered() -> Env {
    let env = Env::seeded_file();
    env.plan(&[
        "record",
        "III.5",
        "--note",
        "ghi chú",
        "--as-of",
        "12/6/2022",
    ])
    .ok();
    env.plan(&[
        "record",
        "II.1",
        "--done",
        "--evidence",
        "CV 12",
        "--as-of",
        "12/6/2022",
    ])
    .ok();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute_batch(&format!(
        "DROP TRIGGER events_append_only_update;
         UPDATE tasks SET title = title || '{EVIL}';
         UPDATE units SET name = name || '{EVIL}';
         UPDATE events SET note = note || '{EVIL}' WHERE note IS NOT NULL;
         UPDATE events SET evidence = evidence || '{EVIL}' WHERE evidence IS NOT NULL;
         UPDATE progress SET note = note || '{EVIL}' WHERE note IS NOT NULL;
         UPDATE progress SET evidence = evidence || '{EVIL}' WHERE evidence IS NOT NULL;"
    ))
    .unwrap();
    env
}

#[test]
fn nothing_from_the_store_reaches_a_terminal_raw() {
    let env = tampered();
    let mut runs = Vec::new();
    for format in ["table", "tsv", "csv", "json", "jsonl", "md", "html", "ics"] {
        runs.push(vec!["export", "--as-of", "12/6/2022", "--format", format]);
    }
    for format in ["table", "tsv", "csv", "json", "md"] {
        runs.push(vec!["status", "--as-of", "12/6/2022", "--format", format]);
        runs.push(vec!["overdue", "--as-of", "12/6/2022", "--format", format]);
        runs.push(vec!["history", "--format", format]);
        runs.push(vec!["units", "--format", format]);
        runs.push(vec!["show", "II.1", "--format", format]);
    }
    for format in ["table", "md", "html", "json"] {
        runs.push(vec![
            "report",
            "--period",
            "2022-Q2",
            "--as-of",
            "30/6/2022",
            "--format",
            format,
        ]);
    }
    runs.push(vec!["find", "Quán triệt"]);
    runs.push(vec!["plans"]);
    runs.push(vec!["check"]);
    for args in &runs {
        let r = env.plan(args);
        assert!(r.code <= 1, "{args:?}: {}", r.stderr);
        assert!(!r.stdout.is_empty() || args[0] == "overdue", "{args:?}");
        assert!(
            raw_controls(&r.stdout).is_empty(),
            "{args:?}: {:?}",
            raw_controls(&r.stdout)
        );
        assert!(
            raw_controls(&r.stderr).is_empty(),
            "{args:?}: {:?}",
            r.stderr
        );
    }
    // What the terminal gets instead: the control pictures.
    let table = env.plan(&["status", "--as-of", "12/6/2022"]).ok().stdout;
    assert!(table.contains("␛[2J"), "{table}");
    // Written to a file, the same.
    env.plan(&[
        "export",
        "--as-of",
        "12/6/2022",
        "--format",
        "md",
        "-o",
        "out.md",
    ])
    .ok();
    let md = std::fs::read_to_string(env.path("out.md")).unwrap();
    assert!(raw_controls(&md).is_empty());
}

#[test]
fn messages_show_what_was_typed_without_obeying_it() {
    let env = Env::seeded();
    let task = format!("II.1{EVIL}");
    for args in [
        vec!["show", task.as_str()],
        vec!["record", "--as-of", "1/5/2022", "--done", task.as_str()],
        vec!["status", "--plan", task.as_str()],
        vec![task.as_str()],
        vec!["status", "--as-of", task.as_str()],
    ] {
        let r = env.plan(&args);
        assert_eq!(r.code, 2, "{args:?}");
        assert!(
            raw_controls(&r.stderr).is_empty(),
            "{args:?}: {:?}",
            r.stderr
        );
        // clap drops the ESC sequences it recognises from its own messages; what is left must be visible.
        assert!(
            r.stderr.contains('␛') || r.stderr.contains('␍'),
            "{args:?}: {}",
            r.stderr
        );
    }
    // A file name with ESC in it, in a diagnostic.
    let name = "bad\u{1b}[2J.toml";
    env.write(name, "[plan\n");
    let r = env.plan(&["validate", name]).code(2);
    assert!(raw_controls(&r.stderr).is_empty(), "{:?}", r.stderr);
    assert!(r.stderr.starts_with("bad␛[2J.toml:1:"), "{}", r.stderr);
}

/// A plan whose tasks have ids that differ only in punctuation or diacritics, and a title of HTML and links.
fn lookalikes(env: &Env) {
    let mut text =
        std::fs::read_to_string(repo().join("tests/fixtures/valid-minimal.toml")).unwrap();
    text = text.replace(
        "title = \"Báo cáo kết quả\"",
        "title = \"<img src=x onerror=alert(1)> [bấm](javascript:alert(1))\"",
    );
    let task = text[text.find("[[tasks]]").unwrap()..].to_string();
    for id in [
        "1,2",
        "1;2",
        "1_2",
        "đ.1",
        "ă.1",
        "=HYPERLINK(\\\"x\\\")",
        "-5",
    ] {
        text.push('\n');
        text.push_str(&task.replace("id = \"1\"", &format!("id = \"{id}\"")));
    }
    env.write("lookalikes.toml", &text);
    env.plan(&["load", "lookalikes.toml"]).ok();
}

#[test]
fn calendar_entries_are_unique_and_clean() {
    let env = Env::new();
    lookalikes(&env);
    let ics = env
        .plan(&["export", "--format", "ics", "--as-of", "1/4/2022"])
        .ok()
        .stdout;
    let uids: Vec<&str> = ics.lines().filter(|l| l.starts_with("UID:")).collect();
    let unique: std::collections::HashSet<&&str> = uids.iter().collect();
    assert_eq!(uids.len(), 8, "{ics}");
    assert_eq!(unique.len(), uids.len(), "{uids:#?}");
    assert!(uids.contains(&"UID:mau/1%2C2/bao-cao/@plan"), "{uids:#?}");
    assert!(raw_controls(&ics).is_empty());
    // Stable: the same calendar again.
    let again = env
        .plan(&["export", "--format", "ics", "--as-of", "1/4/2022"])
        .ok()
        .stdout;
    assert_eq!(again, ics);
}

#[test]
fn markdown_cells_carry_no_html_and_csv_cells_run_nothing() {
    let env = Env::new();
    lookalikes(&env);
    let md = env
        .plan(&["export", "--format", "md", "--as-of", "1/4/2022"])
        .ok()
        .stdout;
    assert!(!md.contains("<img"), "{md}");
    assert!(
        md.contains("&lt;img src=x onerror=alert(1)&gt; \\[bấm\\](javascript:alert(1))"),
        "{md}"
    );
    let csv = env
        .plan(&["export", "--format", "csv", "--as-of", "1/4/2022"])
        .ok()
        .stdout;
    assert!(
        csv.contains("\n\"mau\",'=HYPERLINK") || csv.contains("\nmau,\"'=HYPERLINK"),
        "{csv}"
    );
    assert!(csv.contains("\nmau,-5,"), "a plain number is data: {csv}");
}

#[test]
fn extract_leaves_control_characters_out_of_a_draft_that_validates() {
    let env = Env::new();
    let seed = std::fs::read_to_string(repo().join("tests/fixtures/seed-2022-skhcn.txt")).unwrap();
    let text = seed
        .replacen("KẾ HOẠCH", "KẾ\u{0} HOẠCH", 1)
        .replacen(
            "Kế hoạch số 53/KH-UBND",
            "Kế hoạch\u{1b}[2J số 53/KH-UBND\u{7}",
            1,
        )
        .replacen("Phòng Hành chính", "Phòng\u{c} Hành\u{7f} chính\u{202e}", 1);
    env.write("pasted.txt", &text);
    let r = env
        .plan(&["extract", "pasted.txt", "-o", "pasted.toml"])
        .ok();
    assert!(!r.stderr.contains("does not validate"), "{}", r.stderr);
    let draft = std::fs::read_to_string(env.path("pasted.toml")).unwrap();
    assert!(
        raw_controls(&draft).is_empty() && !draft.contains("\\u001B") && !draft.contains("\\u0000")
    );
    assert!(
        draft.contains("Kế hoạch[2J số 53/KH-UBND"),
        "the rest of a sequence stays visible"
    );
    let reviews = draft
        .lines()
        .filter(|l| l.contains("control character(s) left out"))
        .count();
    // NUL, ESC with BEL, then DEL with the override on one line (the form feed broke the line before them).
    assert_eq!(reviews, 3, "{draft}");
    env.plan(&["validate", "pasted.toml"]).ok();
}
