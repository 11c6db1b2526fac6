//! Day-first dates: never panics, and whatever parses prints back to the same date.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data)
        && let Ok(date) = plan::date::parse(text)
    {
        assert_eq!(plan::date::parse(&plan::date::format_vn(date)), Ok(date));
        assert_eq!(plan::date::parse(&plan::date::format_iso(date)), Ok(date));
    }
});
