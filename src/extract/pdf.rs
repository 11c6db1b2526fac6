//! Reading a PDF with a text layer — the signed PDFs document-management systems export — through poppler's
//! `pdftotext -layout`, chosen over a pure-Rust reader by measured results (docs/extract.md, "PDF").
//!
//! The rules this module keeps: the program runs on the file's absolute path (a name starting with `-` is
//! never an option), for at most [`TIME_LIMIT`], and its output is bounded like any document; a PDF without
//! text (a scan) is refused, never read as an empty plan; the page numbers the layout puts on a line of their
//! own at the top or bottom of a page are dropped, and each page's lines follow the last page's.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The longest a PDF may take to read: a real plan of 100 pages takes well under a second.
pub const TIME_LIMIT: Duration = Duration::from_secs(60);

/// Why a PDF was not read.
#[derive(Debug)]
pub enum PdfError {
    /// `pdftotext` is not installed.
    NoReader,
    /// The reader failed on the file: what it said.
    Unreadable(String),
    /// It ran longer than [`TIME_LIMIT`].
    TooSlow,
    /// It gave more text than a document can hold.
    TooLarge,
    /// The PDF has no text layer: a scan, or pictures of pages.
    NoText {
        /// How many pages it has.
        pages: usize,
    },
}

/// Whether bytes are a PDF.
pub fn is_pdf(bytes: &[u8]) -> bool {
    bytes.starts_with(b"%PDF-")
}

/// The text of the PDF at `path`, page after page, without the page numbers.
pub fn text(path: &Path, max: u64) -> Result<String, PdfError> {
    let path = std::fs::canonicalize(path).map_err(|e| PdfError::Unreadable(e.to_string()))?;
    let mut child = Command::new("pdftotext")
        .args(["-layout", "-enc", "UTF-8", "-q"])
        .arg(&path)
        .arg("-")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => PdfError::NoReader,
            _ => PdfError::Unreadable(e.to_string()),
        })?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let mut stderr = child.stderr.take().expect("stderr is piped");
    // Both pipes are drained while the reader runs: a reader that fills one while the other is read waits.
    let errors = std::thread::spawn(move || {
        let mut said = String::new();
        let _ = (&mut stderr).take(4000).read_to_string(&mut said);
        let _ = std::io::copy(&mut stderr, &mut std::io::sink());
        said
    });
    // Read on a thread so that the time limit holds while the reader is still writing.
    let reading = std::thread::spawn(move || {
        let mut out = Vec::new();
        let read = (&mut stdout).take(max + 1).read_to_end(&mut out);
        read.map(|_| out)
    });
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(PdfError::TooSlow);
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(e) => return Err(PdfError::Unreadable(e.to_string())),
        }
    };
    let out = reading
        .join()
        .map_err(|_| PdfError::Unreadable("the reader's output was lost".into()))?
        .map_err(|e| PdfError::Unreadable(e.to_string()))?;
    if out.len() as u64 > max {
        return Err(PdfError::TooLarge);
    }
    let said = errors.join().unwrap_or_default();
    if !status.success() {
        let said = said.trim();
        return Err(PdfError::Unreadable(if said.is_empty() {
            format!("pdftotext ended with {status}")
        } else {
            said.lines().next().unwrap_or(said).to_string()
        }));
    }
    let text = String::from_utf8_lossy(&out);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    // A scan has no text, or a few stray letters of a stamp per page.
    if letters < 40 * pages.len().max(1) / 4 + 20 {
        return Err(PdfError::NoText {
            pages: pages.iter().filter(|p| !p.trim().is_empty()).count().max(1),
        });
    }
    Ok(pages
        .iter()
        .map(|p| without_page_number(p))
        .collect::<Vec<_>>()
        .join("\n"))
}

/// A page's lines without a page number standing alone as its first or last line.
fn without_page_number(page: &str) -> String {
    let lines: Vec<&str> = page.lines().collect();
    let is_number = |l: &str| {
        let t = l.trim().trim_matches('-').trim();
        !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
    };
    let first = lines.iter().position(|l| !l.trim().is_empty());
    let last = lines.iter().rposition(|l| !l.trim().is_empty());
    lines
        .iter()
        .enumerate()
        .filter(|&(i, l)| !((Some(i) == first || Some(i) == last) && is_number(l)))
        .map(|(_, l)| *l)
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers_alone_at_a_page_edge_go_and_numbers_in_the_text_stay() {
        let page = "\n                 2\n\n1. Rà soát trước ngày 31/5/2024.\n2\n   - 3 -  \n";
        assert_eq!(
            without_page_number(page),
            "\n\n1. Rà soát trước ngày 31/5/2024.\n2"
        );
        assert_eq!(without_page_number("12\n"), "");
        assert!(is_pdf(b"%PDF-1.7\n") && !is_pdf(b"PK\x03\x04"));
    }
}
