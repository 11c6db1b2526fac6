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
use super::{Result, Store, StoreError};
use crate::domain::{Event, EventKind, Occurrence, Period, Progress, Rule};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Row, params};

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
}

const UNIT_SEP: char = '\u{1f}';

fn split(list: Option<String>) -> Vec<String> {
    list.map(|l| l.split(UNIT_SEP).map(str::to_string).collect())
        .unwrap_or_default()
}

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

const STATUS_SELECT: &str = "
SELECT t.rid, t.plan_id, t.id, t.title, t.withdrawn OR coalesce(d.withdrawn, 0),
       d.key, d.wording, o.period, o.due, o.rule, o.assumed,
       (SELECT group_concat(tu.unit_id, char(31) ORDER BY tu.seq) FROM task_units tu
         WHERE tu.task_rid = t.rid AND tu.role = 'lead'),
       p.done_on, p.evidence, p.percent, p.note, p.blocked, p.last_on, d.seq, p.first_on,
       (SELECT group_concat(u.name, char(31) ORDER BY tu.seq) FROM task_units tu
          JOIN units u ON u.plan_id = t.plan_id AND u.id = tu.unit_id
         WHERE tu.task_rid = t.rid AND tu.role = 'lead'),
       d.rid, ";

/// The amendment columns: when the version in force took effect, and its document.
const AMENDED_COLUMNS: &str = "o.amended_on, o.amended_by, ";

/// The withdrawal columns: the earliest of the task's and the deadline's dates, and its document.
const WITHDRAWN_COLUMNS: &str =
    "coalesce(min(t.withdrawn_on, d.withdrawn_on), t.withdrawn_on, d.withdrawn_on),
       CASE WHEN d.withdrawn_on IS NULL OR t.withdrawn_on <= d.withdrawn_on THEN t.withdrawn_by
            ELSE d.withdrawn_by END, ";

const MEMBER_COLUMNS: &str = "m.member_id, m.seq, mu.name, nullif(d.history_key, d.key)
FROM tasks t
LEFT JOIN deadlines d ON d.task_rid = t.rid
LEFT JOIN occurrences o ON o.deadline_rid = d.rid
LEFT JOIN task_members m ON m.task_rid = t.rid AND d.rid IS NOT NULL
LEFT JOIN units mu ON mu.plan_id = t.plan_id AND mu.id = m.member_id
LEFT JOIN progress p ON p.task_rid = t.rid AND p.deadline_key = coalesce(d.history_key, '')
      AND p.period = coalesce(o.period, '') AND p.member = coalesce(m.member_id, '')
WHERE 1";

const NO_MEMBER_COLUMNS: &str = "NULL, NULL, NULL, nullif(d.history_key, d.key)
FROM tasks t
LEFT JOIN deadlines d ON d.task_rid = t.rid
LEFT JOIN occurrences o ON o.deadline_rid = d.rid
LEFT JOIN progress p ON p.task_rid = t.rid AND p.deadline_key = coalesce(d.history_key, '')
      AND p.period = coalesce(o.period, '') AND p.member = ''
WHERE 1";

/// The part of the overdue condition that does not name the date index: live on the date, and open or
/// re-folded as of an earlier date. Every member's row is read, so that a row can say how many are done.
const OVERDUE_OPEN: &str =
    " AND NOT t.withdrawn AND NOT d.withdrawn AND (p.done_on IS NULL OR p.last_on > ?4";
const OVERDUE_MEMBERS: &str = " OR m.member_id IS NOT NULL";
const OVERDUE_WITHDRAWN: &str =
    " AND coalesce(t.withdrawn_on, '9999') > ?4 AND coalesce(d.withdrawn_on, '9999') > ?4";

