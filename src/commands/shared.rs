//! `plan store init` and `plan users`: preparing a shared PostgreSQL store, and saying which database role
//! records for which unit.

use crate::Outcome;
use crate::cli::{StoreCommand, UsersAddArgs, UsersCommand};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::msg;
use crate::store::{RoleMapping, Store};
use std::io::Write;

/// Runs `store init`: the schema (by opening the store for writing) and the roles' groups and grants.
pub fn store(ctx: &Context, command: &StoreCommand) -> Result<Outcome> {
    match command {
        StoreCommand::Init => {
            let store = Store::open_write(&ctx.db)?;
            store.init_roles()?;
            let db = &ctx.db;
            crate::say!(
                "{}",
                msg!(
                    "plan: {db} is ready — map each office and unit to its role: plan users add ROLE --office | --unit UNIT",
                    "plan: {db} đã sẵn sàng — hãy gán vai trò cho từng văn phòng và đơn vị: plan users add VAI_TRÒ --office | --unit ĐƠN_VỊ"
                )
            );
            Ok(Outcome::Clean)
        }
    }
}

/// Runs `users add` and `users list`.
pub fn users(ctx: &Context, command: &UsersCommand) -> Result<Outcome> {
    match command {
        UsersCommand::Add(args) => add(ctx, args),
        UsersCommand::List => list(ctx),
    }
}

fn add(ctx: &Context, args: &UsersAddArgs) -> Result<Outcome> {
    let store = Store::open_read(&ctx.db)?;
    let role = &args.role;
    if !store.role_exists(role)? {
        return Err(Error::Usage(msg!(
            "there is no database role `{role}` — make it first (createuser --pwprompt {role}), then map it",
            "chưa có vai trò cơ sở dữ liệu `{role}` — hãy tạo trước (createuser --pwprompt {role}), rồi gán"
        )));
    }
    if let Some(plan) = &args.plan
        && !store.plan_exists(plan)?
    {
        return Err(Error::Usage(msg!(
            "no plan `{plan}` is loaded — see the plans with: plan plans",
            "chưa nạp kế hoạch `{plan}` — xem các kế hoạch bằng: plan plans"
        )));
    }
    if let Some(unit) = &args.unit {
        let known = store
            .units(args.plan.as_deref())?
            .iter()
            .any(|u| u.id == *unit);
        if !known {
            return Err(Error::Usage(msg!(
                "no unit `{unit}` in the loaded plans — see the unit ids with: plan units",
                "không có đơn vị `{unit}` trong các kế hoạch đã nạp — xem mã đơn vị bằng: plan units"
            )));
        }
    }
    store.map_role(&RoleMapping {
        role: role.clone(),
        unit: args.unit.clone(),
        plan: args.plan.clone(),
        office: args.office,
    })?;
    let what = match &args.unit {
        Some(unit) => msg!("unit {unit}", "đơn vị {unit}"),
        None => crate::i18n::tr("an office", "một văn phòng").to_string(),
    };
    crate::say!(
        "{}",
        msg!(
            "plan: {role} now records as {what}",
            "plan: {role} từ nay ghi nhận với tư cách {what}"
        )
    );
    Ok(Outcome::Clean)
}

fn list(ctx: &Context) -> Result<Outcome> {
    let store = Store::open_read(&ctx.db)?;
    let roles = store.roles()?;
    let mut out = super::stdout(ctx);
    for m in &roles {
        let what = match (&m.unit, m.office) {
            (_, true) => "office".to_string(),
            (Some(u), false) => format!("unit {u}"),
            (None, false) => String::new(),
        };
        let plan = m.plan.as_deref().unwrap_or("*");
        writeln!(out, "{}\t{what}\t{plan}", m.role)?;
    }
    out.flush()?;
    Ok(Outcome::Clean)
}
