//! The events a plan counts deadlines from, and the dates recorded for them: written with the plan, appended
//! by `record --event`, and turned into the occurrences of the plan's counted deadlines (one version for
//! each date the event was known by) whenever a date, the plan or the calendar changes.

use super::columns::{date_col, opt_date_col, terms_col};
use super::sql::{Db, SqlError, SqlResult, params};
use super::{Refusal, Result, Store};
use crate::calendar::WorkCalendar;
use crate::date::format_iso;
use crate::domain::reckoning::{Terms, date_on, known_dates};
use crate::domain::{Dated, Deadline, EventDate, Plan, PlanEvent, Rule, Schedule};
use chrono::NaiveDate;

/// A date to record for an event.
#[derive(Debug, Clone)]
pub struct NewEventDate {
    /// The plan.
    pub plan: String,
    /// The event's id in the plan.
    pub event: String,
    /// The event's date.
    pub on: NaiveDate,
    /// The first day the date was known.
    pub since: NaiveDate,
    /// The document that proves it.
    pub evidence: Option<String>,
    /// A remark.
    pub note: Option<String>,
    /// When it is recorded (RFC 3339).
    pub recorded_at: String,
    /// Who records it (the server says so itself on PostgreSQL).
    pub recorded_by: Option<String>,
    /// The record it cancels (a date recorded by mistake), for a retraction.
    pub retracts: Option<i64>,
}

/// A recorded date of an event, as the history shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDateRow {
    /// Its number.
    pub id: i64,
    /// The plan.
    pub plan: String,
    /// The event's id.
    pub event: String,
    /// The event's name.
    pub name: String,
    /// The event's date.
    pub on: NaiveDate,
    /// Known from this day.
    pub since: NaiveDate,
    /// The document that proves it.
    pub evidence: Option<String>,
    /// A remark.
    pub note: Option<String>,
    /// When it was recorded.
    pub recorded_at: String,
    /// Who recorded it, when the store knows.
    pub recorded_by: Option<String>,
    /// The record it cancels, for a retraction.
    pub retracts: Option<i64>,
    /// The record that cancels it, when retracted.
    pub retracted_by: Option<i64>,
}

/// An event with the date it has on a day.
#[derive(Debug, Clone, PartialEq)]
pub struct EventOn {
    /// The event as the plan declares it.
    pub event: PlanEvent,
    /// Its date on the day (none: not known yet).
    pub on: Option<NaiveDate>,
    /// The record that set it (none: the plan file's date, or no date).
    pub record: Option<i64>,
}

/// Writes a plan's events (in the load's transaction).
pub(super) fn write_plan_events(conn: &dyn Db, plan: &Plan) -> SqlResult<()> {
    conn.exec(
        "DELETE FROM plan_events WHERE plan_id = ?1",
        &params![plan.id],
    )?;
    for (e, seq) in plan.events.iter().zip(0_i64..) {
        conn.exec(
            "INSERT INTO plan_events (plan_id, id, seq, name, date) VALUES (?1, ?2, ?3, ?4, ?5)",
            &params![plan.id, e.id, seq, e.name, e.date.map(format_iso)],
        )?;
    }
    Ok(())
}

/// The calendar the store counts by: the statute's, corrected by the registry's official schedules.
pub(super) fn calendar(conn: &dyn Db) -> SqlResult<WorkCalendar> {
    Ok(WorkCalendar::new(calendar_days(conn)?))
}

/// The days of the official schedules of every registry file, in date order.
pub(super) fn calendar_days(conn: &dyn Db) -> SqlResult<Vec<crate::domain::CalendarDay>> {
    let files: Vec<String> = conn.rows(
        "SELECT calendar FROM registry_files WHERE calendar IS NOT NULL ORDER BY file",
        &[],
        |r| r.get(0),
    )?;
    let mut days = Vec::new();
    for json in files {
        let parsed: Vec<crate::domain::CalendarDay> =
            serde_json::from_str(&json).map_err(|e| SqlError::tampered(0, e))?;
        days.extend(parsed);
    }
    days.sort_by_key(|d| d.date);
    Ok(days)
}

fn plan_events(conn: &dyn Db, plan: &str) -> SqlResult<Vec<PlanEvent>> {
    conn.rows(
        "SELECT id, name, date FROM plan_events WHERE plan_id = ?1 ORDER BY seq",
        &params![plan],
        |r| {
            Ok(PlanEvent {
                id: r.get(0)?,
                name: r.get(1)?,
                date: opt_date_col(r, 2)?,
            })
        },
    )
}

