//! Reading a plan's text: lines normalised (NFC, odd spaces), the document cut out of a pasted web page, and
//! the line breaks of PDF and Word copies undone into paragraphs.
//!
//! The rule this module keeps: a line break means nothing by itself. A new paragraph starts only where the
//! writing says so — a heading or item marker ("II.", "2.", "2.1", "a)", "-") where an item can begin, or a
//! capital after a finished sentence or a short (unwrapped) line. So "Kế \n\nhoạch số 03-KH/BCĐ", "ngày
//! \n\n11/6/2019" and "kinh tế \n\n- xã hội" join up again, and a reference or a date never straddles a break.

use super::{Block, is_caps};

/// One source line: its number (1-based) and its text (NFC, trimmed, odd spaces made plain).
#[derive(Debug, Clone)]
pub struct Line {
    /// 1-based line number in the input.
    pub no: usize,
    /// The text.
    pub text: String,
}

/// NFC, no-break and zero-width spaces, soft hyphens; trims each line. Keeps tabs (table cells).
pub fn normalise(raw: &[String]) -> Vec<Line> {
    raw.iter()
        .enumerate()
        .map(|(i, l)| {
            let nfc = crate::text::nfc(l);
            let text: String =
                nfc.chars()
                    .filter(|c| {
                        !matches!(
                            c,
                            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
                        )
                    })
                    .map(|c| match c {
                        '\u{a0}' | '\u{2007}' | '\u{202f}' | '\u{2002}' | '\u{2003}'
                        | '\u{2009}' => ' ',
                        // Page and line breaks of PDF and Word text (form feed, vertical tab, NEL).
                        '\r' | '\u{b}' | '\u{c}' | '\u{85}' => ' ',
                        c => c,
                    })
                    // Other control characters are no text, and a plan file may not hold them.
                    .filter(|&c| c == '\t' || !crate::shown::forbidden(c))
                    .collect();
            Line {
                no: i + 1,
                text: text
                    .trim_matches(|c: char| c.is_whitespace() && c != '\t')
                    .trim_matches(' ')
                    .to_string(),
            }
        })
        .collect()
}

/// Splits text into lines on any line break.
pub fn split_lines(text: &str) -> Vec<String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    text.split('\n')
        .flat_map(|l| l.split(['\r', '\u{2028}', '\u{2029}', '\u{b}', '\u{c}', '\u{85}']))
        .map(str::to_string)
        .collect()
}

/// Lines of a web page that are never part of a document: navigation, counters, sharing buttons, the
/// metadata tables of document portals.
const JUNK: &[&str] = &[
    "trang chu",
    "luot xem",
    "so luot xem",
    "ngay dang",
    "dang ngay",
    "cap nhat luc",
    "ngay cap nhat",
    "chia se",
    "in bai viet",
    "in trang",
    "ban in",
    "gui email",
    "gui bai viet",
    "tai ve",
    "tai file",
    "tep dinh kem",
    "file dinh kem",
    "van ban goc",
    "xem them",
    "xem chi tiet",
    "tro ve",
    "quay lai",
    "len dau trang",
    "facebook",
    "zalo",
    "twitter",
    "tweet",
    "dang ky nhan tin",
    "tac gia:",
    "nguon:",
    "so ky hieu:",
    "so/ky hieu:",
    "ky hieu:",
    "ngay ban hanh:",
    "ngay hieu luc:",
    "ngay het hieu luc:",
    "co quan ban hanh:",
    "nguoi ky:",
    "loai van ban:",
    "linh vuc:",
    "trich yeu:",
    "tinh trang hieu luc:",
    "tinh trang:",
    "thuoc tinh",
    "luoc do",
    "danh muc:",
    "chuyen muc:",
    "tu khoa:",
    "the:",
    "ban dang o",
    "ban dang xem",
];

/// Lines after which a web page has nothing more of the document.
const STOPS: &[&str] = &[
    "tin lien quan",
    "bai viet lien quan",
    "tin cung chuyen muc",
    "tin cung loai",
    "cac tin khac",
    "tin khac",
    "tin moi",
    "tin da dua",
    "van ban lien quan",
    "cac van ban khac",
    "van ban khac",
    "copyright",
    "ban quyen",
    "© ",
    "thong ke truy cap",
    "lien ket website",
    "y kien ban doc",
    "binh luan",
];

