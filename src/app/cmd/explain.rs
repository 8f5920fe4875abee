//! `rmatch explain`: one pair's score taken apart (see `rmatch::analysis`).

use rmatch::analysis;
use rmatch::error::Result;
use rmatch::files::write_output;

use super::load::load;
use crate::app::flags::ExplainArgs;
use crate::app::settings;

pub fn run(args: &ExplainArgs) -> Result<()> {
    let config = settings::config(&args.scoring)?;
    let (roster, rules) = load(&args.scoring, &config)?;
    let text = analysis::explain_pair(&roster, rules, &config, &args.senior, &args.junior)?;
    write_output(None, |out| out.write_all(text.as_bytes()))
}
