//! `plan load PATH...`, and the sync step every other command runs first: validate everything, write nothing
//! unless all of it is clean, then load new and changed files in one transaction.

use crate::Outcome;
use crate::cli::LoadArgs;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::msg;
use crate::planfile::{self, Severity};
use crate::store::{LoadOutcome, Loaded, SourceFile, Store, StoredFile};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Runs `load`.
pub fn run(ctx: &Context, args: &LoadArgs) -> Result<Outcome> {
    let outcomes = load_paths(ctx, &args.paths)?;
    let mut out = std::io::stdout().lock();
    for (file, o) in outcomes {
        let what = match o.loaded {
            Loaded::Added => tr("added", "đã thêm").to_string(),
            Loaded::Updated { withdrawn: 0 } => tr("updated", "đã cập nhật").to_string(),
            Loaded::Updated { withdrawn } => msg!(
                "updated ({withdrawn} task(s) no longer in the file, marked withdrawn)",
                "đã cập nhật ({withdrawn} nhiệm vụ không còn trong tệp, đã đánh dấu bãi bỏ)"
            ),
            Loaded::Unchanged => tr("unchanged", "không thay đổi").to_string(),
        };
        writeln!(out, "{}: {what} — {}", file.display(), o.label)?;
    }
    Ok(Outcome::Clean)
}

fn metadata(path: &Path) -> std::io::Result<(i64, i64)> {
    let meta = std::fs::metadata(path)?;
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos() as i64);
    Ok((meta.len() as i64, mtime))
}

/// Validates every file under `paths`; if all are clean, loads them in one transaction. Each outcome comes
/// with the file's path as the user gave it (the store keeps the absolute path).
fn load_paths(ctx: &Context, paths: &[PathBuf]) -> Result<Vec<(PathBuf, LoadOutcome)>> {
    let (all, mut diagnostics) = planfile::expand(paths);
    // A file whose path, size and time are what the store loaded is not read again: re-loading a thousand
    // unchanged files costs a thousand stats.
    let stored = if ctx.db.exists() {
        Store::open_read(&ctx.db)?.files(None)?
    } else {
        Vec::new()
    };
    let by_path: HashMap<&Path, &StoredFile> =
        stored.iter().map(|s| (s.file.as_path(), s)).collect();
    let mut skipped = Vec::new();
    let mut files = Vec::new();
    for f in all {
        let known = std::fs::canonicalize(&f)
            .ok()
            .and_then(|c| by_path.get(c.as_path()).copied());
        match (known, metadata(&f).ok()) {
            (Some(s), Some((size, mtime))) if (size, mtime) == (s.size, s.mtime) => {
                skipped.push((f, s.label()))
            }
            _ => files.push(f),
        }
    }
    // Size and time are taken before the content is read, so a file edited meanwhile is seen as changed later.
    let metas: Vec<Option<(i64, i64)>> = files.iter().map(|f| metadata(f).ok()).collect();
    let checked = planfile::check_files(&files);
    diagnostics.extend(checked.diagnostics.iter().cloned());
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        return Err(Error::Invalid {
            context: msg!(
                "{errors} error(s) in the plan files — nothing was loaded; fix them and load again",
                "{errors} lỗi trong các tệp kế hoạch — chưa nạp gì; hãy sửa rồi nạp lại"
            ),
            diagnostics,
        });
    }
    for d in &diagnostics {
        eprintln!("{d}");
    }
    let mut sources = Vec::new();
    let mut shown = Vec::new();
    for mut file in checked.files {
        let index = files
            .iter()
            .position(|f| *f == file.path)
            .expect("checked files come from the list");
        let (size, mtime) = metas[index].unwrap_or_default();
        shown.push(file.path.clone());
        file.path = std::fs::canonicalize(&file.path).map_err(|source| Error::Io {
            what: {
                let shown = file.path.display();
                msg!("resolving {shown}", "xác định đường dẫn {shown}")
            },
            source,
        })?;
        sources.push(SourceFile { file, size, mtime });
    }
    let mut out: Vec<(PathBuf, LoadOutcome)> = skipped
        .into_iter()
        .map(|(f, label)| {
            let outcome = LoadOutcome {
                label,
                file: f.clone(),
                loaded: Loaded::Unchanged,
            };
            (f, outcome)
        })
        .collect();
    if !sources.is_empty() || !ctx.db.exists() {
        let mut store = Store::open_write(&ctx.db)?;
        let loaded = store.load(&sources, &ctx.now)?;
        if loaded.iter().any(|o| o.loaded != Loaded::Unchanged)
            && let Err(e) = store.copy_log()
        {
            // The load is committed (in the write-ahead log); only tidying it into the database failed.
            let why = match &e {
                crate::store::StoreError::Sqlite { source, .. } => source.to_string(),
                other => other.to_string(),
            };
            let db = ctx.db.display();
            eprintln!(
                "{}",
                msg!(
                    "plan: warning: the load is saved in {db}-wal but could not be copied into {db} ({why}) — free some space; the next command that writes copies it",
                    "plan: cảnh báo: dữ liệu nạp đã được lưu trong {db}-wal nhưng chưa chép được vào {db} ({why}) — hãy giải phóng dung lượng; lệnh ghi tiếp theo sẽ chép"
                )
            );
        }
        out.extend(shown.into_iter().zip(loaded));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(out)
}

