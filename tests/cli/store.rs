//! Loading: all or nothing, unchanged files skipped, edits keep progress, removed tasks withdrawn, and the
//! sync that keeps every command from answering from an outdated store.

use crate::harness::{Env, Run, copy_into, seed_plan, state_of};

fn edit(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn loading_twice_changes_nothing() {
    let env = Env::file();
    let first = env.plan(&["load", seed_plan().to_str().unwrap()]).ok();
    assert!(
        first
            .stdout
            .ends_with(": added — plan 2022-skhcn-dan-chu-co-so\n"),
        "{}",
        first.stdout
    );
    let before = env.plan(&["plans", "--format", "json"]).ok().json();
    let again = env.plan(&["load", seed_plan().to_str().unwrap()]).ok();
    assert!(
        again
            .stdout
            .ends_with(": unchanged — plan 2022-skhcn-dan-chu-co-so\n")
    );
    assert_eq!(env.plan(&["plans", "--format", "json"]).ok().json(), before);
    assert_eq!(before[0]["tasks"], 17);
    assert_eq!(before[0]["withdrawn"], 0);
}

#[test]
fn editing_a_plan_keeps_progress_and_removed_tasks_are_withdrawn() {
    let env = Env::file();
    let file = env.path("plans/seed.toml");
    copy_into(&seed_plan(), &file);
    env.plan(&["load", "plans"]).ok();
    env.plan(&[
        "record",
        "III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--done",
        "--on",
        "12/6/2022",
        "--as-of",
        "12/6/2022",
    ])
    .ok();
    env.plan(&[
        "record",
        "III.5",
        "--note",
        "đã đăng tin",
        "--as-of",
        "12/6/2022",
    ])
    .ok();
    assert_eq!(
        state_of(&env.states("20/6/2022"), "III.3", "bao-cao-6-thang", ""),
        "done_late"
    );

    // The office corrects the six-month deadline to 15/6 and drops task III.5.
    edit(&file, "due = \"11/6/2022\"", "due = \"15/6/2022\"");
    let text = std::fs::read_to_string(&file).unwrap();
    let start = text.find("[[tasks]]\nid = \"III.5\"").unwrap();
    std::fs::write(&file, &text[..start]).unwrap();
    let r = env.plan(&["load", "plans"]).ok();
    assert!(
        r.stdout.contains(
            "updated (tasks no longer in the file: 1 kept as withdrawn with their history, 0 without history removed)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "  2022-skhcn-dan-chu-co-so/III.3 bao-cao-6-thang: done_late → done_on_time from 11/06/2022 (due 11/06/2022 → 15/06/2022)\n"
        ),
        "{}",
        r.stdout
    );

    let s = env
        .plan(&["status", "--as-of", "20/6/2022", "--format", "json"])
        .ok()
        .json();
    let six = s
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["deadline"] == "bao-cao-6-thang")
        .unwrap();
    assert_eq!(
        (six["state"].as_str(), six["due"].as_str()),
        (Some("done_on_time"), Some("2022-06-15"))
    );
    let gone = s
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["task"] == "III.5")
        .unwrap();
    assert_eq!(gone["state"], "withdrawn");
    assert_eq!(gone["note"], "đã đăng tin");
    let h = env
        .plan(&["history", "III.5", "--format", "json"])
        .ok()
        .json();
    assert_eq!(
        h.as_array().unwrap().len(),
        1,
        "history of a withdrawn task is kept"
    );
    let refused = env
        .plan(&["record", "III.5", "--note", "x", "--as-of", "20/6/2022"])
        .code(2);
    assert!(refused.stderr.contains("was withdrawn from its plan"));
    env.plan(&["overdue", "--as-of", "20/6/2022", "--format", "json"])
        .code(1);
}

