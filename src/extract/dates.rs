//! Dates as Vietnamese documents write them, found in running text: "15/3/2021", "15-3-2021",
//! "ngày 15 tháng 3 năm 2021", "tháng 9/2024", "Quý III/2024", "6 tháng đầu năm 2024", "năm 2024".
//!
//! The rule this module keeps: day first, always; a date the calendar does not have is not a date; and a
//! date whose year is not written is reported as such ([`When::DayMonth`]), never completed by guessing.

use super::Folded;
use chrono::NaiveDate;
use std::ops::Range;

/// What a date expression names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// A day: "12/4/2022", "ngày 15 tháng 3 năm 2021".
    Day(NaiveDate),
    /// A day without its year: "ngày 15/3".
    DayMonth(u32, u32),
    /// A day of the month only: "ngày 20" (in "trước ngày 20 hằng tháng").
    DayOnly(u32),
    /// A day that no calendar has, written as one: "31/4/2024", "29/02/2023" (flagged, never a date).
    Impossible,
    /// Days of one month: "15-21/11" (a week), its last day, and the year when written.
    Days {
        /// The first day.
        from: u32,
        /// The last day.
        to: u32,
        /// The month.
        month: u32,
        /// The year, when written ("15-21/11/2025").
        year: Option<i32>,
    },
    /// A month: "tháng 9/2024".
    Month(i32, u32),
    /// A quarter: "Quý III/2024".
    Quarter(i32, u32),
    /// A half-year: "6 tháng đầu năm 2024" (1) or "6 tháng cuối năm 2024" (2).
    Half(i32, u32),
    /// A year: "năm 2024".
    Year(i32),
}

impl When {
    /// The last day the expression covers (None when the year is not written).
    pub fn last_day(self) -> Option<NaiveDate> {
        match self {
            When::Day(d) => Some(d),
            When::DayMonth(..) | When::DayOnly(_) | When::Impossible => None,
            When::Days {
                to, month, year, ..
            } => year.and_then(|y| NaiveDate::from_ymd_opt(y, month, to)),
            When::Month(y, m) => month_end(y, m),
            When::Quarter(y, q) => month_end(y, q * 3),
            When::Half(y, h) => month_end(y, h * 6),
            When::Year(y) => month_end(y, 12),
        }
    }

    /// The first day the expression covers.
    pub fn first_day(self) -> Option<NaiveDate> {
        match self {
            When::Day(d) => Some(d),
            When::DayMonth(..) | When::DayOnly(_) | When::Impossible => None,
            When::Days {
                from, month, year, ..
            } => year.and_then(|y| NaiveDate::from_ymd_opt(y, month, from)),
            When::Month(y, m) => NaiveDate::from_ymd_opt(y, m, 1),
            When::Quarter(y, q) => NaiveDate::from_ymd_opt(y, q * 3 - 2, 1),
            When::Half(y, h) => NaiveDate::from_ymd_opt(y, h * 6 - 5, 1),
            When::Year(y) => NaiveDate::from_ymd_opt(y, 1, 1),
        }
    }
}

fn month_end(y: i32, m: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, crate::date::last_day_of_month(y, m))
}

/// One date expression found in a text.
#[derive(Debug, Clone)]
pub struct Found {
    /// Byte range in the original text.
    pub range: Range<usize>,
    /// Byte range in the folded text.
    pub folded: Range<usize>,
    /// What it names.
    pub when: When,
    /// It begins with the word "ngày".
    pub ngay: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok<'a> {
    Num(u32, usize),
    Word(&'a str),
    Punct(char),
}

struct T<'a> {
    tok: Tok<'a>,
    start: usize,
    end: usize,
    /// White space right before it.
    spaced: bool,
}

fn tokens(s: &str) -> Vec<T<'_>> {
    let mut out = Vec::new();
    let mut it = s.char_indices().peekable();
    let mut spaced = false;
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            spaced = true;
            continue;
        }
        if c.is_ascii_digit() {
            let mut end = i + 1;
            while let Some(&(j, d)) = it.peek() {
                if d.is_ascii_digit() {
                    end = j + 1;
                    it.next();
                } else {
                    break;
                }
            }
            let digits = &s[i..end];
            let value = if digits.len() > 6 {
                u32::MAX
            } else {
                digits.parse().unwrap_or(u32::MAX)
            };
            out.push(T {
                tok: Tok::Num(value, digits.len()),
                start: i,
                end,
                spaced,
            });
        } else if c.is_alphabetic() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphabetic() {
                    end = j + d.len_utf8();
                    it.next();
                } else {
                    break;
                }
            }
            out.push(T {
                tok: Tok::Word(&s[i..end]),
                start: i,
                end,
                spaced,
            });
        } else {
            out.push(T {
                tok: Tok::Punct(c),
                start: i,
                end: i + c.len_utf8(),
                spaced,
            });
        }
        spaced = false;
    }
    out
}

