//! Writing validated plan and registry files into the store: add new ones, update changed ones, skip
//! unchanged files — inside one transaction that the caller opens, reads through, and commits or drops.
//!
//! The rules this module keeps:
//! - A load is one transaction ([`LoadTx`]): the command reads what the store answers before and after it and
//!   decides whether to commit; dropping it changes nothing.
//! - A task or deadline that leaves its file is kept, withdrawn, only when it has history; without any it is
//!   deleted, so that an edit reverted leaves no ghost row.
//! - A deadline's history follows it through a rename (`renamed_from`): its events stay recorded under the
//!   key it first had (`history_key`). A deadline with history that disappears while its task gains a new
//!   key is refused, with the two ways to keep it.
//! - Every load that changes a plan adds a revision: hash, time, file, text and what changed in its terms.

use super::Refusal;
use super::sql::{Db, SqlError, SqlResult, params};
use super::{Result, Store, StoreError};
use crate::date::format_iso;
use crate::domain::revision::{self, Change, DeadlineShape, Shape, TaskShape};
use crate::domain::source::{Content, PlanFile, Registry};
use crate::domain::{
    Amendment, Document, Occurrence, Period, Plan, Rule, Schedule, Task, Unit, Withdrawal,
};
use std::collections::HashMap;
use std::path::PathBuf;

/// A validated plan file with the facts the store keeps about the file itself.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The validated plan and its hash; `file.path` is absolute.
    pub file: PlanFile,
    /// Size in bytes.
    pub size: i64,
    /// Modification time, nanoseconds since the epoch.
    pub mtime: i64,
}

/// What a load did to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// A plan not in the store before.
    Added,
    /// A changed plan: how many tasks left its file and were kept withdrawn (they have history) or removed.
    Updated {
        /// Tasks no longer in the file, kept withdrawn with their history.
        withdrawn: usize,
        /// Tasks no longer in the file and without history, removed.
        removed: usize,
    },
    /// The file's content is what was loaded before.
    Unchanged,
}

/// Who loads, and when: kept with each revision; the first loader of a plan is its owner.
#[derive(Debug, Clone, Copy)]
pub struct Loader<'a> {
    /// When (RFC 3339).
    pub at: &'a str,
    /// Who: the account that ran the load (the database role, on a shared store).
    pub by: &'a str,
}

/// The outcome for one file.
#[derive(Debug, Clone)]
pub struct LoadOutcome {
    /// What the file holds.
    pub holds: super::Holds,
    /// The plan it holds.
    pub plan: Option<String>,
    /// The file it came from.
    pub file: PathBuf,
    /// What happened.
    pub loaded: Loaded,
    /// What the new revision changes in the plan's terms.
    pub changes: Vec<Change>,
    /// Whether it was a registry that changed (the members of units may have changed in every plan).
    pub registry_changed: bool,
}

/// A load in progress: one IMMEDIATE transaction. Reads through [`LoadTx::store`] see what it has written so
/// far; [`LoadTx::commit`] keeps it, and dropping it keeps nothing.
pub struct LoadTx<'s> {
    store: &'s Store,
    open: bool,
}

impl Store {
    /// Starts a load: takes the write lock, so that what is read now stays true until the commit.
    pub fn begin_load(&self) -> Result<LoadTx<'_>> {
        let db = self.db();
        if let Err(e) = db.batch(db.dialect().begin_write()) {
            let _ = db.batch("ROLLBACK");
            return Err(self.sql()(e));
        }
        Ok(LoadTx {
            store: self,
            open: true,
        })
    }
}

impl Drop for LoadTx<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.store.db().batch("ROLLBACK");
        }
    }
}

enum LoadError {
    Sql(SqlError),
    Refused(super::Refusal),
}

impl From<SqlError> for LoadError {
    fn from(e: SqlError) -> Self {
        LoadError::Sql(e)
    }
}

type LoadResult<T> = std::result::Result<T, LoadError>;

