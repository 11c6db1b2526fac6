//! `plan show TASK`: one task in full. JSON gives one object; TSV and CSV give the task's deadline rows
//! (the status columns); the table gives the wording, units, references, deadlines and history.

use super::{open_synced, print, status};
use crate::Outcome;
use crate::cli::{FilterArgs, ShowArgs};
use crate::context::Context;
use crate::date::{format_iso, format_vn};
use crate::error::Result;
use crate::render::{self, Format};
use serde_json::json;
use std::io::Write;

/// Runs `show`.
pub fn run(ctx: &Context, args: &ShowArgs) -> Result<Outcome> {
    let store = open_synced(ctx)?;
    let task = store.find_task(&args.task)?;
    let detail = store.task_detail(&task)?;
    let filter = FilterArgs {
        plan: Some(task.plan.clone()),
        unit: None,
    };
    let rows = status::rows(&store, &filter, Some(task.rid), ctx.as_of)?;
    let deadlines = status::listing(&rows);
    let history = super::history::listing(&store.history(None, Some(task.rid))?);
    match ctx.format {
        Format::Tsv | Format::Csv | Format::Jsonl => {
            print(ctx, &deadlines)?;
        }
        Format::Json => {
            let units = |role: &str| -> Vec<serde_json::Value> {
                detail
                    .units
                    .iter()
                    .filter(|(r, _)| r == role)
                    .map(|(_, u)| json!({"id": u.id, "name": u.name}))
                    .collect()
            };
            let refs: Vec<serde_json::Value> = detail
                .references
                .iter()
                .map(|r| json!({"number": r.number, "kind": r.kind, "date": r.date.map(format_iso), "issuer": r.issuer, "subject": r.subject}))
                .collect();
            let doc = json!({
                "plan": detail.plan,
                "plan_title": detail.plan_title,
                "task": detail.task,
                "section": detail.section,
                "title": detail.title,
                "text": detail.text,
                "withdrawn": detail.withdrawn,
                "lead": units("lead"),
                "support": units("support"),
                "report_to": units("report_to"),
                "references": refs,
                "deadlines": deadlines.rows.iter().map(|r| deadlines.json_row(r)).collect::<Vec<_>>(),
                "history": history.rows.iter().map(|r| history.json_row(r)).collect::<Vec<_>>(),
            });
            let mut out = std::io::stdout().lock();
            render::write_json(&doc, &mut out)?;
        }
        Format::Table => {
            let mut out = std::io::stdout().lock();
            writeln!(out, "{}/{} — {}", detail.plan, detail.task, detail.title)?;
            writeln!(out, "Plan: {}", detail.plan_title)?;
            if detail.withdrawn {
                writeln!(
                    out,
                    "Withdrawn: this task is no longer in its plan file; its history is kept."
                )?;
            }
            writeln!(out, "\n{}\n", detail.text)?;
            for (role, label) in [
                ("lead", "Lead (chủ trì)"),
                ("support", "Support (phối hợp)"),
                ("report_to", "Reports to"),
            ] {
                let names: Vec<String> = detail
                    .units
                    .iter()
                    .filter(|(r, _)| r == role)
                    .map(|(_, u)| format!("{} ({})", u.name, u.id))
                    .collect();
                if !names.is_empty() {
                    writeln!(out, "{label}: {}", names.join("; "))?;
                }
            }
            if !detail.references.is_empty() {
                writeln!(out, "References:")?;
                for r in &detail.references {
                    let date = r
                        .date
                        .map(|d| format!(" ngày {}", format_vn(d)))
                        .unwrap_or_default();
                    writeln!(out, "  - {} số {}{date} của {}", r.kind, r.number, r.issuer)?;
                }
            }
            writeln!(out, "\nDeadlines:")?;
            drop(out);
            print(ctx, &deadlines)?;
            if !history.rows.is_empty() {
                println!("\nHistory:");
                print(ctx, &history)?;
            }
        }
    }
    Ok(Outcome::Clean)
}
