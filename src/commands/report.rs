//! `plan report`: the periodic report an office sends upward ("báo cáo kết quả thực hiện").
//!
//! The period's data cut-off follows the reporting regime of Nghị định 09/2019/NĐ-CP unless `--cutoff` says
//! otherwise, and the report states which it used. Counts are the four-way classification of government
//! reports, on a stated denominator: every deadline falling due in the period, plus earlier deadlines still
//! outstanding during it; ongoing and withdrawn tasks are listed, not counted.

use super::status::{self, Row};
use super::{open_synced, output};
use crate::Outcome;
use crate::cli::{FilterArgs, ReportArgs};
use crate::context::Context;
use crate::date::{self, format_iso, format_vn};
use crate::domain::{Every, Period, State};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::msg;
use crate::render::{Column, Format, Listing, Value, html, markdown, xlsx};
use chrono::{Datelike, NaiveDate};
use serde_json::json;
use std::io::Write;

/// The states a report counts, in the order government reports give them.
const COUNTED: [State; 4] = [
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

/// Whether a row belongs in the period's counts: due in the period, or due earlier and still outstanding at
/// the period's start (not done before it).
fn in_period(r: &Row, period: Period) -> bool {
    let Some(o) = r.item.occurrence else {
        return false;
    };
    if !COUNTED.contains(&r.standing.state) {
        return false;
    }
    let first = period.first_day();
    period.contains(o.due) || (o.due < first && r.progress.done_on.is_none_or(|d| d >= first))
}

fn pct(n: usize, total: usize) -> String {
    if total == 0 {
        "—".into()
    } else {
        format!("{:.1}%", n as f64 * 100.0 / total as f64)
    }
}

/// The counts listing: one row per lead unit, then the total.
fn counts(rows: &[&Row]) -> Listing {
    let mut l = Listing::new(vec![
        Column::all("lead_unit", "Lead unit"),
        Column::all("done_on_time", "Done on time"),
        Column::all("done_late", "Done late"),
        Column::all("open", "Open, in time"),
        Column::all("overdue", "Overdue"),
        Column::all("total", "Total"),
    ]);
    for (name, group) in status::by_lead_unit(rows) {
        let n = |s: State| group.iter().filter(|r| r.standing.state == s).count();
        let mut row = vec![Value::Text(name)];
        row.extend(COUNTED.iter().map(|&s| Value::Int(n(s) as i64)));
        row.push(Value::Int(group.len() as i64));
        l.rows.push(row);
    }
    let n = |s: State| rows.iter().filter(|r| r.standing.state == s).count();
    let mut share = vec![Value::Text(
        tr("Share of the total", "Tỷ lệ trên tổng số").into(),
    )];
    share.extend(COUNTED.iter().map(|&s| Value::Text(pct(n(s), rows.len()))));
    share.push(Value::Text(pct(rows.len(), rows.len())));
    l.rows.push(share);
    l
}

/// Ongoing tasks with their latest progress.
fn ongoing(rows: &[Row]) -> Listing {
    let mut l = Listing::new(vec![
        Column::all("plan", "Plan"),
        Column::all("task", "Task"),
        Column::all("title", "Title"),
        Column::all("lead", "Lead"),
        Column::all("progress", "%"),
        Column::all("note", "Latest note"),
    ]);
    for r in rows.iter().filter(|r| r.standing.state == State::Ongoing) {
        l.rows.push(vec![
            Value::Text(r.item.plan.clone()),
            Value::Text(r.item.task.clone()),
            Value::Text(r.item.title.clone()),
            Value::List(r.item.lead_names.clone()),
            Value::opt_int(r.progress.percent.map(i64::from)),
            Value::opt_text(r.progress.note.clone()),
        ]);
    }
    l
}

/// Everything a report says, built once for every format.
struct Report {
    window: Window,
    plan: Option<String>,
    counted: Vec<Row>,
    ongoing: Vec<Row>,
}

impl Report {
    fn counted_refs(&self) -> Vec<&Row> {
        self.counted.iter().collect()
    }

    fn rows_in(&self, keep: impl Fn(&Row) -> bool) -> Vec<Row> {
        self.counted.iter().filter(|r| keep(r)).cloned().collect()
    }

    fn overdue(&self) -> Vec<Row> {
        let mut v = self.rows_in(|r| r.standing.state == State::Overdue);
        v.sort_by_key(|r| std::cmp::Reverse(r.standing.days_overdue));
        v
    }

    fn completed(&self) -> Vec<Row> {
        self.rows_in(|r| matches!(r.standing.state, State::DoneOnTime | State::DoneLate))
    }

    fn recurring(&self) -> Vec<Row> {
        let p = self.window.period;
        self.rows_in(|r| {
            r.item
                .occurrence
                .is_some_and(|o| o.period.is_some() && p.contains(o.due))
        })
    }

    fn title(&self) -> String {
        let period = self.window.period;
        msg!(
            "Report on implementation — period {period}",
            "Báo cáo kết quả thực hiện — kỳ {period}"
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
                "Data from {from} to {to}: the cut-off of Nghị định 09/2019/NĐ-CP has not come yet, so the data stops at the report date.",
                "Số liệu từ ngày {from} đến ngày {to}: chưa đến thời điểm chốt số liệu theo Nghị định 09/2019/NĐ-CP nên số liệu tính đến ngày lập báo cáo."
            ),
        }
    }

    fn denominator_sentence(&self) -> String {
        let n = self.counted.len();
        let p = self.window.period;
        msg!(
            "Percentages are of {n} deadlines: those falling due in {p}, and earlier ones still outstanding when it began. Ongoing and withdrawn tasks are not counted.",
            "Tỷ lệ tính trên {n} thời hạn: các thời hạn đến hạn trong kỳ {p} và các thời hạn trước đó còn tồn đọng đầu kỳ. Nhiệm vụ thường xuyên và nhiệm vụ đã bãi bỏ không tính."
        )
    }

    /// The sections, in order: heading and rows.
    fn sections(&self) -> Vec<(String, Listing)> {
        vec![
            (
                tr("Counts by lead unit", "Kết quả theo đơn vị chủ trì").into(),
                counts(&self.counted_refs()),
            ),
            (
                tr("Overdue", "Các nhiệm vụ quá hạn").into(),
                status::listing(&self.overdue()),
            ),
            (
                tr(
                    "Completed, with evidence",
                    "Các nhiệm vụ đã hoàn thành và văn bản chứng minh",
                )
                .into(),
                status::listing(&self.completed()),
            ),
            (
                tr(
                    "Recurring reports due in the period",
                    "Các báo cáo định kỳ đến hạn trong kỳ",
                )
                .into(),
                status::listing(&self.recurring()),
            ),
            (
                tr(
                    "Ongoing tasks and their latest progress",
                    "Các nhiệm vụ thường xuyên và tiến độ gần nhất",
                )
                .into(),
                ongoing(&self.ongoing),
            ),
        ]
    }

    fn json(&self) -> serde_json::Value {
        let rows_json = |rows: &[Row]| {
            let l = status::listing(rows);
            l.rows.iter().map(|r| l.json_row(r)).collect::<Vec<_>>()
        };
        let c = counts(&self.counted_refs());
        let total = self.counted.len();
        let n = |s: State| {
            self.counted
                .iter()
                .filter(|r| r.standing.state == s)
                .count()
        };
        // The last two rows are the total and the shares, given separately below.
        let by_unit: Vec<serde_json::Value> = c.rows[..c.rows.len() - 2]
            .iter()
            .map(|r| c.json_row(r))
            .collect();
        let ongoing = ongoing(&self.ongoing);
        json!({
            "plan": self.plan,
            "period": self.window.period.to_string(),
            "data_from": format_iso(self.window.data_from),
            "cutoff": format_iso(self.window.cutoff),
            "cutoff_rule": match self.window.rule { CutoffRule::Decree => "nd-09-2019", CutoffRule::Option => "option", CutoffRule::AsOf => "as_of" },
            "denominator": total,
            "totals": {
                "done_on_time": n(State::DoneOnTime),
                "done_late": n(State::DoneLate),
                "open": n(State::Open),
                "overdue": n(State::Overdue),
                "total": total,
            },
            "percent": {
                "done_on_time": pct(n(State::DoneOnTime), total),
                "done_late": pct(n(State::DoneLate), total),
                "open": pct(n(State::Open), total),
                "overdue": pct(n(State::Overdue), total),
            },
            "by_unit": by_unit,
            "overdue": rows_json(&self.overdue()),
            "completed": rows_json(&self.completed()),
            "recurring": rows_json(&self.recurring()),
            "ongoing": ongoing.rows.iter().map(|r| ongoing.json_row(r)).collect::<Vec<_>>(),
        })
    }
}

