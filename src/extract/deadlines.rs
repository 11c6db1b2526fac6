//! Deadlines and recurring reports, with the precision the text gives them.
//!
//! The rule this module keeps: a deadline is a date the text ties to the work ("trước ngày 12/4/2022",
//! "chậm nhất ngày 15/7/2024", "Thời gian: Quý III/2024", "từ tháng 10/2024 đến quý I/2025"), not every date
//! it mentions (a cited document's date is not one). A month, quarter or range is due by its last day and
//! keeps its wording; a deadline relative to an event ("trước ngày khai giảng 07 ngày", "ngay sau khi ...")
//! keeps its wording, gets no date and is flagged; a date without its year is never completed.

use super::dates::{self, Found, When};
use super::words::TIME_LABELS;
use super::{
    Block, Deadline, Folded, Head, Item, Precision, Recurring, Review, ReviewKind, find_words,
};
use crate::domain::Rule;
use crate::i18n::tr;
use std::ops::Range;

#[derive(Debug, Clone)]
struct Hit {
    range: Range<usize>,
    date: Option<chrono::NaiveDate>,
    rule: Rule,
    precision: Precision,
    planned: bool,
    no_year: bool,
    /// The day and month of a date written without its year.
    day_month: Option<(u32, u32)>,
    /// The words after it say the next year ("năm liền kề", "năm sau").
    next_year: bool,
    /// Written as a day no calendar has ("31/4/2024").
    impossible: bool,
}

fn ends_with_words(s: &str, w: &str) -> bool {
    s.ends_with(w) && super::word_at(s, s.len() - w.len(), w)
}

/// Whether a folded offset lies in a "Thời gian:" line.
fn in_time_label(f: &str, at: usize) -> bool {
    let line_start = f[..at].rfind([super::NL, ';']).map_or(0, |p| p + 1);
    let line = f[line_start..at].trim_start_matches(['-', '+', ' ', '*', '•']);
    TIME_LABELS
        .iter()
        .any(|l| line.starts_with(l) && line[l.len()..].trim_start().starts_with(':'))
}

/// The deadlines of a text. `time_cell` treats the whole text as a time column.
fn hits(text: &str, excluded: &[Range<usize>], time_cell: bool) -> Vec<Hit> {
    let f = Folded::new(text);
    let found: Vec<Found> = dates::find_folded(&f)
        .into_iter()
        .filter(|d| {
            !excluded
                .iter()
                .any(|e| e.start <= d.range.start && d.range.end <= e.end)
        })
        .collect();
    let mut out = Vec::new();
    let mut used = vec![false; found.len()];
    for i in 0..found.len() {
        if used[i] {
            continue;
        }
        let d = &found[i];
        let clause_start = clause_start_before(&f.s, d.folded.start);
        // "trước 17h00 ngày 20/11/2025": the hour stands between the cue and the day (the wording keeps it).
        let before_all = without_hour(f.s[..d.folded.start].trim_end());
        let before = without_hour(f.s[clause_start..d.folded.start].trim());
        // "trước 17h ngày X" leaves the day X itself until that hour: due by X, not before it.
        let hourly = before.len() < f.s[clause_start..d.folded.start].trim().len();
        let label = time_cell || in_time_label(&f.s, d.folded.start) || {
            // "Thời gian: ... ngày 12/4" where the colon is the clause start.
            let p = f.s[..d.folded.start].rfind(':');
            p.is_some_and(|p| TIME_LABELS.iter().any(|l| f.s[..p].trim_end().ends_with(l)))
        };
        // Ranges: "từ ngày X đến ngày Y", "từ tháng 10/2024 đến quý I/2025", "X - Y".
        if let Some(next) = found.get(i + 1) {
            let between = f.s[d.folded.end..next.folded.start].trim();
            let joined = matches!(
                between,
                "den" | "den het" | "-" | "–" | "den ngay" | "den het ngay" | "- ngay"
            );
            let from =
                ends_with_words(before_all, "tu") || before_all.ends_with("tu ngay") || label;
            if joined && from {
                let last = match (next.when, d.when) {
                    (When::Day(x), _) => Some(x),
                    (w, _) => w.last_day(),
                };
                let start_at = f.s[..d.folded.start]
                    .rfind("tu")
                    .filter(|&p| d.folded.start - p <= 8)
                    .unwrap_or(d.folded.start);
                used[i] = true;
                used[i + 1] = true;
                out.push(Hit {
                    range: f.orig_range(start_at..next.folded.end),
                    date: last,
                    rule: Rule::By,
                    precision: Precision::Range,
                    planned: false,
                    no_year: last.is_none(),
                    // "từ ngày 10 đến ngày 15/3": the range ends on a day without its year.
                    day_month: match next.when {
                        When::DayMonth(day, month) => Some((day, month)),
                        _ => None,
                    },
                    next_year: false,
                    impossible: false,
                });
                continue;
            }
        }
        let tail_words =
            |w: &str| ends_with_words(before, w) || before.ends_with(&format!("{w} ngay"));
        let before_cue =
            tail_words("truoc") || before.ends_with("truoc ngay") || before.ends_with("truoc ngay");
        let before_rule = before_cue && !hourly;
        let by = [
            "cham nhat",
            "cham nhat la",
            "cham nhat vao",
            "cham nhat trong",
            "cham nhat den",
            "han chot",
            "thoi han",
            "han",
            "den",
            "den het",
            "trong",
            "vao",
            "hoan thanh",
            "xong",
            "ket thuc",
            "dien ra",
            "to chuc vao",
            "bat dau",
        ]
        .iter()
        .any(|w| tail_words(w))
            || (before_cue && hourly);
        let planned = before.contains("du kien");
        // The folded text is not ASCII throughout ("ⅻ", "ß" fold to several bytes): the window starts at a
        // character boundary.
        let start_cue = |w: &str| {
            let p = before_all.len().saturating_sub(w.len() + 12);
            super::tail(before_all, p).contains(w)
        };
        let (precision, date, cue) = match d.when {
            When::Day(x) => (
                Precision::Day,
                Some(x),
                before_rule || by || planned || label || d.ngay && start_cue("ngay"),
            ),
            When::DayMonth(..) | When::Impossible => {
                (Precision::Day, None, before_rule || by || planned || label)
            }
            When::Days { .. } => (
                Precision::Range,
                d.when.last_day(),
                label || by || before_all.ends_with("tu ngay") || ends_with_words(before_all, "tu"),
            ),
            When::DayOnly(_) => (Precision::Day, None, false),
            When::Month(..) => (Precision::Month, None, true),
            When::Quarter(..) => (Precision::Quarter, None, true),
            When::Half(..) => (Precision::Range, None, true),
            When::Year(_) => (
                Precision::Range,
                None,
                label
                    || tail_words("hoan thanh trong")
                    || tail_words("cham nhat trong")
                    || tail_words("truoc"),
            ),
        };
        if !cue {
            continue;
        }
        // "ngày 12/4/2022" alone only counts inside a time label or right after a cue word.
        if matches!(d.when, When::Day(_)) && !(before_rule || by || planned || label) {
            continue;
        }
        // A month or quarter needs a word that ties it to the work, or a place of its own.
        if matches!(d.when, When::Month(..) | When::Quarter(..) | When::Half(..)) {
            let tied = label
                || before.is_empty()
                || before_rule
                || by
                || ["dau", "cuoi", "giua", "trong", "nua dau", "nua cuoi"]
                    .iter()
                    .any(|w| tail_words(w));
            if !tied {
                continue;
            }
        }
        let (date, rule) = match d.when {
            When::Day(_) => (date, if before_rule { Rule::Before } else { Rule::By }),
            When::Month(..) | When::Quarter(..) | When::Half(..) | When::Year(_) if before_rule => {
                (d.when.first_day(), Rule::Before)
            }
            w => (w.last_day(), Rule::By),
        };
        let cue_start = cue_start(&f.s, d.folded.start, clause_start);
        out.push(Hit {
            range: f.orig_range(cue_start.min(d.folded.start)..d.folded.end),
            date,
            rule,
            precision,
            planned,
            no_year: date.is_none(),
            day_month: match d.when {
                When::DayMonth(day, month) => Some((day, month)),
                When::Days {
                    to,
                    month,
                    year: None,
                    ..
                } => Some((to, month)),
                _ => None,
            },
            impossible: matches!(d.when, When::Impossible),
            next_year: {
                let after = super::window(&f.s, d.folded.end, 24).trim_start();
                [
                    "nam lien ke",
                    "cua nam lien ke",
                    "nam sau",
                    "cua nam sau",
                    "nam tiep theo",
                ]
                .iter()
                .any(|w| after.starts_with(w))
            },
        });
    }
    out.extend(relative(text, &f, &out, label_all(time_cell)));
    out.sort_by_key(|h| h.range.start);
    out
}

