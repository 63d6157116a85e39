//! The engine: its rules one at a time, and random sequences of intents.

#[path = "../support/mod.rs"]
mod support;

mod board;
mod props;
mod roster;
mod rules;
