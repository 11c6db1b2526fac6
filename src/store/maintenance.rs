//! Keeping the store sound: a consistency check, and consistent copies taken while others write — the parts
//! that read the same on every backend; each backend adds its database's own checks and copies.

use super::sql::{Db, SqlResult, Value, params};
use super::{Backend, ChainBreak, Link, Problem, Result, Store};
use std::path::Path;

/// Consistency queries: each returns one row per problem, described for people.
const CHECKS: &[(Link, &str)] = &[
    (
        Link::UnitUnknown,
        "SELECT t.plan_id || '/' || t.id || ': ' || tu.unit_id FROM task_units tu JOIN tasks t ON t.rid = tu.task_rid
         WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.plan_id = t.plan_id AND u.id = tu.unit_id)",
    ),
    (
        Link::MemberUnknown,
        "SELECT t.plan_id || '/' || t.id || ': ' || tm.member_id FROM task_members tm JOIN tasks t ON t.rid = tm.task_rid
         WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.plan_id = t.plan_id AND u.id = tm.member_id)",
    ),
    (
        Link::ReferenceUnknown,
        "SELECT t.plan_id || '/' || t.id || ': ' || tr.number FROM task_refs tr JOIN tasks t ON t.rid = tr.task_rid
         WHERE NOT EXISTS (SELECT 1 FROM refs r WHERE r.plan_id = t.plan_id AND r.number = tr.number)",
    ),
    (
        Link::EventTaskUnknown,
        "SELECT 'event ' || e.id FROM events e WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.rid = e.task_rid)",
    ),
    (
        Link::EventDeadlineUnknown,
        "SELECT 'event ' || e.id || ' (' || t.plan_id || '/' || t.id || ', ' || e.deadline_key || ')' FROM events e
         JOIN tasks t ON t.rid = e.task_rid
         WHERE e.deadline_key IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.task_rid = e.task_rid AND d.history_key = e.deadline_key)",
    ),
    (
        Link::RetractsOtherTask,
        "SELECT 'event ' || e.id FROM events e JOIN events x ON x.id = e.retracts WHERE x.task_rid <> e.task_rid",
    ),
    (
        Link::RetractsLater,
        "SELECT 'event ' || id FROM events WHERE retracts IS NOT NULL AND retracts >= id",
    ),
    (
        Link::RetractsRetraction,
        "SELECT 'event ' || e.id FROM events e JOIN events x ON x.id = e.retracts WHERE x.kind = 'retract'",
    ),
    (
        Link::RetractedTwice,
        "SELECT 'event ' || retracts FROM events WHERE retracts IS NOT NULL GROUP BY retracts HAVING count(*) > 1",
    ),
    (
        Link::RetractionTarget,
        "SELECT 'event ' || id FROM events WHERE (kind = 'retract') <> (retracts IS NOT NULL)",
    ),
    (
        Link::RetractsMissing,
        "SELECT 'event ' || e.id FROM events e WHERE e.retracts IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM events x WHERE x.id = e.retracts)",
    ),
    (
        Link::OccurrenceOrphan,
        "SELECT o.deadline_rid || ' ' || o.period FROM occurrences o
         WHERE NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.rid = o.deadline_rid)",
    ),
    (
        Link::DeadlineOrphan,
        "SELECT d.rid || ' ' || d.key FROM deadlines d WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.rid = d.task_rid)",
    ),
    (
        Link::SummaryMissing,
        "SELECT DISTINCT t.plan_id || '/' || t.id || ' ' || coalesce(e.deadline_key, '') || ' ' || coalesce(e.period, '')
         FROM events e JOIN tasks t ON t.rid = e.task_rid
         WHERE e.kind <> 'retract' AND NOT EXISTS (SELECT 1 FROM progress p WHERE p.task_rid = e.task_rid
               AND p.deadline_key = coalesce(e.deadline_key, '') AND p.period = coalesce(e.period, '')
               AND p.member = coalesce(e.member, ''))
           AND (e.member IS NULL OR EXISTS (SELECT 1 FROM task_members tm WHERE tm.task_rid = e.task_rid
               AND tm.member_id = e.member))",
    ),
];