#[test]
fn an_invalid_file_means_nothing_is_loaded() {
    let env = Env::file();
    let good = env.path("plans/a.toml");
    copy_into(&seed_plan(), &good);
    env.write(
        "plans/b.toml",
        "[plan]\nid = \"b\"\ntitle = \"B\"\nissuer = \"X\"\nyear = \"2022\"\n",
    );
    let r = env.plan(&["load", "plans"]).code(2);
    assert_eq!(
        r.stderr,
        "plans/b.toml:5:8: error: `year` must be an integer, not a string — write year = 2022\n\
         plan: error: 1 error(s) in the plan files — nothing was loaded; fix them and load again\n"
    );
    assert!(!env.db().exists(), "no store was created");

    std::fs::remove_file(env.path("plans/b.toml")).unwrap();
    env.plan(&["load", "plans"]).ok();
    let before = std::fs::read(env.db()).unwrap();
    edit(&good, "year = 2022", "year = \"2022\"");
    env.plan(&["load", "plans"]).code(2);
    assert_eq!(
        std::fs::read(env.db()).unwrap(),
        before,
        "the store is byte-for-byte unchanged"
    );
}

#[test]
fn a_configured_plans_folder_is_synced_before_every_command() {
    let env = Env::file();
    let file = env.path("plans/seed.toml");
    copy_into(&seed_plan(), &file);
    env.write("config.toml", "plans = \"plans\"\n");
    // No explicit load: the first command loads the folder.
    let r = env.plan(&["overdue", "--as-of", "12/6/2022"]).code(1);
    assert!(r.stderr.starts_with("plan: synced "), "{}", r.stderr);
    assert_eq!(r.stdout.lines().count(), 3);
    // Unchanged: nothing is said.
    assert_eq!(
        env.plan(&["overdue", "--as-of", "12/6/2022"])
            .code(1)
            .stderr,
        ""
    );
    // The office rewords a title: cron sees it at once.
    edit(
        &file,
        "title = \"Ban Biên tập Trang TTĐT Sở tuyên truyền Kế hoạch và gương điển hình\"",
        "title = \"Ban Biên tập tuyên truyền Kế hoạch\"",
    );
    let r = env
        .plan(&["status", "--as-of", "12/6/2022", "--format", "json"])
        .ok();
    assert!(r.stderr.starts_with("plan: synced "), "{}", r.stderr);
    assert!(
        r.stdout.contains("Ban Biên tập tuyên truyền Kế hoạch\""),
        "{}",
        r.stdout
    );
    // Moving the registration deadline, long past, would rewrite what was reported: the sync refuses it.
    edit(&file, "due = \"12/4/2022\"", "due = \"12/7/2022\"");
    let before = std::fs::read(env.db()).unwrap();
    let r = env.plan(&["overdue", "--as-of", "12/6/2022"]).code(2);
    assert_eq!(r.stdout, "");
    assert!(
        r.stderr.contains(
            "2022-skhcn-dan-chu-co-so/III.2 dang-ky-mo-hinh: overdue → open from 12/04/2022 (due 12/04/2022 → 12/07/2022)\n"
        ),
        "{}",
        r.stderr
    );
    assert!(
        r.stderr.contains("the change alters results of past days (listed above) — nothing was changed; load it explicitly with: plan load "),
        "{}",
        r.stderr
    );
    assert_eq!(
        std::fs::read(env.db()).unwrap(),
        before,
        "nothing was written"
    );
    // An explicit load applies it and says what it changed.
    let r = env.plan(&["load", "plans", "--as-of", "12/6/2022"]).ok();
    assert!(
        r.stdout.contains("Results of past days that this load changed:\n  2022-skhcn-dan-chu-co-so/III.2 dang-ky-mo-hinh: overdue → open from 12/04/2022"),
        "{}",
        r.stdout
    );
    let r = env.plan(&["overdue", "--as-of", "12/6/2022"]).code(1);
    assert_eq!(r.stdout.lines().count(), 2);
    // A broken edit fails loudly instead of reporting from the old version.
    edit(&file, "due = \"12/7/2022\"", "due = \"31/2/2022\"");
    let r = env.plan(&["overdue", "--as-of", "12/6/2022"]).code(2);
    assert!(r.stderr.contains("seed.toml:"), "{}", r.stderr);
    assert!(r.stderr.contains("error: `due` is not a valid date: '31/2/2022': 02/2022 has no day 31 (it has 28 days) — dates are day/month/year"));
    assert!(r.stderr.ends_with("plan: error: a plan file changed since it was loaded and is now invalid — fix it; the store was not changed\n"));
    assert_eq!(r.stdout, "");
}

