//! `rmatch generate`: a synthetic roster of a given size (`rmatch-synth`).

use rmatch::error::Result;
use rmatch::files::{self, write_output, Named, Replace};
use rmatch_synth::{self as synth, SynthSpec};

use crate::app::flags::GenerateArgs;

pub fn run(args: &GenerateArgs) -> Result<()> {
    let spec = SynthSpec {
        seniors: args.seniors,
        juniors: args.juniors,
        seed: args.seed,
    };
    files::check_plan(
        &[],
        &[Named::new("-o", args.output.as_deref())],
        Replace {
            force: args.force,
            must_be_new: true,
        },
    )?;
    write_output(args.output.as_deref(), args.force, |out| {
        synth::write_roster(&spec, out)
    })
}
