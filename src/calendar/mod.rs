//! The calendar Vietnamese offices work by: the days off of Bộ luật Lao động 2019 (Điều 112), computed on the
//! lunar calendar (see [`lunar`]), the compensatory days when one falls on a weekly rest day (Điều 111), and
//! arithmetic in calendar and working days for a clerk's questions.
//!
//! The rules this module keeps: a working day of a public office is Monday to Friday (Quyết định
//! 188/1999/QĐ-TTg) that is no day off; the statute fixes which holidays there are, while the exact days of
//! Tết Âm lịch and the day beside Quốc khánh are set each year — the defaults here are written down in
//! docs/decisions.md and each day says where it comes from.

pub mod lunar;

use crate::domain::{CalendarDay, DayKind};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use lunar::{LunarDate, VIETNAM};
use std::collections::BTreeMap;

/// A holiday of the statute.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Holiday {
    /// Tết Dương lịch, 1 January.
    NewYear,
    /// Tết Âm lịch: the last day of the lunar year and the first four of the next (five days).
    LunarNewYear,
    /// Giỗ Tổ Hùng Vương, 10/3 of the lunar calendar.
    HungKings,
    /// Ngày Chiến thắng, 30 April.
    Victory,
    /// Ngày Quốc tế lao động, 1 May.
    Labour,
    /// Quốc khánh, 2 September.
    National,
    /// The day beside Quốc khánh (1 or 3 September).
    NationalAdjacent,
}

/// Why a day is off.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Reason {
    /// The holiday itself.
    Holiday(Holiday),
    /// The working day after a holiday that fell on a weekly rest day (Điều 111, khoản 3).
    Compensatory(Holiday),
    /// A day off of the year's official schedule, as the announcement names it.
    Official(String),
}

/// One day off, why, and where that comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayOff {
    /// The day.
    pub date: NaiveDate,
    /// Why it is off.
    pub reason: Reason,
    /// The statute, or the announcement of the year's schedule.
    pub source: String,
}

/// Where the days off of the statute come from, as documents cite it.
pub const STATUTE: &str = "Bộ luật Lao động 2019, Điều 111–112";

fn day(year: i32, month: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, d).expect("a date of the calendar")
}

/// Whether a day is a weekly rest day of a public office (Saturday, Sunday).
pub fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// The holidays of a Gregorian year by the statute, in date order.
fn holidays(year: i32) -> Vec<(NaiveDate, Holiday)> {
    let mut out = vec![(day(year, 1, 1), Holiday::NewYear)];
    let tet = lunar::from_lunar(
        LunarDate {
            day: 1,
            month: 1,
            year,
            leap: false,
        },
        VIETNAM,
    );
    if let Some(tet) = tet {
        for offset in -1..=3 {
            out.push((tet + Duration::days(offset), Holiday::LunarNewYear));
        }
    }
    let hung = lunar::from_lunar(
        LunarDate {
            day: 10,
            month: 3,
            year,
            leap: false,
        },
        VIETNAM,
    );
    if let Some(hung) = hung {
        out.push((hung, Holiday::HungKings));
    }
    out.push((day(year, 4, 30), Holiday::Victory));
    out.push((day(year, 5, 1), Holiday::Labour));
    let national = day(year, 9, 2);
    out.push((national, Holiday::National));
    // The day beside it that makes the longer break: 3/9 after a Monday or a Thursday (a Sunday), 1/9 otherwise.
    let adjacent = match national.weekday() {
        Weekday::Mon | Weekday::Thu | Weekday::Sun => day(year, 9, 3),
        _ => day(year, 9, 1),
    };
    out.push((adjacent, Holiday::NationalAdjacent));
    out.sort();
    out
}

