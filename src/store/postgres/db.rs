//! The shared code's [`Db`] over a PostgreSQL connection: statements prepared once per connection, values
//! carried in the five kinds the store knows whatever the column's type on the server.

use super::super::BackendKind;
use super::super::sql::{Db, Dialect, Row, SqlError, SqlResult, Value, dollar_params};
use postgres::types::{FromSql, IsNull, Kind, ToSql, Type, to_sql_checked};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;

/// A connection, with the statements it has prepared.
pub struct Client {
    conn: RefCell<postgres::Client>,
    prepared: RefCell<HashMap<String, postgres::Statement>>,
    /// Whether a transaction is open (begun by [`Db::batch`]).
    in_transaction: Cell<bool>,
    /// How many queries are being read through cursors right now (a reader's callback may query again).
    cursors: Cell<usize>,
}

/// How many rows a cursor hands over at a time: few for the first fetch (a caller that wants one row, such as
/// `overdue --quiet`, stops there), more for the rest.
const FIRST_FETCH: usize = 64;
const FETCH: usize = 2048;

impl Client {
    /// Wraps a connection.
    pub fn new(conn: postgres::Client) -> Client {
        Client {
            conn: RefCell::new(conn),
            prepared: RefCell::new(HashMap::new()),
            in_transaction: Cell::new(false),
            cursors: Cell::new(0),
        }
    }

    /// Reads a query's rows through a cursor, a batch at a time, until `f` wants no more: the rows are never
    /// all in memory, a caller that stops early spares the server the rest, and `f` may query the
    /// connection between batches.
    fn each_by_cursor(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
        first_rows: bool,
        f: &mut dyn FnMut(Row) -> SqlResult<bool>,
    ) -> SqlResult<()> {
        let name = format!("plan_cursor_{}", self.cursors.get());
        let declare = self.statement(&format!("DECLARE {name} NO SCROLL CURSOR FOR {sql}"))?;
        let own = !self.in_transaction.get();
        if own {
            self.batch("BEGIN")?;
        }
        self.cursors.set(self.cursors.get() + 1);
        let read = (|| -> SqlResult<()> {
            // Planned when declared: for its first rows (PostgreSQL's default for cursors), or for all of them
            // (the session's setting, see `connect`).
            if first_rows {
                self.batch("SET LOCAL cursor_tuple_fraction = 0.1")?;
            }
            // The cursor's own error first: a statement after it in an aborted transaction would hide it.
            self.conn
                .borrow_mut()
                .execute(&declare, params)
                .map_err(failure)?;
            if first_rows {
                self.batch("SET LOCAL cursor_tuple_fraction = 1.0")?;
            }
            let mut size = FIRST_FETCH;
            loop {
                let fetch = format!("FETCH FORWARD {size} FROM {name}");
                let rows = self
                    .conn
                    .borrow_mut()
                    .query(fetch.as_str(), &[])
                    .map_err(failure)?;
                for r in &rows {
                    if !f(read(r)?)? {
                        return Ok(());
                    }
                }
                if rows.len() < size {
                    return Ok(());
                }
                size = FETCH;
            }
        })();
        self.cursors.set(self.cursors.get() - 1);
        let closed = self.batch(&format!("CLOSE {name}"));
        if own {
            let end = if read.is_ok() && closed.is_ok() {
                "COMMIT"
            } else {
                "ROLLBACK"
            };
            let ended = self.batch(end);
            read?;
            closed?;
            return ended;
        }
        read.and(closed)
    }

    fn statement(&self, sql: &str) -> SqlResult<postgres::Statement> {
        if let Some(st) = self.prepared.borrow().get(sql) {
            return Ok(st.clone());
        }
        let st = self
            .conn
            .borrow_mut()
            .prepare(&dollar_params(sql))
            .map_err(failure)?;
        self.prepared
            .borrow_mut()
            .insert(sql.to_string(), st.clone());
        Ok(st)
    }
}

