//! Word `.docx` files: the paragraphs and table rows of `word/document.xml`, read with a zip reader and an
//! XML reader (no external program).
//!
//! The rule this module keeps: one line per paragraph, in document order. A table whose cells hold
//! layout (the two-column header of Nghị định 30/2020, the signature block) gives its cells' paragraphs as
//! lines, cell after cell; a table of data (three columns or more) gives one line per row, cells separated
//! by tabs, which [`super::sections`] reads as a task table. Word's automatic list numbers ("1.", "a)", "-")
//! are written back from `word/numbering.xml`.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;

/// Why a `.docx` could not be read.
#[derive(Debug)]
pub struct DocxError(pub String);

impl std::fmt::Display for DocxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Documents this large are not plans: a part larger than this unpacked, or text longer than this, is refused
/// (never cut short, which would lose tasks silently).
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

/// A Word file holds tens of parts (a few hundred with images); a zip of more is not a Word file, and its
/// directory alone would take memory.
const MAX_ENTRIES: usize = 10_000;

/// Word's own bounds: list levels 0 to 8, list starts up to 32767, level texts of a few characters.
const MAX_LEVEL: u32 = 8;
const MAX_START: u32 = 32_767;
const MAX_LEVEL_TEXT: usize = 255;

fn too_large(what: &str) -> DocxError {
    let max = crate::infile::size(MAX_XML_BYTES);
    DocxError(crate::msg!(
        "{what} is larger than {max} unpacked — this is not a plan plan can read",
        "{what} lớn hơn {max} khi giải nén — đây không phải kế hoạch plan đọc được"
    ))
}

fn part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, DocxError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError(format!("{name}: {e}"))),
    };
    if file.size() > MAX_XML_BYTES {
        return Err(too_large(name));
    }
    // The declared size may lie: what is unpacked is counted too.
    let mut bytes = Vec::new();
    file.take(MAX_XML_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| DocxError(format!("{name}: {e}")))?;
    if bytes.len() as u64 > MAX_XML_BYTES {
        return Err(too_large(name));
    }
    String::from_utf8(bytes).map(Some).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        DocxError(crate::msg!(
            "{name} is not UTF-8 text (at byte {at})",
            "{name} không phải văn bản UTF-8 (tại byte {at})"
        ))
    })
}

/// The number of entries the zip's end record declares, read before the directory itself is.
fn declared_entries(bytes: &[u8]) -> Option<usize> {
    const END: &[u8] = b"PK\x05\x06";
    let from = bytes.len().saturating_sub(22 + u16::MAX as usize);
    let at = bytes[from..].windows(4).rposition(|w| w == END)? + from;
    let n = bytes.get(at + 10..at + 12)?;
    Some(u16::from_le_bytes([n[0], n[1]]) as usize)
}

/// Reads the lines of a `.docx`.
pub fn read(bytes: &[u8]) -> Result<Vec<String>, DocxError> {
    let many = || {
        DocxError(crate::msg!(
            "the file holds more than {MAX_ENTRIES} parts — this is not a Word .docx file",
            "tệp chứa hơn {MAX_ENTRIES} thành phần — đây không phải tệp Word .docx"
        ))
    };
    if declared_entries(bytes).is_some_and(|n| n > MAX_ENTRIES && n != u16::MAX as usize) {
        return Err(many());
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError(format!("not a Word .docx file ({e})")))?;
    if zip.len() > MAX_ENTRIES {
        return Err(many());
    }
    let xml = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| DocxError("not a Word .docx file (no word/document.xml)".into()))?;
    let numbering = match part(&mut zip, "word/numbering.xml")? {
        Some(n) => Numbering::parse(&n)?,
        None => Numbering::default(),
    };
    lines(&xml, numbering)
}

/// A number of `word/numbering.xml` or `word/document.xml` (a list level, a list start) within Word's bounds.
fn bounded(e: &BytesStart<'_>, what: &str, max: u32) -> Result<Option<u32>, DocxError> {
    let Some(v) = attr(e, "val") else {
        return Ok(None);
    };
    match v.trim().parse::<u32>() {
        Ok(n) if n <= max => Ok(Some(n)),
        _ => Err(DocxError(crate::msg!(
            "the document declares a list {what} of {v}; Word's lists go from 0 to {max} — save it again from Word",
            "tài liệu khai báo {what} danh sách là {v}; danh sách của Word chỉ từ 0 đến {max} — hãy lưu lại từ Word"
        ))),
    }
}

fn local(e: &BytesStart<'_>) -> String {
    e.local_name().as_ref().to_string()
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .map(|a| a.value.to_string())
}

