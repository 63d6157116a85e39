//! Export formats, from domain and analysis only.
