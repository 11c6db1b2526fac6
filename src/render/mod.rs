//! Rendering rows: one listing, many formats (table, TSV, CSV, JSON, JSON Lines).
//!
//! The rule this module keeps: commands build a [`Listing`] once; renderers only decide how it looks. Machine
//! formats use the stable ASCII keys and ISO dates; the table uses human headers and day-first dates.

pub mod chart;
pub mod docx;
pub mod html;
pub mod ics;
pub mod markdown;
pub mod stream;
pub mod text;
pub mod xlsx;

pub use stream::Stream;

use crate::date::{format_iso, format_vn};
use crate::i18n::{header, label, tr};
use chrono::NaiveDate;
use comfy_table::{ContentArrangement, Table, presets};
use serde_json::{Map, Value as Json};
use std::borrow::Cow;
use std::io::{self, Write};

/// The output formats every listing command takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A table for people (comfy-table), fitted to the terminal.
    Table,
    /// Tab-separated values with a header line: for `cut`, `awk`, `sort`.
    Tsv,
    /// RFC 4180 CSV with a header line.
    Csv,
    /// One JSON array of objects.
    Json,
    /// One JSON object per line.
    Jsonl,
    /// A Markdown table.
    Md,
    /// A self-contained HTML page.
    Html,
    /// An XLSX workbook with one sheet.
    Xlsx,
    /// A Word document: only the documents the office signs (`plan report`, `plan remind`).
    Docx,
    /// iCalendar: only status rows can be a calendar (see `plan export`).
    Ics,
}

impl Format {
    /// Whether the output is bytes, not text: it never goes to a terminal, nor through the sanitiser.
    pub fn is_binary(self) -> bool {
        matches!(self, Format::Xlsx | Format::Docx)
    }

    /// Whether the output is data for programs and spreadsheets (a deadline owed by each member of a unit
    /// gives one line per member) rather than a page for people (one line per deadline).
    pub fn is_data(self) -> bool {
        matches!(
            self,
            Format::Tsv | Format::Csv | Format::Json | Format::Jsonl | Format::Xlsx
        )
    }
}

/// One cell.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// Nothing.
    Null,
    /// Text.
    Text(String),
    /// A whole number.
    Int(i64),
    /// A date.
    Date(NaiveDate),
    /// A deadline date with how it was given (`before`, `by`, `assumed`), and whether an amendment set it.
    Due(NaiveDate, &'static str, bool),
    /// A share in percent (33.3 is a third): a number in machine formats, "33.3%" for people.
    Percent(f64),
    /// Several texts.
    List(Vec<String>),
    /// A stable name (a state, an effect): itself in machine formats, its name in the language in the table.
    Label(String),
    /// A reporting period: `2022-Q2` in machine formats, "Quý II/2022" for people reading Vietnamese.
    Period(crate::domain::Period),
    /// A moment as recorded (RFC 3339, with the recorder's offset): itself in machine formats, "03/12/2026
    /// 19:40" for people, in the offset it was recorded in.
    Time(String),
}

impl Value {
    /// Text, or null when absent.
    pub fn opt_text(text: Option<impl Into<String>>) -> Value {
        text.map_or(Value::Null, |t| Value::Text(t.into()))
    }

    /// A number, or null when absent.
    pub fn opt_int(n: Option<i64>) -> Value {
        n.map_or(Value::Null, Value::Int)
    }

    /// A date, or null when absent.
    pub fn opt_date(d: Option<NaiveDate>) -> Value {
        d.map_or(Value::Null, Value::Date)
    }

    /// A period, or null when absent.
    pub fn opt_period(p: Option<crate::domain::Period>) -> Value {
        p.map_or(Value::Null, Value::Period)
    }

    /// A label, or null when absent.
    pub fn opt_label(key: Option<impl Into<String>>) -> Value {
        key.map_or(Value::Null, |k| Value::Label(k.into()))
    }