/// The units filters: (plan, unit) keys in a JSON array.
const UNITS_FILTER: &str =
    " AND (EXISTS (SELECT 1 FROM task_units tu, json_each(?3) j WHERE tu.task_rid = t.rid
        AND tu.role IN ('lead', 'support') AND j.value = t.plan_id || char(31) || tu.unit_id)
     OR EXISTS (SELECT 1 FROM task_members tm, json_each(?3) j WHERE tm.task_rid = t.rid
        AND j.value = t.plan_id || char(31) || tm.member_id))";
const TO_FILTER: &str =
    " AND EXISTS (SELECT 1 FROM task_units tu, json_each(?5) j WHERE tu.task_rid = t.rid
        AND tu.role = 'report_to' AND j.value = t.plan_id || char(31) || tu.unit_id)";

/// The query for a set of filters. Only the filters given are written into it, so that SQLite can use the
/// indexes they name (a `?1 IS NULL OR ...` condition would make it scan every task).
fn status_sql(q: &StatusQuery<'_>, f: Features) -> String {
    let mut sql = String::from(STATUS_SELECT);
    sql.push_str(if f.amendments {
        AMENDED_COLUMNS
    } else {
        "NULL, NULL, "
    });
    sql.push_str(if f.withdrawals {
        WITHDRAWN_COLUMNS
    } else {
        "NULL, NULL, "
    });
    sql.push_str(if f.members {
        MEMBER_COLUMNS
    } else {
        NO_MEMBER_COLUMNS
    });
    let overdue_open = [
        OVERDUE_OPEN,
        if f.members { OVERDUE_MEMBERS } else { "" },
        ")",
        if f.withdrawals { OVERDUE_WITHDRAWN } else { "" },
    ]
    .concat();
    if q.plan.is_some() {
        sql.push_str(" AND t.plan_id = ?1");
    }
    if q.task.is_some() {
        sql.push_str(" AND t.rid = ?2");
    }
    if q.units.is_some() {
        sql.push_str(UNITS_FILTER);
    }
    if q.to.is_some() {
        sql.push_str(TO_FILTER);
    }
    match q.overdue_on {
        Some(_) if q.first_only => {
            // Only the first row found matters (the exit code of `overdue --quiet`): walk the last-day index
            // from the oldest, which usually meets an open occurrence within a few rows.
            sql.push_str(" AND o.earliest_last_day < ?4");
            sql.push_str(&overdue_open);
        }
        Some(_) => {
            // The whole list, oldest first. The `+` keeps SQLite off the last-day index: following it visits
            // occurrences, deadlines and tasks in date order, one random page read per row, while a scan in
            // table order reads each page once and sorts the few rows kept (measured at 100,000 tasks:
            // 450 ms by the index, 175 ms by the scan).
            sql.push_str(" AND +o.earliest_last_day < ?4");
            sql.push_str(&overdue_open);
            sql.push_str(" ORDER BY +o.earliest_last_day, t.plan_id, t.seq, d.seq");
            if f.members {
                sql.push_str(", m.seq");
            }
        }
        // Task order is the index's; the few rows of each task are put in deadline order in Rust, which
        // spares SQLite a sort per task (a sixth of its time for an export of 100,000 tasks).
        None => sql.push_str(" ORDER BY t.plan_id, t.seq, t.rid"),
    }
    sql
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
        let units = q.units.map(unit_keys);
        let to = q.to.map(unit_keys);
        let overdue = q.overdue_on.map(crate::date::format_iso);
        let features = self.features().map_err(self.sql())?;
        let mut st = self
            .conn
            .prepare_cached(&status_sql(q, features))
            .map_err(self.sql())?;
        // Only the parameters the query names are bound (see `status_sql`).
        let bind = |st: &mut rusqlite::CachedStatement<'_>| -> rusqlite::Result<()> {
            if let Some(plan) = q.plan {
                st.raw_bind_parameter(1, plan)?;
            }
            if let Some(task) = q.task {
                st.raw_bind_parameter(2, task)?;
            }
            if let Some(units) = &units {
                st.raw_bind_parameter(3, units)?;
            }
            if let Some(date) = &overdue {
                st.raw_bind_parameter(4, date)?;
            }
            if let Some(to) = &to {
                st.raw_bind_parameter(5, to)?;
            }
            Ok(())
        };
        bind(&mut st).map_err(self.sql())?;
        let mut rows = st.raw_query();
        let by_task = q.overdue_on.is_none();
        let mut pending: Vec<StatusRow> = Vec::new();
        while let Some(r) = rows.next().map_err(self.sql())? {
            let row = read_row(r, features).map_err(self.sql())?;
            let next = pending
                .last()
                .is_some_and(|p| !by_task || p.task_rid != row.task_rid);
            if next && !hand_over(&mut pending, by_task, &mut f)? {
                return Ok(());
            }
            pending.push(row);
        }
        hand_over(&mut pending, by_task, &mut f)?;
        Ok(())
    }

    /// What the store holds beyond plain deadlines (each answered by a partial index, at once).
    fn features(&self) -> rusqlite::Result<Features> {
        self.conn
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM task_members),
                        EXISTS (SELECT 1 FROM tasks WHERE withdrawn_on IS NOT NULL)
                        OR EXISTS (SELECT 1 FROM deadlines WHERE withdrawn_on IS NOT NULL),
                        EXISTS (SELECT 1 FROM occurrences WHERE amended_on IS NOT NULL)",
            )?
            .query_row([], |r| {
                Ok(Features {
                    members: r.get(0)?,
                    withdrawals: r.get(1)?,
                    amendments: r.get(2)?,
                })
            })
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
        let mut st = self
            .conn
            .prepare_cached(EVENTS_OF_OCCURRENCE)
            .map_err(self.sql())?;
        let events = st
            .query_map(params![task_rid, deadline, period], event_from_row)
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<(Event, Option<String>)>>>())
            .map_err(self.sql())?;
        Ok(events
            .into_iter()
            .filter(|(_, m)| m.is_none() || m.as_deref() == member)
            .map(|(e, _)| e)
            .collect())
    }

    /// Every dated version of an amended occurrence, oldest first.
    pub fn versions(&self, deadline_rid: i64, period: Option<&str>) -> Result<Vec<Version>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT effective_from, period, due, rule, assumed, amended_by FROM occurrence_versions
                 WHERE deadline_rid = ?1 AND period = coalesce(?2, '') ORDER BY effective_from",
            )
            .map_err(self.sql())?;
        st.query_map(params![deadline_rid, period], |r| {
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
            })
        })
        .and_then(|rows| rows.collect())
        .map_err(self.sql())
    }
}

