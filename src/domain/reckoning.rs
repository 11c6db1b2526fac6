//! Deadlines counted from an event ("trước ngày bầu cử 95 ngày", "trong 05 ngày làm việc kể từ ngày kết thúc
//! hội nghị"): the event a plan declares, the dates recorded for it, and the rule that turns an event's date
//! into a due date on the working calendar.
//!
//! An event's date is known from a day on: the plan file's own date always, a recorded date from the day the
//! record says it was set (the day the event happened, or the day a decision fixed it in advance). A moved
//! date is a new record, a mistaken one is retracted by another: what was recorded stays in the history, and
//! a status as of a day answers by the dates known by then (a date recorded late counts from its own day, as
//! late progress does).

use crate::calendar::WorkCalendar;
use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// An event a plan counts deadlines from ("ngày bầu cử", "hội nghị hiệp thương lần thứ nhất").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanEvent {
    /// Stable ASCII id (`bau-cu`).
    pub id: String,
    /// Its name as the plan writes it.
    pub name: String,
    /// Its date, when the plan gives one.
    pub date: Option<NaiveDate>,
}

/// A date recorded for an event: when it happened, or when a decision fixed it.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDate {
    /// Its number in the history.
    pub id: i64,
    /// The event's date.
    pub on: NaiveDate,
    /// The first day the date was known (the event's own day, or the day a decision set it).
    pub since: NaiveDate,
    /// The document that proves it.
    pub evidence: Option<String>,
}

/// Whether an offset counts every day or working days only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayCount {
    /// Ngày (lịch).
    Calendar,
    /// Ngày làm việc.
    Working,
}

/// A signed number of days from an event: `-95d`, `+5wd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Offset {
    /// Negative before the event, positive after it.
    pub days: i64,
    /// How the days are counted.
    pub count: DayCount,
}

/// The largest offset a plan may write: ten years of days.
pub const MAX_OFFSET: i64 = 3660;

impl Offset {
    /// Reads `+5wd`, `-3wd` (working days), `+10d`, `-95d` or `-95` (calendar days).
    pub fn parse(text: &str) -> Option<Offset> {
        let t = text.trim();
        let (sign, rest) = match t.as_bytes().first()? {
            b'+' => (1, &t[1..]),
            b'-' => (-1, &t[1..]),
            _ => (1, t),
        };
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 6 {
            return None;
        }
        let n: i64 = rest[..digits].parse().ok()?;
        let count = match &rest[digits..] {
            "wd" => DayCount::Working,
            "d" | "" => DayCount::Calendar,
            _ => return None,
        };
        Some(Offset {
            days: sign * n,
            count,
        })
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = match self.count {
            DayCount::Calendar => "d",
            DayCount::Working => "wd",
        };
        write!(f, "{:+}{unit}", self.days)
    }
}

/// What happens when a count in calendar days lands on a rest day or a holiday.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RestDay {
    /// The day counted is the deadline, whatever day it is (election law counts exact days).
    Keep,
    /// The period ends at the end of the next working day (Bộ luật Dân sự 2015, Điều 148 khoản 5).
    NextWorkingDay,
}

impl RestDay {
    /// The word used in plan files.
    pub fn as_str(self) -> &'static str {
        match self {
            RestDay::Keep => "keep",
            RestDay::NextWorkingDay => "next-working-day",
        }
    }

    /// Reads the word used in plan files.
    pub fn parse(word: &str) -> Option<RestDay> {
        [RestDay::Keep, RestDay::NextWorkingDay]
            .into_iter()
            .find(|r| r.as_str() == word)
    }

    /// The rule a wording implies when the file names none: a "thời hạn" (a period, in the civil code's sense)
    /// counted after an event ends on a working day; every other count is exact.
    pub fn from_wording(wording: &str, offset: Offset) -> RestDay {
        let w = crate::text::fold(wording);
        if offset.days > 0 && offset.count == DayCount::Calendar && w.contains("thoi han") {
            RestDay::NextWorkingDay
        } else {
            RestDay::Keep
        }
    }
}

/// How a deadline is counted from an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reckoning {
    /// The event's id in the plan.
    pub event: String,
    /// The event's name, as the plan writes it (kept with the rule, for showing it).
    pub event_name: String,
    /// Days before or after it.
    pub offset: Offset,
    /// What a count landing on a rest day does.
    pub rest_day: RestDay,
}

