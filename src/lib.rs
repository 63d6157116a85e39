//! loopshop: run expert workshops on circular value chains from the terminal.
//!
//! Layers, each depending only on those above it in this list:
//! `domain` (pure types) → `analysis` (pure statistics) → `store` (files) →
//! `import` / `export` (formats) → `app` (state and update) → `ui` (rendering)
//! → `cli` (wiring). Only `app`, `ui` and `cli` use ratatui or crossterm.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod domain;
pub mod engine;
pub mod export;
pub mod import;
pub mod store;
pub mod synthetic;
pub mod ui;
