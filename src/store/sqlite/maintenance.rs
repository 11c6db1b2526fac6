//! Keeping the store sound: a consistency check, and consistent copies taken while others write.

use super::{Result, Store, StoreError};
use crate::msg;
use rusqlite::backup::{Backup, StepResult};
use rusqlite::{Connection, OptionalExtension, params};
use std::path::Path;
use std::time::Duration;

/// Consistency queries: each returns one row per problem, described for people.
const CHECKS: &[(&str, &str)] = &[
    (
        "a task names a unit its plan does not have",
        "SELECT t.plan_id || '/' || t.id || ': ' || tu.unit_id FROM task_units tu JOIN tasks t ON t.rid = tu.task_rid
         WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.plan_id = t.plan_id AND u.id = tu.unit_id)",
    ),
    (
        "a task is owed by a member unit its plan does not have",
        "SELECT t.plan_id || '/' || t.id || ': ' || tm.member_id FROM task_members tm JOIN tasks t ON t.rid = tm.task_rid
         WHERE NOT EXISTS (SELECT 1 FROM units u WHERE u.plan_id = t.plan_id AND u.id = tm.member_id)",
    ),
    (
        "a task cites a reference its plan does not have",
        "SELECT t.plan_id || '/' || t.id || ': ' || tr.number FROM task_refs tr JOIN tasks t ON t.rid = tr.task_rid
         WHERE NOT EXISTS (SELECT 1 FROM refs r WHERE r.plan_id = t.plan_id AND r.number = tr.number)",
    ),
    (
        "an event points at an unknown task",
        "SELECT 'event ' || e.id FROM events e WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.rid = e.task_rid)",
    ),
    (
        "an event points at a deadline its task never had",
        "SELECT 'event ' || e.id || ' (' || t.plan_id || '/' || t.id || ', ' || e.deadline_key || ')' FROM events e
         JOIN tasks t ON t.rid = e.task_rid
         WHERE e.deadline_key IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.task_rid = e.task_rid AND d.history_key = e.deadline_key)",
    ),
    (
        "a retraction cancels an event of another task",
        "SELECT 'event ' || e.id FROM events e JOIN events x ON x.id = e.retracts WHERE x.task_rid <> e.task_rid",
    ),
    (
        "a retraction cancels itself or a later event",
        "SELECT 'event ' || id FROM events WHERE retracts IS NOT NULL AND retracts >= id",
    ),
    (
        "a retraction cancels another retraction",
        "SELECT 'event ' || e.id FROM events e JOIN events x ON x.id = e.retracts WHERE x.kind = 'retract'",
    ),
    (
        "an event is retracted more than once",
        "SELECT 'event ' || retracts FROM events WHERE retracts IS NOT NULL GROUP BY retracts HAVING count(*) > 1",
    ),
    (
        "a retraction names no event, or another kind of event names one",
        "SELECT 'event ' || id FROM events WHERE (kind = 'retract') <> (retracts IS NOT NULL)",
    ),
    (
        "a retraction cancels an event that is not there",
        "SELECT 'event ' || e.id FROM events e WHERE e.retracts IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM events x WHERE x.id = e.retracts)",
    ),
    (
        "an occurrence belongs to no deadline",
        "SELECT o.deadline_rid || ' ' || o.period FROM occurrences o
         WHERE NOT EXISTS (SELECT 1 FROM deadlines d WHERE d.rid = o.deadline_rid)",
    ),
    (
        "a deadline belongs to no task",
        "SELECT d.rid || ' ' || d.key FROM deadlines d WHERE NOT EXISTS (SELECT 1 FROM tasks t WHERE t.rid = d.task_rid)",
    ),
    (
        "progress is recorded but its summary is missing",
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
    /// Each problem, described for people.
    pub problems: Vec<String>,
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
            self.conn
                .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| {
                    r.get::<_, String>(0)
                })
                .optional()
        };
        let at = get("snapshot_at").map_err(self.sql())?;
        let of = get("snapshot_of").map_err(self.sql())?;
        Ok(at.zip(of).map(|(at, of)| Snapshot { at, of }))
    }

    /// Every problem found: SQLite's integrity check, foreign keys, the links between plans, tasks, deadlines
    /// and events, the append-only guards, the hash chain of the history, the values of every event, and the
    /// summaries, refolded from the events and compared. No problem when the store is sound.
    pub fn check(&self) -> Result<Checkup> {
        // One read transaction: every check sees the same store, even while others write.
        self.conn.execute_batch("BEGIN").map_err(self.sql())?;
        let checked = self.check_all();
        let _ = self.conn.execute_batch("COMMIT");
        checked
    }

    fn check_all(&self) -> Result<Checkup> {
        let mut problems = self.check_links()?;
        problems.extend(self.check_guards()?);
        problems.extend(self.check_values()?);
        let chain = super::chain::verify(&self.conn).map_err(self.sql())?;
        for (id, b) in &chain.breaks {
            use super::chain::Break;
            problems.push(match b {
                Break::Unhashed => msg!(
                    "history: event {id} has no hash — it was added outside plan",
                    "lịch sử: ghi nhận #{id} không có mã băm — đã được thêm ngoài plan"
                ),
                Break::Mismatch => msg!(
                    "history: event {id} does not match its hash — it was changed, or an event before it was removed, outside plan",
                    "lịch sử: ghi nhận #{id} không khớp mã băm — ghi nhận này đã bị sửa, hoặc một ghi nhận trước nó đã bị xóa, ngoài plan"
                ),
                Break::Orphan => msg!(
                    "history: event {id} was removed outside plan (its hash is still kept)",
                    "lịch sử: ghi nhận #{id} đã bị xóa ngoài plan (mã băm của nó vẫn còn)"
                ),
                Break::Head => msg!(
                    "history: the newest event is not the one last recorded (event {id}) — events were removed from its end, or added, outside plan",
                    "lịch sử: ghi nhận mới nhất không phải ghi nhận được ghi sau cùng (#{id}) — các ghi nhận cuối đã bị xóa, hoặc được thêm, ngoài plan"
                ),
            });
        }
        let unfounded = super::stream::unfounded_summaries(&self.conn).map_err(self.sql())?;
        problems.extend(unfounded.into_iter().map(|o| {
            msg!(
                "a progress summary does not follow from the events (changed outside plan): {o}",
                "bản tóm tắt tiến độ không khớp với các ghi nhận (đã bị sửa ngoài plan): {o}"
            )
        }));
        Ok(Checkup {
            problems,
            events: chain.events,
            head: chain.head,
        })
    }

    /// The append-only triggers, each exactly as the migrations made it.
    fn check_guards(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        for (name, expected) in super::schema::GUARDS {
            let sql: Option<String> = self
                .conn
                .query_row(
                    "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                    [name],
                    |r| r.get(0),
                )
                .optional()
                .map_err(self.sql())?;
            match sql {
                None => problems.push(msg!(
                    "the append-only guard {name} is missing — it was dropped outside plan, and the history may have been changed",
                    "cơ chế chỉ-ghi-thêm {name} không còn — đã bị xóa ngoài plan, lịch sử có thể đã bị sửa"
                )),
                Some(sql) if sql != *expected => problems.push(msg!(
                    "the append-only guard {name} was changed outside plan",
                    "cơ chế chỉ-ghi-thêm {name} đã bị sửa ngoài plan"
                )),
                Some(_) => {}
            }
        }
        Ok(problems)
    }

    /// Every event's values as `plan` writes them: a kind it knows, real dates, a percent from 0 to 100.
    fn check_values(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut st = self
            .conn
            .prepare("SELECT id, kind, on_date, recorded_at, progress FROM events ORDER BY id")
            .map_err(self.sql())?;
        let mut rows = st.query([]).map_err(self.sql())?;
        while let Some(r) = rows.next().map_err(self.sql())? {
            let id: i64 = r.get(0).map_err(self.sql())?;
            let text = |i| {
                r.get_ref(i)
                    .ok()
                    .and_then(|v| v.as_str().ok().map(str::to_string))
            };
            let kind = text(1).and_then(|k| crate::domain::EventKind::parse(&k));
            if kind.is_none() {
                problems.push(msg!(
                    "event {id}: not a kind of event plan records",
                    "ghi nhận #{id}: loại ghi nhận plan không có"
                ));
            }
            if text(2).and_then(|d| crate::date::parse_iso(&d)).is_none() {
                problems.push(msg!(
                    "event {id}: its date is not a date",
                    "ghi nhận #{id}: ngày ghi nhận không phải một ngày"
                ));
            }
            if text(3).is_none_or(|t| chrono::DateTime::parse_from_rfc3339(&t).is_err()) {
                problems.push(msg!(
                    "event {id}: the moment it was recorded is not a time",
                    "ghi nhận #{id}: thời điểm ghi không phải một thời điểm"
                ));
            }
            let percent = r.get_ref(4).map_err(self.sql())?;
            let valid = match percent {
                rusqlite::types::ValueRef::Null => true,
                rusqlite::types::ValueRef::Integer(n) => (0..=100).contains(&n),
                _ => false,
            };
            if !valid {
                problems.push(msg!(
                    "event {id}: its percent is not a number from 0 to 100",
                    "ghi nhận #{id}: phần trăm không phải số từ 0 đến 100"
                ));
            }
        }
        Ok(problems)
    }

    /// SQLite's integrity and foreign-key checks, and the links between plans, tasks, deadlines and events.
    fn check_links(&self) -> Result<Vec<String>> {
        let mut problems = Vec::new();
        let mut st = self
            .conn
            .prepare("PRAGMA integrity_check")
            .map_err(self.sql())?;
        let rows: Vec<String> = st
            .query_map([], |r| r.get(0))
            .and_then(|r| r.collect())
            .map_err(self.sql())?;
        problems.extend(
            rows.into_iter()
                .filter(|r| r != "ok")
                .map(|r| msg!("integrity: {r}", "toàn vẹn: {r}")),
        );
        let mut st = self
            .conn
            .prepare("PRAGMA foreign_key_check")
            .map_err(self.sql())?;
        let rows: Vec<(String, Option<i64>, String)> = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .and_then(|r| r.collect())
            .map_err(self.sql())?;
        for (table, rowid, parent) in rows {
            let rowid = rowid.map(|r| r.to_string()).unwrap_or_default();
            problems.push(msg!(
                "foreign key: row {rowid} of {table} points at a missing row of {parent}",
                "khóa ngoại: dòng {rowid} của bảng {table} trỏ tới dòng không tồn tại của bảng {parent}"
            ));
        }
        for (what, sql) in CHECKS {
            let mut st = self.conn.prepare(sql).map_err(self.sql())?;
            let rows: Vec<String> = st
                .query_map([], |r| r.get(0))
                .and_then(|r| r.collect())
                .map_err(self.sql())?;
            problems.extend(rows.into_iter().map(|r| format!("{what}: {r}")));
        }
        Ok(problems)
    }

    /// Copies the store to `dest` through SQLite's online backup, as it is (the copy kept before a migration):
    /// written beside `dest` under an unpredictable name created exclusively, readable by its owner only, and
    /// renamed into place.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        let io = |source| StoreError::Io {
            path: dest.to_path_buf(),
            source,
        };
        let dir = dest
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        let tmp = tempfile::Builder::new()
            .prefix(".plan-backup.")
            .tempfile_in(dir)
            .map_err(io)?;
        self.backup_into(tmp.path(), None)?;
        tmp.persist(dest).map(drop).map_err(|e| io(e.error))
    }

    /// Copies the store through SQLite's online backup into `tmp` (an empty file): a consistent copy even
    /// while other processes write. With `snapshot`, the copy records that moment (see [`Store::snapshot`]).
    pub fn backup_into(&self, tmp: &Path, snapshot: Option<&str>) -> Result<()> {
        let copied = (|| -> rusqlite::Result<()> {
            let mut out = Connection::open(tmp)?;
            copy_pages(&self.conn, &mut out)?;
            if let Some(at) = snapshot {
                out.execute(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES ('snapshot_at', ?1), ('snapshot_of', ?2)",
                    params![at, self.path.to_string_lossy()],
                )?;
            }
            Ok(())
        })();
        copied.map_err(|source| super::failure(tmp.to_path_buf(), source))
    }

    /// Makes a store in `tmp` (an empty file) from a copy made by `plan backup`: its content, without the mark
    /// of a snapshot.
    pub fn restore_into(&self, tmp: &Path) -> Result<()> {
        let copied = (|| -> rusqlite::Result<()> {
            let mut out = Connection::open(tmp)?;
            copy_pages(&self.conn, &mut out)?;
            out.execute(
                "DELETE FROM meta WHERE key IN ('snapshot_at', 'snapshot_of')",
                [],
            )?;
            Ok(())
        })();
        copied.map_err(|source| super::failure(tmp.to_path_buf(), source))
    }
}

/// Copies every page of `from` into `to` through SQLite's online backup.
fn copy_pages(from: &Connection, to: &mut Connection) -> rusqlite::Result<()> {
    let backup = Backup::new(from, to)?;
    // All pages in one step (-1): a writer cannot restart the copy halfway. Busy: wait and retry, boundedly.
    for _ in 0..200 {
        match backup.step(-1)? {
            StepResult::Done => return Ok(()),
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    }
    Err(rusqlite::Error::SqliteFailure(
        rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_BUSY),
        Some("the store stayed busy for 10 seconds; try again".into()),
    ))
}
