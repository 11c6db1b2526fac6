//! `plan history [TASK]`: the append-only progress history, oldest first.

use super::{check_plan, open_synced, print};
use crate::Outcome;
use crate::cli::HistoryArgs;
use crate::context::Context;
use crate::error::Result;
use crate::render::{Column, Listing, Value};
use crate::store::HistoryRow;
use std::collections::HashMap;

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
        Column::machine("retracts"),
        Column::machine("retracted_by"),
        Column::table("status", "Remark"),
        Column::machine("recorded_at"),
    ]);
    for r in rows {
        let remark = match (r.retracts, retracted_by.get(&r.id)) {
            (Some(t), _) => format!("retracts #{t}"),
            (None, Some(by)) => format!("retracted by #{by}"),
            _ => String::new(),
        };
        l.rows.push(vec![
            Value::Int(r.id),
            Value::Text(r.plan.clone()),
            Value::Text(r.task.clone()),
            Value::opt_text(r.deadline.clone()),
            Value::opt_text(r.period.clone()),
            Value::Text(r.kind.as_str().into()),
            Value::Date(r.on),
            Value::opt_text(r.by.clone()),
            Value::opt_int(r.progress.map(i64::from)),
            Value::opt_text(r.note.clone()),
            Value::opt_text(r.evidence.clone()),
            Value::opt_int(r.retracts),
            Value::opt_int(retracted_by.get(&r.id).copied()),
            Value::Text(remark),
            Value::Text(r.recorded_at.clone()),
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
    let rows = store.history(args.plan.as_deref(), task.map(|t| t.rid))?;
    print(ctx, &listing(&rows))?;
    Ok(Outcome::Clean)
}
