//! `plan report`: the periodic report an office sends upward ("báo cáo kết quả thực hiện").
//!
//! The period's data cut-off follows the reporting regime of Nghị định 09/2019/NĐ-CP unless `--cutoff` says
//! otherwise, and the report states which it used. The figures are the four-way classification of government
//! reports, on a stated denominator, as of the cut-off: every deadline whose last allowed day falls in the
//! data window, plus earlier ones still outstanding when it opened. The report never misstates what it knows
//! on its own date: deadlines falling due between the cut-off and the period's end, and what changed after
//! the cut-off, are given as of the report date; tasks without a deadline are listed with their progress and
//! evidence, never counted.

use super::status::{self, Row};
use super::{open_synced, output};
use crate::Outcome;
use crate::cli::ReportArgs;
use crate::context::Context;
use crate::date::{self, format_iso, format_vn};
use crate::document::{self, Block, COUNTED, Chart, Document, Kind, Signature, Table};
use crate::domain::reporting::{CutoffRule, Window, decree_window, window};
use crate::domain::{Every, Office, Period, Plan, State};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::msg;
use crate::render::{Column, Format, Listing, Value, docx, html, markdown, percent_number, xlsx};
use chrono::NaiveDate;
use serde_json::json;
use std::collections::HashMap;

/// The key that finds one row again in the rows of another date.
fn key(r: &Row) -> (i64, Option<i64>, Option<Period>) {
    (
        r.item.task_rid,
        r.item.deadline_rid,
        r.item.occurrence.and_then(|o| o.period),
    )
}

/// Whether a row (as of the cut-off) is in the figures (see [`Window::counts`]).
fn in_figures(r: &Row, w: &Window) -> bool {
    r.item
        .occurrence
        .is_some_and(|o| w.counts(o.last_day(), r.standing.state, r.progress.done_on))
}

/// Whether a row (as of the report date) falls due after the cut-off and by the end of the period.
fn after_cutoff(r: &Row, w: &Window) -> bool {
    r.item
        .occurrence
        .is_some_and(|o| w.falls_after_cutoff(o.last_day(), r.standing.state))
}

/// The counts listing: one row per lead unit (per member, for a deadline owed by each member of its lead
/// unit), then the total and the shares of it.
fn counts(rows: &[&Row]) -> Listing {
    let mut l = Listing::new(vec![
        Column::all("lead_unit", "Lead unit"),
        Column::all("done_on_time", "Done on time"),
        Column::all("done_late", "Done late"),
        Column::all("open", "Open, in time"),
        Column::all("overdue", "Overdue"),
        Column::all("total", "Total"),
    ]);
    for (name, states) in status::by_lead_unit(rows) {
        let n = |s: State| states.iter().filter(|&&g| g == s).count();
        let mut row = vec![Value::Text(name)];
        row.extend(COUNTED.iter().map(|&s| Value::Int(n(s) as i64)));
        row.push(Value::Int(states.len() as i64));
        l.rows.push(row);
    }
    let n = |s: State| rows.iter().filter(|r| r.standing.state == s).count();
    let mut share = vec![Value::Text(
        tr("Share of the total", "Tỷ lệ trên tổng số").into(),
    )];
    share.extend(COUNTED.iter().map(|&s| pct(n(s), rows.len())));
    share.push(pct(rows.len(), rows.len()));
    l.rows.push(share);
    l
}

fn pct(n: usize, total: usize) -> Value {
    match total {
        0 => Value::Null,
        _ => Value::Percent(n as f64 * 100.0 / total as f64),
    }
}

/// Tasks without a deadline, with what was done on them: progress, completion and evidence.
fn without_deadline(rows: &[Row]) -> Listing {
    let mut l = Listing::new(vec![
        Column::all("plan", "Plan"),
        Column::all("task", "Task"),
        Column::all("title", "Title"),
        Column::all("lead", "Lead"),
        Column::all("state", "State"),
        Column::all("done_on", "Done on"),
        Column::all("progress", "%"),
        Column::all("note", "Latest note"),
        Column::all("evidence", "Evidence"),
    ]);
    for r in rows {
        l.rows.push(vec![
            Value::Text(r.item.plan.clone()),
            Value::Text(r.item.task.clone()),
            Value::Text(r.item.title.clone()),
            Value::List(r.item.lead_names.clone()),
            Value::Label(r.standing.state.as_str().into()),
            Value::opt_date(r.progress.done_on),
            Value::opt_int(r.progress.percent.map(i64::from)),
            Value::opt_text(r.progress.note.clone()),
            Value::opt_text(r.progress.evidence.clone()),
        ]);
    }
    l
}

/// One change after the cut-off: a counted deadline, or one member's share of it, whose state on the report
/// date is not the one at the cut-off.
struct Changed {
    /// The row on the report date.
    now: Row,
    /// The member, for a share.
    unit: Option<crate::store::MemberRef>,
    /// The state at the cut-off.
    then: State,
    /// The state on the report date.
    state: State,
    /// Its progress on the report date.
    progress: crate::domain::Progress,
}

