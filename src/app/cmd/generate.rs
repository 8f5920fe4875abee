//! `rmatch generate`: a synthetic roster of a given size (`rmatch-synth`).

use rmatch::error::{Error, Result};
use rmatch::files::{self, write_output, Named, Replace};
use rmatch::roster::dialect::{thousands, MAX_PEOPLE};
use rmatch_synth::{self as synth, SynthSpec};

use crate::app::flags::GenerateArgs;

pub fn run(args: &GenerateArgs) -> Result<()> {
    // The roster limit, checked before anything is allocated.
    if args
        .seniors
        .checked_add(args.juniors)
        .is_none_or(|n| n > MAX_PEOPLE)
    {
        return Err(Error::Usage(format!(
            "--seniors {} and --juniors {} make more than {} people, the most rmatch pairs in one run; ask for fewer",
            args.seniors,
            args.juniors,
            thousands(MAX_PEOPLE)
        )));
    }
    let spec = SynthSpec {
        seniors: args.seniors,
        juniors: args.juniors,
        seed: args.seed,
        dominant_department: args.dominant_department,
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
