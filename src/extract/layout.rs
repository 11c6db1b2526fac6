//! The lines of a PDF page from its words and their boxes (`pdftotext -bbox`), laid out as `pdftotext
//! -layout` lays them (words of one baseline on one line, a wide gap kept as several spaces) — except that a
//! task table becomes one line a row, cells separated by tabs, as a Word table or a pasted one gives it to the
//! rest of the extractor.
//!
//! A table starts at a header line naming at least three of its usual columns ("STT", "Nội dung", "Cơ quan
//! chủ trì", "Phối hợp", "Thời gian hoàn thành", "Sản phẩm") with the first one numbering the rows ("STT",
//! "TT"). Its columns are the spans of the page the words of its rows cover, separated by gaps no word
//! crosses; a row begins where the first column has its number; a cell's words, over as many lines as the
//! cell is tall, join in reading order. The table runs on over a page break, and ends at an empty line, a
//! section heading ("IV.", "2.", "a)") or "Nơi nhận". A table whose first column does not number its rows is
//! laid out as text: which of its lines start a row cannot be known from the boxes.

use super::words::HEADS;

/// One word with its box, in points from the page's top left.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// The text.
    pub text: String,
    /// Left edge.
    pub x0: f64,
    /// Top edge.
    pub y0: f64,
    /// Right edge.
    pub x1: f64,
    /// Bottom edge.
    pub y1: f64,
}

/// A line: its words, left to right.
#[derive(Debug, Clone)]
struct Line {
    words: Vec<Word>,
}

impl Line {
    /// The line as text: one space between words, several where the gap is wide (a two-column header).
    fn text(&self) -> String {
        let mut out = String::new();
        for (i, w) in self.words.iter().enumerate() {
            if i > 0 {
                let prev = &self.words[i - 1];
                let height = (prev.y1 - prev.y0).max(1.0);
                let gap = w.x0 - prev.x1;
                // A gap wider than two letters is a column's, kept as at least three spaces.
                let spaces = if gap > height {
                    ((gap / (height * 0.5)) as usize).clamp(3, 40)
                } else {
                    1
                };
                out.push_str(&" ".repeat(spaces));
            }
            out.push_str(&w.text);
        }
        out
    }
}

/// The words of a page grouped into lines, top to bottom.
fn lines(mut words: Vec<Word>) -> Vec<Line> {
    words.sort_by(|a, b| (a.y0 + a.y1).total_cmp(&(b.y0 + b.y1)));
    let mut out: Vec<Line> = Vec::new();
    for w in words {
        let mid = (w.y0 + w.y1) / 2.0;
        match out.last_mut() {
            Some(l)
                if {
                    let last = &l.words[0];
                    (mid - (last.y0 + last.y1) / 2.0).abs() < (last.y1 - last.y0) * 0.5
                } =>
            {
                l.words.push(w)
            }
            _ => out.push(Line { words: vec![w] }),
        }
    }
    for l in &mut out {
        l.words.sort_by(|a, b| a.x0.total_cmp(&b.x0));
    }
    out
}

/// Whether a line is a table's header: three of [`HEADS`], the first column numbering the rows.
fn is_header(line: &str) -> bool {
    let f = crate::text::fold(line);
    let numbered = f.starts_with("stt") || f.starts_with("tt ");
    numbered && HEADS.iter().filter(|h| f.contains(*h)).count() >= 3
}

/// Whether a line ends the table it follows (an empty line is the gap between two lines of text).
fn ends_table(line: &str, dotted_rows: bool) -> bool {
    let t = line.trim();
    if t.is_empty() || crate::text::fold(t).starts_with("noi nhan") {
        return true;
    }
    let head: String = t.chars().take_while(|c| *c != '.' && *c != ')').collect();
    let roman = !head.is_empty() && head.chars().all(|c| "IVXLC".contains(c));
    let number = !head.is_empty() && head.len() <= 3 && head.chars().all(|c| c.is_ascii_digit());
    let letter = head.chars().count() == 1 && head.chars().all(|c| c.is_lowercase());
    let marked = t[head.len()..].starts_with(['.', ')']);
    // Rows numbered "1." are rows, not the numbered items that would end the table.
    marked && (roman || (number && !dotted_rows) || letter)
}

