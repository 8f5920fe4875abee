//! `rmatch init`: write the template roster (see [`crate::app::template`]).

use rmatch::error::Result;

use crate::app::flags::InitArgs;
use crate::app::template;

pub fn run(args: &InitArgs) -> Result<()> {
    let path = args.path();
    let label = match &args.output {
        Some(output) => format!("-o {output}"),
        None => path.to_string(),
    };
    super::check_csv_name(&label, "the template", path)?;
    template::init(path, args.force)?;
    if !args.quiet && path != "-" {
        eprintln!(
            "rmatch: wrote {0}; replace its example rows with your people, then run: rmatch check {0}",
            rmatch::text::escape(path)
        );
    }
    Ok(())
}