/// Where the clause around a date begins: after the last `.`, `;`, `,`, line break, `(` or `:` before it — a
/// colon between digits ("17:00") is an hour, not a break.
fn clause_start_before(s: &str, at: usize) -> usize {
    let bytes = s.as_bytes();
    let mut end = at;
    while let Some(p) = s[..end].rfind(['.', ';', ',', super::NL, '(', ':']) {
        let hour = bytes[p] == b':'
            && p > 0
            && bytes[p - 1].is_ascii_digit()
            && bytes.get(p + 1).is_some_and(u8::is_ascii_digit);
        if !hour {
            return p + 1;
        }
        end = p;
    }
    0
}

/// Folded text without an hour of the day at its end: "17h00", "17h", "8g30", "17:00", "17 giờ 30 phút".
fn without_hour(s: &str) -> &str {
    let t = s.trim_end();
    let is_num = |w: &str| !w.is_empty() && w.len() <= 2 && w.bytes().all(|b| b.is_ascii_digit());
    let mut words: Vec<&str> = t.split(' ').collect();
    let last_is = |ws: &[&str], w: &str| ws.last().is_some_and(|x| *x == w);
    if last_is(&words, "phut") && words.len() >= 2 && is_num(words[words.len() - 2]) {
        words.truncate(words.len() - 2);
    }
    let hour = words.last().is_some_and(|w| {
        let digits = w.bytes().take_while(u8::is_ascii_digit).count();
        let (h, rest) = w.split_at(digits);
        is_num(h)
            && rest
                .strip_prefix(['h', 'g', ':'])
                .is_some_and(|m| m.is_empty() || is_num(m))
    });
    if hour {
        words.pop();
    } else if words.len() >= 2
        && (last_is(&words, "gio")
            || is_num(words[words.len() - 1]) && words[words.len() - 2] == "gio")
    {
        // "17 giờ", "17 giờ 30"
        if is_num(words[words.len() - 1]) {
            words.pop();
        }
        if last_is(&words, "gio") && words.len() >= 2 && is_num(words[words.len() - 2]) {
            words.truncate(words.len() - 2);
        }
    }
    let kept: usize = words
        .iter()
        .map(|w| w.len() + 1)
        .sum::<usize>()
        .saturating_sub(1);
    t[..kept.min(t.len())].trim_end()
}

/// Reports every week or every day ("báo cáo hằng tuần", "hằng ngày"): the plan format counts months and
/// longer, so they are flagged, never drafted as a deadline.
fn too_often(block: &Block, task: Option<&String>, review: &mut Vec<Review>) {
    let f = Folded::new(&block.text);
    let mut seen = Vec::new();
    for cue in ["hang tuan", "moi tuan", "hang ngay", "moi ngay"] {
        for at in find_words(&f.s, cue) {
            let oat = f.orig(at);
            let sent = sentence(&block.text, oat);
            let fs = &f.s[f.folded_at(sent.start)..f.folded_at(sent.end)];
            if !fs.contains("bao cao") || seen.contains(&sent.start) {
                continue;
            }
            seen.push(sent.start);
            let wording = super::text::collapse(block.text[sent].trim());
            review.push(Review {
                kind: ReviewKind::RecurringTooOften,
                line: block.line_at(oat),
                task: task.cloned(),
                message: format!(
                    "“{wording}” {}",
                    tr(
                        "reports every week or every day: plan tracks months and longer — keep it as an ongoing task, or add its dated deadlines",
                        "báo cáo hằng tuần hoặc hằng ngày: plan theo dõi kỳ từ một tháng trở lên — hãy giữ như nhiệm vụ thường xuyên, hoặc thêm các thời hạn có ngày cụ thể"
                    )
                ),
            });
        }
    }
}

