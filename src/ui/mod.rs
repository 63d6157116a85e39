//! Pure rendering of app state.

pub mod matrix_table;
pub mod model_chart;
