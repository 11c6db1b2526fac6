//! Issue 11: a file that is not a `plan` store is refused untouched by every command, and a store changed
//! behind `plan`'s back (sqlite3 with the append-only triggers dropped) is caught by `plan check`.

use crate::harness::Env;

/// Every command that opens the store, reading or writing.
const COMMANDS: &[&[&str]] = &[
    &["status", "--as-of", "1/5/2022"],
    &["overdue", "--as-of", "1/5/2022"],
    &["export", "--as-of", "1/5/2022"],
    &["history"],
    &["plans"],
    &["units"],
    &["check"],
    &["record", "II.1", "--done", "--as-of", "1/5/2022"],
    &["backup", "copy.db"],
];

/// The bytes of a file and of its `-wal` and `-shm`, if any.
fn bytes_of(path: &std::path::Path) -> Vec<Vec<u8>> {
    ["", "-wal", "-shm"]
        .iter()
        .map(|s| std::fs::read(format!("{}{s}", path.display())).unwrap_or_default())
        .collect()
}

fn refused_untouched(env: &Env, name: &str, said: &str) {
    let path = env.path(name);
    let before = bytes_of(&path);
    let load = [
        "load",
        crate::harness::seed_plan()
            .to_str()
            .unwrap()
            .to_string()
            .leak(),
    ];
    for args in COMMANDS.iter().copied().chain([&load[..]]) {
        let mut all = vec!["--db", name];
        all.extend_from_slice(args);
        let r = env.plan(&all).code(2);
        assert!(r.stderr.contains(said), "{name} {args:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
        assert!(bytes_of(&path) == before, "{name} {args:?} changed it");
        assert!(!env.path("copy.db").exists());
    }
}

#[test]
fn files_that_are_not_plan_stores_are_refused_untouched() {
    let env = Env::file();
    std::fs::write(env.path("zero.db"), "").unwrap();
    refused_untouched(
        &env,
        "zero.db",
        "zero.db is an empty file, not a plan store",
    );
    std::fs::write(env.path("text.db"), "Kế hoạch số 53/KH-UBND\n".repeat(200)).unwrap();
    refused_untouched(
        &env,
        "text.db",
        "text.db is not a plan store (not an SQLite database at all)",
    );
    for (name, sql) in [
        (
            "other.db",
            "CREATE TABLE notes (x); INSERT INTO notes VALUES (1);",
        ),
        // Another program's database whose version is one plan once had: not half-migrated.
        ("v3.db", "CREATE TABLE notes (x); PRAGMA user_version = 3;"),
        (
            "wal.db",
            "PRAGMA journal_mode = WAL; CREATE TABLE notes (x); PRAGMA application_id = 7;",
        ),
    ] {
        let conn = rusqlite::Connection::open(env.path(name)).unwrap();
        conn.execute_batch(sql).unwrap();
        drop(conn);
        refused_untouched(&env, name, "is an SQLite database, but not a plan store");
    }
}

#[test]
fn a_store_with_an_impossible_version_is_refused_at_once() {
    let env = Env::seeded_file();
    for version in ["-1", "-2147483648", "0", "2147483647"] {
        let name = format!("v{version}.db");
        env.plan(&["backup", &name]).ok();
        let conn = rusqlite::Connection::open(env.path(&name)).unwrap();
        conn.execute_batch(&format!("PRAGMA user_version = {version}"))
            .unwrap();
        drop(conn);
        let said = if version == "2147483647" {
            "has schema version 2147483647"
        } else {
            "which no plan writes"
        };
        refused_untouched(&env, &name, said);
    }
}

#[cfg(unix)]
#[test]
fn a_store_path_that_cannot_be_a_store_says_why() {
    let env = Env::file();
    std::fs::create_dir(env.path("folder.db")).unwrap();
    let r = env.plan(&["--db", "folder.db", "status"]).code(2);
    assert_eq!(
        r.stderr,
        "plan: error: the store folder.db is a folder — name the store file, e.g. --db folder.db/plan.db\n"
    );
    std::os::unix::fs::symlink("gone.db", env.path("dangling.db")).unwrap();
    for args in [
        &["status"][..],
        &["load", crate::harness::seed_plan().to_str().unwrap()],
    ] {
        let mut all = vec!["--db", "dangling.db"];
        all.extend_from_slice(args);
        let r = env.plan(&all).code(2);
        assert_eq!(
            r.stderr,
            "plan: error: the store dangling.db is a symbolic link to gone.db, which does not exist — restore the file it points to, or remove the link (plan load then makes a new store)\n"
        );
    }
    assert!(!env.path("gone.db").exists());
}

/// A store with a few events, and a copy of it to tamper with through `sqlite3`'s own means (rusqlite here).
fn recorded() -> Env {
    let env = Env::seeded_file();
    for (task, args) in [
        ("III.5", &["--note", "đang làm"][..]),
        ("III.5", &["--progress", "50"]),
        ("II.1", &["--done", "--evidence", "Công văn số 12/CV-HCTH"]),
        ("II.2", &["--note", "chờ số liệu"]),
    ] {
        let mut all = vec!["record", task, "--as-of", "12/6/2022"];
        all.extend_from_slice(args);
        env.plan(&all).ok();
    }
    env.plan(&["check"]).ok();
    env
}

/// Runs `sql` on a copy of the store (made by `plan backup`), then `plan check` on it; its problem lines.
fn tampered(env: &Env, name: &str, sql: &str) -> Vec<String> {
    env.plan(&["backup", name]).ok();
    let conn = rusqlite::Connection::open(env.path(name)).unwrap();
    // As the sqlite3 shell has it: foreign keys not enforced.
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; DELETE FROM meta WHERE key IN ('snapshot_at', 'snapshot_of')",
    )
    .unwrap();
    conn.execute_batch(sql).unwrap();
    drop(conn);
    let r = env.plan(&["--db", name, "check"]);
    assert_eq!(
        r.code, 1,
        "{name}: check found nothing\n{}{}",
        r.stdout, r.stderr
    );
    r.stdout
        .lines()
        .filter(|l| l.starts_with(name))
        .map(|l| l[name.len() + 2..].to_string())
        .collect()
}