/// The days off of a year by the statute: its holidays, and for each one that falls on a Saturday or Sunday
/// the next working day, in date order.
fn statute_days_off(year: i32) -> Vec<DayOff> {
    let list = holidays(year);
    let taken: Vec<NaiveDate> = list.iter().map(|(d, _)| *d).collect();
    let statute = |date, reason| DayOff {
        date,
        reason,
        source: STATUTE.to_string(),
    };
    let mut out: Vec<DayOff> = list
        .iter()
        .map(|&(date, h)| statute(date, Reason::Holiday(h)))
        .collect();
    let mut compensated: Vec<NaiveDate> = Vec::new();
    for &(date, h) in &list {
        if !is_weekend(date) {
            continue;
        }
        let mut next = date + Duration::days(1);
        while is_weekend(next) || taken.contains(&next) || compensated.contains(&next) {
            next += Duration::days(1);
        }
        compensated.push(next);
        out.push(statute(next, Reason::Compensatory(h)));
    }
    out.sort_by(|a, b| (a.date, &a.reason).cmp(&(b.date, &b.reason)));
    out
}

/// The calendar a command counts by: the statute's days off, corrected day by day by the years' official
/// schedules the store holds (`[[calendar]]` entries of a registry file): a day the schedule gives off is
/// off, a day it gives to work (a swapped Saturday, a statute day not taken) is a working day.
#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    official: BTreeMap<NaiveDate, CalendarDay>,
}

impl WorkCalendar {
    /// The statute's calendar corrected by `official`.
    pub fn new(official: Vec<CalendarDay>) -> WorkCalendar {
        WorkCalendar {
            official: official.into_iter().map(|d| (d.date, d)).collect(),
        }
    }

    /// The days off of a year, in date order: the statute's not given to work by the official schedule,
    /// and the schedule's own.
    pub fn days_off(&self, year: i32) -> Vec<DayOff> {
        let mut out: Vec<DayOff> = statute_days_off(year)
            .into_iter()
            .filter(|o| {
                !self
                    .official
                    .get(&o.date)
                    .is_some_and(|d| d.kind == DayKind::Work)
            })
            .collect();
        for d in self.official.values().filter(|d| d.date.year() == year) {
            if d.kind == DayKind::Off && !out.iter().any(|o| o.date == d.date) {
                out.push(DayOff {
                    date: d.date,
                    reason: Reason::Official(d.name.clone()),
                    source: d.source.clone(),
                });
            }
        }
        out.sort_by(|a, b| (a.date, &a.reason).cmp(&(b.date, &b.reason)));
        out
    }

    /// The working days the official schedule adds (a Saturday or Sunday worked), in a year.
    pub fn swapped_working_days(&self, year: i32) -> Vec<&CalendarDay> {
        self.official
            .values()
            .filter(|d| d.date.year() == year && d.kind == DayKind::Work && is_weekend(d.date))
            .collect()
    }