fn num(t: Option<&T<'_>>, max_digits: usize) -> Option<u32> {
    match t?.tok {
        Tok::Num(v, d) if d <= max_digits => Some(v),
        _ => None,
    }
}

fn year(t: Option<&T<'_>>) -> Option<i32> {
    match t?.tok {
        Tok::Num(v, 4) if (1945..=2100).contains(&v) => Some(v as i32),
        _ => None,
    }
}

fn word(t: Option<&T<'_>>, w: &str) -> bool {
    matches!(t.map(|t| &t.tok), Some(Tok::Word(x)) if *x == w)
}

fn punct(t: Option<&T<'_>>) -> Option<char> {
    match t?.tok {
        Tok::Punct(c) => Some(c),
        _ => None,
    }
}

fn is_date_sep(c: char) -> bool {
    matches!(c, '/' | '-' | '.' | '–')
}

fn roman_quarter(w: &str) -> Option<u32> {
    match w {
        "i" => Some(1),
        "ii" => Some(2),
        "iii" => Some(3),
        "iv" => Some(4),
        _ => None,
    }
}

/// A day written with its year: the date, or [`When::Impossible`] for a day of the month the month has not
/// ("31/4/2024"). A month above 12 or a day above 31 is no date at all (it is read as something else).
fn day_or_impossible(
    y: i32,
    m: u32,
    d: u32,
    end: usize,
    ngay: bool,
) -> Option<(When, usize, bool)> {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => Some((When::Day(date), end, ngay)),
        None if (1..=12).contains(&m) && (1..=31).contains(&d) => {
            Some((When::Impossible, end, ngay))
        }
        None => None,
    }
}

