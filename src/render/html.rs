//! HTML: one self-contained page (no external assets, no scripts), readable on screen and on paper. States are
//! colour-coded and always written out in words too, so nothing depends on colour alone.

use super::{Listing, Value};
use crate::i18n::tr;
use std::io::{self, Write};

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:'Times New Roman',serif;margin:2em;color:#111}\
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\
table{border-collapse:collapse;width:100%;font-size:.92em}\
th,td{border:1px solid #999;padding:.3em .45em;text-align:left;vertical-align:top}\
th{background:#eee}\
.s-done_on_time{background:#e3f4e1}.s-done_late{background:#fdf1d8}.s-open{background:#e6f0fb}\
.s-overdue{background:#fbe0dd;font-weight:bold}.s-ongoing{background:#f3f3f3}.s-completed{background:#e3f4e1}.s-withdrawn{color:#777;text-decoration:line-through}\
.s-ceased{background:#fbe0dd}.s-in_force{background:#e3f4e1}\
p.meta{color:#444}\
@media print{body{margin:0}th{background:#ddd !important}tr{page-break-inside:avoid}\
.s-overdue,.s-done_late,.s-done_on_time,.s-open{-webkit-print-color-adjust:exact;print-color-adjust:exact}}";

/// The page of a document (a report, a letter): the header table, the body, the recipients and signature,
/// laid out for A4 when printed (Chromium and LibreOffice honour `@page`; table headers repeat on each page).
pub fn document(d: &crate::document::Document, out: &mut dyn Write) -> io::Result<()> {
    use crate::document::Block;
    let lang = match crate::i18n::lang() {
        crate::i18n::Lang::Vi => "vi",
        crate::i18n::Lang::En => "en",
    };
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}{PAPER}</style>\n</head>\n<body class=\"doc\">",
        escape(&d.title)
    )?;
    if let Some(h) = &d.header {
        let letter = d.kind == crate::document::Kind::Letter;
        writeln!(
            out,
            "<table class=\"head\"><tr><td class=\"l\">{}<b>{}</b><hr>{}{}</td><td class=\"r\"><b>{}</b><br><b><u>{}</u></b><p class=\"date\"><i>{}</i></p></td></tr></table>",
            h.governing_body
                .as_deref()
                .map(|g| format!("{}<br>", escape(g)))
                .unwrap_or_default(),
            escape(&h.issuer),
            escape(&h.number_line()),
            if letter {
                format!("<br><span class=\"vv\">{}</span>", escape(&d.subject))
            } else {
                String::new()
            },
            escape(h.nation()),
            escape(h.motto()),
            escape(&h.date_line())
        )?;
    }
    match &d.name {
        Some(name) => writeln!(
            out,
            "<h1>{}<br><span class=\"subject\">{}</span></h1><hr class=\"short\">",
            escape(name),
            escape(&d.subject)
        )?,
        None if d.header.is_none() => writeln!(out, "<h1>{}</h1>", escape(&d.subject))?,
        None => {}
    }
    if let Some(to) = &d.addressee {
        writeln!(out, "<p class=\"to\">{}</p>", escape(to))?;
    }
    for b in &d.body {
        match b {
            Block::Heading(t) => writeln!(out, "<h2>{}</h2>", escape(t))?,
            Block::Subheading(t) => writeln!(out, "<h3>{}</h3>", escape(t))?,
            Block::Paragraph(t) => writeln!(out, "<p>{}</p>", escape(t))?,
            Block::Table(t) => paper_table(t, out)?,
            Block::Chart(c) => writeln!(out, "<figure>{}</figure>", super::chart::svg(c))?,
        }
    }
    let recipients: String = d
        .recipients
        .iter()
        .map(|r| format!("<br>- {}", escape(r)))
        .collect();
    let signature = d.signature.as_ref().map_or(String::new(), |s| {
        let lines: String = [&s.on_behalf, &s.title]
            .into_iter()
            .flatten()
            .map(|l| format!("<b>{}</b><br>", escape(l)))
            .collect();
        format!("{lines}<br><br><br><br><b>{}</b>", escape(&s.name))
    });
    writeln!(
        out,
        "<table class=\"foot\"><tr><td class=\"l\"><b><i>{}</i></b>{recipients}</td><td class=\"r\">{signature}</td></tr></table>",
        tr("Recipients:", "Nơi nhận:")
    )?;
    end(out)
}

/// A document's table: the columns a page holds, the header repeated on each printed page.
fn paper_table(t: &crate::document::Table, out: &mut dyn Write) -> io::Result<()> {
    rows(
        &t.listing,
        &crate::document::paper_columns(t),
        " class=\"data\"",
        out,
    )
}

/// Print rules of a document: A4 with the decree's margins, 14 pt body, justified, first-line indent.
const PAPER: &str = "@page{size:A4;margin:20mm 15mm 20mm 30mm}\
body.doc{font-size:14pt;max-width:165mm;margin:1em auto;line-height:1.25}\
body.doc p{text-align:justify;text-indent:1cm;margin:.35em 0}\
body.doc h1{font-size:14pt;text-align:center;margin:1em 0 0}body.doc h1 .subject{font-weight:bold}\
body.doc h2{font-size:14pt;text-indent:1cm;margin:.8em 0 .3em}body.doc h3{font-size:14pt;font-style:italic;text-indent:1cm;margin:.6em 0 .3em}\
table.head,table.foot{width:100%;border:none;margin:0;font-size:13pt}\
table.head td,table.foot td{border:none;padding:0;vertical-align:top;background:none}\
table.head td.l{width:45%;text-align:center}table.head td.r b:first-child{font-size:12pt}table.head td.r{text-align:center}\
table.head hr{width:35%;border:0;border-top:1px solid #000;margin:.15em auto .3em}\
hr.short{width:30%;border:0;border-top:1px solid #000;margin:.2em auto 1em}\
p.date{text-align:center !important;text-indent:0 !important;margin-top:.5em}p.to{text-align:center !important;text-indent:0 !important}\
.vv{font-size:12pt}\
table.foot{margin-top:1.5em;page-break-inside:avoid}table.foot td.l{width:50%;font-size:11pt}table.foot td.r{text-align:center;font-size:14pt}\
table.data{font-size:12pt;table-layout:auto;margin:.4em 0}thead{display:table-header-group}\
figure{margin:.6em 0;page-break-inside:avoid}body.doc .s-overdue{font-weight:normal}";

/// Starts a page with a title.
pub fn begin(title: &str, out: &mut dyn Write) -> io::Result<()> {
    let lang = if crate::i18n::lang() == crate::i18n::Lang::Vi {
        "vi"
    } else {
        "en"
    };
    writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<h1>{}</h1>",
        escape(title),
        escape(title)
    )
}

/// Ends a page.
pub fn end(out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "</body>\n</html>")
}

/// Writes a heading.
pub fn heading(text: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<h2>{}</h2>", escape(text))
}

/// Writes a paragraph.
pub fn paragraph(text: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "<p class=\"meta\">{}</p>", escape(text))
}

/// Writes the listing's table columns as an HTML table; rows carry their state as a class for colour.
pub fn table(listing: &Listing, out: &mut dyn Write) -> io::Result<()> {
    rows(listing, &listing.visible(true), "", out)
}

/// A table of these columns of a listing, with attributes for its `<table>` tag.
fn rows(listing: &Listing, cols: &[usize], attrs: &str, out: &mut dyn Write) -> io::Result<()> {
    let state_col = listing
        .columns
        .iter()
        .position(|c| c.key == "state" || c.key == "effect");
    writeln!(out, "<table{attrs}>\n<thead><tr>")?;
    for &i in cols {
        write!(
            out,
            "<th>{}</th>",
            escape(&super::people_header(&listing.columns[i]))
        )?;
    }
    writeln!(out, "</tr></thead>\n<tbody>")?;
    if listing.rows.is_empty() {
        writeln!(
            out,
            "<tr><td colspan=\"{}\">{}</td></tr>",
            cols.len(),
            tr("(none)", "(không có)")
        )?;
    }
    for row in &listing.rows {
        match state_col.map(|i| &row[i]) {
            Some(Value::Label(s)) => write!(out, "<tr class=\"s-{}\">", escape(s))?,
            _ => write!(out, "<tr>")?,
        }
        for &i in cols {
            write!(out, "<td>{}</td>", escape(&row[i].human()))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody>\n</table>")?;
    if let Some(s) = &listing.summary {
        paragraph(s, out)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Column;

    #[test]
    fn every_field_is_escaped_and_states_are_words_and_classes() {
        let mut l = Listing::new(vec![
            Column::all("title", "Title"),
            Column::all("state", "State"),
        ]);
        l.rows.push(vec![
            Value::Text("<script>alert('x')</script> & \"q\"".into()),
            Value::Label("overdue".into()),
        ]);
        let mut out = Vec::new();
        begin("A <b>", &mut out).unwrap();
        table(&l, &mut out).unwrap();
        end(&mut out).unwrap();
        let html = String::from_utf8(out).unwrap();
        assert!(
            html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;")
        );
        assert!(html.contains("<tr class=\"s-overdue\"><td>"));
        assert!(html.contains("<td>overdue</td>"));
        assert!(html.contains("<title>A &lt;b&gt;</title>"));
        assert!(!html.contains("<script>"));
        assert!(!html.contains("http"), "no external assets");
    }
}
