//! The SQLite backend: one file holding loaded plans and the append-only progress history, written through
//! one IMMEDIATE transaction per command, read through read-only connections, moved only by numbered
//! migrations.

mod db;
pub(super) mod identity;
pub(super) mod maintenance;
pub(super) mod schema;

use super::sql::{SqlError, SqlResult};
use super::{Location, PathProblem, Result, StoreError, stream};
use identity::Identity;
use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// A failure of SQLite, as the store's error naming the file.
pub(super) fn failure(path: &Path, source: rusqlite::Error) -> StoreError {
    backend(path, db::failure(source))
}

fn backend(path: &Path, e: SqlError) -> StoreError {
    StoreError::Backend {
        store: Location::File(path.to_path_buf()),
        kind: e.kind,
        detail: e.detail,
    }
}

/// How long a command waits for another one's write to end. A write is one transaction, and the longest is a
/// cold load of a large plans folder (the README's 100,000 tasks take 20–30 s on a busy machine): a writer
/// waits for it rather than fail, and says so while it waits.
const WAIT_LIMIT: Duration = Duration::from_secs(600);

/// After this long, the waiting command says why it is not done yet.
const WAIT_NOTICE: Duration = Duration::from_secs(2);

/// What to say while waiting, set once by the edge (the store itself prints nothing).
static ON_WAIT: std::sync::OnceLock<fn()> = std::sync::OnceLock::new();

/// Names what a command says once when it has waited [`WAIT_NOTICE`] for another command's write.
pub(super) fn on_wait(notice: fn()) {
    let _ = ON_WAIT.set(notice);
}

/// SQLite's busy handler: called again and again while another connection holds the write lock, with how
/// many times it was called for this lock; true to try again.
fn wait_for_writer(count: i32) -> bool {
    thread_local! {
        static SINCE: std::cell::Cell<(std::time::Instant, bool)> =
            std::cell::Cell::new((std::time::Instant::now(), false));
    }
    if count == 0 {
        SINCE.set((std::time::Instant::now(), false));
    }
    let (since, told) = SINCE.get();
    let waited = since.elapsed();
    if waited > WAIT_LIMIT {
        return false;
    }
    if waited > WAIT_NOTICE && !told {
        if let Some(notice) = ON_WAIT.get() {
            notice();
        }
        SINCE.set((since, true));
    }
    // Short sleeps first, so that two records one after the other barely wait; then 50 ms at a time.
    let sleep =
        Duration::from_millis(1u64 << count.clamp(0, 5) as u32).min(Duration::from_millis(50));
    std::thread::sleep(sleep);
    true
}

/// An open SQLite store.
struct Sqlite {
    conn: Connection,
    path: PathBuf,
}

impl Sqlite {
    fn sql(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |source| failure(&self.path, source)
    }

