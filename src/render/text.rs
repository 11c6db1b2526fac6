//! Plain text of a document, for e-mail and for reading on a terminal: the header as lines, each table row as
//! one item with its columns named, the recipients and the signature.

use crate::document::{self, Block, Document};
use std::io::{self, Write};

/// Writes a document as plain text.
pub fn document(d: &Document, out: &mut dyn Write) -> io::Result<()> {
    if let Some(h) = &d.header {
        for line in h.left_lines() {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "\n{}\n{}\n{}\n", h.nation(), h.motto(), h.date_line())?;
    }
    if let Some(name) = &d.name {
        writeln!(out, "{name}")?;
    }
    writeln!(out, "{}\n", d.subject)?;
    if let Some(to) = &d.addressee {
        writeln!(out, "{to}\n")?;
    }
    for b in &d.body {
        match b {
            Block::Heading(t) | Block::Subheading(t) | Block::Paragraph(t) => {
                writeln!(out, "{t}\n")?
            }
            Block::Table(t) => {
                let cols = document::paper_columns(t);
                for (n, row) in t.listing.rows.iter().enumerate() {
                    let cells: Vec<String> = cols
                        .iter()
                        .filter(|&&i| row[i].human().trim() != "")
                        .map(|&i| {
                            let c = &t.listing.columns[i];
                            format!("{}: {}", crate::render::people_header(c), row[i].human())
                        })
                        .collect();
                    writeln!(out, "{}. {}", n + 1, cells.join("; "))?;
                }
                writeln!(out)?;
            }
            Block::Chart(_) => {}
        }
    }
    if !d.recipients.is_empty() {
        writeln!(out, "{}", crate::i18n::tr("Recipients:", "Nơi nhận:"))?;
        for r in &d.recipients {
            writeln!(out, "- {r}")?;
        }
        writeln!(out)?;
    }
    if let Some(s) = &d.signature {
        for line in [&s.on_behalf, &s.title].into_iter().flatten() {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "\n{}", s.name)?;
    }
    Ok(())
}
