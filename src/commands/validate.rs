//! `plan validate PATH...`: every problem of every file, sorted; exit 2 if any error.

use crate::Outcome;
use crate::cli::ValidateArgs;
use crate::error::{Error, Result};
use crate::planfile::{self, Content, Severity};
use std::io::Write;

/// Runs `validate`.
pub fn run(args: &ValidateArgs) -> Result<Outcome> {
    let (files, mut diagnostics) = planfile::expand(&args.paths);
    let checked = planfile::check_files(&files);
    diagnostics.extend(checked.diagnostics.iter().cloned());
    diagnostics.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if errors > 0 {
        let warnings = diagnostics.len() - errors;
        return Err(Error::Invalid {
            context: format!(
                "{errors} error(s) and {warnings} warning(s) in {} file(s)",
                files.len().max(1)
            ),
            diagnostics,
        });
    }
    for d in &diagnostics {
        eprintln!("{d}");
    }
    let mut out = std::io::stdout().lock();
    for f in &checked.files {
        match &f.content {
            Content::Plan(plan) => {
                let deadlines: usize = plan.tasks.iter().map(|t| t.deadlines.len()).sum();
                writeln!(
                    out,
                    "{}: ok — plan {}: {} tasks, {deadlines} deadlines, {} references, {} units",
                    f.path.display(),
                    plan.id,
                    plan.tasks.len(),
                    plan.references.len(),
                    plan.units.len()
                )?;
            }
            Content::Registry(docs) => {
                writeln!(
                    out,
                    "{}: ok — registry of {} documents",
                    f.path.display(),
                    docs.len()
                )?;
            }
        }
    }
    Ok(Outcome::Clean)
}
