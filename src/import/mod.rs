//! Import formats, into domain changes.

pub mod wide;
