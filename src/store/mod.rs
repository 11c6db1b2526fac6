//! The store: loaded plans and the append-only progress history, in one SQLite file for one office or in a
//! PostgreSQL database shared by many.
//!
//! The rules this module keeps: it is the only code that speaks SQL; every write is one transaction (all or
//! nothing) that holds the store's write lock; the schema moves only by numbered migrations, and a store from
//! a newer `plan` is refused untouched. What is the same on both backends is written once, over `sql::Db`:
//! `load`, `query`, `stream`, `chain`; what differs lives in each backend's folder (opening, schema and
//! migrations, copies, the database's own checks, and on PostgreSQL its roles).

mod chain;
mod columns;
pub mod events;
pub mod load;
pub mod location;
mod postgres;
mod query;
pub(crate) mod sql;
mod sqlite;
mod stream;
#[cfg(test)]
mod suite;

pub use load::{LoadOutcome, LoadTx, Loaded, Loader, SourceFile};
pub use location::{LibpqEnv, Location, Server, SslMode, UrlProblem};
pub use maintenance::{Checkup, Snapshot};
pub use postgres::roles::Mapping as RoleMapping;
pub use query::{
    Citation, HistoryRow, NewEvent, PlanDoc, PlanSummary, RevisionRow, StoredFile, TaskDetail,
    TaskRef, TaskText, UnitRef,
};
pub use sqlite::identity::{APPLICATION_ID, Identity};
pub use stream::{MemberRef, StatusQuery, StatusRow, Summary, Version};

mod maintenance;

use sql::{Db, SqlError};
use std::path::{Path, PathBuf};

/// Names what a command says once when it has waited a while for another command's write (the store itself
/// prints nothing).
pub fn on_wait(notice: fn()) {
    sqlite::on_wait(notice)
}

/// An open store.
pub struct Store {
    backend: Backend,
    location: Location,
}

enum Backend {
    Sqlite(rusqlite::Connection),
    Postgres(Box<postgres::Client>),
}

impl Store {
    /// Whether there is a store (or something that claims to be one) at `location`: a command that finds
    /// none makes it by loading the plans first. A database on a server is a store once its schema is
    /// there (a database that cannot be reached is taken to be one: opening it then says why not).
    pub fn exists(location: &Location) -> bool {
        match location {
            Location::File(path) => path.exists(),
            Location::Server(server) => postgres::exists(server),
        }
    }

    /// Opens the store for writing, creating a SQLite file (readable by its owner only) and migrating the
    /// schema as needed. What is not a `plan` store is refused untouched.
    pub fn open_write(location: &Location) -> Result<Store> {
        let backend = match location {
            Location::File(path) => Backend::Sqlite(sqlite::open_write(path)?),
            Location::Server(server) => Backend::Postgres(Box::new(postgres::open(server, true)?)),
        };
        Ok(Store {
            backend,
            location: location.clone(),
        })
    }

    /// Opens an existing store for reading. An older schema is upgraded first, once; what is not a `plan`
    /// store is refused untouched.
    pub fn open_read(location: &Location) -> Result<Store> {
        let backend = match location {
            Location::File(path) => Backend::Sqlite(sqlite::open_read(path)?),
            Location::Server(server) => Backend::Postgres(Box::new(postgres::open(server, false)?)),
        };
        Ok(Store {
            backend,
            location: location.clone(),
        })
    }

    /// Opens a copy of a store as it is: read-only, never upgraded, refused unless it is a store of this
    /// version (what `plan restore` copies from).
    pub fn open_copy(path: &Path) -> Result<Store> {
        Ok(Store {
            backend: Backend::Sqlite(sqlite::open_copy(path)?),
            location: Location::File(path.to_path_buf()),
        })
    }

    /// Where the store is.
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The store's file, for a SQLite store.
    pub fn path(&self) -> Option<&Path> {
        self.location.file()
    }

    pub(crate) fn db(&self) -> &dyn Db {
        match &self.backend {
            Backend::Sqlite(conn) => conn,
            Backend::Postgres(client) => client.as_ref(),
        }
    }

