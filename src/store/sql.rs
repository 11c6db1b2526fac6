//! How the store's shared code speaks to a database: values and rows that are the same for every backend,
//! one trait ([`Db`]) each backend implements over its own connection, and the few spellings of SQL that
//! differ between them ([`Dialect`]).
//!
//! The rules this module keeps: a query's parameters are written `?1`, `?2`… (a backend that numbers them
//! otherwise rewrites them); a value is one of five kinds, so that the history's hash chain hashes the same
//! event alike on every backend; a boolean is bound and read as 0 or 1.

use super::BackendKind;

/// A value bound to a query or read from a row.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// SQL NULL.
    Null,
    /// An integer (and a boolean, as 0 or 1).
    Int(i64),
    /// A floating-point number.
    Real(f64),
    /// Text.
    Text(String),
    /// Bytes.
    Bytes(Vec<u8>),
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Int(n)
    }
}

impl From<&str> for Value {
    fn from(t: &str) -> Self {
        Value::Text(t.to_string())
    }
}

impl From<String> for Value {
    fn from(t: String) -> Self {
        Value::Text(t)
    }
}

/// A failure of the database, as the store's data: what kind, and what the database said.
#[derive(Debug, Clone)]
pub struct SqlError {
    /// What kind of failure, for what to do about it.
    pub kind: BackendKind,
    /// What the database said, as it said it.
    pub detail: String,
}

impl SqlError {
    /// A value `plan` never writes, in column `_i`: the store was changed outside `plan`.
    pub fn tampered(_i: usize, what: impl std::fmt::Display) -> SqlError {
        SqlError {
            kind: BackendKind::Tampered,
            detail: what.to_string(),
        }
    }
}

/// Shorthand for the results of queries.
pub type SqlResult<T> = std::result::Result<T, SqlError>;

/// A row as read, its values in the order of the query's columns.
#[derive(Debug, Clone, Default)]
pub struct Row(pub Vec<Value>);

/// A column of a row, by its place.
pub trait ColumnIndex {
    /// Its place, from 0.
    fn index(self) -> usize;
}

impl ColumnIndex for usize {
    fn index(self) -> usize {
        self
    }
}

impl Row {
    /// The value of column `i` as a `T`; a value of another kind is a store changed outside `plan`.
    pub fn get<I: ColumnIndex, T: FromValue>(&self, i: I) -> SqlResult<T> {
        let i = i.index();
        let v = self.0.get(i).unwrap_or(&Value::Null);
        T::from_value(v).ok_or_else(|| {
            let held = match v {
                Value::Null => "NULL",
                Value::Int(_) => "an integer",
                Value::Real(_) => "a real number",
                Value::Text(_) => "text",
                Value::Bytes(_) => "bytes",
            };
            SqlError::tampered(i, format!("column {i} holds {held}"))
        })
    }

    /// The value of column `i` as it is.
    pub fn value(&self, i: usize) -> &Value {
        self.0.get(i).unwrap_or(&Value::Null)
    }
}

/// A Rust type a column's value reads as.
pub trait FromValue: Sized {
    /// The value as this type, when it is of a kind this type holds.
    fn from_value(v: &Value) -> Option<Self>;
}

impl FromValue for i64 {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Int(n) => Some(*n),
            _ => None,
        }
    }
}

impl FromValue for i32 {
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).and_then(|n| i32::try_from(n).ok())
    }
}

impl FromValue for u8 {
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).and_then(|n| u8::try_from(n).ok())
    }
}

impl FromValue for u32 {
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).and_then(|n| u32::try_from(n).ok())
    }
}

impl FromValue for bool {
    fn from_value(v: &Value) -> Option<Self> {
        i64::from_value(v).map(|n| n != 0)
    }
}

impl FromValue for String {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Text(t) => Some(t.clone()),
            _ => None,
        }
    }
}

impl FromValue for Vec<u8> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Bytes(b) => Some(b.clone()),
            _ => None,
        }
    }
}

