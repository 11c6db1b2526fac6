//! `plan status`, `plan overdue` and `plan upcoming`: one row per deadline occurrence (or ongoing task) with
//! its state as of a date. All three share the rows and the columns, so their JSON is the same schema.
//!
//! Rows stream from the store to the output one at a time: a listing of 100,000 deadlines is never held in
//! memory, and `overdue` reads only the occurrences past their last day.

use super::{check_plan, open_synced, resolve_unit};
use crate::Outcome;
use crate::cli::{FilterArgs, OverdueArgs, StatusArgs, UpcomingArgs};
use crate::context::Context;
use crate::date::format_vn;
use crate::domain::{Progress, Standing, State, classify};
use crate::error::{Error, Result};
use crate::i18n::{Lang, label, lang, tr};
use crate::render::{Column, Listing, Value};
use crate::store::{StatusQuery, StatusRow, Store};
use chrono::NaiveDate;
use std::io::Write;

/// One deadline occurrence with its standing and folded progress as of a date.
#[derive(Debug, Clone)]
pub struct Row {
    /// What the store holds.
    pub item: StatusRow,
    /// Its state as of the date.
    pub standing: Standing,
    /// Its progress as of the date.
    pub progress: Progress,
}

/// The plan and units a filter names, resolved once.
pub struct Scope {
    plan: Option<String>,
    units: Option<Vec<(String, String)>>,
}

impl Scope {
    /// Checks the plan and resolves the unit of a filter.
    pub fn of(store: &Store, filter: &FilterArgs) -> Result<Scope> {
        check_plan(store, filter.plan.as_deref())?;
        let units = match filter.unit.as_deref() {
            Some(u) => Some(resolve_unit(&store.units(filter.plan.as_deref())?, u)?),
            None => None,
        };
        Ok(Scope {
            plan: filter.plan.clone(),
            units,
        })
    }
}

/// Classifies a stored row as of a date. The stored summary holds every event; when some are later than the
/// date, the occurrence's events are folded again as of the date.
fn settle(store: &Store, item: StatusRow, as_of: NaiveDate) -> Result<Row> {
    let progress = match item.stored.as_ref().map(|s| s.as_of(as_of)) {
        None => Progress::default(),
        Some(Some(p)) => p,
        Some(None) => {
            let period = item
                .occurrence
                .and_then(|o| o.period)
                .map(|p| p.to_string());
            let events =
                store.events_of(item.task_rid, item.deadline.as_deref(), period.as_deref())?;
            Progress::fold(&events, as_of)
        }
    };
    let standing = classify(
        item.occurrence.as_ref(),
        progress.done_on,
        item.withdrawn,
        as_of,
    );
    Ok(Row {
        item,
        standing,
        progress,
    })
}

/// Calls `f` with each row in scope, as of `as_of`, until it returns `false`. With `overdue_only`, only
/// occurrences that may be overdue are read, oldest first.
pub fn each_row(
    store: &Store,
    scope: &Scope,
    task: Option<i64>,
    as_of: NaiveDate,
    overdue_only: bool,
    f: impl FnMut(Row) -> Result<bool>,
) -> Result<()> {
    each_row_in(store, scope, task, as_of, overdue_only, false, f)
}

/// As [`each_row`]; with `first_only` the rows come in no particular order.
fn each_row_in(
    store: &Store,
    scope: &Scope,
    task: Option<i64>,
    as_of: NaiveDate,
    overdue_only: bool,
    first_only: bool,
    mut f: impl FnMut(Row) -> Result<bool>,
) -> Result<()> {
    let q = StatusQuery {
        plan: scope.plan.as_deref(),
        task,
        units: scope.units.as_deref(),
        overdue_on: overdue_only.then_some(as_of),
        first_only,
    };
    store.each_status_row(&q, |item| f(settle(store, item, as_of)?))
}

