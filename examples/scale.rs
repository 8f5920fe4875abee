//! One-off timing of the whole pipeline at a given size, as a Markdown table.
//!
//! ```text
//! cargo run --release --example scale -- 10000 20000
//! cargo run --release --example scale -- 1000 2000 --dense
//! ```
//!
//! Arguments: `SENIORS JUNIORS [--seed N] [--dense] [--forbidden W] [--row-only]`.
//! Each stage runs once, timed with `Instant`. `candidates` is the scoring
//! pass on its own; `solve` is `solve::solve` (candidates again, then the
//! flow solve and certificate rounds); `total` is parse + scorer + solve +
//! build + write, i.e. what `rmatch pair` does after reading the file.
//! `--dense` also solves the same scores with the dense `lsap` assignment
//! solver when seniors x juniors <= 10^7 and checks the objective agrees;
//! `--forbidden W` sets the weight of forbidden pairs there (default 0; see
//! `benches/common/dense.rs` for why, e.g. `--forbidden -1e9` to compare).

#[path = "../benches/common/dense.rs"]
mod dense;

use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use rmatch::candidates;
use rmatch::config::Config;
use rmatch::outcome::Outcome;
use rmatch::output::{CsvExporter, Exporter};
use rmatch::roster::{self, ReadOptions};
use rmatch::scoring::{from_units, Scorer, Weights};
use rmatch::solve::{self, SolveOptions, DEFAULT_CANDIDATES};
use rmatch_synth::{self as synth, SynthSpec};

/// Largest seniors x juniors the dense solve is tried at (8 bytes a cell).
const DENSE_LIMIT: usize = 10_000_000;

struct Args {
    seniors: usize,
    juniors: usize,
    seed: u64,
    dense: bool,
    forbidden: f64,
    row_only: bool,
}

const USAGE: &str =
    "usage: scale SENIORS JUNIORS [--seed N] [--dense] [--forbidden W] [--row-only]";

fn args() -> Result<Args> {
    let mut sizes = Vec::new();
    let mut args = Args {
        seniors: 0,
        juniors: 0,
        seed: 1,
        dense: false,
        forbidden: dense::FORBIDDEN,
        row_only: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--dense" => args.dense = true,
            "--row-only" => args.row_only = true,
            "--seed" => {
                args.seed = it
                    .next()
                    .context("--seed needs a number")?
                    .parse()
                    .context("--seed needs a number")?
            }
            "--forbidden" => {
                args.forbidden = it
                    .next()
                    .context("--forbidden needs a number <= 0")?
                    .parse()
                    .ok()
                    .filter(|w: &f64| *w <= 0.0)
                    .context("--forbidden needs a number <= 0")?
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            _ => sizes.push(
                a.replace('_', "")
                    .parse::<usize>()
                    .with_context(|| format!("\"{a}\" is not a count"))?,
            ),
        }
    }
    match sizes[..] {
        [s, j] => (args.seniors, args.juniors) = (s, j),
        _ => bail!("{USAGE}"),
    }
    Ok(args)
}

/// Peak resident set size so far, in MiB (Linux `VmHWM`).
fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let started = Instant::now();
    let value = f();
    (value, started.elapsed())
}

fn secs(d: Duration) -> String {
    format!("{:.3}", d.as_secs_f64())
}

