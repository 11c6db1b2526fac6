//! Deadlines counted from an event: "trước ngày bầu cử 95 ngày", "trong thời hạn 05 ngày làm việc kể từ ngày
//! kết thúc Hội nghị", "ngay sau khi kết thúc đợt kiểm tra". Each becomes a count from a named event (drafted
//! as `event` and `offset`, flagged for review, the event left to date); where the text also writes the date
//! ("Chậm nhất ngày 10/12/2025 (trước ngày bầu cử 95 ngày)"), the two are checked against each other and
//! against the event's date when the text gives it.
//!
//! The rule this module keeps: it reads the deadlines stage's findings and returns its own; a count it cannot
//! read whole stays a relative deadline the clerk dates by hand.

use super::{Deadline, Review, ReviewKind};
use crate::domain::reckoning::MAX_OFFSET;
use crate::domain::{DayCount, Offset, RestDay};
use crate::i18n::tr;
use chrono::{Duration, NaiveDate};

/// An event the text counts from.
#[derive(Debug, Clone, PartialEq)]
pub struct EventDraft {
    /// ASCII id derived from its name.
    pub id: String,
    /// Its name as written ("ngày bầu cử", "kết thúc Hội nghị hiệp thương lần thứ nhất").
    pub name: String,
    /// Its date, when the text gives it or every written date implies the same one.
    pub date: Option<NaiveDate>,
    /// Source line of its first mention.
    pub line: usize,
}

/// A deadline read as a count from an event.
#[derive(Debug, Clone, PartialEq)]
pub struct CountDraft {
    /// Its index in the deadlines stage's list.
    pub deadline: usize,
    /// The event's id.
    pub event: String,
    /// The count.
    pub offset: Offset,
    /// What a count landing on a rest day does, by its wording (as the plan file reads it).
    pub rest_day: RestDay,
    /// The date the text writes beside it does not agree with the count: the draft leaves it out.
    pub disagrees: bool,
}

/// What this stage gives: the events, the counts, and what the clerk must check.
#[derive(Debug, Clone, Default)]
pub struct Counts {
    /// The events, in order of first mention.
    pub events: Vec<EventDraft>,
    /// The counted deadlines.
    pub counts: Vec<CountDraft>,
    /// A review note for each count, and for each written date that disagrees.
    pub review: Vec<Review>,
}

/// Words that end an event's name: the clause goes on with what is to be done.
const STOP: &[&str] = &[
    "phai", "gui", "bao", "de", "thi", "va", "cho", "to", "trien", "lap", "nop",
];

/// The most words an event's name takes.
const MAX_NAME: usize = 9;

/// A count read from words: the event's words (original spelling), and the offset.
#[derive(Debug, Clone, PartialEq)]
struct Read {
    name: Vec<String>,
    offset: Offset,
    /// "ngay sau khi": no count written, the next working day assumed.
    immediate: bool,
}

fn number(w: &str) -> Option<i64> {
    (!w.is_empty() && w.len() <= 4 && w.chars().all(|c| c.is_ascii_digit()))
        .then(|| w.parse().ok())
        .flatten()
}

/// "N ngày", "N ngày làm việc", "N tuần" at `i`: the days and how they count, and the words it took.
fn days_at(f: &[String], i: usize) -> Option<(i64, DayCount, usize)> {
    let n = number(f.get(i)?)?;
    match (
        f.get(i + 1).map(String::as_str),
        f.get(i + 2).map(String::as_str),
        f.get(i + 3).map(String::as_str),
    ) {
        (Some("ngay"), Some("lam"), Some("viec")) => Some((n, DayCount::Working, 4)),
        (Some("ngay"), _, _) => Some((n, DayCount::Calendar, 2)),
        (Some("tuan"), _, _) => Some((n * 7, DayCount::Calendar, 2)),
        _ => None,
    }
}

