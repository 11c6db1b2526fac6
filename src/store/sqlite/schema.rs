//! Schema migrations, numbered by SQLite's `user_version`.
//!
//! The rule this module keeps: the schema changes only by appending a migration to [`MIGRATIONS`]; a released
//! migration is never edited. A store whose version is newer than the last migration was written by a newer
//! `plan` and is refused untouched.

/// One step of the schema: SQL, then (when the new tables need data computed in Rust) a data step.
pub struct Migration {
    /// The DDL and SQL of the step.
    pub sql: &'static str,
    /// Fills what SQL alone cannot.
    pub data: Option<fn(&rusqlite::Transaction<'_>) -> rusqlite::Result<()>>,
}

/// Each entry moves the schema from version `i` to `i + 1`.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        sql: V1,
        data: None,
    },
    Migration {
        sql: V2,
        data: None,
    },
    // Versions 3 and 4 filled the progress summaries here, with the code of their day. The summaries are a
    // cache of the events, now rebuilt by the store itself whenever the rule that folds them changes (see
    // `stream::CACHE_VERSION`), so no data step runs code that a later version may change: a store of any
    // version ends the same.
    Migration {
        sql: V3,
        data: None,
    },
    Migration {
        sql: V4,
        data: None,
    },
    Migration {
        sql: V5,
        data: None,
    },
    Migration {
        sql: V6,
        data: Some(v6_backfill),
    },
    Migration {
        sql: V7,
        data: None,
    },
    Migration {
        sql: V8,
        data: None,
    },
    Migration {
        sql: V9,
        data: None,
    },
    Migration {
        sql: V10,
        data: None,
    },
];

const V1: &str = r#"
CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    issuer TEXT NOT NULL,
    year INTEGER NOT NULL,
    province TEXT,
    number TEXT,
    issued TEXT,
    coordinator TEXT,
    preamble TEXT,
    closing TEXT NOT NULL DEFAULT '[]',
    signer TEXT,
    file TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    file_mtime INTEGER NOT NULL,
    loaded_at TEXT NOT NULL
);
CREATE TABLE recipients (
    plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    role TEXT NOT NULL,
    unit_id TEXT,
    PRIMARY KEY (plan_id, seq)
);
CREATE TABLE units (
    plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    external INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (plan_id, id)
);
CREATE TABLE refs (
    plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    number TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    date TEXT,
    issuer TEXT NOT NULL,
    subject TEXT,
    basis INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (plan_id, number)
);
CREATE TABLE objectives (
    plan_id TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    text TEXT NOT NULL,
    refs TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (plan_id, id)
);
CREATE TABLE tasks (
    rid INTEGER PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans(id),
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    section TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    UNIQUE (plan_id, id)
);
CREATE TABLE task_units (
    task_rid INTEGER NOT NULL REFERENCES tasks(rid) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('lead', 'support', 'report_to')),
    seq INTEGER NOT NULL,
    unit_id TEXT NOT NULL,
    PRIMARY KEY (task_rid, role, unit_id)
);
CREATE TABLE task_refs (
    task_rid INTEGER NOT NULL REFERENCES tasks(rid) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    PRIMARY KEY (task_rid, number)
);
CREATE TABLE deadlines (
    rid INTEGER PRIMARY KEY,
    task_rid INTEGER NOT NULL REFERENCES tasks(rid),
    key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    wording TEXT NOT NULL,
    every TEXT,
    withdrawn INTEGER NOT NULL DEFAULT 0,
    UNIQUE (task_rid, key)
);
CREATE TABLE occurrences (
    deadline_rid INTEGER NOT NULL REFERENCES deadlines(rid),
    period TEXT NOT NULL DEFAULT '',
    due TEXT NOT NULL,
    last_day TEXT NOT NULL,
    rule TEXT NOT NULL CHECK (rule IN ('before', 'by')),
    assumed INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (deadline_rid, period)
);
CREATE INDEX occurrences_last_day ON occurrences(last_day);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    task_rid INTEGER NOT NULL REFERENCES tasks(rid),
    deadline_key TEXT,
    period TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('done', 'reopen', 'progress', 'blocked', 'note', 'retract')),
    on_date TEXT NOT NULL,
    by_unit TEXT,
    progress INTEGER CHECK (progress BETWEEN 0 AND 100),
    note TEXT,
    evidence TEXT,
    retracts INTEGER REFERENCES events(id),
    recorded_at TEXT NOT NULL
);
CREATE INDEX events_task ON events(task_rid, deadline_key, period, on_date, id);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END;
"#;