/// Runs `report`.
pub fn run(ctx: &Context, args: &ReportArgs) -> Result<Outcome> {
    let period: Period = match &args.period {
        Some(p) => p
            .parse()
            .map_err(|e: String| Error::Usage(format!("--period: {e}")))?,
        None => Period::containing(Every::HalfYear, ctx.as_of),
    };
    let cutoff = args
        .cutoff
        .as_deref()
        .map(|c| date::parse(c).map_err(|e| Error::Usage(format!("--cutoff: {e}"))))
        .transpose()?;
    let window = window(period, cutoff, ctx.as_of);
    let store = open_synced(ctx)?;
    let filter = FilterArgs {
        plan: args.plan.clone(),
        unit: args.unit.clone(),
    };
    let rows = status::rows(&store, &filter, None, window.cutoff)?;
    let (counted, rest): (Vec<Row>, Vec<Row>) =
        rows.into_iter().partition(|r| in_period(r, period));
    let ongoing = rest
        .into_iter()
        .filter(|r| r.standing.state == State::Ongoing)
        .collect();
    let report = Report {
        window,
        plan: args.plan.clone(),
        counted,
        ongoing,
    };
    let mut buf: Vec<u8> = Vec::new();
    match ctx.format {
        Format::Json => crate::render::write_json(&report.json(), &mut buf)?,
        Format::Table | Format::Tsv | Format::Md => {
            writeln!(
                buf,
                "# {}\n\n{}\n\n{}",
                report.title(),
                report.cutoff_sentence(),
                report.denominator_sentence()
            )?;
            for (heading, listing) in report.sections() {
                writeln!(buf, "\n## {heading}\n")?;
                markdown::write(&listing, &mut buf)?;
            }
        }
        Format::Html => {
            html::begin(&report.title(), &mut buf)?;
            html::paragraph(&report.cutoff_sentence(), &mut buf)?;
            html::paragraph(&report.denominator_sentence(), &mut buf)?;
            for (heading, listing) in report.sections() {
                html::heading(&heading, &mut buf)?;
                html::table(&listing, &mut buf)?;
            }
            html::end(&mut buf)?;
        }
        Format::Xlsx => {
            let sections = report.sections();
            let names = [
                tr("Summary", "Tổng hợp"),
                tr("Overdue", "Quá hạn"),
                tr("Completed", "Đã hoàn thành"),
                tr("Recurring", "Định kỳ"),
                tr("Ongoing", "Thường xuyên"),
            ];
            let sheets: Vec<xlsx::Sheet<'_>> = names
                .iter()
                .zip(&sections)
                .map(|(name, (_, listing))| xlsx::Sheet { name, listing })
                .collect();
            buf = xlsx::workbook(&sheets).map_err(|e| {
                Error::Usage(msg!("writing the workbook: {e}", "ghi tệp xlsx: {e}"))
            })?;
        }
        Format::Csv | Format::Jsonl | Format::Ics => {
            return Err(Error::Usage(
                tr(
                    "a report is written as md (the default), html, xlsx or json",
                    "báo cáo được xuất dưới dạng md (mặc định), html, xlsx hoặc json",
                )
                .into(),
            ));
        }
    }
    output(ctx, args.output.as_deref(), |out| Ok(out.write_all(&buf)?))?;
    Ok(Outcome::Clean)
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
}