/// What `plan check` found.
#[derive(Debug, Default)]
pub struct Checkup {
    /// Each problem.
    pub problems: Vec<Problem>,
    /// The number of events in the history.
    pub events: usize,
    /// The newest hash of the history (see `store::chain`), when it has events.
    pub head: Option<String>,
}

/// What a store made by `plan backup` records of its moment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snapshot {
    /// When the copy was made (RFC 3339).
    pub at: String,
    /// The store it was copied from.
    pub of: String,
}

impl Store {
    /// The moment this store was copied at, when it is a copy made by `plan backup`: nothing is synced or
    /// recorded into such a store.
    pub fn snapshot(&self) -> Result<Option<Snapshot>> {
        let get = |key: &str| {
            self.db().opt_row(
                "SELECT value FROM meta WHERE key = ?1",
                &params![key],
                |r| r.get::<_, String>(0),
            )
        };
        let at = get("snapshot_at").map_err(self.sql())?;
        let of = get("snapshot_of").map_err(self.sql())?;
        Ok(at.zip(of).map(|(at, of)| Snapshot { at, of }))
    }

    /// Every problem found: the database's own checks (integrity, foreign keys, the append-only guards), the
    /// links between plans, tasks, deadlines and events, the hash chain of the history, the values of every
    /// event, and the summaries, refolded from the events and compared. No problem when the store is sound.
    pub fn check(&self) -> Result<Checkup> {
        // One read transaction: every check sees the same store, even while others write.
        let db = self.db();
        db.batch(db.dialect().begin_read()).map_err(self.sql())?;
        let checked = self.check_all();
        let _ = db.batch("COMMIT");
        checked
    }

    fn check_all(&self) -> Result<Checkup> {
        let mut problems = match &self.backend {
            Backend::Sqlite(conn) => super::sqlite::maintenance::integrity(conn),
            Backend::Postgres(client) => super::postgres::integrity(client),
        }
        .map_err(self.sql())?;
        problems.extend(links(self.db()).map_err(self.sql())?);
        problems.extend(values(self.db()).map_err(self.sql())?);
        use super::chain::{Break, EVENT_DATES, EVENTS};
        let word = |b: &Break| match b {
            Break::Unhashed => ChainBreak::Unhashed,
            Break::Mismatch => ChainBreak::Mismatch,
            Break::Orphan => ChainBreak::Orphan,
            Break::Head => ChainBreak::Head,
        };
        let chain = super::chain::verify(self.db(), &EVENTS).map_err(self.sql())?;
        for (id, b) in &chain.breaks {
            problems.push(Problem::Chain(*id, word(b)));
        }
        let dates = super::chain::verify(self.db(), &EVENT_DATES).map_err(self.sql())?;
        for (id, b) in &dates.breaks {
            problems.push(Problem::DateChain(*id, word(b)));
        }
        problems.extend(super::events::orphans(self.db()).map_err(self.sql())?);
        let unfounded = super::stream::unfounded_summaries(self.db()).map_err(self.sql())?;
        problems.extend(unfounded.into_iter().map(Problem::Unfounded));
        Ok(Checkup {
            problems,
            events: chain.events,
            head: chain.head,
        })
    }

