//! The plan-file schema: walks the spanned TOML tree, checks every key and value, and builds a [`Plan`] (or,
//! for the shared registry file, its [`Document`]s).
//!
//! Walking the tree by hand (instead of `#[derive(Deserialize)]`) is what lets one run report every problem of
//! a file, each at the key or value it concerns, with a fix worded for the clerk who edits the file.

use super::diagnostic::{Diagnostic, Severity};
use super::{Content, Registry};
use crate::date;
use crate::docnum;
use crate::domain::{
    Amendment, Deadline, Document, Every, MonthOf, Objective, Office, Offset, Period, Plan,
    PlanEvent, RECIPIENT_ROLES, Recipient, Reckoning, Reference, RestDay, Rule, Schedule, Signer,
    Task, Unit, Withdrawal,
};
use crate::i18n::tr;
use crate::msg;
use crate::text::nfc;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

type Value<'i> = Spanned<DeValue<'i>>;

/// The most amendments one deadline may have: each is applied to every occurrence.
const MAX_AMENDMENTS: usize = 100;

/// Validates one file's text; returns its content when there is no error, and every diagnostic.
pub fn check(path: &str, source: &str) -> (Option<Content>, Vec<Diagnostic>) {
    let mut w = Walker {
        path,
        source,
        diags: Vec::new(),
        typos: Vec::new(),
        events: Vec::new(),
    };
    let (root, errors) = DeTable::parse_recoverable(source);
    if !errors.is_empty() {
        for e in errors {
            let span = e.span().unwrap_or(0..0);
            let what = e.message().trim().trim_end_matches('.').replace('\n', "; ");
            w.error(span, msg!("TOML syntax: {what}", "cú pháp TOML: {what}"), tr("fix the TOML syntax at this place (strings need double quotes, tables [name], arrays [a, b])", "hãy sửa cú pháp TOML tại chỗ này (chuỗi cần đặt trong dấu nháy kép, bảng viết [tên], mảng viết [a, b])"));
        }
        return (None, w.diags);
    }
    for (k, item) in root.get_ref().iter() {
        w.controls(k.get_ref(), item);
    }
    let table = root.get_ref();
    let plan_keys = ["plan", "tasks", "references", "objectives"];
    let registry = ["documents", "units", "office", "calendar"]
        .iter()
        .any(|k| table.get(*k).is_some())
        && plan_keys.iter().all(|k| table.get(*k).is_none());
    let content = if registry {
        Some(Content::Registry(w.registry(table, root.span())))
    } else {
        w.plan(table, root.span())
            .map(|p| Content::Plan(Box::new(p)))
    };
    let failed = w.diags.iter().any(|d| d.severity == Severity::Error);
    (if failed { None } else { content }, w.diags)
}

struct Walker<'a> {
    path: &'a str,
    source: &'a str,
    diags: Vec<Diagnostic>,
    /// (table start, key): an unknown key in that table was reported as a likely typo of `key`, so a
    /// "missing `key`" error there would only repeat it.
    typos: Vec<(usize, String)>,
    /// The plan's events, read before its tasks: their deadlines name them.
    events: Vec<PlanEvent>,
}

/// A table being read: its entries, its span and the name users know it by (`[[tasks]]`).
struct Tbl<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    name: &'static str,
}

impl<'t, 'i> Tbl<'t, 'i> {
    fn get(&self, key: &str) -> Option<&'t Value<'i>> {
        self.table.get(key)
    }
}

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => tr("a string", "một chuỗi"),
        DeValue::Integer(_) => tr("an integer", "một số nguyên"),
        DeValue::Float(_) => tr("a float", "một số thực"),
        DeValue::Boolean(_) => tr("a boolean", "một giá trị đúng/sai"),
        DeValue::Datetime(_) => tr("a date", "một ngày"),
        DeValue::Array(_) => tr("an array", "một mảng"),
        DeValue::Table(_) => tr("a table", "một bảng"),
    }
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

/// How many characters two words share (as multisets): breaks ties between equally distant candidates,
/// so that `dew` suggests `due` rather than `day`.
fn shared_chars(a: &str, b: &str) -> usize {
    let mut rest: Vec<char> = b.chars().collect();
    a.chars()
        .filter(|c| match rest.iter().position(|r| r == c) {
            Some(i) => {
                rest.swap_remove(i);
                true
            }
            None => false,
        })
        .count()
}

/// The closest of `options` to `word`, when it is close enough to be a typo.
fn closest<'o>(word: &str, options: impl IntoIterator<Item = &'o str>) -> Option<&'o str> {
    options
        .into_iter()
        .map(|o| {
            (
                edit_distance(word, o),
                std::cmp::Reverse(shared_chars(word, o)),
                o,
            )
        })
        .filter(|(d, _, o)| *d <= 2.max(o.chars().count() / 3))
        .min()
        .map(|(_, _, o)| o)
}

fn is_ascii_id(s: &str) -> bool {
    // The first a letter or digit: ids become file names and arguments, where `..` and `-rf` mean more.
    s.bytes().next().is_some_and(|b| b.is_ascii_alphanumeric())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
}

/// Where in `raw` (a string as written in the file, escapes and all) the first escape stands that makes a
/// forbidden character (`\e`, `\u001B`, `\b`, `\f`): its byte offset in `raw`.
fn escaped_control(raw: &str) -> Option<usize> {
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        let digits = |n: usize| {
            raw.get(i + 2..i + 2 + n)
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .and_then(char::from_u32)
        };
        let c = match bytes[i + 1] {
            b'b' => Some('\u{8}'),
            b'f' => Some('\u{c}'),
            b'e' => Some('\u{1b}'),
            b'u' => digits(4),
            b'U' => digits(8),
            _ => None,
        };
        if c.is_some_and(crate::shown::forbidden) {
            return Some(i);
        }
        i += 2;
    }
    None
}

impl<'a> Walker<'a> {
    /// Refuses control characters (other than tab and newline) and bidirectional controls in every string
    /// and key: a terminal obeys them (clearing the screen, setting the clipboard) instead of showing them.
    fn controls(&mut self, key: &str, v: &Value<'_>) {
        match v.get_ref() {
            DeValue::String(text) => {
                let Some((_, c)) = crate::shown::first_forbidden(text) else {
                    return;
                };
                let span = v.span();
                let raw = self.source.get(span.clone()).unwrap_or_default();
                let at = escaped_control(raw).map_or(span.start, |o| span.start + o);
                let what = crate::shown::describe(c);
                self.error(
                    at..at + 1,
                    msg!(
                        "`{key}` holds the control character {what}, which a terminal would obey instead of showing",
                        "`{key}` chứa ký tự điều khiển {what}, mà màn hình terminal sẽ thực thi thay vì hiển thị"
                    ),
                    tr(
                        "remove it (plan text holds letters, digits, punctuation, tabs and line breaks only)",
                        "hãy xóa ký tự đó (văn bản kế hoạch chỉ gồm chữ, số, dấu câu, dấu tab và xuống dòng)",
                    ),
                );
            }
            DeValue::Array(items) => items.iter().for_each(|i| self.controls(key, i)),
            DeValue::Table(t) => {
                for (k, item) in t.iter() {
                    let name: &str = k.get_ref();
                    if let Some((_, c)) = crate::shown::first_forbidden(name) {
                        let what = crate::shown::describe(c);
                        self.error(
                            k.span(),
                            msg!(
                                "a key holds the control character {what}",
                                "một khóa chứa ký tự điều khiển {what}"
                            ),
                            tr("remove it", "hãy xóa ký tự đó"),
                        );
                    }
                    self.controls(name, item);
                }
            }
            _ => {}
        }
    }

    fn push(
        &mut self,
        severity: Severity,
        span: Range<usize>,
        what: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.diags.push(Diagnostic::at(
            self.path,
            self.source,
            span,
            severity,
            what.into(),
            fix.into(),
        ));
    }

    fn error(&mut self, span: Range<usize>, what: impl Into<String>, fix: impl Into<String>) {
        self.push(Severity::Error, span, what, fix);
    }

