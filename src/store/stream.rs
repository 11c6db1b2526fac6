//! Status rows streamed from one query, and the per-occurrence progress summary that keeps that query cheap.
//!
//! Every occurrence's progress is folded from its events when an event is appended and kept in the
//! `progress` table, with the date of its latest event. A status query as of a date on or after that date
//! (today's question) reads the summary; an older as-of date re-folds that occurrence's events. So `status`,
//! `overdue` and `export` read each row once, in one pass, whatever the size of the store.

use super::query::{date_col, opt_date_col};
use super::{Result, Store, StoreError};
use crate::domain::{Event, EventKind, Occurrence, Period, Progress, Rule};
use chrono::NaiveDate;
use rusqlite::{Row, Transaction, params};

/// What to stream.
#[derive(Debug, Clone, Default)]
pub struct StatusQuery<'a> {
    /// Only this plan.
    pub plan: Option<&'a str>,
    /// Only this task (row id).
    pub task: Option<i64>,
    /// Only tasks led or supported by one of these (plan, unit) pairs.
    pub units: Option<&'a [(String, String)]>,
    /// Only occurrences whose last allowed day is before this date and that may be open on it, oldest first.
    pub overdue_on: Option<NaiveDate>,
    /// In no particular order: the caller stops at the first row it wants.
    pub first_only: bool,
}

/// One occurrence (or ongoing task) with its stored progress.
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
    /// Deadline key.
    pub deadline: Option<String>,
    /// Deadline wording.
    pub wording: Option<String>,
    /// The occurrence.
    pub occurrence: Option<Occurrence>,
    /// Task or deadline withdrawn.
    pub withdrawn: bool,
    /// The progress folded from all its events, if it has any.
    pub stored: Option<Summary>,
}

/// The progress of an occurrence folded from all its events, and the span of their dates (retractions aside).
#[derive(Debug, Clone)]
pub struct Summary {
    /// The progress.
    pub progress: Progress,
    /// The date of the first event; unknown for summaries older than the column.
    pub first_on: Option<NaiveDate>,
    /// The date of the last event.
    pub last_on: NaiveDate,
}

impl Summary {
    /// The progress as of a date, when the summary answers without the events: on or after the last event,
    /// all of it; before the first, nothing yet.
    pub fn as_of(&self, date: NaiveDate) -> Option<Progress> {
        if self.last_on <= date {
            Some(self.progress.clone())
        } else if self.first_on.is_some_and(|first| date < first) {
            Some(Progress::default())
        } else {
            None
        }
    }
}

const UNIT_SEP: char = '\u{1f}';

fn split(list: Option<String>) -> Vec<String> {
    list.map(|l| l.split(UNIT_SEP).map(str::to_string).collect())
        .unwrap_or_default()
}

const STATUS_SELECT: &str = "
SELECT t.rid, t.plan_id, t.id, t.title, t.withdrawn OR coalesce(d.withdrawn, 0),
       d.key, d.wording, o.period, o.due, o.rule, o.assumed,
       (SELECT group_concat(tu.unit_id, char(31) ORDER BY tu.seq) FROM task_units tu
         WHERE tu.task_rid = t.rid AND tu.role = 'lead'),
       p.done_on, p.evidence, p.percent, p.note, p.blocked, p.last_on, d.seq, p.first_on,
       (SELECT group_concat(u.name, char(31) ORDER BY tu.seq) FROM task_units tu
          JOIN units u ON u.plan_id = t.plan_id AND u.id = tu.unit_id
         WHERE tu.task_rid = t.rid AND tu.role = 'lead')
FROM tasks t
LEFT JOIN deadlines d ON d.task_rid = t.rid
LEFT JOIN occurrences o ON o.deadline_rid = d.rid
LEFT JOIN progress p ON p.task_rid = t.rid AND p.deadline_key = coalesce(d.key, '') AND p.period = coalesce(o.period, '')
WHERE 1";

/// The part of the overdue condition that does not name the date index: live, and open or re-folded as of
/// an earlier date.
const OVERDUE_OPEN: &str =
    " AND NOT t.withdrawn AND NOT d.withdrawn AND (p.done_on IS NULL OR p.last_on > ?4)";

