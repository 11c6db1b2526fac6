//! The reporting rules of government reports: which data a period's report covers (the cut-off of Nghị
//! định 09/2019/NĐ-CP, or one given), and which deadlines it counts.

use super::{Every, Period, State};
use chrono::{Datelike, NaiveDate};

/// The states a report counts, in the order government reports give them.
pub const COUNTED: [State; 4] = [
    State::DoneOnTime,
    State::DoneLate,
    State::Open,
    State::Overdue,
];

/// The reporting window of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// The period reported on.
    pub period: Period,
    /// First day of the data (the day after the previous cut-off).
    pub data_from: NaiveDate,
    /// Last day of the data.
    pub cutoff: NaiveDate,
    /// How the cut-off was chosen.
    pub rule: CutoffRule,
}

/// Where a report's cut-off date comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CutoffRule {
    /// The regime of Nghị định 09/2019/NĐ-CP.
    Decree,
    /// `--cutoff DATE`.
    Option,
    /// The regime's cut-off is later than the as-of date: the data stops at the as-of date.
    AsOf,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid fixed date")
}

/// The cut-off of Nghị định 09/2019/NĐ-CP (Điều 12): the 14th of the period's last month, the data running
/// from the 15th of the month before the period (for six-month and annual reports, from 15 December of the
/// year before). The second half-year follows the same rule (15 June to 14 December).
pub fn decree_window(period: Period) -> (NaiveDate, NaiveDate) {
    let cutoff = ymd(period.year, period.last_month(), 14);
    let first = period.first_day();
    let from = match period.every {
        Every::HalfYear if period.index == 1 => ymd(period.year - 1, 12, 15),
        Every::Year => ymd(period.year - 1, 12, 15),
        _ => {
            let before = first.pred_opt().expect("periods start after year 1");
            ymd(before.year(), before.month(), 15)
        }
    };
    (from, cutoff)
}

/// The window for a period, a `--cutoff` and the as-of date.
pub fn window(period: Period, cutoff: Option<NaiveDate>, as_of: NaiveDate) -> Window {
    let (data_from, decree) = decree_window(period);
    match cutoff {
        // Work recorded after the report date does not count yet, whatever the cut-off asked for.
        Some(c) if c > as_of => Window {
            period,
            data_from,
            cutoff: as_of,
            rule: CutoffRule::AsOf,
        },
        Some(c) => Window {
            period,
            data_from,
            cutoff: c,
            rule: CutoffRule::Option,
        },
        None if decree > as_of => Window {
            period,
            data_from,
            cutoff: as_of,
            rule: CutoffRule::AsOf,
        },
        None => Window {
            period,
            data_from,
            cutoff: decree,
            rule: CutoffRule::Decree,
        },
    }
}

impl Window {
    /// Whether a deadline is in the figures, classified as of the cut-off: its last allowed day falls in the
    /// data window, or falls before it and the deadline was still outstanding when the window opened.
    pub fn counts(&self, last_day: NaiveDate, state: State, done_on: Option<NaiveDate>) -> bool {
        COUNTED.contains(&state)
            && ((self.data_from..=self.cutoff).contains(&last_day)
                || (last_day < self.data_from && done_on.is_none_or(|d| d >= self.data_from)))
    }

    /// Whether a deadline falls due after the cut-off and by the end of the period.
    pub fn falls_after_cutoff(&self, last_day: NaiveDate, state: State) -> bool {
        last_day > self.cutoff && last_day <= self.period.last_day() && COUNTED.contains(&state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decree_cutoffs() {
        let w = |p: &str| decree_window(p.parse().unwrap());
        assert_eq!(w("2022-H1"), (ymd(2021, 12, 15), ymd(2022, 6, 14)));
        assert_eq!(w("2022"), (ymd(2021, 12, 15), ymd(2022, 12, 14)));
        assert_eq!(w("2022-Q3"), (ymd(2022, 6, 15), ymd(2022, 9, 14)));
        assert_eq!(w("2022-Q1"), (ymd(2021, 12, 15), ymd(2022, 3, 14)));
        assert_eq!(w("2022-06"), (ymd(2022, 5, 15), ymd(2022, 6, 14)));
        assert_eq!(w("2022-H2"), (ymd(2022, 6, 15), ymd(2022, 12, 14)));
        let early = window("2022-H1".parse().unwrap(), None, ymd(2022, 6, 1));
        assert_eq!(
            (early.cutoff, early.rule),
            (ymd(2022, 6, 1), CutoffRule::AsOf)
        );
    }

    #[test]
    fn what_the_figures_count() {
        let w = window("2022-H1".parse().unwrap(), None, ymd(2022, 12, 31));
        let (open, done, ongoing) = (State::Open, State::DoneOnTime, State::Ongoing);
        assert!(
            w.counts(ymd(2022, 4, 11), State::Overdue, None),
            "in the window"
        );
        assert!(
            w.counts(ymd(2021, 11, 30), State::Overdue, None),
            "earlier, still outstanding"
        );
        assert!(
            w.counts(ymd(2021, 11, 30), State::DoneLate, Some(ymd(2022, 1, 3))),
            "done after the window opened"
        );
        assert!(
            !w.counts(ymd(2021, 11, 30), done, Some(ymd(2021, 12, 1))),
            "done before it opened"
        );
        assert!(!w.counts(ymd(2022, 6, 20), open, None), "after the cut-off");
        assert!(!w.counts(ymd(2022, 4, 1), ongoing, None), "not a deadline");
        assert!(w.falls_after_cutoff(ymd(2022, 6, 30), open));
        assert!(
            !w.falls_after_cutoff(ymd(2022, 7, 1), open),
            "after the period"
        );
        assert!(
            !w.falls_after_cutoff(ymd(2022, 6, 14), open),
            "on the cut-off: in the figures"
        );
    }
}