impl LoadTx<'_> {
    /// The store as the load has left it so far.
    pub fn store(&self) -> &Store {
        self.store
    }

    /// Keeps what the load wrote.
    pub fn commit(mut self) -> Result<()> {
        self.open = false;
        self.store.db().batch("COMMIT").map_err(self.store.sql())
    }

    /// What loading this file would change in the terms of its plan, when it is a plan already loaded with other
    /// content (`None` otherwise): see [`revision::diff`].
    pub fn changes(&self, f: &SourceFile) -> Result<Option<Vec<Change>>> {
        let Some(plan) = f.file.plan() else {
            return Ok(None);
        };
        let conn = self.store.db();
        let hash: Option<String> = conn
            .opt_row(
                "SELECT content_hash FROM plans WHERE id = ?1",
                &params![plan.id],
                |r| r.get(0),
            )
            .map_err(self.store.sql())?;
        match hash {
            Some(h) if h != f.file.hash => {
                let old = read_shape(conn, &plan.id).map_err(self.store.sql())?;
                Ok(Some(revision::diff(&old, &Shape::of(plan))))
            }
            _ => Ok(None),
        }
    }

    /// Writes every file: registries first (plans take their units' members from them), then plans. `known`
    /// holds what [`LoadTx::changes`] said of some plans, so that their terms are not compared twice.
    pub fn apply(
        &self,
        files: &[SourceFile],
        loader: &Loader<'_>,
        known: &HashMap<String, Vec<Change>>,
    ) -> Result<Vec<LoadOutcome>> {
        let conn = self.store.db();
        let wrap = |e| match e {
            LoadError::Sql(source) => self.store.sql()(source),
            LoadError::Refused(m) => StoreError::Refused(m),
        };
        let mut order: Vec<&SourceFile> = files.iter().collect();
        order.sort_by_key(|f| matches!(f.file.content, Content::Plan(_)));
        let mut out = Vec::new();
        for f in order {
            out.push(load_one(conn, f, loader, known).map_err(wrap)?);
        }
        let registry = out.iter().any(|o| o.registry_changed);
        let plans: Vec<String> = if registry {
            let st = "SELECT id FROM plans";
            conn.rows(st, &[], |r| r.get(0)).map_err(self.store.sql())?
        } else {
            out.iter()
                .filter(|o| o.loaded != Loaded::Unchanged)
                .filter_map(|o| o.plan.clone())
                .collect()
        };
        // On a shared store an office writes only the plans it owns: another office's counted deadlines are
        // counted again by the calendar when that office next loads or records on them.
        let mine: Option<Vec<String>> = match self.store.is_shared() {
            true => Some(
                conn.rows(
                    "SELECT id FROM plans WHERE owner = current_user",
                    &[],
                    |r| r.get(0),
                )
                .map_err(self.store.sql())?,
            ),
            false => None,
        };
        for plan in plans {
            resolve_members(conn, &plan).map_err(|e| wrap(e.into()))?;
            // The calendar may have changed with the registry; the plan's events with the plan.
            if mine.as_ref().is_none_or(|m| m.contains(&plan)) {
                super::events::redate(conn, &plan).map_err(|e| wrap(e.into()))?;
            }
        }
        Ok(out)
    }
}

fn json(list: &[String]) -> String {
    serde_json::to_string(list).expect("strings serialise")
}

fn load_one(
    conn: &dyn Db,
    f: &SourceFile,
    loader: &Loader<'_>,
    known: &HashMap<String, Vec<Change>>,
) -> LoadResult<LoadOutcome> {
    let loaded_at = loader.at;
    let file = f.file.path.to_string_lossy().into_owned();
    let plan = match &f.file.content {
        Content::Plan(plan) => plan,
        Content::Registry(registry) => {
            let loaded = load_registry(conn, f, registry, loaded_at)?;
            return Ok(LoadOutcome {
                holds: super::Holds::Registry {
                    documents: registry.documents.len(),
                    units: registry.units.len(),
                    office: registry.office.is_some(),
                    calendar: registry.calendar.len(),
                },
                plan: None,
                file: f.file.path.clone(),
                registry_changed: loaded != Loaded::Unchanged,
                loaded,
                changes: Vec::new(),
            });
        }
    };
    let existing: Option<(String, String)> = conn.opt_row(
        "SELECT file, content_hash FROM plans WHERE id = ?1",
        &params![plan.id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let id = &plan.id;
    let outcome = |loaded, changes| LoadOutcome {
        holds: super::Holds::Plan(id.clone()),
        plan: Some(plan.id.clone()),
        file: f.file.path.clone(),
        loaded,
        changes,
        registry_changed: false,
    };
    // A plan loaded from another file is moved to this one: whether the old file is still there, on this
    // disk, is the caller's to ask (see `commands::load`), not the store's.
    if let Some((_, old_hash)) = &existing
        && *old_hash == f.file.hash
    {
        conn.exec(
            "UPDATE plans SET file = ?2, file_size = ?3, file_mtime = ?4 WHERE id = ?1",
            &params![plan.id, file, f.size, f.mtime],
        )?;
        // A revision loaded before the store kept revisions' text gets it back from the same content.
        conn.exec(
            "UPDATE revisions SET source = ?3 WHERE plan_id = ?1 AND content_hash = ?2 AND source IS NULL", &params![plan.id, f.file.hash, f.file.text])?;
        return Ok(outcome(Loaded::Unchanged, Vec::new()));
    }
    let changes = match (existing.is_some(), known.get(&plan.id)) {
        (false, _) => Vec::new(),
        (true, Some(known)) => known.clone(),
        (true, None) => revision::diff(&read_shape(conn, &plan.id)?, &Shape::of(plan)),
    };
    check_renames(conn, plan, &file)?;
    if let Some(event) = super::events::dated_events(conn, &plan.id)?
        .into_iter()
        .find(|e| !plan.events.iter().any(|p| &p.id == e))
    {
        return Err(LoadError::Refused(Refusal::EventDropped { file, event }));
    }
    write_plan(conn, f, plan, loader)?;
    super::events::write_plan_events(conn, plan)?;
    let (withdrawn, removed) = write_tasks(conn, plan)?;
    let n: i64 = conn.row(
        "SELECT coalesce(max(n), 0) + 1 FROM revisions WHERE plan_id = ?1",
        &params![plan.id],
        |r| r.get(0),
    )?;
    conn.exec(
        "INSERT INTO revisions (plan_id, n, content_hash, file, loaded_at, source, changes, loaded_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)", &params![
            plan.id,
            n,
            f.file.hash,
            file,
            loaded_at,
            f.file.text,
            serde_json::to_string(&changes).expect("changes serialise"),
            loader.by
        ])?;
    let loaded = match existing {
        Some(_) => Loaded::Updated { withdrawn, removed },
        None => Loaded::Added,
    };
    Ok(outcome(loaded, changes))
}

fn write_plan(conn: &dyn Db, f: &SourceFile, plan: &Plan, loader: &Loader<'_>) -> LoadResult<()> {
    let loaded_at = loader.at;
    let signer = plan
        .signer
        .as_ref()
        .map(|s| serde_json::to_string(s).expect("signer serialises"));
    conn.exec(
        "INSERT INTO plans (id, title, issuer, year, province, number, issued, coordinator, preamble, closing, signer,
                            file, content_hash, file_size, file_mtime, loaded_at, owner)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)
         ON CONFLICT(id) DO UPDATE SET title = ?2, issuer = ?3, year = ?4, province = ?5, number = ?6, issued = ?7,
             coordinator = ?8, preamble = ?9, closing = ?10, signer = ?11, file = ?12, content_hash = ?13,
             file_size = ?14, file_mtime = ?15, loaded_at = ?16", &params![
            plan.id,
            plan.title,
            plan.issuer,
            plan.year,
            plan.province,
            plan.number,
            plan.issued.map(format_iso),
            plan.coordinator,
            plan.preamble,
            json(&plan.closing),
            signer,
            f.file.path.to_string_lossy(),
            f.file.hash,
            f.size,
            f.mtime,
            loaded_at,
            loader.by
        ])?;
    replace_plan_parts(conn, plan)?;
    Ok(())
}

