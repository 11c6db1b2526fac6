//! Vietnamese text: NFC normalisation for everything loaded, accent-free folding for matching, and
//! Vietnamese alphabetical order for sorting names.
//!
//! SQLite's `lower()` and `LIKE` fold ASCII only, so every match on names and titles goes through [`fold`],
//! and every sort of Vietnamese names through [`collation_key`] (a ă â b c d đ e ê ..., not byte order).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalises text to Unicode NFC (files saved from Word are often NFD).
pub fn nfc(text: &str) -> String {
    text.nfc().collect()
}

/// Folds text for matching: lower case, no diacritics, `đ` as `d`, runs of white space as one space.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_whitespace() {
            space = !out.is_empty();
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Folds like [`fold`] and also returns, for each byte of the folded text, the byte offset in `text` of the
/// character it came from (plus one entry for the end), so that a match can be shown in the original wording.
pub fn fold_with_offsets(text: &str) -> (String, Vec<usize>) {
    let mut out = String::with_capacity(text.len());
    let mut offsets = Vec::with_capacity(text.len() + 1);
    let mut space = false;
    for (at, ch) in text.char_indices() {
        for c in ch.to_string().nfd() {
            if is_combining_mark(c) {
                continue;
            }
            let c = if matches!(c, 'đ' | 'Đ') { 'd' } else { c };
            if c.is_whitespace() {
                space = !out.is_empty();
                continue;
            }
            if space {
                out.push(' ');
                offsets.push(at);
                space = false;
            }
            for lower in c.to_lowercase() {
                for _ in 0..lower.len_utf8() {
                    offsets.push(at);
                }
                out.push(lower);
            }
        }
    }
    offsets.push(text.len());
    (out, offsets)
}

/// Whether `needle` occurs in `haystack`, ignoring case and diacritics.
pub fn contains_folded(haystack: &str, needle: &str) -> bool {
    fold(haystack).contains(&fold(needle))
}

/// The Vietnamese alphabet's letters in order; a letter's position is its primary weight.
const ALPHABET: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
];

/// A sort key in Vietnamese alphabetical order: letters first by the alphabet (a ă â b c d đ ...), then by tone
/// (none, huyền, hỏi, ngã, sắc, nặng), then lower case before upper case.
pub fn collation_key(text: &str) -> Vec<u32> {
    let mut primary = Vec::new();
    let mut tones = Vec::new();
    let mut cases = Vec::new();
    for ch in nfc(text).chars() {
        let lower: String = ch.to_lowercase().collect();
        cases.push(u32::from(lower.chars().ne(ch.to_string().chars())));
        let mut base = String::new();
        let mut tone = 0;
        for c in lower.nfd() {
            match c {
                '\u{300}' => tone = 1,
                '\u{309}' => tone = 2,
                '\u{303}' => tone = 3,
                '\u{301}' => tone = 4,
                '\u{323}' => tone = 5,
                c => base.push(c),
            }
        }
        let base: String = base.nfc().collect();
        let weight = match ALPHABET.iter().position(|l| *l == base) {
            Some(i) => 1000 + i as u32,
            None if ch.is_whitespace() => 1,
            None if ch.is_ascii_digit() => 100 + ch as u32,
            None => 2000 + ch as u32,
        };
        primary.push(weight);
        tones.push(tone);
    }
    primary.push(0);
    primary.extend(tones);
    primary.push(0);
    primary.extend(cases);
    primary
}

/// The first `n` words of a text, with "…" when there are more.
pub fn first_words(text: &str, n: usize) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() <= n {
        return words.join(" ");
    }
    format!("{} …", words[..n].join(" "))
}

/// The words of a text, folded, joined by single spaces: punctuation and dashes gone, so that "hanh chinh
/// tong hop" is the key of "Phòng Hành chính - Tổng hợp" minus its first word.
pub fn word_key(text: &str) -> String {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether the words of `needle` occur in `haystack`: as a phrase (whole words, in order), or else each of
/// them somewhere, in any order. Case, diacritics and punctuation do not count.
pub fn has_words(haystack: &str, needle: &str) -> bool {
    let (h, n) = (word_key(haystack), word_key(needle));
    if n.is_empty() {
        return false;
    }
    format!(" {h} ").contains(&format!(" {n} "))
        || n.split(' ').all(|w| h.split(' ').any(|x| x == w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding() {
        assert_eq!(
            fold("Phòng Hành chính - Tổng hợp"),
            "phong hanh chinh - tong hop"
        );
        assert_eq!(fold("ĐOÀN  Đức\n"), "doan duc");
        assert!(contains_folded("Mô hình “Dân vận khéo”", "dan van kheo"));
        let nfd = "Dân vận".nfd().collect::<String>();
        assert_eq!(nfc(&nfd), "Dân vận");
        assert_eq!(fold(&nfd), "dan van");
    }

    #[test]
    fn offsets_point_back_into_the_original() {
        let text = "Phòng  Hành chính";
        let (folded, offsets) = fold_with_offsets(text);
        assert_eq!(folded, "phong hanh chinh");
        let at = folded.find("hanh").unwrap();
        let end = at + "hanh".len();
        assert_eq!(&text[offsets[at]..offsets[end]], "Hành ");
        assert_eq!(offsets.len(), folded.len() + 1);
    }

    #[test]
    fn vietnamese_alphabetical_order() {
        let mut names = vec![
            "Đà Nẵng",
            "Dương",
            "Ơn",
            "An Giang",
            "Ấp",
            "Ăn",
            "Bình",
            "Cần Thơ",
            "Ôn",
            "On",
            "Ủy ban",
            "Uyên",
            "Ưu",
            "Vĩnh",
            "Xã",
            "Yên",
        ];
        names.sort_by_key(|n| collation_key(n));
        assert_eq!(
            names,
            [
                "An Giang",
                "Ăn",
                "Ấp",
                "Bình",
                "Cần Thơ",
                "Dương",
                "Đà Nẵng",
                "On",
                "Ôn",
                "Ơn",
                "Ủy ban",
                "Uyên",
                "Ưu",
                "Vĩnh",
                "Xã",
                "Yên"
            ]
        );
        let mut tones = vec!["má", "mà", "mạ", "ma", "mả", "mã"];
        tones.sort_by_key(|n| collation_key(n));
        assert_eq!(tones, ["ma", "mà", "mả", "mã", "má", "mạ"]);
    }
}
