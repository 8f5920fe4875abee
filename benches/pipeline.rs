//! Benchmarks of the pairing pipeline, and of dense baselines on the same
//! scores.
//!
//! ```text
//! cargo bench --bench pipeline                # everything, about 6 minutes
//! cargo bench --bench pipeline -- stages      # one group
//! cargo bench --bench pipeline -- --test      # each bench once
//! ```
//!
//! Groups (rosters from `synth::roster_string`, seed 1):
//!
//! * `stages_1000x2000`: each stage on its own (parse, scorer, candidates,
//!   candidate graph, flow solve and certificate of the first round, the
//!   whole `solve::solve`, output build + CSV write) and end to end (CSV
//!   bytes in, CSV bytes out);
//! * `end_to_end_10000x20000`: end to end, and `solve::solve` alone;
//! * `flows_10000x20000`: the first round's flow alone (from scratch, on
//!   the candidate graph) under the default weights and under learn 0.9,
//!   the heaviest step of the sweep below (a sweep solves thirty such
//!   flows);
//! * `sweep_10000x20000`: a sweep of ten learn weights (`--vary
//!   learn=0:0.9:0.1`) and one pairing, each from the roster's bytes (the
//!   target: the sweep in under three times the pairing);
//! * `dense_lsap_1000x2000`, `dense_lsap_2000x4000`: the dense assignment
//!   solver of the `lsap` crate on the matrix of every pair (see
//!   `common/dense.rs`) against rmatch's `solve::solve`;
//! * `dense_ip_100x200`: good_lp + microlp with a variable for every pair,
//!   against rmatch's integer program over allowed pairs (`solve::solve`
//!   with `Method::Ip`) and its default `solve::solve`.
//!
//! Throughput is senior-junior pairs of the roster (`seniors x juniors`)
//! unless a bench says otherwise, so solvers in one group compare directly.
//! Slow benches use 10 flat samples of one run each (criterion then warns
//! that it cannot fit 10 samples in the target time; that is expected).
//! Dense baselines check, once per bench and outside the timing, that their
//! objective (pairs, then total score) is rmatch's, and say so on stderr.

#[path = "common/dense.rs"]
mod dense;

use std::cell::{Cell, OnceCell};
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::measurement::WallTime;
use criterion::{
    criterion_group, criterion_main, Bencher, BenchmarkGroup, Criterion, SamplingMode, Throughput,
};
use good_lp::{
    constraint, microlp, variable, Expression, ProblemVariables, Solution as _, SolverModel,
    Variable,
};
use rmatch::analysis::{sweep, Vary};
use rmatch::candidates;
use rmatch::config::Config;
use rmatch::outcome::Outcome;
use rmatch::output::{CsvExporter, Exporter};
use rmatch::roster::{self, ReadOptions, Roster};
use rmatch::scoring::{from_units, Scorer, Weights};
use rmatch::solve::certificate::{certify, RoundLog};
use rmatch::solve::scan::ScanMemory;
use rmatch::solve::{self, flow, Method, Optimality, Solution, SolveOptions, DEFAULT_CANDIDATES};
use rmatch::solve::{candidate_graph, Objective};
use rmatch_synth::{self as synth, SynthSpec};

const SEED: u64 = 1;
const OBJECTIVE: Objective = Objective::PairsThenScore;

fn roster_text(seniors: usize, juniors: usize) -> String {
    synth::roster_string(&SynthSpec {
        seniors,
        juniors,
        seed: SEED,
        dominant_department: None,
    })
}

fn parse(text: &str) -> Roster {
    roster::parse("synthetic", text.as_bytes(), &ReadOptions::default())
        .expect("synthetic rosters parse")
}

fn scorer(roster: &Roster) -> Scorer<'_> {
    Scorer::new(roster, Weights::default())
}

fn solve(scorer: &Scorer) -> Solution {
    solve::solve(scorer, &SolveOptions::default()).expect("synthetic rosters solve")
}

/// Output rows built and written as CSV.
fn csv(scorer: &Scorer, solution: &Solution) -> Vec<u8> {
    let outcome = Outcome::build(scorer, solution, &Config::default(), false);
    let mut bytes = Vec::new();
    CsvExporter::default()
        .write(&outcome, &mut bytes)
        .expect("writing to a Vec cannot fail");
    bytes
}

