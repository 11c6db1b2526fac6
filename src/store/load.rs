//! Writing validated plan and registry files into the store: add new ones, update changed ones, skip
//! unchanged files.
//!
//! A task or deadline that disappears from its file is marked withdrawn, never deleted: its history stays.

use super::{Result, Store, StoreError};
use crate::date::format_iso;
use crate::domain::Document;
use crate::domain::{Plan, Task};
use crate::planfile::{Content, PlanFile};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
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

/// What a load did to one plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    /// A plan not in the store before.
    Added,
    /// A changed plan; `withdrawn` tasks are no longer in its file.
    Updated {
        /// Tasks marked withdrawn by this load.
        withdrawn: usize,
    },
    /// The file's content is what was loaded before.
    Unchanged,
}

/// The outcome for one file.
#[derive(Debug, Clone)]
pub struct LoadOutcome {
    /// What the file holds: "plan ID" or "registry of N documents".
    pub label: String,
    /// The file it came from.
    pub file: PathBuf,
    /// What happened.
    pub loaded: Loaded,
}

impl Store {
    /// Writes every file's plan in one transaction: either all of them land or none does.
    pub fn load(&mut self, files: &[SourceFile], loaded_at: &str) -> Result<Vec<LoadOutcome>> {
        let path = self.path.clone();
        let sql = |source| StoreError::Sqlite {
            path: path.clone(),
            source,
        };
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(sql)?;
        let mut out = Vec::new();
        for f in files {
            let loaded = load_one(&tx, f, loaded_at).map_err(|e| match e {
                LoadError::Sql(source) => StoreError::Sqlite {
                    path: self.path.clone(),
                    source,
                },
                LoadError::Refused(m) => StoreError::Refused(m),
            })?;
            out.push(LoadOutcome {
                label: match &f.file.content {
                    Content::Plan(p) => {
                        let id = &p.id;
                        crate::msg!("plan {id}", "kế hoạch {id}")
                    }
                    Content::Registry(docs) => {
                        let n = docs.len();
                        crate::msg!(
                            "registry of {n} documents",
                            "danh mục văn bản gồm {n} văn bản"
                        )
                    }
                },
                file: f.file.path.clone(),
                loaded,
            });
        }
        tx.commit().map_err(sql)?;
        Ok(out)
    }
}

enum LoadError {
    Sql(rusqlite::Error),
    Refused(String),
}

impl From<rusqlite::Error> for LoadError {
    fn from(e: rusqlite::Error) -> Self {
        LoadError::Sql(e)
    }
}

fn json(list: &[String]) -> String {
    serde_json::to_string(list).expect("strings serialise")
}

