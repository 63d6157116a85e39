//! The project's promises about itself: the layering, the README and its
//! figures, the shipped example session, and the release archives (ignored:
//! `.ci/run` runs them after building the archives).

#[path = "../support/mod.rs"]
mod support;

mod architecture;
mod dist_archive;
mod example_session;
mod readme;
mod readme_figures;
