//! Reporting periods: months, quarters, half-years and years, named as `2022-05`, `2022-Q2`, `2022-H1`, `2022`.

use crate::date::last_day_of_month;
use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

/// How often a recurring deadline comes back.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Every {
    /// Once a month ("hằng tháng").
    Month,
    /// Once a quarter ("hằng quý").
    Quarter,
    /// Twice a year ("06 tháng").
    HalfYear,
    /// Once a year ("hằng năm").
    Year,
}

impl Every {
    /// The word used in plan files.
    pub fn as_str(self) -> &'static str {
        match self {
            Every::Month => "month",
            Every::Quarter => "quarter",
            Every::HalfYear => "half-year",
            Every::Year => "year",
        }
    }

    /// Reads the word used in plan files.
    pub fn parse(word: &str) -> Option<Every> {
        match word {
            "month" => Some(Every::Month),
            "quarter" => Some(Every::Quarter),
            "half-year" => Some(Every::HalfYear),
            "year" => Some(Every::Year),
            _ => None,
        }
    }

    fn months(self) -> u32 {
        match self {
            Every::Month => 1,
            Every::Quarter => 3,
            Every::HalfYear => 6,
            Every::Year => 12,
        }
    }
}

/// One period: the `index`-th month, quarter or half of `year` (1-based), or the whole year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Period {
    /// The calendar year.
    pub year: i32,
    /// 1-based position in the year: month 1–12, quarter 1–4, half 1–2, or 1 for a year.
    pub index: u32,
    /// The length of the period.
    pub every: Every,
}

/// Which month of a period a recurring deadline's day is of: "trước ngày 20 của tháng cuối quý" (the last),
/// "trước ngày 05 của tháng liền kề" (the one after the period).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MonthOf {
    /// The period's last month.
    #[default]
    Last,
    /// The month after the period.
    Next,
}

impl MonthOf {
    /// The word used in plan files.
    pub fn as_str(self) -> &'static str {
        match self {
            MonthOf::Last => "last",
            MonthOf::Next => "next",
        }
    }

    /// Reads the word used in plan files.
    pub fn parse(word: &str) -> Option<MonthOf> {
        [MonthOf::Last, MonthOf::Next]
            .into_iter()
            .find(|m| m.as_str() == word)
    }
}

impl Period {
    /// Day `day` of the month `month` names (the month's last day when it is shorter).
    pub fn day_of(self, month: MonthOf, day: u32) -> NaiveDate {
        let (year, month) = match (month, self.last_month()) {
            (MonthOf::Last, m) => (self.year, m),
            (MonthOf::Next, 12) => (self.year + 1, 1),
            (MonthOf::Next, m) => (self.year, m + 1),
        };
        let day = day.min(last_day_of_month(year, month));
        NaiveDate::from_ymd_opt(year, month, day).expect("clamped day")
    }

    /// The period of kind `every` that holds `date`.
    pub fn containing(every: Every, date: NaiveDate) -> Period {
        Period {
            year: date.year(),
            index: (date.month() - 1) / every.months() + 1,
            every,
        }
    }

    /// The first day of the period.
    pub fn first_day(self) -> NaiveDate {
        let month = (self.index - 1) * self.every.months() + 1;
        NaiveDate::from_ymd_opt(self.year, month, 1).expect("period months are 1-12")
    }

    /// The last month of the period (1–12).
    pub fn last_month(self) -> u32 {
        self.index * self.every.months()
    }

    /// The last day of the period.
    pub fn last_day(self) -> NaiveDate {
        let month = self.last_month();
        NaiveDate::from_ymd_opt(self.year, month, last_day_of_month(self.year, month))
            .expect("valid month end")
    }

    /// The period right after this one.
    pub fn next(self) -> Period {
        if self.last_month() >= 12 {
            Period {
                year: self.year + 1,
                index: 1,
                every: self.every,
            }
        } else {
            Period {
                index: self.index + 1,
                ..self
            }
        }
    }

    /// Whether `date` falls in this period.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.first_day() <= date && date <= self.last_day()
    }
}

