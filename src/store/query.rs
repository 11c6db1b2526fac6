//! Reading the store: loaded files, plans, tasks with their deadline occurrences and events, the history;
//! and appending progress events.

use super::Refusal;
use super::columns::{date_col, opt_date_col};
use super::sql::{Db, Row, SqlError, SqlResult, params, split_joined};
use super::{Result, Store, StoreError};
use crate::domain::{Document, EventKind, Objective, Plan, Recipient, Reference, Signer, Unit};
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::PathBuf;

/// A plan file the store has loaded, as the sync step needs it.
#[derive(Debug, Clone)]
pub struct StoredFile {
    /// The plan it holds, or `None` for a registry file.
    pub plan: Option<String>,
    /// How many documents a registry file holds.
    pub documents: i64,
    /// How many units a registry file holds.
    pub units: i64,
    /// Whether a registry file describes the office.
    pub office: bool,
    /// How many days of the official calendar a registry file holds.
    pub calendar: i64,
    /// Absolute path of its file.
    pub file: PathBuf,
    /// Size when loaded.
    pub size: i64,
    /// Modification time when loaded (ns).
    pub mtime: i64,
}

impl StoredFile {
    /// What the file holds.
    pub fn holds(&self) -> super::Holds {
        match &self.plan {
            Some(id) => super::Holds::Plan(id.clone()),
            None => super::Holds::Registry {
                documents: self.documents as usize,
                units: self.units as usize,
                office: self.office,
                calendar: self.calendar as usize,
            },
        }
    }
}

/// One reference of one plan, with who cites it.
#[derive(Debug, Clone)]
pub struct Citation {
    /// Plan id.
    pub plan: String,
    /// The plan's own date, when known.
    pub plan_issued: Option<NaiveDate>,
    /// The reference as the plan records it.
    pub reference: Reference,
    /// Ids of the tasks citing it.
    pub tasks: Vec<String>,
    /// Ids of the objectives citing it.
    pub objectives: Vec<String>,
}

/// A task's wording and listed references.
#[derive(Debug, Clone)]
pub struct TaskText {
    /// Plan id.
    pub plan: String,
    /// Task id.
    pub task: String,
    /// Title.
    pub title: String,
    /// Full wording.
    pub text: String,
    /// Numbers it lists under `references`.
    pub references: Vec<String>,
}

/// A loaded plan's document: everything but its tasks, for `plan show PLAN`.
#[derive(Debug, Clone)]
pub struct PlanDoc {
    /// The plan (its `tasks` empty).
    pub plan: Plan,
    /// Its file.
    pub file: String,
    /// When it was loaded.
    pub loaded_at: String,
    /// Reference number → ids of the tasks citing it.
    pub cited_by: HashMap<String, Vec<String>>,
}

/// One loaded plan, for `plan plans`.
#[derive(Debug, Clone)]
pub struct PlanSummary {
    /// Id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Issuing agency.
    pub issuer: String,
    /// Year covered.
    pub year: i32,
    /// Source file.
    pub file: String,
    /// Tasks in force.
    pub tasks: i64,
    /// Tasks withdrawn.
    pub withdrawn: i64,
    /// When last loaded (RFC 3339).
    pub loaded_at: String,
    /// Who first loaded it (unknown for plans loaded before version 8 of the store).
    pub owner: Option<String>,
}

/// A task named on the command line, resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskRef {
    /// Row id.
    pub rid: i64,
    /// Plan id.
    pub plan: String,
    /// Task id.
    pub task: String,
}

/// A unit as tasks cite it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnitRef {
    /// Plan the unit belongs to.
    pub plan: String,
    /// Unit id.
    pub id: String,
    /// Full name.
    pub name: String,
    /// Other spellings.
    pub aliases: Vec<String>,
}

