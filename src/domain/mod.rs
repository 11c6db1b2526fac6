//! The domain: plans, tasks, deadlines, progress events, and the pure rule that classifies a deadline as of a
//! date. Nothing here knows of files, SQL, the command line or the clock: callers pass `as_of` in.

pub mod period;
pub mod reckoning;
pub mod reporting;
pub mod revision;
pub mod source;

use chrono::NaiveDate;
pub use period::{Every, MonthOf, Period};
pub use reckoning::{DayCount, EventDate, Offset, PlanEvent, Reckoning, RestDay};
use serde::{Deserialize, Serialize};

/// A plan ("Kế hoạch") as written in its file, validated.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Stable ASCII id used on the command line.
    pub id: String,
    /// The plan's title.
    pub title: String,
    /// The issuing agency.
    pub issuer: String,
    /// The year the plan covers.
    pub year: i32,
    /// The province, when written.
    pub province: Option<String>,
    /// The plan's own number and symbol, when known.
    pub number: Option<String>,
    /// The plan's own date, when known.
    pub issued: Option<NaiveDate>,
    /// Unit id of the coordinating office.
    pub coordinator: Option<String>,
    /// The opening paragraphs.
    pub preamble: Option<String>,
    /// The unnumbered closing paragraphs.
    pub closing: Vec<String>,
    /// Who signed it.
    pub signer: Option<Signer>,
    /// "Nơi nhận", in order.
    pub recipients: Vec<Recipient>,
    /// Every body the plan names.
    pub units: Vec<Unit>,
    /// Every legal document the plan cites.
    pub references: Vec<Reference>,
    /// Section I: purposes and requirements.
    pub objectives: Vec<Objective>,
    /// The numbered tasks.
    pub tasks: Vec<Task>,
    /// The events its deadlines are counted from.
    pub events: Vec<PlanEvent>,
}

/// The person who signed a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Signer {
    /// Full name.
    pub name: String,
    /// Position ("Phó Giám đốc").
    pub title: Option<String>,
    /// Signing on behalf ("KT. Giám đốc").
    pub on_behalf: Option<String>,
}

/// A day of a year's official schedule (the `[[calendar]]` entries of a registry file): a day off or a
/// working day that the announcement of that year says, over the statute's rules (see `crate::calendar`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    /// The day.
    pub date: NaiveDate,
    /// Off, or worked.
    pub kind: DayKind,
    /// What the announcement calls it ("Tết Âm lịch", "làm bù cho ngày 2/5").
    pub name: String,
    /// The announcement it comes from.
    pub source: String,
}

/// Whether an official day is off or worked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DayKind {
    /// A day off.
    Off,
    /// A working day (a weekend day swapped, or a statute day the schedule does not take).
    Work,
}

/// The office that writes reports and reminder letters (the `[office]` table of a registry file): what the
/// header of its documents says and who signs them (Nghị định 30/2020/NĐ-CP, Phụ lục I).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Office {
    /// The governing body, as the first line of the header writes it ("UBND TỈNH QUẢNG NGÃI").
    pub governing_body: Option<String>,
    /// The office itself ("Sở Khoa học và Công nghệ").
    pub name: String,
    /// Its abbreviation in document symbols ("SKHCN": "Số: /BC-SKHCN").
    pub abbreviation: String,
    /// The place name of the date line ("Quảng Ngãi").
    pub place: String,
    /// The abbreviation of the unit that drafts and files ("HCTH": "Số: /SKHCN-HCTH", "Lưu: VT, HCTH").
    pub drafting_unit: Option<String>,
    /// The coordinating unit as letters name it ("Phòng Hành chính - Tổng hợp").
    pub drafting_unit_name: Option<String>,
    /// Who signs reports and letters, when not the plan's signer.
    pub signer: Option<Signer>,
}

/// One line of "Nơi nhận".
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Recipient {
    /// As written.
    pub name: String,
    /// `bao-cao`, `phoi-hop`, `thuc-hien`, `de-biet` or `luu`.
    pub role: String,
    /// The unit it names, when it is one of the plan's units.
    pub unit: Option<String>,
}

/// The recipient roles a plan file may use.
pub const RECIPIENT_ROLES: [&str; 5] = ["bao-cao", "phoi-hop", "thuc-hien", "de-biet", "luu"];

/// A body named by a plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Unit {
    /// ASCII id used by tasks.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Other spellings.
    pub aliases: Vec<String>,
    /// Outside the issuing agency.
    pub external: bool,
    /// Its members (ids of other units): a deadline of a task it leads is owed by each of them.
    pub members: Vec<String>,
    /// Where the list of members comes from (the registry of units says it; a plan file need not).
    pub source: Option<String>,
}