/// Whether a line is web-page furniture.
pub fn is_junk(text: &str) -> bool {
    let f = crate::text::fold(text);
    JUNK.iter().any(|j| f.starts_with(j)) || (f.contains('>') && f.starts_with("trang chu"))
}

/// Whether a line ends the document on a web page.
pub fn is_stop(text: &str) -> bool {
    let f = crate::text::fold(text);
    STOPS.iter().any(|j| f.starts_with(j)) || text.starts_with('©')
}

/// The national motto and the Party's name, which stand opposite the issuer in every header.
pub fn is_motto(text: &str) -> bool {
    let f = crate::text::fold(text);
    f.contains("cong hoa xa hoi chu nghia viet nam")
        || f.contains("doc lap - tu do - hanh phuc")
        || f.contains("doc lap tu do hanh phuc")
        || f.contains("doc lap – tu do – hanh phuc")
        || f == "dang cong san viet nam"
        || f.starts_with("dang cong san viet nam ")
        || f.ends_with(" dang cong san viet nam")
}

/// Splits a line laid out in two columns (tab or a run of three spaces) into its parts.
pub fn segments(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for part in text.split('\t') {
        let mut cur = String::new();
        let mut spaces = 0;
        for c in part.chars() {
            if c == ' ' {
                spaces += 1;
                continue;
            }
            if spaces >= 3 && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            } else if spaces > 0 && !cur.is_empty() {
                cur.push(' ');
            }
            spaces = 0;
            cur.push(c);
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

/// What opens a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Marker {
    /// No marker: running text.
    None,
    /// A section heading: "I.", "II-", "PHẦN III." (the numeral's value).
    Roman(u32),
    /// "A. MỤC ĐÍCH" (a part lettered in capitals).
    Part(char),
    /// "1.", "2.1", "2.1.3.", "1-", "1)".
    Num(Vec<u32>),
    /// "a)", "b)", "đ)".
    Alpha(char),
    /// "-", "+", "•".
    Bullet(char),
}

/// Reads the value of a Roman numeral (I to about XXXIX), upper case only.
pub fn roman(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 7 {
        return None;
    }
    let val = |c: char| match c {
        'I' => Some(1),
        'V' => Some(5),
        'X' => Some(10),
        'L' => Some(50),
        _ => None,
    };
    let mut total = 0i32;
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let v = val(c)?;
        let next = chars.get(i + 1).and_then(|&n| val(n)).unwrap_or(0);
        if v < next {
            total -= v;
        } else {
            total += v;
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0 && t < 60)?;
    (to_roman(total) == s).then_some(total)
}

/// Writes a number as a Roman numeral.
pub fn to_roman(mut n: u32) -> String {
    // Roman numerals stop at 3999 (MMMCMXCIX): above, the number is written in digits, as Word does.
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    let table = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (v, s) in table {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

const BULLETS: &[char] = &[
    '-', '–', '—', '+', '•', '*', '●', '○', '◦', '▪', '■', '□', '►', '➢', '✓', '⁃', '\u{f0b7}',
    '\u{f0a7}', '·',
];

fn starts_body(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_alphabetic() || matches!(c, '“' | '"' | '(' | '\'' | '‘' | '«'))
}

/// Recognises the marker at the start of a line; returns it with the byte offset where the body starts.
pub fn marker(s: &str) -> Option<(Marker, usize)> {
    let first = s.chars().next()?;
    // Roman section heading, optionally after "Phần".
    let first_word: String = s.chars().take_while(|c| c.is_alphabetic()).collect();
    let (prefix, rest) =
        if crate::text::fold(&first_word) == "phan" && s[first_word.len()..].starts_with(' ') {
            let at = first_word.len() + 1;
            (at, s[at..].trim_start())
        } else {
            (0, s)
        };
    let numeral_len = rest
        .find(|c: char| !matches!(c, 'I' | 'V' | 'X' | 'L'))
        .unwrap_or(rest.len());
    if numeral_len > 0
        && let Some(value) = roman(&rest[..numeral_len])
    {
        let after = &rest[numeral_len..];
        let trimmed = after.trim_start_matches(' ');
        let punct = trimmed.chars().next();
        if matches!(punct, Some('.' | '-' | '–' | ')' | '/' | ':')) {
            let p = punct.map_or(1, char::len_utf8);
            let body = trimmed[p..].trim_start_matches(' ');
            if starts_body(body.chars().next()) && !body.starts_with(|c: char| c.is_ascii_digit()) {
                let at = s.len() - body.len();
                return Some((Marker::Roman(value), prefix.max(at)));
            }
        }
    }
    // A part in capitals: "A. MỤC ĐÍCH".
    if first.is_ascii_uppercase() && matches!(first, 'A'..='H') && s[1..].starts_with(". ") {
        let body = s[3..].trim_start();
        if is_caps(body) && body.split_whitespace().count() >= 2 {
            return Some((Marker::Part(first), s.len() - body.len()));
        }
    }
    // Numbers: 1. 2.1 2.1.3. 1- 1)
    if first.is_ascii_digit() {
        let mut nums = Vec::new();
        let mut p = 0;
        let b = s.as_bytes();
        loop {
            let start = p;
            while p < b.len() && b[p].is_ascii_digit() {
                p += 1;
            }
            if p == start || p - start > 2 {
                return None;
            }
            nums.push(s[start..p].parse::<u32>().ok()?);
            if p + 1 < b.len() && b[p] == b'.' && b[p + 1].is_ascii_digit() && nums.len() < 4 {
                p += 1;
                continue;
            }
            break;
        }
        let mut q = p;
        while q < b.len() && b[q] == b' ' {
            q += 1;
        }
        let punct = s[q..].chars().next();
        let (has_punct, after) = match punct {
            Some('.' | ')' | '-' | '–' | '/') => {
                let c = punct.map_or(1, char::len_utf8);
                (true, q + c)
            }
            _ => (false, q),
        };
        // "1 - " with spaces before the dash is the Party's style only when a capital follows.
        if !has_punct && nums.len() < 2 {
            return None;
        }
        if has_punct && q > p && !matches!(punct, Some('-' | '–')) {
            return None;
        }
        if matches!(punct, Some('/')) {
            return None;
        }
        let body = s[after..].trim_start_matches(' ');
        if !starts_body(body.chars().next()) {
            return None;
        }
        if !has_punct && q == p {
            return None;
        }
        // "19 - CT/TW" is a number split by a line break, not an item.
        let word: String = body.chars().take_while(|c| !c.is_whitespace()).collect();
        if word.contains('/') {
            return None;
        }
        if matches!(punct, Some('-' | '–')) && !body.chars().next().is_some_and(char::is_uppercase)
        {
            return None;
        }
        return Some((Marker::Num(nums), s.len() - body.len()));
    }
    // Letters: a) b) đ)
    if first.is_lowercase() && first.is_alphabetic() {
        let next_at = first.len_utf8();
        let punct = s[next_at..].chars().next();
        if matches!(punct, Some(')'))
            || (matches!(punct, Some('.')) && s[next_at + 1..].starts_with(' '))
        {
            let body = s[next_at + 1..].trim_start_matches(' ');
            let dot_ok = punct == Some(')') || body.chars().next().is_some_and(char::is_uppercase);
            if starts_body(body.chars().next())
                && dot_ok
                && (punct == Some(')') || body.len() < s.len() - 1)
            {
                return Some((Marker::Alpha(first), s.len() - body.len()));
            }
        }
        return None;
    }
    if BULLETS.contains(&first) {
        let rest = &s[first.len_utf8()..];
        let body = rest.trim_start_matches(' ');
        // "-1" or "--" is not a bullet; "-Tổ chức" is.
        if body.is_empty() || body.starts_with(BULLETS) && first != '*' {
            return None;
        }
        if !starts_body(body.chars().next()) && !body.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        return Some((Marker::Bullet(first), s.len() - body.len()));
    }
    None
}

/// A paragraph of the body: joined text, its marker, where the body starts, table cells if it is a row.
#[derive(Debug, Clone)]
pub struct Para {
    /// The text with line breaks undone (single spaces), marker included.
    pub block: Block,
    /// What opens it.
    pub marker: Marker,
    /// Byte offset of the body (after the marker) in `block.text`.
    pub body_at: usize,
    /// The cells of a table row (tab-separated in text, or a Word table row).
    pub cells: Vec<String>,
}

impl Para {
    /// The text after the marker.
    pub fn body(&self) -> &str {
        self.block.text.get(self.body_at..).unwrap_or("")
    }

    /// The marker as written.
    pub fn marker_text(&self) -> &str {
        self.block.text.get(..self.body_at).unwrap_or("").trim()
    }
}

fn ends_terminal(s: &str) -> bool {
    let t = s.trim_end_matches(|c: char| {
        matches!(c, '”' | '"' | '’' | '\'' | '»' | ')') || c.is_whitespace()
    });
    t.ends_with(['.', ';', ':', '!', '?', '…'])
}

/// Words after which a number continues a citation ("khoản \n2. ...") rather than opening an item.
const CITING: &[&str] = &[
    "khoan", "dieu", "diem", "muc", "so", "tai", "theo", "chuong", "phan", "ngay", "thang", "nam",
    "quy",
];

/// Splits body lines into paragraphs. `wrapped` allows line breaks inside sentences (PDF, Word copies).
pub fn paragraphs(lines: &[Line], wrapped: bool) -> Vec<Para> {
    let width = typical_width(lines);
    let full = |s: &str| s.chars().count() as f32 >= width * 0.72;
    let mut out: Vec<Para> = Vec::new();
    let mut prev: Option<&str> = None;
    let mut last_num: Vec<u32> = Vec::new();
    let mut last_alpha: Option<char> = None;
    for line in lines {
        let t = line.text.as_str();
        if t.trim().is_empty() {
            continue;
        }
        let cells: Vec<String> = if t.contains('\t') {
            t.split('\t').map(|c| c.trim().to_string()).collect()
        } else if t.starts_with('|') && t.matches('|').count() >= 3 {
            t.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        } else {
            Vec::new()
        };
        if cells.iter().filter(|c| !c.is_empty()).count() >= 2 {
            // Markdown separator rows ("|---|---|") carry nothing.
            if cells
                .iter()
                .all(|c| c.chars().all(|ch| matches!(ch, '-' | ':' | ' ')))
            {
                continue;
            }
            out.push(Para {
                block: Block {
                    text: cells
                        .iter()
                        .filter(|c| !c.is_empty())
                        .cloned()
                        .collect::<Vec<_>>()
                        .join(" "),
                    line: line.no,
                    starts: vec![(0, line.no)],
                },
                marker: Marker::None,
                body_at: 0,
                cells,
            });
            prev = None;
            continue;
        }
        let t = collapse(t);
        let prev_terminal = prev.is_some_and(ends_terminal);
        let prev_short = prev.is_some_and(|p| !full(p));
        let prev_citing = prev.is_some_and(|p| {
            let f = crate::text::fold(p);
            let last = f.rsplit(' ').next().unwrap_or("");
            CITING.contains(&last)
        });
        let open = prev.is_none() || prev_terminal || (prev_short && !prev_citing) || !wrapped;
        let found = marker(&t).filter(|(m, body_at)| {
            let body = &t[*body_at..];
            match m {
                Marker::Roman(_) | Marker::Part(_) => open || is_caps(body),
                Marker::Num(n) => {
                    let expected = expected_num(&last_num, n);
                    !prev_citing && (open || expected)
                }
                Marker::Alpha(c) => {
                    let expected = match last_alpha {
                        None => *c == 'a',
                        Some(l) => next_letter(l) == Some(*c),
                    };
                    !prev_citing && (open || expected)
                }
                Marker::Bullet(_) => {
                    let upper = body.chars().next().is_some_and(|c| !c.is_lowercase());
                    // Under a heading item ("1- Kỷ niệm ... (03/02/1930 - 03/02/2023)") a capital bullet
                    // opens its details even after a long line.
                    let under_heading = out.last().is_some_and(|l| {
                        matches!(
                            l.marker,
                            Marker::Num(_) | Marker::Alpha(_) | Marker::Roman(_)
                        ) && !ends_terminal(&l.block.text)
                    });
                    (upper && (open || under_heading))
                        || (prev_terminal
                            && prev.is_some_and(|p| p.trim_end().ends_with([':', ';', '.'])))
                }
                Marker::None => true,
            }
        });
        let starts_new = match &found {
            Some(_) => true,
            None => match (out.last(), prev) {
                (None, _) | (_, None) => true,
                (Some(last), Some(p)) => {
                    if !last.cells.is_empty() || !wrapped {
                        true
                    } else {
                        let first = t.chars().next().unwrap_or(' ');
                        let lower = first.is_lowercase();
                        let caps_run = is_caps(&last.block.text) && is_caps(&t);
                        if ends_terminal(p) {
                            !lower
                        } else if lower || !first.is_alphabetic() || caps_run {
                            false
                        } else {
                            !full(p)
                        }
                    }
                }
            },
        };
        if starts_new {
            let (marker, body_at) = found.unwrap_or((Marker::None, 0));
            match &marker {
                Marker::Roman(_) | Marker::Part(_) => {
                    last_num.clear();
                    last_alpha = None;
                }
                Marker::Num(n) => {
                    last_num = n.clone();
                    last_alpha = None;
                }
                Marker::Alpha(c) => last_alpha = Some(*c),
                _ => {}
            }
            out.push(Para {
                block: Block {
                    text: t.clone(),
                    line: line.no,
                    starts: vec![(0, line.no)],
                },
                marker,
                body_at,
                cells: Vec::new(),
            });
        } else if let Some(last) = out.last_mut() {
            let glue = if last.block.text.ends_with(['-', '–'])
                && t.starts_with(|c: char| c.is_alphabetic())
                && !last.block.text.ends_with(" -")
            {
                ""
            } else {
                " "
            };
            last.block.text.push_str(glue);
            let at = last.block.text.len();
            last.block.text.push_str(&t);
            last.block.starts.push((at, line.no));
        }
        prev = Some(&line.text);
    }
    out
}

/// Collapses runs of white space into one space.
pub fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn expected_num(last: &[u32], n: &[u32]) -> bool {
    if last.is_empty() {
        return n.iter().all(|&x| x == 1) || n.len() == 1 && n[0] <= 2;
    }
    // A sibling or an ancestor's sibling: same prefix, next number.
    for depth in 1..=last.len() {
        if n.len() == depth
            && n[..depth - 1] == last[..depth - 1]
            && n[depth - 1] == last[depth - 1] + 1
        {
            return true;
        }
    }
    // A first child: the last number followed by .1
    n.len() == last.len() + 1 && n[..last.len()] == *last && n[last.len()] == 1
}

/// The next letter in the order Vietnamese lists use (a, b, c, d, đ, e, g, h, i, k, ...).
pub fn next_letter(c: char) -> Option<char> {
    const ORDER: &str = "abcdđeghiklmnopqrstuvxy";
    let mut it = ORDER.chars().skip_while(|&x| x != c);
    it.next()?;
    it.next().or_else(|| {
        // Some writers use the Latin order (f, j, w, z) too.
        char::from_u32(c as u32 + 1).filter(|n| n.is_ascii_lowercase())
    })
}

/// The n-th letter (1-based) in the Vietnamese order.
pub fn nth_letter(n: usize) -> String {
    const ORDER: &str = "abcdđeghiklmnopqrstuvxy";
    ORDER
        .chars()
        .nth(n.saturating_sub(1))
        .map_or_else(|| n.to_string(), |c| c.to_string())
}

/// The width of a full line: lines much shorter than this ended a paragraph (or a heading).
fn typical_width(lines: &[Line]) -> f32 {
    let mut lens: Vec<usize> = lines
        .iter()
        .map(|l| l.text.chars().count())
        .filter(|&n| n >= 20)
        .collect();
    if lens.len() < 8 {
        return 80.0;
    }
    lens.sort_unstable();
    let at = (lens.len() * 8 / 10).min(lens.len() - 1);
    (lens[at] as f32).clamp(40.0, 2000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        normalise(&split_lines(text))
    }

    fn texts(text: &str) -> Vec<String> {
        paragraphs(&lines(text), true)
            .into_iter()
            .map(|p| p.block.text)
            .collect()
    }

    #[test]
    fn unwraps_pdf_lines_with_blank_lines_between() {
        let text = "Thực hiện Kế \n\nhoạch số 03-KH/BCĐ ngày \n\n11/6/2019 của Ban chỉ đạo tỉnh về việc gửi báo cáo \n\ntrước ngày \n\n12/4/2022. \n\n2. Tiếp tục phát triển kinh tế \n\n- xã hội của địa phương và các vùng có điều kiện khó khăn nhất. \n";
        let p = texts(text);
        assert_eq!(
            p,
            [
                "Thực hiện Kế hoạch số 03-KH/BCĐ ngày 11/6/2019 của Ban chỉ đạo tỉnh về việc gửi báo cáo trước ngày 12/4/2022.",
                "2. Tiếp tục phát triển kinh tế - xã hội của địa phương và các vùng có điều kiện khó khăn nhất."
            ]
        );
    }

    #[test]
    fn markers_open_items_only_where_an_item_can_begin() {
        let text = "II. NỘI DUNG THỰC HIỆN\n1. Công tác tuyên truyền\n- Tuyên truyền sâu rộng các nội dung của Kế hoạch trong toàn thể cán bộ, công chức;\n- Tổ chức hội nghị quán triệt.\n2. Kiểm tra theo khoản\n2. Điều 5 của Luật.\na) Rà soát các thủ tục.\nb) Công khai kết quả.";
        let p = paragraphs(&lines(text), true);
        let markers: Vec<Marker> = p.iter().map(|p| p.marker.clone()).collect();
        assert_eq!(
            markers,
            [
                Marker::Roman(2),
                Marker::Num(vec![1]),
                Marker::Bullet('-'),
                Marker::Bullet('-'),
                Marker::Num(vec![2]),
                Marker::Alpha('a'),
                Marker::Alpha('b'),
            ]
        );
        assert_eq!(p[4].body(), "Kiểm tra theo khoản 2. Điều 5 của Luật.");
    }

    #[test]
    fn recognises_markers() {
        assert_eq!(marker("II. NỘI DUNG").map(|m| m.0), Some(Marker::Roman(2)));
        assert_eq!(marker("IV- TỔ CHỨC").map(|m| m.0), Some(Marker::Roman(4)));
        assert_eq!(
            marker("2.1. Rà soát").map(|m| m.0),
            Some(Marker::Num(vec![2, 1]))
        );
        assert_eq!(
            marker("2.1 Rà soát").map(|m| m.0),
            Some(Marker::Num(vec![2, 1]))
        );
        assert_eq!(
            marker("1- Các cấp ủy").map(|m| m.0),
            Some(Marker::Num(vec![1]))
        );
        assert_eq!(marker("đ) Kiểm tra").map(|m| m.0), Some(Marker::Alpha('đ')));
        assert_eq!(marker("- Tổ chức").map(|m| m.0), Some(Marker::Bullet('-')));
        assert_eq!(marker("19 - CT/TW ngày"), None);
        assert_eq!(marker("2022 - 2026"), None);
        assert_eq!(marker("11 về thực hiện"), None);
        assert_eq!(marker("11/6/2019 của"), None);
        assert_eq!(
            marker("Phần II. NHIỆM VỤ").map(|m| m.0),
            Some(Marker::Roman(2))
        );
        assert_eq!(roman("IIII"), None);
        assert_eq!(roman("XIV"), Some(14));
    }

    #[test]
    fn web_furniture() {
        assert!(is_junk("Ngày đăng: 12/03/2024 08:30"));
        assert!(is_junk("Lượt xem: 1234"));
        assert!(is_stop("Tin liên quan"));
        assert!(!is_junk("Nguồn lực thực hiện"));
        assert!(is_motto("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        assert_eq!(
            segments("Số: 45/KH-UBND      Quảng Ngãi, ngày 30 tháng 3 năm 2022"),
            ["Số: 45/KH-UBND", "Quảng Ngãi, ngày 30 tháng 3 năm 2022"]
        );
    }
}
