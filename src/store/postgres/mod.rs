//! The PostgreSQL backend: one database shared by many offices and units, each connecting as its own role;
//! the schema moved by numbered migrations under an advisory lock; the history append-only by triggers and
//! by what each role is granted (see `roles`).

mod db;
pub mod roles;
pub mod schema;

pub use db::Client;

use super::sql::{Db, SqlResult};
use super::{BackendKind, Location, Problem, Result, Server, SslMode, StoreError};
use std::time::Duration;

/// Resets the sequences that number tasks, deadlines, events, the dates of events and documents after rows
/// were copied in with their numbers.
pub const RESET_SEQUENCES: &str = "
SELECT setval(pg_get_serial_sequence('tasks', 'rid'), coalesce((SELECT max(rid) FROM tasks), 0) + 1, false);
SELECT setval(pg_get_serial_sequence('deadlines', 'rid'), coalesce((SELECT max(rid) FROM deadlines), 0) + 1, false);
SELECT setval(pg_get_serial_sequence('events', 'id'), coalesce((SELECT max(id) FROM events), 0) + 1, false);
SELECT setval(pg_get_serial_sequence('event_dates', 'id'), coalesce((SELECT max(id) FROM event_dates), 0) + 1, false);
SELECT setval(pg_get_serial_sequence('documents', 'rid'), coalesce((SELECT max(rid) FROM documents), 0) + 1, false);
";

fn failed(server: &Server, e: crate::store::sql::SqlError) -> StoreError {
    StoreError::Backend {
        store: Location::Server(Box::new(server.clone())),
        kind: e.kind,
        detail: e.detail,
    }
}

/// Connects to the database, and brings its schema up to date (for writing) or refuses an empty one (for
/// reading). A database that holds another program's tables, or a newer schema, is refused untouched.
pub fn open(server: &Server, write: bool) -> Result<Client> {
    let client = connect(server)?;
    let known = schema::MIGRATIONS.len() as i64;
    // Up to date: the common case, answered without a lock.
    if let Version::Of(v) = version(&client).map_err(|e| failed(server, e))?
        && v == known
    {
        return Ok(client);
    }
    // Anything else is asked again under the migration lock: another `plan` may be migrating it right now.
    migrate(&client, server, write)?;
    Ok(client)
}

/// Whether the database holds anything (a store, or another program's tables); an unreachable one is taken
/// to, so that opening it says why it cannot be reached.
pub fn exists(server: &Server) -> bool {
    match connect(server) {
        Ok(client) => !matches!(version(&client), Ok(Version::Empty)),
        Err(_) => true,
    }
}

/// Opens a connection as `server` says: TLS when asked for (see `tls`), the password never in an error.
fn connect(server: &Server) -> Result<Client> {
    let mut config = postgres::Config::new();
    if server.host.starts_with('/') {
        config.host_path(&server.host);
    } else {
        config.host(&server.host);
    }
    config
        .port(server.port)
        .user(&server.user)
        .dbname(&server.dbname)
        .application_name("plan")
        .connect_timeout(Duration::from_secs(10));
    if let Some(p) = &server.password {
        config.password(p);
    }
    config.ssl_mode(match server.sslmode {
        SslMode::Disable => postgres::config::SslMode::Disable,
        SslMode::Prefer => postgres::config::SslMode::Prefer,
        SslMode::Require => postgres::config::SslMode::Require,
    });
    let conn = match server.sslmode {
        SslMode::Disable => config.connect(postgres::NoTls),
        _ => config.connect(tls::connector()),
    };
    let conn = conn.map_err(|e| {
        let e = db::failure(e);
        failed(
            server,
            crate::store::sql::SqlError {
                kind: BackendKind::Unreachable,
                ..e
            },
        )
    })?;
    let client = Client::new(conn);
    // Times and text compare the same on every server, whatever its settings. A command's queries are short,
    // so compiling them (JIT) costs more than it saves (a fifth of an overdue list of 100,000 tasks). Rows
    // are read through cursors (see `db`), planned for the whole result as a plain query is: a plan for the
    // first rows took an overdue list of 100,000 tasks from 0.5 s to 1 s.
    client
        .batch(
            "SET TIME ZONE 'UTC'; SET client_encoding = 'UTF8'; SET jit = off; \
             SET cursor_tuple_fraction = 1.0",
        )
        .map_err(|e| failed(server, e))?;
    Ok(client)
}

mod tls {
    //! TLS by rustls (no system OpenSSL to build against or to keep patched), trusting the platform's roots.

