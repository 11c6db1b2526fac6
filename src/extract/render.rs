//! What an extraction is written as: a plan file (docs/plan-format.md) that `plan validate` accepts as
//! written, with the source line above each item and `# REVIEW:` where the clerk must decide; or JSON with
//! fixed keys for scripts.
//!
//! The rule this module keeps: the draft is valid as it stands. Anything that cannot be written validly
//! (a deadline with no date, a second document under the same number) is written as a comment, never
//! dropped and never invented.

use super::{Extraction, Item, Precision, Review, ReviewKind};
use crate::date::{format_iso, format_vn};
use crate::i18n::tr;
use chrono::Datelike;
use serde_json::{Value, json};
use std::fmt::Write;

/// Whether a required string would be refused as blank.
fn blank(s: &str) -> bool {
    !s.chars().any(char::is_alphanumeric)
}

/// A TOML basic string.
pub fn q(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn list(items: &[String]) -> String {
    format!(
        "[{}]",
        items.iter().map(|s| q(s)).collect::<Vec<_>>().join(", ")
    )
}

/// One line of source text for a comment: collapsed, at most `max` characters.
fn quote(s: &str, max: usize) -> String {
    let one = super::text::collapse(s);
    if one.chars().count() <= max {
        return one;
    }
    let cut: String = one.chars().take(max).collect();
    format!("{}…", cut.trim_end())
}

/// The year the plan covers: its date's, else the title's, else the deadlines'; `fallback` otherwise.
pub fn plan_year(x: &Extraction, fallback: i32) -> (i32, bool) {
    if let Some(d) = x.head.date {
        return (d.year(), false);
    }
    if let Some(t) = &x.head.title {
        let years: Vec<i32> = t
            .split(|c: char| !c.is_ascii_digit())
            .filter(|w| w.len() == 4)
            .filter_map(|w| w.parse().ok())
            .filter(|y| (1990..=2100).contains(y))
            .collect();
        if let Some(y) = years.first() {
            return (*y, false);
        }
    }
    let mut counts: Vec<(i32, usize)> = Vec::new();
    for d in x.deadlines.iter().filter_map(|d| d.date) {
        match counts.iter_mut().find(|(y, _)| *y == d.year()) {
            Some(c) => c.1 += 1,
            None => counts.push((d.year(), 1)),
        }
    }
    if let Some((y, _)) = counts.iter().max_by_key(|(y, n)| (*n, -*y)) {
        return (*y, false);
    }
    if let Some(y) = x
        .references
        .iter()
        .filter_map(|r| r.date)
        .map(|d| d.year())
        .max()
    {
        return (y, true);
    }
    (fallback, true)
}

/// Opens an objective or task of the draft: the source line it came from, what to review, the table header.
fn item_head(o: &mut String, x: &Extraction, table: &str, item: &Item) {
    o.push('\n');
    let _ = writeln!(
        o,
        "# {} {}: {}",
        tr("line", "dòng"),
        item.body.line,
        quote(&format!("{} {}", item.marker, item.body.text), 90)
    );
    let reviews: Vec<&Review> = x
        .review
        .iter()
        .filter(|r| r.task.as_deref() == Some(item.id.as_str()))
        .collect();
    review_lines(o, &reviews);
    let _ = writeln!(o, "[[{table}]]");
}

fn review_lines(out: &mut String, reviews: &[&Review]) {
    for r in reviews {
        let _ = writeln!(
            out,
            "# REVIEW: {} {}: {}",
            tr("line", "dòng"),
            r.line,
            quote(&r.message, 300)
        );
    }
}

fn key_for(p: Precision, d: chrono::NaiveDate, planned: bool) -> String {
    match p {
        Precision::Day if planned => format!("du-kien-{}", format_iso(d)),
        Precision::Day => format!("han-{}", format_iso(d)),
        Precision::Month => format!("thang-{}-{:02}", d.year(), d.month()),
        Precision::Quarter => format!("quy-{}-q{}", d.year(), d.month().div_ceil(3)),
        Precision::Range => format!("den-{}", format_iso(d)),
        Precision::Relative => "tuong-doi".into(),
    }
}

fn every_key(every: &str) -> &'static str {
    match every {
        "month" => "bao-cao-thang",
        "quarter" => "bao-cao-quy",
        "half-year" => "bao-cao-6-thang",
        _ => "bao-cao-nam",
    }
}

