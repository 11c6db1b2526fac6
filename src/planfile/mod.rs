//! Plan files: finding them, reading them (UTF-8, BOM accepted, NFC), and validating them into a [`Plan`].
//!
//! The rule this module keeps: every problem of every file is reported in one run, each with its line and
//! column, and a plan is handed on only when its file has no error. Cross-file checks (a plan id used twice)
//! run over the whole set.

mod diagnostic;
mod schema;

pub use diagnostic::{Diagnostic, Severity, line_column};

pub use crate::domain::source::{Content, PlanFile, Registry};
use crate::i18n::tr;
use crate::msg;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// How a registry file is named in messages: "registry of 2 documents" (and "and 8 units" when it lists
/// units).
pub fn registry_label(documents: usize, units: usize, office: bool, calendar: usize) -> String {
    if calendar > 0 && !office && documents == 0 && units == 0 {
        return msg!(
            "the official calendar of {calendar} days",
            "lịch chính thức gồm {calendar} ngày"
        );
    }
    if office && documents == 0 && units == 0 {
        return tr("the office profile", "thông tin cơ quan").into();
    }
    let what = registry_counts(documents, units);
    match office {
        true => msg!(
            "{what} and the office profile",
            "{what} và thông tin cơ quan"
        ),
        false => what,
    }
}

fn registry_counts(documents: usize, units: usize) -> String {
    match (documents, units) {
        (0, _) => msg!("registry of {units} units", "danh mục gồm {units} đơn vị"),
        (_, 0) => msg!(
            "registry of {documents} documents",
            "danh mục gồm {documents} văn bản"
        ),
        (_, _) => msg!(
            "registry of {documents} documents and {units} units",
            "danh mục gồm {documents} văn bản và {units} đơn vị"
        ),
    }
}

/// The outcome of checking a set of files: the plans that are clean, and every problem found.
#[derive(Debug, Default)]
pub struct Checked {
    /// Files without errors (they may have warnings).
    pub files: Vec<PlanFile>,
    /// Errors and warnings, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    /// Whether any error (not just a warning) was found.
    pub fn has_errors(&self) -> bool {
        self.diagnostics
            .iter()
            .any(|d| d.severity == Severity::Error)
    }
}

/// Expands the paths given on the command line: files as they are, folders to the `*.toml` files they hold
/// (recursively, sorted, each folder once however many links lead to it). A path that does not exist, a
/// folder that cannot be read and a name that is not UTF-8 are reported as diagnostics.
pub fn expand(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<Diagnostic>) {
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for path in paths {
        if path.is_dir() {
            collect_dir(path, &mut seen, &mut files, &mut problems);
        } else if path.exists() {
            files.push(path.clone());
        } else {
            problems.push(problem(
                path,
                tr("no such file or folder", "không có tệp hay thư mục này").into(),
                tr(
                    "check the path; give plan files (*.toml) or folders holding them",
                    "hãy kiểm tra đường dẫn; hãy chỉ ra các tệp kế hoạch (*.toml) hoặc thư mục chứa chúng",
                ),
            ));
        }
    }
    files.dedup();
    (files, problems)
}

/// A problem of a whole file or folder (line 1, column 1).
fn problem(path: &Path, what: String, fix: &str) -> Diagnostic {
    Diagnostic {
        path: path.display().to_string(),
        line: 1,
        column: 1,
        severity: Severity::Error,
        what,
        fix: fix.into(),
    }
}

