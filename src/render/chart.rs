//! Charts of a document: the numbers each one plots (shared by every writer), and the SVG drawing HTML pages
//! carry inline (no script, no network).
//!
//! The rule this module keeps: the four states are told apart by lightness as well as by hue, so that a page
//! printed in grey still reads — overdue darkest, then on time, late, open lightest — and every bar carries
//! its number.

use crate::document::{COUNTED, Chart};
use crate::domain::State;
use crate::i18n::words as label;
use chrono::{Datelike, NaiveDate};
use std::fmt::Write as _;

/// One series of a chart: a state, its colours and its values per category.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// The state's name in the language.
    pub name: String,
    /// Its fill, RGB hex.
    pub colour: &'static str,
    /// The colour of the numbers written on it.
    pub text_colour: &'static str,
    /// One value per category.
    pub values: Vec<usize>,
}

/// Fill and text colour of a counted state (grey lightness about 20 %, 55 %, 73 % and 90 %).
pub fn colours(state: State) -> (&'static str, &'static str) {
    match state {
        State::DoneOnTime => ("5A9E5A", "FFFFFF"),
        State::DoneLate => ("E8B84A", "000000"),
        State::Open => ("D7E8F7", "000000"),
        _ => ("8B0000", "FFFFFF"),
    }
}

/// The chart's title.
pub fn title(c: &Chart) -> &str {
    match c {
        Chart::States { title, .. } | Chart::Timeline { title, .. } => title,
    }
}

/// The short name of a chart's sheet in a workbook.
pub fn sheet_name(c: &Chart) -> &'static str {
    match c {
        Chart::States { .. } => crate::i18n::tr("Chart by unit", "Biểu đồ theo đơn vị"),
        Chart::Timeline { .. } => crate::i18n::tr("Chart of deadlines", "Biểu đồ thời hạn"),
    }
}

/// The months a span covers, as (year, month).
fn months(span: (NaiveDate, NaiveDate)) -> Vec<(i32, u32)> {
    let mut out = Vec::new();
    let (mut y, mut m) = (span.0.year(), span.0.month());
    while (y, m) <= (span.1.year(), span.1.month()) {
        out.push((y, m));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// The categories and the four series of a chart: units for a state chart, months for a timeline (the
/// deadlines whose last day falls in each month).
pub fn series(c: &Chart) -> (Vec<String>, Vec<Series>) {
    let (categories, counts): (Vec<String>, Vec<[usize; 4]>) = match c {
        Chart::States { bars, .. } => bars.iter().cloned().unzip(),
        Chart::Timeline { span, marks, .. } => months(*span)
            .into_iter()
            .map(|(y, m)| {
                let mut n = [0; 4];
                for (d, _, s) in marks {
                    if (d.year(), d.month()) == (y, m)
                        && let Some(i) = COUNTED.iter().position(|c| c == s)
                    {
                        n[i] += 1;
                    }
                }
                (format!("{m:02}/{y}"), n)
            })
            .unzip(),
    };
    let series = COUNTED
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let (colour, text_colour) = colours(s);
            Series {
                name: label(s.as_str()),
                colour,
                text_colour,
                values: counts.iter().map(|n| n[i]).collect(),
            }
        })
        .collect();
    (categories, series)
}

fn esc(text: &str) -> String {
    super::html::escape(text)
}

/// The legend under a chart.
fn legend(out: &mut String, y: u32) {
    let mut x = 10;
    for s in COUNTED {
        let (fill, _) = colours(s);
        let name = esc(&label(s.as_str()));
        let _ = write!(
            out,
            "<rect x=\"{x}\" y=\"{y}\" width=\"12\" height=\"12\" fill=\"#{fill}\" stroke=\"#404040\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"12\">{name}</text>",
            x + 16,
            y + 11
        );
        x += 24 + 7 * label(s.as_str()).chars().count() as u32;
    }
}

/// Stacked horizontal bars, one per unit, each segment with its number.
fn states_svg(title: &str, bars: &[(String, [usize; 4])]) -> String {
    let (left, width, row) = (300u32, 400u32, 26u32);
    let height = 40 + row * bars.len() as u32 + 36;
    let max = bars
        .iter()
        .map(|(_, n)| n.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {} {height}\" width=\"100%\" \
         font-family=\"Times New Roman, serif\"><title>{}</title>\
         <text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{}</text>",
        left + width + 20,
        esc(title),
        esc(title)
    );
    for (r, (name, counts)) in bars.iter().enumerate() {
        let y = 32 + row * r as u32;
        let shown: String = match name.chars().count() {
            n if n > 46 => name.chars().take(45).chain(['…']).collect(),
            _ => name.clone(),
        };
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"end\">{}</text>",
            left - 6,
            y + 14,
            esc(&shown)
        );
        let mut x = left;
        for (i, &n) in counts.iter().enumerate() {
            if n == 0 {
                continue;
            }
            let w = (width as usize * n / max) as u32;
            let (fill, ink) = colours(COUNTED[i]);
            let _ = write!(
                s,
                "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"18\" fill=\"#{fill}\" stroke=\"#404040\"/>\
                 <text x=\"{}\" y=\"{}\" font-size=\"12\" font-weight=\"bold\" text-anchor=\"middle\" fill=\"#{ink}\">{n}</text>",
                x + w / 2,
                y + 14
            );
            x += w;
        }
    }
    legend(&mut s, height - 24);
    s.push_str("</svg>");
    s
}

