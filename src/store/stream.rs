//! Status rows streamed from one query, and the per-occurrence progress summary that keeps that query cheap.
//!
//! Every occurrence's progress is folded from its events when an event is appended and kept in the
//! `progress` table, with the dates of its first and latest event. A status query as of a date on or after the
//! latest (today's question), or before the first, reads the summary; a date in between re-folds that
//! occurrence's events. So `status`, `overdue` and `export` read each row once, in one pass, whatever the size
//! of the store.
//!
//! An occurrence owed by each member of a unit (see `task_members`) has one summary per member, folded from
//! that member's events and the events recorded for the deadline as a whole, and comes as one row per member.
//!
//! The summaries are a cache of the events: [`CACHE_VERSION`] names the rule that folded them, and a store
//! whose summaries were folded by another rule has them rebuilt (see `Store::open_write`).

use super::columns::{date_col, opt_date_col};
use super::sql::{Db, Dialect, Row, SqlError, SqlResult, Value, params};
use super::{Result, Store, StoreError};
use crate::domain::{Event, EventKind, Occurrence, Period, Progress, Rule};
use chrono::NaiveDate;

/// The rule the summaries were folded by. Bump it whenever [`Progress::fold`] changes what it makes of the
/// same events: every store is then refolded once, by the first command that opens it.
pub const CACHE_VERSION: &str = "2";

/// What to stream.
#[derive(Debug, Clone, Default)]
pub struct StatusQuery<'a> {
    /// Only this plan.
    pub plan: Option<&'a str>,
    /// Only this task (row id).
    pub task: Option<i64>,
    /// Only tasks led or supported by one of these (plan, unit) pairs, or owed by one of them as a member.
    pub units: Option<&'a [(String, String)]>,
    /// Only tasks reporting to one of these (plan, unit) pairs.
    pub to: Option<&'a [(String, String)]>,
    /// Only occurrences that may be overdue on this date (the earliest last allowed day of their versions
    /// before it), oldest first by that day.
    pub overdue_on: Option<NaiveDate>,
    /// In no particular order: the caller stops at the first row it wants.
    pub first_only: bool,
}

/// A unit that owes its share of an occurrence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberRef {
    /// Unit id.
    pub id: String,
    /// Its name.
    pub name: String,
}

/// One occurrence (or ongoing task) with its stored progress; for an occurrence owed by each member of a
/// unit, one member's share of it.
#[derive(Debug, Clone)]
pub struct StatusRow {
    /// Plan id.
    pub plan: String,
    /// Task id.
    pub task: String,
    /// Task row id.
    pub task_rid: i64,
    /// Task title.
    pub title: String,
    /// Lead unit ids.
    pub lead_ids: Vec<String>,
    /// Lead unit names.
    pub lead_names: Vec<String>,
    /// Deadline row id.
    pub deadline_rid: Option<i64>,
    /// Deadline key.
    pub deadline: Option<String>,
    /// The key its events are recorded under when it is not `deadline` (the first it had, when renamed
    /// since): see [`StatusRow::history_key`].
    pub renamed_from: Option<String>,
    /// Deadline wording.
    pub wording: Option<String>,
    /// The occurrence as the plan now has it (with every amendment).
    pub occurrence: Option<Occurrence>,
    /// When the amendment in force in `occurrence` took effect, if it is amended.
    pub amended_on: Option<NaiveDate>,
    /// The document of that amendment.
    pub amended_by: Option<String>,
    /// Whether the occurrence has versions at all: its place in an overdue listing is then the earliest
    /// last day of them.
    pub amended: bool,
    /// Task or deadline no longer in the plan file.
    pub withdrawn: bool,
    /// Withdrawn from this day on (by a document the plan file names).
    pub withdrawn_on: Option<NaiveDate>,
    /// That document.
    pub withdrawn_by: Option<String>,
    /// The member whose share this row is.
    pub member: Option<MemberRef>,
    /// The progress folded from all its events, if it has any.
    pub stored: Option<Summary>,
    /// Order within the task: deadline, then member.
    order: (i64, i64),
    /// How the deadline is counted from an event, when it is.
    pub reckoning: Option<crate::domain::Reckoning>,
    /// The event's date the occurrence in force was counted from.
    pub event_on: Option<NaiveDate>,
}

