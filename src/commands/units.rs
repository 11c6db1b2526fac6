//! `plan units`: the bodies the loaded plans name, in Vietnamese alphabetical order, with how many tasks each
//! leads and supports.

use super::{check_plan, open_synced, print};
use crate::Outcome;
use crate::cli::UnitsArgs;
use crate::context::Context;
use crate::error::Result;
use crate::render::{Column, Listing, Value};
use crate::text::collation_key;

/// Runs `units`.
pub fn run(ctx: &Context, args: &UnitsArgs) -> Result<Outcome> {
    let store = open_synced(ctx)?;
    check_plan(&store, args.plan.as_deref())?;
    let mut units = store.units(args.plan.as_deref())?;
    units.sort_by_cached_key(|u| (collation_key(&u.name), u.plan.clone()));
    let items = store.items(args.plan.as_deref(), None)?;
    let count = |plan: &str, id: &str, lead: bool| {
        let mut tasks: Vec<&str> = items
            .iter()
            .filter(|i| {
                i.plan == plan
                    && !i.withdrawn
                    && if lead { &i.lead } else { &i.support }
                        .iter()
                        .any(|u| u == id)
            })
            .map(|i| i.task.as_str())
            .collect();
        tasks.dedup();
        tasks.len() as i64
    };
    let mut l = Listing::new(vec![
        Column::all("plan", "Plan"),
        Column::all("unit", "Unit"),
        Column::all("name", "Name"),
        Column::all("aliases", "Also written"),
        Column::all("leads", "Leads"),
        Column::all("supports", "Supports"),
    ]);
    for u in &units {
        l.rows.push(vec![
            Value::Text(u.plan.clone()),
            Value::Text(u.id.clone()),
            Value::Text(u.name.clone()),
            Value::List(u.aliases.clone()),
            Value::Int(count(&u.plan, &u.id, true)),
            Value::Int(count(&u.plan, &u.id, false)),
        ]);
    }
    print(ctx, &l)?;
    Ok(Outcome::Clean)
}
