//! The command line (clap derive). The doc comments here are the `--help` text.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Track a Vietnamese agency's plans (Kế hoạch): what is due, what is done on time or late, what is overdue.
///
/// Plans are TOML files (see docs/plan-format.md) loaded into a local SQLite store; progress is an
/// append-only history. Dates are day-first: 12/4/2022 is 12 April 2022.
///
/// Exit codes: 0 ok · 1 something found (overdue, upcoming) · 2 error or invalid input.
#[derive(Debug, Parser)]
#[command(name = "plan", version, max_term_width = 110)]
pub struct Cli {
    /// Options every command takes.
    #[command(flatten)]
    pub global: Global,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The store file [default: from the config file, else the platform data folder, e.g. ~/.local/share/plan/plan.db]
    #[arg(long, global = true, env = "PLAN_DB", value_name = "FILE")]
    pub db: Option<PathBuf>,

    /// A plans folder to sync into the store before every command (changed files are reloaded)
    #[arg(long, global = true, env = "PLAN_PLANS", value_name = "DIR")]
    pub plans: Option<PathBuf>,

    /// Answer as of this date instead of today (day first: 12/6/2022, or 2022-06-12)
    #[arg(long, global = true, env = "PLAN_AS_OF", value_name = "DATE")]
    pub as_of: Option<String>,

    /// Output format [default: table on a terminal, tsv otherwise]
    #[arg(long, global = true, value_enum, value_name = "FORMAT")]
    pub format: Option<FormatArg>,

    /// The config file [default: the platform config folder, e.g. ~/.config/plan/config.toml]
    #[arg(long, global = true, env = "PLAN_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    /// A table for people
    Table,
    /// Tab-separated values with a header
    Tsv,
    /// CSV (RFC 4180) with a header
    Csv,
    /// A JSON array
    Json,
    /// One JSON object per line
    Jsonl,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check plan files (or folders of them) without loading; exit 2 if any has an error
    Validate(ValidateArgs),
    /// Validate plan files, then load them into the store in one transaction
    Load(LoadArgs),
    /// List the loaded plans
    Plans,
    /// Every deadline (or occurrence of a recurring one) and its state as of a date
    Status(StatusArgs),
    /// Deadlines past due and not done, oldest first; exit 1 if any (for cron)
    Overdue(FilterArgs),
    /// Open deadlines falling due soon; exit 1 if any
    Upcoming(UpcomingArgs),
    /// One task in full: wording, units, references, deadlines and history
    Show(ShowArgs),
    /// Record progress on a task: done, reopened, a percentage, a note, a blocker, or retract an event
    Record(RecordArgs),
    /// The progress history, oldest first
    History(HistoryArgs),
}

/// Arguments of `validate`.
#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Plan files or folders holding them
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Arguments of `load`.
#[derive(Debug, Args)]
pub struct LoadArgs {
    /// Plan files or folders holding them
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,
}

/// Filters shared by the status commands.
#[derive(Debug, Args, Clone, Default)]
pub struct FilterArgs {
    /// Only this plan (its id)
    #[arg(long, value_name = "ID")]
    pub plan: Option<String>,

    /// Only tasks this unit leads or supports (id, name or alias; case and diacritics ignored)
    #[arg(long, value_name = "UNIT")]
    pub unit: Option<String>,
}

/// Arguments of `status`.
#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// Only these states (repeat or separate by commas): done_on_time, done_late, open, overdue, ongoing, withdrawn
    #[arg(long, value_name = "STATE", value_delimiter = ',')]
    pub state: Vec<String>,
}

/// Arguments of `upcoming`.
#[derive(Debug, Args)]
pub struct UpcomingArgs {
    /// Filters.
    #[command(flatten)]
    pub filter: FilterArgs,

    /// How far ahead: days (14d or 14) or weeks (2w)
    #[arg(long, default_value = "14d", value_name = "SPAN")]
    pub within: String,
}

/// Arguments of `show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The task: PLAN/TASK, or TASK when only one plan has it
    pub task: String,
}

/// Arguments of `record`.
#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("action").multiple(false).args(["done", "reopen", "progress", "blocked", "retract"])))]
pub struct RecordArgs {
    /// The task: PLAN/TASK, or TASK when only one plan has it
    pub task: String,

    /// Which of the task's deadlines: its key in the plan file, or its due date
    #[arg(long, value_name = "KEY|DATE")]
    pub deadline: Option<String>,

    /// Which occurrence of a recurring deadline: 2022-Q2, 2022-H1, 2022, 2022-05
    #[arg(long, value_name = "PERIOD")]
    pub period: Option<String>,

    /// The work is finished
    #[arg(long)]
    pub done: bool,

    /// A finished deadline is open again
    #[arg(long)]
    pub reopen: bool,

    /// Partial progress, in percent (0-100)
    #[arg(long, value_name = "PCT", value_parser = clap::value_parser!(u8).range(0..=100))]
    pub progress: Option<u8>,

    /// Work is held up, and why
    #[arg(long, value_name = "REASON")]
    pub blocked: Option<String>,

    /// Cancel event N of the history (it was a mistake); nothing is deleted
    #[arg(long, value_name = "N")]
    pub retract: Option<i64>,

    /// A remark (alone: a note event)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// The day the work happened [default: the --as-of date, i.e. today]
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,

    /// The unit that did it (id, name or alias)
    #[arg(long, value_name = "UNIT")]
    pub by: Option<String>,

    /// The document that proves it, e.g. "Báo cáo số 45/BC-TTUD ngày 10/6/2022"
    #[arg(long, value_name = "DOCUMENT")]
    pub evidence: Option<String>,
}

/// Arguments of `history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only this task: PLAN/TASK, or TASK
    pub task: Option<String>,

    /// Only this plan
    #[arg(long, value_name = "ID")]
    pub plan: Option<String>,
}
