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
use crate::msg;
use crate::render::{Column, Listing, Value};
use crate::store::{MemberRef, StatusQuery, StatusRow, Store};
use chrono::NaiveDate;
use std::io::Write;

/// One deadline occurrence with its standing and folded progress as of a date. An occurrence owed by each
/// member of a unit carries every member's share in `members`; its own standing is then the deadline's: done
/// when every member is (on the day of the last), otherwise open or overdue by the date.
#[derive(Debug, Clone)]
pub struct Row {
    /// What the store holds, with the occurrence in force on the date.
    pub item: StatusRow,
    /// Its state as of the date.
    pub standing: Standing,
    /// Its progress as of the date.
    pub progress: Progress,
    /// Each member's share, for a deadline owed by the members of its lead unit.
    pub members: Vec<Share>,
}

/// One member's share of an occurrence.
#[derive(Debug, Clone)]
pub struct Share {
    /// The member.
    pub unit: MemberRef,
    /// Its state as of the date.
    pub standing: Standing,
    /// Its progress as of the date.
    pub progress: Progress,
}

/// The plan and units a filter names, resolved once.
pub struct Scope {
    plan: Option<String>,
    units: Option<Vec<(String, String)>>,
    to: Option<Vec<(String, String)>>,
}

impl Scope {
    /// Checks the plan and resolves the units of a filter.
    pub fn of(store: &Store, filter: &FilterArgs) -> Result<Scope> {
        check_plan(store, filter.plan.as_deref())?;
        let known = match (&filter.unit, &filter.to) {
            (None, None) => Vec::new(),
            _ => store.units(filter.plan.as_deref())?,
        };
        let resolve =
            |text: &Option<String>| text.as_deref().map(|u| resolve_unit(&known, u)).transpose();
        Ok(Scope {
            plan: filter.plan.clone(),
            units: resolve(&filter.unit)?,
            to: resolve(&filter.to)?,
        })
    }

    /// The members of a row that the unit filter names, when it names any (else every member is kept).
    fn members_in_scope(&self, plan: &str, shares: &mut Vec<Share>) {
        let Some(units) = &self.units else { return };
        let named = |s: &Share| units.iter().any(|(p, u)| p == plan && *u == s.unit.id);
        if shares.iter().any(named) {
            shares.retain(named);
        }
    }
}

/// The occurrence in force on a date: an amendment counts from the day it takes effect.
fn in_force(store: &Store, item: &mut StatusRow, as_of: NaiveDate) -> Result<()> {
    let (Some(on), Some(rid)) = (item.amended_on, item.deadline_rid) else {
        return Ok(());
    };
    if as_of >= on {
        return Ok(());
    }
    let period = item
        .occurrence
        .and_then(|o| o.period)
        .map(|p| p.to_string());
    let versions = store.versions(rid, period.as_deref())?;
    match versions
        .iter()
        .rev()
        .find(|v| v.from.is_none_or(|from| from <= as_of))
    {
        Some(v) => {
            item.occurrence = Some(v.occurrence);
            item.amended_on = v.from;
            item.amended_by = v.by.clone();
            item.event_on = v.event_on;
        }
        // A counted deadline before its event's first date was known: waiting.
        None if item.reckoning.is_some() => {
            item.occurrence = None;
            item.amended_on = None;
            item.event_on = None;
        }
        None => {}
    }
    Ok(())
}