/// The changes after the cut-off of one counted row: the deadline's own, or each member's share's.
fn changed(then: &Row, now: &Row) -> Vec<Changed> {
    if now.members.is_empty() {
        return (now.standing.state != then.standing.state)
            .then(|| Changed {
                now: now.clone(),
                unit: None,
                then: then.standing.state,
                state: now.standing.state,
                progress: now.progress.clone(),
            })
            .into_iter()
            .collect();
    }
    now.members
        .iter()
        .filter_map(|m| {
            let before = then.members.iter().find(|t| t.unit == m.unit)?;
            (before.standing.state != m.standing.state).then(|| Changed {
                now: now.clone(),
                unit: Some(m.unit.clone()),
                then: before.standing.state,
                state: m.standing.state,
                progress: m.progress.clone(),
            })
        })
        .collect()
}

/// The counted deadlines, and members' shares, whose state on the report date is not the one at the cut-off.
fn changes(list: &[Changed]) -> Listing {
    let mut l = Listing::new(vec![
        Column::all("plan", "Plan"),
        Column::all("task", "Task"),
        Column::all("title", "Title"),
        Column::all("due", "Deadline"),
        Column::all("period", "Period"),
        Column::all("unit", "Unit"),
        Column::all("at_cutoff", "At the cut-off"),
        Column::all("now", "On the report date"),
        Column::all("done_on", "Done on"),
        Column::all("evidence", "Evidence"),
    ]);
    for c in list {
        let occ = c.now.item.occurrence;
        l.rows.push(vec![
            Value::Text(c.now.item.plan.clone()),
            Value::Text(c.now.item.task.clone()),
            Value::Text(c.now.item.title.clone()),
            occ.map_or(Value::Null, |o| {
                Value::Due(o.due, o.wording_kind(), c.now.item.amended_by.is_some())
            }),
            Value::opt_period(occ.and_then(|o| o.period)),
            Value::opt_text(c.unit.as_ref().map(|u| u.name.clone())),
            Value::Label(c.then.as_str().into()),
            Value::Label(c.state.as_str().into()),
            Value::opt_date(c.progress.done_on),
            Value::opt_text(c.progress.evidence.clone()),
        ]);
    }
    l
}

/// Everything a report says, built once for every format.
struct Report {
    window: Window,
    /// The report's own date (the as-of date).
    date: NaiveDate,
    plan: Option<String>,
    /// Deadlines in the figures, as of the cut-off.
    figures: Vec<Row>,
    /// Deadlines falling due after the cut-off until the period's end, as of the report date.
    after: Vec<Row>,
    /// Counted deadlines, and members' shares, whose state changed after the cut-off.
    changed: Vec<Changed>,
    /// Tasks without a deadline, as of the report date.
    no_deadline: Vec<Row>,
    /// Lines per member's share (data formats) or per deadline (for people).
    per_member: bool,
    /// The office that writes the report, when the plans folder describes it.
    office: Option<Office>,
    /// The plan reported on (the one asked for, or the only one loaded).
    plan_doc: Option<Plan>,
    /// How many tasks of it are in force, and how many of them have no deadline.
    tasks: (usize, usize),
    /// Whether more than one plan is reported on (the Plan column is kept).
    many_plans: bool,
}

impl Report {
    fn figures_refs(&self) -> Vec<&Row> {
        self.figures.iter().collect()
    }

    fn overdue(&self) -> Vec<Row> {
        let mut v: Vec<Row> = self
            .figures
            .iter()
            .filter(|r| r.standing.state == State::Overdue)
            .cloned()
            .collect();
        v.sort_by_key(|r| std::cmp::Reverse(r.standing.days_overdue));
        v
    }

    /// Work done: counted deadlines done by the cut-off (or some member's share of them), deadlines after it
    /// done by the report date, and tasks without a deadline completed since the data window opened.
    fn completed(&self) -> Vec<Row> {
        let done = |r: &&Row| {
            let is_done = |s: State| matches!(s, State::DoneOnTime | State::DoneLate);
            is_done(r.standing.state) || r.members.iter().any(|m| is_done(m.standing.state))
        };
        let since = |r: &&Row| {
            r.standing.state == State::Completed
                && r.progress
                    .done_on
                    .is_some_and(|d| d >= self.window.data_from)
        };
        self.figures
            .iter()
            .filter(done)
            .chain(self.after.iter().filter(done))
            .chain(self.no_deadline.iter().filter(since))
            .cloned()
            .collect()
    }

    fn recurring(&self) -> Vec<Row> {
        let p = self.window.period;
        self.figures
            .iter()
            .chain(&self.after)
            .filter(|r| {
                r.item
                    .occurrence
                    .is_some_and(|o| o.period.is_some() && p.contains(o.due))
            })
            .cloned()
            .collect()
    }

