//! Who may write what in a shared store: PostgreSQL's own roles and row-level security, not a login of
//! `plan`'s.
//!
//! The rules this module keeps (see docs/decisions.md, "Who may write what"):
//! - A role is mapped to a unit (`plan users add ROLE --unit ID`) or to an office (`--office`), for every
//!   plan or one (`--plan ID`). Every mapped role reads; an unmapped role reads nothing.
//! - An office loads plans and owns those it first loaded; only the owner changes a plan's rows.
//! - A unit's role records events only on tasks its unit leads or supports, or owes a share of as a member;
//!   an office records on the plans it owns.
//! - No role updates or deletes events, their hashes or revisions: never granted, and a trigger refuses it
//!   besides. Who recorded an event, and who loaded a revision, is the server's `current_user`.

use super::super::Problem;
use super::super::sql::{Db, SqlResult, params};

/// The group role of units (reads; records events).
pub const UNIT_GROUP: &str = "plan_unit";
/// The group role of offices (a unit's rights, and loads plans).
pub const OFFICE_GROUP: &str = "plan_office";

/// The policies of version 1, run with its tables.
pub const V1: &str = r#"
CREATE TABLE plan_roles (
    role plan_text PRIMARY KEY,
    unit plan_text,
    plan plan_text,
    office boolean NOT NULL DEFAULT false,
    CHECK (office OR unit IS NOT NULL)
);
ALTER TABLE events ADD COLUMN recorded_by plan_text;
-- The functions the policies call read plan_roles and plans as their owner (SECURITY DEFINER), so the role
-- asking is passed in: inside them current_user is the owner. Their search_path is fixed, with pg_temp last:
-- a session's temporary table named like one of the store's must never stand in for it.
CREATE FUNCTION plan_mapped(who text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM plan_roles WHERE role = who) $$;
CREATE FUNCTION plan_is_office(who text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM plan_roles WHERE role = who AND office) $$;
CREATE FUNCTION plan_owns(plan text, who text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM plans p WHERE p.id = plan AND p.owner = who) $$;
CREATE FUNCTION plan_owned(plan text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$ SELECT EXISTS (SELECT 1 FROM plans p WHERE p.id = plan) $$;
CREATE FUNCTION plan_task_plan(task bigint) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT plan_id FROM tasks WHERE rid = task $$;
CREATE FUNCTION plan_deadline_plan(deadline bigint) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp
    AS $$ SELECT t.plan_id FROM deadlines d JOIN tasks t ON t.rid = d.task_rid WHERE d.rid = deadline $$;
CREATE FUNCTION plan_may_record(task bigint, member text, by_unit text, who text) RETURNS boolean
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM plan_roles r JOIN tasks t ON t.rid = task
        WHERE r.role = who AND (r.plan IS NULL OR r.plan = t.plan_id)
          AND ((r.office AND EXISTS (SELECT 1 FROM plans p WHERE p.id = t.plan_id AND p.owner = who))
               OR (r.unit IS NOT NULL AND (by_unit IS NULL OR by_unit = r.unit)
                   AND ((member IS NULL AND EXISTS (
                            SELECT 1 FROM task_units tu WHERE tu.task_rid = t.rid
                               AND tu.role IN ('lead', 'support') AND tu.unit_id = r.unit))
                        OR (member = r.unit AND EXISTS (
                            SELECT 1 FROM task_members tm WHERE tm.task_rid = t.rid
                               AND tm.member_id = r.unit))))))