fn replace_plan_parts(conn: &dyn Db, plan: &Plan) -> SqlResult<()> {
    for table in ["recipients", "units", "refs", "objectives"] {
        conn.exec(
            &format!("DELETE FROM {table} WHERE plan_id = ?1"),
            &params![plan.id],
        )?;
    }
    let st =
        "INSERT INTO recipients (plan_id, seq, name, role, unit_id) VALUES (?1, ?2, ?3, ?4, ?5)";
    for (r, i) in plan.recipients.iter().zip(0_i64..) {
        conn.exec(st, &params![plan.id, i, r.name, r.role, r.unit])?;
    }
    let st = "INSERT INTO units (plan_id, id, seq, name, aliases, external, members, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'plan')";
    for (u, i) in plan.units.iter().zip(0_i64..) {
        conn.exec(
            st,
            &params![
                plan.id,
                u.id,
                i,
                u.name,
                json(&u.aliases),
                u.external,
                json(&u.members)
            ],
        )?;
    }
    let st = "INSERT INTO refs (plan_id, number, seq, kind, date, issuer, subject, basis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    for (r, i) in plan.references.iter().zip(0_i64..) {
        conn.exec(
            st,
            &params![
                plan.id,
                r.number,
                i,
                r.kind,
                r.date.map(format_iso),
                r.issuer,
                r.subject,
                r.basis
            ],
        )?;
    }
    let st = "INSERT INTO objectives (plan_id, id, seq, text, refs) VALUES (?1, ?2, ?3, ?4, ?5)";
    for (o, i) in plan.objectives.iter().zip(0_i64..) {
        conn.exec(st, &params![plan.id, o.id, i, o.text, json(&o.references)])?;
    }
    Ok(())
}

/// Whether a deadline (by the key its events are recorded under) has history.
fn has_events(conn: &dyn Db, task_rid: i64, history_key: &str) -> SqlResult<bool> {
    conn.row(
        "SELECT EXISTS (SELECT 1 FROM events WHERE task_rid = ?1 AND deadline_key = ?2)",
        &params![task_rid, history_key],
        |r| r.get(0),
    )
}