    /// The rows of a section; data formats give each member's share whose state `keep` picks.
    fn listing(&self, rows: &[Row], keep: impl Fn(State) -> bool + Copy) -> Listing {
        status::listing_of(rows, self.per_member, keep)
    }

    /// Work done, with its evidence: each member's share done is its own line, in every format, since each
    /// has its own evidence.
    fn completed_listing(&self) -> Listing {
        let done = |s| matches!(s, State::DoneOnTime | State::DoneLate | State::Completed);
        status::listing_of(&self.completed(), true, done)
    }

    fn title(&self) -> String {
        let (period, name) = (self.window.period, self.window.period.vi_name());
        msg!(
            "Report on implementation — period {period}",
            "Báo cáo kết quả thực hiện — {name}"
        )
    }

    fn cutoff_sentence(&self) -> String {
        let (from, to) = (
            format_vn(self.window.data_from),
            format_vn(self.window.cutoff),
        );
        match self.window.rule {
            CutoffRule::Decree => msg!(
                "Data from {from} to {to} (the cut-off of Nghị định 09/2019/NĐ-CP for this period).",
                "Số liệu từ ngày {from} đến ngày {to} (thời điểm chốt số liệu theo Nghị định 09/2019/NĐ-CP)."
            ),
            CutoffRule::Option => msg!(
                "Data from {from} to {to} (cut-off given with --cutoff).",
                "Số liệu từ ngày {from} đến ngày {to} (thời điểm chốt số liệu theo tùy chọn --cutoff)."
            ),
            CutoffRule::AsOf => msg!(
                "Data from {from} to {to}: the cut-off has not come yet, so the data stops at the report date.",
                "Số liệu từ ngày {from} đến ngày {to}: chưa đến thời điểm chốt số liệu nên số liệu tính đến ngày lập báo cáo."
            ),
        }
    }

    fn denominator_sentence(&self) -> String {
        let n = self.figures.len();
        let (from, to) = (
            format_vn(self.window.data_from),
            format_vn(self.window.cutoff),
        );
        let deadlines = crate::i18n::count(n, "deadline", "deadlines");
        msg!(
            "The figures count {deadlines} as they stood on {to}: those whose last allowed day falls from {from} to {to}, and earlier ones still outstanding on {from}. Tasks without a deadline and withdrawn ones are not counted; percentages are of {n}.",
            "Số liệu tính trên {n} thời hạn theo tình hình ngày {to}: các thời hạn có ngày cuối cùng được phép từ ngày {from} đến ngày {to} và các thời hạn trước đó còn tồn đọng tại ngày {from}. Nhiệm vụ không có thời hạn và nhiệm vụ đã bãi bỏ không tính; tỷ lệ tính trên {n}."
        )
    }

    fn after_sentence(&self) -> String {
        let (to, end, date) = (
            format_vn(self.window.cutoff),
            format_vn(self.window.period.last_day()),
            format_vn(self.date),
        );
        msg!(
            "Deadlines falling due after the cut-off of {to} until the end of the period on {end}, and what changed after the cut-off for the deadlines counted, are given as they stand on the report date, {date}.",
            "Các thời hạn đến hạn sau thời điểm chốt số liệu, từ sau ngày {to} đến hết kỳ ngày {end}, và những thay đổi sau thời điểm chốt của các thời hạn đã tính, được nêu theo tình hình ngày lập báo cáo {date}."
        )
    }

    /// "6 tháng đầu năm 2022", "quý II năm 2022": the period as a report's subject names it.
    fn period_phrase(&self) -> String {
        let p = self.window.period;
        let (y, i) = (p.year, p.index);
        let roman = ["I", "II", "III", "IV"][(i as usize).clamp(1, 4) - 1];
        let month = chrono::NaiveDate::from_ymd_opt(y, i.clamp(1, 12), 1)
            .map(|d| d.format("%B").to_string())
            .unwrap_or_default();
        match p.every {
            Every::Quarter => msg!("Q{i} {y}", "quý {roman} năm {y}"),
            Every::Month => msg!("{month} {y}", "tháng {i} năm {y}"),
            Every::HalfYear if i == 1 => msg!("the first half of {y}", "6 tháng đầu năm {y}"),
            Every::HalfYear => msg!("the second half of {y}", "6 tháng cuối năm {y}"),
            Every::Year => msg!("the year {y}", "năm {y}"),
        }
    }

    /// The plan as the report names it: its number and date when known, else its title.
    fn plan_name(&self) -> String {
        match &self.plan_doc {
            Some(p) => match (&p.number, p.issued) {
                (Some(n), Some(d)) => {
                    let d = format_vn(d);
                    msg!("Plan No. {n} of {d}", "Kế hoạch số {n} ngày {d}")
                }
                (Some(n), None) => msg!("Plan No. {n}", "Kế hoạch số {n}"),
                _ => p.title.clone(),
            },
            None => tr("the plans", "các kế hoạch").into(),
        }
    }

