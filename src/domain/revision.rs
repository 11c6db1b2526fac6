//! What a new revision of a plan changes: in its terms (tasks added or removed, deadlines moved, renamed,
//! amended or withdrawn, units changed), kept with the revision; and in its results (a deadline whose state
//! on some past day is no longer what it was), which a load must list before it rewrites them.

use super::{
    Amendment, Event, Occurrence, Period, Plan, Progress, Rule, State, Version, Withdrawal,
    classify,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The terms of a plan that a revision can change, as the store compares them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shape {
    /// Its tasks in the file.
    pub tasks: Vec<TaskShape>,
    /// The members the plan lists for its units (unit id, member ids).
    pub members: Vec<(String, Vec<String>)>,
    /// Its events and the date the file gives each (its deadlines are counted from them).
    pub events: Vec<(String, Option<NaiveDate>)>,
}

/// One task's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct TaskShape {
    /// Task id.
    pub id: String,
    /// Withdrawn from a date by a document.
    pub withdrawn: Option<Withdrawal>,
    /// Lead, supporting and reported-to unit ids.
    pub units: [Vec<String>; 3],
    /// Its deadlines.
    pub deadlines: Vec<DeadlineShape>,
}

/// One deadline's terms.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadlineShape {
    /// Its key.
    pub key: String,
    /// The key it had before, when renamed.
    pub renamed_from: Option<String>,
    /// Withdrawn from a date by a document.
    pub withdrawn: Option<Withdrawal>,
    /// Its occurrences as first written.
    pub occurrences: Vec<Occurrence>,
    /// Its amendments.
    pub amendments: Vec<Amendment>,
    /// How it is counted from an event (`bau-cu -95d keep by`), when it is: its occurrence depends on the
    /// event's recorded dates, so its count is compared instead.
    pub count: Option<String>,
}

/// The role names of [`TaskShape::units`].
pub const ROLES: [&str; 3] = ["lead", "support", "report_to"];

