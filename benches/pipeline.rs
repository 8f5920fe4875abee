//! Criterion benches of the pipeline's stages on a synthetic roster
//! (`cargo bench`): read, score+solve, explain, and the HTML report.

use criterion::{criterion_group, criterion_main, Criterion};
use rmatch::config::Config;
use rmatch::output::{Exporter, Outcome};
use rmatch::report::HtmlReport;
use rmatch::roster::{parse, ReadOptions};
use rmatch::scoring::Scorer;
use rmatch::solve::{solve, SolveOptions};
use rmatch::synth::{roster_string, SynthSpec};

fn stages(c: &mut Criterion) {
    let text = roster_string(&SynthSpec {
        seniors: 300,
        juniors: 600,
        seed: 1,
    });
    let options = ReadOptions::default();
    let config = Config::default();
    c.bench_function("read 900 people", |b| {
        b.iter(|| parse("bench.csv", text.as_bytes(), &options).expect("valid"))
    });
    let roster = parse("bench.csv", text.as_bytes(), &options).expect("valid");
    let scorer = Scorer::new(&roster, config.weights);
    c.bench_function("score+solve 300 x 600", |b| {
        b.iter(|| solve(&scorer, &SolveOptions::default()).expect("solved"))
    });
    let solution = solve(&scorer, &SolveOptions::default()).expect("solved");
    c.bench_function("explain", |b| {
        b.iter(|| Outcome::build(&scorer, &solution, &config, false))
    });
    let outcome = Outcome::build(&scorer, &solution, &config, false);
    let report = HtmlReport {
        scorer: &scorer,
        solution: &solution,
        fair: Vec::new(),
    };
    c.bench_function("html report", |b| {
        b.iter(|| {
            let mut out = Vec::new();
            report.write(&outcome, &mut out).expect("written");
            out
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = stages
}
criterion_main!(benches);