    fn subject(&self) -> String {
        let (plan, phrase) = (self.plan_name(), self.period_phrase());
        msg!(
            "Implementation of {plan}: {phrase}",
            "Kết quả {phrase} thực hiện {plan}"
        )
    }

    /// The figures in one sentence: each state's count and share of the denominator.
    fn figures_sentence(&self) -> String {
        let total = self.figures.len();
        let n = |s: State| {
            self.figures
                .iter()
                .filter(|r| r.standing.state == s)
                .count()
        };
        let part = |s: State| {
            let share = pct(n(s), total).human();
            let (k, name) = (n(s), crate::i18n::words(s.as_str()).to_lowercase());
            msg!("{name}: {k} ({share})", "{name}: {k} ({share})")
        };
        if total == 0 {
            return tr(
                "No deadline falls within the data of this report.",
                "Không có thời hạn nào thuộc phạm vi số liệu của báo cáo này.",
            )
            .into();
        }
        let parts = COUNTED.map(part).join("; ");
        msg!(
            "Of the {total} deadlines — {parts}.",
            "Trong số {total} thời hạn — {parts}."
        )
    }

    /// The units that owe something overdue at the cut-off (the members for a share).
    fn overdue_units(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in self
            .figures
            .iter()
            .filter(|r| r.standing.state == State::Overdue)
        {
            let names: Vec<String> = if r.members.is_empty() {
                r.item.lead_names.clone()
            } else {
                r.members
                    .iter()
                    .filter(|m| m.standing.state == State::Overdue)
                    .map(|m| m.unit.name.clone())
                    .collect()
            };
            for n in names {
                if !out.contains(&n) {
                    out.push(n);
                }
            }
        }
        out
    }

    /// What the office proposes, from the figures: the clerk completes it before signing.
    fn proposals(&self) -> Vec<String> {
        let mut out = Vec::new();
        let office = self.office.as_ref().map_or_else(
            || tr("the office", "cơ quan").to_string(),
            |o| o.name.clone(),
        );
        let via = self
            .office
            .as_ref()
            .and_then(|o| o.drafting_unit_name.clone())
            .map(|u| msg!(" (through the {u})", " (qua {u})"))
            .unwrap_or_default();
        let units = self.overdue_units();
        let overdue = self.overdue().len();
        if overdue > 0 {
            let units = units.join(", ");
            out.push(msg!(
                "{units}: complete the {overdue} overdue deadlines listed in II.4 without delay and report the result in writing to {office}{via}.",
                "Đề nghị {units} khẩn trương hoàn thành {overdue} thời hạn quá hạn nêu tại mục II.4 và báo cáo kết quả bằng văn bản về {office}{via}."
            ));
        }
        let open = self
            .after
            .iter()
            .filter(|r| matches!(r.standing.state, State::Open | State::Overdue))
            .count();
        if open > 0 {
            let end = format_vn(self.window.period.last_day());
            out.push(msg!(
                "The units responsible: carry out the {open} deadlines falling due from the cut-off to {end} (II.6) on time.",
                "Các đơn vị chủ trì chủ động thực hiện đúng hạn {open} thời hạn đến hạn từ sau thời điểm chốt số liệu đến ngày {end} (mục II.6)."
            ));
        }
        if out.is_empty() {
            out.push(tr(
                "No deadline is overdue: the units responsible continue the tasks of the plan as scheduled.",
                "Không có thời hạn quá hạn: các đơn vị chủ trì tiếp tục thực hiện các nhiệm vụ của Kế hoạch theo tiến độ.",
            ).into());
        }
        out
    }