/// CSV roster bytes in, CSV pairing bytes out.
fn end_to_end(text: &str) -> Vec<u8> {
    let roster = parse(text);
    let scorer = scorer(&roster);
    let solution = solve(&scorer);
    csv(&scorer, &solution)
}

/// Pairs and total score of a pairing, to compare solvers.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Value {
    pairs: usize,
    /// In rmatch's integer units (1e-9), each pair's score rounded.
    units: i64,
    /// The f64 sum of the pairs' scores.
    score: f64,
}

impl Value {
    fn of(o: dense::DenseOutcome) -> Value {
        Value {
            pairs: o.pairs,
            units: o.units,
            score: o.score,
        }
    }

    fn of_rmatch(scorer: &Scorer, solution: &Solution) -> Value {
        Value::of(dense::rmatch_outcome(scorer, solution))
    }

    /// Sums the scores of `(senior, junior)` pairs.
    fn of_pairs(scorer: &Scorer, pairs: impl Iterator<Item = (usize, usize)>) -> Value {
        let mut value = Value {
            pairs: 0,
            units: 0,
            score: 0.0,
        };
        for (s, j) in pairs {
            let counts = scorer.counts(s, j);
            value.pairs += 1;
            value.units += counts.units(&scorer.weights);
            value.score += counts.components(&scorer.weights).score;
        }
        value
    }
}

/// Says on stderr whether a baseline's objective is rmatch's. Two optima
/// can tie in f64 score yet differ by a unit or two in rmatch's integer
/// units (each pair's score is rounded to 1e-9 on its own).
fn report(what: &str, got: Value, want: Value, note: &str) {
    let diff = got.units - want.units;
    let tie = (got.score - want.score).abs() <= 1e-9 * want.score.abs().max(1.0);
    let verdict = if got.pairs != want.pairs {
        "NO (pair counts differ)".to_string()
    } else if diff == 0 {
        "yes, exactly".to_string()
    } else if tie {
        format!("yes (a tied optimum: equal f64 total score, rounded units differ by {diff})")
    } else if diff.abs() <= 1000 {
        "yes, within 1e-6 score".to_string()
    } else {
        "NO (total scores differ)".to_string()
    };
    eprintln!(
        "check {what}: {} pairs, total score {:.9} vs rmatch {} pairs, {:.9}{note}; objective matches: {verdict}",
        got.pairs,
        from_units(got.units),
        want.pairs,
        from_units(want.units),
    );
}

/// Like `Bencher::iter`, and hands the last result to `check`, untimed,
/// unless `checked` says that was done (criterion calls a bench's closure
/// once for the warm-up and once per sample).
fn iter_checked<T>(
    b: &mut Bencher<'_>,
    mut routine: impl FnMut() -> T,
    checked: &Cell<bool>,
    check: impl FnOnce(&T),
) {
    let mut check = Some(check);
    b.iter_custom(|iters| {
        let started = Instant::now();
        let mut last = None;
        for _ in 0..iters {
            last = Some(black_box(routine()));
        }
        let elapsed = started.elapsed();
        if let (false, Some(check), Some(last)) = (checked.get(), check.take(), &last) {
            checked.set(true);
            check(last);
        }
        elapsed
    });
}

/// Settings for a group of slow routines: 10 flat samples, short warm-up.
fn slow(group: &mut BenchmarkGroup<'_, WallTime>, measurement: Duration) {
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(measurement);
}

fn pairs_of(seniors: usize, juniors: usize) -> Throughput {
    Throughput::Elements((seniors * juniors) as u64)
}

