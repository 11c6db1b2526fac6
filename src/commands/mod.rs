//! The commands: one module per verb, one dispatch `match`. Each builds rows from the store and hands them to
//! the renderer; none speaks SQL or reads the clock.

pub(crate) mod calendar;
mod events;
mod export;
mod extract;
mod find;
mod history;
mod load;
mod maintenance;
mod plans;
mod record;
mod refs;
mod remind;
mod report;
mod revisions;
mod rewrites;
mod shared;
mod show;
mod status;
mod units;
mod validate;

use crate::Outcome;
use crate::cli::Command;
use crate::context::Context;
use crate::error::{Error, Result};
use crate::outfile;
use crate::render::{self, Column, Listing};
use crate::store::{Store, UnitRef};
use std::io::Write;

/// Runs one command.
pub fn dispatch(ctx: &Context, command: &Command) -> Result<Outcome> {
    match command {
        Command::Validate(args) => validate::run(args),
        Command::Load(args) => load::run(ctx, args),
        Command::Plans => plans::run(ctx),
        Command::Status(args) => status::status(ctx, args),
        Command::Overdue(args) => status::overdue(ctx, args),
        Command::Upcoming(args) => status::upcoming(ctx, args),
        Command::Show(args) => show::run(ctx, args),
        Command::Record(args) => record::run(ctx, args),
        Command::History(args) => history::run(ctx, args),
        Command::Refs(args) => refs::run(ctx, args),
        Command::Find(args) => find::run(ctx, args),
        Command::Units(args) => units::run(ctx, args),
        Command::Export(args) => export::run(ctx, args),
        Command::Report(args) => report::run(ctx, args),
        Command::Remind(args) => remind::run(ctx, args),
        Command::Completions(args) => {
            crate::cli::completions(args.shell, &mut std::io::stdout().lock())?;
            Ok(Outcome::Clean)
        }
        Command::Check => maintenance::check(ctx),
        Command::Backup(args) => maintenance::backup(ctx, args),
        Command::Restore(args) => maintenance::restore(ctx, args),
        Command::Revisions(args) => revisions::run(ctx, args),
        Command::Store(command) => shared::store(ctx, command),
        Command::Holidays(args) => calendar::holidays(ctx, args),
        Command::Days(args) => calendar::days(ctx, args),
        Command::Users(command) => shared::users(ctx, command),
        Command::Extract(args) => extract::run(ctx, args),
        Command::Man => {
            crate::cli::man(&mut std::io::stdout().lock())?;
            Ok(Outcome::Clean)
        }
    }
}

/// Syncs the configured plans folder and the files of loaded plans, then opens the store read-only.
fn open_synced(ctx: &Context) -> Result<Store> {
    if !Store::exists(&ctx.db) {
        load::sync(ctx, None, load::SyncScope::Everything)?;
        return Ok(Store::open_read(&ctx.db)?);
    }
    // A read connection sees what the sync loads through its own connection: each statement reads the latest
    // commit.
    let store = Store::open_read(&ctx.db)?;
    load::sync(ctx, Some(&store), load::SyncScope::Everything)?;
    Ok(store)
}

/// Starts streaming a listing to `out` in the context's format.
fn stream<'w>(
    ctx: &Context,
    columns: Vec<render::Column>,
    out: &'w mut dyn Write,
) -> Result<render::Stream<'w>> {
    if ctx.format == render::Format::Ics {
        return Err(Error::Usage(
            crate::i18n::tr(
                "--format ics makes a calendar of deadlines: use it with plan export",
                "--format ics tạo lịch các thời hạn: hãy dùng với plan export",
            )
            .into(),
        ));
    }
    if ctx.format == render::Format::Docx {
        return Err(Error::Usage(
            crate::i18n::tr(
                "--format docx writes the documents the office signs: use it with plan report or plan remind",
                "--format docx tạo văn bản để ký: hãy dùng với plan report hoặc plan remind",
            )
            .into(),
        ));
    }
    if ctx.format.is_binary() && ctx.width.is_some() {
        return Err(binary_on_terminal());
    }
    Ok(render::Stream::new(ctx.format, ctx.width, columns, out)?)
}