/// The progress of an occurrence folded from all its events, and the span of their dates (retractions aside).
#[derive(Debug, Clone)]
pub struct Summary {
    /// The progress.
    pub progress: Progress,
    /// The date of the first event.
    pub first_on: NaiveDate,
    /// The date of the last event.
    pub last_on: NaiveDate,
}

impl StatusRow {
    /// A deadline counted from an event that has no date (as of the date the row was settled for).
    pub fn is_waiting(&self) -> bool {
        self.reckoning.is_some() && self.occurrence.is_none()
    }

    /// The key its events are recorded under: its own, or the first it had when it was renamed since.
    pub fn history_key(&self) -> Option<&str> {
        self.renamed_from.as_deref().or(self.deadline.as_deref())
    }
}

impl Summary {
    /// The progress as of a date, when the summary answers without the events: on or after the last event,
    /// all of it; before the first, nothing yet.
    pub fn as_of(&self, date: NaiveDate) -> Option<Progress> {
        if self.last_on <= date {
            Some(self.progress.clone())
        } else if date < self.first_on {
            Some(Progress::default())
        } else {
            None
        }
    }
}

/// One dated version of an amended occurrence.
#[derive(Debug, Clone)]
pub struct Version {
    /// In force from this day; `None` for the plan's first version.
    pub from: Option<NaiveDate>,
    /// The occurrence in this version.
    pub occurrence: Occurrence,
    /// The amending document (none for the first version).
    pub by: Option<String>,
    /// For a counted deadline: the event's date it was counted from.
    pub event_on: Option<NaiveDate>,
}

const UNIT_SEP: char = '\u{1f}';

/// What a store holds beyond plain deadlines: the query leaves out the joins and columns of what it does not
/// hold (they cost a tenth of an export of 100,000 tasks).
#[derive(Debug, Clone, Copy)]
struct Features {
    /// Some task is owed by the members of a unit.
    members: bool,
    /// Some task or deadline is withdrawn from a date.
    withdrawals: bool,
    /// Some deadline is amended.
    amendments: bool,
}

/// The status query's columns; `{leads}` and `{lead_names}` are the lead units joined (see
/// [`Dialect::joined`]).
const STATUS_SELECT: &str = "
SELECT t.rid, t.plan_id, t.id, t.title, t.withdrawn OR coalesce(d.withdrawn, FALSE),
       d.key, d.wording, o.period, o.due, o.rule, o.assumed,
       (SELECT {leads} FROM task_units tu
         WHERE tu.task_rid = t.rid AND tu.role = 'lead'),
       p.done_on, p.evidence, p.percent, p.note, p.blocked, p.last_on, d.seq, p.first_on,
       (SELECT {lead_names} FROM task_units tu
          JOIN units u ON u.plan_id = t.plan_id AND u.id = tu.unit_id
         WHERE tu.task_rid = t.rid AND tu.role = 'lead'),
       d.rid, ";

/// The amendment columns: when the version in force took effect, and its document.
const AMENDED_COLUMNS: &str = "o.amended_on, o.amended_by, ";

/// The withdrawal columns: the earliest of the task's and the deadline's dates, and its document.
const WITHDRAWN_COLUMNS: &str = "coalesce({least}, t.withdrawn_on, d.withdrawn_on),
       CASE WHEN d.withdrawn_on IS NULL OR t.withdrawn_on <= d.withdrawn_on THEN t.withdrawn_by
            ELSE d.withdrawn_by END, ";

const MEMBER_COLUMNS: &str =
    "m.member_id, m.seq, mu.name, nullif(d.history_key, d.key), d.reckoning, o.event_on