    /// The text people read: day-first dates, labels in the run's language.
    pub fn human(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Text(t) => t.clone(),
            Value::Int(n) => n.to_string(),
            Value::Date(d) => format_vn(*d),
            Value::Due(d, kind, amended) => {
                let mut text = match *kind {
                    "before" => format!("{} {}", tr("before", "trước"), format_vn(*d)),
                    _ => format!("{} {}", tr("by", "chậm nhất"), format_vn(*d)),
                };
                if *kind == "assumed" {
                    text = format!("{text} {}", tr("(assumed)", "(giả định)"));
                }
                if *amended {
                    text = format!("{text} {}", tr("(amended)", "(điều chỉnh)"));
                }
                text
            }
            Value::Percent(p) => match crate::i18n::lang() {
                // Vietnamese writes a decimal comma: 33,3%.
                crate::i18n::Lang::Vi => format!("{p:.1}%").replace('.', ","),
                crate::i18n::Lang::En => format!("{p:.1}%"),
            },
            Value::List(items) => items.join("; "),
            Value::Label(key) => label(key),
            Value::Period(p) => match crate::i18n::lang() {
                crate::i18n::Lang::Vi => p.vi_name(),
                crate::i18n::Lang::En => p.to_string(),
            },
            Value::Time(t) => chrono::DateTime::parse_from_rfc3339(t)
                .map_or_else(|_| t.clone(), |t| t.format("%d/%m/%Y %H:%M").to_string()),
        }
    }

    /// The text machine formats carry: ISO dates, stable names. Borrowed where it can be, since exports write
    /// it for every cell of every row.
    pub fn machine(&self) -> Cow<'_, str> {
        match self {
            Value::Null => Cow::Borrowed(""),
            Value::Text(t) | Value::Label(t) | Value::Time(t) => Cow::Borrowed(t),
            Value::Period(p) => Cow::Owned(p.to_string()),
            Value::Int(n) => Cow::Owned(n.to_string()),
            Value::Date(d) | Value::Due(d, _, _) => Cow::Owned(format_iso(*d)),
            Value::Percent(p) => Cow::Owned(format!("{p:.1}")),
            Value::List(items) => match items.as_slice() {
                [one] => Cow::Borrowed(one),
                _ => Cow::Owned(items.join("; ")),
            },
        }
    }

    /// The JSON form: ISO dates, arrays for lists, null for nothing.
    pub fn json(&self) -> Json {
        match self {
            Value::Null => Json::Null,
            Value::Text(t) | Value::Label(t) | Value::Time(t) => Json::String(t.clone()),
            Value::Period(p) => Json::String(p.to_string()),
            Value::Int(n) => Json::from(*n),
            Value::Date(d) | Value::Due(d, _, _) => Json::String(format_iso(*d)),
            Value::Percent(p) => Json::from(percent_number(*p)),
            Value::List(items) => Json::Array(items.iter().cloned().map(Json::String).collect()),
        }
    }
}

/// Where a column appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Show {
    /// In every format.
    All,
    /// Only in the table (a human summary of machine columns).
    Table,
    /// Only in TSV, CSV and JSON.
    Machine,
}

/// A column's header for people: its table header in the language, or its key made readable ("done_on" →
/// "Done on") for a column machine formats alone had shown.
pub fn people_header(c: &Column) -> String {
    let h = header(c.key, c.header);
    if h != c.key {
        return h.to_string();
    }
    let mut s = c.key.replace('_', " ");
    if let Some(first) = s.get(..1) {
        s.replace_range(..1, &first.to_uppercase());
    }
    s
}

/// A column: its stable key, its table header, and where it shows.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// Stable ASCII key (JSON key, CSV/TSV header).
    pub key: &'static str,
    /// Header in the table.
    pub header: &'static str,
    /// Where it appears.
    pub show: Show,
}

impl Column {
    /// A column shown everywhere.
    pub const fn all(key: &'static str, header: &'static str) -> Column {
        Column {
            key,
            header,
            show: Show::All,
        }
    }

    /// A column shown only in the table.
    pub const fn table(key: &'static str, header: &'static str) -> Column {
        Column {
            key,
            header,
            show: Show::Table,
        }
    }

    /// A column shown only in machine formats.
    pub const fn machine(key: &'static str) -> Column {
        Column {
            key,
            header: key,
            show: Show::Machine,
        }
    }
}

/// Rows under named columns, plus an optional summary line for people.
#[derive(Debug, Clone)]
pub struct Listing {
    /// The columns.
    pub columns: Vec<Column>,
    /// The rows, one value per column.
    pub rows: Vec<Vec<Value>>,
    /// A line printed under the table (not in machine formats).
    pub summary: Option<String>,
}

