//! The layout of a plan, as Nghị định 30/2020/NĐ-CP and the Party's rules set it: the header (issuing agency
//! opposite the national motto, the number "Số: 45/KH-SKHCN" opposite the place and date), the kind and title
//! ("KẾ HOẠCH" and its subject), the opening paragraphs, sections numbered in Roman numerals ("I.", "II-"),
//! items numbered "1.", "2.1", "a)" or dashed, task tables, the closing, "Nơi nhận" and the signature block;
//! appendices after the signature.
//!
//! The rule this module keeps: structure comes from markers and their order, not from what a section is
//! called; ids are given by position (II.1, II.2, ...), so a number written twice or skipped still gives one
//! id per item, and the difference is flagged for the clerk.

use super::text::{self, Line, Marker, Para};
use super::{
    Block, Folded, Head, Item, ItemKind, Recipient, Review, ReviewKind, Signer, capitalise,
    is_caps, sentence_case,
};
use crate::i18n::tr;

/// The parts of a plan, before references, units and deadlines are read from its items.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// Own number, date, issuer, title.
    pub head: Head,
    /// Opening paragraphs.
    pub preamble: Vec<Block>,
    /// Objectives and tasks, in order.
    pub items: Vec<Item>,
    /// Closing paragraphs.
    pub closing: Vec<Block>,
    /// "Nơi nhận".
    pub recipients: Vec<Recipient>,
    /// Signature block.
    pub signer: Option<Signer>,
    /// Things to check.
    pub review: Vec<Review>,
}

/// What the body of a plan holds (the stage after the header: [`structure`]).
#[derive(Debug, Clone, Default)]
struct Body {
    /// Opening paragraphs.
    preamble: Vec<Block>,
    /// Objectives and tasks, in order.
    items: Vec<Item>,
    /// Closing paragraphs.
    closing: Vec<Block>,
    /// Things to check.
    review: Vec<Review>,
}

/// What the block after the body holds (the stage of [`signature`]).
#[derive(Debug, Clone, Default)]
struct Tail {
    /// "Nơi nhận".
    recipients: Vec<Recipient>,
    /// Signature block.
    signer: Option<Signer>,
}

/// Where the parts of a document are (the first stage: the header read, the rest placed).
struct Frame {
    /// The document's lines, without what surrounds it.
    doc: Vec<Line>,
    /// Own number, date, issuer, title.
    head: Head,
    /// The body's lines: from after the title to the signature block or an appendix.
    body: std::ops::Range<usize>,
    /// The signature block's lines.
    tail: std::ops::Range<usize>,
    /// Where an appendix starts (the document's end when there is none).
    appendix: usize,
}

/// Reads the layout of a document's lines: its frame, then the body, the signature block and the appendix,
/// each a stage of its own, put together.
pub fn read(lines: &[Line], wrapped: bool) -> Layout {
    let frame = frame(lines);
    let doc = &frame.doc;
    let body = structure(&text::paragraphs(&doc[frame.body.clone()], wrapped));
    let tail = signature(&doc[frame.tail.clone()]);
    let appended = match frame.appendix < doc.len() {
        true => appendix(&text::paragraphs(&doc[frame.appendix..], wrapped)),
        false => Body::default(),
    };
    let mut items = body.items;
    items.extend(appended.items);
    unique_ids(&mut items);
    let mut review = body.review;
    review.extend(appended.review);
    Layout {
        head: frame.head,
        preamble: body.preamble,
        items,
        closing: body.closing,
        recipients: tail.recipients,
        signer: tail.signer,
        review,
    }
}

/// Ids are unique whatever the text's numbering (a table and numbered items in one section, ...).
fn unique_ids(items: &mut [Item]) {
    let mut seen: Vec<String> = Vec::new();
    for item in items {
        let base = item.id.clone();
        let mut n = 2;
        while seen.contains(&item.id) {
            item.id = format!("{base}-{n}");
            n += 1;
        }
        seen.push(item.id.clone());
    }
}

/// The first stage: the document's window, its header and title, and where its body, signature block and
/// appendix are.
fn frame(lines: &[Line]) -> Frame {
    let doc = window(lines);
    let body_text: String = doc
        .iter()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let title_at = title_line(&doc);
    let header_end = title_at.unwrap_or(0);
    let mut head = header(&doc[..header_end], &body_text);
    let body_start = match title_at {
        Some(t) => {
            let (title, next) = title(&doc, t, &body_text);
            head.title = Some(title);
            head.title_line = doc.get(t).map(|l| l.no);
            next
        }
        None => 0,
    };
    if head.issuer.is_none() {
        head.issuer = issuer_from_preamble(&doc[body_start..]);
    }
    let last_section = doc
        .iter()
        .enumerate()
        .skip(body_start)
        .filter(|(_, l)| matches!(text::marker(&l.text), Some((Marker::Roman(_), b)) if is_caps(&l.text[b..])))
        .map(|(i, _)| i)
        .next_back()
        .unwrap_or(body_start);
    let tail_start = doc
        .iter()
        .enumerate()
        .skip(last_section)
        .find(|(_, l)| {
            text::segments(&l.text)
                .iter()
                .any(|s| is_noi_nhan(s) || is_on_behalf(s))
        })
        .map_or(doc.len(), |(i, _)| i);
    let appendix_start = doc
        .iter()
        .enumerate()
        .skip(last_section.max(body_start) + 1)
        .find(|(i, l)| {
            // Before the signature only a heading in capitals opens an appendix: "Mẫu số ..." there is a
            // wrapped citation of a form.
            let f = crate::text::fold(&l.text);
            (f.starts_with("phu luc") && is_caps(&l.text))
                || (*i > tail_start && is_appendix(&l.text))
        })
        .map_or(doc.len(), |(i, _)| i);
    let body_end = tail_start.min(appendix_start).max(body_start);
    Frame {
        tail: tail_start.min(appendix_start)..appendix_start,
        body: body_start..body_end,
        appendix: appendix_start,
        head,
        doc,
    }
}

/// The document inside whatever surrounds it: the header's first line to the end of the signature block and
/// its appendices, without web-page furniture.
fn window(lines: &[Line]) -> Vec<Line> {
    let clean: Vec<&Line> = lines.iter().collect();
    let title = title_line_refs(&clean);
    let mut start = 0;
    if let Some(t) = title {
        start = t;
        let mut seen = 0;
        let mut i = t;
        while i > 0 && seen < 16 {
            i -= 1;
            let l = &clean[i].text;
            if l.trim().is_empty() {
                continue;
            }
            seen += 1;
            if header_like(l) {
                start = i;
            } else {
                break;
            }
        }
    }
    let mut out = Vec::new();
    for l in &clean[start..] {
        if text::is_stop(&l.text) && !out.is_empty() {
            break;
        }
        if text::is_junk(&l.text) {
            continue;
        }
        out.push((*l).clone());
    }
    out
}