/// Refuses a file that would orphan recorded events: a deadline with history gone from its task while the
/// task gains a new key (a rename without `renamed_from`), or a new key that is the former name of another
/// deadline of the task.
fn check_renames(conn: &dyn Db, plan: &Plan, file: &str) -> LoadResult<()> {
    // Every deadline of the plan in one query, by task id: the task's row, and (key, history key, withdrawn).
    type Stored = (i64, Vec<(String, String, bool)>);
    let mut stored: HashMap<String, Stored> = HashMap::new();
    {
        let st = "SELECT t.id, t.rid, d.key, coalesce(d.history_key, d.key), d.withdrawn FROM deadlines d
             JOIN tasks t ON t.rid = d.task_rid WHERE t.plan_id = ?1";
        conn.each(st, &params![plan.id], &mut |r| {
            let entry = stored
                .entry(r.get(0)?)
                .or_insert_with(|| (r.get(1).unwrap_or_default(), Vec::new()));
            entry.1.push((r.get(2)?, r.get(3)?, r.get(4)?));
            Ok(true)
        })?;
    }
    for task in &plan.tasks {
        let Some((rid, all)) = stored.get(&task.id) else {
            continue;
        };
        let rid = *rid;
        let old: Vec<(String, String)> = all
            .iter()
            .filter(|(_, _, withdrawn)| !withdrawn)
            .map(|(k, h, _)| (k.clone(), h.clone()))
            .collect();
        let kept = |key: &str| {
            task.deadlines
                .iter()
                .any(|d| d.key == key || d.renamed_from.as_deref() == Some(key))
        };
        let new: Vec<&str> = task
            .deadlines
            .iter()
            .filter(|d| !old.iter().any(|(k, _)| *k == d.key) && d.renamed_from.is_none())
            .map(|d| d.key.as_str())
            .collect();
        for (key, history) in &old {
            if kept(key) || new.is_empty() || !has_events(conn, rid, history)? {
                continue;
            }
            return Err(LoadError::Refused(Refusal::DeadlineDropped {
                file: file.to_string(),
                task: task.id.clone(),
                key: key.to_string(),
                added: new.iter().map(|k| k.to_string()).collect(),
            }));
        }
        for d in &task.deadlines {
            let taken = all.iter().any(|(k, h, _)| {
                *h == d.key && *k != d.key && d.renamed_from.as_deref() != Some(k.as_str())
            });
            if taken {
                return Err(LoadError::Refused(Refusal::KeyOfAnother {
                    file: file.to_string(),
                    task: task.id.clone(),
                    key: d.key.clone(),
                }));
            }
        }
    }
    Ok(())
}

/// Writes every task of the plan; tasks and deadlines no longer in the file are kept withdrawn when they have
/// history, deleted otherwise. Returns how many tasks were kept withdrawn and how many removed.
fn write_tasks(conn: &dyn Db, plan: &Plan) -> LoadResult<(usize, usize)> {
    let before: i64 = conn.row(
        "SELECT count(*) FROM tasks WHERE plan_id = ?1 AND withdrawn",
        &params![plan.id],
        |r| r.get(0),
    )?;
    conn.exec(
        "UPDATE tasks SET withdrawn = TRUE WHERE plan_id = ?1",
        &params![plan.id],
    )?;
    for (task, seq) in plan.tasks.iter().zip(0_i64..) {
        write_task(conn, &plan.id, seq, task)?;
    }
    let gone: Vec<i64> = {
        let st = "SELECT rid FROM tasks t WHERE plan_id = ?1 AND withdrawn
               AND NOT EXISTS (SELECT 1 FROM events e WHERE e.task_rid = t.rid)";
        conn.rows(st, &params![plan.id], |r| r.get(0))?
    };
    for rid in &gone {
        let deadlines: Vec<i64> = {
            let st = "SELECT rid FROM deadlines WHERE task_rid = ?1";
            conn.rows(st, &params![rid], |r| r.get(0))?
        };
        for d in deadlines {
            delete_deadline(conn, d)?;
        }
        conn.exec("DELETE FROM tasks WHERE rid = ?1", &params![rid])?;
    }
    let after: i64 = conn.row(
        "SELECT count(*) FROM tasks WHERE plan_id = ?1 AND withdrawn",
        &params![plan.id],
        |r| r.get(0),
    )?;
    let withdrawn = (after - before).max(0) as usize;
    Ok((withdrawn, gone.len()))
}

fn delete_deadline(conn: &dyn Db, rid: i64) -> SqlResult<()> {
    for table in ["occurrence_versions", "occurrences", "amendments"] {
        conn.exec(
            &format!("DELETE FROM {table} WHERE deadline_rid = ?1"),
            &params![rid],
        )?;
    }
    conn.exec("DELETE FROM deadlines WHERE rid = ?1", &params![rid])?;
    Ok(())
}