FROM tasks t
LEFT JOIN deadlines d ON d.task_rid = t.rid
LEFT JOIN occurrences o ON o.deadline_rid = d.rid
LEFT JOIN task_members m ON m.task_rid = t.rid AND d.rid IS NOT NULL
LEFT JOIN units mu ON mu.plan_id = t.plan_id AND mu.id = m.member_id
LEFT JOIN progress p ON p.task_rid = t.rid AND p.deadline_key = coalesce(d.history_key, '')
      AND p.period = coalesce(o.period, '') AND p.member = coalesce(m.member_id, '')
WHERE TRUE";

const NO_MEMBER_COLUMNS: &str =
    "NULL, NULL, NULL, nullif(d.history_key, d.key), d.reckoning, o.event_on
FROM tasks t
LEFT JOIN deadlines d ON d.task_rid = t.rid
LEFT JOIN occurrences o ON o.deadline_rid = d.rid
LEFT JOIN progress p ON p.task_rid = t.rid AND p.deadline_key = coalesce(d.history_key, '')
      AND p.period = coalesce(o.period, '') AND p.member = ''
WHERE TRUE";

/// The part of the overdue condition that does not name the date index: live on the date, and open or
/// re-folded as of an earlier date. Every member's row is read, so that a row can say how many are done.
const OVERDUE_OPEN: &str =
    " AND NOT t.withdrawn AND NOT d.withdrawn AND (p.done_on IS NULL OR p.last_on > {date}";
const OVERDUE_MEMBERS: &str = " OR m.member_id IS NOT NULL";
const OVERDUE_WITHDRAWN: &str =
    " AND coalesce(t.withdrawn_on, '9999') > {date} AND coalesce(d.withdrawn_on, '9999') > {date}";

/// The units filters: (plan, unit) keys in a JSON array.
const UNITS_FILTER: &str =
    " AND (EXISTS (SELECT 1 FROM task_units tu, {units} WHERE tu.task_rid = t.rid
        AND tu.role IN ('lead', 'support') AND j.value = t.plan_id || {sep} || tu.unit_id)
     OR EXISTS (SELECT 1 FROM task_members tm, {units} WHERE tm.task_rid = t.rid
        AND j.value = t.plan_id || {sep} || tm.member_id))";
const TO_FILTER: &str = " AND EXISTS (SELECT 1 FROM task_units tu, {to} WHERE tu.task_rid = t.rid
        AND tu.role = 'report_to' AND j.value = t.plan_id || {sep} || tu.unit_id)";

