//! `plan load PATH...`, and the sync step every other command runs first: validate everything, write nothing
//! unless all of it is clean, then load new and changed files in one transaction.
//!
//! The rules this module keeps:
//! - What a read command syncs is the configured plans folder, and only it: a plan loaded from elsewhere is
//!   reloaded by `plan load`, and a store made by `plan backup` is never synced into.
//! - An edit that would change a result already due (see [`super::rewrites`]) is listed; the automatic sync
//!   refuses it and changes nothing, `plan load` applies it and prints the list.

use super::rewrites;
use crate::Outcome;
use crate::cli::LoadArgs;
use crate::context::Context;
use crate::domain::revision::Change;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::msg;
use crate::planfile::{self, Content, Severity};
use crate::store::{LoadOutcome, Loaded, SourceFile, Store, StoredFile};
use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Runs `load`.
pub fn run(ctx: &Context, args: &LoadArgs) -> Result<Outcome> {
    let done = load_paths(ctx, &args.paths, Mode::Explicit)?;
    let mut out = super::stdout(ctx);
    for (file, o) in &done.outcomes {
        writeln!(
            out,
            "{}: {} — {}",
            file.display(),
            what(&o.loaded),
            label(&o.holds)
        )?;
    }
    if !done.rewrites.is_empty() {
        writeln!(
            out,
            "{}",
            tr(
                "Results of past days that this load changed:",
                "Các kết quả của những ngày đã qua mà lần nạp này đã thay đổi:"
            )
        )?;
        for line in &done.rewrites {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(Outcome::Clean)
}

/// What a file holds, as messages name it: "plan ID", "registry of 2 documents".
pub fn label(holds: &crate::store::Holds) -> String {
    match holds {
        crate::store::Holds::Plan(id) => msg!("plan {id}", "kế hoạch {id}"),
        crate::store::Holds::Registry {
            documents,
            units,
            office,
            calendar,
        } => planfile::registry_label(*documents, *units, *office, *calendar),
    }
}

fn what(loaded: &Loaded) -> String {
    match *loaded {
        Loaded::Added => tr("added", "đã thêm").to_string(),
        Loaded::Updated {
            withdrawn: 0,
            removed: 0,
        } => tr("updated", "đã cập nhật").to_string(),
        Loaded::Updated { withdrawn, removed } => msg!(
            "updated (tasks no longer in the file: {withdrawn} kept as withdrawn with their history, {removed} without history removed)",
            "đã cập nhật (nhiệm vụ không còn trong tệp: {withdrawn} giữ lại ở trạng thái bãi bỏ cùng lịch sử, {removed} chưa có lịch sử đã xóa)"
        ),
        Loaded::Unchanged => tr("unchanged", "không thay đổi").to_string(),
    }
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

/// Who asked for the load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// `plan load`: past results it changes are applied and listed.
    Explicit,
    /// The sync before a command: a change of past results is refused.
    Sync,
}

/// What a load did.
struct Done {
    /// Each file, with its path as the user gave it (the store keeps the absolute path).
    outcomes: Vec<(PathBuf, LoadOutcome)>,
    /// The past results it changed.
    rewrites: Vec<String>,
}

/// Validates every file under `paths`; if all are clean, loads them in one transaction.
fn load_paths(ctx: &Context, paths: &[PathBuf], mode: Mode) -> Result<Done> {
    let (all, mut diagnostics) = planfile::expand(paths);
    // A file whose path, size and time are what the store loaded is not read again: re-loading a thousand
    // unchanged files costs a thousand stats.
    let stored = if Store::exists(&ctx.db) {
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
                skipped.push((f, s.holds()))
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
        crate::say!("{d}");
    }
    let mut sources = Vec::new();
    let mut shown: HashMap<PathBuf, PathBuf> = HashMap::new();
    for mut file in checked.files {
        let index = files
            .iter()
            .position(|f| *f == file.path)
            .expect("checked files come from the list");
        let (size, mtime) = metas[index].unwrap_or_default();
        let given = file.path.clone();
        file.path = std::fs::canonicalize(&file.path).map_err(|source| Error::Io {
            what: {
                let shown = file.path.display();
                msg!("resolving {shown}", "xác định đường dẫn {shown}")
            },
            source,
        })?;
        shown.insert(file.path.clone(), given);
        sources.push(SourceFile { file, size, mtime });
    }
    let mut done = Done {
        outcomes: skipped
            .into_iter()
            .map(|(f, holds)| {
                let outcome = LoadOutcome {
                    holds,
                    plan: None,
                    file: f.clone(),
                    loaded: Loaded::Unchanged,
                    changes: Vec::new(),
                    registry_changed: false,
                };
                (f, outcome)
            })
            .collect(),
        rewrites: Vec::new(),
    };
    if !sources.is_empty() || !Store::exists(&ctx.db) {
        let store = Store::open_write(&ctx.db)?;
        refuse_snapshot(ctx, &store)?;
        let (loaded, rewrites) = write(ctx, &store, &sources, mode)?;
        done.rewrites = rewrites;
        if loaded.iter().any(|o| o.loaded != Loaded::Unchanged) {
            copy_log(ctx, &store);
        }
        done.outcomes.extend(loaded.into_iter().map(|o| {
            let given = shown
                .get(&o.file)
                .cloned()
                .unwrap_or_else(|| o.file.clone());
            (given, o)
        }));
    }
    done.outcomes.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(done)
}

/// A plan id is loaded from one file: a file with the id of a plan loaded from another file that is still
/// there is refused (two files claim the plan); when the other file is gone, the plan has moved. On a shared
/// store a plan is its owner's: another office's load of the same id is refused, whatever its disk holds.
/// Asked in the load's transaction, so no other load comes between.
fn one_file_a_plan(tx: &crate::store::LoadTx<'_>, sources: &[SourceFile], by: &str) -> Result<()> {
    for source in sources {
        let Some(plan) = source.file.plan() else {
            continue;
        };
        if tx.store().is_shared()
            && let Some(owner) = tx.store().plan_owner(&plan.id)?
            && owner != by
        {
            return Err(
                crate::store::StoreError::Refused(crate::store::Refusal::PlanOwned {
                    file: source.file.path.display().to_string(),
                    id: plan.id.clone(),
                    owner,
                    by: by.to_string(),
                })
                .into(),
            );
        }
        for old in tx.store().files(Some(&plan.id))? {
            if old.file != source.file.path && old.file.exists() {
                return Err(crate::store::StoreError::Refused(
                    crate::store::Refusal::PlanIdTaken {
                        file: source.file.path.display().to_string(),
                        id: plan.id.clone(),
                        old_file: old.file.display().to_string(),
                    },
                )
                .into());
            }
        }
    }
    Ok(())
}

/// Loads the files in one transaction, comparing the past results of the plans it touches before and after;
/// in a sync, a change of them rolls the load back.
fn write(
    ctx: &Context,
    store: &Store,
    sources: &[SourceFile],
    mode: Mode,
) -> Result<(Vec<LoadOutcome>, Vec<String>)> {
    let tx = store.begin_load()?;
    let registry = sources
        .iter()
        .any(|s| matches!(&s.file.content, Content::Registry(r) if !r.units.is_empty()));
    // The plans whose past results the load may change: those whose terms change in a way that can change a
    // state (an edit of wording or titles alone cannot), or every plan when the registry of units changes.
    let by = store.who(&ctx.user)?;
    one_file_a_plan(&tx, sources, &by)?;
    let mut known = HashMap::new();
    let mut touched = Vec::new();
    for source in sources {
        let (Some(plan), Some(changes)) = (source.file.plan(), tx.changes(source)?) else {
            continue;
        };
        if changes.iter().any(Change::may_change_states) {
            touched.push(plan.id.clone());
        }
        known.insert(plan.id.clone(), changes);
    }
    if registry {
        touched = store.plan_ids()?;
    }
    let mut before = rewrites::tracks(tx.store(), &touched)?;
    let loader = crate::store::Loader {
        at: &ctx.now,
        by: &by,
    };
    let loaded = tx.apply(sources, &loader, &known)?;
    let changed: Vec<String> = loaded
        .iter()
        .filter(|o| o.loaded != Loaded::Unchanged)
        .filter_map(|o| o.plan.clone())
        .collect();
    // A file whose content is what was loaded changes nothing: its plan is not compared.
    let touched: Vec<String> = touched
        .into_iter()
        .filter(|p| registry || changed.contains(p))
        .collect();
    before.retain(|_, e| touched.contains(&e.plan));
    let after = rewrites::tracks(tx.store(), &touched)?;
    // Every day before today may have been reported on, whatever date the command answers for; a command
    // answering for a later date treats that date as today.
    let lines = rewrites::lines(tx.store(), &before, &after, ctx.as_of.max(ctx.today))?;
    if mode == Mode::Sync && !lines.is_empty() {
        let files: Vec<String> = loaded
            .iter()
            .filter(|o| o.loaded != Loaded::Unchanged)
            .map(|o| o.file.display().to_string())
            .collect();
        let files = files.join(" ");
        return Err(Error::Listed {
            context: msg!(
                "{files} changed since it was loaded, and the change alters results of past days (listed above) — nothing was changed; load it explicitly with: plan load {files} — or write the change as an amendment (amended = [{{ on, due, by }}], see docs/plan-format.md)",
                "{files} đã thay đổi sau lần nạp trước, và thay đổi này làm khác kết quả của những ngày đã qua (liệt kê ở trên) — chưa có gì bị thay đổi; hãy nạp tường minh bằng: plan load {files} — hoặc ghi thay đổi thành điều chỉnh (amended = [{{ on, due, by }}], xem docs/plan-format.md)"
            ),
            lines,
        });
    }
    tx.commit()?;
    Ok((loaded, lines))
}

/// Refuses to write into a copy made by `plan backup`.
pub fn refuse_snapshot(ctx: &Context, store: &Store) -> Result<()> {
    let Some(s) = store.snapshot()? else {
        return Ok(());
    };
    let (db, at, of) = (&ctx.db, &s.at, &s.of);
    Err(Error::Usage(msg!(
        "{db} is a backup of {of} made at {at}: it stays as it was — record and load into the store itself, or make the backup a store of its own with: plan --db NEW.db restore {db}",
        "{db} là bản sao lưu của {of} lập lúc {at}: bản sao lưu được giữ nguyên — hãy ghi nhận và nạp vào chính kho dữ liệu, hoặc biến bản sao lưu thành kho riêng bằng: plan --db MỚI.db restore {db}"
    )))
}

/// Copies the write-ahead log into the database after a load; a load already committed is kept when that
/// fails (a full disk), with a warning.
fn copy_log(ctx: &Context, store: &Store) {
    let Err(e) = store.copy_log() else { return };
    let why = match &e {
        crate::store::StoreError::Backend { detail, .. } => detail.clone(),
        other => other.to_string(),
    };
    let db = &ctx.db;
    crate::say!(
        "{}",
        msg!(
            "plan: warning: the load is saved in {db}-wal but could not be copied into {db} ({why}) — free some space; the next command that writes copies it",
            "plan: cảnh báo: dữ liệu nạp đã được lưu trong {db}-wal nhưng chưa chép được vào {db} ({why}) — hãy giải phóng dung lượng; lệnh ghi tiếp theo sẽ chép"
        )
    );
}

/// Which files a sync compares with the store.
#[derive(Debug, Clone, Copy)]
pub enum SyncScope<'a> {
    /// Every file of the configured plans folder.
    Everything,
    /// Only the file of this loaded plan, when it is in the folder (the whole folder, if no such plan is
    /// loaded): what `record` needs to write to one of its tasks, at the cost of one file's size and time.
    Plan(&'a str),
}

/// Reloads, from the configured plans folder, what changed since it was loaded. Cheap when nothing changed:
/// only files whose size or time differ are read (and skipped if their content hash is the same). If a
/// changed file is invalid, or its change would rewrite past results, the command fails rather than answer
/// from an outdated store. Nothing is synced without a configured folder, nor into a backup. `store` is the
/// command's own connection to the store, when it exists.
pub fn sync(ctx: &Context, store: Option<&Store>, scope: SyncScope<'_>) -> Result<()> {
    let Some(dir) = &ctx.plans else {
        return Ok(());
    };
    let opened;
    let store = match store {
        Some(store) => Some(store),
        None if Store::exists(&ctx.db) => {
            opened = Store::open_read(&ctx.db)?;
            Some(&opened)
        }
        None => None,
    };
    if let Some(store) = store
        && let Some(s) = store.snapshot()?
    {
        let (db, at) = (&ctx.db, &s.at);
        crate::say!(
            "{}",
            msg!(
                "plan: note: {db} is a backup made at {at}; nothing is synced into it",
                "plan: lưu ý: {db} là bản sao lưu lập lúc {at}; không đồng bộ gì vào bản này"
            )
        );
        return Ok(());
    }
    let root = std::fs::canonicalize(dir).unwrap_or_else(|_| dir.clone());
    let inside = |f: &StoredFile| f.file.starts_with(&root);
    if let (SyncScope::Plan(plan), Some(store)) = (scope, store) {
        let stored = store.files(Some(plan))?;
        if !stored.is_empty() {
            // The plan's own file, and the registries every plan takes its units' members from.
            let registries = store.registry_files()?;
            let mine: Vec<StoredFile> = stored
                .into_iter()
                .chain(registries)
                .filter(|f| inside(f))
                .collect();
            return sync_files(ctx, &mine, Vec::new());
        }
    }
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
    let targets = files
        .into_iter()
        .map(|f| std::fs::canonicalize(&f).unwrap_or(f))
        .collect();
    let stored: Vec<StoredFile> = match store {
        Some(store) => store
            .files(None)?
            .into_iter()
            .filter(|f| inside(f))
            .collect(),
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
            let (label, shown) = (label(&known.holds()), target.display());
            crate::say!(
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
    let done = load_paths(ctx, &changed, Mode::Sync).map_err(|e| match e {
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
    for (file, o) in done
        .outcomes
        .iter()
        .filter(|(_, o)| o.loaded != Loaded::Unchanged)
    {
        let (shown, label) = (file.display(), label(&o.holds));
        crate::say!(
            "{}",
            msg!(
                "plan: synced {shown} ({label})",
                "plan: đã đồng bộ {shown} ({label})"
            )
        );
    }
    Ok(())
}