fn write_task(conn: &dyn Db, plan_id: &str, seq: i64, task: &Task) -> LoadResult<()> {
    let (w_on, w_by) = withdrawal(&task.withdrawn);
    let rid: i64 = conn.row(
        "INSERT INTO tasks (plan_id, id, seq, section, title, text, withdrawn, withdrawn_on, withdrawn_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, FALSE, ?7, ?8)
         ON CONFLICT(plan_id, id) DO UPDATE SET seq = ?3, section = ?4, title = ?5, text = ?6, withdrawn = FALSE,
             withdrawn_on = ?7, withdrawn_by = ?8
         RETURNING rid", &params![plan_id, task.id, seq, task.section, task.title, task.text, w_on, w_by],
        |r| r.get(0))?;
    conn.exec("DELETE FROM task_units WHERE task_rid = ?1", &params![rid])?;
    conn.exec("DELETE FROM task_refs WHERE task_rid = ?1", &params![rid])?;
    let st = "INSERT INTO task_units (task_rid, role, seq, unit_id) VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING";
    for (role, units) in revision::ROLES
        .iter()
        .zip([&task.lead, &task.support, &task.report_to])
    {
        for (u, i) in units.iter().zip(0_i64..) {
            conn.exec(st, &params![rid, role, i, u])?;
        }
    }
    let st =
        "INSERT INTO task_refs (task_rid, seq, number) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
    for (n, i) in task.references.iter().zip(0_i64..) {
        conn.exec(st, &params![rid, i, n])?;
    }
    conn.exec(
        "UPDATE deadlines SET withdrawn = TRUE WHERE task_rid = ?1",
        &params![rid],
    )?;
    for (d, seq) in task.deadlines.iter().zip(0_i64..) {
        if let Some(from) = &d.renamed_from {
            // The rename: the row keeps its id and the key its events are recorded under.
            conn.exec(
                "UPDATE deadlines SET key = ?3 WHERE task_rid = ?1 AND key = ?2
                   AND NOT EXISTS (SELECT 1 FROM deadlines WHERE task_rid = ?1 AND key = ?3)",
                &params![rid, from, d.key],
            )?;
        }
        let every = match d.schedule {
            Schedule::Every { every, .. } => Some(every.as_str()),
            Schedule::Once { .. } | Schedule::Counted { .. } => None,
        };
        let reckoning = match &d.schedule {
            Schedule::Counted {
                reckoning,
                rule,
                written,
                ..
            } => Some(
                serde_json::to_string(&crate::domain::reckoning::Terms {
                    reckoning: reckoning.clone(),
                    rule: *rule,
                    written: *written,
                })
                .expect("terms serialise"),
            ),
            _ => None,
        };
        let (w_on, w_by) = withdrawal(&d.withdrawn);
        let drid: i64 = conn.row(
            "INSERT INTO deadlines (task_rid, key, seq, wording, every, withdrawn, withdrawn_on, withdrawn_by, history_key,
                                    reckoning)
             VALUES (?1, ?2, ?3, ?4, ?5, FALSE, ?6, ?7, ?2, ?8)
             ON CONFLICT(task_rid, key) DO UPDATE SET seq = ?3, wording = ?4, every = ?5, withdrawn = FALSE,
                 withdrawn_on = ?6, withdrawn_by = ?7, history_key = coalesce(deadlines.history_key, ?2),
                 reckoning = ?8
             RETURNING rid", &params![rid, d.key, seq, d.wording, every, w_on, w_by, reckoning],
            |r| r.get(0))?;
        write_occurrences(conn, drid, d)?;
    }
    let gone: Vec<(i64, String)> = {
        let st = "SELECT rid, coalesce(history_key, key) FROM deadlines WHERE task_rid = ?1 AND withdrawn";
        conn.rows(st, &params![rid], |r| Ok((r.get(0)?, r.get(1)?)))?
    };
    for (drid, history) in gone {
        if !has_events(conn, rid, &history)? {
            delete_deadline(conn, drid)?;
        }
    }
    Ok(())
}

fn withdrawal(w: &Option<Withdrawal>) -> (Option<String>, Option<&str>) {
    (
        w.as_ref().map(|w| format_iso(w.on)),
        w.as_ref().map(|w| w.by.as_str()),
    )
}

/// Writes a deadline's amendments and occurrences: each occurrence's latest version, the earliest last day of
/// all its versions, and every version when an amendment changed it.
pub(super) fn write_occurrences(
    conn: &dyn Db,
    drid: i64,
    d: &crate::domain::Deadline,
) -> SqlResult<()> {
    for table in ["occurrence_versions", "occurrences", "amendments"] {
        conn.exec(
            &format!("DELETE FROM {table} WHERE deadline_rid = ?1"),
            &params![drid],
        )?;
    }
    let st = "INSERT INTO amendments (deadline_rid, seq, on_date, by_doc, period, due, rule, day)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    for (a, i) in d.amendments.iter().zip(0_i64..) {
        conn.exec(
            st,
            &params![
                drid,
                i,
                format_iso(a.on),
                a.by,
                a.period.map(|p| p.to_string()),
                a.due.map(format_iso),
                a.rule.map(Rule::as_str),
                a.day
            ],
        )?;
    }
    let occ = "INSERT INTO occurrences (deadline_rid, period, due, last_day, rule, assumed, amended_on, amended_by,
                                  earliest_last_day, event_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
    let ver = "INSERT INTO occurrence_versions (deadline_rid, period, effective_from, due, last_day, rule, assumed, amended_by,
                                         event_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
    for versions in d.timelines() {
        let latest = versions.last().expect("one version at least");
        let o = latest.occurrence;
        let period = o.period.map(|p| p.to_string()).unwrap_or_default();
        let by = |v: &crate::domain::Version| v.amendment.map(|i| d.amendments[i].by.clone());
        let earliest = versions
            .iter()
            .map(|v| v.occurrence.last_day())
            .min()
            .expect("one version at least");
        conn.exec(
            occ,
            &params![
                drid,
                period,
                format_iso(o.due),
                format_iso(o.last_day()),
                o.rule.as_str(),
                o.assumed,
                latest.from.map(format_iso),
                by(latest),
                format_iso(earliest),
                latest.event_on.map(format_iso)
            ],
        )?;
        // A counted deadline's first version may start on a day (its event's first recorded date): before
        // it the deadline was waiting, which only the versions can say.
        if versions.len() > 1 || versions[0].from.is_some() {
            for v in &versions {
                let o = v.occurrence;
                conn.exec(
                    ver,
                    &params![
                        drid,
                        period,
                        v.from.map(format_iso).unwrap_or_default(),
                        format_iso(o.due),
                        format_iso(o.last_day()),
                        o.rule.as_str(),
                        o.assumed,
                        by(v),
                        v.event_on.map(format_iso)
                    ],
                )?;
            }
        }
    }
    Ok(())
}

