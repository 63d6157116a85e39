//! The terminal app in-process: keys as each system's terminal reports them,
//! every screen (snapshots), text boxes, devices joining, and random keys.
//! Keys go through `support::tui`, as the app's loop applies them.

#[path = "../support/mod.rs"]
mod support;

mod devices;
mod keys_fuzz;
mod keys_platforms;
mod picture;
mod screens;
mod text_boxes;
