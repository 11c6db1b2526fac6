//! The past results a load would change: for every deadline occurrence (and member's share) of the plans it
//! touches, what decides its state on any day — its versions, its withdrawal — read before and after the load
//! in the load's own transaction, and compared day by day before the as-of date (see
//! [`revision::rewrite`]). An amendment that takes effect later, or work still open that moves, changes no
//! past result; a due date moved under a completion does.

use crate::date::format_vn;
use crate::domain::revision::{self, Rewrite, Track};
use crate::domain::{Period, State, Version};
use crate::error::Result;
use crate::i18n::{label, tr};
use crate::msg;
use crate::store::{StatusQuery, StatusRow, Store, StoreError};
use chrono::NaiveDate;
use std::collections::HashMap;

/// One occurrence (or member's share) across a load: task row, deadline row, period, member.
type Key = (i64, Option<i64>, Option<Period>, Option<String>);

/// What identifies an occurrence to a person, and what decides its state.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The plan it belongs to.
    pub plan: String,
    task: String,
    deadline: String,
    history_key: Option<String>,
    member: Option<String>,
    track: Track,
}

/// Every occurrence of these plans, as the store has it now.
pub fn tracks(store: &Store, plans: &[String]) -> Result<HashMap<Key, Entry>> {
    let mut out = HashMap::new();
    for plan in plans {
        let q = StatusQuery {
            plan: Some(plan),
            ..StatusQuery::default()
        };
        let mut rows: Vec<StatusRow> = Vec::new();
        store.each_status_row(&q, |row| {
            rows.push(row);
            Ok::<_, StoreError>(true)
        })?;
        for row in rows {
            let Some(occurrence) = row.occurrence else {
                continue;
            };
            let period = occurrence.period;
            let versions = match (row.amended, row.deadline_rid) {
                (true, Some(rid)) => store
                    .versions(rid, period.map(|p| p.to_string()).as_deref())?
                    .into_iter()
                    .map(|v| Version {
                        from: v.from,
                        occurrence: v.occurrence,
                        amendment: None,
                        event_on: None,
                    })
                    .collect(),
                _ => vec![Version {
                    from: None,
                    occurrence,
                    amendment: None,
                    event_on: None,
                }],
            };
            let member = row.member.as_ref().map(|m| m.id.clone());
            let history_key = row.history_key().map(str::to_string);
            out.insert(
                (row.task_rid, row.deadline_rid, period, member.clone()),
                Entry {
                    plan: row.plan,
                    task: row.task,
                    deadline: row.deadline.unwrap_or_default(),
                    history_key,
                    member,
                    track: Track {
                        versions,
                        removed: row.withdrawn,
                        withdrawn_on: row.withdrawn_on,
                    },
                },
            );
        }
    }
    Ok(out)
}

fn state_name(state: Option<State>) -> String {
    match state {
        Some(s) => label(s.as_str()),
        None => tr("(not in the plan)", "(không có trong kế hoạch)").to_string(),
    }
}

/// One line per past result that changes: "PLAN/III.3 bao-cao-6-thang: done_on_time → done_late from
/// 05/06/2022 (due 11/06/2022 → 05/06/2022)".
pub fn lines(
    store: &Store,
    before: &HashMap<Key, Entry>,
    after: &HashMap<Key, Entry>,
    today: NaiveDate,
) -> Result<Vec<String>> {
    let mut keys: Vec<&Key> = before.keys().chain(after.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut out = Vec::new();
    for key in keys {
        let (old, new) = (before.get(key), after.get(key));
        let (Some(entry), true) = (new.or(old), old.map(|e| &e.track) != new.map(|e| &e.track))
        else {
            continue;
        };
        let period = key.2.map(|p| p.to_string());
        let events = store.events_of(
            key.0,
            entry.history_key.as_deref(),
            period.as_deref(),
            entry.member.as_deref(),
        )?;
        let Some(r) =
            revision::rewrite(old.map(|e| &e.track), new.map(|e| &e.track), &events, today)
        else {
            continue;
        };
        out.push(line(entry, period.as_deref(), old, new, &r));
    }
    Ok(out)
}

fn line(
    entry: &Entry,
    period: Option<&str>,
    old: Option<&Entry>,
    new: Option<&Entry>,
    r: &Rewrite,
) -> String {
    let mut what = format!("{}/{} {}", entry.plan, entry.task, entry.deadline);
    if let Some(p) = period {
        what = format!("{what} {p}");
    }
    if let Some(m) = &entry.member {
        what = format!("{what} [{m}]");
    }
    let (was, now, from) = (state_name(r.was), state_name(r.now), format_vn(r.from));
    let due = |e: Option<&Entry>| e.map(|e| format_vn(e.track.occurrence(r.from).due));
    let dues = match (due(old), due(new)) {
        (Some(a), Some(b)) if a != b => msg!(" (due {a} → {b})", " (hạn {a} → {b})"),
        _ => String::new(),
    };
    msg!(
        "{what}: {was} → {now} from {from}{dues}",
        "{what}: {was} → {now} từ ngày {from}{dues}"
    )
}