    /// A connector trusting the platform's certificate store.
    // ring's provider is the one that builds with a C compiler alone (aws-lc needs cmake); its lack of
    // post-quantum key exchange is what the deprecation is about.
    #[allow(deprecated)]
    pub fn connector() -> tokio_postgres_rustls::MakeRustlsConnect {
        let mut roots = rustls::RootCertStore::empty();
        for cert in rustls_native_certs::load_native_certs().certs {
            let _ = roots.add(cert);
        }
        let config = rustls::ClientConfig::builder_with_provider(std::sync::Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("the ring provider supports TLS 1.2 and 1.3")
        .with_root_certificates(roots)
        .with_no_client_auth();
        tokio_postgres_rustls::MakeRustlsConnect::new(config)
    }
}

enum Version {
    /// No tables at all: a database made for `plan`.
    Empty,
    /// Tables, but not `plan`'s.
    Foreign,
    /// `plan`'s schema, at this version.
    Of(i64),
}

fn version(client: &Client) -> SqlResult<Version> {
    let db: &dyn Db = client;
    // Read from pg_class under the statement's own snapshot, in one statement: a name lookup such as
    // to_regclass may answer from a cache that has not yet seen another plan's migration commit.
    let (ours, tables): (bool, i64) = db.row(
        "SELECT count(*) FILTER (WHERE c.relname = 'plan_schema') > 0, count(*)
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'v')",
        &[],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    if ours {
        let v: Option<i64> = db.opt_row("SELECT version FROM plan_schema", &[], |r| r.get(0))?;
        return Ok(Version::Of(v.unwrap_or(0)));
    }
    Ok(if tables == 0 {
        Version::Empty
    } else {
        Version::Foreign
    })
}

/// Runs the migrations not yet run, in one transaction under the migration lock: a second `plan` waits,
/// then finds them run. For reading (`write` false), an empty database is refused, not made a store.
fn migrate(client: &Client, server: &Server, write: bool) -> Result<()> {
    let db: &dyn Db = client;
    let fail = |e| failed(server, e);
    if let Err(e) = db.batch(&format!(
        "BEGIN; SELECT pg_advisory_xact_lock({})",
        schema::MIGRATION_LOCK
    )) {
        let _ = db.batch("ROLLBACK");
        return Err(fail(e));
    }
    let run = || -> Result<()> {
        let known = schema::MIGRATIONS.len() as i64;
        let current = match version(client).map_err(fail)? {
            Version::Of(v) => v,
            Version::Empty if !write => {
                return Err(StoreError::Missing(server.to_string().into()));
            }
            Version::Empty => 0,
            Version::Foreign => {
                return Err(StoreError::Foreign(Location::Server(Box::new(
                    server.clone(),
                ))));
            }
        };
        if current > known {
            return Err(StoreError::TooNew {
                store: Location::Server(Box::new(server.clone())),
                found: current,
                known,
            });
        }
        if current == known {
            return Ok(());
        }
        for step in &schema::MIGRATIONS[current as usize..] {
            for part in step.iter() {
                db.batch(part).map_err(fail)?;
            }
        }
        if current == 0 {
            db.exec(
                "INSERT INTO plan_schema (version) VALUES (?1)",
                &[known.into()],
            )
        } else {
            db.exec("UPDATE plan_schema SET version = ?1", &[known.into()])
        }
        .map_err(fail)?;
        roles::after_migration(db).map_err(fail)?;
        Ok(())
    };
    match run() {
        Ok(()) => db.batch("COMMIT").map_err(fail),
        Err(e) => {
            let _ = db.batch("ROLLBACK");
            Err(e)
        }
    }
}

/// PostgreSQL's part of `plan check`: every append-only trigger on its table, enabled, calling its function,
/// and row-level security on where the roles need it.
pub fn integrity(client: &Client) -> SqlResult<Vec<Problem>> {
    let db: &dyn Db = client;
    let mut problems = Vec::new();
    for (name, table, function) in schema::GUARDS {
        let found: Option<(String, String, String)> = db.opt_row(
            "SELECT c.relname::text, p.proname::text, t.tgenabled::text FROM pg_trigger t
             JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_proc p ON p.oid = t.tgfoid
             WHERE t.tgname = ?1 AND c.relnamespace = current_schema()::regnamespace",
            &[name.to_string().into()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        match found {
            None => problems.push(Problem::GuardMissing(name)),
            Some((t, f, enabled)) if t != *table || f != *function || enabled == "D" => {
                problems.push(Problem::GuardChanged(name))
            }
            Some(_) => {}
        }
    }
    problems.extend(roles::check(db)?);
    Ok(problems)
}
