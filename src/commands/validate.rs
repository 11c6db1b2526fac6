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
            context: {
                let count = files.len().max(1);
                crate::msg!(
                    "{errors} error(s) and {warnings} warning(s) in {count} file(s)",
                    "{errors} lỗi và {warnings} cảnh báo trong {count} tệp"
                )
            },
            diagnostics,
        });
    }
    for d in &diagnostics {
        crate::say!("{d}");
    }
    let mut out = crate::shown::Shown::new(std::io::stdout().lock());
    for f in &checked.files {
        match &f.content {
            Content::Plan(plan) => {
                let deadlines: usize = plan.tasks.iter().map(|t| t.deadlines.len()).sum();
                let (shown, id) = (f.path.display(), &plan.id);
                let (tasks, refs) = (plan.tasks.len(), plan.references.len());
                let units = plan.units.len();
                let counted = counted(tasks, deadlines, refs, units);
                writeln!(
                    out,
                    "{}",
                    crate::msg!(
                        "{shown}: ok — plan {id}: {counted}",
                        "{shown}: hợp lệ — kế hoạch {id}: {tasks} nhiệm vụ, {deadlines} thời hạn, {refs} văn bản trích dẫn, {units} đơn vị"
                    )
                )?;
            }
            Content::Registry(r) => {
                let shown = f.path.display();
                let what = crate::planfile::registry_label(
                    r.documents.len(),
                    r.units.len(),
                    r.office.is_some(),
                    r.calendar.len(),
                );
                writeln!(
                    out,
                    "{}",
                    crate::msg!("{shown}: ok — {what}", "{shown}: hợp lệ — {what}")
                )?;
            }
        }
    }
    Ok(Outcome::Clean)
}

/// "7 tasks, 1 deadline, 5 references, 5 units", each noun in its number.
pub fn counted(tasks: usize, deadlines: usize, refs: usize, units: usize) -> String {
    use crate::i18n::count;
    [
        count(tasks, "task", "tasks"),
        count(deadlines, "deadline", "deadlines"),
        count(refs, "reference", "references"),
        count(units, "unit", "units"),
    ]
    .join(", ")
}