/// The query for a set of filters, and its parameters. Only the filters given are written into it, so that
/// the database can use the indexes they name (a `?1 IS NULL OR ...` condition would make it scan every
/// task).
fn status_sql(q: &StatusQuery<'_>, f: Features, dialect: Dialect) -> (String, Vec<Value>) {
    let mut params: Vec<Value> = Vec::new();
    let mut bind = |v: Value| {
        params.push(v);
        format!("?{}", params.len())
    };
    let plan = q.plan.map(|p| bind(p.into()));
    let task = q.task.map(|t| bind(t.into()));
    let units = q.units.map(|u| bind(unit_keys(u).into()));
    let date = q
        .overdue_on
        .map(|d| bind(crate::date::format_iso(d).into()));
    let to = q.to.map(|u| bind(unit_keys(u).into()));
    let mut sql = String::from(STATUS_SELECT)
        .replace("{leads}", &dialect.joined("tu.unit_id", "tu.seq"))
        .replace("{lead_names}", &dialect.joined("u.name", "tu.seq"));
    sql.push_str(if f.amendments {
        AMENDED_COLUMNS
    } else {
        "NULL, NULL, "
    });
    if f.withdrawals {
        sql.push_str(&WITHDRAWN_COLUMNS.replace(
            "{least}",
            &dialect.least("t.withdrawn_on", "d.withdrawn_on"),
        ));
    } else {
        sql.push_str("NULL, NULL, ");
    }
    sql.push_str(if f.members {
        MEMBER_COLUMNS
    } else {
        NO_MEMBER_COLUMNS
    });
    if let Some(p) = &plan {
        sql.push_str(&format!(" AND t.plan_id = {p}"));
    }
    if let Some(t) = &task {
        sql.push_str(&format!(" AND t.rid = {t}"));
    }
    let sep = dialect.separator();
    if let Some(u) = &units {
        sql.push_str(
            &UNITS_FILTER
                .replace("{units}", &dialect.json_items(u, "j"))
                .replace("{sep}", sep),
        );
    }
    if let Some(u) = &to {
        sql.push_str(
            &TO_FILTER
                .replace("{to}", &dialect.json_items(u, "j"))
                .replace("{sep}", sep),
        );
    }
    match &date {
        Some(d) => {
            let overdue_open = [
                OVERDUE_OPEN,
                if f.members { OVERDUE_MEMBERS } else { "" },
                ")",
                if f.withdrawals { OVERDUE_WITHDRAWN } else { "" },
            ]
            .concat()
            .replace("{date}", d);
            if q.first_only {
                // Only the first row found matters (the exit code of `overdue --quiet`): walk the last-day
                // index from the oldest, which usually meets an open occurrence within a few rows.
                sql.push_str(&format!(" AND o.earliest_last_day < {d}"));
                sql.push_str(&overdue_open);
            } else {
                // The whole list, oldest first. SQLite is kept off the last-day index: following it visits
                // occurrences, deadlines and tasks in date order, one random page read per row, while a scan
                // in table order reads each page once and sorts the few rows kept (measured at 100,000
                // tasks: 450 ms by the index, 175 ms by the scan).
                let last_day = dialect.unindexed("o.earliest_last_day");
                sql.push_str(&format!(" AND {last_day} < {d}"));
                sql.push_str(&overdue_open);
                sql.push_str(&format!(" ORDER BY {last_day}, t.plan_id, t.seq, d.seq"));
                if f.members {
                    sql.push_str(", m.seq");
                }
            }
        }
        // Task order is the index's; the few rows of each task are put in deadline order in Rust, which
        // spares the database a sort per task (a sixth of SQLite's time for an export of 100,000 tasks).
        None => sql.push_str(" ORDER BY t.plan_id, t.seq, t.rid"),
    }
    (sql, params)
}

fn unit_keys(units: &[(String, String)]) -> String {
    let keys: Vec<String> = units
        .iter()
        .map(|(p, id)| format!("{p}{UNIT_SEP}{id}"))
        .collect();
    serde_json::to_string(&keys).expect("strings serialise")
}

impl Store {
    /// Calls `f` with each status row in order (by plan, task, deadline, due date and member; with
    /// `overdue_on`, oldest first) until it returns `false`.
    pub fn each_status_row<E: From<StoreError>>(
        &self,
        q: &StatusQuery<'_>,
        mut f: impl FnMut(StatusRow) -> std::result::Result<bool, E>,
    ) -> std::result::Result<(), E> {
        let features = self.features().map_err(self.sql())?;
        let (sql, params) = status_sql(q, features, self.db().dialect());
        let by_task = q.overdue_on.is_none();
        let mut pending: Vec<StatusRow> = Vec::new();
        // The caller's error, kept aside while the database's own loop unwinds.
        let mut failed: Option<E> = None;
        let mut stopped = false;
        let mut each = |r: super::sql::Row| {
            let row = read_row(&r, features)?;
            let next = pending
                .last()
                .is_some_and(|p| !by_task || p.task_rid != row.task_rid);
            if next {
                match hand_over(&mut pending, by_task, &mut f) {
                    Ok(true) => {}
                    Ok(false) => {
                        stopped = true;
                        return Ok(false);
                    }
                    Err(e) => {
                        failed = Some(e);
                        return Ok(false);
                    }
                }
            }
            pending.push(row);
            Ok(true)
        };
        let streamed = match q.first_only {
            true => self.db().each_first(&sql, &params, &mut each),
            false => self.db().each(&sql, &params, &mut each),
        };
        if let Some(e) = failed {
            return Err(e);
        }
        streamed.map_err(self.sql())?;
        if !stopped {
            hand_over(&mut pending, by_task, &mut f)?;
        }
        Ok(())
    }

