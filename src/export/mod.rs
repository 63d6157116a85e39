//! Export formats, from domain and analysis only.

pub mod html;
pub mod md;
pub mod svg_matrix;
pub mod svg_model;
pub mod json;
pub mod summary_csv;
pub mod text;