    fn errors(&self) -> usize {
        self.diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    fn warn(&mut self, span: Range<usize>, what: impl Into<String>, fix: impl Into<String>) {
        self.push(Severity::Warning, span, what, fix);
    }

    /// Reports keys not in `allowed`, suggesting the nearest allowed key.
    fn keys(&mut self, t: &Tbl<'_, '_>, allowed: &[&str]) {
        for (k, _) in t.table.iter() {
            let key: &str = k.get_ref();
            if allowed.contains(&key) {
                continue;
            }
            let fix = match closest(key, allowed.iter().copied()) {
                Some(s) => {
                    self.typos.push((t.span.start, s.to_string()));
                    let keys = allowed.join(", ");
                    msg!(
                        "did you mean `{s}`? Keys allowed here: {keys}",
                        "có phải là `{s}`? Các khóa được dùng ở đây: {keys}"
                    )
                }
                None => {
                    let keys = allowed.join(", ");
                    msg!(
                        "remove it; keys allowed here: {keys}",
                        "hãy xóa khóa này; các khóa được dùng ở đây: {keys}"
                    )
                }
            };
            let name = t.name;
            self.error(
                k.span(),
                msg!(
                    "unknown key `{key}` in {name}",
                    "khóa `{key}` không hợp lệ trong {name}"
                ),
                fix,
            );
        }
    }

    fn missing(&mut self, t: &Tbl<'_, '_>, key: &str, example: &str) {
        if self
            .typos
            .iter()
            .any(|(start, k)| *start == t.span.start && k == key)
        {
            return;
        }
        let name = t.name;
        self.error(
            t.span.clone(),
            msg!("missing `{key}` in {name}", "thiếu `{key}` trong {name}"),
            msg!("add {key} = {example}", "hãy thêm {key} = {example}"),
        );
    }

    fn wrong_type(&mut self, v: &Value<'_>, key: &str, expected: &str, example: &str) {
        let found = type_name(v.get_ref());
        self.error(
            v.span(),
            msg!(
                "`{key}` must be {expected}, not {found}",
                "`{key}` phải là {expected}, không phải {found}"
            ),
            msg!("write {key} = {example}", "hãy viết {key} = {example}"),
        );
    }

    fn string(&mut self, t: &Tbl<'_, '_>, key: &str, required: bool) -> Option<String> {
        let example = "\"...\"";
        let Some(v) = t.get(key) else {
            if required {
                self.missing(t, key, example);
            }
            return None;
        };
        match v.get_ref() {
            DeValue::String(s) => {
                let s = nfc(s);
                if required && s.trim().is_empty() {
                    let name = t.name;
                    self.error(
                        v.span(),
                        msg!(
                            "`{key}` is empty in {name}",
                            "`{key}` để trống trong {name}"
                        ),
                        msg!(
                            "write the {key}; it cannot be blank",
                            "hãy ghi {key}; khóa này không được để trống"
                        ),
                    );
                    return None;
                }
                Some(s)
            }
            _ => {
                self.wrong_type(v, key, tr("a string", "một chuỗi"), example);
                None
            }
        }
    }

    fn id(&mut self, t: &Tbl<'_, '_>, key: &str, example: &str) -> Option<(String, Range<usize>)> {
        let span = t.get(key).map(|v| v.span())?;
        let s = self.string(t, key, true)?;
        if !is_ascii_id(&s) {
            let name = t.name;
            // Escaped so that a line break in the id cannot split the one-line message.
            let s = s.escape_debug();
            self.error(
                span,
                msg!(
                    "`{key}` \"{s}\" in {name} is not a valid id",
                    "`{key}` \"{s}\" trong {name} không phải là mã hợp lệ"
                ),
                msg!(
                    "start with a letter or digit and use only ASCII letters, digits, '.', '_' and '-', e.g. {key} = \"{example}\"",
                    "bắt đầu bằng chữ cái hoặc chữ số, chỉ dùng chữ cái ASCII (không dấu), chữ số, '.', '_' và '-', ví dụ {key} = \"{example}\""
                ),
            );
            return None;
        }
        Some((s, span))
    }

    fn strings(&mut self, t: &Tbl<'_, '_>, key: &str) -> Vec<Spanned<String>> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            let expected = tr("an array of strings", "một mảng chuỗi");
            self.wrong_type(v, key, expected, "[\"...\", \"...\"]");
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::String(s) => out.push(Spanned::new(item.span(), nfc(s))),
                _ => {
                    let expected = tr("an array of strings", "một mảng chuỗi");
                    self.wrong_type(item, key, expected, "[\"...\", \"...\"]");
                }
            }
        }
        out
    }

    fn boolean(&mut self, t: &Tbl<'_, '_>, key: &str) -> bool {
        match t.get(key) {
            None => false,
            Some(v) => match v.get_ref() {
                DeValue::Boolean(b) => *b,
                _ => {
                    self.wrong_type(v, key, tr("true or false", "true hoặc false"), "true");
                    false
                }
            },
        }
    }

    fn integer(
        &mut self,
        t: &Tbl<'_, '_>,
        key: &str,
        required: bool,
        range: Range<i64>,
        example: &str,
    ) -> Option<(i64, Range<usize>)> {
        let Some(v) = t.get(key) else {
            if required {
                self.missing(t, key, example);
            }
            return None;
        };
        let DeValue::Integer(i) = v.get_ref() else {
            self.wrong_type(v, key, tr("an integer", "một số nguyên"), example);
            return None;
        };
        match i64::from_str_radix(i.as_str(), i.radix()) {
            Ok(n) if range.contains(&n) => Some((n, v.span())),
            _ => {
                let (name, text) = (t.name, i.as_str());
                let (low, high) = (range.start, range.end - 1);
                self.error(
                    v.span(),
                    msg!(
                        "`{key}` = {text} is out of range in {name}",
                        "`{key}` = {text} nằm ngoài phạm vi cho phép trong {name}"
                    ),
                    msg!(
                        "write a number from {low} to {high}, e.g. {key} = {example}",
                        "hãy viết một số từ {low} đến {high}, ví dụ {key} = {example}"
                    ),
                );
                None
            }
        }
    }

    fn date(
        &mut self,
        t: &Tbl<'_, '_>,
        key: &str,
        required: bool,
    ) -> Option<(NaiveDate, Range<usize>)> {
        let example = "\"12/4/2022\"";
        let Some(v) = t.get(key) else {
            if required {
                self.missing(t, key, example);
            }
            return None;
        };
        match v.get_ref() {
            DeValue::String(s) => match date::parse(s) {
                Ok(d) => Some((d, v.span())),
                Err(e) => {
                    let what = e.what;
                    self.error(
                        v.span(),
                        msg!(
                            "`{key}` is not a valid date: {what}",
                            "`{key}` không phải là ngày hợp lệ: {what}"
                        ),
                        e.fix,
                    );
                    None
                }
            },
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    // The same checks as a date written as a string (the year range above all).
                    let text = format!("{:04}-{:02}-{:02}", d.year, d.month, d.day);
                    match date::parse(&text) {
                        Ok(n) => Some((n, v.span())),
                        Err(e) => {
                            let what = e.what;
                            self.error(
                                v.span(),
                                msg!(
                                    "`{key}` is not a valid date: {what}",
                                    "`{key}` không phải là ngày hợp lệ: {what}"
                                ),
                                e.fix,
                            );
                            None
                        }
                    }
                }
                _ => {
                    self.error(
                        v.span(),
                        msg!(
                            "`{key}` has a time of day; deadlines are whole days",
                            "`{key}` có cả giờ trong ngày; thời hạn chỉ tính theo ngày"
                        ),
                        msg!(
                            "write the date only, e.g. {key} = 2022-04-12 or {key} = \"12/4/2022\"",
                            "chỉ ghi ngày, ví dụ {key} = 2022-04-12 hoặc {key} = \"12/4/2022\""
                        ),
                    );
                    None
                }
            },
            _ => {
                self.wrong_type(v, key, tr("a date", "một ngày"), example);
                None
            }
        }
    }

    /// The tables of an array of tables (`[[tasks]]`), or of an inline array of tables.
    fn tables<'t, 'i>(
        &mut self,
        t: &Tbl<'t, 'i>,
        key: &str,
        name: &'static str,
    ) -> Vec<Tbl<'t, 'i>> {
        let Some(v) = t.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = v.get_ref() else {
            self.error(
                v.span(),
                msg!(
                    "`{key}` must be written as {name} tables",
                    "`{key}` phải được viết thành các bảng {name}"
                ),
                msg!(
                    "write each one under its own {name} header",
                    "hãy viết mỗi mục dưới một tiêu đề {name} riêng"
                ),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in items {
            match item.get_ref() {
                DeValue::Table(table) => out.push(Tbl {
                    table,
                    span: item.span(),
                    name,
                }),
                _ => self.error(
                    item.span(),
                    msg!(
                        "each `{key}` entry must be a table",
                        "mỗi mục `{key}` phải là một bảng"
                    ),
                    msg!(
                        "write each one under its own {name} header",
                        "hãy viết mỗi mục dưới một tiêu đề {name} riêng"
                    ),
                ),
            }
        }
        out
    }

    fn table<'t, 'i>(
        &mut self,
        t: &Tbl<'t, 'i>,
        key: &str,
        name: &'static str,
    ) -> Option<Tbl<'t, 'i>> {
        let v = t.get(key)?;
        match v.get_ref() {
            DeValue::Table(table) => Some(Tbl {
                table,
                span: v.span(),
                name,
            }),
            _ => {
                self.error(
                    v.span(),
                    msg!("`{key}` must be a table", "`{key}` phải là một bảng"),
                    msg!(
                        "write it as a {name} section",
                        "hãy viết thành một mục {name}"
                    ),
                );
                None
            }
        }
    }

    fn plan(&mut self, root: &DeTable<'_>, span: Range<usize>) -> Option<Plan> {
        let root = Tbl {
            table: root,
            span,
            name: tr("the file", "tệp"),
        };
        self.keys(
            &root,
            &[
                "plan",
                "units",
                "references",
                "objectives",
                "tasks",
                "events",
            ],
        );
        let Some(head) = self.table(&root, "plan", "[plan]") else {
            self.error(
                0..0,
                tr("missing the [plan] table", "thiếu bảng [plan]"),
                tr(
                    "start the file with [plan] and its id, title, issuer and year",
                    "hãy mở đầu tệp bằng [plan] cùng id, title, issuer và year",
                ),
            );
            return None;
        };
        self.keys(
            &head,
            &[
                "id",
                "title",
                "issuer",
                "year",
                "province",
                "number",
                "issued",
                "coordinator",
                "preamble",
                "closing",
                "signer",
                "recipients",
            ],
        );
        let id = self
            .id(&head, "id", "2022-skhcn-dan-chu-co-so")
            .map(|(s, _)| s);
        if head.get("id").is_none() {
            self.missing(&head, "id", "\"2022-skhcn-dan-chu-co-so\"");
        }
        let title = self.string(&head, "title", true);
        let issuer = self.string(&head, "issuer", true);
        let year = self
            .integer(&head, "year", true, 1900..2201, "2022")
            .map(|(y, _)| y as i32);
        let province = self.string(&head, "province", false);
        let number = self.string(&head, "number", false);
        let issued = self.date(&head, "issued", false).map(|(d, _)| d);
        let coordinator =
            head.get("coordinator")
                .map(|v| v.span())
                .zip(self.string(&head, "coordinator", false));
        let preamble = self.string(&head, "preamble", false);
        let closing = self
            .strings(&head, "closing")
            .into_iter()
            .map(Spanned::into_inner)
            .collect();
        let signer = self.signer(&head, "[plan.signer]");

        let (units, unit_ids) = self.units(&root, false);
        let mut recipients = Vec::new();
        for r in self.tables(&head, "recipients", "[[plan.recipients]]") {
            self.keys(&r, &["name", "role", "unit"]);
            let name = self.string(&r, "name", true);
            let role = self.string(&r, "role", true);
            if let (Some(role), Some(v)) = (&role, r.get("role"))
                && !RECIPIENT_ROLES.contains(&role.as_str())
            {
                self.error(
                    v.span(),
                    msg!(
                        "unknown recipient role `{role}`",
                        "vai trò nơi nhận `{role}` không hợp lệ"
                    ),
                    {
                        let roles = RECIPIENT_ROLES.join(", ");
                        msg!("use one of: {roles}", "hãy dùng một trong: {roles}")
                    },
                );
            }
            let unit = r
                .get("unit")
                .map(|v| v.span())
                .zip(self.string(&r, "unit", false));
            let unit = unit.map(|(span, u)| {
                self.check_unit(&unit_ids, &u, span, "unit");
                u
            });
            if let (Some(name), Some(role)) = (name, role) {
                recipients.push(Recipient { name, role, unit });
            }
        }
        if let Some((span, c)) = &coordinator {
            self.check_unit(&unit_ids, c, span.clone(), "coordinator");
        }

        let (references, numbers) = self.references(&root);
        let objectives = self.objectives(&root, &numbers);
        self.events = self.plan_events(&root, year);
        let tasks = self.tasks(&root, &unit_ids, &numbers, year);

        Some(Plan {
            id: id?,
            title: title?,
            issuer: issuer?,
            year: year?,
            province,
            number,
            issued,
            coordinator: coordinator.map(|(_, c)| c),
            preamble,
            closing,
            signer,
            recipients,
            units,
            references,
            objectives,
            tasks,
            events: std::mem::take(&mut self.events),
        })
    }

    /// `[[events]]`: what the plan counts deadlines from, each with its date when known.
    fn plan_events(&mut self, root: &Tbl<'_, '_>, year: Option<i32>) -> Vec<PlanEvent> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for e in self.tables(root, "events", "[[events]]") {
            self.keys(&e, &["id", "name", "date"]);
            let id = self.id(&e, "id", "bau-cu").map(|(id, span)| {
                self.duplicate(&mut seen, &id, span, tr("event id", "mã sự kiện"));
                id
            });
            if e.get("id").is_none() {
                self.missing(&e, "id", "\"bau-cu\"");
            }
            let name = self.string(&e, "name", true);
            let date = self.date(&e, "date", false).map(|(d, span)| {
                if let Some(year) = year {
                    self.range_warning(d, span, year);
                }
                d
            });
            if let (Some(id), Some(name)) = (id, name) {
                out.push(PlanEvent { id, name, date });
            }
        }
        out
    }

    fn registry(&mut self, root: &DeTable<'_>, span: Range<usize>) -> Registry {
        let root = Tbl {
            table: root,
            span,
            name: tr("the registry file", "tệp danh mục"),
        };
        self.keys(&root, &["documents", "units", "office", "calendar"]);
        let (units, _) = self.units(&root, true);
        Registry {
            documents: self.documents(&root),
            units,
            office: self.office(&root).map(Box::new),
            calendar: self.calendar(&root),
        }
    }

    /// The `[[calendar]]` entries: each a day off or a working day of a year's official schedule, with the
    /// announcement it comes from; a day written twice is an error.
    fn calendar(&mut self, root: &Tbl<'_, '_>) -> Vec<crate::domain::CalendarDay> {
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut out = Vec::new();
        for t in self.tables(root, "calendar", "[[calendar]]") {
            self.keys(&t, &["date", "kind", "name", "source"]);
            let date = self.date(&t, "date", true);
            let kind = self.string(&t, "kind", true);
            let name = self.string(&t, "name", true);
            let source = self.string(&t, "source", true);
            let kind = match kind.as_deref() {
                Some("off") => Some(crate::domain::DayKind::Off),
                Some("work") => Some(crate::domain::DayKind::Work),
                Some(other) => {
                    let span = t.get("kind").map(|v| v.span()).unwrap_or_default();
                    self.error(
                        span,
                        msg!(
                            "`kind` = \"{other}\" is neither \"off\" nor \"work\"",
                            "`kind` = \"{other}\" không phải \"off\" (nghỉ) hay \"work\" (làm việc)"
                        ),
                        tr(
                            "write kind = \"off\" for a day off, kind = \"work\" for a working day (a swapped Saturday)",
                            "hãy ghi kind = \"off\" cho ngày nghỉ, kind = \"work\" cho ngày làm việc (thứ Bảy làm bù)",
                        ),
                    );
                    None
                }
                None => None,
            };
            if let Some((d, span)) = &date {
                self.duplicate(
                    &mut seen,
                    &date::format_iso(*d),
                    span.clone(),
                    tr("day", "ngày"),
                );
            }
            if let (Some((date, _)), Some(kind), Some(name), Some(source)) =
                (date, kind, name, source)
            {
                out.push(crate::domain::CalendarDay {
                    date,
                    kind,
                    name,
                    source,
                });
            }
        }
        out
    }

    fn office(&mut self, root: &Tbl<'_, '_>) -> Option<Office> {
        let t = self.table(root, "office", "[office]")?;
        self.keys(
            &t,
            &[
                "governing_body",
                "name",
                "abbreviation",
                "place",
                "drafting_unit",
                "drafting_unit_name",
                "signer",
            ],
        );
        let governing_body = self.string(&t, "governing_body", false);
        let name = self.string(&t, "name", true);
        let abbreviation = self.string(&t, "abbreviation", true);
        let place = self.string(&t, "place", true);
        let drafting_unit = self.string(&t, "drafting_unit", false);
        let drafting_unit_name = self.string(&t, "drafting_unit_name", false);
        for key in ["abbreviation", "drafting_unit"] {
            self.symbol_part(&t, key);
        }
        let signer = self.signer(&t, "[office.signer]");
        Some(Office {
            governing_body,
            name: name?,
            abbreviation: abbreviation?,
            place: place?,
            drafting_unit,
            drafting_unit_name,
            signer,
        })
    }

    /// A part of a document symbol ("SKHCN", "HCTH") is letters and digits: a slash or a space would split
    /// the symbol "Số: /BC-SKHCN" the văn thư writes.
    fn symbol_part(&mut self, t: &Tbl<'_, '_>, key: &str) {
        let Some(v) = t.get(key) else { return };
        let DeValue::String(s) = v.get_ref() else {
            return;
        };
        if !s.is_empty() && !s.chars().all(|c| c.is_alphanumeric() || c == '.') {
            self.error(
                v.span(),
                msg!(
                    "`{key}` = \"{s}\" is not the abbreviation of a document symbol",
                    "`{key}` = \"{s}\" không phải chữ viết tắt dùng trong ký hiệu văn bản"
                ),
                tr(
                    "write letters and digits only, as in the symbol: abbreviation = \"SKHCN\", drafting_unit = \"HCTH\"",
                    "chỉ ghi chữ và số như trong ký hiệu văn bản: abbreviation = \"SKHCN\", drafting_unit = \"HCTH\"",
                ),
            );
        }
    }

    fn signer(&mut self, head: &Tbl<'_, '_>, name: &'static str) -> Option<Signer> {
        self.table(head, "signer", name).and_then(|s| {
            self.keys(&s, &["name", "title", "on_behalf"]);
            let name = self.string(&s, "name", true)?;
            Some(Signer {
                name,
                title: self.string(&s, "title", false),
                on_behalf: self.string(&s, "on_behalf", false),
            })
        })
    }

    fn documents(&mut self, root: &Tbl<'_, '_>) -> Vec<Document> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for d in self.tables(root, "documents", "[[documents]]") {
            self.keys(
                &d,
                &[
                    "number",
                    "kind",
                    "title",
                    "issuer",
                    "date",
                    "in_force_from",
                    "ceased_on",
                    "ceased_by",
                    "source",
                ],
            );
            let number = self.string(&d, "number", true);
            let span = d.get("number").map(|v| v.span()).unwrap_or_default();
            let parsed = number.as_deref().and_then(|n| self.number(n, span.clone()));
            let date = self.date(&d, "date", false).map(|(x, _)| x);
            if let Some(p) = &parsed {
                // Party numbers restart each term: the date is part of a document's identity.
                let identity = format!(
                    "{} {}",
                    p.key,
                    date.map(date::format_iso).unwrap_or_default()
                );
                self.duplicate(
                    &mut seen,
                    &identity,
                    span.clone(),
                    tr("document", "văn bản"),
                );
            }
            let kind = self.string(&d, "kind", false);
            if let (Some(k), Some(p)) = (&kind, &parsed) {
                self.kind_warning(k, p, d.get("kind").map(|v| v.span()).unwrap_or_default());
            }
            let in_force_from = self.date(&d, "in_force_from", false).map(|(x, _)| x);
            let ceased = self.date(&d, "ceased_on", false);
            if let (Some(from), Some((on, span))) = (in_force_from, &ceased)
                && on < &from
            {
                let (from, on) = (date::format_vn(from), date::format_vn(*on));
                self.error(
                    span.clone(),
                    msg!(
                        "the document ceases on {on}, before it takes effect on {from}",
                        "văn bản hết hiệu lực ngày {on}, trước ngày có hiệu lực {from}"
                    ),
                    tr(
                        "check both dates against `source`: a document ceases on or after the day it takes effect",
                        "hãy đối chiếu hai ngày với `source`: văn bản hết hiệu lực vào hoặc sau ngày có hiệu lực",
                    ),
                );
            }
            let ceased_on = ceased.map(|(x, _)| x);
            let ceased_by = self.string(&d, "ceased_by", false);
            let source = self.string(&d, "source", false);
            if (in_force_from.is_some() || ceased_on.is_some()) && source.is_none() {
                self.error(
                    d.span.clone(),
                    tr(
                        "an effect date without `source`",
                        "có ngày hiệu lực nhưng thiếu `source`",
                    ),
                    tr(
                        "add source = \"...\" naming the provision that states it (e.g. the article of the law); record only what a text states",
                        "hãy thêm source = \"...\" nêu quy định ghi ngày đó (ví dụ điều của luật); chỉ ghi những gì văn bản quy định",
                    ),
                );
            }
            let title = self.string(&d, "title", false);
            let issuer = self.string(&d, "issuer", false);
            if let (Some(number), Some(p)) = (number, parsed) {
                out.push(Document {
                    number,
                    key: p.key,
                    kind,
                    title,
                    issuer,
                    date,
                    in_force_from,
                    ceased_on,
                    ceased_by,
                    source,
                });
            }
        }
        out
    }

    /// Parses a document number, reporting one that cannot be read.
    fn number(&mut self, text: &str, span: Range<usize>) -> Option<docnum::DocNumber> {
        let parsed = docnum::parse(text);
        if parsed.is_none() {
            self.error(
                span,
                msg!(
                    "`{text}` is not a document number",
                    "`{text}` không phải là số, ký hiệu văn bản"
                ),
                tr(
                    "write the number and symbol as on the document, e.g. 53/KH-UBND, 869-CV/TU or 04/2015/NĐ-CP",
                    "hãy viết số, ký hiệu đúng như trên văn bản, ví dụ 53/KH-UBND, 869-CV/TU hoặc 04/2015/NĐ-CP",
                ),
            );
        }
        parsed
    }

    fn kind_warning(&mut self, kind: &str, number: &docnum::DocNumber, span: Range<usize>) {
        if docnum::kind_agrees(kind, number) {
            return;
        }
        let code = number.code.as_deref().unwrap_or_default();
        let expected = number.kind.unwrap_or("?");
        let text = &number.text;
        self.warn(
            span,
            msg!(
                "kind \"{kind}\" disagrees with the type code {code} of {text} ({expected})",
                "loại \"{kind}\" không khớp với mã loại văn bản {code} của {text} ({expected})"
            ),
            tr(
                "check the kind and the number against the document",
                "hãy đối chiếu loại và số, ký hiệu với văn bản",
            ),
        );
    }

    fn check_unit(&mut self, known: &[String], id: &str, span: Range<usize>, key: &str) {
        if known.iter().any(|k| k == id) {
            return;
        }
        let fix = match closest(id, known.iter().map(String::as_str)) {
            Some(s) => msg!(
                "did you mean `{s}`? Otherwise add it to [[units]]",
                "có phải là `{s}`? Nếu không, hãy thêm đơn vị này vào [[units]]"
            ),
            None if known.is_empty() => tr(
                "add it to [[units]] (id, name)",
                "hãy thêm đơn vị này vào [[units]] (id, name)",
            )
            .to_string(),
            None => {
                let known = known.join(", ");
                msg!(
                    "add it to [[units]] or use one of: {known}",
                    "hãy thêm đơn vị này vào [[units]] hoặc dùng một trong: {known}"
                )
            }
        };
        self.error(
            span,
            msg!(
                "unknown unit `{id}` in `{key}`",
                "đơn vị `{id}` trong `{key}` chưa được khai báo"
            ),
            fix,
        );
    }

    fn check_reference(&mut self, known: &[String], number: &str, span: Range<usize>) {
        if known.iter().any(|k| k == number) {
            return;
        }
        let folded = crate::text::fold(number);
        let fix = match known
            .iter()
            .find(|k| crate::text::fold(k) == folded)
            .or_else(|| {
                closest(number, known.iter().map(String::as_str))
                    .and_then(|s| known.iter().find(|k| k.as_str() == s))
            }) {
            Some(s) => msg!(
                "did you mean `{s}`? Reference numbers must match [[references]] exactly",
                "có phải là `{s}`? Số, ký hiệu văn bản phải khớp đúng với [[references]]"
            ),
            None => tr(
                "add it to [[references]] (number, kind, date, issuer)",
                "hãy thêm văn bản này vào [[references]] (number, kind, date, issuer)",
            )
            .to_string(),
        };
        self.error(
            span,
            msg!(
                "unknown reference `{number}`",
                "văn bản `{number}` chưa được khai báo"
            ),
            fix,
        );
    }

    /// Reports `id` when `seen` holds it already; records where it is first defined (its offset: the line is
    /// counted only for the message, since counting it for every id made large files slow to read).
    fn duplicate(
        &mut self,
        seen: &mut HashMap<String, usize>,
        id: &str,
        span: Range<usize>,
        what: &str,
    ) {
        if let Some(&offset) = seen.get(id) {
            self.duplicate_error(span, what, id, offset);
        } else {
            seen.insert(id.to_string(), span.start);
        }
    }

    /// The error for an id written a second time; `offset` is where it was first written.
    fn duplicate_error(&mut self, span: Range<usize>, what: &str, id: &str, offset: usize) {
        let first = super::diagnostic::line_column(self.source, offset).0;
        self.error(
            span,
            msg!(
                "duplicate {what} `{id}` (first defined on line {first})",
                "{what} `{id}` bị trùng (đã khai báo lần đầu ở dòng {first})"
            ),
            msg!("give each {what} its own id", "mỗi {what} phải có mã riêng"),
        );
    }

    /// Task ids are found without regard to case (`record II.1` finds `ii.1`), so two that differ only in
    /// case are the same id.
    fn duplicate_task(&mut self, seen: &mut HashMap<String, usize>, id: &str, span: Range<usize>) {
        let key = id.to_lowercase();
        let Some(&offset) = seen.get(&key) else {
            seen.insert(key, span.start);
            return;
        };
        let written = self
            .source
            .get(offset..)
            .and_then(|rest| rest.trim_start_matches(['"', '\'']).get(..id.len()))
            .unwrap_or(id);
        if written == id {
            self.duplicate_error(span, tr("task", "nhiệm vụ"), id, offset);
        } else {
            let first = super::diagnostic::line_column(self.source, offset).0;
            self.error(
                span,
                msg!(
                    "task id `{id}` differs from `{written}` (line {first}) only in case, and task ids are found without regard to case",
                    "mã nhiệm vụ `{id}` chỉ khác `{written}` (dòng {first}) ở chữ hoa/thường, mà mã nhiệm vụ được tìm không phân biệt hoa thường"
                ),
                tr(
                    "give each task its own id, e.g. II.1 and II.2",
                    "mỗi nhiệm vụ phải có mã riêng, ví dụ II.1 và II.2",
                ),
            );
        }
    }

    /// The valid units, and the id of every unit written (valid or not), so that one broken unit does not
    /// also make every task naming it an error. A unit's `members` must be units of the same file; in the
    /// registry a unit may say where its list comes from (`source`).
    fn units(&mut self, root: &Tbl<'_, '_>, registry: bool) -> (Vec<Unit>, Vec<String>) {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        let mut ids = Vec::new();
        let mut members = Vec::new();
        let keys: &[&str] = if registry {
            &["id", "name", "aliases", "external", "members", "source"]
        } else {
            &["id", "name", "aliases", "external", "members"]
        };
        for u in self.tables(root, "units", "[[units]]") {
            self.keys(&u, keys);
            if u.get("id").is_none() {
                self.missing(&u, "id", "\"hcth\"");
            }
            let id = self.id(&u, "id", "hcth");
            let name = self.string(&u, "name", true);
            let aliases = self
                .strings(&u, "aliases")
                .into_iter()
                .map(Spanned::into_inner)
                .collect();
            let external = self.boolean(&u, "external");
            let listed = self.strings(&u, "members");
            let source = if registry {
                self.string(&u, "source", false)
            } else {
                None
            };
            if let Some((id, span)) = &id {
                self.duplicate(&mut seen, id, span.clone(), tr("unit", "đơn vị"));
                ids.push(id.clone());
            }
            if let (Some((id, _)), Some(name)) = (id, name) {
                members.push((id.clone(), listed.clone()));
                out.push(Unit {
                    id,
                    name,
                    aliases,
                    external,
                    members: listed.into_iter().map(Spanned::into_inner).collect(),
                    source,
                });
            }
        }
        for (id, listed) in members {
            for (i, m) in listed.iter().enumerate() {
                if listed[..i].iter().any(|o| o.get_ref() == m.get_ref()) {
                    let member = m.get_ref();
                    self.error(
                        m.span(),
                        msg!(
                            "unit `{id}` lists `{member}` twice",
                            "đơn vị `{id}` liệt kê `{member}` hai lần"
                        ),
                        tr("list each member once", "mỗi thành viên chỉ ghi một lần"),
                    );
                } else if *m.get_ref() == id {
                    self.error(
                        m.span(),
                        msg!(
                            "unit `{id}` lists itself as a member",
                            "đơn vị `{id}` tự liệt kê mình là thành viên"
                        ),
                        tr(
                            "list the units that belong to it, not the unit itself",
                            "hãy liệt kê các đơn vị trực thuộc, không liệt kê chính đơn vị đó",
                        ),
                    );
                } else {
                    self.check_unit(&ids, m.get_ref(), m.span(), "members");
                }
            }
        }
        (out, ids)
    }

    /// The valid references, and the number of every reference written (valid or not).
    fn references(&mut self, root: &Tbl<'_, '_>) -> (Vec<Reference>, Vec<String>) {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        let mut numbers = Vec::new();
        for r in self.tables(root, "references", "[[references]]") {
            self.keys(
                &r,
                &["number", "kind", "date", "issuer", "subject", "basis"],
            );
            let number = self.string(&r, "number", true);
            if let (Some(n), Some(v)) = (&number, r.get("number")) {
                self.duplicate(&mut seen, n, v.span(), tr("reference", "văn bản"));
                numbers.push(n.clone());
            }
            let kind = self.string(&r, "kind", true);
            if let (Some(n), Some(v)) = (&number, r.get("number")) {
                match docnum::parse(n) {
                    Some(parsed) => {
                        if let (Some(k), Some(kv)) = (&kind, r.get("kind")) {
                            self.kind_warning(k, &parsed, kv.span());
                        }
                    }
                    None => self.warn(
                        v.span(),
                        msg!(
                            "`{n}` cannot be read as a document number",
                            "không đọc được `{n}` như một số, ký hiệu văn bản"
                        ),
                        tr(
                            "check it against the document (e.g. 53/KH-UBND, 869-CV/TU); `plan refs` will match it only as written",
                            "hãy đối chiếu với văn bản (ví dụ 53/KH-UBND, 869-CV/TU); `plan refs` sẽ chỉ so khớp đúng như đã viết",
                        ),
                    ),
                }
            }
            let date = self.date(&r, "date", false).map(|(d, _)| d);
            let issuer = self.string(&r, "issuer", true);
            let subject = self.string(&r, "subject", false);
            let basis = self.boolean(&r, "basis");
            if let (Some(number), Some(kind), Some(issuer)) = (number, kind, issuer) {
                out.push(Reference {
                    number,
                    kind,
                    date,
                    issuer,
                    subject,
                    basis,
                });
            }
        }
        (out, numbers)
    }

    fn cited(&mut self, t: &Tbl<'_, '_>, numbers: &[String]) -> Vec<String> {
        let refs = self.strings(t, "references");
        for r in &refs {
            self.check_reference(numbers, r.get_ref(), r.span());
        }
        refs.into_iter().map(Spanned::into_inner).collect()
    }

    fn objectives(&mut self, root: &Tbl<'_, '_>, numbers: &[String]) -> Vec<Objective> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for o in self.tables(root, "objectives", "[[objectives]]") {
            self.keys(&o, &["id", "text", "references"]);
            let id = self.string(&o, "id", true);
            if let (Some(id), Some(v)) = (&id, o.get("id")) {
                self.duplicate(&mut seen, id, v.span(), tr("objective", "mục tiêu"));
            }
            let text = self.string(&o, "text", true);
            let references = self.cited(&o, numbers);
            if let (Some(id), Some(text)) = (id, text) {
                out.push(Objective {
                    id,
                    text,
                    references,
                });
            }
        }
        out
    }

    fn tasks(
        &mut self,
        root: &Tbl<'_, '_>,
        units: &[String],
        numbers: &[String],
        year: Option<i32>,
    ) -> Vec<Task> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        for t in self.tables(root, "tasks", "[[tasks]]") {
            self.keys(
                &t,
                &[
                    "id",
                    "section",
                    "title",
                    "text",
                    "lead",
                    "support",
                    "report_to",
                    "references",
                    "deadlines",
                    "withdrawn",
                ],
            );
            let id = self.string(&t, "id", true).and_then(|id| {
                let span = t.get("id").map(|v| v.span()).unwrap_or_default();
                if id
                    .chars()
                    .any(|c| c.is_whitespace() || c == '/' || c.is_control())
                {
                    // Escaped so that a line break in the id cannot split the one-line message.
                    let id = id.escape_debug();
                    self.error(
                        span,
                        msg!(
                            "task id \"{id}\" contains a space or '/'",
                            "mã nhiệm vụ \"{id}\" có dấu cách hoặc '/'"
                        ),
                        tr(
                            "write ids like II.8 or III.3, without spaces or '/'",
                            "hãy viết mã như II.8 hoặc III.3, không có dấu cách hay '/'",
                        ),
                    );
                    return None;
                }
                self.duplicate_task(&mut seen, &id, span);
                Some(id)
            });
            let section = self.string(&t, "section", false);
            let title = self.string(&t, "title", true);
            let text = self.string(&t, "text", true);
            let mut roles = Vec::new();
            for key in ["lead", "support", "report_to"] {
                let list = self.strings(&t, key);
                for u in &list {
                    self.check_unit(units, u.get_ref(), u.span(), key);
                }
                roles.push(
                    list.into_iter()
                        .map(Spanned::into_inner)
                        .collect::<Vec<_>>(),
                );
            }
            let references = self.cited(&t, numbers);
            let deadlines = self.deadlines(&t, year);
            let withdrawn = self.withdrawal(&t);
            if let (Some(id), Some(title), Some(text)) = (id, title, text) {
                let section =
                    section.unwrap_or_else(|| id.split('.').next().unwrap_or(&id).to_string());
                let report_to = roles.pop().unwrap_or_default();
                let support = roles.pop().unwrap_or_default();
                let lead = roles.pop().unwrap_or_default();
                out.push(Task {
                    id,
                    section,
                    title,
                    text,
                    lead,
                    support,
                    report_to,
                    references,
                    deadlines,
                    withdrawn,
                });
            }
        }
        out
    }

    /// `withdrawn = { on = "1/7/2022", by = "Công văn số ..." }`: withdrawn from a date by a document.
    fn withdrawal(&mut self, t: &Tbl<'_, '_>) -> Option<Withdrawal> {
        let w = self.table(t, "withdrawn", "withdrawn = { on, by }")?;
        self.keys(&w, &["on", "by"]);
        let on = self.date(&w, "on", true).map(|(d, _)| d);
        let by = self.string(&w, "by", true);
        Some(Withdrawal { on: on?, by: by? })
    }

    /// `amended = [{ on, by, due | period + due | day, rule }]`: later changes of a deadline, each from the
    /// day it takes effect. `periods` are the deadline's own, for a recurring one.
    fn amendments(
        &mut self,
        d: &Tbl<'_, '_>,
        periods: Option<&[Period]>,
        year: Option<i32>,
    ) -> Vec<Amendment> {
        let mut out: Vec<Amendment> = Vec::new();
        let tables = self.tables(d, "amended", "amended = [{ on, by, due }]");
        if tables.len() > MAX_AMENDMENTS {
            let n = tables.len();
            let span = d.get("amended").map(|v| v.span()).unwrap_or_default();
            self.error(
                span,
                msg!(
                    "{n} amendments of one deadline; at most {MAX_AMENDMENTS} are read",
                    "một thời hạn có {n} lần điều chỉnh; chỉ đọc tối đa {MAX_AMENDMENTS}"
                ),
                tr(
                    "keep the amendments the documents make; a deadline changed this often is better written as a new one",
                    "hãy chỉ ghi các điều chỉnh do văn bản quy định; thời hạn thay đổi nhiều lần như vậy nên ghi thành thời hạn mới",
                ),
            );
            return out;
        }
        for a in tables {
            let keys: &[&str] = match periods {
                None => &["on", "by", "due", "rule"],
                Some(_) => &["on", "by", "period", "due", "day", "rule"],
            };
            self.keys(&a, keys);
            let errors = self.errors();
            let on = self.date(&a, "on", true);
            let by = self.string(&a, "by", true);
            let due = self.date(&a, "due", false);
            for (date, span) in [&on, &due].into_iter().flatten() {
                if let Some(year) = year {
                    self.range_warning(*date, span.clone(), year);
                }
            }
            let (on, due) = (on.map(|(x, _)| x), due.map(|(x, _)| x));
            let rule = self.rule(&a);
            let day = self
                .integer(&a, "day", false, 1..32, "20")
                .map(|(n, _)| n as u32);
            let period = self.amended_period(&a, periods);
            let changes = match periods {
                None => due.is_some() || rule.is_some(),
                Some(_) => due.is_some() || day.is_some() || rule.is_some(),
            };
            let fix = match periods {
                None => tr(
                    "give the new date: due = \"5/6/2022\" (and rule = \"by\" if it changes)",
                    "hãy ghi thời hạn mới: due = \"5/6/2022\" (và rule = \"by\" nếu quy tắc thay đổi)",
                ),
                Some(_) => tr(
                    "give period = \"2022-Q3\" with due = \"15/10/2022\", or day = 20 for every period from then on",
                    "hãy ghi period = \"2022-Q3\" cùng due = \"15/10/2022\", hoặc day = 20 cho mọi kỳ từ đó trở đi",
                ),
            };
            if a.get("period").is_some() != due.is_some() && periods.is_some() {
                self.error(
                    a.span.clone(),
                    tr(
                        "an amendment of one period needs both `period` and `due`",
                        "điều chỉnh một kỳ cần có cả `period` và `due`",
                    ),
                    fix,
                );
            } else if !changes && self.errors() == errors {
                self.error(
                    a.span.clone(),
                    tr(
                        "an amendment that changes nothing",
                        "điều chỉnh không thay đổi gì",
                    ),
                    fix,
                );
            }
            let same = |o: &Amendment| Some(o.on) == on && o.period == period;
            if out.iter().any(same) {
                let on = on.map(date::format_vn).unwrap_or_default();
                self.error(
                    a.span.clone(),
                    msg!(
                        "two amendments of this deadline take effect on {on}",
                        "hai điều chỉnh của thời hạn này cùng có hiệu lực từ ngày {on}"
                    ),
                    tr(
                        "write what the documents change on that day as one amendment",
                        "hãy gộp những gì các văn bản thay đổi trong ngày đó thành một điều chỉnh",
                    ),
                );
            }
            if let (Some(on), Some(by)) = (on, by) {
                out.push(Amendment {
                    on,
                    by,
                    period,
                    due,
                    rule,
                    day,
                });
            }
        }
        out
    }

    fn amended_period(&mut self, a: &Tbl<'_, '_>, periods: Option<&[Period]>) -> Option<Period> {
        let (periods, v) = (periods?, a.get("period")?);
        let text = self.string(a, "period", false)?;
        let found = text.parse::<Period>().ok().filter(|p| periods.contains(p));
        if found.is_none() {
            let known = periods
                .iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join(", ");
            self.error(
                v.span(),
                msg!(
                    "the deadline has no period `{text}`",
                    "thời hạn không có kỳ `{text}`"
                ),
                msg!("use one of: {known}", "hãy dùng một trong: {known}"),
            );
        }
        found
    }

    fn rule(&mut self, d: &Tbl<'_, '_>) -> Option<Rule> {
        let span = d.get("rule").map(|v| v.span())?;
        let r = self.string(d, "rule", false)?;
        let parsed = Rule::parse(&r);
        if parsed.is_none() {
            self.error(
                span,
                msg!("unknown rule `{r}`", "quy tắc `{r}` không hợp lệ"),
                tr(
                    "write rule = \"before\" (trước ngày) or rule = \"by\" (chậm nhất ngày, hạn, đến ngày)",
                    "hãy viết rule = \"before\" (trước ngày) hoặc rule = \"by\" (chậm nhất ngày, hạn, đến ngày)",
                ),
            );
        }
        parsed
    }

    /// Warns when the wording and the file disagree: a date the wording gives as the deadline that is not
    /// `due`, or a `rule` the wording contradicts.
    fn wording_agrees(&mut self, d: &Tbl<'_, '_>, wording: &str, due: Option<NaiveDate>) {
        if let (Some(due), Some(v)) = (due, d.get("due")) {
            let written = written_dues(wording);
            if !written.is_empty() && !written.contains(&due) {
                let (says, due) = (
                    written
                        .iter()
                        .map(|w| date::format_vn(*w))
                        .collect::<Vec<_>>()
                        .join(", "),
                    date::format_vn(due),
                );
                self.warn(
                    v.span(),
                    msg!(
                        "the wording gives {says} as the deadline, but `due` is {due}",
                        "nguyên văn ghi thời hạn {says}, nhưng `due` là {due}"
                    ),
                    tr(
                        "make `due` the date the document writes; a date moved by a later document is written as an amendment (amended = [{ on, due, by }])",
                        "hãy ghi `due` đúng ngày văn bản ghi; ngày được văn bản sau điều chỉnh thì ghi thành amended = [{ on, due, by }]",
                    ),
                );
            }
        }
        let (Some(v), Some(said)) = (d.get("rule"), Rule::from_wording(wording)) else {
            return;
        };
        if let DeValue::String(r) = v.get_ref()
            && let Some(rule) = Rule::parse(r)
            && rule != said
        {
            let (rule, said) = (rule.as_str(), said.as_str());
            let words = match said {
                "before" => "\"trước ngày\"",
                _ => "\"chậm nhất\", \"hạn\" or \"đến ngày\"",
            };
            self.warn(
                v.span(),
                msg!(
                    "rule = \"{rule}\" but the wording says {words} ({said})",
                    "rule = \"{rule}\" nhưng nguyên văn ghi {words} ({said})"
                ),
                tr(
                    "check the rule against the document: \"trước ngày X\" is before, \"chậm nhất ngày X\" is by",
                    "hãy đối chiếu quy tắc với văn bản: \"trước ngày X\" là before, \"chậm nhất ngày X\" là by",
                ),
            );
        }
    }

    fn deadlines(&mut self, task: &Tbl<'_, '_>, year: Option<i32>) -> Vec<Deadline> {
        let mut seen = HashMap::new();
        let mut out = Vec::new();
        let mut renames: Vec<(String, Range<usize>)> = Vec::new();
        for d in self.tables(task, "deadlines", "[[tasks.deadlines]]") {
            self.keys(
                &d,
                &[
                    "key",
                    "due",
                    "rule",
                    "wording",
                    "every",
                    "from",
                    "until",
                    "day",
                    "month",
                    "amended",
                    "renamed_from",
                    "withdrawn",
                    "event",
                    "offset",
                    "rest_day",
                ],
            );
            let key = self.id(&d, "key", "bao-cao-quy").map(|(k, span)| {
                self.duplicate(&mut seen, &k, span, tr("deadline key", "khóa thời hạn"));
                k
            });
            if d.get("key").is_none() {
                self.missing(&d, "key", "\"bao-cao-quy\"");
            }
            let wording = self.string(&d, "wording", true);
            let rule = self.rule(&d);
            let renamed_from = d
                .get("renamed_from")
                .is_some()
                .then(|| self.id(&d, "renamed_from", "bao-cao-6-thang"))
                .flatten()
                .map(|(k, span)| {
                    if key.as_ref().is_some_and(|own| *own == k) {
                        self.error(
                            span,
                            tr(
                                "`renamed_from` is the deadline's own key",
                                "`renamed_from` trùng với khóa của chính thời hạn",
                            ),
                            tr("give the key it had before", "hãy ghi khóa cũ của thời hạn"),
                        );
                    }
                    k
                });
            let withdrawn = self.withdrawal(&d);
            let schedule = match (d.get("due"), d.get("every")) {
                _ if d.get("event").is_some() => self.counted(&d, rule, wording.as_deref(), year),
                (Some(_), Some(v)) => {
                    self.error(
                        v.span(),
                        tr(
                            "a deadline has both `due` and `every`",
                            "thời hạn có cả `due` và `every`",
                        ),
                        tr(
                            "write a one-off deadline with `due`, or a recurring one with `every`, not both",
                            "hãy dùng `due` cho thời hạn một lần, hoặc `every` cho thời hạn định kỳ, không dùng cả hai",
                        ),
                    );
                    None
                }
                (None, None) => {
                    let typo = |(start, k): &(usize, String)| {
                        *start == d.span.start && (k == "due" || k == "every")
                    };
                    if self.typos.iter().any(typo) {
                        continue;
                    }
                    self.error(
                        d.span.clone(),
                        tr(
                            "a deadline needs `due` (one-off), `every` (recurring) or `event` (counted from an event)",
                            "thời hạn cần có `due` (một lần), `every` (định kỳ) hoặc `event` (tính từ một sự kiện)",
                        ),
                        tr(
                            "add due = \"12/4/2022\", every = \"quarter\", or event = \"bau-cu\" with offset = \"-95d\"",
                            "hãy thêm due = \"12/4/2022\", every = \"quarter\", hoặc event = \"bau-cu\" cùng offset = \"-95d\"",
                        ),
                    );
                    None
                }
                (Some(_), None) => {
                    self.needs_event(&d);
                    for k in ["from", "until", "day", "month"] {
                        if let Some(v) = d.get(k) {
                            self.error(
                                v.span(),
                                msg!(
                                    "`{k}` only applies to recurring deadlines",
                                    "`{k}` chỉ dùng cho thời hạn định kỳ"
                                ),
                                tr(
                                    "remove it, or use `every` instead of `due`",
                                    "hãy xóa khóa này, hoặc dùng `every` thay cho `due`",
                                ),
                            );
                        }
                    }
                    let due = self.date(&d, "due", true);
                    if let (Some((due, span)), Some(year)) = (&due, year) {
                        self.range_warning(*due, span.clone(), year);
                    }
                    if let Some(w) = &wording {
                        self.wording_agrees(&d, w, due.as_ref().map(|(x, _)| *x));
                    }
                    let rule = rule.or_else(|| wording.as_deref().and_then(Rule::from_wording));
                    if rule.is_none() && wording.is_some() {
                        self.error(
                            d.span.clone(),
                            tr(
                                "cannot tell from the wording whether the deadline is \"before\" or \"by\" its date",
                                "không xác định được từ nguyên văn thời hạn là \"trước\" hay \"chậm nhất\" ngày đó",
                            ),
                            tr(
                                "add rule = \"before\" (trước ngày: still open on the day is overdue) or rule = \"by\" (chậm nhất: the day itself is allowed)",
                                "hãy thêm rule = \"before\" (trước ngày: đến đúng ngày đó chưa xong là quá hạn) hoặc rule = \"by\" (chậm nhất: vẫn được tính trong hạn vào chính ngày đó)",
                            ),
                        );
                    }
                    due.zip(rule)
                        .map(|((due, _), rule)| Schedule::Once { due, rule })
                }
                (None, Some(v)) => {
                    self.needs_event(&d);
                    self.recurring(&d, v, rule, year)
                }
            };
            let periods: Option<Vec<Period>> = match &schedule {
                Some(Schedule::Every { .. }) => schedule.as_ref().map(|s| {
                    Deadline::new("", "", s.clone())
                        .occurrences()
                        .iter()
                        .filter_map(|o| o.period)
                        .collect()
                }),
                _ => None,
            };
            let amendments = self.amendments(&d, periods.as_deref(), year);
            if let (Some(from), Some(span)) =
                (&renamed_from, d.get("renamed_from").map(|v| v.span()))
            {
                renames.push((from.clone(), span));
            }
            if let (Some(key), Some(wording), Some(schedule)) = (key, wording, schedule) {
                out.push(Deadline {
                    key,
                    wording,
                    schedule,
                    amendments,
                    renamed_from,
                    withdrawn,
                });
            }
        }
        self.renames(&seen, &renames);
        out
    }

    /// A deadline's `renamed_from` names the key it had before: not a key another deadline of the task still
    /// has (its history would move to the wrong deadline), and not the one another deadline came from. Rename
    /// one deadline at a time: a swap or a chain is two loads.
    fn renames(&mut self, keys: &HashMap<String, usize>, renames: &[(String, Range<usize>)]) {
        for (i, (from, span)) in renames.iter().enumerate() {
            let twice = renames[..i].iter().any(|(f, _)| f == from);
            if keys.contains_key(from) || twice {
                let what = if twice {
                    msg!(
                        "two deadlines are renamed from `{from}`",
                        "hai thời hạn cùng được đổi tên từ `{from}`"
                    )
                } else {
                    msg!(
                        "`renamed_from` names `{from}`, a key another deadline of this task still has",
                        "`renamed_from` ghi `{from}`, là khóa của một thời hạn khác vẫn còn trong nhiệm vụ"
                    )
                };
                self.error(
                    span.clone(),
                    what,
                    tr(
                        "rename one deadline at a time to a key no other deadline has, load, then rename the next (a swap or a chain of renames is two loads)",
                        "hãy đổi tên từng thời hạn một sang khóa chưa thời hạn nào dùng, nạp, rồi mới đổi tiếp (đổi chéo hay đổi nối tiếp cần hai lần nạp)",
                    ),
                );
            }
        }
    }

    fn recurring(
        &mut self,
        d: &Tbl<'_, '_>,
        every_value: &Value<'_>,
        rule: Option<Rule>,
        year: Option<i32>,
    ) -> Option<Schedule> {
        let every = match every_value.get_ref() {
            DeValue::String(s) => {
                let e = Every::parse(s);
                if e.is_none() {
                    self.error(
                        every_value.span(),
                        msg!(
                            "unknown period `{s}` in `every`",
                            "kỳ `{s}` trong `every` không hợp lệ"
                        ),
                        tr(
                            "write every = \"month\", \"quarter\", \"half-year\" or \"year\"",
                            "hãy viết every = \"month\" (tháng), \"quarter\" (quý), \"half-year\" (6 tháng) hoặc \"year\" (năm)",
                        ),
                    );
                }
                e
            }
            _ => {
                let expected = tr("a string", "một chuỗi");
                self.wrong_type(every_value, "every", expected, "\"quarter\"");
                None
            }
        };
        let day = self
            .integer(d, "day", false, 1..32, "15")
            .map(|(n, _)| n as u32);
        let month = self.month_of(d, day.is_some());
        let year = year?;
        let from = self.date(d, "from", false);
        let until = self.date(d, "until", false);
        let from_date = from
            .as_ref()
            .map_or_else(|| NaiveDate::from_ymd_opt(year, 1, 1), |(f, _)| Some(*f))?;
        let until_date = until
            .as_ref()
            .map_or_else(|| NaiveDate::from_ymd_opt(year, 12, 31), |(u, _)| Some(*u))?;
        if let Some((_, span)) = &until
            && until_date < from_date
        {
            self.error(
                span.clone(),
                tr("`until` is before `from`", "`until` sớm hơn `from`"),
                tr(
                    "swap them, or correct the year",
                    "hãy đổi chỗ hai ngày, hoặc sửa lại năm",
                ),
            );
            return None;
        }
        for (date, span) in [from, until].into_iter().flatten() {
            self.range_warning(date, span, year);
        }
        let rule = match day {
            Some(_) => rule.unwrap_or(Rule::By),
            None => Rule::By,
        };
        Some(Schedule::Every {
            every: every?,
            from: from_date,
            until: until_date,
            day,
            month,
            rule,
        })
    }

    /// `offset` and `rest_day` on a deadline that names no event.
    fn needs_event(&mut self, d: &Tbl<'_, '_>) {
        for k in ["offset", "rest_day"] {
            if let Some(v) = d.get(k) {
                self.error(
                    v.span(),
                    msg!(
                        "`{k}` needs `event`: it counts from one of the plan's events",
                        "`{k}` cần có `event`: độ lệch được tính từ một sự kiện của kế hoạch"
                    ),
                    tr(
                        "add event = \"ID\" (declared under [[events]]) and remove `due`/`every`, or remove this key",
                        "hãy thêm event = \"MÃ\" (khai báo trong [[events]]) và bỏ `due`/`every`, hoặc xóa khóa này",
                    ),
                );
            }
        }
    }

    /// `month = "last" | "next"`: which month of the period `day` is of.
    fn month_of(&mut self, d: &Tbl<'_, '_>, has_day: bool) -> MonthOf {
        let Some(v) = d.get("month") else {
            return MonthOf::Last;
        };
        let word = self.string(d, "month", false);
        let parsed = word.as_deref().and_then(MonthOf::parse);
        if word.is_some() && parsed.is_none() {
            self.error(
                v.span(),
                tr("unknown `month`", "`month` không hợp lệ"),
                tr(
                    "write month = \"last\" (the period's last month: \"tháng cuối quý\") or month = \"next\" (the month after it: \"tháng liền kề\")",
                    "hãy viết month = \"last\" (tháng cuối kỳ: \"tháng cuối quý\") hoặc month = \"next\" (tháng sau kỳ: \"tháng liền kề\")",
                ),
            );
        } else if !has_day {
            self.error(
                v.span(),
                tr("`month` without `day`", "có `month` nhưng thiếu `day`"),
                tr(
                    "add the day of that month, e.g. day = 5",
                    "hãy thêm ngày của tháng đó, ví dụ day = 5",
                ),
            );
        }
        parsed.unwrap_or_default()
    }

    /// A deadline counted from one of the plan's events: `event`, `offset`, maybe `rest_day`, and the date
    /// the text also writes (`due`), checked against the event's date when the plan gives it.
    fn counted(
        &mut self,
        d: &Tbl<'_, '_>,
        rule: Option<Rule>,
        wording: Option<&str>,
        year: Option<i32>,
    ) -> Option<Schedule> {
        for k in ["every", "from", "until", "day", "month", "amended"] {
            if let Some(v) = d.get(k) {
                self.error(
                    v.span(),
                    msg!(
                        "`{k}` does not apply to a deadline counted from an event",
                        "`{k}` không dùng cho thời hạn tính từ một sự kiện"
                    ),
                    tr(
                        "remove it: the date comes from the event's (record a moved event with `plan record PLAN --event ID --on DATE`)",
                        "hãy xóa khóa này: ngày được tính từ ngày của sự kiện (sự kiện dời ngày thì ghi bằng `plan record PLAN --event MÃ --on NGÀY`)",
                    ),
                );
            }
        }
        let event = self.id(d, "event", "bau-cu").and_then(|(id, span)| {
            let found = self.events.iter().find(|e| e.id == id).cloned();
            if found.is_none() {
                let known = self.events.iter().map(|e| e.id.as_str()).collect::<Vec<_>>().join(", ");
                let known = if known.is_empty() { "—".to_string() } else { known };
                self.error(
                    span,
                    msg!("`event` names `{id}`, which the plan does not declare", "`event` ghi `{id}`, nhưng kế hoạch không khai báo sự kiện này"),
                    msg!(
                        "declare it under [[events]] (id, name, and date when known), or use one of: {known}",
                        "hãy khai báo trong [[events]] (id, name, và date khi đã biết), hoặc dùng một trong: {known}"
                    ),
                );
            }
            found
        });
        let offset = match (d.get("offset"), self.string(d, "offset", false)) {
            (None, _) => {
                self.missing(d, "offset", "\"-95d\"");
                None
            }
            (Some(v), Some(text)) => {
                let o = Offset::parse(&text)
                    .filter(|o| o.days.abs() <= crate::domain::reckoning::MAX_OFFSET);
                if o.is_none() {
                    self.error(
                        v.span(),
                        msg!("`offset` \"{text}\" is not an offset", "`offset` \"{text}\" không phải độ lệch"),
                        tr(
                            "write the days before (-) or after (+) the event: \"-95d\" (95 days before), \"+5wd\" (the 5th working day after), at most 3660 days",
                            "hãy ghi số ngày trước (-) hoặc sau (+) sự kiện: \"-95d\" (trước 95 ngày), \"+5wd\" (ngày làm việc thứ 5 sau đó), tối đa 3660 ngày",
                        ),
                    );
                }
                o
            }
            (Some(_), None) => None,
        };
        let rest_day = match (d.get("rest_day"), self.string(d, "rest_day", false)) {
            (Some(v), Some(word)) => {
                let r = RestDay::parse(&word);
                if r.is_none() {
                    self.error(
                        v.span(),
                        msg!("unknown `rest_day` \"{word}\"", "`rest_day` \"{word}\" không hợp lệ"),
                        tr(
                            "write rest_day = \"keep\" (the day counted, whatever day it is) or rest_day = \"next-working-day\" (Bộ luật Dân sự, Điều 148)",
                            "hãy viết rest_day = \"keep\" (đúng ngày tính được) hoặc rest_day = \"next-working-day\" (ngày làm việc tiếp theo, Bộ luật Dân sự, Điều 148)",
                        ),
                    );
                }
                r
            }
            _ => None,
        };
        let written = self.date(d, "due", false);
        if let (Some((due, span)), Some(year)) = (&written, year) {
            self.range_warning(*due, span.clone(), year);
        }
        let (event, offset) = (event?, offset?);
        if let (Some(RestDay::NextWorkingDay), Some(v)) = (rest_day, d.get("rest_day"))
            && (offset.days <= 0 || offset.count != crate::domain::DayCount::Calendar)
        {
            self.error(
                v.span(),
                tr(
                    "rest_day = \"next-working-day\" applies to a count of calendar days after the event",
                    "rest_day = \"next-working-day\" chỉ dùng cho số ngày lịch tính sau sự kiện",
                ),
                tr(
                    "remove it: a count before the event, or in working days (which land on a working day), keeps its day",
                    "hãy xóa khóa này: số ngày trước sự kiện, hoặc số ngày làm việc (vốn rơi vào ngày làm việc), giữ nguyên ngày tính được",
                ),
            );
        }
        let rest_day =
            rest_day.unwrap_or_else(|| RestDay::from_wording(wording.unwrap_or(""), offset));
        let reckoning = Reckoning {
            event: event.id.clone(),
            event_name: event.name.clone(),
            offset,
            rest_day,
        };
        match (&written, event.date) {
            (Some((due, span)), Some(on)) => {
                self.counted_agrees(&reckoning, *due, span.clone(), on)
            }
            (Some((due, span)), None) => {
                self.waits_with_due(&reckoning, &event.id, *due, span.clone())
            }
            _ => {}
        }
        Some(Schedule::Counted {
            reckoning,
            rule: rule.unwrap_or(Rule::By),
            written: written.map(|(d, _)| d),
            dated: Vec::new(),
        })
    }

    /// A written date beside a count whose event has no date: the deadline waits, whatever the date says.
    fn waits_with_due(&mut self, r: &Reckoning, id: &str, due: NaiveDate, span: Range<usize>) {
        let implied = r.event_for(due).map(date::format_vn);
        let due = date::format_vn(due);
        let what = match implied {
            Some(on) => msg!(
                "`due` is {due}, but the event `{id}` has no date: the deadline waits for it (the count puts it on {on})",
                "`due` là {due}, nhưng sự kiện `{id}` chưa có ngày: thời hạn chờ sự kiện (theo cách tính, sự kiện vào ngày {on})"
            ),
            None => msg!(
                "`due` is {due}, but the event `{id}` has no date: the deadline waits for it",
                "`due` là {due}, nhưng sự kiện `{id}` chưa có ngày: thời hạn chờ sự kiện"
            ),
        };
        self.warn(
            span,
            what,
            tr(
                "give the event its `date` under [[events]] if the document sets it, or record it when it is set (plan record PLAN --event ID --on DATE)",
                "hãy ghi `date` của sự kiện trong [[events]] nếu văn bản đã ấn định, hoặc ghi nhận khi được ấn định (plan record KẾ_HOẠCH --event MÃ --on NGÀY)",
            ),
        );
    }

    /// A written date that the count from the event's date does not give: an error when the count is in
    /// calendar days (no calendar can change it), a warning when in working days (an official schedule the
    /// file cannot see may).
    fn counted_agrees(&mut self, r: &Reckoning, due: NaiveDate, span: Range<usize>, on: NaiveDate) {
        let counted = r.due(on, &crate::calendar::WorkCalendar::default());
        if counted == due {
            return;
        }
        let (due, counted, on, offset, event) = (
            date::format_vn(due),
            date::format_vn(counted),
            date::format_vn(on),
            r.offset,
            &r.event,
        );
        let what = msg!(
            "`due` is {due}, but {offset} from `{event}` on {on} is {counted}",
            "`due` là {due}, nhưng {offset} tính từ `{event}` ngày {on} là {counted}"
        );
        let fix = tr(
            "check the document: correct `due`, `offset` or the event's date (or remove `due`: the count gives the date)",
            "hãy đối chiếu văn bản: sửa `due`, `offset` hoặc ngày của sự kiện (hoặc bỏ `due`: ngày được tính từ sự kiện)",
        );
        match r.offset.count {
            crate::domain::DayCount::Calendar if r.rest_day == RestDay::Keep => {
                self.error(span, what, fix)
            }
            _ => self.warn(span, what, fix),
        }
    }

    fn range_warning(&mut self, date: NaiveDate, span: Range<usize>, year: i32) {
        use chrono::Datelike;
        if date.year() < year - 1 || date.year() > year + 5 {
            self.warn(
                span,
                {
                    let shown = date::format_vn(date);
                    msg!(
                        "the date {shown} is far from the plan's year {year}",
                        "ngày {shown} cách xa năm {year} của kế hoạch"
                    )
                },
                tr(
                    "check the year; dates are day/month/year",
                    "hãy kiểm tra lại năm; ngày viết theo ngày/tháng/năm",
                ),
            );
        }
    }
}

