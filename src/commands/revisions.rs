//! `plan revisions PLAN`: every revision of a plan the store has loaded — when, from which file, its hash,
//! and what it changed in the plan's terms. `plan show PLAN --revision N` shows one (see `show`).

use super::{check_plan, open_synced, print};
use crate::Outcome;
use crate::cli::RevisionsArgs;
use crate::context::Context;
use crate::date::format_vn;
use crate::domain::revision::Change;
use crate::domain::{Period, Rule};
use crate::error::Result;
use crate::i18n::tr;
use crate::msg;
use crate::render::{Column, Format, Listing, Value};
use crate::store::RevisionRow;
use chrono::NaiveDate;
use serde_json::json;

fn at(period: &Option<Period>) -> String {
    period.map(|p| format!(" {p}")).unwrap_or_default()
}

fn due(day: NaiveDate, rule: Rule) -> String {
    let day = format_vn(day);
    match rule {
        Rule::Before => msg!("before {day}", "trước ngày {day}"),
        Rule::By => msg!("by {day}", "chậm nhất ngày {day}"),
    }
}

/// A change as people read it.
pub fn describe(c: &Change) -> String {
    match c {
        Change::TaskAdded { task } => msg!("{task}: new task", "{task}: nhiệm vụ mới"),
        Change::TaskRemoved { task } => msg!(
            "{task}: no longer in the file",
            "{task}: không còn trong tệp"
        ),
        Change::MembersChanged { unit, from, to } => {
            let (from, to) = (from.join(", "), to.join(", "));
            msg!(
                "unit {unit}: members {from} → {to}",
                "đơn vị {unit}: thành viên {from} → {to}"
            )
        }
        Change::WithdrawalRemoved { task, deadline, on } => {
            let (what, on) = (
                deadline
                    .as_ref()
                    .map(|d| format!("{task} {d}"))
                    .unwrap_or(task.clone()),
                format_vn(*on),
            );
            msg!(
                "{what}: no longer withdrawn from {on}",
                "{what}: không còn bãi bỏ từ ngày {on}"
            )
        }
        Change::TaskWithdrawn { task, on, by } => {
            let on = format_vn(*on);
            msg!(
                "{task}: withdrawn from {on} by {by}",
                "{task}: bãi bỏ từ ngày {on} theo {by}"
            )
        }
        Change::UnitsChanged {
            task,
            role,
            from,
            to,
        } => {
            let (from, to) = (from.join(", "), to.join(", "));
            msg!(
                "{task}: {role} {from} → {to}",
                "{task}: {role} {from} → {to}"
            )
        }
        Change::DeadlineAdded { task, deadline } => {
            msg!(
                "{task} {deadline}: new deadline",
                "{task} {deadline}: thời hạn mới"
            )
        }
        Change::DeadlineRemoved { task, deadline } => msg!(
            "{task} {deadline}: no longer in the file",
            "{task} {deadline}: không còn trong tệp"
        ),
        Change::DeadlineWithdrawn {
            task,
            deadline,
            on,
            by,
        } => {
            let on = format_vn(*on);
            msg!(
                "{task} {deadline}: withdrawn from {on} by {by}",
                "{task} {deadline}: bãi bỏ từ ngày {on} theo {by}"
            )
        }
        Change::DeadlineRenamed { task, from, to } => msg!(
            "{task} {from}: renamed {to}, with its history",
            "{task} {from}: đổi khóa thành {to}, giữ nguyên lịch sử"
        ),
        Change::DeadlineMoved {
            task,
            deadline,
            period,
            from,
            from_rule,
            to,
            to_rule,
        } => {
            let (p, a, b) = (at(period), due(*from, *from_rule), due(*to, *to_rule));
            msg!(
                "{task} {deadline}{p}: {a} → {b}",
                "{task} {deadline}{p}: {a} → {b}"
            )
        }
        Change::EventDateChanged { event, from, to } => {
            let none = tr("no date", "chưa có ngày");
            let (a, b) = (
                from.map_or(none.to_string(), format_vn),
                to.map_or(none.to_string(), format_vn),
            );
            msg!("event {event}: {a} → {b}", "sự kiện {event}: {a} → {b}")
        }
        Change::CountChanged {
            task,
            deadline,
            from,
            to,
        } => {
            let none = tr("a date", "một ngày cụ thể");
            let (a, b) = (
                from.as_deref().unwrap_or(none),
                to.as_deref().unwrap_or(none),
            );
            msg!(
                "{task} {deadline}: counted {a} → {b}",
                "{task} {deadline}: cách tính {a} → {b}"
            )
        }
        Change::PeriodAdded {
            task,
            deadline,
            period,
        } => msg!(
            "{task} {deadline}: new period {period}",
            "{task} {deadline}: thêm kỳ {period}"
        ),
        Change::PeriodRemoved {
            task,
            deadline,
            period,
        } => msg!(
            "{task} {deadline}: no period {period} any more",
            "{task} {deadline}: bỏ kỳ {period}"
        ),
        Change::Amended {
            task,
            deadline,
            on,
            by,
        } => {
            let on = format_vn(*on);
            msg!(
                "{task} {deadline}: amended from {on} by {by}",
                "{task} {deadline}: điều chỉnh từ ngày {on} theo {by}"
            )
        }
        Change::AmendmentRemoved {
            task,
            deadline,
            on,
            by,
        } => {
            let on = format_vn(*on);
            msg!(
                "{task} {deadline}: no longer amended from {on} by {by}",
                "{task} {deadline}: bỏ điều chỉnh từ ngày {on} theo {by}"
            )
        }
    }
}