    /// Copies the whole store into `tmp` (an empty file) as a SQLite store: a consistent copy even while
    /// others write. With `snapshot`, the copy records that moment (see [`Store::snapshot`]).
    pub fn backup_into(&self, tmp: &Path, snapshot: Option<&str>) -> Result<()> {
        let of = self.location.to_string();
        match &self.backend {
            Backend::Sqlite(conn) => {
                super::sqlite::maintenance::backup_into(conn, tmp, snapshot, &of)
            }
            Backend::Postgres(_) => {
                let to = super::sqlite::create_empty(tmp)?;
                let db = self.db();
                db.batch(db.dialect().begin_read()).map_err(self.sql())?;
                let copied = copy_rows(db, &to, snapshot.map(|at| (at, of.as_str())));
                let _ = db.batch("COMMIT");
                copied.map_err(|e| super::sqlite::failure_of(tmp, e))
            }
        }
    }

    /// Makes a store in `tmp` (an empty file) from a copy made by `plan backup`: its content, without the mark
    /// of a snapshot.
    pub fn restore_into(&self, tmp: &Path) -> Result<()> {
        match &self.backend {
            Backend::Sqlite(conn) => super::sqlite::maintenance::restore_into(conn, tmp),
            Backend::Postgres(_) => unreachable!("a copy to restore is a SQLite file"),
        }
    }

    /// Copies this store whole into `to`, an empty store of this version on another backend (how an office
    /// moves to a shared store): one transaction on each side, all or nothing.
    pub fn copy_into(&self, to: &Store) -> Result<()> {
        let from = self.db();
        from.batch(from.dialect().begin_read())
            .map_err(self.sql())?;
        let copied = to.write(|db| {
            if !is_empty(db).map_err(to.sql())? {
                return Err(super::StoreError::Refused(super::Refusal::NotEmpty(
                    to.location.clone(),
                )));
            }
            copy_rows(from, db, None).map_err(to.sql())
        });
        let _ = from.batch("COMMIT");
        copied
    }
}

/// The tables of a store, parents before children, each with its columns: what a copy between backends
/// carries, row for row.
pub const TABLES: &[(&str, &str)] = &[
    ("meta", "key, value"),
    (
        "plans",
        "id, title, issuer, year, province, number, issued, coordinator, preamble, closing, signer, file, \
         content_hash, file_size, file_mtime, loaded_at, owner",
    ),
    ("recipients", "plan_id, seq, name, role, unit_id"),
    (
        "units",
        "plan_id, id, seq, name, aliases, external, members, origin",
    ),
    (
        "refs",
        "plan_id, number, seq, kind, date, issuer, subject, basis",
    ),
    ("objectives", "plan_id, id, seq, text, refs"),
    (
        "tasks",
        "rid, plan_id, id, seq, section, title, text, withdrawn, withdrawn_on, withdrawn_by",
    ),
    ("task_units", "task_rid, role, seq, unit_id"),
    ("task_refs", "task_rid, seq, number"),
    ("task_members", "task_rid, seq, member_id"),
    (
        "deadlines",
        "rid, task_rid, key, seq, wording, every, withdrawn, withdrawn_on, withdrawn_by, history_key, reckoning",
    ),
    (
        "occurrences",
        "deadline_rid, period, due, last_day, rule, assumed, amended_on, amended_by, earliest_last_day, event_on",
    ),
    (
        "amendments",
        "deadline_rid, seq, on_date, by_doc, period, due, rule, day",
    ),
    (
        "occurrence_versions",
        "deadline_rid, period, effective_from, due, last_day, rule, assumed, amended_by, event_on",
    ),
    (
        "events",
        "id, task_rid, deadline_key, period, kind, on_date, by_unit, progress, note, evidence, retracts, \
         recorded_at, member",
    ),
    ("event_hashes", "event_id, hash"),
    ("plan_events", "plan_id, id, seq, name, date"),
    (
        "event_dates",
        "id, plan_id, event_id, on_date, since, evidence, note, recorded_at, recorded_by, retracts",
    ),
    ("event_date_hashes", "record_id, hash"),
    (
        "progress",
        "task_rid, deadline_key, period, member, done_on, evidence, percent, note, blocked, first_on, last_on",
    ),
    (
        "revisions",
        "plan_id, n, content_hash, file, loaded_at, source, changes, loaded_by",
    ),
    (
        "registry_files",
        "file, content_hash, file_size, file_mtime, loaded_at, office, calendar",
    ),
    (
        "documents",
        "rid, file, seq, key, number, kind, title, issuer, date, in_force_from, ceased_on, ceased_by, source",
    ),
    (
        "org_units",
        "file, seq, id, name, aliases, members, external, source",
    ),
];

