//! XLSX (Office Open XML) workbooks for people who open exports in Excel or LibreOffice: real date cells shown
//! day first, a bold frozen header with an autofilter, sensible widths, wrapped long text, and text cells that
//! can never become formulas.

use super::{Listing, Show, Value, needs_neutralising};
use crate::document::Document;
use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

/// One worksheet: its tab name, the lines above the table, and its rows.
pub struct Sheet<'a> {
    /// Tab name (at most 31 characters).
    pub name: &'a str,
    /// The title block (agency, title, as of, period and cut-off), one line per row, the first in bold.
    pub title: &'a [String],
    /// The rows; every column but the table-only ones is written.
    pub listing: &'a Listing,
}

/// The formats of a workbook.
struct Formats {
    bold: Format,
    heading: Format,
    date: Format,
    before: Format,
    text: Format,
    percent: Format,
    wrapped: Format,
    quoted: Format,
    line: Format,
}

impl Formats {
    fn new() -> Formats {
        let top = || {
            Format::new()
                .set_align(FormatAlign::Top)
                .set_font_name("Times New Roman")
                .set_font_size(12)
        };
        Formats {
            bold: top()
                .set_bold()
                .set_text_wrap()
                .set_background_color("E7E6E6")
                .set_border(FormatBorder::Thin),
            heading: top().set_bold().set_font_size(14),
            date: top()
                .set_num_format("dd/mm/yyyy")
                .set_border(FormatBorder::Thin),
            // A "trước ngày X" deadline says so on the page: its last allowed day is the day before X.
            before: top()
                .set_num_format(crate::i18n::tr(
                    r#""before "dd/mm/yyyy"#,
                    r#""trước "dd/mm/yyyy"#,
                ))
                .set_border(FormatBorder::Thin),
            text: top().set_border(FormatBorder::Thin),
            percent: top().set_num_format("0.0%").set_border(FormatBorder::Thin),
            wrapped: top().set_text_wrap().set_border(FormatBorder::Thin),
            quoted: top()
                .set_quote_prefix()
                .set_text_wrap()
                .set_border(FormatBorder::Thin),
            line: top().set_text_wrap(),
        }
    }
}

/// The widest a column gets (characters): longer text wraps inside it.
const WIDEST: usize = 40;

/// Columns that repeat another for programs (ids, keys, the deadline's kind, days left): kept in the sheet
/// for filters and formulas, hidden so that the page holds what people read.
const HIDDEN: [&str; 7] = [
    "deadline",
    "lead_ids",
    "due_wording",
    "days_overdue",
    "days_left",
    "unit_id",
    "wording",
];

/// The width a column is given (characters).
fn ws_width(l: &Listing, i: usize) -> usize {
    let name = super::people_header(&l.columns[i]);
    let longest = l
        .rows
        .iter()
        .map(|r| match &r[i] {
            // Written as a date cell, shown dd/mm/yyyy.
            Value::Date(_) | Value::Due(..) => 10,
            v => v.human().chars().count(),
        })
        .max()
        .unwrap_or(0);
    longest.max(name.chars().count().min(16)).clamp(6, WIDEST) + 2
}

/// Whether a column is hidden on the page: a repeat of another, or the plan when every row has the same
/// one (the title block names it).
fn hidden(l: &Listing, i: usize) -> bool {
    let key = l.columns[i].key;
    HIDDEN.contains(&key)
        || (key == "plan" && !l.rows.is_empty() && l.rows.iter().all(|r| r[i] == l.rows[0][i]))
}

/// The title block over the table: each line merged across the table's columns and wrapped in it, so that
/// a long line neither runs off the printed page nor widens it.
fn title_block(
    ws: &mut Worksheet,
    lines: &[String],
    columns: u16,
    chars: usize,
    f: &Formats,
) -> Result<(), XlsxError> {
    for (r, line) in lines.iter().enumerate() {
        let (row, format) = (r as u32, if r == 0 { &f.heading } else { &f.line });
        if columns > 1 {
            ws.merge_range(row, 0, row, columns - 1, line, format)?;
        } else {
            ws.write_string_with_format(row, 0, line, format)?;
        }
        let n = line.chars().count().div_ceil(chars).max(1);
        ws.set_row_height(row, if r == 0 { 20.0 } else { 16.0 * n as f64 })?;
    }
    Ok(())
}