/// Everything `plan show` prints about a task besides its deadlines.
#[derive(Debug, Clone)]
pub struct TaskDetail {
    /// Plan id.
    pub plan: String,
    /// Plan title.
    pub plan_title: String,
    /// Task id.
    pub task: String,
    /// Section.
    pub section: String,
    /// Title.
    pub title: String,
    /// Full wording.
    pub text: String,
    /// Withdrawn from its plan.
    pub withdrawn: bool,
    /// Units by role: `lead`, `support`, `report_to`.
    pub units: Vec<(String, Unit)>,
    /// References it implements.
    pub references: Vec<Reference>,
}

/// One revision of a plan, for `plan revisions`.
#[derive(Debug, Clone)]
pub struct RevisionRow {
    /// Its number, from 1.
    pub n: i64,
    /// SHA-256 of its file.
    pub hash: String,
    /// The file it was loaded from.
    pub file: String,
    /// When it was loaded (RFC 3339).
    pub loaded_at: String,
    /// Who loaded it, when the store knows (revisions loaded before version 8 of the store: not).
    pub loaded_by: Option<String>,
    /// Whether its text is kept (revisions loaded before version 5 of the store are not).
    pub has_text: bool,
    /// What it changed in the plan's terms.
    pub changes: Vec<crate::domain::revision::Change>,
}

/// One event of the history, for `plan history`.
#[derive(Debug, Clone)]
pub struct HistoryRow {
    /// Event number.
    pub id: i64,
    /// Plan id.
    pub plan: String,
    /// Task id.
    pub task: String,
    /// Deadline key.
    pub deadline: Option<String>,
    /// Period of a recurring deadline.
    pub period: Option<String>,
    /// What it says.
    pub kind: EventKind,
    /// When the work happened.
    pub on: NaiveDate,
    /// Who did it.
    pub by: Option<String>,
    /// Percentage.
    pub progress: Option<u8>,
    /// Note.
    pub note: Option<String>,
    /// Evidence document.
    pub evidence: Option<String>,
    /// Event it retracts.
    pub retracts: Option<i64>,
    /// When it was recorded (RFC 3339).
    pub recorded_at: String,
    /// The member whose share of the deadline it is (none: the deadline as a whole).
    pub member: Option<String>,
}

/// An event to append.
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// Task row id.
    pub task_rid: i64,
    /// Deadline key.
    pub deadline: Option<String>,
    /// Period.
    pub period: Option<String>,
    /// What it says.
    pub kind: EventKind,
    /// When the work happened.
    pub on: NaiveDate,
    /// Who did it (unit id or name).
    pub by: Option<String>,
    /// Percentage.
    pub progress: Option<u8>,
    /// Note.
    pub note: Option<String>,
    /// Evidence document.
    pub evidence: Option<String>,
    /// Event it retracts.
    pub retracts: Option<i64>,
    /// The member of the lead unit whose share of the deadline it is (none: the deadline as a whole).
    pub member: Option<String>,
    /// When it is recorded (RFC 3339).
    pub recorded_at: String,
}

fn stored_file(r: &Row) -> SqlResult<StoredFile> {
    Ok(StoredFile {
        plan: r.get(0)?,
        file: PathBuf::from(r.get::<_, String>(1)?),
        size: r.get(2)?,
        mtime: r.get(3)?,
        documents: r.get(4)?,
        units: r.get(5)?,
        office: r.get(6)?,
        calendar: r
            .get::<_, Option<String>>(7)?
            .map_or(0, |c| list_len(&c) as i64),
    })
}

fn kind_col(row: &Row, i: usize) -> SqlResult<EventKind> {
    let s: String = row.get(i)?;
    EventKind::parse(&s).ok_or_else(|| {
        let what = format!("`{s}` is not a kind of event");
        SqlError::tampered(i, what)
    })
}

/// How many entries a JSON array holds (0 for what is not one).
fn list_len(json: &str) -> usize {
    serde_json::from_str::<Vec<serde_json::Value>>(json).map_or(0, |v| v.len())
}

fn list(json: &str) -> Vec<String> {
    serde_json::from_str(json).unwrap_or_default()
}

