//! Word (docx): a [`Document`] in the form of Nghị định 30/2020/NĐ-CP — A4, margins 20/20/30/15 mm, Times New
//! Roman 14 pt, justified body with a first-line indent, page numbers from page 2 centred at the top, the
//! header table, the recipients and the signature side by side. Charts are native Word charts with their data
//! cached in the file (Word and LibreOffice draw them, and the numbers are in the table beside them).
//!
//! The file is the same for the same document: every part has a fixed time and order.

use super::chart::{self, Series};
use super::{Value, needs_neutralising};
use crate::document::{self, Block, Chart, Document, Kind, Table};
use crate::i18n::header;
use std::fmt::Write as _;
use std::io::{Cursor, Write};

/// Twips (1/20 pt) of A4 and of the margins: 210 × 297 mm; top and bottom 20 mm, left 30 mm, right 15 mm.
pub const PAGE_WIDTH: u32 = 11906;
/// A4 height in twips.
pub const PAGE_HEIGHT: u32 = 16838;
/// Top margin (20 mm).
pub const MARGIN_TOP: u32 = 1134;
/// Bottom margin (20 mm).
pub const MARGIN_BOTTOM: u32 = 1134;
/// Left margin (30 mm).
pub const MARGIN_LEFT: u32 = 1701;
/// Right margin (15 mm).
pub const MARGIN_RIGHT: u32 = 851;
/// The width of the text, which every table fills and none exceeds.
pub const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;

/// Half-points: body 14 pt, tables 12 pt, recipients 11 pt, the header's left column 13 pt.
const BODY: u32 = 28;
const TABLE: u32 = 24;
const SMALL: u32 = 22;
const HEAD: u32 = 26;

/// Text for XML: escaped as HTML escapes it, line breaks as spaces, and without the characters XML 1.0
/// cannot hold (a hostile file may carry them).
fn esc(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => None,
            c => Some(c),
        })
        .collect();
    super::html::escape(&kept)
}

/// How a run looks.
#[derive(Clone, Copy, Default)]
struct Look {
    bold: bool,
    italic: bool,
    underline: bool,
    size: u32,
}

impl Look {
    fn size(size: u32) -> Look {
        Look {
            size,
            ..Look::default()
        }
    }
    fn bold(self) -> Look {
        Look { bold: true, ..self }
    }
    fn italic(self) -> Look {
        Look {
            italic: true,
            ..self
        }
    }
    fn underline(self) -> Look {
        Look {
            underline: true,
            ..self
        }
    }
}

fn run(text: &str, look: Look) -> String {
    let mut props = String::new();
    if look.bold {
        props.push_str("<w:b/><w:bCs/>");
    }
    if look.italic {
        props.push_str("<w:i/><w:iCs/>");
    }
    if look.underline {
        props.push_str("<w:u w:val=\"single\"/>");
    }
    if look.size > 0 {
        let _ = write!(
            props,
            "<w:sz w:val=\"{0}\"/><w:szCs w:val=\"{0}\"/>",
            look.size
        );
    }
    format!(
        "<w:r><w:rPr>{props}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        esc(text)
    )
}

/// How a paragraph sits.
#[derive(Clone, Copy)]
enum Align {
    Center,
    Justify,
    Left,
}

/// A paragraph: alignment, first-line indent (twips), space before (twips), then the runs.
fn para(align: Align, indent: u32, before: u32, runs: &str) -> String {
    let jc = match align {
        Align::Center => "center",
        Align::Justify => "both",
        Align::Left => "left",
    };
    format!(
        "<w:p><w:pPr><w:spacing w:before=\"{before}\" w:after=\"0\" w:line=\"276\" w:lineRule=\"auto\"/>\
         <w:ind w:firstLine=\"{indent}\"/><w:jc w:val=\"{jc}\"/></w:pPr>{runs}</w:p>"
    )
}

/// A short centred rule under a line of the header (the line under the issuer, the motto, the subject).
fn rule(indent: u32) -> String {
    format!(
        "<w:p><w:pPr><w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>\
         <w:spacing w:before=\"0\" w:after=\"0\" w:line=\"120\" w:lineRule=\"exact\"/>\
         <w:ind w:left=\"{indent}\" w:right=\"{indent}\"/><w:jc w:val=\"center\"/></w:pPr>\
         <w:r><w:rPr><w:sz w:val=\"4\"/></w:rPr><w:t></w:t></w:r></w:p>"
    )
}