/// The plan file.
pub fn toml(x: &Extraction, id: &str, source: &str, fallback_year: i32) -> String {
    let mut o = String::new();
    let (year, year_guessed) = plan_year(x, fallback_year);
    let _ = writeln!(
        o,
        "# {} `plan extract` {} {source}.",
        tr("Drafted by", "Bản nháp do"),
        tr("from", "lập từ")
    );
    let _ = writeln!(
        o,
        "# {}",
        tr(
            "\"line N\" is the line of that file (of a .docx, its N-th paragraph; of a PDF, the N-th line of its text as laid out). Check every `# REVIEW:`, then run `plan validate` and `plan load`.",
            "\"dòng N\" là dòng của tệp đó (với .docx: đoạn thứ N; với PDF: dòng thứ N của văn bản đã dàn trang). Kiểm tra mọi `# REVIEW:`, rồi chạy `plan validate` và `plan load`."
        )
    );
    let mut general: Vec<&Review> = x.review.iter().filter(|r| r.task.is_none()).collect();
    let year_review;
    if year_guessed {
        year_review = Review {
            kind: ReviewKind::Year,
            line: x.head.title_line.unwrap_or(1),
            task: None,
            message: format!(
                "{} {year}",
                tr(
                    "the text gives no date or year for the plan; year assumed",
                    "văn bản không ghi ngày hay năm của kế hoạch; tạm ghi năm"
                )
            ),
        };
        general.push(&year_review);
    }
    let missing: Vec<Review> = [
        (
            x.head.title.is_none(),
            tr(
                "no title found (\"KẾ HOẠCH ...\")",
                "không tìm thấy tên kế hoạch (\"KẾ HOẠCH ...\")",
            ),
        ),
        (
            x.head.issuer.is_none(),
            tr("no issuing agency found", "không tìm thấy cơ quan ban hành"),
        ),
    ]
    .into_iter()
    .filter(|(m, _)| *m)
    .map(|(_, msg)| Review {
        kind: ReviewKind::Missing,
        line: 1,
        task: None,
        message: msg.into(),
    })
    .collect();
    general.extend(missing.iter());
    general.sort_by_key(|r| r.line);
    // Closing deadlines belong to no task; they are listed for the clerk.
    let loose: Vec<String> = x
        .deadlines
        .iter()
        .filter(|d| d.task.is_none())
        .map(|d| {
            format!(
                "# REVIEW: {} {}: {} “{}”",
                tr("line", "dòng"),
                d.line,
                tr("deadline outside any task:", "thời hạn ngoài nhiệm vụ:"),
                quote(&d.wording, 200)
            )
        })
        .collect();
    let general: Vec<&Review> = general
        .into_iter()
        .filter(|r| r.kind != ReviewKind::DeadlineOutsideTask)
        .collect();
    if !general.is_empty() || !loose.is_empty() {
        o.push('\n');
        review_lines(&mut o, &general);
        for l in loose {
            let _ = writeln!(o, "{l}");
        }
    }
    o.push_str("\n[plan]\n");
    let _ = writeln!(o, "id = {}", q(id));
    let title = x.head.title.clone().unwrap_or_else(|| "Kế hoạch".into());
    if let Some(l) = x.head.title_line {
        let _ = writeln!(o, "# {} {l}", tr("line", "dòng"));
    }
    let _ = writeln!(o, "title = {}", q(&title));
    let issuer = x.head.issuer.clone().unwrap_or_else(|| {
        tr(
            "(issuing agency — fill in)",
            "(cơ quan ban hành — cần điền)",
        )
        .into()
    });
    let _ = writeln!(o, "issuer = {}", q(&issuer));
    if let Some(p) = &x.head.province {
        let _ = writeln!(o, "province = {}", q(p));
    }
    let _ = writeln!(o, "year = {year}");
    if let Some(n) = &x.head.number {
        let _ = writeln!(o, "number = {}", q(n));
    }
    if let Some(d) = x.head.date {
        let _ = writeln!(o, "issued = {}", q(&format_vn(d)));
    }
    if !x.preamble.is_empty() {
        let text: Vec<String> = x.preamble.iter().map(|b| b.text.clone()).collect();
        let _ = writeln!(o, "preamble = {}", q(&text.join("\n\n")));
    }
    if !x.closing.is_empty() {
        let text: Vec<String> = x.closing.iter().map(|b| b.text.clone()).collect();
        let _ = writeln!(o, "closing = {}", list(&text));
    }
    if let Some(s) = x.signer.as_ref().filter(|s| !blank(&s.name)) {
        let _ = writeln!(o, "\n# {} {}", tr("line", "dòng"), s.line);
        o.push_str("[plan.signer]\n");
        let _ = writeln!(o, "name = {}", q(&s.name));
        if let Some(t) = &s.title {
            let _ = writeln!(o, "title = {}", q(t));
        }
        if let Some(b) = &s.on_behalf {
            let _ = writeln!(o, "on_behalf = {}", q(b));
        }
    }
    for r in x.recipients.iter().filter(|r| !blank(&r.name)) {
        o.push('\n');
        let _ = writeln!(o, "# {} {}", tr("line", "dòng"), r.line);
        if r.assumed {
            let _ = writeln!(
                o,
                "# {}",
                tr(
                    "no role word is written for this line; the role is assumed",
                    "dòng này không ghi vai trò; vai trò là giả định"
                )
            );
        }
        o.push_str("[[plan.recipients]]\n");
        let _ = writeln!(o, "name = {}", q(&r.name));
        let _ = writeln!(o, "role = {}", q(r.role));
    }
    if !x.units.is_empty() {
        o.push_str("\n# ---------------------------------------------------------------- units\n");
    }
    for u in &x.units {
        o.push('\n');
        let _ = writeln!(o, "# {} {}", tr("line", "dòng"), u.line);
        if u.person {
            let _ = writeln!(
                o,
                "# REVIEW: {}",
                tr(
                    "may be a person (a position), not a unit",
                    "có thể là một người (chức danh), không phải đơn vị"
                )
            );
        }
        o.push_str("[[units]]\n");
        let _ = writeln!(o, "id = {}", q(&u.id));
        let _ = writeln!(o, "name = {}", q(&u.name));
    }
    if !x.references.is_empty() {
        o.push_str(
            "\n# ---------------------------------------------------------------- references\n",
        );
    }
    for r in &x.references {
        o.push('\n');
        let _ = writeln!(
            o,
            "# {} {}: {}",
            tr("line", "dòng"),
            r.line,
            quote(&r.quote, 110)
        );
        let mut block = String::new();
        block.push_str("[[references]]\n");
        let _ = writeln!(block, "number = {}", q(&r.number));
        let _ = writeln!(block, "kind = {}", q(&r.kind));
        if let Some(d) = r.date {
            let _ = writeln!(block, "date = {}", q(&format_vn(d)));
        }
        let _ = writeln!(block, "issuer = {}", q(&r.issuer));
        if let Some(s) = &r.subject {
            let _ = writeln!(block, "subject = {}", q(s));
        }
        if r.basis {
            block.push_str("basis = true\n");
        }
        if r.date.is_none() {
            let _ = writeln!(
                o,
                "# REVIEW: {}",
                tr("cited without a date", "trích dẫn không có ngày")
            );
        }
        if r.issuer_guessed {
            let _ = writeln!(
                o,
                "# {}",
                tr(
                    "issuer read from the number's codes",
                    "cơ quan ban hành đọc từ ký hiệu của số"
                )
            );
        }
        if r.same_number_as.is_some() {
            let _ = writeln!(
                o,
                "# REVIEW: {}",
                tr(
                    "another document above has the same number with another date (Party numbers restart each term); a plan file lists a number once, so this one is left as a comment",
                    "một văn bản ở trên có cùng số nhưng khác ngày (số văn bản của Đảng đánh lại mỗi nhiệm kỳ); tệp kế hoạch chỉ ghi mỗi số một lần nên văn bản này để ở dạng chú thích"
                )
            );
            for l in block.lines() {
                let _ = writeln!(o, "# {l}");
            }
        } else {
            o.push_str(&block);
        }
    }
    let listed: Vec<&str> = x
        .references
        .iter()
        .filter(|r| r.same_number_as.is_none())
        .map(|r| r.number.as_str())
        .collect();
    let cited = |refs: &[String]| -> Vec<String> {
        refs.iter()
            .filter(|r| listed.contains(&r.as_str()))
            .cloned()
            .collect()
    };
    if !x.objectives.is_empty() {
        o.push_str(
            "\n# ---------------------------------------------------------------- objectives\n",
        );
    }
    for ob in &x.objectives {
        item_head(&mut o, x, "objectives", ob);
        let _ = writeln!(o, "id = {}", q(&ob.id));
        let _ = writeln!(o, "text = {}", q(&ob.body.text));
        let refs = cited(&ob.references);
        if !refs.is_empty() {
            let _ = writeln!(o, "references = {}", list(&refs));
        }
    }
    if !x.counts.events.is_empty() {
        o.push_str("\n# ---------------------------------------------------------------- events\n");
    }
    for e in &x.counts.events {
        let _ = writeln!(
            o,
            "\n# {} {} — {}",
            tr("line", "dòng"),
            e.line,
            match e.date {
                Some(_) => tr(
                    "REVIEW: the date is the text's (or what its written deadlines imply): check it",
                    "REVIEW: ngày lấy từ văn bản (hoặc suy ra từ các thời hạn văn bản ghi): hãy kiểm tra",
                ),
                None => tr(
                    "REVIEW: no date in the text: give `date` when it is set, or record it when it happens (plan record PLAN --event ID --on DATE)",
                    "REVIEW: văn bản không ghi ngày: ghi `date` khi đã ấn định, hoặc ghi nhận khi sự kiện diễn ra (plan record KẾ_HOẠCH --event MÃ --on NGÀY)",
                ),
            }
        );
        o.push_str("[[events]]\n");
        let _ = writeln!(o, "id = {}", q(&e.id));
        let _ = writeln!(o, "name = {}", q(&e.name));
        if let Some(d) = e.date {
            let _ = writeln!(o, "date = {}", q(&format_vn(d)));
        }
    }
    if !x.tasks.is_empty() {
        o.push_str("\n# ---------------------------------------------------------------- tasks\n");
    }
    let from = x.head.date.filter(|d| d.year() == year);
    for t in &x.tasks {
        item_head(&mut o, x, "tasks", t);
        let _ = writeln!(o, "id = {}", q(&t.id));
        let _ = writeln!(o, "section = {}", q(&t.section));
        let _ = writeln!(o, "title = {}", q(&t.title));
        let _ = writeln!(o, "text = {}", q(&t.body.text));
        if !t.lead.is_empty() {
            let _ = writeln!(o, "lead = {}", list(&t.lead));
        }
        if !t.support.is_empty() {
            let _ = writeln!(o, "support = {}", list(&t.support));
        }
        if !t.report_to.is_empty() {
            let _ = writeln!(o, "report_to = {}", list(&t.report_to));
        }
        let refs = cited(&t.references);
        if !refs.is_empty() {
            let _ = writeln!(o, "references = {}", list(&refs));
        }
        let mut keys: Vec<String> = Vec::new();
        let mut seen: Vec<(chrono::NaiveDate, crate::domain::Rule)> = Vec::new();
        let fresh = |base: String, keys: &mut Vec<String>| {
            let mut k = base.clone();
            let mut n = 2;
            while keys.contains(&k) {
                k = format!("{base}-{n}");
                n += 1;
            }
            keys.push(k.clone());
            k
        };
        for (i, d) in x
            .deadlines
            .iter()
            .enumerate()
            .filter(|(_, d)| d.task.as_deref() == Some(t.id.as_str()))
        {
            if let Some(c) = x.counts.counts.iter().find(|c| c.deadline == i) {
                counted(
                    &mut o,
                    d,
                    c,
                    &fresh(format!("{}-{}", c.event, key_of(c)), &mut keys),
                );
                continue;
            }
            let Some(due) = d.date else { continue };
            if seen.contains(&(due, d.rule)) {
                continue;
            }
            seen.push((due, d.rule));
            o.push('\n');
            let note = match d.precision {
                Precision::Day => String::new(),
                Precision::Month => format!(
                    " — {}",
                    tr(
                        "a month: due by its last day",
                        "một tháng: hạn vào ngày cuối tháng"
                    )
                ),
                Precision::Quarter => format!(
                    " — {}",
                    tr(
                        "a quarter: due by its last day",
                        "một quý: hạn vào ngày cuối quý"
                    )
                ),
                Precision::Range => format!(
                    " — {}",
                    tr(
                        "a period: due by its last day",
                        "một khoảng thời gian: hạn vào ngày cuối"
                    )
                ),
                Precision::Relative => String::new(),
            };
            let _ = writeln!(
                o,
                "# {} {}: “{}”{note}",
                tr("line", "dòng"),
                d.line,
                quote(&d.expr, 80)
            );
            o.push_str("[[tasks.deadlines]]\n");
            let _ = writeln!(
                o,
                "key = {}",
                q(&fresh(key_for(d.precision, due, d.planned), &mut keys))
            );
            let _ = writeln!(o, "due = {}", q(&format_vn(due)));
            let _ = writeln!(o, "rule = {}", q(d.rule.as_str()));
            let _ = writeln!(o, "wording = {}", q(&d.wording));
        }
        for r in x
            .recurring
            .iter()
            .filter(|r| r.task.as_deref() == Some(t.id.as_str()))
        {
            let Some(every) = r.every else { continue };
            o.push('\n');
            let _ = writeln!(o, "# {} {}", tr("line", "dòng"), r.line);
            o.push_str("[[tasks.deadlines]]\n");
            let _ = writeln!(
                o,
                "key = {}",
                q(&fresh(every_key(every).to_string(), &mut keys))
            );
            let _ = writeln!(o, "every = {}", q(every));
            if let Some(f) = from {
                let _ = writeln!(o, "from = {}", q(&format_vn(f)));
            }
            if let Some(day) = r.day {
                let _ = writeln!(o, "day = {day}");
                if r.next_month {
                    let _ = writeln!(o, "month = \"next\"");
                }
                let _ = writeln!(o, "rule = {}", q(r.rule.as_str()));
            }
            let _ = writeln!(o, "wording = {}", q(&r.wording));
        }
    }
    o
}