#[test]
fn only_the_configured_folder_is_synced() {
    let env = Env::file();
    let file = env.path("elsewhere/seed.toml");
    copy_into(&seed_plan(), &file);
    env.plan(&["load", "elsewhere/seed.toml"]).ok();
    edit(&file, "due = \"11/11/2022\"", "due = \"20/11/2022\"");
    // A file outside the configured plans folder is reloaded by plan load, not behind a read command's back.
    let due = |env: &Env| {
        let rows = env
            .plan(&["status", "--as-of", "12/6/2022", "--format", "json"])
            .ok()
            .json();
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["deadline"] == "bao-cao-nam")
            .unwrap()["due"]
            .clone()
    };
    assert_eq!(due(&env), "2022-11-11");
    env.plan(&["load", "elsewhere/seed.toml"]).ok();
    assert_eq!(due(&env), "2022-11-20");
}

#[test]
fn the_same_task_id_in_two_plans_needs_the_plan_name() {
    let env = Env::file();
    let other = std::fs::read_to_string(seed_plan())
        .unwrap()
        .replace("id = \"2022-skhcn-dan-chu-co-so\"", "id = \"2023-copy\"");
    env.write("plans/b.toml", &other);
    copy_into(&seed_plan(), &env.path("plans/a.toml"));
    env.plan(&["load", "plans"]).ok();
    let r = env.plan(&["show", "III.3", "--as-of", "12/6/2022"]).code(2);
    assert_eq!(
        r.stderr,
        "plan: error: task `III.3` is in several plans: 2022-skhcn-dan-chu-co-so/III.3, 2023-copy/III.3 — name it as PLAN/TASK\n"
    );
    env.plan(&[
        "show",
        "2023-copy/III.3",
        "--as-of",
        "12/6/2022",
        "--format",
        "json",
    ])
    .ok();
    let dup = env.write("more/c.toml", &other);
    let r = env.plan(&["load", dup.to_str().unwrap()]).code(2);
    assert!(
        r.stderr
            .contains("plan id `2023-copy` is already loaded from"),
        "{}",
        r.stderr
    );
    // When the first file is gone, the plan has moved: it loads from the new file, its history kept.
    std::fs::remove_file(env.path("plans/b.toml")).unwrap();
    let r = env.plan(&["load", dup.to_str().unwrap()]).ok();
    assert!(r.stdout.contains("plan 2023-copy"), "{}", r.stdout);
    let plans = env.plan(&["plans", "--format", "json"]).ok().json();
    let moved = plans
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["plan"] == "2023-copy")
        .unwrap();
    assert!(
        moved["file"].as_str().unwrap().ends_with("more/c.toml"),
        "{moved}"
    );
}

#[test]
fn the_store_is_private_to_its_owner() {
    let env = Env::seeded_file();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(env.db()).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "mode {mode:o}");
    }
    assert!(env.db().exists());
}

