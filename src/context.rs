//! The one place that reads the clock, the environment, the config file and whether stdout is a terminal.
//!
//! Everything below receives these facts as values: `as_of` and `today` are dates passed down, never read again.

use crate::cli::{FormatArg, Global};
use crate::date;
use crate::error::{Error, Result};
use crate::i18n::Lang;
use crate::render::Format;
use crate::store::{LibpqEnv, Location};
use chrono::{Local, NaiveDate};
use serde::Deserialize;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The facts a command runs with.
#[derive(Debug, Clone)]
pub struct Context {
    /// The date answers are given for (`--as-of`, else today).
    pub as_of: NaiveDate,
    /// Today, by the clock: the results of every earlier day may have been reported already.
    pub today: NaiveDate,
    /// The current time, RFC 3339, for `recorded_at` and `loaded_at`.
    pub now: String,
    /// Where the store is: a SQLite file, or a PostgreSQL database.
    pub db: Location,
    /// The libpq settings of the environment, for other databases a command names (`backup URL`).
    pub libpq: LibpqEnv,
    /// Plans folder synced before every command, if configured.
    pub plans: Option<PathBuf>,
    /// Output format.
    pub format: Format,
    /// Who runs the command: the account's name (`USER`, `LOGNAME` or `USERNAME`), kept with each revision
    /// loaded.
    pub user: String,
    /// Whether `--format` was given (else `format` is the default for where stdout goes).
    pub format_given: bool,
    /// Terminal width when stdout is a terminal.
    pub width: Option<u16>,
}

/// The config file: defaults that flags and environment variables override.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Config {
    /// Store file (relative paths are relative to the config file's folder).
    db: Option<PathBuf>,
    /// Plans folder to sync before every command.
    plans: Option<PathBuf>,
    /// Output language: "vi" or "en".
    lang: Option<String>,
}

impl Context {
    /// The format of a document written to `-o PATH` when `--format` is not given: from the file's extension
    /// (`.docx`, `.xlsx`, `.html`, `.json`, `.md`), or docx for a folder (`-o thu/`, or one that exists).
    pub fn document_format(&self, output: Option<&Path>) -> Context {
        let mut ctx = self.clone();
        let Some(path) = output.filter(|_| !self.format_given) else {
            return ctx;
        };
        let text = path.to_string_lossy().to_ascii_lowercase();
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        ctx.format = match ext.as_deref() {
            Some("docx") => Format::Docx,
            Some("xlsx") => Format::Xlsx,
            Some("html" | "htm") => Format::Html,
            Some("json") => Format::Json,
            Some("md") => Format::Md,
            _ if text.ends_with('/') || path.is_dir() => Format::Docx,
            _ => self.format,
        };
        ctx
    }
}

/// Chooses the language before the command line is parsed (so that `--help` is in it too): `--lang` (or
/// `PLAN_LANG`), then the config file's `lang`, then `LC_ALL`, then `LANG`; English otherwise.
pub fn early_lang(args: &[std::ffi::OsString]) -> Lang {
    let args: Vec<String> = args
        .iter()
        .map(|a| a.to_string_lossy().into_owned())
        .collect();
    let flag = |name: &str| -> Option<String> {
        let eq = format!("{name}=");
        args.iter().enumerate().find_map(|(i, a)| {
            if a == name {
                args.get(i + 1).cloned()
            } else {
                a.strip_prefix(&eq).map(str::to_string)
            }
        })
    };
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    if let Some(lang) = flag("--lang")
        .or_else(|| env("PLAN_LANG"))
        .as_deref()
        .and_then(Lang::parse)
    {
        return lang;
    }
    let config = flag("--config")
        .map(PathBuf::from)
        .or_else(|| env("PLAN_CONFIG").map(PathBuf::from))
        .or_else(|| project_dirs().map(|d| d.config_dir().join("config.toml")));
    let from_config = config
        .and_then(|p| std::fs::read_to_string(p).ok())
        .and_then(|t| toml::from_str::<Config>(&t).ok())
        .and_then(|c| c.lang)
        .and_then(|l| Lang::parse(&l));
    if from_config.is_none() && signs_a_document(&args) {
        return Lang::Vi;
    }
    from_config
        .or_else(|| env("LC_ALL").as_deref().and_then(Lang::parse))
        .or_else(|| env("LANG").as_deref().and_then(Lang::parse))
        .unwrap_or(Lang::En)
}