/// A short key part for a count: `truoc-95`, `sau-5lv`.
fn key_of(c: &super::counts::CountDraft) -> String {
    let side = if c.offset.days < 0 { "truoc" } else { "sau" };
    let unit = match c.offset.count {
        crate::domain::DayCount::Working => "lv",
        crate::domain::DayCount::Calendar => "",
    };
    format!("{side}-{}{unit}", c.offset.days.unsigned_abs())
}

/// A deadline counted from an event, as a plan file writes it.
fn counted(o: &mut String, d: &super::Deadline, c: &super::counts::CountDraft, key: &str) {
    let _ = writeln!(
        o,
        "\n# {} {}: “{}” — {}",
        tr("line", "dòng"),
        d.line,
        quote(&d.expr, 80),
        tr(
            "REVIEW: counted from an event; check the event, the count and the rule",
            "REVIEW: tính từ một sự kiện; hãy kiểm tra sự kiện, số ngày và quy tắc"
        )
    );
    o.push_str("[[tasks.deadlines]]\n");
    let _ = writeln!(o, "key = {}", q(key));
    let _ = writeln!(o, "event = {}", q(&c.event));
    let _ = writeln!(o, "offset = {}", q(&c.offset.to_string()));
    if c.offset.count == crate::domain::DayCount::Calendar {
        let _ = writeln!(o, "rest_day = {}", q(c.rest_day.as_str()));
    }
    match d.date {
        Some(due) if c.disagrees => {
            let _ = writeln!(
                o,
                "# {}: due = {}",
                tr(
                    "REVIEW: the text also writes a date the count does not give",
                    "REVIEW: văn bản còn ghi một ngày không khớp với cách tính"
                ),
                q(&format_vn(due))
            );
        }
        Some(due) => {
            let _ = writeln!(o, "due = {}", q(&format_vn(due)));
        }
        None => {}
    }
    let _ = writeln!(o, "rule = {}", q(d.rule.as_str()));
    let _ = writeln!(o, "wording = {}", q(&d.wording));
}

