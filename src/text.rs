//! Vietnamese text: NFC normalisation for everything loaded, and accent-free folding for matching.
//!
//! SQLite's `lower()` and `LIKE` fold ASCII only, so every match on names and titles goes through [`fold`].

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

/// Whether `needle` occurs in `haystack`, ignoring case and diacritics.
pub fn contains_folded(haystack: &str, needle: &str) -> bool {
    fold(haystack).contains(&fold(needle))
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
}