/// The rows in scope, gathered: for the commands that need them all (show, report, exports for people).
pub fn rows(
    store: &Store,
    filter: &FilterArgs,
    task: Option<i64>,
    as_of: NaiveDate,
) -> Result<Vec<Row>> {
    let scope = Scope::of(store, filter)?;
    let mut out = Vec::new();
    each_row(store, &scope, task, as_of, false, |r| {
        out.push(r);
        Ok(true)
    })?;
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

/// The cells of one row, in the order of [`columns`].
pub fn values(r: Row) -> Vec<Value> {
    let occ = r.item.occurrence.as_ref();
    let s = r.standing;
    let days = match (s.days_overdue, s.days_left) {
        (Some(n), _) => crate::msg!("{n} late", "trễ {n} ngày"),
        (None, Some(0)) => tr("due today", "hạn hôm nay").to_string(),
        (None, Some(n)) => crate::msg!("{n} left", "còn {n} ngày"),
        _ => String::new(),
    };
    let last = last_progress(&r.progress);
    vec![
        Value::Text(r.item.plan),
        Value::Text(r.item.task),
        Value::opt_text(r.item.deadline),
        Value::Text(r.item.title),
        Value::List(r.item.lead_names),
        Value::List(r.item.lead_ids),
        occ.map_or(Value::Null, |o| Value::Due(o.due, o.wording_kind())),
        Value::opt_text(occ.map(|o| o.wording_kind())),
        Value::opt_text(r.item.wording),
        Value::opt_text(occ.and_then(|o| o.period).map(|p| p.to_string())),
        Value::Label(s.state.as_str().into()),
        Value::Text(days),
        Value::opt_int(s.days_overdue),
        Value::opt_int(s.days_left),
        Value::opt_date(r.progress.done_on),
        Value::opt_int(r.progress.percent.map(i64::from)),
        Value::opt_text(r.progress.note),
        Value::opt_text(r.progress.evidence),
        Value::Text(last),
    ]
}

/// Turns rows into a listing with the status columns.
pub fn listing(rows: &[Row]) -> Listing {
    let mut l = Listing::new(columns());
    l.rows = rows.iter().cloned().map(values).collect();
    l
}

/// How many rows are in each state.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts([usize; 6]);

impl Counts {
    /// Counts one row.
    pub fn add(&mut self, state: State) {
        self.0[State::ALL
            .iter()
            .position(|s| *s == state)
            .expect("every state is listed")] += 1;
    }

    fn get(&self, state: State) -> usize {
        self.0[State::ALL
            .iter()
            .position(|s| *s == state)
            .expect("every state is listed")]
    }

    fn total(&self) -> usize {
        self.0.iter().sum()
    }
}

/// The summary line of some rows.
pub fn summary(rows: &[Row], as_of: NaiveDate) -> String {
    let mut counts = Counts::default();
    rows.iter().for_each(|r| counts.add(r.standing.state));
    summary_of(&counts, as_of)
}

/// The summary line: counts per state and the share of fallen-due deadlines done on time.
pub fn summary_of(counts: &Counts, as_of: NaiveDate) -> String {
    let count = |state| counts.get(state);
    let listed: Vec<String> = State::ALL
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
    let n = counts.total();
    let listed = listed.join(", ");
    crate::msg!(
        "{n} rows as of {date}: {listed} — {share}",
        "{n} dòng tính đến ngày {date}: {listed} — {share}"
    )
}

/// Runs `status`.
pub fn status(ctx: &Context, args: &StatusArgs) -> Result<Outcome> {
    let mut states = Vec::new();
    for name in &args.state {
        let state = State::parse(name.trim()).ok_or_else(|| {
            let all: Vec<&str> = State::ALL.iter().map(|s| s.as_str()).collect();
            let all = all.join(", ");
            Error::Usage(crate::msg!(
                "--state: unknown state `{name}` — use one of: {all}",
                "--state: trạng thái `{name}` không hợp lệ — hãy dùng một trong: {all}"
            ))
        })?;
        states.push(state);
    }
    let store = open_synced(ctx)?;
    let scope = Scope::of(&store, &args.filter)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut stream = super::stream(ctx, columns(), &mut out)?;
    let mut counts = Counts::default();
    each_row(&store, &scope, None, ctx.as_of, false, |r| {
        counts.add(r.standing.state);
        if states.is_empty() || states.contains(&r.standing.state) {
            stream.row(values(r))?;
        }
        Ok(true)
    })?;
    stream.finish(Some(summary_of(&counts, ctx.as_of)))?;
    out.flush()?;
    Ok(Outcome::Clean)
}

/// Whether anything in scope is overdue: stops at the first overdue deadline (oldest first).
fn any_overdue(store: &Store, scope: &Scope, as_of: NaiveDate) -> Result<bool> {
    let mut found = false;
    each_row_in(store, scope, None, as_of, true, true, |r| {
        found = r.standing.state == State::Overdue;
        Ok(!found)
    })?;
    Ok(found)
}

/// Runs `overdue`: nothing printed and exit 0 when nothing is overdue; the rows, oldest first, and exit 1
/// otherwise. With `--quiet`, only the exit code.
pub fn overdue(ctx: &Context, args: &OverdueArgs) -> Result<Outcome> {
    let store = open_synced(ctx)?;
    let scope = Scope::of(&store, &args.filter)?;
    if !any_overdue(&store, &scope, ctx.as_of)? {
        if ctx.format == crate::render::Format::Json && !args.quiet {
            super::print(ctx, &Listing::new(columns()))?;
        }
        return Ok(Outcome::Clean);
    }
    if args.quiet {
        return Ok(Outcome::Found);
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut stream = super::stream(ctx, columns(), &mut out)?;
    let mut counts = Counts::default();
    each_row(&store, &scope, None, ctx.as_of, true, |r| {
        if r.standing.state == State::Overdue {
            counts.add(r.standing.state);
            stream.row(values(r))?;
        }
        Ok(true)
    })?;
    let (n, date) = (counts.total(), format_vn(ctx.as_of));
    stream.finish(Some(crate::msg!(
        "{n} overdue as of {date}",
        "{n} thời hạn quá hạn tính đến ngày {date}"
    )))?;
    out.flush()?;
    Ok(Outcome::Found)
}

fn finish(ctx: &Context, rows: &[Row], summary: String) -> Result<Outcome> {
    if rows.is_empty() {
        if ctx.format == crate::render::Format::Json {
            super::print(ctx, &listing(rows))?;
        }
        return Ok(Outcome::Clean);
    }
    let mut l = listing(rows);
    l.summary = Some(summary);
    super::print(ctx, &l)?;
    Ok(Outcome::Found)
}

/// The rows grouped by lead unit (a row with several leads counts for each), units in Vietnamese alphabetical
/// order, then every row under "Total": the grouping of the summary sheet and of the report's counts.
pub fn by_lead_unit<'r>(rows: &[&'r Row]) -> Vec<(String, Vec<&'r Row>)> {
    let mut units: Vec<String> = rows
        .iter()
        .flat_map(|r| r.item.lead_names.iter().cloned())
        .collect();
    units.sort_by_cached_key(|u| crate::text::collation_key(u));
    units.dedup();
    let mut groups: Vec<(String, Vec<&Row>)> = units
        .into_iter()
        .map(|u| {
            let group = rows
                .iter()
                .filter(|r| r.item.lead_names.contains(&u))
                .copied()
                .collect();
            (u, group)
        })
        .collect();
    groups.push((tr("Total", "Tổng số").to_string(), rows.to_vec()));
    groups
}