impl Shape {
    /// The terms of a validated plan.
    pub fn of(plan: &Plan) -> Shape {
        Shape {
            events: plan.events.iter().map(|e| (e.id.clone(), e.date)).collect(),
            members: plan
                .units
                .iter()
                .filter(|u| !u.members.is_empty())
                .map(|u| (u.id.clone(), u.members.clone()))
                .collect(),
            tasks: plan
                .tasks
                .iter()
                .map(|t| TaskShape {
                    id: t.id.clone(),
                    withdrawn: t.withdrawn.clone(),
                    units: [t.lead.clone(), t.support.clone(), t.report_to.clone()],
                    deadlines: t
                        .deadlines
                        .iter()
                        .map(|d| DeadlineShape {
                            key: d.key.clone(),
                            renamed_from: d.renamed_from.clone(),
                            withdrawn: d.withdrawn.clone(),
                            occurrences: match d.schedule {
                                super::Schedule::Counted { .. } => Vec::new(),
                                _ => d.occurrences(),
                            },
                            amendments: d.amendments.clone(),
                            count: count_terms(&d.schedule),
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// A counted deadline's terms in one comparable line: event, offset, rest-day rule and rule.
pub fn count_terms(schedule: &super::Schedule) -> Option<String> {
    match schedule {
        super::Schedule::Counted {
            reckoning, rule, ..
        } => Some(count_line(reckoning, *rule)),
        _ => None,
    }
}

/// The comparable line of a count: `bau-cu -95d keep by`.
pub fn count_line(reckoning: &super::Reckoning, rule: Rule) -> String {
    format!(
        "{} {} {} {}",
        reckoning.event,
        reckoning.offset,
        reckoning.rest_day.as_str(),
        rule.as_str()
    )
}

/// One change a revision makes to a plan's terms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum Change {
    /// A new task.
    TaskAdded {
        /// Task id.
        task: String,
    },
    /// A task no longer in the file.
    TaskRemoved {
        /// Task id.
        task: String,
    },
    /// The members a unit of the plan lists.
    MembersChanged {
        /// Unit id.
        unit: String,
        /// Members before.
        from: Vec<String>,
        /// Members after.
        to: Vec<String>,
    },
    /// A withdrawal with a date taken back (or its date changed: a withdrawal follows).
    WithdrawalRemoved {
        /// Task id.
        task: String,
        /// Deadline key, when it was the deadline's.
        deadline: Option<String>,
        /// The day it took effect.
        on: NaiveDate,
    },
    /// A task withdrawn from a date by a document.
    TaskWithdrawn {
        /// Task id.
        task: String,
        /// From this day.
        on: NaiveDate,
        /// The document.
        by: String,
    },
    /// The units of a task in one role.
    UnitsChanged {
        /// Task id.
        task: String,
        /// `lead`, `support` or `report_to`.
        role: String,
        /// Unit ids before.
        from: Vec<String>,
        /// Unit ids after.
        to: Vec<String>,
    },
    /// A new deadline.
    DeadlineAdded {
        /// Task id.
        task: String,
        /// Deadline key.
        deadline: String,
    },
    /// A deadline no longer in the file.
    DeadlineRemoved {
        /// Task id.
        task: String,
        /// Deadline key.
        deadline: String,
    },
    /// A deadline withdrawn from a date by a document.
    DeadlineWithdrawn {
        /// Task id.
        task: String,
        /// Deadline key.
        deadline: String,
        /// From this day.
        on: NaiveDate,
        /// The document.
        by: String,
    },
    /// A deadline's key, renamed with `renamed_from`: its history follows it.
    DeadlineRenamed {
        /// Task id.
        task: String,
        /// The old key.
        from: String,
        /// The new key.
        to: String,
    },
    /// An occurrence's date or rule as written (not by an amendment).
    DeadlineMoved {
        /// Task id.
        task: String,
        /// Deadline key.
        deadline: String,
        /// The period, for a recurring deadline.
        period: Option<Period>,
        /// Due before.
        from: NaiveDate,
        /// Rule before.
        from_rule: Rule,
        /// Due after.
        to: NaiveDate,
        /// Rule after.
        to_rule: Rule,
    },
    /// How a deadline is counted from an event (`bau-cu -95d keep by`): none before or after when it was or
    /// became a dated deadline.
    CountChanged {
        /// Task id.
        task: String,
        /// Deadline key.
        deadline: String,
        /// The count before.
        from: Option<String>,
        /// The count after.
        to: Option<String>,
    },
    /// The date the plan file gives an event (none: the event was added, removed, or has no date).
    EventDateChanged {
        /// The event's id.
        event: String,
        /// The date before.
        from: Option<NaiveDate>,
        /// The date after.
        to: Option<NaiveDate>,
    },
    /// A period a recurring deadline now has.
    PeriodAdded {
        /// Task id.
        task: String,
        /// Deadline key.
        deadline: String,
        /// The period.
        period: Period,
    },
    /// A period a recurring deadline no longer has.
    PeriodRemoved {
        /// Task id.
        task: String,
        /// Deadline key.
        deadline: String,
        /// The period.
        period: Period,
    },
    /// A new amendment.
    Amended {
        /// Task id.
        task: String,
        /// Deadline key.
        deadline: String,
        /// The day it takes effect.
        on: NaiveDate,
        /// The document.
        by: String,
    },
    /// An amendment no longer in the file (or changed).
    AmendmentRemoved {
        /// Task id.
        task: String,
        /// Deadline key.
        deadline: String,
        /// The day it took effect.
        on: NaiveDate,
        /// The document.
        by: String,
    },
}

impl Change {
    /// Whether the change can change the state of a deadline on some day: every change of the terms but the
    /// units a task is supported by or reports to (the lead units decide who owes a share).
    pub fn may_change_states(&self) -> bool {
        !matches!(self, Change::UnitsChanged { role, .. } if role != "lead")
    }
}

/// What changes from `old` to `new`, in the order of the new file (removals last).
pub fn diff(old: &Shape, new: &Shape) -> Vec<Change> {
    let mut out = Vec::new();
    let date_of =
        |s: &Shape, id: &str| s.events.iter().find(|(e, _)| e == id).and_then(|(_, d)| *d);
    let mut ids: Vec<&String> = old
        .events
        .iter()
        .chain(&new.events)
        .map(|(e, _)| e)
        .collect();
    ids.sort();
    ids.dedup();
    for id in ids {
        let (from, to) = (date_of(old, id), date_of(new, id));
        if from != to {
            out.push(Change::EventDateChanged {
                event: id.clone(),
                from,
                to,
            });
        }
    }
    let members = |s: &Shape, unit: &str| {
        s.members
            .iter()
            .find(|(u, _)| u == unit)
            .map(|(_, m)| m.clone())
            .unwrap_or_default()
    };
    let mut units: Vec<&String> = old
        .members
        .iter()
        .chain(&new.members)
        .map(|(u, _)| u)
        .collect();
    units.sort();
    units.dedup();
    for unit in units {
        let (from, to) = (members(old, unit), members(new, unit));
        if from != to {
            out.push(Change::MembersChanged {
                unit: unit.clone(),
                from,
                to,
            });
        }
    }
    for t in &new.tasks {
        let Some(o) = old.tasks.iter().find(|o| o.id == t.id) else {
            out.push(Change::TaskAdded { task: t.id.clone() });
            continue;
        };
        withdrawal(&t.id, None, &o.withdrawn, &t.withdrawn, &mut out);
        for (i, role) in ROLES.iter().enumerate() {
            if o.units[i] != t.units[i] {
                out.push(Change::UnitsChanged {
                    task: t.id.clone(),
                    role: (*role).to_string(),
                    from: o.units[i].clone(),
                    to: t.units[i].clone(),
                });
            }
        }
        diff_deadlines(&t.id, o, t, &mut out);
    }
    for o in &old.tasks {
        if !new.tasks.iter().any(|t| t.id == o.id) {
            out.push(Change::TaskRemoved { task: o.id.clone() });
        }
    }
    out
}

/// A withdrawal added, taken back or moved, for a task or one of its deadlines.
fn withdrawal(
    task: &str,
    deadline: Option<&str>,
    old: &Option<Withdrawal>,
    new: &Option<Withdrawal>,
    out: &mut Vec<Change>,
) {
    if old == new {
        return;
    }
    if let Some(w) = old {
        out.push(Change::WithdrawalRemoved {
            task: task.into(),
            deadline: deadline.map(str::to_string),
            on: w.on,
        });
    }
    if let Some(w) = new {
        out.push(match deadline {
            None => Change::TaskWithdrawn {
                task: task.into(),
                on: w.on,
                by: w.by.clone(),
            },
            Some(key) => Change::DeadlineWithdrawn {
                task: task.into(),
                deadline: key.into(),
                on: w.on,
                by: w.by.clone(),
            },
        });
    }
}

fn diff_deadlines(task: &str, old: &TaskShape, new: &TaskShape, out: &mut Vec<Change>) {
    let mut matched = Vec::new();
    for d in &new.deadlines {
        let renamed = d
            .renamed_from
            .as_ref()
            .filter(|from| !new.deadlines.iter().any(|n| &n.key == *from));
        let found = old
            .deadlines
            .iter()
            .find(|o| o.key == d.key)
            .or_else(|| renamed.and_then(|from| old.deadlines.iter().find(|o| &o.key == from)));
        let Some(o) = found else {
            out.push(Change::DeadlineAdded {
                task: task.into(),
                deadline: d.key.clone(),
            });
            continue;
        };
        matched.push(o.key.clone());
        if o.key != d.key {
            out.push(Change::DeadlineRenamed {
                task: task.into(),
                from: o.key.clone(),
                to: d.key.clone(),
            });
        }
        withdrawal(task, Some(&d.key), &o.withdrawn, &d.withdrawn, out);
        diff_occurrences(task, &d.key, &o.occurrences, &d.occurrences, out);
        if o.count != d.count {
            out.push(Change::CountChanged {
                task: task.into(),
                deadline: d.key.clone(),
                from: o.count.clone(),
                to: d.count.clone(),
            });
        }
        // An amendment edited in place (another date, rule or day) is one taken back and one made.
        for a in &d.amendments {
            if !o.amendments.contains(a) {
                out.push(Change::Amended {
                    task: task.into(),
                    deadline: d.key.clone(),
                    on: a.on,
                    by: a.by.clone(),
                });
            }
        }
        for a in &o.amendments {
            if !d.amendments.contains(a) {
                out.push(Change::AmendmentRemoved {
                    task: task.into(),
                    deadline: d.key.clone(),
                    on: a.on,
                    by: a.by.clone(),
                });
            }
        }
    }
    for o in &old.deadlines {
        if !matched.contains(&o.key) {
            out.push(Change::DeadlineRemoved {
                task: task.into(),
                deadline: o.key.clone(),
            });
        }
    }
}

fn diff_occurrences(
    task: &str,
    key: &str,
    old: &[Occurrence],
    new: &[Occurrence],
    out: &mut Vec<Change>,
) {
    for n in new {
        match old.iter().find(|o| o.period == n.period) {
            Some(o) if (o.due, o.rule) != (n.due, n.rule) => out.push(Change::DeadlineMoved {
                task: task.into(),
                deadline: key.into(),
                period: n.period,
                from: o.due,
                from_rule: o.rule,
                to: n.due,
                to_rule: n.rule,
            }),
            Some(_) => {}
            None => out.extend(n.period.map(|period| Change::PeriodAdded {
                task: task.into(),
                deadline: key.into(),
                period,
            })),
        }
    }
    for o in old {
        if !new.iter().any(|n| n.period == o.period) {
            out.extend(o.period.map(|period| Change::PeriodRemoved {
                task: task.into(),
                deadline: key.into(),
                period,
            }));
        }
    }
}

/// What decides an occurrence's state on any day: its versions, and whether and from when it is withdrawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Track {
    /// Its versions, oldest first (the first has no start).
    pub versions: Vec<Version>,
    /// No longer in the plan file (withdrawn on every day).
    pub removed: bool,
    /// Withdrawn from this day on.
    pub withdrawn_on: Option<NaiveDate>,
}

impl Track {
    /// The occurrence in force on a day.
    pub fn occurrence(&self, day: NaiveDate) -> Occurrence {
        self.versions
            .iter()
            .rev()
            .find(|v| v.from.is_none_or(|from| from <= day))
            .unwrap_or(&self.versions[0])
            .occurrence
    }

    /// Its state on a day, given its events.
    pub fn state(&self, events: &[Event], day: NaiveDate) -> State {
        let done = Progress::fold(events, day).done_on;
        let withdrawn = self.removed || self.withdrawn_on.is_some_and(|w| w <= day);
        classify(Some(&self.occurrence(day)), done, withdrawn, day).state
    }

    /// The days on which its state can change.
    fn turns(&self) -> impl Iterator<Item = NaiveDate> + '_ {
        self.versions
            .iter()
            .flat_map(|v| {
                [
                    v.from,
                    v.occurrence.last_day().succ_opt(),
                    Some(v.occurrence.last_day()),
                ]
            })
            .chain([self.withdrawn_on])
            .flatten()
    }
}

/// A past result a revision would change: an occurrence's state on days before the one a load is made on.
#[derive(Debug, Clone, PartialEq)]
pub struct Rewrite {
    /// The first day the state differs.
    pub from: NaiveDate,
    /// The state it had on the last day that differs (`None`: the occurrence did not exist).
    pub was: Option<State>,
    /// The state it has that day now.
    pub now: Option<State>,
}

/// Whether a state is a result (a deadline met, missed or overdue) rather than work still open.
fn is_result(state: Option<State>) -> bool {
    matches!(
        state,
        Some(State::DoneOnTime | State::DoneLate | State::Overdue)
    )
}

/// The days before `today` on which the occurrence's state under `new` is not what it was under `old`, when
/// either is a result: a deadline that was (or is now) met, missed or overdue that day. Work that was and is
/// still open, or that merely appears or disappears while open, rewrites no past result. Says from which day,
/// and the two states on the latest such day (the one a later report would see).
pub fn rewrite(
    old: Option<&Track>,
    new: Option<&Track>,
    events: &[Event],
    today: NaiveDate,
) -> Option<Rewrite> {
    if old == new {
        return None;
    }
    let mut days: Vec<NaiveDate> = old
        .into_iter()
        .chain(new)
        .flat_map(Track::turns)
        .chain(events.iter().map(|e| e.on))
        .filter(|d| *d < today)
        .collect();
    days.extend(today.pred_opt());
    days.sort();
    days.dedup();
    let differ: Vec<(NaiveDate, Option<State>, Option<State>)> = days
        .into_iter()
        .map(|day| {
            (
                day,
                old.map(|t| t.state(events, day)),
                new.map(|t| t.state(events, day)),
            )
        })
        .filter(|(_, was, now)| was != now && (is_result(*was) || is_result(*now)))
        .collect();
    let (first, last) = (differ.first()?, differ.last()?);
    Some(Rewrite {
        from: first.0,
        was: last.1,
        now: last.2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::EventKind;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    fn track(due: NaiveDate) -> Track {
        Track {
            versions: vec![Version {
                from: None,
                occurrence: Occurrence {
                    period: None,
                    due,
                    rule: Rule::Before,
                    assumed: false,
                },
                amendment: None,
                event_on: None,
            }],
            removed: false,
            withdrawn_on: None,
        }
    }

    fn done(on: NaiveDate) -> Event {
        Event {
            id: 1,
            kind: EventKind::Done,
            on,
            progress: None,
            note: None,
            evidence: None,
            retracts: None,
        }
    }

    fn shape(due: NaiveDate, members: &[&str], withdrawn: Option<NaiveDate>) -> Shape {
        Shape {
            events: vec![],
            tasks: vec![TaskShape {
                id: "III.3".into(),
                withdrawn: None,
                units: [vec!["ttud".into()], vec![], vec!["hcth".into()]],
                deadlines: vec![DeadlineShape {
                    key: "bao-cao".into(),
                    renamed_from: None,
                    withdrawn: withdrawn.map(|on| Withdrawal {
                        on,
                        by: "KH 9".into(),
                    }),
                    occurrences: track(due).versions.iter().map(|v| v.occurrence).collect(),
                    amendments: vec![],
                    count: None,
                }],
            }],
            members: vec![(
                "cac-phong".into(),
                members.iter().map(|m| m.to_string()).collect(),
            )],
        }
    }

    #[test]
    fn the_changes_of_a_revision_and_which_may_change_states() {
        let old = shape(d(6, 11), &["a", "b"], Some(d(10, 1)));
        let mut new = shape(d(6, 5), &["a"], None);
        new.tasks[0].units[2] = vec!["so".into()];
        let changes = diff(&old, &new);
        let kinds: Vec<String> = changes
            .iter()
            .map(|c| {
                serde_json::to_value(c).unwrap()["change"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "members_changed",
                "units_changed",
                "withdrawal_removed",
                "deadline_moved"
            ]
        );
        let affecting: Vec<bool> = changes.iter().map(Change::may_change_states).collect();
        assert_eq!(affecting, [true, false, true, true]);
        assert!(diff(&old, &old).is_empty());
        let mut renamed = old.clone();
        renamed.tasks[0].deadlines[0].key = "bao-cao-6-thang".into();
        renamed.tasks[0].deadlines[0].renamed_from = Some("bao-cao".into());
        assert_eq!(
            diff(&old, &renamed),
            [Change::DeadlineRenamed {
                task: "III.3".into(),
                from: "bao-cao".into(),
                to: "bao-cao-6-thang".into()
            }]
        );
    }

    #[test]
    fn a_due_date_moved_under_a_completion_rewrites_it() {
        let r = rewrite(
            Some(&track(d(6, 11))),
            Some(&track(d(6, 5))),
            &[done(d(6, 8))],
            d(12, 31),
        )
        .unwrap();
        assert_eq!(r.was, Some(State::DoneOnTime));
        assert_eq!(r.now, Some(State::DoneLate));
        assert_eq!(r.from, d(6, 5), "overdue from the new due date on");
    }

    #[test]
    fn an_amendment_that_takes_effect_later_rewrites_nothing() {
        let old = track(d(6, 11));
        let mut new = old.clone();
        // From 1/6 the deadline is extended to 30/6.
        new.versions.push(Version {
            from: Some(d(6, 1)),
            occurrence: Occurrence {
                due: d(6, 30),
                ..new.versions[0].occurrence
            },
            amendment: Some(0),
            event_on: None,
        });
        assert_eq!(rewrite(Some(&old), Some(&new), &[], d(6, 1)), None);
        assert_eq!(
            rewrite(Some(&old), Some(&new), &[], d(6, 11)),
            None,
            "open under both until 10/6"
        );
        // Loaded on 20/6, it changes what 11/6 to 19/6 said: overdue then, open now.
        let r = rewrite(Some(&old), Some(&new), &[], d(6, 20)).unwrap();
        assert_eq!(
            (r.from, r.was, r.now),
            (d(6, 11), Some(State::Overdue), Some(State::Open))
        );
    }

    #[test]
    fn open_work_that_moves_or_appears_rewrites_nothing() {
        assert_eq!(
            rewrite(Some(&track(d(9, 1))), Some(&track(d(9, 30))), &[], d(8, 1)),
            None
        );
        assert_eq!(rewrite(None, Some(&track(d(9, 1))), &[], d(8, 1)), None);
        let gone = rewrite(Some(&track(d(4, 12))), None, &[], d(8, 1)).unwrap();
        assert_eq!((gone.was, gone.now), (Some(State::Overdue), None));
    }
}
