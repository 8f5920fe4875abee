//! `rmatch init`: write the template roster (see [`crate::app::template`]).

use rmatch::error::Result;

use crate::app::flags::InitArgs;
use crate::app::template;

pub fn run(args: &InitArgs) -> Result<()> {
    template::init(&args.file, args.force)?;
    if !args.quiet && args.file != "-" {
        eprintln!(
            "rmatch: wrote {0}; replace its example rows with your people, then run: rmatch check {0}",
            rmatch::text::escape(&args.file)
        );
    }
    Ok(())
}
