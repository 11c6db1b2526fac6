//! `plan refs`: the legal documents the loaded plans cite, understood through their numbers.
//!
//! Citations are grouped into documents by the number's canonical key (any spelling finds the same document)
//! and, because Party numbers restart each term, never merged when their dates differ. What the shared
//! registry records of a document gives its effect as of the date.

use super::{check_plan, open_synced, print};
use crate::Outcome;
use crate::cli::RefsArgs;
use crate::context::Context;
use crate::date::{format_iso, format_vn};
use crate::docnum::{self, DocNumber};
use crate::domain::{Document, Effect};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::msg;
use crate::render::{self, Column, Format, Listing, Value};
use crate::store::{Citation, Store};
use crate::text::{collation_key, fold};
use chrono::{Datelike, NaiveDate};
use serde_json::json;
use std::io::Write;

/// One cited document, with every citation of it.
struct Cited {
    number: String,
    key: String,
    parsed: Option<DocNumber>,
    kind: String,
    date: Option<NaiveDate>,
    issuer: String,
    subject: Option<String>,
    /// (plan, citing ids: task or objective ids, or "basis").
    citations: Vec<(String, Vec<String>)>,
    registry: Option<Document>,
}

impl Cited {
    fn effect(&self, on: NaiveDate) -> Effect {
        self.registry
            .as_ref()
            .map_or(Effect::Unknown, |d| d.effect(on))
    }

    fn year(&self) -> Option<i32> {
        self.parsed
            .as_ref()
            .and_then(|p| p.year)
            .or(self.date.map(|d| d.year()))
    }

    /// "PLAN/TASK" for tasks and objectives, "PLAN" for the plan's basis.
    fn cited_by(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (plan, who) in &self.citations {
            for w in who {
                out.push(if w == "basis" {
                    plan.clone()
                } else {
                    format!("{plan}/{w}")
                });
            }
        }
        out
    }

    fn task_count(&self) -> i64 {
        self.citations
            .iter()
            .map(|(_, who)| who.iter().filter(|w| *w != "basis").count() as i64)
            .sum()
    }
}

/// The canonical key of a number; a number that cannot be parsed matches only its own folded text.
fn key_of(number: &str) -> (String, Option<DocNumber>) {
    match docnum::parse(number) {
        Some(p) => (p.key.clone(), Some(p)),
        None => (format!("?{}", fold(number)), None),
    }
}

fn dates_compatible(a: Option<NaiveDate>, b: Option<NaiveDate>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a == b,
        _ => true,
    }
}

fn registry_entry(registry: &[Document], key: &str, date: Option<NaiveDate>) -> Option<Document> {
    registry
        .iter()
        .find(|d| d.key == key && dates_compatible(d.date, date))
        .cloned()
}

fn group(citations: Vec<Citation>, registry: &[Document]) -> Vec<Cited> {
    let mut out: Vec<Cited> = Vec::new();
    for c in citations {
        let r = c.reference;
        let (key, parsed) = key_of(&r.number);
        let mut who: Vec<String> = Vec::new();
        if r.basis {
            who.push("basis".into());
        }
        who.extend(c.objectives);
        who.extend(c.tasks);
        match out
            .iter_mut()
            .find(|g| g.key == key && dates_compatible(g.date, r.date))
        {
            Some(g) => {
                g.date = g.date.or(r.date);
                g.citations.push((c.plan, who));
            }
            None => out.push(Cited {
                registry: registry_entry(registry, &key, r.date),
                number: r.number,
                key,
                parsed,
                kind: r.kind,
                date: r.date,
                issuer: r.issuer,
                subject: r.subject,
                citations: vec![(c.plan, who)],
            }),
        }
    }
    out
}

