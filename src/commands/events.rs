//! `plan record PLAN --event ID --on DATE`: the date of one of a plan's events, appended to the history;
//! and the words that say how a deadline is counted from its event ("95 ngày trước ngày bầu cử 15/03/2026").

use super::{load, print, status};
use crate::Outcome;
use crate::cli::{FilterArgs, RecordArgs};
use crate::context::Context;
use crate::date::{self, format_vn};
use crate::domain::{DayCount, Reckoning, RestDay};
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::msg;
use crate::store::Store;
use crate::store::events::NewEventDate;
use crate::text::nfc;
use chrono::{Datelike, NaiveDate};

/// How a deadline is counted, with the event's date when it has one: "95 ngày trước ngày bầu cử 15/03/2026",
/// "5 working days after hội nghị hiệp thương (no date yet)".
pub fn counted(r: &Reckoning, event_on: Option<NaiveDate>, lang: Lang) -> String {
    let n = r.offset.days.unsigned_abs();
    let name = &r.event_name;
    let vi = lang == Lang::Vi;
    let days = match (r.offset.count, vi) {
        (DayCount::Calendar, true) => format!("{n} ngày"),
        (DayCount::Working, true) => format!("{n} ngày làm việc"),
        (DayCount::Calendar, false) if n == 1 => "1 day".to_string(),
        (DayCount::Calendar, false) => format!("{n} days"),
        (DayCount::Working, false) if n == 1 => "1 working day".to_string(),
        (DayCount::Working, false) => format!("{n} working days"),
    };
    let rule = match (r.offset.days.signum(), vi) {
        (0, true) => format!("ngay {name}"),
        (0, false) => format!("on {name}"),
        (-1, true) => format!("{days} trước {name}"),
        (-1, false) => format!("{days} before {name}"),
        (_, true) => format!("{days} sau {name}"),
        (_, false) => format!("{days} after {name}"),
    };
    let date = match (event_on, vi) {
        (Some(d), _) => format_vn(d),
        (None, true) => "(chưa có ngày)".to_string(),
        (None, false) => "(no date yet)".to_string(),
    };
    let rest = match (r.rest_day, r.offset.count, vi) {
        (RestDay::NextWorkingDay, DayCount::Calendar, true) => {
            ", gặp ngày nghỉ thì là ngày làm việc tiếp theo"
        }
        (RestDay::NextWorkingDay, DayCount::Calendar, false) => {
            ", the next working day when that is a rest day"
        }
        _ => "",
    };
    format!("{rule} {date}{rest}")
}

/// Runs `record PLAN --event ID`: a date of the event, or with `--retract N` the cancelling of one.
pub fn record(ctx: &Context, args: &RecordArgs, event: &str) -> Result<Outcome> {
    let plan = args.task.as_str();
    if plan.contains('/') {
        return Err(Error::Usage(msg!(
            "--event records a date of a plan's event: give the plan's id, not PLAN/TASK (\"{plan}\")",
            "--event ghi ngày của một sự kiện của kế hoạch: hãy ghi mã kế hoạch, không ghi KẾ_HOẠCH/NHIỆM_VỤ (\"{plan}\")"
        )));
    }
    let (on, since) = match args.retract {
        // A retraction is of the day it is made; it cancels the record whatever the date asked.
        Some(_) => (ctx.as_of, ctx.as_of),
        None => dates(ctx, args, event)?,
    };
    let mut store = Store::open_write(&ctx.db)?;
    load::refuse_snapshot(ctx, &store)?;
    load::sync(ctx, Some(&store), load::SyncScope::Plan(plan))?;
    super::check_plan(&store, Some(plan))?;
    let recorded_by = Some(store.who(&ctx.user)?);
    let id = store.record_event_date(NewEventDate {
        plan: plan.to_string(),
        event: event.to_string(),
        on,
        since,
        evidence: args.evidence.as_deref().map(nfc),
        note: args.note.as_deref().map(nfc),
        recorded_at: ctx.now.clone(),
        recorded_by,
        retracts: args.retract,
    })?;
    let (day, from) = (format_vn(on), format_vn(since));
    let said = match args.retract {
        Some(n) => msg!(
            "plan: recorded {id}: date {n} of {plan} event {event} is retracted",
            "plan: đã ghi #{id}: hủy lần ghi ngày #{n} của {plan}, sự kiện {event}"
        ),
        None => msg!(
            "plan: recorded date {id} of {plan} event {event}: {day}, known from {from}",
            "plan: đã ghi ngày sự kiện #{id} của {plan}, sự kiện {event}: {day}, biết từ ngày {from}"
        ),
    };
    crate::say!("{said}");
    let filter = FilterArgs {
        plan: Some(plan.to_string()),
        ..FilterArgs::default()
    };
    let rows: Vec<status::Row> = status::rows(&store, &filter, None, ctx.as_of)?
        .into_iter()
        .filter(|r| r.item.reckoning.as_ref().is_some_and(|k| k.event == event))
        .collect();
    if args.retract.is_none() {
        kept_earlier(&rows, on, event);
    }
    print(ctx, &status::listing(&rows, ctx.format.is_data()))?;
    Ok(Outcome::Clean)
}

