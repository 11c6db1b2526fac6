//! Issue 11: a file `plan` writes (`-o`, `backup`, `restore`, the copy before a migration) never replaces the
//! store, never goes through a link, never lands half-written or left behind, and a copy of the store is
//! private.

use crate::harness::{Env, repo};
use std::path::Path;
use std::time::{Duration, Instant};

/// The store's bytes: the database and its log.
fn store_bytes(env: &Env) -> (Vec<u8>, Vec<u8>) {
    let read = |s: &str| std::fs::read(env.path(&format!("store.db{s}"))).unwrap_or_default();
    (read(""), read("-wal"))
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// The names in the workspace that are temporary files of a write.
fn leftovers(env: &Env) -> Vec<String> {
    std::fs::read_dir(env.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".plan-tmp") || n.ends_with(".tmp") || n.starts_with(".plan-"))
        .collect()
}

#[cfg(unix)]
#[test]
fn no_command_writes_over_the_store_its_log_or_a_link_to_them() {
    let env = Env::seeded_file();
    env.plan(&["record", "III.5", "--note", "x", "--as-of", "12/6/2022"])
        .ok();
    std::fs::hard_link(env.db(), env.path("hard.db")).unwrap();
    std::os::unix::fs::symlink(env.db(), env.path("soft.db")).unwrap();
    std::os::unix::fs::symlink("store.db-wal", env.path("soft-wal")).unwrap();
    let before = store_bytes(&env);
    let db = env.db().to_str().unwrap().to_string();
    let wal = format!("{db}-wal");
    let shm = format!("{db}-shm");
    for target in [
        &db,
        &wal,
        &shm,
        "hard.db",
        "soft.db",
        "soft-wal",
        "./store.db",
    ] {
        for args in [
            vec!["export", "-o", target],
            vec!["export", "--format", "xlsx", "-o", target],
            vec![
                "report",
                "--period",
                "2022-Q2",
                "--as-of",
                "30/6/2022",
                "-o",
                target,
            ],
            vec!["backup", target],
        ] {
            let r = env.plan(&args).code(2);
            assert!(
                r.stderr.contains("is the store itself (or its log)")
                    && r.stderr.lines().count() == 1,
                "{args:?}: {}",
                r.stderr
            );
        }
    }
    let extract = env.write("plan.txt", "KẾ HOẠCH\nThử\n");
    let r = env
        .plan(&["extract", extract.to_str().unwrap(), "-o", &db])
        .code(2);
    assert!(r.stderr.contains("is the store itself"), "{}", r.stderr);
    assert!(store_bytes(&env) == before, "the store is untouched");
    assert_eq!(mode(&env.db()), 0o600);
    env.plan(&["check"]).ok();
    assert_eq!(env.history().len(), 1, "the event is still there");
}

#[cfg(unix)]
#[test]
fn links_fifos_and_folders_are_refused_and_dash_is_stdout() {
    let env = Env::seeded_file();
    let victim = env.write("victim.txt", "keep me\n");
    std::os::unix::fs::symlink(&victim, env.path("link.csv")).unwrap();
    let r = env.plan(&["export", "-o", "link.csv"]).code(2);
    assert!(r.stderr.contains("is a symbolic link"), "{}", r.stderr);
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");
    assert!(
        std::fs::symlink_metadata(env.path("link.csv"))
            .unwrap()
            .file_type()
            .is_symlink()
    );

    let fifo = env.path("pipe.csv");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let started = Instant::now();
    let r = env.plan(&["export", "-o", "pipe.csv"]).code(2);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "no wait for a reader"
    );
    assert!(r.stderr.contains("is not a regular file"), "{}", r.stderr);
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo_like()
    );

    std::fs::create_dir(env.path("folder")).unwrap();
    let r = env.plan(&["export", "-o", "folder"]).code(2);
    assert!(r.stderr.contains("is not a regular file"), "{}", r.stderr);
    let r = env.plan(&["backup", "/dev/null"]).code(2);
    assert!(r.stderr.contains("is not a regular file"), "{}", r.stderr);

    let r = env.plan(&["export", "--format", "csv", "-o", "-"]).ok();
    assert!(r.stdout.starts_with("plan,task,"), "{}", r.stdout);
    assert!(!env.path("-").exists(), "`-` is stdout, not a file");
    assert!(leftovers(&env).is_empty(), "{:?}", leftovers(&env));
}

/// `FileType::is_fifo` behind a name that reads in the assertion above.
trait FifoLike {
    fn is_fifo_like(&self) -> bool;
}

#[cfg(unix)]
impl FifoLike for std::fs::FileType {
    fn is_fifo_like(&self) -> bool {
        std::os::unix::fs::FileTypeExt::is_fifo(self)
    }
}