#[test]
fn stores_of_every_released_version_upgrade_with_their_data() {
    for version in [1, 2, 3, 4, 9] {
        // Version 4's store has a progress note before the completion of task 1 (and so has 9, which is
        // version 4's store upgraded by the release that wrote version 9).
        let events = if version >= 4 { 3 } else { 2 };
        let env = Env::file();
        let fixture = crate::harness::repo().join(format!("tests/fixtures/stores/v{version}.db"));
        std::fs::copy(&fixture, env.db()).unwrap();
        let original = std::fs::read(env.db()).unwrap();
        let rows = env
            .plan(&["status", "--as-of", "1/5/2022", "--format", "json"])
            .ok()
            .json();
        let states: Vec<(&str, &str)> = rows
            .as_array()
            .unwrap()
            .iter()
            .map(|r| (r["task"].as_str().unwrap(), r["state"].as_str().unwrap()))
            .collect();
        assert_eq!(
            states,
            [("1", "done_on_time"), ("2", "ongoing")],
            "v{version}"
        );
        assert_eq!(rows[0]["evidence"], "Công văn số 12/CV-HCTH");
        assert_eq!(
            rows[0]["note"],
            serde_json::Value::Null,
            "v{version}: a completion shows its own note, not an earlier progress note"
        );
        assert_eq!(
            rows[1]["note"], "đang làm",
            "v{version}: the summary of old events was rebuilt"
        );
        assert_eq!(env.history().len(), events);
        // The frozen data step of migration 6 chained the old events as the live chain verifies them.
        let check = env.plan(&["check"]).ok();
        assert!(
            !check.stdout.contains("break"),
            "v{version}: {}",
            check.stdout
        );
        let backup = env.path(&format!("store.db.v{version}.bak"));
        let copy = rusqlite::Connection::open(&backup).unwrap();
        let kept: i64 = copy
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        let kept_events: i64 = copy
            .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
            .unwrap();
        assert_eq!(
            (kept, kept_events as usize),
            (version, events),
            "v{version}: backed up, as it was, before the migration"
        );
        assert_ne!(
            std::fs::read(env.db()).unwrap(),
            original,
            "the store itself was migrated"
        );
        env.plan(&["check"]).ok();
        // Historical as-of dates still fold the events: before the completion it was open.
        let early = env
            .plan(&["status", "--as-of", "9/4/2022", "--format", "json"])
            .ok()
            .json();
        assert_eq!(early[0]["state"], "open");
    }
}

#[test]
fn a_store_from_a_newer_plan_is_refused_unchanged() {
    let env = Env::seeded_file();
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let before = std::fs::read(env.db()).unwrap();
    let r = env.plan(&["status", "--as-of", "1/5/2022"]).code(2);
    assert!(
        r.stderr
            .contains("schema version 99, newer than this plan understands"),
        "{}",
        r.stderr
    );
    env.plan(&["record", "III.2", "--done", "--as-of", "1/5/2022"])
        .code(2);
    assert_eq!(std::fs::read(env.db()).unwrap(), before);
}

#[test]
fn check_and_backup() {
    let env = Env::seeded_file();
    env.plan(&[
        "record", "III.2", "--done", "--on", "1/4/2022", "--as-of", "1/4/2022",
    ])
    .ok();
    let ok = env.plan(&["check"]).ok();
    assert!(ok.stdout.ends_with(": ok\n"), "{}", ok.stdout);
    env.plan(&["backup", "copy.db"]).ok();
    let copy = rusqlite::Connection::open(env.path("copy.db")).unwrap();
    let events: i64 = copy
        .query_row("SELECT count(*) FROM events", [], |r| r.get(0))
        .unwrap();
    assert_eq!(events, 1);
    // Damage the store behind plan's back: an event pointing at a deadline that never existed.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    conn.execute(
        "INSERT INTO events (task_rid, deadline_key, kind, on_date, recorded_at) VALUES (1, 'nope', 'note', '2022-04-02', 'x')",
        [],
    )
    .unwrap();
    drop(conn);
    let bad = env.plan(&["check"]).code(1);
    assert!(
        bad.stdout
            .contains("an event points at a deadline its task never had"),
        "{}",
        bad.stdout
    );
    assert!(
        bad.stdout
            .contains("progress is recorded but its summary is missing")
    );
}

#[test]
fn an_unusable_store_path_is_one_clear_error() {
    let env = Env::file();
    env.write("afile", "x");
    let seed = seed_plan();
    let r = env
        .plan(&["--db", "afile/plan.db", "load", seed.to_str().unwrap()])
        .code(2);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(
        r.stderr
            .starts_with("plan: error: the store afile/plan.db: "),
        "{}",
        r.stderr
    );
    env.write(
        "garbage.db",
        "this is not a database, just text long enough to fill a header page",
    );
    let r = env.plan(&["--db", "garbage.db", "status"]).code(2);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.contains("garbage.db"), "{}", r.stderr);
}

/// A plan of one task whose deadlines are listed out of date order, for the order of status rows.
const OUT_OF_ORDER: &str = r#"
[plan]
id = "thu-tu"
title = "Kế hoạch thử thứ tự"
issuer = "Sở Mẫu"
year = 2022

[[units]]
id = "hcth"
name = "Phòng Hành chính - Tổng hợp"