/// Version 2: the shared registry of legal documents (`plans/documents.toml`).
const V2: &str = r#"
CREATE TABLE registry_files (
    file TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    file_mtime INTEGER NOT NULL,
    loaded_at TEXT NOT NULL
);
CREATE TABLE documents (
    rid INTEGER PRIMARY KEY,
    file TEXT NOT NULL REFERENCES registry_files(file) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    key TEXT NOT NULL,
    number TEXT NOT NULL,
    kind TEXT,
    title TEXT,
    issuer TEXT,
    date TEXT,
    in_force_from TEXT,
    ceased_on TEXT,
    ceased_by TEXT,
    source TEXT
);
CREATE INDEX documents_key ON documents(key);
"#;

/// Version 3: the progress summary of every occurrence (see `store::stream`), and the indexes that let status
/// rows stream in plan order.
const V3: &str = r#"
CREATE TABLE progress (
    task_rid INTEGER NOT NULL REFERENCES tasks(rid),
    deadline_key TEXT NOT NULL DEFAULT '',
    period TEXT NOT NULL DEFAULT '',
    done_on TEXT,
    evidence TEXT,
    percent INTEGER,
    note TEXT,
    blocked INTEGER NOT NULL DEFAULT 0,
    last_on TEXT NOT NULL,
    PRIMARY KEY (task_rid, deadline_key, period)
);
CREATE INDEX tasks_plan_seq ON tasks(plan_id, seq);
CREATE INDEX deadlines_task ON deadlines(task_rid, seq);
"#;

/// Version 4: indexes for the commands that must answer in a few milliseconds whatever the size of the store:
/// task ids looked up without regard to case (`plan record 1.1` names a task of any plan), and the loaded files'
/// sizes and times, which every command compares with the files on disk, read without the plans' texts. And
/// the date of each occurrence's first event, so that a status as of a date before it needs no events read.
const V4: &str = r#"
CREATE INDEX tasks_id_nocase ON tasks(id COLLATE NOCASE);
CREATE INDEX plans_file ON plans(file, file_size, file_mtime, id);
ALTER TABLE progress ADD COLUMN first_on TEXT;
"#;