fn listing(docs: &[&Cited], as_of: NaiveDate) -> Listing {
    let mut l = Listing::new(vec![
        Column::all("number", "Number"),
        Column::machine("key"),
        Column::all("kind", "Kind"),
        Column::all("date", "Date"),
        Column::all("issuer", "Issuer"),
        Column::machine("system"),
        Column::machine("year"),
        Column::all("effect", "Effect"),
        Column::machine("ceased_on"),
        Column::machine("ceased_by"),
        Column::all("tasks", "Tasks"),
        Column::all("plans", "Plans"),
        Column::all("cited_by", "Cited by"),
    ]);
    for d in docs {
        l.rows.push(vec![
            Value::Text(d.number.clone()),
            Value::Text(d.key.clone()),
            Value::Text(d.kind.clone()),
            Value::opt_date(d.date),
            Value::Text(d.issuer.clone()),
            Value::opt_label(d.parsed.as_ref().map(|p| p.system.as_str())),
            Value::opt_int(d.year().map(i64::from)),
            Value::Label(d.effect(as_of).as_str().into()),
            Value::opt_date(d.registry.as_ref().and_then(|r| r.ceased_on)),
            Value::opt_text(d.registry.as_ref().and_then(|r| r.ceased_by.clone())),
            Value::Int(d.task_count()),
            Value::Int(d.citations.len() as i64),
            Value::List(d.cited_by()),
        ]);
    }
    l
}

/// Runs `refs`, `refs NUMBER` and `refs --check`.
pub fn run(ctx: &Context, args: &RefsArgs) -> Result<Outcome> {
    let store = open_synced(ctx)?;
    check_plan(&store, args.plan.as_deref())?;
    if args.check {
        return check(ctx, &store, args.plan.as_deref());
    }
    let registry = store.documents()?;
    let mut docs = group(store.citations(args.plan.as_deref())?, &registry);
    docs.sort_by(|a, b| {
        (collation_key(&a.kind), a.date, &a.key).cmp(&(collation_key(&b.kind), b.date, &b.key))
    });
    if let Some(number) = &args.number {
        return one(ctx, &store, &docs, number);
    }
    let kind = args.kind.as_deref().map(fold);
    let issuer = args.issuer.as_deref().map(fold);
    let selected: Vec<&Cited> = docs
        .iter()
        .filter(|d| {
            kind.as_ref().is_none_or(|k| {
                fold(&d.kind).contains(k.as_str())
                    || d.parsed
                        .as_ref()
                        .is_some_and(|p| p.code.as_deref().is_some_and(|c| fold(c) == *k))
            })
        })
        .filter(|d| {
            issuer
                .as_ref()
                .is_none_or(|i| fold(&d.issuer).contains(i.as_str()))
        })
        .filter(|d| args.year.is_none_or(|y| d.year() == Some(y)))
        .collect();
    let mut l = listing(&selected, ctx.as_of);
    let n = selected.len();
    let cited = crate::i18n::count(n, "document cited", "documents cited");
    l.summary = Some(msg!("{cited}", "{n} văn bản được trích dẫn"));
    print(ctx, &l)?;
    Ok(Outcome::Clean)
}

/// A document asked for as a text writes it: "53/KH-UBND", or pasted whole, "Kế hoạch số 53/KH-UBND ngày
/// 23/3/2022 của UBND tỉnh".
struct Asked {
    key: String,
    /// The kind, when the text writes one before the number.
    kind: Option<String>,
    /// The date, when the text writes one after the number.
    date: Option<NaiveDate>,
}

/// Reads what was asked: a bare number first, else the first citation of the text (its kind, "số", the
/// number, "ngày …", "của …" and the punctuation around them, as the extractor reads a plan).
fn asked(text: &str) -> Asked {
    let trimmed = text
        .trim()
        .trim_matches(|c: char| matches!(c, '"' | '“' | '”' | '(' | ')' | ',' | ';' | '.'));
    if let Some(p) = docnum::parse(trimmed) {
        return Asked {
            key: p.key,
            kind: None,
            date: None,
        };
    }
    let Some(c) = crate::extract::refs::citations(trimmed, None)
        .into_iter()
        .next()
    else {
        return Asked {
            key: key_of(trimmed).0,
            kind: None,
            date: None,
        };
    };
    // The kind as written: the words before the number, without "số" / "Số:".
    let mut words: Vec<&str> = trimmed[..c.range.start].split_whitespace().collect();
    if words
        .last()
        .is_some_and(|w| fold(w).trim_end_matches(':') == "so")
    {
        words.pop();
    }
    let kind = words.join(" ");
    let kind = kind.trim_matches(|ch: char| !ch.is_alphanumeric());
    Asked {
        key: c.number.key,
        kind: (!kind.is_empty()).then(|| kind.to_string()),
        date: c.date,
    }
}

