//! `plan extract`: a draft plan file from the text of a real Kế hoạch (plain text or Word `.docx`).
//!
//! The rule this module keeps: find what the text states, in the conventions of Vietnamese administrative
//! writing (Nghị định 30/2020/NĐ-CP on the layout of State documents, the Party's hyphenated numbers and
//! headings), and never invent. A date is only ever one the text writes; a deadline relative to an event, a
//! unit that may be a person or a reference without a date is kept as written and flagged for the clerk.
//!
//! The pipeline, one module per concern, each stage taking the type the one before made: [`pdf`] and
//! [`layout`], [`docx`], or plain text → [`text`] (`Vec<Line>`: normalised lines; `Para`: paragraphs with their
//! markers and table cells) → [`sections`] (a `Frame` — the document's window, header and where its parts
//! are — then a `Body` of sections, items and tables, a `Tail` of recipients and signer, and an appendix's
//! `Body`, put together as a `Layout`) → [`refs::cite`] (`Cited`) → [`units::assign`] (`Assigned`) →
//! [`deadlines::find`] (`Timed`) → [`render`] (a plan file that `plan validate` accepts, or JSON).

pub mod counts;
pub mod dates;
pub mod deadlines;
pub mod docx;
pub mod layout;
pub mod pdf;
pub mod refs;
pub mod render;
pub mod sections;
pub mod text;
pub mod units;
pub mod words;

use chrono::NaiveDate;
use std::ops::Range;

/// What one extraction found.
#[derive(Debug, Clone, Default)]
pub struct Extraction {
    /// The plan's own number, date, issuer and title.
    pub head: Head,
    /// The opening paragraphs ("Căn cứ ...", "Thực hiện ..."), verbatim.
    pub preamble: Vec<Block>,
    /// Objectives (the items of section "Mục đích, yêu cầu").
    pub objectives: Vec<Item>,
    /// Tasks (the items of every other section, and rows of task tables).
    pub tasks: Vec<Item>,
    /// Unnumbered closing paragraphs ("Trên đây là ...", "Trong quá trình ...").
    pub closing: Vec<Block>,
    /// Every cited document, once per document, in order of first citation.
    pub references: Vec<Reference>,
    /// Deadlines, in order of the text.
    pub deadlines: Vec<Deadline>,
    /// Recurring reports.
    pub recurring: Vec<Recurring>,
    /// The events deadlines are counted from, and the counts.
    pub counts: counts::Counts,
    /// Units named as responsible, in order of first mention.
    pub units: Vec<Unit>,
    /// "Nơi nhận", in the order written.
    pub recipients: Vec<Recipient>,
    /// Who signed.
    pub signer: Option<Signer>,
    /// What the clerk must decide.
    pub review: Vec<Review>,
}

/// The plan's own identity, from the header (Nghị định 30/2020: issuer, number, place and date, kind, title).
#[derive(Debug, Clone, Default)]
pub struct Head {
    /// Own number and symbol ("45/KH-SKHCN"), never a cited reference.
    pub number: Option<String>,
    /// The source line of the number.
    pub number_line: Option<usize>,
    /// The plan's date ("Quảng Ngãi, ngày 30 tháng 3 năm 2022").
    pub date: Option<NaiveDate>,
    /// Where the plan was signed ("Quảng Ngãi").
    pub place: Option<String>,
    /// The issuing agency, in the spelling the body uses when it can be found there.
    pub issuer: Option<String>,
    /// The source line of the issuer.
    pub issuer_line: Option<usize>,
    /// The agency above the issuer in the header ("UBND TỈNH QUẢNG NGÃI").
    pub parent: Option<String>,
    /// The province, when the header names one.
    pub province: Option<String>,
    /// "Kế hoạch ..." in sentence case.
    pub title: Option<String>,
    /// The source line of the title.
    pub title_line: Option<usize>,
}

