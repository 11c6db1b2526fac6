//! Cited documents: every number and symbol ("số, ký hiệu") the text cites, with its kind ("Kế hoạch",
//! "Nghị định"), its date (written "ngày 15/3/2021" or "ngày 15 tháng 3 năm 2021") and its issuer ("của ...",
//! "giữa ... và ...").
//!
//! The rule this module keeps: a reference is a number [`crate::docnum`] reads, cited as a document — after a
//! kind, after "số", or with a type code. The plan's own number, form codes ("Mẫu số 02/BC") and blank
//! placeholders ("số ……/QĐ-UBND") are not references. A date is the one written right after the number.

use super::dates::{self, When};
use super::words::ISSUERS;
use super::{Block, Folded, Head, Item, Reference, Review, ReviewKind};
use crate::docnum::{self, DocNumber};
use crate::i18n::tr;

/// Kinds of documents as written before a number (folded, longest first).
const KINDS: &[&str] = &[
    "chuong trinh phoi hop",
    "chuong trinh hanh dong",
    "chuong trinh cong tac",
    "chuong trinh",
    "ke hoach lien tich",
    "ke hoach phoi hop",
    "ke hoach",
    "quyet dinh",
    "nghi quyet lien tich",
    "nghi quyet",
    "nghi dinh",
    "chi thi",
    "thong bao ket luan",
    "ket luan",
    "thong bao",
    "cong van",
    "van ban",
    "huong dan",
    "thong tu lien tich",
    "thong tu",
    "thong tri",
    "bo luat",
    "luat",
    "phap lenh",
    "quy dinh",
    "quy che",
    "cong dien",
    "de an",
    "to trinh",
    "bao cao",
    "dieu le",
    "hien phap",
    "lenh",
    "chi thi lien tich",
];

/// Words that end an issuer after "của" (folded, with their leading space).
const ISSUER_END: &[&str] = &[
    " ve ",
    " v/v",
    " voi chu de",
    " tai ",
    " trong ",
    " doi voi",
    " giai doan",
    " nham ",
    " de ",
    " theo ",
    " gan ",
    " cung ",
];

/// Verbs that end an issuer from its third word on ("Ban Chỉ đạo tỉnh" is a name, "... chỉ đạo" a verb).
const ISSUER_END_VERBS: &[&str] = &[
    " ban hanh",
    " trien khai",
    " thuc hien",
    " to chuc",
    " quy dinh",
    " huong dan",
    " phe duyet",
    " sua doi",
    " bo sung",
    " thi hanh",
    " tiep tuc",
    " nang cao",
    " day manh",
    " tang cuong",
    " phoi hop",
    " lanh dao",
    " chi dao",
    " xay dung",
    " cong bo",
    " dieu chinh",
    " kien toan",
    " thanh lap",
    " phat dong",
    " ket luan",
    " chuong trinh",
    " ke hoach",
    " danh gia",
    " so ket",
    " tong ket",
];

fn issuer_from_codes(n: &DocNumber) -> String {
    let mut names = Vec::new();
    // "15/UBND-VX": a công văn's issuer is its first code; the rest name the drafting desk.
    let issuers = if n.code.is_none() {
        &n.issuers[..n.issuers.len().min(1)]
    } else {
        &n.issuers[..]
    };
    for code in issuers {
        let key: String = crate::text::fold(code)
            .to_uppercase()
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect();
        let bare: String = key
            .trim_end_matches(|c: char| c.is_ascii_digit())
            .to_string();
        match ISSUERS.iter().find(|(k, _)| *k == key || *k == bare) {
            Some((_, name)) => names.push((*name).to_string()),
            None => names.push(code.clone()),
        }
    }
    if names.is_empty() && n.kind == Some("Luật") {
        names.push("Quốc hội".into());
    }
    if names.is_empty() {
        names.push(n.text.clone());
    }
    names.join(" - ")
}

