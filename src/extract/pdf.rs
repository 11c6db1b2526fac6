//! Reading a PDF with a text layer — the signed PDFs document-management systems export — through poppler's
//! `pdftotext`, chosen over a pure-Rust reader by measured results (docs/extract.md, "PDF"): its words and
//! their boxes (`-bbox`), laid out into lines and tables by [`super::layout`].
//!
//! The rules this module keeps: the program runs on the file's absolute path (a name starting with `-` is
//! never an option), for at most [`TIME_LIMIT`], and its output is bounded like any document; a PDF without
//! text (a scan) is refused, never read as an empty plan.

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
        .args(["-bbox", "-enc", "UTF-8", "-q"])
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
            let code = status
                .code()
                .map_or_else(|| "-".to_string(), |c| c.to_string());
            crate::msg!(
                "pdftotext stopped with code {code}",
                "pdftotext dừng với mã {code}"
            )
        } else {
            said.lines().next().unwrap_or(said).to_string()
        }));
    }
    let pages = words(&String::from_utf8_lossy(&out))
        .map_err(|e| PdfError::Unreadable(format!("pdftotext gave no readable page list ({e})")))?;
    let letters: usize = pages
        .iter()
        .flatten()
        .map(|w| w.text.chars().filter(|c| c.is_alphabetic()).count())
        .sum();
    // A scan has no text, or a few stray letters of a stamp per page.
    if letters < 10 * pages.len() + 20 {
        return Err(PdfError::NoText {
            pages: pages.len().max(1),
        });
    }
    Ok(super::layout::text(pages))
}

/// The words of each page of `pdftotext -bbox`'s XHTML, with their boxes.
fn words(xhtml: &str) -> Result<Vec<Vec<super::layout::Word>>, quick_xml::Error> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xhtml);
    let mut pages: Vec<Vec<super::layout::Word>> = Vec::new();
    let mut current: Option<super::layout::Word> = None;
    loop {
        match reader.read_event()? {
            Event::Start(e) if e.local_name().as_ref() == "page" => pages.push(Vec::new()),
            Event::Start(e) if e.local_name().as_ref() == "word" => {
                let mut w = super::layout::Word {
                    text: String::new(),
                    x0: 0.0,
                    y0: 0.0,
                    x1: 0.0,
                    y1: 0.0,
                };
                for a in e.attributes().flatten() {
                    let v: f64 = a.value.to_string().trim().parse().unwrap_or(0.0);
                    match a.key.local_name().as_ref() {
                        "xMin" => w.x0 = v,
                        "yMin" => w.y0 = v,
                        "xMax" => w.x1 = v,
                        "yMax" => w.y1 = v,
                        _ => {}
                    }
                }
                current = Some(w);
            }
            Event::Text(t) => {
                if let Some(w) = current.as_mut() {
                    w.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(w) = current.as_mut() {
                    w.text.push_str(match r.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
            Event::End(e) if e.local_name().as_ref() == "word" => {
                if let (Some(w), Some(page)) = (current.take(), pages.last_mut())
                    && !w.text.is_empty()
                {
                    page.push(w);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_words_of_each_page_come_with_their_boxes() {
        let xhtml = r#"<html><body><doc><page width="595" height="842">
<word xMin="10.5" yMin="20" xMax="30" yMax="32">Số:</word><word xMin="35" yMin="20" xMax="60" yMax="32">A&amp;B</word>
</page><page width="595" height="842"><word xMin="1" yMin="2" xMax="3" yMax="4">2</word></page></doc></body></html>"#;
        let pages = words(xhtml).unwrap();
        assert_eq!(pages.len(), 2);
        assert_eq!(pages[0][1].text, "A&B");
        assert_eq!((pages[0][0].x0, pages[0][0].y1), (10.5, 32.0));
        assert!(is_pdf(b"%PDF-1.7\n") && !is_pdf(b"PK\x03\x04"));
    }
}
