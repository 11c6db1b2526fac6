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
use chrono::NaiveDate;

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

/// Runs `record PLAN --event ID`.
pub fn record(ctx: &Context, args: &RecordArgs, event: &str) -> Result<Outcome> {
    let plan = args.task.as_str();
    if plan.contains('/') {
        return Err(Error::Usage(msg!(
            "--event records a date of a plan's event: give the plan's id, not PLAN/TASK (\"{plan}\")",
            "--event ghi ngày của một sự kiện của kế hoạch: hãy ghi mã kế hoạch, không ghi KẾ_HOẠCH/NHIỆM_VỤ (\"{plan}\")"
        )));
    }
    let Some(on) = &args.on else {
        return Err(Error::Usage(msg!(
            "--event {event} needs the event's date: --on DATE (the day it happened, or the day a decision fixed)",
            "--event {event} cần ngày của sự kiện: --on NGÀY (ngày diễn ra, hoặc ngày được ấn định)"
        )));
    };
    let on = date::parse(on).map_err(|e| Error::Usage(format!("--on: {e}")))?;
    let since = match &args.since {
        Some(text) => date::parse(text).map_err(|e| Error::Usage(format!("--since: {e}")))?,
        None => on.min(ctx.as_of),
    };
    if since > ctx.as_of {
        let (since, as_of) = (format_vn(since), format_vn(ctx.as_of));
        return Err(Error::Usage(msg!(
            "--since {since} is after {as_of} (today, or --as-of) — a date is recorded once it is known; nothing was recorded",
            "--since {since} sau ngày {as_of} (hôm nay, hoặc --as-of) — chỉ ghi ngày của sự kiện khi đã biết; chưa ghi nhận gì"
        )));
    }
    super::record::evidence_dated(
        args.evidence.as_deref(),
        since.max(on.min(ctx.as_of)),
        ctx.as_of,
    )?;
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
    })?;
    let (day, from) = (format_vn(on), format_vn(since));
    crate::say!(
        "{}",
        msg!(
            "plan: recorded date {id} of {plan} event {event}: {day}, known from {from}",
            "plan: đã ghi ngày sự kiện #{id} của {plan}, sự kiện {event}: {day}, biết từ ngày {from}"
        )
    );
    let filter = FilterArgs {
        plan: Some(plan.to_string()),
        ..FilterArgs::default()
    };
    let rows: Vec<status::Row> = status::rows(&store, &filter, None, ctx.as_of)?
        .into_iter()
        .filter(|r| r.item.reckoning.as_ref().is_some_and(|k| k.event == event))
        .collect();
    print(ctx, &status::listing(&rows, ctx.format.is_data()))?;
    Ok(Outcome::Clean)
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