/// The query for a set of filters. Only the filters given are written into it, so that SQLite can use the
/// indexes they name (a `?1 IS NULL OR ...` condition would make it scan every task).
fn status_sql(q: &StatusQuery<'_>) -> String {
    let mut sql = String::from(STATUS_SELECT);
    if q.plan.is_some() {
        sql.push_str(" AND t.plan_id = ?1");
    }
    if q.task.is_some() {
        sql.push_str(" AND t.rid = ?2");
    }
    if q.units.is_some() {
        sql.push_str(
            " AND EXISTS (SELECT 1 FROM task_units tu, json_each(?3) j WHERE tu.task_rid = t.rid
               AND tu.role IN ('lead', 'support') AND j.value = t.plan_id || char(31) || tu.unit_id)",
        );
    }
    match q.overdue_on {
        Some(_) if q.first_only => {
            // Only the first row found matters (the exit code of `overdue --quiet`): walk the last-day index
            // from the oldest, which usually meets an open occurrence within a few rows.
            sql.push_str(" AND o.last_day < ?4");
            sql.push_str(OVERDUE_OPEN);
        }
        Some(_) => {
            // The whole list, oldest first. The `+` keeps SQLite off the last-day index: following it visits
            // occurrences, deadlines and tasks in date order, one random page read per row, while a scan in
            // table order reads each page once and sorts the few rows kept (measured at 100,000 tasks:
            // 450 ms by the index, 175 ms by the scan).
            sql.push_str(" AND +o.last_day < ?4");
            sql.push_str(OVERDUE_OPEN);
            sql.push_str(" ORDER BY +o.last_day, t.plan_id, t.seq");
        }
        // Task order is the index's; the few rows of each task are put in deadline order in Rust, which
        // spares SQLite a sort per task (a sixth of its time for an export of 100,000 tasks).
        None => sql.push_str(" ORDER BY t.plan_id, t.seq, t.rid"),
    }
    sql
}

impl Store {
    /// Calls `f` with each status row in order (by plan, task and due date; with `overdue_on`, oldest first)
    /// until it returns `false`.
    pub fn each_status_row<E: From<StoreError>>(
        &self,
        q: &StatusQuery<'_>,
        mut f: impl FnMut(StatusRow) -> std::result::Result<bool, E>,
    ) -> std::result::Result<(), E> {
        let units = q.units.map(|u| {
            let keys: Vec<String> = u
                .iter()
                .map(|(p, id)| format!("{p}{UNIT_SEP}{id}"))
                .collect();
            serde_json::to_string(&keys).expect("strings serialise")
        });
        let overdue = q.overdue_on.map(crate::date::format_iso);
        let mut st = self
            .conn
            .prepare_cached(&status_sql(q))
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
            Ok(())
        };
        bind(&mut st).map_err(self.sql())?;
        let mut rows = st.raw_query();
        let by_task = q.overdue_on.is_none();
        let mut pending: Vec<(Option<i64>, StatusRow)> = Vec::new();
        while let Some(r) = rows.next().map_err(self.sql())? {
            let deadline_seq: Option<i64> = r.get(18).map_err(self.sql())?;
            let row = read_row(r).map_err(self.sql())?;
            let next = pending
                .last()
                .is_some_and(|(_, p)| !by_task || p.task_rid != row.task_rid);
            if next && !hand_over(&mut pending, &mut f)? {
                return Ok(());
            }
            pending.push((deadline_seq, row));
        }
        hand_over(&mut pending, &mut f)?;
        Ok(())
    }

    /// The events of one occurrence, in history order, to fold as of an earlier date than the summary's.
    pub fn events_of(
        &self,
        task_rid: i64,
        deadline: Option<&str>,
        period: Option<&str>,
    ) -> Result<Vec<Event>> {
        let mut st = self
            .conn
            .prepare_cached(
                "SELECT id, kind, on_date, progress, note, evidence, retracts FROM events
                 WHERE task_rid = ?1 AND coalesce(deadline_key, '') = coalesce(?2, '') AND coalesce(period, '') = coalesce(?3, '')
                 ORDER BY on_date, id",
            )
            .map_err(self.sql())?;
        st.query_map(params![task_rid, deadline, period], event_from_row)
            .and_then(|rows| rows.collect())
            .map_err(self.sql())
    }
}

fn event_from_row(r: &Row<'_>) -> rusqlite::Result<Event> {
    let kind: String = r.get(1)?;
    Ok(Event {
        id: r.get(0)?,
        kind: EventKind::parse(&kind).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(1, rusqlite::types::Type::Text, kind.into())
        })?,
        on: date_col(r, 2)?,
        progress: r.get(3)?,
        note: r.get(4)?,
        evidence: r.get(5)?,
        retracts: r.get(6)?,
    })
}

