//! HTML: one self-contained page (no external assets, no scripts), readable on screen and on paper. States are
//! colour-coded and always written out in words too, so nothing depends on colour alone.

use super::{Listing, Value};
use crate::i18n::{header, tr};
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
    let cols = listing.visible(true);
    let state_col = listing
        .columns
        .iter()
        .position(|c| c.key == "state" || c.key == "effect");
    writeln!(out, "<table>\n<thead><tr>")?;
    for &i in &cols {
        write!(
            out,
            "<th>{}</th>",
            escape(header(listing.columns[i].key, listing.columns[i].header))
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
        for &i in &cols {
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