/// A table without borders whose cells each hold paragraphs: the header and the signature rows.
fn layout(widths: &[u32], cells: &[String]) -> String {
    let mut x = String::from(
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblLayout w:type=\"fixed\"/>\
         <w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/>\
         <w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>\
         <w:tblCellMar><w:left w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"0\" w:type=\"dxa\"/></w:tblCellMar>\
         </w:tblPr><w:tblGrid>",
    );
    for w in widths {
        let _ = write!(x, "<w:gridCol w:w=\"{w}\"/>");
    }
    // The row is never split: the signature stays with the recipients, the date with the motto.
    x.push_str("</w:tblGrid><w:tr><w:trPr><w:cantSplit/></w:trPr>");
    for (w, c) in widths.iter().zip(cells) {
        let _ = write!(
            x,
            "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/></w:tcPr>{c}</w:tc>"
        );
    }
    x.push_str("</w:tr></w:tbl>");
    x
}

/// The header of the first page: the bodies and the number on the left, the national title, motto and date
/// on the right (Nghị định 30/2020/NĐ-CP, Phụ lục I, mẫu 1.1).
fn heading(d: &Document, h: &document::Header) -> String {
    let (left_w, right_w) = (TEXT_WIDTH * 9 / 20, TEXT_WIDTH - TEXT_WIDTH * 9 / 20);
    let mut left = String::new();
    if let Some(g) = &h.governing_body {
        left.push_str(&para(Align::Center, 0, 0, &run(g, Look::size(HEAD))));
    }
    left.push_str(&para(
        Align::Center,
        0,
        0,
        &run(&h.issuer, Look::size(HEAD).bold()),
    ));
    left.push_str(&rule(left_w / 3));
    left.push_str(&para(
        Align::Center,
        0,
        60,
        &run(&h.number_line(), Look::size(HEAD)),
    ));
    if d.kind == Kind::Letter {
        left.push_str(&para(
            Align::Center,
            0,
            60,
            &run(&d.subject, Look::size(TABLE)),
        ));
    }
    let mut right = String::new();
    right.push_str(&para(
        Align::Center,
        0,
        0,
        &run(h.nation(), Look::size(TABLE).bold()),
    ));
    right.push_str(&para(
        Align::Center,
        0,
        0,
        &run(h.motto(), Look::size(BODY).bold().underline()),
    ));
    right.push_str(&para(
        Align::Center,
        0,
        240,
        &run(&h.date_line(), Look::size(BODY).italic()),
    ));
    layout(&[left_w, right_w], &[left, right])
}

/// "Nơi nhận:" on the left, the signature on the right.
fn closing(d: &Document) -> String {
    let (left_w, right_w) = (TEXT_WIDTH / 2, TEXT_WIDTH - TEXT_WIDTH / 2);
    let mut left = para(
        Align::Left,
        0,
        0,
        &run(
            crate::i18n::tr("Recipients:", "Nơi nhận:"),
            Look::size(TABLE).bold().italic(),
        ),
    );
    for line in &d.recipients {
        left.push_str(&para(
            Align::Left,
            0,
            0,
            &run(&format!("- {line}"), Look::size(SMALL)),
        ));
    }
    let mut right = String::new();
    if let Some(s) = &d.signature {
        for line in [&s.on_behalf, &s.title].into_iter().flatten() {
            right.push_str(&para(
                Align::Center,
                0,
                0,
                &run(line, Look::size(BODY).bold()),
            ));
        }
        // Room for the signature and the seal.
        for _ in 0..4 {
            right.push_str(&para(Align::Center, 0, 0, ""));
        }
        right.push_str(&para(
            Align::Center,
            0,
            0,
            &run(&s.name, Look::size(BODY).bold()),
        ));
    } else {
        right.push_str(&para(Align::Center, 0, 0, ""));
    }
    layout(&[left_w, right_w], &[left, right])
}