/// Gives `f` the rows of one task in deadline order; `false` when `f` wants no more.
fn hand_over<E>(
    pending: &mut Vec<(Option<i64>, StatusRow)>,
    f: &mut impl FnMut(StatusRow) -> std::result::Result<bool, E>,
) -> std::result::Result<bool, E> {
    pending.sort_by_key(|(seq, row)| (*seq, row.occurrence.as_ref().map(|o| o.due)));
    for (_, row) in pending.drain(..) {
        if !f(row)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn read_row(r: &Row<'_>) -> rusqlite::Result<StatusRow> {
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
    let stored = match opt_date_col(r, 17)? {
        Some(last_on) => Some(Summary {
            progress: Progress {
                done_on: opt_date_col(r, 12)?,
                evidence: r.get(13)?,
                percent: r.get(14)?,
                note: r.get(15)?,
                blocked: r.get(16)?,
            },
            first_on: opt_date_col(r, 19)?,
            last_on,
        }),
        None => None,
    };
    Ok(StatusRow {
        task_rid: r.get(0)?,
        plan: r.get(1)?,
        task: r.get(2)?,
        title: r.get(3)?,
        withdrawn: r.get(4)?,
        deadline: r.get(5)?,
        wording: r.get(6)?,
        occurrence,
        lead_ids: split(r.get(11)?),
        lead_names: split(r.get(20)?),
        stored,
    })
}

/// Folds an occurrence's events again and stores the summary (in the caller's transaction).
pub fn refresh_progress(
    tx: &Transaction<'_>,
    task_rid: i64,
    deadline: Option<&str>,
    period: Option<&str>,
) -> rusqlite::Result<()> {
    let mut st = tx.prepare_cached(
        "SELECT id, kind, on_date, progress, note, evidence, retracts FROM events
         WHERE task_rid = ?1 AND coalesce(deadline_key, '') = coalesce(?2, '') AND coalesce(period, '') = coalesce(?3, '')
         ORDER BY on_date, id",
    )?;
    let events: Vec<Event> = st
        .query_map(params![task_rid, deadline, period], event_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    // A retraction counts whatever its own date; the summary is valid from the latest other event on, and
    // before the first there is nothing.
    let dates = || {
        events
            .iter()
            .filter(|e| e.kind != EventKind::Retract)
            .map(|e| e.on)
    };
    let (Some(first_on), Some(last_on)) = (dates().min(), dates().max()) else {
        tx.execute(
            "DELETE FROM progress WHERE task_rid = ?1 AND deadline_key = coalesce(?2, '') AND period = coalesce(?3, '')",
            params![task_rid, deadline, period],
        )?;
        return Ok(());
    };
    let p = Progress::fold(&events, NaiveDate::MAX);
    tx.execute(
        "INSERT INTO progress (task_rid, deadline_key, period, done_on, evidence, percent, note, blocked, last_on, first_on)
         VALUES (?1, coalesce(?2, ''), coalesce(?3, ''), ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT (task_rid, deadline_key, period) DO UPDATE SET
           done_on = ?4, evidence = ?5, percent = ?6, note = ?7, blocked = ?8, last_on = ?9, first_on = ?10",
        params![
            task_rid,
            deadline,
            period,
            p.done_on.map(crate::date::format_iso),
            p.evidence,
            p.percent,
            p.note,
            p.blocked,
            crate::date::format_iso(last_on),
            crate::date::format_iso(first_on)
        ],
    )?;
    Ok(())
}

/// Migration 4's data step: the progress summary of every occurrence that has events.
pub fn backfill_progress(tx: &Transaction<'_>) -> rusqlite::Result<()> {
    let keys: Vec<(i64, Option<String>, Option<String>)> = {
        let mut st = tx.prepare("SELECT DISTINCT task_rid, deadline_key, period FROM events")?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    for (rid, key, period) in keys {
        refresh_progress(tx, rid, key.as_deref(), period.as_deref())?;
    }
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
            first_on: Some(d(1, 4)),
            last_on: d(20, 4),
        };
        assert_eq!(s.as_of(d(20, 4)), Some(done.clone()));
        assert_eq!(s.as_of(d(31, 12)), Some(done));
        assert_eq!(s.as_of(d(31, 3)), Some(Progress::default()));
        // In between, only the events can say.
        assert_eq!(s.as_of(d(1, 4)), None);
        assert_eq!(s.as_of(d(19, 4)), None);
        let unknown_first = Summary {
            first_on: None,
            ..s
        };
        assert_eq!(unknown_first.as_of(d(31, 3)), None);
    }
}