/// A legal document a plan cites.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    /// Number and symbol exactly as written.
    pub number: String,
    /// Kind of document (Kế hoạch, Nghị định, ...).
    pub kind: String,
    /// Its date, when written.
    pub date: Option<NaiveDate>,
    /// Who issued it, as written.
    pub issuer: String,
    /// What it is about.
    pub subject: Option<String>,
    /// Cited as the plan's basis in the opening paragraphs.
    pub basis: bool,
}

/// What the shared registry (`plans/documents.toml`) records of one legal document: known facts only, each
/// effect date with the provision that states it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// Number and symbol as written.
    pub number: String,
    /// Canonical key of the number (see [`crate::docnum`]).
    pub key: String,
    /// Kind (Luật, Pháp lệnh, ...).
    pub kind: Option<String>,
    /// Title or subject.
    pub title: Option<String>,
    /// Issuing body.
    pub issuer: Option<String>,
    /// Date of the document.
    pub date: Option<NaiveDate>,
    /// In force from this day.
    pub in_force_from: Option<NaiveDate>,
    /// No longer in force from this day.
    pub ceased_on: Option<NaiveDate>,
    /// The document that ended or replaced it.
    pub ceased_by: Option<String>,
    /// The provision that states the effect dates.
    pub source: Option<String>,
}

/// Whether a document is in force on a date, as far as the registry knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// The registry does not record its effect.
    Unknown,
    /// Not yet in force on the date.
    NotYetInForce,
    /// In force on the date.
    InForce,
    /// No longer in force on the date.
    Ceased,
}

impl Effect {
    /// The stable name used in JSON and CSV.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Unknown => "unknown",
            Effect::NotYetInForce => "not_yet_in_force",
            Effect::InForce => "in_force",
            Effect::Ceased => "ceased",
        }
    }
}

impl Document {
    /// The document's effect on a date. Without recorded dates it is `unknown`, never assumed in force.
    pub fn effect(&self, on: NaiveDate) -> Effect {
        match (self.in_force_from, self.ceased_on) {
            (_, Some(end)) if on >= end => Effect::Ceased,
            (Some(start), _) if on < start => Effect::NotYetInForce,
            (Some(_), _) | (None, Some(_)) => Effect::InForce,
            (None, None) => Effect::Unknown,
        }
    }
}

/// A purpose or requirement of section I.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Objective {
    /// "I.1".
    pub id: String,
    /// Verbatim wording.
    pub text: String,
    /// Numbers of the references it cites.
    pub references: Vec<String>,
}

/// A numbered task.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// Stable id within the plan ("II.8").
    pub id: String,
    /// Section ("II").
    pub section: String,
    /// Short title.
    pub title: String,
    /// Full wording.
    pub text: String,
    /// Lead units ("chủ trì").
    pub lead: Vec<String>,
    /// Coordinating units ("phối hợp").
    pub support: Vec<String>,
    /// Units it reports to.
    pub report_to: Vec<String>,
    /// Numbers of the references it implements.
    pub references: Vec<String>,
    /// Its deadlines; none means ongoing.
    pub deadlines: Vec<Deadline>,
    /// Withdrawn from a date on by a document (a task merely removed from the file has no date).
    pub withdrawn: Option<Withdrawal>,
}

/// A withdrawal from a date on, by a document: before the date the task or deadline counts as ever.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Withdrawal {
    /// The day it no longer applies.
    pub on: NaiveDate,
    /// The document that withdrew it.
    pub by: String,
}

/// A change to a deadline by a later document, in force from the day it takes effect: as of an earlier
/// date the plan's earlier terms still apply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Amendment {
    /// The day it takes effect.
    pub on: NaiveDate,
    /// The amending document ("Công văn số 12/SKHCN-HCTH ngày 1/5/2022").
    pub by: String,
    /// For a recurring deadline: the one period it moves (with `due`).
    pub period: Option<Period>,
    /// The new due date (a one-off deadline, or one period of a recurring one).
    pub due: Option<NaiveDate>,
    /// The new rule.
    pub rule: Option<Rule>,
    /// For a recurring deadline: the new day of the period's last month, for every period not yet ended
    /// when the amendment takes effect.
    pub day: Option<u32>,
}

/// Whether a deadline date is the first day too late or the last day allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    /// "trước ngày X": must be done before X.
    Before,
    /// "chậm nhất ngày X", "hạn X", "đến ngày X": X is the last day allowed.
    By,
}

