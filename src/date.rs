//! Day-first dates as Vietnamese write them, in and out.
//!
//! The rule this module keeps: a date written with slashes is always day/month/year. Month-first is never
//! guessed; a date that only makes sense month-first is an error that says so. ISO dates (2022-04-12) are
//! accepted too, because TOML and scripts write them.

use chrono::{Datelike, NaiveDate};
use std::fmt;

/// Why a piece of text is not a date, worded so that a clerk can fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateError {
    /// What is wrong.
    pub what: String,
    /// How to write it instead.
    pub fix: String,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} — {}", self.what, self.fix)
    }
}

impl std::error::Error for DateError {}

fn day_first() -> &'static str {
    crate::i18n::tr(
        "write it day first, e.g. 12/4/2022 or 2022-04-12",
        "hãy viết ngày trước, ví dụ 12/4/2022 hoặc 2022-04-12",
    )
}

fn err(what: String, fix: impl Into<String>) -> DateError {
    DateError {
        what,
        fix: fix.into(),
    }
}

/// Parses `12/4/2022`, `12/04/2022`, `12-4-2022`, `12.4.2022` (day first) or `2022-04-12` (ISO).
pub fn parse(text: &str) -> Result<NaiveDate, DateError> {
    let t = text.trim();
    if t.is_empty() {
        return Err(err(
            crate::i18n::tr("the date is empty", "ngày để trống").into(),
            day_first(),
        ));
    }
    let iso = t.len() >= 8
        && t.as_bytes().get(4) == Some(&b'-')
        && t[..4].bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = t.split(['/', '-', '.']).collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()))
    {
        return Err(err(
            crate::msg!("'{t}' is not a date", "'{t}' không phải là ngày"),
            day_first(),
        ));
    }
    let num = |p: &str| {
        p.parse::<u32>().map_err(|_| {
            err(
                crate::msg!(
                    "'{t}' has a number too large to be a date",
                    "'{t}' có số quá lớn, không thể là ngày"
                ),
                day_first(),
            )
        })
    };
    let (day, month, year) = if iso {
        (num(parts[2])?, num(parts[1])?, num(parts[0])?)
    } else {
        (num(parts[0])?, num(parts[1])?, num(parts[2])?)
    };
    if !iso && parts[0].len() == 4 && parts[2].len() <= 2 {
        // "2022/04/12": the year first with slashes or dots is no form of ours; say how it is written.
        let (y, m, d) = (day, month, year);
        return Err(err(
            crate::msg!("'{t}' puts the year first", "'{t}' viết năm trước"),
            crate::msg!(
                "dates are day/month/year: write {d}/{m}/{y} (or {y:04}-{m:02}-{d:02})",
                "ngày viết theo ngày/tháng/năm: hãy viết {d}/{m}/{y} (hoặc {y:04}-{m:02}-{d:02})"
            ),
        ));
    }
    if !iso && parts[2].len() != 4 {
        return Err(err(
            crate::msg!(
                "'{t}' has no four-digit year",
                "'{t}' không có năm đủ bốn chữ số"
            ),
            crate::msg!(
                "write the year in full, e.g. {day}/{month}/2022",
                "hãy viết năm đầy đủ, ví dụ {day}/{month}/2022"
            ),
        ));
    }
    if !(1000..=9999).contains(&year) {
        return Err(err(
            crate::msg!(
                "'{t}': year {year} is out of range",
                "'{t}': năm {year} nằm ngoài phạm vi cho phép"
            ),
            crate::i18n::tr(
                "write a year from 1000 to 9999",
                "hãy viết năm từ 1000 đến 9999",
            ),
        ));
    }
    if month == 0 || month > 12 {
        let fix = if !iso && (1..=12).contains(&day) && (13..=31).contains(&month) {
            crate::msg!(
                "it looks month-first; dates are day/month/year, so write {month}/{day}/{year}",
                "có vẻ đã viết tháng trước; ngày viết theo ngày/tháng/năm, vậy hãy viết {month}/{day}/{year}"
            )
        } else {
            crate::i18n::tr(
                "dates are day/month/year, e.g. 12/4/2022",
                "ngày viết theo ngày/tháng/năm, ví dụ 12/4/2022",
            )
            .to_string()
        };
        return Err(err(
            crate::msg!(
                "'{t}': month {month} does not exist",
                "'{t}': không có tháng {month}"
            ),
            fix,
        ));
    }
    NaiveDate::from_ymd_opt(year as i32, month, day).ok_or_else(|| {
        let last = last_day_of_month(year as i32, month);
        err(
            crate::msg!(
                "'{t}': {month:02}/{year} has no day {day} (it has {last} days)",
                "'{t}': tháng {month:02}/{year} không có ngày {day} (tháng này có {last} ngày)"
            ),
            crate::i18n::tr("dates are day/month/year", "ngày viết theo ngày/tháng/năm"),
        )
    })
}

