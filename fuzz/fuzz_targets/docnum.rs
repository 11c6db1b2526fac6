//! Document numbers: never panics; a parsed number parses again to the same key; ranges found in a text are
//! valid and hold numbers with the same key.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Some(n) = plan::docnum::parse(text) {
        assert!(n.key.is_ascii());
        assert_eq!(plan::docnum::parse(&n.text).map(|m| m.key), Some(n.key.clone()));
    }
    let nfc = plan::text::nfc(text);
    for (range, n) in plan::docnum::find_all(text) {
        assert!(nfc.get(range.clone()).is_some(), "range {range:?} is not in the text");
        assert!(n.key.is_ascii());
    }
});