fn one(ctx: &Context, store: &Store, docs: &[Cited], number: &str) -> Result<Outcome> {
    let asked = asked(number);
    let mut found: Vec<&Cited> = docs.iter().filter(|d| d.key == asked.key).collect();
    if found.is_empty() {
        return Err(Error::Usage(msg!(
            "no loaded plan cites `{number}` — see the cited documents with: plan refs",
            "không có kế hoạch đã nạp nào trích dẫn `{number}` — xem các văn bản được trích dẫn bằng: plan refs"
        )));
    }
    if let Some(date) = asked.date {
        // Party numbers restart each term: the date tells documents of one number apart.
        if found.iter().any(|d| d.date == Some(date)) {
            found.retain(|d| d.date == Some(date) || d.date.is_none());
        } else {
            let cited: Vec<String> = found.iter().filter_map(|d| d.date).map(format_vn).collect();
            let (given, cited) = (format_vn(date), cited.join(", "));
            let n = &found[0].number;
            crate::say!(
                "{}",
                msg!(
                    "plan: note: the plans cite {n} dated {cited}, not {given}",
                    "plan: lưu ý: các kế hoạch trích dẫn {n} ngày {cited}, không phải ngày {given}"
                )
            );
        }
    }
    if let Some(kind) = &asked.kind {
        let agrees = |d: &Cited| {
            d.parsed.as_ref().is_none_or(|p| {
                docnum::kind_agrees(kind, p)
                    || p.code.as_deref().is_some_and(|c| fold(c) == fold(kind))
            })
        };
        for d in found.iter().filter(|d| !agrees(d)) {
            let (n, cited) = (&d.number, &d.kind);
            crate::say!(
                "{}",
                msg!(
                    "plan: note: the plans cite {n} as a {cited}, not a {kind}",
                    "plan: lưu ý: các kế hoạch trích dẫn {n} là {cited}, không phải {kind}"
                )
            );
        }
    }
    let titles = store.task_texts(None)?;
    // Objectives ("I.1") have a text, not a title: their first words stand in for one.
    let mut objectives: Vec<(String, String, String)> = Vec::new();
    for plan in found
        .iter()
        .flat_map(|d| d.citations.iter().map(|(p, _)| p))
    {
        if objectives.iter().any(|(p, _, _)| p == plan) {
            continue;
        }
        if let Some(doc) = store.plan_doc(plan)? {
            objectives.extend(
                doc.plan
                    .objectives
                    .into_iter()
                    .map(|o| (plan.clone(), o.id, o.text)),
            );
        }
    }
    let title = |plan: &str, who: &str| -> String {
        if who == "basis" {
            return tr("(basis: opening paragraphs)", "(căn cứ: phần mở đầu)").to_string();
        }
        if let Some(t) = titles.iter().find(|t| t.plan == plan && t.task == who) {
            return t.title.clone();
        }
        objectives
            .iter()
            .find(|(p, id, _)| p == plan && id == who)
            .map_or(String::new(), |(_, _, text)| {
                let first = crate::text::first_words(text, 12);
                format!("{} {first}", tr("(objective)", "(mục đích, yêu cầu)"))
            })
    };
    let mut rows = Listing::new(vec![
        Column::all("number", "Number"),
        Column::machine("key"),
        Column::machine("date"),
        Column::all("plan", "Plan"),
        Column::all("task", "Cited by"),
        Column::all("title", "Title"),
    ]);
    for d in &found {
        for (plan, who) in &d.citations {
            for w in who {
                rows.rows.push(vec![
                    Value::Text(d.number.clone()),
                    Value::Text(d.key.clone()),
                    Value::opt_date(d.date),
                    Value::Text(plan.clone()),
                    Value::Text(w.clone()),
                    Value::Text(title(plan, w)),
                ]);
            }
        }
    }
    match ctx.format {
        Format::Json => {
            let docs_json: Vec<serde_json::Value> = found
                .iter()
                .map(|d| {
                    let citations: Vec<serde_json::Value> = d
                        .citations
                        .iter()
                        .flat_map(|(plan, who)| who.iter().map(move |w| (plan, w)))
                        .map(|(plan, w)| json!({"plan": plan, "task": w, "title": title(plan, w)}))
                        .collect();
                    let p = d.parsed.as_ref();
                    json!({
                        "number": d.number,
                        "key": d.key,
                        "kind": d.kind,
                        "date": d.date.map(format_iso),
                        "issuer": d.issuer,
                        "subject": d.subject,
                        "system": p.map(|p| p.system.as_str()),
                        "year": d.year(),
                        "serial": p.map(|p| p.serial.clone()),
                        "code": p.and_then(|p| p.code.clone()),
                        "issuers": p.map(|p| p.issuers.clone()),
                        "effect": d.effect(ctx.as_of).as_str(),
                        "registry": d.registry,
                        "cited_by": d.cited_by(),
                        "citations": citations,
                    })
                })
                .collect();
            let value = if docs_json.len() == 1 {
                docs_json[0].clone()
            } else {
                serde_json::Value::Array(docs_json)
            };
            render::write_json(&value, &mut super::stdout(ctx))?;
        }
        Format::Table => {
            let mut out = super::stdout(ctx);
            for d in &found {
                let date = d
                    .date
                    .map(|x| format!(" ngày {}", format_vn(x)))
                    .unwrap_or_default();
                writeln!(out, "{} số {}{date} của {}", d.kind, d.number, d.issuer)?;
                if let Some(s) = &d.subject {
                    writeln!(out, "  {s}")?;
                }
                if let Some(p) = &d.parsed {
                    let year = p
                        .year
                        .map(|y| msg!(", year {y}", ", năm {y}"))
                        .unwrap_or_default();
                    let (key, serial) = (&p.key, &p.serial);
                    let code = p.code.as_deref().unwrap_or("-");
                    let issuers = p.issuers.join(" + ");
                    let line = match p.system {
                        docnum::System::State => msg!(
                            "  key {key} · state document · serial {serial}{year} · type {code} · issuer {issuers}",
                            "  khóa {key} · văn bản của Nhà nước · số {serial}{year} · mã loại {code} · cơ quan ban hành {issuers}"
                        ),
                        docnum::System::Party => msg!(
                            "  key {key} · party document · serial {serial}{year} · type {code} · issuer {issuers}",
                            "  khóa {key} · văn bản của Đảng · số {serial}{year} · mã loại {code} · cơ quan ban hành {issuers}"
                        ),
                    };
                    writeln!(out, "{line}")?;
                }
                let (date, effect) = (format_vn(ctx.as_of), effect_text(d, ctx.as_of));
                writeln!(
                    out,
                    "{}",
                    msg!(
                        "  effect as of {date}: {effect}",
                        "  hiệu lực tính đến ngày {date}: {effect}"
                    )
                )?;
            }
            drop(out);
            print(ctx, &rows)?;
        }
        _ => print(ctx, &rows)?,
    }
    Ok(Outcome::Clean)
}