/// List formats of `word/numbering.xml`: numId → (ilvl → (format, text, start)).
#[derive(Debug, Default)]
struct Numbering {
    levels: HashMap<String, HashMap<u32, (String, String, u32)>>,
    counters: HashMap<String, Vec<u32>>,
}

impl Numbering {
    fn parse(xml: &str) -> Result<Numbering, DocxError> {
        let mut abs: HashMap<String, HashMap<u32, (String, String, u32)>> = HashMap::new();
        let mut nums: HashMap<String, String> = HashMap::new();
        let mut reader = Reader::from_str(xml);
        let mut cur_abs: Option<String> = None;
        let mut cur_lvl: Option<u32> = None;
        let mut cur_num: Option<String> = None;
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match local(&e).as_str() {
                    "abstractNum" => cur_abs = attr(&e, "abstractNumId"),
                    "lvl" => {
                        cur_lvl = match attr(&e, "ilvl") {
                            Some(v) => match v.trim().parse::<u32>() {
                                Ok(n) if n <= MAX_LEVEL => Some(n),
                                _ => return Err(level(&v)),
                            },
                            None => None,
                        }
                    }
                    "numFmt" | "lvlText" | "start" => {
                        if let (Some(a), Some(l), Some(v)) = (&cur_abs, cur_lvl, attr(&e, "val")) {
                            match local(&e).as_str() {
                                "start" => drop(bounded(&e, "start", MAX_START)?),
                                "lvlText" if v.chars().count() > MAX_LEVEL_TEXT => {
                                    return Err(DocxError(crate::msg!(
                                        "a list's number text is longer than {MAX_LEVEL_TEXT} characters — save it again from Word",
                                        "văn bản số thứ tự của một danh sách dài hơn {MAX_LEVEL_TEXT} ký tự — hãy lưu lại từ Word"
                                    )));
                                }
                                _ => {}
                            }
                            let entry = abs.entry(a.clone()).or_default().entry(l).or_insert((
                                String::new(),
                                String::new(),
                                1,
                            ));
                            match local(&e).as_str() {
                                "numFmt" => entry.0 = v,
                                "lvlText" => entry.1 = v,
                                _ => entry.2 = v.parse().unwrap_or(1),
                            }
                        }
                    }
                    "num" => cur_num = attr(&e, "numId"),
                    "abstractNumId" => {
                        if let (Some(n), Some(v)) = (&cur_num, attr(&e, "val")) {
                            nums.insert(n.clone(), v);
                        }
                    }
                    _ => {}
                },
                Ok(Event::Eof) | Err(_) => break,
                _ => {}
            }
        }
        let levels = nums
            .into_iter()
            .filter_map(|(n, a)| abs.get(&a).map(|l| (n, l.clone())))
            .collect();
        Ok(Numbering {
            levels,
            counters: HashMap::new(),
        })
    }

    /// The marker text of the next paragraph of list `num` at level `ilvl`.
    fn next(&mut self, num: &str, ilvl: u32) -> Option<String> {
        let levels = self.levels.get(num)?;
        let (fmt, text, _) = levels.get(&ilvl)?.clone();
        let counters = self.counters.entry(num.to_string()).or_default();
        let depth = ilvl as usize + 1;
        while counters.len() < depth {
            let l = counters.len() as u32;
            let start = levels.get(&l).map_or(1, |x| x.2);
            counters.push(start.saturating_sub(1));
        }
        counters.truncate(depth);
        if let Some(c) = counters.last_mut() {
            *c += 1;
        }
        let counters = counters.clone();
        if fmt == "bullet" || fmt == "none" {
            return (fmt == "bullet").then(|| "-".to_string());
        }
        let mut out = text.clone();
        for (i, c) in counters.iter().enumerate() {
            let f = levels.get(&(i as u32)).map_or("decimal", |x| x.0.as_str());
            let shown = match f {
                "lowerLetter" => super::text::nth_letter(*c as usize),
                "upperLetter" => super::text::nth_letter(*c as usize).to_uppercase(),
                "upperRoman" => super::text::to_roman(*c),
                "lowerRoman" => super::text::to_roman(*c).to_lowercase(),
                _ => c.to_string(),
            };
            out = out.replace(&format!("%{}", i + 1), &shown);
        }
        Some(out)
    }
}

#[derive(Default)]
struct Table {
    /// Rows of the grid: each column's paragraphs, a merged cell's in every column it covers.
    rows: Vec<Vec<Vec<String>>>,
    row: Vec<Vec<String>>,
    cell: Vec<String>,
    /// How many grid columns the cell being read spans (`w:gridSpan`).
    span: usize,
    /// Whether the cell being read continues the one above it (`w:vMerge` without `restart`).
    continues: bool,
}

