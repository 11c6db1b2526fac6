//! Reading the store's own column encodings (ISO dates) back into the domain's types: shared by the queries
//! and the status stream, so neither depends on the other for them.

use super::sql::{Row, SqlError, SqlResult};
use chrono::NaiveDate;

/// A date column that cannot be NULL.
pub fn date_col(row: &Row, i: usize) -> SqlResult<NaiveDate> {
    opt_date_col(row, i)?.ok_or_else(|| SqlError::tampered(i, "a date is missing"))
}

/// A date column as the store writes it (ISO text), or `None` for NULL.
pub fn opt_date_col(row: &Row, i: usize) -> SqlResult<Option<NaiveDate>> {
    let text: Option<String> = row.get(i)?;
    text.map(|t| {
        crate::date::parse_iso(&t)
            .ok_or_else(|| SqlError::tampered(i, format!("`{t}` is not a date")))
    })
    .transpose()
}

/// The terms of a counted deadline (`deadlines.reckoning`, JSON), or `None` for NULL.
pub fn terms_col(row: &Row, i: usize) -> SqlResult<Option<crate::domain::reckoning::Terms>> {
    let text: Option<String> = row.get(i)?;
    text.map(|t| serde_json::from_str(&t).map_err(|e| SqlError::tampered(i, e)))
        .transpose()
}