    /// Words a failure of the database as the store's error, naming the store.
    fn sql(&self) -> impl Fn(SqlError) -> StoreError + '_ {
        |e| StoreError::Backend {
            store: self.location.clone(),
            kind: e.kind,
            detail: e.detail,
        }
    }

    /// Runs `f` in one write transaction: committed when it returns `Ok`, rolled back otherwise. On
    /// PostgreSQL a transaction the server gave up on (a serialization failure, a deadlock) is run again.
    fn write<T>(&self, mut f: impl FnMut(&dyn Db) -> Result<T>) -> Result<T> {
        let db = self.db();
        let mut tries = 0;
        loop {
            // The write lock is taken in the transaction's first statements: a failure there leaves it open.
            let done = db
                .batch(db.dialect().begin_write())
                .map_err(self.sql())
                .and_then(|()| f(db))
                .and_then(|v| db.batch("COMMIT").map_err(self.sql()).map(|_| v));
            match done {
                Ok(v) => return Ok(v),
                Err(e) => {
                    let _ = db.batch("ROLLBACK");
                    tries += 1;
                    if tries < 20 && self.retryable(&e) {
                        continue;
                    }
                    return Err(e);
                }
            }
        }
    }

    fn retryable(&self, e: &StoreError) -> bool {
        matches!(
            (&self.backend, e),
            (
                Backend::Postgres(_),
                StoreError::Backend {
                    kind: BackendKind::Busy,
                    ..
                }
            )
        )
    }

    /// Whether the store is shared (PostgreSQL), where roles say who may write what.
    pub fn is_shared(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    fn shared_only(&self) -> Result<&postgres::Client> {
        match &self.backend {
            Backend::Postgres(client) => Ok(client),
            Backend::Sqlite(_) => Err(StoreError::Refused(Refusal::NotShared(
                self.location.clone(),
            ))),
        }
    }

    /// Who writes through this connection: on a shared store the server's `current_user` (what it records
    /// as who loaded and recorded), else the account running `plan`.
    pub fn who(&self, account: &str) -> Result<String> {
        match &self.backend {
            Backend::Sqlite(_) => Ok(account.to_string()),
            Backend::Postgres(_) => self
                .db()
                .value("SELECT CAST(current_user AS TEXT)", &[])
                .map_err(self.sql()),
        }
    }

    /// Prepares a shared store's roles: the groups of units and offices, and what each may do.
    pub fn init_roles(&self) -> Result<()> {
        let client = self.shared_only()?;
        postgres::roles::init(client).map_err(self.sql())
    }

    /// Whether a role exists on the server.
    pub fn role_exists(&self, role: &str) -> Result<bool> {
        self.shared_only()?;
        self.db()
            .value(
                "SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ?1)",
                &sql::params![role],
            )
            .map_err(self.sql())
    }

    /// Maps a role to its unit or office (in one transaction).
    pub fn map_role(&self, m: &RoleMapping) -> Result<()> {
        self.shared_only()?;
        self.write(|db| postgres::roles::add(db, m).map_err(self.sql()))
    }

    /// The roles mapped in a shared store.
    pub fn roles(&self) -> Result<Vec<RoleMapping>> {
        let client = self.shared_only()?;
        postgres::roles::list(client).map_err(self.sql())
    }

    /// Copies SQLite's write-ahead log into the database after a large transaction, so that readers do not
    /// replay it (nothing to do on PostgreSQL).
    pub fn copy_log(&self) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(conn) => sqlite::copy_log(conn).map_err(self.sql()),
            Backend::Postgres(_) => Ok(()),
        }
    }
}

