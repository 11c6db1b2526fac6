//! The store: one SQLite file holding loaded plans and the append-only progress history.
//!
//! The rules this module keeps: it is the only code that speaks SQL; every write is one IMMEDIATE
//! transaction (all or nothing); readers open the file read-only; the schema moves only by migrations, and a
//! store from a newer `plan` is refused untouched.

mod chain;
mod identity;
mod load;
mod maintenance;
mod query;
mod schema;
mod stream;

pub use identity::{APPLICATION_ID, Identity};
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
    /// The file is not a `plan` store (another program's database, or not a database at all), or an empty
    /// file: refused untouched.
    #[error("{}", foreign(.path, *.identity))]
    NotAStore {
        /// The file.
        path: PathBuf,
        /// What it is.
        identity: Option<Identity>,
    },
    /// The store's path is not a file that can hold a store.
    #[error("{}", bad_path(.path, *.problem))]
    BadPath {
        /// The path.
        path: PathBuf,
        /// What is there.
        problem: PathProblem,
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

/// What is at a store's path when it cannot be a store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathProblem {
    /// A folder.
    Folder,
    /// A symbolic link to nothing.
    DanglingLink,
    /// A FIFO, a device or a socket.
    NotRegular,
    /// A read-only place, with a log that holds changes not yet copied into the store.
    ReadOnlyWithLog,
}

fn bad_path(path: &Path, problem: PathProblem) -> String {
    let shown = path.display();
    match problem {
        PathProblem::Folder => crate::msg!(
            "the store {shown} is a folder — name the store file, e.g. --db {shown}/plan.db",
            "kho dữ liệu {shown} là một thư mục — hãy chỉ ra tệp kho dữ liệu, ví dụ --db {shown}/plan.db"
        ),
        PathProblem::DanglingLink => {
            let target = std::fs::read_link(path).unwrap_or_default();
            let target = target.display();
            crate::msg!(
                "the store {shown} is a symbolic link to {target}, which does not exist — restore the file it points to, or remove the link (plan load then makes a new store)",
                "kho dữ liệu {shown} là liên kết tượng trưng tới {target}, tệp này không tồn tại — hãy khôi phục tệp đó, hoặc xóa liên kết (plan load sẽ tạo kho mới)"
            )
        }
        PathProblem::NotRegular => crate::msg!(
            "the store {shown} is not a regular file (a FIFO, a device or a socket) — name the store file with --db",
            "kho dữ liệu {shown} không phải tệp thông thường (FIFO, thiết bị hoặc socket) — hãy chỉ ra tệp kho dữ liệu bằng --db"
        ),
        PathProblem::ReadOnlyWithLog => crate::msg!(
            "the store {shown} is in a folder that cannot be written, and its log {shown}-wal holds changes not yet copied into it — copy both files to a writable folder and name the copy with --db, or run plan check where the store can be written",
            "kho dữ liệu {shown} nằm trong thư mục không ghi được, và tệp nhật ký {shown}-wal còn thay đổi chưa chép vào kho — hãy chép cả hai tệp sang thư mục ghi được rồi chỉ định bản chép bằng --db, hoặc chạy plan check ở nơi ghi được kho"
        ),
    }
}