/// A line of dates with a mark per deadline on its last day, coloured by state, labelled with its task.
fn timeline_svg(
    title: &str,
    span: (NaiveDate, NaiveDate),
    marks: &[(NaiveDate, String, State)],
    line: Option<&(NaiveDate, String)>,
) -> String {
    let (left, width) = (20i64, 640i64);
    let days = (span.1 - span.0).num_days().max(1);
    let at = |d: NaiveDate| left + width * (d - span.0).num_days().clamp(0, days) / days;
    // Marks on the same day stack upwards.
    let mut stacked: Vec<(i64, i64, &str, State)> = Vec::new();
    let mut sorted: Vec<&(NaiveDate, String, State)> = marks.iter().collect();
    sorted.sort_by_key(|m| m.0);
    for (d, task, state) in sorted {
        let x = at(*d);
        let level = stacked.iter().filter(|m| (m.0 - x).abs() < 40).count() as i64;
        stacked.push((x, level, task, *state));
    }
    let levels = stacked.iter().map(|m| m.1).max().unwrap_or(0) + 1;
    let axis = 40 + 22 * levels;
    let height = axis + 70;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 {} {height}\" width=\"100%\" \
         font-family=\"Times New Roman, serif\"><title>{}</title>\
         <text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">{}</text>\
         <line x1=\"{left}\" y1=\"{axis}\" x2=\"{}\" y2=\"{axis}\" stroke=\"#000\"/>",
        left + width + 20,
        esc(title),
        esc(title),
        left + width
    );
    for (y, m) in months(span) {
        let first = NaiveDate::from_ymd_opt(y, m, 1).expect("first of a month");
        let x = at(first.max(span.0));
        let _ = write!(
            s,
            "<line x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\" stroke=\"#000\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\">{m:02}/{y}</text>",
            axis - 4,
            axis + 4,
            x + 2,
            axis + 16
        );
    }
    if let Some((d, name)) = line {
        let x = at(*d);
        let _ = write!(
            s,
            "<line x1=\"{x}\" y1=\"26\" x2=\"{x}\" y2=\"{}\" stroke=\"#000\" stroke-dasharray=\"4 3\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\" text-anchor=\"middle\">{}</text>",
            axis + 22,
            x,
            axis + 34,
            esc(name)
        );
    }
    for (x, level, task, state) in stacked {
        let y = axis - 16 - 22 * level;
        let (fill, _) = colours(state);
        let shown: String = task.chars().take(8).collect();
        let _ = write!(
            s,
            "<rect x=\"{}\" y=\"{y}\" width=\"10\" height=\"10\" fill=\"#{fill}\" stroke=\"#000\" transform=\"rotate(45 {x} {})\"/>\
             <text x=\"{}\" y=\"{}\" font-size=\"11\">{}</text>",
            x - 5,
            y + 5,
            x + 9,
            y + 9,
            esc(&shown)
        );
    }
    legend(&mut s, (height - 24) as u32);
    s.push_str("</svg>");
    s
}

/// The chart as inline SVG.
pub fn svg(c: &Chart) -> String {
    match c {
        Chart::States { title, bars } => states_svg(title, bars),
        Chart::Timeline {
            title,
            span,
            marks,
            line,
        } => timeline_svg(title, *span, marks, line.as_ref()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2022, m, day).unwrap()
    }

    #[test]
    fn a_timeline_counts_deadlines_by_the_month_of_their_last_day() {
        let c = Chart::Timeline {
            title: "t".into(),
            span: (d(1, 1), d(3, 31)),
            marks: vec![
                (d(1, 5), "1".into(), State::Overdue),
                (d(1, 20), "2".into(), State::DoneOnTime),
                (d(3, 2), "3".into(), State::Overdue),
            ],
            line: None,
        };
        let (cats, series) = series(&c);
        assert_eq!(cats, ["01/2022", "02/2022", "03/2022"]);
        assert_eq!(series[0].values, [1, 0, 0]);
        assert_eq!(series[3].values, [1, 0, 1]);
    }

    #[test]
    fn the_svg_escapes_names_and_writes_every_number() {
        let c = Chart::States {
            title: "<x>".into(),
            bars: vec![("A & B".into(), [2, 0, 1, 3])],
        };
        let s = svg(&c);
        assert!(s.contains("A &amp; B") && s.contains("&lt;x&gt;"));
        for n in [">2<", ">1<", ">3<"] {
            assert!(s.contains(n), "{n} in {s}");
        }
        assert!(!s.contains("<script") && !s.contains("href"));
    }

    #[test]
    fn states_differ_in_lightness_for_grey_print() {
        let grey = |hex: &str| {
            let v = u32::from_str_radix(hex, 16).unwrap();
            let (r, g, b) = ((v >> 16) & 255, (v >> 8) & 255, v & 255);
            (299 * r + 587 * g + 114 * b) / 1000
        };
        let mut l: Vec<u32> = COUNTED.iter().map(|&s| grey(colours(s).0)).collect();
        l.sort();
        assert!(l.windows(2).all(|w| w[1] - w[0] >= 30), "{l:?}");
    }
}