impl FromValue for Value {
    fn from_value(v: &Value) -> Option<Self> {
        Some(v.clone())
    }
}

impl<T: FromValue> FromValue for Option<T> {
    fn from_value(v: &Value) -> Option<Self> {
        match v {
            Value::Null => Some(None),
            v => T::from_value(v).map(Some),
        }
    }
}

/// A Rust value bound as a query's parameter.
pub trait ToValue {
    /// The value as bound.
    fn to_value(&self) -> Value;
}

impl ToValue for Value {
    fn to_value(&self) -> Value {
        self.clone()
    }
}

impl ToValue for i64 {
    fn to_value(&self) -> Value {
        Value::Int(*self)
    }
}

impl ToValue for i32 {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

impl ToValue for u8 {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

impl ToValue for u32 {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

impl ToValue for bool {
    fn to_value(&self) -> Value {
        Value::Int(i64::from(*self))
    }
}

impl ToValue for str {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl ToValue for String {
    fn to_value(&self) -> Value {
        Value::Text(self.clone())
    }
}

impl ToValue for std::borrow::Cow<'_, str> {
    fn to_value(&self) -> Value {
        Value::Text(self.to_string())
    }
}

impl<T: ToValue + ?Sized> ToValue for &T {
    fn to_value(&self) -> Value {
        (**self).to_value()
    }
}

impl<T: ToValue> ToValue for Option<T> {
    fn to_value(&self) -> Value {
        match self {
            Some(v) => v.to_value(),
            None => Value::Null,
        }
    }
}

/// The parameters of a query, `?1` first.
macro_rules! params {
    () => { [] as [$crate::store::sql::Value; 0] };
    ($($x:expr),+ $(,)?) => {
        [$($crate::store::sql::ToValue::to_value(&$x)),+]
    };
}
pub(crate) use params;

/// The SQL a backend speaks where the two differ.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Dialect {
    /// The values of `expr` joined by the unit separator (U+001F), in the order of `order`; NULL for none.
    pub fn joined(self, expr: &str, order: &str) -> String {
        match self {
            Dialect::Sqlite => format!("group_concat({expr}, char(31) ORDER BY {order})"),
            Dialect::Postgres => format!("string_agg({expr}, chr(31) ORDER BY {order})"),
        }
    }

    /// The unit separator as an SQL expression.
    pub fn separator(self) -> &'static str {
        match self {
            Dialect::Sqlite => "char(31)",
            Dialect::Postgres => "chr(31)",
        }
    }

    /// A table `alias` of the strings of the JSON array `expr`, in a column named `value`.
    pub fn json_items(self, expr: &str, alias: &str) -> String {
        match self {
            Dialect::Sqlite => format!("json_each({expr}) {alias}"),
            Dialect::Postgres => {
                format!("json_array_elements_text(CAST({expr} AS json)) {alias}(value)")
            }
        }
    }

    /// Whether two texts are equal ignoring the case of ASCII letters (task ids are ASCII).
    pub fn same_nocase(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{a} = {b} COLLATE NOCASE"),
            Dialect::Postgres => format!("lower({a}) = lower({b})"),
        }
    }

    /// The smaller of two values.
    pub fn least(self, a: &str, b: &str) -> String {
        match self {
            Dialect::Sqlite => format!("min({a}, {b})"),
            Dialect::Postgres => format!("least({a}, {b})"),
        }
    }

    /// `expr`, kept off its index where the backend's planner would follow the index to its cost.
    pub fn unindexed(self, expr: &str) -> String {
        match self {
            Dialect::Sqlite => format!("+{expr}"),
            Dialect::Postgres => expr.to_string(),
        }
    }

    /// What starts a write: a transaction that holds the store's write lock until it ends, so that what it
    /// reads stays true until it commits.
    pub fn begin_write(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN IMMEDIATE",
            // One writer at a time, as on SQLite: the hash chain links each event to the one before it.
            Dialect::Postgres => "BEGIN; SELECT pg_advisory_xact_lock(7403311000000001)",
        }
    }

    /// What starts a read that sees one moment of the store across its queries.
    pub fn begin_read(self) -> &'static str {
        match self {
            Dialect::Sqlite => "BEGIN",
            Dialect::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
        }
    }
}