/// Whether the command writes a document the office signs (`plan remind`, `--format docx`): such a document
/// is Vietnamese unless `--lang`, `PLAN_LANG` or the config file asks otherwise — the locale of the clerk's
/// machine does not make it English. Its `--help` follows the locale as every other help does.
fn signs_a_document(args: &[String]) -> bool {
    if args.iter().any(|a| a == "--help" || a == "-h") {
        return false;
    }
    let docx = args
        .windows(2)
        .any(|w| w[0] == "--format" && w[1] == "docx")
        || args.iter().any(|a| a == "--format=docx");
    let command = subcommand(args);
    let remind = command == Some("remind");
    let report_to_docx = command == Some("report")
        && args
            .iter()
            .any(|a| a.to_ascii_lowercase().ends_with(".docx"));
    docx || remind || report_to_docx
}

/// The subcommand: the first argument that is neither an option nor the value of a global option before it
/// (`plan --db remind.db status` runs `status`; a note that says "remind" is no command).
fn subcommand(args: &[String]) -> Option<&str> {
    const TAKE_VALUES: [&str; 6] = [
        "--db", "--plans", "--as-of", "--format", "--config", "--lang",
    ];
    let mut rest = args.iter().skip(1);
    while let Some(a) = rest.next() {
        if TAKE_VALUES.contains(&a.as_str()) {
            rest.next();
        } else if !a.starts_with('-') {
            return Some(a);
        }
    }
    None
}

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "plan")
}

fn read_config(path: &Path, explicit: bool) -> Result<Config> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !explicit => {
            return Ok(Config::default());
        }
        Err(source) => {
            return Err(Error::Io {
                what: {
                    let shown = path.display();
                    crate::msg!(
                        "reading the config file {shown}",
                        "đọc tệp cấu hình {shown}"
                    )
                },
                source,
            });
        }
    };
    let mut config: Config = toml::from_str(&text).map_err(|e| {
        let (line, col) = e
            .span()
            .map_or((1, 1), |s| crate::planfile::line_column(&text, s.start));
        let shown = path.display();
        let what = e.message().trim();
        Error::Usage(crate::msg!(
            "{shown}:{line}:{col}: error: {what} — the config file takes db = \"FILE\", plans = \"DIR\" and lang = \"vi\" or \"en\"",
            "{shown}:{line}:{col}: lỗi: {what} — tệp cấu hình nhận db = \"TỆP\", plans = \"THƯ_MỤC\" và lang = \"vi\" hoặc \"en\""
        ))
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    config.db = config.db.map(|p| match p.to_str() {
        Some(t) if crate::store::location::is_url(t) => p,
        _ => base.join(p),
    });
    config.plans = config.plans.map(|p| base.join(p));
    Ok(config)
}

/// The libpq settings of the environment, and the password file's text when it may be read (libpq ignores a
/// file others can read, and so does `plan`).
fn libpq_env() -> LibpqEnv {
    let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
    let passfile = var("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|d| d.home_dir().join(".pgpass")));
    let private = |p: &Path| {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::metadata(p).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o077 == 0)
        }
        #[cfg(not(unix))]
        {
            p.is_file()
        }
    };
    LibpqEnv {
        host: var("PGHOST"),
        port: var("PGPORT"),
        user: var("PGUSER"),
        password: var("PGPASSWORD"),
        dbname: var("PGDATABASE"),
        sslmode: var("PGSSLMODE"),
        passfile: passfile
            .filter(|p| private(p))
            .and_then(|p| std::fs::read_to_string(p).ok()),
        account: ["USER", "LOGNAME", "USERNAME"].into_iter().find_map(var),
    }
}

