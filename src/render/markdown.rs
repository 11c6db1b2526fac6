//! Markdown: a pipe table that renders on common forges (GitHub, GitLab, Gitea), for people.

use super::{Listing, Value};
use std::io::{self, Write};

/// A cell's text as Markdown shows it and never runs it: `\\` and `|` escaped for the table, `<` and `>` as
/// entities (no HTML passes through), `[` and `]` escaped (no link, no image), white space as single spaces.
fn cell(v: &Value) -> String {
    let text = v.human();
    let mut out = String::with_capacity(text.len());
    // ASCII white space only: a no-break space is kept (the blank of "Số:      /BC-SKHCN").
    for word in text.split_ascii_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '|' => out.push_str("\\|"),
                '[' => out.push_str("\\["),
                ']' => out.push_str("\\]"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                c => out.push(c),
            }
        }
    }
    out
}

/// A document as Markdown, for e-mail and forges: the header as lines, the body (a chart's numbers are the
/// table beside it), the recipients and the signature.
pub fn document(d: &crate::document::Document, out: &mut dyn Write) -> io::Result<()> {
    use crate::document::Block;
    let text = |t: &str| cell(&Value::Text(t.to_string()));
    if let Some(h) = &d.header {
        for line in h.left_lines() {
            writeln!(out, "{}  ", text(&line))?;
        }
        writeln!(
            out,
            "\n{}  \n{}  \n*{}*\n",
            h.nation(),
            h.motto(),
            text(&h.date_line())
        )?;
    }
    match (&d.name, d.kind) {
        (Some(name), _) => writeln!(out, "# {}\n\n**{}**\n", text(name), text(&d.subject))?,
        (None, crate::document::Kind::Letter) => writeln!(out, "**{}**\n", text(&d.subject))?,
        (None, _) => writeln!(out, "# {}\n", text(&d.subject))?,
    }
    if let Some(to) = &d.addressee {
        writeln!(out, "{}\n", text(to))?;
    }
    for b in &d.body {
        match b {
            Block::Heading(t) => writeln!(out, "## {}\n", text(t))?,
            Block::Subheading(t) => writeln!(out, "### {}\n", text(t))?,
            Block::Paragraph(t) => writeln!(out, "{}\n", text(t))?,
            Block::Table(t) => {
                write(&crate::document::on_paper(t), out)?;
                writeln!(out)?;
            }
            // The chart's numbers are the table beside it; here only its title says what it would show.
            Block::Chart(_) => {}
        }
    }
    if !d.recipients.is_empty() {
        writeln!(
            out,
            "***{}***  ",
            crate::i18n::tr("Recipients:", "Nơi nhận:")
        )?;
        for r in &d.recipients {
            writeln!(out, "- {}", text(r))?;
        }
        writeln!(out)?;
    }
    if let Some(s) = &d.signature {
        for line in [&s.on_behalf, &s.title].into_iter().flatten() {
            writeln!(out, "**{}**  ", text(line))?;
        }
        writeln!(out, "\n**{}**", text(&s.name))?;
    }
    Ok(())
}

/// Writes the listing's table columns as a Markdown table, then its summary as a paragraph.
pub fn write(listing: &Listing, out: &mut dyn Write) -> io::Result<()> {
    let cols = listing.visible(true);
    let heads: Vec<String> = cols
        .iter()
        .map(|&i| super::people_header(&listing.columns[i]))
        .collect();
    writeln!(out, "| {} |", heads.join(" | "))?;
    writeln!(
        out,
        "|{}|",
        cols.iter().map(|_| "---").collect::<Vec<_>>().join("|")
    )?;
    for row in &listing.rows {
        let cells: Vec<String> = cols.iter().map(|&i| cell(&row[i])).collect();
        writeln!(out, "| {} |", cells.join(" | "))?;
    }
    if let Some(s) = &listing.summary {
        writeln!(out, "\n{s}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::Column;

    #[test]
    fn html_and_links_do_not_pass() {
        let v = Value::Text(
            "<img src=x onerror=alert(1)> [x](javascript:alert(1)) ![i](http://e/x.png)".into(),
        );
        assert_eq!(
            cell(&v),
            "&lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:alert(1)) !\\[i\\](http://e/x.png)"
        );
    }

    #[test]
    fn pipes_and_line_breaks_are_escaped() {
        let mut l = Listing::new(vec![
            Column::all("task", "Task"),
            Column::all("title", "Title"),
        ]);
        l.rows.push(vec![
            Value::Text("II.1".into()),
            Value::Text("a | b\nc".into()),
        ]);
        let mut out = Vec::new();
        write(&l, &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "| Task | Title |\n|---|---|\n| II.1 | a \\| b c |\n"
        );
    }
}
