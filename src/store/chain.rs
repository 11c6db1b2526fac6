//! The history's tamper evidence: every event has a hash of itself and of the hash before it, so that an
//! event edited or removed by hand (with the append-only triggers dropped) breaks the chain from there on,
//! and `plan check` says where.
//!
//! The rule this module keeps: the hash of an event is SHA-256 over the hash before it and every column of
//! the event as stored, each length-prefixed, so no two different histories hash alike. This definition is
//! frozen: a change to it would make every existing chain fail to verify. The newest hash is also kept in
//! `meta` (`events_head`), so that removing the newest events is seen too. What no hash can show is a
//! history rewritten whole by someone who recomputes every hash: the newest hash, which `plan check`
//! prints, is what an office writes down (in a signed report) to be able to tell later.

use super::sql::{Db, Row, SqlResult, Value, params};
use sha2::{Digest, Sha256};

/// One append-only table and the chain of hashes over its rows.
pub struct Chain {
    /// The table of the rows.
    table: &'static str,
    /// The columns a row's hash covers, in order; the first is its number.
    columns: &'static str,
    /// How many.
    count: usize,
    /// The table of the hashes, and its column naming the row.
    hashes: &'static str,
    key: &'static str,
    /// The `meta` key of the newest hash.
    head: &'static str,
}

/// The progress history: the definition frozen since migration 6.
pub const EVENTS: Chain = Chain {
    table: "events",
    columns: "id, task_rid, deadline_key, period, kind, on_date, by_unit, progress, note, evidence, \
              retracts, recorded_at, member",
    count: 13,
    hashes: "event_hashes",
    key: "event_id",
    head: "events_head",
};

/// The dates recorded for events (migration 10), chained the same way on their own.
pub const EVENT_DATES: Chain = Chain {
    table: "event_dates",
    columns: "id, plan_id, event_id, on_date, since, evidence, note, recorded_at, recorded_by, retracts",
    count: 10,
    hashes: "event_date_hashes",
    key: "record_id",
    head: "event_dates_head",
};

/// The hash of the row in `row` (the chain's columns, as stored), chained to `prev`.
fn link(prev: &str, row: &Row, count: usize) -> SqlResult<String> {
    let mut h = Sha256::new();
    h.update(prev.as_bytes());
    for i in 0..count {
        match row.value(i) {
            Value::Null => h.update(b"N"),
            Value::Int(n) => h.update(format!("I{n};")),
            Value::Real(f) => h.update(format!("R{f:e};")),
            Value::Text(t) => {
                h.update(format!("T{}:", t.len()));
                h.update(t);
            }
            Value::Bytes(b) => {
                h.update(format!("B{}:", b.len()));
                h.update(b);
            }
        }
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Appends the hash of row `id` (just inserted, in the caller's transaction) and makes it the newest.
pub fn append(tx: &dyn Db, chain: &Chain, id: i64) -> SqlResult<()> {
    let Chain {
        table,
        columns,
        count,
        hashes,
        key,
        head,
    } = chain;
    let prev: String = tx
        .opt_row(
            &format!("SELECT hash FROM {hashes} WHERE {key} < ?1 ORDER BY {key} DESC LIMIT 1"),
            &params![id],
            |r| r.get(0),
        )?
        .unwrap_or_default();
    let hash = tx.row(
        &format!("SELECT {columns} FROM {table} WHERE id = ?1"),
        &params![id],
        |r| link(&prev, r, *count),
    )?;
    tx.exec(
        &format!("INSERT INTO {hashes} ({key}, hash) VALUES (?1, ?2)"),
        &params![id, hash],
    )?;
    tx.exec(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = ?2",
        &params![*head, format!("{id} {hash}")],
    )?;
    Ok(())
}

/// What verifying the chain found.
#[derive(Debug, Default)]
pub struct Verified {
    /// The number of events.
    pub events: usize,
    /// The newest hash, when there are events.
    pub head: Option<String>,
    /// Each break of the chain: the event where it breaks, and how.
    pub breaks: Vec<(i64, Break)>,
}

/// How the chain breaks at an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Break {
    /// The event has no hash.
    Unhashed,
    /// Its hash is not that of its content and the hash before it: it (or one before it) was changed, or an
    /// event before it was removed.
    Mismatch,
    /// A hash is kept for an event that is not there.
    Orphan,
    /// The newest hash kept in `meta` is not the newest event's: events were removed from the end, or added
    /// outside `plan`.
    Head,
}

/// Recomputes every hash and compares it with the one kept.
pub fn verify(conn: &dyn Db, chain: &Chain) -> SqlResult<Verified> {
    let Chain {
        table,
        columns,
        count,
        hashes,
        key,
        head,
    } = chain;
    let mut out = Verified::default();
    let st = &format!(
        "SELECT {columns}, h.hash FROM {table} e LEFT JOIN {hashes} h ON h.{key} = e.id ORDER BY e.id"
    );
    let mut prev = String::new();
    let mut last = None;
    conn.each(st, &[], &mut |r| {
        let id: i64 = r.get(0)?;
        let kept: Option<String> = r.get(*count)?;
        let computed = link(&prev, &r, *count)?;
        match &kept {
            None => out.breaks.push((id, Break::Unhashed)),
            Some(k) if *k != computed => out.breaks.push((id, Break::Mismatch)),
            Some(_) => {}
        }
        out.events += 1;
        // The chain goes on from the hash kept: one event edited is one break, not a break at every later one.
        prev = kept.unwrap_or(computed);
        last = Some(id);
        Ok(true)
    })?;
    out.head = last.map(|_| prev.clone());
    let st = format!(
        "SELECT {key} FROM {hashes} h WHERE NOT EXISTS (SELECT 1 FROM {table} e WHERE e.id = h.{key})"
    );
    for id in conn.rows(&st, &[], |r| r.get::<_, i64>(0))? {
        out.breaks.push((id, Break::Orphan));
    }
    let head: Option<String> = conn.opt_row(
        "SELECT value FROM meta WHERE key = ?1",
        &params![*head],
        |r| r.get(0),
    )?;
    let expected = last.map(|id| format!("{id} {prev}"));
    if head != expected {
        let at = head
            .as_deref()
            .and_then(|h| h.split(' ').next())
            .and_then(|n| n.parse().ok())
            .or(last)
            .unwrap_or(0);
        out.breaks.push((at, Break::Head));
    }
    Ok(out)
}