/// Stdout, buffered: text passes through [`crate::shown::Shown`] (nothing a terminal would obey reaches it);
/// an XLSX workbook, which is bytes, does not.
pub(crate) fn stdout(ctx: &Context) -> Box<dyn Write> {
    let lock = std::io::stdout().lock();
    if ctx.format.is_binary() {
        Box::new(std::io::BufWriter::new(lock))
    } else {
        Box::new(std::io::BufWriter::new(crate::shown::Shown::new(lock)))
    }
}

/// Writes a listing to stdout in the context's format.
fn print(ctx: &Context, listing: &Listing) -> Result<()> {
    let mut out = stdout(ctx);
    let mut s = stream(ctx, listing.columns.clone(), &mut out)?;
    for row in &listing.rows {
        s.row(row.clone())?;
    }
    s.finish(listing.summary.clone())?;
    out.flush()?;
    Ok(())
}

/// The columns for a listing of `plan` (or of every plan): in a table, the Plan column says nothing when one
/// plan is asked for or only one is loaded, so it is left to the machine formats, which keep their columns.
fn plan_columns(
    store: &Store,
    plan: Option<&str>,
    mut columns: Vec<Column>,
) -> Result<Vec<Column>> {
    if plan.is_some() || store.plan_ids()?.len() <= 1 {
        for c in columns.iter_mut().filter(|c| c.key == "plan") {
            c.show = crate::render::Show::Machine;
        }
    }
    Ok(columns)
}

/// The answer of a command that has decided it before writing: a reader that closes the pipe early
/// (`plan overdue | head -1`) does not change it, so the exit code still says what was found.
fn answer(outcome: Outcome, written: Result<()>) -> Result<Outcome> {
    match written {
        Err(e) if e.is_broken_pipe() => Ok(outcome),
        Err(e) => Err(e),
        Ok(()) => Ok(outcome),
    }
}

fn binary_on_terminal() -> Error {
    Error::Usage(
        crate::i18n::tr(
            "an xlsx workbook or docx document is binary — write it to a file with -o FILE (or pipe it)",
            "tệp xlsx hay docx là dữ liệu nhị phân — hãy ghi ra tệp bằng -o TỆP (hoặc chuyển qua ống)",
        )
        .into(),
    )
}

/// Runs `write` on `path` (see [`crate::outfile`]: never the store, never through a link, never half a file),
/// or on stdout when there is no path or it is `-`. Either way the output is buffered, not held: an export of
/// the whole store streams into the file.
fn output(
    ctx: &Context,
    path: Option<&std::path::Path>,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let Some(path) = path.filter(|p| !outfile::is_stdout(p)) else {
        if ctx.format.is_binary() && ctx.width.is_some() {
            return Err(binary_on_terminal());
        }
        let mut out = stdout(ctx);
        write(&mut out)?;
        return Ok(out.flush()?);
    };
    outfile::check(path, ctx.db.file(), |_| true).map_err(|r| refused(path, r))?;
    let io = writing(path);
    outfile::write(
        path,
        outfile::Mode::Ordinary,
        // The writes the command makes are writes to this file; a text file is shown on a terminal one day.
        |out| {
            let written = if ctx.format.is_binary() {
                write(out)
            } else {
                let mut shown = crate::shown::Shown::new(out);
                write(&mut shown).and_then(|()| Ok(shown.flush()?))
            };
            written.map_err(|e| match e {
                Error::Io { source, .. } => io(source),
                other => other,
            })
        },
        &io,
    )
}

/// Whether `path` may be written by [`output`] (never the store, never through a link): the same refusal,
/// asked before anything is written.
fn check_output(ctx: &Context, path: &std::path::Path) -> Result<()> {
    outfile::check(path, ctx.db.file(), |_| true).map_err(|r| refused(path, r))
}

/// Words a failure to write `path`.
fn writing(path: &std::path::Path) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| {
        let shown = path.display();
        Error::Io {
            what: crate::msg!("writing {shown}", "ghi tệp {shown}"),
            source,
        }
    }
}

