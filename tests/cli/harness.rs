//! A temporary workspace and a runner for the `plan` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The repository's root (to reach `plans/` and `tests/fixtures/`).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The bundled seed plan file.
pub fn seed_plan() -> PathBuf {
    repo().join("plans/2022-skhcn-dan-chu-co-so.toml")
}

/// What one run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub stdout: String,
    pub stderr: String,
    pub code: i32,
}

impl Run {
    /// Asserts the exit code, showing both streams when it differs.
    #[track_caller]
    pub fn code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit code\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts success.
    #[track_caller]
    pub fn ok(self) -> Run {
        self.code(0)
    }

    /// Parses stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

/// A temporary folder holding the store, a config file and any plan files a test writes.
pub struct Env {
    pub dir: tempfile::TempDir,
    /// The store, when it is not the folder's `store.db` (a PostgreSQL URL).
    pub store: Option<String>,
    /// The database of the store, when the workspace has one of its own.
    pub _pg: Option<Pg>,
}

impl Env {
    /// A workspace with a new, empty store: the folder's `store.db`, or, when `PLAN_TEST_STORE=postgres`, a
    /// database of its own on the server `PLAN_TEST_POSTGRES` names (the CLI tests then run against it).
    pub fn new() -> Env {
        if std::env::var("PLAN_TEST_STORE").as_deref() == Ok("postgres")
            && let Some(pg) = Pg::new()
        {
            return Env {
                store: Some(pg.admin_url()),
                _pg: Some(pg),
                ..Env::file()
            };
        }
        Env::file()
    }

    /// A workspace whose store is the folder's `store.db` whatever the backend under test: for the tests of
    /// what is SQLite's own (the file, its log, its pages).
    pub fn file() -> Env {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("config.toml"), "").unwrap();
        Env {
            dir,
            store: None,
            _pg: None,
        }
    }

    /// A workspace whose store is `url` (a PostgreSQL database).
    pub fn on(url: &str) -> Env {
        Env {
            store: Some(url.to_string()),
            ..Env::file()
        }
    }

    /// A new workspace with the seed plan loaded.
    pub fn seeded() -> Env {
        let env = Env::new();
        env.plan(&["load", seed_plan().to_str().unwrap()]).ok();
        env
    }

