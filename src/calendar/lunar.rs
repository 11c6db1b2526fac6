//! The Vietnamese lunisolar calendar, computed: new moons and the sun's longitude by the astronomical
//! algorithms of Jean Meeus (as Hồ Ngọc Đức published them for the Vietnamese calendar), on Vietnam's time zone.
//!
//! The rules this module keeps: a lunar month starts on the day (UTC+7) of a new moon; month 11 holds the
//! winter solstice; a year of 13 months repeats the first month after month 11 that holds no major solar term;
//! the time zone is a parameter, because it decides the day a new moon falls on (in 1985 Vietnam's Tết came a
//! month before China's, on UTC+8).

use chrono::{Datelike, NaiveDate};
use std::f64::consts::PI;

/// Vietnam's time zone, in hours from UTC.
pub const VIETNAM: f64 = 7.0;

/// A day of the lunar calendar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LunarDate {
    /// Day of the month, 1–30.
    pub day: u32,
    /// Month, 1–12.
    pub month: u32,
    /// The lunar year (the one that starts at its Tết).
    pub year: i32,
    /// Whether the month is the year's leap month (tháng nhuận).
    pub leap: bool,
}

/// The Julian day number of a Gregorian date.
fn julian_day(d: NaiveDate) -> i64 {
    // chrono counts days from 0001-01-01 (day 1); its Julian day number is 1,721,425 more.
    i64::from(d.num_days_from_ce()) + 1_721_425
}

fn from_julian_day(jd: i64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(i32::try_from(jd - 1_721_425).ok()?)
}

/// The day (Julian day number, in `tz`) of the k-th new moon after 1/1/1900.
fn new_moon_day(k: i64, tz: f64) -> i64 {
    let k = k as f64;
    let t = k / 1236.85;
    let (t2, t3) = (t * t, t * t * t);
    let dr = PI / 180.0;
    let mut jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd1 += 0.00033 * ((166.56 + 132.87 * t - 0.009173 * t2) * dr).sin();
    let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3;
    let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3;
    let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3;
    let mut c1 = (0.1734 - 0.000393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
        -0.000278 + 0.000265 * t + 0.000262 * t2
    };
    let jd_new = jd1 + c1 - delta_t;
    (jd_new + 0.5 + tz / 24.0).floor() as i64
}