[[tasks]]
id = "1"
title = "Báo cáo"
text = "Báo cáo năm trước ngày 30/11/2022, sơ kết trước ngày 1/3/2022 và báo cáo hàng quý."
lead = ["hcth"]

[[tasks.deadlines]]
key = "nam"
due = "30/11/2022"
wording = "trước ngày 30/11/2022"

[[tasks.deadlines]]
key = "so-ket"
due = "1/3/2022"
wording = "trước ngày 1/3/2022"

[[tasks.deadlines]]
key = "quy"
every = "quarter"
from = "1/1/2022"
until = "31/12/2022"
wording = "báo cáo hàng quý"

[[tasks]]
id = "2"
title = "Thường xuyên"
text = "Thực hiện thường xuyên."
lead = ["hcth"]
"#;

#[test]
fn rows_of_a_task_come_in_the_plan_s_deadline_order_then_by_date() {
    let env = Env::file();
    env.write("plans/thu-tu.toml", OUT_OF_ORDER);
    env.plan(&["load", "plans"]).ok();
    for format in ["tsv", "csv"] {
        let out = env
            .plan(&["status", "--as-of", "1/1/2022", "--format", format])
            .ok()
            .stdout;
        let sep = if format == "tsv" { '\t' } else { ',' };
        let rows: Vec<(String, String, String)> = out
            .lines()
            .skip(1)
            .map(|l| {
                let f: Vec<&str> = l.split(sep).collect();
                (f[1].to_string(), f[2].to_string(), f[9].to_string())
            })
            .collect();
        let expected = [
            ("1", "nam", ""),
            ("1", "so-ket", ""),
            ("1", "quy", "2022-Q1"),
            ("1", "quy", "2022-Q2"),
            ("1", "quy", "2022-Q3"),
            ("1", "quy", "2022-Q4"),
            ("2", "", ""),
        ];
        let expected: Vec<(String, String, String)> = expected
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(rows, expected, "{format}");
    }
}

#[test]
fn record_on_one_plan_is_not_stopped_by_another_plan_s_broken_edit() {
    let env = Env::file();
    env.write("plans/thu-tu.toml", OUT_OF_ORDER);
    copy_into(&seed_plan(), &env.path("plans/seed.toml"));
    env.write("config.toml", "plans = \"plans\"\n");
    env.plan(&["load", "plans"]).ok();
    edit(
        &env.path("plans/seed.toml"),
        "due = \"12/4/2022\"",
        "due = \"31/2/2022\"",
    );
    // PLAN/TASK reads only its own plan's file.
    let r = env
        .plan(&[
            "record",
            "thu-tu/1",
            "--deadline",
            "so-ket",
            "--done",
            "--as-of",
            "28/2/2022",
        ])
        .ok();
    assert!(
        r.stderr.starts_with("plan: recorded event 1"),
        "{}",
        r.stderr
    );
    // A bare task id may be in any plan: everything is synced first, and the broken file stops it.
    let r = env
        .plan(&["record", "2", "--note", "x", "--as-of", "1/3/2022"])
        .code(2);
    assert!(r.stderr.contains("seed.toml:"), "{}", r.stderr);
    // So does every other command, until the file is mended.
    env.plan(&["status", "--as-of", "1/3/2022"]).code(2);
    edit(
        &env.path("plans/seed.toml"),
        "due = \"31/2/2022\"",
        "due = \"12/4/2022\"",
    );
    let rows = env.states("1/3/2022");
    assert_eq!(state_of(&rows, "1", "so-ket", ""), "done_on_time");
}

/// Records the seed's six-month report (III.3) done on 10/6/2022, the day before it falls due.
const RECORD_REPORT: &[&str] = &[
    "record",
    "III.3",
    "--deadline",
    "bao-cao-6-thang",
    "--done",
    "--as-of",
    "10/6/2022",
];