/// Reads `14d`, `14` (days) or `2w` (weeks) for `--within`.
fn parse_span(text: &str) -> Result<i64> {
    span_days(text).ok_or_else(|| {
        Error::Usage(crate::msg!(
            "--within: `{text}` is not a span — write days (14d or 14) or weeks (2w)",
            "--within: `{text}` không phải là khoảng thời gian — hãy viết số ngày (14d hoặc 14) hoặc số tuần (2w)"
        ))
    })
}

/// Days in `14d`, `14` or `2w` (up to ten years); `None` when it is not such a span.
pub fn span_days(text: &str) -> Option<i64> {
    let t = text.trim().to_ascii_lowercase();
    let (num, mult) = match t.strip_suffix('w') {
        Some(n) => (n, 7),
        None => (t.strip_suffix('d').unwrap_or(&t), 1),
    };
    num.parse::<i64>()
        .ok()
        .filter(|n| (0..=3650).contains(n))
        .map(|n| n * mult)
}

/// Runs `upcoming`: open deadlines whose last allowed day is within the span; exit 1 if any.
pub fn upcoming(ctx: &Context, args: &UpcomingArgs) -> Result<Outcome> {
    let within = parse_span(&args.within)?;
    let store = open_synced(ctx)?;
    let scope = Scope::of(&store, &args.filter)?;
    let mut rows = Vec::new();
    each_row(&store, &scope, None, ctx.as_of, false, |r| {
        if r.standing.state == State::Open && r.standing.days_left.is_some_and(|d| d <= within) {
            rows.push(r);
        }
        Ok(true)
    })?;
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
