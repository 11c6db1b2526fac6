//! The errors a command can end with, each worded so that a clerk knows what to do next.

use crate::planfile::Diagnostic;
use crate::store::{BackendKind, Identity, PathProblem, StoreError};
use std::path::Path;

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

/// The words of a store error: the one place they are written.
impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let text = match self {
            StoreError::Missing(path) => missing(path),
            StoreError::TooNew { path, found, known } => too_new(path, *found, *known),
            StoreError::NotAStore { path, identity } => foreign(path, *identity),
            StoreError::BadPath { path, problem } => bad_path(path, *problem),
            StoreError::NotFound(what) | StoreError::Refused(what) => what.clone(),
            StoreError::Backend { path, kind, detail } => backend_failed(path, *kind, detail),
            StoreError::Io { path, source } => failed(path, source),
        };
        f.write_str(&text)
    }
}

fn missing(path: &Path) -> String {
    let path = path.display();
    crate::msg!(
        "there is no store at {path} yet — load a plan first: plan load plans/",
        "chưa có kho dữ liệu tại {path} — hãy nạp kế hoạch trước: plan load plans/"
    )
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

/// What the database said, and what to do when it is about the disk rather than the store. A write that
/// fails rolls back whole, so each says that nothing was changed.
fn backend_failed(path: &Path, kind: BackendKind, detail: &str) -> String {
    let what = failed(path, &detail);
    let hint = match kind {
        BackendKind::Tampered => {
            let shown = path.display();
            return crate::msg!(
                "the store {shown} holds a value plan never writes ({detail}) — it was changed outside plan: run plan check to see what, and restore it from a backup (plan restore)",
                "kho dữ liệu {shown} chứa giá trị plan không bao giờ ghi ({detail}) — kho đã bị sửa ngoài plan: hãy chạy plan check để xem, và khôi phục từ bản sao lưu (plan restore)"
            );
        }
        BackendKind::Corrupt => crate::i18n::tr(
            "the store is damaged — run plan check, and restore it from a backup (plan restore)",
            "kho dữ liệu bị hỏng — hãy chạy plan check, và khôi phục từ bản sao lưu (plan restore)",
        ),
        BackendKind::DiskFull => crate::i18n::tr(
            "the disk is full — free some space and run the command again; nothing was changed",
            "ổ đĩa đã đầy — hãy giải phóng dung lượng rồi chạy lại lệnh; chưa có gì bị thay đổi",
        ),
        BackendKind::ReadOnly => crate::i18n::tr(
            "the store cannot be written (a read-only file, folder or disk) — check its permissions, or name a writable store with --db; nothing was changed",
            "không ghi được vào kho dữ liệu (tệp, thư mục hoặc ổ đĩa chỉ đọc) — hãy kiểm tra quyền ghi, hoặc chỉ định kho ghi được bằng --db; chưa có gì bị thay đổi",
        ),
        BackendKind::Busy => crate::i18n::tr(
            "another plan command kept the store busy for 10 minutes — see what is running (a load of a large plans folder?) and run the command again; nothing was changed",
            "một lệnh plan khác giữ kho dữ liệu suốt 10 phút — hãy xem lệnh nào đang chạy (nạp một thư mục kế hoạch lớn?) rồi chạy lại lệnh; chưa có gì bị thay đổi",
        ),
        BackendKind::DiskFailure => crate::i18n::tr(
            "the disk could not be written or read (full, too small, removed or failing) — free space or check the disk, then run the command again; nothing was changed",
            "không ghi hoặc đọc được ổ đĩa (đầy, quá nhỏ, đã bị tháo hoặc bị lỗi) — hãy giải phóng dung lượng hoặc kiểm tra ổ đĩa rồi chạy lại lệnh; chưa có gì bị thay đổi",
        ),
        BackendKind::Other => return what,
    };
    format!("{what} — {hint}")
}
