//! loopshop: run expert workshops on circular value chains from the terminal.
//!
//! Layers, each depending only on those above it in this list:
//! `domain` (pure types) → `analysis` (pure statistics) → `store` (files) →
//! `import` / `export` (formats) → `app` (state and update) → `ui` (rendering)
//! → `cli` (wiring). Only `app`, `ui` and `cli` use ratatui or crossterm.
//! `text_width` (display width of text, plain-text tables) stands beside them
//! all: it uses nothing of the crate, and `export`, `ui` and `cli` use it.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod domain;
pub mod engine;
pub mod export;
pub mod import;
pub mod store;
pub mod text_width;
pub mod ui;