/// Classifies a stored row as of a date. The stored summary holds every event; when some are later than the
/// date, the occurrence's events are folded again as of the date.
fn settle(
    store: &Store,
    mut item: StatusRow,
    as_of: NaiveDate,
) -> Result<(StatusRow, Standing, Progress)> {
    // A counted deadline done is judged by the date its event had when the work was done: an event moved
    // earlier afterwards does not make work done in time late.
    let counted = item.reckoning.is_some().then(|| item.clone());
    in_force(store, &mut item, as_of)?;
    let progress = match item.stored.as_ref().map(|s| s.as_of(as_of)) {
        None => Progress::default(),
        Some(Some(p)) => p,
        Some(None) => {
            let period = item
                .occurrence
                .and_then(|o| o.period)
                .map(|p| p.to_string());
            let member = item.member.as_ref().map(|m| m.id.as_str());
            let events =
                store.events_of(item.task_rid, item.history_key(), period.as_deref(), member)?;
            Progress::fold(&events, as_of)
        }
    };
    if let (Some(mut then), Some(done)) = (counted, progress.done_on)
        && done < as_of
    {
        in_force(store, &mut then, done)?;
        if then.occurrence.is_some() {
            item.occurrence = then.occurrence;
            item.event_on = then.event_on;
            item.amended_on = then.amended_on;
        }
    }
    let withdrawn = item.withdrawn || item.withdrawn_on.is_some_and(|d| d <= as_of);
    let mut standing = classify(item.occurrence.as_ref(), progress.done_on, withdrawn, as_of);
    if item.is_waiting() && !withdrawn {
        standing.state = waiting_state(progress.done_on);
    }
    Ok((item, standing, progress))
}

/// The state of a counted deadline whose event has no date yet: done before the date was even known is done
/// on time; otherwise it waits for the event.
fn waiting_state(done_on: Option<NaiveDate>) -> State {
    match done_on {
        Some(_) => State::DoneOnTime,
        None => State::Waiting,
    }
}

/// The deadline's row from its members' shares: done when all are, on the last one's day.
fn aggregate(mut item: StatusRow, members: Vec<Share>, as_of: NaiveDate) -> Row {
    item.member = None;
    let done_on = members
        .iter()
        .map(|m| m.progress.done_on)
        .collect::<Option<Vec<_>>>()
        .and_then(|days| days.into_iter().max());
    let withdrawn = members.iter().any(|m| m.standing.state == State::Withdrawn);
    let mut standing = classify(item.occurrence.as_ref(), done_on, withdrawn, as_of);
    if item.is_waiting() && !withdrawn {
        standing.state = waiting_state(done_on);
    }
    Row {
        item,
        standing,
        progress: Progress {
            done_on,
            ..Progress::default()
        },
        members,
    }
}

/// A settled row, or the shares of one occurrence owed by each member of a unit.
enum Settled {
    One(Row),
    Shares(StatusRow, Vec<Share>),
}

/// Gathers the member rows of one occurrence (they come one after another) into one; hands on other rows as
/// they are.
#[derive(Default)]
struct Grouper {
    open: Option<(StatusRow, Vec<Share>)>,
}

impl Grouper {
    /// Takes one settled row; gives `out` what is complete: the shares of the occurrence before, then a row
    /// that is not a share. `false` when `out` wants no more.
    fn push(
        &mut self,
        item: StatusRow,
        standing: Standing,
        progress: Progress,
        mut out: impl FnMut(Settled) -> Result<bool>,
    ) -> Result<bool> {
        let same = |a: &StatusRow, b: &StatusRow| {
            a.task_rid == b.task_rid
                && a.deadline_rid == b.deadline_rid
                && a.occurrence.and_then(|o| o.period) == b.occurrence.and_then(|o| o.period)
        };
        if self
            .open
            .as_ref()
            .is_some_and(|(first, _)| item.member.is_none() || !same(first, &item))
            && let Some(done) = self.finish()
            && !out(done)?
        {
            return Ok(false);
        }
        match item.member.clone() {
            Some(unit) => {
                let share = Share {
                    unit,
                    standing,
                    progress,
                };
                match &mut self.open {
                    Some((_, shares)) => shares.push(share),
                    None => self.open = Some((item, vec![share])),
                }
                Ok(true)
            }
            None => out(Settled::One(Row {
                item,
                standing,
                progress,
                members: Vec::new(),
            })),
        }
    }