impl Store {
    /// Every loaded file (plans and registry), or only the file of one plan, for the sync step.
    pub fn files(&self, plan: Option<&str>) -> Result<Vec<StoredFile>> {
        let sql = match plan {
            Some(_) => {
                "SELECT id, file, file_size, file_mtime, 0, 0, FALSE, NULL FROM plans WHERE id = ?1"
            }
            None => {
                "SELECT id, file, file_size, file_mtime, 0, 0, FALSE, NULL FROM plans
                 UNION ALL SELECT NULL, file, file_size, file_mtime,
                        (SELECT count(*) FROM documents d WHERE d.file = r.file),
                        (SELECT count(*) FROM org_units o WHERE o.file = r.file), office IS NOT NULL, calendar
                 FROM registry_files r"
            }
        };
        let params = match plan {
            Some(p) => vec![p.into()],
            None => Vec::new(),
        };
        self.db()
            .rows(sql, &params, stored_file)
            .map_err(self.sql())
    }

    /// The registry files loaded (documents, units), for the sync step.
    pub fn registry_files(&self) -> Result<Vec<StoredFile>> {
        let st = "SELECT NULL, file, file_size, file_mtime,
                        (SELECT count(*) FROM documents d WHERE d.file = r.file),
                        (SELECT count(*) FROM org_units o WHERE o.file = r.file), office IS NOT NULL, calendar
                 FROM registry_files r";
        self.db().rows(st, &[], stored_file).map_err(self.sql())
    }

    /// The office profile, when a registry file describes it.
    pub fn office(&self) -> Result<Option<crate::domain::Office>> {
        self.db()
            .opt_row(
                "SELECT office FROM registry_files WHERE office IS NOT NULL ORDER BY file LIMIT 1",
                &[],
                |r| {
                    let json: String = r.get(0)?;
                    serde_json::from_str(&json).map_err(|e| SqlError::tampered(0, e))
                },
            )
            .map_err(self.sql())
    }

    /// The days of the years' official schedules, from every registry file, by date.
    pub fn calendar_days(&self) -> Result<Vec<crate::domain::CalendarDay>> {
        super::events::calendar_days(self.db()).map_err(self.sql())
    }

    /// Every document of the registry.
    pub fn documents(&self) -> Result<Vec<Document>> {
        let st = "SELECT number, key, kind, title, issuer, date, in_force_from, ceased_on, ceased_by, source
                 FROM documents ORDER BY file, seq";
        self.db()
            .rows(st, &[], |r| {
                Ok(Document {
                    number: r.get(0)?,
                    key: r.get(1)?,
                    kind: r.get(2)?,
                    title: r.get(3)?,
                    issuer: r.get(4)?,
                    date: opt_date_col(r, 5)?,
                    in_force_from: opt_date_col(r, 6)?,
                    ceased_on: opt_date_col(r, 7)?,
                    ceased_by: r.get(8)?,
                    source: r.get(9)?,
                })
            })
            .map_err(self.sql())
    }

    /// Every reference of every loaded plan (or one plan), with the plan's date and who cites it: task ids,
    /// objective ids, and "basis" for the opening paragraphs.
    pub fn citations(&self, plan: Option<&str>) -> Result<Vec<Citation>> {
        let d = self.db().dialect();
        let st = format!(
            "SELECT r.plan_id, p.issued, r.number, r.kind, r.date, r.issuer, r.subject, r.basis,
                    (SELECT {} FROM task_refs tr JOIN tasks t ON t.rid = tr.task_rid
                      WHERE t.plan_id = r.plan_id AND tr.number = r.number AND NOT t.withdrawn),
                    (SELECT {} FROM objectives o, {}
                      WHERE o.plan_id = r.plan_id AND j.value = r.number)
             FROM refs r JOIN plans p ON p.id = r.plan_id
             WHERE CAST(?1 AS TEXT) IS NULL OR r.plan_id = ?1 ORDER BY r.plan_id, r.seq",
            d.joined("t.id", "t.seq"),
            d.joined("o.id", "o.seq"),
            d.json_items("o.refs", "j")
        );
        self.db()
            .rows(&st, &params![plan], |r| {
                Ok(Citation {
                    plan: r.get(0)?,
                    plan_issued: opt_date_col(r, 1)?,
                    reference: Reference {
                        number: r.get(2)?,
                        kind: r.get(3)?,
                        date: opt_date_col(r, 4)?,
                        issuer: r.get(5)?,
                        subject: r.get(6)?,
                        basis: r.get(7)?,
                    },
                    tasks: split_joined(r.get(8)?),
                    objectives: split_joined(r.get(9)?),
                })
            })
            .map_err(self.sql())
    }

