//! `plan find TEXT`: everything a plan holds that matches, without regard to case, diacritics or punctuation
//! ("bao cao quy" finds "báo cáo UBND tỉnh hàng quý"): task titles and wording, objectives, the preamble and
//! closing, cited documents, and the notes and evidence of the history. Every word must occur, in any order;
//! the whole phrase, in order, ranks first. A document number matches any spelling of it.

use super::{check_plan, open_synced, print};
use crate::Outcome;
use crate::cli::FindArgs;
use crate::context::Context;
use crate::docnum::{self, DocNumber};
use crate::error::Result;
use crate::render::{Column, Listing, Value};
use crate::store::Store;
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

/// The words of folded text: runs of letters and digits, as byte ranges.
fn words(folded: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in folded.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..folded.len());
    }
    out
}

/// What was asked: its words, folded, and the document number when the whole text is one.
struct Query {
    words: Vec<String>,
    number: Option<DocNumber>,
}

impl Query {
    fn new(text: &str) -> Query {
        let folded = fold(text);
        Query {
            words: words(&folded)
                .into_iter()
                .map(|r| folded[r].to_string())
                .collect(),
            number: docnum::parse(text.trim()),
        }
    }
}

/// How well a text matched: the whole phrase in order, then every word within a few words of each other,
/// then every word somewhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Rank {
    Phrase,
    Near,
    Words,
}

/// How many words apart the words of a query may be and still count as near each other.
const NEAR: usize = 8;

/// Whether `text` holds every word of the query, and where to show it: at the phrase, else at the first word.
fn matches(text: &str, q: &Query) -> Option<(Rank, String)> {
    if q.words.is_empty() {
        return None;
    }
    let (folded, offsets) = fold_with_offsets(text);
    let found = words(&folded);
    let word = |r: &std::ops::Range<usize>| &folded[r.clone()];
    let n = q.words.len();
    let show = |from: &std::ops::Range<usize>, to: &std::ops::Range<usize>| {
        snippet(text, offsets[from.start], offsets[to.end], 70)
    };
    if let Some(i) = (0..found.len().saturating_sub(n - 1))
        .find(|&i| (0..n).all(|k| word(&found[i + k]) == q.words[k]))
    {
        return Some((Rank::Phrase, show(&found[i], &found[i + n - 1])));
    }
    if !q.words.iter().all(|w| found.iter().any(|r| word(r) == w)) {
        return None;
    }
    for i in (0..found.len()).filter(|&i| q.words.iter().any(|w| word(&found[i]) == w)) {
        let window = &found[i..(i + NEAR).min(found.len())];
        let mut missing: Vec<&String> = q.words.iter().collect();
        for (k, r) in window.iter().enumerate() {
            missing.retain(|w| word(r) != w.as_str());
            if missing.is_empty() {
                return Some((Rank::Near, show(&found[i], &window[k])));
            }
        }
    }
    let first = found.iter().find(|r| word(r) == q.words[0])?;
    Some((Rank::Words, show(first, first)))
}

/// One thing found: where, and what it says there.
struct Hit {
    rank: Rank,
    plan: String,
    /// The task or objective id; empty for the plan's own texts.
    task: String,
    title: String,
    field: &'static str,
    shown: String,
}

/// Runs `find`.
pub fn run(ctx: &Context, args: &crate::cli::FindArgs) -> Result<Outcome> {
    let FindArgs { text, plan } = args;
    let store = open_synced(ctx)?;
    check_plan(&store, plan.as_deref())?;
    let q = Query::new(text);
    let mut hits = Vec::new();
    tasks(&store, plan.as_deref(), &q, &mut hits)?;
    plan_texts(&store, plan.as_deref(), &q, &mut hits)?;
    history(&store, plan.as_deref(), &q, &mut hits)?;
    // Whole phrases first; otherwise in plan order, as found.
    hits.sort_by_key(|h| h.rank);
    let mut l = Listing::new(vec![
        Column::all("plan", "Plan"),
        Column::all("task", "Task"),
        Column::all("title", "Title"),
        Column::all("field", "Found in"),
        Column::all("match", "Match"),
    ]);
    for h in hits {
        l.rows.push(vec![
            Value::Text(h.plan),
            Value::Text(h.task),
            Value::Text(h.title),
            Value::Label(h.field.into()),
            Value::Text(h.shown),
        ]);
    }
    let n = l.rows.len();
    let matches = crate::i18n::count(n, "match", "matches");
    l.summary = Some(crate::msg!(
        "{matches} for \"{text}\"",
        "{n} kết quả khớp với \"{text}\""
    ));
    let outcome = if n > 0 {
        Outcome::Clean
    } else {
        Outcome::Found
    };
    super::answer(outcome, print(ctx, &l))
}