fn main() -> Result<()> {
    let args = args()?;
    let spec = SynthSpec {
        seniors: args.seniors,
        juniors: args.juniors,
        seed: args.seed,
        dominant_department: None,
    };
    let (text, t_gen) = timed(|| synth::roster_string(&spec));

    let (roster, t_parse) =
        timed(|| roster::parse("synthetic", text.as_bytes(), &ReadOptions::default()));
    let roster = roster?;
    drop(text);
    let (scorer, t_scorer) = timed(|| Scorer::new(&roster, Weights::default()));
    let (candidates, t_candidates) = timed(|| {
        candidates::candidates(
            &scorer,
            candidates::senior_list_length(&scorer, DEFAULT_CANDIDATES),
        )
    });
    let allowed = candidates.allowed_pairs();
    drop(candidates);
    let (solution, t_solve) = timed(|| solve::solve(&scorer, &SolveOptions::default()));
    let solution = solution?;
    let (outcome, t_build) =
        timed(|| Outcome::build(&scorer, &solution, &Config::default(), false));
    let mut csv = Vec::new();
    let (written, t_write) = timed(|| CsvExporter::default().write(&outcome, &mut csv));
    written?;
    let total = t_parse + t_scorer + t_solve + t_build + t_write;
    let rss = peak_rss_mib().map_or_else(|| "?".to_string(), |m| format!("{m:.0}"));

    if !args.row_only {
        println!(
            "| seniors | juniors | allowed pairs | candidate pairs | rounds | proven optimal | pairs \
             | generate s | parse s | scorer s | candidates s | solve s | build s | write s | total s | peak RSS MiB |"
        );
        println!("|{}", "---:|".repeat(16));
    }
    println!(
        "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
        args.seniors,
        args.juniors,
        allowed,
        solution.candidate_pairs,
        solution.rounds,
        if solution.proven_optimal { "yes" } else { "no" },
        solution.pairs.len(),
        secs(t_gen),
        secs(t_parse),
        secs(t_scorer),
        secs(t_candidates),
        secs(t_solve),
        secs(t_build),
        secs(t_write),
        secs(total),
        rss,
    );
    if !args.row_only {
        println!(
            "\n(solve = solve::solve: candidates again + {} flow/certify round(s); total = parse + scorer + solve + build + write; CSV {} bytes)",
            solution.rounds,
            csv.len()
        );
    }

    if args.dense {
        println!();
        if args.seniors.saturating_mul(args.juniors) > DENSE_LIMIT {
            println!(
                "dense (lsap): skipped, {} x {} is over {DENSE_LIMIT} cells",
                args.seniors, args.juniors
            );
            return Ok(());
        }
        let (matrix, t_matrix) = timed(|| dense::matrix(&scorer, args.forbidden));
        let (answer, t_lsap) = timed(|| dense::solve(&matrix));
        let got = dense::outcome(&scorer, &matrix, &answer);
        let want = dense::rmatch_outcome(&scorer, &solution);
        let same_pairs = got.pairs == want.pairs && got.duplicates == 0 && got.infeasible == 0;
        let diff = got.units - want.units;
        let tie = (got.score - want.score).abs() <= 1e-9 * want.score.abs().max(1.0);
        println!(
            "dense (lsap, {} x {} matrix: capacity copies + {} pair gadgets; forbidden pairs weigh {}): matrix build {} s, solve {} s, peak RSS {} MiB",
            matrix.rows,
            matrix.cols,
            matrix.gadgets.len(),
            matrix.forbidden,
            secs(t_matrix),
            secs(t_lsap),
            peak_rss_mib().map_or_else(|| "?".to_string(), |m| format!("{m:.0}")),
        );
        println!(
            "  lsap: {} pairs ({} duplicate, {} infeasible cells), total score {:.9}; rmatch: {} pairs, total score {:.9}",
            got.pairs,
            got.duplicates,
            got.infeasible,
            from_units(got.units),
            want.pairs,
            from_units(want.units),
        );
        let verdict = if !same_pairs {
            "NO (pair counts differ)".to_string()
        } else if diff == 0 {
            "yes, exactly".to_string()
        } else if tie {
            format!("yes (a tied optimum: equal f64 total score, per-pair rounded units differ by {diff})")
        } else if diff.abs() <= 1000 {
            "yes, within 1e-6 score".to_string()
        } else {
            "NO (total scores differ)".to_string()
        };
        println!("  objective matches rmatch: {verdict}");
    }
    Ok(())
}