/// A change in a stable ASCII form for TSV and CSV: its kind, what it is about, and ISO dates.
fn code(c: &Change) -> String {
    let v = serde_json::to_value(c).expect("changes serialise");
    let kind = v["change"].as_str().unwrap_or_default().to_string();
    let fields: Vec<String> = v
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, _)| *k != "change")
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => format!("{k}={s}"),
            other => format!("{k}={other}"),
        })
        .collect();
    format!("{kind} {}", fields.join(" "))
}

fn listing(rows: &[RevisionRow]) -> Listing {
    let mut l = Listing::new(vec![
        Column::all("revision", "Revision"),
        Column::all("loaded_at", "Loaded at"),
        Column::all("loaded_by", "Loaded by"),
        Column::all("file", "File"),
        Column::all("hash", "Hash"),
        Column::machine("changes"),
        Column::table("what", "What changed"),
    ]);
    for r in rows {
        let what = if r.n == 1 {
            vec![msg!("first revision", "phiên bản đầu tiên")]
        } else if r.changes.is_empty() {
            vec![msg!("wording only", "chỉ thay đổi câu chữ")]
        } else {
            r.changes.iter().map(describe).collect()
        };
        l.rows.push(vec![
            Value::Int(r.n),
            Value::Time(r.loaded_at.clone()),
            Value::opt_text(r.loaded_by.clone()),
            Value::Text(r.file.clone()),
            Value::Text(r.hash.chars().take(12).collect()),
            Value::List(r.changes.iter().map(code).collect()),
            Value::Text(what.join("\n")),
        ]);
    }
    l
}

/// Runs `revisions`.
pub fn run(ctx: &Context, args: &RevisionsArgs) -> Result<Outcome> {
    let store = open_synced(ctx)?;
    check_plan(&store, Some(&args.plan))?;
    let rows = store.revisions(&args.plan)?;
    if ctx.format == Format::Json {
        let doc: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                json!({
                    "revision": r.n,
                    "loaded_at": r.loaded_at,
                    "loaded_by": r.loaded_by,
                    "file": r.file,
                    "hash": r.hash,
                    "text_kept": r.has_text,
                    "changes": r.changes,
                })
            })
            .collect();
        crate::render::write_json(&serde_json::Value::Array(doc), &mut super::stdout(ctx))?;
        return Ok(Outcome::Clean);
    }
    print(ctx, &listing(&rows))?;
    Ok(Outcome::Clean)
}