/// A paragraph of running text with where it came from.
#[derive(Debug, Clone, Default)]
pub struct Block {
    /// The wording, line breaks undone.
    pub text: String,
    /// The first source line.
    pub line: usize,
    /// (byte offset in `text`, source line) of each source line joined into it.
    pub starts: Vec<(usize, usize)>,
}

impl Block {
    /// The source line holding a byte offset of `text`.
    pub fn line_at(&self, at: usize) -> usize {
        self.starts
            .iter()
            .take_while(|(off, _)| *off <= at)
            .last()
            .map_or(self.line, |&(_, line)| line)
    }

    /// Appends another block on a new line.
    pub fn push(&mut self, other: &Block, sep: &str) {
        if self.text.is_empty() {
            *self = other.clone();
            return;
        }
        self.text.push_str(sep);
        let base = self.text.len();
        self.text.push_str(&other.text);
        self.starts
            .extend(other.starts.iter().map(|&(off, line)| (base + off, line)));
    }
}

/// Whether an item is an objective or a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ItemKind {
    /// Section "Mục đích, yêu cầu" / "Mục tiêu".
    Objective,
    /// Everything else.
    Task,
}

/// One numbered item (or table row) of a section.
#[derive(Debug, Clone)]
pub struct Item {
    /// Stable id: "II.8", "II.2.1", "III.1.a".
    pub id: String,
    /// The section's id ("II").
    pub section: String,
    /// A short title for listings.
    pub title: String,
    /// The full wording, verbatim (line breaks undone; paragraphs on their own lines).
    pub body: Block,
    /// The marker as written ("8.", "2.1", "a)", "-").
    pub marker: String,
    /// Objective or task.
    pub kind: ItemKind,
    /// Unit ids in charge.
    pub lead: Vec<String>,
    /// Unit ids that coordinate.
    pub support: Vec<String>,
    /// Unit ids it reports to ("báo cáo UBND tỉnh (qua Sở Nội vụ)").
    pub report_to: Vec<String>,
    /// Numbers of the references it cites, as listed in [`Extraction::references`].
    pub references: Vec<String>,
    /// Text of the time cell of a task table, read as a deadline.
    pub time_cell: Option<Block>,
    /// The year the time column's header names ("Năm 2026"): the year of a day in the cell written without one.
    pub time_year: Option<i32>,
    /// Text of the lead ("chủ trì") cell of a task table.
    pub lead_cell: Option<String>,
    /// Text of the support ("phối hợp") cell of a task table.
    pub support_cell: Option<String>,
    /// The item sits in the organisation section ("Tổ chức thực hiện"), where items open with their unit.
    pub organisation: bool,
}

/// A cited document.
#[derive(Debug, Clone)]
pub struct Reference {
    /// Number and symbol as written.
    pub number: String,
    /// The canonical key ([`crate::docnum::DocNumber::key`]).
    pub key: String,
    /// "Kế hoạch", "Nghị định", ...
    pub kind: String,
    /// The date written after the number, if any.
    pub date: Option<NaiveDate>,
    /// "của ..." / "giữa ... và ...", else from the issuer codes of the number.
    pub issuer: String,
    /// Whether the issuer came from the number's codes rather than the text.
    pub issuer_guessed: bool,
    /// "về ..." after the issuer.
    pub subject: Option<String>,
    /// Cited in the opening paragraphs.
    pub basis: bool,
    /// Source line of the first citation.
    pub line: usize,
    /// The citation as written (kind to issuer), for the comment above it.
    pub quote: String,
    /// Another reference already lists this number with a different date (Party numbers restart each term).
    pub same_number_as: Option<usize>,
}

/// How precisely a deadline is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Precision {
    /// "trước ngày 12/4/2022".
    Day,
    /// "Tháng 9/2024", "trong tháng 10/2024".
    Month,
    /// "Quý III/2024".
    Quarter,
    /// "từ ngày 01/8/2024 đến ngày 15/9/2024", "6 tháng đầu năm 2024", "Năm 2024".
    Range,
    /// "trước ngày khai giảng 07 ngày", "ngay sau khi ...".
    Relative,
}