/// Work on given weekdays of the month ("vào thứ Sáu tuần thứ 2 và thứ 4 hằng tháng", "thứ Hai tuần đầu
/// tiên của tháng"): the plan format schedules by dates and periods, not weekdays, so it is flagged with its
/// wording, never drafted as a deadline.
fn weekday_schedule(block: &Block, task: Option<&String>, review: &mut Vec<Review>) {
    const WEEKDAYS: [&str; 7] = [
        "thu hai", "thu ba", "thu tu", "thu nam", "thu sau", "thu bay", "chu nhat",
    ];
    let f = Folded::new(&block.text);
    let mut seen = Vec::new();
    for day in WEEKDAYS {
        for at in find_words(&f.s, day) {
            // The week follows the weekday within a few words: "thứ Sáu tuần thứ 2", "thứ Hai của tuần đầu".
            let after: String = f.s[at + day.len()..].chars().take(16).collect();
            if !after.contains("tuan") {
                continue;
            }
            let oat = f.orig(at);
            let sent = sentence(&block.text, oat);
            let fs = &f.s[f.folded_at(sent.start)..f.folded_at(sent.end)];
            if !fs.contains("thang") || seen.contains(&sent.start) {
                continue;
            }
            seen.push(sent.start);
            let wording = super::text::collapse(block.text[sent].trim());
            review.push(Review {
                kind: ReviewKind::WeekdaySchedule,
                line: block.line_at(oat),
                task: task.cloned(),
                message: format!(
                    "“{wording}” {}",
                    tr(
                        "falls on weekdays of each month: plan schedules by dates and periods — keep it as an ongoing task, or add its dated deadlines",
                        "rơi vào các thứ trong tuần của mỗi tháng: plan theo dõi theo ngày và kỳ — hãy giữ như nhiệm vụ thường xuyên, hoặc thêm các thời hạn có ngày cụ thể"
                    )
                ),
            });
        }
    }
}

/// A recurring report's period as the clerk reads it in a note.
fn period_words(every: &str) -> &'static str {
    match every {
        "month" => tr("monthly", "hằng tháng"),
        "quarter" => tr("quarterly", "hằng quý"),
        "half-year" => tr("every six months", "6 tháng"),
        _ => tr("yearly", "hằng năm"),
    }
}

/// The day a date without its year is read from: the plan's own date, else the first day of the year its
/// title names ("… năm 2026"); none when neither is written.
fn base_date(head: &Head) -> Option<chrono::NaiveDate> {
    if let Some(d) = head.date {
        return Some(d);
    }
    let title = head.title.as_deref()?;
    title
        .split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<i32>().ok())
        .find(|y| (1990..=2100).contains(y))
        .and_then(|y| chrono::NaiveDate::from_ymd_opt(y, 1, 1))
}

/// The day of "15/01" in the year its table column names ("Năm 2026"), said as the reason.
fn column_day(year: i32, day: u32, month: u32) -> Option<(chrono::NaiveDate, String)> {
    let d = chrono::NaiveDate::from_ymd_opt(year, month, day)?;
    let said = tr(
        "the year the table's column names",
        "năm ghi ở tiêu đề cột của bảng",
    );
    Some((d, format!("{said}: {year}")))
}

/// The year of "15/01", said as the reason: the next year when the words say so, else the plan's year, or
/// the year after when that day of the plan's year came before the plan itself (a plan sets no deadline in
/// its past). None without a plan date or year, or for a day the month has not (31/02).
fn assume_year(
    base: Option<chrono::NaiveDate>,
    day: u32,
    month: u32,
    next: bool,
) -> Option<(chrono::NaiveDate, String)> {
    use chrono::Datelike;
    let base = base?;
    let on = |y: i32| chrono::NaiveDate::from_ymd_opt(y, month, day);
    let y = base.year();
    if next {
        let said = tr(
            "the year after the plan's, as the text says",
            "năm sau năm của kế hoạch, như văn bản ghi",
        );
        return on(y + 1).map(|d| (d, said.to_string()));
    }
    let same = on(y)?;
    if same >= base {
        return Some((
            same,
            tr("the plan's own year", "năm của kế hoạch").to_string(),
        ));
    }
    let shown = crate::date::format_vn(base);
    on(y + 1).map(|d| {
        (
            d,
            crate::msg!(
                "the first such day after the plan's date, {shown}",
                "ngày đó đầu tiên sau ngày của kế hoạch, {shown}"
            ),
        )
    })
}

/// Cue words that open a deadline's expression, longest first (folded).
const CUES: &[&str] = &[
    "cham nhat truoc",
    "cham nhat la",
    "cham nhat vao",
    "cham nhat trong",
    "cham nhat den",
    "cham nhat",
    "hoan thanh truoc",
    "xong truoc",
    "han chot",
    "thoi han",
    "du kien",
    "den het",
    "truoc",
    "han",
    "den",
    "trong",
    "vao",
    "hoan thanh",
    "xong",
    "ket thuc",
    "dien ra",
    "bat dau",
];

/// Where the expression of a deadline starts: its cue word ("trước", "chậm nhất"), else the date itself.
fn cue_start(s: &str, date_start: usize, clause_start: usize) -> usize {
    let mut pre = s[..date_start].trim_end();
    if let Some(p) = pre
        .strip_suffix("ngay")
        .filter(|p| p.is_empty() || p.ends_with(' '))
    {
        pre = p.trim_end();
    }
    if let Some(p) = pre.strip_suffix(" la").or_else(|| pre.strip_suffix(" vao"))
        && p.ends_with("cham nhat")
    {
        pre = p.trim_end();
    }
    for cue in CUES {
        if ends_with_words(pre, cue) && pre.len() - cue.len() >= clause_start {
            return pre.len() - cue.len();
        }
    }
    date_start
}

/// Whether the "sau" at `at` of folded text is the day "thứ Sáu" (Friday), not "after".
fn friday(folded: &str, at: usize) -> bool {
    folded[..at].ends_with("thu ")
}

fn label_all(time_cell: bool) -> bool {
    time_cell
}