/// The columns of a table: the spans of x its rows' words cover, separated by gaps no word crosses.
fn columns(rows: &[&Line]) -> Vec<(f64, f64)> {
    let mut spans: Vec<(f64, f64)> = rows
        .iter()
        .flat_map(|l| l.words.iter().map(|w| (w.x0, w.x1)))
        .collect();
    spans.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (a, b) in spans {
        match out.last_mut() {
            // Words closer than half a point touch; any wider gap may be a column's.
            Some(last) if a <= last.1 + 0.5 => last.1 = last.1.max(b),
            _ => out.push((a, b)),
        }
    }
    out
}

/// The columns with a header: a span under no header word is the rest of the cell to its left (a gap
/// between two words that no other row's words happen to cover).
fn headed(cols: Vec<(f64, f64)>, header: &[&Line]) -> Vec<(f64, f64)> {
    let mut has = vec![false; cols.len()];
    for w in header.iter().flat_map(|l| &l.words) {
        has[column_of(&cols, w)] = true;
    }
    let mut out: Vec<(f64, f64)> = Vec::new();
    for (i, c) in cols.into_iter().enumerate() {
        match out.last_mut() {
            Some(last) if !has[i] => last.1 = c.1,
            _ => out.push(c),
        }
    }
    out
}

/// The column of a word: the one its centre falls in, else the nearest.
fn column_of(cols: &[(f64, f64)], w: &Word) -> usize {
    let c = (w.x0 + w.x1) / 2.0;
    let distance = |(a, b): (f64, f64)| {
        if c < a {
            a - c
        } else if c > b {
            c - b
        } else {
            0.0
        }
    };
    (0..cols.len())
        .min_by(|&i, &j| distance(cols[i]).total_cmp(&distance(cols[j])))
        .unwrap_or(0)
}

fn is_row_number(text: &str) -> bool {
    let t = text.trim_end_matches('.');
    !t.is_empty() && t.len() <= 3 && t.chars().all(|c| c.is_ascii_digit())
}

/// A table's lines (its header's first) as tab-separated rows, and how many lines of the block they took;
/// `None` when they do not read as a table. Lines after the table that its end did not catch (a paragraph
/// straight after it) cross its columns: the table is the longest head of the block that keeps three.
fn table(block: &[&Line]) -> Option<(Vec<String>, usize)> {
    let first_row = block
        .iter()
        .position(|l| l.words.first().is_some_and(|w| is_row_number(&w.text)))?;
    let mut end = block.len();
    let cols = loop {
        let cols = headed(columns(&block[first_row..end]), &block[..first_row]);
        if cols.len() >= 3 {
            break cols;
        }
        if end <= first_row + 1 || block.len() - end >= 40 {
            return None;
        }
        end -= 1;
    };
    let block = &block[..end];
    let starts_row = |l: &Line| {
        l.words
            .iter()
            .find(|w| column_of(&cols, w) == 0)
            .is_some_and(|w| is_row_number(&w.text))
    };
    let mut rows: Vec<Vec<String>> = vec![vec![String::new(); cols.len()]];
    for (i, l) in block.iter().enumerate() {
        if i >= first_row && starts_row(l) {
            rows.push(vec![String::new(); cols.len()]);
        }
        let row = rows.last_mut().expect("a row is open");
        for w in &l.words {
            let cell = &mut row[column_of(&cols, w)];
            if !cell.is_empty() {
                cell.push(' ');
            }
            cell.push_str(&w.text);
        }
    }
    Some((rows.into_iter().map(|r| r.join("\t")).collect(), end))
}