/// Which files a sync compares with the store.
#[derive(Debug, Clone, Copy)]
pub enum SyncScope<'a> {
    /// Every file of the configured plans folder, and the file of every loaded plan and registry.
    Everything,
    /// Only the file of this loaded plan (everything, if no such plan is loaded): what `record` needs to write
    /// to one of its tasks, at the cost of one file's size and time rather than a thousand.
    Plan(&'a str),
}

/// Reloads what changed since it was loaded (see [`SyncScope`]). Cheap when nothing changed: only files whose
/// size or time differ are read (and skipped if their content hash is the same). If a changed file is invalid,
/// the command fails rather than answer from an outdated store. `store` is the command's own connection to the
/// store, when it exists, so that the list of loaded files is read without opening the store a second time.
pub fn sync(ctx: &Context, store: Option<&Store>, scope: SyncScope<'_>) -> Result<()> {
    let opened;
    let store = match store {
        Some(store) => Some(store),
        None if ctx.db.exists() => {
            opened = Store::open_read(&ctx.db)?;
            Some(&opened)
        }
        None => None,
    };
    if let (SyncScope::Plan(plan), Some(store)) = (scope, store) {
        let stored = store.files(Some(plan))?;
        if !stored.is_empty() {
            return sync_files(ctx, &stored, Vec::new());
        }
    }
    let mut targets: Vec<PathBuf> = Vec::new();
    if let Some(dir) = &ctx.plans {
        let (files, problems) = planfile::expand(std::slice::from_ref(dir));
        if !problems.is_empty() {
            return Err(Error::Invalid {
                context: tr(
                    "the plans folder cannot be read (see --plans, PLAN_PLANS or the config file)",
                    "không đọc được thư mục kế hoạch (xem --plans, PLAN_PLANS hoặc tệp cấu hình)",
                )
                .into(),
                diagnostics: problems,
            });
        }
        for f in files {
            targets.push(std::fs::canonicalize(&f).unwrap_or(f));
        }
    }
    let stored = match store {
        Some(store) => store.files(None)?,
        None => Vec::new(),
    };
    sync_files(ctx, &stored, targets)
}

/// Reloads, of the folder's `targets` and the `stored` files, those that are new or whose size or time changed.
fn sync_files(ctx: &Context, stored: &[StoredFile], mut targets: Vec<PathBuf>) -> Result<()> {
    // Looked up by path in a map: comparing paths pairwise cost tens of milliseconds at a thousand files.
    let by_path: HashMap<&Path, &StoredFile> =
        stored.iter().map(|s| (s.file.as_path(), s)).collect();
    let listed: HashSet<PathBuf> = targets.iter().cloned().collect();
    targets.extend(
        stored
            .iter()
            .filter(|s| !listed.contains(&s.file))
            .map(|s| s.file.clone()),
    );
    let mut changed = Vec::new();
    for target in targets {
        let Some(known) = by_path.get(target.as_path()) else {
            changed.push(target);
            continue;
        };
        let Ok((size, mtime)) = metadata(&target) else {
            let (label, shown) = (known.label(), target.display());
            eprintln!(
                "{}",
                msg!(
                    "plan: warning: {label} was loaded from {shown}, which no longer exists — the store keeps its last loaded version",
                    "plan: cảnh báo: {label} được nạp từ {shown}, tệp này không còn nữa — kho dữ liệu giữ phiên bản nạp gần nhất"
                )
            );
            continue;
        };
        // A touched but unchanged file is loaded as "unchanged", which records its new size and time.
        if (size, mtime) != (known.size, known.mtime) {
            changed.push(target);
        }
    }
    if changed.is_empty() {
        return Ok(());
    }
    let outcomes = load_paths(ctx, &changed).map_err(|e| match e {
        Error::Invalid { diagnostics, .. } => Error::Invalid {
            context: tr(
                "a plan file changed since it was loaded and is now invalid — fix it; the store was not changed",
                "một tệp kế hoạch đã thay đổi sau lần nạp và nay không hợp lệ — hãy sửa lại; kho dữ liệu chưa bị thay đổi",
            )
            .into(),
            diagnostics,
        },
        other => other,
    })?;
    for (file, o) in outcomes
        .iter()
        .filter(|(_, o)| o.loaded != Loaded::Unchanged)
    {
        let (shown, label) = (file.display(), &o.label);
        eprintln!(
            "{}",
            msg!(
                "plan: synced {shown} ({label})",
                "plan: đã đồng bộ {shown} ({label})"
            )
        );
    }
    Ok(())
}