/// Every stage on its own at 1,000 x 2,000, and end to end.
fn stages(c: &mut Criterion) {
    let (n_s, n_j) = (1_000, 2_000);
    let text = roster_text(n_s, n_j);
    let roster = parse(&text);
    let scorer = scorer(&roster);
    let candidates = candidates::candidates(
        &scorer,
        candidates::senior_list_length(&scorer, DEFAULT_CANDIDATES),
    );
    let graph = candidate_graph(&scorer, &candidates, &[]);
    let assignment = flow::solve(&graph, OBJECTIVE);
    let solution = solve(&scorer);
    let outcome = Outcome::build(&scorer, &solution, &Config::default(), false);
    let rows = (outcome.pairs.len() + outcome.unmatched.len()) as u64;

    let mut group = c.benchmark_group(format!("stages_{n_s}x{n_j}"));
    slow(&mut group, Duration::from_secs(2));
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse", |b| b.iter(|| parse(black_box(&text))));
    group.throughput(Throughput::Elements(roster.people.len() as u64));
    group.bench_function("scorer", |b| {
        b.iter(|| Scorer::new(black_box(&roster), Weights::default()))
    });
    group.throughput(pairs_of(n_s, n_j));
    group.bench_function("candidates", |b| {
        b.iter(|| {
            candidates::candidates(
                &scorer,
                candidates::senior_list_length(&scorer, DEFAULT_CANDIDATES),
            )
        })
    });
    group.throughput(Throughput::Elements(graph.n_edges() as u64));
    group.bench_function("candidate_graph", |b| {
        b.iter(|| candidate_graph(&scorer, &candidates, &[]))
    });
    group.bench_function("flow_solve_round1", |b| {
        b.iter(|| flow::solve(&graph, OBJECTIVE))
    });
    group.throughput(pairs_of(n_s, n_j));
    group.bench_function("certify_round1", |b| {
        b.iter(|| {
            let mut round_log = RoundLog::default();
            certify(
                &scorer,
                OBJECTIVE,
                &graph,
                &candidates,
                &assignment,
                &mut round_log,
                None,
                // A first round: nothing remembered from an earlier one.
                &mut ScanMemory::new(scorer.n_seniors(), 1),
            )
        })
    });
    group.bench_function("solve_all_rounds", |b| b.iter(|| solve(&scorer)));
    group.throughput(Throughput::Elements(rows));
    group.bench_function("output_build_csv", |b| b.iter(|| csv(&scorer, &solution)));
    group.throughput(pairs_of(n_s, n_j));
    group.bench_function("end_to_end", |b| b.iter(|| end_to_end(black_box(&text))));
    group.finish();
}

/// The largest supported roster: end to end, and the solve alone.
fn large(c: &mut Criterion) {
    let (n_s, n_j) = (10_000, 20_000);
    // Built on first use, so filtering this group out costs nothing.
    let text_cell: OnceCell<String> = OnceCell::new();
    let roster_cell: OnceCell<Roster> = OnceCell::new();
    let text = || text_cell.get_or_init(|| roster_text(n_s, n_j));
    let roster = || roster_cell.get_or_init(|| parse(text()));
    let name = format!("end_to_end_{n_s}x{n_j}");

    let mut group = c.benchmark_group(&name);
    slow(&mut group, Duration::from_secs(5));
    group.throughput(pairs_of(n_s, n_j));
    let checked = Cell::new(false);
    group.bench_function("end_to_end", |b| {
        let text = text();
        iter_checked(
            b,
            || end_to_end(text),
            &checked,
            |out| {
                eprintln!(
                    "{name}/end_to_end: {} CSV bytes, {} lines",
                    out.len(),
                    out.iter().filter(|&&b| b == b'\n').count()
                )
            },
        )
    });
    let checked = Cell::new(false);
    group.bench_function("solve", |b| {
        let scorer = scorer(roster());
        iter_checked(
            b,
            || solve(&scorer),
            &checked,
            |s| {
                eprintln!(
                    "{name}/solve: {} pairs, {} candidate pairs, {} round(s), proven optimal: {}",
                    s.pairs.len(),
                    s.candidate_pairs,
                    s.rounds,
                    s.proven_optimal
                )
            },
        )
    });
    group.finish();
}