/// Which twelfth of the ecliptic (0–11, each 30°) the sun is in at the start of day `jd` in `tz`.
fn sun_longitude(jd: i64, tz: f64) -> i64 {
    let t = (jd as f64 - 2451545.5 - tz / 24.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    let mut dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * (dr * m).sin();
    dl += (0.019993 - 0.000101 * t) * (dr * 2.0 * m).sin() + 0.000290 * (dr * 3.0 * m).sin();
    let mut l = (l0 + dl) * dr;
    l -= PI * 2.0 * (l / (PI * 2.0)).floor();
    (l / PI * 6.0).floor() as i64
}

/// The first day of the lunar month 11 (the month of the winter solstice) of Gregorian year `year`.
fn month_11(year: i32, tz: f64) -> i64 {
    let end = NaiveDate::from_ymd_opt(year, 12, 31).expect("31 December exists");
    let off = julian_day(end) - 2415021;
    let k = (off as f64 / 29.530588853).floor() as i64;
    let nm = new_moon_day(k, tz);
    if sun_longitude(nm, tz) >= 9 {
        new_moon_day(k - 1, tz)
    } else {
        nm
    }
}

/// Which month after month 11 starting on `a11` is the leap month of a 13-month year (1 = the one right
/// after month 11): the first that holds no major solar term.
fn leap_month_offset(a11: i64, tz: f64) -> i64 {
    let k = ((a11 as f64 - 2415021.076998695) / 29.530588853 + 0.5).floor() as i64;
    let mut i = 1;
    let mut arc = sun_longitude(new_moon_day(k + i, tz), tz);
    loop {
        let last = arc;
        i += 1;
        arc = sun_longitude(new_moon_day(k + i, tz), tz);
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

/// The lunar date of a Gregorian date, in time zone `tz`.
pub fn to_lunar(date: NaiveDate, tz: f64) -> LunarDate {
    let day_number = julian_day(date);
    let k = ((day_number as f64 - 2415021.076998695) / 29.530588853).floor() as i64;
    let mut month_start = new_moon_day(k + 1, tz);
    if month_start > day_number {
        month_start = new_moon_day(k, tz);
    }
    let y = date.year();
    let mut a11 = month_11(y, tz);
    let mut b11 = a11;
    let mut year = y;
    if a11 >= month_start {
        a11 = month_11(y - 1, tz);
    } else {
        year = y + 1;
        b11 = month_11(y + 1, tz);
    }
    let day = (day_number - month_start + 1) as u32;
    let diff = ((month_start - a11) as f64 / 29.0).floor() as i64;
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11, tz);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        year -= 1;
    }
    LunarDate {
        day,
        month: month as u32,
        year,
        leap,
    }
}

/// The Gregorian date of a lunar date, in time zone `tz`; `None` for a leap month the year has not, or a
/// day the month has not.
pub fn from_lunar(l: LunarDate, tz: f64) -> Option<NaiveDate> {
    if !(1..=12).contains(&l.month) {
        return None;
    }
    let (a11, b11) = if l.month < 11 {
        (month_11(l.year - 1, tz), month_11(l.year, tz))
    } else {
        (month_11(l.year, tz), month_11(l.year + 1, tz))
    };
    let k = (0.5 + (a11 as f64 - 2415021.076998695) / 29.530588853).floor() as i64;
    let mut off = i64::from(l.month) - 11;
    if off < 0 {
        off += 12;
    }
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11, tz);
        let mut leap_month = leap_off - 2;
        if leap_month < 0 {
            leap_month += 12;
        }
        if l.leap && i64::from(l.month) != leap_month {
            return None;
        }
        if l.leap || off >= leap_off {
            off += 1;
        }
    } else if l.leap {
        return None;
    }
    let month_start = new_moon_day(k + off, tz);
    let next_start = new_moon_day(k + off + 1, tz);
    if l.day == 0 || i64::from(l.day) > next_start - month_start {
        return None;
    }
    from_julian_day(month_start + i64::from(l.day) - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32, month: u32, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, month, day).unwrap()
    }

    fn lunar(day: u32, month: u32, year: i32) -> LunarDate {
        LunarDate {
            day,
            month,
            year,
            leap: false,
        }
    }

    #[test]
    fn tet_and_gio_to_fall_where_they_fell() {
        // Tết (1/1 âm lịch) and Giỗ Tổ Hùng Vương (10/3 âm lịch), 2022–2026, as the official calendars have them.
        let tet = [
            (2022, d(1, 2, 2022)),
            (2023, d(22, 1, 2023)),
            (2024, d(10, 2, 2024)),
            (2025, d(29, 1, 2025)),
            (2026, d(17, 2, 2026)),
        ];
        let gio_to = [
            (2022, d(10, 4, 2022)),
            (2023, d(29, 4, 2023)),
            (2024, d(18, 4, 2024)),
            (2025, d(7, 4, 2025)),
            (2026, d(26, 4, 2026)),
        ];
        for (year, day) in tet {
            assert_eq!(
                from_lunar(lunar(1, 1, year), VIETNAM),
                Some(day),
                "Tết {year}"
            );
            assert_eq!(to_lunar(day, VIETNAM), lunar(1, 1, year));
        }
        for (year, day) in gio_to {
            assert_eq!(
                from_lunar(lunar(10, 3, year), VIETNAM),
                Some(day),
                "Giỗ Tổ {year}"
            );
        }
    }

    #[test]
    fn the_time_zone_decides_the_day_a_new_moon_falls_on() {
        // In 1985 Vietnam's Tết (UTC+7) was on 21 January, a month before China's (UTC+8), 20 February.
        assert_eq!(from_lunar(lunar(1, 1, 1985), VIETNAM), Some(d(21, 1, 1985)));
        assert_eq!(from_lunar(lunar(1, 1, 1985), 8.0), Some(d(20, 2, 1985)));
    }

    #[test]
    fn leap_months_are_where_they_were() {
        // 2023 had a leap second month (tháng 2 nhuận from 22/3/2023); 2025 a leap sixth month (from 25/7/2025).
        let leap = |day, month, year| LunarDate {
            day,
            month,
            year,
            leap: true,
        };
        assert_eq!(to_lunar(d(22, 3, 2023), VIETNAM), leap(1, 2, 2023));
        assert_eq!(from_lunar(leap(1, 6, 2025), VIETNAM), Some(d(25, 7, 2025)));
        assert_eq!(
            from_lunar(leap(1, 5, 2025), VIETNAM),
            None,
            "2025 has no leap fifth month"
        );
        assert_eq!(
            from_lunar(leap(1, 1, 2024), VIETNAM),
            None,
            "2024 has no leap month"
        );
        assert_eq!(
            from_lunar(lunar(1, 13, 2024), VIETNAM),
            None,
            "no thirteenth month"
        );
        assert_eq!(from_lunar(lunar(1, 0, 2024), VIETNAM), None);
        assert_eq!(from_lunar(lunar(31, 1, 2024), VIETNAM), None);
    }

    #[test]
    fn every_day_goes_to_the_lunar_calendar_and_back() {
        let mut day = d(1, 1, 1900);
        while day < d(31, 12, 2100) {
            let l = to_lunar(day, VIETNAM);
            assert!(
                (1..=30).contains(&l.day) && (1..=12).contains(&l.month),
                "{day}: {l:?}"
            );
            assert_eq!(from_lunar(l, VIETNAM), Some(day), "{day}: {l:?}");
            day += chrono::Duration::days(7);
        }
    }
}