/// Whether a number written in a plan is the document asked for.
fn same_number(q: &Query, written: &str) -> bool {
    q.number
        .as_ref()
        .zip(docnum::parse(written))
        .is_some_and(|(a, b)| a.key == b.key)
}

/// Where the wording of a text names the document asked for, in any spelling.
fn names_number(text: &str, q: &Query) -> Option<String> {
    let key = &q.number.as_ref()?.key;
    let (range, _) = docnum::find_all(text)
        .into_iter()
        .find(|(_, d)| d.key == *key)?;
    Some(snippet(text, range.start, range.end, 70))
}

/// Titles, wording and cited documents of tasks.
fn tasks(store: &Store, plan: Option<&str>, q: &Query, hits: &mut Vec<Hit>) -> Result<()> {
    let citations = store.citations(plan)?;
    for t in store.task_texts(plan)? {
        let mut hit = |rank, field, shown| {
            hits.push(Hit {
                rank,
                plan: t.plan.clone(),
                task: t.task.clone(),
                title: t.title.clone(),
                field,
                shown,
            })
        };
        if let Some((rank, s)) = matches(&t.title, q) {
            hit(rank, "title", s);
        }
        match matches(&t.text, q) {
            Some((rank, s)) => hit(rank, "text", s),
            None => {
                if let Some(s) = names_number(&t.text, q) {
                    hit(Rank::Phrase, "text", s);
                }
            }
        }
        for n in &t.references {
            let Some(c) = citations
                .iter()
                .find(|c| c.plan == t.plan && c.reference.number == *n)
            else {
                continue;
            };
            let r = &c.reference;
            let shown = format!("{} số {} của {}", r.kind, r.number, r.issuer);
            let described = format!("{shown} {}", r.subject.as_deref().unwrap_or(""));
            if same_number(q, n) {
                hit(Rank::Phrase, "reference", shown);
            } else if let Some((rank, _)) = matches(&described, q) {
                hit(rank, "reference", shown);
            }
        }
    }
    Ok(())
}

/// What a plan holds outside its tasks: objectives, the preamble (with the documents it cites) and the closing.
fn plan_texts(store: &Store, plan: Option<&str>, q: &Query, hits: &mut Vec<Hit>) -> Result<()> {
    let ids = match plan {
        Some(p) => vec![p.to_string()],
        None => store.plan_ids()?,
    };
    for id in ids {
        let Some(doc) = store.plan_doc(&id)? else {
            continue;
        };
        let p = doc.plan;
        let mut hit = |rank, task: &str, field, shown| {
            hits.push(Hit {
                rank,
                plan: p.id.clone(),
                task: task.to_string(),
                title: String::new(),
                field,
                shown,
            })
        };
        for o in &p.objectives {
            let found = matches(&o.text, q).or_else(|| {
                let cites = o.references.iter().any(|n| same_number(q, n));
                names_number(&o.text, q)
                    .or_else(|| cites.then(|| snippet(&o.text, 0, 0, 70)))
                    .map(|s| (Rank::Phrase, s))
            });
            if let Some((rank, s)) = found {
                hit(rank, &o.id, "objective", s);
            }
        }
        if let Some(pre) = &p.preamble
            && let Some((rank, s)) =
                matches(pre, q).or_else(|| names_number(pre, q).map(|s| (Rank::Phrase, s)))
        {
            hit(rank, "", "preamble", s);
        }
        for c in &p.closing {
            if let Some((rank, s)) = matches(c, q) {
                hit(rank, "", "closing", s);
            }
        }
        for r in p.references.iter().filter(|r| r.basis) {
            let shown = format!("{} số {} của {}", r.kind, r.number, r.issuer);
            if same_number(q, &r.number)
                && !hits.iter().any(|h| h.plan == p.id && h.field == "preamble")
            {
                hits.push(Hit {
                    rank: Rank::Phrase,
                    plan: p.id.clone(),
                    task: String::new(),
                    title: String::new(),
                    field: "reference",
                    shown,
                });
            }
        }
    }
    Ok(())
}

/// Notes and evidence recorded in the history.
fn history(store: &Store, plan: Option<&str>, q: &Query, hits: &mut Vec<Hit>) -> Result<()> {
    for e in store.history(plan, None)? {
        for (field, text) in [("note", &e.note), ("evidence", &e.evidence)] {
            let Some(text) = text else { continue };
            let found =
                matches(text, q).or_else(|| names_number(text, q).map(|s| (Rank::Phrase, s)));
            if let Some((rank, s)) = found {
                hits.push(Hit {
                    rank,
                    plan: e.plan.clone(),
                    task: e.task.clone(),
                    title: String::new(),
                    field,
                    shown: s,
                });
            }
        }
    }
    Ok(())
}