/// Deadlines relative to an event: "trước ngày khai giảng 07 ngày", "trong thời hạn 10 ngày làm việc kể từ
/// ngày nhận hồ sơ", "ngay sau khi kết thúc đợt kiểm tra".
fn relative(text: &str, f: &Folded, dated: &[Hit], time_cell: bool) -> Vec<Hit> {
    let s = &f.s;
    let mut out: Vec<Hit> = Vec::new();
    let mut starts: Vec<usize> = Vec::new();
    for cue in ["truoc ngay", "sau ngay"] {
        for at in find_words(s, cue) {
            let rest = s[at + cue.len()..].trim_start();
            // "sau ngày bầu cử 05 ngày": an event, then a count of days.
            let counted = cue == "truoc ngay"
                || rest
                    .split([',', ';', '.', super::NL])
                    .next()
                    .is_some_and(|c| {
                        c.split(' ')
                            .any(|w| w.chars().all(|ch| ch.is_ascii_digit()) && !w.is_empty())
                    });
            if counted
                && !rest.starts_with(|c: char| c.is_ascii_digit())
                && !rest.starts_with('.')
                && !rest.starts_with('…')
            {
                starts.push(at);
            }
        }
    }
    // "sau mỗi đợt tuyên truyền 05 ngày", "trước khai giảng 07 ngày": an event, then a count of days.
    for cue in ["sau", "truoc"] {
        for at in find_words(s, cue).into_iter().filter(|&at| !friday(s, at)) {
            let rest = &s[at + cue.len()..];
            let clause = rest
                .split([',', ';', '.', super::NL, ')'])
                .next()
                .unwrap_or("");
            let words: Vec<&str> = clause.split(' ').filter(|w| !w.is_empty()).collect();
            let counted = words.windows(2).any(|w| {
                w[0].len() <= 3
                    && w[0].chars().all(|c| c.is_ascii_digit())
                    && (w[1] == "ngay" || w[1] == "tuan")
            });
            let first_is_number = words
                .first()
                .is_some_and(|w| w.starts_with(|c: char| c.is_ascii_digit()));
            if counted && !first_is_number && !clause.contains('/') && words.len() <= 10 {
                starts.push(at);
            }
        }
    }
    for cue in [
        "ngay sau khi",
        "ngay khi",
        "ke tu khi",
        "sau khi ket thuc",
        "sau khi hoan thanh",
        "sau khi nhan",
        "ngay sau",
    ] {
        starts.extend(find_words(s, cue));
    }
    for cue in [
        "trong thoi han",
        "trong vong",
        "trong",
        "cham nhat",
        "sau",
        "truoc",
    ] {
        for at in find_words(s, cue) {
            let rest = s[at + cue.len()..].trim_start();
            let digits = rest.chars().take_while(char::is_ascii_digit).count();
            if digits == 0 || digits > 3 {
                continue;
            }
            let unit = rest[digits..].trim_start();
            let unit_ok = ["ngay", "tuan", "thang", "gio"]
                .iter()
                .any(|u| unit.starts_with(u));
            if !unit_ok {
                continue;
            }
            let window: String = unit.chars().take(40).collect();
            let anchored = [
                "ke tu",
                "sau khi",
                "truoc khi",
                "tinh tu",
                "sau ngay",
                "truoc ngay",
                "ke ngay",
            ]
            .iter()
            .any(|a| window.contains(a));
            if anchored || cue == "trong thoi han" || cue == "trong vong" {
                starts.push(at);
            }
        }
    }
    if time_cell && dated.is_empty() {
        let t = s.trim();
        if !t.is_empty()
            && ["sau", "truoc", "khi", "ngay", "ke tu"].iter().any(|w| {
                find_words(t, w)
                    .into_iter()
                    .any(|at| !(*w == "sau" && friday(t, at)))
            })
        {
            starts.push(s.len() - s.trim_start().len());
        }
    }
    starts.sort_unstable();
    starts.dedup();
    let mut last_end = 0;
    for at in starts {
        if at < last_end
            || dated
                .iter()
                .any(|h| f.orig(at) >= h.range.start && f.orig(at) < h.range.end)
        {
            continue;
        }
        let end = s[at..]
            .find([',', ';', '.', super::NL, ')'])
            .map_or(s.len(), |p| at + p);
        let end = end.min(at + 90);
        let end = (end..=s.len())
            .find(|&e| s.is_char_boundary(e))
            .unwrap_or(s.len());
        last_end = end;
        out.push(Hit {
            range: f.orig_range(at..end),
            date: None,
            rule: Rule::By,
            precision: Precision::Relative,
            planned: false,
            no_year: false,
            day_month: None,
            next_year: false,
            impossible: false,
        });
    }
    let _ = text;
    out
}

/// Sentence bounds around a byte offset: split at `.`, `;`, `!`, `?` (followed by a space) and line breaks,
/// never inside brackets.
fn sentence(text: &str, at: usize) -> Range<usize> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let mut depth = 0i32;
    let mut i = 0;
    let mut end = text.len();
    while i < bytes.len() {
        let c = bytes[i];
        match c {
            b'(' => depth += 1,
            b')' => depth = (depth - 1).max(0),
            b'\n' | b';' | b'.' | b'!' | b'?' if depth == 0 || c == b'\n' => {
                let boundary = c == b'\n'
                    || c == b';'
                    || bytes.get(i + 1).is_none_or(|n| n.is_ascii_whitespace());
                if boundary {
                    if i < at {
                        start = i + 1;
                    } else {
                        end = i;
                        break;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    start..end
}

fn commas(text: &str, r: Range<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    for (i, c) in text[r.clone()].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            ',' if depth == 0 => out.push(r.start + i),
            _ => {}
        }
    }
    out
}

/// Where " và " joins two clauses of a sentence (outside brackets).
fn ands(text: &str, r: Range<usize>) -> Vec<usize> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    for (i, c) in text[r.clone()].char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth = (depth - 1).max(0),
            ' ' if depth == 0 && text[r.start + i..].starts_with(" và ") => out.push(r.start + i),
            _ => {}
        }
    }
    out
}

const MAX_WORDING: usize = 170;

/// The clause stating each deadline: its sentence, cut at commas between deadlines and to a readable length.
fn wordings(text: &str, ranges: &[Range<usize>]) -> Vec<String> {
    let mut out = Vec::new();
    for (k, r) in ranges.iter().enumerate() {
        let s = sentence(text, r.start);
        let cs = commas(text, s.clone());
        let prev = ranges[..k].iter().rev().find(|p| p.start >= s.start);
        let next = ranges.get(k + 1).filter(|n| n.start < s.end);
        let mut left = s.start;
        if let Some(p) = prev
            && let Some(&c) = cs.iter().find(|&&c| c >= p.end && c < r.start)
        {
            left = c + 1;
        }
        let joins = ands(text, s.clone());
        if let Some(p) = prev
            && !cs.iter().any(|&c| c >= p.end && c < r.start)
            && let Some(&a) = joins.iter().find(|&&a| a >= p.end && a < r.start)
        {
            left = a + " và ".len();
        }
        let mut right = s.end;
        if let Some(n) = next {
            if let Some(&c) = cs.iter().find(|&&c| c >= r.end && c < n.start) {
                right = c;
            } else if let Some(&a) = joins.iter().find(|&&a| a >= r.end && a < n.start) {
                right = a;
            }
        }
        if right.saturating_sub(left) > MAX_WORDING {
            if let Some(&c) = cs
                .iter()
                .find(|&&c| c >= left && c < r.start && right - c <= MAX_WORDING)
            {
                left = c + 1;
            } else if let Some(&c) = cs.iter().rev().find(|&&c| c >= left && c < r.start) {
                left = c + 1;
            }
        }
        if right.saturating_sub(r.end) > 60
            && let Some(&c) = cs.iter().find(|&&c| c >= r.end && c < right)
        {
            right = c;
        }
        let w = text.get(left..right).unwrap_or("");
        let w = super::text::collapse(
            w.trim()
                .trim_start_matches(['-', '+', '•', '–'])
                .trim()
                .trim_end_matches([',', ';', '.'])
                .trim(),
        );
        out.push(if w.is_empty() {
            super::text::collapse(&text[r.clone()])
        } else {
            w
        });
    }
    out
}

