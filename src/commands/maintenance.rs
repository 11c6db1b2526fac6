//! `plan check` and `plan backup`: is the store sound, and a consistent copy of it.

use crate::Outcome;
use crate::cli::{BackupArgs, RestoreArgs};
use crate::context::Context;
use crate::error::Error;
use crate::error::Result;
use crate::msg;
use crate::store::Store;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Runs `check`: one line per problem and exit 1, or a one-line all-clear.
pub fn check(ctx: &Context) -> Result<Outcome> {
    let store = Store::open_read(&ctx.db)?;
    let problems = store.check()?;
    let mut out = std::io::stdout().lock();
    let path = ctx.db.display();
    if problems.is_empty() {
        writeln!(out, "{}", msg!("{path}: ok", "{path}: không có lỗi"))?;
        return Ok(Outcome::Clean);
    }
    for p in &problems {
        writeln!(out, "{path}: {p}")?;
    }
    let n = problems.len();
    writeln!(
        out,
        "{}",
        msg!(
            "{n} problem(s) — restore a backup (plan backup) or reload the plans; the history is never rewritten",
            "{n} lỗi — hãy khôi phục bản sao lưu (plan backup) hoặc nạp lại các kế hoạch; lịch sử không bao giờ bị ghi đè"
        )
    )?;
    Ok(Outcome::Found)
}

/// The same file, by path or as a link: `dest` is the store, or one of its `-wal` and `-shm` files.
fn is_store_file(db: &Path, dest: &Path) -> bool {
    let same = |a: &Path, b: &Path| match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(x), Ok(y)) => {
            use std::os::unix::fs::MetadataExt;
            x.dev() == y.dev() && x.ino() == y.ino()
        }
        _ => match (
            std::fs::canonicalize(a),
            b.parent().and_then(|p| std::fs::canonicalize(p).ok()),
        ) {
            (Ok(a), Some(dir)) => b.file_name().is_some_and(|n| a == dir.join(n)),
            _ => false,
        },
    };
    let side = |suffix: &str| PathBuf::from(format!("{}{suffix}", db.display()));
    [db.to_path_buf(), side("-wal"), side("-shm")]
        .iter()
        .any(|f| same(f, dest))
}

/// Runs `backup`: a copy that records its moment, so that nothing is ever synced into it. It replaces only an
/// earlier backup, never the store itself nor any other file.
pub fn backup(ctx: &Context, args: &BackupArgs) -> Result<Outcome> {
    let dest = args.file.display();
    if is_store_file(&ctx.db, &args.file) {
        return Err(Error::Usage(msg!(
            "{dest} is the store itself (or its log) — back it up to another file",
            "{dest} chính là kho dữ liệu (hoặc tệp nhật ký của nó) — hãy sao lưu ra tệp khác"
        )));
    }
    let earlier_backup =
        || Store::open_copy(&args.file).is_ok_and(|c| c.snapshot().is_ok_and(|s| s.is_some()));
    if args.file.exists() && !earlier_backup() {
        return Err(Error::Usage(msg!(
            "{dest} exists and is not a backup made by plan — name a new file (plan replaces only its own earlier backups)",
            "{dest} đã tồn tại và không phải bản sao lưu do plan tạo — hãy đặt tên tệp mới (plan chỉ thay thế bản sao lưu cũ của chính nó)"
        )));
    }
    let store = Store::open_read(&ctx.db)?;
    store.backup_to(&args.file, Some(&ctx.now))?;
    let (from, to) = (ctx.db.display(), args.file.display());
    eprintln!(
        "{}",
        msg!(
            "plan: copied {from} to {to}",
            "plan: đã sao lưu {from} sang {to}"
        )
    );
    Ok(Outcome::Clean)
}

/// Runs `restore`: a new store (the `--db` file, which must not exist yet) from a copy made by `plan backup`.
pub fn restore(ctx: &Context, args: &RestoreArgs) -> Result<Outcome> {
    if ctx.db.exists() {
        let db = ctx.db.display();
        return Err(Error::Usage(msg!(
            "{db} already exists — restore into a new file with --db NEW.db; plan never overwrites a store",
            "{db} đã tồn tại — hãy khôi phục vào một tệp mới bằng --db MỚI.db; plan không bao giờ ghi đè kho dữ liệu"
        )));
    }
    let copy = Store::open_copy(&args.file)?;
    copy.restore_to(&ctx.db)?;
    let (from, to) = (args.file.display(), ctx.db.display());
    eprintln!(
        "{}",
        msg!(
            "plan: restored {from} into {to}",
            "plan: đã khôi phục {from} vào {to}"
        )
    );
    Ok(Outcome::Clean)
}