fn header_like(l: &str) -> bool {
    let t = l.trim();
    if t.is_empty()
        || text::is_motto(t)
        || t.chars()
            .all(|c| matches!(c, '*' | '-' | '_' | '—' | '–' | ' ' | '='))
    {
        return true;
    }
    if text::is_junk(t) {
        return false;
    }
    let f = crate::text::fold(t);
    if f.starts_with("so:")
        || f.starts_with("so ")
            && t.chars()
                .nth(3)
                .is_some_and(|c| c.is_ascii_digit() || c == '.' || c == '…')
    {
        return true;
    }
    if f.contains("ngay") && f.contains("thang") && f.contains("nam") && t.chars().count() < 80 {
        return true;
    }
    text::segments(t)
        .iter()
        .all(|s| is_caps(s) || text::is_motto(s) || crate::text::fold(s).starts_with("so"))
}

fn title_line(doc: &[Line]) -> Option<usize> {
    let refs: Vec<&Line> = doc.iter().collect();
    title_line_refs(&refs)
}

/// The line that names the kind, "KẾ HOẠCH": the one right under a header if there is one.
fn title_line_refs(lines: &[&Line]) -> Option<usize> {
    let limit = lines.len().min(400);
    let mut best: Option<(i32, usize)> = None;
    for (i, l) in lines.iter().enumerate().take(limit) {
        let t = l.text.trim();
        let f = crate::text::fold(t);
        if !(f == "ke hoach" || f.starts_with("ke hoach ")) {
            continue;
        }
        let caps_kind = t
            .chars()
            .take(8)
            .filter(|c| c.is_alphabetic())
            .all(char::is_uppercase);
        let mut score = if caps_kind { 2 } else { 0 };
        if f == "ke hoach" {
            score += 1;
        }
        let from = i.saturating_sub(14);
        if lines[from..i].iter().any(|p| {
            let pf = crate::text::fold(&p.text);
            text::is_motto(&p.text) || pf.starts_with("so:") || pf.starts_with("so ")
        }) {
            score += 3;
        }
        if best.is_none_or(|(s, _)| score > s) {
            best = Some((score, i));
        }
    }
    best.filter(|(s, _)| *s >= 2).map(|(_, i)| i)
}

fn strip_motto(seg: &str) -> String {
    let f = Folded::new(seg);
    let mut cut = seg.len();
    for phrase in [
        "cong hoa xa hoi chu nghia viet nam",
        "doc lap - tu do - hanh phuc",
        "doc lap tu do hanh phuc",
        "dang cong san viet nam",
    ] {
        if let Some(at) = f.s.find(phrase) {
            cut = cut.min(f.orig(at));
        }
    }
    seg[..cut].trim().to_string()
}

fn starts_agency(f: &str) -> bool {
    super::words::AGENCIES.iter().any(|h| f.starts_with(h))
}

/// The header: issuer (the last agency line), its parent, own number, place and date.
fn header(lines: &[Line], body: &str) -> Head {
    let mut head = Head::default();
    let mut agencies: Vec<(String, usize)> = Vec::new();
    let mut continues = false;
    for line in lines {
        for seg in text::segments(&line.text) {
            let seg = strip_motto(&seg);
            let seg = seg.trim_matches(|c: char| {
                matches!(c, '*' | '-' | '_' | '—' | '–' | '=') || c.is_whitespace()
            });
            if seg.is_empty() {
                continue;
            }
            let f = crate::text::fold(seg);
            let mut rest = seg;
            let number_line = f.starts_with("so:")
                || f.strip_prefix("so ").is_some_and(|r| {
                    r.starts_with(|c: char| c.is_ascii_digit() || c == '.' || c == '…' || c == ':')
                });
            if number_line {
                let hits = crate::docnum::find_all(seg);
                if let Some((r, n)) = hits.first() {
                    if head.number.is_none() {
                        head.number = Some(n.text.clone());
                        head.number_line = Some(line.no);
                    }
                    rest = seg[r.end..].trim();
                } else {
                    // "Số: .../KH-UBND": a number not yet given; the rest may hold the place and date.
                    let end = seg.find(|c: char| c.is_whitespace()).unwrap_or(seg.len());
                    let after = seg[end..].trim_start();
                    let next_space = after.find(' ').unwrap_or(after.len());
                    rest = if after.contains('/') {
                        after[next_space..].trim()
                    } else {
                        after
                    };
                }
                continues = false;
                if rest.is_empty() {
                    continue;
                }
            }
            let rf = crate::text::fold(rest);
            if rf.contains("ngay") && (rf.contains("thang") || rf.contains('/')) && !is_caps(rest) {
                let found = super::dates::find(rest);
                if let Some(d) = found.iter().find_map(|d| match d.when {
                    super::dates::When::Day(day) => Some(day),
                    _ => None,
                }) {
                    head.date = Some(d);
                }
                let place = rest.split(',').next().unwrap_or("").trim();
                if !place.is_empty()
                    && !crate::text::fold(place).starts_with("ngay")
                    && place.chars().count() < 40
                {
                    head.place = Some(place.to_string());
                }
                continues = false;
                continue;
            }
            // "/KH-UBND" is the symbol of a number left blank ("Số:      /KH-UBND"), not an agency.
            let symbol = rest.starts_with('/') || (rest.contains('/') && !rest.contains(' '));
            if !symbol && is_caps(rest) && rest.chars().filter(|c| c.is_alphabetic()).count() >= 3 {
                if starts_agency(&rf) || !continues || agencies.is_empty() {
                    agencies.push((rest.to_string(), line.no));
                } else if let Some(last) = agencies.last_mut() {
                    last.0.push(' ');
                    last.0.push_str(rest);
                }
                continues = true;
            } else {
                continues = false;
            }
        }
    }
    // "BAN THƯỜNG TRỰC" under the committee's name is that committee's standing body.
    if agencies.len() >= 2
        && let Some((last, _)) = agencies.last()
        && [
            "ban thuong truc",
            "ban thuong vu",
            "thuong truc",
            "ban chap hanh",
        ]
        .contains(&crate::text::fold(last).as_str())
    {
        let (last, line) = agencies.pop().unwrap_or_default();
        if let Some(prev) = agencies.last_mut() {
            prev.0 = format!("{last} {}", prev.0);
            prev.1 = line;
        }
    }
    // A Party committee's board: "TỈNH ỦY BÌNH ĐỊNH" / "BAN TUYÊN GIÁO" is the Ban Tuyên giáo Tỉnh ủy.
    if agencies.len() >= 2 {
        let parent = crate::text::fold(&agencies[agencies.len() - 2].0);
        let committee = [
            "tinh uy", "huyen uy", "thanh uy", "quan uy", "thi uy", "dang uy",
        ]
        .iter()
        .any(|c| parent.starts_with(c));
        let last = agencies.len() - 1;
        if committee && crate::text::fold(&agencies[last].0).starts_with("ban ") {
            let cap: String = agencies[last - 1]
                .0
                .split_whitespace()
                .take(2)
                .collect::<Vec<_>>()
                .join(" ");
            agencies[last].0 = format!("{} {cap}", agencies[last].0);
        }
    }
    if let Some((issuer, line)) = agencies.last() {
        head.issuer = Some(proper_name(issuer, body));
        head.issuer_line = Some(*line);
    }
    if agencies.len() >= 2 {
        head.parent = agencies.get(agencies.len() - 2).map(|(p, _)| p.clone());
    }
    for (a, _) in agencies.iter().rev() {
        let f = Folded::new(a);
        if let Some(at) = super::find_words(&f.s, "tinh").first() {
            let name = a[f.orig(at + 5).min(a.len())..].trim();
            if !name.is_empty() {
                head.province = Some(title_case(name));
                break;
            }
        }
    }
    head
}

