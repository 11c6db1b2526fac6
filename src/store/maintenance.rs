//! Keeping the store sound: a consistency check, and consistent copies taken while others write.

use super::{Result, Store, StoreError};
use crate::msg;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::time::Duration;

/// Consistency queries: each returns one row per problem, described for people.
const CHECKS: &[(&str, &str)] = &[
    (
        "a task names a unit its plan does not have",
        "SELECT t.plan_id || '/' || t.id || ': ' || tu.unit_id FROM task_units tu JOIN tasks t ON t.rid = tu.task_rid
         WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.plan_id = t.plan_id AND u.id = tu.unit_id)",
    ),
    (
        "a task is owed by a member unit its plan does not have",
        "SELECT t.plan_id || '/' || t.id || ': ' || tm.member_id FROM task_members tm JOIN tasks t ON t.rid = tm.task_rid
         WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.plan_id = t.plan_id AND u.id = tm.member_id)",
    ),
    (
        "a task cites a reference its plan does not have",
        "SELECT t.plan_id || '/' || t.id || ': ' || tr.number FROM task_refs tr JOIN tasks t ON t.rid = tr.task_rid
         WHERE NOT EXISTS (SELECT 1 FROM refs r WHERE r.plan_id = t.plan_id AND r.number = tr.number)",
    ),
    (
        "an event points at an unknown task",
        "SELECT 'event ' || e.id FROM events e WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.rid = e.task_rid)",
    ),
    (
        "an event points at a deadline its task never had",
        "SELECT 'event ' || e.id || ' (' || t.plan_id || '/' || t.id || ', ' || e.deadline_key || ')' FROM events e
         JOIN tasks t ON t.rid = e.task_rid
         WHERE e.deadline_key IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.task_rid = e.task_rid AND d.history_key = e.deadline_key)",
    ),
    (
        "a retraction cancels an event of another task",
        "SELECT 'event ' || e.id FROM events e JOIN events x ON x.id = e.retracts WHERE x.task_rid <> e.task_rid",
    ),
    (
        "an occurrence belongs to no deadline",
        "SELECT o.deadline_rid || ' ' || o.period FROM occurrences o
         WHERE NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.rid = o.deadline_rid)",
    ),
    (
        "a deadline belongs to no task",
        "SELECT d.rid || ' ' || d.key FROM deadlines d WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.rid = d.task_rid)",
    ),
    (
        "progress is recorded but its summary is missing",
        "SELECT DISTINCT t.plan_id || '/' || t.id || ' ' || coalesce(e.deadline_key, '') || ' ' || coalesce(e.period, '')
         FROM events e JOIN tasks t ON t.rid = e.task_rid
         WHERE e.kind <> 'retract' AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.task_rid = e.task_rid
               AND p.deadline_key = coalesce(e.deadline_key, '') AND p.period = coalesce(e.period, '')
               AND p.member = coalesce(e.member, ''))
           AND (e.member IS NULL OR EXISTS (SELECT 1 FROM task_members tm WHERE tm.task_rid = e.task_rid
               AND tm.member_id = e.member))",
    ),
];

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

    /// Every problem found: SQLite's integrity check, foreign keys, and the links between plans, tasks,
    /// deadlines and events. Empty when the store is sound.
    pub fn check(&self) -> Result<Vec<String>> {
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
                .map(|r| msg!("integrity: {r}", "toàn vẹn: {r}")),
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
            let rowid = rowid.map(|r| r.to_string()).unwrap_or_default();
            problems.push(msg!(
                "foreign key: row {rowid} of {table} points at a missing row of {parent}",
                "khóa ngoại: dòng {rowid} của bảng {table} trỏ tới dòng không tồn tại của bảng {parent}"
            ));
        }
        for (what, sql) in CHECKS {
            let mut st = self.conn.prepare(sql).map_err(self.sql())?;
            let rows: Vec<String> = st
                .query_map([], |r| r.get(0))
                .and_then(|r| r.collect())
                .map_err(self.sql())?;
            problems.extend(rows.into_iter().map(|r| format!("{what}: {r}")));
        }
        Ok(problems)
    }

    /// Copies the store to `dest` through SQLite's online backup: a consistent copy even while other
    /// processes write, readable by its owner only like the store. The copy is written beside `dest` and
    /// renamed into place. With `snapshot`, the copy records that moment (see [`Store::snapshot`]); a copy
    /// without it is the store as it was (the copy kept before a migration).
    pub fn backup_to(&self, dest: &Path, snapshot: Option<&str>) -> Result<()> {
        let io = |source| StoreError::Io {
            path: dest.to_path_buf(),
            source,
        };
        let tmp = dest.with_file_name(format!(
            ".{}.{}.tmp",
            dest.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "backup".into()),
            std::process::id()
        ));
        let _ = std::fs::remove_file(&tmp);
        super::create_private(&tmp).map_err(io)?;
        let copied = (|| -> rusqlite::Result<()> {
            let mut out = Connection::open(&tmp)?;
            copy_pages(&self.conn, &mut out)?;
            if let Some(at) = snapshot {
                out.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('snapshot_at', ?1), ('snapshot_of', ?2)",
                    params![at, self.path.to_string_lossy()],
                )?;
            }
            Ok(())
        })();
        if let Err(source) = copied {
            let _ = std::fs::remove_file(&tmp);
            return Err(StoreError::Sqlite {
                path: dest.to_path_buf(),
                source,
            });
        }
        std::fs::rename(&tmp, dest).map_err(io)
    }

    /// Makes a store at `dest` (which must not exist) from a copy made by `plan backup`: its content, without
    /// the mark of a snapshot, readable by its owner only.
    pub fn restore_to(&self, dest: &Path) -> Result<()> {
        let io = |source| StoreError::Io {
            path: dest.to_path_buf(),
            source,
        };
        super::create_private(dest).map_err(io)?;
        let copied = (|| -> rusqlite::Result<()> {
            let mut out = Connection::open(dest)?;
            copy_pages(&self.conn, &mut out)?;
            out.execute(
                "DELETE FROM meta WHERE key IN ('snapshot_at', 'snapshot_of')",
                [],
            )?;
            Ok(())
        })();
        copied.map_err(|source| {
            let _ = std::fs::remove_file(dest);
            StoreError::Sqlite {
                path: dest.to_path_buf(),
                source,
            }
        })
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