#[cfg(unix)]
#[test]
fn copies_of_the_store_are_private_and_a_replaced_file_keeps_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let env = Env::seeded_file();
    env.plan(&["backup", "b.db"]).ok();
    assert_eq!(mode(&env.path("b.db")), 0o600, "a backup");
    env.plan(&["backup", "b.db"]).ok();
    assert_eq!(mode(&env.path("b.db")), 0o600, "a backup replaced");
    env.plan(&["--db", "r.db", "restore", "b.db"]).ok();
    assert_eq!(mode(&env.path("r.db")), 0o600, "a restored store");
    // The copy kept before a migration.
    let old = env.path("old.db");
    std::fs::copy(repo().join("tests/fixtures/stores/v4.db"), &old).unwrap();
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o600)).unwrap();
    env.plan(&["--db", "old.db", "check"]).ok();
    assert_eq!(
        mode(&env.path("old.db.v4.bak")),
        0o600,
        "the pre-migration copy"
    );
    // An export over a private file stays private; over a shared one stays shared.
    for m in [0o600, 0o640, 0o644] {
        let out = env.write("out.csv", "old\n");
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(m)).unwrap();
        env.plan(&["export", "-o", "out.csv"]).ok();
        assert_eq!(mode(&out), m);
        let written = std::fs::read_to_string(&out).unwrap();
        assert!(written.starts_with("plan\t"), "{written}");
    }
}

#[test]
fn a_legal_long_name_is_written() {
    let env = Env::seeded_file();
    // 254 bytes: a temporary name built by adding to it would pass the 255-byte limit of most file systems.
    let name = format!("{}.csv", "đ".repeat(125));
    assert_eq!(name.len(), 254);
    env.plan(&["export", "--format", "csv", "-o", &name]).ok();
    assert!(env.path(&name).exists());
    assert!(leftovers(&env).is_empty(), "{:?}", leftovers(&env));
}

/// A store large enough that an export of it takes a while, so that a signal reaches it mid-write.
fn big_store(env: &Env) {
    let mut text = String::from(
        "[plan]\nid = \"big\"\ntitle = \"Lớn\"\nissuer = \"Sở\"\nyear = 2022\n\n[[units]]\nid = \"u\"\nname = \"Phòng\"\n",
    );
    for t in 0..20_000 {
        text.push_str(&format!(
            "\n[[tasks]]\nid = \"{t}\"\ntitle = \"Việc {t}\"\ntext = \"Nội dung {t}\"\nlead = [\"u\"]\n\n[[tasks.deadlines]]\nkey = \"k\"\ndue = \"12/4/2022\"\nrule = \"by\"\nwording = \"hạn\"\n"
        ));
    }
    let file = env.write("big.toml", &text);
    env.plan(&["load", file.to_str().unwrap()]).ok();
}

const EXPORT: &[&str] = &[
    "export", "--format", "csv", "-o", "out.csv", "--as-of", "1/5/2022",
];

/// Starts an export of the whole store to `out.csv` (rows stream into its temporary file as they are read),
/// waits until its temporary file exists, then sends `signal`; returns once the process has ended.
#[cfg(unix)]
fn interrupt_export(env: &Env, signal: &str) -> bool {
    let mut child = env
        .command(EXPORT)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut caught = false;
    while started.elapsed() < Duration::from_secs(60) {
        if !leftovers(env).is_empty() {
            let pid = child.id().to_string();
            caught = std::process::Command::new("kill")
                .args([&format!("-{signal}"), &pid])
                .status()
                .unwrap()
                .success();
            break;
        }
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    child.wait().unwrap();
    caught
}

#[cfg(unix)]
#[test]
fn an_interrupted_export_leaves_no_temporary_file() {
    let env = Env::file();
    big_store(&env);
    for signal in ["TERM", "HUP", "INT"] {
        let caught = interrupt_export(&env, signal);
        assert!(
            caught,
            "{signal}: the export ended before it could be interrupted"
        );
        assert!(
            leftovers(&env).is_empty(),
            "{signal}: {:?}",
            leftovers(&env)
        );
        // Either nothing, or (a signal that came as the file was renamed into place) the whole file.
        if let Ok(out) = std::fs::read_to_string(env.path("out.csv")) {
            assert_eq!(out.lines().count(), 20_001, "{signal}: half a file");
        }
    }
    // Killed outright, it cannot clean up; the next write to the same file does.
    assert!(interrupt_export(&env, "KILL"));
    assert_eq!(leftovers(&env).len(), 1, "{:?}", leftovers(&env));
    env.plan(EXPORT).ok();
    assert!(leftovers(&env).is_empty(), "{:?}", leftovers(&env));
    assert!(env.path("out.csv").exists());
}

#[cfg(unix)]
#[test]
fn links_planted_at_temporary_names_redirect_nothing() {
    let env = Env::seeded_file();
    let victim = env.write("victim.txt", "keep me\n");
    // Every name the earlier scheme (`.NAME.PID.tmp`) could use for the next few processes, and names in the
    // pattern of today's, planted as links to the victim.
    let next = std::process::id();
    for pid in next..next + 300 {
        for name in [
            format!(".out.csv.{pid}.tmp"),
            format!(".out.csv.{pid}.aaaaaaaa.plan-tmp"),
        ] {
            std::os::unix::fs::symlink(&victim, env.path(&name)).unwrap();
        }
    }
    env.plan(&["export", "--format", "csv", "-o", "out.csv"])
        .ok();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me\n");
    let out = std::fs::read_to_string(env.path("out.csv")).unwrap();
    assert!(
        out.trim_start_matches('\u{feff}').starts_with("plan,"),
        "{out}"
    );
    let links = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_type().unwrap().is_symlink())
        .count();
    assert_eq!(
        links, 600,
        "planted links are left alone, not followed or removed"
    );
}