/// The dates recorded for an event that count: retractions, and the records they cancel, do not.
fn recorded(conn: &dyn Db, plan: &str, event: &str) -> SqlResult<Vec<EventDate>> {
    conn.rows(
        "SELECT id, on_date, since, evidence FROM event_dates x WHERE plan_id = ?1 AND event_id = ?2
           AND retracts IS NULL
           AND NOT EXISTS (SELECT 1 FROM event_dates r WHERE r.retracts = x.id)
         ORDER BY since, id",
        &params![plan, event],
        |r| {
            Ok(EventDate {
                id: r.get(0)?,
                on: date_col(r, 1)?,
                since: date_col(r, 2)?,
                evidence: r.get(3)?,
            })
        },
    )
}

/// Why record `n` cannot be retracted by `new`, if it cannot: it must be a date of the same event, not a
/// retraction, and not retracted already.
fn retractable(conn: &dyn Db, new: &NewEventDate, n: i64) -> SqlResult<Option<Refusal>> {
    let target: Option<(String, String, Option<i64>)> = conn.opt_row(
        "SELECT plan_id, event_id, retracts FROM event_dates WHERE id = ?1",
        &params![n],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let already: bool = conn.value(
        "SELECT EXISTS (SELECT 1 FROM event_dates WHERE retracts = ?1)",
        &params![n],
    )?;
    Ok(match target {
        Some((plan, event, None)) if plan == new.plan && event == new.event && !already => None,
        Some((_, _, None)) if already => Some(Refusal::AlreadyRetracted(n)),
        Some((_, _, Some(_))) => Some(Refusal::RetractsARetraction(n)),
        Some(_) => Some(Refusal::DateOfAnotherEvent(n)),
        None => Some(Refusal::NoEventDate(n)),
    })
}

/// The recorded dates that name an event the store does not hold, or hold no date: each one a problem.
pub(super) fn orphans(conn: &dyn Db) -> SqlResult<Vec<super::Problem>> {
    let mut out = Vec::new();
    let st = "SELECT x.id, x.on_date, x.since,
                     EXISTS (SELECT 1 FROM plan_events e WHERE e.plan_id = x.plan_id AND e.id = x.event_id)
              FROM event_dates x ORDER BY x.id";
    conn.each(st, &[], &mut |r| {
        let dated = [1, 2].iter().all(|&i| {
            r.get::<_, String>(i)
                .ok()
                .and_then(|t| crate::date::parse_iso(&t))
                .is_some()
        });
        if !dated || !r.get::<_, bool>(3)? {
            out.push(super::Problem::DateOrphan(r.get(0)?));
        }
        Ok(true)
    })?;
    Ok(out)
}

/// The events of a plan that have recorded dates still counting, which a new revision must keep.
pub(super) fn dated_events(conn: &dyn Db, plan: &str) -> SqlResult<Vec<String>> {
    conn.rows(
        "SELECT DISTINCT event_id FROM event_dates x WHERE plan_id = ?1 AND retracts IS NULL
           AND NOT EXISTS (SELECT 1 FROM event_dates r WHERE r.retracts = x.id) ORDER BY event_id",
        &params![plan],
        |r| r.get(0),
    )
}

/// Writes the occurrences of a plan's counted deadlines again from its events' dates and the calendar.
pub(super) fn redate(conn: &dyn Db, plan: &str) -> SqlResult<()> {
    let counted: Vec<(i64, String, String, Option<Terms>)> = conn.rows(
        "SELECT d.rid, d.key, d.wording, d.reckoning FROM deadlines d JOIN tasks t ON t.rid = d.task_rid
         WHERE t.plan_id = ?1 AND d.reckoning IS NOT NULL AND NOT d.withdrawn",
        &params![plan],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, terms_col(r, 3)?)),
    )?;
    if counted.is_empty() {
        return Ok(());
    }
    let cal = calendar(conn)?;
    let events = plan_events(conn, plan)?;
    for (rid, key, wording, terms) in counted {
        let Some(terms) = terms else { continue };
        let planned = events
            .iter()
            .find(|e| e.id == terms.reckoning.event)
            .and_then(|e| e.date);
        let records = recorded(conn, plan, &terms.reckoning.event)?;
        let mut dated: Vec<Dated> = Vec::new();
        for k in known_dates(planned, &records) {
            // A deadline already past under the date known before keeps it: it was due then.
            let past = |prev: &Dated| {
                let last = match terms.rule {
                    Rule::Before => prev.due.pred_opt().unwrap_or(prev.due),
                    Rule::By => prev.due,
                };
                k.since.is_some_and(|s| last < s)
            };
            if dated.last().is_some_and(past) {
                continue;
            }
            dated.push(Dated {
                since: k.since,
                event_on: k.on,
                due: terms.reckoning.due(k.on, &cal),
            });
        }
        let d = Deadline::new(
            key,
            wording,
            Schedule::Counted {
                reckoning: terms.reckoning,
                rule: terms.rule,
                written: terms.written,
                dated,
            },
        );
        super::load::write_occurrences(conn, rid, &d)?;
    }
    Ok(())
}

