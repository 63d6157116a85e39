//! loopshop: run expert workshops on circular value chains from the terminal.
//!
//! Layers, each depending only on those above it in this list:
//! `domain` (pure types) → `synthetic` (made-up sessions) → `analysis` (pure
//! statistics) → `store` (files) → `import` / `export` (formats) → `engine`
//! (one open session for every front end) → `app` (the terminal's state and
//! update) → `ui` (rendering) → `cli` (wiring). Only `ui` and `cli` use
//! ratatui or crossterm. `text_width` (display width of text, plain-text
//! tables) stands beside them all: it uses nothing of the crate, and
//! `export`, `ui` and `cli` use it; so does `i18n` (the room's language:
//! message catalogues), used by `export`, the server, `app` and `cli`.
//! See docs/ARCHITECTURE.md.

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
