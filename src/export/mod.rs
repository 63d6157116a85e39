//! Export formats, from domain and analysis only.

pub mod json;
pub mod summary_csv;
pub mod text;