    /// What the store holds beyond plain deadlines (each answered by a partial index, at once).
    fn features(&self) -> SqlResult<Features> {
        self.db().row(
            "SELECT EXISTS (SELECT 1 FROM task_members),
                        EXISTS (SELECT 1 FROM tasks WHERE withdrawn_on IS NOT NULL)
                        OR EXISTS (SELECT 1 FROM deadlines WHERE withdrawn_on IS NOT NULL),
                        EXISTS (SELECT 1 FROM occurrences WHERE amended_on IS NOT NULL)",
            &[],
            |r| {
                Ok(Features {
                    members: r.get(0)?,
                    withdrawals: r.get(1)?,
                    amendments: r.get(2)?,
                })
            },
        )
    }

    /// The events of one occurrence that count for a member (its own and the deadline's as a whole), or for
    /// the deadline as a whole, in history order: to fold as of an earlier date than the summary's.
    pub fn events_of(
        &self,
        task_rid: i64,
        deadline: Option<&str>,
        period: Option<&str>,
        member: Option<&str>,
    ) -> Result<Vec<Event>> {
        let st = EVENTS_OF_OCCURRENCE;
        let events = self
            .db()
            .rows(st, &params![task_rid, deadline, period], event_from_row)
            .map_err(self.sql())?;
        Ok(events
            .into_iter()
            .filter(|(_, m)| m.is_none() || m.as_deref() == member)
            .map(|(e, _)| e)
            .collect())
    }

    /// Every dated version of an amended occurrence, oldest first.
    pub fn versions(&self, deadline_rid: i64, period: Option<&str>) -> Result<Vec<Version>> {
        let st =
            "SELECT effective_from, period, due, rule, assumed, amended_by, event_on FROM occurrence_versions
                 WHERE deadline_rid = ?1 AND period = coalesce(?2, '') ORDER BY effective_from";
        self.db()
            .rows(st, &params![deadline_rid, period], |r| {
                let from: String = r.get(0)?;
                Ok(Version {
                    from: crate::date::parse_iso(&from),
                    occurrence: Occurrence {
                        period: r.get::<_, String>(1)?.parse::<Period>().ok(),
                        due: date_col(r, 2)?,
                        rule: Rule::parse(&r.get::<_, String>(3)?).unwrap_or(Rule::By),
                        assumed: r.get(4)?,
                    },
                    by: r.get(5)?,
                    event_on: opt_date_col(r, 6)?,
                })
            })
            .map_err(self.sql())
    }
}

const EVENTS_OF_OCCURRENCE: &str = "SELECT id, kind, on_date, progress, note, evidence, retracts, member
    FROM events
    WHERE task_rid = ?1 AND coalesce(deadline_key, '') = coalesce(?2, '') AND coalesce(period, '') = coalesce(?3, '')
    ORDER BY on_date, id";

fn event_from_row(r: &Row) -> SqlResult<(Event, Option<String>)> {
    let kind: String = r.get(1)?;
    let event = Event {
        id: r.get(0)?,
        kind: EventKind::parse(&kind).ok_or_else(|| {
            let what = format!("`{kind}` is not a kind of event");
            SqlError::tampered(1, what)
        })?,
        on: date_col(r, 2)?,
        progress: r.get(3)?,
        note: r.get(4)?,
        evidence: r.get(5)?,
        retracts: r.get(6)?,
    };
    Ok((event, r.get(7)?))
}