#[test]
fn after_a_load_the_database_file_alone_holds_the_plans_and_a_backup_holds_every_event() {
    let env = Env::seeded_file();
    let alone = env.path("alone.db");
    std::fs::copy(env.db(), &alone).unwrap();
    let plans = env
        .plan(&["--db", alone.to_str().unwrap(), "plans"])
        .ok()
        .stdout;
    assert!(plans.contains("2022-skhcn-dan-chu-co-so"), "{plans}");
    // An event lives in the write-ahead log until the log is copied over; a backup includes it.
    env.plan(RECORD_REPORT).ok();
    let backup = env.path("backup.db");
    env.plan(&["backup", backup.to_str().unwrap()]).ok();
    let history = env
        .plan(&[
            "--db",
            backup.to_str().unwrap(),
            "history",
            "--format",
            "json",
        ])
        .ok()
        .json();
    assert_eq!(history.as_array().unwrap().len(), 1, "{history}");
}

/// A run that failed with exit 2 and one line of error ending in `message`.
fn assert_one_error(r: &Run, message: &str) {
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    assert!(r.stderr.trim_end().ends_with(message), "{}", r.stderr);
}

/// How many plans the store at `db` holds.
fn loaded_plans(env: &Env, db: &str) -> usize {
    let listed = env.plan(&["--db", db, "plans"]).ok().stdout;
    // The first line is the header.
    listed.lines().count() - 1
}

/// Copies of the seed plan under other ids, in `big/`: a load of them grows the store by megabytes.
fn many_plans(env: &Env, count: usize) {
    let seed = std::fs::read_to_string(seed_plan()).unwrap();
    for i in 0..count {
        env.write(
            &format!("big/p{i}.toml"),
            &seed.replace(
                "id = \"2022-skhcn-dan-chu-co-so\"",
                &format!("id = \"copy-{i}\""),
            ),
        );
    }
}

#[cfg(unix)]
#[test]
fn a_file_size_limit_is_one_clear_error_and_changes_nothing() {
    let env = Env::seeded_file();
    let before = std::fs::read(env.db()).unwrap();
    many_plans(&env, 40);
    // The shell's file-size limit stands in for a full disk where no small file system can be mounted (the
    // tests below use a real one as root): no file of the store may grow more than 256 KiB past the store's
    // size. SIGXFSZ is ignored so that the write fails instead of killing the process.
    let blocks = before.len() / 512 + 512;
    let r = env.plan_after(
        &format!("trap '' XFSZ; ulimit -f {blocks}"),
        &["load", "big"],
    );
    assert_one_error(
        &r,
        "disk I/O error — the disk could not be written or read (full, too small, removed or failing) — free space or check the disk, then run the command again; nothing was changed",
    );
    assert_eq!(
        std::fs::read(env.db()).unwrap(),
        before,
        "the database file is untouched"
    );
    env.plan(&["check"]).ok();
    assert_eq!(loaded_plans(&env, env.db().to_str().unwrap()), 1);
    // With room again, the same load goes through.
    env.plan(&["load", "big"]).ok();
    assert_eq!(loaded_plans(&env, env.db().to_str().unwrap()), 41);
}

/// A small file system mounted for one test (only root may mount; `None` elsewhere), unmounted when dropped.
#[cfg(target_os = "linux")]
struct SmallDisk(std::path::PathBuf);

#[cfg(target_os = "linux")]
impl SmallDisk {
    fn mount(at: &std::path::Path, size: &str) -> Option<SmallDisk> {
        std::fs::create_dir_all(at).unwrap();
        let mounted = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        mounted.then(|| SmallDisk(at.to_path_buf()))
    }
}

#[cfg(target_os = "linux")]
impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount")
            .arg("-l")
            .arg(&self.0)
            .status();
    }
}

/// A store holding the seed plan on a 2 MiB file system, and the path of its file; `None` when this machine
/// cannot mount one (only root may).
#[cfg(target_os = "linux")]
fn store_on_small_disk(env: &Env) -> Option<(SmallDisk, String)> {
    let Some(disk) = SmallDisk::mount(&env.path("small"), "2m") else {
        eprintln!(
            "skipped: mounting a small file system needs root, so a really full disk cannot be made here"
        );
        return None;
    };
    let db = env.path("small/store.db").to_str().unwrap().to_string();
    env.plan(&["--db", &db, "load", seed_plan().to_str().unwrap()])
        .ok();
    Some((disk, db))
}