/// Version 5: a record that stays true. Revisions of every plan; amendments that move a deadline from a date
/// on, and withdrawals from a date on; obligations tracked per member of a unit (`task_members`, the
/// `member` of events and summaries) and the shared registry of units; and the store's own facts (`meta`:
/// the version of the progress cache, and the moment of a snapshot made by `plan backup`).
const V5: &str = r#"
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
ALTER TABLE events ADD COLUMN member TEXT;
DROP TABLE progress;
CREATE TABLE progress (
    task_rid INTEGER NOT NULL REFERENCES tasks(rid),
    deadline_key TEXT NOT NULL DEFAULT '',
    period TEXT NOT NULL DEFAULT '',
    member TEXT NOT NULL DEFAULT '',
    done_on TEXT,
    evidence TEXT,
    percent INTEGER,
    note TEXT,
    blocked INTEGER NOT NULL DEFAULT 0,
    first_on TEXT NOT NULL,
    last_on TEXT NOT NULL,
    PRIMARY KEY (task_rid, deadline_key, period, member)
);
ALTER TABLE tasks ADD COLUMN withdrawn_on TEXT;
ALTER TABLE tasks ADD COLUMN withdrawn_by TEXT;
ALTER TABLE deadlines ADD COLUMN withdrawn_on TEXT;
ALTER TABLE deadlines ADD COLUMN withdrawn_by TEXT;
CREATE INDEX tasks_withdrawn_on ON tasks(withdrawn_on) WHERE withdrawn_on IS NOT NULL;
CREATE INDEX deadlines_withdrawn_on ON deadlines(withdrawn_on) WHERE withdrawn_on IS NOT NULL;
-- The key a deadline's events are recorded under: the first key it had, kept when it is renamed.
ALTER TABLE deadlines ADD COLUMN history_key TEXT;
UPDATE deadlines SET history_key = key;
ALTER TABLE occurrences ADD COLUMN amended_on TEXT;
ALTER TABLE occurrences ADD COLUMN amended_by TEXT;
-- The earliest last allowed day of all of an occurrence's versions: no version is overdue before it.
ALTER TABLE occurrences ADD COLUMN earliest_last_day TEXT;
UPDATE occurrences SET earliest_last_day = last_day;
DROP INDEX occurrences_last_day;
CREATE INDEX occurrences_earliest ON occurrences(earliest_last_day);
CREATE INDEX occurrences_amended ON occurrences(amended_on) WHERE amended_on IS NOT NULL;
CREATE TABLE amendments (
    deadline_rid INTEGER NOT NULL REFERENCES deadlines(rid),
    seq INTEGER NOT NULL,
    on_date TEXT NOT NULL,
    by_doc TEXT NOT NULL,
    period TEXT,
    due TEXT,
    rule TEXT,
    day INTEGER,
    PRIMARY KEY (deadline_rid, seq)
);
CREATE TABLE occurrence_versions (
    deadline_rid INTEGER NOT NULL REFERENCES deadlines(rid),
    period TEXT NOT NULL DEFAULT '',
    effective_from TEXT NOT NULL DEFAULT '',
    due TEXT NOT NULL,
    last_day TEXT NOT NULL,
    rule TEXT NOT NULL CHECK (rule IN ('before', 'by')),
    assumed INTEGER NOT NULL DEFAULT 0,
    amended_by TEXT,
    PRIMARY KEY (deadline_rid, period, effective_from)
);
ALTER TABLE units ADD COLUMN members TEXT NOT NULL DEFAULT '[]';
ALTER TABLE units ADD COLUMN origin TEXT NOT NULL DEFAULT 'plan' CHECK (origin IN ('plan', 'registry'));
CREATE TABLE task_members (
    task_rid INTEGER NOT NULL REFERENCES tasks(rid) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    member_id TEXT NOT NULL,
    PRIMARY KEY (task_rid, member_id)
);
CREATE TABLE org_units (
    file TEXT NOT NULL REFERENCES registry_files(file) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    aliases TEXT NOT NULL DEFAULT '[]',
    members TEXT NOT NULL DEFAULT '[]',
    external INTEGER NOT NULL DEFAULT 0,
    source TEXT,
    PRIMARY KEY (file, id)
);
CREATE TABLE revisions (
    plan_id TEXT NOT NULL REFERENCES plans(id),
    n INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    file TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    source TEXT,
    changes TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (plan_id, n)
);
-- The plans loaded before this version: their first known revision, without its text.
INSERT INTO revisions (plan_id, n, content_hash, file, loaded_at, source, changes)
    SELECT id, 1, content_hash, file, loaded_at, NULL, '[]' FROM plans;
CREATE TRIGGER revisions_append_only_delete BEFORE DELETE ON revisions
    BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
CREATE TRIGGER revisions_append_only_update BEFORE UPDATE ON revisions
    WHEN OLD.source IS NOT NULL OR NEW.plan_id IS NOT OLD.plan_id OR NEW.n IS NOT OLD.n
      OR NEW.content_hash IS NOT OLD.content_hash OR NEW.file IS NOT OLD.file
      OR NEW.loaded_at IS NOT OLD.loaded_at OR NEW.changes IS NOT OLD.changes
    BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
"#;