impl Context {
    /// Reads the clock, environment (through clap) and config file once.
    pub fn new(global: &Global) -> Result<Context> {
        #[allow(clippy::disallowed_methods)] // The one place that reads the clock.
        let now = Local::now();
        let as_of = match &global.as_of {
            Some(text) => date::parse(text).map_err(|e| Error::Usage(format!("--as-of: {e}")))?,
            None => now.date_naive(),
        };
        let config_path = match &global.config {
            Some(p) => Some(p.clone()),
            None => project_dirs().map(|d| d.config_dir().join("config.toml")),
        };
        let config = match &config_path {
            Some(p) => read_config(p, global.config.is_some())?,
            None => Config::default(),
        };
        let db = match (&global.db, config.db) {
            (Some(p), _) => p.clone(),
            (None, Some(p)) => p,
            (None, None) => project_dirs()
                .map(|d| d.data_dir().join("plan.db"))
                .ok_or_else(|| {
                    Error::Usage(
                        crate::i18n::tr(
                            "cannot find a home folder for the store — pass --db FILE or set PLAN_DB",
                            "không tìm thấy thư mục người dùng để đặt kho dữ liệu — hãy dùng --db TỆP hoặc đặt biến PLAN_DB",
                        )
                        .into(),
                    )
                })?,
        };
        let libpq = libpq_env();
        let db = Location::parse(&db, &libpq)
            .map_err(|p| Error::Usage(crate::error::url_problem(&p)))?;
        let tty = std::io::stdout().is_terminal();
        let format = match global.format {
            Some(FormatArg::Table) => Format::Table,
            Some(FormatArg::Tsv) => Format::Tsv,
            Some(FormatArg::Csv) => Format::Csv,
            Some(FormatArg::Json) => Format::Json,
            Some(FormatArg::Jsonl) => Format::Jsonl,
            Some(FormatArg::Md) => Format::Md,
            Some(FormatArg::Html) => Format::Html,
            Some(FormatArg::Xlsx) => Format::Xlsx,
            Some(FormatArg::Docx) => Format::Docx,
            Some(FormatArg::Ics) => Format::Ics,
            None if tty => Format::Table,
            None => Format::Tsv,
        };
        let width = if tty { terminal_width() } else { None };
        Ok(Context {
            as_of,
            today: now.date_naive(),
            now: now.to_rfc3339_opts(chrono::SecondsFormat::Secs, false),
            db,
            libpq,
            plans: global.plans.clone().or(config.plans),
            format,
            format_given: global.format.is_some(),
            user: ["USER", "LOGNAME", "USERNAME"]
                .iter()
                .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
                .unwrap_or_else(|| "unknown".into()),
            width,
        })
    }
}

fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .or_else(|| {
            let table = comfy_table::Table::new();
            table.width()
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<String> {
        std::iter::once("plan")
            .chain(line.split(' '))
            .map(String::from)
            .collect()
    }

    #[test]
    fn documents_to_sign_are_vietnamese_by_default_and_only_they() {
        for yes in [
            "remind --as-of 12/6/2022",
            "--db remind.db --as-of 1/1/2022 remind",
            "report --period 2022-H1 -o bao-cao.docx",
            "--format docx report",
            "report --format=docx -o -",
        ] {
            assert!(signs_a_document(&args(yes)), "{yes}");
        }
        for no in [
            "record III.2 --note remind",
            "--db remind status",
            "report --period 2022-H1",
            "export -o remind.docx.csv",
            "remind --help",
            "status --plans report",
        ] {
            assert!(!signs_a_document(&args(no)), "{no}");
        }
    }
}