    /// Every task in force with its wording and the numbers it lists, for the references check and `find`.
    pub fn task_texts(&self, plan: Option<&str>) -> Result<Vec<TaskText>> {
        let numbers = self.db().dialect().joined("tr.number", "tr.seq");
        let st = &narrow(&format!("SELECT t.plan_id, t.id, t.title, t.text,
                        (SELECT {numbers} FROM task_refs tr WHERE tr.task_rid = t.rid)
                 FROM tasks t WHERE NOT t.withdrawn AND (CAST(?1 AS TEXT) IS NULL OR t.plan_id = ?1) ORDER BY t.plan_id, t.seq"), plan.is_some(), false);
        self.db()
            .rows(st, &params![plan], |r| {
                Ok(TaskText {
                    plan: r.get(0)?,
                    task: r.get(1)?,
                    title: r.get(2)?,
                    text: r.get(3)?,
                    references: split_joined(r.get(4)?),
                })
            })
            .map_err(self.sql())
    }

    /// Who owns a loaded plan (who first loaded it), when the store knows.
    pub fn plan_owner(&self, id: &str) -> Result<Option<String>> {
        self.db()
            .opt_row("SELECT owner FROM plans WHERE id = ?1", &params![id], |r| {
                r.get::<_, Option<String>>(0)
            })
            .map(Option::flatten)
            .map_err(self.sql())
    }

    /// Whether a plan of this id is loaded.
    pub fn plan_exists(&self, id: &str) -> Result<bool> {
        self.db()
            .row(
                "SELECT EXISTS (SELECT 1 FROM plans WHERE id = ?1)",
                &params![id],
                |r| r.get(0),
            )
            .map_err(self.sql())
    }

    /// The ids of the loaded plans.
    pub fn plan_ids(&self) -> Result<Vec<String>> {
        let st = "SELECT id FROM plans ORDER BY id";
        self.db().rows(st, &[], |r| r.get(0)).map_err(self.sql())
    }

    /// Loaded plans, by id.
    pub fn plans(&self) -> Result<Vec<PlanSummary>> {
        let st = "SELECT p.id, p.title, p.issuer, p.year, p.file, p.loaded_at,
                        (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id AND NOT t.withdrawn),
                        (SELECT count(*) FROM tasks t WHERE t.plan_id = p.id AND t.withdrawn), p.owner
                 FROM plans p ORDER BY p.id";
        self.db()
            .rows(st, &[], |r| {
                Ok(PlanSummary {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    issuer: r.get(2)?,
                    year: r.get(3)?,
                    file: r.get(4)?,
                    loaded_at: r.get(5)?,
                    tasks: r.get(6)?,
                    withdrawn: r.get(7)?,
                    owner: r.get(8)?,
                })
            })
            .map_err(self.sql())
    }

    /// Every unit of every plan (or of one plan).
    pub fn units(&self, plan: Option<&str>) -> Result<Vec<UnitRef>> {
        let st = "SELECT plan_id, id, name, aliases FROM units WHERE CAST(?1 AS TEXT) IS NULL OR plan_id = ?1 ORDER BY plan_id, seq";
        self.db()
            .rows(st, &params![plan], |r| {
                Ok(UnitRef {
                    plan: r.get(0)?,
                    id: r.get(1)?,
                    name: r.get(2)?,
                    aliases: list(&r.get::<_, String>(3)?),
                })
            })
            .map_err(self.sql())
    }

    /// How many tasks in force each unit leads, supports and owes a share of as a member, by (plan, unit).
    pub fn unit_task_counts(
        &self,
        plan: Option<&str>,
    ) -> Result<HashMap<(String, String), [i64; 3]>> {
        let st = &narrow(
                "SELECT t.plan_id, tu.unit_id, tu.role FROM task_units tu JOIN tasks t ON t.rid = tu.task_rid
                  WHERE NOT t.withdrawn AND tu.role IN ('lead', 'support') AND (CAST(?1 AS TEXT) IS NULL OR t.plan_id = ?1)
                 UNION ALL
                 SELECT t.plan_id, tm.member_id, 'member' FROM task_members tm JOIN tasks t ON t.rid = tm.task_rid
                  WHERE NOT t.withdrawn AND (CAST(?1 AS TEXT) IS NULL OR t.plan_id = ?1)",
                plan.is_some(),
                false,
            );
        let rows: Vec<(String, String, String)> = self
            .db()
            .rows(st, &params![plan], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })
            .map_err(self.sql())?;
        let mut counts: HashMap<(String, String), [i64; 3]> = HashMap::new();
        for (plan, unit, role) in rows {
            let slot = match role.as_str() {
                "lead" => 0,
                "support" => 1,
                _ => 2,
            };
            counts.entry((plan, unit)).or_default()[slot] += 1;
        }
        Ok(counts)
    }

    /// Resolves `PLAN/TASK`, or `TASK` when only one loaded plan has that task id.
    pub fn find_task(&self, name: &str) -> Result<TaskRef> {
        let (plan, task) = match name.split_once('/') {
            Some((p, t)) => (Some(p), t),
            None => (None, name),
        };
        let same = self.db().dialect().same_nocase("t.id", "?2");
        let st = &narrow(
                &format!("SELECT t.rid, t.plan_id, t.id FROM tasks t WHERE (CAST(?1 AS TEXT) IS NULL OR t.plan_id = ?1) AND {same}
                 ORDER BY t.plan_id"),
                plan.is_some(),
                false,
            );
        let found: Vec<TaskRef> = self
            .db()
            .rows(st, &params![plan, task], |r| {
                Ok(TaskRef {
                    rid: r.get(0)?,
                    plan: r.get(1)?,
                    task: r.get(2)?,
                })
            })
            .map_err(self.sql())?;
        let exact: Vec<&TaskRef> = found.iter().filter(|t| t.task == task).collect();
        match (exact.as_slice(), found.as_slice()) {
            ([one], _) => Ok((*one).clone()),
            ([], [one]) => Ok(one.clone()),
            ([], []) => Err(StoreError::NotFound {
                task: task.to_string(),
                plan: plan.map(str::to_string),
            }),
            _ => Err(StoreError::Ambiguous {
                task: task.to_string(),
                matches: found
                    .iter()
                    .map(|t| format!("{}/{}", t.plan, t.task))
                    .collect(),
            }),
        }
    }

    /// A task's wording, units and references.
    pub fn task_detail(&self, task: &TaskRef) -> Result<TaskDetail> {
        let (plan_title, section, title, text, withdrawn) = self.db().row(
                "SELECT p.title, t.section, t.title, t.text, t.withdrawn FROM tasks t JOIN plans p ON p.id = t.plan_id WHERE t.rid = ?1", &params![task.rid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
            .map_err(self.sql())?;
        let st = "SELECT role, id, name, aliases, external FROM (
                   SELECT tu.role, u.id, u.name, u.aliases, u.external, tu.seq FROM task_units tu
                     JOIN tasks t ON t.rid = tu.task_rid JOIN units u ON u.plan_id = t.plan_id AND u.id = tu.unit_id
                    WHERE tu.task_rid = ?1
                   UNION ALL
                   SELECT 'member', u.id, u.name, u.aliases, u.external, tm.seq FROM task_members tm
                     JOIN tasks t ON t.rid = tm.task_rid JOIN units u ON u.plan_id = t.plan_id AND u.id = tm.member_id
                    WHERE tm.task_rid = ?1) x
                 ORDER BY CASE role WHEN 'lead' THEN 0 WHEN 'member' THEN 1 WHEN 'support' THEN 2 ELSE 3 END, seq";
        let units = self
            .db()
            .rows(st, &params![task.rid], |r| {
                Ok((
                    r.get(0)?,
                    Unit {
                        id: r.get(1)?,
                        name: r.get(2)?,
                        aliases: list(&r.get::<_, String>(3)?),
                        external: r.get(4)?,
                        members: Vec::new(),
                        source: None,
                    },
                ))
            })
            .map_err(self.sql())?;
        let st = "SELECT r.number, r.kind, r.date, r.issuer, r.subject, r.basis FROM task_refs tr
                 JOIN tasks t ON t.rid = tr.task_rid JOIN refs r ON r.plan_id = t.plan_id AND r.number = tr.number
                 WHERE tr.task_rid = ?1 ORDER BY tr.seq";
        let references = self
            .db()
            .rows(st, &params![task.rid], |r| {
                Ok(Reference {
                    number: r.get(0)?,
                    kind: r.get(1)?,
                    date: opt_date_col(r, 2)?,
                    issuer: r.get(3)?,
                    subject: r.get(4)?,
                    basis: r.get(5)?,
                })
            })
            .map_err(self.sql())?;
        Ok(TaskDetail {
            plan: task.plan.clone(),
            plan_title,
            task: task.task.clone(),
            section,
            title,
            text,
            withdrawn,
            units,
            references,
        })
    }

    /// A loaded plan as written (its tasks left out: see [`Store::items`]), with the tasks citing each reference.
    pub fn plan_doc(&self, id: &str) -> Result<Option<PlanDoc>> {
        let head = self.db().opt_row(
                "SELECT id, title, issuer, year, province, number, issued, coordinator, preamble, closing, signer, file, loaded_at
                 FROM plans WHERE id = ?1", &params![id],
                |r| {
                    let signer: Option<String> = r.get(10)?;
                    Ok((
                        Plan {
                            id: r.get(0)?,
                            title: r.get(1)?,
                            issuer: r.get(2)?,
                            year: r.get(3)?,
                            province: r.get(4)?,
                            number: r.get(5)?,
                            issued: opt_date_col(r, 6)?,
                            coordinator: r.get(7)?,
                            preamble: r.get(8)?,
                            closing: list(&r.get::<_, String>(9)?),
                            signer: signer.and_then(|s| serde_json::from_str::<Signer>(&s).ok()),
                            recipients: Vec::new(),
                            units: Vec::new(),
                            references: Vec::new(),
                            objectives: Vec::new(),
                            events: Vec::new(),
                            tasks: Vec::new(),
                        },
                        r.get::<_, String>(11)?,
                        r.get::<_, String>(12)?,
                    ))
                })
            .map_err(self.sql())?;
        let Some((mut plan, file, loaded_at)) = head else {
            return Ok(None);
        };
        let sql = self.sql();
        let st = "SELECT name, role, unit_id FROM recipients WHERE plan_id = ?1 ORDER BY seq";
        plan.recipients = self
            .db()
            .rows(st, &params![id], |r| {
                Ok(Recipient {
                    name: r.get(0)?,
                    role: r.get(1)?,
                    unit: r.get(2)?,
                })
            })
            .map_err(&sql)?;
        let st = "SELECT u.id, u.name, u.aliases, u.external,
                        coalesce(nullif(u.members, '[]'), o.members, '[]'),
                        CASE WHEN u.members = '[]' THEN o.source END
                 FROM units u
                 LEFT JOIN org_units o ON (o.file, o.seq) = (SELECT x.file, x.seq FROM org_units x WHERE x.id = u.id ORDER BY x.file, x.seq LIMIT 1)
                 WHERE u.plan_id = ?1 ORDER BY u.seq";
        plan.units = self
            .db()
            .rows(st, &params![id], |r| {
                Ok(Unit {
                    id: r.get(0)?,
                    name: r.get(1)?,
                    aliases: list(&r.get::<_, String>(2)?),
                    external: r.get(3)?,
                    members: list(&r.get::<_, String>(4)?),
                    source: r.get(5)?,
                })
            })
            .map_err(&sql)?;
        let st = "SELECT number, kind, date, issuer, subject, basis FROM refs WHERE plan_id = ?1 ORDER BY seq";
        plan.references = self
            .db()
            .rows(st, &params![id], |r| {
                Ok(Reference {
                    number: r.get(0)?,
                    kind: r.get(1)?,
                    date: opt_date_col(r, 2)?,
                    issuer: r.get(3)?,
                    subject: r.get(4)?,
                    basis: r.get(5)?,
                })
            })
            .map_err(&sql)?;
        let st = "SELECT id, text, refs FROM objectives WHERE plan_id = ?1 ORDER BY seq";
        plan.objectives = self
            .db()
            .rows(st, &params![id], |r| {
                Ok(Objective {
                    id: r.get(0)?,
                    text: r.get(1)?,
                    references: list(&r.get::<_, String>(2)?),
                })
            })
            .map_err(&sql)?;
        let st = "SELECT tr.number, t.id FROM task_refs tr JOIN tasks t ON t.rid = tr.task_rid
                 WHERE t.plan_id = ?1 AND NOT t.withdrawn ORDER BY t.seq";
        let pairs: Vec<(String, String)> = self
            .db()
            .rows(st, &params![id], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(&sql)?;
        let mut cited_by: HashMap<String, Vec<String>> = HashMap::new();
        for (number, task) in pairs {
            cited_by.entry(number).or_default().push(task);
        }
        Ok(Some(PlanDoc {
            plan,
            file,
            loaded_at,
            cited_by,
        }))
    }

    /// The revisions of a plan, oldest first.
    pub fn revisions(&self, plan: &str) -> Result<Vec<RevisionRow>> {
        let st = "SELECT n, content_hash, file, loaded_at, source IS NOT NULL, changes, loaded_by FROM revisions
                 WHERE plan_id = ?1 ORDER BY n";
        self.db()
            .rows(st, &params![plan], |r| {
                Ok(RevisionRow {
                    n: r.get(0)?,
                    hash: r.get(1)?,
                    file: r.get(2)?,
                    loaded_at: r.get(3)?,
                    has_text: r.get(4)?,
                    changes: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
                    loaded_by: r.get(6)?,
                })
            })
            .map_err(self.sql())
    }

    /// The text and file of one revision of a plan: `None` when there is no such revision, an empty text
    /// when it was loaded before the store kept revisions' text.
    pub fn revision_text(&self, plan: &str, n: i64) -> Result<Option<(String, Option<String>)>> {
        self.db()
            .opt_row(
                "SELECT file, source FROM revisions WHERE plan_id = ?1 AND n = ?2",
                &params![plan, n],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .map_err(self.sql())
    }

    /// The history, oldest first: of one task, of one plan, or of everything.
    pub fn history(&self, plan: Option<&str>, task: Option<i64>) -> Result<Vec<HistoryRow>> {
        let st = &narrow("SELECT e.id, t.plan_id, t.id,
                        coalesce((SELECT d.key FROM deadlines d WHERE d.task_rid = e.task_rid AND d.history_key = e.deadline_key),
                                 e.deadline_key),
                        e.period, e.kind, e.on_date, e.by_unit, e.progress, e.note,
                        e.evidence, e.retracts, e.recorded_at, e.member
                 FROM events e JOIN tasks t ON t.rid = e.task_rid
                 WHERE (CAST(?1 AS TEXT) IS NULL OR t.plan_id = ?1) AND (CAST(?2 AS BIGINT) IS NULL OR t.rid = ?2) ORDER BY e.on_date, e.id", plan.is_some(), task.is_some());
        self.db()
            .rows(st, &params![plan, task], |r| {
                Ok(HistoryRow {
                    id: r.get(0)?,
                    plan: r.get(1)?,
                    task: r.get(2)?,
                    deadline: r.get(3)?,
                    period: r.get(4)?,
                    kind: kind_col(r, 5)?,
                    on: date_col(r, 6)?,
                    by: r.get(7)?,
                    progress: r.get(8)?,
                    note: r.get(9)?,
                    evidence: r.get(10)?,
                    retracts: r.get(11)?,
                    recorded_at: r.get(12)?,
                    member: r.get(13)?,
                })
            })
            .map_err(self.sql())
    }

    /// Appends one event in its own transaction and returns its number. A retraction must name an earlier,
    /// not yet retracted event of the same task; it inherits that event's deadline and period.
    pub fn append(&mut self, event: NewEvent) -> Result<i64> {
        self.write(|db| append_event(db, event.clone()).map_err(|e| e.word(self)))
    }
}

/// Why an append failed: the database, or a rule of the history.
enum AppendError {
    Sql(SqlError),
    Refused(Refusal),
}

impl From<SqlError> for AppendError {
    fn from(e: SqlError) -> Self {
        AppendError::Sql(e)
    }
}

impl AppendError {
    fn word(self, store: &Store) -> StoreError {
        match self {
            AppendError::Sql(e) => store.sql()(e),
            AppendError::Refused(r) => StoreError::Refused(r),
        }
    }
}

/// Appends one event (in the caller's transaction): a retraction takes its target's deadline, period and
/// member; the event is hashed into the chain and its occurrence's summaries folded again.
fn append_event(db: &dyn Db, mut event: NewEvent) -> std::result::Result<i64, AppendError> {
    if let Some(target) = event.retracts {
        type Target = (i64, Option<String>, Option<String>, String, Option<String>);
        let found: Option<Target> = db.opt_row(
            "SELECT task_rid, deadline_key, period, kind, member FROM events WHERE id = ?1",
            &params![target],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )?;
        let Some((task_rid, deadline, period, kind, member)) = found else {
            return Err(AppendError::Refused(Refusal::NoEvent(target)));
        };
        if task_rid != event.task_rid {
            return Err(AppendError::Refused(Refusal::EventOfAnotherTask(target)));
        }
        if kind == "retract" {
            return Err(AppendError::Refused(Refusal::RetractsARetraction(target)));
        }
        let already: bool = db.value(
            "SELECT EXISTS (SELECT 1 FROM events WHERE retracts = ?1)",
            &params![target],
        )?;
        if already {
            return Err(AppendError::Refused(Refusal::AlreadyRetracted(target)));
        }
        event.deadline = deadline;
        event.period = period;
        event.member = member;
    }
    let id: i64 = db.value(
        "INSERT INTO events (task_rid, deadline_key, period, kind, on_date, by_unit, progress, note, evidence, retracts,
                             recorded_at, member)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
        &params![
            event.task_rid,
            event.deadline,
            event.period,
            event.kind.as_str(),
            crate::date::format_iso(event.on),
            event.by,
            event.progress,
            event.note,
            event.evidence,
            event.retracts,
            event.recorded_at,
            event.member
        ],
    )?;
    super::chain::append(db, &super::chain::EVENTS, id)?;
    super::stream::refresh_progress(
        db,
        event.task_rid,
        event.deadline.as_deref(),
        event.period.as_deref(),
    )?;
    Ok(id)
}

/// Writes the `(CAST(?1 AS TEXT) IS NULL OR t.plan_id = ?1)` and `(CAST(?2 AS BIGINT) IS NULL OR t.rid = ?2)` filters of a query as plain
/// conditions when their parameter is given, so that SQLite uses the index instead of scanning every task.
fn narrow(sql: &str, plan: bool, task: bool) -> String {
    let sql = if plan {
        sql.replace(
            "(CAST(?1 AS TEXT) IS NULL OR t.plan_id = ?1)",
            "t.plan_id = ?1",
        )
    } else {
        sql.to_string()
    };
    if task {
        sql.replace("(CAST(?2 AS BIGINT) IS NULL OR t.rid = ?2)", "t.rid = ?2")
    } else {
        sql
    }
}
