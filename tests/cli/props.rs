//! Property tests: day-first dates round-trip, and the classification keeps its promises for any dates.

use chrono::{Days, NaiveDate};
use plan::date;
use plan::domain::{Occurrence, Rule, State, classify};
use proptest::prelude::*;

fn any_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..(365 * 200)).prop_map(|n| NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + Days::new(n))
}

fn any_rule() -> impl Strategy<Value = Rule> {
    prop_oneof![Just(Rule::Before), Just(Rule::By)]
}

proptest! {
    #[test]
    fn dates_round_trip_through_every_written_form(d in any_date()) {
        prop_assert_eq!(date::parse(&date::format_vn(d)), Ok(d));
        prop_assert_eq!(date::parse(&date::format_iso(d)), Ok(d));
        let unpadded = format!("{}/{}/{}", chrono::Datelike::day(&d), chrono::Datelike::month(&d), chrono::Datelike::year(&d));
        prop_assert_eq!(date::parse(&unpadded), Ok(d));
    }

    #[test]
    fn parsing_never_panics(s in "\\PC{0,24}") {
        let _ = date::parse(&s);
    }

    #[test]
    fn done_on_or_before_the_last_allowed_day_is_never_late(
        due in any_date(), rule in any_rule(), early in 0u64..400, as_of_after in 0u64..800,
    ) {
        let occ = Occurrence { period: None, due, rule, assumed: false };
        let done = occ.last_day() - Days::new(early);
        let as_of = done + Days::new(as_of_after);
        let s = classify(Some(&occ), Some(done), false, as_of);
        prop_assert_eq!(s.state, State::DoneOnTime);
        prop_assert_eq!(s.days_overdue, None);
    }

    #[test]
    fn done_after_the_last_allowed_day_is_late_by_the_difference(
        due in any_date(), rule in any_rule(), late in 1u64..400,
    ) {
        let occ = Occurrence { period: None, due, rule, assumed: false };
        let done = occ.last_day() + Days::new(late);
        let s = classify(Some(&occ), Some(done), false, done);
        prop_assert_eq!(s.state, State::DoneLate);
        prop_assert_eq!(s.days_overdue, Some(late as i64));
    }

    #[test]
    fn an_open_deadline_is_overdue_exactly_after_its_last_day(due in any_date(), rule in any_rule(), offset in -400i64..400) {
        let occ = Occurrence { period: None, due, rule, assumed: false };
        let as_of = occ.last_day() + chrono::Duration::days(offset);
        let s = classify(Some(&occ), None, false, as_of);
        if offset > 0 {
            prop_assert_eq!((s.state, s.days_overdue), (State::Overdue, Some(offset)));
        } else {
            prop_assert_eq!((s.state, s.days_left), (State::Open, Some(-offset)));
        }
        // "Before X" allows one day less than "by X".
        prop_assert_eq!(occ.last_day(), if rule == Rule::Before { due.pred_opt().unwrap() } else { due });
    }

    #[test]
    fn withdrawn_wins_and_no_deadline_is_never_overdue(due in any_date(), as_of in any_date()) {
        let occ = Occurrence { period: None, due, rule: Rule::By, assumed: false };
        prop_assert_eq!(classify(Some(&occ), None, true, as_of).state, State::Withdrawn);
        prop_assert_ne!(classify(None, None, false, as_of).state, State::Overdue);
    }
}
