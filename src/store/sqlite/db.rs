//! The shared code's [`Db`] over a SQLite connection: statements prepared once and cached, values carried
//! as SQLite stores them.

use super::super::BackendKind;
use super::super::sql::{Db, Dialect, Row, SqlError, SqlResult, Value};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, ErrorCode};

/// A failure of SQLite, as the shared code's data.
pub fn failure(source: rusqlite::Error) -> SqlError {
    use rusqlite::Error as E;
    let tampered = match &source {
        E::FromSqlConversionFailure(_, _, what) => Some(what.to_string()),
        E::InvalidColumnType(_, column, kind) => Some(format!("{column} holds {kind}")),
        E::IntegralValueOutOfRange(_, n) => Some(format!("{n} is out of range")),
        _ => None,
    };
    let kind = match (&tampered, source.sqlite_error_code()) {
        (Some(_), _) => BackendKind::Tampered,
        (_, Some(ErrorCode::DatabaseCorrupt)) => BackendKind::Corrupt,
        (_, Some(ErrorCode::DiskFull)) => BackendKind::DiskFull,
        (_, Some(ErrorCode::ReadOnly)) => BackendKind::ReadOnly,
        (_, Some(ErrorCode::DatabaseBusy)) => BackendKind::Busy,
        (_, Some(ErrorCode::SystemIoFailure)) => BackendKind::DiskFailure,
        _ => BackendKind::Other,
    };
    SqlError {
        kind,
        detail: tampered.unwrap_or_else(|| source.to_string()),
    }
}

struct Param<'a>(&'a Value);

impl rusqlite::ToSql for Param<'_> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self.0 {
            Value::Null => ValueRef::Null,
            Value::Int(n) => ValueRef::Integer(*n),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(t) => ValueRef::Text(t.as_bytes()),
            Value::Bytes(b) => ValueRef::Blob(b),
        }))
    }
}

fn value(v: ValueRef<'_>, i: usize) -> SqlResult<Value> {
    Ok(match v {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(n) => Value::Int(n),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => Value::Text(
            std::str::from_utf8(t)
                .map_err(|e| SqlError::tampered(i, e))?
                .to_string(),
        ),
        ValueRef::Blob(b) => Value::Bytes(b.to_vec()),
    })
}

impl Db for Connection {
    fn dialect(&self) -> Dialect {
        Dialect::Sqlite
    }

    fn each(
        &self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(Row) -> SqlResult<bool>,
    ) -> SqlResult<()> {
        let mut st = self.prepare_cached(sql).map_err(failure)?;
        let n = st.column_count();
        let mut rows = st
            .query(rusqlite::params_from_iter(params.iter().map(Param)))
            .map_err(failure)?;
        while let Some(r) = rows.next().map_err(failure)? {
            let mut values = Vec::with_capacity(n);
            for i in 0..n {
                values.push(value(r.get_ref(i).map_err(failure)?, i)?);
            }
            if !f(Row(values))? {
                break;
            }
        }
        Ok(())
    }

    fn exec(&self, sql: &str, params: &[Value]) -> SqlResult<u64> {
        let mut st = self.prepare_cached(sql).map_err(failure)?;
        let n = st
            .execute(rusqlite::params_from_iter(params.iter().map(Param)))
            .map_err(failure)?;
        Ok(n as u64)
    }

    fn batch(&self, sql: &str) -> SqlResult<()> {
        self.execute_batch(sql).map_err(failure)
    }
}
