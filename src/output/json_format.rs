//! JSON: `{"pairs": [...], "unmatched": [...], "summary": {...}}`, the same
//! fields as the CSV, for programs.

use std::io::{self, Write};

use serde::ser::{Error as _, SerializeMap, Serializer};
use serde::Serialize;
use serde_json::{json, Value};

use super::exporter::Exporter;
use crate::outcome::{Outcome, Row};
use crate::units::round4;

/// Writes one pretty-printed JSON document.
pub struct JsonExporter;

fn row(row: &Row, kept: &[String]) -> Value {
    let c = row.components;
    let num = |f: fn(&crate::scoring::Components) -> f64| c.as_ref().map(|c| round4(f(c)));
    let mut value = json!({
        "status": row.status,
        "senior_id": row.senior.as_ref().map(|w| &w.id),
        "senior_name": row.senior.as_ref().map(|w| &w.name),
        "junior_id": row.junior.as_ref().map(|w| &w.id),
        "junior_name": row.junior.as_ref().map(|w| &w.name),
        "score": num(|c| c.score),
        "teach": num(|c| c.teach),
        "learn": num(|c| c.learn),
        "interests": num(|c| c.interests),
        "diversity": num(|c| c.diversity),
        "why": row.why,
    });
    // Kept columns: senior_email, junior_email, ... (null on an empty side).
    for (role, side) in [("senior", &row.senior), ("junior", &row.junior)] {
        for (k, column) in kept.iter().enumerate() {
            value[format!("{role}_{column}")] = json!(side.as_ref().map(|w| &w.kept[k]));
        }
    }
    // A pair's full lists: the `why` names at most a few of each.
    if let Some(detail) = &row.detail {
        value["detail"] = json!(detail);
    }
    if let Some(change) = row.change {
        value["change"] = json!(change);
    }
    value
}

impl Exporter for JsonExporter {
    fn write(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &Document(outcome))?;
        out.write_all(b"\n")
    }
}

/// The whole document, written a row at a time: each row's object is made,
/// written and dropped in turn, so a large roster's document is never held
/// in memory whole. The keys come in the order a JSON object of them sorts
/// them (serde_json's map), at every level, as `json!` documents do.
struct Document<'o>(&'o Outcome);

impl Serialize for Document<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let outcome = self.0;
        let rows = |rows| Rows(rows, &outcome.kept);
        // With --continue: the last run's pairs that ended.
        let ended = outcome.summary.continued.is_some();
        let entries = 3 + usize::from(outcome.alternatives.is_some()) + usize::from(ended);
        let mut map = serializer.serialize_map(Some(entries))?;
        // With --alternatives N: each person's N best other partners.
        if let Some(alternatives) = &outcome.alternatives {
            map.serialize_entry("alternatives", &Each(alternatives))?;
        }
        if ended {
            map.serialize_entry("ended", &rows(&outcome.ended))?;
        }
        map.serialize_entry("pairs", &rows(&outcome.pairs))?;
        map.serialize_entry("summary", &Sorted(&outcome.summary))?;
        map.serialize_entry("unmatched", &rows(&outcome.unmatched))?;
        map.end()
    }
}

/// Rows as a JSON array of [`row`] objects, made one at a time.
struct Rows<'o>(&'o [Row], &'o [String]);

impl Serialize for Rows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|r| row(r, self.1)))
    }
}

/// A value written as a JSON object of it would be: its keys sorted.
struct Sorted<'a, T>(&'a T);

impl<T: Serialize> Serialize for Sorted<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde_json::to_value(self.0)
            .map_err(S::Error::custom)?
            .serialize(serializer)
    }
}

/// A list whose items are written one at a time, each [`Sorted`].
struct Each<'a, T>(&'a [T]);

impl<T: Serialize> Serialize for Each<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Sorted))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::outcome::Continued;
    use crate::roster::{parse, ReadOptions};
    use crate::scoring::{Scorer, Weights};
    use crate::solve::{self, SolveOptions};

    /// The document as one `json!` value, as the exporter built it before
    /// it wrote a row at a time: the bytes to match.
    fn whole(outcome: &Outcome) -> Vec<u8> {
        let rows = |rows: &[Row]| {
            rows.iter()
                .map(|r| row(r, &outcome.kept))
                .collect::<Vec<_>>()
        };
        let mut document = json!({
            "pairs": rows(&outcome.pairs),
            "unmatched": rows(&outcome.unmatched),
            "summary": outcome.summary,
        });
        if let Some(alternatives) = &outcome.alternatives {
            document["alternatives"] = json!(alternatives);
        }
        if outcome.summary.continued.is_some() {
            document["ended"] = json!(rows(&outcome.ended));
        }
        let mut out = serde_json::to_vec_pretty(&document).unwrap();
        out.push(b'\n');
        out
    }

    /// Written a row at a time, the document is byte for byte the one
    /// built whole: keys sorted at every level, with kept columns, a
    /// pair's details, alternatives and the ended pairs of a continued run.
    #[test]
    fn rows_written_one_at_a_time_give_the_whole_document() {
        let roster = parse(
            "r.csv",
            b"id,name,role,skills,wants,interests,department,email\n\
              S1,Ann,senior,,ai;excel;python,chess,Finance,ann@x.org\n\
              S2,Bo,senior,,ai,,IT,\n\
              J1,Jo,junior,ai:5;excel:4,,chess,IT,jo@x.org\n\
              J2,Al,junior,ai:3,,,Finance,\n\
              J3,Cy,junior,,,,IT,\n",
            &ReadOptions {
                keep: vec!["email".to_string()],
                ..ReadOptions::default()
            },
        )
        .unwrap();
        let scorer = Scorer::new(&roster, Weights::default());
        let solution = solve::solve(&scorer, &SolveOptions::default()).unwrap();
        let config = Config::default();
        let mut outcome = Outcome::build(&scorer, &solution, &config, false);
        let written = |outcome: &Outcome| {
            let mut out = Vec::new();
            JsonExporter.write(outcome, &mut out).unwrap();
            out
        };
        assert_eq!(written(&outcome), whole(&outcome));
        assert!(!outcome.kept.is_empty() && !outcome.unmatched.is_empty());

        let found = solve::alternatives::alternatives(
            &scorer,
            config.objective,
            &solution.pairs,
            solution.duals.as_ref(),
            2,
        )
        .unwrap();
        outcome.alternatives = Some(crate::alternatives::rows(&scorer, config.objective, &found));
        outcome.ended = outcome.pairs.clone();
        outcome.summary.continued = Some(Continued {
            file: "last.csv".to_string(),
            kept: 0,
            new: 1,
            ended: 1,
        });
        let text = written(&outcome);
        assert_eq!(text, whole(&outcome));
        let text = String::from_utf8(text).unwrap();
        let at = |key: &str| text.find(&format!("\n  \"{key}\"")).expect(key);
        assert!(at("alternatives") < at("ended") && at("ended") < at("pairs"));
        assert!(at("pairs") < at("summary") && at("summary") < at("unmatched"));
    }
}
