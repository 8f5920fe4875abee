//! JSON: `{"pairs": [...], "unmatched": [...], "summary": {...}}`, the same
//! fields as the CSV, for programs.

use std::io::{self, Write};

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
        let mut document = json!({
            "pairs": outcome.pairs.iter().map(|r| row(r, &outcome.kept)).collect::<Vec<_>>(),
            "unmatched": outcome.unmatched.iter().map(|r| row(r, &outcome.kept)).collect::<Vec<_>>(),
            "summary": outcome.summary,
        });
        // With --alternatives N: each person's N best other partners.
        if let Some(alternatives) = &outcome.alternatives {
            document["alternatives"] = json!(alternatives);
        }
        // With --continue: the last run's pairs that ended.
        if outcome.summary.continued.is_some() {
            document["ended"] = json!(outcome
                .ended
                .iter()
                .map(|r| row(r, &outcome.kept))
                .collect::<Vec<_>>());
        }
        serde_json::to_writer_pretty(&mut *out, &document)?;
        out.write_all(b"\n")
    }
}