/// Version 6: the store says it is `plan`'s (SQLite's `application_id`, "PLAN"), and the history is
/// tamper-evident: each event's hash covers the event and the hash before it (see `store::chain`), kept
/// append-only beside the events, with the newest in `meta` (`events_head`).
const V6: &str = r#"
PRAGMA application_id = 1347174734;
CREATE TABLE event_hashes (
    event_id INTEGER PRIMARY KEY REFERENCES events(id),
    hash TEXT NOT NULL
);
CREATE TRIGGER event_hashes_append_only_update BEFORE UPDATE ON event_hashes
    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END;
CREATE TRIGGER event_hashes_append_only_delete BEFORE DELETE ON event_hashes
    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END;
"#;

/// Version 7: the office profile of a registry file (`[office]`), as JSON of `domain::Office`.
const V7: &str = r#"
ALTER TABLE registry_files ADD COLUMN office TEXT;
"#;

/// Migration 6's data step, frozen as it was released: the hashes of the events recorded before it, in
/// order, by the chain's definition of that day (a later change to the live chain code, or to the events
/// table, must not change what this migration writes into an old store).
fn v6_backfill(tx: &rusqlite::Transaction<'_>) -> rusqlite::Result<()> {
    use rusqlite::types::ValueRef;
    use sha2::{Digest, Sha256};
    const COLUMNS: &str = "id, task_rid, deadline_key, period, kind, on_date, by_unit, progress, note, \
                           evidence, retracts, recorded_at, member";
    let link = |prev: &str, row: &rusqlite::Row<'_>| -> rusqlite::Result<String> {
        let mut h = Sha256::new();
        h.update(prev.as_bytes());
        for i in 0..13 {
            match row.get_ref(i)? {
                ValueRef::Null => h.update(b"N"),
                ValueRef::Integer(n) => h.update(format!("I{n};")),
                ValueRef::Real(f) => h.update(format!("R{f:e};")),
                ValueRef::Text(t) => {
                    h.update(format!("T{}:", t.len()));
                    h.update(t);
                }
                ValueRef::Blob(b) => {
                    h.update(format!("B{}:", b.len()));
                    h.update(b);
                }
            }
        }
        Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
    };
    let mut prev = String::new();
    let mut last = None;
    {
        let mut st = tx.prepare(&format!("SELECT {COLUMNS} FROM events ORDER BY id"))?;
        let mut insert = tx.prepare("INSERT INTO event_hashes (event_id, hash) VALUES (?1, ?2)")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            prev = link(&prev, r)?;
            insert.execute(rusqlite::params![id, prev])?;
            last = Some(id);
        }
    }
    if let Some(id) = last {
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('events_head', ?1)
             ON CONFLICT (key) DO UPDATE SET value = ?1",
            [format!("{id} {prev}")],
        )?;
    }
    Ok(())
}

/// Version 8: who loaded each revision, and who owns each plan (who first loaded it). Revisions loaded
/// before keep NULL: the store does not know who loaded them. The revisions' guard covers the new column.
const V8: &str = r#"
ALTER TABLE revisions ADD COLUMN loaded_by TEXT;
ALTER TABLE plans ADD COLUMN owner TEXT;
DROP TRIGGER revisions_append_only_update;
CREATE TRIGGER revisions_append_only_update BEFORE UPDATE ON revisions
    WHEN OLD.source IS NOT NULL OR NEW.plan_id IS NOT OLD.plan_id OR NEW.n IS NOT OLD.n
      OR NEW.content_hash IS NOT OLD.content_hash OR NEW.file IS NOT OLD.file
      OR NEW.loaded_at IS NOT OLD.loaded_at OR NEW.changes IS NOT OLD.changes
      OR NEW.loaded_by IS NOT OLD.loaded_by
    BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END;
"#;

/// Version 9: the days of the years' official schedules of a registry file (`[[calendar]]`), as JSON of
/// `domain::CalendarDay`.
const V9: &str = r#"
ALTER TABLE registry_files ADD COLUMN calendar TEXT;
"#;