fn effect_text(d: &Cited, on: NaiveDate) -> String {
    let Some(r) = &d.registry else {
        return tr(
            "not recorded in the registry",
            "chưa có trong danh mục văn bản",
        )
        .into();
    };
    let by = r
        .ceased_by
        .as_deref()
        .map(|b| msg!(" (by {b})", " (thay thế bởi {b})"))
        .unwrap_or_default();
    match d.effect(on) {
        Effect::Ceased => {
            let day = r.ceased_on.map(format_vn).unwrap_or_default();
            msg!("ceased on {day}{by}", "hết hiệu lực từ ngày {day}{by}")
        }
        Effect::NotYetInForce => {
            let day = r.in_force_from.map(format_vn).unwrap_or_default();
            msg!("in force from {day}", "có hiệu lực từ ngày {day}")
        }
        Effect::InForce => tr("in force", "còn hiệu lực").into(),
        Effect::Unknown => tr(
            "recorded, effect unknown",
            "có trong danh mục, chưa rõ hiệu lực",
        )
        .into(),
    }
}

/// `refs --check`: citations of documents not in force on the date, documents dated after the plan citing
/// them, and numbers a task's wording names that the plan or the task does not list.
fn check(ctx: &Context, store: &Store, plan: Option<&str>) -> Result<Outcome> {
    let registry = store.documents()?;
    let citations = store.citations(plan)?;
    let mut l = Listing::new(vec![
        Column::all("plan", "Plan"),
        Column::all("task", "Task"),
        Column::all("number", "Number"),
        Column::all("problem", "Problem"),
        Column::all("detail", "Detail"),
    ]);
    let mut push = |plan: &str, task: &str, number: &str, problem: &str, detail: String| {
        l.rows.push(vec![
            Value::Text(plan.into()),
            Value::Text(task.into()),
            Value::Text(number.into()),
            Value::Label(problem.into()),
            Value::Text(detail),
        ]);
    };
    for c in &citations {
        let r = &c.reference;
        let (key, _) = key_of(&r.number);
        let mut who: Vec<&str> = Vec::new();
        if r.basis {
            who.push("basis");
        }
        who.extend(c.objectives.iter().map(String::as_str));
        who.extend(c.tasks.iter().map(String::as_str));
        if let Some(doc) = registry_entry(&registry, &key, r.date) {
            let problem = match doc.effect(ctx.as_of) {
                Effect::Ceased => Some(("ceased", {
                    let (kind, number) = (&r.kind, &r.number);
                    let day = doc.ceased_on.map(format_vn).unwrap_or_default();
                    let by = doc
                        .ceased_by
                        .as_deref()
                        .map(|b| msg!(", replaced by {b}", ", được thay thế bởi {b}"))
                        .unwrap_or_default();
                    msg!(
                        "{kind} {number} ceased to have effect on {day}{by}",
                        "{kind} {number} hết hiệu lực từ ngày {day}{by}"
                    )
                })),
                Effect::NotYetInForce => Some(("not_yet_in_force", {
                    let (kind, number) = (&r.kind, &r.number);
                    let day = doc.in_force_from.map(format_vn).unwrap_or_default();
                    msg!(
                        "{kind} {number} is in force only from {day}",
                        "{kind} {number} chỉ có hiệu lực từ ngày {day}"
                    )
                })),
                Effect::InForce | Effect::Unknown => None,
            };
            if let Some((problem, detail)) = problem {
                for w in &who {
                    push(&c.plan, w, &r.number, problem, detail.clone());
                }
            }
        }
        if let (Some(doc_date), Some(issued)) = (r.date, c.plan_issued)
            && doc_date > issued
        {
            let (dated, issued) = (format_vn(doc_date), format_vn(issued));
            let detail = msg!(
                "dated {dated}, after the plan's own date {issued}",
                "ban hành ngày {dated}, sau ngày ban hành của chính kế hoạch {issued}"
            );
            push(
                &c.plan,
                who.first().copied().unwrap_or("basis"),
                &r.number,
                "dated_after_plan",
                detail,
            );
        }
    }
    for t in store.task_texts(plan)? {
        let plan_keys: Vec<(String, String)> = citations
            .iter()
            .filter(|c| c.plan == t.plan)
            .map(|c| (key_of(&c.reference.number).0, c.reference.number.clone()))
            .collect();
        let listed: Vec<String> = t.references.iter().map(|n| key_of(n).0).collect();
        for (_, found) in docnum::find_all(&t.text) {
            match plan_keys.iter().find(|(k, _)| *k == found.key) {
                None => push(&t.plan, &t.task, &found.text, "missing_from_plan", {
                    let cited = &found.text;
                    msg!(
                        "the task's wording cites {cited}, which is not in the plan's [[references]]",
                        "nội dung nhiệm vụ trích dẫn {cited}, văn bản này không có trong [[references]] của kế hoạch"
                    )
                }),
                Some((k, written)) if !listed.contains(k) => push(
                    &t.plan,
                    &t.task,
                    written,
                    "not_listed",
                    msg!(
                        "the task's wording cites {written}, but its `references` do not list it",
                        "nội dung nhiệm vụ trích dẫn {written}, nhưng `references` của nhiệm vụ chưa liệt kê văn bản này"
                    ),
                ),
                Some(_) => {}
            }
        }
    }
    if l.rows.is_empty() {
        if ctx.format == Format::Json {
            print(ctx, &l)?;
        }
        return Ok(Outcome::Clean);
    }
    let (n, date) = (l.rows.len(), format_vn(ctx.as_of));
    l.summary = Some(msg!(
        "{n} problem(s) with cited documents as of {date}",
        "{n} vấn đề về văn bản được trích dẫn tính đến ngày {date}"
    ));
    super::answer(Outcome::Found, print(ctx, &l))
}

/// The cited documents of one plan (or all plans) as a listing: the references sheet of an XLSX export.
pub fn listing_for(store: &Store, plan: Option<&str>, as_of: NaiveDate) -> Result<Listing> {
    let registry = store.documents()?;
    let docs = group(store.citations(plan)?, &registry);
    Ok(listing(&docs.iter().collect::<Vec<_>>(), as_of))
}
