//! SQLite's part in keeping the store sound: its integrity and foreign-key checks, the append-only
//! triggers, and page-for-page copies through its online backup.

use super::super::Problem;
use super::super::sql::SqlResult;
use super::{Result, StoreError, db, failure};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OptionalExtension};
use std::path::Path;
use std::time::Duration;

/// SQLite's integrity and foreign-key checks, and the append-only triggers, each exactly as the migrations
/// made it.
pub fn integrity(conn: &Connection) -> SqlResult<Vec<Problem>> {
    let run = || -> rusqlite::Result<Vec<Problem>> {
        let mut problems = Vec::new();
        let mut st = conn.prepare("PRAGMA integrity_check")?;
        let rows: Vec<String> = st
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        problems.extend(
            rows.into_iter()
                .filter(|r| r != "ok")
                .map(Problem::Integrity),
        );
        let mut st = conn.prepare("PRAGMA foreign_key_check")?;
        let rows: Vec<(String, Option<i64>, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?;
        for (table, row, parent) in rows {
            problems.push(Problem::ForeignKey { table, row, parent });
        }
        for (name, expected) in super::schema::GUARDS {
            let sql: Option<String> = conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()?;
            match sql {
                None => problems.push(Problem::GuardMissing(name)),
                Some(sql) if sql != *expected => problems.push(Problem::GuardChanged(name)),
                Some(_) => {}
            }
        }
        Ok(problems)
    };
    run().map_err(db::failure)
}

/// Copies the store to `dest` through SQLite's online backup, as it is (the copy kept before a migration):
/// written beside `dest` under an unpredictable name created exclusively, readable by its owner only, and
/// renamed into place.
pub fn backup_to(conn: &Connection, dest: &Path) -> Result<()> {
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
    backup_into(conn, tmp.path(), None, "")?;
    tmp.persist(dest).map(drop).map_err(|e| io(e.error))
}

/// Copies the store through SQLite's online backup into `tmp` (an empty file): a consistent copy even
/// while other processes write. With `snapshot`, the copy records that moment and the store it is `of`.
pub fn backup_into(conn: &Connection, tmp: &Path, snapshot: Option<&str>, of: &str) -> Result<()> {
    let copied = (|| -> rusqlite::Result<()> {
        let mut out = Connection::open(tmp)?;
        copy_pages(conn, &mut out)?;
        if let Some(at) = snapshot {
            out.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('snapshot_at', ?1), ('snapshot_of', ?2)",
                rusqlite::params![at, of],
            )?;
        }
        Ok(())
    })();
    copied.map_err(|source| failure(tmp, source))
}

/// Makes a store in `tmp` (an empty file) from a copy made by `plan backup`: its content, without the mark
/// of a snapshot.
pub fn restore_into(conn: &Connection, tmp: &Path) -> Result<()> {
    let copied = (|| -> rusqlite::Result<()> {
        let mut out = Connection::open(tmp)?;
        copy_pages(conn, &mut out)?;
        out.execute(
            "DELETE FROM meta WHERE key IN ('snapshot_at', 'snapshot_of')",
            [],
        )?;
        Ok(())
    })();
    copied.map_err(|source| failure(tmp, source))
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