/// The event's name from word `i` on: up to a stop word, a number or the end, a leading "ngày" kept only
/// when it is the event itself ("ngày bầu cử").
fn name_from(words: &[String], f: &[String], i: usize) -> Vec<String> {
    let mut out = Vec::new();
    let next_is = |k: usize, w: &str| f.get(k + 1).is_some_and(|n| n == w);
    for (k, (w, fw)) in words.iter().zip(f).enumerate().skip(i) {
        // "thực hiện" goes on with the work, "ít nhất" / "tối thiểu" with the count; "kết thúc" is part of
        // the event.
        let stop = STOP.contains(&fw.as_str())
            || (fw == "thuc" && next_is(k, "hien"))
            || (fw == "it" && next_is(k, "nhat"))
            || (fw == "toi" && next_is(k, "thieu"))
            || (fw == "hoan" && next_is(k, "thanh") && !out.is_empty());
        if out.len() >= MAX_NAME || number(fw).is_some() || (!out.is_empty() && stop) {
            break;
        }
        let word = w.trim_matches(|c: char| ",;:.()“”\"".contains(c));
        if !word.is_empty() {
            out.push(word.to_string());
        }
    }
    // A name of lead words alone ("khi", "ngày") names no event.
    let lead = ["ngay", "ket", "thuc", "khi", "hoan", "thanh"];
    let named = out.iter().any(|w| {
        let w = crate::text::fold(w);
        w.chars().any(char::is_alphanumeric) && !lead.contains(&w.as_str())
    });
    if named { out } else { Vec::new() }
}