/// The widths of a table's columns in twips: each wide enough for its longest word (a date stays whole), the
/// rest shared in proportion to their text, together the width of the text.
pub fn widths(t: &Table) -> Vec<u32> {
    let cols = document::paper_columns(t);
    // About 115 twips a character of 12 pt Times, and the cell's margins.
    let word = |i: usize| {
        let longest = |s: &str| {
            s.split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0)
        };
        let head = longest(header(
            t.listing.columns[i].key,
            t.listing.columns[i].header,
        ));
        let cells = t
            .listing
            .rows
            .iter()
            .map(|r| longest(&r[i].human()))
            .max()
            .unwrap_or(0);
        (head.max(cells).min(16) as u32) * 115 + 160
    };
    let floor: Vec<u32> = cols.iter().map(|&i| word(i).max(600)).collect();
    let weight: Vec<u32> = cols
        .iter()
        .map(|&i| {
            let head = header(t.listing.columns[i].key, t.listing.columns[i].header)
                .chars()
                .count();
            let longest = t
                .listing
                .rows
                .iter()
                .map(|r| r[i].human().chars().count())
                .max()
                .unwrap_or(0);
            (longest.max(head / 2).clamp(4, 40)) as u32
        })
        .collect();
    let floors: u32 = floor.iter().sum();
    let mut w: Vec<u32> = if floors >= TEXT_WIDTH {
        floor.iter().map(|f| f * TEXT_WIDTH / floors).collect()
    } else {
        let spare = TEXT_WIDTH - floors;
        let total: u32 = weight.iter().sum::<u32>().max(1);
        floor
            .iter()
            .zip(&weight)
            .map(|(f, x)| f + spare * x / total)
            .collect()
    };
    // Rounding leaves a few twips: the last column takes them so the table is exactly the text width.
    let sum: u32 = w.iter().sum();
    if let Some(last) = w.last_mut() {
        *last += TEXT_WIDTH - sum;
    }
    w
}

fn cell_text(v: &Value) -> String {
    let s = v.human();
    // A cell is text in Word; a leading '=' is harmless there but is kept as the exports write it.
    if needs_neutralising(&s) {
        return format!("'{s}");
    }
    s
}