/// Tries every pattern at token `i`; returns the expression and the index of its last token.
fn at(toks: &[T<'_>], i: usize) -> Option<(When, usize, bool)> {
    let t = |k: usize| toks.get(k);
    let ngay = word(t(i), "ngay");
    let d0 = if ngay { i + 1 } else { i };
    // Long form: (ngày) 15 tháng 3 năm 2021
    if let (Some(d), true, Some(m), true, Some(y)) = (
        num(t(d0), 2),
        word(t(d0 + 1), "thang"),
        num(t(d0 + 2), 2),
        word(t(d0 + 3), "nam"),
        year(t(d0 + 4)),
    ) {
        return day_or_impossible(y, m, d, d0 + 4, ngay);
    }
    // Long form without its year, after "ngày" only: ngày 23 tháng 1 (not "23 tháng" of a span, nor "tháng 1/2024").
    if ngay
        && let (Some(d), true, Some(m)) =
            (num(t(d0), 2), word(t(d0 + 1), "thang"), num(t(d0 + 2), 2))
        && (1..=31).contains(&d)
        && (1..=12).contains(&m)
        && !word(t(d0 + 3), "nam")
        && !(punct(t(d0 + 3)).is_some_and(is_date_sep) && num(t(d0 + 4), 4).is_some())
    {
        return Some((When::DayMonth(d, m), d0 + 2, true));
    }
    // Days of one month: (ngày) 15-21/11, 15 - 21/11/2025 (a week of events).
    if let (Some(a), Some(dash), Some(b), Some('/'), Some(m)) = (
        num(t(d0), 2),
        punct(t(d0 + 1)),
        num(t(d0 + 2), 2),
        punct(t(d0 + 3)),
        num(t(d0 + 4), 2),
    ) && matches!(dash, '-' | '–')
        && (1..=31).contains(&a)
        && a < b
        && b <= 31
        && (1..=12).contains(&m)
    {
        let y = (punct(t(d0 + 5)) == Some('/'))
            .then(|| year(t(d0 + 6)))
            .flatten();
        let end = if y.is_some() { d0 + 6 } else { d0 + 4 };
        let when = When::Days {
            from: a,
            to: b,
            month: m,
            year: y,
        };
        if y.is_none_or(|y| NaiveDate::from_ymd_opt(y, m, b).is_some()) {
            return Some((when, end, ngay));
        }
    }
    // Short form: (ngày) 15/3/2021, 15-3-2021, 15.3.2021
    if let (Some(d), Some(s1), Some(m)) = (num(t(d0), 2), punct(t(d0 + 1)), num(t(d0 + 2), 2))
        && is_date_sep(s1)
    {
        let tight = !t(d0 + 1).is_some_and(|x| x.spaced) && !t(d0 + 2).is_some_and(|x| x.spaced);
        let spaced_ok = tight || s1 == '/';
        if spaced_ok {
            if let (Some(s2), Some(y)) = (punct(t(d0 + 3)), year(t(d0 + 4)))
                && s2 == s1
                && (s1 == '/'
                    || (!t(d0 + 3).is_some_and(|x| x.spaced)
                        && !t(d0 + 4).is_some_and(|x| x.spaced)))
            {
                return day_or_impossible(y, m, d, d0 + 4, ngay);
            }
            // 15/3 without a year: only after "ngày" or inside a range ("từ 01/8 đến ...").
            let followed = punct(t(d0 + 3)).is_some_and(is_date_sep) && num(t(d0 + 4), 4).is_some();
            if s1 == '/' && tight && !followed && (1..=31).contains(&d) && (1..=12).contains(&m) {
                let before_ok = ngay
                    || i > 0
                        && (word(t(i - 1), "tu")
                            || word(t(i - 1), "den")
                            || word(t(i - 1), "truoc"));
                if before_ok {
                    return Some((When::DayMonth(d, m), d0 + 2, ngay));
                }
            }
        }
    }
    if ngay
        && let Some(d) = num(t(d0), 2)
        && (1..=31).contains(&d)
        && !punct(t(d0 + 1)).is_some_and(is_date_sep)
        && !word(t(d0 + 1), "thang")
    {
        return Some((When::DayOnly(d), d0, true));
    }
    // Month: tháng 9/2024, tháng 9 năm 2024, tháng 09-2024
    if word(t(i), "thang")
        && let Some(m) = num(t(i + 1), 2)
        && (1..=12).contains(&m)
    {
        let sep_ok = punct(t(i + 2)).is_some_and(|c| matches!(c, '/' | '-' | '.' | '–'))
            || word(t(i + 2), "nam");
        if sep_ok && let Some(y) = year(t(i + 3)) {
            return Some((When::Month(y, m), i + 3, false));
        }
    }
    // Quarter: Quý III/2024, quý 3/2024, quý IV năm 2024
    if word(t(i), "quy") {
        let q = match t(i + 1).map(|x| &x.tok) {
            Some(Tok::Num(v, 1)) if (1..=4).contains(v) => Some(*v),
            Some(Tok::Word(w)) => roman_quarter(w),
            _ => None,
        };
        if let Some(q) = q {
            let sep_ok = punct(t(i + 2)).is_some_and(|c| matches!(c, '/' | '-' | '–' | '.'))
                || word(t(i + 2), "nam");
            if sep_ok && let Some(y) = year(t(i + 3)) {
                return Some((When::Quarter(y, q), i + 3, false));
            }
        }
    }
    // Half-year: 6 tháng đầu năm 2024, sáu tháng cuối năm 2024
    let six = matches!(t(i).map(|x| &x.tok), Some(Tok::Num(6, _))) || word(t(i), "sau");
    if six && word(t(i + 1), "thang") {
        let h = if word(t(i + 2), "dau") {
            Some(1)
        } else if word(t(i + 2), "cuoi") {
            Some(2)
        } else {
            None
        };
        if let Some(h) = h
            && word(t(i + 3), "nam")
            && let Some(y) = year(t(i + 4))
        {
            return Some((When::Half(y, h), i + 4, false));
        }
    }
    // Year: năm 2024
    if word(t(i), "nam")
        && let Some(y) = year(t(i + 1))
        && !punct(t(i + 2)).is_some_and(|c| matches!(c, '/' | '-' | '–'))
    {
        return Some((When::Year(y), i + 1, false));
    }
    None
}

/// Every date expression of a text, in order, not overlapping.
pub fn find(text: &str) -> Vec<Found> {
    let folded = Folded::new(text);
    find_folded(&folded)
}

/// As [`find`], on text already folded.
pub(crate) fn find_folded(folded: &Folded) -> Vec<Found> {
    let toks = tokens(&folded.s);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        // A digit glued to a preceding number or code ("123/15/3/2021", "QĐ-15/3") is not a date.
        let glued = i > 0
            && !toks[i].spaced
            && matches!(toks[i].tok, Tok::Num(..))
            && matches!(
                toks[i - 1].tok,
                Tok::Punct('/' | '-' | '.') | Tok::Word(_) | Tok::Num(..)
            );
        if !glued && let Some((when, last, ngay)) = at(&toks, i) {
            let fr = toks[i].start..toks[last].end;
            out.push(Found {
                range: folded.orig_range(fr.clone()),
                folded: fr,
                when,
                ngay,
            });
            i = last + 1;
            continue;
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn whens(text: &str) -> Vec<When> {
        find(text).into_iter().map(|f| f.when).collect()
    }

    #[test]
    fn short_and_long_forms() {
        assert_eq!(whens("ngày 15/3/2021"), [When::Day(d(2021, 3, 15))]);
        assert_eq!(
            whens("ngày 15 tháng 3 năm 2021"),
            [When::Day(d(2021, 3, 15))]
        );
        assert_eq!(
            whens("Ngày 05 Tháng 03 Năm 2020"),
            [When::Day(d(2020, 3, 5))]
        );
        assert_eq!(
            whens("15-3-2021 và 15.3.2021"),
            [When::Day(d(2021, 3, 15)), When::Day(d(2021, 3, 15))]
        );
        assert_eq!(
            whens("ngày 31/2/2022"),
            [When::Impossible],
            "flagged, never a date"
        );
        assert_eq!(whens("ngày 12 / 4 / 2022"), [When::Day(d(2022, 4, 12))]);
        let nfd: String =
            unicode_normalization::UnicodeNormalization::nfd("ngày 15 tháng 3 năm 2021").collect();
        assert_eq!(whens(&nfd), [When::Day(d(2021, 3, 15))]);
    }

    #[test]
    fn periods() {
        assert_eq!(whens("Quý III/2024"), [When::Quarter(2024, 3)]);
        assert_eq!(whens("quý 4 năm 2024"), [When::Quarter(2024, 4)]);
        assert_eq!(whens("Tháng 9/2024"), [When::Month(2024, 9)]);
        assert_eq!(whens("trong tháng 10 năm 2024"), [When::Month(2024, 10)]);
        assert_eq!(whens("6 tháng đầu năm 2024"), [When::Half(2024, 1)]);
        assert_eq!(whens("năm 2024"), [When::Year(2024)]);
        assert_eq!(whens("năm học 2024-2025"), Vec::<When>::new());
        assert_eq!(When::Quarter(2024, 3).last_day(), Some(d(2024, 9, 30)));
        assert_eq!(When::Month(2024, 2).last_day(), Some(d(2024, 2, 29)));
    }

    #[test]
    fn no_year_is_not_completed() {
        assert_eq!(whens("trước ngày 15/3"), [When::DayMonth(15, 3)]);
        assert_eq!(whens("chậm nhất ngày 31/4/2024"), [When::Impossible]);
        assert_eq!(whens("ngày 29 tháng 02 năm 2023"), [When::Impossible]);
        assert_eq!(whens("ngày 29/02/2024"), [When::Day(d(2024, 2, 29))]);
        assert_eq!(whens("chậm nhất ngày 23 tháng 1."), [When::DayMonth(23, 1)]);
        assert_eq!(
            whens("Từ ngày 15-21/11"),
            [When::Days {
                from: 15,
                to: 21,
                month: 11,
                year: None
            }]
        );
        assert_eq!(
            whens("tuần 15 - 21/11/2025"),
            [When::Days {
                from: 15,
                to: 21,
                month: 11,
                year: Some(2025)
            }]
        );
        assert_eq!(
            whens("số 21-15/11"),
            Vec::<When>::new(),
            "a span runs forward"
        );
        assert_eq!(whens("trong 23 tháng 1 ngày"), Vec::<When>::new());
        assert!(!whens("ngày 23 tháng 1/2024").contains(&When::DayMonth(23, 1)));
        assert_eq!(whens("trước ngày 20 hằng tháng"), [When::DayOnly(20)]);
        assert_eq!(whens("Quyết định 123/15/3/2021"), Vec::<When>::new());
        assert_eq!(whens("số 2/3 thành viên"), Vec::<When>::new());
    }

    #[test]
    fn ranges_map_back_to_the_original() {
        let t = "chậm nhất ngày 15 tháng 7 năm 2024.";
        let f = find(t);
        assert_eq!(&t[f[0].range.clone()], "ngày 15 tháng 7 năm 2024");
    }
}
