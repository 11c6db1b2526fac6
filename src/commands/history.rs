//! `plan history [TASK]`: the append-only progress history, oldest first.

use super::{check_plan, open_synced, print};
use crate::Outcome;
use crate::cli::HistoryArgs;
use crate::context::Context;
use crate::date;
use crate::docnum::{self, DocNumber};
use crate::error::Result;
use crate::render::{Column, Listing, Value};
use crate::store::HistoryRow;
use crate::store::events::EventDateRow;
use chrono::NaiveDate;
use std::collections::HashMap;

/// What an evidence text says of the document it names: the number, its kind (as written before the number,
/// else from the number's type code) and its date.
#[derive(Debug, Default)]
pub struct Evidence {
    pub number: Option<DocNumber>,
    pub kind: Option<String>,
    pub date: Option<NaiveDate>,
}

/// The document an evidence text names, its kind and its date ("Báo cáo số 45/BC-TTUD ngày 10/6/2022",
/// "Công văn số 12/TTUD", or "... ngày 10 tháng 6 năm 2022").
pub fn evidence_parts(text: &str) -> Evidence {
    let text = crate::text::nfc(text);
    let Some((range, doc)) = docnum::find_all(&text).into_iter().next() else {
        return Evidence::default();
    };
    let kind = docnum::kind_written_before(&text[..range.start])
        .or(doc.kind)
        .map(str::to_string);
    let rest = &text[range.end..];
    let words: Vec<&str> = rest
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| ",;.()".contains(c)))
        .collect();
    let date = words
        .iter()
        .position(|w| w.eq_ignore_ascii_case("ngày"))
        .and_then(|i| {
            let short = words.get(i + 1).and_then(|w| date::parse(w).ok());
            let long = || match words.get(i + 1..i + 6) {
                Some([d, "tháng", m, "năm", y]) => date::parse(&format!("{d}/{m}/{y}")).ok(),
                _ => None,
            };
            short.or_else(long)
        });
    Evidence {
        number: Some(doc),
        kind,
        date,
    }
}

/// The history columns, shared with `show`.
pub fn listing(rows: &[HistoryRow]) -> Listing {
    let retracted_by: HashMap<i64, i64> = rows
        .iter()
        .filter_map(|r| r.retracts.map(|t| (t, r.id)))
        .collect();
    let mut l = Listing::new(vec![
        Column::all("event", "#"),
        Column::all("plan", "Plan"),
        Column::all("task", "Task"),
        Column::all("deadline", "Deadline"),
        Column::all("period", "Period"),
        Column::all("kind", "Event"),
        Column::all("on", "On"),
        Column::all("by", "By"),
        Column::all("progress", "%"),
        Column::all("note", "Note"),
        Column::all("evidence", "Evidence"),
        Column::machine("evidence_number"),
        Column::machine("evidence_kind"),
        Column::machine("evidence_issuer"),
        Column::machine("evidence_date"),
        Column::machine("retracts"),
        Column::machine("retracted_by"),
        Column::table("status", "Remark"),
        Column::machine("recorded_at"),
        Column::machine("member"),
    ]);
    for r in rows {
        let Evidence {
            number: doc,
            kind: evidence_kind,
            date: evidence_date,
        } = r
            .evidence
            .as_deref()
            .map(evidence_parts)
            .unwrap_or_default();
        let remark = match (r.retracts, retracted_by.get(&r.id)) {
            (Some(t), _) => crate::msg!("retracts #{t}", "hủy ghi nhận #{t}"),
            (None, Some(by)) => crate::msg!("retracted by #{by}", "đã bị hủy bởi ghi nhận #{by}"),
            _ => String::new(),
        };
        l.rows.push(vec![
            Value::Int(r.id),
            Value::Text(r.plan.clone()),
            Value::Text(r.task.clone()),
            Value::opt_text(r.deadline.clone()),
            Value::opt_text(r.period.clone()),
            Value::Label(r.kind.as_str().into()),
            Value::Date(r.on),
            Value::opt_text(r.by.clone()),
            Value::opt_int(r.progress.map(i64::from)),
            Value::opt_text(r.note.clone()),
            Value::opt_text(r.evidence.clone()),
            Value::opt_text(doc.as_ref().map(|d| d.text.clone())),
            Value::opt_text(evidence_kind),
            doc.as_ref()
                .map_or(Value::Null, |d| Value::List(d.issuers.clone())),
            Value::opt_date(evidence_date),
            Value::opt_int(r.retracts),
            Value::opt_int(retracted_by.get(&r.id).copied()),
            Value::Text(remark),
            Value::Time(r.recorded_at.clone()),
            Value::opt_text(r.member.clone()),
        ]);
    }
    l
}

/// Runs `history`.
pub fn run(ctx: &Context, args: &HistoryArgs) -> Result<Outcome> {
    let store = open_synced(ctx)?;
    check_plan(&store, args.plan.as_deref())?;
    let task = args
        .task
        .as_deref()
        .map(|t| store.find_task(t))
        .transpose()?;
    if args.events {
        print(ctx, &event_dates(&store.event_dates(args.plan.as_deref())?))?;
        return Ok(Outcome::Clean);
    }
    let rows = store.history(args.plan.as_deref(), task.as_ref().map(|t| t.rid))?;
    print(ctx, &listing(&rows))?;
    if task.is_none() && !ctx.format.is_data() {
        let n = store.event_dates(args.plan.as_deref())?.len();
        if n > 0 {
            crate::say!(
                "{}",
                crate::msg!(
                    "plan: {n} dates of events recorded besides — see them with: plan history --events",
                    "plan: còn {n} lần ghi ngày của sự kiện — xem bằng: plan history --events"
                )
            );
        }
    }
    Ok(Outcome::Clean)
}

/// The dates recorded for events: each a row, a moved date a row of its own.
fn event_dates(rows: &[EventDateRow]) -> Listing {
    let mut l = Listing::new(vec![
        Column::all("record", "#"),
        Column::all("plan", "Plan"),
        Column::all("event_id", "Event"),
        Column::all("event_name", "Name"),
        Column::all("on", "Date"),
        Column::all("since", "Known from"),
        Column::all("evidence", "Evidence"),
        Column::all("note", "Note"),
        Column::all("recorded_by", "Recorded by"),
        Column::machine("recorded_at"),
        Column::machine("retracts"),
        Column::machine("retracted_by"),
        Column::table("status", "Remark"),
    ]);
    for r in rows {
        let remark = match (r.retracts, r.retracted_by) {
            (Some(t), _) => crate::msg!("retracts #{t}", "hủy lần ghi #{t}"),
            (None, Some(by)) => crate::msg!("retracted by #{by}", "đã bị hủy bởi lần ghi #{by}"),
            _ => String::new(),
        };
        l.rows.push(vec![
            Value::Int(r.id),
            Value::Text(r.plan.clone()),
            Value::Text(r.event.clone()),
            Value::Text(r.name.clone()),
            Value::Date(r.on),
            Value::Date(r.since),
            Value::opt_text(r.evidence.clone()),
            Value::opt_text(r.note.clone()),
            Value::opt_text(r.recorded_by.clone()),
            Value::Time(r.recorded_at.clone()),
            Value::opt_int(r.retracts),
            Value::opt_int(r.retracted_by),
            Value::Text(remark),
        ]);
    }
    l
}