const UNGUARDED: &str =
    "DROP TRIGGER events_append_only_update; DROP TRIGGER events_append_only_delete;
    DROP TRIGGER event_hashes_append_only_update; DROP TRIGGER event_hashes_append_only_delete;";

#[test]
fn check_catches_a_history_changed_behind_its_back() {
    let env = recorded();
    let clean = env.plan(&["check"]).ok();
    assert!(
        clean.stderr.contains(": 4 events, the newest hash "),
        "{}",
        clean.stderr
    );
    let has = |lines: &[String], what: &str| lines.iter().any(|l| l.contains(what));
    let cases: &[(&str, String, &str)] = &[
        ("guards.db", UNGUARDED.into(), "the append-only guard events_append_only_update is missing"),
        (
            "changed.db",
            format!("{UNGUARDED} UPDATE events SET note = 'xong' WHERE id = 1;"),
            "history: event 1 does not match its hash",
        ),
        (
            "removed.db",
            format!("{UNGUARDED} DELETE FROM events WHERE id = 2;"),
            "history: event 2 was removed outside plan",
        ),
        (
            "removed-both.db",
            format!("{UNGUARDED} DELETE FROM event_hashes WHERE event_id = 2; DELETE FROM events WHERE id = 2;"),
            "history: event 3 does not match its hash",
        ),
        (
            "truncated.db",
            format!("{UNGUARDED} DELETE FROM event_hashes WHERE event_id = 4; DELETE FROM events WHERE id = 4;"),
            "history: the newest event is not the one last recorded",
        ),
        (
            "added.db",
            format!("{UNGUARDED} INSERT INTO events (task_rid, kind, on_date, recorded_at) SELECT task_rid, 'done', '2022-06-01', recorded_at FROM events WHERE id = 4;"),
            "has no hash — it was added outside plan",
        ),
        (
            "forged.db",
            "UPDATE progress SET done_on = '2022-05-01', percent = 100 WHERE note = 'chờ số liệu';".into(),
            "a progress summary does not follow from the events (changed outside plan): 2022-skhcn-dan-chu-co-so/II.2",
        ),
        (
            "invented.db",
            "INSERT INTO progress (task_rid, deadline_key, period, member, done_on, first_on, last_on)
             SELECT rid, '', '', '', '2022-05-01', '2022-05-01', '2022-05-01' FROM tasks WHERE id = 'II.4';".into(),
            "2022-skhcn-dan-chu-co-so/II.4",
        ),
        (
            "self.db",
            format!("{UNGUARDED} PRAGMA ignore_check_constraints = 1; UPDATE events SET kind = 'retract', retracts = id WHERE id = 3;"),
            "a retraction cancels itself or a later event: event 3",
        ),
        (
            "values.db",
            format!("{UNGUARDED} PRAGMA ignore_check_constraints = 1; UPDATE events SET on_date = '2022-13-45', progress = 500, kind = 'bogus', recorded_at = 'yesterday' WHERE id = 2;"),
            "event 2: its date is not a date",
        ),
    ];
    for (name, sql, said) in cases {
        let lines = tampered(&env, name, sql);
        assert!(has(&lines, said), "{name}: {lines:#?}");
    }
    let values = tampered(&env, "values2.db", &cases[9].1);
    for said in [
        "event 2: not a kind of event plan records",
        "event 2: its percent is not a number from 0 to 100",
        "event 2: the moment it was recorded is not a time",
    ] {
        assert!(has(&values, said), "{values:#?}");
    }
    // An ordinary command that meets such a value says so in one line, not in SQLite's words.
    let r = env.plan(&["--db", "values.db", "history"]).code(2);
    assert_eq!(
        r.stderr,
        "plan: error: the store values.db holds a value plan never writes (`bogus` is not a kind of event) — it was changed outside plan: run plan check to see what, and restore it from a backup (plan restore)\n"
    );
}

#[test]
fn check_words_what_it_finds_in_the_language_of_the_run() {
    let env = recorded();
    env.plan(&["backup", "links.db"]).ok();
    let conn = rusqlite::Connection::open(env.path("links.db")).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF; DELETE FROM meta WHERE key IN ('snapshot_at', 'snapshot_of');
         UPDATE task_units SET unit_id = 'ghost' WHERE rowid = (SELECT min(rowid) FROM task_units);",
    )
    .unwrap();
    drop(conn);
    let vi = env
        .plan(&["--lang", "vi", "--db", "links.db", "check"])
        .code(1);
    assert!(
        vi.stdout.contains(
            "một nhiệm vụ ghi đơn vị mà kế hoạch của nó không có: 2022-skhcn-dan-chu-co-so/"
        ),
        "{}",
        vi.stdout
    );
    assert!(
        vi.stdout.ends_with("lịch sử không bao giờ bị ghi đè\n"),
        "{}",
        vi.stdout
    );
    let en = env.plan(&["--db", "links.db", "check"]).code(1);
    assert!(
        en.stdout
            .contains("a task names a unit its plan does not have: "),
        "{}",
        en.stdout
    );
}
