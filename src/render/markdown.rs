//! Markdown: a pipe table that renders on common forges (GitHub, GitLab, Gitea), for people.

use super::{Listing, Value};
use crate::i18n::header;
use std::io::{self, Write};

/// A cell's text as Markdown shows it and never runs it: `\\` and `|` escaped for the table, `<` and `>` as
/// entities (no HTML passes through), `[` and `]` escaped (no link, no image), white space as single spaces.
fn cell(v: &Value) -> String {
    let text = v.human();
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
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

/// Writes the listing's table columns as a Markdown table, then its summary as a paragraph.
pub fn write(listing: &Listing, out: &mut dyn Write) -> io::Result<()> {
    let cols = listing.visible(true);
    let heads: Vec<String> = cols
        .iter()
        .map(|&i| header(listing.columns[i].key, listing.columns[i].header).to_string())
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