/// The number of days in a month.
pub fn last_day_of_month(year: i32, month: u32) -> u32 {
    let (ny, nm) = if month == 12 {
        (year + 1, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(ny, nm, 1)
        .and_then(|d| d.pred_opt())
        .map_or(28, |d| d.day())
}

/// Parses the ISO 8601 form the store keeps (`2022-04-12`, or a signed year as [`format_iso`] writes it).
pub fn parse_iso(text: &str) -> Option<NaiveDate> {
    let b = text.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        // Read directly: chrono parses its format string again for every date, and status reads three dates
        // a row.
        let num = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u32, |n, c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        return NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?);
    }
    NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()
}

/// Formats a date day first with two-digit day and month: `12/04/2022`.
pub fn format_vn(date: NaiveDate) -> String {
    match date.year() {
        // Written directly: chrono's format strings are parsed again for every date, a tenth of the time
        // of a large export.
        0..=9999 => format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year()),
        _ => date.format("%d/%m/%Y").to_string(),
    }
}

/// Formats a date as ISO 8601 (`2022-04-12`), the form used in JSON, CSV and TSV.
pub fn format_iso(date: NaiveDate) -> String {
    match date.year() {
        0..=9999 => format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day()),
        // ISO 8601 signs years outside four digits; chrono knows how.
        _ => date.format("%Y-%m-%d").to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn day_first_forms() {
        assert_eq!(parse("12/4/2022"), Ok(d(2022, 4, 12)));
        assert_eq!(parse("12/04/2022"), Ok(d(2022, 4, 12)));
        assert_eq!(parse(" 03/3/2022 "), Ok(d(2022, 3, 3)));
        assert_eq!(parse("4/12/2022"), Ok(d(2022, 12, 4)));
        assert_eq!(parse("12-4-2022"), Ok(d(2022, 4, 12)));
        assert_eq!(parse("12.4.2022"), Ok(d(2022, 4, 12)));
        assert_eq!(parse("2022-04-12"), Ok(d(2022, 4, 12)));
        assert_eq!(parse("29/2/2024"), Ok(d(2024, 2, 29)));
    }

    #[test]
    fn month_first_is_never_guessed() {
        let e = parse("12/25/2022").unwrap_err();
        assert_eq!(
            e.to_string(),
            "'12/25/2022': month 25 does not exist — it looks month-first; dates are day/month/year, so write 25/12/2022"
        );
    }

    #[test]
    fn impossible_days() {
        assert_eq!(
            parse("31/2/2022").unwrap_err().to_string(),
            "'31/2/2022': 02/2022 has no day 31 (it has 28 days) — dates are day/month/year"
        );
        assert!(parse("29/2/2023").is_err());
        assert!(parse("31/4/2022").is_err());
        assert!(parse("0/0/0").is_err());
        assert!(parse("1/1/99999").is_err());
        assert!(parse("12/4/22").is_err());
        assert!(parse("").is_err());
        assert!(parse("hôm nay").is_err());
        assert!(parse("99999999999/1/2022").is_err());
    }

    #[test]
    fn formats() {
        assert_eq!(format_vn(d(2022, 4, 2)), "02/04/2022");
        assert_eq!(format_iso(d(2022, 4, 2)), "2022-04-02");
        assert_eq!(format_iso(d(12, 1, 9)), "0012-01-09");
        assert_eq!(format_vn(d(12, 1, 9)), "09/01/0012");
        // Outside four digits, the same as chrono's own formatting.
        for date in [d(10000, 3, 1), d(-1, 3, 1), NaiveDate::MAX, NaiveDate::MIN] {
            assert_eq!(format_iso(date), date.format("%Y-%m-%d").to_string());
            assert_eq!(format_vn(date), date.format("%d/%m/%Y").to_string());
        }
        for date in [
            d(2022, 4, 12),
            d(12, 1, 9),
            d(2024, 2, 29),
            d(10000, 3, 1),
            d(-1, 3, 1),
        ] {
            assert_eq!(parse_iso(&format_iso(date)), Some(date), "{date}");
        }
        for bad in [
            "2023-02-29",
            "2022-13-01",
            "2022-04-1x",
            "12/04/2022",
            "",
            "+202-04-12",
        ] {
            assert_eq!(parse_iso(bad), None, "{bad}");
        }
        assert_eq!(last_day_of_month(2024, 2), 29);
        assert_eq!(last_day_of_month(2022, 12), 31);
    }
}
