//! `rmatch check`: is the roster ready to pair? (See `rmatch::readiness`.)

use std::io::IsTerminal;

use rmatch::error::Result;
use rmatch::files::{self, write_stdout, Named, Replace};
use rmatch::readiness::Readiness;
use rmatch::scoring::Scorer;

use super::load::load_continuing;
use crate::app::flags::CheckArgs;
use crate::app::progress::Stages;
use crate::app::settings::{self, inputs};

pub fn run(args: &CheckArgs) -> Result<()> {
    let last = settings::continue_input(args.continue_from.as_deref());
    let mut config = settings::config(&args.scoring, &last)?;
    settings::set_objective(&mut config, args.objective)?;
    let mut read = inputs(&args.scoring, &config);
    read.extend(last);
    files::check_plan(
        &read,
        &[Named::new("standard output", None)],
        Replace::default(),
    )?;
    let mut stages = Stages::new(args.scoring.quiet, args.scoring.verbose, 3);
    stages.start("read", "reading the roster");
    // As `pair --continue` reads it: the same errors, the kept pairs locked.
    let (roster, rules, continuation) =
        load_continuing(&args.scoring, &config, args.continue_from.as_deref())?;
    let rules = match &continuation {
        Some(c) => c.lock(rules),
        None => rules,
    };
    stages.show_bar_for(roster.people.len());
    stages.start("score+solve", "finding who can be paired");
    let scorer = Scorer::with_rules(&roster, config.weights, rules);
    let mut readiness = Readiness::assess(&scorer);
    if let Some(c) = &continuation {
        readiness.continuing(&scorer, c);
    }
    stages.start("write", "writing");
    // Wrapped to the window on a terminal only: a file or a pipe gets one
    // line per fact, for scripts.
    let width = std::io::stdout()
        .is_terminal()
        .then(crate::app::terminal::stdout_width)
        .flatten()
        .map(usize::from);
    let text = readiness.render(&roster, width);
    write_stdout(|out| out.write_all(text.as_bytes()))?;
    stages.finish();
    crate::app::keep_until_exit((readiness, scorer));
    crate::app::keep_until_exit(roster);
    Ok(())
}
