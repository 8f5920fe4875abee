//! The e-mail's words: a template with `{placeholders}` that a coordinator
//! can replace (`--template FILE`), and the built-in one, which can be sent
//! as it is. A first line `Subject: ...` gives the subject; `{{` and `}}`
//! write braces. An unknown placeholder is an error naming the file, line
//! and column, listing the known ones.

use std::collections::BTreeMap;

use crate::error::{Diagnostic, Error, Location, Result};

/// Every placeholder, with what it holds (for the README and messages).
pub const PLACEHOLDERS: [(&str, &str); 16] = [
    ("senior_name", "the senior's name"),
    ("senior_first_name", "the senior's first name: the first word of the name, or the first after its comma in \"Last, First\""),
    ("senior_id", "the senior's id"),
    ("senior_email", "the senior's address"),
    ("junior_name", "the junior's name"),
    ("junior_first_name", "the junior's first name: the first word of the name, or the first after its comma in \"Last, First\""),
    ("junior_id", "the junior's id"),
    ("junior_email", "the junior's address"),
    (
        "reason",
        "why they were paired (the pairs file's why column)",
    ),
    ("junior_teaches", "the senior's goals the junior covers"),
    ("senior_teaches", "the junior's goals the senior covers"),
    ("shared_interests", "interests they share"),
    (
        "slot",
        "the suggested weekly hour in both local times, or a request to agree one",
    ),
    ("weeks", "the number of weekly meetings"),
    (
        "start",
        "the first day the meetings may start, e.g. Monday 4 January 2027",
    ),
    ("coordinator", "the sender's name (--from)"),
];

/// The largest template rmatch reads: an e-mail is a page of text.
pub const MAX_BYTES: u64 = 4 << 20;

/// The built-in template.
pub const DEFAULT: &str = "\
Subject: Reverse mentoring: meet {junior_name} and {senior_name}

Dear {senior_first_name} and {junior_first_name},

Welcome to the reverse mentoring programme. You have been paired: {junior_name} will be {senior_first_name}'s mentor, and {senior_first_name} will share how the business runs in return.

Why the two of you: {reason}

What {junior_first_name} can teach: {junior_teaches}.
What {senior_first_name} can offer back: {senior_teaches}.

When to meet: {slot}

The programme asks for about an hour a week for {weeks} weeks, starting the week of {start}. Use the first meeting to get to know each other and agree what you want from the programme; after that, let the senior's goals set the agenda, and swap roles whenever it helps.

If anything gets in the way, reply to this message and I will help.

Best wishes,
{coordinator}
";

/// A parsed template: the subject and body, as text and placeholders.
#[derive(Clone, Debug)]
pub struct Template {
    subject: Vec<Piece>,
    body: Vec<Piece>,
}

#[derive(Clone, Debug)]
enum Piece {
    Text(String),
    Field(&'static str),
}

impl Template {
    /// Parses template `text`; `source` names it in messages.
    pub fn parse(source: &str, text: &str) -> Result<Template> {
        let text = text
            .strip_prefix('\u{feff}')
            .unwrap_or(text)
            .replace("\r\n", "\n");
        let (subject, body, body_line) = match text.split_once('\n') {
            Some((first, rest)) if first.to_lowercase().starts_with("subject:") => {
                let subject = first["subject:".len()..].trim().to_string();
                match rest.strip_prefix('\n') {
                    Some(body) => (Some(subject), body.to_string(), 3),
                    None => (Some(subject), rest.to_string(), 2),
                }
            }
            _ => (None, text.clone(), 1),
        };
        let default_subject = "Reverse mentoring: meet {junior_name} and {senior_name}";
        let subject = match &subject {
            Some(s) => pieces(source, s, 1, 10)?,
            None => pieces("the built-in subject", default_subject, 1, 1)?,
        };
        Ok(Template {
            subject,
            body: pieces(source, &body, body_line, 1)?,
        })
    }

