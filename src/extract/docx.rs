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

/// Documents this large are not plans; refusing early bounds memory.
const MAX_XML_BYTES: u64 = 64 * 1024 * 1024;

fn part(
    zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>,
    name: &str,
) -> Result<Option<String>, DocxError> {
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(DocxError(format!("{name}: {e}"))),
    };
    let mut s = String::new();
    file.take(MAX_XML_BYTES)
        .read_to_string(&mut s)
        .map_err(|e| DocxError(format!("{name}: {e}")))?;
    Ok(Some(s))
}

/// Reads the lines of a `.docx`.
pub fn read(bytes: &[u8]) -> Result<Vec<String>, DocxError> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
        .map_err(|e| DocxError(format!("not a Word .docx file ({e})")))?;
    let xml = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| DocxError("not a Word .docx file (no word/document.xml)".into()))?;
    let numbering = part(&mut zip, "word/numbering.xml")?
        .map(|n| Numbering::parse(&n))
        .unwrap_or_default();
    Ok(lines(&xml, numbering))
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
    fn parse(xml: &str) -> Numbering {
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
                    "lvl" => cur_lvl = attr(&e, "ilvl").and_then(|v| v.parse().ok()),
                    "numFmt" | "lvlText" | "start" => {
                        if let (Some(a), Some(l), Some(v)) = (&cur_abs, cur_lvl, attr(&e, "val")) {
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
        Numbering {
            levels,
            counters: HashMap::new(),
        }
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
    rows: Vec<Vec<Vec<String>>>,
    row: Vec<Vec<String>>,
    cell: Vec<String>,
}

fn lines(xml: &str, mut numbering: Numbering) -> Vec<String> {
    let mut reader = Reader::from_str(xml);
    let mut out: Vec<String> = Vec::new();
    let mut tables: Vec<Table> = Vec::new();
    let mut para = String::new();
    let mut in_text = false;
    let mut num: (Option<String>, u32) = (None, 0);
    let mut in_num_pr = false;
    let mut in_deleted = 0u32;
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
                    }
                }
                _ => {}
            },
            Event::Empty(e) => match local(&e).as_str() {
                "tab" if in_deleted == 0 => para.push('\t'),
                "br" | "cr" if in_deleted == 0 => para.push('\n'),
                "numId" if in_num_pr => num.0 = attr(&e, "val"),
                "ilvl" if in_num_pr => {
                    num.1 = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(0)
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
                    match tables.last_mut() {
                        Some(t) => t.cell.push(text),
                        None => out.extend(text.split('\n').map(str::to_string)),
                    }
                }
                "tc" => {
                    if let Some(t) = tables.last_mut() {
                        let cell = std::mem::take(&mut t.cell);
                        t.row.push(cell);
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
    out
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
            lines(xml, Numbering::default()),
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
            lines(&xml, Numbering::parse(numbering)),
            ["1. Một", "a) Hai", "b) Ba", "2. Bốn"]
        );
    }
}
