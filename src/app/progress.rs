//! Stages of a run on standard error: a progress bar for long runs (only on
//! a terminal) and, with `-v`, how long each stage took. Neither ever goes
//! into an output file, so files stay byte-identical between runs.

use std::io::IsTerminal;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rmatch::solve::{Progress, SearchProgress};

/// Rosters with at least this many people show a progress bar: smaller ones
/// finish before a bar would be read.
pub const PROGRESS_MIN_PEOPLE: usize = 2_000;

/// Whether a run over `people` people shows a progress bar.
pub fn wants_bar(quiet: bool, stderr_is_terminal: bool, people: usize) -> bool {
    !quiet && stderr_is_terminal && people >= PROGRESS_MIN_PEOPLE
}

/// The stages of one command, timed.
pub struct Stages {
    quiet: bool,
    verbose: bool,
    total: u64,
    bar: Option<ProgressBar>,
    current: Option<(&'static str, Instant)>,
    /// What the running stage does, for the bar.
    what: String,
    done: Vec<(&'static str, Duration)>,
    /// A long quota search's own line, made when it first reports.
    search: Arc<Mutex<Option<ProgressBar>>>,
}

impl Stages {
    /// `total` is the number of stages the command will run.
    pub fn new(quiet: bool, verbose: bool, total: u64) -> Stages {
        Stages {
            quiet,
            verbose,
            total,
            bar: None,
            current: None,
            what: String::new(),
            done: Vec::new(),
            search: Arc::new(Mutex::new(None)),
        }
    }

    /// A callback showing how a quota search is going (best pairing, bound,
    /// gap) on a line of its own; None unless standard error is a terminal
    /// (and not with -q). The line appears only if the search reports.
    pub fn search_progress(&self) -> Option<Progress> {
        if self.quiet || !std::io::stderr().is_terminal() {
            return None;
        }
        let line = Arc::clone(&self.search);
        Some(Progress(Arc::new(move |p: &SearchProgress| {
            let Ok(mut line) = line.lock() else {
                return;
            };
            let bar = line.get_or_insert_with(|| {
                let bar = ProgressBar::new_spinner();
                bar.set_draw_target(ProgressDrawTarget::stderr());
                bar.enable_steady_tick(Duration::from_millis(120));
                bar
            });
            bar.set_message(search_line(p));
        })))
    }

    /// Ends the running stage, if any, and starts `name`; `what` is the
    /// progress bar's message.
    pub fn start(&mut self, name: &'static str, what: &str) {
        self.end_current();
        self.current = Some((name, Instant::now()));
        self.what = what.to_string();
        self.draw();
    }

    fn draw(&self) {
        if let Some(bar) = &self.bar {
            let done = self.done.len() as u64;
            bar.set_position(done);
            bar.set_message(format!(
                "stage {} of {}: {}",
                (done + 1).min(self.total),
                self.total,
                self.what
            ));
        }
    }

    /// Shows a progress bar from now on when the roster is big and standard
    /// error is a terminal.
    pub fn show_bar_for(&mut self, people: usize) {
        if self.bar.is_some() || !wants_bar(self.quiet, std::io::stderr().is_terminal(), people) {
            return;
        }
        let bar = ProgressBar::with_draw_target(Some(self.total), ProgressDrawTarget::stderr());
        let style =
            ProgressStyle::with_template("{spinner} {elapsed_precise} [{bar:20}] {wide_msg}")
                .map(|s| s.progress_chars("=> "));
        if let Ok(style) = style {
            bar.set_style(style);
        }
        bar.enable_steady_tick(Duration::from_millis(120));
        self.bar = Some(bar);
        self.draw();
    }

    fn end_current(&mut self) {
        if let Some((name, started)) = self.current.take() {
            self.done.push((name, started.elapsed()));
        }
    }

    /// Ends the last stage, clears the bars and, with `-v`, prints the timings.
    pub fn finish(&mut self) {
        self.end_current();
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        self.clear_search();
        if self.verbose {
            eprint!("{}", self.timings());
        }
    }

    /// One `timing:` line per finished stage, then the total.
    pub fn timings(&self) -> String {
        let width = self.done.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        let mut text = String::new();
        for (name, took) in &self.done {
            text.push_str(&format!(
                "timing: {name:<width$} {:>9.3} s\n",
                took.as_secs_f64()
            ));
        }
        let total: Duration = self.done.iter().map(|(_, d)| *d).sum();
        text.push_str(&format!(
            "timing: {:<width$} {:>9.3} s\n",
            "total",
            total.as_secs_f64()
        ));
        text
    }
}

impl Stages {
    fn clear_search(&self) {
        if let Ok(mut line) = self.search.lock() {
            if let Some(bar) = line.take() {
                bar.finish_and_clear();
            }
        }
    }
}

/// The quota search's progress line.
pub fn search_line(p: &SearchProgress) -> String {
    let pairs = p.pairs;
    match (p.best, p.gap()) {
        (Some(best), Some(gap)) => format!(
            "quotas, {pairs} pairs: best total score {best:.4}, bound {:.4} (gap {:.3}%), {} nodes",
            p.bound,
            100.0 * gap,
            p.nodes
        ),
        _ => format!(
            "quotas, {pairs} pairs: no pairing found yet, bound {:.4}, {} nodes",
            p.bound, p.nodes
        ),
    }
}

impl Drop for Stages {
    /// A run that stops on an error leaves no bar behind.
    fn drop(&mut self) {
        if let Some(bar) = self.bar.take() {
            bar.finish_and_clear();
        }
        self.clear_search();
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_search_line_says_best_bound_and_gap() {
        let mut p = rmatch::solve::SearchProgress {
            pairs: 2096,
            best: Some(1478.4678),
            bound: 1478.5512,
            nodes: 3,
        };
        assert_eq!(
            super::search_line(&p),
            "quotas, 2096 pairs: best total score 1478.4678, bound 1478.5512 (gap 0.006%), 3 nodes"
        );
        p.best = None;
        assert_eq!(
            super::search_line(&p),
            "quotas, 2096 pairs: no pairing found yet, bound 1478.5512, 3 nodes"
        );
    }

    use super::*;

    #[test]
    fn bar_only_for_big_rosters_on_a_terminal_and_never_with_quiet() {
        assert!(wants_bar(false, true, PROGRESS_MIN_PEOPLE));
        assert!(!wants_bar(false, true, PROGRESS_MIN_PEOPLE - 1), "small");
        assert!(!wants_bar(false, false, 1_000_000), "stderr is no terminal");
        assert!(!wants_bar(true, true, 1_000_000), "-q");
    }

    #[test]
    fn timings_list_every_stage_in_order_then_the_total() {
        let mut stages = Stages::new(false, false, 3);
        for name in ["read", "score+solve", "write"] {
            stages.start(name, name);
        }
        stages.end_current();
        let text = stages.timings();
        let names: Vec<&str> = text
            .lines()
            .map(|l| l.split_whitespace().nth(1).unwrap())
            .collect();
        assert_eq!(names, ["read", "score+solve", "write", "total"]);
        assert!(text
            .lines()
            .all(|l| l.starts_with("timing: ") && l.ends_with(" s")));
    }
}