/// The terms of a loaded plan, as the store holds them, to compare with a new revision. A handful of queries
/// for the whole plan, not one per task: every changed file of a load reads it.
fn read_shape(conn: &dyn Db, plan_id: &str) -> SqlResult<Shape> {
    let date = |t: Option<String>| t.and_then(|t| crate::date::parse_iso(&t));
    let mut tasks: Vec<(i64, TaskShape)> = {
        let st = "SELECT rid, id, withdrawn_on, withdrawn_by FROM tasks WHERE plan_id = ?1 AND NOT withdrawn ORDER BY seq";
        conn.rows(st, &params![plan_id], |r| {
            let withdrawn = date(r.get(2)?)
                .zip(r.get::<_, Option<String>>(3)?)
                .map(|(on, by)| Withdrawal { on, by });
            Ok((
                r.get(0)?,
                TaskShape {
                    id: r.get(1)?,
                    withdrawn,
                    units: Default::default(),
                    deadlines: Vec::new(),
                },
            ))
        })?
    };
    let index: HashMap<i64, usize> = tasks
        .iter()
        .enumerate()
        .map(|(i, (rid, _))| (*rid, i))
        .collect();
    let st = "SELECT tu.task_rid, tu.role, tu.unit_id FROM task_units tu JOIN tasks t ON t.rid = tu.task_rid
         WHERE t.plan_id = ?1 ORDER BY tu.task_rid, tu.role, tu.seq";
    conn.each(st, &params![plan_id], &mut |r| {
        let (rid, role, unit): (i64, String, String) = (r.get(0)?, r.get(1)?, r.get(2)?);
        let role = revision::ROLES.iter().position(|x| *x == role);
        if let (Some(&i), Some(role)) = (index.get(&rid), role) {
            tasks[i].1.units[role].push(unit);
        }
        Ok(true)
    })?;
    let mut deadlines: Vec<(i64, usize, DeadlineShape)> = {
        let st = "SELECT d.rid, d.task_rid, d.key, d.withdrawn_on, d.withdrawn_by, d.reckoning FROM deadlines d
             JOIN tasks t ON t.rid = d.task_rid WHERE t.plan_id = ?1 AND NOT d.withdrawn ORDER BY d.task_rid, d.seq";
        conn.rows(st, &params![plan_id], |r| {
            let withdrawn = date(r.get(3)?)
                .zip(r.get::<_, Option<String>>(4)?)
                .map(|(on, by)| Withdrawal { on, by });
            let count = super::columns::terms_col(r, 5)?
                .map(|t| revision::count_line(&t.reckoning, t.rule));
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                withdrawn,
                count,
            ))
        })?
        .into_iter()
        .filter_map(|(rid, task, key, withdrawn, count)| {
            index.get(&task).map(|&i| {
                (
                    rid,
                    i,
                    DeadlineShape {
                        key,
                        renamed_from: None,
                        withdrawn,
                        occurrences: Vec::new(),
                        amendments: Vec::new(),
                        count,
                    },
                )
            })
        })
        .collect()
    };
    let by_rid: HashMap<i64, usize> = deadlines
        .iter()
        .enumerate()
        .map(|(i, (rid, _, _))| (*rid, i))
        .collect();
    // The first version of an amended occurrence is in occurrence_versions; the others have only one.
    let st = "SELECT o.deadline_rid, o.period, coalesce(v.due, o.due), coalesce(v.rule, o.rule), coalesce(v.assumed, o.assumed)
         FROM occurrences o JOIN deadlines d ON d.rid = o.deadline_rid JOIN tasks t ON t.rid = d.task_rid
         LEFT JOIN occurrence_versions v ON v.deadline_rid = o.deadline_rid AND v.period = o.period
              AND v.effective_from = ''
         WHERE t.plan_id = ?1 ORDER BY o.deadline_rid, o.due";
    conn.each(st, &params![plan_id], &mut |r| {
        let Some(&i) = by_rid.get(&r.get::<_, i64>(0)?) else {
            return Ok(true);
        };
        // A counted deadline's occurrence follows its event's dates: its count is compared instead.
        if deadlines[i].2.count.is_some() {
            return Ok(true);
        }
        let period: String = r.get(1)?;
        deadlines[i].2.occurrences.push(Occurrence {
            period: period.parse::<Period>().ok(),
            due: date(r.get(2)?).unwrap_or_default(),
            rule: Rule::parse(&r.get::<_, String>(3)?).unwrap_or(Rule::By),
            assumed: r.get(4)?,
        });
        Ok(true)
    })?;
    let st = "SELECT a.deadline_rid, a.on_date, a.by_doc, a.period, a.due, a.rule, a.day FROM amendments a
         JOIN deadlines d ON d.rid = a.deadline_rid JOIN tasks t ON t.rid = d.task_rid
         WHERE t.plan_id = ?1 ORDER BY a.deadline_rid, a.seq";
    conn.each(st, &params![plan_id], &mut |r| {
        if let Some(&i) = by_rid.get(&r.get::<_, i64>(0)?) {
            deadlines[i].2.amendments.push(Amendment {
                on: date(r.get(1)?).unwrap_or_default(),
                by: r.get(2)?,
                period: r.get::<_, Option<String>>(3)?.and_then(|p| p.parse().ok()),
                due: date(r.get(4)?),
                rule: r
                    .get::<_, Option<String>>(5)?
                    .as_deref()
                    .and_then(Rule::parse),
                day: r.get(6)?,
            });
        }
        Ok(true)
    })?;
    for (_, task, deadline) in deadlines {
        tasks[task].1.deadlines.push(deadline);
    }
    let members: Vec<(String, String)> = {
        let st = "SELECT id, members FROM units WHERE plan_id = ?1 AND origin = 'plan' AND members <> '[]' ORDER BY seq";
        conn.rows(st, &params![plan_id], |r| Ok((r.get(0)?, r.get(1)?)))?
    };
    let events = {
        let st = "SELECT id, date FROM plan_events WHERE plan_id = ?1 ORDER BY seq";
        conn.rows(st, &params![plan_id], |r| {
            Ok((r.get::<_, String>(0)?, date(r.get(1)?)))
        })?
    };
    Ok(Shape {
        tasks: tasks.into_iter().map(|(_, t)| t).collect(),
        members: members
            .into_iter()
            .map(|(u, m)| (u, serde_json::from_str(&m).unwrap_or_default()))
            .collect(),
        events,
    })
}