const EVENTS_OF_OCCURRENCE: &str = "SELECT id, kind, on_date, progress, note, evidence, retracts, member
    FROM events
    WHERE task_rid = ?1 AND coalesce(deadline_key, '') = coalesce(?2, '') AND coalesce(period, '') = coalesce(?3, '')
    ORDER BY on_date, id";

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<(Event, Option<String>)> {
    let kind: String = r.get(1)?;
    let event = Event {
        id: r.get(0)?,
        kind: EventKind::parse(&kind).ok_or_else(|| {
            let what = format!("`{kind}` is not a kind of event");
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, what.into())
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
fn read_row(r: &Row<'_>, f: Features) -> rusqlite::Result<StatusRow> {
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
    Ok(StatusRow {
        task_rid: r.get(0)?,
        plan: r.get(1)?,
        task: r.get(2)?,
        title: r.get(3)?,
        withdrawn: r.get(4)?,
        deadline: r.get(5)?,
        renamed_from: r.get(29)?,
        wording: r.get(6)?,
        occurrence,
        lead_ids: split(r.get(11)?),
        lead_names: split(r.get(20)?),
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
    tx: &Connection,
    task_rid: i64,
    deadline: Option<&str>,
    period: Option<&str>,
) -> rusqlite::Result<(Recorded, Vec<String>)> {
    let events: Vec<(Event, Option<String>)> = {
        let mut st = tx.prepare_cached(EVENTS_OF_OCCURRENCE)?;
        st.query_map(params![task_rid, deadline, period], event_from_row)?
            .collect::<rusqlite::Result<_>>()?
    };
    let members: Vec<String> = match deadline {
        Some(_) => {
            let mut st = tx.prepare_cached(
                "SELECT member_id FROM task_members WHERE task_rid = ?1 ORDER BY seq",
            )?;
            st.query_map([task_rid], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
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
    tx: &Connection,
    task_rid: i64,
    deadline: Option<&str>,
    period: Option<&str>,
) -> rusqlite::Result<()> {
    let (events, members) = occurrence_events(tx, task_rid, deadline, period)?;
    tx.execute(
        "DELETE FROM progress WHERE task_rid = ?1 AND deadline_key = coalesce(?2, '') AND period = coalesce(?3, '')",
        params![task_rid, deadline, period],
    )?;
    for (member, f) in summaries(&events, &members) {
        tx.prepare_cached(
            "INSERT INTO progress (task_rid, deadline_key, period, member, done_on, evidence, percent, note, blocked,
                                   first_on, last_on)
             VALUES (?1, coalesce(?2, ''), coalesce(?3, ''), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )?
        .execute(params![
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
pub fn unfounded_summaries(conn: &Connection) -> rusqlite::Result<Vec<String>> {
    type Key = (i64, String, String, String);
    let mut kept: std::collections::HashMap<Key, Folded> = std::collections::HashMap::new();
    {
        let mut st = conn.prepare(
            "SELECT task_rid, deadline_key, period, member, done_on, evidence, percent, note, blocked, first_on, last_on
             FROM progress",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
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
        }
    }
    let occurrences: Vec<(i64, Option<String>, Option<String>)> = {
        let mut st = conn.prepare("SELECT DISTINCT task_rid, deadline_key, period FROM events")?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let mut wrong: Vec<Key> = Vec::new();
    for (rid, deadline, period) in occurrences {
        let (events, members) =
            match occurrence_events(conn, rid, deadline.as_deref(), period.as_deref()) {
                Ok(found) => found,
                // An event that cannot be read (a value plan never writes, which `check` reports) cannot be
                // folded: its occurrence's summaries cannot be trusted either.
                Err(
                    rusqlite::Error::FromSqlConversionFailure(..)
                    | rusqlite::Error::InvalidColumnType(..)
                    | rusqlite::Error::IntegralValueOutOfRange(..),
                ) => {
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
        let task: Option<String> = conn
            .query_row(
                "SELECT plan_id || '/' || id FROM tasks WHERE rid = ?1",
                [rid],
                |r| r.get(0),
            )
            .optional()?;
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
pub fn refresh_task(tx: &Connection, task_rid: i64) -> rusqlite::Result<()> {
    let keys: Vec<(Option<String>, Option<String>)> = {
        let mut st = tx.prepare_cached(
            "SELECT DISTINCT deadline_key, period FROM events WHERE task_rid = ?1",
        )?;
        st.query_map([task_rid], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (key, period) in keys {
        refresh_progress(tx, task_rid, key.as_deref(), period.as_deref())?;
    }
    Ok(())
}

/// Whether the summaries were folded by today's rule.
pub fn cache_is_current(conn: &rusqlite::Connection) -> rusqlite::Result<bool> {
    let version: Option<String> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'progress_cache'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    Ok(version.as_deref() == Some(CACHE_VERSION))
}

/// Refolds every summary with today's rule (in the caller's transaction).
pub fn rebuild_cache(tx: &Connection) -> rusqlite::Result<()> {
    tx.execute("DELETE FROM progress", [])?;
    let tasks: Vec<i64> = {
        let mut st = tx.prepare("SELECT DISTINCT task_rid FROM events")?;
        st.query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    for rid in tasks {
        refresh_task(tx, rid)?;
    }
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('progress_cache', ?1)
         ON CONFLICT (key) DO UPDATE SET value = ?1",
        [CACHE_VERSION],
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