/// Lays a sheet out to print: A4 landscape, one page wide, the header row on every page, page numbers.
fn page_setup(ws: &mut Worksheet, header_row: u32) -> Result<(), XlsxError> {
    ws.set_paper_size(9);
    ws.set_landscape();
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.5, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_repeat_rows(header_row, header_row)?;
    ws.set_footer("&C&P/&N");
    Ok(())
}

/// Writes one sheet: its title block, the header row, the rows; returns the header row's index.
fn sheet(ws: &mut Worksheet, sheet: &Sheet<'_>, f: &Formats) -> Result<u32, XlsxError> {
    ws.set_name(sheet.name)?;
    let head = sheet.title.len() as u32 + u32::from(!sheet.title.is_empty());
    let l = sheet.listing;
    let cols: Vec<usize> = (0..l.columns.len())
        .filter(|&i| l.columns[i].show != Show::Table)
        .collect();
    // LibreOffice does not fit a row to wrapped text: each row is given the height of its tallest cell.
    let mut lines = vec![1usize; l.rows.len()];
    let mut head_lines = 1;
    for (c, &i) in cols.iter().enumerate() {
        let col = c as u16;
        let name = super::people_header(&l.columns[i]);
        ws.write_string_with_format(head, col, &name, &f.bold)?;
        let width = ws_width(l, i) - 2;
        head_lines = head_lines.max(name.chars().count().div_ceil(width));
        ws.set_column_width(col, width as f64 + 2.0)?;
        for (r, row) in l.rows.iter().enumerate() {
            let rown = head + 1 + r as u32;
            match &row[i] {
                Value::Null => {
                    ws.write_blank(rown, col, &f.text)?;
                }
                Value::Int(n) => {
                    ws.write_number_with_format(rown, col, *n as f64, &f.text)?;
                }
                Value::Due(d, "before", _) => {
                    ws.write_date_with_format(rown, col, d, &f.before)?;
                }
                Value::Date(d) | Value::Due(d, _, _) => {
                    ws.write_date_with_format(rown, col, d, &f.date)?;
                }
                Value::Percent(p) => {
                    ws.write_number_with_format(rown, col, p / 100.0, &f.percent)?;
                }
                v => {
                    let s = v.human();
                    let n = s.chars().count();
                    let format = if needs_neutralising(&s) {
                        &f.quoted
                    } else if n > width {
                        &f.wrapped
                    } else {
                        &f.text
                    };
                    if !hidden(l, i) {
                        let wrapped: usize = s
                            .split('\n')
                            .map(|p| p.chars().count().div_ceil(width).max(1))
                            .sum();
                        lines[r] = lines[r].max(wrapped);
                    }
                    ws.write_string_with_format(rown, col, &s, format)?;
                }
            }
        }
    }
    ws.set_row_height(head, 16.0 * head_lines as f64)?;
    let span: usize = cols
        .iter()
        .filter(|&&i| !hidden(l, i))
        .map(|&i| ws_width(l, i))
        .sum();
    title_block(ws, sheet.title, cols.len().max(1) as u16, span.max(40), f)?;
    for (c, &i) in cols.iter().enumerate() {
        if hidden(l, i) {
            ws.set_column_hidden(c as u16)?;
        }
    }
    for (r, n) in lines.iter().enumerate() {
        ws.set_row_height(head + 1 + r as u32, 16.0 * *n.min(&25) as f64)?;
    }
    ws.set_freeze_panes(head + 1, 0)?;
    if !cols.is_empty() {
        ws.autofilter(head, 0, head + l.rows.len() as u32, cols.len() as u16 - 1)?;
    }
    page_setup(ws, head)?;
    Ok(head)
}

