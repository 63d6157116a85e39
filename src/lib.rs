//! loopshop: run expert workshops on circular value chains from the terminal.
//!
//! Layers, each depending only on those above it in this list:
//! `domain` (pure types) → `synthetic` (made-up sessions) → `analysis` (pure
//! statistics) → `store` (files) → `import` / `export` (formats) → `engine`
//! (one open session for every front end) → the front ends: `app` (the
//! terminal's state, update and effects as data) → `ui` (rendering), and
//! `server` (the participants' pages, the API, the board) → `cli` (wiring and
//! the one runner of effects). Only `ui`, `server` and `cli` use the terminal
//! and network crates. `text_width` (display width of text, plain-text
//! tables) and `i18n` (the room's language) stand beside them all and use
//! nothing of the crate. `tests/architecture.rs` checks all of it; see
//! docs/ARCHITECTURE.md.

#![forbid(unsafe_code)]

pub mod analysis;
pub mod app;
pub mod cli;
pub mod domain;
pub mod engine;
pub mod export;
pub mod i18n;
pub mod import;
pub mod server;
pub mod store;
pub mod synthetic;
pub mod text_width;
pub mod ui;
