//! Issue 10, parts 2 and 3: plan edits never silently rewrite the past — revisions, amendments, dated
//! withdrawals, renames, the wording checked against the date — and a backup is a snapshot.

use crate::harness::{Env, copy_into, seed_plan};

fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The seed in a plans folder the config names, loaded.
fn folder() -> (Env, std::path::PathBuf) {
    folder_in(Env::new())
}

/// As [`folder`], in a SQLite file whatever the backend under test: for the tests that compare its bytes.
fn folder_file() -> (Env, std::path::PathBuf) {
    folder_in(Env::file())
}

fn folder_in(env: Env) -> (Env, std::path::PathBuf) {
    let file = env.path("plans/seed.toml");
    copy_into(&seed_plan(), &file);
    env.write("config.toml", "plans = \"plans\"\n");
    env.plan(&["load", "plans"]).ok();
    (env, file)
}

fn row(env: &Env, as_of: &str, task: &str, key: &str) -> serde_json::Value {
    let rows = env
        .plan(&["status", "--as-of", as_of, "--format", "json"])
        .ok()
        .json();
    rows.as_array()
        .unwrap()
        .iter()
        .find(|r| r["task"] == task && r["deadline"] == key)
        .cloned()
        .unwrap_or_else(|| panic!("no {task} {key}"))
}

const SIX: &str = "key = \"bao-cao-6-thang\"";

