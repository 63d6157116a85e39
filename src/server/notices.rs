//! Where the pages' notices go: "refresh" or "saved", for everyone or for
//! one participant's streams, and the room board's change counter.

use tokio::sync::broadcast;

use super::calls::Answered;

/// Something the pages should know: refresh, for everyone or one participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    /// `None` for everyone (the exercise or round changed).
    pub participant: Option<String>,
    pub kind: &'static str,
}

/// Notices a participant's streams may fall behind by; one that falls
/// further gets a plain "refresh", which is all a notice asks for anyway.
/// Small, because there is one channel per participant.
const PERSONAL_BACKLOG: usize = 4;

/// Where notices go: one channel for everyone, and one per participant, so
/// that a rating saved for one device wakes only that device's streams.
#[derive(Debug)]
pub struct Notices {
    everyone: broadcast::Sender<Notice>,
    personal: std::sync::Mutex<std::collections::HashMap<String, broadcast::Sender<Notice>>>,
    /// Bumped whenever what the board shows may have changed; a watch keeps
    /// only the latest, so a burst of ratings is one change to a board.
    pub(super) board: tokio::sync::watch::Sender<u64>,
}

impl Notices {
    pub(super) fn new() -> Self {
        Self {
            everyone: broadcast::channel(64).0,
            personal: std::sync::Mutex::default(),
            board: tokio::sync::watch::channel(0).0,
        }
    }

    /// Tells the boards that what they show may have changed.
    pub(super) fn board_changed(&self) {
        self.board.send_modify(|n| *n = n.wrapping_add(1));
    }

    /// Sends a notice to whoever it is for; nobody listening is fine.
    pub(super) fn send(&self, notice: Notice) {
        match &notice.participant {
            None => {
                self.board_changed();
                let _ = self.everyone.send(notice);
            }
            Some(p) => {
                if let Ok(map) = self.personal.lock()
                    && let Some(tx) = map.get(p)
                {
                    let _ = tx.send(notice);
                }
            }
        }
    }

    /// What a group of answered calls changed: a refresh for each device
    /// signed out by a card, and one "saved" per participant however many
    /// of their ratings the group held (a page reloads its sheet once).
    pub(super) fn tell_answered(&self, answered: &Answered) {
        for o in &answered.signed_out {
            self.send(Notice {
                participant: Some(o.participant.clone()),
                kind: "refresh",
            });
        }
        let mut told = std::collections::HashSet::new();
        for s in &answered.saved {
            if told.insert(s.participant.as_str()) {
                self.send(Notice {
                    participant: Some(s.participant.clone()),
                    kind: "saved",
                });
            }
        }
    }

    /// The notices for one participant's streams: everyone's and their own.
    pub(super) fn subscribe(
        &self,
        participant: &str,
    ) -> (broadcast::Receiver<Notice>, broadcast::Receiver<Notice>) {
        let own = self.personal.lock().map_or_else(
            |_| broadcast::channel(PERSONAL_BACKLOG).1,
            |mut map| {
                // Channels of participants whose streams all closed are dropped.
                if map.len() > 64 {
                    map.retain(|_, tx| tx.receiver_count() > 0);
                }
                map.entry(participant.to_owned())
                    .or_insert_with(|| broadcast::channel(PERSONAL_BACKLOG).0)
                    .subscribe()
            },
        );
        (self.everyone.subscribe(), own)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::SavedRating;

    fn saved(participant: &str, stage: &str) -> SavedRating {
        SavedRating {
            participant: participant.to_owned(),
            alias: participant.to_owned(),
            stage: stage.to_owned(),
            dimension: "maturity".to_owned(),
            value: "3".to_owned(),
        }
    }

    #[test]
    fn a_group_of_ratings_wakes_each_participant_once() {
        let notices = Notices::new();
        let (_everyone, mut ann) = notices.subscribe("ann");
        let (_everyone, mut ben) = notices.subscribe("ben");
        let answered = Answered {
            saved: vec![
                saved("ann", "mining"),
                saved("ann", "use"),
                saved("ben", "use"),
            ],
            signed_out: Vec::new(),
            not_listed: Vec::new(),
        };
        notices.tell_answered(&answered);
        let drain = |rx: &mut broadcast::Receiver<Notice>| {
            std::iter::from_fn(|| rx.try_recv().ok())
                .map(|n| n.kind)
                .collect::<Vec<_>>()
        };
        assert_eq!(drain(&mut ann), vec!["saved"]);
        assert_eq!(drain(&mut ben), vec!["saved"]);
    }
}
