//! `plan record TASK ...`: append one progress event to the history.
//!
//! The event is aimed at one deadline occurrence: chosen by `--deadline` (key or due date) and `--period`, or
//! implied when the task has exactly one. Nothing is ever changed or deleted: a mistake is retracted.

use super::{load, print, resolve_unit, status};
use crate::Outcome;
use crate::cli::{FilterArgs, RecordArgs};
use crate::context::Context;
use crate::date::{self, format_vn};
use crate::domain::{EventKind, Period};
use crate::error::{Error, Result};
use crate::i18n::{Lang, lang, tr};
use crate::msg;
use crate::store::{MemberRef, NewEvent, StatusQuery, StatusRow, Store, StoreError};
use crate::text::nfc;

/// "before 12/04/2022" in English; "trước ngày 12/04/2022" in Vietnamese.
fn due_text(o: &crate::domain::Occurrence) -> String {
    let (kind, due) = (o.wording_kind(), format_vn(o.due));
    match (lang(), kind) {
        (Lang::En, _) => format!("{kind} {due}"),
        (Lang::Vi, "before") => format!("trước ngày {due}"),
        (Lang::Vi, "assumed") => format!("chậm nhất ngày {due}, giả định"),
        (Lang::Vi, _) => format!("chậm nhất ngày {due}"),
    }
}

fn describe(item: &StatusRow) -> String {
    let key = item.deadline.as_deref().unwrap_or("-");
    match (&item.occurrence, item.occurrence.and_then(|o| o.period)) {
        (Some(o), Some(p)) => format!("{key} {p} ({})", due_text(o)),
        (Some(o), None) => format!("{key} ({})", due_text(o)),
        _ => key.to_string(),
    }
}

/// Picks the occurrence an event is for.
fn target<'a>(items: &'a [StatusRow], args: &RecordArgs, name: &str) -> Result<&'a StatusRow> {
    let live: Vec<&StatusRow> = items
        .iter()
        .filter(|i| !i.withdrawn || args.retract.is_some())
        .collect();
    if live.is_empty() {
        return Err(Error::Usage(msg!(
            "{name} was withdrawn from its plan — its history is kept, but no new progress can be recorded",
            "{name} đã bị bãi bỏ khỏi kế hoạch — lịch sử vẫn được giữ, nhưng không thể ghi nhận tiến độ mới"
        )));
    }
    if live.len() == 1 && live[0].deadline.is_none() {
        if args.deadline.is_some() || args.period.is_some() {
            return Err(Error::Usage(msg!(
                "{name} has no deadline (it is ongoing) — leave out --deadline and --period",
                "{name} không có thời hạn (thực hiện thường xuyên) — hãy bỏ --deadline và --period"
            )));
        }
        return Ok(live[0]);
    }
    let mut chosen = live.clone();
    if let Some(d) = &args.deadline {
        let by_key: Vec<&StatusRow> = chosen
            .iter()
            .copied()
            .filter(|i| i.deadline.as_deref() == Some(d.as_str()))
            .collect();
        chosen = if !by_key.is_empty() {
            by_key
        } else {
            let due = date::parse(d).map_err(|_| no_deadline(name, d, &live))?;
            chosen
                .into_iter()
                .filter(|i| i.occurrence.is_some_and(|o| o.due == due))
                .collect()
        };
        if chosen.is_empty() {
            return Err(no_deadline(name, d, &live));
        }
    }
    if let Some(p) = &args.period {
        let period = Period::read(p).map_err(|e| Error::Usage(format!("--period: {e}")))?;
        chosen.retain(|i| i.occurrence.and_then(|o| o.period) == Some(period));
        if chosen.is_empty() {
            let known = list(&live);
            return Err(Error::Usage(msg!(
                "{name} has no occurrence for period {period} — its deadlines: {known}",
                "{name} không có thời hạn nào cho kỳ {period} — các thời hạn của nhiệm vụ: {known}"
            )));
        }
    }
    match chosen.as_slice() {
        [one] => Ok(one),
        many => {
            let recurring = many
                .iter()
                .all(|i| i.occurrence.and_then(|o| o.period).is_some());
            let hint = if recurring {
                tr(
                    "say which with --period (e.g. --period 2022-Q2)",
                    "hãy chỉ rõ bằng --period (ví dụ --period 2022-Q2)",
                )
            } else {
                tr(
                    "say which with --deadline KEY or --deadline DATE",
                    "hãy chỉ rõ bằng --deadline KHÓA hoặc --deadline NGÀY",
                )
            };
            let (count, known) = (many.len(), list(many));
            Err(Error::Usage(msg!(
                "{name} has {count} deadlines — {hint}: {known}",
                "{name} có {count} thời hạn — {hint}: {known}"
            )))
        }
    }
}

fn no_deadline(name: &str, d: &str, live: &[&StatusRow]) -> Error {
    let known = list(live);
    Error::Usage(msg!(
        "{name} has no deadline `{d}` — its deadlines: {known}",
        "{name} không có thời hạn `{d}` — các thời hạn của nhiệm vụ: {known}"
    ))
}

