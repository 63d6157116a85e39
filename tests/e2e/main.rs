//! End to end: the real binary in a pseudo-terminal, with participants'
//! devices over HTTP.

#[path = "../support/mod.rs"]
mod support;

mod board;
mod browser_waiting;
mod cards;
mod devices;
mod facilitation;
mod faults;
mod grid;
mod recovery;
mod tui;