impl Listing {
    /// An empty listing with these columns.
    pub fn new(columns: Vec<Column>) -> Listing {
        Listing {
            columns,
            rows: Vec::new(),
            summary: None,
        }
    }

    /// The indexes of the columns shown in the table (`true`) or in machine formats (`false`).
    pub fn visible(&self, table: bool) -> Vec<usize> {
        let keep = |c: &Column| match c.show {
            Show::All => true,
            Show::Table => table,
            Show::Machine => !table,
        };
        self.columns
            .iter()
            .enumerate()
            .filter(|(_, c)| keep(c))
            .map(|(i, _)| i)
            .collect()
    }

    /// The JSON object of one row.
    pub fn json_row(&self, row: &[Value]) -> Json {
        let mut obj = Map::new();
        for i in self.visible(false) {
            obj.insert(self.columns[i].key.to_string(), row[i].json());
        }
        Json::Object(obj)
    }
}

/// A percentage as JSON carries it: rounded to one decimal, as it is shown.
pub fn percent_number(p: f64) -> f64 {
    (p * 10.0).round() / 10.0
}

/// Whether a spreadsheet could read this cell as a formula, so that it is written with a `'` in front
/// (OWASP, "CSV Injection"): a cell starting with tab, carriage return or line feed; or one whose first
/// character after any white space (spaces, no-break and zero-width spaces, a byte-order mark) is `=`, `+`,
/// `-` or `@`, or their full-width forms `＝＋－＠`, which spreadsheets also take. A plain number (`-5`,
/// `+3.5`) is data, not a formula, and is left as it is.
pub fn needs_neutralising(cell: &str) -> bool {
    if cell.starts_with(['\t', '\r', '\n']) {
        return true;
    }
    let rest = cell.trim_start_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}')
    });
    if !rest.starts_with(['=', '+', '-', '@', '＝', '＋', '－', '＠']) {
        return false;
    }
    !is_plain_number(rest)
}

/// `-5`, `+3.5`, `-1,5`: an ASCII sign, digits, and at most one decimal point or comma with digits after.
fn is_plain_number(text: &str) -> bool {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (whole, fraction) = match digits.split_once(['.', ',']) {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

/// A date never wraps ("12/04/202" then "2"): each column is at least as wide as the longest date in it.
fn keep_dates_whole(table: &mut Table, cells: &[Vec<String>]) {
    let Some(n) = cells.first().map(Vec::len) else {
        return;
    };
    let is_date = |w: &str| {
        w.len() >= 8 && w.contains('/') && w.bytes().all(|b| b.is_ascii_digit() || b == b'/')
    };
    for col in 0..n {
        let widest = cells
            .iter()
            .flat_map(|row| row[col].split_whitespace())
            .filter(|w| is_date(w))
            .map(str::len)
            .max();
        if let (Some(w), Some(column)) = (widest, table.column_mut(col)) {
            // The boundary counts the cell's padding, one space either side.
            let width = comfy_table::Width::Fixed(w as u16 + 2);
            column.set_constraint(comfy_table::ColumnConstraint::LowerBoundary(width));
        }
    }
}

/// Writes a listing in a format. `width` fits the table to a terminal.
pub fn write(
    listing: &Listing,
    format: Format,
    width: Option<u16>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match format {
        Format::Table => {
            let cols = listing.visible(true);
            let mut table = Table::new();
            table
                .load_style(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic);
            if let Some(w) = width {
                table.set_width(w);
            }
            table.set_header(
                cols.iter()
                    .map(|&i| header(listing.columns[i].key, listing.columns[i].header)),
            );
            let cells: Vec<Vec<String>> = listing
                .rows
                .iter()
                .map(|row| cols.iter().map(|&i| row[i].human()).collect())
                .collect();
            keep_dates_whole(&mut table, &cells);
            for row in cells {
                table.add_row(row);
            }
            writeln!(out, "{table}")?;
            if let Some(s) = &listing.summary {
                writeln!(out, "{s}")?;
            }
        }
        Format::Tsv | Format::Csv | Format::Json | Format::Jsonl => {
            let mut stream = Stream::new(format, width, listing.columns.clone(), out)?;
            for row in &listing.rows {
                stream.write_row(row)?;
            }
            stream.finish(None)?;
        }
        Format::Md => markdown::write(listing, out)?,
        Format::Html => {
            html::begin(listing.summary.as_deref().unwrap_or("plan"), out)?;
            html::table(listing, out)?;
            html::end(out)?;
        }
        Format::Xlsx => {
            let sheet = xlsx::Sheet {
                title: &[],
                name: "plan",
                listing,
            };
            out.write_all(&xlsx::workbook(&[sheet]).map_err(io::Error::other)?)?;
        }
        Format::Docx => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                crate::i18n::tr(
                    "--format docx writes the documents the office signs: use it with plan report or plan remind",
                    "--format docx tạo văn bản để ký: hãy dùng với plan report hoặc plan remind",
                ),
            ));
        }
        Format::Ics => {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                crate::i18n::tr(
                    "--format ics makes a calendar of deadlines: use it with plan export",
                    "--format ics tạo lịch các thời hạn: hãy dùng với plan export",
                ),
            ));
        }
    }
    Ok(())
}

