//! `plan export`: the status rows (the same columns and JSON keys as `plan status`) as files other programs and
//! people open: CSV, TSV, JSON, JSON Lines, Markdown, HTML, XLSX and iCalendar.

use super::status::{self, Row};
use super::{open_synced, output, refs};
use crate::Outcome;
use crate::cli::ExportArgs;
use crate::context::Context;
use crate::date::format_vn;
use crate::domain::State;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::msg;
use crate::render::{self, Column, Format, Listing, Value, html, ics, markdown, xlsx};

/// Counts per state for each lead unit, then the total: the summary sheet.
pub fn summary_by_unit(rows: &[Row]) -> Listing {
    let mut columns = vec![Column::all("unit", "Lead unit")];
    columns.extend(
        State::ALL
            .iter()
            .map(|s| Column::all(s.as_str(), s.as_str())),
    );
    columns.push(Column::all("total", "Total"));
    let mut l = Listing::new(columns);
    let refs: Vec<&Row> = rows.iter().collect();
    for (name, group) in status::by_lead_unit(&refs) {
        let mut row = vec![Value::Text(name)];
        row.extend(
            State::ALL
                .iter()
                .map(|&s| Value::Int(group.iter().filter(|&&g| g == s).count() as i64)),
        );
        row.push(Value::Int(group.len() as i64));
        l.rows.push(row);
    }
    l
}

/// Calendar entries for every deadline not yet done.
fn calendar(rows: &[Row]) -> Vec<ics::Entry> {
    rows.iter()
        .filter(|r| matches!(r.standing.state, State::Open | State::Overdue))
        .filter_map(|r| {
            let o = r.item.occurrence?;
            let period = o.period.map(|p| p.to_string()).unwrap_or_default();
            // The key its history is recorded under: a renamed deadline keeps its calendar entry.
            let deadline = r.item.history_key().unwrap_or_default().to_string();
            let when = match o.wording_kind() {
                "before" => format!("trước ngày {}", format_vn(o.due)),
                "assumed" => format!(
                    "chậm nhất ngày {} (giả định: văn bản không ghi ngày)",
                    format_vn(o.due)
                ),
                _ => format!("chậm nhất ngày {}", format_vn(o.due)),
            };
            let kỳ = if period.is_empty() {
                String::new()
            } else {
                format!(" (kỳ {period})")
            };
            let description = [
                format!("Kế hoạch: {}", r.item.plan),
                format!("Nhiệm vụ {}: {}", r.item.task, r.item.title),
                format!("Thời hạn: {when}"),
                format!("Nguyên văn: {}", r.item.wording.clone().unwrap_or_default()),
                format!("Chủ trì: {}", r.item.lead_names.join("; ")),
            ]
            .join("\n");
            Some(ics::Entry {
                uid: ics::uid(&[&r.item.plan, &r.item.task, &deadline, &period]),
                due: o.last_day(),
                summary: format!("[{}] {}{kỳ}", r.item.task, r.item.title),
                description,
            })
        })
        .collect()
}

/// Reads `3d`, `3` (days) or `1w` (weeks) for `--remind`.
fn days(text: &str) -> Result<u32> {
    status::span_days(text, 365)
        .map(|n| n as u32)
        .map_err(|e| status::span_error("--remind", text, e, "3d", "1w"))
}

/// Runs `export`.
pub fn run(ctx: &Context, args: &ExportArgs) -> Result<Outcome> {
    let remind = args.remind.as_deref().map(days).transpose()?;
    let store = open_synced(ctx)?;
    let machine = matches!(
        ctx.format,
        Format::Csv | Format::Tsv | Format::Json | Format::Jsonl
    );
    let bom = args.excel
        || args
            .output
            .as_ref()
            .is_some_and(|o| o.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")));
    if machine {
        // Streamed row by row to stdout or the file: an export of the whole store is never held in memory.
        let scope = status::Scope::of(&store, &args.filter)?;
        output(ctx, args.output.as_deref(), |out| {
            if bom && ctx.format == Format::Csv {
                out.write_all("\u{feff}".as_bytes())?;
            }
            let mut stream = render::Stream::new(ctx.format, None, status::columns(), out)?;
            status::each_row(&store, &scope, None, ctx.as_of, false, |r| {
                status::lines(r, true, |_| true, |line| Ok(stream.row(line)?))?;
                Ok(true)
            })?;
            Ok(stream.finish(None)?)
        })?;
        return Ok(Outcome::Clean);
    }
    let rows = status::rows(&store, &args.filter, None, ctx.as_of)?;
    let mut listing = status::listing(&rows, ctx.format.is_data());
    listing.summary = Some(status::summary(&rows, ctx.as_of));
    let date = format_vn(ctx.as_of);
    let title = msg!(
        "Status of the plans as of {date}",
        "Tình hình thực hiện kế hoạch tính đến ngày {date}"
    );
    // The formats for people are laid out from all the rows at once.
    let workbook = match ctx.format {
        Format::Xlsx => {
            let summary = summary_by_unit(&rows);
            let documents = refs::listing_for(&store, args.filter.plan.as_deref(), ctx.as_of)?;
            let lines = title_block(&store, args.filter.plan.as_deref(), &title)?;
            let sheets = [
                xlsx::Sheet {
                    title: &lines,
                    name: tr("Status", "Tình hình"),
                    listing: &listing,
                },
                xlsx::Sheet {
                    title: &lines,
                    name: tr("Summary", "Tổng hợp"),
                    listing: &summary,
                },
                xlsx::Sheet {
                    title: &lines,
                    name: tr("References", "Văn bản"),
                    listing: &documents,
                },
            ];
            Some(xlsx::workbook(&sheets).map_err(|e| Error::Usage(format!("xlsx: {e}")))?)
        }
        _ => None,
    };
    output(ctx, args.output.as_deref(), |out| {
        match ctx.format {
            Format::Md => {
                writeln!(out, "# {title}\n")?;
                markdown::write(&listing, out)?;
            }
            Format::Html => {
                html::begin(&title, out)?;
                html::table(&listing, out)?;
                html::end(out)?;
            }
            Format::Ics => {
                let options = ics::Options {
                    events: args.events,
                    remind_days: remind,
                    stamp: ctx.as_of,
                };
                ics::write(&calendar(&rows), &title, options, out)?;
            }
            _ => match &workbook {
                Some(bytes) => out.write_all(bytes)?,
                None => render::write(&listing, ctx.format, ctx.width, out)?,
            },
        }
        Ok(())
    })?;
    Ok(Outcome::Clean)
}

/// The lines above an exported sheet: the agency, the plan (when one is exported, or the store holds one),
/// the title with its date.
fn title_block(
    store: &crate::store::Store,
    plan: Option<&str>,
    title: &str,
) -> Result<Vec<String>> {
    let plans = store.plans()?;
    let one = match plan {
        Some(id) => plans.iter().find(|p| p.id == id),
        None if plans.len() == 1 => plans.first(),
        None => None,
    };
    let agency = match (store.office()?, one) {
        (Some(o), _) => Some(o.name),
        (None, Some(p)) => Some(p.issuer.clone()),
        (None, None) => None,
    };
    Ok(agency
        .into_iter()
        .chain(one.map(|p| p.title.clone()))
        .chain(std::iter::once(title.to_string()))
        .collect())
}
