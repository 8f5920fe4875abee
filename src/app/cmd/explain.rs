//! `rmatch explain`: one pair's score taken apart (see `rmatch::analysis`).

use rmatch::analysis;
use rmatch::error::Result;
use rmatch::files::{self, write_stdout, Named, Replace};

use super::load::{inputs, load};
use crate::app::flags::ExplainArgs;
use crate::app::settings;

pub fn run(args: &ExplainArgs) -> Result<()> {
    let config = settings::config(&args.scoring)?;
    files::check_plan(
        &inputs(&args.scoring, &config),
        &[Named::new("standard output", None)],
        Replace::default(),
    )?;
    let (roster, rules) = load(&args.scoring, &config)?;
    let text = analysis::explain_pair(&roster, rules, &config, &args.senior, &args.junior)?;
    write_stdout(|out| out.write_all(text.as_bytes()))
}