    /// The built-in template.
    pub fn builtin() -> Template {
        Template::parse("the built-in template", DEFAULT).expect("the built-in template parses")
    }

    /// The subject and body with `values` filled in.
    pub fn fill(&self, values: &BTreeMap<&str, String>) -> (String, String) {
        let render = |pieces: &[Piece]| {
            let mut out = String::new();
            for piece in pieces {
                match piece {
                    Piece::Text(t) => out.push_str(t),
                    Piece::Field(f) => out.push_str(values.get(f).map_or("", |v| v.as_str())),
                }
            }
            out
        };
        (render(&self.subject), render(&self.body))
    }
}

/// Splits `text` (starting at `first_line`, its first line's text at
/// column `first_column`) into text and placeholders.
fn pieces(source: &str, text: &str, first_line: u64, first_column: usize) -> Result<Vec<Piece>> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut chars = text.char_indices().peekable();
    let (mut line, mut column) = (first_line, first_column);
    let bad = |line: u64, column: usize, message: String| {
        Error::Data(vec![Diagnostic {
            location: Location {
                file: source.to_string(),
                line: Some(line),
                column: Some((column, String::new())),
            },
            message,
        }])
    };
    let known = || {
        PLACEHOLDERS
            .iter()
            .map(|(n, _)| format!("{{{n}}}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if matches!(chars.peek(), Some((_, '{'))) => {
                chars.next();
                plain.push('{');
                column += 2;
            }
            '}' if matches!(chars.peek(), Some((_, '}'))) => {
                chars.next();
                plain.push('}');
                column += 2;
            }
            '{' => {
                let rest = &text[i + 1..];
                let Some(end) = rest
                    .find(['}', '\n'])
                    .filter(|&e| rest[e..].starts_with('}'))
                else {
                    return Err(bad(
                        line,
                        column,
                        format!("a {{ that is not closed by }} on the same line; write {{{{ for a brace, or a placeholder: {}", known()),
                    ));
                };
                let name = rest[..end].trim();
                let Some((field, _)) = PLACEHOLDERS.iter().find(|(n, _)| *n == name) else {
                    return Err(bad(
                        line,
                        column,
                        format!(
                            "unknown placeholder {{{name}}}; the template can use {} (and {{{{ or }}}} for a brace)",
                            known()
                        ),
                    ));
                };
                if !plain.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut plain)));
                }
                out.push(Piece::Field(field));
                for _ in 0..end + 1 {
                    chars.next();
                }
                column += rest[..end + 1].chars().count() + 1;
            }
            '}' => {
                return Err(bad(
                    line,
                    column,
                    "a } without a { before it; write }} for a brace".into(),
                ))
            }
            '\n' => {
                plain.push('\n');
                line += 1;
                column = 1;
            }
            c => {
                plain.push(c);
                column += 1;
            }
        }
    }
    if !plain.is_empty() {
        out.push(Piece::Text(plain));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_fill_and_braces_escape() {
        let t = Template::parse(
            "t.txt",
            "Subject: Hi {senior_name}\n\n{{x}} {junior_name}!\n",
        )
        .unwrap();
        let values = BTreeMap::from([
            ("senior_name", "Ann".to_string()),
            ("junior_name", "Bo".to_string()),
        ]);
        assert_eq!(t.fill(&values), ("Hi Ann".into(), "{x} Bo!\n".into()));
    }

    #[test]
    fn unknown_placeholder_names_line_and_column() {
        let e = Template::parse("t.txt", "Subject: x\n\nDear {senior_name},\nsee {slott} ok")
            .unwrap_err();
        let shown = e.to_string();
        assert!(
            shown.starts_with("t.txt, line 4, column 5: unknown placeholder {slott}"),
            "{shown}"
        );
        assert!(shown.contains("{junior_teaches}"), "{shown}");
        let e = Template::parse("t.txt", "Subject: {bad}\n\nx").unwrap_err();
        assert!(
            e.to_string().starts_with("t.txt, line 1, column 10:"),
            "{e}"
        );
    }
}