$$;
-- Whether a role records anything on a task: what the summaries of its occurrences may be refolded by.
CREATE FUNCTION plan_works_on(task bigint, who text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER
    SET search_path = public, pg_temp AS $$
    SELECT EXISTS (
        SELECT 1 FROM plan_roles r JOIN tasks t ON t.rid = task
        WHERE r.role = who AND (r.plan IS NULL OR r.plan = t.plan_id)
          AND ((r.office AND EXISTS (SELECT 1 FROM plans p WHERE p.id = t.plan_id AND p.owner = who))
               OR EXISTS (SELECT 1 FROM task_units tu WHERE tu.task_rid = t.rid
                             AND tu.role IN ('lead', 'support') AND tu.unit_id = r.unit)
               OR EXISTS (SELECT 1 FROM task_members tm WHERE tm.task_rid = t.rid AND tm.member_id = r.unit)))
$$;
-- Who recorded an event and who loaded a revision are the server's to say.
CREATE FUNCTION plan_recorded_by() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    -- The store's owner copying a store in keeps what the copy says; everyone else is who they are.
    IF NEW.recorded_by IS NULL OR NOT pg_catalog.pg_has_role(current_user, (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID), 'MEMBER') THEN
        NEW.recorded_by := current_user;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER events_recorded_by BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION plan_recorded_by();
CREATE FUNCTION plan_loaded_by() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    -- The store's owner copying a store in keeps what the copy says; everyone else is who they are.
    IF NEW.loaded_by IS NULL OR NOT pg_catalog.pg_has_role(current_user, (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID), 'MEMBER') THEN
        NEW.loaded_by := current_user;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER revisions_loaded_by BEFORE INSERT ON revisions FOR EACH ROW EXECUTE FUNCTION plan_loaded_by();
CREATE FUNCTION plan_owner() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog, public, pg_temp AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        NEW.owner := OLD.owner;
    ELSIF NEW.owner IS NULL OR NOT pg_catalog.pg_has_role(current_user, (SELECT c.relowner FROM pg_catalog.pg_class c WHERE c.oid = TG_RELID), 'MEMBER') THEN
        NEW.owner := current_user;
    END IF;
    RETURN NEW;
END
$$;
CREATE TRIGGER plans_owner BEFORE INSERT OR UPDATE ON plans FOR EACH ROW EXECUTE FUNCTION plan_owner();
"#;

/// The policies of version 2: a plan's events are its owner's to load; an event's date is recorded by the
/// office that owns the plan, never changed, and who recorded it is the server's to say. The groups made by
/// an earlier `plan store init` are granted what they need on the new tables here.
pub const V2: &str = r#"
ALTER TABLE plan_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY plan_read ON plan_events FOR SELECT USING (plan_mapped(current_user));
CREATE POLICY plan_owner_insert ON plan_events FOR INSERT
    WITH CHECK (plan_is_office(current_user) AND plan_owns(plan_id, current_user));
CREATE POLICY plan_owner_update ON plan_events FOR UPDATE
    USING (plan_is_office(current_user) AND plan_owns(plan_id, current_user))
    WITH CHECK (plan_is_office(current_user) AND plan_owns(plan_id, current_user));
CREATE POLICY plan_owner_delete ON plan_events FOR DELETE
    USING (plan_is_office(current_user) AND plan_owns(plan_id, current_user));
ALTER TABLE event_dates ENABLE ROW LEVEL SECURITY;
CREATE POLICY plan_read ON event_dates FOR SELECT USING (plan_mapped(current_user));
CREATE POLICY plan_record ON event_dates FOR INSERT
    WITH CHECK (plan_is_office(current_user) AND plan_owns(plan_id, current_user));
CREATE TRIGGER event_dates_recorded_by BEFORE INSERT ON event_dates FOR EACH ROW EXECUTE FUNCTION plan_recorded_by();
ALTER TABLE event_date_hashes ENABLE ROW LEVEL SECURITY;
CREATE POLICY plan_read ON event_date_hashes FOR SELECT USING (plan_mapped(current_user));
CREATE POLICY plan_record ON event_date_hashes FOR INSERT WITH CHECK (plan_is_office(current_user));
-- The newest hash of the dates' chain is a fact of the store a record keeps, as the history's is. A new
-- store gets the policy from `policies()` after its migrations; one made at version 1 has it already.
DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = current_schema() AND tablename = 'meta'
               AND policyname = 'plan_record') THEN
        DROP POLICY plan_record ON meta;
        CREATE POLICY plan_record ON meta FOR ALL
            USING (plan_mapped(current_user) AND key IN ('events_head', 'progress_cache', 'event_dates_head'))
            WITH CHECK (plan_mapped(current_user) AND key IN ('events_head', 'progress_cache', 'event_dates_head'));
    END IF;
END $$;
REVOKE ALL ON plan_events, event_dates, event_date_hashes FROM PUBLIC;
DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plan_unit') THEN
        GRANT SELECT ON plan_events, event_dates, event_date_hashes TO plan_unit;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'plan_office') THEN
        GRANT SELECT, INSERT, UPDATE, DELETE ON plan_events TO plan_office;
        GRANT SELECT, INSERT ON event_dates, event_date_hashes TO plan_office;
    END IF;
END $$;
"#;

