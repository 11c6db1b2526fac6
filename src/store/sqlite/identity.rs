//! Telling a `plan` store from any other file before anything is read from it or written to it.
//!
//! The rule this module keeps: a store is `plan`'s when its header carries [`APPLICATION_ID`] and a version
//! this build knows, or (stores made before the id was written, versions 1 to 5) when its tables and indexes are
//! exactly those its version's migrations make. Anything else (another program's database, an empty file, a version
//! that no `plan` ever wrote) is refused before a single byte of it changes.

use super::schema::MIGRATIONS;
use rusqlite::{Connection, OpenFlags};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

/// SQLite's `application_id` of a `plan` store: "PLAN" in ASCII.
pub const APPLICATION_ID: i32 = 0x504C_414E;

/// The version from which a store carries [`APPLICATION_ID`].
const FIRST_WITH_ID: i64 = 6;

/// What a file opened as a store turned out to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Identity {
    /// No tables and no version: an empty file (or an empty SQLite database).
    Empty,
    /// A `plan` store of this schema version.
    Plan(i64),
    /// A `plan` store whose version is newer than this build knows.
    Newer(i64),
    /// Marked as `plan`'s, with a version no `plan` writes (zero, negative, or past any plausible one).
    Absurd(i64),
    /// Something else.
    Foreign,
}

/// What a file says of itself before SQLite opens it, when that is the whole truth: its log (`-wal`) holds
/// nothing (so the header is current) and opening it cannot leave a `-wal` or `-shm` beside it. `None`
/// when the log holds changes: SQLite must then read it, through [`identify`].
pub fn identify_file(path: &Path) -> std::io::Result<Option<Result<Identity, NotSqlite>>> {
    let log = std::path::PathBuf::from(format!("{}-wal", path.display()));
    if std::fs::metadata(&log).is_ok_and(|m| m.len() > 0) {
        return Ok(None);
    }
    let mut header = Vec::with_capacity(100);
    std::fs::File::open(path)?
        .take(100)
        .read_to_end(&mut header)?;
    if header.is_empty() {
        return Ok(Some(Ok(Identity::Empty)));
    }
    if header.len() < 100 || !header.starts_with(b"SQLite format 3\0") {
        return Ok(Some(Err(NotSqlite)));
    }
    let word = |at: usize| {
        i32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let (version, app) = (i64::from(word(60)), word(68));
    if app != 0 {
        return Ok(Some(Ok(classify(app, version, &BTreeSet::new()))));
    }
    // Unmarked: its tables tell. Read as an unchanging file, which it is while its log is empty, so that no
    // `-shm` is made beside another program's database.
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
        | OpenFlags::SQLITE_OPEN_NO_MUTEX
        | OpenFlags::SQLITE_OPEN_URI;
    let identified =
        Connection::open_with_flags(super::uri(path, true), flags).and_then(|c| identify(&c));
    Ok(Some(match identified {
        Ok(identity) => Ok(identity),
        Err(_) => Err(NotSqlite),
    }))
}

/// The file is not an SQLite database at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotSqlite;

/// Reads the header and the table names of `conn` (nothing else) to say what it is.
pub fn identify(conn: &Connection) -> rusqlite::Result<Identity> {
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    let tables = if app == 0 {
        tables(conn)?
    } else {
        BTreeSet::new()
    };
    Ok(classify(app, version, &tables))
}

fn classify(app: i32, version: i64, tables: &BTreeSet<String>) -> Identity {
    let known = MIGRATIONS.len() as i64;
    if app == APPLICATION_ID {
        return match version {
            v if !(FIRST_WITH_ID..=10_000).contains(&v) => Identity::Absurd(v),
            v if v > known => Identity::Newer(v),
            v => Identity::Plan(v),
        };
    }
    if app != 0 {
        return Identity::Foreign;
    }
    match version {
        0 if tables.is_empty() => Identity::Empty,
        v if (1..FIRST_WITH_ID).contains(&v) && tables_of(v).is_ok_and(|t| t == *tables) => {
            Identity::Plan(v)
        }
        v if v < 0 => Identity::Absurd(v),
        _ => Identity::Foreign,
    }
}

fn tables(conn: &Connection) -> rusqlite::Result<BTreeSet<String>> {
    let mut st = conn.prepare(
        "SELECT type || ' ' || name FROM sqlite_master
         WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
    )?;
    st.query_map([], |r| r.get(0))?.collect()
}

/// The tables and indexes the first `version` migrations make, made in memory.
fn tables_of(version: i64) -> rusqlite::Result<BTreeSet<String>> {
    let conn = Connection::open_in_memory()?;
    for step in MIGRATIONS.iter().take(version as usize) {
        conn.execute_batch(step.sql)?;
    }
    tables(&conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stores_and_strangers() {
        let conn = Connection::open_in_memory().unwrap();
        assert_eq!(identify(&conn).unwrap(), Identity::Empty);
        conn.execute_batch("CREATE TABLE notes (x)").unwrap();
        assert_eq!(identify(&conn).unwrap(), Identity::Foreign);
        // Another program's database at a version plan once had is still another program's.
        conn.pragma_update(None, "user_version", 3).unwrap();
        assert_eq!(identify(&conn).unwrap(), Identity::Foreign);

        let old = Connection::open_in_memory().unwrap();
        for step in MIGRATIONS.iter().take(4) {
            old.execute_batch(step.sql).unwrap();
        }
        old.pragma_update(None, "user_version", 4).unwrap();
        assert_eq!(identify(&old).unwrap(), Identity::Plan(4));
        old.pragma_update(None, "user_version", 3).unwrap();
        assert_eq!(
            identify(&old).unwrap(),
            Identity::Foreign,
            "tables of 4, says 3"
        );
        old.pragma_update(None, "user_version", -1).unwrap();
        assert_eq!(identify(&old).unwrap(), Identity::Absurd(-1));

        let ours = Connection::open_in_memory().unwrap();
        ours.pragma_update(None, "application_id", APPLICATION_ID)
            .unwrap();
        for (v, expected) in [
            (-1, Identity::Absurd(-1)),
            (0, Identity::Absurd(0)),
            (i64::from(i32::MAX), Identity::Absurd(i64::from(i32::MAX))),
            (999, Identity::Newer(999)),
        ] {
            ours.pragma_update(None, "user_version", v).unwrap();
            assert_eq!(identify(&ours).unwrap(), expected, "{v}");
        }
    }
}
