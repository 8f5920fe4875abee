//! JSON: `{"pairs": [...], "unmatched": [...], "summary": {...}}`, the same
//! fields as the CSV, for programs.

use std::io::{self, Write};

use serde_json::{json, Value};

use super::exporter::Exporter;
use crate::outcome::{Outcome, Row};
use crate::units::round4;

/// Writes one pretty-printed JSON document.
pub struct JsonExporter;

fn row(row: &Row) -> Value {
    let c = row.components;
    let num = |f: fn(&crate::scoring::Components) -> f64| c.as_ref().map(|c| round4(f(c)));
    json!({
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
    })
}

impl Exporter for JsonExporter {
    fn write(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()> {
        let document = json!({
            "pairs": outcome.pairs.iter().map(row).collect::<Vec<_>>(),
            "unmatched": outcome.unmatched.iter().map(row).collect::<Vec<_>>(),
            "summary": outcome.summary,
        });
        serde_json::to_writer_pretty(&mut *out, &document)?;
        out.write_all(b"\n")
    }
}