impl Precision {
    /// The word used in JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Day => "day",
            Precision::Month => "month",
            Precision::Quarter => "quarter",
            Precision::Range => "range",
            Precision::Relative => "relative",
        }
    }
}

/// A one-off deadline.
#[derive(Debug, Clone)]
pub struct Deadline {
    /// The last allowed day (`by`) or the first day too late (`before`); None when the text gives no date.
    pub date: Option<NaiveDate>,
    /// "before" or "by".
    pub rule: crate::domain::Rule,
    /// The clause that states it, verbatim.
    pub wording: String,
    /// The date expression alone ("trước ngày 12/4/2022", "Quý III/2024").
    pub expr: String,
    /// How precise.
    pub precision: Precision,
    /// A planned date ("Dự kiến ngày ...") rather than a hard one.
    pub planned: bool,
    /// The id of the item it belongs to; None in the closing paragraphs.
    pub task: Option<String>,
    /// Source line.
    pub line: usize,
}

/// A recurring report.
#[derive(Debug, Clone)]
pub struct Recurring {
    /// "month", "quarter", "half-year", "year"; None when the text says only "định kỳ".
    pub every: Option<&'static str>,
    /// The day of the period's last month, when written ("trước ngày 20 hằng tháng").
    pub day: Option<u32>,
    /// "before" or "by" with `day`.
    pub rule: crate::domain::Rule,
    /// The day is of the month after the period ("trước ngày 05 của tháng liền kề").
    pub next_month: bool,
    /// The clause, verbatim.
    pub wording: String,
    /// The item's id.
    pub task: Option<String>,
    /// Source line.
    pub line: usize,
}

/// A unit named as responsible.
#[derive(Debug, Clone)]
pub struct Unit {
    /// ASCII id derived from the name.
    pub id: String,
    /// The name as written.
    pub name: String,
    /// Source line of the first mention.
    pub line: usize,
    /// The name opens with a position ("Giám đốc", "Hiệu trưởng"): it may be a person.
    pub person: bool,
}

/// A line of "Nơi nhận".
#[derive(Debug, Clone)]
pub struct Recipient {
    /// As written, without the leading dash and the role words.
    pub name: String,
    /// bao-cao, phoi-hop, thuc-hien, de-biet or luu.
    pub role: &'static str,
    /// The role was not written; it was assumed.
    pub assumed: bool,
    /// Source line.
    pub line: usize,
}

/// Who signed.
#[derive(Debug, Clone)]
pub struct Signer {
    /// "Trần Công Hòa".
    pub name: String,
    /// "Phó Giám đốc".
    pub title: Option<String>,
    /// "KT. Giám đốc".
    pub on_behalf: Option<String>,
    /// Source line of the name.
    pub line: usize,
}

/// Something the clerk must decide.
#[derive(Debug, Clone)]
pub struct Review {
    /// What kind of decision it asks for.
    pub kind: ReviewKind,
    /// Source line.
    pub line: usize,
    /// The item it concerns.
    pub task: Option<String>,
    /// What to decide and why, for people.
    pub message: String,
}

