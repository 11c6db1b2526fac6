//! A shared store on PostgreSQL, run through the real binary: the same answers as SQLite on the same data,
//! who may write what, migrations, copies between the backends, and many writers at once. Each test has a
//! database of its own on the server `PLAN_TEST_POSTGRES` names; without one it says why it skips (and under
//! `CI=true`, where `.ci/run` starts a server, it fails).

use crate::harness::{Env, Pg, repo};
use std::path::Path;
use std::sync::Mutex;

/// Roles are the server's, not a database's: the tests that make and grant them take turns.
static ROLES: Mutex<()> = Mutex::new(());

const PLAN: &str = "2022-skhcn-dan-chu-co-so";

/// Copies the bundled plans into the workspace (so that both stores load the same files by the same path).
fn plans(env: &Env) -> String {
    env.copy_plans().display().to_string()
}

/// A year of a clerk's work on the seed plan.
const EVENTS: &[&[&str]] = &[
    &[
        "--as-of",
        "10/4/2022",
        "record",
        "III.2",
        "--by",
        "hcth",
        "--done",
        "--on",
        "10/4/2022",
        "--evidence",
        "Công văn 12/HCTH",
    ],
    &[
        "--as-of",
        "20/4/2022",
        "record",
        "III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--progress",
        "40",
        "--on",
        "20/4/2022",
        "--note",
        "đang tổng hợp",
    ],
    &[
        "--as-of", "1/7/2022", "record", "II.8", "--period", "2022-Q2", "--done", "--on",
        "1/7/2022",
    ],
    &[
        "--as-of",
        "2/7/2022",
        "record",
        "III.3",
        "--deadline",
        "bao-cao-6-thang",
        "--blocked",
        "thiếu kinh phí",
        "--on",
        "2/7/2022",
    ],
    &["--as-of", "3/7/2022", "record", "III.3", "--retract", "2"],
    &[
        "--as-of",
        "12/11/2022",
        "record",
        "III.3",
        "--deadline",
        "bao-cao-nam",
        "--done",
        "--on",
        "12/11/2022",
        "--evidence",
        "Báo cáo số 45/BC-TTUD ngày 12/11/2022",
    ],
];

/// What the commands answer, the store's name and the workspace's folder put aside.
fn answers(env: &Env, store: &str) -> Vec<(String, String)> {
    let asked: &[&[&str]] = &[
        &["--as-of", "12/4/2022", "status", "--format", "tsv"],
        &["--as-of", "12/6/2022", "status", "--format", "json"],
        &["--as-of", "31/12/2022", "status", "--format", "tsv"],
        &["--as-of", "12/6/2022", "overdue", "--format", "tsv"],
        &[
            "--as-of",
            "12/6/2022",
            "overdue",
            "--unit",
            "ttud",
            "--format",
            "tsv",
        ],
        &["--as-of", "12/6/2022", "upcoming", "--format", "tsv"],
        &["--as-of", "31/12/2022", "export", "--format", "csv"],
        &["--as-of", "31/12/2022", "export", "--format", "json"],
        &[
            "--as-of",
            "15/6/2022",
            "report",
            "2022-H1",
            "--format",
            "md",
        ],
        &[
            "--as-of",
            "31/12/2022",
            "report",
            "2022",
            "--format",
            "json",
        ],
        &["history", "--format", "tsv"],
        &["history", "III.3", "--format", "json"],
        &["show", "III.3", "--format", "json"],
        &["units", "--format", "tsv"],
        &["refs", "--format", "tsv"],
        &["find", "dân vận", "--format", "tsv"],
        &["--as-of", "12/6/2022", "remind", "--format", "json"],
        &["revisions", PLAN, "--format", "tsv"],
        &["check"],
    ];
    let dir = env.dir.path().display().to_string();
    asked
        .iter()
        .map(|args| {
            let r = env.plan(args);
            let said = format!("{}{}exit {}", r.stdout, r.stderr, r.code)
                .replace(store, "STORE")
                .replace(&dir, "DIR");
            // Loaded and recorded moments differ between the two runs, and so the hashes of the history
            // (which cover when each event was recorded: a copy keeps them, see below); nothing else may.
            let said = match said.split_once("the newest hash ") {
                Some((head, _)) => format!("{head}the newest hash HASH"),
                None => said,
            };
            (args.join(" "), without_moments(&said))
        })
        .collect()
}