    fn shared(&self) -> impl Fn(SqlError) -> StoreError + '_ {
        |e| backend(&self.path, e)
    }

    /// Opens the store for writing, creating it (readable by its owner only) and migrating it as needed. A
    /// file that is not a `plan` store is refused untouched.
    pub fn open_write(path: &Path) -> Result<Sqlite> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        if probe(path)? {
            precheck(path)?;
        } else {
            create(path)?;
        }
        // Never SQLITE_OPEN_CREATE: a store removed since it was probed is not made again, empty, here.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|source| failure(path, source))?;
        // Closing this connection must not copy a log into the file before it is known to be a plan store.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(|source| failure(path, source))?;
        let mut store = Sqlite {
            conn,
            path: path.to_path_buf(),
        };
        let version = store.ours()?;
        store.configure(true)?;
        store.migrate(version)?;
        store.refresh_cache()?;
        Ok(store)
    }

    /// The schema version of a `plan` store; any other file is refused, as it is.
    fn ours(&self) -> Result<i64> {
        let not_ours = |identity| StoreError::NotAStore {
            path: self.path.clone(),
            identity,
        };
        let identity = match identity::identify(&self.conn) {
            Ok(i) => i,
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
                return Err(not_ours(None));
            }
            Err(e) => return Err(self.sql()(e)),
        };
        match identity {
            Identity::Plan(v) => Ok(v),
            Identity::Newer(found) => Err(StoreError::TooNew {
                store: Location::File(self.path.clone()),
                found,
                known: schema::MIGRATIONS.len() as i64,
            }),
            other => Err(not_ours(Some(other))),
        }
    }

    /// Refolds the progress summaries when they were folded by another rule than today's (one transaction).
    fn refresh_cache(&mut self) -> Result<()> {
        let path = self.path.clone();
        let sql = |source| failure(&path, source);
        let shared = |e| backend(&path, e);
        if stream::cache_is_current(&self.conn).map_err(shared)? {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        if !stream::cache_is_current(&*tx).map_err(shared)? {
            stream::rebuild_cache(&*tx).map_err(shared)?;
        }
        tx.commit().map_err(sql)
    }

    /// Opens a copy of a store as it is: read-only, never upgraded or refolded, refused unless it is a store of
    /// this version (what `plan restore` copies from).
    pub fn open_copy(path: &Path) -> Result<Sqlite> {
        if !probe(path)? {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        if let Err(e) = precheck(path) {
            let version = match e {
                StoreError::TooNew { found, .. } => found,
                _ => 0,
            };
            return Err(copy_refused(path, version));
        }
        let store = Sqlite::connect_read(path)?;
        let known = schema::MIGRATIONS.len() as i64;
        let version = match store.ours() {
            Ok(v) => v,
            Err(StoreError::TooNew { found, .. }) => found,
            Err(_) => 0,
        };
        if version == known {
            return Ok(store);
        }
        Err(copy_refused(path, version))
    }

    /// Opens an existing store read-only. A `plan` store of an older version is upgraded first, once (a copy
    /// as it was is kept); any other file is refused untouched.
    pub fn open_read(path: &Path) -> Result<Sqlite> {
        let store = Sqlite::open_read_as_is(path)?;
        let version = store.ours()?;
        let known = schema::MIGRATIONS.len() as i64;
        if version == known && stream::cache_is_current(&store.conn).map_err(store.shared())? {
            return Ok(store);
        }
        drop(store);
        Sqlite::open_write(path)?;
        let store = Sqlite::open_read_as_is(path)?;
        match store.ours()? {
            v if v == known => Ok(store),
            found => Err(StoreError::TooNew {
                store: Location::File(path.to_path_buf()),
                found,
                known,
            }),
        }
    }

    fn open_read_as_is(path: &Path) -> Result<Sqlite> {
        if !probe(path)? {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        precheck(path)?;
        let store = Sqlite::connect_read(path)?;
        store.configure(false)?;
        Ok(store)
    }

    /// A read-only connection. In a folder that cannot be written, SQLite cannot make the shared-memory file
    /// a store in WAL mode needs: such a store is then read as an unchanging file, which it is as long as its
    /// log holds nothing.
    fn connect_read(path: &Path) -> Result<Sqlite> {
        let sql = |source| failure(path, source);
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn = Connection::open_with_flags(uri(path, false), flags).map_err(sql)?;
        let readable = conn.query_row("SELECT count(*) FROM sqlite_master", [], |_| Ok(()));
        let conn = match readable {
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::CannotOpen) => {
                let log = PathBuf::from(format!("{}-wal", path.display()));
                if std::fs::metadata(&log).is_ok_and(|m| m.len() > 0) {
                    return Err(StoreError::BadPath {
                        path: path.to_path_buf(),
                        problem: PathProblem::ReadOnlyWithLog,
                    });
                }
                drop(conn);
                Connection::open_with_flags(uri(path, true), flags).map_err(sql)?
            }
            _ => conn,
        };
        Ok(Sqlite {
            conn,
            path: path.to_path_buf(),
        })
    }

    fn configure(&self, write: bool) -> Result<()> {
        // Every statement of the shared code goes through the cache (see `db`): a write of one event runs
        // some twenty, more than rusqlite's default of sixteen.
        self.conn.set_prepared_statement_cache_capacity(128);
        self.conn
            .busy_handler(Some(wait_for_writer))
            .map_err(self.sql())?;
        self.conn
            .pragma_update(None, "foreign_keys", true)
            .map_err(self.sql())?;
        if write {
            self.conn
                .pragma_update(None, "journal_mode", "WAL")
                .map_err(self.sql())?;
            // A commit is on disk when `record` returns: the write-ahead log is synced at every commit. The
            // log is then left in place rather than copied into the database when the command ends (two more
            // syncs, and the log deleted and created again by the next writer); a writer copies it once it
            // holds about 100 pages, so a reader opening the store replays at most that much.
            self.conn
                .pragma_update(None, "synchronous", "FULL")
                .map_err(self.sql())?;
            self.conn
                .set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
                .map_err(self.sql())?;
            self.conn
                .pragma_update(None, "wal_autocheckpoint", 100)
                .map_err(self.sql())?;
        }
        Ok(())
    }

    /// Brings the schema up to date. An up-to-date store takes no lock; an older one with data is first copied
    /// to `FILE.vN.bak` (N its version) through SQLite's backup, then migrated in one transaction.
    fn migrate(&mut self, current: i64) -> Result<()> {
        let known = schema::MIGRATIONS.len() as i64;
        if current == known {
            return Ok(());
        }
        if current > 0 && current < known {
            let backup = PathBuf::from(format!("{}.v{current}.bak", self.path.display()));
            if !backup.exists() {
                maintenance::backup_to(&self.conn, &backup)?;
            }
        }
        let path = self.path.clone();
        let sql = |source| failure(&path, source);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let version: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sql)?;
        if version > known {
            return Err(StoreError::TooNew {
                store: Location::File(self.path.clone()),
                found: version,
                known,
            });
        }
        for (i, step) in schema::MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(step.sql).map_err(sql)?;
            if let Some(data) = step.data {
                data(&tx).map_err(sql)?;
            }
            tx.pragma_update(None, "user_version", i as i64 + 1)
                .map_err(sql)?;
        }
        tx.commit().map_err(sql)?;
        // The migration is committed whether or not its log can be copied now; a later writer copies it.
        let _ = copy_log(&self.conn);
        Ok(())
    }
}