    fn finish(&mut self) -> Option<Settled> {
        self.open
            .take()
            .map(|(first, shares)| Settled::Shares(first, shares))
    }
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
fn each_row_in<F: FnMut(Row) -> Result<bool>>(
    store: &Store,
    scope: &Scope,
    task: Option<i64>,
    as_of: NaiveDate,
    overdue_only: bool,
    first_only: bool,
    mut f: F,
) -> Result<()> {
    let q = StatusQuery {
        plan: scope.plan.as_deref(),
        task,
        units: scope.units.as_deref(),
        to: scope.to.as_deref(),
        overdue_on: overdue_only.then_some(as_of),
        first_only,
    };
    let mut grouper = Grouper::default();
    let mut order = Order::new(overdue_only && !first_only);
    let mut deliver = |settled: Settled, f: &mut F| {
        let row = match settled {
            Settled::One(row) => row,
            Settled::Shares(item, mut members) => {
                scope.members_in_scope(&item.plan, &mut members);
                aggregate(item, members, as_of)
            }
        };
        order.pass(row, f)
    };
    let mut more = true;
    store.each_status_row(&q, |item| {
        let (item, standing, progress) = settle(store, item, as_of)?;
        more = grouper.push(item, standing, progress, |s| deliver(s, &mut f))?;
        Ok::<_, Error>(more)
    })?;
    if let Some(settled) = grouper.finish().filter(|_| more) {
        more = deliver(settled, &mut f)?;
    }
    if more {
        order.finish(&mut f)?;
    }
    Ok(())
}

/// Keeps the oldest-first order of overdue rows when an amendment in force on the date is not the plan's
/// latest version: the store orders by the earliest last day of every version, so such a row waits until
/// the rows whose last day is before its own have passed.
struct Order {
    on: bool,
    waiting: Vec<Row>,
}

impl Order {
    fn new(on: bool) -> Order {
        Order {
            on,
            waiting: Vec::new(),
        }
    }

    fn last_day(r: &Row) -> Option<NaiveDate> {
        r.item.occurrence.map(|o| o.last_day())
    }

    fn pass(&mut self, row: Row, f: &mut impl FnMut(Row) -> Result<bool>) -> Result<bool> {
        if !self.on {
            return f(row);
        }
        if row.item.amended {
            let at = self
                .waiting
                .partition_point(|w| Self::last_day(w) <= Self::last_day(&row));
            self.waiting.insert(at, row);
            return Ok(true);
        }
        let due = Self::last_day(&row);
        let ready = self.waiting.partition_point(|w| Self::last_day(w) <= due);
        for w in self.waiting.drain(..ready).collect::<Vec<_>>() {
            if !f(w)? {
                return Ok(false);
            }
        }
        f(row)
    }

    fn finish(&mut self, f: &mut impl FnMut(Row) -> Result<bool>) -> Result<()> {
        for w in self.waiting.drain(..).collect::<Vec<_>>() {
            if !f(w)? {
                break;
            }
        }
        Ok(())
    }
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

/// The status columns, shared by `status`, `overdue`, `upcoming`, `show` and exports. Columns added later go
/// at the end, so that scripts cutting fields by position keep working.
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
        Column::machine("unit"),
        Column::machine("unit_id"),
        Column::machine("amended_by"),
        Column::machine("counted"),
        Column::machine("event_id"),
        Column::machine("event_on"),
    ]
}

