//! The errors a command can end with, each worded so that a clerk knows what to do next.

use crate::planfile::Diagnostic;
use crate::store::{
    BackendKind, ChainBreak, Identity, Link, Location, PathProblem, Problem, Refusal, StoreError,
    UrlProblem,
};
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
            StoreError::TooNew {
                store,
                found,
                known,
            } => too_new(store, *found, *known),
            StoreError::NotAStore { path, identity } => foreign(path, *identity),
            StoreError::BadPath { path, problem } => bad_path(path, *problem),
            StoreError::Foreign(store) => crate::msg!(
                "{store} holds tables that are not a plan store's — name an empty database (createdb NAME) or a plan store; it was left unchanged",
                "{store} chứa các bảng không phải của kho dữ liệu plan — hãy chỉ ra một cơ sở dữ liệu trống (createdb TÊN) hoặc một kho của plan; cơ sở dữ liệu được giữ nguyên"
            ),
            StoreError::NotFound { task, plan } => not_found(task, plan.as_deref()),
            StoreError::Ambiguous { task, matches } => {
                let names = matches.join(", ");
                crate::msg!(
                    "task `{task}` is in several plans: {names} — name it as PLAN/TASK",
                    "nhiệm vụ `{task}` có trong nhiều kế hoạch: {names} — hãy ghi rõ KẾ_HOẠCH/NHIỆM_VỤ"
                )
            }
            StoreError::Refused(why) => refusal(why),
            StoreError::Backend {
                store,
                kind,
                detail,
            } => backend_failed(store, *kind, detail),
            StoreError::Io { path, source } => failed(&path.display(), source),
        };
        f.write_str(&text)
    }
}

