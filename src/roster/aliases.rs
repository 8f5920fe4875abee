//! Other spellings of a topic: an aliases file (`--aliases FILE`, CSV
//! `alias,topic`) or the config's `[aliases]` table. A topic or interest
//! written as an alias is read as the topic (`JS` as `JavaScript`), so the
//! two spellings meet; what is shown is still a spelling from the roster.

use std::collections::HashMap;

use super::people::normalize;
use super::problems::shown;
use crate::error::{Diagnostic, Error, Location, Result};
use crate::files;

/// The largest aliases file rmatch reads.
const MAX_BYTES: u64 = 16 << 20;

/// Reads an aliases file: `(alias, topic)` pairs in file order.
pub fn read(path: &str) -> Result<Vec<(String, String)>> {
    let (source, bytes) = files::read_input_limited(
        path,
        MAX_BYTES,
        "the --aliases file",
        "it should hold one alias,topic line per spelling",
    )?;
    // Kept in a workbook, or saved as Excel's "Unicode Text": read as
    // its CSV, as the other side files are, not as lines of bytes.
    let bytes = match super::workbook::as_csv(&source, path, &bytes)? {
        Some(converted) => converted,
        None => bytes,
    };
    let bytes = super::encoding::wide_text_as_utf8(&source, bytes)?;
    parse(&source, &bytes)
}

/// Parses the text of an aliases file named `source`. Each line is
/// `alias,topic`; a first line `alias,topic` is a header; blank lines and
/// lines starting with `#` are skipped. All errors are reported at once.
pub fn parse(source: &str, bytes: &[u8]) -> Result<Vec<(String, String)>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let lines = crate::text::CsvLines::new(bytes);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .comment(Some(b'#'))
        .from_reader(bytes);
    let mut errors: Vec<Diagnostic> = Vec::new();
    let at = |line: u64, column: Option<(usize, &str)>| Location {
        file: source.to_string(),
        line: Some(line),
        column: column.map(|(c, n)| (c, n.to_string())),
    };
    let mut out: Vec<(String, String)> = Vec::new();
    let mut first: HashMap<String, (u64, String)> = HashMap::new();
    for (index, record) in reader.byte_records().enumerate() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = lines.of(e.position()).unwrap_or(index as u64 + 1);
                errors.push(Diagnostic {
                    location: at(line, None),
                    message: format!("cannot read this line ({e}); write alias,topic"),
                });
                continue;
            }
        };
        let line = lines.of(record.position()).unwrap_or(index as u64 + 1);
        let fields: Vec<String> = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_string())
            .collect();
        if fields.iter().all(String::is_empty) {
            continue;
        }
        if index == 0
            && fields.len() == 2
            && normalize(&fields[0]) == "alias"
            && normalize(&fields[1]) == "topic"
        {
            continue;
        }
        if std::str::from_utf8(record.as_slice()).is_err() {
            errors.push(Diagnostic {
                location: at(line, None),
                message: "the text is not valid UTF-8; save the aliases file as UTF-8".into(),
            });
            continue;
        }
        let filled = fields
            .iter()
            .rposition(|f| !f.is_empty())
            .map_or(0, |i| i + 1);
        if filled != 2 || fields[0].is_empty() {
            let (column, message) = match (filled, fields.first().map(String::is_empty)) {
                (_, Some(true)) => (
                    Some((1, "alias")),
                    "the alias is empty; write alias,topic (for example JS,JavaScript)".to_string(),
                ),
                (1, _) => (
                    Some((2, "topic")),
                    format!(
                        "the alias \"{}\" has no topic; write alias,topic (for example JS,JavaScript)",
                        shown(&fields[0])
                    ),
                ),
                _ => (
                    Some((3, "")),
                    format!(
                        "this line has {filled} fields; write alias,topic, and put a topic that holds a comma in double quotes"
                    ),
                ),
            };
            errors.push(Diagnostic {
                location: at(line, column),
                message,
            });
            continue;
        }
        let (alias, topic) = (fields[0].clone(), fields[1].clone());
        let key = normalize(&alias);
        if let Some((earlier, other)) = first.get(&key) {
            if normalize(other) != normalize(&topic) {
                errors.push(Diagnostic {
                    location: at(line, Some((1, "alias"))),
                    message: format!(
                        "the alias \"{}\" is given for \"{}\" here and for \"{}\" on line {earlier}; an alias stands for one topic: remove one line",
                        shown(&alias),
                        shown(&topic),
                        shown(other)
                    ),
                });
            }
            continue;
        }
        first.insert(key, (line, topic.clone()));
        out.push((alias, topic));
    }
    if !errors.is_empty() {
        return Err(Error::Data(errors));
    }
    Ok(out)
}