fn collect_dir(
    dir: &Path,
    seen: &mut std::collections::HashSet<PathBuf>,
    files: &mut Vec<PathBuf>,
    problems: &mut Vec<Diagnostic>,
) {
    // A link back to a folder already read (plans/loop -> ..) is read once, not until the path is too long.
    if !std::fs::canonicalize(dir).is_ok_and(|c| seen.insert(c)) {
        return;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            let what = msg!("cannot read the folder: {e}", "không đọc được thư mục: {e}");
            let fix = tr(
                "check its permissions",
                "hãy kiểm tra quyền truy cập thư mục",
            );
            problems.push(problem(dir, what, fix));
            return;
        }
    };
    let mut paths: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for p in paths {
        let Some(name) = p.file_name().and_then(|n| n.to_str()) else {
            // The store keeps paths as text: a name that is not UTF-8 would be kept changed, then missed.
            let what = tr(
                "the name of this file or folder is not UTF-8 text",
                "tên tệp hoặc thư mục này không phải văn bản UTF-8",
            );
            let fix = tr(
                "rename it (e.g. with the file manager, which writes UTF-8 names)",
                "hãy đổi tên nó (ví dụ trong trình quản lý tệp, vốn đặt tên bằng UTF-8)",
            );
            problems.push(problem(&p, what.into(), fix));
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        if p.is_dir() {
            collect_dir(&p, seen, files, problems);
        } else if p.extension().is_some_and(|e| e == "toml") {
            files.push(p);
        }
    }
}

/// A unit, or a document, is recorded in one registry file only: a second file recording it is refused, here
/// as it would be by the store.
fn registries_once(out: &mut Checked) {
    let mut units: HashMap<String, PathBuf> = HashMap::new();
    let mut documents: HashMap<(String, Option<chrono::NaiveDate>), PathBuf> = HashMap::new();
    let mut office: Option<PathBuf> = None;
    let mut problems = Vec::new();
    for (i, f) in out.files.iter().enumerate() {
        let Content::Registry(r) = &f.content else {
            continue;
        };
        let mut twice = |what: String, first: &Path| {
            let first = first.display();
            problems.push((
                i,
                Diagnostic {
                    path: f.path.display().to_string(),
                    line: 1,
                    column: 1,
                    severity: Severity::Error,
                    what: msg!(
                        "{what} is also recorded in {first}",
                        "{what} đã có trong {first}"
                    ),
                    fix: tr(
                        "record each unit, each document and the [office] in one registry file only",
                        "mỗi đơn vị, mỗi văn bản và bảng [office] chỉ ghi trong một tệp danh mục",
                    )
                    .into(),
                },
            ));
        };
        if r.office.is_some() {
            match &office {
                Some(first) => twice(tr("the [office] table", "bảng [office]").into(), first),
                None => office = Some(f.path.clone()),
            }
        }
        for u in &r.units {
            match units.get(&u.id) {
                Some(first) => {
                    let id = &u.id;
                    twice(msg!("unit `{id}`", "đơn vị `{id}`"), first)
                }
                None => {
                    units.insert(u.id.clone(), f.path.clone());
                }
            }
        }
        for d in &r.documents {
            match documents.get(&(d.key.clone(), d.date)) {
                Some(first) => {
                    let number = &d.number;
                    twice(msg!("document {number}", "văn bản {number}"), first)
                }
                None => {
                    documents.insert((d.key.clone(), d.date), f.path.clone());
                }
            }
        }
    }
    let mut refused: Vec<usize> = problems.iter().map(|(i, _)| *i).collect();
    refused.dedup();
    out.diagnostics.extend(problems.into_iter().map(|(_, d)| d));
    for i in refused.into_iter().rev() {
        out.files.remove(i);
    }
}

