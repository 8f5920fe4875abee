//! Writes every allowed pair of a roster with its exact score (integer
//! units of 1e-9) and its quota groups, so that an outside solver can be
//! run on exactly the pairs and scores rmatch sees (see `benches/peers/`).
//!
//! ```text
//! cargo run --release --example export_pairs -- roster.csv --max-same department=0.1 > pairs.txt
//! ```
//!
//! Format, one item per line: `seniors juniors pairs quotas`; per quota
//! `min_share max_share rule` (17 significant digits, the rule with `_` for
//! spaces); the seniors' capacities; the juniors' capacities; then per pair
//! `senior junior units groups`, where bit q of `groups` is set when the
//! pair is in quota q's group. Locked pairs are left out (and their
//! capacity with them); the roster's own hard rules apply.

use std::io::{BufWriter, Write};

use anyhow::{anyhow, bail, Context, Result};
use rmatch::config::Config;
use rmatch::roster::{self, ReadOptions};
use rmatch::rules::{self, parse_share, Rules, DEFAULT_FAIR_TOLERANCE};
use rmatch::scoring::Scorer;
use rmatch::solve::full_graph;

const USAGE: &str = "usage: export_pairs ROSTER [--max-same ATTR=SHARE]... [--fair ATTR[=TOL]]...";

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let path = args.next().ok_or_else(|| anyhow!(USAGE))?;
    let mut config = Config::default();
    while let Some(flag) = args.next() {
        let value = args.next().ok_or_else(|| anyhow!(USAGE))?;
        match flag.as_str() {
            "--max-same" => {
                let (name, share) = parse_share("--max-same", &value, None)?;
                config.rules.max_same.insert(name, share);
            }
            "--fair" => {
                let (name, tolerance) =
                    parse_share("--fair", &value, Some(DEFAULT_FAIR_TOLERANCE))?;
                config.rules.fair.insert(name, tolerance);
            }
            other => bail!("unknown flag {other}; {USAGE}"),
        }
    }
    let options = ReadOptions {
        rule_attributes: config.rules.attributes(),
        ..ReadOptions::default()
    };
    let roster = roster::read(&path, &options).with_context(|| format!("reading {path}"))?;
    let rules = rules::resolve(&roster, &config.rules)?;
    let scorer = Scorer::with_rules(&roster, config.weights, rules);
    let quotas = &scorer.rules.quotas;
    if quotas.len() > 63 {
        bail!(
            "{} quota groups; this format holds at most 63",
            quotas.len()
        );
    }
    let graph = full_graph(&scorer);
    let mut out = BufWriter::new(std::io::stdout().lock());
    writeln!(
        out,
        "{} {} {} {}",
        graph.n_seniors(),
        graph.n_juniors(),
        graph.n_edges(),
        quotas.len()
    )?;
    for q in quotas {
        writeln!(
            out,
            "{:.17} {:.17} {}",
            q.min_share,
            q.max_share,
            q.label.replace(' ', "_")
        )?;
    }
    let caps = |caps: &[u32]| {
        caps.iter()
            .map(u32::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    };
    writeln!(out, "{}", caps(&graph.senior_cap))?;
    writeln!(out, "{}", caps(&graph.junior_cap))?;
    for (s, e) in graph.seniors_and_edges() {
        let j = graph.junior[e] as usize;
        let groups = quotas
            .iter()
            .enumerate()
            .filter(|(_, q)| Rules::member(&roster, q, s, j))
            .fold(0u64, |mask, (k, _)| mask | 1 << k);
        writeln!(out, "{s} {j} {} {groups}", graph.units[e])?;
    }
    out.flush()?;
    Ok(())
}
