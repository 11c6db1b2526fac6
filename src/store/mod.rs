//! The store: one SQLite file holding loaded plans and the append-only progress history.
//!
//! The rules this module keeps: it is the only code that speaks SQL; every write is one IMMEDIATE
//! transaction (all or nothing); readers open the file read-only; the schema moves only by migrations, and a
//! store from a newer `plan` is refused untouched.

mod load;
mod maintenance;
mod query;
mod schema;
mod stream;

pub use load::{LoadOutcome, LoadTx, Loaded, SourceFile};
pub use maintenance::Snapshot;
pub use query::{
    Citation, HistoryRow, NewEvent, PlanDoc, PlanSummary, RevisionRow, StoredFile, TaskDetail,
    TaskRef, TaskText, UnitRef,
};
pub use stream::{MemberRef, StatusQuery, StatusRow, Summary, Version};

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Errors of the store, worded for the person who has to act on them.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The file does not exist yet.
    #[error("{}", missing(.0))]
    Missing(PathBuf),
    /// Written by a newer version of `plan`.
    #[error("{}", too_new(.path, *.found, *.known))]
    TooNew {
        /// The store file.
        path: PathBuf,
        /// Its version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// A task name that matches nothing, or more than one task.
    #[error("{0}")]
    NotFound(String),
    /// Refused because it would break a rule of the history or the plans.
    #[error("{0}")]
    Refused(String),
    /// SQLite said no.
    #[error("{}", sqlite_failed(.path, .source))]
    Sqlite {
        /// The store file.
        path: PathBuf,
        /// What SQLite said.
        source: rusqlite::Error,
    },
    /// The file system said no.
    #[error("{}", failed(.path, .source))]
    Io {
        /// The store file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

fn missing(path: &Path) -> String {
    let path = path.display();
    crate::msg!(
        "there is no store at {path} yet — load a plan first: plan load plans/",
        "chưa có kho dữ liệu tại {path} — hãy nạp kế hoạch trước: plan load plans/"
    )
}

fn too_new(path: &Path, found: i64, known: i64) -> String {
    let path = path.display();
    crate::msg!(
        "the store {path} has schema version {found}, newer than this plan understands ({known}) — upgrade plan; the store was left unchanged",
        "kho dữ liệu {path} có phiên bản lược đồ {found}, mới hơn phiên bản mà plan này hiểu được ({known}) — hãy nâng cấp plan; kho dữ liệu được giữ nguyên"
    )
}

fn failed(path: &Path, source: &dyn std::fmt::Display) -> String {
    let path = path.display();
    crate::msg!("the store {path}: {source}", "kho dữ liệu {path}: {source}")
}

/// What SQLite said, and what to do when it is about the disk rather than the store. A write that fails
/// rolls back whole, so each says that nothing was changed.
fn sqlite_failed(path: &Path, source: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode;
    let what = failed(path, source);
    let hint = match source.sqlite_error_code() {
        Some(ErrorCode::DiskFull) => crate::i18n::tr(
            "the disk is full — free some space and run the command again; nothing was changed",
            "ổ đĩa đã đầy — hãy giải phóng dung lượng rồi chạy lại lệnh; chưa có gì bị thay đổi",
        ),
        Some(ErrorCode::ReadOnly) => crate::i18n::tr(
            "the store cannot be written (a read-only file, folder or disk) — check its permissions, or name a writable store with --db; nothing was changed",
            "không ghi được vào kho dữ liệu (tệp, thư mục hoặc ổ đĩa chỉ đọc) — hãy kiểm tra quyền ghi, hoặc chỉ định kho ghi được bằng --db; chưa có gì bị thay đổi",
        ),
        Some(ErrorCode::SystemIoFailure) => crate::i18n::tr(
            "the disk could not be written or read (full, too small, removed or failing) — free space or check the disk, then run the command again; nothing was changed",
            "không ghi hoặc đọc được ổ đĩa (đầy, quá nhỏ, đã bị tháo hoặc bị lỗi) — hãy giải phóng dung lượng hoặc kiểm tra ổ đĩa rồi chạy lại lệnh; chưa có gì bị thay đổi",
        ),
        _ => return what,
    };
    format!("{what} — {hint}")
}

/// Shorthand for store results.
pub type Result<T> = std::result::Result<T, StoreError>;

/// An open store.
pub struct Store {
    conn: Connection,
    path: PathBuf,
}

impl Store {
    fn sql(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        |source| StoreError::Sqlite {
            path: self.path.clone(),
            source,
        }
    }

    /// Opens the store for writing, creating it (readable by its owner only) and migrating it as needed.
    pub fn open_write(path: &Path) -> Result<Store> {
        let io = |source| StoreError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let existed = path.exists();
        if !existed {
            create_private(path).map_err(io)?;
        }
        let conn = Connection::open(path).map_err(|source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        })?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure(true)?;
        store.migrate()?;
        store.refresh_cache()?;
        Ok(store)
    }

    /// Refolds the progress summaries when they were folded by another rule than today's (one transaction).
    fn refresh_cache(&mut self) -> Result<()> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        if stream::cache_is_current(&self.conn).map_err(sql)? {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        if !stream::cache_is_current(&tx).map_err(sql)? {
            stream::rebuild_cache(&tx).map_err(sql)?;
        }
        tx.commit().map_err(sql)
    }

    /// Opens a copy of a store as it is: read-only, never upgraded or refolded, refused unless it is a store of
    /// this version (what `plan restore` copies from).
    pub fn open_copy(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|source| StoreError::Sqlite {
                path: path.to_path_buf(),
                source,
            })?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        let known = schema::MIGRATIONS.len() as i64;
        let version = store.version()?;
        if version == known {
            return Ok(store);
        }
        let shown = path.display();
        Err(StoreError::Refused(match version {
            0 => crate::msg!(
                "{shown} is not a plan store — name a copy made by plan backup",
                "{shown} không phải kho dữ liệu của plan — hãy chỉ ra bản sao lưu do plan backup tạo"
            ),
            v if v < known => crate::msg!(
                "{shown} was made by an older plan (schema version {v}) — open it once with plan --db {shown} check (which upgrades it, keeping a copy as it was), then restore it",
                "{shown} do phiên bản plan cũ hơn tạo (lược đồ phiên bản {v}) — hãy mở một lần bằng plan --db {shown} check (lệnh này nâng cấp và giữ bản sao như cũ), rồi khôi phục"
            ),
            v => crate::msg!(
                "{shown} was made by a newer plan (schema version {v}) — restore it with that version",
                "{shown} do phiên bản plan mới hơn tạo (lược đồ phiên bản {v}) — hãy khôi phục bằng phiên bản đó"
            ),
        }))
    }

    /// Opens an existing store read-only.
    pub fn open_read(path: &Path) -> Result<Store> {
        if !path.exists() {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|source| StoreError::Sqlite {
                path: path.to_path_buf(),
                source,
            })?;
        let store = Store {
            conn,
            path: path.to_path_buf(),
        };
        store.configure(false)?;
        let version = store.version()?;
        let known = schema::MIGRATIONS.len() as i64;
        if version > known {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: version,
                known,
            });
        }
        if version == 0 && store.foreign()? {
            let path = path.display();
            return Err(StoreError::Refused(crate::msg!(
                "{path} is an SQLite database, but not a plan store — name another file with --db; it was left unchanged",
                "{path} là cơ sở dữ liệu SQLite nhưng không phải kho dữ liệu của plan — hãy chỉ định tệp khác bằng --db; tệp được giữ nguyên"
            )));
        }
        if version < known || !stream::cache_is_current(&store.conn).map_err(store.sql())? {
            drop(store);
            // An older store is upgraded once, by a writer, then read.
            Store::open_write(path)?;
            return Store::open_read(path);
        }
        Ok(store)
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&self, write: bool) -> Result<()> {
        self.conn
            .busy_timeout(Duration::from_secs(10))
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

    /// Whether the file holds tables of something else than plan (an unversioned database that is not empty).
    fn foreign(&self) -> Result<bool> {
        self.conn
            .query_row(
                "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table')",
                [],
                |r| r.get(0),
            )
            .map_err(self.sql())
    }

    fn version(&self) -> Result<i64> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(self.sql())
    }

    /// Brings the schema up to date. An up-to-date store takes no lock; an older one with data is first copied
    /// to `FILE.vN.bak` (N its version) through SQLite's backup, then migrated in one transaction.
    fn migrate(&mut self) -> Result<()> {
        let known = schema::MIGRATIONS.len() as i64;
        let current = self.version()?;
        if current == known {
            return Ok(());
        }
        if current == 0 && self.foreign()? {
            let path = self.path.display();
            return Err(StoreError::Refused(crate::msg!(
                "{path} is an SQLite database, but not a plan store — name another file with --db; it was left unchanged",
                "{path} là cơ sở dữ liệu SQLite nhưng không phải kho dữ liệu của plan — hãy chỉ định tệp khác bằng --db; tệp được giữ nguyên"
            )));
        }
        if current > 0 && current < known {
            let backup = PathBuf::from(format!("{}.v{current}.bak", self.path.display()));
            if !backup.exists() {
                self.backup_to(&backup, None)?;
            }
        }
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let version: i64 = tx
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(sql)?;
        if version > known {
            return Err(StoreError::TooNew {
                path: self.path.clone(),
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
        let _ = self.copy_log();
        Ok(())
    }

    /// Copies the write-ahead log into the database and empties it, after a large transaction (a load, a
    /// migration), so that readers do not replay it and `plan.db` alone holds everything. What was committed
    /// stays committed if this fails (a full disk): the log keeps it, and a later writer copies it.
    pub fn copy_log(&self) -> Result<()> {
        // Readers in the middle of a query may keep part of the log; the next writer copies the rest.
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(self.sql())
    }
}

#[cfg(unix)]
pub(crate) fn create_private(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map(drop)
}

#[cfg(not(unix))]
pub(crate) fn create_private(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn migrates_and_refuses_newer() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("s.db");
        let store = Store::open_write(&path).unwrap();
        assert_eq!(store.version().unwrap(), schema::MIGRATIONS.len() as i64);
        store.conn.pragma_update(None, "user_version", 99).unwrap();
        drop(store);
        let before = std::fs::read(&path).unwrap();
        assert!(matches!(
            Store::open_read(&path),
            Err(StoreError::TooNew { found: 99, .. })
        ));
        assert!(matches!(
            Store::open_write(&path),
            Err(StoreError::TooNew { found: 99, .. })
        ));
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }
}