    /// The columns of a status table on A4: the plan only when several are reported on.
    fn paper(&self, period: bool) -> Vec<&'static str> {
        let mut keys = vec!["task", "title", "lead", "due"];
        if period {
            keys.push("period");
        }
        keys.extend(["state", "days", "last"]);
        self.with_plan(keys)
    }

    /// Columns of a table, with the plan's first when several plans are reported on.
    fn with_plan(&self, mut keys: Vec<&'static str>) -> Vec<&'static str> {
        if self.many_plans {
            keys.insert(0, "plan");
        }
        keys
    }

    fn table(&self, name: &str, listing: Listing, paper: Vec<&'static str>) -> Block {
        Block::Table(Table {
            name: name.into(),
            listing,
            paper,
        })
    }

    fn states_chart(&self) -> Chart {
        let mut groups = status::by_lead_unit(&self.figures_refs());
        // The last group is the total, which is the table's last line and no unit's bar.
        groups.pop();
        let bars = groups
            .into_iter()
            .map(|(name, states)| {
                (
                    name,
                    COUNTED.map(|s| states.iter().filter(|&&g| g == s).count()),
                )
            })
            .collect();
        Chart::States {
            title: tr(
                "Deadlines by lead unit at the cut-off",
                "Thời hạn theo đơn vị chủ trì tại thời điểm chốt số liệu",
            )
            .into(),
            bars,
        }
    }

    fn timeline(&self) -> Chart {
        let marks = self
            .figures
            .iter()
            .chain(&self.after)
            .filter_map(|r| {
                let o = r.item.occurrence?;
                let last = o.last_day();
                (last >= self.window.data_from)
                    .then(|| (last, r.item.task.clone(), r.standing.state))
            })
            .collect();
        let cutoff = format_vn(self.window.cutoff);
        Chart::Timeline {
            title: tr("Deadlines of the period", "Các thời hạn trong kỳ").into(),
            span: (self.window.data_from, self.window.period.last_day()),
            marks,
            line: Some((
                self.window.cutoff,
                msg!("cut-off {cutoff}", "chốt số liệu {cutoff}"),
            )),
        }
    }

    /// The office's name as the body writes it.
    fn issuer_name(&self) -> String {
        self.office
            .as_ref()
            .map(|o| o.name.clone())
            .or_else(|| self.plan_doc.as_ref().map(|p| p.issuer.clone()))
            .unwrap_or_else(|| tr("The office", "Cơ quan").into())
    }

    /// Part I: what the plan asks.
    fn asks(&self) -> Vec<Block> {
        let mut body = Vec::new();
        let (tasks, ongoing) = self.tasks;
        let dated = tasks - ongoing.min(tasks);
        let denominator = self.figures.len();
        body.push(Block::Heading(
            tr("I. WHAT THE PLAN ASKS", "I. NHIỆM VỤ THEO KẾ HOẠCH").into(),
        ));
        body.push(Block::Paragraph(msg!(
            "The plan sets {tasks} tasks in force: {dated} with deadlines or recurring reports, {ongoing} carried out on a continuing basis without a deadline. {denominator} deadlines fall within the data of this report.",
            "Kế hoạch đề ra {tasks} nhiệm vụ đang có hiệu lực: {dated} nhiệm vụ có thời hạn hoặc báo cáo định kỳ, {ongoing} nhiệm vụ thực hiện thường xuyên, không có thời hạn. Có {denominator} thời hạn thuộc phạm vi số liệu của báo cáo này."
        )));
        body
    }

    /// Part II, 1–4: the figures, per lead unit, what is done with its evidence, what is overdue and why.
    fn results(&self) -> Vec<Block> {
        let mut body = vec![Block::Heading(
            tr("II. RESULTS", "II. KẾT QUẢ THỰC HIỆN").into(),
        )];
        body.push(Block::Subheading(
            tr("1. The figures", "1. Số liệu chung").into(),
        ));
        body.push(Block::Paragraph(self.cutoff_sentence()));
        body.push(Block::Paragraph(self.denominator_sentence()));
        body.push(Block::Paragraph(self.figures_sentence()));
        body.push(Block::Subheading(
            tr("2. Results by lead unit", "2. Kết quả theo đơn vị chủ trì").into(),
        ));
        body.push(Block::Chart(self.states_chart()));
        body.push(self.table(
            tr("Summary", "Tổng hợp"),
            counts(&self.figures_refs()),
            vec![],
        ));
        body.push(Block::Subheading(
            tr(
                "3. Completed, with evidence",
                "3. Các nhiệm vụ đã hoàn thành và văn bản chứng minh",
            )
            .into(),
        ));
        let mut done = self.completed_listing();
        done.columns
            .iter_mut()
            .filter(|c| c.key == "evidence")
            .for_each(|c| c.show = crate::render::Show::All);
        body.push(self.table(tr("Completed", "Đã hoàn thành"), done, {
            let mut k = self.paper(false);
            k.retain(|k| *k != "days" && *k != "last");
            k.extend(["done_on", "last"]);
            k
        }));
        body.push(Block::Subheading(
            tr(
                "4. Overdue at the cut-off, and why",
                "4. Các thời hạn quá hạn tại thời điểm chốt số liệu và nguyên nhân",
            )
            .into(),
        ));
        let overdue = self.overdue();
        body.push(Block::Paragraph(match overdue.len() {
            0 => tr("No deadline was overdue at the cut-off.", "Không có thời hạn quá hạn tại thời điểm chốt số liệu.").into(),
            n => msg!(
                "{n} deadlines were overdue at the cut-off; the last column gives what the unit recorded (progress, blocker, note).",
                "Có {n} thời hạn quá hạn tại thời điểm chốt số liệu; cột cuối ghi nội dung đơn vị đã cập nhật (tiến độ, vướng mắc, ghi chú)."
            ),
        }));
        body.push(self.table(
            tr("Overdue", "Quá hạn"),
            self.listing(&overdue, |s| s == State::Overdue),
            self.paper(false),
        ));
        body
    }

    /// Part II, 5–7: the recurring reports, what comes after the cut-off, the tasks without a deadline.
    fn later(&self) -> Vec<Block> {
        let mut body = vec![Block::Subheading(
            tr(
                "5. Recurring reports due in the period",
                "5. Các báo cáo định kỳ đến hạn trong kỳ",
            )
            .into(),
        )];
        body.push(Block::Chart(self.timeline()));
        body.push(self.table(
            tr("Recurring", "Định kỳ"),
            self.listing(&self.recurring(), |_| true),
            self.paper(true),
        ));
        body.push(Block::Subheading(
            tr(
                "6. After the cut-off",
                "6. Tình hình sau thời điểm chốt số liệu",
            )
            .into(),
        ));
        body.push(Block::Paragraph(self.after_sentence()));
        body.push(self.table(
            tr("After the cut-off", "Sau thời điểm chốt"),
            self.listing(&self.after, |_| true),
            self.paper(false),
        ));
        body.push(Block::Paragraph(match self.changed.len() {
            0 => tr("No deadline counted above changed its state after the cut-off.", "Không có thời hạn nào đã tính ở trên thay đổi tình trạng sau thời điểm chốt số liệu.").into(),
            n => msg!("{n} deadlines counted above changed their state after the cut-off:", "Có {n} thời hạn đã tính ở trên thay đổi tình trạng sau thời điểm chốt số liệu:"),
        }));
        body.push(self.table(
            tr("Changed", "Thay đổi"),
            changes(&self.changed),
            self.with_plan(vec![
                "task",
                "title",
                "due",
                "unit",
                "at_cutoff",
                "now",
                "done_on",
                "evidence",
            ]),
        ));
        body.push(Block::Subheading(
            tr(
                "7. Tasks without a deadline",
                "7. Các nhiệm vụ thực hiện thường xuyên",
            )
            .into(),
        ));
        body.push(self.table(
            tr("Without deadline", "Không có thời hạn"),
            without_deadline(&self.no_deadline),
            self.with_plan(vec![
                "task", "title", "lead", "state", "done_on", "progress", "note", "evidence",
            ]),
        ));
        body
    }

    /// The report as a document: header, subject, what the plan asked, the figures, per unit, what is
    /// overdue and why, what was done with its evidence, what comes next, proposals, recipients, signature.
    fn document(&self) -> Document {
        let header = self
            .office
            .as_ref()
            .map(|o| document::Header::of(o, Kind::Report, self.date, crate::i18n::lang()));
        let issuer = self.issuer_name();
        let (plan, phrase) = (self.plan_name(), self.period_phrase());
        let mut body = vec![Block::Paragraph(msg!(
            "Pursuant to {plan}, the {issuer} reports on its implementation in {phrase} as follows:",
            "Thực hiện {plan}, {issuer} báo cáo kết quả thực hiện {phrase} như sau:"
        ))];
        body.extend(self.asks());
        body.extend(self.results());
        body.extend(self.later());
        body.push(Block::Heading(
            tr("III. PROPOSALS", "III. ĐỀ XUẤT, KIẾN NGHỊ").into(),
        ));
        body.extend(self.proposals().into_iter().map(Block::Paragraph));
        body.push(Block::Paragraph(msg!(
            "This is the report of the {issuer} on the implementation of {plan} in {phrase}./.",
            "Trên đây là báo cáo kết quả {phrase} thực hiện {plan} của {issuer}./."
        )));
        Document {
            kind: Kind::Report,
            header,
            name: Some(tr("REPORT", "BÁO CÁO").into()),
            subject: self.subject(),
            addressee: None,
            body,
            recipients: self.recipients(),
            signature: self.signature(),
            title: self.title(),
        }
    }

    /// "Nơi nhận" of a report: those the plan reports to and works with, the office's own copy last; the
    /// units that carry the plan out are its subject, not its addressees.
    fn recipients(&self) -> Vec<String> {
        let mut out = Vec::new();
        if let Some(p) = &self.plan_doc {
            for r in &p.recipients {
                let name = r.name.trim_end_matches(['.', ';', ',', ' ']);
                let line = match r.role.as_str() {
                    "bao-cao" => msg!("{name} (for report);", "{name} (báo cáo);"),
                    "phoi-hop" => msg!("{name} (for coordination);", "{name} (phối hợp);"),
                    "de-biet" => msg!("{name} (for information);", "{name} (để biết);"),
                    _ => continue,
                };
                out.push(line);
            }
        }
        out.push(super::remind::archive(
            self.office.as_ref(),
            self.plan_doc.as_ref(),
        ));
        out
    }

    fn signature(&self) -> Option<Signature> {
        self.office
            .as_ref()
            .and_then(|o| o.signer.as_ref())
            .or_else(|| self.plan_doc.as_ref().and_then(|p| p.signer.as_ref()))
            .map(Signature::of)
    }

    /// The lines above each sheet of the workbook.
    fn title_block(&self) -> Vec<String> {
        let agency = self
            .office
            .as_ref()
            .map(|o| o.name.clone())
            .or_else(|| self.plan_doc.as_ref().map(|p| p.issuer.clone()));
        let date = format_vn(self.date);
        agency
            .into_iter()
            .chain([
                self.subject(),
                msg!("Report date: {date}", "Ngày lập báo cáo: {date}"),
                self.cutoff_sentence(),
                self.denominator_sentence(),
            ])
            .collect()
    }

    fn json(&self) -> serde_json::Value {
        let rows_json = |l: Listing| l.rows.iter().map(|r| l.json_row(r)).collect::<Vec<_>>();
        let c = counts(&self.figures_refs());
        let total = self.figures.len();
        let n = |s: State| {
            self.figures
                .iter()
                .filter(|r| r.standing.state == s)
                .count()
        };
        let share =
            |s: State| (total > 0).then(|| percent_number(n(s) as f64 * 100.0 / total as f64));
        // The last two rows are the total and the shares, given separately below.
        let by_unit: Vec<serde_json::Value> = c.rows[..c.rows.len() - 2]
            .iter()
            .map(|r| c.json_row(r))
            .collect();
        json!({
            "plan": self.plan,
            "period": self.window.period.to_string(),
            "report_date": format_iso(self.date),
            "data_from": format_iso(self.window.data_from),
            "cutoff": format_iso(self.window.cutoff),
            "cutoff_rule": match self.window.rule { CutoffRule::Decree => "nd-09-2019", CutoffRule::Option => "option", CutoffRule::AsOf => "as_of" },
            "period_end": format_iso(self.window.period.last_day()),
            "denominator": total,
            "totals": {
                "done_on_time": n(State::DoneOnTime),
                "done_late": n(State::DoneLate),
                "open": n(State::Open),
                "overdue": n(State::Overdue),
                "total": total,
            },
            "percent": {
                "done_on_time": share(State::DoneOnTime),
                "done_late": share(State::DoneLate),
                "open": share(State::Open),
                "overdue": share(State::Overdue),
            },
            "by_unit": by_unit,
            "overdue": rows_json(self.listing(&self.overdue(), |s| s == State::Overdue)),
            "completed": rows_json(self.completed_listing()),
            "recurring": rows_json(self.listing(&self.recurring(), |_| true)),
            "after_cutoff": rows_json(self.listing(&self.after, |_| true)),
            "changed_after_cutoff": rows_json(changes(&self.changed)),
            "without_deadline": rows_json(without_deadline(&self.no_deadline)),
        })
    }
}

