//! Rendering rows as they come, for listings too large to hold: TSV, CSV, JSON and JSON Lines are written a
//! row at a time; the formats for people (table, Markdown, HTML, XLSX) gather the rows and render at the end.

use super::{Column, Format, Listing, Value, needs_neutralising};
use std::io::{self, Write};

/// A listing being written.
pub struct Stream<'w> {
    format: Format,
    width: Option<u16>,
    out: &'w mut dyn Write,
    /// Rows gathered for the formats that need them all.
    gathered: Option<Listing>,
    columns: Vec<Column>,
    visible: Vec<usize>,
    rows: usize,
}

impl<'w> Stream<'w> {
    /// Starts a listing with these columns.
    pub fn new(
        format: Format,
        width: Option<u16>,
        columns: Vec<Column>,
        out: &'w mut dyn Write,
    ) -> io::Result<Self> {
        let gather = matches!(
            format,
            Format::Table | Format::Md | Format::Html | Format::Xlsx | Format::Ics
        );
        let probe = Listing::new(columns.clone());
        let visible = probe.visible(false);
        let s = Stream {
            format,
            width,
            out,
            gathered: gather.then_some(probe),
            columns,
            visible,
            rows: 0,
        };
        match format {
            Format::Tsv => {
                let keys: Vec<&str> = s.visible.iter().map(|&i| s.columns[i].key).collect();
                writeln!(s.out, "{}", keys.join("\t"))?;
            }
            Format::Csv => {
                let keys: Vec<&str> = s.visible.iter().map(|&i| s.columns[i].key).collect();
                writeln!(s.out, "{}", keys.join(","))?;
            }
            Format::Json => s.out.write_all(b"[")?,
            _ => {}
        }
        Ok(s)
    }

    /// Writes (or gathers) one row.
    pub fn row(&mut self, row: Vec<Value>) -> io::Result<()> {
        match &mut self.gathered {
            Some(l) => {
                self.rows += 1;
                l.rows.push(row);
                Ok(())
            }
            None => self.write_row(&row),
        }
    }

    /// Writes one row of a streamed format (gathered formats take it by [`Stream::row`]).
    pub(super) fn write_row(&mut self, row: &[Value]) -> io::Result<()> {
        if let Some(l) = &mut self.gathered {
            self.rows += 1;
            l.rows.push(row.to_vec());
            return Ok(());
        }
        self.rows += 1;
        match self.format {
            Format::Tsv => {
                for (n, &i) in self.visible.iter().enumerate() {
                    if n > 0 {
                        self.out.write_all(b"\t")?;
                    }
                    let cell = row[i].machine();
                    if cell.contains(['\t', '\n', '\r']) {
                        self.out
                            .write_all(cell.replace(['\t', '\n', '\r'], " ").as_bytes())?;
                    } else {
                        self.out.write_all(cell.as_bytes())?;
                    }
                }
                self.out.write_all(b"\n")
            }
            Format::Csv => {
                for (n, &i) in self.visible.iter().enumerate() {
                    if n > 0 {
                        self.out.write_all(b",")?;
                    }
                    write_csv_cell(self.out, &row[i].machine())?;
                }
                self.out.write_all(b"\n")
            }
            Format::Json | Format::Jsonl => {
                let mut obj = serde_json::Map::new();
                for &i in &self.visible {
                    obj.insert(self.columns[i].key.to_string(), row[i].json());
                }
                let value = serde_json::Value::Object(obj);
                if self.format == Format::Json {
                    let sep = if self.rows == 1 { "\n  " } else { ",\n  " };
                    self.out.write_all(sep.as_bytes())?;
                    serde_json::to_writer(&mut *self.out, &value)?;
                    Ok(())
                } else {
                    serde_json::to_writer(&mut *self.out, &value)?;
                    writeln!(self.out)
                }
            }
            _ => Ok(()),
        }
    }

    /// How many rows were written.
    pub fn len(&self) -> usize {
        self.rows
    }

    /// Whether no row was written.
    pub fn is_empty(&self) -> bool {
        self.rows == 0
    }

    /// Ends the listing; `summary` is printed under a table.
    pub fn finish(self, summary: Option<String>) -> io::Result<()> {
        match (self.gathered, self.format) {
            (Some(mut l), format) => {
                l.summary = summary;
                super::write(&l, format, self.width, self.out)
            }
            (None, Format::Json) => {
                let end = if self.rows == 0 { "]\n" } else { "\n]\n" };
                self.out.write_all(end.as_bytes())
            }
            _ => Ok(()),
        }
    }
}

/// One CSV cell (RFC 4180: quoted when it holds a comma, quote or line break). A cell a spreadsheet would
/// read as a formula gets a leading `'`.
fn write_csv_cell(out: &mut dyn Write, cell: &str) -> io::Result<()> {
    let prefix: &[u8] = if needs_neutralising(cell) { b"'" } else { b"" };
    if cell.contains([',', '"', '\n', '\r']) {
        out.write_all(b"\"")?;
        out.write_all(prefix)?;
        out.write_all(cell.replace('"', "\"\"").as_bytes())?;
        out.write_all(b"\"")
    } else {
        out.write_all(prefix)?;
        out.write_all(cell.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn rows() -> (Vec<Column>, Vec<Vec<Value>>) {
        let cols = vec![
            Column::all("task", "Task"),
            Column::all("due", "Deadline"),
            Column::all("lead", "Lead"),
        ];
        let d = NaiveDate::from_ymd_opt(2022, 4, 12).unwrap();
        let rows = vec![
            vec![
                Value::Text("III.2".into()),
                Value::Due(d, "before", false),
                Value::List(vec!["Các phòng, đơn vị".into()]),
            ],
            vec![Value::Text("=1+1".into()), Value::Null, Value::List(vec![])],
        ];
        (cols, rows)
    }

    /// Streaming gives byte for byte what rendering the whole listing gives.
    #[test]
    fn streaming_matches_whole_rendering() {
        for format in [
            Format::Tsv,
            Format::Csv,
            Format::Json,
            Format::Jsonl,
            Format::Table,
            Format::Md,
        ] {
            let (cols, rows) = rows();
            let mut whole = Vec::new();
            let mut l = Listing::new(cols.clone());
            l.rows = rows.clone();
            super::super::write(&l, format, None, &mut whole).unwrap();
            let mut streamed = Vec::new();
            let mut s = Stream::new(format, None, cols, &mut streamed).unwrap();
            for r in rows {
                s.row(r).unwrap();
            }
            s.finish(None).unwrap();
            assert_eq!(
                String::from_utf8(streamed).unwrap(),
                String::from_utf8(whole).unwrap(),
                "{format:?}"
            );
        }
    }
}
