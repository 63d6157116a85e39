//! Who acts on a session and who looks at it.

use std::fmt;

/// Who sent an intent: the facilitator at the laptop, or one participant
/// (by id) from their own device.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Actor {
    Facilitator,
    Participant(String),
}

impl Actor {
    /// Who is recorded as having typed a rating this actor sends.
    #[must_use]
    pub fn entered_by(&self) -> crate::domain::EnteredBy {
        match self {
            Self::Facilitator => crate::domain::EnteredBy::Facilitator,
            Self::Participant(_) => crate::domain::EnteredBy::Device,
        }
    }
}

impl fmt::Display for Actor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Facilitator => f.write_str("the facilitator"),
            Self::Participant(id) => write!(f, "participant {id}"),
        }
    }
}

/// Who looks: an actor, or the room's board (the projector), which sees the
/// group and never an individual.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Viewer {
    Facilitator,
    Participant(String),
    Board,
}

impl From<&Actor> for Viewer {
    fn from(actor: &Actor) -> Self {
        match actor {
            Actor::Facilitator => Self::Facilitator,
            Actor::Participant(id) => Self::Participant(id.clone()),
        }
    }
}
