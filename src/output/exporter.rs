//! The one thing every output format does: lay out an [`Outcome`].

use std::io::{self, Write};

use crate::outcome::Outcome;

/// Lays an outcome out in one format.
pub trait Exporter {
    fn write(&self, outcome: &Outcome, out: &mut dyn Write) -> io::Result<()>;
}