/// Reads a count from the words of an expression.
fn read(words: &[String]) -> Option<Read> {
    let f: Vec<String> = words
        .iter()
        .map(|w| {
            crate::text::fold(w)
                .trim_matches(|c: char| ",;:.()“”\"".contains(c))
                .to_string()
        })
        .collect();
    for i in 0..f.len() {
        // "trước ngày bầu cử 95 ngày", "sau ngày bầu cử 05 ngày": the event, then the count.
        if (f[i] == "truoc" || f[i] == "sau") && f.get(i + 1).is_some_and(|w| number(w).is_none()) {
            let sign = if f[i] == "truoc" { -1 } else { 1 };
            let name = name_from(words, &f, i + 1);
            let mut at = i + 1 + name.len();
            // "trước ngày bầu cử ít nhất 10 ngày": the count after its "at least".
            if f.get(at).is_some_and(|w| w == "it" || w == "toi") {
                at += 2;
            }
            if let (false, Some((n, count, _))) = (name.is_empty(), days_at(&f, at)) {
                return Some(Read {
                    name,
                    offset: Offset {
                        days: sign * n,
                        count,
                    },
                    immediate: false,
                });
            }
        }
        // "trong thời hạn 05 ngày làm việc kể từ ngày nhận đơn", "chậm nhất 10 ngày sau khi kết thúc".
        if let Some((n, count, took)) = days_at(&f, i) {
            let mut j = i + took;
            let anchors: &[&[&str]] = &[
                &["ke", "tu", "khi"],
                &["ke", "tu", "ngay"],
                &["ke", "tu"],
                &["tinh", "tu", "ngay"],
                &["tinh", "tu"],
                &["sau", "khi"],
                &["sau", "ngay"],
                &["sau"],
                &["truoc", "ngay"],
                &["truoc", "khi"],
                &["truoc"],
            ];
            let anchor = anchors.iter().find(|a| {
                f[j.min(f.len())..]
                    .starts_with(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            });
            if let Some(a) = anchor {
                let sign = if a[0] == "truoc" { -1 } else { 1 };
                j += a.len();
                // "kể từ ngày bầu cử": the day is the event; "kể từ ngày kết thúc ...": its end.
                let start = if a.last() == Some(&"ngay") && f.get(j).is_some_and(|w| w == "bau") {
                    j - 1
                } else {
                    j
                };
                let name = name_from(words, &f, start);
                if !name.is_empty() {
                    return Some(Read {
                        name,
                        offset: Offset {
                            days: sign * n,
                            count,
                        },
                        immediate: false,
                    });
                }
            }
        }
        // "ngay sau khi kết thúc đợt kiểm tra": the next working day.
        if f[i] == "ngay"
            && f.get(i + 1).is_some_and(|w| w == "sau")
            && f.get(i + 2).is_some_and(|w| w == "khi")
        {
            let name = name_from(words, &f, i + 3);
            if !name.is_empty() {
                return Some(Read {
                    name,
                    offset: Offset {
                        days: 1,
                        count: DayCount::Working,
                    },
                    immediate: true,
                });
            }
        }
    }
    None
}

/// An ASCII id for an event's name: "ngày bầu cử" → `bau-cu`, "kết thúc Hội nghị hiệp thương lần thứ nhất" →
/// `hoi-nghi-hiep-thuong-lan-thu-nhat`.
fn event_id(name: &str) -> String {
    let folded = crate::text::fold(name);
    let mut words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    for lead in [
        &["ngay"][..],
        &["ket", "thuc"],
        &["khi"],
        &["hoan", "thanh"],
    ] {
        if words.len() > lead.len() && words.starts_with(lead) {
            words.drain(..lead.len());
        }
    }
    let mut id = String::new();
    for w in words {
        if id.len() + w.len() + 1 > 40 && !id.is_empty() {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(w);
    }
    if id.is_empty() { "su-kien".into() } else { id }
}

/// The date the text gives an event: its name followed, within a few words, by a date ("ngày bầu cử là Chủ
/// nhật, ngày 15/3/2026").
fn stated_date(text: &str, name: &str) -> Option<NaiveDate> {
    let folded = crate::text::fold(text);
    let key = crate::text::fold(name);
    folded.match_indices(key.as_str()).find_map(|(at, m)| {
        let after: Vec<&str> = folded[at + m.len()..].split_whitespace().take(6).collect();
        // "trước ngày bầu cử 95 ngày" counts from it, it does not date it.
        if after
            .first()
            .and_then(|w| number(w.trim_matches(|c: char| !c.is_ascii_digit())))
            .is_some()
            && after
                .get(1)
                .is_some_and(|w| w.starts_with("ngay") || w.starts_with("tuan"))
        {
            return None;
        }
        let short = after.iter().find_map(|w| {
            let w = w.trim_matches(|c: char| !c.is_ascii_digit() && c != '/');
            (w.matches('/').count() == 2)
                .then(|| crate::date::parse(w).ok())
                .flatten()
        });
        // "ngày 15 tháng 3 năm 2026".
        let long = || {
            let words: Vec<&str> = folded[at + m.len()..]
                .split_whitespace()
                .take(12)
                .map(|w| w.trim_matches(|c: char| ",;:.()".contains(c)))
                .collect();
            words.windows(5).find_map(|w| match w {
                [d, "thang", mo, "nam", y] => crate::date::parse(&format!("{d}/{mo}/{y}")).ok(),
                _ => None,
            })
        };
        short.or_else(long)
    })
}

/// Reads every deadline as a count where its words hold one; `text` is the whole document (for the events'
/// dates).
pub fn find(deadlines: &[Deadline], text: &str) -> Counts {
    let mut x = Counts::default();
    for (i, d) in deadlines.iter().enumerate() {
        // A written date counts from an event when the words right after it say so ("chậm nhất ngày
        // 10/12/2025 (trước ngày bầu cử 95 ngày)"); that count is then the date's, not a deadline of its own.
        let after = |d: &Deadline| {
            d.wording.find(&d.expr).map(|at| {
                d.wording[at + d.expr.len()..]
                    .split_whitespace()
                    .take(12)
                    .collect::<Vec<_>>()
                    .join(" ")
            })
        };
        let source = match d.date {
            Some(_) => match after(d) {
                Some(s) => s,
                None => continue,
            },
            None => d.expr.clone(),
        };
        let covered = d.date.is_none()
            && deadlines.iter().any(|o| {
                o.date.is_some()
                    && o.task == d.task
                    && o.line == d.line
                    && after(o).is_some_and(|a| {
                        crate::text::fold(&a).contains(&crate::text::fold(&d.expr))
                    })
            });
        if covered {
            continue;
        }
        let words: Vec<String> = source.split_whitespace().map(str::to_string).collect();
        let Some(read) = read(&words).filter(|r| r.offset.days.abs() <= MAX_OFFSET) else {
            continue;
        };
        let name = read.name.join(" ");
        let id = event_id(&name);
        if !x.events.iter().any(|e| e.id == id) {
            x.events.push(EventDraft {
                id: id.clone(),
                name: name.clone(),
                date: stated_date(text, &name),
                line: d.line,
            });
        }
        let offset = read.offset;
        let how = match read.immediate {
            true => tr(
                "(“ngay sau khi” gives no count: drafted as the next working day, +1wd — check)",
                "(“ngay sau khi” không ghi số ngày: bản nháp ghi ngày làm việc tiếp theo, +1wd — hãy kiểm tra)",
            ),
            false => "",
        };
        x.review.push(Review {
            kind: ReviewKind::CountedDeadline,
            line: d.line,
            task: d.task.clone(),
            message: format!(
                "“{}” {} `{id}` {offset} {} {how}",
                d.expr,
                tr("is counted from the event", "được tính từ sự kiện"),
                tr(
                    "— check the count; the event's date goes under [[events]] (`date`) when set, or is recorded when it happens: plan record PLAN --event ID --on DATE",
                    "— hãy kiểm tra cách tính; ngày của sự kiện ghi trong [[events]] (`date`) khi đã ấn định, hoặc ghi nhận khi sự kiện diễn ra: plan record KẾ_HOẠCH --event MÃ --on NGÀY"
                )
            )
            .trim_end()
            .to_string(),
        });
        x.counts.push(CountDraft {
            deadline: i,
            event: id,
            offset,
            // The rule the plan file applies to this wording, so that the draft loads as it was checked.
            rest_day: RestDay::from_wording(&d.wording, offset),
            disagrees: false,
        });
    }
    agree(deadlines, &mut x);
    x
}

/// Checks each written date against its count: against the event's date when the text gives it; otherwise
/// the dates written for one event must imply the same event date, which then becomes its date.
fn agree(deadlines: &[Deadline], x: &mut Counts) {
    let exact =
        |c: &CountDraft| c.offset.count == DayCount::Calendar && c.rest_day == RestDay::Keep;
    for e in &mut x.events {
        let written: Vec<(CountDraft, NaiveDate)> = x
            .counts
            .iter()
            .filter(|c| c.event == e.id && exact(c))
            .filter_map(|c| deadlines[c.deadline].date.map(|d| (c.clone(), d)))
            .collect();
        let mut wrong: Vec<usize> = Vec::new();
        let implied: Vec<NaiveDate> = written
            .iter()
            .map(|(c, d)| *d - Duration::days(c.offset.days))
            .collect();
        let event = e.date.or_else(|| {
            let first = *implied.first()?;
            implied.iter().all(|d| *d == first).then_some(first)
        });
        for ((c, due), implied) in written.iter().zip(&implied) {
            let d = &deadlines[c.deadline];
            let Some(on) = event else {
                wrong.push(c.deadline);
                let (due, implied) = (
                    crate::date::format_vn(*due),
                    crate::date::format_vn(*implied),
                );
                x.review.push(Review {
                    kind: ReviewKind::CountDisagrees,
                    line: d.line,
                    task: d.task.clone(),
                    message: format!(
                        "“{}”: {due} {} {implied}, {}",
                        d.expr,
                        tr("puts the event on", "đặt sự kiện vào ngày"),
                        tr(
                            "and the other dates written for this event do not agree — check which is right (the draft leaves the written dates out)",
                            "nhưng các ngày khác ghi cho sự kiện này không khớp — hãy kiểm tra ngày nào đúng (bản nháp bỏ các ngày văn bản ghi)"
                        )
                    ),
                });
                continue;
            };
            if *implied != on {
                wrong.push(c.deadline);
                let counted = on + Duration::days(c.offset.days);
                let (due, counted, on, offset) = (
                    crate::date::format_vn(*due),
                    crate::date::format_vn(counted),
                    crate::date::format_vn(on),
                    c.offset,
                );
                x.review.push(Review {
                    kind: ReviewKind::CountDisagrees,
                    line: d.line,
                    task: d.task.clone(),
                    message: format!(
                        "“{}”: {} {due}, {} {offset} {} {on} {} {counted} — {}",
                        d.expr,
                        tr("the text writes", "văn bản ghi"),
                        tr("but", "nhưng"),
                        tr("from the event on", "tính từ sự kiện ngày"),
                        tr("is", "là"),
                        tr(
                            "check the document; the draft counts from the event and leaves the written date out",
                            "hãy đối chiếu văn bản; bản nháp tính từ sự kiện và bỏ ngày văn bản ghi"
                        )
                    ),
                });
            }
        }
        if e.date.is_none() && !written.is_empty() {
            e.date = event;
        }
        for c in x.counts.iter_mut().filter(|c| wrong.contains(&c.deadline)) {
            c.disagrees = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Rule;
    use crate::extract::Precision;

    fn d(dd: u32, mm: u32, yy: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(yy, mm, dd).unwrap()
    }

    /// A deadline as the deadlines stage finds it: a dated one's expression is its date's words, and the
    /// count follows in its wording.
    fn deadline(date: Option<NaiveDate>, text: &str) -> Deadline {
        let expr = match text.find(" (") {
            Some(at) if date.is_some() => text[..at].to_string(),
            _ => text.to_string(),
        };
        Deadline {
            date,
            rule: Rule::By,
            wording: text.into(),
            expr,
            precision: if date.is_some() {
                Precision::Day
            } else {
                Precision::Relative
            },
            planned: false,
            task: Some("1".into()),
            line: 1,
        }
    }

    fn words(t: &str) -> Vec<String> {
        t.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn the_four_forms_are_read_as_counts() {
        let r = read(&words("trước ngày bầu cử 95 ngày")).unwrap();
        assert_eq!(
            (r.name.join(" "), r.offset.to_string()),
            ("ngày bầu cử".into(), "-95d".into())
        );
        let r = read(&words(
            "Trong thời hạn 05 ngày làm việc kể từ ngày kết thúc Hội nghị hiệp thương lần thứ nhất",
        ))
        .unwrap();
        assert_eq!(r.offset.to_string(), "+5wd");
        assert_eq!(
            event_id(&r.name.join(" ")),
            "hoi-nghi-hiep-thuong-lan-thu-nhat"
        );
        let r = read(&words("ngay sau khi kết thúc đợt kiểm tra phải báo cáo")).unwrap();
        assert_eq!(
            (r.name.join(" "), r.offset.to_string()),
            ("kết thúc đợt kiểm tra".into(), "+1wd".into())
        );
        let r = read(&words("trong thời hạn 10 ngày kể từ ngày nhận được đơn")).unwrap();
        assert_eq!(r.offset.to_string(), "+10d");
        assert_eq!(
            RestDay::from_wording("trong thời hạn 10 ngày kể từ ngày nhận được đơn", r.offset),
            RestDay::NextWorkingDay
        );
        assert_eq!(event_id(&r.name.join(" ")), "nhan-duoc-don");
        let r = read(&words("sau ngày bầu cử 02 tuần")).unwrap();
        assert_eq!(r.offset.to_string(), "+14d");
        let r = read(&words("thông báo trước ngày bầu cử ít nhất 10 ngày")).unwrap();
        assert_eq!(
            (r.name.join(" "), r.offset.to_string()),
            ("ngày bầu cử".into(), "-10d".into())
        );
        // No name, or a name of lead words alone, is no event.
        assert_eq!(read(&words("trước ( 95 ngày")), None);
        assert_eq!(read(&words("trước khi 3 ngày")), None);
        assert_eq!(read(&words("trước ngày 12/4/2022")), None);
        assert_eq!(read(&words("định kỳ hằng quý")), None);
    }

    #[test]
    fn written_dates_agree_with_the_event_or_say_so() {
        let text = "Ngày bầu cử là Chủ nhật, ngày 15/3/2026. Chậm nhất ngày 10/12/2025 (trước ngày bầu cử 95 ngày). \
                    Chậm nhất ngày 06/01/2026 (trước ngày bầu cử 70 ngày).";
        let ds = [
            deadline(
                Some(d(10, 12, 2025)),
                "Chậm nhất ngày 10/12/2025 (trước ngày bầu cử 95 ngày)",
            ),
            deadline(
                Some(d(6, 1, 2026)),
                "Chậm nhất ngày 06/01/2026 (trước ngày bầu cử 70 ngày)",
            ),
        ];
        let x = find(&ds, text);
        assert_eq!(x.events.len(), 1);
        assert_eq!(
            (x.events[0].id.as_str(), x.events[0].date),
            ("bau-cu", Some(d(15, 3, 2026)))
        );
        let disagree: Vec<&Review> = x
            .review
            .iter()
            .filter(|r| r.kind == ReviewKind::CountDisagrees)
            .collect();
        assert_eq!(disagree.len(), 1, "{:?}", x.review);
        assert!(
            disagree[0].message.contains("04/01/2026"),
            "{}",
            disagree[0].message
        );
        // Without the election day in the text, agreeing dates give it.
        let x = find(
            &ds[..1],
            "Chậm nhất ngày 10/12/2025 (trước ngày bầu cử 95 ngày).",
        );
        assert_eq!(x.events[0].date, Some(d(15, 3, 2026)));
        assert!(
            x.review
                .iter()
                .all(|r| r.kind != ReviewKind::CountDisagrees)
        );
        // Two dates that put the event on different days are both named.
        let x = find(&ds, "");
        assert_eq!(x.events[0].date, None);
        assert_eq!(
            x.review
                .iter()
                .filter(|r| r.kind == ReviewKind::CountDisagrees)
                .count(),
            2
        );
    }

    #[test]
    fn an_event_with_no_date_in_the_text_is_left_to_date() {
        let ds = [deadline(
            None,
            "Trong thời hạn 05 ngày làm việc kể từ ngày kết thúc Hội nghị hiệp thương lần thứ nhất",
        )];
        let x = find(&ds, &ds[0].wording);
        assert_eq!(x.counts.len(), 1);
        assert_eq!(x.events[0].date, None);
        assert!(
            x.review
                .iter()
                .any(|r| r.kind == ReviewKind::CountedDeadline)
        );
    }
}