/// A failure of PostgreSQL, as the shared code's data. A serialization failure or a deadlock is `Busy`:
/// the transaction is run again.
pub fn failure(e: postgres::Error) -> SqlError {
    use postgres::error::SqlState;
    let code = e.code().cloned();
    let kind = match &code {
        Some(c)
            if *c == SqlState::T_R_SERIALIZATION_FAILURE
                || *c == SqlState::T_R_DEADLOCK_DETECTED =>
        {
            BackendKind::Busy
        }
        Some(c) if *c == SqlState::INSUFFICIENT_PRIVILEGE => BackendKind::Denied,
        Some(c) if *c == SqlState::DISK_FULL => BackendKind::DiskFull,
        Some(c) if *c == SqlState::READ_ONLY_SQL_TRANSACTION => BackendKind::ReadOnly,
        Some(c)
            if *c == SqlState::INVALID_PASSWORD
                || *c == SqlState::INVALID_AUTHORIZATION_SPECIFICATION =>
        {
            BackendKind::Unreachable
        }
        Some(c) if c.code().starts_with("08") || c.code().starts_with("57P") => {
            BackendKind::Unreachable
        }
        Some(c)
            if *c == SqlState::INVALID_TEXT_REPRESENTATION || *c == SqlState::DATATYPE_MISMATCH =>
        {
            BackendKind::Tampered
        }
        None if e.is_closed() => BackendKind::Unreachable,
        None => BackendKind::Unreachable,
        _ => BackendKind::Other,
    };
    let detail = match e.as_db_error() {
        Some(db) => db.message().to_string(),
        None => e.to_string(),
    };
    SqlError { kind, detail }
}

/// A parameter, encoded for the type the server gave it.
#[derive(Debug)]
struct Param<'a>(&'a Value);

impl ToSql for Param<'_> {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut bytes::BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        let ty = base(ty);
        match self.0 {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(n) => match ty {
                Type::BOOL => (*n != 0).to_sql(&ty, out),
                Type::INT2 => i16::try_from(*n)?.to_sql(&ty, out),
                Type::INT4 => i32::try_from(*n)?.to_sql(&ty, out),
                Type::FLOAT8 => (*n as f64).to_sql(&ty, out),
                Type::TEXT | Type::VARCHAR | Type::NAME | Type::BPCHAR | Type::UNKNOWN => {
                    out.extend_from_slice(n.to_string().as_bytes());
                    Ok(IsNull::No)
                }
                _ => n.to_sql(&Type::INT8, out),
            },
            Value::Real(f) => f.to_sql(&Type::FLOAT8, out),
            // Text is sent as the bytes of text only to a column of text: to another type they would be read
            // as that type's binary form.
            Value::Text(_) | Value::Bytes(_)
                if matches!(
                    ty,
                    Type::BOOL | Type::INT2 | Type::INT4 | Type::INT8 | Type::FLOAT4 | Type::FLOAT8
                ) =>
            {
                Err(format!("a text value for a parameter of type {ty}").into())
            }
            Value::Text(t) => {
                out.extend_from_slice(t.as_bytes());
                Ok(IsNull::No)
            }
            Value::Bytes(b) => {
                out.extend_from_slice(b);
                Ok(IsNull::No)
            }
        }
    }

    fn accepts(_: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// A domain's base type; any other type as it is.
fn base(ty: &Type) -> Type {
    match ty.kind() {
        Kind::Domain(b) => base(b),
        _ => ty.clone(),
    }
}

/// A column's value, decoded from the type the server gave it.
struct Decoded(Value);

impl<'a> FromSql<'a> for Decoded {
    fn from_sql(
        ty: &Type,
        raw: &'a [u8],
    ) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        let ty = base(ty);
        Ok(Decoded(match ty {
            Type::BOOL => Value::Int(i64::from(bool::from_sql(&ty, raw)?)),
            Type::INT2 => Value::Int(i64::from(i16::from_sql(&ty, raw)?)),
            Type::INT4 => Value::Int(i64::from(i32::from_sql(&ty, raw)?)),
            Type::INT8 => Value::Int(i64::from_sql(&ty, raw)?),
            Type::FLOAT4 => Value::Real(f64::from(f32::from_sql(&ty, raw)?)),
            Type::FLOAT8 => Value::Real(f64::from_sql(&ty, raw)?),
            Type::BYTEA => Value::Bytes(raw.to_vec()),
            Type::TEXT | Type::VARCHAR | Type::NAME | Type::BPCHAR | Type::UNKNOWN | Type::JSON => {
                Value::Text(std::str::from_utf8(raw)?.to_string())
            }
            other => return Err(format!("a column of type {other} where plan keeps none").into()),
        }))
    }

    fn from_sql_null(_: &Type) -> Result<Self, Box<dyn std::error::Error + Sync + Send>> {
        Ok(Decoded(Value::Null))
    }

    fn accepts(_: &Type) -> bool {
        true
    }
}