fn table(t: &Table) -> String {
    let cols = document::paper_columns(t);
    let w = widths(t);
    let mut x = String::from(
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblLayout w:type=\"fixed\"/>\
         <w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders>\
         <w:tblCellMar><w:left w:w=\"60\" w:type=\"dxa\"/><w:right w:w=\"60\" w:type=\"dxa\"/></w:tblCellMar>\
         </w:tblPr><w:tblGrid>",
    );
    for width in &w {
        let _ = write!(x, "<w:gridCol w:w=\"{width}\"/>");
    }
    x.push_str("</w:tblGrid>");
    let cell = |width: u32, text: &str, look: Look, shade: bool| {
        let fill = if shade {
            "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E7E6E6\"/>"
        } else {
            ""
        };
        format!(
            "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>{fill}</w:tcPr>{}</w:tc>",
            para(Align::Left, 0, 0, &run(text, look))
        )
    };
    // The header row repeats on every page the table runs over, and no row is split across two.
    x.push_str("<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
    for (&i, &width) in cols.iter().zip(&w) {
        let c = &t.listing.columns[i];
        x.push_str(&cell(
            width,
            &super::people_header(c),
            Look::size(TABLE).bold(),
            true,
        ));
    }
    x.push_str("</w:tr>");
    if t.listing.rows.is_empty() {
        let _ = write!(
            x,
            "<w:tr><w:tc><w:tcPr><w:tcW w:w=\"{TEXT_WIDTH}\" w:type=\"dxa\"/><w:gridSpan w:val=\"{}\"/></w:tcPr>{}</w:tc></w:tr>",
            cols.len(),
            para(
                Align::Left,
                0,
                0,
                &run(
                    crate::i18n::tr("(none)", "(không có)"),
                    Look::size(TABLE).italic()
                )
            )
        );
    }
    for row in &t.listing.rows {
        x.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (&i, &width) in cols.iter().zip(&w) {
            x.push_str(&cell(width, &cell_text(&row[i]), Look::size(TABLE), false));
        }
        x.push_str("</w:tr>");
    }
    x.push_str("</w:tbl>");
    if let Some(s) = &t.listing.summary {
        x.push_str(&para(
            Align::Justify,
            0,
            60,
            &run(s, Look::size(TABLE).italic()),
        ));
    }
    x
}

/// The inline drawing of chart `n` (its part is `word/charts/chart{n}.xml`): the text width, 7.5 cm high.
fn chart_drawing(n: usize, c: &Chart) -> String {
    let title = chart::title(c);
    let cx = u64::from(TEXT_WIDTH) * 635; // twips → EMU
    // A bar a unit, 0.8 cm each, and room for the title, the axis and the legend.
    let cy: u64 = match c {
        Chart::States { bars, .. } => 288_000 * bars.len() as u64 + 1_300_000,
        Chart::Timeline { .. } => 2_700_000,
    };
    format!(
        "<w:p><w:pPr><w:spacing w:before=\"120\" w:after=\"0\"/><w:jc w:val=\"center\"/></w:pPr><w:r><w:drawing>\
         <wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/>\
         <wp:docPr id=\"{n}\" name=\"{}\"/><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\">\
         <c:chart r:id=\"rIdChart{n}\"/></a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>",
        esc(title)
    )
}

/// The body of the document: its blocks, and the charts' parts.
fn body(d: &Document) -> (String, Vec<String>) {
    let mut x = String::new();
    let mut charts = Vec::new();
    if let Some(h) = &d.header {
        x.push_str(&heading(d, h));
    }
    if let Some(name) = &d.name {
        x.push_str(&para(
            Align::Center,
            0,
            360,
            &run(name, Look::size(BODY).bold()),
        ));
        x.push_str(&para(
            Align::Center,
            0,
            0,
            &run(&d.subject, Look::size(BODY).bold()),
        ));
        x.push_str(&rule(TEXT_WIDTH * 3 / 8));
    } else if d.header.is_none() {
        x.push_str(&para(
            Align::Center,
            0,
            240,
            &run(&d.subject, Look::size(BODY).bold()),
        ));
    }
    if let Some(to) = &d.addressee {
        x.push_str(&para(Align::Center, 0, 240, &run(to, Look::size(BODY))));
    }
    for b in &d.body {
        match b {
            Block::Heading(t) => x.push_str(&para(
                Align::Justify,
                567,
                180,
                &run(t, Look::size(BODY).bold()),
            )),
            Block::Subheading(t) => x.push_str(&para(
                Align::Justify,
                567,
                120,
                &run(t, Look::size(BODY).bold().italic()),
            )),
            Block::Paragraph(t) => {
                x.push_str(&para(Align::Justify, 567, 120, &run(t, Look::size(BODY))))
            }
            Block::Table(t) => {
                x.push_str(&table(t));
            }
            Block::Chart(c) => {
                charts.push(chart_part(c));
                x.push_str(&chart_drawing(charts.len(), c));
            }
        }
    }
    x.push_str(&para(Align::Left, 0, 240, ""));
    x.push_str(&closing(d));
    (x, charts)
}

/// A chart part: stacked columns with the data cached in the part itself.
fn chart_part(c: &Chart) -> String {
    let (categories, series) = chart::series(c);
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" \
         xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <c:roundedCorners val=\"0\"/><c:chart>",
    );
    let _ = write!(
        x,
        "<c:title><c:tx><c:rich><a:bodyPr/><a:p><a:pPr><a:defRPr sz=\"1200\" b=\"1\"/></a:pPr><a:r><a:rPr lang=\"vi-VN\" sz=\"1200\" b=\"1\"/><a:t>{}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val=\"0\"/></c:title>",
        esc(chart::title(c))
    );
    x.push_str("<c:autoTitleDeleted val=\"0\"/><c:plotArea><c:layout/><c:barChart><c:barDir val=\"bar\"/><c:grouping val=\"stacked\"/><c:varyColors val=\"0\"/>");
    if matches!(c, Chart::Timeline { .. }) {
        x = x.replace("<c:barDir val=\"bar\"/>", "<c:barDir val=\"col\"/>");
    }
    for (k, s) in series.iter().enumerate() {
        x.push_str(&series_xml(k, s, &categories));
    }
    x.push_str(
        "<c:gapWidth val=\"60\"/><c:overlap val=\"100\"/><c:axId val=\"1001\"/><c:axId val=\"1002\"/></c:barChart>\
         <c:catAx><c:axId val=\"1001\"/><c:scaling><c:orientation val=\"maxMin\"/></c:scaling><c:delete val=\"0\"/>\
         <c:axPos val=\"l\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:tickLblPos val=\"nextTo\"/>\
         <c:txPr><a:bodyPr/><a:p><a:pPr><a:defRPr sz=\"900\"/></a:pPr><a:endParaRPr lang=\"vi-VN\"/></a:p></c:txPr>\
         <c:crossAx val=\"1002\"/><c:crosses val=\"autoZero\"/><c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/></c:catAx>\
         <c:valAx><c:axId val=\"1002\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/>\
         <c:axPos val=\"b\"/><c:majorGridlines/><c:numFmt formatCode=\"0\" sourceLinked=\"0\"/><c:tickLblPos val=\"nextTo\"/>\
         <c:crossAx val=\"1001\"/><c:crosses val=\"max\"/><c:crossBetween val=\"between\"/><c:majorUnit val=\"1\"/></c:valAx>\
         </c:plotArea><c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/></c:legend><c:plotVisOnly val=\"1\"/>\
         <c:dispBlanksAs val=\"gap\"/></c:chart></c:chartSpace>",
    );
    if matches!(c, Chart::Timeline { .. }) {
        // Months run left to right along the bottom.
        x = x
            .replace(
                "<c:orientation val=\"maxMin\"/>",
                "<c:orientation val=\"minMax\"/>",
            )
            .replace("<c:axPos val=\"l\"/>", "<c:axPos val=\"b\"/>")
            .replace(
                "<c:axPos val=\"b\"/><c:majorGridlines/>",
                "<c:axPos val=\"l\"/><c:majorGridlines/>",
            )
            .replace("<c:crosses val=\"max\"/>", "<c:crosses val=\"autoZero\"/>");
    }
    x
}