/// The tables a plan's load writes, each with how a row names its plan (for the owner's policy).
const PLAN_TABLES: &[(&str, &str)] = &[
    ("plans", "id"),
    ("recipients", "plan_id"),
    ("units", "plan_id"),
    ("refs", "plan_id"),
    ("objectives", "plan_id"),
    ("tasks", "plan_id"),
    ("task_units", "plan_task_plan(task_rid)"),
    ("task_refs", "plan_task_plan(task_rid)"),
    ("task_members", "plan_task_plan(task_rid)"),
    ("deadlines", "plan_task_plan(task_rid)"),
    ("occurrences", "plan_deadline_plan(deadline_rid)"),
    ("amendments", "plan_deadline_plan(deadline_rid)"),
    ("occurrence_versions", "plan_deadline_plan(deadline_rid)"),
    ("revisions", "plan_id"),
];

/// The tables of the shared registry, written by offices.
const REGISTRY_TABLES: &[&str] = &["registry_files", "documents", "org_units"];

/// The tables a record writes besides `events`.
const RECORD_TABLES: &[&str] = &["event_hashes", "progress", "meta"];

/// The policies and grants, as SQL: row-level security on every table, reading for every mapped role.
pub fn policies() -> String {
    let mut sql = String::new();
    let all: Vec<&str> = PLAN_TABLES
        .iter()
        .map(|(t, _)| *t)
        .chain(REGISTRY_TABLES.iter().copied())
        .chain(RECORD_TABLES.iter().copied())
        .chain(["events", "plan_roles"])
        .collect();
    for t in &all {
        sql.push_str(&format!(
            "ALTER TABLE {t} ENABLE ROW LEVEL SECURITY;\n\
             CREATE POLICY plan_read ON {t} FOR SELECT USING (plan_mapped(current_user));\n"
        ));
    }
    for (t, plan) in PLAN_TABLES {
        // A new plan's first rows: the plan row itself is owned by whoever inserts it.
        let mine = if *t == "plans" {
            "plan_is_office(current_user) AND (owner = current_user OR NOT plan_owned(id))"
                .to_string()
        } else {
            format!("plan_is_office(current_user) AND plan_owns({plan}, current_user)")
        };
        for (op, clause) in [
            ("INSERT", format!("WITH CHECK ({mine})")),
            ("UPDATE", format!("USING ({mine}) WITH CHECK ({mine})")),
            ("DELETE", format!("USING ({mine})")),
        ] {
            sql.push_str(&format!(
                "CREATE POLICY plan_owner_{} ON {t} FOR {op} {clause};\n",
                op.to_lowercase()
            ));
        }
    }
    for t in REGISTRY_TABLES {
        sql.push_str(&format!(
            "CREATE POLICY plan_office ON {t} FOR ALL USING (plan_is_office(current_user)) WITH CHECK (plan_is_office(current_user));\n"
        ));
    }
    // What a record writes besides its event: the summaries of the occurrence it records on (of a task the
    // role works on), the chain's hash of its event, and the two facts of the store it keeps (the newest
    // hash, the rule the summaries were folded by). Never a snapshot's mark.
    sql.push_str(
        "CREATE POLICY plan_record ON progress FOR ALL USING (plan_works_on(task_rid, current_user)) \
             WITH CHECK (plan_works_on(task_rid, current_user));\n\
         CREATE POLICY plan_record ON event_hashes FOR INSERT WITH CHECK (plan_mapped(current_user));\n\
         CREATE POLICY plan_record ON meta FOR ALL USING (plan_mapped(current_user) \
             AND key IN ('events_head', 'progress_cache', 'event_dates_head')) \
             WITH CHECK (plan_mapped(current_user) AND key IN ('events_head', 'progress_cache', 'event_dates_head'));\n",
    );
    sql.push_str(
        "CREATE POLICY plan_record ON events FOR INSERT WITH CHECK (plan_may_record(task_rid, member, by_unit, current_user));\n\
         REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;\n\
         GRANT SELECT ON plan_schema TO PUBLIC;\n",
    );
    sql
}

/// What the migration adds for roles: the policies (the groups and their grants are `init`'s, which may
/// create roles).
pub fn after_migration(db: &dyn Db) -> SqlResult<()> {
    let done: bool = db.value(
        "SELECT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = current_schema() AND tablename = 'events' AND policyname = 'plan_record')",
        &[],
    )?;
    if !done {
        db.batch(&policies())?;
    }
    Ok(())
}