/// The text of a document's pages (each page's words), tables as one line a row. A line of nothing but a
/// page number at the top or bottom of a page is dropped.
pub fn text(pages: Vec<Vec<Word>>) -> String {
    let mut all: Vec<Line> = Vec::new();
    for page in pages {
        let mut ls = lines(page);
        for edge in [ls.len().wrapping_sub(1), 0] {
            if ls.get(edge).is_some_and(|l| page_number(&l.text())) {
                ls.remove(edge);
            }
        }
        all.extend(ls);
    }
    let texts: Vec<String> = all.iter().map(Line::text).collect();
    let mut out = Vec::with_capacity(all.len());
    let mut i = 0;
    while i < all.len() {
        if !is_header(&texts[i]) {
            out.push(texts[i].clone());
            i += 1;
            continue;
        }
        let dotted = texts[i + 1..]
            .iter()
            .find(|t| t.starts_with(|c: char| c.is_ascii_digit()))
            .is_some_and(|t| {
                t.trim_start_matches(|c: char| c.is_ascii_digit())
                    .starts_with('.')
            });
        // A heading starts where the table does; "a) …" further right is a cell's text going on.
        let left = all[i].words.first().map_or(0.0, |w| w.x0);
        let end = (i + 1..all.len())
            .find(|&j| {
                let at_left = all[j].words.first().is_some_and(|w| w.x0 <= left + 6.0);
                let roman = texts[j]
                    .trim_start()
                    .split(['.', ' '])
                    .next()
                    .is_some_and(|h| !h.is_empty() && h.chars().all(|c| "IVXLC".contains(c)));
                (at_left || roman) && ends_table(&texts[j], dotted)
            })
            .unwrap_or(all.len());
        let block: Vec<&Line> = all[i..end].iter().collect();
        match table(&block) {
            Some((rows, used)) => {
                out.extend(rows);
                out.extend(texts[i + used..end].iter().cloned());
            }
            None => out.extend(texts[i..end].iter().cloned()),
        }
        i = end;
    }
    out.join("\n")
}

