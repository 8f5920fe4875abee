//! `rmatch generate`: a synthetic roster of a given size (`rmatch-synth`).

use rmatch::error::Result;
use rmatch::files::write_output;
use rmatch_synth::{self as synth, SynthSpec};

use crate::app::flags::GenerateArgs;

pub fn run(args: &GenerateArgs) -> Result<()> {
    let spec = SynthSpec {
        seniors: args.seniors,
        juniors: args.juniors,
        seed: args.seed,
        dominant_department: args.dominant_department,
    };
    write_output(args.output.as_deref(), |out| {
        synth::write_roster(&spec, out)
    })
}