/// What is wrong with a `postgresql://` URL, and its form.
pub fn url_problem(p: &UrlProblem) -> String {
    let form =
        "postgresql://[ROLE[:PASSWORD]@][HOST][:PORT][/DATABASE][?sslmode=disable|prefer|require]";
    let what = match p {
        UrlProblem::Form => crate::i18n::tr("it is not of the form", "không đúng dạng").to_string(),
        UrlProblem::Port(port) => crate::msg!(
            "its port `{port}` is not a number; the form is",
            "cổng `{port}` không phải là số; dạng đúng là"
        ),
        UrlProblem::Parameter(name) => crate::msg!(
            "plan does not take its parameter `{name}`; the form is",
            "plan không nhận tham số `{name}`; dạng đúng là"
        ),
        UrlProblem::SslMode(mode) => crate::msg!(
            "its sslmode `{mode}` is none of disable, prefer, require; the form is",
            "sslmode `{mode}` không phải disable, prefer hay require; dạng đúng là"
        ),
        UrlProblem::Escape => crate::i18n::tr(
            "it has a % that is not followed by two hex digits of UTF-8; the form is",
            "có dấu % không theo sau bởi hai chữ số thập lục phân UTF-8; dạng đúng là",
        )
        .to_string(),
    };
    crate::msg!(
        "--db: the store's URL cannot be used: {what} {form}",
        "--db: không dùng được địa chỉ kho dữ liệu: {what} {form}"
    )
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

fn too_new(path: &Location, found: i64, known: i64) -> String {
    crate::msg!(
        "the store {path} has schema version {found}, newer than this plan understands ({known}) — upgrade plan; the store was left unchanged",
        "kho dữ liệu {path} có phiên bản lược đồ {found}, mới hơn phiên bản mà plan này hiểu được ({known}) — hãy nâng cấp plan; kho dữ liệu được giữ nguyên"
    )
}

fn failed(path: &dyn std::fmt::Display, source: &dyn std::fmt::Display) -> String {
    crate::msg!("the store {path}: {source}", "kho dữ liệu {path}: {source}")
}

/// What the database said, and what to do when it is about the disk rather than the store. A write that
/// fails rolls back whole, so each says that nothing was changed.
fn backend_failed(path: &Location, kind: BackendKind, detail: &str) -> String {
    let what = failed(path, &detail);
    let hint = match kind {
        BackendKind::Tampered => {
            let shown = path;
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
        BackendKind::Denied => crate::i18n::tr(
            "the database did not let this role do that: a role reads once the office maps it (plan users add ROLE --unit UNIT), a unit records only on the tasks it leads, supports or owes a share of, and only a plan's owner loads it — connect as the right role or ask the office that keeps the store; nothing was changed",
            "cơ sở dữ liệu không cho vai trò này làm việc đó: vai trò chỉ đọc được khi văn phòng đã gán (plan users add VAI_TRÒ --unit ĐƠN_VỊ), đơn vị chỉ ghi nhận trên nhiệm vụ mình chủ trì, phối hợp hoặc có phần việc, và chỉ chủ sở hữu kế hoạch mới nạp kế hoạch — hãy kết nối bằng đúng vai trò hoặc hỏi văn phòng quản lý kho; chưa có gì bị thay đổi",
        ),
        BackendKind::Unreachable => crate::i18n::tr(
            "the database server could not be reached or refused the connection — check the host, port, role and password (PGPASSWORD or ~/.pgpass), and that the server is running; nothing was changed",
            "không kết nối được máy chủ cơ sở dữ liệu hoặc máy chủ từ chối kết nối — hãy kiểm tra máy chủ, cổng, vai trò và mật khẩu (PGPASSWORD hoặc ~/.pgpass), và máy chủ có đang chạy; chưa có gì bị thay đổi",
        ),
        BackendKind::Other => return what,
    };
    format!("{what} — {hint}")
}

fn not_found(task: &str, plan: Option<&str>) -> String {
    match plan {
        Some(p) => crate::msg!(
            "no task `{task}` in plan `{p}` — see the task ids with: plan status --plan {p}",
            "không có nhiệm vụ `{task}` trong kế hoạch `{p}` — xem mã các nhiệm vụ bằng: plan status --plan {p}"
        ),
        None => crate::msg!(
            "no task `{task}` in any loaded plan — see the task ids with: plan status",
            "không có nhiệm vụ `{task}` trong các kế hoạch đã nạp — xem mã các nhiệm vụ bằng: plan status"
        ),
    }
}

/// Why the store refused a change, and what to do instead.
fn refusal(why: &Refusal) -> String {
    match why {
        Refusal::PlanIdTaken { file, id, old_file } => crate::msg!(
            "{file}: plan id `{id}` is already loaded from {old_file} — give each plan file its own [plan] id",
            "{file}: mã kế hoạch `{id}` đã được nạp từ {old_file} — mỗi tệp kế hoạch phải có id riêng trong [plan]"
        ),
        Refusal::DeadlineDropped {
            file,
            task,
            key,
            added,
        } => {
            let added = added.join("`, `");
            crate::msg!(
                "{file}: deadline `{key}` of task {task} has recorded progress and is no longer in the file, while `{added}` is new — if it is the same deadline renamed, add renamed_from = \"{key}\" to it; if `{key}` was dropped by a document, keep it in the file with withdrawn = {{ on = \"DATE\", by = \"DOCUMENT\" }}",
                "{file}: thời hạn `{key}` của nhiệm vụ {task} đã có ghi nhận tiến độ nhưng không còn trong tệp, trong khi `{added}` là thời hạn mới — nếu đó là cùng một thời hạn được đổi tên, hãy thêm renamed_from = \"{key}\" vào thời hạn mới; nếu `{key}` bị văn bản bãi bỏ, hãy giữ nó trong tệp với withdrawn = {{ on = \"NGÀY\", by = \"VĂN BẢN\" }}"
            )
        }
        Refusal::KeyOfAnother { file, task, key } => crate::msg!(
            "{file}: `{key}` was the former key of another deadline of task {task}, whose history is recorded under it — choose another key",
            "{file}: `{key}` là khóa cũ của một thời hạn khác của nhiệm vụ {task}, lịch sử của thời hạn đó được ghi theo khóa này — hãy chọn khóa khác"
        ),
        Refusal::DocumentTwice {
            file,
            number,
            other,
        } => crate::msg!(
            "{file}: document {number} is already recorded in {other} — record each document once",
            "{file}: văn bản {number} đã có trong {other} — mỗi văn bản chỉ ghi một lần"
        ),
        Refusal::UnitTwice { file, id, other } => crate::msg!(
            "{file}: unit `{id}` is already recorded in {other} — record each unit once",
            "{file}: đơn vị `{id}` đã có trong {other} — mỗi đơn vị chỉ ghi một lần"
        ),
        Refusal::OfficeTwice { file, other } => crate::msg!(
            "{file}: the [office] table is already recorded in {other} — describe the office once",
            "{file}: bảng [office] đã có trong {other} — thông tin cơ quan chỉ ghi một lần"
        ),
        Refusal::NotEmpty(store) => crate::msg!(
            "{store} already holds plans or history — copy into an empty database (createdb, then plan --db URL store init); nothing was changed",
            "{store} đã có kế hoạch hoặc lịch sử — hãy sao chép vào một cơ sở dữ liệu trống (createdb, rồi plan --db URL store init); chưa có gì bị thay đổi"
        ),
        Refusal::NotShared(store) => crate::msg!(
            "{store} is one office's SQLite file: roles are for a shared PostgreSQL store (--db postgresql://…, see the README's \"A shared store\")",
            "{store} là tệp SQLite của một văn phòng: vai trò chỉ dùng cho kho PostgreSQL dùng chung (--db postgresql://…, xem mục \"Kho dùng chung\" trong README)"
        ),
        Refusal::PlanOwned {
            file,
            id,
            owner,
            by,
        } => crate::msg!(
            "{file}: plan `{id}` is owned by {owner}, who first loaded it — only its owner loads new revisions; {by} may read it and record on its own tasks, or load the plan under another id",
            "{file}: kế hoạch `{id}` thuộc {owner}, nơi nạp lần đầu — chỉ chủ sở hữu mới nạp phiên bản mới; {by} được đọc và ghi nhận trên nhiệm vụ của mình, hoặc nạp kế hoạch với mã khác"
        ),
        Refusal::NotACopy {
            path,
            version,
            known,
        } => {
            let shown = path.display();
            match *version {
                0 => crate::msg!(
                    "{shown} is not a plan store — name a copy made by plan backup",
                    "{shown} không phải kho dữ liệu của plan — hãy chỉ ra bản sao lưu do plan backup tạo"
                ),
                v if v < *known => crate::msg!(
                    "{shown} was made by an older plan (schema version {v}) — open it once with plan --db {shown} check (which upgrades it, keeping a copy as it was), then restore it",
                    "{shown} do phiên bản plan cũ hơn tạo (lược đồ phiên bản {v}) — hãy mở một lần bằng plan --db {shown} check (lệnh này nâng cấp và giữ bản sao như cũ), rồi khôi phục"
                ),
                v => crate::msg!(
                    "{shown} was made by a newer plan (schema version {v}) — restore it with that version",
                    "{shown} do phiên bản plan mới hơn tạo (lược đồ phiên bản {v}) — hãy khôi phục bằng phiên bản đó"
                ),
            }
        }
        Refusal::NoPlanEvent(plan, event) => crate::msg!(
            "plan {plan} declares no event `{event}` — see its events with: plan show {plan}",
            "kế hoạch {plan} không khai báo sự kiện `{event}` — xem các sự kiện bằng: plan show {plan}"
        ),
        Refusal::NoEventDate(n) => crate::msg!(
            "there is no date {n} of this event — see the numbers with: plan history --events",
            "không có lần ghi ngày #{n} của sự kiện này — xem số thứ tự bằng: plan history --events"
        ),
        Refusal::DateOfAnotherEvent(n) => crate::msg!(
            "date {n} was recorded for another event — see: plan history --events",
            "lần ghi ngày #{n} thuộc sự kiện khác — xem: plan history --events"
        ),
        Refusal::EventDropped { file, event } => crate::msg!(
            "{file}: the event `{event}` has recorded dates but is no longer in the file — keep it under [[events]] (its name may change, its id may not), or retract its dates first (plan record PLAN --event {event} --retract N); nothing was loaded",
            "{file}: sự kiện `{event}` đã có ngày được ghi nhận nhưng không còn trong tệp — hãy giữ sự kiện trong [[events]] (được đổi tên, không được đổi mã), hoặc hủy các lần ghi ngày trước (plan record KẾ_HOẠCH --event {event} --retract SỐ); chưa nạp gì"
        ),
        Refusal::NoEvent(n) => crate::msg!(
            "there is no event {n} — see the event numbers with: plan history",
            "không có ghi nhận #{n} — xem số thứ tự các ghi nhận bằng: plan history"
        ),
        Refusal::EventOfAnotherTask(n) => crate::msg!(
            "event {n} belongs to another task — see: plan history",
            "ghi nhận #{n} thuộc nhiệm vụ khác — xem: plan history"
        ),
        Refusal::RetractsARetraction(n) => crate::msg!(
            "event {n} is itself a retraction — record the corrected event again instead",
            "ghi nhận #{n} chính là một lần hủy ghi nhận — thay vào đó, hãy ghi nhận lại nội dung đúng"
        ),
        Refusal::AlreadyRetracted(n) => crate::msg!(
            "event {n} is already retracted",
            "ghi nhận #{n} đã được hủy trước đó"
        ),
    }
}

/// The words of a problem `plan check` found.
impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use crate::msg;
        let text = match self {
            Problem::Integrity(r) => msg!("integrity: {r}", "toàn vẹn: {r}"),
            Problem::ForeignKey { table, row, parent } => {
                let row = row.map(|r| r.to_string()).unwrap_or_default();
                msg!(
                    "foreign key: row {row} of {table} points at a missing row of {parent}",
                    "khóa ngoại: dòng {row} của bảng {table} trỏ tới dòng không tồn tại của bảng {parent}"
                )
            }
            Problem::Link(link, at) => format!("{}: {at}", link_words(*link)),
            Problem::GuardMissing(name) => msg!(
                "the append-only guard {name} is missing — it was dropped outside plan, and the history may have been changed",
                "cơ chế chỉ-ghi-thêm {name} không còn — đã bị xóa ngoài plan, lịch sử có thể đã bị sửa"
            ),
            Problem::GuardChanged(name) => msg!(
                "the append-only guard {name} was changed outside plan",
                "cơ chế chỉ-ghi-thêm {name} đã bị sửa ngoài plan"
            ),
            Problem::EventKind(id) => msg!(
                "event {id}: not a kind of event plan records",
                "ghi nhận #{id}: loại ghi nhận plan không có"
            ),
            Problem::EventDate(id) => msg!(
                "event {id}: its date is not a date",
                "ghi nhận #{id}: ngày ghi nhận không phải một ngày"
            ),
            Problem::EventTime(id) => msg!(
                "event {id}: the moment it was recorded is not a time",
                "ghi nhận #{id}: thời điểm ghi không phải một thời điểm"
            ),
            Problem::EventPercent(id) => msg!(
                "event {id}: its percent is not a number from 0 to 100",
                "ghi nhận #{id}: phần trăm không phải số từ 0 đến 100"
            ),
            Problem::Chain(id, ChainBreak::Unhashed) => msg!(
                "history: event {id} has no hash — it was added outside plan",
                "lịch sử: ghi nhận #{id} không có mã băm — đã được thêm ngoài plan"
            ),
            Problem::Chain(id, ChainBreak::Mismatch) => msg!(
                "history: event {id} does not match its hash — it was changed, or an event before it was removed, outside plan",
                "lịch sử: ghi nhận #{id} không khớp mã băm — ghi nhận này đã bị sửa, hoặc một ghi nhận trước nó đã bị xóa, ngoài plan"
            ),
            Problem::Chain(id, ChainBreak::Orphan) => msg!(
                "history: event {id} was removed outside plan (its hash is still kept)",
                "lịch sử: ghi nhận #{id} đã bị xóa ngoài plan (mã băm của nó vẫn còn)"
            ),
            Problem::Chain(id, ChainBreak::Head) => msg!(
                "history: the newest event is not the one last recorded (event {id}) — events were removed from its end, or added, outside plan",
                "lịch sử: ghi nhận mới nhất không phải ghi nhận được ghi sau cùng (#{id}) — các ghi nhận cuối đã bị xóa, hoặc được thêm, ngoài plan"
            ),
            Problem::DateChain(id, ChainBreak::Unhashed) => msg!(
                "dates of events: record {id} has no hash — it was added outside plan",
                "ngày của sự kiện: lần ghi #{id} không có mã băm — đã được thêm ngoài plan"
            ),
            Problem::DateChain(id, ChainBreak::Mismatch) => msg!(
                "dates of events: record {id} does not match its hash — it was changed, or a record before it was removed, outside plan",
                "ngày của sự kiện: lần ghi #{id} không khớp mã băm — đã bị sửa, hoặc một lần ghi trước nó đã bị xóa, ngoài plan"
            ),
            Problem::DateChain(id, ChainBreak::Orphan) => msg!(
                "dates of events: record {id} was removed outside plan (its hash is still kept)",
                "ngày của sự kiện: lần ghi #{id} đã bị xóa ngoài plan (mã băm của nó vẫn còn)"
            ),
            Problem::DateChain(id, ChainBreak::Head) => msg!(
                "dates of events: the newest record is not the one last made (record {id}) — records were removed from its end, or added, outside plan",
                "ngày của sự kiện: lần ghi mới nhất không phải lần ghi sau cùng (#{id}) — các lần ghi cuối đã bị xóa, hoặc được thêm, ngoài plan"
            ),
            Problem::DateOrphan(id) => msg!(
                "dates of events: record {id} names a plan or an event the store does not hold, or is not a date",
                "ngày của sự kiện: lần ghi #{id} ghi một kế hoạch hoặc sự kiện không có trong kho, hoặc ngày không hợp lệ"
            ),
            Problem::Unfounded(o) => msg!(
                "a progress summary does not follow from the events (changed outside plan): {o}",
                "bản tóm tắt tiến độ không khớp với các ghi nhận (đã bị sửa ngoài plan): {o}"
            ),
        };
        f.write_str(&text)
    }
}