/// A page number standing alone: "2", "- 2 -".
fn page_number(line: &str) -> bool {
    let t = line.trim().trim_matches('-').trim();
    !t.is_empty() && t.len() <= 4 && t.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Words of one line at height `y`, each given with its left edge; 6 points a letter.
    fn line(y: f64, words: &[(f64, &str)]) -> Vec<Word> {
        words
            .iter()
            .map(|&(x, t)| Word {
                text: t.into(),
                x0: x,
                y0: y,
                x1: x + 6.0 * t.chars().count() as f64,
                y1: y + 12.0,
            })
            .collect()
    }

    fn page(rows: &[Vec<Word>]) -> Vec<Word> {
        rows.iter().flatten().cloned().collect()
    }

    #[test]
    fn a_table_becomes_one_line_a_row_and_runs_on_over_a_page() {
        let p1 = page(&[
            line(10.0, &[(0.0, "III."), (30.0, "NHIỆM"), (70.0, "VỤ")]),
            line(
                30.0,
                &[
                    (0.0, "STT"),
                    (40.0, "Nội"),
                    (64.0, "dung"),
                    (200.0, "Chủ"),
                    (230.0, "trì"),
                    (300.0, "Thời"),
                    (330.0, "hạn"),
                ],
            ),
            line(
                50.0,
                &[
                    (0.0, "1"),
                    (40.0, "Xây"),
                    (64.0, "dựng"),
                    (200.0, "Phòng"),
                    (240.0, "Nội"),
                    (264.0, "vụ"),
                    (300.0, "Trước"),
                    (336.0, "ngày"),
                ],
            ),
            line(64.0, &[(40.0, "kế"), (56.0, "hoạch"), (300.0, "30/4/2024")]),
            line(800.0, &[(290.0, "1")]),
        ]);
        let p2 = page(&[
            line(10.0, &[(290.0, "2")]),
            line(
                30.0,
                &[
                    (0.0, "2"),
                    (40.0, "Kiểm"),
                    (70.0, "tra"),
                    (200.0, "Văn"),
                    (224.0, "phòng"),
                    (300.0, "Quý"),
                    (324.0, "III/2024"),
                ],
            ),
            line(50.0, &[(0.0, "IV."), (30.0, "TỔ"), (50.0, "CHỨC")]),
        ]);
        let got = text(vec![p1, p2]);
        assert_eq!(
            got.lines().collect::<Vec<_>>(),
            [
                "III. NHIỆM VỤ",
                "STT\tNội dung\tChủ trì\tThời hạn",
                "1\tXây dựng kế hoạch\tPhòng Nội vụ\tTrước ngày 30/4/2024",
                "2\tKiểm tra\tVăn phòng\tQuý III/2024",
                "IV. TỔ CHỨC",
            ]
        );
    }

    #[test]
    fn a_paragraph_straight_after_a_table_is_text_and_a_cell_may_say_a() {
        let words: Vec<(f64, &str)> = (0..40).map(|k| (k as f64 * 10.0, "chữ")).collect();
        let p = page(&[
            line(
                30.0,
                &[
                    (0.0, "STT"),
                    (40.0, "Nội"),
                    (64.0, "dung"),
                    (200.0, "Chủ"),
                    (230.0, "trì"),
                    (300.0, "Thời"),
                    (330.0, "hạn"),
                ],
            ),
            line(
                50.0,
                &[
                    (0.0, "1"),
                    (40.0, "Việc"),
                    (200.0, "Phòng"),
                    (300.0, "31/3/2024"),
                ],
            ),
            line(64.0, &[(40.0, "a)"), (56.0, "bước"), (200.0, "A")]),
            line(
                80.0,
                &[
                    (0.0, "2"),
                    (40.0, "Việc"),
                    (200.0, "Phòng"),
                    (300.0, "30/6/2024"),
                ],
            ),
            line(96.0, &words),
        ]);
        let got = text(vec![p]);
        let lines: Vec<&str> = got.lines().collect();
        assert_eq!(lines[0], "STT\tNội dung\tChủ trì\tThời hạn");
        assert_eq!(lines[1], "1\tViệc a) bước\tPhòng A\t31/3/2024");
        assert_eq!(lines[2], "2\tViệc\tPhòng\t30/6/2024");
        assert!(lines[3].starts_with("chữ chữ"), "{got}");
        assert_eq!(lines.len(), 4);
    }

    #[test]
    fn words_of_a_wide_gap_keep_it_and_text_without_a_numbered_table_stays_text() {
        let p = page(&[
            line(
                10.0,
                &[(0.0, "UBND"), (36.0, "XÃ"), (300.0, "CỘNG"), (336.0, "HÒA")],
            ),
            line(
                30.0,
                &[
                    (0.0, "Nhiệm"),
                    (40.0, "vụ"),
                    (200.0, "Chủ"),
                    (230.0, "trì"),
                    (300.0, "Thời"),
                    (330.0, "gian"),
                ],
            ),
            line(
                50.0,
                &[
                    (0.0, "Việc"),
                    (200.0, "Phòng"),
                    (300.0, "Quý"),
                    (324.0, "I"),
                ],
            ),
        ]);
        let got = text(vec![p]);
        let lines: Vec<&str> = got.lines().collect();
        assert!(
            lines[0].starts_with("UBND XÃ   ") && lines[0].ends_with("   CỘNG HÒA"),
            "{got}"
        );
        assert!(!got.contains('\t'), "{got}");
        assert!(
            ends_table("a) Tiếp tục", false)
                && ends_table("2. Phòng", false)
                && ends_table("IV. TỔ CHỨC", true)
        );
        assert!(!ends_table("2. Việc hai", true) && !ends_table("2    Kiểm tra", false));
    }
}
