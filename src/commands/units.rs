//! `plan units`: the bodies the loaded plans name, in Vietnamese alphabetical order, with how many tasks each
//! leads and supports, and of how many it owes its own share as a member of a unit ("các phòng, đơn vị").

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
    let counts = store.unit_task_counts(args.plan.as_deref())?;
    let count = |plan: &str, id: &str, slot: usize| {
        counts
            .get(&(plan.to_string(), id.to_string()))
            .map_or(0, |c| c[slot])
    };
    let mut l = Listing::new(vec![
        Column::all("plan", "Plan"),
        Column::all("unit", "Unit"),
        Column::all("name", "Name"),
        Column::all("aliases", "Also written"),
        Column::all("leads", "Leads"),
        Column::all("supports", "Supports"),
        Column::all("owes", "Owes as a member"),
    ]);
    for u in &units {
        l.rows.push(vec![
            Value::Text(u.plan.clone()),
            Value::Text(u.id.clone()),
            Value::Text(u.name.clone()),
            Value::List(u.aliases.clone()),
            Value::Int(count(&u.plan, &u.id, 0)),
            Value::Int(count(&u.plan, &u.id, 1)),
            Value::Int(count(&u.plan, &u.id, 2)),
        ]);
    }
    print(ctx, &l)?;
    Ok(Outcome::Clean)
}
