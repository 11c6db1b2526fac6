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

/// Escapes a TEXT value (RFC 5545 §3.3.11).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
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

/// Turns an identity into a UID: letters, digits and `.-` kept, everything else as `_`.
pub fn uid(parts: &[&str]) -> String {
    let body: Vec<String> = parts
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                        c
                    } else {
                        '_'
                    }
                })
                .collect()
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
    }
}
