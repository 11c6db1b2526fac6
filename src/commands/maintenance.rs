//! `plan check` and `plan backup`: is the store sound, and a consistent copy of it.

use crate::Outcome;
use crate::cli::{BackupArgs, RestoreArgs};
use crate::context::Context;
use crate::error::Error;
use crate::error::Result;
use crate::msg;
use crate::outfile;
use crate::store::{Location, Store};
use std::io::Write;
use std::path::Path;

/// Runs `check`: one line per problem and exit 1, or a one-line all-clear.
pub fn check(ctx: &Context) -> Result<Outcome> {
    let store = Store::open_read(&ctx.db)?;
    let checkup = store.check()?;
    let problems = checkup.problems;
    let mut out = super::stdout(ctx);
    let path = &ctx.db;
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
    let target = Location::parse(&args.file, &ctx.libpq)
        .map_err(|p| Error::Usage(crate::error::url_problem(&p)))?;
    if let Location::Server(_) = &target {
        return copy_to_server(ctx, &target);
    }
    let earlier_backup =
        |p: &Path| Store::open_copy(p).is_ok_and(|c| c.snapshot().is_ok_and(|s| s.is_some()));
    outfile::check(&args.file, ctx.db.file(), earlier_backup)
        .map_err(|r| super::refused(&args.file, r))?;
    let store = Store::open_read(&ctx.db)?;
    outfile::write_with(
        &args.file,
        outfile::Mode::Private,
        |tmp, _| Ok(store.backup_into(tmp, Some(&ctx.now))?),
        super::writing(&args.file),
    )?;
    let (from, to) = (&ctx.db, args.file.display());
    crate::say!(
        "{}",
        msg!(
            "plan: copied {from} to {to}",
            "plan: đã sao lưu {from} sang {to}"
        )
    );
    Ok(Outcome::Clean)
}

/// `plan backup postgresql://…`: the whole store copied into an empty shared database, in one transaction
/// (how an office moves to the shared store).
fn copy_to_server(ctx: &Context, target: &Location) -> Result<Outcome> {
    if *target == ctx.db {
        return Err(Error::Usage(msg!(
            "{target} is the store itself — name another database to copy it into",
            "{target} chính là kho dữ liệu này — hãy chỉ ra một cơ sở dữ liệu khác để sao chép vào"
        )));
    }
    let store = Store::open_read(&ctx.db)?;
    let to = Store::open_write(target)?;
    store.copy_into(&to)?;
    let from = &ctx.db;
    crate::say!(
        "{}",
        msg!(
            "plan: copied {from} into {target}",
            "plan: đã sao chép {from} vào {target}"
        )
    );
    Ok(Outcome::Clean)
}

/// Runs `restore`: a new store (the `--db` file, which must not exist yet) from a copy made by `plan backup`.
pub fn restore(ctx: &Context, args: &RestoreArgs) -> Result<Outcome> {
    let Some(db_file) = ctx.db.file() else {
        // Into a shared database: its rows copied in, refused unless the database is empty.
        let copy = Store::open_copy(&args.file)?;
        let to = Store::open_write(&ctx.db)?;
        copy.copy_into(&to)?;
        let (from, to) = (args.file.display(), &ctx.db);
        crate::say!(
            "{}",
            msg!(
                "plan: restored {from} into {to}",
                "plan: đã khôi phục {from} vào {to}"
            )
        );
        return Ok(Outcome::Clean);
    };
    if Store::exists(&ctx.db) {
        let db = &ctx.db;
        return Err(Error::Usage(msg!(
            "{db} already exists — restore into a new file with --db NEW.db; plan never overwrites a store",
            "{db} đã tồn tại — hãy khôi phục vào một tệp mới bằng --db MỚI.db; plan không bao giờ ghi đè kho dữ liệu"
        )));
    }
    let copy = Store::open_copy(&args.file)?;
    outfile::write_with(
        db_file,
        outfile::Mode::Private,
        |tmp, _| Ok(copy.restore_into(tmp)?),
        super::writing(db_file),
    )?;
    let (from, to) = (args.file.display(), &ctx.db);
    crate::say!(
        "{}",
        msg!(
            "plan: restored {from} into {to}",
            "plan: đã khôi phục {from} vào {to}"
        )
    );
    Ok(Outcome::Clean)
}