/// Capitalises every word: place names ("QUẢNG NGÃI" → "Quảng Ngãi").
pub fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| capitalise(&w.to_lowercase()))
        .collect::<Vec<_>>()
        .join(" ")
}

const PLACE_LEVELS: &[&str] = &[
    "tỉnh",
    "huyện",
    "xã",
    "phường",
    "thị trấn",
    "thành phố",
    "quận",
    "thị xã",
    "tp.",
];

/// A name written in capitals, in the spelling the body uses if it is there, else in sentence case with
/// the place name capitalised ("ỦY BAN NHÂN DÂN HUYỆN SƠN TỊNH" → "Ủy ban nhân dân huyện Sơn Tịnh").
pub fn proper_name(caps: &str, body: &str) -> String {
    let caps = text::collapse(caps);
    if !is_caps(&caps) {
        return caps;
    }
    let needle = crate::text::fold(&caps);
    let fb = Folded::new(body);
    let mut from = 0;
    while let Some(i) = fb.s.get(from..).and_then(|r| r.find(&needle)) {
        let at = from + i;
        let r = fb.orig_range(at..at + needle.len());
        if let Some(found) = body.get(r.clone())
            && !is_caps(found)
            && super::word_at(&fb.s, at, &needle)
        {
            return text::collapse(found);
        }
        from = at + needle.len();
    }
    let sc = sentence_case(&caps, body);
    let words: Vec<&str> = sc.split(' ').collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    let mut place_from = None;
    for i in 0..words.len() {
        let one = lower[i].as_str();
        let two = lower
            .get(i + 1)
            .map(|n| format!("{one} {n}"))
            .unwrap_or_default();
        if PLACE_LEVELS.contains(&two.as_str()) {
            place_from = Some(i + 2);
        } else if PLACE_LEVELS.contains(&one) {
            place_from = Some(i + 1);
            if lower.get(i + 1).is_some_and(|n| n == "ủy" || n == "uỷ") {
                place_from = Some(i + 2);
            }
        }
        if place_from.is_some() {
            break;
        }
    }
    words
        .iter()
        .enumerate()
        .map(|(i, w)| {
            // The body's own casing of this pair of words ("Ủy ban", "Mặt trận", "Thường trực").
            if i > 0
                && let Some(cap) = pair_casing(&fb, body, words[i - 1], w)
            {
                return if cap { capitalise(w) } else { w.to_lowercase() };
            }
            if place_from.is_some_and(|p| i >= p) {
                capitalise(w)
            } else {
                (*w).to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the body writes `second` capitalised after `first` (majority of its occurrences outside lines in
/// capitals); None when the pair does not occur.
fn pair_casing(fb: &Folded, body: &str, first: &str, second: &str) -> Option<bool> {
    let needle = format!("{} {}", crate::text::fold(first), crate::text::fold(second));
    let (mut up, mut low) = (0, 0);
    let mut from = 0;
    while let Some(i) = fb.s.get(from..).and_then(|r| r.find(&needle)) {
        let at = from + i;
        from = at + needle.len();
        if !super::word_at(&fb.s, at, &needle) {
            continue;
        }
        let r = fb.orig_range(at..at + needle.len());
        let Some(found) = body.get(r) else { continue };
        if is_caps(found) {
            continue;
        }
        let second_word = found.split_whitespace().nth(1).unwrap_or("");
        if second_word.chars().next().is_some_and(char::is_uppercase) {
            up += 1;
        } else {
            low += 1;
        }
    }
    (up + low > 0).then_some(up > low)
}

/// The title: the kind line's remainder and the lines under it, up to the opening paragraphs.
fn title(doc: &[Line], at: usize, body: &str) -> (String, usize) {
    let first = doc[at].text.trim();
    let f = Folded::new(first);
    let kind_end = f.orig(f.s.find("ke hoach").map_or(0, |p| p + "ke hoach".len()));
    let mut parts: Vec<String> = Vec::new();
    let rest = first[kind_end.min(first.len())..].trim();
    if !rest.is_empty() {
        parts.push(rest.to_string());
    }
    let mut i = at + 1;
    let mut lines_taken = 0;
    while i < doc.len() && lines_taken < 5 {
        let t = doc[i].text.trim();
        if t.is_empty() {
            i += 1;
            continue;
        }
        let tf = crate::text::fold(t);
        let opener = [
            "can cu",
            "thuc hien",
            "nham",
            "de ",
            "theo ",
            "tren co so",
            "trien khai",
            "qua ",
        ]
        .iter()
        .any(|o| tf.starts_with(o));
        let cites =
            t.chars().any(|c| c.is_ascii_digit()) && (tf.contains("so ") || tf.contains("ngay"));
        let long = t.chars().count() > 110;
        // The first line under the kind is the title's, unless it plainly opens the text.
        let first_line = parts.is_empty()
            && (t.starts_with(char::is_lowercase) || !cites || t.chars().count() < 90);
        let stop = text::marker(t).is_some_and(|(m, _)| !matches!(m, Marker::None))
            || tf.starts_with("can cu")
            || (opener && (cites || long) && !first_line)
            || (parts.iter().map(String::len).sum::<usize>() > 250)
            || (long && !is_caps(t))
            || t.ends_with(';');
        if stop {
            break;
        }
        // A dash line under the title ("-----") closes it.
        if t.chars()
            .all(|c| matches!(c, '-' | '_' | '*' | '—' | '–' | ' '))
        {
            i += 1;
            break;
        }
        parts.push(t.to_string());
        lines_taken += 1;
        i += 1;
    }
    let joined = text::collapse(&parts.join(" "));
    let subject = if is_caps(&joined) {
        super::decapitalise(&sentence_case(&joined, body))
    } else {
        super::decapitalise(&joined)
    };
    let title = if subject.is_empty() {
        "Kế hoạch".to_string()
    } else {
        format!("Kế hoạch {subject}")
    };
    (title, i)
}

/// "Sở Khoa học và Công nghệ xây dựng Kế hoạch ..." names the issuer when the header does not.
fn issuer_from_preamble(lines: &[Line]) -> Option<String> {
    for l in lines.iter().take(60) {
        let f = Folded::new(&l.text);
        for verb in [
            "xay dung ke hoach",
            "ban hanh ke hoach",
            "xay dung va ban hanh ke hoach",
        ] {
            if let Some(at) = f.s.find(verb) {
                let end = f.orig(at);
                let subject = l.text[..end].trim();
                let sf = crate::text::fold(subject);
                if starts_agency(&sf) && subject.split_whitespace().count() <= 12 {
                    return Some(subject.to_string());
                }
            }
        }
    }
    None
}

fn is_noi_nhan(s: &str) -> bool {
    crate::text::fold(s).starts_with("noi nhan")
}

fn is_on_behalf(s: &str) -> bool {
    let f = crate::text::fold(s);
    [
        "kt.", "kt ", "k/t", "tm.", "tm ", "t/m", "tl.", "t/l", "tuq.", "q.", "q/",
    ]
    .iter()
    .any(|p| f.starts_with(p))
        && is_caps(s)
}

fn is_appendix(s: &str) -> bool {
    let f = crate::text::fold(s);
    (f.starts_with("phu luc") && (is_caps(s) || f.len() < 20))
        || ((f.starts_with("mau so") || f.starts_with("bieu mau") || f.starts_with("bieu so"))
            && s.chars().count() < 60)
}

/// Closing paragraphs open with these (folded).
const CLOSING: &[&str] = &[
    "tren day la",
    "tren day ",
    "trong qua trinh",
    "qua trinh to chuc",
    "qua trinh trien khai",
    "qua trinh thuc hien",
    "yeu cau cac",
    "yeu cau thu truong",
    "yeu cau truong",
    "yeu cau lanh dao",
    "de nghi cac",
    "de nghi thu truong",
    "nhan duoc ke hoach",
    "kinh de nghi",
];

fn is_closing(s: &str) -> bool {
    let f = crate::text::fold(s);
    CLOSING.iter().any(|c| f.starts_with(c))
}

#[derive(Debug, Clone)]
struct Node {
    para: usize,
    rank: u32,
    parent: Option<usize>,
    children: Vec<usize>,
    extra: Vec<usize>,
    /// Bullets and table rows in a leaf's text are joined on new lines.
    table: Option<TableRow>,
}

#[derive(Debug, Clone, Default)]
struct TableRow {
    text: Block,
    lead: Option<String>,
    support: Option<String>,
    time: Option<Block>,
    /// The year the time column's header names ("Thời gian thực hiện năm 2026", "Năm 2026").
    year: Option<i32>,
    group: usize,
}

struct Section {
    id: String,
    written: String,
    title: String,
    line: usize,
    paras: Vec<usize>,
}

fn section_kind(title: &str) -> ItemKind {
    let f = crate::text::fold(title);
    if (f.contains("muc dich") || f.contains("yeu cau") || f.starts_with("muc tieu"))
        && !f.contains("nhiem vu")
        && !f.contains("to chuc thuc hien")
    {
        ItemKind::Objective
    } else {
        ItemKind::Task
    }
}

/// Sections, items and closing of the body paragraphs.
fn structure(paras: &[Para]) -> Body {
    let mut body = Body::default();
    let out = &mut body;
    let mut sections: Vec<Section> = Vec::new();
    let has_roman = paras
        .iter()
        .any(|p| matches!(p.marker, Marker::Roman(_) | Marker::Part(_)));
    // Without Roman numerals, top-level numbers in capitals are the sections (small plans, Party style).
    let caps_nums = !has_roman
        && paras
            .iter()
            .filter(|p| matches!(&p.marker, Marker::Num(n) if n.len() == 1) && is_caps(p.body()))
            .count()
            >= 2;
    let mut preamble_done = false;
    for (i, p) in paras.iter().enumerate() {
        let is_section = match &p.marker {
            Marker::Roman(_) | Marker::Part(_) => true,
            Marker::Num(n) => caps_nums && n.len() == 1 && is_caps(p.body()),
            _ => false,
        };
        if is_section {
            preamble_done = true;
            let ordinal = sections.len() as u32 + 1;
            sections.push(Section {
                id: text::to_roman(ordinal),
                written: p
                    .marker_text()
                    .trim_end_matches(['.', '-', '–', ')', '/', ':'])
                    .to_string(),
                title: p.body().trim().to_string(),
                line: p.block.line,
                paras: Vec::new(),
            });
            continue;
        }
        if !preamble_done {
            if !has_roman && !caps_nums && !matches!(p.marker, Marker::None) {
                preamble_done = true;
                sections.push(Section {
                    id: "I".into(),
                    written: String::new(),
                    title: String::new(),
                    line: p.block.line,
                    paras: vec![i],
                });
                out.review.push(Review {
                    kind: ReviewKind::NoSections,
                    line: p.block.line,
                    task: None,
                    message: tr(
                        "the text has no sections numbered I., II., ...; every item was put in section I",
                        "văn bản không có các phần đánh số I., II., ...; mọi mục được xếp vào phần I",
                    )
                    .into(),
                });
                continue;
            }
            out.preamble.push(p.block.clone());
            continue;
        }
        if let Some(s) = sections.last_mut() {
            s.paras.push(i);
        }
    }
    let last = sections.len().saturating_sub(1);
    for (si, s) in sections.iter().enumerate() {
        if !s.written.is_empty() && s.written != s.id && text::roman(&s.written).is_some() {
            out.review.push(Review {
                kind: ReviewKind::Numbering,
                line: s.line,
                task: None,
                message: format!(
                    "{} {} {} {}",
                    tr("section written", "phần ghi số"),
                    s.written,
                    tr("is numbered", "được đánh số"),
                    s.id
                ),
            });
        }
        section_items(paras, s, si == last, out);
    }
    body
}

fn section_items(paras: &[Para], s: &Section, last_section: bool, out: &mut Body) {
    let kind = section_kind(&s.title);
    let organisation = {
        let f = crate::text::fold(&s.title);
        f.contains("to chuc thuc hien") || f.contains("phan cong") || f.contains("trach nhiem")
    };
    let numbered = s
        .paras
        .iter()
        .any(|&i| matches!(paras[i].marker, Marker::Num(_) | Marker::Alpha(_)));
    let table_tasks = task_table_rows(paras, &s.paras);
    let bullet_items = !numbered && table_tasks.is_empty();
    let bullet_char = s.paras.iter().find_map(|&i| match paras[i].marker {
        Marker::Bullet(c) => Some(c),
        _ => None,
    });
    let mut nodes: Vec<Node> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut roots: Vec<usize> = Vec::new();
    let mut closing_from: Option<usize> = None;
    let mut intro: Vec<usize> = Vec::new();
    for (k, &pi) in s.paras.iter().enumerate() {
        let p = &paras[pi];
        if let Some(row) = table_tasks.get(&pi) {
            let node = Node {
                para: pi,
                rank: 1,
                parent: None,
                children: Vec::new(),
                extra: Vec::new(),
                table: Some(row.clone()),
            };
            stack.clear();
            nodes.push(node);
            roots.push(nodes.len() - 1);
            continue;
        }
        if !p.cells.is_empty()
            && table_tasks.values().any(|_| true)
            && is_table_header_or_group(paras, pi, &table_tasks)
        {
            continue;
        }
        let rank = match &p.marker {
            Marker::Num(n) => Some(n.len() as u32),
            Marker::Alpha(_) => Some(
                match stack
                    .last()
                    .map(|&n| (&paras[nodes[n].para].marker, nodes[n].rank))
                {
                    Some((Marker::Alpha(_), r)) => r,
                    Some((_, r)) => r + 1,
                    None => 1,
                },
            ),
            Marker::Bullet(c) if bullet_items && Some(*c) == bullet_char => Some(1),
            Marker::None
                if bullet_items && !numbered && bullet_char.is_none() && p.cells.is_empty() =>
            {
                if last_section && is_closing(p.body()) {
                    closing_from = Some(k);
                    break;
                }
                Some(1)
            }
            _ => None,
        };
        match rank {
            Some(rank) => {
                while stack.last().is_some_and(|&n| nodes[n].rank >= rank) {
                    stack.pop();
                }
                let parent = stack.last().copied();
                nodes.push(Node {
                    para: pi,
                    rank,
                    parent,
                    children: Vec::new(),
                    extra: Vec::new(),
                    table: None,
                });
                let id = nodes.len() - 1;
                match parent {
                    Some(par) => nodes[par].children.push(id),
                    None => roots.push(id),
                }
                stack.push(id);
            }
            None => {
                if matches!(p.marker, Marker::None)
                    && p.cells.is_empty()
                    && is_closing(p.body())
                    && (last_section || stack.is_empty())
                    && !nodes.is_empty()
                {
                    closing_from = Some(k);
                    break;
                }
                match stack.last() {
                    Some(&n) => nodes[n].extra.push(pi),
                    None if !nodes.is_empty() => {
                        if let Some(&n) = roots.last() {
                            nodes[n].extra.push(pi);
                        }
                    }
                    None => {
                        // Section intro text ("Để triển khai có hiệu quả, yêu cầu:") belongs to no item,
                        // unless it sets a deadline or cites a document itself.
                        if p.cells.is_empty() {
                            intro.push(pi);
                        }
                    }
                }
            }
        }
    }
    if let Some(k) = closing_from {
        for &pi in &s.paras[k..] {
            let p = &paras[pi];
            if !p.cells.is_empty() {
                continue;
            }
            out.closing.push(p.block.clone());
        }
    }
    for &pi in &intro {
        let p = &paras[pi];
        let text = p.block.text.trim();
        let dated = super::dates::find(text).iter().any(|d| {
            matches!(
                d.when,
                super::dates::When::Day(_)
                    | super::dates::When::Month(..)
                    | super::dates::When::Quarter(..)
            )
        });
        if !dated && crate::docnum::find_all(text).is_empty() {
            continue;
        }
        out.items.push(Item {
            id: format!("{}.0", s.id),
            section: s.id.clone(),
            title: short_title(text, None),
            body: p.block.clone(),
            marker: String::new(),
            kind,
            lead: Vec::new(),
            support: Vec::new(),
            report_to: Vec::new(),
            references: Vec::new(),
            time_cell: None,
            time_year: None,
            lead_cell: None,
            support_cell: None,
            organisation,
        });
    }
    // Ids by position; leaves become items.
    let mut groups_seen = false;
    for n in &nodes {
        if n.table.as_ref().is_some_and(|t| t.group > 0) {
            groups_seen = true;
        }
    }
    let mut counters: std::collections::HashMap<Option<usize>, usize> =
        std::collections::HashMap::new();
    let mut table_counter: std::collections::HashMap<usize, usize> =
        std::collections::HashMap::new();
    let mut ids: Vec<String> = vec![String::new(); nodes.len()];
    for idx in 0..nodes.len() {
        let n = &nodes[idx];
        let id = if let Some(row) = &n.table {
            let c = table_counter.entry(row.group).or_insert(0);
            *c += 1;
            if groups_seen {
                format!("{}.{}.{}", s.id, row.group.max(1), c)
            } else {
                format!("{}.{}", s.id, c)
            }
        } else {
            let c = counters.entry(n.parent).or_insert(0);
            *c += 1;
            let part = match paras[n.para].marker {
                Marker::Alpha(_) => text::nth_letter(*c),
                _ => c.to_string(),
            };
            match n.parent {
                Some(par) => format!("{}.{}", ids[par], part),
                None => format!("{}.{}", s.id, part),
            }
        };
        ids[idx] = id;
    }
    for (idx, n) in nodes.iter().enumerate() {
        if !n.children.is_empty() {
            continue;
        }
        let p = &paras[n.para];
        let mut body = match &n.table {
            Some(row) => row.text.clone(),
            None => Block {
                text: p.body().trim().to_string(),
                line: p.block.line,
                starts: p
                    .block
                    .starts
                    .iter()
                    .map(|&(o, l)| (o.saturating_sub(p.body_at), l))
                    .collect(),
            },
        };
        for &e in &n.extra {
            let ep = &paras[e];
            body.push(&ep.block, "\n");
        }
        if body.text.trim().is_empty() {
            continue;
        }
        let marker = match &n.table {
            Some(_) => p.cells.first().cloned().unwrap_or_default(),
            None => p.marker_text().to_string(),
        };
        // A written number that differs from the position is worth a look.
        if let Marker::Num(written) = &p.marker
            && let Some(last) = written.last()
            && !ids[idx].ends_with(&format!(".{last}"))
        {
            out.review.push(Review {
                kind: ReviewKind::Numbering,
                line: p.block.line,
                task: Some(ids[idx].clone()),
                message: format!(
                    "{} {} {} {}",
                    tr("item written", "mục ghi số"),
                    p.marker_text(),
                    tr("is numbered", "được đánh số"),
                    ids[idx]
                ),
            });
        }
        let heading = n
            .parent
            .map(|par| paras[nodes[par].para].body().trim().to_string());
        let title = short_title(&body.text, heading.as_deref());
        out.items.push(Item {
            id: ids[idx].clone(),
            section: s.id.clone(),
            title,
            body,
            marker,
            kind,
            lead: Vec::new(),
            support: Vec::new(),
            report_to: Vec::new(),
            references: Vec::new(),
            time_cell: n.table.as_ref().and_then(|t| t.time.clone()),
            time_year: n.table.as_ref().and_then(|t| t.year),
            lead_cell: n.table.as_ref().and_then(|t| t.lead.clone()).or_else(|| {
                // An organisation heading naming a unit ("1. Phòng Văn hóa - Thông tin:") leads its sub-items.
                let par = n.parent?;
                let h = paras[nodes[par].para].body().trim();
                let h = h.trim_end_matches([':', '.']);
                (organisation
                    && h.split_whitespace().count() <= 12
                    && super::units::starts_with_unit(h))
                .then(|| h.to_string())
            }),
            support_cell: n.table.as_ref().and_then(|t| t.support.clone()),
            organisation,
        });
    }
}

/// A short title: the first sentence or clause, at most about 90 characters.
pub fn short_title(text: &str, _heading: Option<&str>) -> String {
    let first_line = text.lines().next().unwrap_or("").trim();
    let mut end = first_line.len();
    let mut depth = 0i32;
    for (i, c) in first_line.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '.' | ';' | ':' if depth <= 0 => {
                let next = first_line[i + c.len_utf8()..].chars().next();
                // "Hiệu trưởng: chỉ đạo chung" — a short label before a colon is not the whole title.
                let label = c == ':' && first_line[..i].split_whitespace().count() <= 6;
                if next.is_none_or(char::is_whitespace) && i >= 12 && !label {
                    end = i;
                    break;
                }
            }
            _ => {}
        }
    }
    let mut t = first_line[..end].trim().to_string();
    if t.chars().count() > 90 {
        let mut cut = String::new();
        for w in t.split_whitespace() {
            if cut.chars().count() + w.chars().count() + 1 > 88 {
                break;
            }
            if !cut.is_empty() {
                cut.push(' ');
            }
            cut.push_str(w);
        }
        t = format!("{}…", cut.trim_end_matches([',', ';', ':']));
    }
    if t.is_empty() {
        t = "(?)".into();
    }
    t
}

#[derive(Debug, Clone, Copy, Default)]
struct Columns {
    stt: Option<usize>,
    content: Option<usize>,
    lead: Option<usize>,
    support: Option<usize>,
    time: Option<usize>,
    product: Option<usize>,
    /// The year the time column's header names.
    year: Option<i32>,
}

/// The year a column header names: "Năm 2026", "Thời gian hoàn thành (năm 2026)".
fn header_year(folded: &str) -> Option<i32> {
    let at = folded.find("nam ")?;
    let digits: String = folded[at + 4..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let year: i32 = digits.parse().ok().filter(|_| digits.len() == 4)?;
    (1990..=2100).contains(&year).then_some(year)
}

fn header_columns(cells: &[String]) -> Option<Columns> {
    let mut c = Columns::default();
    for (i, cell) in cells.iter().enumerate() {
        let f = crate::text::fold(cell);
        if f == "stt" || f == "tt" || f == "so tt" || f.starts_with("so thu tu") {
            c.stt = Some(i);
        } else if f.contains("phoi hop") {
            c.support.get_or_insert(i);
        } else if f.contains("chu tri")
            || f.contains("don vi thuc hien")
            || f.contains("co quan thuc hien")
            || f.contains("trach nhiem")
            || f == "don vi"
            || f.contains("bo phan thuc hien")
            || f.contains("nguoi thuc hien")
        {
            c.lead.get_or_insert(i);
        } else if f.contains("thoi gian")
            || f.contains("thoi han")
            || f.contains("tien do")
            || (f.starts_with("nam ") && header_year(&f).is_some())
        {
            if c.time.is_none() {
                c.time = Some(i);
                c.year = header_year(&f);
            }
        } else if f.contains("san pham") || f.contains("ket qua") {
            c.product.get_or_insert(i);
        } else if f.contains("noi dung")
            || f.contains("nhiem vu")
            || f.contains("cong viec")
            || f.contains("hoat dong")
            || f.starts_with("ten ")
        {
            c.content.get_or_insert(i);
        }
    }
    (c.content.is_some() && (c.lead.is_some() || c.time.is_some())).then_some(c)
}

fn is_table_header_or_group(
    paras: &[Para],
    pi: usize,
    _rows: &std::collections::HashMap<usize, TableRow>,
) -> bool {
    !paras[pi].cells.is_empty()
}

/// The rows of task tables among a section's paragraphs, keyed by paragraph index.
fn task_table_rows(paras: &[Para], idx: &[usize]) -> std::collections::HashMap<usize, TableRow> {
    let mut out = std::collections::HashMap::new();
    let mut cols: Option<Columns> = None;
    let mut group = 0;
    for &pi in idx {
        let p = &paras[pi];
        if p.cells.is_empty() {
            cols = None;
            continue;
        }
        if let Some(c) = header_columns(&p.cells) {
            cols = Some(c);
            group = 0;
            continue;
        }
        let Some(c) = cols else { continue };
        let cell = |i: Option<usize>| {
            i.and_then(|i| p.cells.get(i))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let stt = cell(c.stt).unwrap_or_default();
        let content = cell(c.content);
        let filled = p.cells.iter().filter(|s| !s.trim().is_empty()).count();
        // Column numbers under the header ("(1) (2) (3)") carry nothing.
        if p.cells.iter().all(|s| {
            let t = s.trim().trim_matches(['(', ')']);
            t.is_empty() || t.chars().all(|c| c.is_ascii_digit())
        }) {
            continue;
        }
        let roman_or_letter = text::roman(stt.trim_end_matches('.')).is_some()
            || (stt.chars().count() == 1 && stt.chars().all(|c| c.is_ascii_uppercase()));
        if roman_or_letter || (filled <= 2 && cell(c.lead).is_none() && cell(c.time).is_none()) {
            group += 1;
            continue;
        }
        let Some(content) = content else { continue };
        let mut text = content;
        if let Some(prod) = cell(c.product) {
            text.push_str(&format!("\n{} {prod}", tr("Sản phẩm:", "Sản phẩm:")));
        }
        let time = cell(c.time).map(|t| Block {
            text: t,
            line: p.block.line,
            starts: vec![(0, p.block.line)],
        });
        out.insert(
            pi,
            TableRow {
                text: Block {
                    text,
                    line: p.block.line,
                    starts: vec![(0, p.block.line)],
                },
                lead: cell(c.lead),
                support: cell(c.support),
                time,
                year: c.year,
                group,
            },
        );
    }
    out
}

/// Task tables in appendices ("PHỤ LỤC: DANH MỤC NHIỆM VỤ"); blank forms give nothing.
fn appendix(paras: &[Para]) -> Body {
    let mut out = Body::default();
    let idx: Vec<usize> = (0..paras.len()).collect();
    let rows = task_table_rows(paras, &idx);
    if rows.is_empty() {
        return out;
    }
    let s = Section {
        id: "PL".into(),
        written: String::new(),
        title: String::new(),
        line: paras.first().map_or(0, |p| p.block.line),
        paras: idx
            .into_iter()
            .filter(|i| !paras[*i].cells.is_empty())
            .collect(),
    };
    section_items(paras, &s, false, &mut out);
    out
}

/// Roles of "Nơi nhận" lines, as written in brackets or after the name (folded).
fn role_of(f: &str) -> Option<&'static str> {
    let f = f.trim();
    let table: &[(&str, &str)] = &[
        ("de bao cao", "bao-cao"),
        ("bao cao", "bao-cao"),
        ("de b/c", "bao-cao"),
        ("b/c", "bao-cao"),
        ("bc", "bao-cao"),
        ("de phoi hop", "phoi-hop"),
        ("phoi hop", "phoi-hop"),
        ("p/h", "phoi-hop"),
        ("de thuc hien", "thuc-hien"),
        ("thuc hien", "thuc-hien"),
        ("t/h", "thuc-hien"),
        ("de biet", "de-biet"),
        ("biet", "de-biet"),
        ("de theo doi", "de-biet"),
        ("theo doi", "de-biet"),
        ("de chi dao", "de-biet"),
        ("chi dao", "de-biet"),
        ("de t/d", "de-biet"),
    ];
    table
        .iter()
        .find(|(w, _)| {
            f == *w
                || f.starts_with(&format!("{w} "))
                || f.starts_with(&format!("{w};"))
                || f.starts_with(&format!("{w},"))
        })
        .map(|(_, r)| *r)
}

fn is_person_name(s: &str) -> bool {
    let t = s.trim().trim_end_matches('.');
    let words: Vec<&str> = t.split_whitespace().collect();
    if !(2..=6).contains(&words.len())
        || t.chars()
            .any(|c| c.is_ascii_digit() || matches!(c, ':' | ';' | ',' | '(' | '/'))
    {
        return false;
    }
    let f = crate::text::fold(t);
    for w in [
        "giam doc",
        "chu tich",
        "bi thu",
        "truong",
        "pho ",
        "uy ban",
        "hieu ",
        "tong ",
        "noi nhan",
        "luu",
        "ky ",
        "thu truong",
        "ban ",
        "so ",
        "phong ",
    ] {
        if f.starts_with(w) {
            return false;
        }
    }
    words.iter().all(|w| {
        let mut c = w.chars();
        c.next().is_some_and(char::is_uppercase)
            && (c.clone().all(char::is_lowercase) || w.chars().all(char::is_uppercase))
    })
}

/// Casing for a position line: "PHÓ GIÁM ĐỐC" → "Phó Giám đốc", "KT. GIÁM ĐỐC" → "KT. Giám đốc".
pub fn position_case(s: &str) -> String {
    let s = text::collapse(s);
    let (prefix, rest) = match s.find(['.', '/']) {
        Some(p) if p <= 3 => {
            let cut = s[p..].find(' ').map_or(s.len(), |q| p + q);
            (s[..cut].to_string(), s[cut..].trim().to_string())
        }
        _ => (String::new(), s.clone()),
    };
    let lower = rest.to_lowercase();
    let mut words: Vec<String> = lower.split(' ').map(str::to_string).collect();
    if let Some(w) = words.first_mut() {
        *w = capitalise(w);
    }
    if words.first().is_some_and(|w| w == "Phó" || w == "Ban") && words.len() > 1 {
        words[1] = capitalise(&words[1]);
    }
    let rest = words.join(" ");
    if prefix.is_empty() {
        rest
    } else {
        format!("{prefix} {rest}")
    }
}

/// "Nơi nhận" and the signature block.
fn signature(tail: &[Line]) -> Tail {
    let mut tail_out = Tail::default();
    let out = &mut tail_out;
    struct Rec {
        name: String,
        role: Option<&'static str>,
        terminated: bool,
        line: usize,
    }
    let mut recs: Vec<Rec> = Vec::new();
    let mut positions: Vec<String> = Vec::new();
    let mut name: Option<(String, usize)> = None;
    let mut in_recipients = false;
    for line in tail {
        let segs = text::segments(&line.text);
        let mut k = 0;
        while k < segs.len() {
            let seg = segs[k].trim();
            k += 1;
            if seg.is_empty() {
                continue;
            }
            let f = crate::text::fold(seg);
            if is_noi_nhan(seg) {
                in_recipients = true;
                let rest = seg.split_once(':').map_or("", |(_, r)| r).trim();
                if rest.is_empty() {
                    continue;
                }
                recs.push(Rec {
                    name: rest.trim_start_matches(['-', '+', '•']).trim().to_string(),
                    role: None,
                    terminated: rest.ends_with(';'),
                    line: line.no,
                });
                continue;
            }
            let bullet = seg.starts_with(['-', '+', '•', '–', '\u{f0b7}', '\u{f0a7}']);
            if in_recipients && (bullet || f.starts_with("luu")) {
                let mut full = seg
                    .trim_start_matches(['-', '+', '•', '–', '\u{f0b7}', '\u{f0a7}'])
                    .trim()
                    .to_string();
                // A role written in the next column: "- UBND tỉnh      (Báo cáo);"
                while k < segs.len() && segs[k].trim_start().starts_with('(') {
                    full.push(' ');
                    full.push_str(segs[k].trim());
                    k += 1;
                }
                let terminated = full.trim_end().ends_with([';', '.', ',']);
                let mut role = None;
                let mut name_part = full.trim_end_matches([';', ',']).trim().to_string();
                if let Some(open) = name_part.rfind('(')
                    && let Some(r) = role_of(&crate::text::fold(
                        name_part[open + 1..].trim_end_matches(')'),
                    ))
                {
                    role = Some(r);
                    name_part = name_part[..open]
                        .trim()
                        .trim_end_matches([';', ','])
                        .trim()
                        .to_string();
                }
                if role.is_none() {
                    let nf = crate::text::fold(&name_part);
                    if nf.starts_with("luu") {
                        role = Some("luu");
                    } else if nf.starts_with("nhu tren")
                        || nf.starts_with("nhu muc")
                        || nf.starts_with("nhu phan")
                        || nf.starts_with("nhu khoan")
                    {
                        role = Some("thuc-hien");
                    } else if let Some(open) = nf.rfind(" de ")
                        && let Some(r) = role_of(&nf[open + 1..])
                    {
                        {
                            role = Some(r);
                            let cut = Folded::new(&name_part);
                            let at = cut.orig(cut.s.rfind(" de ").unwrap_or(cut.s.len()));
                            name_part = name_part[..at].trim().to_string();
                        }
                    }
                }
                if !name_part.is_empty() {
                    recs.push(Rec {
                        name: name_part,
                        role,
                        terminated,
                        line: line.no,
                    });
                }
                continue;
            }
            if seg.starts_with('(') {
                // "(Đã ký)", "(ký, ghi rõ họ tên)", or a role for the line above.
                if let Some(r) = role_of(&crate::text::fold(seg.trim_matches(['(', ')', ';', ' '])))
                    && let Some(last) = recs.last_mut()
                    && last.role.is_none()
                {
                    last.role = Some(r);
                }
                continue;
            }
            if is_on_behalf(seg) || (is_caps(seg) && !is_person_name(seg)) {
                positions.push(seg.to_string());
                continue;
            }
            if is_person_name(seg) {
                name = Some((text::collapse(seg), line.no));
                continue;
            }
            if in_recipients
                && let Some(last) = recs.last_mut()
                && seg.chars().next().is_some_and(char::is_lowercase)
            {
                last.name.push(' ');
                last.name.push_str(seg.trim_end_matches(';'));
            }
        }
    }
    // Roles: written; else the line above's when this one is not closed and the next has its own; else the
    // next written role across unclosed lines (a brace); else assumed "để biết".
    let n = recs.len();
    let mut roles: Vec<(Option<&'static str>, bool)> =
        recs.iter().map(|r| (r.role, false)).collect();
    for i in 0..n {
        if roles[i].0.is_some() {
            continue;
        }
        let next_has = recs
            .get(i + 1)
            .is_some_and(|r| r.role.is_some_and(|x| x != "luu"));
        if i > 0 && !recs[i].terminated && next_has && roles[i - 1].0.is_some_and(|x| x != "luu") {
            roles[i] = (roles[i - 1].0, true);
            continue;
        }
        let mut found = None;
        for rec in &recs[i..] {
            if let Some(r) = rec.role.filter(|r| *r != "luu") {
                found = Some(r);
                break;
            }
            if rec.terminated || rec.role.is_some() {
                break;
            }
        }
        roles[i] = (Some(found.unwrap_or("de-biet")), true);
    }
    for (r, (role, assumed)) in recs.into_iter().zip(roles) {
        let written = !assumed;
        out.recipients.push(Recipient {
            name: r.name,
            role: role.unwrap_or("de-biet"),
            assumed: !written,
            line: r.line,
        });
    }
    if let Some((name, line)) = name {
        let on_behalf: Vec<String> = positions
            .iter()
            .filter(|p| is_on_behalf(p))
            .map(|p| position_case(p))
            .collect();
        let title = positions
            .iter()
            .rev()
            .find(|p| !is_on_behalf(p))
            .map(|p| position_case(p));
        out.signer = Some(Signer {
            name,
            title,
            on_behalf: (!on_behalf.is_empty()).then(|| on_behalf.join(", ")),
            line,
        });
    }
    tail_out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_capitals() {
        assert_eq!(
            proper_name("ỦY BAN NHÂN DÂN HUYỆN SƠN TỊNH", ""),
            "Ủy ban nhân dân huyện Sơn Tịnh"
        );
        assert_eq!(proper_name("HUYỆN ỦY SƠN TỊNH", ""), "Huyện ủy Sơn Tịnh");
        assert_eq!(
            proper_name(
                "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
                "Sở Khoa học và Công nghệ xây dựng"
            ),
            "Sở Khoa học và Công nghệ"
        );
        assert_eq!(position_case("PHÓ GIÁM ĐỐC"), "Phó Giám đốc");
        assert_eq!(position_case("KT. GIÁM ĐỐC"), "KT. Giám đốc");
        assert_eq!(position_case("TM. ỦY BAN NHÂN DÂN"), "TM. Ủy ban nhân dân");
        assert!(is_person_name("Trần Công Hòa"));
        assert!(!is_person_name("PHÓ GIÁM ĐỐC"));
        assert!(!is_person_name("Lưu: VT"));
    }

    #[test]
    fn titles() {
        assert_eq!(
            short_title(
                "Tiếp tục quán triệt, triển khai thực hiện Kết luận số 120-KL/TW. Tiếp theo",
                None
            ),
            "Tiếp tục quán triệt, triển khai thực hiện Kết luận số 120-KL/TW"
        );
        let long = "Tăng cường công tác đào tạo, tập huấn, bồi dưỡng, bố trí, điều động những công chức, viên chức, nhất là công chức chủ chốt";
        assert!(short_title(long, None).ends_with('…'));
    }
}