/// Builds the report: the figures as of the cut-off, and the rest as of the report date.
fn build(ctx: &Context, args: &ReportArgs, window: Window) -> Result<Report> {
    let store = open_synced(ctx)?;
    let at_cutoff = status::rows(&store, &args.filter, None, window.cutoff)?;
    let now = if window.cutoff == ctx.as_of {
        at_cutoff.clone()
    } else {
        status::rows(&store, &args.filter, None, ctx.as_of)?
    };
    let figures: Vec<Row> = at_cutoff
        .into_iter()
        .filter(|r| in_figures(r, &window))
        .collect();
    let index: HashMap<_, &Row> = now.iter().map(|r| (key(r), r)).collect();
    let changed = figures
        .iter()
        .filter_map(|then| Some(changed(then, index.get(&key(then))?)))
        .flatten()
        .collect();
    let after: Vec<Row> = now
        .iter()
        .filter(|r| after_cutoff(r, &window))
        .cloned()
        .collect();
    // The plans reported on: those with a deadline in the period, and those of the period's year (a plan of
    // another year, loaded beside, has nothing to report for it); every plan when none is.
    let year = window.period.year;
    let in_scope: std::collections::BTreeSet<String> = figures
        .iter()
        .chain(&after)
        .map(|r| r.item.plan.clone())
        .chain(
            store
                .plans()?
                .into_iter()
                .filter(|p| p.year == year)
                .map(|p| p.id),
        )
        .collect();
    let now: Vec<Row> = match in_scope.is_empty() {
        true => now,
        false => now
            .into_iter()
            .filter(|r| in_scope.contains(&r.item.plan))
            .collect(),
    };
    let tasks = {
        let live: Vec<&Row> = now
            .iter()
            .filter(|r| r.standing.state != State::Withdrawn)
            .collect();
        let all: std::collections::HashSet<i64> = live.iter().map(|r| r.item.task_rid).collect();
        let without = live
            .iter()
            .filter(|r| matches!(r.standing.state, State::Ongoing | State::Completed))
            .count();
        (all.len(), without)
    };
    let no_deadline = now
        .into_iter()
        .filter(|r| matches!(r.standing.state, State::Ongoing | State::Completed))
        .collect();
    let ids: Vec<String> = match in_scope.is_empty() {
        true => store.plan_ids()?,
        false => in_scope.into_iter().collect(),
    };
    let one = args
        .filter
        .plan
        .clone()
        .or_else(|| (ids.len() == 1).then(|| ids[0].clone()));
    let plan_doc = match &one {
        Some(id) => store.plan_doc(id)?.map(|d| d.plan),
        None => None,
    };
    Ok(Report {
        window,
        date: ctx.as_of,
        plan: args.filter.plan.clone(),
        figures,
        after,
        changed,
        no_deadline,
        // The report is written for people (md, html) unless it is data (json, xlsx): piped, it is still md.
        per_member: matches!(ctx.format, Format::Json | Format::Xlsx),
        office: store.office()?,
        plan_doc,
        tasks,
        many_plans: one.is_none() && ids.len() > 1,
    })
}