impl Rule {
    /// The word used in plan files and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::Before => "before",
            Rule::By => "by",
        }
    }

    /// Reads the word used in plan files.
    pub fn parse(word: &str) -> Option<Rule> {
        match word {
            "before" => Some(Rule::Before),
            "by" => Some(Rule::By),
            _ => None,
        }
    }

    /// Reads the rule from a deadline's Vietnamese wording, when it says one.
    pub fn from_wording(wording: &str) -> Option<Rule> {
        let w = crate::text::fold(wording);
        // "trước ngày 12/4/2022", "trước ngày Quốc khánh 02/9/2026" are before a date; "(trước ngày bầu cử 95
        // ngày)" counts from an event and says nothing of the rule.
        let before_a_date = w
            .match_indices("truoc ngay")
            .any(|(i, m)| !counts_days(&w[i + m.len()..]));
        if before_a_date {
            Some(Rule::Before)
        } else if w.contains("cham nhat") || w.contains("han ") || w.contains("den ngay") {
            Some(Rule::By)
        } else {
            None
        }
    }
}

/// Whether the words after "trước ngày" reach a count of days ("bầu cử 95 ngày") before any date.
fn counts_days(rest: &str) -> bool {
    let words: Vec<&str> = rest.split_whitespace().take(10).collect();
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '/');
        if w.contains('/') || w == "thang" {
            return false;
        }
        let next = words
            .get(i + 1)
            .map(|n| n.trim_matches(|c: char| !c.is_alphanumeric()));
        if !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()) {
            return matches!(next, Some("ngay") | Some("tuan"));
        }
    }
    false
}

/// When a deadline falls.
#[derive(Debug, Clone, PartialEq)]
pub enum Schedule {
    /// One date.
    Once {
        /// The written date.
        due: NaiveDate,
        /// Before or by.
        rule: Rule,
    },
    /// One occurrence per period from `from` to `until`.
    Every {
        /// Period length.
        every: Every,
        /// The first period is the one holding this date.
        from: NaiveDate,
        /// The last period is the one holding this date.
        until: NaiveDate,
        /// Day of the month `month` names, when the text gives one; otherwise the period's last day (assumed).
        day: Option<u32>,
        /// Which month `day` is of: the period's last, or the one after it.
        month: MonthOf,
        /// Before or by (`by` when assumed).
        rule: Rule,
    },
    /// A date counted from an event: one occurrence once the event's date is known, a version for each date
    /// it was known by.
    Counted {
        /// The event and the count.
        reckoning: Reckoning,
        /// Before or by the day counted.
        rule: Rule,
        /// The date the plan also writes, when it gives both ("Chậm nhất ngày 10/12/2025 (trước ngày bầu cử
        /// 95 ngày)"): checked, never used.
        written: Option<NaiveDate>,
        /// The due date for each date the event was known by, from the day it was known: filled from the
        /// store's records and calendar when the plan is loaded (empty: the event has no date yet).
        dated: Vec<Dated>,
    },
}

/// The due date of a counted deadline while the event had one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dated {
    /// From this day on (`None`: the plan file's own date).
    pub since: Option<NaiveDate>,
    /// The event's date.
    pub event_on: NaiveDate,
    /// The due date counted from it.
    pub due: NaiveDate,
}

/// A deadline of a task.
#[derive(Debug, Clone, PartialEq)]
pub struct Deadline {
    /// Unique within the task.
    pub key: String,
    /// The plan's own words for it.
    pub wording: String,
    /// When it falls, as the plan first wrote it.
    pub schedule: Schedule,
    /// Later changes, in the order they take effect.
    pub amendments: Vec<Amendment>,
    /// The key it had before, when it was renamed: its history follows it.
    pub renamed_from: Option<String>,
    /// Withdrawn from a date on by a document.
    pub withdrawn: Option<Withdrawal>,
}

/// One dated version of an occurrence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Version {
    /// In force from this day; `None` for the version the plan first wrote.
    pub from: Option<NaiveDate>,
    /// The occurrence in this version.
    pub occurrence: Occurrence,
    /// The amendment that made it (its index in the deadline's amendments).
    pub amendment: Option<usize>,
    /// For a counted deadline: the event's date it was counted from.
    pub event_on: Option<NaiveDate>,
}

/// One dated instance of a deadline: the deadline itself when one-off, or one period of a recurring one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Occurrence {
    /// The period, for a recurring deadline.
    pub period: Option<Period>,
    /// The date as written (or assumed).
    pub due: NaiveDate,
    /// Before or by.
    pub rule: Rule,
    /// The text gives no day: `due` is the period's last day.
    pub assumed: bool,
}

impl Occurrence {
    /// The last day on which finishing still counts as on time.
    pub fn last_day(&self) -> NaiveDate {
        match self.rule {
            Rule::Before => self.due.pred_opt().unwrap_or(self.due),
            Rule::By => self.due,
        }
    }