/// The first round's flow from scratch on a 10,000 x 20,000 roster's
/// candidate graph, under the default weights and under learn 0.9.
fn flows(c: &mut Criterion) {
    let (n_s, n_j) = (10_000, 20_000);
    let graphs: OnceCell<Vec<solve::Graph>> = OnceCell::new();
    let graphs = || {
        graphs.get_or_init(|| {
            let roster = parse(&roster_text(n_s, n_j));
            let default = Weights::default();
            let learn = Weights {
                learn: 0.9,
                ..default
            };
            [default, learn]
                .into_iter()
                .map(|weights| {
                    let scorer = Scorer::new(&roster, weights);
                    let candidates = candidates::candidates(
                        &scorer,
                        candidates::senior_list_length(&scorer, DEFAULT_CANDIDATES),
                    );
                    candidate_graph(&scorer, &candidates, &[])
                })
                .collect()
        })
    };
    let mut group = c.benchmark_group(format!("flows_{n_s}x{n_j}"));
    slow(&mut group, Duration::from_secs(3));
    for (at, name) in ["default", "learn_0.9"].into_iter().enumerate() {
        group.bench_function(name, |b| {
            let graph = &graphs()[at];
            b.iter(|| flow::solve(black_box(graph), OBJECTIVE))
        });
    }
    group.finish();
}

/// A sweep of ten learn weights against one pairing of the same roster,
/// each from the roster's CSV bytes: `pair` (read, score, solve, CSV) and
/// `sweep` (read, then every step scored, solved and measured).
fn sweep_against_pair(c: &mut Criterion) {
    let (n_s, n_j) = (10_000, 20_000);
    let text_cell: OnceCell<String> = OnceCell::new();
    let text = || text_cell.get_or_init(|| roster_text(n_s, n_j));
    let name = format!("sweep_{n_s}x{n_j}");
    let mut group = c.benchmark_group(&name);
    slow(&mut group, Duration::from_secs(10));
    group.throughput(pairs_of(n_s, n_j));
    group.bench_function("pair", |b| {
        let text = text();
        b.iter(|| end_to_end(text))
    });
    let vary = Vary::parse("learn=0:0.9:0.1").expect("a valid --vary");
    let config = Config::default();
    let checked = Cell::new(false);
    group.bench_function("sweep_learn_10_steps", |b| {
        let text = text();
        iter_checked(
            b,
            || {
                let roster = parse(text);
                sweep(&roster, &config, &vary).expect("the sweep runs")
            },
            &checked,
            |swept| {
                eprintln!(
                    "{name}/sweep_learn_10_steps: {} steps, every one proven optimal: {}",
                    swept.steps.len(),
                    swept.steps.iter().all(|s| s.status == Optimality::Optimal)
                )
            },
        )
    });
    group.finish();
}

/// The dense `lsap` solve against rmatch's sparse one, on the same scores.
fn dense_lsap_at(c: &mut Criterion, n_s: usize, n_j: usize, bench_matrix: bool) {
    // Built on first use, so filtering this group out costs nothing.
    let roster_cell: OnceCell<Roster> = OnceCell::new();
    let roster = || roster_cell.get_or_init(|| parse(&roster_text(n_s, n_j)));
    let matrix_cell: OnceCell<(dense::DenseMatrix, Duration)> = OnceCell::new();

    let name = format!("dense_lsap_{n_s}x{n_j}");
    let mut group = c.benchmark_group(&name);
    slow(&mut group, Duration::from_secs(2));
    group.throughput(pairs_of(n_s, n_j));
    if bench_matrix {
        group.bench_function("matrix_build", |b| {
            let scorer = scorer(roster());
            b.iter(|| dense::matrix(&scorer, dense::FORBIDDEN))
        });
    }
    let checked = Cell::new(false);
    group.bench_function("lsap_solve", |b| {
        let scorer = scorer(roster());
        let (m, built) = matrix_cell.get_or_init(|| {
            let started = Instant::now();
            let m = dense::matrix(&scorer, dense::FORBIDDEN);
            (m, started.elapsed())
        });
        iter_checked(b, || dense::solve(m), &checked, |answer| {
            let got = dense::outcome(&scorer, m, answer);
            let note = format!(
                " [{} x {} matrix, {} pair gadgets, forbidden pairs weigh {}, built once in {:.3} s; {} duplicate pairs, {} infeasible cells]",
                m.rows,
                m.cols,
                m.gadgets.len(),
                m.forbidden,
                built.as_secs_f64(),
                got.duplicates,
                got.infeasible
            );
            let want = Value::of_rmatch(&scorer, &solve(&scorer));
            report(&format!("{name}/lsap_solve"), Value::of(got), want, &note);
        })
    });
    group.bench_function("rmatch_solve", |b| {
        let scorer = scorer(roster());
        b.iter(|| solve(&scorer))
    });
    group.finish();
}

