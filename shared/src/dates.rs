//! Dates as people read them, in London: "Friday 4 December 2026" in sentences and
//! "4 December 2026" in tables.

use chrono::NaiveDate;

/// Dates in emails and pages: "Friday 4 December 2026".
pub fn long_date(d: NaiveDate) -> String {
    d.format("%A %-d %B %Y").to_string()
}

/// Dates in tables: "4 December 2026".
pub fn short_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}