/// Runs `report`.
pub fn run(ctx: &Context, args: &ReportArgs) -> Result<Outcome> {
    let ctx = &ctx.document_format(args.output.as_deref());
    let period: Period = match &args.period {
        Some(p) => Period::read(p).map_err(|e| Error::Usage(format!("--period: {e}")))?,
        None => Period::containing(Every::HalfYear, ctx.as_of),
    };
    let cutoff = args
        .cutoff
        .as_deref()
        .map(|c| date::parse(c).map_err(|e| Error::Usage(format!("--cutoff: {e}"))))
        .transpose()?;
    let (data_from, _) = decree_window(period);
    if let Some(c) = cutoff.filter(|c| *c < data_from) {
        let (c, from, name) = (format_vn(c), format_vn(data_from), period.vi_name());
        return Err(Error::Usage(msg!(
            "--cutoff {c} is before the data of {period} begin ({from}) — give a cut-off on or after it",
            "--cutoff {c} sớm hơn ngày bắt đầu số liệu của {name} ({from}) — hãy ghi ngày chốt từ ngày đó trở đi"
        )));
    }
    if let Some(c) = cutoff.filter(|c| *c > period.last_day()) {
        let (c, end, name) = (format_vn(c), format_vn(period.last_day()), period.vi_name());
        return Err(Error::Usage(msg!(
            "--cutoff {c} is after {period} ends ({end}) — give a cut-off within the period",
            "--cutoff {c} sau ngày kết thúc {name} ({end}) — hãy ghi ngày chốt trong kỳ"
        )));
    }
    if ctx.as_of < data_from {
        let (d, from, name) = (format_vn(ctx.as_of), format_vn(data_from), period.vi_name());
        return Err(Error::Usage(msg!(
            "the report date {d} is before the data of {period} begin ({from}) — give --as-of on or after it, or another --period",
            "ngày lập báo cáo {d} sớm hơn ngày bắt đầu số liệu của {name} ({from}) — hãy ghi --as-of từ ngày đó trở đi, hoặc chọn --period khác"
        )));
    }
    if let Some(o) = args
        .output
        .as_deref()
        .filter(|o| !crate::outfile::is_stdout(o))
    {
        super::check_output(ctx, o)?;
        check_extension(ctx, o)?;
    }
    let report = build(ctx, args, window(period, cutoff, ctx.as_of))?;
    if ctx.format == Format::Docx && report.office.is_none() {
        return Err(super::remind::no_office());
    }
    let mut buf: Vec<u8> = Vec::new();
    match ctx.format {
        Format::Json => crate::render::write_json(&report.json(), &mut buf)?,
        Format::Table | Format::Tsv | Format::Md => {
            markdown::document(&report.document(), &mut buf)?
        }
        Format::Html => html::document(&report.document(), &mut buf)?,
        Format::Docx => buf = docx::write(&report.document())?,
        Format::Xlsx => {
            buf = xlsx::document(&report.document(), &report.title_block()).map_err(|e| {
                Error::Usage(msg!("writing the workbook: {e}", "ghi tệp xlsx: {e}"))
            })?;
        }
        Format::Csv | Format::Jsonl | Format::Ics => {
            return Err(Error::Usage(
                tr(
                    "a report is written as md (the default), html, docx, xlsx or json",
                    "báo cáo được xuất dưới dạng md (mặc định), html, docx, xlsx hoặc json",
                )
                .into(),
            ));
        }
    }
    output(ctx, args.output.as_deref(), |out| Ok(out.write_all(&buf)?))?;
    Ok(Outcome::Clean)
}

/// The extension of `-o` says what the file is: one the report is not written as, or one that disagrees with
/// `--format`, is refused before anything is written (a report saved over `plans/office.toml` breaks every
/// later command).
fn check_extension(ctx: &Context, o: &std::path::Path) -> Result<()> {
    let ext = o
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let fits = match ctx.format {
        Format::Docx => ext == "docx",
        Format::Xlsx => ext == "xlsx",
        Format::Html => matches!(ext.as_str(), "html" | "htm"),
        Format::Json => ext == "json",
        _ => matches!(ext.as_str(), "md" | "markdown" | "txt" | ""),
    };
    if fits {
        return Ok(());
    }
    let shown = o.display();
    Err(Error::Usage(msg!(
        "-o {shown}: a report is written as .docx, .xlsx, .html, .json or .md, and the name's extension must match --format — rename the file or change --format",
        "-o {shown}: báo cáo được ghi dưới dạng .docx, .xlsx, .html, .json hoặc .md, và đuôi tên tệp phải khớp với --format — hãy đổi tên tệp hoặc --format"
    )))
}
