//! Keeping the store sound: a consistency check, and consistent copies taken while others write.

use super::super::{ChainBreak, Link, Problem};
use super::{Result, Store, StoreError};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::time::Duration;

/// Consistency queries: each returns one row per problem, described for people.
const CHECKS: &[(Link, &str)] = &[
    (
        Link::UnitUnknown,
        "SELECT t.plan_id || '/' || t.id || ': ' || tu.unit_id FROM task_units tu JOIN tasks t ON t.rid = tu.task_rid
         WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.plan_id = t.plan_id AND u.id = tu.unit_id)",
    ),
    (
        Link::MemberUnknown,
        "SELECT t.plan_id || '/' || t.id || ': ' || tm.member_id FROM task_members tm JOIN tasks t ON t.rid = tm.task_rid
         WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.plan_id = t.plan_id AND u.id = tm.member_id)",
    ),
    (
        Link::ReferenceUnknown,
        "SELECT t.plan_id || '/' || t.id || ': ' || tr.number FROM task_refs tr JOIN tasks t ON t.rid = tr.task_rid
         WHERE NOT EXISTS (SELECT 1 FROM refs r WHERE r.plan_id = t.plan_id AND r.number = tr.number)",
    ),
    (
        Link::EventTaskUnknown,
        "SELECT 'event ' || e.id FROM events e WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.rid = e.task_rid)",
    ),
    (
        Link::EventDeadlineUnknown,
        "SELECT 'event ' || e.id || ' (' || t.plan_id || '/' || t.id || ', ' || e.deadline_key || ')' FROM events e
         JOIN tasks t ON t.rid = e.task_rid
         WHERE e.deadline_key IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.task_rid = e.task_rid AND d.history_key = e.deadline_key)",
    ),
    (
        Link::RetractsOtherTask,
        "SELECT 'event ' || e.id FROM events e JOIN events x ON x.id = e.retracts WHERE x.task_rid <> e.task_rid",
    ),
    (
        Link::RetractsLater,
        "SELECT 'event ' || id FROM events WHERE retracts IS NOT NULL AND retracts >= id",
    ),
    (
        Link::RetractsRetraction,
        "SELECT 'event ' || e.id FROM events e JOIN events x ON x.id = e.retracts WHERE x.kind = 'retract'",
    ),
    (
        Link::RetractedTwice,
        "SELECT 'event ' || retracts FROM events WHERE retracts IS NOT NULL GROUP BY retracts HAVING count(*) > 1",
    ),
    (
        Link::RetractionTarget,
        "SELECT 'event ' || id FROM events WHERE (kind = 'retract') <> (retracts IS NOT NULL)",
    ),
    (
        Link::RetractsMissing,
        "SELECT 'event ' || e.id FROM events e WHERE e.retracts IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM events x WHERE x.id = e.retracts)",
    ),
    (
        Link::OccurrenceOrphan,
        "SELECT o.deadline_rid || ' ' || o.period FROM occurrences o
         WHERE NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.rid = o.deadline_rid)",
    ),
    (
        Link::DeadlineOrphan,
        "SELECT d.rid || ' ' || d.key FROM deadlines d WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.rid = d.task_rid)",
    ),
    (
        Link::SummaryMissing,
        "SELECT DISTINCT t.plan_id || '/' || t.id || ' ' || coalesce(e.deadline_key, '') || ' ' || coalesce(e.period, '')
         FROM events e JOIN tasks t ON t.rid = e.task_rid
         WHERE e.kind <> 'retract' AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.task_rid = e.task_rid
               AND p.deadline_key = coalesce(e.deadline_key, '') AND p.period = coalesce(e.period, '')
               AND p.member = coalesce(e.member, ''))
           AND (e.member IS NULL OR EXISTS (SELECT 1 FROM task_members tm WHERE tm.task_rid = e.task_rid
               AND tm.member_id = e.member))",
    ),
];