/// The kinds of review note: each has a stable code, written in the draft's JSON (`kind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKind {
    /// The text held control characters, dropped.
    ControlCharacters,
    /// A deadline in an objective, which carries none.
    DeadlineInObjective,
    /// A deadline in the closing paragraphs, outside any task.
    DeadlineOutsideTask,
    /// A time cell that names a document instead of a date.
    DeadlinePerDocument,
    /// Something the plan file needs was not found (title, issuer, year).
    Missing,
    /// No numbered sections: every paragraph was read as a task.
    NoSections,
    /// A date without its year, and no plan date to take it from.
    NoYear,
    /// A day no calendar has ("31/4/2024").
    InvalidDate,
    /// Numbering repeated or skipped.
    Numbering,
    /// A name that may be a person (a position), not a unit.
    PersonUnit,
    /// A planned date (dự kiến) beside a hard one.
    PlannedDate,
    /// A report every week or day, which plan does not track.
    RecurringTooOften,
    /// Work on weekdays of each month ("thứ Sáu tuần thứ 2 và thứ 4 hằng tháng").
    WeekdaySchedule,
    /// A cited document dated after the plan.
    ReferenceAfterPlan,
    /// A deadline relative to an event, without a date.
    RelativeDeadline,
    /// A document cited without its date.
    UndatedReference,
    /// A lead cell whose unit was not read.
    UnitUnread,
    /// The plan's year was guessed.
    Year,
    /// A date whose year was taken from the plan's.
    YearAssumed,
    /// A periodic report with no period.
    RecurringNoPeriod,
    /// A recurring report with no day: each period due by its last day.
    RecurringNoDay,
    /// A recurring report: check its first period.
    Recurring,
    /// A deadline read as a count from an event, the event left to date.
    CountedDeadline,
    /// A written date and its count from the event that do not agree.
    CountDisagrees,
}

impl ReviewKind {
    /// The stable code.
    pub fn code(self) -> &'static str {
        match self {
            ReviewKind::ControlCharacters => "control-characters",
            ReviewKind::DeadlineInObjective => "deadline-in-objective",
            ReviewKind::DeadlineOutsideTask => "deadline-outside-task",
            ReviewKind::DeadlinePerDocument => "deadline-per-document",
            ReviewKind::Missing => "missing",
            ReviewKind::NoSections => "no-sections",
            ReviewKind::NoYear => "no-year",
            ReviewKind::InvalidDate => "invalid-date",
            ReviewKind::Numbering => "numbering",
            ReviewKind::PersonUnit => "person-unit",
            ReviewKind::PlannedDate => "planned-date",
            ReviewKind::RecurringTooOften => "recurring-too-often",
            ReviewKind::WeekdaySchedule => "weekday-schedule",
            ReviewKind::ReferenceAfterPlan => "reference-after-plan",
            ReviewKind::RelativeDeadline => "relative-deadline",
            ReviewKind::UndatedReference => "undated-reference",
            ReviewKind::UnitUnread => "unit-unread",
            ReviewKind::Year => "year",
            ReviewKind::YearAssumed => "year-assumed",
            ReviewKind::RecurringNoPeriod => "recurring-no-period",
            ReviewKind::RecurringNoDay => "recurring-no-day",
            ReviewKind::Recurring => "recurring",
            ReviewKind::CountedDeadline => "counted-deadline",
            ReviewKind::CountDisagrees => "count-disagrees",
        }
    }
}