/// The dates a deadline's wording gives as the deadline: a day-first date right after "trước (ngày)",
/// "chậm nhất (là/vào) (ngày)", "hạn (chót) (ngày)" or "đến ngày". Dates elsewhere (a cited document's
/// "ngày 23/3/2022") are not deadlines.
fn written_dues(wording: &str) -> Vec<NaiveDate> {
    const CUES: [&str; 12] = [
        "truoc",
        "truoc ngay",
        "cham nhat",
        "cham nhat ngay",
        "cham nhat la ngay",
        "cham nhat vao ngay",
        "han",
        "han ngay",
        "han chot",
        "han chot ngay",
        "den ngay",
        "trong ngay",
    ];
    let words: Vec<&str> = wording.split_whitespace().collect();
    let folded: Vec<String> = words.iter().map(|w| crate::text::fold(w)).collect();
    let mut out = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let w = w.trim_matches(|c: char| !c.is_ascii_alphanumeric());
        let Ok(day) = date::parse(w) else { continue };
        if !w.contains(['/', '-']) || w.split(['/', '-']).count() != 3 {
            continue;
        }
        let before = folded[i.saturating_sub(4)..i].join(" ");
        let before = before.trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
        if CUES
            .iter()
            .any(|c| before == *c || before.ends_with(&format!(" {c}")))
        {
            out.push(day);
        }
    }
    out
}

#[cfg(test)]
mod wording_tests {
    use super::*;

    fn d(day: u32, m: u32, y: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_deadline_dates_a_wording_gives() {
        assert_eq!(
            written_dues("gửi về Sở (qua Phòng Hành chính - Tổng hợp) trước ngày 12/4/2022,"),
            [d(12, 4, 2022)]
        );
        assert_eq!(
            written_dues("báo cáo chậm nhất ngày 15/7/2024."),
            [d(15, 7, 2024)]
        );
        assert_eq!(
            written_dues("Thực hiện Kế hoạch số 53/KH-UBND ngày 23/3/2022, gửi trước 10/6/2023"),
            [d(10, 6, 2023)]
        );
        assert!(written_dues("định kỳ hàng quý báo cáo Ủy ban nhân dân tỉnh").is_empty());
        assert!(written_dues("theo Kế hoạch số 53/KH-UBND ngày 23/3/2022").is_empty());
    }
}