    /// `before`, `by` or `assumed`: how the due date was given.
    pub fn wording_kind(&self) -> &'static str {
        if self.assumed {
            "assumed"
        } else {
            self.rule.as_str()
        }
    }
}

impl Deadline {
    /// Which month of a period the deadline's day is of.
    pub fn month_of(&self) -> MonthOf {
        match self.schedule {
            Schedule::Every { month, .. } => month,
            _ => MonthOf::Last,
        }
    }

    /// How it is counted from an event, when it is.
    pub fn reckoning(&self) -> Option<&Reckoning> {
        match &self.schedule {
            Schedule::Counted { reckoning, .. } => Some(reckoning),
            _ => None,
        }
    }

    /// A deadline as first written: no amendment, rename or withdrawal.
    pub fn new(key: impl Into<String>, wording: impl Into<String>, schedule: Schedule) -> Deadline {
        Deadline {
            key: key.into(),
            wording: wording.into(),
            schedule,
            amendments: Vec::new(),
            renamed_from: None,
            withdrawn: None,
        }
    }

    /// Every occurrence of the deadline with its versions: the first as the plan wrote it, then one for each
    /// amendment that changed it, from the day the amendment takes effect. In period order.
    pub fn timelines(&self) -> Vec<Vec<Version>> {
        if let Schedule::Counted { rule, dated, .. } = &self.schedule {
            return counted_timeline(dated, *rule).into_iter().collect();
        }
        let mut order: Vec<usize> = (0..self.amendments.len()).collect();
        order.sort_by_key(|&i| self.amendments[i].on);
        self.occurrences()
            .into_iter()
            .map(|first| {
                let mut versions = vec![Version {
                    from: None,
                    occurrence: first,
                    amendment: None,
                    event_on: None,
                }];
                for &i in &order {
                    let a = &self.amendments[i];
                    let prev = versions.last().expect("one version at least").occurrence;
                    if let Some(next) = a.apply(&prev, self.month_of()).filter(|n| *n != prev) {
                        versions.push(Version {
                            from: Some(a.on),
                            occurrence: next,
                            amendment: Some(i),
                            event_on: None,
                        });
                    }
                }
                versions
            })
            .collect()
    }

    /// Every occurrence of the deadline as the plan first wrote it (amendments aside), in date order.
    pub fn occurrences(&self) -> Vec<Occurrence> {
        match self.schedule {
            Schedule::Once { due, rule } => vec![Occurrence {
                period: None,
                due,
                rule,
                assumed: false,
            }],
            Schedule::Counted {
                rule, ref dated, ..
            } => counted_timeline(dated, rule)
                .map(|v| v.last().expect("one version at least").occurrence)
                .into_iter()
                .collect(),
            Schedule::Every {
                every,
                from,
                until,
                day,
                month,
                rule,
            } => {
                let mut out = Vec::new();
                let mut p = Period::containing(every, from);
                let last = Period::containing(every, until);
                while p <= last {
                    let (due, assumed) = match day {
                        Some(day) => (p.day_of(month, day), false),
                        None => (p.last_day(), true),
                    };
                    out.push(Occurrence {
                        period: Some(p),
                        due,
                        rule,
                        assumed,
                    });
                    p = p.next();
                }
                out
            }
        }
    }
}

/// The versions of a counted deadline's one occurrence: one for each date its event was known by.
fn counted_timeline(dated: &[Dated], rule: Rule) -> Option<Vec<Version>> {
    let versions: Vec<Version> = dated
        .iter()
        .map(|d| Version {
            from: d.since,
            occurrence: Occurrence {
                period: None,
                due: d.due,
                rule,
                assumed: false,
            },
            amendment: None,
            event_on: Some(d.event_on),
        })
        .collect();
    (!versions.is_empty()).then_some(versions)
}

impl Amendment {
    /// The occurrence this amendment makes of `prev`, or `None` when it does not touch it: a one-off
    /// deadline takes the new date and rule; a recurring one, the new date of the period it names, or the new
    /// day for every period not yet ended on the day the amendment takes effect.
    pub fn apply(&self, prev: &Occurrence, month: MonthOf) -> Option<Occurrence> {
        match prev.period {
            None => Some(Occurrence {
                due: self.due.unwrap_or(prev.due),
                rule: self.rule.unwrap_or(prev.rule),
                assumed: false,
                ..*prev
            }),
            Some(p) if self.period == Some(p) => Some(Occurrence {
                due: self.due.unwrap_or(prev.due),
                rule: self.rule.unwrap_or(prev.rule),
                assumed: false,
                ..*prev
            }),
            Some(_) if self.period.is_some() => None,
            // A report still to come under the old terms: its period not ended, or (due the month after the
            // period) not yet due.
            Some(p) if p.last_day().max(prev.last_day()) < self.on => None,
            Some(p) => {
                let due = match self.day {
                    Some(day) => p.day_of(month, day),
                    None => prev.due,
                };
                // An amended date is a written one: the document gave the day or the rule.
                Some(Occurrence {
                    due,
                    rule: self.rule.unwrap_or(prev.rule),
                    assumed: false,
                    ..*prev
                })
            }
        }
    }
}