/// What went wrong in the store, as data: the edge (`crate::error`) words it for the person who acts on it.
#[derive(Debug)]
pub enum StoreError {
    /// The file does not exist yet.
    Missing(PathBuf),
    /// Written by a newer version of `plan`.
    TooNew {
        /// The store.
        store: Location,
        /// Its version.
        found: i64,
        /// The newest this build knows.
        known: i64,
    },
    /// The file is not a `plan` store (another program's database, or not a database at all), or an empty
    /// file: refused untouched.
    NotAStore {
        /// The file.
        path: PathBuf,
        /// What it is.
        identity: Option<Identity>,
    },
    /// A database on a server that holds another program's tables: refused untouched.
    Foreign(Location),
    /// The store's path is not a file that can hold a store.
    BadPath {
        /// The path.
        path: PathBuf,
        /// What is there.
        problem: PathProblem,
    },
    /// A task name that matches nothing: in this plan, or in any.
    NotFound {
        /// The task asked for.
        task: String,
        /// The plan it was looked for in.
        plan: Option<String>,
    },
    /// A task name that several plans have: their PLAN/TASK names.
    Ambiguous {
        /// The task asked for.
        task: String,
        /// The tasks it matches, as PLAN/TASK.
        matches: Vec<String>,
    },
    /// Refused because it would break a rule of the history or the plans.
    Refused(Refusal),
    /// The database said no.
    Backend {
        /// The store.
        store: Location,
        /// What kind of failure, for what to do about it.
        kind: BackendKind,
        /// What the database said, as it said it.
        detail: String,
    },
    /// The file system said no.
    Io {
        /// The store file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
}

/// What a plan file holds, as messages name it ("plan ID", "registry of 2 documents").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Holds {
    /// One plan, by its id.
    Plan(String),
    /// A registry: how many documents and units, and whether it describes the office.
    Registry {
        /// Documents.
        documents: usize,
        /// Units.
        units: usize,
        /// Whether it has the `[office]`.
        office: bool,
        /// Days of the official calendar.
        calendar: usize,
    },
}

/// Why the store refused a change (nothing was written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// A plan id already loaded from another file that still exists.
    PlanIdTaken {
        /// The file loaded now.
        file: String,
        /// The plan's id.
        id: String,
        /// The file it was loaded from.
        old_file: String,
    },
    /// A deadline with recorded progress is gone from the file while another is new: a rename unsaid.
    DeadlineDropped {
        /// The file.
        file: String,
        /// The task.
        task: String,
        /// The key that is gone.
        key: String,
        /// The keys that are new.
        added: Vec<String>,
    },
    /// A key that was the former key of another deadline of the task.
    KeyOfAnother {
        /// The file.
        file: String,
        /// The task.
        task: String,
        /// The key.
        key: String,
    },
    /// A document recorded in two registry files.
    DocumentTwice {
        /// The file loaded now.
        file: String,
        /// The document's number.
        number: String,
        /// The file that has it.
        other: String,
    },
    /// A unit recorded in two registry files.
    UnitTwice {
        /// The file loaded now.
        file: String,
        /// The unit's id.
        id: String,
        /// The file that has it.
        other: String,
    },
    /// The office described in two registry files.
    OfficeTwice {
        /// The file loaded now.
        file: String,
        /// The file that has it.
        other: String,
    },
    /// A file given to restore that is no copy this version can restore: its schema version (0: not a store).
    NotACopy {
        /// The file.
        path: PathBuf,
        /// Its schema version.
        version: i64,
        /// The version this build writes.
        known: i64,
    },
    /// A copy into a store that already holds plans or history.
    NotEmpty(Location),
    /// Roles asked of a store that is one office's file.
    NotShared(Location),
    /// A plan loaded by another office: only its owner loads new revisions.
    PlanOwned {
        /// The file loaded now.
        file: String,
        /// The plan's id.
        id: String,
        /// Who owns it.
        owner: String,
        /// Who tried.
        by: String,
    },
    /// `--retract N` of an event that is not there.
    NoEvent(i64),
    /// `--retract N` of an event of another task.
    EventOfAnotherTask(i64),
    /// `--retract N` of a retraction.
    RetractsARetraction(i64),
    /// `--retract N` of an event already retracted.
    AlreadyRetracted(i64),
    /// `--event ID` of an event the plan does not declare: the plan and the event.
    NoPlanEvent(String, String),
    /// `--event ID --retract N` of a record that is not there.
    NoEventDate(i64),
    /// `--event ID --retract N` of a record of another event or plan.
    DateOfAnotherEvent(i64),
    /// A new revision of a plan drops an event that has recorded dates.
    EventDropped {
        /// The file loaded now.
        file: String,
        /// The event's id.
        event: String,
    },
}