fn series_xml(k: usize, s: &Series, categories: &[String]) -> String {
    let mut x = format!(
        "<c:ser><c:idx val=\"{k}\"/><c:order val=\"{k}\"/><c:tx><c:strRef><c:f></c:f><c:strCache><c:ptCount val=\"1\"/>\
         <c:pt idx=\"0\"><c:v>{}</c:v></c:pt></c:strCache></c:strRef></c:tx>\
         <c:spPr><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill><a:ln w=\"6350\"><a:solidFill><a:srgbClr val=\"404040\"/></a:solidFill></a:ln></c:spPr>\
         <c:invertIfNegative val=\"0\"/>\
         <c:dLbls><c:numFmt formatCode=\"0;;;\" sourceLinked=\"0\"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>\
         <c:txPr><a:bodyPr/><a:p><a:pPr><a:defRPr sz=\"900\" b=\"1\"><a:solidFill><a:srgbClr val=\"{}\"/></a:solidFill></a:defRPr></a:pPr><a:endParaRPr lang=\"vi-VN\"/></a:p></c:txPr>\
         <c:showLegendKey val=\"0\"/><c:showVal val=\"1\"/><c:showCatName val=\"0\"/><c:showSerName val=\"0\"/><c:showPercent val=\"0\"/><c:showBubbleSize val=\"0\"/></c:dLbls>\
         <c:cat><c:strRef><c:f></c:f><c:strCache><c:ptCount val=\"{}\"/>",
        esc(&s.name),
        s.colour,
        s.text_colour,
        categories.len()
    );
    for (i, c) in categories.iter().enumerate() {
        let _ = write!(x, "<c:pt idx=\"{i}\"><c:v>{}</c:v></c:pt>", esc(c));
    }
    let _ = write!(
        x,
        "</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f></c:f><c:numCache><c:formatCode>General</c:formatCode><c:ptCount val=\"{}\"/>",
        s.values.len()
    );
    for (i, v) in s.values.iter().enumerate() {
        let _ = write!(x, "<c:pt idx=\"{i}\"><c:v>{v}</c:v></c:pt>");
    }
    x.push_str("</c:numCache></c:numRef></c:val></c:ser>");
    x
}

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\"";

