//! `plan plans`: what is loaded.

use super::{open_synced, print};
use crate::Outcome;
use crate::context::Context;
use crate::error::Result;
use crate::render::{Column, Listing, Value};

/// Runs `plans`.
pub fn run(ctx: &Context) -> Result<Outcome> {
    let store = open_synced(ctx)?;
    let mut l = Listing::new(vec![
        Column::all("plan", "Plan"),
        Column::all("title", "Title"),
        Column::machine("issuer"),
        Column::machine("year"),
        Column::all("tasks", "Tasks"),
        Column::all("withdrawn", "Withdrawn"),
        Column::all("file", "File"),
        Column::all("loaded_at", "Loaded at"),
        Column::machine("owner"),
    ]);
    for p in store.plans()? {
        l.rows.push(vec![
            Value::Text(p.id),
            Value::Text(p.title),
            Value::Text(p.issuer),
            Value::Int(p.year.into()),
            Value::Int(p.tasks),
            Value::Int(p.withdrawn),
            Value::Text(p.file),
            Value::Time(p.loaded_at),
            Value::opt_text(p.owner),
        ]);
    }
    print(ctx, &l)?;
    Ok(Outcome::Clean)
}