/// A target `plan` will not write, worded for the clerk.
fn refused(path: &std::path::Path, r: outfile::Refusal) -> Error {
    let shown = path.display();
    Error::Usage(match r {
        outfile::Refusal::Store => crate::msg!(
            "{shown} is the store itself (or its log) — write to another file; the store was left unchanged",
            "{shown} chính là kho dữ liệu (hoặc tệp nhật ký của nó) — hãy ghi ra tệp khác; kho dữ liệu được giữ nguyên"
        ),
        outfile::Refusal::Link => crate::msg!(
            "{shown} is a symbolic link — name the file itself (plan never writes through a link)",
            "{shown} là liên kết tượng trưng — hãy chỉ ra chính tệp đó (plan không ghi qua liên kết)"
        ),
        outfile::Refusal::NotRegular => crate::msg!(
            "{shown} is not a regular file (a folder, FIFO or device) — name a file; for the screen or a pipe, leave out -o or write -o -",
            "{shown} không phải tệp thông thường (thư mục, FIFO hoặc thiết bị) — hãy chỉ ra một tệp; để in ra màn hình hoặc ống, bỏ -o hoặc ghi -o -"
        ),
        outfile::Refusal::Exists => crate::msg!(
            "{shown} exists and is not a backup made by plan — name a new file (plan replaces only its own earlier backups)",
            "{shown} đã tồn tại và không phải bản sao lưu do plan tạo — hãy đặt tên tệp mới (plan chỉ thay thế bản sao lưu cũ của chính nó)"
        ),
    })
}

/// Checks that a `--plan` filter names a loaded plan.
fn check_plan(store: &Store, plan: Option<&str>) -> Result<()> {
    let Some(plan) = plan else { return Ok(()) };
    if store.plan_exists(plan)? {
        return Ok(());
    }
    let plans = store.plans()?;
    let ids: Vec<&str> = plans.iter().map(|p| p.id.as_str()).collect();
    Err(Error::Usage(if ids.is_empty() {
        crate::msg!(
            "no plan `{plan}` is loaded — load it first: plan load plans/",
            "chưa nạp kế hoạch `{plan}` — hãy nạp trước: plan load plans/"
        )
    } else {
        let ids = ids.join(", ");
        crate::msg!(
            "no plan `{plan}` is loaded — loaded plans: {ids}",
            "chưa nạp kế hoạch `{plan}` — các kế hoạch đã nạp: {ids}"
        )
    }))
}

/// Resolves a unit typed by a person (id, name or alias; case and diacritics ignored) to `(plan, unit id)`
/// pairs. An exact id or alias wins; otherwise a part of the name must point to exactly one unit name.
fn resolve_unit(units: &[UnitRef], query: &str) -> Result<Vec<(String, String)>> {
    let q = crate::text::word_key(query);
    let fold = crate::text::word_key;
    let pairs = |list: Vec<&UnitRef>| {
        list.into_iter()
            .map(|u| (u.plan.clone(), u.id.clone()))
            .collect::<Vec<_>>()
    };
    let exact: Vec<&UnitRef> = units
        .iter()
        .filter(|u| {
            fold(&u.id) == q || fold(&u.name) == q || u.aliases.iter().any(|a| fold(a) == q)
        })
        .collect();
    if !exact.is_empty() {
        return Ok(pairs(exact));
    }
    let partial: Vec<&UnitRef> = units
        .iter()
        .filter(|u| {
            crate::text::has_words(&u.name, query)
                || u.aliases.iter().any(|a| crate::text::has_words(a, query))
        })
        .collect();
    let mut names: Vec<String> = partial
        .iter()
        .map(|u| format!("{} ({})", u.name, u.id))
        .collect();
    names.sort();
    names.dedup();
    match names.len() {
        0 => Err(Error::Usage(crate::msg!(
            "no unit matches `{query}` — write a unit's id, name or alias (see: plan show TASK)",
            "không có đơn vị nào khớp với `{query}` — hãy viết mã, tên hoặc tên khác của đơn vị (xem: plan show NHIỆM_VỤ)"
        ))),
        1 => Ok(pairs(partial)),
        _ => {
            let names = names.join("; ");
            Err(Error::Usage(crate::msg!(
                "`{query}` matches several units: {names} — be more specific, or use the unit's id",
                "`{query}` khớp với nhiều đơn vị: {names} — hãy ghi cụ thể hơn, hoặc dùng mã đơn vị"
            )))
        }
    }
}