    /// As [`Env::seeded`], in the folder's `store.db` whatever the backend under test (see [`Env::file`]).
    pub fn seeded_file() -> Env {
        let env = Env::file();
        env.plan(&["load", seed_plan().to_str().unwrap()]).ok();
        env
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn db(&self) -> PathBuf {
        self.path("store.db")
    }

    /// Copies the bundled `plans/` folder into the workspace's `plans/` and returns that folder.
    pub fn copy_plans(&self) -> PathBuf {
        for entry in std::fs::read_dir(repo().join("plans")).unwrap() {
            let entry = entry.unwrap();
            copy_into(&entry.path(), &self.path("plans").join(entry.file_name()));
        }
        self.path("plans")
    }

    /// Writes a file into the workspace and returns its path.
    pub fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.path(name);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).unwrap();
        }
        std::fs::write(&p, text).unwrap();
        p
    }

    /// The `plan` command with an isolated environment.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_plan"));
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env(
                "PLAN_DB",
                self.store
                    .clone()
                    .unwrap_or_else(|| self.db().display().to_string()),
            )
            .env("PLAN_CONFIG", self.path("config.toml"))
            .env("TZ", "Asia/Ho_Chi_Minh")
            .env("LANG", "C")
            .stdin(Stdio::null());
        cmd
    }

    /// Runs `plan` and collects what it printed.
    pub fn plan(&self, args: &[&str]) -> Run {
        collect(self.command(args))
    }

    /// Runs `plan` from `sh` after a `prelude` of shell commands (limits such as `ulimit -f`), in the same
    /// environment.
    pub fn plan_after(&self, prelude: &str, args: &[&str]) -> Run {
        let plan = self.command(args);
        let mut sh = Command::new("sh");
        sh.arg("-c")
            .arg(format!("{prelude}\nexec \"$0\" \"$@\""))
            .arg(plan.get_program())
            .args(plan.get_args())
            .current_dir(self.dir.path())
            .env_clear()
            .stdin(Stdio::null());
        for (key, value) in plan.get_envs() {
            if let Some(value) = value {
                sh.env(key, value);
            }
        }
        collect(sh)
    }

    /// The events of the history (`plan history --format json`).
    pub fn history(&self) -> Vec<serde_json::Value> {
        self.plan(&["history", "--format", "json"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .clone()
    }

    /// `status --format json` as of a date, as (task, deadline, period) → state.
    pub fn states(&self, as_of: &str) -> Vec<(String, String, String, String)> {
        let v = self
            .plan(&["status", "--as-of", as_of, "--format", "json"])
            .ok()
            .json();
        v.as_array()
            .unwrap()
            .iter()
            .filter(|r| !r["deadline"].is_null())
            .map(|r| {
                (
                    r["task"].as_str().unwrap().to_string(),
                    r["deadline"].as_str().unwrap().to_string(),
                    r["period"].as_str().unwrap_or("").to_string(),
                    r["state"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    }
}

/// Runs a command made with [`Env::command`] (and changed) and collects what it printed.
pub fn collect_command(cmd: &mut Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().unwrap_or(-1),
    }
}

fn collect(mut cmd: Command) -> Run {
    let out = cmd.output().unwrap();
    Run {
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
        code: out.status.code().unwrap_or(-1),
    }
}

/// The state of one deadline (and period) in a `states` result.
pub fn state_of(
    states: &[(String, String, String, String)],
    task: &str,
    deadline: &str,
    period: &str,
) -> String {
    states
        .iter()
        .find(|(t, d, p, _)| t == task && d == deadline && p == period)
        .map(|s| s.3.clone())
        .unwrap_or_else(|| panic!("no row {task} {deadline} {period} in {states:?}"))
}

/// Copies a file into a folder of the workspace.
pub fn copy_into(src: &Path, dest: &Path) {
    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
    std::fs::copy(src, dest).unwrap();
}

/// Compares output with `tests/snapshots/NAME`; with `UPDATE_SNAPSHOTS=1` writes it instead (review the diff).
#[track_caller]
pub fn assert_snapshot(name: &str, actual: &str) {
    let path = repo().join("tests/snapshots").join(name);
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected =
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    assert_eq!(
        actual, expected,
        "snapshot {name} differs (UPDATE_SNAPSHOTS=1 rewrites it)"
    );
}

/// The 20 numbered documents the seed cites, with their dates as ISO ("-" for the undated Pháp lệnh), sorted.
pub fn seed_references() -> Vec<(String, String)> {
    let mut refs: Vec<(String, String)> = [
        ("869-CV/TU", "2022-02-18"),
        ("31-CTr/BDVTU-BCSĐUBND", "2022-01-28"),
        ("54-KH/BDVTU-BCSĐUBND", "2022-01-28"),
        ("01-CTr/BCĐ", "2022-03-03"),
        ("03-KH/BCĐ", "2022-03-03"),
        ("53/KH-UBND", "2022-03-23"),
        ("707-KL/TU", "2021-12-10"),
        ("120-KL/TW", "2016-01-07"),
        ("34/2007/PL-UBTVQH11", "-"),
        ("04/2015/NĐ-CP", "2015-01-09"),
        ("145/2020/NĐ-CP", "2020-12-14"),
        ("159/2016/NĐ-CP", "2016-11-29"),
        ("114-KL/TW", "2015-07-14"),
        ("16/CT-TTg", "2016-05-16"),
        ("33/CT-TTg", "2021-11-26"),
        ("08-CT/TU", "2021-05-25"),
        ("396-QĐ/TU", "2021-10-19"),
        ("85-KH/TU", "2022-02-15"),
        ("436-QĐ-UBND", "2019-06-11"),
        ("737/QĐ-UBND", "2019-09-27"),
    ]
    .iter()
    .map(|(n, d)| (n.to_string(), d.to_string()))
    .collect();
    refs.sort();
    refs
}

/// The table of a sheet from its header row on: the rows above it are the title block (merged, one value a
/// row), the header is the first row with two values or more.
pub fn table(range: &calamine::Range<calamine::Data>) -> Vec<Vec<calamine::Data>> {
    let filled = |r: &[calamine::Data]| r.iter().filter(|c| **c != calamine::Data::Empty).count();
    range
        .rows()
        .skip_while(|r| filled(r) < 2)
        .map(|r| r.to_vec())
        .collect()
}

/// A PostgreSQL database of its own for one test, on the server `PLAN_TEST_POSTGRES` names (an
/// administrator's URL), with the roles the test makes; all dropped when it ends.
pub struct Pg {
    admin: String,
    host: String,
    port: u16,
    pub name: String,
    roles: std::sync::Mutex<Vec<String>>,
}

impl Pg {
    /// A new database, or `None` (the reason printed) when no server is named; under `CI=true` a missing server
    /// fails the test.
    pub fn new() -> Option<Pg> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let Ok(admin) = std::env::var("PLAN_TEST_POSTGRES") else {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true: PLAN_TEST_POSTGRES must name a PostgreSQL server (.ci/run starts one)"
            );
            eprintln!("skipped: PLAN_TEST_POSTGRES names no PostgreSQL server to test against");
            return None;
        };
        let config: postgres::Config = admin.parse().expect("PLAN_TEST_POSTGRES is a URL");
        let host = match &config.get_hosts()[0] {
            postgres::config::Host::Tcp(h) => h.clone(),
            postgres::config::Host::Unix(p) => p.display().to_string(),
        };
        let port = config.get_ports().first().copied().unwrap_or(5432);
        let name = format!(
            "plan_cli_{}_{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        let pg = Pg {
            admin,
            host,
            port,
            name,
            roles: Default::default(),
        };
        pg.admin_sql(&format!("DROP DATABASE IF EXISTS {}", pg.name));
        pg.admin_sql(&format!("CREATE DATABASE {}", pg.name));
        Some(pg)
    }

    fn admin_sql(&self, sql: &str) {
        let mut c = postgres::Client::connect(&self.admin, postgres::NoTls).unwrap();
        c.batch_execute(sql)
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    /// The server's host and port.
    pub fn host_port(&self) -> (String, u16) {
        (self.host.clone(), self.port)
    }

    /// The administrator's role.
    pub fn admin_role(&self) -> String {
        let config: postgres::Config = self.admin.parse().unwrap();
        config.get_user().unwrap_or("postgres").to_string()
    }

    /// The URL of this database for a role.
    pub fn url(&self, role: &str) -> String {
        format!(
            "postgresql://{role}@{}:{}/{}?sslmode=disable",
            self.host, self.port, self.name
        )
    }

    /// The administrator's URL of this database.
    pub fn admin_url(&self) -> String {
        self.url(&self.admin_role())
    }

    /// Makes a login role for this test (its name made unique on the server) and returns its name.
    pub fn role(&self, name: &str) -> String {
        let role = format!("{name}_{}", self.name);
        self.admin_sql(&format!(
            "DROP ROLE IF EXISTS {role}; CREATE ROLE {role} LOGIN"
        ));
        self.roles.lock().unwrap().push(role.clone());
        role
    }

    /// Runs SQL in this database as a role (what `psql` would do).
    pub fn sql_as(&self, role: &str, sql: &str) -> Result<Vec<postgres::Row>, String> {
        let mut c = postgres::Client::connect(&self.url(role), postgres::NoTls)
            .map_err(|e| e.to_string())?;
        c.query(sql, &[]).map_err(|e| {
            e.as_db_error()
                .map(|d| d.message().to_string())
                .unwrap_or_else(|| e.to_string())
        })
    }
}

impl Pg {
    /// Runs statements in one session of this database as a role; the server's message when it refuses.
    pub fn batch_as(&self, role: &str, sql: &str) -> Result<(), String> {
        let mut c = postgres::Client::connect(&self.url(role), postgres::NoTls)
            .map_err(|e| e.to_string())?;
        c.batch_execute(sql).map_err(|e| {
            e.as_db_error()
                .map(|d| d.message().to_string())
                .unwrap_or_else(|| e.to_string())
        })
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let mut sql = format!("DROP DATABASE IF EXISTS {} WITH (FORCE);", self.name);
        for role in self.roles.lock().unwrap().iter() {
            sql.push_str(&format!("DROP ROLE IF EXISTS {role};"));
        }
        if let Ok(mut c) = postgres::Client::connect(&self.admin, postgres::NoTls) {
            for stmt in sql.split(';').filter(|s| !s.trim().is_empty()) {
                let _ = c.batch_execute(stmt);
            }
        }
    }
}