/// Opens the store for writing, creating it (readable by its owner only) and migrating it as needed. A file
/// that is not a `plan` store is refused untouched.
pub fn open_write(path: &Path) -> Result<Connection> {
    Sqlite::open_write(path).map(|s| s.conn)
}

/// Opens an existing store read-only, upgrading an older one first, once (a copy as it was is kept).
pub fn open_read(path: &Path) -> Result<Connection> {
    Sqlite::open_read(path).map(|s| s.conn)
}

/// Opens a copy of a store as it is, refused unless it is a store of this version.
pub fn open_copy(path: &Path) -> Result<Connection> {
    Sqlite::open_copy(path).map(|s| s.conn)
}

/// A new, empty store of this version in `tmp` (an empty file a copy is written into).
pub fn create_empty(tmp: &Path) -> Result<Connection> {
    let conn = Connection::open(tmp).map_err(|source| failure(tmp, source))?;
    let mut fresh = Sqlite {
        conn,
        path: tmp.to_path_buf(),
    };
    fresh.migrate(0)?;
    fresh
        .conn
        .pragma_update(None, "foreign_keys", true)
        .map_err(|source| failure(tmp, source))?;
    Ok(fresh.conn)
}

/// The store's error for a failure of the shared code on the file `path`.
pub fn failure_of(path: &Path, e: SqlError) -> StoreError {
    backend(path, e)
}

