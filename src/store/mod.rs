//! The store: one SQLite file holding loaded plans and the append-only progress history.
//!
//! The rules this module keeps: it is the only code that speaks SQL; every write is one IMMEDIATE
//! transaction (all or nothing); readers open the file read-only; the schema moves only by migrations, and a
//! store from a newer `plan` is refused untouched.

mod sqlite;
#[cfg(test)]
mod suite;

pub use sqlite::Store;
pub use sqlite::identity::{APPLICATION_ID, Identity};
pub use sqlite::load::{LoadOutcome, LoadTx, Loaded, SourceFile};
pub use sqlite::maintenance::Snapshot;
pub use sqlite::query::{
    Citation, HistoryRow, NewEvent, PlanDoc, PlanSummary, RevisionRow, StoredFile, TaskDetail,
    TaskRef, TaskText, UnitRef,
};
pub use sqlite::stream::{MemberRef, StatusQuery, StatusRow, Summary, Version};

use std::path::PathBuf;

/// Names what a command says once when it has waited a while for another command's write (the store itself
/// prints nothing).
pub fn on_wait(notice: fn()) {
    sqlite::on_wait(notice)
}

/// What went wrong in the store, as data: the edge (`crate::error`) words it for the person who acts on it.
#[derive(Debug)]
pub enum StoreError {
    /// The file does not exist yet.
    Missing(PathBuf),
    /// Written by a newer version of `plan`.
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
    NotAStore {
        /// The file.
        path: PathBuf,
        /// What it is.
        identity: Option<Identity>,
    },
    /// The store's path is not a file that can hold a store.
    BadPath {
        /// The path.
        path: PathBuf,
        /// What is there.
        problem: PathProblem,
    },
    /// A task name that matches nothing, or more than one task.
    NotFound(String),
    /// Refused because it would break a rule of the history or the plans.
    Refused(String),
    /// The database said no.
    Backend {
        /// The store file.
        path: PathBuf,
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

/// The kinds of database failure a person can act on differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackendKind {
    /// The store's own structure is damaged.
    Corrupt,
    /// The disk is full.
    DiskFull,
    /// The store cannot be written.
    ReadOnly,
    /// Another writer kept it busy past the wait.
    Busy,
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
suite::store_suite!(sqlite_suite, |dir| Store::open_write(&dir.join("store.db")));