#[cfg(target_os = "linux")]
#[test]
fn a_load_the_full_disk_cannot_hold_changes_nothing() {
    let env = Env::file();
    let Some((_disk, db)) = store_on_small_disk(&env) else {
        return;
    };
    let before = std::fs::read(&db).unwrap();
    // A hundred plans need more log than the disk has room for.
    many_plans(&env, 100);
    let r = env.plan(&["--db", &db, "load", "big"]);
    assert_one_error(
        &r,
        "database or disk is full — the disk is full — free some space and run the command again; nothing was changed",
    );
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the database file is untouched"
    );
    env.plan(&["--db", &db, "check"]).ok();
    assert_eq!(loaded_plans(&env, &db), 1);
}

#[cfg(target_os = "linux")]
#[test]
fn a_load_committed_on_a_full_disk_is_kept_and_copied_once_there_is_room() {
    let env = Env::file();
    let Some((_disk, db)) = store_on_small_disk(&env) else {
        return;
    };
    // Eighteen plans (with the text of their first revision) fit in the log but not, once more, in the
    // database file.
    many_plans(&env, 18);
    let r = env.plan(&["--db", &db, "load", "big"]).ok();
    assert!(
        r.stderr.starts_with(&format!(
            "plan: warning: the load is saved in {db}-wal but could not be copied into {db} (database or disk is full) — free some space; the next command that writes copies it"
        )),
        "{}",
        r.stderr
    );
    assert_eq!(loaded_plans(&env, &db), 19);
    env.plan(&["--db", &db, "check"]).ok();
    // With room again, the next write copies the log into the database file.
    let grown = std::process::Command::new("mount")
        .args(["-o", "remount,size=20m"])
        .arg(env.path("small"))
        .status()
        .unwrap();
    assert!(grown.success());
    let small = std::fs::metadata(&db).unwrap().len();
    env.plan(&[
        "--db",
        &db,
        "record",
        "copy-3/III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--done",
        "--as-of",
        "10/6/2022",
    ])
    .ok();
    assert!(
        std::fs::metadata(&db).unwrap().len() > small * 2,
        "the plans are now in {db}"
    );
    env.plan(&["--db", &db, "check"]).ok();
}

/// Makes a file read-only even for root (which writes through permissions) by marking it immutable, and
/// undoes that when dropped so that the test's folder can be removed.
#[cfg(unix)]
struct ReadOnly(std::path::PathBuf, bool);

#[cfg(unix)]
impl ReadOnly {
    /// `None` when this machine cannot make the file read-only (root without `chattr`).
    fn make(path: &std::path::Path) -> Option<ReadOnly> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o400)).unwrap();
        if std::fs::OpenOptions::new().write(true).open(path).is_err() {
            return Some(ReadOnly(path.to_path_buf(), false));
        }
        let chattr = |flag: &str| {
            std::process::Command::new("chattr")
                .arg(flag)
                .arg(path)
                .stderr(std::process::Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        };
        chattr("+i").then(|| ReadOnly(path.to_path_buf(), true))
    }
}

#[cfg(unix)]
impl Drop for ReadOnly {
    fn drop(&mut self) {
        if self.1 {
            std::process::Command::new("chattr")
                .arg("-i")
                .arg(&self.0)
                .status()
                .unwrap();
        }
    }
}

#[cfg(unix)]
#[test]
fn a_read_only_store_is_one_clear_error_and_changes_nothing() {
    let env = Env::seeded_file();
    let before = std::fs::read(env.db()).unwrap();
    let Some(guard) = ReadOnly::make(&env.db()) else {
        eprintln!(
            "skipped: running as root without a working `chattr +i`, so the store cannot be made read-only here"
        );
        return;
    };
    let r = env.plan(RECORD_REPORT);
    let after = std::fs::read(env.db()).unwrap();
    // Reading still works.
    let states = env.states("10/6/2022");
    drop(guard);
    assert_one_error(
        &r,
        "attempt to write a readonly database — the store cannot be written (a read-only file, folder or disk) — check its permissions, or name a writable store with --db; nothing was changed",
    );
    assert_eq!(after, before, "the database file is untouched");
    assert_eq!(state_of(&states, "III.3", "bao-cao-6-thang", ""), "open");
    env.plan(&["check"]).ok();
    assert_eq!(env.history().len(), 0, "nothing was recorded");
}