/// Copies the write-ahead log into the database and empties it, after a large transaction (a load, a
/// migration), so that readers do not replay it and `plan.db` alone holds everything. What was committed
/// stays committed if this fails (a full disk): the log keeps it, and a later writer copies it.
pub fn copy_log(conn: &Connection) -> SqlResult<()> {
    // Readers in the middle of a query may keep part of the log; the next writer copies the rest.
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .map_err(db::failure)
}

/// Why a copy given to `plan restore` is not restored.
fn copy_refused(path: &Path, version: i64) -> StoreError {
    StoreError::Refused(super::Refusal::NotACopy {
        path: path.to_path_buf(),
        version,
        known: schema::MIGRATIONS.len() as i64,
    })
}

/// Whether a store file is at `path` (following a link to it); a folder, a link to nothing or a FIFO there
/// is an error.
fn probe(path: &Path) -> Result<bool> {
    let bad = |problem| StoreError::BadPath {
        path: path.to_path_buf(),
        problem,
    };
    match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(source) => {
            return Err(StoreError::Io {
                path: path.to_path_buf(),
                source,
            });
        }
        Ok(_) => {}
    }
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(bad(PathProblem::DanglingLink)),
        Err(source) => Err(StoreError::Io {
            path: path.to_path_buf(),
            source,
        }),
        Ok(m) if m.is_dir() => Err(bad(PathProblem::Folder)),
        Ok(m) if !m.is_file() => Err(bad(PathProblem::NotRegular)),
        Ok(_) => Ok(true),
    }
}

/// Refuses a file that is not a `plan` store before SQLite opens it (so that not even a `-shm` is left beside
/// it), whenever its header alone can tell.
fn precheck(path: &Path) -> Result<()> {
    let identified = identity::identify_file(path).map_err(|source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let not_ours = |identity| StoreError::NotAStore {
        path: path.to_path_buf(),
        identity,
    };
    match identified {
        None | Some(Ok(Identity::Plan(_))) => Ok(()),
        Some(Ok(Identity::Newer(found))) => Err(StoreError::TooNew {
            store: Location::File(path.to_path_buf()),
            found,
            known: schema::MIGRATIONS.len() as i64,
        }),
        Some(Ok(other)) => Err(not_ours(Some(other))),
        Some(Err(identity::NotSqlite)) => Err(not_ours(None)),
    }
}

/// Makes a new store at `path`: built whole in a temporary file beside it (readable by its owner only) and
/// moved into place only if nothing is there yet. So an interrupted creation leaves no empty file that would
/// later be refused as not a store, and two commands creating one store at once end with one of them.
fn create(path: &Path) -> Result<()> {
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = tempfile::Builder::new()
        .prefix(".plan-new.")
        .suffix(".db")
        .tempfile_in(dir)
        .map_err(io)?;
    {
        let conn = Connection::open(tmp.path()).map_err(|source| failure(path, source))?;
        let mut fresh = Sqlite {
            conn,
            path: path.to_path_buf(),
        };
        fresh.migrate(0)?;
    }
    match tmp.persist_noclobber(path) {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io(e.error)),
    }
}

/// The URI SQLite opens `path` by: its characters that mean something in a URI escaped; `immutable` for a
/// store on a read-only file system.
fn uri(path: &Path, immutable: bool) -> String {
    let mut out = String::from("file:");
    for b in path.as_os_str().as_encoded_bytes() {
        match b {
            b'?' | b'#' | b'%' | 0x80.. => out.push_str(&format!("%{b:02X}")),
            _ => out.push(*b as char),
        }
    }
    if immutable {
        out.push_str("?immutable=1");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_and_refuses_newer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let store = Sqlite::open_write(&path).unwrap();
        assert_eq!(store.ours().unwrap(), schema::MIGRATIONS.len() as i64);
        store.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        let before = std::fs::read(&path).unwrap();
        assert!(matches!(
            Sqlite::open_read(&path),
            Err(StoreError::TooNew { found: 99, .. })
        ));
        assert!(matches!(
            Sqlite::open_write(&path),
            Err(StoreError::TooNew { found: 99, .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
