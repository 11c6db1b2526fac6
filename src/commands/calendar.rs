//! `plan holidays` and `plan days`: the days off of a public office in a year, and a clerk's date arithmetic
//! in working or calendar days (see `crate::calendar`).

use super::{open_synced, print};
use crate::Outcome;
use crate::calendar::{self, Holiday, Reason, WorkCalendar};
use crate::cli::{DaysArgs, HolidaysArgs};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::msg;
use crate::render::{Column, Listing, Value};
use chrono::{Datelike, Duration, NaiveDate};

/// The calendar to count by: the statute's, corrected by the official schedules of the store's registry
/// files when there is a store (a question of the calendar never makes one).
pub fn work_calendar(ctx: &Context) -> Result<WorkCalendar> {
    if !crate::store::Store::exists(&ctx.db) {
        return Ok(WorkCalendar::default());
    }
    let store = open_synced(ctx)?;
    Ok(WorkCalendar::new(store.calendar_days()?))
}

/// Runs `holidays`: one row a day off, with why and where the rule comes from.
pub fn holidays(ctx: &Context, args: &HolidaysArgs) -> Result<Outcome> {
    if !(1900..=2100).contains(&args.year) {
        let y = args.year;
        return Err(Error::Usage(msg!(
            "{y} is outside the years plan computes (1900–2100)",
            "{y} nằm ngoài khoảng năm plan tính được (1900–2100)"
        )));
    }
    let mut l = Listing::new(vec![
        Column::all("on", "Day"),
        Column::all("weekday", "Weekday"),
        Column::all("holiday", "Day off"),
        Column::all("source", "Source"),
    ]);
    let cal = work_calendar(ctx)?;
    for off in cal.days_off(args.year) {
        l.rows.push(vec![
            Value::Date(off.date),
            Value::Text(weekday(off.date).to_string()),
            Value::Text(reason(&off.reason)),
            Value::Text(off.source),
        ]);
    }
    // Saturdays worked in exchange, so that the listing says every day that is not as the week has it.
    for day in cal.swapped_working_days(args.year) {
        let name = &day.name;
        l.rows.push(vec![
            Value::Date(day.date),
            Value::Text(weekday(day.date).to_string()),
            Value::Text(msg!("a working day: {name}", "ngày làm việc: {name}")),
            Value::Text(day.source.clone()),
        ]);
    }
    l.rows.sort_by_key(|r| match &r[0] {
        Value::Date(d) => *d,
        _ => NaiveDate::MIN,
    });
    print(ctx, &l)?;
    Ok(Outcome::Clean)
}

fn name(h: Holiday) -> &'static str {
    match h {
        Holiday::NewYear => tr("New Year's Day", "Tết Dương lịch"),
        Holiday::LunarNewYear => tr("Lunar New Year (Tết)", "Tết Âm lịch"),
        Holiday::HungKings => tr("Hùng Kings' Commemoration", "Giỗ Tổ Hùng Vương"),
        Holiday::Victory => tr("Victory Day", "Ngày Chiến thắng"),
        Holiday::Labour => tr("International Labour Day", "Ngày Quốc tế lao động"),
        Holiday::National => tr("National Day", "Quốc khánh"),
        Holiday::NationalAdjacent => tr("the day beside National Day", "ngày liền kề Quốc khánh"),
    }
}

fn reason(r: &Reason) -> String {
    match r {
        Reason::Holiday(h) => name(*h).to_string(),
        Reason::Official(n) => n.clone(),
        Reason::Compensatory(h) => {
            let h = name(*h);
            msg!(
                "in place of {h} (on a weekly rest day)",
                "nghỉ bù {h} (trùng ngày nghỉ hằng tuần)"
            )
        }
    }
}

fn weekday(d: NaiveDate) -> &'static str {
    use chrono::Weekday::*;
    match d.weekday() {
        Mon => tr("Monday", "Thứ Hai"),
        Tue => tr("Tuesday", "Thứ Ba"),
        Wed => tr("Wednesday", "Thứ Tư"),
        Thu => tr("Thursday", "Thứ Năm"),
        Fri => tr("Friday", "Thứ Sáu"),
        Sat => tr("Saturday", "Thứ Bảy"),
        Sun => tr("Sunday", "Chủ nhật"),
    }
}

/// An offset as written: `+5wd` / `-3wd` (working days), `+10d` / `-10` (calendar days).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Offset {
    Working(i64),
    Calendar(i64),
}

fn offset(text: &str) -> Option<Offset> {
    let t = text.trim();
    let (sign, rest) = match t.as_bytes().first()? {
        b'+' => (1, &t[1..]),
        b'-' => (-1, &t[1..]),
        _ => (1, t),
    };
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let n: i64 = rest[..digits].parse().ok().filter(|n| *n <= 100_000)?;
    match &rest[digits..] {
        "wd" => Some(Offset::Working(sign * n)),
        "d" | "" => Some(Offset::Calendar(sign * n)),
        _ => None,
    }
}

/// Runs `days`: the date an offset from a day lands on, and what kind of day it is.
pub fn days(ctx: &Context, args: &DaysArgs) -> Result<Outcome> {
    let from =
        crate::date::parse(&args.date).map_err(|e| Error::Usage(format!("{}: {e}", args.date)))?;
    let Some(off) = offset(&args.offset) else {
        let o = &args.offset;
        return Err(Error::Usage(msg!(
            "`{o}` is no offset — write +5wd or -5wd for working days, +10d or -10d for calendar days",
            "`{o}` không phải độ lệch — hãy viết +5wd hoặc -5wd cho ngày làm việc, +10d hoặc -10d cho ngày lịch"
        )));
    };
    let cal = work_calendar(ctx)?;
    let to = match off {
        Offset::Working(n) => cal.add_working_days(from, n),
        Offset::Calendar(n) => from + Duration::days(n),
    };
    if !(1900..=2100).contains(&to.year()) {
        return Err(Error::Usage(
            tr(
                "the date falls outside the years plan computes (1900–2100)",
                "ngày tính ra nằm ngoài khoảng năm plan tính được (1900–2100)",
            )
            .into(),
        ));
    }
    let kind = if cal.is_working_day(to) {
        tr("a working day", "ngày làm việc")
    } else if calendar::is_weekend(to) {
        tr("a weekly rest day", "ngày nghỉ hằng tuần")
    } else {
        tr("a day off", "ngày nghỉ lễ, tết")
    };
    let mut l = Listing::new(vec![
        Column::all("from", "From"),
        Column::all("offset", "Offset"),
        Column::all("on", "Day"),
        Column::all("weekday", "Weekday"),
        Column::all("kind", "Kind"),
    ]);
    l.rows.push(vec![
        Value::Date(from),
        Value::Text(args.offset.clone()),
        Value::Date(to),
        Value::Text(weekday(to).to_string()),
        Value::Text(kind.to_string()),
    ]);
    print(ctx, &l)?;
    Ok(Outcome::Clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_are_read_as_written() {
        assert_eq!(offset("+5wd"), Some(Offset::Working(5)));
        assert_eq!(offset("-3wd"), Some(Offset::Working(-3)));
        assert_eq!(offset("10"), Some(Offset::Calendar(10)));
        assert_eq!(offset("-10d"), Some(Offset::Calendar(-10)));
        for bad in ["", "+", "5w", "+5 wd", "wd", "+99999999wd", "++5"] {
            assert_eq!(offset(bad), None, "{bad}");
        }
    }
}