/// The values of a [`Dialect::joined`] column.
pub fn split_joined(joined: Option<String>) -> Vec<String> {
    joined
        .map(|l| l.split('\u{1f}').map(str::to_string).collect())
        .unwrap_or_default()
}

/// A connection to a store's database, as the shared code uses it.
pub trait Db {
    /// Which SQL it speaks.
    fn dialect(&self) -> Dialect;
    /// Runs a query and gives `f` each row until it returns `false`.
    fn each(
        &self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(Row) -> SqlResult<bool>,
    ) -> SqlResult<()>;
    /// As [`Db::each`], for a caller that wants the first rows soon and will likely stop there (`overdue
    /// --quiet`): a backend that plans for the whole result otherwise plans for the first rows.
    fn each_first(
        &self,
        sql: &str,
        params: &[Value],
        f: &mut dyn FnMut(Row) -> SqlResult<bool>,
    ) -> SqlResult<()> {
        self.each(sql, params, f)
    }
    /// Runs a statement; how many rows it changed.
    fn exec(&self, sql: &str, params: &[Value]) -> SqlResult<u64>;
    /// Runs statements without parameters.
    fn batch(&self, sql: &str) -> SqlResult<()>;
}

impl dyn Db + '_ {
    /// Every row of a query, each made into a `T`.
    pub fn rows<T>(
        &self,
        sql: &str,
        params: &[Value],
        mut f: impl FnMut(&Row) -> SqlResult<T>,
    ) -> SqlResult<Vec<T>> {
        let mut out = Vec::new();
        self.each(sql, params, &mut |r| {
            out.push(f(&r)?);
            Ok(true)
        })?;
        Ok(out)
    }

    /// The first row of a query, when it has one.
    pub fn opt_row<T>(
        &self,
        sql: &str,
        params: &[Value],
        f: impl FnOnce(&Row) -> SqlResult<T>,
    ) -> SqlResult<Option<T>> {
        let mut first = None;
        self.each(sql, params, &mut |r| {
            first = Some(r);
            Ok(false)
        })?;
        first.map(|r| f(&r)).transpose()
    }

    /// The one row a query must return.
    pub fn row<T>(
        &self,
        sql: &str,
        params: &[Value],
        f: impl FnOnce(&Row) -> SqlResult<T>,
    ) -> SqlResult<T> {
        self.opt_row(sql, params, f)?.ok_or_else(|| SqlError {
            kind: BackendKind::Tampered,
            detail: "a row the store must hold is missing".into(),
        })
    }

    /// The first column of the one row a query returns.
    pub fn value<T: FromValue>(&self, sql: &str, params: &[Value]) -> SqlResult<T> {
        self.row(sql, params, |r| r.get(0))
    }
}

/// `sql` with its `?N` parameters written `$N`, for a backend that numbers them so: outside quoted text and
/// names only.
pub fn dollar_params(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut quote: Option<char> = None;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (None, '\'' | '"') => quote = Some(c),
            (None, '?') if chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('$');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_renumbered_outside_quotes_only() {
        assert_eq!(
            dollar_params("SELECT '?1', \"a?2\" FROM t WHERE a = ?1 AND b = ?12 OR c = ?"),
            "SELECT '?1', \"a?2\" FROM t WHERE a = $1 AND b = $12 OR c = ?"
        );
    }

    #[test]
    fn values_read_as_their_kinds_only() {
        let row = Row(vec![Value::Int(1), Value::Text("x".into()), Value::Null]);
        assert!(row.get::<_, bool>(0).unwrap());
        assert_eq!(row.get::<_, String>(1).unwrap(), "x");
        assert_eq!(row.get::<_, Option<i64>>(2).unwrap(), None);
        assert!(row.get::<_, i64>(1).is_err());
        assert!(row.get::<_, String>(2).is_err());
    }
}