fn load_one(
    tx: &Transaction<'_>,
    f: &SourceFile,
    loaded_at: &str,
) -> std::result::Result<Loaded, LoadError> {
    let plan = match &f.file.content {
        Content::Plan(plan) => plan,
        Content::Registry(docs) => return load_registry(tx, f, docs, loaded_at),
    };
    let file = f.file.path.to_string_lossy().into_owned();
    let existing: Option<(String, String)> = tx
        .query_row(
            "SELECT file, content_hash FROM plans WHERE id = ?1",
            [&plan.id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    if let Some((old_file, old_hash)) = &existing {
        if *old_file != file && std::path::Path::new(old_file).exists() {
            let id = &plan.id;
            return Err(LoadError::Refused(crate::msg!(
                "{file}: plan id `{id}` is already loaded from {old_file} — give each plan file its own [plan] id",
                "{file}: mã kế hoạch `{id}` đã được nạp từ {old_file} — mỗi tệp kế hoạch phải có id riêng trong [plan]"
            )));
        }
        if *old_hash == f.file.hash {
            tx.execute(
                "UPDATE plans SET file = ?2, file_size = ?3, file_mtime = ?4 WHERE id = ?1",
                params![plan.id, file, f.size, f.mtime],
            )?;
            return Ok(Loaded::Unchanged);
        }
    }
    let signer = plan
        .signer
        .as_ref()
        .map(|s| serde_json::to_string(s).expect("signer serialises"));
    tx.execute(
        "INSERT INTO plans (id, title, issuer, year, province, number, issued, coordinator, preamble, closing, signer,
                            file, content_hash, file_size, file_mtime, loaded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
         ON CONFLICT(id) DO UPDATE SET title = ?2, issuer = ?3, year = ?4, province = ?5, number = ?6, issued = ?7,
             coordinator = ?8, preamble = ?9, closing = ?10, signer = ?11, file = ?12, content_hash = ?13,
             file_size = ?14, file_mtime = ?15, loaded_at = ?16",
        params![
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
            file,
            f.file.hash,
            f.size,
            f.mtime,
            loaded_at
        ],
    )?;
    replace_plan_parts(tx, plan)?;
    tx.execute(
        "UPDATE tasks SET withdrawn = 1 WHERE plan_id = ?1",
        [&plan.id],
    )?;
    for (task, seq) in plan.tasks.iter().zip(0_i64..) {
        write_task(tx, &plan.id, seq, task)?;
    }
    let withdrawn: i64 = tx.query_row(
        "SELECT count(*) FROM tasks WHERE plan_id = ?1 AND withdrawn = 1",
        [&plan.id],
        |r| r.get(0),
    )?;
    Ok(if existing.is_some() {
        Loaded::Updated {
            withdrawn: withdrawn as usize,
        }
    } else {
        Loaded::Added
    })
}

fn replace_plan_parts(tx: &Transaction<'_>, plan: &Plan) -> rusqlite::Result<()> {
    for table in ["recipients", "units", "refs", "objectives"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE plan_id = ?1"),
            [&plan.id],
        )?;
    }
    let mut st = tx.prepare(
        "INSERT INTO recipients (plan_id, seq, name, role, unit_id) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (r, i) in plan.recipients.iter().zip(0_i64..) {
        st.execute(params![plan.id, i, r.name, r.role, r.unit])?;
    }
    let mut st = tx.prepare("INSERT INTO units (plan_id, id, seq, name, aliases, external) VALUES (?1, ?2, ?3, ?4, ?5, ?6)")?;
    for (u, i) in plan.units.iter().zip(0_i64..) {
        st.execute(params![
            plan.id,
            u.id,
            i,
            u.name,
            json(&u.aliases),
            u.external
        ])?;
    }
    let mut st = tx.prepare(
        "INSERT INTO refs (plan_id, number, seq, kind, date, issuer, subject, basis) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for (r, i) in plan.references.iter().zip(0_i64..) {
        st.execute(params![
            plan.id,
            r.number,
            i,
            r.kind,
            r.date.map(format_iso),
            r.issuer,
            r.subject,
            r.basis
        ])?;
    }
    let mut st = tx.prepare(
        "INSERT INTO objectives (plan_id, id, seq, text, refs) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (o, i) in plan.objectives.iter().zip(0_i64..) {
        st.execute(params![plan.id, o.id, i, o.text, json(&o.references)])?;
    }
    Ok(())
}

fn write_task(tx: &Transaction<'_>, plan_id: &str, seq: i64, task: &Task) -> rusqlite::Result<()> {
    let rid: i64 = tx.query_row(
        "INSERT INTO tasks (plan_id, id, seq, section, title, text, withdrawn) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0)
         ON CONFLICT(plan_id, id) DO UPDATE SET seq = ?3, section = ?4, title = ?5, text = ?6, withdrawn = 0
         RETURNING rid",
        params![plan_id, task.id, seq, task.section, task.title, task.text],
        |r| r.get(0),
    )?;
    tx.execute("DELETE FROM task_units WHERE task_rid = ?1", [rid])?;
    tx.execute("DELETE FROM task_refs WHERE task_rid = ?1", [rid])?;
    let mut st = tx.prepare(
        "INSERT OR IGNORE INTO task_units (task_rid, role, seq, unit_id) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (role, units) in [
        ("lead", &task.lead),
        ("support", &task.support),
        ("report_to", &task.report_to),
    ] {
        for (u, i) in units.iter().zip(0_i64..) {
            st.execute(params![rid, role, i, u])?;
        }
    }
    let mut st =
        tx.prepare("INSERT OR IGNORE INTO task_refs (task_rid, seq, number) VALUES (?1, ?2, ?3)")?;
    for (n, i) in task.references.iter().zip(0_i64..) {
        st.execute(params![rid, i, n])?;
    }
    tx.execute(
        "UPDATE deadlines SET withdrawn = 1 WHERE task_rid = ?1",
        [rid],
    )?;
    for (d, seq) in task.deadlines.iter().zip(0_i64..) {
        let every = match d.schedule {
            crate::domain::Schedule::Every { every, .. } => Some(every.as_str()),
            crate::domain::Schedule::Once { .. } => None,
        };
        let drid: i64 = tx.query_row(
            "INSERT INTO deadlines (task_rid, key, seq, wording, every, withdrawn) VALUES (?1, ?2, ?3, ?4, ?5, 0)
             ON CONFLICT(task_rid, key) DO UPDATE SET seq = ?3, wording = ?4, every = ?5, withdrawn = 0
             RETURNING rid",
            params![rid, d.key, seq, d.wording, every],
            |r| r.get(0),
        )?;
        tx.execute("DELETE FROM occurrences WHERE deadline_rid = ?1", [drid])?;
        let mut st = tx.prepare(
            "INSERT INTO occurrences (deadline_rid, period, due, last_day, rule, assumed, earliest_last_day)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?4)",
        )?;
        for o in d.occurrences() {
            let period = o.period.map(|p| p.to_string()).unwrap_or_default();
            st.execute(params![
                drid,
                period,
                format_iso(o.due),
                format_iso(o.last_day()),
                o.rule.as_str(),
                o.assumed
            ])?;
        }
    }
    Ok(())
}

fn load_registry(
    tx: &Transaction<'_>,
    f: &SourceFile,
    docs: &[Document],
    loaded_at: &str,
) -> std::result::Result<Loaded, LoadError> {
    let file = f.file.path.to_string_lossy().into_owned();
    let old: Option<String> = tx
        .query_row(
            "SELECT content_hash FROM registry_files WHERE file = ?1",
            [&file],
            |r| r.get(0),
        )
        .optional()?;
    if old.as_deref() == Some(f.file.hash.as_str()) {
        tx.execute(
            "UPDATE registry_files SET file_size = ?2, file_mtime = ?3 WHERE file = ?1",
            params![file, f.size, f.mtime],
        )?;
        return Ok(Loaded::Unchanged);
    }
    for d in docs {
        let other: Option<String> = tx
            .query_row(
                "SELECT file FROM documents WHERE key = ?1 AND coalesce(date, '') = coalesce(?2, '') AND file <> ?3",
                params![d.key, d.date.map(format_iso), file],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = other {
            let number = &d.number;
            return Err(LoadError::Refused(crate::msg!(
                "{file}: document {number} is already recorded in {other} — record each document once",
                "{file}: văn bản {number} đã có trong {other} — mỗi văn bản chỉ ghi một lần"
            )));
        }
    }
    tx.execute(
        "INSERT INTO registry_files (file, content_hash, file_size, file_mtime, loaded_at) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(file) DO UPDATE SET content_hash = ?2, file_size = ?3, file_mtime = ?4, loaded_at = ?5",
        params![file, f.file.hash, f.size, f.mtime, loaded_at],
    )?;
    tx.execute("DELETE FROM documents WHERE file = ?1", [&file])?;
    let mut st = tx.prepare(
        "INSERT INTO documents (file, seq, key, number, kind, title, issuer, date, in_force_from, ceased_on, ceased_by, source)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (d, seq) in docs.iter().zip(0_i64..) {
        st.execute(params![
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
        ])?;
    }
    Ok(if old.is_some() {
        Loaded::Updated { withdrawn: 0 }
    } else {
        Loaded::Added
    })
}
