//! Export formats, from domain and analysis only.

pub mod html;
pub mod json;
pub mod md;
pub mod summary_csv;
pub mod svg_matrix;
pub mod svg_model;
pub mod text;
