//! iCalendar (RFC 5545): one to-do (or all-day event) per open deadline, with a stable UID so that importing
//! again updates the entries instead of duplicating them, text escaped and lines folded at 75 octets.

use chrono::NaiveDate;
use std::io::{self, Write};

/// One calendar entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Stable identity: plan, task, deadline and period.
    pub uid: String,
    /// The day the work is due (the last day allowed).
    pub due: NaiveDate,
    /// One line for the calendar's list.
    pub summary: String,
    /// Everything else worth knowing.
    pub description: String,
}

/// What to write.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// All-day events instead of to-dos.
    pub events: bool,
    /// An alarm this many days before the due day.
    pub remind_days: Option<u32>,
    /// The date the calendar describes; used as DTSTAMP so that output is reproducible.
    pub stamp: NaiveDate,
}

/// Escapes a TEXT value (RFC 5545 §3.3.11), leaving out the control characters the RFC forbids in one
/// (and the bidirectional controls): a calendar shows text, it obeys nothing.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push(c),
            c if crate::shown::forbidden(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Writes one content line, folded so that no line exceeds 75 octets, never splitting a character (§3.1).
fn line(out: &mut dyn Write, text: &str) -> io::Result<()> {
    let mut width = 0;
    for c in text.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.write_all(b"\r\n ")?;
            width = 1;
        }
        let mut buf = [0; 4];
        out.write_all(c.encode_utf8(&mut buf).as_bytes())?;
        width += n;
    }
    out.write_all(b"\r\n")
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// Turns an identity into a UID: ASCII letters, digits and `._-` kept, every other byte percent-encoded, so
/// that two identities never share a UID (`1,2` and `1;2`, `đ.1` and `ă.1`) and one keeps its UID forever.
pub fn uid(parts: &[&str]) -> String {
    let body: Vec<String> = parts
        .iter()
        .map(|p| {
            let mut out = String::with_capacity(p.len());
            for b in p.bytes() {
                if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-') {
                    out.push(b as char);
                } else {
                    out.push_str(&format!("%{b:02X}"));
                }
            }
            out
        })
        .collect();
    format!("{}@plan", body.join("/"))
}

/// Writes a whole calendar.
pub fn write(
    entries: &[Entry],
    name: &str,
    options: Options,
    out: &mut dyn Write,
) -> io::Result<()> {
    line(out, "BEGIN:VCALENDAR")?;
    line(out, "VERSION:2.0")?;
    line(out, "PRODID:-//plan//plan compliance tracker//VI")?;
    line(out, "CALSCALE:GREGORIAN")?;
    line(out, "METHOD:PUBLISH")?;
    line(out, &format!("X-WR-CALNAME:{}", escape(name)))?;
    for e in entries {
        let component = if options.events { "VEVENT" } else { "VTODO" };
        line(out, &format!("BEGIN:{component}"))?;
        line(out, &format!("UID:{}", e.uid))?;
        line(out, &format!("DTSTAMP:{}T000000Z", ymd(options.stamp)))?;
        if options.events {
            line(out, &format!("DTSTART;VALUE=DATE:{}", ymd(e.due)))?;
            let next = e.due.succ_opt().unwrap_or(e.due);
            line(out, &format!("DTEND;VALUE=DATE:{}", ymd(next)))?;
            line(out, "TRANSP:TRANSPARENT")?;
        } else {
            line(out, &format!("DUE;VALUE=DATE:{}", ymd(e.due)))?;
            line(out, "STATUS:NEEDS-ACTION")?;
        }
        line(out, &format!("SUMMARY:{}", escape(&e.summary)))?;
        line(out, &format!("DESCRIPTION:{}", escape(&e.description)))?;
        if let Some(days) = options.remind_days {
            line(out, "BEGIN:VALARM")?;
            line(out, "ACTION:DISPLAY")?;
            line(
                out,
                &format!(
                    "TRIGGER;RELATED={}:-P{days}D",
                    if options.events { "START" } else { "END" }
                ),
            )?;
            line(out, &format!("DESCRIPTION:{}", escape(&e.summary)))?;
            line(out, "END:VALARM")?;
        }
        line(out, &format!("END:{component}"))?;
    }
    line(out, "END:VCALENDAR")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = Vec::new();
        let text = format!("SUMMARY:{}", "Đăng ký mô hình “Dân vận khéo” ".repeat(6));
        line(&mut out, &text).unwrap();
        let s = String::from_utf8(out).unwrap();
        for l in s.split("\r\n") {
            assert!(l.len() <= 75, "{} octets: {l}", l.len());
        }
        assert_eq!(s.replace("\r\n ", ""), format!("{text}\r\n"));
    }

    #[test]
    fn escapes_text() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(
            uid(&["2022-x", "III.3", "bao-cao", ""]),
            "2022-x/III.3/bao-cao/@plan"
        );
        assert_eq!(escape("a\x1b[2Jb\x00c\x7fd\u{9b}e\tf"), "a[2Jbcde\tf");
        let ids = ["1,2", "1;2", "1_2", "1%2C2", "đ.1", "ă.1", "a/b"];
        let uids: std::collections::HashSet<String> = ids.iter().map(|i| uid(&["p", i])).collect();
        assert_eq!(uids.len(), ids.len(), "{uids:?}");
        assert_eq!(uid(&["p", "1,2"]), "p/1%2C2@plan");
    }
}