/// Builds the workbook in memory.
pub fn workbook(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    for s in sheets {
        sheet(book.add_worksheet(), s, &f)?;
    }
    book.save_to_buffer()
}

/// A sheet name Excel takes: at most 31 characters, none of `[]:*?/\`, unique in the workbook.
fn sheet_name(name: &str, taken: &[String]) -> String {
    let clean: String = name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(28)
        .collect();
    let mut out = clean.clone();
    let mut n = 2;
    while taken.iter().any(|t| t.to_lowercase() == out.to_lowercase()) {
        out = format!("{clean} {n}");
        n += 1;
    }
    out
}

/// A document as a workbook: each table a sheet under the document's title block, then one sheet per chart
/// with its numbers and a native chart beside them.
pub fn document(d: &Document, lines: &[String]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let f = Formats::new();
    let mut taken: Vec<String> = Vec::new();
    for t in d.tables() {
        let name = sheet_name(&t.name, &taken);
        let s = Sheet {
            name: &name,
            title: lines,
            listing: &t.listing,
        };
        sheet(book.add_worksheet(), &s, &f)?;
        taken.push(name);
    }
    for c in d.charts() {
        let name = sheet_name(super::chart::sheet_name(c), &taken);
        chart_sheet(book.add_worksheet(), &name, lines, c, &f)?;
        taken.push(name);
    }
    book.save_to_buffer()
}

/// A sheet with a chart's numbers (categories down, the four states across) and the chart beside them.
fn chart_sheet(
    ws: &mut Worksheet,
    name: &str,
    lines: &[String],
    c: &crate::document::Chart,
    f: &Formats,
) -> Result<(), XlsxError> {
    use rust_xlsxwriter::{
        Chart, ChartDataLabel, ChartFont, ChartFormat, ChartLegendPosition, ChartSolidFill,
        ChartType,
    };
    ws.set_name(name)?;
    title_block(ws, lines, 14, 150, f)?;
    let head = lines.len() as u32 + 1;
    let (categories, series) = super::chart::series(c);
    ws.write_string_with_format(head, 0, "", &f.bold)?;
    ws.set_column_width(0, 34.0)?;
    for (k, s) in series.iter().enumerate() {
        ws.write_string_with_format(head, k as u16 + 1, &s.name, &f.bold)?;
        ws.set_column_width(k as u16 + 1, 14.0)?;
    }
    for (r, cat) in categories.iter().enumerate() {
        let row = head + 1 + r as u32;
        ws.write_string_with_format(row, 0, cat, &f.text)?;
        for (k, s) in series.iter().enumerate() {
            ws.write_number_with_format(row, k as u16 + 1, s.values[r] as f64, &f.text)?;
        }
    }
    let kind = match c {
        crate::document::Chart::States { .. } => ChartType::BarStacked,
        crate::document::Chart::Timeline { .. } => ChartType::ColumnStacked,
    };
    let mut chart = Chart::new(kind);
    chart.title().set_name(super::chart::title(c));
    let last = head + categories.len().max(1) as u32;
    for (k, s) in series.iter().enumerate() {
        let col = k as u16 + 1;
        chart
            .add_series()
            .set_name((name, head, col))
            .set_categories((name, head + 1, 0, last, 0))
            .set_values((name, head + 1, col, last, col))
            .set_format(
                ChartFormat::new().set_solid_fill(ChartSolidFill::new().set_color(s.colour)),
            )
            .set_data_label(
                ChartDataLabel::new()
                    .show_value()
                    .set_num_format("0;;;")
                    .set_font(ChartFont::new().set_bold().set_color(s.text_colour)),
            )
            .set_gap(60);
    }
    if kind == ChartType::BarStacked {
        chart.y_axis().set_reverse();
    }
    chart.legend().set_position(ChartLegendPosition::Bottom);
    let height = (categories.len() as u32 * 28 + 140).clamp(260, 900);
    chart.set_width(620).set_height(height);
    ws.insert_chart(head, 6, &chart)?;
    page_setup(ws, head)?;
    Ok(())
}