fn link_words(link: Link) -> &'static str {
    use crate::i18n::tr;
    match link {
        Link::UnitUnknown => tr(
            "a task names a unit its plan does not have",
            "một nhiệm vụ ghi đơn vị mà kế hoạch của nó không có",
        ),
        Link::MemberUnknown => tr(
            "a task is owed by a member unit its plan does not have",
            "một nhiệm vụ giao cho đơn vị thành viên mà kế hoạch của nó không có",
        ),
        Link::ReferenceUnknown => tr(
            "a task cites a reference its plan does not have",
            "một nhiệm vụ trích dẫn văn bản mà kế hoạch của nó không có",
        ),
        Link::EventTaskUnknown => tr(
            "an event points at an unknown task",
            "một ghi nhận trỏ tới nhiệm vụ không tồn tại",
        ),
        Link::EventDeadlineUnknown => tr(
            "an event points at a deadline its task never had",
            "một ghi nhận trỏ tới thời hạn mà nhiệm vụ chưa bao giờ có",
        ),
        Link::RetractsOtherTask => tr(
            "a retraction cancels an event of another task",
            "một lần hủy ghi nhận hủy ghi nhận của nhiệm vụ khác",
        ),
        Link::RetractsLater => tr(
            "a retraction cancels itself or a later event",
            "một lần hủy ghi nhận hủy chính nó hoặc một ghi nhận sau nó",
        ),
        Link::RetractsRetraction => tr(
            "a retraction cancels another retraction",
            "một lần hủy ghi nhận hủy một lần hủy khác",
        ),
        Link::RetractedTwice => tr(
            "an event is retracted more than once",
            "một ghi nhận bị hủy nhiều lần",
        ),
        Link::RetractionTarget => tr(
            "a retraction names no event, or another kind of event names one",
            "một lần hủy không chỉ ghi nhận nào, hoặc một ghi nhận loại khác lại chỉ tới ghi nhận",
        ),
        Link::RetractsMissing => tr(
            "a retraction cancels an event that is not there",
            "một lần hủy ghi nhận hủy ghi nhận không tồn tại",
        ),
        Link::OccurrenceOrphan => tr(
            "an occurrence belongs to no deadline",
            "một kỳ thực hiện không thuộc thời hạn nào",
        ),
        Link::DeadlineOrphan => tr(
            "a deadline belongs to no task",
            "một thời hạn không thuộc nhiệm vụ nào",
        ),
        Link::SummaryMissing => tr(
            "progress is recorded but its summary is missing",
            "đã có ghi nhận tiến độ nhưng thiếu bản tóm tắt",
        ),
    }
}