fn document_xml(d: &Document) -> (String, Vec<String>) {
    let (body, charts) = body(d);
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document {NS}><w:body>{body}\
         <w:sectPr><w:headerReference w:type=\"default\" r:id=\"rIdHeader\"/><w:headerReference w:type=\"first\" r:id=\"rIdFirst\"/>\
         <w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\"/>\
         <w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_RIGHT}\" w:bottom=\"{MARGIN_BOTTOM}\" w:left=\"{MARGIN_LEFT}\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>\
         <w:titlePg/></w:sectPr></w:body></w:document>"
    );
    (xml, charts)
}

const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" \
w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:sz w:val=\"28\"/><w:szCs w:val=\"28\"/>\
<w:lang w:val=\"vi-VN\" w:eastAsia=\"en-US\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/>\
<w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/>\
<w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/>\
</w:tblCellMar></w:tblPr></w:style></w:styles>";

/// The header of pages 2 on: the page number, centred.
const PAGE_NUMBER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>\
<w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:fldChar w:fldCharType=\"begin\"/></w:r>\
<w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:instrText xml:space=\"preserve\"> PAGE </w:instrText></w:r>\
<w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:fldChar w:fldCharType=\"separate\"/></w:r>\
<w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:t>2</w:t></w:r>\
<w:r><w:rPr><w:sz w:val=\"26\"/></w:rPr><w:fldChar w:fldCharType=\"end\"/></w:r></w:p></w:hdr>";

/// The first page has no number.
const FIRST_HEADER: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:hdr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:p/></w:hdr>";

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<w:settings xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:defaultTabStop w:val=\"720\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" \
w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>";

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
</Relationships>";

fn content_types(charts: usize) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/header1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
<Override PartName=\"/word/header2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>",
    );
    for n in 1..=charts {
        let _ = write!(
            x,
            "<Override PartName=\"/word/charts/chart{n}.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.drawingml.chart+xml\"/>"
        );
    }
    x.push_str("</Types>");
    x
}

fn document_rels(charts: usize) -> String {
    let mut x = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
<Relationship Id=\"rIdSettings\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
<Relationship Id=\"rIdHeader\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\"/>\
<Relationship Id=\"rIdFirst\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header2.xml\"/>",
    );
    for n in 1..=charts {
        let _ = write!(
            x,
            "<Relationship Id=\"rIdChart{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"charts/chart{n}.xml\"/>"
        );
    }
    x.push_str("</Relationships>");
    x
}

fn core(d: &Document) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:language>vi-VN</dc:language>\
<dc:creator>plan</dc:creator></cp:coreProperties>",
        esc(&d.title)
    )
}

/// The docx file of a document.
pub fn write(d: &Document) -> std::io::Result<Vec<u8>> {
    use zip::write::SimpleFileOptions;
    let (document, charts) = document_xml(d);
    let mut parts: Vec<(String, String)> = vec![
        ("[Content_Types].xml".into(), content_types(charts.len())),
        ("_rels/.rels".into(), RELS.into()),
        ("docProps/core.xml".into(), core(d)),
        ("word/document.xml".into(), document),
        (
            "word/_rels/document.xml.rels".into(),
            document_rels(charts.len()),
        ),
        ("word/styles.xml".into(), STYLES.into()),
        ("word/settings.xml".into(), SETTINGS.into()),
        ("word/header1.xml".into(), PAGE_NUMBER.into()),
        ("word/header2.xml".into(), FIRST_HEADER.into()),
    ];
    for (n, c) in charts.into_iter().enumerate() {
        parts.push((format!("word/charts/chart{}.xml", n + 1), c));
    }
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(name, options)
            .map_err(std::io::Error::other)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish().map_err(std::io::Error::other)?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_that_xml_cannot_hold_is_dropped_and_markup_escaped() {
        assert_eq!(esc("a<b>&\"c\u{1}\u{b}d\te"), "a&lt;b&gt;&amp;&quot;cd e");
        assert_eq!(TEXT_WIDTH, 9354);
    }
}