impl Period {
    /// Reads a period as a clerk types it: the plan-file names (`2022-Q2`), or the Vietnamese ones — "Quý
    /// II/2022", "Q2/2022", "quý 2 năm 2022", "6 tháng đầu năm 2022", "6 tháng cuối năm 2022", "năm 2022",
    /// "tháng 5/2022", "05/2022" — with or without diacritics.
    pub fn read(text: &str) -> Result<Period, String> {
        if let Ok(p) = text.parse() {
            return Ok(p);
        }
        let bad = || {
            crate::msg!(
                "'{text}' is not a period — write 2022-Q2 or Quý II/2022 (quarter), 2022-H1 or 6 tháng đầu năm 2022 (half-year), 2022-05 or tháng 5/2022 (month), 2022 or năm 2022 (year)",
                "'{text}' không phải là kỳ — hãy viết Quý II/2022 hoặc 2022-Q2 (quý), 6 tháng đầu năm 2022 hoặc 2022-H1 (6 tháng), tháng 5/2022 hoặc 2022-05 (tháng), năm 2022 hoặc 2022 (năm)"
            )
        };
        let key = crate::text::word_key(text);
        let words: Vec<&str> = key.split(' ').filter(|w| !w.is_empty()).collect();
        let years: Vec<i32> = words
            .iter()
            .filter(|w| w.len() == 4)
            .filter_map(|w| w.parse().ok())
            .collect();
        let [year] = years[..] else { return Err(bad()) };
        // What is left once the year and the word "năm" are set aside says which period of it.
        let rest: Vec<&str> = words
            .iter()
            .copied()
            .filter(|w| *w != year.to_string() && *w != "nam")
            .collect();
        let (every, index) = match rest[..] {
            [] => (Every::Year, Some(1)),
            ["quy", n] => (Every::Quarter, small(n)),
            [q] if q.starts_with('q') => (Every::Quarter, small(&q[1..])),
            [h] if h.starts_with('h') => (Every::HalfYear, small(&h[1..])),
            ["6" | "06" | "sau", "thang", "dau"] => (Every::HalfYear, Some(1)),
            ["6" | "06" | "sau", "thang", "cuoi"] => (Every::HalfYear, Some(2)),
            ["thang", n] | [n] => (Every::Month, small(n)),
            _ => return Err(bad()),
        };
        let index = index
            .filter(|&i| i >= 1 && i * every.months() <= 12)
            .ok_or_else(bad)?;
        Ok(Period { year, index, every })
    }

    /// The period's Vietnamese name, as documents write it: "tháng 5/2022", "Quý II/2022", "6 tháng đầu năm
    /// 2022", "năm 2022".
    pub fn vi_name(self) -> String {
        let y = self.year;
        match (self.every, self.index) {
            (Every::Month, m) => format!("tháng {m}/{y}"),
            (Every::Quarter, q) => format!(
                "Quý {}/{y}",
                ["I", "II", "III", "IV"][(q as usize - 1).min(3)]
            ),
            (Every::HalfYear, 1) => format!("6 tháng đầu năm {y}"),
            (Every::HalfYear, _) => format!("6 tháng cuối năm {y}"),
            (Every::Year, _) => format!("năm {y}"),
        }
    }
}

/// A number up to 12 written in digits or Roman numerals (folded: "ii").
fn small(word: &str) -> Option<u32> {
    if let Ok(n) = word.parse::<u32>() {
        return (n <= 12).then_some(n);
    }
    [
        "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
    ]
    .iter()
    .position(|r| *r == word)
    .map(|i| i as u32 + 1)
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.every {
            Every::Month => write!(f, "{}-{:02}", self.year, self.index),
            Every::Quarter => write!(f, "{}-Q{}", self.year, self.index),
            Every::HalfYear => write!(f, "{}-H{}", self.year, self.index),
            Every::Year => write!(f, "{}", self.year),
        }
    }
}

impl FromStr for Period {
    type Err = String;

    /// Reads `2022-05`, `2022-Q2`, `2022-H1` or `2022` (case-insensitive).
    fn from_str(s: &str) -> Result<Period, String> {
        let bad = || {
            crate::msg!(
                "'{s}' is not a period — write 2022-05 (month), 2022-Q2 (quarter), 2022-H1 (half-year) or 2022 (year)",
                "'{s}' không phải là kỳ — hãy viết 2022-05 (tháng), 2022-Q2 (quý), 2022-H1 (6 tháng) hoặc 2022 (năm)"
            )
        };
        let t = s.trim().to_ascii_uppercase();
        let (year, rest) = match t.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (t.as_str(), None),
        };
        if year.len() != 4 {
            return Err(bad());
        }
        let year: i32 = year.parse().map_err(|_| bad())?;
        let (every, index) = match rest {
            None => (Every::Year, 1),
            Some(r) if r.starts_with('Q') => (Every::Quarter, r[1..].parse().map_err(|_| bad())?),
            Some(r) if r.starts_with('H') => (Every::HalfYear, r[1..].parse().map_err(|_| bad())?),
            Some(r) => (Every::Month, r.parse().map_err(|_| bad())?),
        };
        if index == 0 || index * every.months() > 12 {
            return Err(bad());
        }
        Ok(Period { year, index, every })
    }
}

