//! What a terminal may receive: text without the characters a terminal obeys instead of showing.
//!
//! The rule this module keeps: plan text never holds a control character (plan files and command-line text
//! are refused with one, see [`forbidden`]), and whatever `plan` prints (stdout in every text format, and
//! every line on stderr) passes through [`Shown`] or [`shown`], so that a character that slipped in anyway
//! (a store edited by hand, a file name) is shown as a visible stand-in, never obeyed: C0 controls and DEL
//! as their Unicode control pictures (ESC as `␛`), C1 controls and the bidirectional overrides as `�`. Tab
//! and newline are text; a carriage return is kept only as half of a CRLF line end (ICS and CSV use them).
//!
//! Why the bidirectional controls: they reorder what a terminal shows (U+202E turns `gpj.exe` around), so
//! a title could read as something it is not.

use std::borrow::Cow;
use std::io::{self, Write};

/// Whether `c` is a character plan refuses in text and never prints raw: C0 controls other than tab and
/// newline (carriage return included: a lone one rewrites the line on screen), DEL, C1 controls, and the
/// bidirectional embeddings, overrides and isolates.
pub fn forbidden(c: char) -> bool {
    matches!(c,
        '\0'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// The first forbidden character of `s`, with its byte offset. A carriage return right before a newline is
/// a line end, not a control.
pub fn first_forbidden(s: &str) -> Option<(usize, char)> {
    let bytes = s.as_bytes();
    s.char_indices()
        .find(|&(i, c)| forbidden(c) && !(c == '\r' && bytes.get(i + 1) == Some(&b'\n')))
}

/// How a forbidden character is named in a message: "U+001B (ESC)".
pub fn describe(c: char) -> String {
    const C0: [&str; 32] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF",
        "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM",
        "SUB", "ESC", "FS", "GS", "RS", "US",
    ];
    let code = c as u32;
    let name = match code {
        0..=31 => C0[code as usize],
        0x7f => "DEL",
        0x80..=0x9f => "C1 control",
        _ => "bidirectional control",
    };
    format!("U+{code:04X} ({name})")
}

/// The stand-in shown for a forbidden character.
fn stand_in(c: char) -> char {
    match c as u32 {
        n @ 0..=31 => char::from_u32(0x2400 + n).unwrap_or('\u{fffd}'),
        0x7f => '\u{2421}',
        _ => '\u{fffd}',
    }
}

/// `s` as it may be printed: every forbidden character replaced by its stand-in.
pub fn shown(s: &str) -> Cow<'_, str> {
    if first_forbidden(s).is_none() {
        return Cow::Borrowed(s);
    }
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 8);
    for (i, c) in s.char_indices() {
        let line_end = c == '\r' && bytes.get(i + 1) == Some(&b'\n');
        out.push(if forbidden(c) && !line_end {
            stand_in(c)
        } else {
            c
        });
    }
    out.into()
}

/// A writer that passes text through [`shown`] as it streams: a character split across two writes is held
/// until it is whole. Bytes that are not UTF-8 (no writer of plan's makes them) are shown as `�`.
pub struct Shown<W: Write> {
    inner: W,
    /// The end of the last write that may begin a character still to come.
    held: Vec<u8>,
}

impl<W: Write> Shown<W> {
    /// Wraps `inner`.
    pub fn new(inner: W) -> Shown<W> {
        Shown {
            inner,
            held: Vec::new(),
        }
    }

    /// Writes what is whole in `bytes` and holds the rest (an unfinished character, or a carriage return
    /// whose next byte decides whether it ends a line).
    fn pass(&mut self, bytes: &[u8], last: bool) -> io::Result<()> {
        let mut start = 0;
        let mut i = 0;
        while i < bytes.len() {
            let b = bytes[i];
            // Only these bytes can begin a forbidden character: C0/DEL, 0xC2 (C1), 0xE2 (bidirectional).
            let suspect =
                b < 0x20 && b != b'\t' && b != b'\n' || b == 0x7f || b == 0xc2 || b == 0xe2;
            if !suspect {
                i += 1;
                continue;
            }
            let need = match b {
                0xc2 => 2,
                0xe2 => 3,
                b'\r' => 2,
                _ => 1,
            };
            if i + need > bytes.len() && !last {
                self.inner.write_all(&bytes[start..i])?;
                self.held.extend_from_slice(&bytes[i..]);
                return Ok(());
            }
            let end = (i + need).min(bytes.len());
            let piece = &bytes[i..end];
            let replaced = match std::str::from_utf8(piece) {
                Ok(text) => match text.chars().next() {
                    Some('\r') if piece.get(1) == Some(&b'\n') => None,
                    Some(c) if forbidden(c) => Some(stand_in(c)),
                    _ => None,
                },
                Err(_) if b == b'\r' => Some(stand_in('\r')),
                Err(_) => None,
            };
            match replaced {
                Some(c) => {
                    self.inner.write_all(&bytes[start..i])?;
                    let mut buf = [0; 4];
                    self.inner.write_all(c.encode_utf8(&mut buf).as_bytes())?;
                    // A carriage return replaced alone: the byte after it is looked at again.
                    i += if b == b'\r' { 1 } else { need };
                    start = i;
                }
                None => i += 1,
            }
        }
        self.inner.write_all(&bytes[start..])
    }
}

impl<W: Write> Write for Shown<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.held.is_empty() {
            self.pass(buf, false)?;
        } else {
            let mut joined = std::mem::take(&mut self.held);
            joined.extend_from_slice(buf);
            self.pass(&joined, false)?;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let held = std::mem::take(&mut self.held);
        self.pass(&held, true)?;
        self.inner.flush()
    }
}

impl<W: Write> Drop for Shown<W> {
    fn drop(&mut self) {
        if !self.held.is_empty() {
            let _ = self.flush();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(pieces: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut w = Shown::new(&mut out);
            for p in pieces {
                w.write_all(p).unwrap();
            }
            w.flush().unwrap();
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn controls_are_shown_not_obeyed() {
        assert_eq!(shown("Kế hoạch"), "Kế hoạch");
        assert_eq!(shown("a\x1b[2Jb\x07"), "a␛[2Jb␇");
        assert_eq!(shown("x\u{9b}31m\u{202e}gpj"), "x�31m�gpj");
        assert_eq!(shown("tab\tline\nend\r\n"), "tab\tline\nend\r\n");
        assert_eq!(shown("over\rwrite"), "over␍write");
        assert_eq!(shown("\x7f"), "␡");
        assert_eq!(first_forbidden("ok\r\nok"), None);
        assert_eq!(first_forbidden("ab\x1b"), Some((2, '\x1b')));
        assert_eq!(describe('\x1b'), "U+001B (ESC)");
        assert_eq!(describe('\u{9b}'), "U+009B (C1 control)");
    }

    #[test]
    fn the_writer_holds_a_character_split_across_writes() {
        let text = "Sở\u{9b}K\u{202e}H\r\nx\ry\x1b]52;c;AAAA\x07 đ";
        let expected = shown(text).into_owned();
        let bytes = text.as_bytes();
        for cut in 0..bytes.len() {
            for cut2 in cut..bytes.len() {
                let got = through(&[&bytes[..cut], &bytes[cut..cut2], &bytes[cut2..]]);
                assert_eq!(got, expected, "cut at {cut}, {cut2}");
            }
        }
        assert_eq!(through(&[b"end\r"]), "end␍");
    }
}