/// Issue 11: a store on a read-only file system is read (its log empty, no `-shm` there to be made), and one
/// whose log still holds changes says what to do.
#[cfg(target_os = "linux")]
#[test]
fn a_store_on_a_read_only_file_system_is_read() {
    let env = Env::file();
    let Some(disk) = SmallDisk::mount(&env.path("ro"), "8m") else {
        eprintln!(
            "skipped: mounting a file system needs root, so a read-only one cannot be made here"
        );
        return;
    };
    let db = env.path("ro/store.db").to_str().unwrap().to_string();
    env.plan(&["--db", &db, "load", seed_plan().to_str().unwrap()])
        .ok();
    env.plan(&[
        "--db", &db, "record", "II.1", "--done", "--as-of", "1/5/2022",
    ])
    .ok();
    // As a copy taken to another machine has it: the log copied in, no shared-memory file.
    env.plan(&["--db", &db, "check"]).ok();
    let conn = rusqlite::Connection::open(&db).unwrap();
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    drop(conn);
    let _ = std::fs::remove_file(format!("{db}-shm"));
    let remount = |how: &str| {
        std::process::Command::new("mount")
            .args(["-o", &format!("remount,{how}")])
            .arg(&disk.0)
            .status()
            .unwrap()
            .success()
    };
    assert!(remount("ro"));
    let r = env.plan(&[
        "--db", &db, "status", "--as-of", "2/5/2022", "--format", "json",
    ]);
    let check = env.plan(&["--db", &db, "check"]);
    assert!(remount("rw"));
    let rows = r.ok().json();
    assert_eq!(rows[0]["state"], "completed");
    check.ok();
    // With changes still in the log, and no shared memory to read it through, it cannot be read there.
    env.plan(&[
        "--db", &db, "record", "II.2", "--done", "--as-of", "1/5/2022",
    ])
    .ok();
    let _ = std::fs::remove_file(format!("{db}-shm"));
    assert!(std::fs::metadata(format!("{db}-wal")).unwrap().len() > 0);
    assert!(remount("ro"));
    let r = env.plan(&["--db", &db, "status"]);
    assert!(remount("rw"));
    assert_one_error(
        &r,
        &format!(
            "the store {db} is in a folder that cannot be written, and its log {db}-wal holds changes not yet copied into it — copy both files to a writable folder and name the copy with --db, or run plan check where the store can be written"
        ),
    );
}

#[test]
fn each_revision_keeps_who_loaded_it_and_a_plan_its_first_loader() {
    let env = Env::file();
    copy_into(&seed_plan(), &env.path("plans/a.toml"));
    let as_user = |user: &str, args: &[&str]| {
        let out = env.command(args).env("USER", user).output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    };
    as_user("lan", &["load", "plans"]);
    let text = std::fs::read_to_string(env.path("plans/a.toml"))
        .unwrap()
        .replace(
            "Sở Khoa học và Công nghệ xây dựng Kế hoạch",
            "Sở Khoa học và Công nghệ ban hành Kế hoạch",
        );
    env.write("plans/a.toml", &text);
    as_user("minh", &["load", "plans"]);
    let revisions: serde_json::Value = serde_json::from_str(&as_user(
        "minh",
        &["revisions", "2022-skhcn-dan-chu-co-so", "--format", "json"],
    ))
    .unwrap();
    let by: Vec<&str> = revisions
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["loaded_by"].as_str().unwrap())
        .collect();
    assert_eq!(by, ["lan", "minh"]);
    let plans: serde_json::Value =
        serde_json::from_str(&as_user("minh", &["plans", "--format", "json"])).unwrap();
    assert_eq!(plans[0]["owner"], "lan", "the owner is who first loaded it");
    // Who loaded a revision is kept as the rest of it: the guard refuses to change it.
    let conn = rusqlite::Connection::open(env.db()).unwrap();
    let e = conn
        .execute("UPDATE revisions SET loaded_by = 'x' WHERE n = 1", [])
        .unwrap_err();
    assert!(e.to_string().contains("revisions are append-only"), "{e}");
    drop(conn);
    env.plan(&["check"]).ok();
}
