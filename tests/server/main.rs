//! The participants' server: the real `loopshop serve` over HTTP on loopback
//! (API, board, join cards, language, LAN address) and its pages in a real
//! headless Chromium (skipped without it unless `LOOPSHOP_REQUIRE_BROWSER=1`).

#[path = "../support/mod.rs"]
mod support;

mod api;
mod board;
mod browser_axe;
mod browser_board;
mod browser_page;
mod browser_phone;
mod browser_print;
mod cards;
mod lan;
mod lang;
// Linux: client sockets bound to 127.0.0.2-250, `ulimit` in `sh`, `/proc`.
#[cfg(target_os = "linux")]
mod network;
mod outliers;
mod roster;
mod serve_writes;
