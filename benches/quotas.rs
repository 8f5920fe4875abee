//! Benchmarks of the exact quota search on rosters where the quotas bind.
//!
//! ```text
//! cargo bench --bench quotas                 # both sizes, every rule set (a few minutes)
//! cargo bench --bench quotas -- 250x500      # one size
//! cargo bench --bench quotas -- --test       # each bench once
//! ```
//!
//! Rosters: `rmatch generate --dominant-department 55` (seed 1): 55% of
//! people work in Engineering, so department quotas bind. Rule sets, each a
//! bench (`solve::solve`, the whole search: relaxation and certificate,
//! pricing, branch and bound): `--max-same department=0.1`,
//! `--max-same department=0.05`, `--fair generation`, `--fair
//! department=0.02`, `--max-same location=0.05 --fair department`. Each
//! bench checks once, outside the timing, that the result is proven
//! optimal. The 10,000 x 20,000 rows of BENCHMARKS.md come from
//! `benches/peers/quotas.sh` (whole runs of the binary, beside the peers).

use std::cell::Cell;
use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, SamplingMode};
use rmatch::roster::{self, ReadOptions};
use rmatch::rules::{self, RuleSpec};
use rmatch::scoring::{Scorer, Weights};
use rmatch::solve::{self, SolveOptions};
use rmatch_synth::{self as synth, SynthSpec};

/// Attribute and share (or tolerance) of each flag of a rule set.
type Flags = &'static [(&'static str, f64)];

/// The rule sets of the quota targets, as (name, max_same, fair).
const RULES: [(&str, Flags, Flags); 5] = [
    ("max_same_department_0.1", &[("department", 0.1)], &[]),
    ("max_same_department_0.05", &[("department", 0.05)], &[]),
    ("fair_generation", &[], &[("generation", 0.05)]),
    ("fair_department_0.02", &[], &[("department", 0.02)]),
    (
        "max_same_location_0.05_fair_department",
        &[("location", 0.05)],
        &[("department", 0.05)],
    ),
];

fn quotas(c: &mut Criterion) {
    for (seniors, juniors, seconds) in [(250, 500, 5), (2000, 4000, 30)] {
        let text = synth::roster_string(&SynthSpec {
            seniors,
            juniors,
            seed: 1,
            dominant_department: Some(55),
        });
        let mut group = c.benchmark_group(format!("quotas_{seniors}x{juniors}"));
        group
            .sampling_mode(SamplingMode::Flat)
            .sample_size(10)
            .measurement_time(Duration::from_secs(seconds));
        for (name, max_same, fair) in RULES {
            let mut spec = RuleSpec::default();
            for &(attribute, share) in max_same {
                spec.max_same.insert(attribute.into(), share);
            }
            for &(attribute, tolerance) in fair {
                spec.fair.insert(attribute.into(), tolerance);
            }
            let options = ReadOptions {
                rule_attributes: spec.attributes(),
                ..ReadOptions::default()
            };
            let roster = roster::parse("synthetic", text.as_bytes(), &options).expect("parses");
            let rules = rules::resolve(&roster, &spec).expect("rules");
            let scorer = Scorer::with_rules(&roster, Weights::default(), rules);
            let checked = Cell::new(false);
            group.bench_function(name, |b| {
                b.iter(|| {
                    let solution = solve::solve(&scorer, &SolveOptions::default()).expect("solves");
                    if !checked.replace(true) {
                        assert!(solution.proven_optimal, "{}", solution.proof);
                        eprintln!(
                            "  {name}: {} pairs, proven optimal: {}",
                            solution.pairs.len(),
                            solution.proof
                        );
                    }
                    black_box(solution)
                })
            });
        }
        group.finish();
    }
}

criterion_group!(benches, quotas);
criterion_main!(benches);