fn dense_lsap(c: &mut Criterion) {
    dense_lsap_at(c, 1_000, 2_000, true);
    dense_lsap_at(c, 2_000, 4_000, false);
}

/// Added to every allowed pair's score in the dense integer program, so it
/// maximises pairs first (more than any total score at 100 x 200).
const IP_BIG: f64 = 1000.0;

/// The integer program with a binary variable for every senior-junior pair
/// (forbidden pairs fixed to 0), solved by good_lp + microlp in one stage.
fn dense_ip(scorer: &Scorer) -> Value {
    let roster = scorer.roster;
    let (n_s, n_j) = (scorer.n_seniors(), scorer.n_juniors());
    let mut vars = ProblemVariables::new();
    let mut objective = Expression::default();
    let mut x: Vec<Variable> = Vec::with_capacity(n_s * n_j);
    for s in 0..n_s {
        for j in 0..n_j {
            let (counts, rule) = scorer.evaluate(s, j);
            let v = match rule {
                None => {
                    let v = vars.add(variable().binary());
                    objective += (IP_BIG + counts.components(&scorer.weights).score) * v;
                    v
                }
                Some(_) => vars.add(variable().binary().max(0)),
            };
            x.push(v);
        }
    }
    let mut model = vars.maximise(objective).using(microlp);
    for s in 0..n_s {
        let total: Expression = x[s * n_j..(s + 1) * n_j].iter().sum();
        model = model.with(constraint!(total <= roster.senior(s).capacity as f64));
    }
    for j in 0..n_j {
        let total: Expression = (0..n_s).map(|s| x[s * n_j + j]).sum();
        model = model.with(constraint!(total <= roster.junior(j).capacity as f64));
    }
    let solution = model.solve().expect("the dense integer program solves");
    let paired = (0..n_s * n_j)
        .filter(|&e| solution.value(x[e]) > 0.5)
        .map(|e| (e / n_j, e % n_j));
    Value::of_pairs(scorer, paired)
}

/// The dense integer program against rmatch's, and rmatch's flow solve.
fn dense_ip_group(c: &mut Criterion) {
    let (n_s, n_j) = (100, 200);
    let roster = parse(&roster_text(n_s, n_j));
    let scorer = scorer(&roster);
    let want = Value::of_rmatch(&scorer, &solve(&scorer));
    let name = format!("dense_ip_{n_s}x{n_j}");

    let mut group = c.benchmark_group(&name);
    slow(&mut group, Duration::from_secs(2));
    group.throughput(pairs_of(n_s, n_j));
    let checked = Cell::new(false);
    group.bench_function("good_lp_microlp_every_pair", |b| {
        iter_checked(
            b,
            || dense_ip(&scorer),
            &checked,
            |got| {
                let note = format!(" [{} binary variables]", n_s * n_j);
                report(
                    &format!("{name}/good_lp_microlp_every_pair"),
                    *got,
                    want,
                    &note,
                )
            },
        )
    });
    let checked = Cell::new(false);
    group.bench_function("rmatch_ip_allowed_pairs", |b| {
        let options = SolveOptions {
            method: Method::Ip,
            ..SolveOptions::default()
        };
        let routine = || solve::solve(&scorer, &options).expect("the integer program solves");
        iter_checked(b, routine, &checked, |solution| {
            let note = format!(
                " [{} binary variables, two stages, proven optimal: {}]",
                solution.candidate_pairs, solution.proven_optimal
            );
            let got = Value::of_rmatch(&scorer, solution);
            report(&format!("{name}/rmatch_ip_allowed_pairs"), got, want, &note)
        })
    });
    group.bench_function("rmatch_solve", |b| b.iter(|| solve(&scorer)));
    group.finish();
}

criterion_group!(
    benches,
    stages,
    dense_ip_group,
    dense_lsap,
    large,
    flows,
    sweep_against_pair
);
criterion_main!(benches);
