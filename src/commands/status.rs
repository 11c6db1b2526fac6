//! `plan status`, `plan overdue` and `plan upcoming`: one row per deadline occurrence (or ongoing task) with
//! its state as of a date. All three share the rows and the columns, so their JSON is the same schema.

use super::{check_plan, open_synced, print, resolve_unit};
use crate::Outcome;
use crate::cli::{FilterArgs, StatusArgs, UpcomingArgs};
use crate::context::Context;
use crate::date::format_vn;
use crate::domain::{Progress, Standing, State, classify};
use crate::error::{Error, Result};
use crate::i18n::{Lang, label, lang, tr};
use crate::render::{Column, Listing, Value};
use crate::store::{Item, Store};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One deadline occurrence with its standing and folded progress.
#[derive(Debug, Clone)]
pub struct Row {
    /// What the store holds.
    pub item: Item,
    /// Names of the lead units.
    pub lead_names: Vec<String>,
    /// Its state as of the date.
    pub standing: Standing,
    /// Its progress as of the date.
    pub progress: Progress,
}

/// Builds the rows of the store's items as of `as_of`, filtered by plan and unit.
pub fn rows(
    store: &Store,
    filter: &FilterArgs,
    task: Option<i64>,
    as_of: NaiveDate,
) -> Result<Vec<Row>> {
    check_plan(store, filter.plan.as_deref())?;
    let units = store.units(filter.plan.as_deref())?;
    let wanted = filter
        .unit
        .as_deref()
        .map(|u| resolve_unit(&units, u))
        .transpose()?;
    let names: HashMap<(&str, &str), &str> = units
        .iter()
        .map(|u| ((u.plan.as_str(), u.id.as_str()), u.name.as_str()))
        .collect();
    let mut out = Vec::new();
    for item in store.items(filter.plan.as_deref(), task)? {
        if let Some(wanted) = &wanted {
            let involved = |id: &String| wanted.iter().any(|(p, u)| *p == item.plan && u == id);
            if !item.lead.iter().chain(&item.support).any(involved) {
                continue;
            }
        }
        let progress = Progress::fold(&item.events, as_of);
        let standing = classify(
            item.occurrence.as_ref(),
            progress.done_on,
            item.withdrawn,
            as_of,
        );
        let lead_names = item
            .lead
            .iter()
            .map(|id| {
                names
                    .get(&(item.plan.as_str(), id.as_str()))
                    .map_or(id.clone(), |n| n.to_string())
            })
            .collect();
        out.push(Row {
            item,
            lead_names,
            standing,
            progress,
        });
    }
    Ok(out)
}

/// The status columns, shared by `status`, `overdue`, `upcoming`, `show` and exports.
pub fn columns() -> Vec<Column> {
    vec![
        Column::all("plan", "Plan"),
        Column::all("task", "Task"),
        Column {
            key: "deadline",
            header: "Deadline key",
            show: crate::render::Show::Machine,
        },
        Column::all("title", "Title"),
        Column::all("lead", "Lead"),
        Column::machine("lead_ids"),
        Column::all("due", "Deadline"),
        Column::machine("due_wording"),
        Column::machine("wording"),
        Column::all("period", "Period"),
        Column::all("state", "State"),
        Column::table("days", "Days"),
        Column::machine("days_overdue"),
        Column::machine("days_left"),
        Column::machine("done_on"),
        Column::machine("progress"),
        Column::machine("note"),
        Column::machine("evidence"),
        Column::table("last", "Last progress"),
    ]
}

fn last_progress(p: &Progress) -> String {
    let mut parts = Vec::new();
    match (p.done_on, p.percent) {
        (Some(d), _) => parts.push(format!("{} {}", tr("done", "hoàn thành"), format_vn(d))),
        (None, Some(pct)) => parts.push(format!("{pct}%")),
        _ => {}
    }
    if p.blocked {
        parts.push(tr("blocked", "vướng mắc").into());
    }
    if let Some(e) = &p.evidence {
        parts.push(e.clone());
    }
    if let Some(n) = &p.note {
        parts.push(n.clone());
    }
    parts.join(" — ")
}

/// Turns rows into a listing with the status columns.
pub fn listing(rows: &[Row]) -> Listing {
    let mut l = Listing::new(columns());
    for r in rows {
        let occ = r.item.occurrence.as_ref();
        let s = r.standing;
        let days = match (s.days_overdue, s.days_left) {
            (Some(n), _) => crate::msg!("{n} late", "trễ {n} ngày"),
            (None, Some(0)) => tr("due today", "hạn hôm nay").to_string(),
            (None, Some(n)) => crate::msg!("{n} left", "còn {n} ngày"),
            _ => String::new(),
        };
        l.rows.push(vec![
            Value::Text(r.item.plan.clone()),
            Value::Text(r.item.task.clone()),
            Value::opt_text(r.item.deadline.clone()),
            Value::Text(r.item.title.clone()),
            Value::List(r.lead_names.clone()),
            Value::List(r.item.lead.clone()),
            occ.map_or(Value::Null, |o| Value::Due(o.due, o.wording_kind())),
            Value::opt_text(occ.map(|o| o.wording_kind())),
            Value::opt_text(r.item.wording.clone()),
            Value::opt_text(occ.and_then(|o| o.period).map(|p| p.to_string())),
            Value::Label(s.state.as_str().into()),
            Value::Text(days),
            Value::opt_int(s.days_overdue),
            Value::opt_int(s.days_left),
            Value::opt_date(r.progress.done_on),
            Value::opt_int(r.progress.percent.map(i64::from)),
            Value::opt_text(r.progress.note.clone()),
            Value::opt_text(r.progress.evidence.clone()),
            Value::Text(last_progress(&r.progress)),
        ]);
    }
    l
}