/// One citation found in a text.
#[derive(Debug, Clone)]
pub struct Citation {
    /// The number as parsed.
    pub number: DocNumber,
    /// Byte range of the number in the text.
    pub range: std::ops::Range<usize>,
    /// Where the citation starts (its kind).
    pub start: usize,
    /// Where its date ends (or the number, without a date).
    pub end: usize,
    /// Kind as written, else from the code.
    pub kind: String,
    /// Date written right after.
    pub date: Option<chrono::NaiveDate>,
    /// Byte range of that date.
    pub date_range: Option<std::ops::Range<usize>>,
    /// Issuer as written, if any.
    pub issuer: Option<String>,
    /// "về ...".
    pub subject: Option<String>,
}

/// Every citation of a text. `own` is the plan's own key, skipped.
pub fn citations(text: &str, own: Option<&str>) -> Vec<Citation> {
    let hits = docnum::find_all(text);
    let mut out = Vec::new();
    for (k, (range, number)) in hits.iter().enumerate() {
        if own.is_some_and(|o| o == number.key) {
            continue;
        }
        // Kind and "số" before the number.
        let look = range.start.saturating_sub(80);
        let look = (look..range.start)
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(range.start);
        let before = &text[look..range.start];
        let bf = Folded::new(before);
        let mut tail = bf.s.trim_end().to_string();
        let mut has_so = false;
        for suffix in ["so:", "so :", "so", ":"] {
            if let Some(t) = tail.strip_suffix(suffix)
                && (t.is_empty() || t.ends_with(' '))
            {
                has_so = has_so || suffix.starts_with("so");
                tail = t.trim_end().to_string();
            }
        }
        // "Quyết định số 396-QĐ/TU, ngày ..." and lists "các Quyết định số 436 ... và số 737 ...".
        let mut kind_written: Option<(&str, usize)> = None;
        for kname in KINDS {
            if tail.ends_with(kname) && super::word_at(&tail, tail.len() - kname.len(), kname) {
                let at = bf.orig(tail.len() - kname.len());
                kind_written = Some((kname, look + at));
                break;
            }
        }
        let coded = number.kind.is_some();
        if kind_written.is_none() && !has_so && !coded {
            continue;
        }
        if kind_written.is_none() && !has_so && number.code.is_none() && number.kind != Some("Luật")
        {
            continue;
        }
        let kind = match (kind_written, number.kind) {
            (Some((w, at)), code_kind) => {
                let written = original_kind(text, at, w);
                match code_kind {
                    Some(ck) if !docnum::kind_agrees(&written, number) => ck.to_string(),
                    _ => written,
                }
            }
            (None, Some(k)) => k.to_string(),
            (None, None) => "Văn bản".to_string(),
        };
        let start = kind_written.map_or(range.start, |(_, at)| at);
        // The date right after: ", ngày 19/10/2021", " ngày 15 tháng 3 năm 2021", "(ngày 15/3/2021)".
        let next_start = hits.get(k + 1).map_or(text.len(), |(r, _)| r.start);
        let window_end = (range.end + 60).min(next_start);
        let window_end = (window_end..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        let after = &text[range.end..window_end];
        let af = Folded::new(after);
        let mut date = None;
        let mut date_range = None;
        let lead = af.s.trim_start_matches([',', ' ', '(', ')']);
        let skipped = af.s.len() - lead.len();
        let mut lead2 = lead;
        for opt in ["ban hanh ", "ky ", "cua ubnd tinh ngay"] {
            if let Some(l) = lead2.strip_prefix(opt) {
                lead2 = l;
            }
        }
        if lead2.starts_with("ngay") {
            let offset = skipped + (lead.len() - lead2.len());
            let found = dates::find_folded(&af);
            if let Some(d) = found.iter().find(|d| d.folded.start == offset)
                && let When::Day(day) = d.when
            {
                date = Some(day);
                date_range = Some(range.end + d.range.start..range.end + d.range.end);
            }
        }
        let mut end = date_range.as_ref().map_or(range.end, |r| r.end);
        // Issuer: "của X", "giữa X và Y", "do X ban hành".
        let rest_end = (end + 200).min(next_start.max(end));
        let rest_end = (rest_end..=text.len())
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(text.len());
        let rest = &text[end..rest_end];
        let rf = Folded::new(rest);
        let rt = rf.s.trim_start_matches([',', ' ', ')', '(']);
        let skip = rf.s.len() - rt.len();
        let mut issuer = None;
        let mut subject = None;
        for intro in ["cua ", "giua ", "do "] {
            if let Some(body) = rt.strip_prefix(intro) {
                let body_at = skip + intro.len();
                let mut stop = body.len();
                for e in ISSUER_END {
                    if let Some(p) = body.find(e) {
                        stop = stop.min(p);
                    }
                }
                let second_word_end = body
                    .match_indices(' ')
                    .nth(1)
                    .map_or(body.len(), |(p, _)| p);
                for e in ISSUER_END_VERBS {
                    let mut from = 0;
                    while let Some(p) = body[from..].find(e) {
                        let at = from + p;
                        if at >= second_word_end {
                            stop = stop.min(at);
                            break;
                        }
                        from = at + 1;
                    }
                }
                // "của UBND tỉnh ngày 23/3/2022": the date after the issuer ends it.
                for (p, _) in body.match_indices(" ngay ") {
                    if body[p + 6..].starts_with(|c: char| c.is_ascii_digit()) {
                        stop = stop.min(p);
                        break;
                    }
                }
                for c in [';', ',', '.', ':', '“', '"', super::NL] {
                    if let Some(p) = body.find(c) {
                        // Parentheses stay: "Hội nghị Tỉnh ủy lần thứ 06 (khoá XX)".
                        stop = stop.min(p);
                    }
                }
                let r = rf.orig_range(body_at..body_at + stop);
                let name = rest[r.clone()].trim();
                if !name.is_empty() && name.split_whitespace().count() <= 20 {
                    issuer = Some(super::text::collapse(name));
                    end += r.end;
                }
                break;
            }
        }
        // "Kế hoạch số 53/KH-UBND của UBND tỉnh ngày 23/3/2022": the date after the issuer.
        if date.is_none() && issuer.is_some() {
            let after = super::window(text, end, 120);
            let af = Folded::new(after);
            let lead = af.s.trim_start_matches([',', ' ', '(']);
            if lead.starts_with("ngay") {
                let offset = af.s.len() - lead.len();
                if let Some(d) = dates::find_folded(&af)
                    .into_iter()
                    .find(|d| d.folded.start == offset)
                    && let When::Day(day) = d.when
                {
                    date = Some(day);
                    date_range = Some(end + d.range.start..end + d.range.end);
                    end += d.range.end;
                }
            }
        }
        if issuer.is_some() {
            let tail = super::window(text, end, 2_000);
            let tf = Folded::new(tail);
            let t = tf.s.trim_start();
            if t.starts_with("ve ") || t.starts_with("v/v") {
                let skip = tf.s.len() - t.len();
                let mut stop = t.len();
                for c in [';', ':', super::NL] {
                    if let Some(p) = t.find(c) {
                        stop = stop.min(p);
                    }
                }
                // "..., Phòng Nội vụ xây dựng kế hoạch như sau": the plan's own sentence begins.
                for (p, _) in t.match_indices(", ") {
                    if p < stop && super::units::starts_with_unit(&t[p + 2..]) {
                        stop = p;
                        break;
                    }
                }
                let mut by_next = false;
                if let Some((r, _)) = hits.get(k + 1) {
                    let next = tf
                        .folded_at(r.start.saturating_sub(end))
                        .saturating_sub(skip);
                    if next < stop {
                        stop = next;
                        by_next = true;
                    }
                }
                if stop > 3 && stop < 400 {
                    // Up to the next citation, without its kind ("...; Kế hoạch số").
                    let mut sub = t[..stop].trim_end().to_string();
                    if by_next {
                        loop {
                            let before = sub.len();
                            for w in ["so:", "so", ":", ",", ";", "va", "cac", "tai"] {
                                if sub.ends_with(w)
                                    && (sub.len() == w.len()
                                        || !w.chars().all(char::is_alphabetic)
                                        || super::word_at(&sub, sub.len() - w.len(), w))
                                {
                                    sub.truncate(sub.len() - w.len());
                                    sub = sub.trim_end().to_string();
                                }
                            }
                            for kname in KINDS {
                                if sub.ends_with(kname)
                                    && super::word_at(&sub, sub.len() - kname.len(), kname)
                                {
                                    sub.truncate(sub.len() - kname.len());
                                    sub = sub.trim_end().to_string();
                                    break;
                                }
                            }
                            if sub.len() == before {
                                break;
                            }
                        }
                    }
                    let r = tf.orig_range(skip..skip + sub.len());
                    let s = tail[r].trim().trim_end_matches([',', '.', ';']).trim();
                    if s.chars().count() > 3 {
                        subject = Some(super::text::collapse(s));
                    }
                }
            }
        }
        out.push(Citation {
            number: number.clone(),
            range: range.clone(),
            start,
            end,
            kind,
            date,
            date_range,
            issuer,
            subject,
        });
    }
    out
}

/// The kind as written in the text (its capitalisation), from the folded match.
fn original_kind(text: &str, at: usize, folded_kind: &str) -> String {
    let words = folded_kind.split(' ').count();
    let mut end = at;
    let mut seen = 0;
    for (i, c) in text[at..].char_indices() {
        if c.is_whitespace() {
            seen += 1;
            if seen == words {
                end = at + i;
                break;
            }
        }
        end = at + i + c.len_utf8();
    }
    let written = super::text::collapse(&text[at..end]);
    let mut c = written.chars();
    match c.next() {
        Some(f) => f
            .to_uppercase()
            .chain(c.map(|ch| ch.to_lowercase().next().unwrap_or(ch)))
            .collect(),
        None => written,
    }
}

/// What the citations stage gives: every cited document once, the numbers each item cites (objectives, then
/// tasks, in the order given), and what the clerk must check.
#[derive(Debug, Default)]
pub struct Cited {
    /// Every cited document, once per document, in order of first citation.
    pub references: Vec<Reference>,
    /// The numbers each item cites, in the order of the items given.
    pub cited: Vec<Vec<String>>,
    /// Undated references, references dated after the plan.
    pub review: Vec<Review>,
}

/// The citations of a plan's text: its preamble, its items and its closing paragraphs.
pub fn cite(head: &Head, preamble: &[Block], items: &[&Item], closing: &[Block]) -> Cited {
    let mut out = Cited::default();
    let own = head
        .number
        .as_deref()
        .and_then(docnum::parse)
        .map(|n| n.key);
    let mut refs: Vec<Reference> = Vec::new();
    let add = |c: &Citation, block: &Block, basis: bool, refs: &mut Vec<Reference>| -> String {
        let line = block.line_at(c.range.start);
        // Same number, same date (or one undated): one document.
        if let Some(r) = refs.iter_mut().find(|r| {
            r.key == c.number.key && (r.date == c.date || r.date.is_none() || c.date.is_none())
        }) {
            if r.date.is_none() && c.date.is_some() {
                r.date = c.date;
            }
            if r.issuer_guessed
                && let Some(i) = &c.issuer
            {
                r.issuer = i.clone();
                r.issuer_guessed = false;
            }
            if r.subject.is_none() {
                r.subject = c.subject.clone();
            }
            r.basis |= basis;
            return r.number.clone();
        }
        let same = refs.iter().position(|r| r.number == c.number.text);
        let quote = super::text::collapse(block.text.get(c.start..c.end).unwrap_or(&c.number.text));
        refs.push(Reference {
            number: c.number.text.clone(),
            key: c.number.key.clone(),
            kind: c.kind.clone(),
            date: c.date,
            issuer: c
                .issuer
                .clone()
                .unwrap_or_else(|| issuer_from_codes(&c.number)),
            issuer_guessed: c.issuer.is_none(),
            subject: c.subject.clone(),
            basis,
            line,
            quote,
            same_number_as: same,
        });
        c.number.text.clone()
    };
    for b in preamble {
        for c in citations(&b.text, own.as_deref()) {
            add(&c, b, true, &mut refs);
        }
    }
    for item in items {
        let mut cited = Vec::new();
        // A table's time cell may name a document instead of a date ("Theo Kế hoạch số 12/KH-UBND …").
        let cell = item.time_cell.clone();
        for block in std::iter::once(&item.body).chain(cell.as_ref()) {
            for c in citations(&block.text, own.as_deref()) {
                let n = add(&c, block, false, &mut refs);
                if !cited.contains(&n) {
                    cited.push(n);
                }
            }
        }
        out.cited.push(cited);
    }
    for b in closing {
        for c in citations(&b.text, own.as_deref()) {
            add(&c, b, false, &mut refs);
        }
    }
    for r in &refs {
        if r.date.is_none() {
            out.review.push(Review {
                kind: ReviewKind::UndatedReference,
                line: r.line,
                task: None,
                message: format!(
                    "{} {} {}",
                    r.number,
                    tr("is cited without a date", "được trích dẫn không có ngày"),
                    tr(
                        "— add it from the document if known",
                        "— bổ sung ngày từ văn bản nếu biết"
                    )
                ),
            });
        }
        if let Some(d) = r.date
            && let Some(own_date) = head.date
            && d > own_date
        {
            out.review.push(Review {
                kind: ReviewKind::ReferenceAfterPlan,
                line: r.line,
                task: None,
                message: format!(
                    "{} {} {}",
                    r.number,
                    tr(
                        "is dated after the plan itself:",
                        "có ngày sau chính kế hoạch:"
                    ),
                    crate::date::format_vn(d)
                ),
            });
        }
    }
    out.references = refs;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(text: &str) -> Vec<(String, String, Option<String>, Option<String>)> {
        citations(text, None)
            .into_iter()
            .map(|c| {
                (
                    c.number.text,
                    c.kind,
                    c.date.map(crate::date::format_iso),
                    c.issuer,
                )
            })
            .collect()
    }

    #[test]
    fn kinds_dates_and_issuers() {
        let got = cite(
            "Thực hiện Công văn số 869-CV/TU ngày 18/02/2022 của Ban Thường vụ Tỉnh ủy triển khai; Chương trình phối hợp số 31-CTr/BDVTU-BCSĐUBND ngày 28/01/2022 giữa Ban Dân vận Tỉnh ủy và Ban cán sự đảng Ủy ban nhân dân tỉnh về công tác dân vận",
        );
        assert_eq!(
            got[0],
            (
                "869-CV/TU".into(),
                "Công văn".into(),
                Some("2022-02-18".into()),
                Some("Ban Thường vụ Tỉnh ủy".into())
            )
        );
        assert_eq!(got[1].1, "Chương trình phối hợp");
        assert_eq!(
            got[1].3.as_deref(),
            Some("Ban Dân vận Tỉnh ủy và Ban cán sự đảng Ủy ban nhân dân tỉnh")
        );
        let got =
            cite("Quyết định số 396-QĐ/TU, ngày 19/10/2021 của Ban Thường vụ Tỉnh ủy về việc");
        assert_eq!(got[0].2.as_deref(), Some("2021-10-19"));
        let got = cite(
            "Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ về công tác văn thư",
        );
        assert_eq!(got[0].2.as_deref(), Some("2020-03-05"));
        assert_eq!(got[0].3.as_deref(), Some("Chính phủ"));
        let got = cite(
            "Pháp lệnh số 34/2007/PL-UBTVQH11 của Ủy ban Thường vụ Quốc hội khóa 11 về thực hiện",
        );
        assert_eq!(got[0].2, None);
        assert_eq!(
            got[0].3.as_deref(),
            Some("Ủy ban Thường vụ Quốc hội khóa 11")
        );
    }

    #[test]
    fn traps_are_not_references() {
        assert!(
            cite("theo Mẫu số 02/BC kèm theo Quyết định số ……/QĐ-UBND ngày…. tháng …. năm……")
                .is_empty()
        );
        assert!(cite("Điện thoại: 0255.3822.123, số nhà 12/3 đường Hùng Vương").is_empty());
        assert_eq!(
            citations("Kế hoạch số 45/KH-UBND ngày 1/3/2024", Some("45/KH-UBND")).len(),
            0
        );
    }
}