    /// Whether a day is a working day of a public office: Monday to Friday and no day off, or a day the
    /// official schedule gives to work.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.official.get(&d) {
            Some(day) => day.kind == DayKind::Work,
            None => !is_weekend(d) && !statute_days_off(d.year()).iter().any(|o| o.date == d),
        }
    }

    /// The `n`-th working day after `from` (before it for a negative `n`); `from` itself for 0.
    pub fn add_working_days(&self, from: NaiveDate, n: i64) -> NaiveDate {
        let step = if n < 0 { -1 } else { 1 };
        let mut d = from;
        let mut left = n.abs();
        // The statute's days off are computed per year and kept while the count stays in it.
        let mut year = d.year();
        let mut off = statute_days_off(year);
        while left > 0 {
            d += Duration::days(step);
            if d.year() != year {
                year = d.year();
                off = statute_days_off(year);
            }
            let working = match self.official.get(&d) {
                Some(day) => day.kind == DayKind::Work,
                None => !is_weekend(d) && !off.iter().any(|o| o.date == d),
            };
            if working {
                left -= 1;
            }
        }
        d
    }

    /// The last day of a period of `days` calendar days counted from an event on `from`, by Bộ luật Dân sự
    /// 2015 (Điều 147–148): it starts the day after the event, and when its last day is a rest day or a
    /// holiday it ends at the end of the next working day.
    pub fn period_end(&self, from: NaiveDate, days: i64) -> NaiveDate {
        let mut end = from + Duration::days(days);
        while !self.is_working_day(end) {
            end += Duration::days(1);
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(dd: u32, mm: u32, yy: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(yy, mm, dd).unwrap()
    }

    fn statute() -> WorkCalendar {
        WorkCalendar::default()
    }

    fn off(year: i32) -> Vec<(NaiveDate, Reason)> {
        statute()
            .days_off(year)
            .into_iter()
            .map(|o| (o.date, o.reason))
            .collect()
    }

    #[test]
    fn the_days_off_of_2026_by_the_statute() {
        use Holiday::{
            HungKings, Labour, LunarNewYear, National, NationalAdjacent, NewYear, Victory,
        };
        let (h, c) = (Reason::Holiday, Reason::Compensatory);
        assert_eq!(
            off(2026),
            [
                (d(1, 1, 2026), h(NewYear)),
                // Tết on Tuesday 17/2: the last day of Ất Tỵ (Monday 16/2) and mùng 1–4.
                (d(16, 2, 2026), h(LunarNewYear)),
                (d(17, 2, 2026), h(LunarNewYear)),
                (d(18, 2, 2026), h(LunarNewYear)),
                (d(19, 2, 2026), h(LunarNewYear)),
                (d(20, 2, 2026), h(LunarNewYear)),
                // Giỗ Tổ on Sunday 26/4: the Monday after is off instead.
                (d(26, 4, 2026), h(HungKings)),
                (d(27, 4, 2026), c(HungKings)),
                (d(30, 4, 2026), h(Victory)),
                (d(1, 5, 2026), h(Labour)),
                (d(1, 9, 2026), h(NationalAdjacent)),
                (d(2, 9, 2026), h(National)),
            ]
        );
    }

    #[test]
    fn tet_and_gio_to_of_each_year_and_their_compensatory_days() {
        let tet_days = |year| -> Vec<NaiveDate> {
            statute()
                .days_off(year)
                .into_iter()
                .filter(|o| o.reason == Reason::Holiday(Holiday::LunarNewYear))
                .map(|o| o.date)
                .collect()
        };
        // The second of the five is mùng 1.
        assert_eq!(tet_days(2022)[1], d(1, 2, 2022));
        assert_eq!(tet_days(2023)[1], d(22, 1, 2023));
        assert_eq!(tet_days(2024)[1], d(10, 2, 2024));
        assert_eq!(tet_days(2025)[1], d(29, 1, 2025));
        assert_eq!(tet_days(2026)[1], d(17, 2, 2026));
        assert_eq!(tet_days(1985)[1], d(21, 1, 1985));
        let has = |year, date, reason| {
            statute()
                .days_off(year)
                .iter()
                .any(|o| o.date == date && o.reason == reason)
        };
        // Giỗ Tổ 2023 on Saturday 29/4, beside 30/4 (Sunday) and 1/5 (Monday): Tuesday 2/5 and Wednesday 3/5.
        assert!(has(
            2023,
            d(29, 4, 2023),
            Reason::Holiday(Holiday::HungKings)
        ));
        assert!(has(
            2023,
            d(2, 5, 2023),
            Reason::Compensatory(Holiday::HungKings)
        ));
        assert!(has(
            2023,
            d(3, 5, 2023),
            Reason::Compensatory(Holiday::Victory)
        ));
        // Tết Dương lịch 2022 on a Saturday: Monday 3/1.
        assert!(has(
            2022,
            d(3, 1, 2022),
            Reason::Compensatory(Holiday::NewYear)
        ));
        // Giỗ Tổ 2024 on Thursday 18/4, 2025 on Monday 7/4: no day added.
        assert!(has(
            2024,
            d(18, 4, 2024),
            Reason::Holiday(Holiday::HungKings)
        ));
        assert!(has(
            2025,
            d(7, 4, 2025),
            Reason::Holiday(Holiday::HungKings)
        ));
        // 2024: Tết from Friday 9/2 (the last day of Quý Mão) to Tuesday 13/2, its weekend given back on 14 and 15/2.
        assert!(has(
            2024,
            d(15, 2, 2024),
            Reason::Compensatory(Holiday::LunarNewYear)
        ));
        assert_eq!(statute().days_off(2024).len(), 13);
    }

    #[test]
    fn working_days_skip_weekends_and_days_off() {
        // Friday 13/2/2026, five working days on: Tết takes 16–20/2, so Friday 27/2.
        assert_eq!(
            statute().add_working_days(d(13, 2, 2026), 5),
            d(27, 2, 2026)
        );
        assert_eq!(
            statute().add_working_days(d(27, 2, 2026), -5),
            d(13, 2, 2026)
        );
        assert_eq!(
            statute().add_working_days(d(13, 2, 2026), 0),
            d(13, 2, 2026)
        );
        // Over New Year: 31/12/2025 (Wednesday) + 1 working day is Friday 2/1/2026.
        assert_eq!(
            statute().add_working_days(d(31, 12, 2025), 1),
            d(2, 1, 2026)
        );
        assert!(!statute().is_working_day(d(27, 4, 2026)));
        assert!(statute().is_working_day(d(28, 4, 2026)));
    }

    #[test]
    fn the_official_schedule_corrects_the_statute_day_by_day() {
        let day = |date, kind| CalendarDay {
            date,
            kind,
            name: "Tết Âm lịch".into(),
            source: "Thông báo của Bộ Nội vụ (thử)".into(),
        };
        // 2024: the schedule takes Thursday 8/2 off and works Thursday 15/2, which the statute gives back.
        let cal = WorkCalendar::new(vec![
            day(d(8, 2, 2024), DayKind::Off),
            day(d(15, 2, 2024), DayKind::Work),
            day(d(17, 2, 2024), DayKind::Work),
        ]);
        let off: Vec<NaiveDate> = cal.days_off(2024).iter().map(|o| o.date).collect();
        assert!(off.contains(&d(8, 2, 2024)) && !off.contains(&d(15, 2, 2024)));
        let official = cal
            .days_off(2024)
            .into_iter()
            .find(|o| o.date == d(8, 2, 2024))
            .unwrap();
        assert_eq!(official.source, "Thông báo của Bộ Nội vụ (thử)");
        assert!(cal.is_working_day(d(17, 2, 2024)), "a Saturday worked");
        assert_eq!(cal.swapped_working_days(2024).len(), 1);
        // From Wednesday 7/2: 1 working day is Thursday 15/2 (8/2 off, 9–14/2 Tết and its weekend).
        assert_eq!(cal.add_working_days(d(7, 2, 2024), 1), d(15, 2, 2024));
        assert_eq!(statute().add_working_days(d(7, 2, 2024), 1), d(8, 2, 2024));
    }

    #[test]
    fn a_period_ending_on_a_rest_day_ends_on_the_next_working_day() {
        // 10 days from Wednesday 8/4/2026 end on Saturday 18/4: Monday 20/4.
        assert_eq!(statute().period_end(d(8, 4, 2026), 10), d(20, 4, 2026));
        // 16 days from 10/4 end on Sunday 26/4 (Giỗ Tổ), Monday 27/4 is its compensatory day: Tuesday 28/4.
        assert_eq!(statute().period_end(d(10, 4, 2026), 16), d(28, 4, 2026));
        assert_eq!(statute().period_end(d(6, 4, 2026), 3), d(9, 4, 2026));
    }
}