/// Recurring reports of a text: (every, day, rule, wording, offset).
/// A recurring report found in a text: (every, day, rule, wording, byte offset).
type Found2 = (Option<&'static str>, Option<u32>, Rule, String, usize);

/// The next period of a list after a recurring report's first ("hằng quý, 6 tháng và năm"): the period and
/// the text after it.
fn listed_period(tail: &str) -> Option<(&'static str, &str)> {
    let rest = [", ", " va ", " hoac "]
        .iter()
        .find_map(|sep| tail.strip_prefix(sep))?;
    let rest = rest.trim_start_matches("hang ").trim_start_matches("ca ");
    let periods: [(&str, &'static str); 8] = [
        ("06 thang", "half-year"),
        ("6 thang", "half-year"),
        ("sau thang", "half-year"),
        ("01 nam", "year"),
        ("1 nam", "year"),
        ("nam", "year"),
        ("quy", "quarter"),
        ("thang", "month"),
    ];
    periods.iter().find_map(|(w, e)| {
        let after = rest.strip_prefix(w)?;
        // A word, not the start of one ("năm 2024" is a period of its own, not a recurrence).
        let ends = after.is_empty() || after.starts_with([' ', ',', ';', '.', ')']);
        let dated = after.trim_start().starts_with(|c: char| c.is_ascii_digit());
        // "năm học" is a school year, "năm 2024" a year of its own: neither is the yearly report.
        let other = after.trim_start().starts_with("hoc");
        (ends && !dated && !other).then_some((*e, after))
    })
}

fn recurring(text: &str, day_hits: &[Hit]) -> Vec<Found2> {
    let f = Folded::new(text);
    let s = &f.s;
    let cues: &[(&str, Option<&'static str>)] = &[
        ("dinh ky va dot xuat", None),
        ("dinh ky, dot xuat", None),
        ("dinh ky hoac dot xuat", None),
        ("hang quy", Some("quarter")),
        ("moi quy", Some("quarter")),
        ("dinh ky quy", Some("quarter")),
        ("theo quy", Some("quarter")),
        ("tung quy", Some("quarter")),
        ("bao cao quy", Some("quarter")),
        ("thang lien ke", Some("month")),
        ("cua thang sau", Some("month")),
        ("hang thang", Some("month")),
        ("moi thang", Some("month")),
        ("dinh ky thang", Some("month")),
        ("bao cao thang", Some("month")),
        ("tung thang", Some("month")),
        ("6 thang", Some("half-year")),
        ("06 thang", Some("half-year")),
        ("sau thang", Some("half-year")),
        ("ban nien", Some("half-year")),
        ("hang nam", Some("year")),
        ("moi nam", Some("year")),
        ("dinh ky nam", Some("year")),
        ("bao cao nam", Some("year")),
        ("tong ket nam", Some("year")),
        ("dinh ky", None),
    ];
    let mut out: Vec<Found2> = Vec::new();
    let mut claimed: Vec<Range<usize>> = Vec::new();
    for (cue, every) in cues {
        for at in find_words(s, cue) {
            if claimed.iter().any(|c| c.contains(&at)) {
                continue;
            }
            let oat = f.orig(at);
            let sent = sentence(text, oat);
            let fsent = f.folded_at(sent.start)..f.folded_at(sent.end);
            let sent_f = &s[fsent.clone()];
            if !sent_f.contains("bao cao")
                && !sent_f.contains("so ket")
                && !sent_f.contains("tong ket")
            {
                continue;
            }
            let after = s[at + cue.len()..].trim_start();
            // "năm 2024", "6 tháng đầu năm 2024": a period, not a recurrence.
            if every.is_some_and(|e| e == "year" || e == "half-year") {
                let y = after
                    .trim_start_matches("dau nam ")
                    .trim_start_matches("cuoi nam ");
                if y.starts_with(|c: char| c.is_ascii_digit())
                    || after.starts_with("dau nam 2")
                    || after.starts_with("cuoi nam 2")
                {
                    continue;
                }
            }
            if every.is_some_and(|e| e == "half-year")
                && !(sent_f.contains("bao cao") || sent_f.contains("so ket"))
            {
                continue;
            }
            // A report with a written date in its own clause is a one-off deadline.
            let cs = commas(text, sent.clone());
            let seg_start = cs
                .iter()
                .rev()
                .find(|&&c| c < oat)
                .map_or(sent.start, |c| c + 1);
            let seg_end = cs.iter().find(|&&c| c > oat).copied().unwrap_or(sent.end);
            if day_hits.iter().any(|h| {
                h.range.start >= seg_start
                    && h.range.start < seg_end
                    && h.precision != Precision::Relative
            }) {
                continue;
            }
            if every.is_none() && *cue == "dinh ky" {
                // "định kỳ" with a period written elsewhere in the sentence is that period's.
                if out.iter().any(|o| sent.contains(&o.4)) {
                    continue;
                }
                let seg_f = &s[f.folded_at(seg_start)..f.folded_at(seg_end)];
                if !seg_f.contains("bao cao") {
                    continue;
                }
            }
            // A day of the period: "trước ngày 20 hằng tháng".
            let seg_dates = dates::find(&text[seg_start..seg_end]);
            let mut day = None;
            let mut rule = Rule::By;
            for d in &seg_dates {
                if let When::DayOnly(n) = d.when {
                    day = Some(n);
                    let bf = crate::text::fold(&text[seg_start..seg_start + d.range.start]);
                    if bf.trim_end().ends_with("truoc") {
                        rule = Rule::Before;
                    }
                }
            }
            let w = text[seg_start..sent.end].trim();
            let w = if w.len() > MAX_WORDING {
                let cut = cs
                    .iter()
                    .find(|&&c| c > oat && c < sent.end)
                    .copied()
                    .unwrap_or(sent.end);
                &text[seg_start..cut]
            } else {
                w
            };
            let w = super::text::collapse(
                w.trim()
                    .trim_start_matches(['-', '+', '•', '–'])
                    .trim()
                    .trim_end_matches([',', ';', '.']),
            );
            claimed.push(fsent.start..fsent.end);
            if out.iter().any(|o| o.0 == *every && o.3 == w) {
                continue;
            }
            out.push((*every, day, rule, w.clone(), oat));
            // "hằng quý, 6 tháng và năm", "6 tháng và cả năm": every period the list names.
            if every.is_some() {
                let mut tail = &s[at + cue.len()..fsent.end.max(at + cue.len())];
                while let Some((more, rest)) = listed_period(tail) {
                    if !out.iter().any(|o| o.0 == Some(more) && o.3 == w) {
                        out.push((Some(more), None, Rule::By, w.clone(), oat));
                    }
                    tail = rest;
                }
            }
        }
    }
    out.sort_by_key(|o| o.4);
    out
}

/// What the deadlines stage gives: the deadlines and recurring reports, and what the clerk must check.
#[derive(Debug, Default)]
pub struct Timed {
    /// Deadlines, in order of the text.
    pub deadlines: Vec<Deadline>,
    /// Recurring reports.
    pub recurring: Vec<Recurring>,
    /// Relative deadlines, years assumed, planned dates, periodic reports to check.
    pub review: Vec<Review>,
}

/// Finds the deadlines and recurring reports of every objective and task (and of the closing paragraphs).
pub fn find(head: &Head, objectives: &[Item], tasks: &[Item], closing: &[Block]) -> Timed {
    let mut x = Timed::default();
    let base = base_date(head);
    let own = head
        .number
        .as_deref()
        .and_then(crate::docnum::parse)
        .map(|n| n.key);
    // Each block with its task, whether it is a table's time cell, and the year its column names.
    type Source = (Option<String>, Block, bool, Option<i32>);
    let mut blocks: Vec<Source> = Vec::new();
    for o in objectives {
        blocks.push((Some(o.id.clone()), o.body.clone(), false, None));
    }
    for t in tasks {
        if let Some(cell) = &t.time_cell {
            blocks.push((Some(t.id.clone()), cell.clone(), true, t.time_year));
        }
        blocks.push((Some(t.id.clone()), t.body.clone(), false, None));
    }
    for b in closing {
        blocks.push((None, b.clone(), false, None));
    }
    for (task, block, cell, column_year) in blocks {
        let excluded: Vec<Range<usize>> = super::refs::citations(&block.text, own.as_deref())
            .into_iter()
            .map(|c| c.range.start..c.end.max(c.date_range.map_or(0, |r| r.end)))
            .collect();
        let found = hits(&block.text, &excluded, cell);
        let ranges: Vec<Range<usize>> = found.iter().map(|h| h.range.clone()).collect();
        let words = if cell {
            found
                .iter()
                .map(|_| super::text::collapse(&block.text))
                .collect()
        } else {
            wordings(&block.text, &ranges)
        };
        for (h, wording) in found.iter().zip(words) {
            let line = block.line_at(h.range.start);
            let expr = super::text::collapse(&block.text[h.range.clone()]);
            let assumed = h
                .day_month
                .filter(|_| h.date.is_none())
                .and_then(|(day, month)| match column_year {
                    Some(y) if !h.next_year => column_day(y, day, month),
                    _ => assume_year(base, day, month, h.next_year),
                });
            let date = assumed.as_ref().map(|(d, _)| *d).or(h.date);
            if let Some((d, why)) = &assumed {
                let d = crate::date::format_vn(*d);
                x.review.push(Review {
                    kind: ReviewKind::YearAssumed,
                    line,
                    task: task.clone(),
                    message: format!(
                        "“{expr}” {} {d} ({why}) — {}",
                        tr("has no year: taken as", "không ghi năm: hiểu là"),
                        tr("check the year", "hãy kiểm tra năm")
                    ),
                });
            }
            // A time cell that only says to follow another document holds no date of its own.
            let per_document = cell && crate::text::fold(&expr).starts_with("theo ");
            match h.precision {
                Precision::Relative if per_document => x.review.push(Review {
                    kind: ReviewKind::DeadlinePerDocument,
                    line,
                    task: task.clone(),
                    message: format!(
                        "“{expr}” {}",
                        tr(
                            "gives no date: the deadline is in that document — add it with `due` from there",
                            "không ghi ngày: thời hạn nằm trong văn bản đó — hãy thêm thời hạn với `due` theo văn bản ấy"
                        )
                    ),
                }),
                Precision::Relative => x.review.push(Review {
                    kind: ReviewKind::RelativeDeadline,
                    line,
                    task: task.clone(),
                    message: format!(
                        "{} “{expr}” {}",
                        tr("deadline relative to an event:", "thời hạn tính theo một sự kiện:"),
                        tr(
                            "has no date — add a deadline with `due` once the event's date is known",
                            "chưa có ngày — thêm thời hạn với `due` khi biết ngày của sự kiện"
                        )
                    ),
                }),
                _ if h.impossible => x.review.push(Review {
                    kind: ReviewKind::InvalidDate,
                    line,
                    task: task.clone(),
                    message: format!(
                        "“{expr}” {}",
                        tr(
                            "is no day of the calendar (that month has fewer days, or the year no 29 February): no date was drafted — check the text and add the deadline",
                            "không phải ngày có thật (tháng đó ít ngày hơn, hoặc năm đó không có 29 tháng 2): chưa ghi thời hạn — hãy kiểm tra văn bản và thêm thời hạn"
                        )
                    ),
                }),
                _ if h.no_year && assumed.is_none() => x.review.push(Review {
                    kind: ReviewKind::NoYear,
                    line,
                    task: task.clone(),
                    message: format!(
                        "“{expr}” {}",
                        tr(
                            "has no year; no date was assumed — add the deadline with its year",
                            "không ghi năm; không tự suy ra ngày — hãy thêm thời hạn kèm năm"
                        )
                    ),
                }),
                _ if h.planned => x.review.push(Review {
                    kind: ReviewKind::PlannedDate,
                    line,
                    task: task.clone(),
                    message: format!(
                        "“{expr}” {}",
                        tr(
                            "is a planned date (dự kiến); keep it only if it is to be tracked beside the hard one",
                            "là ngày dự kiến; chỉ giữ nếu cần theo dõi cùng với hạn chót"
                        )
                    ),
                }),
                _ => {}
            }
            let objective = task
                .as_ref()
                .is_some_and(|t| objectives.iter().any(|o| &o.id == t));
            if objective && date.is_some() {
                x.review.push(Review {
                    kind: ReviewKind::DeadlineInObjective,
                    line,
                    task: task.clone(),
                    message: format!(
                        "“{expr}” {}",
                        tr(
                            "is in an objective, which carries no deadline — add it to the task it concerns",
                            "nằm trong mục tiêu, không mang thời hạn — hãy gắn vào nhiệm vụ liên quan"
                        )
                    ),
                });
            }
            if task.is_none() && date.is_some() {
                x.review.push(Review {
                    kind: ReviewKind::DeadlineOutsideTask,
                    line,
                    task: None,
                    message: format!(
                        "“{expr}” {}",
                        tr(
                            "is in the closing paragraphs — add it to the task it concerns",
                            "nằm ở phần kết — hãy gắn vào nhiệm vụ liên quan"
                        )
                    ),
                });
            }
            x.deadlines.push(Deadline {
                date,
                rule: h.rule,
                wording,
                expr,
                precision: h.precision,
                planned: h.planned,
                task: task.clone(),
                line,
            });
        }
        weekday_schedule(&block, task.as_ref(), &mut x.review);
        let periodic = if cell {
            // A time column ("Hằng tháng") makes its row's report recurring.
            let body = tasks
                .iter()
                .find(|t| Some(&t.id) == task.as_ref())
                .map(|t| crate::text::fold(&t.body.text))
                .unwrap_or_default();
            if !body.contains("bao cao") {
                continue;
            }
            recurring(&format!("báo cáo {}", block.text), &found)
                .into_iter()
                .map(|(e, d, r, _, _)| (e, d, r, super::text::collapse(&block.text), 0))
                .collect()
        } else {
            recurring(&block.text, &found)
        };
        if !cell {
            too_often(&block, task.as_ref(), &mut x.review);
        }
        for (every, day, rule, wording, at) in periodic {
            let line = block.line_at(at);
            let folded = crate::text::fold(&wording);
            let next_month = folded.contains("thang lien ke") || folded.contains("cua thang sau");
            let msg = match (every, day) {
                (Some(_), Some(d)) if next_month => format!(
                    "“{wording}” {} {d} {}",
                    tr("is due on day", "hạn vào ngày",),
                    tr(
                        "of the month after each period: drafted with month = \"next\" — check `from`",
                        "của tháng liền sau mỗi kỳ: bản nháp ghi month = \"next\" — hãy kiểm tra `from`",
                    )
                ),
                (None, _) => format!(
                    "“{wording}” {}",
                    tr(
                        "is a periodic report with no period — add a recurring deadline (`every`) if one applies",
                        "là báo cáo định kỳ không ghi kỳ — thêm thời hạn định kỳ (`every`) nếu có"
                    )
                ),
                (Some(e), None) => format!(
                    "“{wording}” ({}) {}",
                    period_words(e),
                    tr(
                        "names no day: each period is due by its last day (assumed) — set `from`, and `day` if one applies",
                        "không ghi ngày: mỗi kỳ hạn vào ngày cuối kỳ (giả định) — đặt `from`, và `day` nếu có"
                    )
                ),
                (Some(_), Some(_)) => format!(
                    "“{wording}” {}",
                    tr(
                        "recurring report — check its first period (`from`)",
                        "báo cáo định kỳ — kiểm tra kỳ đầu tiên (`from`)"
                    )
                ),
            };
            x.review.push(Review {
                kind: if every.is_none() {
                    ReviewKind::RecurringNoPeriod
                } else if day.is_none() {
                    ReviewKind::RecurringNoDay
                } else {
                    ReviewKind::Recurring
                },
                line,
                task: task.clone(),
                message: msg,
            });
            x.recurring.push(Recurring {
                every,
                day,
                rule,
                next_month: next_month && day.is_some(),
                wording,
                task: task.clone(),
                line,
            });
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn found(text: &str) -> Vec<(Option<NaiveDate>, Precision, Rule, String)> {
        let h = hits(text, &[], false);
        let ranges: Vec<_> = h.iter().map(|h| h.range.clone()).collect();
        let w = wordings(text, &ranges);
        h.into_iter()
            .zip(w)
            .map(|(h, w)| (h.date, h.precision, h.rule, w))
            .collect()
    }

    #[test]
    fn a_range_ending_on_a_day_without_its_year_takes_the_plan_year_as_a_day_does() {
        let h = hits("Tổ chức tuyên truyền từ ngày 10 đến ngày 15/3.", &[], false);
        assert_eq!(h.len(), 1);
        assert_eq!(
            (h[0].precision, h[0].day_month),
            (Precision::Range, Some((15, 3)))
        );
    }

    #[test]
    fn a_day_no_calendar_has_is_no_deadline_date() {
        let got = found("Phòng Nội vụ báo cáo chậm nhất ngày 31/4/2024.");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].0, None);
    }

    #[test]
    fn an_hour_before_the_day_keeps_the_day_due_by_that_hour() {
        let got = found("Phòng Tài chính gửi báo cáo trước 17h00 ngày 20/11/2025.");
        assert_eq!(got.len(), 1);
        assert_eq!((got[0].0, got[0].2), (Some(d(2025, 11, 20)), Rule::By));
        assert!(
            got[0].3.contains("trước 17h00 ngày 20/11/2025"),
            "{}",
            got[0].3
        );
        for hour in ["17h", "8g30", "17:00", "17 giờ 30 phút", "17 giờ"] {
            let got = found(&format!("Nộp hồ sơ trước {hour} ngày 20/11/2025."));
            assert_eq!(got.len(), 1, "{hour}");
            assert_eq!(
                (got[0].0, got[0].2),
                (Some(d(2025, 11, 20)), Rule::By),
                "{hour}"
            );
        }
        assert_eq!(found("Nộp trước ngày 20/11/2025.")[0].2, Rule::Before);
    }

    #[test]
    fn a_year_is_assumed_from_the_plan_and_never_for_a_day_that_is_not() {
        let plan = Some(d(2024, 4, 8));
        let year = |day, month, next| assume_year(plan, day, month, next).map(|(x, _)| x);
        assert_eq!(year(30, 4, false), Some(d(2024, 4, 30)), "the plan's year");
        assert_eq!(year(8, 4, false), Some(d(2024, 4, 8)), "the plan's own day");
        assert_eq!(
            year(15, 3, false),
            Some(d(2025, 3, 15)),
            "no deadline in the plan's past"
        );
        assert_eq!(year(31, 1, true), Some(d(2025, 1, 31)), "năm liền kề");
        assert_eq!(year(31, 2, false), None, "no 31 February");
        assert_eq!(
            year(29, 2, false),
            None,
            "29/02/2024 is before the plan, and 2025 has none"
        );
        assert_eq!(
            assume_year(None, 15, 1, false),
            None,
            "without a plan date nothing is assumed"
        );
    }

    #[test]
    fn letters_that_fold_to_several_bytes_before_a_date_are_no_panic() {
        // "Ⅻ" folds to "ⅻ" (3 bytes), "ꞵ" stays 3: a cue looked for in the last bytes of the folded text
        // before a date once sliced inside such a letter.
        for t in [
            "Các đơn vị báo cáo kết quả về Phòng trước ngày 10/12/2024 theo công văn Ủy ban nhân dân sốⅫ 15/UBNDⅫ-VX",
            "Quyết địnꞵh số 878/QĐ-BYT ngày 5/3/2020",
            "ⅫⅫⅫⅫⅫⅫⅫⅫ ngày 5/3/2020",
            "theo công văn Ủy ban nhân dân sốⅫ 15/UBNDⅫ-VX ngày 02/01/2024 của UBND huyện",
            "báo cáo về Phòng Ⅻngày 10/12/2024",
            "hoàn thành ꞵꞵ ngày 10/12/2024",
            "Ⅻ ngày 10/12/2024",
        ] {
            found(t);
        }
    }

    #[test]
    fn day_deadlines_with_their_rule_and_wording() {
        let t = "Thực hiện nghiêm túc chế độ báo cáo định kỳ 06 tháng đầu năm gửi trước ngày 11/6/2022, báo cáo năm gửi trước ngày 11/11/2022 về Sở (qua Phòng Hành chính - Tổng hợp).";
        let got = found(t);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, Some(d(2022, 6, 11)));
        assert_eq!(got[0].2, Rule::Before);
        assert_eq!(
            got[0].3,
            "Thực hiện nghiêm túc chế độ báo cáo định kỳ 06 tháng đầu năm gửi trước ngày 11/6/2022"
        );
        assert_eq!(
            got[1].3,
            "báo cáo năm gửi trước ngày 11/11/2022 về Sở (qua Phòng Hành chính - Tổng hợp)"
        );
        let got = found("Báo cáo kết quả chậm nhất ngày 15 tháng 7 năm 2024.");
        assert_eq!((got[0].0, got[0].2), (Some(d(2024, 7, 15)), Rule::By));
    }

    #[test]
    fn precision_of_periods_and_ranges() {
        let got = found("Thời gian: Quý III/2024.");
        assert_eq!(
            (got[0].0, got[0].1),
            (Some(d(2024, 9, 30)), Precision::Quarter)
        );
        let got = found("Hoàn thành trong tháng 9/2024.");
        assert_eq!(
            (got[0].0, got[0].1),
            (Some(d(2024, 9, 30)), Precision::Month)
        );
        let got = found("Tổ chức từ ngày 01/8/2024 đến ngày 15/9/2024 tại các xã.");
        assert_eq!(
            (got[0].0, got[0].1),
            (Some(d(2024, 9, 15)), Precision::Range)
        );
        let got = found("Triển khai từ tháng 10/2024 đến quý I/2025.");
        assert_eq!(
            (got[0].0, got[0].1),
            (Some(d(2025, 3, 31)), Precision::Range)
        );
        let got = found("Dự kiến ngày 20/5/2024 (chậm nhất ngày 25/5/2024).");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0, Some(d(2024, 5, 20)));
        assert_eq!(got[1].0, Some(d(2024, 5, 25)));
    }

    #[test]
    fn relative_deadlines_get_no_date() {
        let got = found("Nộp hồ sơ trước ngày khai giảng 07 ngày.");
        assert_eq!((got[0].0, got[0].1), (None, Precision::Relative));
        let got = found("Báo cáo ngay sau khi kết thúc đợt kiểm tra.");
        assert_eq!(got[0].1, Precision::Relative);
        let got = found("Giải quyết trong thời hạn 10 ngày làm việc kể từ ngày nhận hồ sơ.");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].1, Precision::Relative);
        // A date without its year is never completed.
        let got = found("Gửi báo cáo trước ngày 15/3.");
        assert_eq!((got[0].0, got[0].1), (None, Precision::Day));
        // A cited document's date, or a date with no cue, is not a deadline.
        assert!(found("Theo Kế hoạch số 53/KH-UBND ngày 23/3/2022 của UBND tỉnh.").is_empty());
        assert!(found("Năm 2023, đơn vị đã tổ chức 12 hội nghị.").is_empty());
    }

    #[test]
    fn weekdays_of_the_month_are_flagged_not_drafted() {
        let block = |t: &str| Block {
            text: t.into(),
            line: 1,
            starts: vec![(0, 1)],
        };
        let flagged = |t: &str| {
            let mut review = Vec::new();
            weekday_schedule(&block(t), None, &mut review);
            review.len()
        };
        assert_eq!(
            flagged("Phát sóng vào thứ Sáu tuần thứ 2 và thứ 4 hằng tháng."),
            1
        );
        assert_eq!(
            flagged("Họp giao ban vào thứ Hai tuần đầu tiên của tháng."),
            1
        );
        // A weekday without a week of the month, or a fourth time, is not a schedule.
        assert_eq!(flagged("Họp vào thứ Sáu, ngày 12/6/2026."), 0);
        assert_eq!(flagged("Tổ chức lần thứ tư trong tháng 5."), 0);
    }

    #[test]
    fn recurring_reports() {
        let r = recurring(
            "thực hiện tốt việc tiếp thu góp ý, định kỳ hàng quý báo cáo Ủy ban nhân dân tỉnh (qua Sở Nội vụ) để theo dõi, chỉ đạo.",
            &[],
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].0, Some("quarter"));
        assert_eq!(
            r[0].3,
            "định kỳ hàng quý báo cáo Ủy ban nhân dân tỉnh (qua Sở Nội vụ) để theo dõi, chỉ đạo"
        );
        let r = recurring("Báo cáo kết quả trước ngày 20 hằng tháng.", &[]);
        assert_eq!(
            (r[0].0, r[0].1, r[0].2),
            (Some("month"), Some(20), Rule::Before)
        );
        let r = recurring("Các đơn vị báo cáo định kỳ và đột xuất theo yêu cầu.", &[]);
        assert_eq!(r[0].0, None);
        assert!(recurring("Tổ chức ngày hội hằng năm tại trường.", &[]).is_empty());
    }
}
