//! `plan check` and `plan backup`: is the store sound, and a consistent copy of it.

use crate::Outcome;
use crate::cli::{BackupArgs, RestoreArgs};
use crate::context::Context;
use crate::error::Error;
use crate::error::Result;
use crate::msg;
use crate::store::Store;
use std::io::Write;

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

/// Runs `backup`: a copy that records its moment, so that nothing is ever synced into it.
pub fn backup(ctx: &Context, args: &BackupArgs) -> Result<Outcome> {
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
    let copy = Store::open_read(&args.file)?;
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