/// The state of one deadline or occurrence as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Hoàn thành đúng hạn.
    DoneOnTime,
    /// Hoàn thành quá hạn.
    DoneLate,
    /// Đang thực hiện trong hạn.
    Open,
    /// Quá hạn.
    Overdue,
    /// Thường xuyên: no deadline.
    Ongoing,
    /// Đã hoàn thành: a task without deadline, finished. Never a deadline met: it counts in no share.
    Completed,
    /// Đã bãi bỏ: removed from the plan file.
    Withdrawn,
    /// Chờ sự kiện: counted from an event that has no date yet. Never overdue.
    Waiting,
}

impl State {
    /// Every state, in report order.
    pub const ALL: [State; 8] = [
        State::DoneOnTime,
        State::DoneLate,
        State::Open,
        State::Overdue,
        State::Waiting,
        State::Ongoing,
        State::Completed,
        State::Withdrawn,
    ];

    /// The stable ASCII name used in JSON, CSV and `--state`.
    pub fn as_str(self) -> &'static str {
        match self {
            State::DoneOnTime => "done_on_time",
            State::DoneLate => "done_late",
            State::Open => "open",
            State::Overdue => "overdue",
            State::Ongoing => "ongoing",
            State::Completed => "completed",
            State::Withdrawn => "withdrawn",
            State::Waiting => "waiting",
        }
    }

    /// Reads a stable name.
    pub fn parse(name: &str) -> Option<State> {
        State::ALL.into_iter().find(|s| s.as_str() == name)
    }
}

/// A deadline's state as of a date, with the day counts that go with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    /// The state.
    pub state: State,
    /// Days past the last allowed day: while overdue, as of the date; when done late, on the day it was done.
    pub days_overdue: Option<i64>,
    /// Days left until the last allowed day, while open (0: today is the last day).
    pub days_left: Option<i64>,
}

/// Classifies a deadline occurrence (or an ongoing task, when `occurrence` is `None`) as of `as_of`.
///
/// `done_on` must already ignore work recorded after `as_of` (see [`Progress::fold`]).
pub fn classify(
    occurrence: Option<&Occurrence>,
    done_on: Option<NaiveDate>,
    withdrawn: bool,
    as_of: NaiveDate,
) -> Standing {
    let plain = |state| Standing {
        state,
        days_overdue: None,
        days_left: None,
    };
    if withdrawn {
        return plain(State::Withdrawn);
    }
    let Some(occ) = occurrence else {
        return plain(if done_on.is_some() {
            State::Completed
        } else {
            State::Ongoing
        });
    };
    let last = occ.last_day();
    match done_on {
        Some(done) if done <= last => plain(State::DoneOnTime),
        Some(done) => Standing {
            state: State::DoneLate,
            days_overdue: Some((done - last).num_days()),
            days_left: None,
        },
        None if as_of > last => Standing {
            state: State::Overdue,
            days_overdue: Some((as_of - last).num_days()),
            days_left: None,
        },
        None => Standing {
            state: State::Open,
            days_overdue: None,
            days_left: Some((last - as_of).num_days()),
        },
    }
}

/// What a progress event says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EventKind {
    /// The work is finished.
    Done,
    /// A finished item is open again.
    Reopen,
    /// Partial progress, with a percentage.
    Progress,
    /// Work is held up.
    Blocked,
    /// A remark only.
    Note,
    /// An earlier event was a mistake and no longer counts.
    Retract,
}

impl EventKind {
    /// The stable name stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Done => "done",
            EventKind::Reopen => "reopen",
            EventKind::Progress => "progress",
            EventKind::Blocked => "blocked",
            EventKind::Note => "note",
            EventKind::Retract => "retract",
        }
    }

    /// Reads a stable name.
    pub fn parse(name: &str) -> Option<EventKind> {
        [
            EventKind::Done,
            EventKind::Reopen,
            EventKind::Progress,
            EventKind::Blocked,
            EventKind::Note,
            EventKind::Retract,
        ]
        .into_iter()
        .find(|k| k.as_str() == name)
    }
}

