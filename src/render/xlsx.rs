//! XLSX (Office Open XML) workbooks for people who open exports in Excel or LibreOffice: real date cells shown
//! day first, a bold frozen header with an autofilter, sensible widths, wrapped long text, and text cells that
//! can never become formulas.

use super::{Listing, Show, Value, needs_neutralising};
use crate::i18n::header;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, XlsxError};

/// One worksheet: its tab name and its rows.
pub struct Sheet<'a> {
    /// Tab name (at most 31 characters).
    pub name: &'a str,
    /// The rows; every column but the table-only ones is written.
    pub listing: &'a Listing,
}

/// A column's header for people: its table header, or its key made readable.
fn title(key: &'static str, english: &'static str) -> String {
    let h = header(key, english);
    if h != key {
        return h.to_string();
    }
    let mut s = key.replace('_', " ");
    if let Some(first) = s.get(..1) {
        s.replace_range(..1, &first.to_uppercase());
    }
    s
}

/// Builds the workbook in memory.
pub fn workbook(sheets: &[Sheet<'_>]) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let date = Format::new()
        .set_num_format("dd/mm/yyyy")
        .set_align(FormatAlign::Top);
    let text = Format::new().set_align(FormatAlign::Top);
    let percent = Format::new()
        .set_num_format("0.0%")
        .set_align(FormatAlign::Top);
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    let quoted = Format::new().set_quote_prefix().set_align(FormatAlign::Top);
    for sheet in sheets {
        let ws = book.add_worksheet();
        ws.set_name(sheet.name)?;
        let l = sheet.listing;
        let cols: Vec<usize> = (0..l.columns.len())
            .filter(|&i| l.columns[i].show != Show::Table)
            .collect();
        for (c, &i) in cols.iter().enumerate() {
            let col = c as u16;
            let head = title(l.columns[i].key, l.columns[i].header);
            ws.write_string_with_format(0, col, &head, &bold)?;
            let longest = l
                .rows
                .iter()
                .map(|r| r[i].human().chars().count())
                .max()
                .unwrap_or(0);
            let width = longest.max(head.chars().count()).clamp(6, 60);
            ws.set_column_width(col, width as f64 + 2.0)?;
            for (r, row) in l.rows.iter().enumerate() {
                let rown = r as u32 + 1;
                match &row[i] {
                    Value::Null => {}
                    Value::Int(n) => {
                        ws.write_number_with_format(rown, col, *n as f64, &text)?;
                    }
                    Value::Date(d) | Value::Due(d, _, _) => {
                        ws.write_date_with_format(rown, col, d, &date)?;
                    }
                    Value::Percent(p) => {
                        ws.write_number_with_format(rown, col, p / 100.0, &percent)?;
                    }
                    v => {
                        let s = v.human();
                        let format = if needs_neutralising(&s) {
                            &quoted
                        } else if s.chars().count() > 60 {
                            &wrapped
                        } else {
                            &text
                        };
                        ws.write_string_with_format(rown, col, &s, format)?;
                    }
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        if !cols.is_empty() {
            ws.autofilter(0, 0, l.rows.len() as u32, cols.len() as u16 - 1)?;
        }
    }
    book.save_to_buffer()
}