fn foreign(path: &Path, identity: Option<Identity>) -> String {
    let shown = path.display();
    match identity {
        Some(Identity::Empty) => crate::msg!(
            "{shown} is an empty file, not a plan store — remove it (plan load then makes the store there) or name another file with --db; it was left unchanged",
            "{shown} là tệp rỗng, không phải kho dữ liệu của plan — hãy xóa nó (plan load sẽ tạo kho tại đó) hoặc chỉ định tệp khác bằng --db; tệp được giữ nguyên"
        ),
        Some(Identity::Absurd(v)) => crate::msg!(
            "{shown} is marked as a plan store but has schema version {v}, which no plan writes — it was changed outside plan: restore it from a backup (plan restore); it was left unchanged",
            "{shown} được đánh dấu là kho dữ liệu của plan nhưng có phiên bản lược đồ {v}, không phiên bản plan nào ghi như vậy — tệp đã bị sửa ngoài plan: hãy khôi phục từ bản sao lưu (plan restore); tệp được giữ nguyên"
        ),
        Some(_) => crate::msg!(
            "{shown} is an SQLite database, but not a plan store — name another file with --db; it was left unchanged",
            "{shown} là cơ sở dữ liệu SQLite nhưng không phải kho dữ liệu của plan — hãy chỉ định tệp khác bằng --db; tệp được giữ nguyên"
        ),
        None => crate::msg!(
            "{shown} is not a plan store (not an SQLite database at all) — name another file with --db; it was left unchanged",
            "{shown} không phải kho dữ liệu của plan (hoàn toàn không phải cơ sở dữ liệu SQLite) — hãy chỉ định tệp khác bằng --db; tệp được giữ nguyên"
        ),
    }
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
    use rusqlite::Error as E;
    use rusqlite::ErrorCode;
    let what = failed(path, source);
    let odd = match source {
        E::FromSqlConversionFailure(_, _, what) => Some(what.to_string()),
        E::InvalidColumnType(_, column, kind) => Some(format!("{column} holds {kind}")),
        E::IntegralValueOutOfRange(_, n) => Some(format!("{n} is out of range")),
        _ => None,
    };
    if let Some(source) = odd {
        let shown = path.display();
        return crate::msg!(
            "the store {shown} holds a value plan never writes ({source}) — it was changed outside plan: run plan check to see what, and restore it from a backup (plan restore)",
            "kho dữ liệu {shown} chứa giá trị plan không bao giờ ghi ({source}) — kho đã bị sửa ngoài plan: hãy chạy plan check để xem, và khôi phục từ bản sao lưu (plan restore)"
        );
    }
    let hint = match source.sqlite_error_code() {
        Some(ErrorCode::DatabaseCorrupt) => crate::i18n::tr(
            "the store is damaged — run plan check, and restore it from a backup (plan restore)",
            "kho dữ liệu bị hỏng — hãy chạy plan check, và khôi phục từ bản sao lưu (plan restore)",
        ),
        Some(ErrorCode::DiskFull) => crate::i18n::tr(
            "the disk is full — free some space and run the command again; nothing was changed",
            "ổ đĩa đã đầy — hãy giải phóng dung lượng rồi chạy lại lệnh; chưa có gì bị thay đổi",
        ),
        Some(ErrorCode::ReadOnly) => crate::i18n::tr(
            "the store cannot be written (a read-only file, folder or disk) — check its permissions, or name a writable store with --db; nothing was changed",
            "không ghi được vào kho dữ liệu (tệp, thư mục hoặc ổ đĩa chỉ đọc) — hãy kiểm tra quyền ghi, hoặc chỉ định kho ghi được bằng --db; chưa có gì bị thay đổi",
        ),
        Some(ErrorCode::DatabaseBusy) => crate::i18n::tr(
            "another plan command kept the store busy for 10 minutes — see what is running (a load of a large plans folder?) and run the command again; nothing was changed",
            "một lệnh plan khác giữ kho dữ liệu suốt 10 phút — hãy xem lệnh nào đang chạy (nạp một thư mục kế hoạch lớn?) rồi chạy lại lệnh; chưa có gì bị thay đổi",
        ),
        Some(ErrorCode::SystemIoFailure) => crate::i18n::tr(
            "the disk could not be written or read (full, too small, removed or failing) — free space or check the disk, then run the command again; nothing was changed",
            "không ghi hoặc đọc được ổ đĩa (đầy, quá nhỏ, đã bị tháo hoặc bị lỗi) — hãy giải phóng dung lượng hoặc kiểm tra ổ đĩa rồi chạy lại lệnh; chưa có gì bị thay đổi",
        ),
        _ => return what,
    };
    format!("{what} — {hint}")
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
pub fn on_wait(notice: fn()) {
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

    /// Opens the store for writing, creating it (readable by its owner only) and migrating it as needed. A
    /// file that is not a `plan` store is refused untouched.
    pub fn open_write(path: &Path) -> Result<Store> {
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
            Connection::open_with_flags(path, flags).map_err(|source| StoreError::Sqlite {
                path: path.to_path_buf(),
                source,
            })?;
        // Closing this connection must not copy a log into the file before it is known to be a plan store.
        conn.set_db_config(DbConfig::SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, true)
            .map_err(|source| StoreError::Sqlite {
                path: path.to_path_buf(),
                source,
            })?;
        let mut store = Store {
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
                path: self.path.clone(),
                found,
                known: schema::MIGRATIONS.len() as i64,
            }),
            other => Err(not_ours(Some(other))),
        }
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
        let store = Store::connect_read(path)?;
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
    pub fn open_read(path: &Path) -> Result<Store> {
        let store = Store::open_read_as_is(path)?;
        let version = store.ours()?;
        let known = schema::MIGRATIONS.len() as i64;
        if version == known && stream::cache_is_current(&store.conn).map_err(store.sql())? {
            return Ok(store);
        }
        drop(store);
        Store::open_write(path)?;
        let store = Store::open_read_as_is(path)?;
        match store.ours()? {
            v if v == known => Ok(store),
            found => Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found,
                known,
            }),
        }
    }

    fn open_read_as_is(path: &Path) -> Result<Store> {
        if !probe(path)? {
            return Err(StoreError::Missing(path.to_path_buf()));
        }
        precheck(path)?;
        let store = Store::connect_read(path)?;
        store.configure(false)?;
        Ok(store)
    }

    /// A read-only connection. In a folder that cannot be written, SQLite cannot make the shared-memory file
    /// a store in WAL mode needs: such a store is then read as an unchanging file, which it is as long as its
    /// log holds nothing.
    fn connect_read(path: &Path) -> Result<Store> {
        let sql = |source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        };
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
        Ok(Store {
            conn,
            path: path.to_path_buf(),
        })
    }

    /// The store's file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn configure(&self, write: bool) -> Result<()> {
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
                self.backup_to(&backup)?;
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

/// Why a copy given to `plan restore` is not restored.
fn copy_refused(path: &Path, version: i64) -> StoreError {
    let known = schema::MIGRATIONS.len() as i64;
    let shown = path.display();
    StoreError::Refused(match version {
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
            path: path.to_path_buf(),
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
        let conn = Connection::open(tmp.path()).map_err(|source| StoreError::Sqlite {
            path: path.to_path_buf(),
            source,
        })?;
        let mut fresh = Store {
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
        let store = Store::open_write(&path).unwrap();
        assert_eq!(store.ours().unwrap(), schema::MIGRATIONS.len() as i64);
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
