//! `rmatch explain`: one pair's score taken apart (see `rmatch::analysis`).

use rmatch::analysis;
use rmatch::error::Result;
use rmatch::files::{self, write_stdout, Named, Replace};
use rmatch::roster::IdMatch;
use rmatch::text::escape;

use super::load::load_continuing;
use crate::app::flags::ExplainArgs;
use crate::app::settings::{self, inputs};

pub fn run(args: &ExplainArgs) -> Result<()> {
    let last = settings::continue_input(args.continue_from.as_deref());
    let mut config = settings::config(&args.scoring, &last)?;
    settings::set_objective(&mut config, args.objective)?;
    settings::apply_solver(&mut config, &args.solving)?;
    let mut read = inputs(&args.scoring, &config);
    read.extend(last);
    files::check_plan(
        &read,
        &[Named::new("standard output", None)],
        Replace::default(),
    )?;
    // As `pair --continue` reads it, against the same rules.
    let (roster, rules, continuation) =
        load_continuing(&args.scoring, &config, args.continue_from.as_deref())?;
    for id in [&args.senior, &args.junior] {
        if let Some((i, IdMatch::IgnoringCase)) = roster.find(id) {
            if !args.scoring.quiet {
                let own = escape(&roster.people[i].id);
                eprintln!(
                    "warning: the id \"{}\" matches the roster's \"{own}\" only ignoring case; it is taken as {own}",
                    escape(id),
                );
            }
        }
    }
    let text = analysis::explain_pair(
        &roster,
        rules,
        &config,
        &args.senior,
        &args.junior,
        continuation.as_ref(),
    )?;
    write_stdout(|out| out.write_all(text.as_bytes()))
}