/// Makes the two group roles when they are missing, and grants them what they may do: run by `plan store
/// init`, as a role that may create roles.
pub fn init(db: &dyn Db) -> SqlResult<()> {
    let mut sql = String::new();
    for group in [UNIT_GROUP, OFFICE_GROUP] {
        // Roles belong to the whole server: two databases prepared at once may both find one missing.
        sql.push_str(&format!(
            "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{group}') THEN \
             CREATE ROLE {group} NOLOGIN; END IF; \
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$;\n"
        ));
    }
    let record: Vec<&str> = RECORD_TABLES.to_vec();
    sql.push_str(&format!(
        "GRANT USAGE ON SCHEMA public TO {UNIT_GROUP}, {OFFICE_GROUP};\n\
         GRANT SELECT ON ALL TABLES IN SCHEMA public TO {UNIT_GROUP}, {OFFICE_GROUP};\n\
         GRANT INSERT ON events TO {UNIT_GROUP}, {OFFICE_GROUP};\n\
         GRANT SELECT, INSERT, UPDATE, DELETE ON {} TO {UNIT_GROUP}, {OFFICE_GROUP};\n\
         REVOKE UPDATE, DELETE, TRUNCATE ON event_hashes FROM {UNIT_GROUP}, {OFFICE_GROUP};\n\
         GRANT INSERT ON event_hashes TO {UNIT_GROUP}, {OFFICE_GROUP};\n\
         GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {UNIT_GROUP}, {OFFICE_GROUP};\n",
        record.join(", ")
    ));
    let tables: Vec<&str> = PLAN_TABLES
        .iter()
        .map(|(t, _)| *t)
        .filter(|t| *t != "revisions")
        .chain(REGISTRY_TABLES.iter().copied())
        .collect();
    sql.push_str(&format!(
        "GRANT INSERT, UPDATE, DELETE ON {} TO {OFFICE_GROUP};\n\
         GRANT INSERT ON revisions TO {OFFICE_GROUP};\n\
         GRANT INSERT, UPDATE, DELETE ON plan_events TO {OFFICE_GROUP};\n\
         GRANT INSERT ON event_dates, event_date_hashes TO {OFFICE_GROUP};\n\
         GRANT UPDATE (source) ON revisions TO {OFFICE_GROUP};\n",
        tables.join(", ")
    ));
    db.batch(&sql)
}

/// Who a role is in the shared store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapping {
    /// The database role.
    pub role: String,
    /// The unit it records for (none: an office).
    pub unit: Option<String>,
    /// The only plan it works on (none: every plan).
    pub plan: Option<String>,
    /// Whether it loads plans.
    pub office: bool,
}

/// Maps a role (which must exist on the server) to a unit or an office, and grants it its group.
pub fn add(db: &dyn Db, m: &Mapping) -> SqlResult<()> {
    let group = if m.office { OFFICE_GROUP } else { UNIT_GROUP };
    db.exec(
        "INSERT INTO plan_roles (role, unit, plan, office) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (role) DO UPDATE SET unit = excluded.unit, plan = excluded.plan, office = excluded.office",
        &params![m.role, m.unit, m.plan, m.office],
    )?;
    db.batch(&format!("GRANT {group} TO {}", quote_ident(&m.role)))
}

/// Every mapped role.
pub fn list(db: &dyn Db) -> SqlResult<Vec<Mapping>> {
    db.rows(
        "SELECT role, unit, plan, office FROM plan_roles ORDER BY role",
        &[],
        |r| {
            Ok(Mapping {
                role: r.get(0)?,
                unit: r.get(1)?,
                plan: r.get(2)?,
                office: r.get(3)?,
            })
        },
    )
}

/// A role's name as an SQL identifier.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The roles' part of `plan check`: row-level security on every table, and the history's write guard.
pub fn check(db: &dyn Db) -> SqlResult<Vec<Problem>> {
    let mut problems = Vec::new();
    let off: Vec<String> = db.rows(
        "SELECT c.relname::text FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace
           AND c.relkind = 'r' AND c.relname <> 'plan_schema' AND NOT c.relrowsecurity ORDER BY 1",
        &[],
        |r| r.get(0),
    )?;
    problems.extend(
        off.into_iter()
            .map(|t| Problem::Integrity(format!("row-level security is off on table {t}"))),
    );
    let record: bool = db.value(
        "SELECT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = current_schema() AND tablename = 'events' AND policyname = 'plan_record')",
        &[],
    )?;
    if !record {
        problems.push(Problem::Integrity(
            "the policy that limits who records events is missing".into(),
        ));
    }
    Ok(problems)
}
