//! `plan check` and `plan backup`: is the store sound, and a consistent copy of it.

use crate::Outcome;
use crate::cli::{BackupArgs, RestoreArgs};
use crate::context::Context;
use crate::error::Error;
use crate::error::Result;
use crate::msg;
use crate::outfile;
use crate::store::Store;
use std::io::Write;
use std::path::Path;

/// Runs `check`: one line per problem and exit 1, or a one-line all-clear.
pub fn check(ctx: &Context) -> Result<Outcome> {
    let store = Store::open_read(&ctx.db)?;
    let checkup = store.check()?;
    let problems = checkup.problems;
    let mut out = super::stdout(ctx);
    let path = ctx.db.display();
    if problems.is_empty() {
        writeln!(out, "{}", msg!("{path}: ok", "{path}: không có lỗi"))?;
        // The newest hash, written down (in a signed report), shows later that the history was not rewritten.
        let n = checkup.events;
        if let Some(head) = checkup.head {
            crate::say!(
                "{}",
                msg!(
                    "{path}: {n} events, the newest hash {head}",
                    "{path}: {n} ghi nhận, mã băm mới nhất {head}"
                )
            );
        }
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
            "{n} problem(s) — restore a backup (plan restore) or reload the plans; the history is never rewritten",
            "{n} lỗi — hãy khôi phục bản sao lưu (plan restore) hoặc nạp lại các kế hoạch; lịch sử không bao giờ bị ghi đè"
        )
    )?;
    Ok(Outcome::Found)
}

/// Runs `backup`: a copy that records its moment, so that nothing is ever synced into it. It replaces only an
/// earlier backup, never the store itself nor any other file.
pub fn backup(ctx: &Context, args: &BackupArgs) -> Result<Outcome> {
    let earlier_backup =
        |p: &Path| Store::open_copy(p).is_ok_and(|c| c.snapshot().is_ok_and(|s| s.is_some()));
    outfile::check(&args.file, &ctx.db, earlier_backup)
        .map_err(|r| super::refused(&args.file, r))?;
    let store = Store::open_read(&ctx.db)?;
    outfile::write_with(
        &args.file,
        outfile::Mode::Private,
        |tmp, _| Ok(store.backup_into(tmp, Some(&ctx.now))?),
        super::writing(&args.file),
    )?;
    let (from, to) = (ctx.db.display(), args.file.display());
    crate::say!(
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
    if Store::exists(&ctx.db) {
        let db = ctx.db.display();
        return Err(Error::Usage(msg!(
            "{db} already exists — restore into a new file with --db NEW.db; plan never overwrites a store",
            "{db} đã tồn tại — hãy khôi phục vào một tệp mới bằng --db MỚI.db; plan không bao giờ ghi đè kho dữ liệu"
        )));
    }
    let copy = Store::open_copy(&args.file)?;
    outfile::write_with(
        &ctx.db,
        outfile::Mode::Private,
        |tmp, _| Ok(copy.restore_into(tmp)?),
        super::writing(&ctx.db),
    )?;
    let (from, to) = (args.file.display(), ctx.db.display());
    crate::say!(
        "{}",
        msg!(
            "plan: restored {from} into {to}",
            "plan: đã khôi phục {from} vào {to}"
        )
    );
    Ok(Outcome::Clean)
}
