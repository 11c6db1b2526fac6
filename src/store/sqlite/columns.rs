//! Reading the store's own column encodings (ISO dates) back into the domain's types: shared by the queries
//! and the status stream, so neither depends on the other for them.

use chrono::NaiveDate;
use rusqlite::Row;

/// A date column that cannot be NULL.
pub fn date_col(row: &Row<'_>, i: usize) -> rusqlite::Result<NaiveDate> {
    opt_date_col(row, i)?.ok_or(rusqlite::Error::InvalidColumnType(
        i,
        "date".into(),
        rusqlite::types::Type::Null,
    ))
}

/// A date column as the store writes it (ISO text), or `None` for NULL.
pub fn opt_date_col(row: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    let text = row.get_ref(i)?.as_str_or_null().map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
    })?;
    text.map(|t| {
        crate::date::parse_iso(t).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                i,
                rusqlite::types::Type::Text,
                format!("`{t}` is not a date").into(),
            )
        })
    })
    .transpose()
}
