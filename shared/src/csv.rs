//! CSV for downloads people open in a spreadsheet.

/// A CSV cell: always quoted, and a leading `=`, `+`, `-`, `@`, tab or carriage return
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

/// One CSV line, ending in CRLF as RFC 4180 says.
pub fn row<S: AsRef<str>>(cells: &[S]) -> String {
    let mut line = cells.iter().map(|c| cell(c.as_ref())).collect::<Vec<_>>().join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_quotes_doubled() {
        assert_eq!(cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
        assert_eq!(cell("+44 1632"), "\"'+44 1632\"");
        assert_eq!(cell("@SUM(A1)"), "\"'@SUM(A1)\"");
        assert_eq!(cell("Pothole, deep"), "\"Pothole, deep\"");
        assert_eq!(row(&["a", "b"]), "\"a\",\"b\"\r\n");
    }
}