impl Reckoning {
    /// The due date when the event falls on `event_on`. A count in working days lands on a working day (`+0wd`
    /// of a rest day: the next one); a count in calendar days lands where it falls unless the deadline ends on
    /// the next working day.
    pub fn due(&self, event_on: NaiveDate, cal: &WorkCalendar) -> NaiveDate {
        match (self.offset.count, self.rest_day) {
            // "+0wd": the event's day when it is a working day, else the next one.
            (DayCount::Working, _) if self.offset.days == 0 && !cal.is_working_day(event_on) => {
                cal.add_working_days(event_on, 1)
            }
            (DayCount::Working, _) => cal.add_working_days(event_on, self.offset.days),
            (DayCount::Calendar, RestDay::Keep) => event_on + Duration::days(self.offset.days),
            (DayCount::Calendar, RestDay::NextWorkingDay) => {
                cal.period_end(event_on, self.offset.days)
            }
        }
    }

    /// The event date a written due date implies, for a count in calendar days kept exact: the one check
    /// that needs no event date (a working-day count has many).
    pub fn event_for(&self, due: NaiveDate) -> Option<NaiveDate> {
        (self.offset.count == DayCount::Calendar && self.rest_day == RestDay::Keep)
            .then(|| due - Duration::days(self.offset.days))
    }
}

/// A counted deadline's terms as the store keeps them (JSON in `deadlines.reckoning`): what its occurrences
/// are counted again from when an event's date is recorded or the calendar changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Terms {
    /// The event and the count.
    #[serde(flatten)]
    pub reckoning: Reckoning,
    /// Before or by the day counted.
    pub rule: super::Rule,
    /// The date the plan also writes, when it does.
    pub written: Option<NaiveDate>,
}

/// One date an event was known by, from a day on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Known {
    /// From this day on; `None` for the plan file's own date (known from the start).
    pub since: Option<NaiveDate>,
    /// The event's date.
    pub on: NaiveDate,
    /// The record that set it (none for the plan file's date).
    pub record: Option<i64>,
}

/// The dates an event was known by, in the order they took effect: the plan file's own date, then each
/// recorded date from its day on (a later record of the same day wins). A record repeating the date in
/// force changes nothing and is left out.
pub fn known_dates(planned: Option<NaiveDate>, records: &[EventDate]) -> Vec<Known> {
    let mut sorted: Vec<&EventDate> = records.iter().collect();
    sorted.sort_by_key(|r| (r.since, r.id));
    let mut out: Vec<Known> = planned
        .map(|on| Known {
            since: None,
            on,
            record: None,
        })
        .into_iter()
        .collect();
    for r in sorted {
        let k = Known {
            since: Some(r.since),
            on: r.on,
            record: Some(r.id),
        };
        match out.last_mut() {
            Some(last) if last.since == k.since => *last = k,
            Some(last) if last.on == k.on => {}
            _ => out.push(k),
        }
    }
    // A same-day replacement may now repeat the date before it.
    out.dedup_by(|b, a| a.on == b.on);
    out
}

