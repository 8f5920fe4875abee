//! Problems found while reading: errors collected up to a cap (the rest
//! counted), warnings kept apart, and roster text quoted safely in messages.

use crate::error::{Diagnostic, Error, Location, MAX_REPORTED_ERRORS};

/// Collects errors up to the reporting cap and counts the rest.
pub(super) struct Problems {
    pub(super) errors: Vec<Diagnostic>,
    pub(super) hidden: usize,
    pub(super) warnings: Vec<Diagnostic>,
}

impl Problems {
    pub(super) fn new() -> Problems {
        Problems {
            errors: Vec::new(),
            hidden: 0,
            warnings: Vec::new(),
        }
    }

    pub(super) fn has_errors(&self) -> bool {
        !self.errors.is_empty() || self.hidden > 0
    }

    pub(super) fn error(&mut self, location: Location, message: String) {
        if self.errors.len() < MAX_REPORTED_ERRORS {
            self.errors.push(Diagnostic { location, message });
        } else {
            self.hidden += 1;
        }
    }

    pub(super) fn into_error(mut self, source: &str) -> Error {
        if self.hidden > 0 {
            self.errors.push(Diagnostic {
                location: loc(source, None, None),
                message: format!(
                    "{} more errors not shown; fix the ones above and run again",
                    self.hidden
                ),
            });
        }
        Error::Data(self.errors)
    }
}

pub(super) fn loc(file: &str, line: Option<u64>, column: Option<(usize, &str)>) -> Location {
    Location {
        file: file.to_string(),
        line,
        column: column.map(|(n, name)| (n, name.to_string())),
    }
}

/// Text from the roster as messages quote it: control, bidi and invisible
/// characters escaped (so a hostile value cannot drive the terminal, and
/// an invisible difference shows; see [`crate::text::escape`]) and at most
/// 40 characters.
pub(super) fn shown(text: &str) -> String {
    const MAX: usize = 40;
    let mut out = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == MAX {
            out.push('…');
            break;
        }
        let mut one = [0u8; 4];
        out.push_str(&crate::text::escape(c.encode_utf8(&mut one)));
    }
    out
}

/// A list of roster texts for a message: each [`shown`], at most 12.
pub(super) fn shown_list<'t>(items: impl Iterator<Item = &'t str>, separator: &str) -> String {
    const MAX: usize = 12;
    let mut parts: Vec<String> = Vec::new();
    let mut more = 0usize;
    for item in items {
        if parts.len() < MAX {
            parts.push(shown(item));
        } else {
            more += 1;
        }
    }
    if more > 0 {
        parts.push(format!("and {more} more"));
    }
    parts.join(separator)
}

/// The message for a field that is not UTF-8. The field's bytes are shown
/// only when given (never for private columns).
pub(super) fn not_utf8(field: Option<&[u8]>, valid_up_to: usize) -> String {
    let detail = field
        .and_then(|f| f.get(valid_up_to))
        .map_or_else(String::new, |b| {
            format!(" (byte 0x{b:02X} at position {})", valid_up_to + 1)
        });
    format!(
        "the text is not valid UTF-8{detail}; the file is probably saved in a Windows or Latin-1 encoding: run again with --encoding windows-1252 (or latin-1), or save it as CSV UTF-8"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roster_text_is_quoted_escaped_and_cut() {
        assert_eq!(shown("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(shown(&"x".repeat(45)), format!("{}…", "x".repeat(40)));
        let many: Vec<String> = (1..=14).map(|i| format!("c{i}")).collect();
        let list = shown_list(many.iter().map(String::as_str), ", ");
        assert!(list.ends_with("c12, and 2 more"), "{list}");
    }

    #[test]
    fn errors_past_the_cap_are_counted() {
        let mut problems = Problems::new();
        for i in 0..MAX_REPORTED_ERRORS + 3 {
            problems.error(loc("r.csv", Some(i as u64), None), "bad; fix it".into());
        }
        let Error::Data(errors) = problems.into_error("r.csv") else {
            panic!("a data error");
        };
        assert_eq!(errors.len(), MAX_REPORTED_ERRORS + 1);
        assert_eq!(
            errors.last().unwrap().message,
            "3 more errors not shown; fix the ones above and run again"
        );
    }
}