#[test]
fn an_edit_that_rewrites_a_past_result_is_listed_refused_by_the_sync_and_applied_by_load() {
    let (env, file) = folder_file();
    env.plan(&[
        "record",
        "III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--done",
        "--on",
        "10/6/2022",
        "--as-of",
        "10/6/2022",
    ])
    .ok();
    // Not an amendment: the due date itself is changed, under the recorded completion.
    edit(&file, "due = \"11/6/2022\"", "due = \"5/6/2022\"");
    let before = std::fs::read(env.db()).unwrap();
    let r = env.plan(&["status", "--as-of", "31/12/2022"]).code(2);
    let line = "2022-skhcn-dan-chu-co-so/III.3 bao-cao-6-thang: done_on_time → done_late from 05/06/2022 (due 11/06/2022 → 05/06/2022)";
    assert!(r.stderr.contains(&format!("{line}\n")), "{}", r.stderr);
    assert!(
        r.stderr.contains("load it explicitly with: plan load "),
        "{}",
        r.stderr
    );
    assert_eq!(r.stdout, "");
    assert_eq!(std::fs::read(env.db()).unwrap(), before, "nothing written");
    // record syncs too: it is refused the same way, and records nothing.
    env.plan(&["record", "III.5", "--note", "x", "--as-of", "31/12/2022"])
        .code(2);
    assert_eq!(std::fs::read(env.db()).unwrap(), before, "nothing recorded");
    // plan load applies it and says what it changed.
    let r = env.plan(&["load", "plans", "--as-of", "31/12/2022"]).ok();
    assert!(
        r.stdout.contains(&format!(
            "Results of past days that this load changed:\n  {line}\n"
        )),
        "{}",
        r.stdout
    );
    assert_eq!(
        row(&env, "31/12/2022", "III.3", "bao-cao-6-thang")["state"],
        "done_late"
    );

    // A recurring period changed: Q1 is now owed, and was overdue from 1/4.
    edit(&file, "from = \"1/4/2022\"", "from = \"1/1/2022\"");
    let r = env.plan(&["overdue", "--as-of", "31/12/2022"]).code(2);
    assert!(
        r.stderr.contains(
            "2022-skhcn-dan-chu-co-so/II.8 bao-cao-quy 2022-Q1: (not in the plan) → overdue from 01/04/2022\n"
        ),
        "{}",
        r.stderr
    );
    // An edit that only touches work still ahead rewrites nothing and syncs quietly.
    edit(&file, "from = \"1/1/2022\"", "from = \"1/4/2022\"");
    edit(&file, "due = \"11/11/2022\"", "due = \"15/11/2022\"");
    let r = env.plan(&["status", "--as-of", "12/6/2022"]).code(2);
    assert!(
        r.stderr
            .contains("III.3 bao-cao-nam: overdue → open from 11/11/2022"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_amendment_moves_a_deadline_from_the_day_it_takes_effect_and_reports_stay_reproducible() {
    let (env, file) = folder();
    env.plan(&[
        "record",
        "III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--done",
        "--on",
        "8/6/2022",
        "--as-of",
        "8/6/2022",
    ])
    .ok();
    edit(
        &file,
        "rule = \"before\"\nwording = \"báo cáo định kỳ 06 tháng",
        "rule = \"before\"\namended = [{ on = \"1/5/2022\", due = \"5/6/2022\", by = \"Công văn số 12/SKHCN-HCTH ngày 1/5/2022\" }]\nwording = \"báo cáo định kỳ 06 tháng",
    );
    // Loaded now, years after it took effect, it changes past results: plan load applies it and lists them.
    let r = env.plan(&["load", "plans"]).ok();
    assert!(
        r.stdout
            .contains("III.3 bao-cao-6-thang: done_on_time → done_late from 05/06/2022"),
        "{}",
        r.stdout
    );
    let early = row(&env, "30/4/2022", "III.3", "bao-cao-6-thang");
    assert_eq!(early["due"], "2022-06-11");
    assert_eq!(early["amended_by"], serde_json::Value::Null);
    let late = row(&env, "8/6/2022", "III.3", "bao-cao-6-thang");
    assert_eq!(late["due"], "2022-06-05");
    assert_eq!(late["state"], "done_late", "done 8/6, last day 4/6");
    assert_eq!(
        late["amended_by"],
        "Công văn số 12/SKHCN-HCTH ngày 1/5/2022"
    );
    let table = env
        .plan(&["status", "--as-of", "8/6/2022", "--format", "table"])
        .ok()
        .stdout;
    assert!(table.contains("before 05/06/2022 (amended)"), "{table}");
    let report = |env: &Env| {
        env.plan(&[
            "report",
            "--period",
            "2022-H1",
            "--format",
            "json",
            "--as-of",
            "15/6/2022",
        ])
        .ok()
        .stdout
    };
    let reported = report(&env);
    // A later amendment, taking effect on 1/7, changes nothing reported on 15/6.
    edit(
        &file,
        "due = \"11/11/2022\"\nrule = \"before\"",
        "due = \"11/11/2022\"\nrule = \"before\"\namended = [{ on = \"1/7/2022\", due = \"30/11/2022\", by = \"Công văn số 20/SKHCN-HCTH ngày 1/7/2022\" }]",
    );
    env.plan(&["load", "plans"]).ok();
    assert_eq!(report(&env), reported, "reproduced exactly");
    assert_eq!(
        row(&env, "1/7/2022", "III.3", "bao-cao-nam")["due"],
        "2022-11-30"
    );
    // The revisions say what each load did.
    let revisions = env
        .plan(&["revisions", "2022-skhcn-dan-chu-co-so", "--format", "json"])
        .ok()
        .json();
    let changes = |n: usize| revisions[n]["changes"].as_array().unwrap().clone();
    assert_eq!(revisions.as_array().unwrap().len(), 3);
    assert_eq!(changes(1)[0]["change"], "amended");
    assert_eq!(changes(1)[0]["deadline"], "bao-cao-6-thang");
    assert_eq!(changes(1)[0]["on"], "2022-05-01");
    let table = env
        .plan(&["revisions", "2022-skhcn-dan-chu-co-so", "--format", "table"])
        .ok()
        .stdout;
    assert!(
        table.contains(
            "III.3 bao-cao-nam: amended from 01/07/2022 by Công văn số 20/SKHCN-HCTH ngày 1/7/2022"
        ),
        "{table}"
    );
    // One revision as its file was: the first has no amendment.
    let first = env
        .plan(&[
            "show",
            "2022-skhcn-dan-chu-co-so",
            "--revision",
            "1",
            "--format",
            "table",
        ])
        .ok()
        .stdout;
    assert!(!first.contains("(amended)"), "{first}");
    let third = env
        .plan(&[
            "show",
            "2022-skhcn-dan-chu-co-so",
            "--revision",
            "3",
            "--format",
            "table",
        ])
        .ok()
        .stdout;
    assert!(third.contains("before 30/11/2022 (amended)"), "{third}");
    let none = env
        .plan(&["show", "2022-skhcn-dan-chu-co-so", "--revision", "9"])
        .code(2);
    assert_eq!(
        none.stderr,
        "plan: error: plan 2022-skhcn-dan-chu-co-so has no revision 9 — it has revisions 1 to 3 (see: plan revisions 2022-skhcn-dan-chu-co-so)\n"
    );
}

#[test]
fn an_amendment_loaded_before_it_takes_effect_is_synced_quietly() {
    let env = Env::new();
    let plan = "[plan]\nid = \"xa\"\ntitle = \"T\"\nissuer = \"UBND xã\"\nyear = 2098\n\n\
                [[tasks]]\nid = \"1\"\ntitle = \"Báo cáo\"\ntext = \"Báo cáo.\"\n\n\
                [[tasks.deadlines]]\nkey = \"a\"\ndue = \"15/6/2099\"\nwording = \"trước ngày 15/6/2099\"\n";
    let file = env.write("plans/xa.toml", plan);
    env.write("config.toml", "plans = \"plans\"\n");
    env.plan(&["load", "plans"]).ok();
    edit(
        &file,
        "wording = \"trước",
        "amended = [{ on = \"1/1/2099\", due = \"30/6/2099\", by = \"Công văn số 1/UBND\" }]\nwording = \"trước",
    );
    // Nothing before today (nor before 1/1/2099) changes: the sync applies it without a word but its own.
    let r = env.plan(&["status", "--format", "json"]).ok();
    assert!(r.stderr.starts_with("plan: synced "), "{}", r.stderr);
    assert_eq!(row(&env, "31/12/2098", "1", "a")["due"], "2099-06-15");
    assert_eq!(row(&env, "1/1/2099", "1", "a")["due"], "2099-06-30");
}

#[test]
fn a_withdrawal_with_a_date_keeps_what_came_before() {
    let (env, file) = folder();
    edit(
        &file,
        "key = \"bao-cao-nam\"",
        "key = \"bao-cao-nam\"\nwithdrawn = { on = \"1/10/2022\", by = \"Kế hoạch số 99/KH-SKHCN ngày 1/10/2022\" }",
    );
    // Loaded now, it takes back results of past days (overdue from 11/11/2022): plan load applies it.
    let r = env.plan(&["load", "plans"]).ok();
    assert!(
        r.stdout
            .contains("III.3 bao-cao-nam: overdue → withdrawn from 11/11/2022"),
        "{}",
        r.stdout
    );
    assert_eq!(
        row(&env, "30/9/2022", "III.3", "bao-cao-nam")["state"],
        "open"
    );
    assert_eq!(
        row(&env, "1/10/2022", "III.3", "bao-cao-nam")["state"],
        "withdrawn"
    );
    let overdue = env
        .plan(&["overdue", "--as-of", "20/11/2022", "--format", "json"])
        .code(1)
        .json();
    assert!(
        !overdue
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["deadline"] == "bao-cao-nam")
    );
}

#[test]
fn a_renamed_deadline_keeps_its_history_and_a_reverted_edit_leaves_no_ghost() {
    let (env, file) = folder_file();
    env.plan(&[
        "record",
        "III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--done",
        "--on",
        "10/6/2022",
        "--as-of",
        "10/6/2022",
    ])
    .ok();
    let before = std::fs::read(env.db()).unwrap();
    edit(&file, SIX, "key = \"bao-cao-sau-thang\"");
    let r = env.plan(&["load", "plans"]).code(2);
    assert!(
        r.stderr.ends_with(
            "deadline `bao-cao-6-thang` of task III.3 has recorded progress and is no longer in the file, while `bao-cao-sau-thang` is new — if it is the same deadline renamed, add renamed_from = \"bao-cao-6-thang\" to it; if `bao-cao-6-thang` was dropped by a document, keep it in the file with withdrawn = { on = \"DATE\", by = \"DOCUMENT\" }\n"
        ),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
    edit(
        &file,
        "key = \"bao-cao-sau-thang\"",
        "key = \"bao-cao-sau-thang\"\nrenamed_from = \"bao-cao-6-thang\"",
    );
    env.plan(&["load", "plans"]).ok();
    let renamed = row(&env, "12/6/2022", "III.3", "bao-cao-sau-thang");
    assert_eq!(renamed["state"], "done_on_time");
    assert_eq!(env.history()[0]["deadline"], "bao-cao-sau-thang");
    let revisions = env
        .plan(&["revisions", "2022-skhcn-dan-chu-co-so", "--format", "json"])
        .ok()
        .json();
    assert_eq!(revisions[1]["changes"][0]["change"], "deadline_renamed");
    // Renamed back, the history follows again.
    edit(
        &file,
        "key = \"bao-cao-sau-thang\"\nrenamed_from = \"bao-cao-6-thang\"",
        "key = \"bao-cao-6-thang\"\nrenamed_from = \"bao-cao-sau-thang\"",
    );
    env.plan(&["load", "plans"]).ok();
    assert_eq!(
        row(&env, "12/6/2022", "III.3", "bao-cao-6-thang")["state"],
        "done_on_time"
    );
    // A deadline added and then taken out again, without history, leaves nothing behind.
    let count = |env: &Env| {
        env.plan(&["status", "--as-of", "12/6/2022", "--format", "json"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .len()
    };
    let rows = count(&env);
    let text = std::fs::read_to_string(&file).unwrap();
    edit(
        &file,
        "[[tasks]]\nid = \"III.4\"",
        "[[tasks.deadlines]]\nkey = \"them\"\ndue = \"1/12/2022\"\nwording = \"trước ngày 1/12/2022\"\n\n[[tasks]]\nid = \"III.4\"",
    );
    env.plan(&["load", "plans"]).ok();
    assert_eq!(count(&env), rows + 1);
    std::fs::write(&file, text).unwrap();
    env.plan(&["load", "plans"]).ok();
    assert_eq!(
        count(&env),
        rows,
        "no withdrawn ghost of the reverted deadline"
    );
    env.plan(&["check"]).ok();
}

#[test]
fn validate_warns_when_the_wording_and_the_date_or_rule_disagree() {
    let env = Env::new();
    let plan = "[plan]\nid = \"w\"\ntitle = \"T\"\nissuer = \"Sở\"\nyear = 2023\n\n\
                [[tasks]]\nid = \"1\"\ntitle = \"Báo cáo\"\ntext = \"Báo cáo.\"\n\n\
                [[tasks.deadlines]]\nkey = \"a\"\ndue = \"15/6/2023\"\nwording = \"gửi trước ngày 10/6/2023\"\n\n\
                [[tasks.deadlines]]\nkey = \"b\"\ndue = \"10/6/2023\"\nrule = \"by\"\nwording = \"gửi trước ngày 10/6/2023\"\n";
    env.write("w.toml", plan);
    let r = env.plan(&["validate", "w.toml"]).ok();
    assert_eq!(
        r.stderr,
        "w.toml:14:7: warning: the wording gives 10/06/2023 as the deadline, but `due` is 15/06/2023 — make `due` the date the document writes; a date moved by a later document is written as an amendment (amended = [{ on, due, by }])\n\
         w.toml:20:8: warning: rule = \"by\" but the wording says \"trước ngày\" (before) — check the rule against the document: \"trước ngày X\" is before, \"chậm nhất ngày X\" is by\n"
    );
}

#[test]
fn an_amendment_is_checked_like_the_rest_of_the_file() {
    let env = Env::new();
    let plan = "[plan]\nid = \"w\"\ntitle = \"T\"\nissuer = \"Sở\"\nyear = 2023\n\n\
                [[tasks]]\nid = \"1\"\ntitle = \"Báo cáo\"\ntext = \"Báo cáo.\"\n\n\
                [[tasks.deadlines]]\nkey = \"q\"\nevery = \"quarter\"\nwording = \"hằng quý\"\n\
                amended = [{ on = \"1/5/2023\", period = \"2024-Q1\", due = \"15/4/2023\", by = \"CV 1\" }, { on = \"1/6/2023\", by = \"CV 2\" }]\n";
    env.write("w.toml", plan);
    let r = env.plan(&["validate", "w.toml"]).code(2);
    assert_eq!(
        r.stderr,
        "w.toml:16:40: error: the deadline has no period `2024-Q1` — use one of: 2023-Q1, 2023-Q2, 2023-Q3, 2023-Q4\n\
         w.toml:16:85: error: an amendment that changes nothing — give period = \"2022-Q3\" with due = \"15/10/2022\", or day = 20 for every period from then on\n\
         plan: error: 2 error(s) and 0 warning(s) in 1 file(s)\n"
    );
}

#[test]
fn a_backup_is_a_snapshot_nothing_syncs_into() {
    let (env, file) = folder();
    env.plan(&[
        "record",
        "III.5",
        "--note",
        "đã đăng tin",
        "--as-of",
        "12/6/2022",
    ])
    .ok();
    env.plan(&["backup", "backup.db"]).ok();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.path("backup.db"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o077,
            0,
            "a copy of the store is private too: {mode:o}"
        );
    }
    let plans = |db: &str| {
        env.plan(&["--db", db, "plans", "--format", "json"])
            .ok()
            .json()[0]["loaded_at"]
            .clone()
    };
    let at_backup = plans("backup.db");
    // An edit that changes no result (a title) is synced into the store, never into the backup.
    edit(
        &file,
        "title = \"Ban Biên tập Trang TTĐT Sở tuyên truyền Kế hoạch và gương điển hình\"",
        "title = \"Ban Biên tập Trang TTĐT Sở tuyên truyền Kế hoạch\"",
    );
    let r = env
        .plan(&["--db", "backup.db", "status", "--as-of", "12/6/2022"])
        .ok();
    assert!(
        r.stderr
            .starts_with("plan: note: backup.db is a backup made at "),
        "{}",
        r.stderr
    );
    assert_eq!(
        plans("backup.db"),
        at_backup,
        "nothing synced into the backup"
    );
    let refused = env
        .plan(&[
            "--db",
            "backup.db",
            "record",
            "III.5",
            "--note",
            "x",
            "--as-of",
            "12/6/2022",
        ])
        .code(2);
    assert!(
        refused.stderr.contains("it stays as it was — record and load into the store itself, or make the backup a store of its own with: plan --db NEW.db restore backup.db"),
        "{}",
        refused.stderr
    );
    env.plan(&["--db", "backup.db", "load", "plans"]).code(2);
    // Restored into a new store, it is a store again.
    env.plan(&["--db", "restored.db", "restore", "backup.db"])
        .ok();
    env.plan(&[
        "--db",
        "restored.db",
        "record",
        "III.5",
        "--note",
        "tiếp",
        "--as-of",
        "13/6/2022",
    ])
    .ok();
    let again = env
        .plan(&["--db", "restored.db", "restore", "backup.db"])
        .code(2);
    assert!(
        again.stderr.contains("restored.db already exists"),
        "{}",
        again.stderr
    );
}

/// A one-task plan with the deadlines given as TOML lines.
fn small_plan(deadlines: &str) -> String {
    format!(
        "[plan]\nid = \"r\"\ntitle = \"R\"\nissuer = \"X\"\nyear = 2024\n\n[[tasks]]\nid = \"1\"\ntitle = \"T\"\ntext = \"t\"\n{deadlines}"
    )
}

fn deadline(key: &str, extra: &str, due: &str) -> String {
    format!(
        "\n[[tasks.deadlines]]\nkey = \"{key}\"\n{extra}due = \"{due}\"\nrule = \"by\"\nwording = \"w\"\n"
    )
}

#[test]
fn a_rename_may_not_name_a_key_still_in_use() {
    let env = Env::new();
    // Renaming onto a key another deadline still has would move its history to the wrong deadline, or drop it.
    let cases = [
        deadline("x", "", "10/9/2024") + &deadline("z", "renamed_from = \"x\"\n", "10/6/2024"),
        deadline("y", "renamed_from = \"x\"\n", "10/6/2024")
            + &deadline("x", "renamed_from = \"y\"\n", "10/9/2024"),
        deadline("y", "renamed_from = \"x\"\n", "10/6/2024")
            + &deadline("w", "renamed_from = \"y\"\n", "10/9/2024"),
    ];
    for (i, case) in cases.iter().enumerate() {
        env.write("r.toml", &small_plan(case));
        let r = env.plan(&["validate", "r.toml"]).code(2);
        assert!(
            r.stderr.contains("error: `renamed_from` names `")
                && r.stderr.contains(
                    "a key another deadline of this task still has — rename one deadline at a time"
                ),
            "case {i}: {}",
            r.stderr
        );
    }
    env.write(
        "r.toml",
        &small_plan(
            &(deadline("a", "renamed_from = \"o\"\n", "1/6/2024")
                + &deadline("b", "renamed_from = \"o\"\n", "2/6/2024")),
        ),
    );
    let r = env.plan(&["validate", "r.toml"]).code(2);
    assert!(
        r.stderr.contains("two deadlines are renamed from `o`"),
        "{}",
        r.stderr
    );
}

#[test]
fn an_amendment_edited_in_place_is_a_change_of_past_results_too() {
    let env = Env::file();
    let amended = "amended = [{ on = \"1/5/2024\", due = \"20/6/2024\", by = \"CV 1\" }]\n";
    let file = env.write(
        "pl/r.toml",
        &small_plan(&deadline("d", amended, "10/6/2024")),
    );
    env.write("config.toml", "plans = \"pl\"\n");
    env.plan(&["status", "--as-of", "1/6/2024"]).ok();
    env.plan(&[
        "record",
        "r/1",
        "--done",
        "--on",
        "15/6/2024",
        "--as-of",
        "15/6/2024",
    ])
    .ok();
    edit(&file, "due = \"20/6/2024\", by", "due = \"12/6/2024\", by");
    let before = std::fs::read(env.db()).unwrap();
    let r = env.plan(&["status", "--as-of", "1/7/2024"]).code(2);
    assert!(
        r.stderr.contains("r/1 d: done_on_time → done_late from "),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
    env.plan(&["load", "pl"]).ok();
    let revisions = env
        .plan(&["revisions", "r", "--format", "json"])
        .ok()
        .json();
    let kinds: Vec<&str> = revisions[1]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["change"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["amended", "amendment_removed"]);
    // Two amendments taking effect on one day are one mistake: validate says so, with the place.
    let twice = "amended = [{ on = \"1/5/2024\", due = \"20/6/2024\", by = \"CV 1\" }, { on = \"1/5/2024\", due = \"25/6/2024\", by = \"CV 2\" }]\n";
    env.write("two.toml", &small_plan(&deadline("d", twice, "10/6/2024")));
    let r = env.plan(&["validate", "two.toml"]).code(2);
    assert!(
        r.stderr.starts_with("two.toml:14:65: error: two amendments of this deadline take effect on 01/05/2024 — write what the documents change on that day as one amendment"),
        "{}",
        r.stderr
    );
    // A TOML date before the year 1000 is refused like a written one.
    env.write(
        "old.toml",
        &small_plan(&deadline(
            "d",
            "amended = [{ on = 0001-01-01, due = \"20/6/2024\", by = \"CV 1\" }]\n",
            "10/6/2024",
        )),
    );
    let r = env.plan(&["validate", "old.toml"]).code(2);
    assert!(
        r.stderr.contains("`on` is not a valid date"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_backup_replaces_only_an_earlier_backup_and_restore_reads_only_a_plan_store() {
    let env = Env::seeded_file();
    let db = env.db();
    let db = db.to_str().unwrap();
    let r = env.plan(&["backup", db]).code(2);
    assert!(
        r.stderr
            .contains("is the store itself (or its log) — write to another file"),
        "{}",
        r.stderr
    );
    let r = env.plan(&["backup", &format!("{db}-wal")]).code(2);
    assert!(r.stderr.contains("is the store itself"), "{}", r.stderr);
    env.plan(&["record", "III.5", "--note", "x", "--as-of", "12/6/2022"])
        .ok();
    let victim = env.write("victim.toml", "[plan]\n");
    let r = env.plan(&["backup", "victim.toml"]).code(2);
    assert!(
        r.stderr
            .contains("victim.toml exists and is not a backup made by plan"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "[plan]\n");
    env.plan(&["backup", "b.db"]).ok();
    env.plan(&["backup", "b.db"]).ok();
    // restore copies from a plan store only, and never writes to it.
    for (name, make) in [("empty.db", ""), ("other.db", "CREATE TABLE foo (x);")] {
        let path = env.path(name);
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(make).unwrap();
        drop(conn);
        let before = std::fs::read(&path).unwrap();
        let r = env.plan(&["--db", "new.db", "restore", name]).code(2);
        assert!(
            r.stderr.contains("is not a plan store"),
            "{name}: {}",
            r.stderr
        );
        assert_eq!(std::fs::read(&path).unwrap(), before, "{name} untouched");
        assert!(!env.path("new.db").exists());
    }
    let old = env.path("old.db");
    std::fs::copy(
        crate::harness::repo().join("tests/fixtures/stores/v4.db"),
        &old,
    )
    .unwrap();
    let before = std::fs::read(&old).unwrap();
    let r = env.plan(&["--db", "new.db", "restore", "old.db"]).code(2);
    assert!(
        r.stderr
            .contains("was made by an older plan (schema version 4)"),
        "{}",
        r.stderr
    );
    assert_eq!(std::fs::read(&old).unwrap(), before);
    // A foreign database given as the store is refused untouched too.
    let r = env.plan(&["--db", "other.db", "status"]).code(2);
    assert!(
        r.stderr
            .contains("is an SQLite database, but not a plan store"),
        "{}",
        r.stderr
    );
}

#[test]
fn a_report_cut_off_before_its_data_begin_is_refused() {
    let env = Env::seeded();
    let r = env
        .plan(&[
            "report",
            "--period",
            "2022-Q2",
            "--cutoff",
            "1/1/2022",
            "--as-of",
            "30/6/2022",
        ])
        .code(2);
    assert_eq!(
        r.stderr,
        "plan: error: --cutoff 01/01/2022 is before the data of 2022-Q2 begin (15/03/2022) — give a cut-off on or after it\n"
    );
}

#[test]
fn a_renamed_deadline_keeps_its_calendar_entry() {
    let (env, file) = folder();
    let uid = |env: &Env| {
        let ics = env
            .plan(&["export", "--format", "ics", "--as-of", "1/1/2022"])
            .ok()
            .stdout;
        ics.lines()
            .find(|l| l.starts_with("UID:2022-skhcn-dan-chu-co-so/III.3/"))
            .unwrap()
            .to_string()
    };
    let before = uid(&env);
    edit(
        &file,
        SIX,
        "key = \"bao-cao-sau-thang\"\nrenamed_from = \"bao-cao-6-thang\"",
    );
    env.plan(&["load", "plans"]).ok();
    assert_eq!(uid(&env), before);
}
