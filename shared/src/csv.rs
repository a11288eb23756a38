//! CSV for downloads people open in a spreadsheet.

use chrono::{DateTime, SecondsFormat, Utc};

/// One CSV cell. Text is quoted, and text a spreadsheet would run as a formula is
/// neutralised; a number is written bare so it stays a number (a longitude west of
/// Greenwich is `-1.243`, not the text `'-1.243`).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    /// Built only by [`Cell::number`], so it always holds a plain decimal number.
    Number(String),
}

impl Cell {
    pub fn text(value: impl Into<String>) -> Cell {
        Cell::Text(value.into())
    }

    /// A number to `decimals` places; not-a-number and infinities become an empty cell.
    pub fn number(value: f64, decimals: usize) -> Cell {
        if value.is_finite() {
            Cell::Number(format!("{value:.decimals$}"))
        } else {
            Cell::Text(String::new())
        }
    }

    /// A moment, to the second, in UTC: `2026-11-24T10:00:00Z`.
    pub fn time(at: DateTime<Utc>) -> Cell {
        Cell::Text(at.to_rfc3339_opts(SecondsFormat::Secs, true))
    }

    fn write(&self) -> String {
        match self {
            Cell::Text(value) => cell(value),
            Cell::Number(n) => n.clone(),
        }
    }
}

impl From<&str> for Cell {
    fn from(value: &str) -> Cell {
        Cell::Text(value.to_owned())
    }
}

impl From<String> for Cell {
    fn from(value: String) -> Cell {
        Cell::Text(value)
    }
}

/// A text cell: always quoted, and a leading `=`, `+`, `-`, `@`, tab or carriage return
/// neutralised with an apostrophe, so a spreadsheet shows the text rather than running it
/// as a formula (CSV injection).
pub fn cell(value: &str) -> String {
    let neutralised = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{value}")
    } else {
        value.to_owned()
    };
    format!("\"{}\"", neutralised.replace('"', "\"\""))
}

/// One CSV line of text cells, ending in CRLF as RFC 4180 says.
pub fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells.iter().map(|c| cell(c.as_ref())).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

/// One CSV line of typed cells, ending in CRLF.
pub fn typed_row(cells: &[Cell]) -> String {
    let mut line = cells.iter().map(Cell::write).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn formulas_are_neutralised_and_quotes_doubled() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+44 1632"), "\"'+44 1632\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell("Pothole, deep"), "\"Pothole, deep\"");
        assert_eq!(row(&["a", "b"]), "\"a\",\"b\"\r\n");
    }

    #[test]
    fn numbers_stay_numbers_and_text_that_looks_like_a_formula_does_not() {
        let line = typed_row(&[
            Cell::number(-1.2434, 3),
            Cell::number(52.6, 3),
            Cell::text("-1.243"),
            Cell::number(f64::NAN, 3),
        ]);
        assert_eq!(line, "-1.243,52.600,\"'-1.243\",\"\"\r\n");
    }

    #[test]
    fn times_are_to_the_second() {
        let at = Utc.with_ymd_and_hms(2026, 11, 24, 10, 0, 7).unwrap() + chrono::Duration::nanoseconds(123_456_789);
        assert_eq!(typed_row(&[Cell::time(at)]), "\"2026-11-24T10:00:07Z\"\r\n");
    }
}