/// A recorded progress event, as far as classification needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Its number in the history.
    pub id: i64,
    /// What it says.
    pub kind: EventKind,
    /// The day the work happened.
    pub on: NaiveDate,
    /// Percentage, for progress events.
    pub progress: Option<u8>,
    /// Free text.
    pub note: Option<String>,
    /// The document that proves it.
    pub evidence: Option<String>,
    /// For a retraction: the event it cancels.
    pub retracts: Option<i64>,
}

/// The progress of one deadline occurrence as of a date, folded from its events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Progress {
    /// The day it was finished, if finished by the date.
    pub done_on: Option<NaiveDate>,
    /// Evidence given with the completion.
    pub evidence: Option<String>,
    /// The latest percentage recorded.
    pub percent: Option<u8>,
    /// The latest note, blocking reason or progress remark.
    pub note: Option<String>,
    /// Whether the latest state-changing event says it is blocked.
    pub blocked: bool,
}

impl Progress {
    /// Folds events (in history order: by `on`, then `id`) as of a date: events after `as_of` and retracted
    /// events do not count; a reopen undoes an earlier completion; a second completion keeps the first date.
    ///
    /// The note shown is the latest event's own (a completion without a note clears what a progress note
    /// said before it: that note described the work then, not the completion). The evidence is the
    /// completion's while done; before that, the latest evidence given with progress.
    pub fn fold<'a>(
        events: impl IntoIterator<Item = &'a Event> + Clone,
        as_of: NaiveDate,
    ) -> Progress {
        let retracted: Vec<i64> = events
            .clone()
            .into_iter()
            .filter_map(|e| e.retracts)
            .collect();
        let mut p = Progress::default();
        for e in events
            .into_iter()
            .filter(|e| e.on <= as_of && !retracted.contains(&e.id) && e.kind != EventKind::Retract)
        {
            match e.kind {
                EventKind::Done => {
                    if p.done_on.is_none() {
                        p.done_on = Some(e.on);
                        p.evidence = e.evidence.clone();
                        p.percent = Some(100);
                    }
                    p.blocked = false;
                }
                EventKind::Reopen => {
                    p.done_on = None;
                    p.evidence = None;
                }
                EventKind::Progress => {
                    p.percent = e.progress;
                    p.blocked = false;
                }
                EventKind::Blocked => p.blocked = true,
                EventKind::Note | EventKind::Retract => {}
            }
            if p.done_on.is_none() && e.evidence.is_some() {
                p.evidence = e.evidence.clone();
            }
            p.note = e.note.clone();
        }
        p
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn once(due: NaiveDate, rule: Rule) -> Occurrence {
        Occurrence {
            period: None,
            due,
            rule,
            assumed: false,
        }
    }

    #[test]
    fn before_means_open_on_the_day_is_overdue() {
        let o = once(d(2022, 4, 12), Rule::Before);
        assert_eq!(
            classify(Some(&o), None, false, d(2022, 4, 11)).state,
            State::Open
        );
        assert_eq!(
            classify(Some(&o), None, false, d(2022, 4, 11)).days_left,
            Some(0)
        );
        let s = classify(Some(&o), None, false, d(2022, 4, 12));
        assert_eq!((s.state, s.days_overdue), (State::Overdue, Some(1)));
        assert_eq!(
            classify(Some(&o), Some(d(2022, 4, 11)), false, d(2022, 5, 1)).state,
            State::DoneOnTime
        );
        let late = classify(Some(&o), Some(d(2022, 4, 12)), false, d(2022, 5, 1));
        assert_eq!((late.state, late.days_overdue), (State::DoneLate, Some(1)));
    }

    #[test]
    fn by_means_overdue_from_the_next_day() {
        let o = once(d(2022, 4, 12), Rule::By);
        assert_eq!(
            classify(Some(&o), None, false, d(2022, 4, 12)).state,
            State::Open
        );
        assert_eq!(
            classify(Some(&o), None, false, d(2022, 4, 13)).state,
            State::Overdue
        );
        assert_eq!(
            classify(Some(&o), Some(d(2022, 4, 12)), false, d(2022, 4, 13)).state,
            State::DoneOnTime
        );
    }

    #[test]
    fn ongoing_and_withdrawn() {
        assert_eq!(
            classify(None, None, false, d(2022, 1, 1)).state,
            State::Ongoing
        );
        assert_eq!(
            classify(None, None, true, d(2022, 1, 1)).state,
            State::Withdrawn
        );
    }

    fn quarterly() -> Deadline {
        Deadline::new(
            "q",
            "định kỳ hàng quý",
            Schedule::Every {
                every: Every::Quarter,
                from: d(2022, 4, 1),
                until: d(2022, 12, 31),
                day: None,
                month: MonthOf::Last,
                rule: Rule::By,
            },
        )
    }

    fn amendment(on: NaiveDate) -> Amendment {
        Amendment {
            on,
            by: "Công văn số 12/SKHCN-HCTH".into(),
            period: None,
            due: None,
            rule: None,
            day: None,
        }
    }

    #[test]
    fn an_amendment_is_a_new_version_from_the_day_it_takes_effect() {
        let mut dl = Deadline::new(
            "bao-cao",
            "gửi trước ngày 11/6/2022",
            Schedule::Once {
                due: d(2022, 6, 11),
                rule: Rule::Before,
            },
        );
        dl.amendments.push(Amendment {
            due: Some(d(2022, 6, 5)),
            rule: Some(Rule::By),
            ..amendment(d(2022, 5, 1))
        });
        let t = dl.timelines();
        assert_eq!(t.len(), 1);
        let v: Vec<(Option<NaiveDate>, NaiveDate, Rule)> = t[0]
            .iter()
            .map(|v| (v.from, v.occurrence.due, v.occurrence.rule))
            .collect();
        assert_eq!(
            v,
            [
                (None, d(2022, 6, 11), Rule::Before),
                (Some(d(2022, 5, 1)), d(2022, 6, 5), Rule::By)
            ]
        );
        assert_eq!(t[0][1].amendment, Some(0));
        // An amendment that changes nothing is no new version.
        dl.amendments.push(Amendment {
            due: Some(d(2022, 6, 5)),
            ..amendment(d(2022, 5, 20))
        });
        assert_eq!(dl.timelines()[0].len(), 2);
    }

    #[test]
    fn a_recurring_amendment_moves_one_period_or_every_period_not_yet_ended() {
        let mut dl = quarterly();
        dl.amendments.push(Amendment {
            period: Some("2022-Q3".parse().unwrap()),
            due: Some(d(2022, 10, 15)),
            ..amendment(d(2022, 9, 1))
        });
        dl.amendments.push(Amendment {
            day: Some(20),
            ..amendment(d(2022, 7, 1))
        });
        let t = dl.timelines();
        let last: Vec<NaiveDate> = t.iter().map(|v| v.last().unwrap().occurrence.due).collect();
        // Q2 ended before 1/7: untouched. Q3: the 20th of September from 1/7, then 15/10 from 1/9. Q4: 20/12.
        assert_eq!(last, [d(2022, 6, 30), d(2022, 10, 15), d(2022, 12, 20)]);
        assert_eq!(t[0].len(), 1);
        assert_eq!(t[1].len(), 3);
        assert!(!t[2][1].occurrence.assumed, "the day is written now");
    }

    #[test]
    fn quarterly_occurrences_are_assumed_at_quarter_end() {
        let dl = quarterly();
        let occ = dl.occurrences();
        let names: Vec<String> = occ.iter().map(|o| o.period.unwrap().to_string()).collect();
        assert_eq!(names, ["2022-Q2", "2022-Q3", "2022-Q4"]);
        assert_eq!(occ[0].due, d(2022, 6, 30));
        assert!(occ[0].assumed);
        assert_eq!(occ[0].wording_kind(), "assumed");
    }

    #[test]
    fn a_written_day_clamps_to_short_months() {
        let dl = Deadline::new(
            "m",
            "trước ngày 31 hằng tháng",
            Schedule::Every {
                every: Every::Month,
                from: d(2022, 2, 1),
                until: d(2022, 3, 1),
                day: Some(31),
                month: MonthOf::Last,
                rule: Rule::Before,
            },
        );
        let due: Vec<NaiveDate> = dl.occurrences().iter().map(|o| o.due).collect();
        assert_eq!(due, [d(2022, 2, 28), d(2022, 3, 31)]);
    }

    fn ev(id: i64, kind: EventKind, on: NaiveDate) -> Event {
        Event {
            id,
            kind,
            on,
            progress: None,
            note: None,
            evidence: None,
            retracts: None,
        }
    }

    #[test]
    fn folding_respects_as_of_reopen_and_retraction() {
        let done = ev(1, EventKind::Done, d(2022, 4, 10));
        assert_eq!(
            Progress::fold(std::slice::from_ref(&done), d(2022, 4, 9)).done_on,
            None
        );
        assert_eq!(
            Progress::fold(std::slice::from_ref(&done), d(2022, 4, 10)).done_on,
            Some(d(2022, 4, 10))
        );
        let reopen = ev(2, EventKind::Reopen, d(2022, 4, 20));
        assert_eq!(
            Progress::fold(&[done.clone(), reopen.clone()], d(2022, 4, 30)).done_on,
            None
        );
        assert_eq!(
            Progress::fold(&[done.clone(), reopen.clone()], d(2022, 4, 15)).done_on,
            Some(d(2022, 4, 10))
        );
        let retract = Event {
            retracts: Some(1),
            ..ev(3, EventKind::Retract, d(2022, 5, 1))
        };
        assert_eq!(
            Progress::fold(&[done, retract], d(2022, 4, 15)).done_on,
            None
        );
    }

    #[test]
    fn the_latest_event_gives_the_note_and_a_completion_its_own_evidence() {
        let progress = Event {
            progress: Some(50),
            note: Some("đã tổng hợp 3/5 phòng".into()),
            evidence: Some("Công văn số 3/HCTH".into()),
            ..ev(1, EventKind::Progress, d(2022, 6, 20))
        };
        let p = Progress::fold(std::slice::from_ref(&progress), d(2022, 6, 30));
        assert_eq!(p.note.as_deref(), Some("đã tổng hợp 3/5 phòng"));
        assert_eq!(p.evidence.as_deref(), Some("Công văn số 3/HCTH"));
        let done = Event {
            evidence: Some("Báo cáo số 112/BC-SKHCN".into()),
            ..ev(2, EventKind::Done, d(2022, 6, 24))
        };
        let p = Progress::fold(&[progress.clone(), done.clone()], d(2022, 6, 30));
        assert_eq!(p.done_on, Some(d(2022, 6, 24)));
        assert_eq!(p.evidence.as_deref(), Some("Báo cáo số 112/BC-SKHCN"));
        assert_eq!(
            p.note, None,
            "the progress note is history, not the completion's"
        );
        // As of before the completion, the progress note is still the latest word.
        let p = Progress::fold(&[progress, done], d(2022, 6, 23));
        assert_eq!(p.note.as_deref(), Some("đã tổng hợp 3/5 phòng"));
        // A retraction is not an event of the work: the note before it stays.
        let note = Event {
            note: Some("đã gửi bản giấy".into()),
            ..ev(3, EventKind::Note, d(2022, 6, 25))
        };
        let retract = Event {
            retracts: Some(9),
            note: Some("ghi nhầm".into()),
            ..ev(4, EventKind::Retract, d(2022, 6, 26))
        };
        let p = Progress::fold(&[note, retract], d(2022, 6, 30));
        assert_eq!(p.note.as_deref(), Some("đã gửi bản giấy"));
    }

    #[test]
    fn a_task_without_deadline_is_completed_never_done_on_time() {
        let s = classify(None, Some(d(2022, 4, 20)), false, d(2022, 6, 8));
        assert_eq!(s.state, State::Completed);
    }

    #[test]
    fn document_effect() {
        let doc = Document {
            number: "34/2007/PL-UBTVQH11".into(),
            key: "34/2007/PL-UBTVQH11".into(),
            kind: None,
            title: None,
            issuer: None,
            date: None,
            in_force_from: None,
            ceased_on: Some(d(2023, 7, 1)),
            ceased_by: Some("10/2022/QH15".into()),
            source: None,
        };
        assert_eq!(doc.effect(d(2023, 6, 30)), Effect::InForce);
        assert_eq!(doc.effect(d(2023, 7, 1)), Effect::Ceased);
        let law = Document {
            ceased_on: None,
            ceased_by: None,
            in_force_from: Some(d(2023, 7, 1)),
            ..doc.clone()
        };
        assert_eq!(law.effect(d(2023, 6, 30)), Effect::NotYetInForce);
        assert_eq!(law.effect(d(2023, 7, 1)), Effect::InForce);
        let unknown = Document {
            in_force_from: None,
            ..law
        };
        assert_eq!(unknown.effect(d(2030, 1, 1)), Effect::Unknown);
    }

    #[test]
    fn rule_from_wording() {
        assert_eq!(
            Rule::from_wording("gửi trước ngày 12/4/2022"),
            Some(Rule::Before)
        );
        assert_eq!(
            Rule::from_wording("chậm nhất ngày 15/7/2024"),
            Some(Rule::By)
        );
        assert_eq!(
            Rule::from_wording("hoàn thành đến ngày 15/7/2024"),
            Some(Rule::By)
        );
        assert_eq!(Rule::from_wording("trong tháng 10"), None);
        // Before a date named by its occasion, or in brackets, or written long; a count from an event is not.
        for before in [
            "hoàn thành trước ngày Quốc khánh 02/9/2026",
            "trước ngày (12/4/2026)",
            "trước ngày 15 tháng 7 năm 2024",
        ] {
            assert_eq!(Rule::from_wording(before), Some(Rule::Before), "{before}");
        }
        assert_eq!(
            Rule::from_wording("Chậm nhất ngày 10/12/2025 (trước ngày bầu cử 95 ngày)"),
            Some(Rule::By)
        );
        assert_eq!(Rule::from_wording("trước ngày bầu cử 10 ngày"), None);
    }
}