/// Writes one JSON document, pretty-printed, with a final newline.
pub fn write_json(value: &Json, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Listing {
        let mut l = Listing::new(vec![
            Column::all("task", "Task"),
            Column::all("due", "Deadline"),
            Column::machine("due_wording"),
            Column::all("lead", "Lead"),
        ]);
        let d = NaiveDate::from_ymd_opt(2022, 4, 12).unwrap();
        l.rows.push(vec![
            Value::Text("III.2".into()),
            Value::Due(d, "before", false),
            Value::Text("before".into()),
            Value::List(vec!["Các phòng, đơn vị thuộc Sở".into()]),
        ]);
        l.rows.push(vec![
            Value::Text("a\tb".into()),
            Value::Null,
            Value::Null,
            Value::List(vec![]),
        ]);
        l
    }

    fn render(format: Format) -> String {
        let mut out = Vec::new();
        write(&sample(), format, None, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn tsv_has_keys_iso_dates_and_no_stray_tabs() {
        assert_eq!(
            render(Format::Tsv),
            "task\tdue\tdue_wording\tlead\nIII.2\t2022-04-12\tbefore\tCác phòng, đơn vị thuộc Sở\na b\t\t\t\n"
        );
    }

    #[test]
    fn csv_quotes_commas() {
        assert_eq!(
            render(Format::Csv),
            "task,due,due_wording,lead\nIII.2,2022-04-12,before,\"Các phòng, đơn vị thuộc Sở\"\na\tb,,,\n"
        );
    }

    #[test]
    fn json_keeps_column_order_and_types() {
        let v: Json = serde_json::from_str(&render(Format::Json)).unwrap();
        assert_eq!(v[0]["due"], "2022-04-12");
        assert_eq!(v[0]["lead"][0], "Các phòng, đơn vị thuộc Sở");
        assert_eq!(v[1]["due"], Json::Null);
        let keys: Vec<&String> = v[0].as_object().unwrap().keys().collect();
        assert_eq!(keys, ["task", "due", "due_wording", "lead"]);
        assert_eq!(render(Format::Jsonl).lines().count(), 2);
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for formula in [
            "=1+1",
            "+1+1",
            "-1+1",
            "@SUM(A1)",
            " =1+1",
            "\u{a0}=1",
            "\u{200b}=1",
            "\u{feff}=1",
            "\n=1",
            "\t1",
            "\r1",
            "＝1+1",
            "＋1",
            "－1",
            "＠A",
            "-5)",
            "=-5",
            "- 5",
            "+",
            "-",
        ] {
            assert!(needs_neutralising(formula), "{formula:?}");
        }
        for data in [
            "-5",
            "+3.5",
            "-1,5",
            " -5",
            "5",
            "Kế hoạch = 1",
            "a=b",
            "",
            "2022-04-12",
            "'=1",
        ] {
            assert!(!needs_neutralising(data), "{data:?}");
        }
    }

    #[test]
    fn a_date_never_wraps_in_a_narrow_table() {
        for width in [20, 30, 40, 60] {
            let mut out = Vec::new();
            write(&sample(), Format::Table, Some(width), &mut out).unwrap();
            let t = String::from_utf8(out).unwrap();
            assert!(t.contains("12/04/2022"), "width {width}:\n{t}");
        }
    }

    #[test]
    fn table_is_day_first_and_hides_machine_columns() {
        let t = render(Format::Table);
        assert!(t.contains("before 12/04/2022"), "{t}");
        assert!(!t.contains("due_wording"));
    }
}
