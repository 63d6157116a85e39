//! Import formats, into domain changes.
