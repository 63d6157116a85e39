//! App state, actions and update (Elm style). One queue, one writer.