/// Who owes a share of each task's deadlines: the members of its lead units — the plan's own list of a unit's
/// members, else the registry's for a unit of the same id — and the registry's member units added to the plan's
/// units so that their names show. A task whose members changed has its progress summaries folded again.
fn resolve_members(conn: &dyn Db, plan_id: &str) -> SqlResult<()> {
    conn.exec(
        "DELETE FROM units WHERE plan_id = ?1 AND origin = 'registry'",
        &params![plan_id],
    )?;
    let declared: HashMap<String, Vec<String>> = {
        let st = "SELECT id, members FROM units WHERE plan_id = ?1";
        conn.rows(st, &params![plan_id], |r| {
            Ok((
                r.get(0)?,
                serde_json::from_str(&r.get::<_, String>(1)?).unwrap_or_default(),
            ))
        })?
        .into_iter()
        .collect()
    };
    let registry: Vec<Unit> = {
        let st =
            "SELECT id, name, aliases, members, external, source FROM org_units ORDER BY file, seq";
        conn.rows(st, &[], |r| {
            Ok(Unit {
                id: r.get(0)?,
                name: r.get(1)?,
                aliases: serde_json::from_str(&r.get::<_, String>(2)?).unwrap_or_default(),
                members: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
                external: r.get(4)?,
                source: r.get(5)?,
            })
        })?
    };
    let members_of = |unit: &str| -> Vec<String> {
        match declared.get(unit).filter(|m| !m.is_empty()) {
            Some(m) => m.clone(),
            None => registry
                .iter()
                .find(|u| u.id == unit)
                .map(|u| u.members.clone())
                .unwrap_or_default(),
        }
    };
    let tasks: Vec<(i64, Vec<String>)> = {
        let st = format!(
            "SELECT t.rid, (SELECT {} FROM task_units tu WHERE tu.task_rid = t.rid AND tu.role = 'lead')
             FROM tasks t WHERE t.plan_id = ?1",
            conn.dialect().joined("tu.unit_id", "tu.seq")
        );
        conn.rows(&st, &params![plan_id], |r| {
            Ok((r.get(0)?, super::sql::split_joined(r.get(1)?)))
        })?
    };
    let mut current: HashMap<i64, Vec<String>> = HashMap::new();
    {
        let st = "SELECT tm.task_rid, tm.member_id FROM task_members tm JOIN tasks t ON t.rid = tm.task_rid
             WHERE t.plan_id = ?1 ORDER BY tm.task_rid, tm.seq";
        conn.each(st, &params![plan_id], &mut |r| {
            current.entry(r.get(0)?).or_default().push(r.get(1)?);
            Ok(true)
        })?;
    }
    let mut added: Vec<String> = Vec::new();
    for (rid, leads) in tasks {
        let mut members: Vec<String> = Vec::new();
        for lead in &leads {
            for m in members_of(lead) {
                if !members.contains(&m) {
                    members.push(m);
                }
            }
        }
        let old: Vec<String> = {
            let st = "SELECT member_id FROM task_members WHERE task_rid = ?1 ORDER BY seq";
            conn.rows(st, &params![rid], |r| r.get(0))?
        };
        for m in &members {
            if !declared.contains_key(m) && !added.contains(m) {
                added.push(m.clone());
            }
        }
        if old == members {
            continue;
        }
        conn.exec(
            "DELETE FROM task_members WHERE task_rid = ?1",
            &params![rid],
        )?;
        let st = "INSERT INTO task_members (task_rid, seq, member_id) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING";
        for (m, i) in members.iter().zip(0_i64..) {
            conn.exec(st, &params![rid, i, m])?;
        }
        super::stream::refresh_task(conn, rid)?;
    }
    let seq: i64 = conn.row(
        "SELECT coalesce(max(seq), -1) + 1 FROM units WHERE plan_id = ?1",
        &params![plan_id],
        |r| r.get(0),
    )?;
    let st = "INSERT INTO units (plan_id, id, seq, name, aliases, external, members, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '[]', 'registry') ON CONFLICT DO NOTHING";
    for (id, i) in added.iter().zip(seq..) {
        if let Some(u) = registry.iter().find(|u| &u.id == id) {
            conn.exec(
                st,
                &params![plan_id, u.id, i, u.name, json(&u.aliases), u.external],
            )?;
        }
    }
    Ok(())
}