/// Normalised alias -> normalised topic, chains followed (`js` -> `ecmascript`
/// -> `javascript` reads `js` as `javascript`). Spellings whose aliases go
/// round in a loop (`a,b` and `b,a`) were all said to be one topic: each
/// reads as the loop's first spelling in sort order, so that they meet
/// (following the loop to where it turns back once left each spelling
/// read as another, and none met).
pub(super) fn table(aliases: &[(String, String)]) -> HashMap<String, String> {
    let direct: HashMap<String, String> = aliases
        .iter()
        .map(|(alias, topic)| (normalize(alias), normalize(topic)))
        .filter(|(alias, topic)| !alias.is_empty() && !topic.is_empty() && alias != topic)
        .collect();
    direct
        .keys()
        .filter_map(|alias| {
            // The way from the alias until a spelling with no alias of its
            // own, or one already on the way (a loop).
            let mut way: Vec<&String> = vec![alias];
            let mut at = &direct[alias];
            let topic = loop {
                if let Some(from) = way.iter().position(|&seen| seen == at) {
                    break way[from..].iter().copied().min().unwrap_or(at);
                }
                match direct.get(at) {
                    Some(next) => {
                        way.push(at);
                        at = next;
                    }
                    None => break at,
                }
            };
            (topic != alias).then(|| (alias.clone(), topic.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(text: &str) -> Vec<String> {
        match parse("aliases.csv", text.as_bytes()) {
            Err(Error::Data(errors)) => errors.iter().map(ToString::to_string).collect(),
            other => panic!("expected errors, got {other:?}"),
        }
    }

    #[test]
    fn an_aliases_file_is_alias_comma_topic() {
        let read = parse(
            "a.csv",
            b"alias,topic\n# spellings seen in the survey\nJS,JavaScript\n\n Node.js , NodeJS\n\"Gen AI\",Generative AI\nJS,javascript\n",
        )
        .unwrap();
        assert_eq!(
            read,
            [
                ("JS".to_string(), "JavaScript".to_string()),
                ("Node.js".to_string(), "NodeJS".to_string()),
                ("Gen AI".to_string(), "Generative AI".to_string()),
            ]
        );
    }

    #[test]
    fn bad_lines_are_named_with_the_fix() {
        let found = errors("JS\n,Go\nJS,JavaScript,extra\nTS,TypeScript\nTS,Tailscale\n");
        assert_eq!(
            found,
            [
                "aliases.csv, line 1, column 2 (topic): the alias \"JS\" has no topic; write alias,topic (for example JS,JavaScript)",
                "aliases.csv, line 2, column 1 (alias): the alias is empty; write alias,topic (for example JS,JavaScript)",
                "aliases.csv, line 3, column 3: this line has 3 fields; write alias,topic, and put a topic that holds a comma in double quotes",
                "aliases.csv, line 5, column 1 (alias): the alias \"TS\" is given for \"Tailscale\" here and for \"TypeScript\" on line 4; an alias stands for one topic: remove one line",
            ]
        );
    }

    #[test]
    fn chains_are_followed_and_loops_are_one_topic() {
        let t = table(&[
            ("js".into(), "ECMAScript".into()),
            ("ecmascript".into(), "JavaScript".into()),
            ("b".into(), "a".into()),
            ("a".into(), "b".into()),
            ("z".into(), "y".into()),
            ("y".into(), "x".into()),
            ("x".into(), "y".into()),
            ("w".into(), "z".into()),
        ]);
        assert_eq!(t["js"], "javascript");
        assert_eq!(t["ecmascript"], "javascript");
        // A loop of two reads as its first spelling; the other is left as
        // it is.
        assert_eq!(t["b"], "a");
        assert!(!t.contains_key("a"));
        // Ways into a loop end at the loop's first spelling too.
        assert_eq!(t["y"], "x");
        assert_eq!(t["z"], "x");
        assert_eq!(t["w"], "x");
        assert!(!t.contains_key("x"));
    }
}
