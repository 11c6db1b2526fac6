//! Every `console` block of README.md runs as written, in order, on one fresh store: each `$ plan ...` line
//! (pipes allowed) must print exactly the lines that follow it.

use crate::harness::{Env, repo};
use std::process::Command;

struct Example {
    command: String,
    expected: String,
}

fn examples(readme: &str) -> Vec<Example> {
    let mut out: Vec<Example> = Vec::new();
    let mut in_block = false;
    for line in readme.lines() {
        if line.starts_with("```console") {
            in_block = true;
        } else if line.starts_with("```") {
            in_block = false;
        } else if in_block {
            if let Some(cmd) = line.strip_prefix("$ ") {
                out.push(Example {
                    command: cmd.to_string(),
                    expected: String::new(),
                });
            } else {
                let last = out
                    .last_mut()
                    .expect("output before any command in a console block");
                last.expected.push_str(line);
                last.expected.push('\n');
            }
        }
    }
    out
}

#[test]
fn readme_examples_run_as_written() {
    let env = Env::file();
    env.copy_plans();
    let bin_dir = std::path::Path::new(env!("CARGO_BIN_EXE_plan"))
        .parent()
        .unwrap()
        .to_path_buf();
    let readme = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let examples = examples(&readme);
    assert!(examples.len() >= 10, "README has its examples");
    for ex in examples {
        let template = env.command(&[]);
        let mut path = std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default())
            .collect::<Vec<_>>();
        path.insert(0, bin_dir.clone());
        let out = Command::new("sh")
            .arg("-c")
            .arg(&ex.command)
            .env_clear()
            .envs(
                template
                    .get_envs()
                    .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v.to_owned()))),
            )
            .env("PATH", std::env::join_paths(path).unwrap())
            .current_dir(env.dir.path())
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let code = out.status.code().unwrap_or(-1);
        assert!(
            code == 0 || code == 1,
            "`{}` failed ({code}): {}",
            ex.command,
            String::from_utf8_lossy(&out.stderr)
        );
        assert_eq!(stdout, ex.expected, "README example `{}`", ex.command);
    }
}