/// The table's "days" cell: the days left or late, and for a deadline counted from an event, how (or, while
/// its event has no date, what it waits for).
fn days_cell(item: &StatusRow, s: &Standing) -> String {
    let days = days_text(s);
    let Some(r) = &item.reckoning else {
        return days;
    };
    if s.state == State::Waiting {
        let name = &r.event_name;
        return msg!("waiting for {name}", "chờ {name}");
    }
    let how = super::events::counted(r, item.event_on, lang());
    match days.is_empty() {
        true => format!("({how})"),
        false => format!("{days}\n({how})"),
    }
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

/// "3 of 7 units done; missing: …", for the row of a deadline owed by each member of a unit.
fn members_progress(members: &[Share]) -> String {
    let done = members
        .iter()
        .filter(|m| m.progress.done_on.is_some())
        .count();
    let total = members.len();
    let missing: Vec<&str> = members
        .iter()
        .filter(|m| m.progress.done_on.is_none())
        .map(|m| m.unit.name.as_str())
        .collect();
    let head = msg!(
        "{done} of {total} units done",
        "{done}/{total} đơn vị đã hoàn thành"
    );
    // What the missing units recorded (a blocker, a note, a percentage) is why the deadline is not met.
    let said: Vec<String> = members
        .iter()
        .filter(|m| m.progress.done_on.is_none())
        .filter_map(|m| {
            let p = last_progress(&m.progress);
            (!p.is_empty()).then(|| format!("{}: {p}", m.unit.name))
        })
        .collect();
    let head = match missing.is_empty() {
        true => head,
        false => {
            let missing = missing.join(", ");
            msg!("{head}; missing: {missing}", "{head}; còn thiếu: {missing}")
        }
    };
    match said.is_empty() {
        true => head,
        false => format!("{head}. {}", said.join("; ")),
    }
}

pub fn days_text(s: &Standing) -> String {
    match (s.days_overdue, s.days_left) {
        (Some(n), _) => msg!("{n} late", "trễ {n} ngày"),
        (None, Some(0)) => tr("due today", "hạn hôm nay").to_string(),
        (None, Some(n)) => msg!("{n} left", "còn {n} ngày"),
        _ => String::new(),
    }
}

/// The cells of a row for one standing and progress: the deadline's own, or one member's share.
fn cells(
    item: StatusRow,
    s: &Standing,
    progress: Progress,
    last: String,
    member: Option<MemberRef>,
) -> Vec<Value> {
    let occ = item.occurrence.as_ref();
    let (name, id) = member.map(|m| (m.name, m.id)).unzip();
    let days = days_cell(&item, s);
    let counted = item
        .reckoning
        .as_ref()
        .map(|r| super::events::counted(r, item.event_on, lang()));
    let event = item.reckoning.as_ref().map(|r| r.event.clone());
    vec![
        Value::Text(item.plan),
        Value::Text(item.task),
        Value::opt_text(item.deadline),
        Value::Text(item.title),
        Value::List(item.lead_names),
        Value::List(item.lead_ids),
        occ.map_or(Value::Null, |o| {
            Value::Due(o.due, o.wording_kind(), item.amended_by.is_some())
        }),
        Value::opt_label(occ.map(|o| o.wording_kind())),
        Value::opt_text(item.wording),
        Value::opt_period(occ.and_then(|o| o.period)),
        Value::Label(s.state.as_str().into()),
        Value::Text(days),
        Value::opt_int(s.days_overdue),
        Value::opt_int(s.days_left),
        Value::opt_date(progress.done_on),
        Value::opt_int(progress.percent.map(i64::from)),
        Value::opt_text(progress.note),
        Value::opt_text(progress.evidence),
        Value::Text(last),
        Value::opt_text(name),
        Value::opt_text(id),
        Value::opt_text(item.amended_by),
        Value::opt_text(counted),
        Value::opt_text(event),
        Value::opt_date(item.event_on),
    ]
}

/// The cells of the deadline's own row, in the order of [`columns`]: for a deadline owed by each member of a
/// unit, how many are done and who is missing.
pub fn values(r: Row) -> Vec<Value> {
    let last = if r.members.is_empty() {
        last_progress(&r.progress)
    } else {
        members_progress(&r.members)
    };
    cells(r.item, &r.standing, r.progress, last, None)
}

/// Gives `out` the lines a row makes: data formats give one line per member's share (with the member in
/// `unit`), those for people one line per deadline. `keep` picks by state (the share's, or the deadline's).
pub fn lines(
    r: Row,
    per_member: bool,
    keep: impl Fn(State) -> bool,
    mut out: impl FnMut(Vec<Value>) -> Result<()>,
) -> Result<()> {
    if per_member && !r.members.is_empty() {
        for m in r.members {
            if keep(m.standing.state) {
                // Shown where people read a share (a report's completed work): whose share it is.
                let last = match last_progress(&m.progress) {
                    p if p.is_empty() => m.unit.name.clone(),
                    p => format!("{}: {p}", m.unit.name),
                };
                out(cells(
                    r.item.clone(),
                    &m.standing,
                    m.progress,
                    last,
                    Some(m.unit),
                ))?;
            }
        }
        Ok(())
    } else if keep(r.standing.state) {
        out(values(r))
    } else {
        Ok(())
    }
}

/// Turns rows into a listing with the status columns.
pub fn listing(rows: &[Row], per_member: bool) -> Listing {
    listing_of(rows, per_member, |_| true)
}

/// As [`listing`], keeping the lines whose state `keep` picks (the share's, or the deadline's).
pub fn listing_of(rows: &[Row], per_member: bool, keep: impl Fn(State) -> bool + Copy) -> Listing {
    let mut l = Listing::new(columns());
    for r in rows {
        let add = |line| {
            l.rows.push(line);
            Ok(())
        };
        lines(r.clone(), per_member, keep, add).expect("collecting lines cannot fail");
    }
    l
}

/// How many rows are in each state.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counts([usize; State::ALL.len()]);

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
    // Waiting is said only where some deadline waits: most plans count from no event.
    let listed: Vec<String> = State::ALL
        .iter()
        .filter(|&&s| s != State::Waiting || count(s) > 0)
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
        Some(pct) => {
            let deadlines = crate::i18n::count(due, "deadline", "deadlines");
            crate::msg!(
                "{on_time} of {deadlines} due or done by {date} done on time ({pct}%)",
                "{on_time}/{due} thời hạn đã đến hoặc đã hoàn thành tính đến {date} được hoàn thành đúng hạn ({pct}%)"
            )
        }
    };
    let n = counts.total();
    let listed = listed.join(", ");
    let rows = crate::i18n::count(n, "row", "rows");
    crate::msg!(
        "{rows} as of {date}: {listed} — {share}",
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
    let mut out = super::stdout(ctx);
    let columns = super::plan_columns(&store, args.filter.plan.as_deref(), columns())?;
    let mut stream = super::stream(ctx, columns, &mut out)?;
    let mut counts = Counts::default();
    let per_member = ctx.format.is_data();
    each_row(&store, &scope, None, ctx.as_of, false, |r| {
        counts.add(r.standing.state);
        let keep = |s| states.is_empty() || states.contains(&s);
        lines(r, per_member, keep, |line| Ok(stream.row(line)?))?;
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
    let written = (|| {
        let mut out = super::stdout(ctx);
        let columns = super::plan_columns(&store, args.filter.plan.as_deref(), columns())?;
        let mut stream = super::stream(ctx, columns, &mut out)?;
        let mut counts = Counts::default();
        let per_member = ctx.format.is_data();
        each_row(&store, &scope, None, ctx.as_of, true, |r| {
            if r.standing.state == State::Overdue {
                counts.add(r.standing.state);
                lines(
                    r,
                    per_member,
                    |s| s == State::Overdue,
                    |line| Ok(stream.row(line)?),
                )?;
            }
            Ok(true)
        })?;
        let (n, date) = (counts.total(), format_vn(ctx.as_of));
        stream.finish(Some(crate::msg!(
            "{n} overdue as of {date}",
            "{n} thời hạn quá hạn tính đến ngày {date}"
        )))?;
        Ok(out.flush()?)
    })();
    super::answer(Outcome::Found, written)
}

fn finish(ctx: &Context, rows: &[Row], columns: Vec<Column>, summary: String) -> Result<Outcome> {
    if rows.is_empty() {
        if ctx.format == crate::render::Format::Json {
            super::print(ctx, &listing(rows, true))?;
        }
        return Ok(Outcome::Clean);
    }
    let mut l = Listing::new(columns);
    for r in rows {
        lines(
            r.clone(),
            ctx.format.is_data(),
            |s| s == State::Open,
            |line| {
                l.rows.push(line);
                Ok(())
            },
        )?;
    }
    l.summary = Some(summary);
    super::answer(Outcome::Found, super::print(ctx, &l))
}

/// The states of the rows by lead unit, units in Vietnamese alphabetical order, then every row's under
/// "Total": the grouping of the summary sheet and of the report's counts. A row with several leads counts for
/// each; a deadline owed by each member of its lead unit counts for each member, with the member's state, and
/// once in the total, with the deadline's.
pub fn by_lead_unit(rows: &[&Row]) -> Vec<(String, Vec<State>)> {
    let mut groups: Vec<(String, Vec<State>)> = Vec::new();
    let mut add = |unit: &str, state: State| match groups.iter_mut().find(|(u, _)| u == unit) {
        Some((_, states)) => states.push(state),
        None => groups.push((unit.to_string(), vec![state])),
    };
    let no_lead = tr("(no lead unit)", "(không ghi đơn vị chủ trì)");
    for r in rows {
        if r.members.is_empty() && r.item.lead_names.is_empty() {
            add(no_lead, r.standing.state);
        } else if r.members.is_empty() {
            r.item
                .lead_names
                .iter()
                .for_each(|u| add(u, r.standing.state));
        } else {
            r.members
                .iter()
                .for_each(|m| add(&m.unit.name, m.standing.state));
        }
    }
    groups.sort_by_cached_key(|(u, _)| crate::text::collation_key(u));
    let total = rows.iter().map(|r| r.standing.state).collect();
    groups.push((tr("Total", "Tổng số").to_string(), total));
    groups
}

/// Reads `14d`, `14` (days) or `2w` (weeks) for `--within`.
fn parse_span(text: &str) -> Result<i64> {
    span_days(text, 3650).map_err(|e| span_error("--within", text, e, "14d or 14", "2w"))
}

/// Why a span was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SpanError {
    /// Not days or weeks at all.
    Unreadable,
    /// Longer than the command allows (its limit in days).
    TooLong(i64),
}

/// Days in `14d`, `14` or `2w`, up to `max` days.
pub fn span_days(text: &str, max: i64) -> std::result::Result<i64, SpanError> {
    let t = text.trim().to_ascii_lowercase();
    let (num, mult) = match t.strip_suffix('w') {
        Some(n) => (n, 7),
        None => (t.strip_suffix('d').unwrap_or(&t), 1),
    };
    if num.is_empty() || !num.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SpanError::Unreadable);
    }
    num.parse::<i64>()
        .ok()
        .and_then(|n| n.checked_mul(mult))
        .filter(|&days| days <= max)
        .ok_or(SpanError::TooLong(max))
}