/// What `plan check` found.
#[derive(Debug, Default)]
pub struct Checkup {
    /// Each problem.
    pub problems: Vec<Problem>,
    /// The number of events in the history.
    pub events: usize,
    /// The newest hash of the history (see `store::chain`), when it has events.
    pub head: Option<String>,
}

/// What a store made by `plan backup` records of its moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// When the copy was made (RFC 3339).
    pub at: String,
    /// The store it was copied from.
    pub of: String,
}

impl Store {
    /// The moment this store was copied at, when it is a copy made by `plan backup`: nothing is synced or
    /// recorded into such a store.
    pub fn snapshot(&self) -> Result<Option<Snapshot>> {
        let get = |key: &str| {
            self.conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
                    r.get::<_, String>(0)
                })
                .optional()
        };
        let at = get("snapshot_at").map_err(self.sql())?;
        let of = get("snapshot_of").map_err(self.sql())?;
        Ok(at.zip(of).map(|(at, of)| Snapshot { at, of }))
    }

    /// Every problem found: SQLite's integrity check, foreign keys, the links between plans, tasks, deadlines
    /// and events, the append-only guards, the hash chain of the history, the values of every event, and the
    /// summaries, refolded from the events and compared. No problem when the store is sound.
    pub fn check(&self) -> Result<Checkup> {
        // One read transaction: every check sees the same store, even while others write.
        self.conn.execute_batch("BEGIN").map_err(self.sql())?;
        let checked = self.check_all();
        let _ = self.conn.execute_batch("COMMIT");
        checked
    }

    fn check_all(&self) -> Result<Checkup> {
        let mut problems = self.check_links()?;
        problems.extend(self.check_guards()?);
        problems.extend(self.check_values()?);
        let chain = super::chain::verify(&self.conn).map_err(self.sql())?;
        for (id, b) in &chain.breaks {
            use super::chain::Break;
            problems.push(Problem::Chain(
                *id,
                match b {
                    Break::Unhashed => ChainBreak::Unhashed,
                    Break::Mismatch => ChainBreak::Mismatch,
                    Break::Orphan => ChainBreak::Orphan,
                    Break::Head => ChainBreak::Head,
                },
            ));
        }
        let unfounded = super::stream::unfounded_summaries(&self.conn).map_err(self.sql())?;
        problems.extend(unfounded.into_iter().map(Problem::Unfounded));
        Ok(Checkup {
            problems,
            events: chain.events,
            head: chain.head,
        })
    }

    /// The append-only triggers, each exactly as the migrations made it.
    fn check_guards(&self) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        for (name, expected) in super::schema::GUARDS {
            let sql: Option<String> = self
                .conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()
                .map_err(self.sql())?;
            match sql {
                None => problems.push(Problem::GuardMissing(name)),
                Some(sql) if sql != *expected => problems.push(Problem::GuardChanged(name)),
                Some(_) => {}
            }
        }
        Ok(problems)
    }

    /// Every event's values as `plan` writes them: a kind it knows, real dates, a percent from 0 to 100.
    fn check_values(&self) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        let mut st = self
            .conn
            .prepare("SELECT id, kind, on_date, recorded_at, progress FROM events ORDER BY id")
            .map_err(self.sql())?;
        let mut rows = st.query([]).map_err(self.sql())?;
        while let Some(r) = rows.next().map_err(self.sql())? {
            let id: i64 = r.get(0).map_err(self.sql())?;
            let text = |i| {
                r.get_ref(i)
                    .ok()
                    .and_then(|v| v.as_str().ok().map(str::to_string))
            };
            let kind = text(1).and_then(|k| crate::domain::EventKind::parse(&k));
            if kind.is_none() {
                problems.push(Problem::EventKind(id));
            }
            if text(2).and_then(|d| crate::date::parse_iso(&d)).is_none() {
                problems.push(Problem::EventDate(id));
            }
            if text(3).is_none_or(|t| chrono::DateTime::parse_from_rfc3339(&t).is_err()) {
                problems.push(Problem::EventTime(id));
            }
            let percent = r.get_ref(4).map_err(self.sql())?;
            let valid = match percent {
                rusqlite::types::ValueRef::Null => true,
                rusqlite::types::ValueRef::Integer(n) => (0..=100).contains(&n),
                _ => false,
            };
            if !valid {
                problems.push(Problem::EventPercent(id));
            }
        }
        Ok(problems)
    }

    /// SQLite's integrity and foreign-key checks, and the links between plans, tasks, deadlines and events.
    fn check_links(&self) -> Result<Vec<Problem>> {
        let mut problems = Vec::new();
        let mut st = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(self.sql())?;
        let rows: Vec<String> = st
            .query_map([], |r| r.get(0))
            .and_then(|r| r.collect())
            .map_err(self.sql())?;
        problems.extend(
            rows.into_iter()
                .filter(|r| r != "ok")
                .map(Problem::Integrity),
        );
        let mut st = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(self.sql())?;
        let rows: Vec<(String, Option<i64>, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|r| r.collect())
            .map_err(self.sql())?;
        for (table, rowid, parent) in rows {
            problems.push(Problem::ForeignKey {
                table,
                row: rowid,
                parent,
            });
        }
        for (what, sql) in CHECKS {
            let mut st = self.conn.prepare(sql).map_err(self.sql())?;
            let rows: Vec<String> = st
                .query_map([], |r| r.get(0))
                .and_then(|r| r.collect())
                .map_err(self.sql())?;
            problems.extend(rows.into_iter().map(|r| Problem::Link(*what, r)));
        }
        Ok(problems)
    }

    /// Copies the store to `dest` through SQLite's online backup, as it is (the copy kept before a migration):
    /// written beside `dest` under an unpredictable name created exclusively, readable by its owner only, and
    /// renamed into place.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let io = |source| StoreError::Io {
            path: dest.to_path_buf(),
            source,
        };
        let dir = dest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(".plan-backup.")
            .tempfile_in(dir)
            .map_err(io)?;
        self.backup_into(tmp.path(), None)?;
        tmp.persist(dest).map(drop).map_err(|e| io(e.error))
    }

    /// Copies the store through SQLite's online backup into `tmp` (an empty file): a consistent copy even
    /// while other processes write. With `snapshot`, the copy records that moment (see [`Store::snapshot`]).
    pub fn backup_into(&self, tmp: &Path, snapshot: Option<&str>) -> Result<()> {
        let copied = (|| -> rusqlite::Result<()> {
            let mut out = Connection::open(tmp)?;
            copy_pages(&self.conn, &mut out)?;
            if let Some(at) = snapshot {
                out.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('snapshot_at', ?1), ('snapshot_of', ?2)",
                    params![at, self.path.to_string_lossy()],
                )?;
            }
            Ok(())
        })();
        copied.map_err(|source| super::failure(tmp.to_path_buf(), source))
    }

    /// Makes a store in `tmp` (an empty file) from a copy made by `plan backup`: its content, without the mark
    /// of a snapshot.
    pub fn restore_into(&self, tmp: &Path) -> Result<()> {
        let copied = (|| -> rusqlite::Result<()> {
            let mut out = Connection::open(tmp)?;
            copy_pages(&self.conn, &mut out)?;
            out.execute(
                "DELETE FROM meta WHERE key IN ('snapshot_at', 'snapshot_of')",
                [],
            )?;
            Ok(())
        })();
        copied.map_err(|source| super::failure(tmp.to_path_buf(), source))
    }
}

/// Copies every page of `from` into `to` through SQLite's online backup.
fn copy_pages(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    let backup = Backup::new(from, to)?;
    // All pages in one step (-1): a writer cannot restart the copy halfway. Busy: wait and retry, boundedly.
    for _ in 0..200 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("the store stayed busy for 10 seconds; try again".into()),
    ))
}