/// The summary line: counts per state and the share of fallen-due deadlines done on time.
pub fn summary(rows: &[Row], as_of: NaiveDate) -> String {
    let count = |state| rows.iter().filter(|r| r.standing.state == state).count();
    let counts: Vec<String> = State::ALL
        .iter()
        .map(|&s| {
            let name = if lang() == Lang::Vi {
                label(s.as_str())
            } else {
                s.as_str().to_string()
            };
            format!("{name} {}", count(s))
        })
        .collect();
    let on_time = count(State::DoneOnTime);
    let due = on_time + count(State::DoneLate) + count(State::Overdue);
    let date = format_vn(as_of);
    let share = match (on_time * 100).checked_div(due) {
        None => tr(
            "no deadline has fallen due or been met yet",
            "chưa có thời hạn nào đến hạn hoặc được hoàn thành",
        )
        .to_string(),
        Some(pct) => crate::msg!(
            "{on_time} of {due} deadlines due or done by {date} done on time ({pct}%)",
            "{on_time}/{due} thời hạn đã đến hoặc đã hoàn thành tính đến {date} được hoàn thành đúng hạn ({pct}%)"
        ),
    };
    let n = rows.len();
    let counts = counts.join(", ");
    crate::msg!(
        "{n} rows as of {date}: {counts} — {share}",
        "{n} dòng tính đến ngày {date}: {counts} — {share}"
    )
}

/// Runs `status`.
pub fn status(ctx: &Context, args: &StatusArgs) -> Result<Outcome> {
    let mut states = Vec::new();
    for name in &args.state {
        let state = State::parse(name.trim()).ok_or_else(|| {
            let all: Vec<&str> = State::ALL.iter().map(|s| s.as_str()).collect();
            Error::Usage(format!(
                "--state: unknown state `{name}` — use one of: {}",
                all.join(", ")
            ))
        })?;
        states.push(state);
    }
    let store = open_synced(ctx)?;
    let mut rows = rows(&store, &args.filter, None, ctx.as_of)?;
    let summary = summary(&rows, ctx.as_of);
    if !states.is_empty() {
        rows.retain(|r| states.contains(&r.standing.state));
    }
    let mut l = listing(&rows);
    l.summary = Some(summary);
    print(ctx, &l)?;
    Ok(Outcome::Clean)
}

/// Runs `overdue`: nothing printed and exit 0 when nothing is overdue; the rows, oldest first, and exit 1
/// otherwise.
pub fn overdue(ctx: &Context, args: &FilterArgs) -> Result<Outcome> {
    let store = open_synced(ctx)?;
    let mut rows = rows(&store, args, None, ctx.as_of)?;
    rows.retain(|r| r.standing.state == State::Overdue);
    rows.sort_by_key(|r| std::cmp::Reverse(r.standing.days_overdue));
    finish(ctx, &rows, {
        let (n, date) = (rows.len(), format_vn(ctx.as_of));
        crate::msg!(
            "{n} overdue as of {date}",
            "{n} thời hạn quá hạn tính đến ngày {date}"
        )
    })
}

fn finish(ctx: &Context, rows: &[Row], summary: String) -> Result<Outcome> {
    if rows.is_empty() {
        if ctx.format == crate::render::Format::Json {
            print(ctx, &listing(rows))?;
        }
        return Ok(Outcome::Clean);
    }
    let mut l = listing(rows);
    l.summary = Some(summary);
    print(ctx, &l)?;
    Ok(Outcome::Found)
}

/// Reads `14d`, `14` (days) or `2w` (weeks).
fn parse_span(text: &str) -> Result<i64> {
    let t = text.trim().to_ascii_lowercase();
    let (num, mult) = match t.strip_suffix('w') {
        Some(n) => (n, 7),
        None => (t.strip_suffix('d').unwrap_or(&t), 1),
    };
    match num.parse::<i64>() {
        Ok(n) if (0..=3650).contains(&n) => Ok(n * mult),
        _ => Err(Error::Usage(format!(
            "--within: `{text}` is not a span — write days (14d or 14) or weeks (2w)"
        ))),
    }
}

/// Runs `upcoming`: open deadlines whose last allowed day is within the span; exit 1 if any.
pub fn upcoming(ctx: &Context, args: &UpcomingArgs) -> Result<Outcome> {
    let within = parse_span(&args.within)?;
    let store = open_synced(ctx)?;
    let mut rows = rows(&store, &args.filter, None, ctx.as_of)?;
    rows.retain(|r| {
        r.standing.state == State::Open && r.standing.days_left.is_some_and(|d| d <= within)
    });
    rows.sort_by_key(|r| r.standing.days_left);
    finish(ctx, &rows, {
        let (n, date) = (rows.len(), format_vn(ctx.as_of));
        crate::msg!(
            "{n} due within {within} days of {date}",
            "{n} thời hạn đến hạn trong {within} ngày kể từ {date}"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans() {
        assert_eq!(parse_span("14d").unwrap(), 14);
        assert_eq!(parse_span("14").unwrap(), 14);
        assert_eq!(parse_span("2w").unwrap(), 14);
        assert!(parse_span("soon").is_err());
        assert!(parse_span("-1").is_err());
    }
}
