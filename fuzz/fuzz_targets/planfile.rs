//! The plan-file reader and validator: any bytes give a plan or diagnostics, never a panic, and every
//! diagnostic points inside the file.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (_, diagnostics) = plan::planfile::check_bytes(std::path::Path::new("fuzz.toml"), data);
    let lines = data.split(|b| *b == b'\n').count();
    for d in diagnostics {
        assert!(d.line >= 1 && d.line <= lines.max(1), "line {} of {lines}", d.line);
        assert!(d.column >= 1);
    }
});