/// Gives `f` the rows of one task in deadline order (`by_task`; otherwise as they came); `false` when `f`
/// wants no more.
fn hand_over<E>(
    pending: &mut Vec<StatusRow>,
    by_task: bool,
    f: &mut impl FnMut(StatusRow) -> std::result::Result<bool, E>,
) -> std::result::Result<bool, E> {
    let key = |row: &StatusRow| {
        (
            row.order.0,
            row.occurrence.as_ref().map(|o| o.due),
            row.order.1,
        )
    };
    // Rows usually come in order already: sorting them anyway would move every (large) row.
    if by_task && !pending.is_sorted_by_key(key) {
        pending.sort_by_key(key);
    }
    for row in pending.drain(..) {
        if !f(row)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// One row of the status query; the columns of what the store does not hold (see [`Features`]) are not read.
fn read_row(r: &Row, f: Features) -> SqlResult<StatusRow> {
    let period: Option<String> = r.get::<_, Option<String>>(7)?.filter(|p| !p.is_empty());
    let occurrence = match opt_date_col(r, 8)? {
        Some(due) => Some(Occurrence {
            period: period.as_deref().and_then(|p| p.parse::<Period>().ok()),
            due,
            rule: Rule::parse(&r.get::<_, String>(9)?).unwrap_or(Rule::By),
            assumed: r.get(10)?,
        }),
        None => None,
    };
    let stored = match (opt_date_col(r, 17)?, opt_date_col(r, 19)?) {
        (Some(last_on), Some(first_on)) => Some(Summary {
            progress: Progress {
                done_on: opt_date_col(r, 12)?,
                evidence: r.get(13)?,
                percent: r.get(14)?,
                note: r.get(15)?,
                blocked: r.get(16)?,
            },
            first_on,
            last_on,
        }),
        _ => None,
    };
    let member = match f
        .members
        .then(|| r.get::<_, Option<String>>(26))
        .transpose()?
    {
        Some(Some(id)) => Some(MemberRef {
            name: r
                .get::<_, Option<String>>(28)?
                .unwrap_or_else(|| id.clone()),
            id,
        }),
        _ => None,
    };
    let (amended_on, amended_by) = match f.amendments {
        true => (opt_date_col(r, 22)?, r.get(23)?),
        false => (None, None),
    };
    let (withdrawn_on, withdrawn_by) = match f.withdrawals {
        true => (opt_date_col(r, 24)?, r.get(25)?),
        false => (None, None),
    };
    let member_seq = match f.members {
        true => r.get::<_, Option<i64>>(27)?.unwrap_or(-1),
        false => -1,
    };
    let reckoning = super::columns::terms_col(r, 30)?.map(|t| t.reckoning);
    Ok(StatusRow {
        reckoning,
        event_on: opt_date_col(r, 31)?,
        task_rid: r.get(0)?,
        plan: r.get(1)?,
        task: r.get(2)?,
        title: r.get(3)?,
        withdrawn: r.get(4)?,
        deadline: r.get(5)?,
        renamed_from: r.get(29)?,
        wording: r.get(6)?,
        occurrence,
        lead_ids: super::sql::split_joined(r.get(11)?),
        lead_names: super::sql::split_joined(r.get(20)?),
        deadline_rid: r.get(21)?,
        amended: amended_on.is_some(),
        amended_on,
        amended_by,
        withdrawn_on,
        withdrawn_by,
        member,
        stored,
        order: (r.get::<_, Option<i64>>(18)?.unwrap_or(-1), member_seq),
    })
}

/// An occurrence's events, each with the member it was recorded for.
type Recorded = Vec<(Event, Option<String>)>;

/// The events of an occurrence (with the member each was recorded for), and the members of its task.
fn occurrence_events(
    tx: &dyn Db,
    task_rid: i64,
    deadline: Option<&str>,
    period: Option<&str>,
) -> SqlResult<(Recorded, Vec<String>)> {
    let events: Vec<(Event, Option<String>)> = {
        let st = EVENTS_OF_OCCURRENCE;
        tx.rows(st, &params![task_rid, deadline, period], event_from_row)?
    };
    let members: Vec<String> = match deadline {
        Some(_) => {
            let st = "SELECT member_id FROM task_members WHERE task_rid = ?1 ORDER BY seq";
            tx.rows(st, &params![task_rid], |r| r.get(0))?
        }
        None => Vec::new(),
    };
    Ok((events, members))
}

/// The summaries of an occurrence, by member ("" for the deadline as a whole): each member's folded from
/// its own events and those recorded for the whole.
fn summaries(events: &[(Event, Option<String>)], members: &[String]) -> Vec<(String, Folded)> {
    let whole = events.iter().filter(|(_, m)| m.is_none()).map(|(e, _)| e);
    let mut out: Vec<(String, Folded)> = Folded::of(whole)
        .map(|f| (String::new(), f))
        .into_iter()
        .collect();
    for member in members {
        let own = events
            .iter()
            .filter(|(_, m)| m.is_none() || m.as_ref() == Some(member))
            .map(|(e, _)| e);
        out.extend(Folded::of(own).map(|f| (member.clone(), f)));
    }
    out
}

/// Folds an occurrence's events again and stores its summaries (in the caller's transaction): the
/// deadline's as a whole, and each member's when its task is owed by the members of a unit.
pub fn refresh_progress(
    tx: &dyn Db,
    task_rid: i64,
    deadline: Option<&str>,
    period: Option<&str>,
) -> SqlResult<()> {
    let (events, members) = occurrence_events(tx, task_rid, deadline, period)?;
    tx.exec(
        "DELETE FROM progress WHERE task_rid = ?1 AND deadline_key = coalesce(?2, '') AND period = coalesce(?3, '')", &params![task_rid, deadline, period])?;
    for (member, f) in summaries(&events, &members) {
        tx.exec("INSERT INTO progress (task_rid, deadline_key, period, member, done_on, evidence, percent, note, blocked,
                                   first_on, last_on)
             VALUES (?1, coalesce(?2, ''), coalesce(?3, ''), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)", &params![
            task_rid, deadline, period, member, f.done_on, f.evidence, f.percent, f.note, f.blocked,
            f.first_on, f.last_on
        ])?;
    }
    Ok(())
}