/// The date in force on a day: the latest known by then.
pub fn date_on(known: &[Known], day: NaiveDate) -> Option<Known> {
    known
        .iter()
        .rev()
        .find(|k| k.since.is_none_or(|s| s <= day))
        .copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(dd: u32, mm: u32, yy: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(yy, mm, dd).unwrap()
    }

    fn reckoning(offset: &str, rest_day: RestDay) -> Reckoning {
        Reckoning {
            event: "bau-cu".into(),
            event_name: "ngày bầu cử".into(),
            offset: Offset::parse(offset).unwrap(),
            rest_day,
        }
    }

    #[test]
    fn offsets_read_and_print_back() {
        for (text, days, count, shown) in [
            ("-95d", -95, DayCount::Calendar, "-95d"),
            ("+5wd", 5, DayCount::Working, "+5wd"),
            ("10", 10, DayCount::Calendar, "+10d"),
            ("-0d", 0, DayCount::Calendar, "+0d"),
        ] {
            let o = Offset::parse(text).unwrap();
            assert_eq!((o.days, o.count), (days, count), "{text}");
            assert_eq!(o.to_string(), shown);
        }
        for bad in [
            "",
            "+",
            "5w",
            "+5 wd",
            "wd",
            "+9999999d",
            "++5",
            "-5dd",
            "5.5d",
        ] {
            assert_eq!(Offset::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_election_countdown_is_exact_days() {
        // "Chậm nhất ngày 10/12/2025 (trước ngày bầu cử 95 ngày)", election day 15/3/2026.
        let r = reckoning("-95d", RestDay::Keep);
        let cal = WorkCalendar::default();
        assert_eq!(r.due(d(15, 3, 2026), &cal), d(10, 12, 2025));
        assert_eq!(r.event_for(d(10, 12, 2025)), Some(d(15, 3, 2026)));
        // 10 days before a Sunday election is a Thursday; 4/3/2026 is kept even were it a rest day.
        assert_eq!(
            reckoning("-10d", RestDay::Keep).due(d(15, 3, 2026), &cal),
            d(5, 3, 2026)
        );
    }

    #[test]
    fn working_days_skip_weekends_and_tet() {
        let cal = WorkCalendar::default();
        // A conference on Friday 13/2/2026, the eve of Tết's days off (16–20/2): five working days end on 27/2.
        let r = reckoning("+5wd", RestDay::Keep);
        assert_eq!(r.due(d(13, 2, 2026), &cal), d(27, 2, 2026));
        assert_eq!(r.event_for(d(27, 2, 2026)), None);
        // "+0wd" from a Sunday is the Monday after.
        assert_eq!(
            reckoning("+0wd", RestDay::Keep).due(d(15, 3, 2026), &cal),
            d(16, 3, 2026)
        );
        // Five working days before Monday 4/5/2026 skip the weekends, 30/4, 1/5 and 27/4 (Giỗ Tổ fell on
        // Sunday 26/4, given back on the Monday).
        assert_eq!(
            reckoning("-5wd", RestDay::Keep).due(d(4, 5, 2026), &cal),
            d(22, 4, 2026)
        );
    }

    #[test]
    fn a_period_ending_on_a_rest_day_ends_on_the_next_working_day() {
        let cal = WorkCalendar::default();
        // 10 days from Wednesday 22/4/2026 is Saturday 2/5: the period ends on Monday 4/5.
        let r = reckoning("+10d", RestDay::NextWorkingDay);
        assert_eq!(r.due(d(22, 4, 2026), &cal), d(4, 5, 2026));
        assert_eq!(
            reckoning("+10d", RestDay::Keep).due(d(22, 4, 2026), &cal),
            d(2, 5, 2026)
        );
        assert_eq!(
            RestDay::from_wording("trong thời hạn 10 ngày kể từ ngày nhận", r.offset),
            RestDay::NextWorkingDay
        );
        assert_eq!(
            RestDay::from_wording("trước ngày bầu cử 10 ngày", Offset::parse("-10d").unwrap()),
            RestDay::Keep
        );
    }

    #[test]
    fn known_dates_follow_records_by_the_day_they_were_set() {
        let rec = |id, on, since| EventDate {
            id,
            on,
            since,
            evidence: None,
        };
        let records = [
            rec(7, d(22, 3, 2026), d(10, 1, 2026)),
            rec(3, d(15, 3, 2026), d(1, 12, 2025)), // repeats the plan's date: no change
            rec(9, d(29, 3, 2026), d(10, 1, 2026)), // same day, later record: replaces id 7
        ];
        let known = known_dates(Some(d(15, 3, 2026)), &records);
        assert_eq!(known.len(), 2, "{known:?}");
        assert_eq!(date_on(&known, d(9, 1, 2026)).unwrap().on, d(15, 3, 2026));
        let moved = date_on(&known, d(10, 1, 2026)).unwrap();
        assert_eq!((moved.on, moved.record), (d(29, 3, 2026), Some(9)));
        // Without a planned date the event is unknown until its first record.
        let unplanned = known_dates(None, &records);
        assert_eq!(date_on(&unplanned, d(30, 11, 2025)), None);
        assert_eq!(
            date_on(&unplanned, d(1, 12, 2025)).unwrap().on,
            d(15, 3, 2026)
        );
    }
}
