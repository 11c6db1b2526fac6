//! Problems found in plan files, located by line and column (columns count characters, not bytes).

use std::fmt;
use std::ops::Range;

/// How serious a problem is: errors stop a load, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The file cannot be loaded as it is.
    Error,
    /// Probably a mistake, but loadable.
    Warning,
}

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file, as the user named it.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong.
    pub what: String,
    /// How to fix it.
    pub fix: String,
}

impl Diagnostic {
    /// Locates a byte range of `source` and builds the diagnostic.
    pub fn at(
        path: &str,
        source: &str,
        span: Range<usize>,
        severity: Severity,
        what: String,
        fix: String,
    ) -> Diagnostic {
        let (line, column) = line_column(source, span.start);
        Diagnostic {
            path: path.to_string(),
            line,
            column,
            severity,
            what,
            fix,
        }
    }

    /// Sort key: file, line, column.
    pub fn sort_key(&self) -> (&str, usize, usize, Severity) {
        (&self.path, self.line, self.column, self.severity)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => crate::i18n::tr("error", "lỗi"),
            Severity::Warning => crate::i18n::tr("warning", "cảnh báo"),
        };
        write!(
            f,
            "{}:{}:{}: {}: {} — {}",
            self.path, self.line, self.column, sev, self.what, self.fix
        )
    }
}

/// The 1-based line and character column of a byte offset (clamped to the text, snapped to a char boundary).
pub fn line_column(source: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(source.len());
    while !source.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters() {
        let src = "a = 1\ntên = \"Hòa\" x\n";
        let x = src.find(" x").unwrap() + 1;
        assert_eq!(line_column(src, x), (2, 13));
        assert_eq!(line_column(src, 0), (1, 1));
        assert_eq!(line_column(src, 10_000), (3, 1));
    }
}