/// Hex SHA-256 of a file's bytes: how the store tells an unchanged file.
pub fn hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Reads and validates one file's bytes. Returns the plan when the file has no error, and all diagnostics.
pub fn check_bytes(path: &Path, bytes: &[u8]) -> (Option<PlanFile>, Vec<Diagnostic>) {
    let shown = path.display().to_string();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default();
            let (line, column) = diagnostic::line_column(good, good.len());
            let d = Diagnostic {
                path: shown,
                line,
                column,
                severity: Severity::Error,
                what: {
                    let byte = bytes[e.valid_up_to()];
                    msg!(
                        "the file is not UTF-8 text (byte 0x{byte:02X} cannot start a character)",
                        "tệp không phải văn bản UTF-8 (byte 0x{byte:02X} không thể mở đầu một ký tự)"
                    )
                },
                fix: tr(
                    "save the file as UTF-8 (in most editors: Save As, encoding UTF-8)",
                    "hãy lưu tệp dưới dạng UTF-8 (trong hầu hết trình soạn thảo: Save As, chọn mã hóa UTF-8)",
                )
                .into(),
            };
            return (None, vec![d]);
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (content, diagnostics) = schema::check(&shown, text);
    let file = content.map(|content| PlanFile {
        path: path.to_path_buf(),
        content,
        hash: hash(bytes),
        text: text.to_string(),
    });
    (file, diagnostics)
}

/// Why a plan file was not read, worded for the clerk.
fn unreadable(path: &Path, e: crate::infile::ReadError) -> Diagnostic {
    use crate::infile::{ReadError, size};
    match e {
        ReadError::NotRegular => problem(
            path,
            tr(
                "this is not a regular file (a FIFO, a device or a socket): plan does not read it",
                "đây không phải tệp thông thường (FIFO, thiết bị hoặc socket): plan không đọc nó",
            )
            .into(),
            tr(
                "remove it from the plans folder, or rename it so that it does not end in .toml",
                "hãy đưa nó ra khỏi thư mục kế hoạch, hoặc đổi tên để không kết thúc bằng .toml",
            ),
        ),
        ReadError::TooLarge(n) => {
            let (n, max) = (size(n), size(crate::infile::MAX_PLAN_FILE));
            problem(
                path,
                msg!(
                    "the file is {n}, larger than a plan file can be ({max})",
                    "tệp có dung lượng {n}, lớn hơn giới hạn của một tệp kế hoạch ({max})"
                ),
                tr(
                    "check that this is a plan file; split a plan this large into several files",
                    "hãy kiểm tra đây có đúng là tệp kế hoạch; kế hoạch lớn như vậy hãy tách thành nhiều tệp",
                ),
            )
        }
        ReadError::Io(e) => problem(
            path,
            msg!("cannot read the file: {e}", "không đọc được tệp: {e}"),
            tr(
                "check the path and its permissions",
                "hãy kiểm tra đường dẫn và quyền truy cập tệp",
            ),
        ),
    }
}

/// Reads and validates every file, then checks that no plan id is used by two files.
pub fn check_files(paths: &[PathBuf]) -> Checked {
    let mut out = Checked::default();
    for path in paths {
        match crate::infile::read(path, crate::infile::MAX_PLAN_FILE) {
            Ok(bytes) => {
                let (plan, diags) = check_bytes(path, &bytes);
                out.diagnostics.extend(diags);
                out.files.extend(plan);
            }
            Err(e) => out.diagnostics.push(unreadable(path, e)),
        }
    }
    let mut seen: HashMap<String, PathBuf> = HashMap::new();
    let mut dup = Vec::new();
    for (i, f) in out.files.iter().enumerate() {
        let Some(plan) = f.plan() else { continue };
        if let Some(first) = seen.get(&plan.id) {
            dup.push(i);
            out.diagnostics.push(Diagnostic {
                path: f.path.display().to_string(),
                line: 1,
                column: 1,
                severity: Severity::Error,
                what: {
                    let (id, first) = (&plan.id, first.display());
                    msg!(
                        "plan id `{id}` is also used by {first}",
                        "mã kế hoạch `{id}` đã được dùng trong {first}"
                    )
                },
                fix: tr(
                    "give each plan file its own [plan] id",
                    "mỗi tệp kế hoạch phải có id riêng trong [plan]",
                )
                .into(),
            });
        } else {
            seen.insert(plan.id.clone(), f.path.clone());
        }
    }
    for i in dup.into_iter().rev() {
        out.files.remove(i);
    }
    registries_once(&mut out);
    out.diagnostics
        .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}