fn list(items: &[&StatusRow]) -> String {
    items
        .iter()
        .map(|i| describe(i))
        .collect::<Vec<_>>()
        .join(", ")
}

type OccurrenceKey = (Option<i64>, Option<Period>);

fn occurrence_key(row: &StatusRow) -> OccurrenceKey {
    (row.deadline_rid, row.occurrence.and_then(|o| o.period))
}

/// The task's occurrences, one row each (a deadline owed by each member of a unit comes as one row per
/// member), and the members that owe each.
fn occurrences(rows: Vec<StatusRow>) -> (Vec<StatusRow>, Vec<(OccurrenceKey, Vec<MemberRef>)>) {
    let mut items: Vec<StatusRow> = Vec::new();
    let mut owed: Vec<(OccurrenceKey, Vec<MemberRef>)> = Vec::new();
    for row in rows {
        let key = occurrence_key(&row);
        if let Some(m) = &row.member {
            match owed.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(m.clone()),
                None => owed.push((key, vec![m.clone()])),
            }
        }
        if !items.iter().any(|i| occurrence_key(i) == key) {
            items.push(row);
        }
    }
    (items, owed)
}

/// Whose share an event is, for a deadline owed by each member of a unit: the member `--by` names. A remark
/// (or a retraction) may be about the deadline as a whole; progress must say whose it is.
fn member(
    kind: EventKind,
    by: Option<&str>,
    members: &[MemberRef],
    name: &str,
    item: &StatusRow,
) -> Result<Option<String>> {
    if members.is_empty() || kind == EventKind::Retract {
        return Ok(None);
    }
    let list = || {
        members
            .iter()
            .map(|m| format!("{} ({})", m.id, m.name))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let deadline = describe(item);
    match by {
        Some(u) if members.iter().any(|m| m.id == u) => Ok(Some(u.to_string())),
        Some(u) => {
            let (n, list) = (members.len(), list());
            Err(Error::Usage(msg!(
                "{u} is not one of the {n} units that owe {name} {deadline} — name one of: {list}",
                "{u} không thuộc {n} đơn vị phải thực hiện {name} {deadline} — hãy ghi một trong: {list}"
            )))
        }
        None if kind == EventKind::Note => Ok(None),
        None => {
            let (n, list) = (members.len(), list());
            Err(Error::Usage(msg!(
                "{name} {deadline} is owed by each of {n} units — say whose share this is with --by UNIT: {list}",
                "{name} {deadline} do từng đơn vị trong {n} đơn vị thực hiện — hãy ghi phần của đơn vị nào bằng --by ĐƠN_VỊ: {list}"
            )))
        }
    }
}

/// Refuses text with a control character: it would be kept in the history and printed to every terminal
/// that shows it.
fn no_controls(args: &RecordArgs) -> Result<()> {
    let texts = [
        ("TASK", Some(&args.task)),
        ("--deadline", args.deadline.as_ref()),
        ("--period", args.period.as_ref()),
        ("--blocked", args.blocked.as_ref()),
        ("--note", args.note.as_ref()),
        ("--by", args.by.as_ref()),
        ("--evidence", args.evidence.as_ref()),
        ("--event", args.event.as_ref()),
    ];
    for (flag, text) in texts {
        let Some(text) = text else { continue };
        if let Some((_, c)) = crate::shown::first_forbidden(text) {
            let what = crate::shown::describe(c);
            let text = crate::shown::shown(text);
            return Err(Error::Usage(msg!(
                "{flag} \"{text}\" holds the control character {what} — write it again without it; nothing was recorded",
                "{flag} \"{text}\" chứa ký tự điều khiển {what} — hãy viết lại không có ký tự đó; chưa ghi nhận gì"
            )));
        }
    }
    Ok(())
}

/// Evidence cannot be dated after the day it is recorded on (it does not exist yet); dated after the work it
/// proves, it usually reports on that work, but it may name the wrong day: said, not refused.
fn evidence_dated(
    evidence: Option<&str>,
    on: chrono::NaiveDate,
    as_of: chrono::NaiveDate,
) -> Result<()> {
    let Some(date) = evidence.and_then(|e| super::history::evidence_parts(e).date) else {
        return Ok(());
    };
    let (shown, on_shown, as_of_shown) = (format_vn(date), format_vn(on), format_vn(as_of));
    if date > as_of {
        return Err(Error::Usage(msg!(
            "--evidence is dated {shown}, after {as_of_shown} (today, or --as-of): a document cannot prove work before it exists — check its date; nothing was recorded",
            "--evidence ghi ngày {shown}, sau ngày {as_of_shown} (hôm nay, hoặc --as-of): văn bản chưa có thì chưa thể làm minh chứng — hãy kiểm tra ngày của văn bản; chưa ghi nhận gì"
        )));
    }
    if date > on {
        crate::say!(
            "{}",
            msg!(
                "plan: warning: the evidence is dated {shown}, after the work it proves ({on_shown}, --on) — if the work was done later, record it with --on {shown}",
                "plan: cảnh báo: minh chứng ghi ngày {shown}, sau ngày thực hiện ({on_shown}, --on) — nếu công việc hoàn thành muộn hơn, hãy ghi với --on {shown}"
            )
        );
    }
    Ok(())
}

/// Runs `record`.
pub fn run(ctx: &Context, args: &RecordArgs) -> Result<Outcome> {
    no_controls(args)?;
    if let Some(event) = &args.event {
        return super::events::record(ctx, args, event);
    }
    let kind = if args.done {
        EventKind::Done
    } else if args.reopen {
        EventKind::Reopen
    } else if args.progress.is_some() {
        EventKind::Progress
    } else if args.blocked.is_some() {
        EventKind::Blocked
    } else if args.retract.is_some() {
        EventKind::Retract
    } else if args.note.is_some() {
        EventKind::Note
    } else {
        return Err(Error::Usage(
            tr(
                "say what happened: --done, --reopen, --progress PCT, --blocked REASON, --note TEXT or --retract N",
                "hãy cho biết việc gì đã xảy ra: --done, --reopen, --progress PHẦN_TRĂM, --blocked LÝ_DO, --note GHI_CHÚ hoặc --retract SỐ",
            )
            .into(),
        ));
    };
    let on = match &args.on {
        Some(text) => date::parse(text).map_err(|e| Error::Usage(format!("--on: {e}")))?,
        None => ctx.as_of,
    };
    if on > ctx.as_of {
        let (on, as_of) = (format_vn(on), format_vn(ctx.as_of));
        return Err(Error::Usage(msg!(
            "--on {on} is after {as_of} (today, or --as-of) — progress cannot be recorded in the future",
            "--on {on} sau ngày {as_of} (hôm nay, hoặc --as-of) — không thể ghi nhận tiến độ cho ngày trong tương lai"
        )));
    }
    evidence_dated(args.evidence.as_deref(), on, ctx.as_of)?;
    let mut store = Store::open_write(&ctx.db)?;
    load::refuse_snapshot(ctx, &store)?;
    // PLAN/TASK needs only its plan to be current; a bare task id may be in any plan, loaded or not.
    let scope = match args.task.split_once('/') {
        Some((plan, _)) => load::SyncScope::Plan(plan),
        None => load::SyncScope::Everything,
    };
    load::sync(ctx, Some(&store), scope)?;
    let task = store.find_task(&args.task)?;
    let name = format!("{}/{}", task.plan, task.task);
    // The task's deadlines, read by the query that prints its rows afterwards (SQLite prepares it once).
    let query = StatusQuery {
        plan: Some(&task.plan),
        task: Some(task.rid),
        ..StatusQuery::default()
    };
    let mut rows = Vec::new();
    store.each_status_row(&query, |row| {
        rows.push(row);
        Ok::<_, StoreError>(true)
    })?;
    let (items, owed) = occurrences(rows);
    let item = if kind == EventKind::Retract {
        items.first().ok_or_else(|| {
            Error::Usage(msg!(
                "{name} has nothing to retract",
                "{name} không có ghi nhận nào để hủy"
            ))
        })?
    } else {
        target(&items, args, &name)?
    };
    let by = match &args.by {
        Some(b) => {
            let units = store.units(Some(&task.plan))?;
            let found = resolve_unit(&units, b)?;
            Some(
                found
                    .into_iter()
                    .map(|(_, id)| id)
                    .next()
                    .unwrap_or_else(|| b.clone()),
            )
        }
        None => None,
    };
    let members = owed
        .iter()
        .find(|(k, _)| *k == occurrence_key(item))
        .map(|(_, m)| m.as_slice())
        .unwrap_or_default();
    let member = member(kind, by.as_deref(), members, &name, item)?;
    let note = match (&args.blocked, &args.note) {
        (Some(reason), Some(note)) => Some(format!("{reason} — {note}")),
        (Some(reason), None) => Some(reason.clone()),
        (None, note) => note.clone(),
    };
    let id = store.append(NewEvent {
        task_rid: task.rid,
        deadline: item.history_key().map(str::to_string),
        period: item
            .occurrence
            .and_then(|o| o.period)
            .map(|p| p.to_string()),
        kind,
        on,
        by,
        progress: args.progress,
        note: note.map(|n| nfc(&n)),
        evidence: args.evidence.as_deref().map(nfc),
        retracts: args.retract,
        member,
        recorded_at: ctx.now.clone(),
    })?;
    let filter = FilterArgs {
        plan: Some(task.plan.clone()),
        unit: None,
        ..FilterArgs::default()
    };
    let rows: Vec<status::Row> = status::rows(&store, &filter, Some(task.rid), ctx.as_of)?;
    let (what, day) = (crate::i18n::label(kind.as_str()), format_vn(on));
    crate::say!(
        "{}",
        msg!(
            "plan: recorded event {id}: {name} {what} on {day}",
            "plan: đã ghi nhận #{id}: {name} {what} ngày {day}"
        )
    );
    print(ctx, &status::listing(&rows, ctx.format.is_data()))?;
    Ok(Outcome::Clean)
}