/// The JSON report: fixed keys, ISO dates, null where the text gives nothing.
pub fn json(x: &Extraction) -> String {
    let date =
        |d: Option<chrono::NaiveDate>| d.map_or(Value::Null, |d| Value::String(format_iso(d)));
    let v = json!({
        "plan": {
            "number": x.head.number,
            "date": date(x.head.date),
            "issuer": x.head.issuer,
            "title": x.head.title,
        },
        "references": x.references.iter().map(|r| json!({
            "number": r.number,
            "kind": r.kind,
            "date": date(r.date),
            "issuer": r.issuer,
            "line": r.line,
        })).collect::<Vec<_>>(),
        "deadlines": x.deadlines.iter().enumerate().map(|(i, d)| {
            let c = x.counts.counts.iter().find(|c| c.deadline == i);
            json!({
                "date": date(d.date),
                "wording": d.wording,
                "precision": d.precision.as_str(),
                "task": d.task,
                "line": d.line,
                "event": c.map(|c| c.event.clone()),
                "offset": c.map(|c| c.offset.to_string()),
            })
        }).collect::<Vec<_>>(),
        "events": x.counts.events.iter().map(|e| json!({
            "id": e.id,
            "name": e.name,
            "date": date(e.date),
            "line": e.line,
        })).collect::<Vec<_>>(),
        "recurring": x.recurring.iter().map(|r| json!({
            "every": r.every,
            "wording": r.wording,
            "task": r.task,
            "line": r.line,
        })).collect::<Vec<_>>(),
        "tasks": x.tasks.iter().map(|t| json!({
            "id": t.id,
            "section": t.section,
            "title": t.title,
            "line": t.body.line,
        })).collect::<Vec<_>>(),
        "units": x.units.iter().map(|u| json!({
            "id": u.id,
            "name": u.name,
            "line": u.line,
        })).collect::<Vec<_>>(),
        "review": x.review.iter().map(|r| json!({
            "kind": r.kind.code(),
            "line": r.line,
            "task": r.task,
            "message": r.message,
        })).collect::<Vec<_>>(),
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_escape() {
        assert_eq!(q("a \"b\"\n\\c\u{1}"), "\"a \\\"b\\\"\\n\\\\c\\u0001\"");
        assert_eq!(quote("một  hai\nba", 6), "một ha…");
    }
}