fn load_registry(
    conn: &dyn Db,
    f: &SourceFile,
    registry: &Registry,
    loaded_at: &str,
) -> LoadResult<Loaded> {
    let file = f.file.path.to_string_lossy().into_owned();
    let old: Option<String> = conn.opt_row(
        "SELECT content_hash FROM registry_files WHERE file = ?1",
        &params![file],
        |r| r.get(0),
    )?;
    if old.as_deref() == Some(f.file.hash.as_str()) {
        conn.exec(
            "UPDATE registry_files SET file_size = ?2, file_mtime = ?3 WHERE file = ?1",
            &params![file, f.size, f.mtime],
        )?;
        return Ok(Loaded::Unchanged);
    }
    for d in &registry.documents {
        let other: Option<String> = conn
            .opt_row(
                "SELECT file FROM documents WHERE key = ?1 AND coalesce(date, '') = coalesce(?2, '') AND file <> ?3", &params![d.key, d.date.map(format_iso), file],
                |r| r.get(0))?;
        if let Some(other) = other {
            return Err(LoadError::Refused(Refusal::DocumentTwice {
                file: file.clone(),
                number: d.number.clone(),
                other,
            }));
        }
    }
    if registry.office.is_some() {
        let other: Option<String> = conn.opt_row(
            "SELECT file FROM registry_files WHERE office IS NOT NULL AND file <> ?1",
            &params![file],
            |r| r.get(0),
        )?;
        if let Some(other) = other {
            return Err(LoadError::Refused(Refusal::OfficeTwice {
                file: file.clone(),
                other,
            }));
        }
    }
    for u in &registry.units {
        let other: Option<String> = conn.opt_row(
            "SELECT file FROM org_units WHERE id = ?1 AND file <> ?2",
            &params![u.id, file],
            |r| r.get(0),
        )?;
        if let Some(other) = other {
            return Err(LoadError::Refused(Refusal::UnitTwice {
                file: file.clone(),
                id: u.id.clone(),
                other,
            }));
        }
    }
    conn.exec(
        "INSERT INTO registry_files (file, content_hash, file_size, file_mtime, loaded_at, office, calendar)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(file) DO UPDATE SET content_hash = ?2, file_size = ?3, file_mtime = ?4, loaded_at = ?5,
             office = ?6, calendar = ?7", &params![
            file,
            f.file.hash,
            f.size,
            f.mtime,
            loaded_at,
            registry
                .office
                .as_ref()
                .map(|o| serde_json::to_string(o).expect("an office serialises")),
            (!registry.calendar.is_empty())
                .then(|| serde_json::to_string(&registry.calendar).expect("a calendar serialises"))
        ])?;
    conn.exec("DELETE FROM documents WHERE file = ?1", &params![file])?;
    conn.exec("DELETE FROM org_units WHERE file = ?1", &params![file])?;
    write_documents(conn, &file, &registry.documents)?;
    let st = "INSERT INTO org_units (file, seq, id, name, aliases, members, external, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
    for (u, seq) in registry.units.iter().zip(0_i64..) {
        conn.exec(
            st,
            &params![
                file,
                seq,
                u.id,
                u.name,
                json(&u.aliases),
                json(&u.members),
                u.external,
                u.source
            ],
        )?;
    }
    Ok(if old.is_some() {
        Loaded::Updated {
            withdrawn: 0,
            removed: 0,
        }
    } else {
        Loaded::Added
    })
}

fn write_documents(conn: &dyn Db, file: &str, docs: &[Document]) -> SqlResult<()> {
    let st = "INSERT INTO documents (file, seq, key, number, kind, title, issuer, date, in_force_from, ceased_on, ceased_by, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)";
    for (d, seq) in docs.iter().zip(0_i64..) {
        conn.exec(
            st,
            &params![
                file,
                seq,
                d.key,
                d.number,
                d.kind,
                d.title,
                d.issuer,
                d.date.map(format_iso),
                d.in_force_from.map(format_iso),
                d.ceased_on.map(format_iso),
                d.ceased_by,
                d.source
            ],
        )?;
    }
    Ok(())
}
