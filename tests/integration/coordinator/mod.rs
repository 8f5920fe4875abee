//! The coordinator's experience, through the binary: `rmatch init` and
//! `check` before pairing, the HTML report after it, and the terminal
//! niceties (table width, colour, timings, completions, man pages, help).

use std::fs;
use std::path::Path;

use roxmltree::{Document, Node, ParsingOptions};
use serde_json::Value;

use crate::support::{lines, subcommands, TestDir};

mod init_check;
mod report;
mod terminal;

/// Seniors and juniors with two diversity attributes (department and
/// location) and one private column (gender) that is not a diversity
/// attribute, so it must never be shown.
///
/// S1-J1 (python, tiktok) and S2-J2 (excel) pair; S3 wants quantum computing,
/// which nobody teaches; J3 (python 2) could teach S1 but J1 is better.
/// Goals covered: S1 2 of 2, S2 1 of 1, S3 0 of 1 = 3 of 4.
/// S1-J1 differ in department only, S2-J2 in location only.
const TEAM: &str = "\
id,name,role,skills,wants,interests,department,location,gender
S1,Sam,senior,strategy:5,python:4;tiktok:2,chess,Finance,London,Zetaprivate
S2,Sue,senior,budgeting:4,excel:3,golf,Sales,Paris,Zetaprivate
S3,Stan,senior,,quantum computing,,Legal,London,Zetaprivate
J1,Jo,junior,python:5;tiktok:3,strategy:2,chess,Engineering,London,Omegaprivate
J2,Jay,junior,excel:4,budgeting:3,golf,Sales,Berlin,Omegaprivate
J3,Jim,junior,python:2,,,IT,,Omegaprivate
";

fn parse_html(text: &str) -> Document<'_> {
    let options = ParsingOptions {
        allow_dtd: true,
        ..ParsingOptions::default()
    };
    Document::parse_with_options(text, options)
        .unwrap_or_else(|e| panic!("the report is not well-formed: {e}"))
}

fn by_id<'a, 'i>(doc: &'a Document<'i>, id: &str) -> Node<'a, 'i> {
    doc.descendants()
        .find(|n| n.attribute("id") == Some(id))
        .unwrap_or_else(|| panic!("no element with id {id}"))
}

fn has_class(node: &Node, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

/// The data bars of one chart.
fn bars(doc: &Document, chart: &str) -> usize {
    let figure = by_id(doc, &format!("chart-{chart}"));
    assert!(
        figure.descendants().any(|n| n.has_tag_name("svg")),
        "{chart} has an inline SVG"
    );
    figure
        .descendants()
        .filter(|n| n.has_tag_name("rect") && has_class(n, "bar"))
        .count()
}

fn body_rows(doc: &Document, table: &str) -> usize {
    by_id(doc, table)
        .descendants()
        .filter(|n| n.has_tag_name("tbody"))
        .flat_map(|b| b.children().filter(|n| n.has_tag_name("tr")))
        .count()
}

fn stat(doc: &Document, name: &str) -> String {
    by_id(doc, &format!("stat-{name}"))
        .attribute("data-value")
        .expect("a data-value")
        .to_string()
}

fn number(text: &str) -> f64 {
    text.parse()
        .unwrap_or_else(|e| panic!("{text:?} is not a number: {e}"))
}