impl Store {
    /// The events a loaded plan declares.
    pub fn plan_events(&self, plan: &str) -> Result<Vec<PlanEvent>> {
        plan_events(self.db(), plan).map_err(self.sql())
    }

    /// Every date recorded for the events of a plan (or of every plan), in the order recorded.
    pub fn event_dates(&self, plan: Option<&str>) -> Result<Vec<EventDateRow>> {
        let st = "SELECT x.id, x.event_id, coalesce(e.name, x.event_id), x.on_date, x.since, x.evidence, x.note,
                         x.recorded_at, x.recorded_by, x.plan_id, x.retracts,
                         (SELECT min(r.id) FROM event_dates r WHERE r.retracts = x.id)
                  FROM event_dates x LEFT JOIN plan_events e ON e.plan_id = x.plan_id AND e.id = x.event_id
                  WHERE CAST(?1 AS TEXT) IS NULL OR x.plan_id = ?1 ORDER BY x.id";
        self.db()
            .rows(st, &params![plan], |r| {
                Ok(EventDateRow {
                    id: r.get(0)?,
                    event: r.get(1)?,
                    name: r.get(2)?,
                    on: date_col(r, 3)?,
                    since: date_col(r, 4)?,
                    evidence: r.get(5)?,
                    note: r.get(6)?,
                    recorded_at: r.get(7)?,
                    recorded_by: r.get(8)?,
                    plan: r.get(9)?,
                    retracts: r.get(10)?,
                    retracted_by: r.get(11)?,
                })
            })
            .map_err(self.sql())
    }

    /// Records a date of an event (or, with `retracts`, cancels an earlier record of it) in one
    /// transaction, chains it, and counts the plan's deadlines from the event again.
    pub fn record_event_date(&mut self, new: NewEventDate) -> Result<i64> {
        self.write(|db| {
            let refused = |r| Err(super::StoreError::Refused(r));
            let known: bool = db
                .value(
                    "SELECT EXISTS (SELECT 1 FROM plan_events WHERE plan_id = ?1 AND id = ?2)",
                    &params![new.plan, new.event],
                )
                .map_err(self.sql())?;
            if !known {
                return refused(Refusal::NoPlanEvent(new.plan.clone(), new.event.clone()));
            }
            if let Some(n) = new.retracts
                && let Some(why) = retractable(db, &new, n).map_err(self.sql())?
            {
                return refused(why);
            }
            let id: i64 = db
                .value(
                    "INSERT INTO event_dates (plan_id, event_id, on_date, since, evidence, note, recorded_at, recorded_by,
                                              retracts)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                    &params![
                        new.plan,
                        new.event,
                        format_iso(new.on),
                        format_iso(new.since),
                        new.evidence,
                        new.note,
                        new.recorded_at,
                        new.recorded_by,
                        new.retracts
                    ],
                )
                .map_err(self.sql())?;
            super::chain::append(db, &super::chain::EVENT_DATES, id).map_err(self.sql())?;
            redate(db, &new.plan).map_err(self.sql())?;
            Ok(id)
        })
    }

    /// Each of a plan's events with the date it has on a day.
    pub fn event_dates_on(&self, plan: &str, day: NaiveDate) -> Result<Vec<EventOn>> {
        let events = self.plan_events(plan)?;
        let mut out = Vec::new();
        for event in events {
            let records = recorded(self.db(), plan, &event.id).map_err(self.sql())?;
            let known = date_on(&known_dates(event.date, &records), day);
            out.push(EventOn {
                event,
                on: known.map(|k| k.on),
                record: known.and_then(|k| k.record),
            });
        }
        Ok(out)
    }
}