/// A problem `plan check` finds in a store: what is wrong, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The database's own integrity check.
    Integrity(String),
    /// A row pointing at a missing row: its table, row number and the parent table.
    ForeignKey {
        /// The table.
        table: String,
        /// The row, when it has a number.
        row: Option<i64>,
        /// The table it points into.
        parent: String,
    },
    /// A link between plans, tasks, deadlines and events that does not hold, and where.
    Link(Link, String),
    /// An append-only guard is missing.
    GuardMissing(&'static str),
    /// An append-only guard was changed.
    GuardChanged(&'static str),
    /// An event whose kind `plan` does not record.
    EventKind(i64),
    /// An event whose date is not a date.
    EventDate(i64),
    /// An event whose recording moment is not a time.
    EventTime(i64),
    /// An event whose percent is not 0–100.
    EventPercent(i64),
    /// The history's hash chain breaks at an event.
    Chain(i64, ChainBreak),
    /// The chain of the events' recorded dates breaks at a record.
    DateChain(i64, ChainBreak),
    /// A recorded date names a plan or an event the store does not hold.
    DateOrphan(i64),
    /// A progress summary that does not follow from the events.
    Unfounded(String),
}

/// A link of the store's rows that must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// A task names a unit its plan does not have.
    UnitUnknown,
    /// A task is owed by a member unit its plan does not have.
    MemberUnknown,
    /// A task cites a reference its plan does not have.
    ReferenceUnknown,
    /// An event points at an unknown task.
    EventTaskUnknown,
    /// An event points at a deadline its task never had.
    EventDeadlineUnknown,
    /// A retraction cancels an event of another task.
    RetractsOtherTask,
    /// A retraction cancels itself or a later event.
    RetractsLater,
    /// A retraction cancels another retraction.
    RetractsRetraction,
    /// An event is retracted more than once.
    RetractedTwice,
    /// A retraction names no event, or another kind of event names one.
    RetractionTarget,
    /// A retraction cancels an event that is not there.
    RetractsMissing,
    /// An occurrence belongs to no deadline.
    OccurrenceOrphan,
    /// A deadline belongs to no task.
    DeadlineOrphan,
    /// Progress is recorded but its summary is missing.
    SummaryMissing,
}

/// How the history's hash chain breaks at an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChainBreak {
    /// The event has no hash: added outside `plan`.
    Unhashed,
    /// Its hash does not match: it, or one before it, was changed or removed.
    Mismatch,
    /// A hash is kept for an event that is not there.
    Orphan,
    /// The newest event is not the one last recorded.
    Head,
}

/// The kinds of database failure a person can act on differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    /// The store's own structure is damaged.
    Corrupt,
    /// The disk is full.
    DiskFull,
    /// The store cannot be written.
    ReadOnly,
    /// Another writer kept it busy past the wait (or, on a server, the transaction has to be run again).
    Busy,
    /// The database refused the account the permission.
    Denied,
    /// The server cannot be reached, or refused the connection.
    Unreachable,
    /// The disk failed to read or write.
    DiskFailure,
    /// A value `plan` never writes: changed outside `plan`.
    Tampered,
    /// Anything else.
    Other,
}

impl std::error::Error for StoreError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StoreError::Io { source, .. } => Some(source),
            _ => None,
        }
    }
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

/// Shorthand for store results.
pub type Result<T> = std::result::Result<T, StoreError>;

#[cfg(test)]
suite::store_suite!(sqlite_suite, |dir| Some(Store::open_write(
    &crate::store::Location::File(dir.join("store.db"))
)));
#[cfg(test)]
suite::store_suite!(postgres_suite, crate::store::suite::postgres);