/// The event's date (`--on`) and the first day it was known (`--since`), checked.
fn dates(ctx: &Context, args: &RecordArgs, event: &str) -> Result<(NaiveDate, NaiveDate)> {
    let Some(on) = &args.on else {
        return Err(Error::Usage(msg!(
            "--event {event} needs the event's date: --on DATE (the day it happened, or the day a decision fixed), or --retract N",
            "--event {event} cần ngày của sự kiện: --on NGÀY (ngày diễn ra, hoặc ngày được ấn định), hoặc --retract SỐ"
        )));
    };
    let on = date::parse(on).map_err(|e| Error::Usage(format!("--on: {e}")))?;
    let since = match &args.since {
        Some(text) => date::parse(text).map_err(|e| Error::Usage(format!("--since: {e}")))?,
        None => on.min(ctx.as_of),
    };
    for (flag, d) in [("--on", on), ("--since", since)] {
        if !(1900..=2100).contains(&d.year()) {
            let d = format_vn(d);
            return Err(Error::Usage(msg!(
                "{flag} {d} is outside the years plan counts working days for (1900–2100); nothing was recorded",
                "{flag} {d} nằm ngoài khoảng năm plan tính được ngày làm việc (1900–2100); chưa ghi nhận gì"
            )));
        }
    }
    if since > ctx.as_of {
        let (since, as_of) = (format_vn(since), format_vn(ctx.as_of));
        return Err(Error::Usage(msg!(
            "--since {since} is after {as_of} (today, or --as-of) — a date is recorded once it is known; nothing was recorded",
            "--since {since} sau ngày {as_of} (hôm nay, hoặc --as-of) — chỉ ghi ngày của sự kiện khi đã biết; chưa ghi nhận gì"
        )));
    }
    evidence_dated(args.evidence.as_deref(), since, ctx.as_of)?;
    Ok((on, since))
}

/// Evidence cannot be dated after the day it is recorded on; dated after the day the event's date was known
/// (`since`), the date may have been known only from then: said, not refused.
fn evidence_dated(evidence: Option<&str>, since: NaiveDate, as_of: NaiveDate) -> Result<()> {
    let Some(date) = evidence.and_then(|e| super::history::evidence_parts(e).date) else {
        return Ok(());
    };
    let (shown, since_shown, as_of_shown) = (format_vn(date), format_vn(since), format_vn(as_of));
    if date > as_of {
        return Err(Error::Usage(msg!(
            "--evidence is dated {shown}, after {as_of_shown} (today, or --as-of): a document cannot prove a date before it exists — check its date; nothing was recorded",
            "--evidence ghi ngày {shown}, sau ngày {as_of_shown} (hôm nay, hoặc --as-of): văn bản chưa có thì chưa thể làm minh chứng — hãy kiểm tra ngày của văn bản; chưa ghi nhận gì"
        )));
    }
    if date > since {
        crate::say!(
            "{}",
            msg!(
                "plan: warning: the evidence is dated {shown}, after the day the date is known from ({since_shown}) — if the date was only set by that document, record it with --since {shown}",
                "plan: cảnh báo: minh chứng ghi ngày {shown}, sau ngày biết ngày của sự kiện ({since_shown}) — nếu ngày chỉ được ấn định bởi văn bản đó, hãy ghi với --since {shown}"
            )
        );
    }
    Ok(())
}

/// Says when deadlines counted from the event still follow an earlier date: they were already due under it
/// (and keep it), or the date recorded was a mistake that a retraction cancels.
fn kept_earlier(rows: &[status::Row], on: NaiveDate, event: &str) {
    let kept = rows
        .iter()
        .filter(|r| r.item.event_on.is_some_and(|d| d != on))
        .count();
    if kept > 0 {
        crate::say!(
            "{}",
            msg!(
                "plan: note: {kept} deadline(s) counted from {event} keep the date they were due by under its earlier date — if that date was recorded by mistake, cancel it: plan record PLAN --event {event} --retract N (see plan history --events)",
                "plan: lưu ý: {kept} thời hạn tính từ {event} giữ ngày đến hạn theo ngày trước đó của sự kiện — nếu ngày đó ghi nhầm, hãy hủy: plan record KẾ_HOẠCH --event {event} --retract SỐ (xem plan history --events)"
            )
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Offset;

    fn d(dd: u32, mm: u32, yy: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(yy, mm, dd).unwrap()
    }

    #[test]
    fn the_count_is_worded_with_its_event() {
        let r = Reckoning {
            event: "bau-cu".into(),
            event_name: "ngày bầu cử".into(),
            offset: Offset::parse("-95d").unwrap(),
            rest_day: RestDay::Keep,
        };
        assert_eq!(
            counted(&r, Some(d(15, 3, 2026)), Lang::Vi),
            "95 ngày trước ngày bầu cử 15/03/2026"
        );
        assert_eq!(
            counted(&r, None, Lang::En),
            "95 days before ngày bầu cử (no date yet)"
        );
        let after = Reckoning {
            offset: Offset::parse("+5wd").unwrap(),
            event_name: "hội nghị hiệp thương lần thứ nhất".into(),
            ..r.clone()
        };
        assert_eq!(
            counted(&after, Some(d(5, 12, 2025)), Lang::Vi),
            "5 ngày làm việc sau hội nghị hiệp thương lần thứ nhất 05/12/2025"
        );
        let period = Reckoning {
            offset: Offset::parse("+10d").unwrap(),
            rest_day: RestDay::NextWorkingDay,
            ..r
        };
        assert_eq!(
            counted(&period, None, Lang::En),
            "10 days after ngày bầu cử (no date yet), the next working day when that is a rest day"
        );
    }
}