/// Periods travel as their names (`"2022-Q2"`) in stored JSON.
impl serde::Serialize for Period {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Period {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Period, D::Error> {
        let name = String::deserialize(d)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_of_a_month_of_the_period() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let q = |y, i| Period {
            year: y,
            index: i,
            every: Every::Quarter,
        };
        let h = |y, i| Period {
            year: y,
            index: i,
            every: Every::HalfYear,
        };
        let m = |y, i| Period {
            year: y,
            index: i,
            every: Every::Month,
        };
        // "trước ngày 20 của tháng cuối quý", "ngày 15/6 và 15/12", "trước ngày 05 của tháng liền kề".
        assert_eq!(q(2026, 1).day_of(MonthOf::Last, 20), d(2026, 3, 20));
        assert_eq!(h(2026, 1).day_of(MonthOf::Last, 15), d(2026, 6, 15));
        assert_eq!(h(2026, 2).day_of(MonthOf::Last, 15), d(2026, 12, 15));
        assert_eq!(m(2026, 5).day_of(MonthOf::Next, 5), d(2026, 6, 5));
        // December's next month is January of the next year; a day past the month's end is its last day.
        assert_eq!(m(2025, 12).day_of(MonthOf::Next, 5), d(2026, 1, 5));
        assert_eq!(q(2026, 4).day_of(MonthOf::Next, 31), d(2027, 1, 31));
        assert_eq!(m(2026, 1).day_of(MonthOf::Next, 31), d(2026, 2, 28));
        assert_eq!(m(2024, 1).day_of(MonthOf::Next, 30), d(2024, 2, 29));
        assert_eq!(MonthOf::parse("next"), Some(MonthOf::Next));
        assert_eq!(MonthOf::parse("sau"), None);
    }

    #[test]
    fn vietnamese_period_names_are_read() {
        for (text, name) in [
            ("Quý II/2022", "2022-Q2"),
            ("quý II/2022", "2022-Q2"),
            ("Quy II/2022", "2022-Q2"),
            ("Q2/2022", "2022-Q2"),
            ("q2-2022", "2022-Q2"),
            ("quý 2 năm 2022", "2022-Q2"),
            ("Quý IV năm 2022", "2022-Q4"),
            ("6 tháng đầu năm 2022", "2022-H1"),
            ("06 tháng đầu năm 2022", "2022-H1"),
            ("6 tháng cuối năm 2022", "2022-H2"),
            ("sáu tháng cuối năm 2022", "2022-H2"),
            ("H1/2022", "2022-H1"),
            ("năm 2022", "2022"),
            ("Năm 2022", "2022"),
            ("tháng 5/2022", "2022-05"),
            ("Tháng 12 năm 2022", "2022-12"),
            ("05/2022", "2022-05"),
            ("2022-Q2", "2022-Q2"),
        ] {
            assert_eq!(
                Period::read(text).map(|p| p.to_string()),
                Ok(name.to_string()),
                "{text}"
            );
        }
        for bad in [
            "Quý V/2022",
            "quý 2",
            "tháng 13/2022",
            "7 tháng đầu năm 2022",
            "quý 2 năm 2022 2023",
            "hôm qua",
        ] {
            assert!(Period::read(bad).is_err(), "{bad}");
        }
        let names: Vec<String> = ["2022-05", "2022-Q2", "2022-H1", "2022-H2", "2022"]
            .iter()
            .map(|p| p.parse::<Period>().unwrap().vi_name())
            .collect();
        assert_eq!(
            names,
            [
                "tháng 5/2022",
                "Quý II/2022",
                "6 tháng đầu năm 2022",
                "6 tháng cuối năm 2022",
                "năm 2022"
            ]
        );
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn names_round_trip() {
        for name in [
            "2022-05", "2022-Q2", "2022-H1", "2022", "2022-12", "2022-Q4", "2022-H2",
        ] {
            assert_eq!(name.parse::<Period>().unwrap().to_string(), name);
        }
        assert_eq!("2022-q3".parse::<Period>().unwrap().to_string(), "2022-Q3");
        for bad in [
            "2022-Q5", "2022-H3", "2022-13", "2022-00", "22-Q1", "2022-X1", "",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn bounds_and_succession() {
        let q2: Period = "2022-Q2".parse().unwrap();
        assert_eq!(q2.first_day(), d(2022, 4, 1));
        assert_eq!(q2.last_day(), d(2022, 6, 30));
        assert_eq!(q2.next().to_string(), "2022-Q3");
        assert_eq!(
            "2022-Q4".parse::<Period>().unwrap().next().to_string(),
            "2023-Q1"
        );
        assert_eq!(
            "2024-02".parse::<Period>().unwrap().last_day(),
            d(2024, 2, 29)
        );
        assert_eq!(
            Period::containing(Every::HalfYear, d(2022, 7, 1)).to_string(),
            "2022-H2"
        );
        assert!(q2.contains(d(2022, 5, 5)));
    }
}
