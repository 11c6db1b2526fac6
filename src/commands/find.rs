//! `plan find TEXT`: tasks whose title, wording or cited documents match, without regard to case or
//! diacritics ("dan van kheo" finds "Dân vận khéo"). A document number matches any spelling of it.

use super::{check_plan, open_synced, print};
use crate::Outcome;
use crate::cli::FindArgs;
use crate::context::Context;
use crate::docnum;
use crate::error::Result;
use crate::render::{Column, Listing, Value};
use crate::text::{fold, fold_with_offsets};

/// Up to `width` characters of `text` around the byte range `at..end`, with an ellipsis where cut.
fn snippet(text: &str, at: usize, end: usize, width: usize) -> String {
    let before: Vec<char> = text[..at].chars().rev().take(width / 2).collect();
    let start = at - before.iter().map(|c| c.len_utf8()).sum::<usize>();
    let after: String = text[end..].chars().take(width / 2).collect();
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end + after.len() < text.len() {
        "…"
    } else {
        ""
    };
    format!("{lead}{}{after}{tail}", &text[start..end])
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first place `needle` (folded) occurs in `text`, as a snippet.
fn find_in(text: &str, needle: &str) -> Option<String> {
    let (folded, offsets) = fold_with_offsets(text);
    let at = folded.find(needle)?;
    Some(snippet(text, offsets[at], offsets[at + needle.len()], 70))
}

/// Runs `find`.
pub fn run(ctx: &Context, args: &crate::cli::FindArgs) -> Result<Outcome> {
    let FindArgs { text, plan } = args;
    let store = open_synced(ctx)?;
    check_plan(&store, plan.as_deref())?;
    let needle = fold(text);
    let number = docnum::parse(text);
    let citations = store.citations(plan.as_deref())?;
    let mut l = Listing::new(vec![
        Column::all("plan", "Plan"),
        Column::all("task", "Task"),
        Column::all("title", "Title"),
        Column::all("field", "Found in"),
        Column::all("match", "Match"),
    ]);
    for t in store.task_texts(plan.as_deref())? {
        let mut hits: Vec<(&str, String)> = Vec::new();
        if let Some(s) = find_in(&t.title, &needle) {
            hits.push(("title", s));
        }
        if let Some(s) = find_in(&t.text, &needle) {
            hits.push(("text", s));
        }
        for n in &t.references {
            let Some(c) = citations
                .iter()
                .find(|c| c.plan == t.plan && c.reference.number == *n)
            else {
                continue;
            };
            let r = &c.reference;
            let same_number = number
                .as_ref()
                .zip(docnum::parse(n))
                .is_some_and(|(q, p)| q.key == p.key);
            let described = format!(
                "{} {} {}",
                r.kind,
                r.issuer,
                r.subject.as_deref().unwrap_or("")
            );
            if same_number || (hits.is_empty() && fold(&described).contains(&needle)) {
                hits.push((
                    "reference",
                    format!("{} số {} của {}", r.kind, r.number, r.issuer),
                ));
            }
        }
        if number.is_some() && !hits.iter().any(|(f, _)| *f == "reference") {
            // The wording may name the document in another spelling than the one searched for.
            let q = number.as_ref().map(|q| q.key.clone()).unwrap_or_default();
            if let Some((range, _)) = docnum::find_all(&t.text)
                .into_iter()
                .find(|(_, d)| d.key == q)
                && !hits.iter().any(|(f, _)| *f == "text")
            {
                hits.push(("text", snippet(&t.text, range.start, range.end, 70)));
            }
        }
        for (field, m) in hits {
            l.rows.push(vec![
                Value::Text(t.plan.clone()),
                Value::Text(t.task.clone()),
                Value::Text(t.title.clone()),
                Value::Label(field.into()),
                Value::Text(m),
            ]);
        }
    }
    let found = !l.rows.is_empty();
    let n = l.rows.len();
    l.summary = Some(crate::msg!(
        "{n} match(es) for \"{text}\"",
        "{n} kết quả khớp với \"{text}\""
    ));
    let outcome = if found {
        Outcome::Clean
    } else {
        Outcome::Found
    };
    super::answer(outcome, print(ctx, &l))
}