/// `text` with every RFC 3339 moment (2026-12-04T21:30:38+00:00) written TIME.
fn without_moments(text: &str) -> String {
    let shape = "dddd-dd-ddTdd:dd:dd+dd:dd";
    let b = text.as_bytes();
    let fits = |i: usize| {
        b.len() >= i + shape.len()
            && shape.bytes().zip(&b[i..]).all(|(s, &c)| match s {
                b'd' => c.is_ascii_digit(),
                b'+' => c == b'+' || c == b'-',
                s => s == c,
            })
    };
    let mut out = String::new();
    let mut i = 0;
    while i < b.len() {
        if fits(i) {
            out.push_str("TIME");
            i += shape.len();
        } else {
            let c = text[i..].chars().next().unwrap();
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

fn run_year(env: &Env) {
    let plans = plans(env);
    env.plan(&["load", &plans]).ok();
    for args in EVENTS {
        let r = env.plan(args);
        assert!(r.code == 0 || r.code == 1, "{args:?}: {}", r.stderr);
    }
}

#[test]
fn sqlite_and_postgresql_answer_alike_on_the_same_year() {
    let Some(pg) = Pg::new() else { return };
    let (lite, shared) = (Env::file(), Env::on(&pg.admin_url()));
    run_year(&lite);
    run_year(&shared);
    let a = answers(&lite, &lite.db().display().to_string());
    let b = answers(&shared, &pg.admin_url().replace("?sslmode=disable", ""));
    // Who loaded a revision is the account on SQLite (none here: "unknown") and the role on PostgreSQL.
    let role = format!("\t{}\t", pg.admin_role());
    for ((asked, x), (_, y)) in a.iter().zip(&b) {
        assert_eq!(x, &y.replace(&role, "\tunknown\t"), "{asked}");
    }
}

/// A shared store prepared by its administrator: an office that loads the bundled plans, and units.
struct Shared {
    pg: Pg,
    office: String,
    env: Env,
}

fn shared() -> Option<Shared> {
    let pg = Pg::new()?;
    let admin = Env::on(&pg.admin_url());
    admin.plan(&["store", "init"]).ok();
    let office = pg.role("van_phong");
    admin.plan(&["users", "add", &office, "--office"]).ok();
    let env = Env::on(&pg.url(&office));
    let plans = plans(&env);
    env.plan(&["load", &plans]).ok();
    Some(Shared { pg, office, env })
}

/// A unit's role, mapped, and a workspace that connects as it.
fn unit(s: &Shared, name: &str, unit: &str) -> (Env, String) {
    let role = s.pg.role(name);
    Env::on(&s.pg.admin_url())
        .plan(&["users", "add", &role, "--unit", unit])
        .ok();
    (Env::on(&s.pg.url(&role)), role)
}

#[test]
fn a_unit_records_only_on_the_tasks_it_owes() {
    let _turn = ROLES.lock().unwrap_or_else(|e| e.into_inner());
    let Some(s) = shared() else { return };
    let (ttud, role) = unit(&s, "ttud", "ttud");
    let done = ["--as-of", "1/6/2022", "record"];
    // Its own task, and its share of a task its parent unit leads.
    let mine = [
        &done[..],
        &["III.3", "--deadline", "bao-cao-6-thang", "--done"],
    ]
    .concat();
    ttud.plan(&mine).ok();
    let share = [&done[..], &["III.2", "--by", "ttud", "--done"]].concat();
    ttud.plan(&share).ok();
    // Another unit's task, and another member's share: refused in one line, nothing written.
    for other in [
        &["II.1", "--note", "không phải việc của mình"][..],
        &["III.2", "--by", "hcth", "--done"],
    ] {
        let r = ttud.plan(&[&done[..], other].concat()).code(2);
        assert!(r.stderr.starts_with("plan: error: "), "{}", r.stderr);
        assert!(r.stderr.contains("row-level security"), "{}", r.stderr);
        assert!(r.stderr.contains("nothing was changed"), "{}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    }
    assert_eq!(s.env.history().len(), 2);
    // Who recorded is the server's to say, whatever the client sends.
    let by =
        s.pg.sql_as(
            &s.pg.admin_role(),
            "SELECT recorded_by FROM events ORDER BY id",
        )
        .unwrap();
    let who: Vec<String> = by.iter().map(|r| r.get(0)).collect();
    assert!(who.iter().all(|w| w.starts_with("ttud_")), "{who:?}");
    // Straight SQL changes nothing of the history either: not granted, and guarded besides.
    for sql in [
        "UPDATE events SET note = 'sửa'",
        "DELETE FROM events",
        "DELETE FROM event_hashes",
        "UPDATE revisions SET file = 'x'",
    ] {
        let e = s.pg.sql_as(&role, sql).unwrap_err();
        assert!(e.contains("permission denied"), "{sql}: {e}");
    }
    for sql in [
        "UPDATE events SET note = 'sửa'",
        "DELETE FROM events",
        "TRUNCATE events CASCADE",
    ] {
        let e = s.pg.sql_as(&s.pg.admin_role(), sql).unwrap_err();
        assert!(e.contains("append-only"), "{sql}: {e}");
    }
    assert_eq!(s.env.history().len(), 2);
    // Saying another unit did the work is refused too.
    let claim = [
        &done[..],
        &[
            "III.3",
            "--deadline",
            "bao-cao-nam",
            "--by",
            "hcth",
            "--done",
        ],
    ]
    .concat();
    let r = ttud.plan(&claim).code(2);
    assert!(r.stderr.contains("row-level security"), "{}", r.stderr);
    // A temporary table named like the store's map of roles does not stand in for it.
    let shadow = "CREATE TEMP TABLE plan_roles (role text, unit text, plan text, office boolean);
        INSERT INTO pg_temp.plan_roles VALUES (current_user, 'so', NULL, true);
        INSERT INTO events (task_rid, kind, on_date, recorded_at)
            VALUES ((SELECT rid FROM tasks WHERE id = 'II.1'), 'note', '2022-06-01', 'x')";
    let e = s.pg.batch_as(&role, shadow).unwrap_err();
    assert!(e.contains("row-level security"), "{e}");
    // The summaries of others' tasks, and the mark of a snapshot, are not a unit's to write: the office
    // records on III.4 (Phòng Hành chính - Tổng hợp's), and ttud's role sees no row of it to change.
    s.env
        .plan(&[
            "--as-of",
            "1/6/2022",
            "record",
            "III.4",
            "--note",
            "đang làm",
        ])
        .ok();
    let summary =
        "SELECT task_rid FROM progress WHERE task_rid = (SELECT rid FROM tasks WHERE id = 'III.4')";
    assert_eq!(s.pg.sql_as(&s.pg.admin_role(), summary).unwrap().len(), 1);
    let forged = s
        .pg
        .sql_as(
            &role,
            "UPDATE progress SET note = 'xong' WHERE task_rid = (SELECT rid FROM tasks WHERE id = 'III.4') RETURNING task_rid",
        )
        .unwrap();
    assert!(
        forged.is_empty(),
        "another unit's summary is not the unit's to change"
    );
    let e =
        s.pg.sql_as(
            &role,
            "INSERT INTO meta (key, value) VALUES ('snapshot_at', 'x')",
        )
        .unwrap_err();
    assert!(e.contains("row-level security"), "{e}");
    assert_eq!(s.env.history().len(), 3);
    assert!(s.env.plan(&["check"]).ok().stdout.ends_with(": ok\n"));
}

#[test]
fn a_role_reads_only_once_it_is_mapped() {
    let _turn = ROLES.lock().unwrap_or_else(|e| e.into_inner());
    let Some(s) = shared() else { return };
    // Granted the units' rights by hand but never mapped to a unit: it sees no row.
    let stray = s.pg.role("stray");
    s.pg.sql_as(&s.pg.admin_role(), &format!("GRANT plan_unit TO {stray}"))
        .unwrap();
    let env = Env::on(&s.pg.url(&stray));
    let rows = env
        .plan(&["--as-of", "12/6/2022", "status", "--format", "json"])
        .ok()
        .json();
    assert_eq!(rows.as_array().unwrap().len(), 0, "{rows}");
    // Not granted at all: refused, in one line.
    let stranger = s.pg.role("stranger");
    let r = Env::on(&s.pg.url(&stranger)).plan(&["status"]).code(2);
    assert!(r.stderr.contains("permission denied"), "{}", r.stderr);
    // Mapped: it reads everything.
    let (hcth, _) = unit(&s, "hcth", "hcth");
    let rows = hcth
        .plan(&["--as-of", "12/6/2022", "status", "--format", "json"])
        .ok()
        .json();
    assert!(rows.as_array().unwrap().len() > 20);
}

#[test]
fn only_its_owner_loads_a_plan() {
    let _turn = ROLES.lock().unwrap_or_else(|e| e.into_inner());
    let Some(s) = shared() else { return };
    let other = s.pg.role("so_noi_vu");
    Env::on(&s.pg.admin_url())
        .plan(&["users", "add", &other, "--office"])
        .ok();
    let env = Env::on(&s.pg.url(&other));
    let plans = plans(&env);
    let file = format!("{plans}/{PLAN}.toml");
    let r = env.plan(&["load", &file]).code(2);
    assert!(
        r.stderr.contains(&format!("is owned by {}", s.office)),
        "{}",
        r.stderr
    );
    // A unit loads nothing at all.
    let (ttud, _) = unit(&s, "ttud_load", "ttud");
    let plans = self::plans(&ttud);
    let r = ttud
        .plan(&["load", &format!("{plans}/{PLAN}.toml")])
        .code(2);
    assert!(r.stderr.contains("is owned by"), "{}", r.stderr);
    let owner = s.env.plan(&["plans", "--format", "json"]).ok().json()[0]["owner"].clone();
    assert_eq!(owner, serde_json::json!(s.office));
}

#[test]
fn two_plans_migrating_one_database_at_once_make_one_schema() {
    let Some(pg) = Pg::new() else { return };
    // Four commands at once on an empty database, then four loads of the same folder at once.
    let env = Env::on(&pg.admin_url());
    let plans = plans(&env);
    let children: Vec<_> = (0..4)
        .map(|_| {
            env.command(&["--as-of", "12/6/2022", "status"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        // An empty database read is "no store yet" (exit 2) — none of them may fail otherwise.
        let said = String::from_utf8_lossy(&out.stderr);
        assert!(
            said.is_empty() || said.contains("there is no store"),
            "{said}"
        );
    }
    let loads: Vec<_> = (0..4)
        .map(|_| {
            env.command(&["load", &plans])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in loads {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let rows = pg
        .sql_as(&pg.admin_role(), "SELECT version FROM plan_schema")
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].get::<_, i64>(0), 2, "the latest schema, once");
}

#[test]
fn a_newer_schema_is_refused_untouched() {
    let Some(pg) = Pg::new() else { return };
    let env = Env::on(&pg.admin_url());
    run_year(&env);
    pg.sql_as(&pg.admin_role(), "UPDATE plan_schema SET version = 99")
        .unwrap();
    for args in [
        &["status"][..],
        &["record", "III.4", "--note", "x"],
        &["check"],
    ] {
        let r = env.plan(args).code(2);
        assert!(
            r.stderr.contains("schema version 99, newer"),
            "{}",
            r.stderr
        );
    }
    let v = pg
        .sql_as(&pg.admin_role(), "SELECT version FROM plan_schema")
        .unwrap();
    assert_eq!(v[0].get::<_, i64>(0), 99);
    let n = pg
        .sql_as(&pg.admin_role(), "SELECT count(*) FROM events")
        .unwrap();
    assert_eq!(n[0].get::<_, i64>(0), EVENTS.len() as i64);
}

#[test]
fn an_office_moves_to_the_shared_store_and_takes_a_snapshot_back() {
    let Some(pg) = Pg::new() else { return };
    let lite = Env::file();
    run_year(&lite);
    let url = pg.admin_url();
    lite.plan(&["backup", &url]).ok();
    let shared = Env::on(&url);
    let check = |env: &Env| {
        let r = env.plan(&["check"]).ok();
        (
            r.stdout.ends_with(": ok\n"),
            r.stderr.split_whitespace().last().map(str::to_string),
        )
    };
    let (ok, head) = check(&shared);
    assert!(ok);
    assert_eq!(head, check(&lite).1, "the chain is the same after the copy");
    assert_eq!(shared.history().len(), lite.history().len());
    assert_eq!(
        shared
            .plan(&["--as-of", "31/12/2022", "status", "--format", "json"])
            .ok()
            .stdout,
        lite.plan(&["--as-of", "31/12/2022", "status", "--format", "json"])
            .ok()
            .stdout
    );
    // New events number on from the copied ones.
    shared
        .plan(&[
            "record",
            "III.4",
            "--note",
            "sau khi chuyển",
            "--on",
            "1/1/2023",
        ])
        .ok();
    let ids: Vec<i64> = shared
        .history()
        .iter()
        .map(|e| e["event"].as_i64().unwrap())
        .collect();
    assert_eq!(ids.last(), Some(&7), "{ids:?}");
    // A copy into a store that has data is refused, and changes nothing.
    let r = lite.plan(&["backup", &url]).code(2);
    assert!(
        r.stderr.contains("already holds plans or history"),
        "{}",
        r.stderr
    );
    assert_eq!(shared.history().len(), 7);
    // And back: a consistent SQLite snapshot of the shared store.
    shared.plan(&["backup", "snap.db"]).ok();
    let snap = shared.path("snap.db");
    let copy = Env::file();
    let r = copy.plan(&["--db", snap.to_str().unwrap(), "check"]).ok();
    assert!(r.stdout.ends_with(": ok\n"), "{}", r.stdout);
    assert_eq!(
        r.stderr.split_whitespace().last(),
        check(&shared).1.as_deref()
    );
    let r = copy
        .plan(&[
            "--db",
            snap.to_str().unwrap(),
            "record",
            "III.4",
            "--note",
            "x",
        ])
        .code(2);
    assert!(r.stderr.contains("is a backup of"), "{}", r.stderr);
}

#[test]
fn a_password_is_never_shown() {
    let env = Env::file();
    let r = env
        .plan(&[
            "--db",
            "postgresql://clerk:s3cr%65t@127.0.0.1:1/kh?sslmode=disable",
            "status",
        ])
        .code(2);
    assert!(!r.stderr.contains("s3cr"), "{}", r.stderr);
    assert!(
        r.stderr.contains("postgresql://clerk@127.0.0.1:1/kh"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("could not be reached"), "{}", r.stderr);
    assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    let r = env
        .plan(&["--db", "postgresql://h:port/d", "status"])
        .code(2);
    assert!(
        r.stderr.contains("port `port` is not a number"),
        "{}",
        r.stderr
    );
}

#[test]
fn roles_are_for_a_shared_store_only() {
    let env = Env::seeded_file();
    let r = env.plan(&["users", "list"]).code(2);
    assert!(
        r.stderr.contains("one office's SQLite file"),
        "{}",
        r.stderr
    );
}

/// Sixteen processes record at once while a seventeenth loads the plans again and again: every event is
/// there once, and no command failed (a transaction the server gives up on is run again, never shown).
#[test]
fn sixteen_writers_and_a_loader() {
    let Some(pg) = Pg::new() else { return };
    let env = Env::on(&pg.admin_url());
    run_year(&env);
    let before = env.history().len();
    let each: usize = std::env::var("PLAN_TEST_EVENTS_PER_WRITER")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(200);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let plans = plans(&env);
    let loader = {
        let (stop, db, dir, plans) = (
            stop.clone(),
            pg.admin_url(),
            env.dir.path().to_path_buf(),
            plans.clone(),
        );
        std::thread::spawn(move || {
            let mut loads = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let out = loader_run(&db, &dir, &plans);
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                loads += 1;
            }
            loads
        })
    };
    let tasks = [
        "II.1", "II.2", "II.3", "II.5", "II.6", "II.7", "II.9", "II.10",
    ];
    let writers: Vec<_> = (0..16)
        .map(|w| {
            let script: String = (0..each)
                .map(|i| {
                    format!(
                        "\"$0\" record {} --note 'w{w}-{i}' --on 1/7/2022 >/dev/null || exit 1\n",
                        tasks[w % tasks.len()]
                    )
                })
                .collect();
            let cmd = env.command(&[]);
            let program = cmd.get_program().to_owned();
            let mut sh = std::process::Command::new("sh");
            sh.arg("-c")
                .arg(script)
                .arg(program)
                .current_dir(env.dir.path())
                .env_clear();
            for (k, v) in cmd.get_envs() {
                if let Some(v) = v {
                    sh.env(k, v);
                }
            }
            sh.stderr(std::process::Stdio::piped()).spawn().unwrap()
        })
        .collect();
    for w in writers {
        let out = w.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let said = String::from_utf8_lossy(&out.stderr);
        let other: Vec<&str> = said
            .lines()
            .filter(|l| !l.starts_with("plan: recorded event"))
            .collect();
        assert!(other.is_empty(), "{other:#?}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(loader.join().unwrap() > 0);
    let notes: Vec<String> = env
        .history()
        .iter()
        .filter_map(|e| e["note"].as_str().map(str::to_string))
        .filter(|n| n.starts_with('w'))
        .collect();
    assert_eq!(notes.len(), 16 * each);
    let unique: std::collections::HashSet<&String> = notes.iter().collect();
    assert_eq!(unique.len(), 16 * each, "each event once");
    assert_eq!(env.history().len(), before + 16 * each);
    assert!(env.plan(&["check"]).ok().stdout.ends_with(": ok\n"));
}

fn loader_run(db: &str, dir: &Path, plans: &str) -> std::process::Output {
    // The same plans, touched so that the load reads them again.
    for entry in std::fs::read_dir(plans).unwrap() {
        let p = entry.unwrap().path();
        let text = std::fs::read(&p).unwrap();
        std::fs::write(&p, text).unwrap();
    }
    std::process::Command::new(env!("CARGO_BIN_EXE_plan"))
        .args(["load", plans])
        .current_dir(dir)
        .env_clear()
        .env("PLAN_DB", db)
        .env("PLAN_CONFIG", dir.join("config.toml"))
        .env("LANG", "C")
        .output()
        .unwrap()
}

/// The `sh` blocks of the README's section on the shared store, in order.
fn readme_blocks() -> Vec<String> {
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let start = readme
        .find("## A shared store")
        .expect("the README has its section on the shared store");
    let section = &readme[start..];
    let end = section[3..].find("\n## ").map_or(section.len(), |i| i + 3);
    let mut blocks = Vec::new();
    let mut block: Option<String> = None;
    for line in section[..end].lines() {
        match (&mut block, line) {
            (None, "```sh") => block = Some(String::new()),
            (Some(b), "```") => {
                blocks.push(std::mem::take(b));
                block = None;
            }
            (Some(b), l) => {
                b.push_str(l);
                b.push('\n');
            }
            _ => {}
        }
    }
    blocks
}

/// Runs a README block with `sh -e` in `dir`, as the administrator of the test server, `plan` on the PATH.
fn run_block(pg: &Pg, dir: &Path, block: &str) -> crate::harness::Run {
    let bin = Path::new(env!("CARGO_BIN_EXE_plan")).parent().unwrap();
    let mut path = vec![bin.to_path_buf()];
    path.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    let (host, port) = pg.host_port();
    let mut sh = std::process::Command::new("sh");
    sh.arg("-ec")
        .arg(block)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::join_paths(path).unwrap())
        .env("PGHOST", host)
        .env("PGPORT", port.to_string())
        .env("PGUSER", pg.admin_role())
        .env("PLAN_CONFIG", dir.join("config.toml"))
        .env("LANG", "C")
        .env("TZ", "Asia/Ho_Chi_Minh");
    crate::harness::collect_command(&mut sh)
}

#[test]
fn the_readme_sets_up_a_shared_store_as_written() {
    let _turn = ROLES.lock().unwrap_or_else(|e| e.into_inner());
    let Some(pg) = Pg::new() else { return };
    let blocks = readme_blocks();
    assert_eq!(blocks.len(), 2, "{blocks:#?}");
    // The block's own names, on a server of tests: made fresh, and dropped after.
    let clean = || {
        for sql in [
            "DROP DATABASE IF EXISTS plans WITH (FORCE)",
            "DROP ROLE IF EXISTS van_phong",
            "DROP ROLE IF EXISTS ttud",
        ] {
            let _ = pg.sql_as(&pg.admin_role(), sql);
        }
    };
    clean();
    let env = Env::file();
    plans(&env);
    let r = run_block(&pg, env.dir.path(), &blocks[0]);
    let said = format!("{}{}", r.stdout, r.stderr);
    assert_eq!(r.code, 0, "{said}");
    assert!(said.contains("refused: II.1 is not ttud's"), "{said}");
    assert!(
        said.contains("new row violates row-level security"),
        "{said}"
    );
    let overdue = r
        .stdout
        .split("task\tdeadline\n")
        .nth(1)
        .expect("the overdue list");
    assert!(overdue.contains("III.2\tdang-ky-mo-hinh"), "{overdue}");
    assert!(!overdue.contains("III.3\tbao-cao-6-thang"), "{overdue}");
    assert!(r.stdout.contains("ttud\tunit ttud\t*"), "{}", r.stdout);
    assert!(r.stdout.contains("van_phong\toffice\t*"), "{}", r.stdout);
    // The move: an office's SQLite store into the (again empty) shared database, and a snapshot back.
    let _ = pg.sql_as(
        &pg.admin_role(),
        "DROP DATABASE IF EXISTS plans WITH (FORCE)",
    );
    let _ = pg.sql_as(&pg.admin_role(), "CREATE DATABASE plans");
    let lite = Env {
        store: Some(env.path("plan.db").display().to_string()),
        ..Env::file()
    };
    run_year(&lite);
    let r = run_block(&pg, env.dir.path(), &blocks[1]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert!(r.stdout.ends_with(": ok\n"), "{}", r.stdout);
    clean();
}

#[test]
fn check_finds_a_shared_history_changed_behind_its_back() {
    let Some(pg) = Pg::new() else { return };
    let env = Env::on(&pg.admin_url());
    run_year(&env);
    assert!(env.plan(&["check"]).ok().stdout.ends_with(": ok\n"));
    // The database's owner turns a guard off, edits an event and a summary, and turns it on again.
    pg.sql_as(
        &pg.admin_role(),
        "ALTER TABLE events DISABLE TRIGGER events_append_only_update",
    )
    .unwrap();
    pg.sql_as(
        &pg.admin_role(),
        "UPDATE events SET note = 'sửa lén' WHERE id = 2",
    )
    .unwrap();
    pg.sql_as(
        &pg.admin_role(),
        "UPDATE progress SET done_on = '2022-01-01' WHERE deadline_key = 'dang-ky-mo-hinh'",
    )
    .unwrap();
    let r = env.plan(&["check"]).code(1);
    assert!(r.stdout.contains("event 2"), "{}", r.stdout);
    assert!(
        r.stdout.contains("events_append_only_update"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("III.2"), "{}", r.stdout);
    for sql in [
        "ALTER TABLE events ENABLE TRIGGER events_append_only_update",
        "ALTER TABLE events DISABLE ROW LEVEL SECURITY",
    ] {
        pg.sql_as(&pg.admin_role(), sql).unwrap();
    }
    let r = env.plan(&["check"]).code(1);
    assert!(
        r.stdout
            .contains("row-level security is off on table events"),
        "{}",
        r.stdout
    );
}

#[test]
fn only_the_office_that_owns_a_plan_dates_its_events() {
    let _turn = ROLES.lock().unwrap_or_else(|e| e.into_inner());
    let Some(s) = shared() else { return };
    let plan = "2026-xa-an-phu-bau-cu";
    let record = |env: &Env| {
        env.plan(&[
            "record",
            plan,
            "--event",
            "hiep-thuong-1",
            "--on",
            "5/12/2025",
            "--as-of",
            "12/12/2025",
        ])
    };
    // A unit, even the one that owes the deadline counted from it, and another office: refused, nothing
    // written.
    let (mttq, _) = unit(&s, "mttq", "mttq-xa");
    let other = s.pg.role("so_khac");
    Env::on(&s.pg.admin_url())
        .plan(&["users", "add", &other, "--office"])
        .ok();
    for env in [mttq, Env::on(&s.pg.url(&other))] {
        let r = record(&env).code(2);
        // A unit is not granted the table; another office is, but not for a plan it does not own.
        assert!(
            r.stderr.contains("row-level security") || r.stderr.contains("permission denied"),
            "{}",
            r.stderr
        );
        assert!(r.stderr.contains("nothing was changed"), "{}", r.stderr);
    }
    let none =
        s.pg.sql_as(&s.pg.admin_role(), "SELECT count(*) FROM event_dates")
            .unwrap();
    assert_eq!(none[0].get::<_, i64>(0), 0);
    // The owner dates it; who did is the server's to say; and no one edits it after.
    record(&s.env).ok();
    let who =
        s.pg.sql_as(&s.pg.admin_role(), "SELECT recorded_by FROM event_dates")
            .unwrap();
    assert_eq!(who[0].get::<_, String>(0), s.office);
    for sql in [
        "UPDATE event_dates SET on_date = '2025-12-01'",
        "DELETE FROM event_dates",
    ] {
        let e = s.pg.sql_as(&s.office, sql).unwrap_err();
        assert!(e.contains("permission denied"), "{sql}: {e}");
        let e = s.pg.sql_as(&s.pg.admin_role(), sql).unwrap_err();
        assert!(e.contains("append-only"), "{sql}: {e}");
    }
    let rows = s
        .env
        .plan(&[
            "status",
            "--plan",
            plan,
            "--as-of",
            "8/12/2025",
            "--format",
            "json",
        ])
        .ok()
        .json();
    let task2 = rows
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["task"] == "2")
        .unwrap();
    assert_eq!(
        (&task2["due"], &task2["state"]),
        (
            &serde_json::Value::from("2025-12-12"),
            &serde_json::Value::from("open")
        )
    );
}
