//! The errors a command can end with, each worded so that a clerk knows what to do next.

use crate::planfile::Diagnostic;
use crate::store::StoreError;

/// Why a command failed (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad arguments or settings.
    #[error("{0}")]
    Usage(String),
    /// Plan files with errors; nothing was written.
    #[error("{context}")]
    Invalid {
        /// What was being done, and that nothing was written.
        context: String,
        /// The problems, sorted.
        diagnostics: Vec<Diagnostic>,
    },
    /// Refused, with the lines a person needs to see (results a load would rewrite).
    #[error("{context}")]
    Listed {
        /// What was refused and what to do.
        context: String,
        /// One line each, printed before the error.
        lines: Vec<String>,
    },
    /// The store refused or failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Reading or writing a file failed.
    #[error("{what}: {source}")]
    Io {
        /// What was being done.
        what: String,
        /// What the system said.
        source: std::io::Error,
    },
}

impl Error {
    /// Whether the error is only stdout being closed early (`plan status | head`).
    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io { source, .. } if source.kind() == std::io::ErrorKind::BrokenPipe)
    }
}

impl From<std::io::Error> for Error {
    fn from(source: std::io::Error) -> Self {
        Error::Io {
            what: crate::i18n::tr("writing the output", "ghi kết quả ra").into(),
            source,
        }
    }
}

/// Shorthand for command results.
pub type Result<T> = std::result::Result<T, Error>;