/// Extracts a plan from lines of text (a .txt file's lines, or a .docx's paragraphs and table rows).
/// `wrapped` says whether line breaks may fall inside sentences (text copied from PDF or Word).
pub fn extract(lines: &[String], wrapped: bool) -> Extraction {
    let controls = control_reviews(lines);
    let lines = text::normalise(lines);
    let layout = sections::read(&lines, wrapped);
    let mut x = Extraction {
        head: layout.head.clone(),
        recipients: layout.recipients.clone(),
        signer: layout.signer.clone(),
        review: layout.review.clone(),
        ..Extraction::default()
    };
    x.preamble = layout.preamble.clone();
    x.closing = layout.closing.clone();
    for item in &layout.items {
        match item.kind {
            ItemKind::Objective => x.objectives.push(item.clone()),
            ItemKind::Task => x.tasks.push(item.clone()),
        }
    }
    // Layout → citations → assignments → deadlines: each stage reads what the ones before gave and returns
    // its own findings, which the draft gathers.
    let items: Vec<&Item> = x.objectives.iter().chain(&x.tasks).collect();
    let cited = refs::cite(&x.head, &x.preamble, &items, &x.closing);
    for (item, numbers) in x
        .objectives
        .iter_mut()
        .chain(x.tasks.iter_mut())
        .zip(cited.cited)
    {
        item.references = numbers;
    }
    x.references = cited.references;
    x.review.extend(cited.review);
    let assigned = units::assign(&x.head, &x.tasks);
    for (task, roles) in x.tasks.iter_mut().zip(assigned.roles) {
        task.lead = roles.lead;
        task.support = roles.support;
        task.report_to = roles.report_to;
    }
    x.units = assigned.units;
    x.review.extend(assigned.review);
    let timed = deadlines::find(&x.head, &x.objectives, &x.tasks, &x.closing);
    let whole: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let mut counted = counts::find(&timed.deadlines, &whole.join("\n"));
    // A relative deadline read as a count has the count's note instead of the generic one.
    let read: Vec<(usize, Option<String>)> = counted
        .counts
        .iter()
        .map(|c| &timed.deadlines[c.deadline])
        .map(|d| (d.line, d.task.clone()))
        .collect();
    x.review.extend(timed.review.into_iter().filter(|r| {
        r.kind != ReviewKind::RelativeDeadline || !read.contains(&(r.line, r.task.clone()))
    }));
    x.review.append(&mut counted.review);
    x.deadlines = timed.deadlines;
    x.recurring = timed.recurring;
    x.counts = counted;
    x.review.extend(controls);
    x.review.sort_by_key(|r| r.line);
    x
}

/// One review note for each line whose control characters were left out of the draft (an escape sequence
/// loses its ESC and keeps the rest, which shows what was there).
fn control_reviews(lines: &[String]) -> Vec<Review> {
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let found: Vec<char> = l
            .chars()
            .filter(|&c| {
                !matches!(c, '\t' | '\r' | '\u{b}' | '\u{c}' | '\u{85}')
                    && crate::shown::forbidden(c)
            })
            .collect();
        if let Some(&c) = found.first() {
            let (n, what) = (found.len(), crate::shown::describe(c));
            out.push(Review {
                kind: ReviewKind::ControlCharacters,
                line: i + 1,
                task: None,
                message: crate::msg!(
                    "{n} control character(s) left out of the draft (the first {what}): check the text around them",
                    "đã bỏ {n} ký tự điều khiển khỏi bản nháp (ký tự đầu tiên là {what}): hãy kiểm tra đoạn văn quanh đó"
                ),
            });
        }
    }
    out
}

/// The folded form of a line break between paragraphs.
pub(crate) const NL: char = '\u{1}';

/// Text folded for matching (lower case, no diacritics, `đ` as `d`, single spaces), with the way back to the
/// original's byte offsets.
pub(crate) struct Folded {
    /// The folded text.
    pub s: String,
    offsets: Vec<usize>,
    src: String,
}

impl Folded {
    pub fn new(text: &str) -> Folded {
        // Line breaks between paragraphs stay visible as NL (one byte, like '\n', so offsets hold).
        let marked = text.replace('\n', "\u{1}");
        let (s, offsets) = crate::text::fold_with_offsets(&marked);
        Folded {
            s,
            offsets,
            src: text.to_string(),
        }
    }

    /// The original byte offset of a folded byte offset.
    pub fn orig(&self, at: usize) -> usize {
        self.offsets
            .get(at)
            .copied()
            .unwrap_or_else(|| self.offsets.last().copied().unwrap_or(0))
    }

    /// The original range of a folded range: from the character of its first byte to the end of the
    /// character of its last (with any combining marks that follow it).
    pub fn orig_range(&self, r: Range<usize>) -> Range<usize> {
        let start = self.orig(r.start);
        if r.end <= r.start {
            return start..start;
        }
        let last = self.orig(r.end - 1);
        let mut end = last;
        let mut chars = self.src[last.min(self.src.len())..].chars();
        if let Some(c) = chars.next() {
            end += c.len_utf8();
        }
        for c in chars {
            if unicode_normalization::char::is_combining_mark(c) {
                end += c.len_utf8();
            } else {
                break;
            }
        }
        start..end.max(start).min(self.src.len())
    }