/// Whether a store holds nothing but its own facts.
fn is_empty(db: &dyn Db) -> SqlResult<bool> {
    for (table, _) in TABLES.iter().filter(|(t, _)| *t != "meta") {
        let any: bool = db.value(&format!("SELECT EXISTS (SELECT 1 FROM {table})"), &[])?;
        if any {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Copies every row of every table from one store into another of the same version, value for value (so the
/// history's hashes hold in the copy), then the snapshot's mark when there is one.
fn copy_rows(from: &dyn Db, to: &dyn Db, snapshot: Option<(&str, &str)>) -> SqlResult<()> {
    for (table, columns) in TABLES {
        let n = columns.split(',').count();
        let marks: Vec<String> = (1..=n).map(|i| format!("?{i}")).collect();
        let insert = format!(
            "INSERT INTO {table} ({columns}) VALUES ({}) ON CONFLICT DO NOTHING",
            marks.join(", ")
        );
        // A copy is never marked a snapshot by the store it was copied from: only by `snapshot` below.
        let only = match *table {
            "meta" => " WHERE key NOT IN ('snapshot_at', 'snapshot_of')",
            _ => "",
        };
        from.each(
            &format!("SELECT {columns} FROM {table}{only}"),
            &[],
            &mut |r| {
                to.exec(&insert, &r.0)?;
                Ok(true)
            },
        )?;
    }
    if let Some((at, of)) = snapshot {
        for (key, value) in [("snapshot_at", at), ("snapshot_of", of)] {
            to.exec(
                "INSERT INTO meta (key, value) VALUES (?1, ?2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                &params![key, value],
            )?;
        }
    }
    to.batch(match to.dialect() {
        super::sql::Dialect::Sqlite => "",
        super::sql::Dialect::Postgres => super::postgres::RESET_SEQUENCES,
    })
}

/// The links between plans, tasks, deadlines and events.
fn links(db: &dyn Db) -> SqlResult<Vec<Problem>> {
    let mut problems = Vec::new();
    for (what, sql) in CHECKS {
        let rows: Vec<String> = db.rows(sql, &[], |r| r.get(0))?;
        problems.extend(rows.into_iter().map(|r| Problem::Link(*what, r)));
    }
    Ok(problems)
}

/// Every event's values as `plan` writes them: a kind it knows, real dates, a percent from 0 to 100.
fn values(db: &dyn Db) -> SqlResult<Vec<Problem>> {
    let mut problems = Vec::new();
    let sql = "SELECT id, kind, on_date, recorded_at, progress FROM events ORDER BY id";
    db.each(sql, &[], &mut |r| {
        let id: i64 = r.get(0)?;
        let text = |i| r.get::<_, String>(i).ok();
        let kind = text(1).and_then(|k| crate::domain::EventKind::parse(&k));
        if kind.is_none() {
            problems.push(Problem::EventKind(id));
        }
        if text(2).and_then(|d| crate::date::parse_iso(&d)).is_none() {
            problems.push(Problem::EventDate(id));
        }
        if text(3).is_none_or(|t| chrono::DateTime::parse_from_rfc3339(&t).is_err()) {
            problems.push(Problem::EventTime(id));
        }
        let valid = match r.value(4) {
            Value::Null => true,
            Value::Int(n) => (0..=100).contains(n),
            _ => false,
        };
        if !valid {
            problems.push(Problem::EventPercent(id));
        }
        Ok(true)
    })?;
    Ok(problems)
}
