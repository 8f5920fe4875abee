//! Analyst tools over the pairing: one pair's score taken apart (`rmatch
//! explain`), and the trade-off as a weight or rule bound varies (`rmatch
//! sweep`).

mod explain;
mod sweep;

pub use explain::explain_pair;
pub use sweep::{sweep, sweep_header, SweepStep, Swept, Vary, VaryName, SWEEP_COLUMNS};
