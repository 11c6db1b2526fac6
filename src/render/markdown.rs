//! Markdown: a pipe table that renders on common forges (GitHub, GitLab, Gitea), for people.

use super::{Listing, Value};
use crate::i18n::header;
use std::io::{self, Write};

fn cell(v: &Value) -> String {
    v.human()
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
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