/// The one message of a refused span of `flag`, with examples of days and weeks.
pub fn span_error(flag: &str, text: &str, e: SpanError, days: &str, weeks: &str) -> Error {
    Error::Usage(match e {
        SpanError::Unreadable => crate::msg!(
            "{flag}: `{text}` is not a span — write days ({days}) or weeks ({weeks})",
            "{flag}: `{text}` không phải là khoảng thời gian — hãy viết số ngày ({days}) hoặc số tuần ({weeks})"
        ),
        SpanError::TooLong(max) => crate::msg!(
            "{flag}: `{text}` is longer than {max} days — give a span of at most {max}d",
            "{flag}: `{text}` dài hơn {max} ngày — hãy cho khoảng tối đa {max}d"
        ),
    })
}

/// Runs `upcoming`: open deadlines whose last allowed day is within the span; exit 1 if any.
pub fn upcoming(ctx: &Context, args: &UpcomingArgs) -> Result<Outcome> {
    // Working days ("10wd") are counted on the calendar of public offices, from --as-of.
    let working = args
        .within
        .trim()
        .strip_suffix("wd")
        .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|n| n.parse::<i64>().ok())
        .filter(|&n| n <= 2500);
    let calendar = match working {
        Some(_) => super::calendar::work_calendar(ctx)?,
        None => crate::calendar::WorkCalendar::default(),
    };
    let within = match working {
        Some(n) => (calendar.add_working_days(ctx.as_of, n) - ctx.as_of).num_days(),
        None => parse_span(&args.within)?,
    };
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
    let columns = super::plan_columns(&store, args.filter.plan.as_deref(), columns())?;
    finish(ctx, &rows, columns, {
        let (n, date) = (rows.len(), format_vn(ctx.as_of));
        match working {
            Some(wd) => {
                let to = format_vn(calendar.add_working_days(ctx.as_of, wd));
                crate::msg!(
                    "{n} due within {wd} working days of {date} (to {to})",
                    "{n} thời hạn đến hạn trong {wd} ngày làm việc kể từ {date} (đến {to})"
                )
            }
            None => crate::msg!(
                "{n} due within {within} days of {date}",
                "{n} thời hạn đến hạn trong {within} ngày kể từ {date}"
            ),
        }
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
