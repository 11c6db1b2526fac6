//! `plan` tracks Vietnamese public-agency plans ("Kế hoạch"): their tasks, deadlines and references, the
//! progress recorded against them, and which deadlines are done on time, late, open or overdue as of a date.
//!
//! Data flows one way: plan files → [`planfile`] (validated [`domain::Plan`]) → [`store`] → [`commands`]
//! (rows) → [`render`].

pub mod calendar;
pub mod cli;
pub mod commands;
pub mod context;
pub mod date;
pub mod docnum;
pub mod document;
pub mod domain;
pub mod error;
pub mod extract;
pub mod i18n;
pub mod infile;
pub mod outfile;
pub mod planfile;
pub mod render;
pub mod shown;
pub mod store;
pub mod text;

use std::process::ExitCode;

/// Prints a line on stderr as `eprintln!` does, with every character a terminal would obey shown instead
/// (see [`shown`]): messages quote file names, ids and text that may hold them.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::shown::shown(&format!($($arg)*)))
    };
}

/// What a command found, as an exit code: 0 nothing to report, 1 something found (overdue items).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Clean,
    /// Exit 1: the command found what it looks for (e.g. overdue deadlines).
    Found,
}

/// Exit code for errors: bad input, bad arguments, a store that cannot be used.
pub const EXIT_ERROR: u8 = 2;

/// Parses the command line, runs the command and turns the result into an exit code.
pub fn run() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = context::early_lang(&args);
    i18n::set(lang);
    store::on_wait(|| {
        say!(
            "plan: {}",
            i18n::tr(
                "waiting for another plan command to finish writing the store (a load of many files can take a minute)…",
                "đang chờ một lệnh plan khác ghi xong vào kho dữ liệu (nạp nhiều tệp có thể mất một phút)…",
            )
        )
    });
    let mut command = <cli::Cli as clap::CommandFactory>::command();
    if lang == i18n::Lang::Vi {
        command = cli::vietnamese(command);
    }
    let matched = command.clone().try_get_matches_from(&args);
    if lang == i18n::Lang::Vi
        && let Ok(m) = &matched
        && let Some(help) = cli::vi_help(command.clone(), m)
    {
        return match help {
            Ok(text) => {
                print!("{}", shown::shown(&text));
                ExitCode::SUCCESS
            }
            Err(text) => {
                eprint!("{}", shown::shown(&text));
                ExitCode::from(EXIT_ERROR)
            }
        };
    }
    let parsed = matched.and_then(|m| <cli::Cli as clap::FromArgMatches>::from_arg_matches(&m));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            // Clap quotes the arguments it refuses: they are shown, not obeyed, like every other message.
            use std::io::Write;
            let vi = (lang == i18n::Lang::Vi)
                .then(|| cli::vi_error(&e))
                .flatten();
            let text = vi.unwrap_or_else(|| e.render().to_string());
            let text = shown::shown(&text);
            let _ = if e.use_stderr() {
                write!(std::io::stderr(), "{text}")
            } else {
                write!(std::io::stdout(), "{text}")
            };
            return ExitCode::from(if e.use_stderr() { EXIT_ERROR } else { 0 });
        }
    };
    let result =
        context::Context::new(&cli.global).and_then(|ctx| commands::dispatch(&ctx, &cli.command));
    match result {
        Ok(Outcome::Clean) => ExitCode::SUCCESS,
        Ok(Outcome::Found) => ExitCode::from(1),
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            report(&e);
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn report(e: &error::Error) {
    match e {
        error::Error::Invalid { diagnostics, .. } => diagnostics.iter().for_each(|d| say!("{d}")),
        error::Error::Listed { lines, .. } => lines.iter().for_each(|l| say!("{l}")),
        _ => {}
    }
    say!("plan: {} {e}", i18n::tr("error:", "lỗi:"));
}
