//! Pure rendering of app state.