/// The most grid columns one cell may span: Word's own limit is 63 columns.
const MAX_SPAN: usize = 63;

impl Table {
    /// Ends a cell: its paragraphs in each grid column it spans; a cell that continues a vertical merge
    /// holds what the merged cell above holds (a unit named once for several task rows leads each of them).
    fn end_cell(&mut self) {
        let mut cell = std::mem::take(&mut self.cell);
        let column = self.row.len();
        if self.continues
            && let Some(above) = self.rows.last().and_then(|r| r.get(column))
        {
            cell = above.clone();
        }
        self.row.push(cell);
        for _ in 1..self.span {
            self.row.push(Vec::new());
        }
    }
}

fn level(v: &str) -> DocxError {
    DocxError(crate::msg!(
        "the document declares a list level of {v}; Word's lists have levels 0 to {MAX_LEVEL} — save it again from Word",
        "tài liệu khai báo cấp danh sách {v}; danh sách của Word chỉ có cấp 0 đến {MAX_LEVEL} — hãy lưu lại từ Word"
    ))
}

fn lines(xml: &str, mut numbering: Numbering) -> Result<Vec<String>, DocxError> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<String> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut para = String::new();
    let mut in_text = false;
    let mut num: (Option<String>, u32) = (None, 0);
    let mut in_num_pr = false;
    let mut in_deleted = 0u32;
    let mut size = 0u64;
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Start(e) => match local(&e).as_str() {
                "p" => {
                    para.clear();
                    num = (None, 0);
                }
                "t" if in_deleted == 0 => in_text = true,
                "numPr" => in_num_pr = true,
                "del" | "instrText" => in_deleted += 1,
                "tbl" => tables.push(Table::default()),
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        t.row.clear();
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.cell.clear();
                        t.span = 1;
                        t.continues = false;
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match local(&e).as_str() {
                "gridSpan" => {
                    if let Some(t) = tables.last_mut() {
                        t.span = attr(&e, "val")
                            .and_then(|v| v.trim().parse::<usize>().ok())
                            .unwrap_or(1)
                            .clamp(1, MAX_SPAN);
                    }
                }
                "vMerge" => {
                    if let Some(t) = tables.last_mut() {
                        t.continues = attr(&e, "val").is_none_or(|v| v == "continue");
                    }
                }
                "tab" if in_deleted == 0 => para.push('\t'),
                "br" | "cr" if in_deleted == 0 => para.push('\n'),
                "numId" if in_num_pr => num.0 = attr(&e, "val"),
                "ilvl" if in_num_pr => {
                    num.1 = match attr(&e, "val") {
                        Some(v) => match v.trim().parse::<u32>() {
                            Ok(n) if n <= MAX_LEVEL => n,
                            _ => return Err(level(&v)),
                        },
                        None => 0,
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => para.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let name = r.xml10_content();
                let c = match name.as_ref() {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" => Some('\''),
                    _ => r.resolve_char_ref().ok().flatten(),
                };
                if let Some(c) = c {
                    para.push(c);
                }
            }
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                "numPr" => in_num_pr = false,
                "del" | "instrText" => in_deleted = in_deleted.saturating_sub(1),
                "p" => {
                    let mut text = std::mem::take(&mut para);
                    if let Some(id) = num.0.take().filter(|id| id != "0")
                        && let Some(marker) = numbering.next(&id, num.1)
                        && !text.trim().is_empty()
                    {
                        text = format!("{marker} {}", text.trim_start());
                    }
                    // List numbers add text the XML does not hold: the whole is bounded as a part is.
                    size += text.len() as u64;
                    if size > MAX_XML_BYTES {
                        return Err(too_large("the text of word/document.xml"));
                    }
                    match tables.last_mut() {
                        Some(t) => t.cell.push(text),
                        None => out.extend(text.split('\n').map(str::to_string)),
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        t.end_cell();
                    }
                }
                "tr" => {
                    if let Some(t) = tables.last_mut() {
                        let row = std::mem::take(&mut t.row);
                        t.rows.push(row);
                    }
                }
                "tbl" => {
                    if let Some(t) = tables.pop() {
                        let rendered = render_table(&t);
                        match tables.last_mut() {
                            // A table inside a cell: its lines join the outer cell.
                            Some(outer) => outer.cell.extend(rendered),
                            None => out.extend(rendered),
                        }
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

fn render_table(t: &Table) -> Vec<String> {
    let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::new();
    if cols >= 3 {
        for row in &t.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| {
                    c.iter()
                        .map(|p| p.replace(['\t', '\n'], " ").trim().to_string())
                        .filter(|p| !p.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            if cells.iter().any(|c| !c.is_empty()) {
                out.push(cells.join("\t"));
            }
        }
    } else {
        for row in &t.rows {
            for cell in row {
                for p in cell {
                    out.extend(p.replace('\t', "   ").split('\n').map(str::to_string));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_tables_and_entities() {
        let xml = r#"<w:document xmlns:w="x"><w:body>
            <w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p>
            <w:p><w:r><w:t xml:space="preserve">Kế hoạch số 53/KH-UBND &amp; </w:t></w:r><w:r><w:t>ngày 23/3/2022</w:t></w:r></w:p>
            <w:tbl><w:tr><w:tc><w:p><w:r><w:t>STT</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Nội dung</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Thời gian</w:t></w:r></w:p></w:tc></w:tr>
            <w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Rà soát</w:t></w:r></w:p><w:p><w:r><w:t>thủ tục</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Quý III/2024</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
            <w:p><w:r><w:t>A</w:t><w:tab/><w:t>B</w:t><w:br/><w:t>C</w:t></w:r></w:p>
            </w:body></w:document>"#;
        assert_eq!(
            lines(xml, Numbering::default()).unwrap(),
            [
                "KẾ HOẠCH",
                "Kế hoạch số 53/KH-UBND & ngày 23/3/2022",
                "STT\tNội dung\tThời gian",
                "1\tRà soát thủ tục\tQuý III/2024",
                "A\tB",
                "C"
            ]
        );
    }

    #[test]
    fn merged_cells_keep_the_columns_and_a_vertical_merge_fills_each_row() {
        let tc = |props: &str, t: &str| {
            format!(r#"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:tc>"#)
        };
        let row = |cells: Vec<String>| format!("<w:tr>{}</w:tr>", cells.concat());
        let span = r#"<w:gridSpan w:val="2"/>"#;
        let (restart, cont) = (r#"<w:vMerge w:val="restart"/>"#, r#"<w:vMerge/>"#);
        let xml = format!(
            r#"<w:document xmlns:w="x"><w:body><w:tbl>{}{}{}{}{}</w:tbl></w:body></w:document>"#,
            row(vec![
                tc(restart, "STT"),
                tc(restart, "Nội dung"),
                tc(span, "Cơ quan thực hiện"),
                tc(restart, "Thời gian")
            ]),
            row(vec![
                tc(cont, ""),
                tc(cont, ""),
                tc("", "Chủ trì"),
                tc("", "Phối hợp"),
                tc(cont, "")
            ]),
            row(vec![
                tc(span, "I. CẢI CÁCH THỂ CHẾ"),
                tc("", ""),
                tc("", ""),
                tc("", "")
            ]),
            row(vec![
                tc("", "1"),
                tc("", "Rà soát văn bản"),
                tc(restart, "Phòng Tư pháp"),
                tc("", "Các phòng"),
                tc("", "Quý II/2024")
            ]),
            row(vec![
                tc("", "2"),
                tc("", "Kiểm tra thủ tục"),
                tc(cont, ""),
                tc("", ""),
                tc("", "Tháng 9/2024")
            ]),
        );
        assert_eq!(
            lines(&xml, Numbering::default()).unwrap(),
            [
                "STT\tNội dung\tCơ quan thực hiện\t\tThời gian",
                "STT\tNội dung\tChủ trì\tPhối hợp\tThời gian",
                "I. CẢI CÁCH THỂ CHẾ\t\t\t\t",
                "1\tRà soát văn bản\tPhòng Tư pháp\tCác phòng\tQuý II/2024",
                "2\tKiểm tra thủ tục\tPhòng Tư pháp\t\tTháng 9/2024",
            ]
        );
    }

    #[test]
    fn automatic_numbers_are_written_back() {
        let numbering = r#"<w:numbering xmlns:w="x"><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/></w:lvl></w:abstractNum><w:num w:numId="3"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#;
        let p = |lvl: u32, t: &str| {
            format!(
                r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="{lvl}"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>{t}</w:t></w:r></w:p>"#
            )
        };
        let xml = format!(
            "<w:document xmlns:w=\"x\"><w:body>{}{}{}{}</w:body></w:document>",
            p(0, "Một"),
            p(1, "Hai"),
            p(1, "Ba"),
            p(0, "Bốn")
        );
        assert_eq!(
            lines(&xml, Numbering::parse(numbering).unwrap()).unwrap(),
            ["1. Một", "a) Hai", "b) Ba", "2. Bốn"]
        );
    }
}
