//! Writes the allowed pairs of a roster with their exact score units and
//! quota group memberships, for an outside solver to check rmatch against.
//!
//! usage: quota_problem ROSTER [--max-same A=S]... [--fair A[=T]]...
use rmatch::config::Config;
use rmatch::roster::{self, ReadOptions};
use rmatch::rules::{self, parse_share, Rules, DEFAULT_FAIR_TOLERANCE};
use rmatch::scoring::Scorer;
use std::io::Write;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut config = Config::default();
    let mut i = 1;
    while i < args.len() {
        match args[i].as_str() {
            "--max-same" => {
                let (n, s) = parse_share("--max-same", &args[i + 1], None).unwrap();
                config.rules.max_same.insert(n, s);
            }
            "--fair" => {
                let (n, s) =
                    parse_share("--fair", &args[i + 1], Some(DEFAULT_FAIR_TOLERANCE)).unwrap();
                config.rules.fair.insert(n, s);
            }
            other => panic!("unknown {other}"),
        }
        i += 2;
    }
    let options = ReadOptions {
        diversity: None,
        rule_attributes: config.rules.attributes(),
        private: vec![],
        encoding: Default::default(),
        delimiter: None,
    };
    let roster = roster::read(&args[0], &options).unwrap();
    let rules = rules::resolve(&roster, &config.rules).unwrap();
    let scorer = Scorer::with_rules(&roster, config.weights, rules);
    let graph = rmatch::solve::full_graph(&scorer);
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    writeln!(
        out,
        "{} {} {} {}",
        graph.n_seniors(),
        graph.n_juniors(),
        graph.n_edges(),
        scorer.rules.quotas.len()
    )
    .unwrap();
    for q in &scorer.rules.quotas {
        writeln!(
            out,
            "{:.17} {:.17} {}",
            q.min_share,
            q.max_share,
            q.label.replace(' ', "_")
        )
        .unwrap();
    }
    let caps: Vec<String> = graph.senior_cap.iter().map(|c| c.to_string()).collect();
    writeln!(out, "{}", caps.join(" ")).unwrap();
    let caps: Vec<String> = graph.junior_cap.iter().map(|c| c.to_string()).collect();
    writeln!(out, "{}", caps.join(" ")).unwrap();
    for (s, e) in graph.seniors_and_edges() {
        let j = graph.junior[e] as usize;
        let mut mask = 0u64;
        for (r, q) in scorer.rules.quotas.iter().enumerate() {
            if Rules::member(&roster, q, s, j) {
                mask |= 1 << r;
            }
        }
        writeln!(out, "{s} {j} {} {mask}", graph.units[e]).unwrap();
    }
}
