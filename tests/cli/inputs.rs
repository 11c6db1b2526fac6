//! Issue 11: what `plan` reads (a plans folder, a plan's text or Word file) never hangs it, never takes more
//! memory than a bound, and is never silently cut short.

use crate::harness::{Env, repo};
use std::io::Write;
use std::time::{Duration, Instant};

/// Runs `plan` and fails if it takes longer than `limit` (a hang, or work quadratic in the input).
#[track_caller]
fn within(env: &Env, limit: Duration, args: &[&str]) -> crate::harness::Run {
    let started = Instant::now();
    let mut child = env
        .command(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > limit {
            let _ = child.kill();
            panic!("{args:?} ran longer than {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let out = child.wait_with_output().unwrap();
    crate::harness::Run {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        code: out.status.code().unwrap_or(-1),
    }
}

fn plans_folder(env: &Env) -> String {
    let dir = env.path("plans");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::copy(
        repo().join("plans/2022-skhcn-dan-chu-co-so.toml"),
        dir.join("seed.toml"),
    )
    .unwrap();
    dir.to_str().unwrap().to_string()
}

#[cfg(unix)]
#[test]
fn a_fifo_in_the_plans_folder_is_refused_without_waiting() {
    let env = Env::new();
    let dir = plans_folder(&env);
    let fifo = env.path("plans/pipe.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    let limit = Duration::from_secs(20);
    for args in [
        vec!["validate", &dir],
        vec!["load", &dir],
        vec!["--plans", &dir, "status", "--as-of", "1/5/2022"],
    ] {
        let r = within(&env, limit, &args).code(2);
        assert!(
            r.stderr
                .contains("pipe.toml:1:1: error: this is not a regular file"),
            "{args:?}: {}",
            r.stderr
        );
    }
    assert!(!env.db().exists(), "nothing was loaded");
}

#[test]
fn a_file_larger_than_a_plan_is_refused_before_it_is_read() {
    let env = Env::new();
    let dir = plans_folder(&env);
    // Sparse: 3 GB on paper, nothing on disk; reading it would need 3 GB of memory.
    let huge = std::fs::File::create(env.path("plans/huge.toml")).unwrap();
    huge.set_len(3 << 30).unwrap();
    let r = within(&env, Duration::from_secs(20), &["validate", &dir]).code(2);
    assert!(
        r.stderr.contains(
            "huge.toml:1:1: error: the file is 3.0 GB, larger than a plan file can be (64 MB)"
        ),
        "{}",
        r.stderr
    );
    let r = within(&env, Duration::from_secs(20), &["load", &dir]).code(2);
    assert!(
        r.stderr.contains("larger than a plan file can be"),
        "{}",
        r.stderr
    );
    assert!(!env.db().exists());
    // A text for `extract` likewise.
    let r = within(
        &env,
        Duration::from_secs(20),
        &["extract", env.path("plans/huge.toml").to_str().unwrap()],
    )
    .code(2);
    assert!(
        r.stderr
            .contains("is 3.0 GB, larger than a plan's text can be (64 MB)"),
        "{}",
        r.stderr
    );
}

#[cfg(target_os = "linux")]
#[test]
fn a_name_that_is_not_utf8_is_reported_not_mangled() {
    use std::os::unix::ffi::OsStrExt;
    let env = Env::new();
    let dir = plans_folder(&env);
    let name = std::ffi::OsStr::from_bytes(b"k\xe9-ho\xe1ch.toml");
    std::fs::copy(env.path("plans/seed.toml"), env.path("plans").join(name)).unwrap();
    std::fs::remove_file(env.path("plans/seed.toml")).unwrap();
    let r = env.plan(&["validate", &dir]).code(2);
    assert!(
        r.stderr
            .contains(": error: the name of this file or folder is not UTF-8 text — rename it"),
        "{}",
        r.stderr
    );
}

#[cfg(unix)]
#[test]
fn a_link_loop_in_the_plans_folder_is_read_once() {
    let env = Env::new();
    let dir = plans_folder(&env);
    std::fs::create_dir(env.path("plans/sub")).unwrap();
    std::os::unix::fs::symlink("..", env.path("plans/sub/loop")).unwrap();
    std::os::unix::fs::symlink(".", env.path("plans/self")).unwrap();
    let r = within(&env, Duration::from_secs(20), &["load", &dir]).ok();
    let said = format!("{}{}", r.stdout, r.stderr);
    assert_eq!(said.matches(": added — plan ").count(), 1, "{said}");
}

/// A Word file from parts.
fn docx(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const NUMBERED: &str = r#"<w:document xmlns:w="x"><w:body><w:p><w:r><w:t>KẾ HOẠCH</w:t></w:r></w:p><w:p><w:pPr><w:numPr><w:ilvl w:val="LEVEL"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Rà soát thủ tục hành chính</w:t></w:r></w:p></w:body></w:document>"#;

fn numbering(level: &str, start: &str, format: &str) -> String {
    format!(
        r#"<w:numbering xmlns:w="x"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{level}"><w:start w:val="{start}"/><w:numFmt w:val="{format}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#
    )
}

#[test]
fn numbers_in_a_word_file_are_bounded() {
    let env = Env::new();
    let cases = [
        (
            "level.docx",
            "4000000000",
            "1",
            "decimal",
            "list level of 4000000000",
        ),
        (
            "start.docx",
            "0",
            "4294967295",
            "upperRoman",
            "list start of 4294967295",
        ),
        ("negative.docx", "0", "-1", "decimal", "list start of -1"),
    ];
    for (name, level, start, format, said) in cases {
        let document = NUMBERED.replace("LEVEL", level);
        let bytes = docx(&[
            ("word/document.xml", document.as_bytes()),
            (
                "word/numbering.xml",
                numbering(level, start, format).as_bytes(),
            ),
        ]);
        assert!(bytes.len() < 2_000);
        std::fs::write(env.path(name), bytes).unwrap();
        let r = within(&env, Duration::from_secs(20), &["extract", name]).code(2);
        assert!(r.stderr.contains(said), "{name}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    }
    // Word's own largest start, in Roman numerals, is written in digits past 3999.
    let bytes = docx(&[
        (
            "word/document.xml",
            NUMBERED.replace("LEVEL", "0").as_bytes(),
        ),
        (
            "word/numbering.xml",
            numbering("0", "32767", "upperRoman").as_bytes(),
        ),
    ]);
    std::fs::write(env.path("big-start.docx"), bytes).unwrap();
    let r = within(
        &env,
        Duration::from_secs(20),
        &["extract", "big-start.docx", "--format", "json"],
    );
    assert!(r.code == 0 || r.code == 1, "{}", r.stderr);
    assert!(r.stdout.len() < 100_000);
}

#[test]
fn a_word_file_too_large_unpacked_is_refused_not_cut() {
    let env = Env::new();
    // 65 MiB of XML that packs into a few hundred kilobytes.
    let mut xml = String::from(r#"<w:document xmlns:w="x"><w:body>"#);
    let para = "<w:p><w:r><w:t>Nhiệm vụ</w:t></w:r></w:p>";
    while xml.len() < 65 << 20 {
        xml.push_str(para);
    }
    xml.push_str("</w:body></w:document>");
    let bytes = docx(&[("word/document.xml", xml.as_bytes())]);
    assert!(bytes.len() < 4 << 20, "{}", bytes.len());
    std::fs::write(env.path("bomb.docx"), bytes).unwrap();
    let r = within(&env, Duration::from_secs(60), &["extract", "bomb.docx"]).code(2);
    assert!(
        r.stderr
            .contains("word/document.xml is larger than 64 MB unpacked"),
        "{}",
        r.stderr
    );
    // A zip of many thousands of parts is not a Word file.
    let names: Vec<String> = (0..12_000).map(|i| format!("p/{i}")).collect();
    let mut parts: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
    parts.push(("word/document.xml", NUMBERED.as_bytes()));
    std::fs::write(env.path("many.docx"), docx(&parts)).unwrap();
    let r = within(&env, Duration::from_secs(60), &["extract", "many.docx"]).code(2);
    assert!(
        r.stderr.contains("holds more than 10000 parts"),
        "{}",
        r.stderr
    );
}

/// The CPU time (user and system, in clock ticks) of one run of `plan`, for that child alone, so that other
/// tests running beside it do not count: read from /proc once it has exited and before it is reaped.
#[cfg(target_os = "linux")]
fn cpu_ticks(env: &Env, args: &[&str]) -> f64 {
    let mut child = env
        .command(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stat = format!("/proc/{}/stat", child.id());
    let ticks = loop {
        let text = std::fs::read_to_string(&stat).unwrap();
        // The fields after the command name, which is in parentheses and may hold spaces.
        let fields: Vec<&str> = text[text.rfind(')').unwrap() + 2..].split(' ').collect();
        if fields[0] == "Z" {
            let n = |i: usize| fields[i].parse::<f64>().unwrap();
            break n(11) + n(12);
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    assert!(
        child.wait().unwrap().code().is_some_and(|c| c < 2),
        "{args:?} failed"
    );
    ticks
}

/// A plan whose 20 tasks run on for pages: every sentence names units, "phối hợp" and a document, as in an
/// appendix or a pasted report. About `kb` kilobytes.
fn long_tasks(kb: usize) -> String {
    let mut text = String::from(
        "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI\n\nKẾ HOẠCH\n\nTriển khai nhiệm vụ năm 2025\n\nII. NHIỆM VỤ\n\n",
    );
    let per_task = kb * 1000 / 20;
    let mut k = 0;
    for n in 1..=20 {
        text.push_str(&format!("{n}. "));
        let start = text.len();
        while text.len() - start < per_task {
            k += 1;
            text.push_str(&format!(
                "Phòng Kế hoạch - Tài chính chủ trì, phối hợp với Văn phòng Sở thực hiện Kế hoạch số {k}/KH-UBND ngày {}/{}/2024 của Ủy ban nhân dân tỉnh; báo cáo kết quả trước ngày {}/{}/2025.\n",
                1 + k % 28,
                1 + k % 12,
                1 + k % 28,
                1 + k % 12
            ));
        }
        text.push('\n');
    }
    text.push_str("Nơi nhận:\n- Lưu: VT.\n");
    text
}

/// Issue 11: `extract` and `validate` grow linearly with their input. Four times the input may cost four
/// times the CPU (eight allowed, for noise); quadratic work costs sixteen.
#[cfg(target_os = "linux")]
#[test]
fn extract_and_validate_grow_linearly() {
    let env = Env::new();
    let mut extract = Vec::new();
    for kb in [60, 240] {
        let name = format!("long-{kb}.txt");
        env.write(&name, &long_tasks(kb));
        extract.push(cpu_ticks(
            &env,
            &["extract", &name, "-o", &format!("long-{kb}.toml")],
        ));
    }
    let base = std::fs::read_to_string(repo().join("tests/fixtures/valid-minimal.toml")).unwrap();
    let mut validate = Vec::new();
    for tasks in [2_000, 8_000] {
        let mut text = base.clone();
        for i in 2..=tasks {
            text.push_str(&format!(
                "\n[[tasks]]\nid = \"{i}\"\ntitle = \"Nhiệm vụ {i}\"\ntext = \"Nội dung {i}\"\nlead = [\"hcth\"]\n\n[[tasks.deadlines]]\nkey = \"k\"\ndue = \"12/4/2022\"\nrule = \"by\"\nwording = \"hạn 12/4/2022\"\n"
            ));
        }
        let name = format!("tasks-{tasks}.toml");
        env.write(&name, &text);
        validate.push(cpu_ticks(&env, &["validate", &name]));
    }
    let ratio = |t: &[f64]| t[1] / t[0].max(1.0);
    assert!(ratio(&extract) < 8.0, "extract: {extract:?}");
    assert!(ratio(&validate) < 8.0, "validate: {validate:?}");
}

#[test]
fn a_span_too_long_is_told_apart_from_one_that_is_no_span() {
    let env = Env::seeded();
    for (span, message) in [
        (
            "10000d",
            "--within: `10000d` is longer than 3650 days — give a span of at most 3650d",
        ),
        (
            "522w",
            "--within: `522w` is longer than 3650 days — give a span of at most 3650d",
        ),
        (
            "99999999999999999999d",
            "--within: `99999999999999999999d` is longer than 3650 days — give a span of at most 3650d",
        ),
        (
            "abc",
            "--within: `abc` is not a span — write days (14d or 14) or weeks (2w)",
        ),
        (
            "d",
            "--within: `d` is not a span — write days (14d or 14) or weeks (2w)",
        ),
    ] {
        let r = env
            .plan(&["upcoming", "--within", span, "--as-of", "1/4/2022"])
            .code(2);
        assert_eq!(r.stderr.trim_end(), format!("plan: error: {message}"));
    }
    env.plan(&["upcoming", "--within", "3650d", "--as-of", "1/4/2022"])
        .code(1);
    env.plan(&["upcoming", "--within", "521w", "--as-of", "1/4/2022"])
        .code(1);
    let r = env
        .plan(&["export", "--format", "ics", "--remind", "400d"])
        .code(2);
    assert!(
        r.stderr
            .contains("--remind: `400d` is longer than 365 days"),
        "{}",
        r.stderr
    );
}