    /// The folded offset of an original byte offset (the first folded byte at or after it).
    pub fn folded_at(&self, orig: usize) -> usize {
        self.offsets.partition_point(|&o| o < orig)
    }
}

/// The text from byte `at` on, moved forward to a character boundary (empty past the end).
pub(crate) fn tail(s: &str, at: usize) -> &str {
    let mut at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at += 1;
    }
    &s[at..]
}

/// At most `max` bytes of the text from byte `at` on, both ends moved forward to a character boundary. What
/// is looked for right after a match must be looked for in such a window: folding the whole rest of the text
/// for every match made extraction quadratic in the text's size.
pub(crate) fn window(s: &str, at: usize, max: usize) -> &str {
    let t = tail(s, at);
    let mut end = max.min(t.len());
    while !t.is_char_boundary(end) {
        end += 1;
    }
    &t[..end]
}

/// Whether a word of text, folded, starts at `at` of `s` (a word boundary before and after).
pub(crate) fn word_at(s: &str, at: usize, word: &str) -> bool {
    let before_ok = at == 0
        || s[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
    before_ok
        && s.get(at..).is_some_and(|rest| rest.starts_with(word))
        && s.get(at + word.len()..)
            .and_then(|r| r.chars().next())
            .is_none_or(|c| !c.is_alphanumeric())
}

/// Finds every occurrence of a whole word or phrase in folded text.
pub(crate) fn find_words(s: &str, word: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = s.get(from..).and_then(|r| r.find(word)) {
        let at = from + i;
        if word_at(s, at, word) {
            out.push(at);
        }
        from = at + word.len().max(1);
    }
    out
}

/// Share of letters that are upper case (0 when there are fewer than `min` letters).
pub(crate) fn upper_share(s: &str, min: usize) -> f32 {
    let letters: Vec<char> = s.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() < min {
        return 0.0;
    }
    letters.iter().filter(|c| c.is_uppercase()).count() as f32 / letters.len() as f32
}

/// Whether a line is written in capitals ("I. MỤC ĐÍCH, YÊU CẦU", "SỞ KHOA HỌC VÀ CÔNG NGHỆ").
pub(crate) fn is_caps(s: &str) -> bool {
    upper_share(s, 3) >= 0.85
}

/// Upper-cases the first letter.
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Lower-cases the first letter unless the first word is an acronym ("UBND") or a capitalised name.
pub(crate) fn decapitalise(s: &str) -> String {
    let first: String = s.split_whitespace().next().unwrap_or("").to_string();
    if first.chars().skip(1).any(|c| c.is_uppercase()) {
        return s.to_string();
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// An ASCII id from a name: folded, words joined by `-`, at most `max` bytes at a word boundary.
pub(crate) fn slug(name: &str, max: usize) -> String {
    let folded = crate::text::fold(name);
    let mut out = String::new();
    for word in folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() && out.len() + 1 + word.len() > max {
            break;
        }
        if !out.is_empty() {
            out.push('-');
        }
        out.push_str(word);
    }
    out.truncate(max.max(1));
    out.trim_end_matches('-').to_string()
}

/// A plan id from a file name: ASCII letters, digits, `.`, `_` and `-` only ("KH 45-UBND (2024)" →
/// "kh-45-ubnd-2024").
pub fn slug_id(name: &str) -> String {
    let folded = crate::text::fold(name);
    let mut out = String::new();
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches(['-', '.']).to_string()
}

/// Converts text in capitals to sentence case, keeping acronyms found in capitals in `known` (the body).
pub(crate) fn sentence_case(caps: &str, body: &str) -> String {
    let mut out = String::new();
    for (i, word) in caps.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let letters = word.chars().filter(|c| c.is_alphabetic()).count();
        let keep = letters >= 2 && is_caps(word) && {
            let bare = word.trim_matches(|c: char| !c.is_alphanumeric());
            !bare.is_empty() && body_has_caps_word(body, bare)
        };
        if keep || word.chars().any(|c| c.is_ascii_digit()) {
            out.push_str(word);
        } else if i == 0 {
            out.push_str(&capitalise(&word.to_lowercase()));
        } else {
            out.push_str(&word.to_lowercase());
        }
    }
    out
}

fn body_has_caps_word(body: &str, word: &str) -> bool {
    let mut from = 0;
    while let Some(i) = body.get(from..).and_then(|r| r.find(word)) {
        let at = from + i;
        let before = body[..at].chars().next_back();
        let after = body[at + word.len()..].chars().next();
        if before.is_none_or(|c| !c.is_alphanumeric()) && after.is_none_or(|c| !c.is_alphanumeric())
        {
            // A word in capitals among capitals says nothing: it must stand beside small letters.
            let prev_word = body[..at].split_whitespace().next_back().unwrap_or("");
            let next_word = body[at + word.len()..]
                .split_whitespace()
                .next()
                .unwrap_or("");
            let caps_word =
                |w: &str| w.chars().any(char::is_alphabetic) && !w.chars().any(char::is_lowercase);
            if !caps_word(prev_word) && !caps_word(next_word) {
                return true;
            }
        }
        from = at + word.len();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout of a small plan: the input every later stage is tested from.
    fn layout() -> sections::Layout {
        let text = "ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nXÃ TỊNH HÀ\tĐộc lập - Tự do - Hạnh phúc\nSố: 03/KH-UBND\tTịnh Hà, ngày 06 tháng 01 năm 2026\n\nKẾ HOẠCH\nBầu cử năm 2026\n\nThực hiện Kế hoạch số 210/KH-UBND ngày 20/12/2025 của UBND huyện;\nI. NHIỆM VỤ\n1. Công an xã bảo đảm an ninh, báo cáo Ủy ban nhân dân huyện (qua Văn phòng - Thống kê xã) trước ngày 15/01.\n2. Các thôn báo cáo định kỳ hằng quý, 6 tháng và năm.";
        let lines = text::normalise(&text::split_lines(text));
        sections::read(&lines, false)
    }

    #[test]
    fn each_stage_reads_the_one_before() {
        let l = layout();
        let tasks: Vec<Item> = l
            .items
            .iter()
            .filter(|i| i.kind == ItemKind::Task)
            .cloned()
            .collect();
        assert_eq!(tasks.len(), 2);
        let items: Vec<&Item> = tasks.iter().collect();
        let cited = refs::cite(&l.head, &l.preamble, &items, &l.closing);
        assert_eq!(cited.references.len(), 1);
        assert_eq!(cited.references[0].number, "210/KH-UBND");
        assert_eq!(cited.cited, [Vec::<String>::new(), Vec::new()]);
        let assigned = units::assign(&l.head, &tasks);
        let name = |id: &String| {
            assigned
                .units
                .iter()
                .find(|u| &u.id == id)
                .unwrap()
                .name
                .clone()
        };
        assert_eq!(
            assigned.roles[0].lead.iter().map(name).collect::<Vec<_>>(),
            ["Công an xã"]
        );
        assert_eq!(
            assigned.roles[0]
                .report_to
                .iter()
                .map(name)
                .collect::<Vec<_>>(),
            ["Ủy ban nhân dân huyện", "Văn phòng - Thống kê xã"]
        );
        let timed = deadlines::find(&l.head, &[], &tasks, &l.closing);
        assert_eq!(timed.deadlines.len(), 1);
        assert_eq!(
            timed.deadlines[0].date,
            chrono::NaiveDate::from_ymd_opt(2026, 1, 15)
        );
        assert_eq!(timed.recurring.len(), 3, "quarter, half-year, year");
        assert!(
            timed
                .review
                .iter()
                .any(|r| r.kind == ReviewKind::YearAssumed)
        );
    }

    #[test]
    fn folded_maps_back() {
        let t = "Trước  ngày 12/4";
        let f = Folded::new(t);
        assert_eq!(f.s, "truoc ngay 12/4");
        let at = f.s.find("ngay").unwrap();
        let r = f.orig_range(at..at + 4);
        assert_eq!(&t[r], "ngày");
    }

    #[test]
    fn slugs_and_cases() {
        assert_eq!(
            slug("Phòng Hành chính - Tổng hợp", 40),
            "phong-hanh-chinh-tong-hop"
        );
        assert_eq!(
            sentence_case("UBND HUYỆN SƠN TỊNH", "giao UBND huyện"),
            "UBND huyện sơn tịnh"
        );
        assert_eq!(decapitalise("Thực hiện Quy chế"), "thực hiện Quy chế");
        assert_eq!(decapitalise("UBND tỉnh"), "UBND tỉnh");
        assert!(word_at("truoc ngay", 6, "ngay"));
        assert!(!word_at("truoc ngayx", 6, "ngay"));
    }
}

#[cfg(test)]
mod robustness {
    use super::*;

    const ROUNDS: usize = 400;

    /// Hostile and random texts never panic (byte offsets into Vietnamese text are easy to get wrong).
    #[test]
    fn never_panics() {
        let pieces: Vec<&str> = vec![
            "KẾ HOẠCH",
            "I. MỤC ĐÍCH",
            "II-",
            "1.",
            "2.1",
            "a)",
            "đ)",
            "- ",
            "+",
            "Số: 45/KH-UBND",
            "số",
            "ngày",
            "tháng",
            "năm",
            "12/4/2022",
            "15 tháng 3 năm 2021",
            "Quý III/2024",
            "quý",
            "từ",
            "đến",
            "trước ngày",
            "chậm nhất",
            "hằng tháng",
            "định kỳ",
            "báo cáo",
            "Nơi nhận:",
            "- Lưu: VT.",
            "KT. GIÁM ĐỐC",
            "Trần Văn A",
            "Phòng Nội vụ",
            "chủ trì",
            "phối hợp với",
            "Giao",
            "của",
            "giữa",
            "về",
            "Sở",
            "Ủy ban",
            "\t",
            "\n",
            "\n\n",
            "(",
            ")",
            "“",
            ":",
            ";",
            ".",
            ",",
            "…",
            "PHỤ LỤC",
            "Mẫu số 02/BC",
            "ǹ",
            "\u{301}",
            "Ngày đăng:",
            "Tin liên quan",
            "STT\tNội dung\tThời gian",
            "1\tViệc\tQuý I/2025",
            "🙂",
            "ĐẢNG CỘNG SẢN VIỆT NAM",
            "869-CV/TU",
            "Dự kiến ngày 20/5/2024 (chậm nhất ngày 25/5/2024)",
            "ngay sau khi",
            "6 tháng đầu năm 2024",
        ];
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..ROUNDS {
            let n = (next() % 120) as usize;
            let mut text = String::new();
            for _ in 0..n {
                text.push_str(pieces[(next() % pieces.len() as u64) as usize]);
                if next() % 3 == 0 {
                    text.push(' ');
                }
            }
            let lines = text::split_lines(&text);
            for wrapped in [true, false] {
                let x = extract(&lines, wrapped);
                let draft = render::toml(&x, "fuzz", "fuzz.txt", 2024);
                let _ = render::json(&x);
                let (_, diags) = crate::planfile::check_bytes(
                    std::path::Path::new("fuzz.toml"),
                    draft.as_bytes(),
                );
                let errors: Vec<_> = diags
                    .iter()
                    .filter(|d| d.severity == crate::planfile::Severity::Error)
                    .collect();
                assert!(errors.is_empty(), "{text:?}\n{errors:?}\n{draft}");
            }
        }
    }
}