/// A summary as the `progress` table holds it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Folded {
    done_on: Option<String>,
    evidence: Option<String>,
    percent: Option<i64>,
    note: Option<String>,
    blocked: bool,
    first_on: String,
    last_on: String,
}

impl Folded {
    /// Folds one set of events; nothing when no event of the work counts. A retraction counts whatever its
    /// own date; the summary is valid from the latest other event on, and before the first there is nothing.
    fn of<'e>(events: impl Iterator<Item = &'e Event> + Clone) -> Option<Folded> {
        let dates = || {
            events
                .clone()
                .filter(|e| e.kind != EventKind::Retract)
                .map(|e| e.on)
        };
        let (first_on, last_on) = (dates().min()?, dates().max()?);
        let p = Progress::fold(events, NaiveDate::MAX);
        Some(Folded {
            done_on: p.done_on.map(crate::date::format_iso),
            evidence: p.evidence,
            percent: p.percent.map(i64::from),
            note: p.note,
            blocked: p.blocked,
            first_on: crate::date::format_iso(first_on),
            last_on: crate::date::format_iso(last_on),
        })
    }
}

/// The summaries that do not follow from the events (a row forged, edited or left behind, or one missing):
/// each as "PLAN/TASK deadline period member".
pub fn unfounded_summaries(conn: &dyn Db) -> SqlResult<Vec<String>> {
    type Key = (i64, String, String, String);
    let mut kept: std::collections::HashMap<Key, Folded> = std::collections::HashMap::new();
    {
        let st = "SELECT task_rid, deadline_key, period, member, done_on, evidence, percent, note, blocked, first_on, last_on
             FROM progress";
        conn.each(st, &[], &mut |r| {
            let key = (r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?);
            let f = Folded {
                done_on: r.get(4)?,
                evidence: r.get(5)?,
                percent: r.get(6)?,
                note: r.get(7)?,
                blocked: r.get(8)?,
                first_on: r.get(9)?,
                last_on: r.get(10)?,
            };
            kept.insert(key, f);
            Ok(true)
        })?;
    }
    let occurrences: Vec<(i64, Option<String>, Option<String>)> = {
        let st = "SELECT DISTINCT task_rid, deadline_key, period FROM events";
        conn.rows(st, &[], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
    };
    let mut wrong: Vec<Key> = Vec::new();
    for (rid, deadline, period) in occurrences {
        let (events, members) =
            match occurrence_events(conn, rid, deadline.as_deref(), period.as_deref()) {
                Ok(found) => found,
                // An event that cannot be read (a value plan never writes, which `check` reports) cannot be
                // folded: its occurrence's summaries cannot be trusted either.
                Err(SqlError {
                    kind: super::BackendKind::Tampered,
                    ..
                }) => {
                    let key = (
                        rid,
                        deadline.clone().unwrap_or_default(),
                        period.clone().unwrap_or_default(),
                        String::new(),
                    );
                    kept.retain(|k, _| (k.0, &k.1, &k.2) != (key.0, &key.1, &key.2));
                    wrong.push(key);
                    continue;
                }
                Err(e) => return Err(e),
            };
        for (member, f) in summaries(&events, &members) {
            let key = (
                rid,
                deadline.clone().unwrap_or_default(),
                period.clone().unwrap_or_default(),
                member,
            );
            if kept.remove(&key).as_ref() != Some(&f) {
                wrong.push(key);
            }
        }
    }
    wrong.extend(kept.into_keys());
    wrong.sort();
    wrong.dedup();
    let mut named = Vec::with_capacity(wrong.len());
    for (rid, deadline, period, member) in wrong {
        let task: Option<String> = conn.opt_row(
            "SELECT plan_id || '/' || id FROM tasks WHERE rid = ?1",
            &params![rid],
            |r| r.get(0),
        )?;
        let task = task.unwrap_or_else(|| format!("task #{rid}"));
        let rest: Vec<&str> = [deadline.as_str(), period.as_str(), member.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect();
        named.push(format!("{task} {}", rest.join(" ")).trim_end().to_string());
    }
    Ok(named)
}

/// Refolds the summaries of every occurrence of a task that has events: after its members changed.
pub fn refresh_task(tx: &dyn Db, task_rid: i64) -> SqlResult<()> {
    let keys: Vec<(Option<String>, Option<String>)> = {
        let st = "SELECT DISTINCT deadline_key, period FROM events WHERE task_rid = ?1";
        tx.rows(st, &params![task_rid], |r| Ok((r.get(0)?, r.get(1)?)))?
    };
    for (key, period) in keys {
        refresh_progress(tx, task_rid, key.as_deref(), period.as_deref())?;
    }
    Ok(())
}

/// Whether the summaries were folded by today's rule.
pub fn cache_is_current(conn: &dyn Db) -> SqlResult<bool> {
    let version: Option<String> = conn.opt_row(
        "SELECT value FROM meta WHERE key = 'progress_cache'",
        &[],
        |r| r.get(0),
    )?;
    Ok(version.as_deref() == Some(CACHE_VERSION))
}

/// Refolds every summary with today's rule (in the caller's transaction).
pub fn rebuild_cache(tx: &dyn Db) -> SqlResult<()> {
    tx.exec("DELETE FROM progress", &[])?;
    let tasks: Vec<i64> = {
        let st = "SELECT DISTINCT task_rid FROM events";
        tx.rows(st, &[], |r| r.get(0))?
    };
    for rid in tasks {
        refresh_task(tx, rid)?;
    }
    tx.exec(
        "INSERT INTO meta (key, value) VALUES ('progress_cache', ?1)
         ON CONFLICT (key) DO UPDATE SET value = ?1",
        &params![CACHE_VERSION],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32, month: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, month, day).unwrap()
    }

    #[test]
    fn a_summary_answers_after_its_last_event_and_before_its_first() {
        let done = Progress {
            done_on: Some(d(10, 4)),
            ..Progress::default()
        };
        let s = Summary {
            progress: done.clone(),
            first_on: d(1, 4),
            last_on: d(20, 4),
        };
        assert_eq!(s.as_of(d(20, 4)), Some(done.clone()));
        assert_eq!(s.as_of(d(31, 12)), Some(done));
        assert_eq!(s.as_of(d(31, 3)), Some(Progress::default()));
        // In between, only the events can say.
        assert_eq!(s.as_of(d(1, 4)), None);
        assert_eq!(s.as_of(d(19, 4)), None);
    }
}