/// Version 10: deadlines counted from events. A plan's events (`[[events]]`), the dates recorded for them
/// (append-only and hash-chained like the progress history: a moved date is a new row, a mistaken one is
/// retracted by a row of its own), how a deadline is counted (`deadlines.reckoning`, JSON of
/// `domain::Schedule::Counted`'s terms) and the event's date each version was counted from.
const V10: &str = r#"
CREATE TABLE plan_events (
    plan_id TEXT NOT NULL REFERENCES plans(id),
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    name TEXT NOT NULL,
    date TEXT,
    PRIMARY KEY (plan_id, id)
);
CREATE TABLE event_dates (
    id INTEGER PRIMARY KEY,
    plan_id TEXT NOT NULL,
    event_id TEXT NOT NULL,
    on_date TEXT NOT NULL,
    since TEXT NOT NULL,
    evidence TEXT,
    note TEXT,
    recorded_at TEXT NOT NULL,
    recorded_by TEXT,
    retracts INTEGER REFERENCES event_dates(id)
);
CREATE INDEX event_dates_event ON event_dates(plan_id, event_id, since, id);
CREATE TABLE event_date_hashes (
    record_id INTEGER PRIMARY KEY REFERENCES event_dates(id),
    hash TEXT NOT NULL
);
CREATE TRIGGER event_dates_append_only_update BEFORE UPDATE ON event_dates
    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END;
CREATE TRIGGER event_dates_append_only_delete BEFORE DELETE ON event_dates
    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END;
CREATE TRIGGER event_date_hashes_append_only_update BEFORE UPDATE ON event_date_hashes
    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END;
CREATE TRIGGER event_date_hashes_append_only_delete BEFORE DELETE ON event_date_hashes
    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END;
ALTER TABLE deadlines ADD COLUMN reckoning TEXT;
ALTER TABLE occurrences ADD COLUMN event_on TEXT;
ALTER TABLE occurrence_versions ADD COLUMN event_on TEXT;
"#;

/// The triggers that keep the history and the revisions append-only, as the newest migration leaves them:
/// `plan check` finds each one, word for word.
pub const GUARDS: &[(&str, &str)] = &[
    (
        "events_append_only_update",
        "CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events\n    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END",
    ),
    (
        "events_append_only_delete",
        "CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events\n    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END",
    ),
    (
        "event_hashes_append_only_update",
        "CREATE TRIGGER event_hashes_append_only_update BEFORE UPDATE ON event_hashes\n    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END",
    ),
    (
        "event_hashes_append_only_delete",
        "CREATE TRIGGER event_hashes_append_only_delete BEFORE DELETE ON event_hashes\n    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END",
    ),
    (
        "event_dates_append_only_update",
        "CREATE TRIGGER event_dates_append_only_update BEFORE UPDATE ON event_dates\n    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END",
    ),
    (
        "event_dates_append_only_delete",
        "CREATE TRIGGER event_dates_append_only_delete BEFORE DELETE ON event_dates\n    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END",
    ),
    (
        "event_date_hashes_append_only_update",
        "CREATE TRIGGER event_date_hashes_append_only_update BEFORE UPDATE ON event_date_hashes\n    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END",
    ),
    (
        "event_date_hashes_append_only_delete",
        "CREATE TRIGGER event_date_hashes_append_only_delete BEFORE DELETE ON event_date_hashes\n    BEGIN SELECT RAISE(ABORT, 'the progress history is append-only'); END",
    ),
    (
        "revisions_append_only_delete",
        "CREATE TRIGGER revisions_append_only_delete BEFORE DELETE ON revisions\n    BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END",
    ),
    (
        "revisions_append_only_update",
        "CREATE TRIGGER revisions_append_only_update BEFORE UPDATE ON revisions\n    WHEN OLD.source IS NOT NULL OR NEW.plan_id IS NOT OLD.plan_id OR NEW.n IS NOT OLD.n\n      OR NEW.content_hash IS NOT OLD.content_hash OR NEW.file IS NOT OLD.file\n      OR NEW.loaded_at IS NOT OLD.loaded_at OR NEW.changes IS NOT OLD.changes\n      OR NEW.loaded_by IS NOT OLD.loaded_by\n    BEGIN SELECT RAISE(ABORT, 'revisions are append-only'); END",
    ),
];