fn read(row: &postgres::Row) -> SqlResult<Row> {
    let mut values = Vec::with_capacity(row.len());
    for i in 0..row.len() {
        let cell: Decoded = row.try_get(i).map_err(|e| SqlError::tampered(i, e))?;
        values.push(cell.0);
    }
    Ok(Row(values))
}

impl Db for Client {
    fn dialect(&self) -> Dialect {
        Dialect::Postgres
    }

    fn each(
        &self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(Row) -> SqlResult<bool>,
    ) -> SqlResult<()> {
        self.read(sql, params, false, f)
    }

    fn each_first(
        &self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(Row) -> SqlResult<bool>,
    ) -> SqlResult<()> {
        self.read(sql, params, true, f)
    }

    fn exec(&self, sql: &str, params: &[Value]) -> SqlResult<u64> {
        let st = self.statement(sql)?;
        let params: Vec<Param<'_>> = params.iter().map(Param).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
        self.conn.borrow_mut().execute(&st, &refs).map_err(failure)
    }

    fn batch(&self, sql: &str) -> SqlResult<()> {
        self.run_batch(sql)
    }
}

impl Client {
    /// A query's rows: a SELECT through a cursor, a statement that returns rows read whole.
    fn read(
        &self,
        sql: &str,
        params: &[Value],
        first_rows: bool,
        f: &mut dyn FnMut(Row) -> SqlResult<bool>,
    ) -> SqlResult<()> {
        let params: Vec<Param<'_>> = params.iter().map(Param).collect();
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|p| p as _).collect();
        let select = sql
            .trim_start()
            .get(..6)
            .is_some_and(|w| w.eq_ignore_ascii_case("SELECT"));
        if select {
            return self.each_by_cursor(sql, &refs, first_rows, f);
        }
        // A statement that writes and returns rows (INSERT … RETURNING): its few rows, read whole.
        let st = self.statement(sql)?;
        let rows = self.conn.borrow_mut().query(&st, &refs).map_err(failure)?;
        for r in &rows {
            if !f(read(r)?)? {
                break;
            }
        }
        Ok(())
    }

    /// Runs statements without parameters, keeping count of whether a transaction is open.
    fn run_batch(&self, sql: &str) -> SqlResult<()> {
        if sql.is_empty() {
            return Ok(());
        }
        let ran = self.conn.borrow_mut().batch_execute(sql).map_err(failure);
        let first = sql.trim_start().split([' ', ';']).next().unwrap_or("");
        if first.eq_ignore_ascii_case("BEGIN") {
            // A BEGIN whose later statements failed left a transaction open (and aborted): it is rolled back.
            self.in_transaction.set(true);
        } else if first.eq_ignore_ascii_case("COMMIT") || first.eq_ignore_ascii_case("ROLLBACK") {
            // A COMMIT that fails ends the transaction too (PostgreSQL rolls it back).
            self.in_transaction.set(false);
        }
        ran
    }
}
