//! The session store: durability (kill -9, failed writes, the lock), session
//! files, runs of changes, and Windows semantics.

#[path = "../support/mod.rs"]
mod support;

mod durability;
mod files;
mod links;
mod runs;
mod windows;
