//! Pseudonymised copies of the sessions a package is made from: every
//! participant is known by a pseudonym, their id (`p01`), prefixed in a
//! pool with the session's letter in the order given (`A-p01`). Names,
//! aliases, organisations and the facilitator's name are dropped (unless
//! `--names`), and so are the notes (unless `--notes`), since notes may
//! name people. The mapping from pseudonym to name is never written.

use std::collections::HashMap;

use crate::domain::Session;

/// The letter of the `i`-th session of a pool: `A`, `B`, ..., `Z`, `AA`, ...
#[must_use]
pub fn letter(i: usize) -> String {
    let mut n = i;
    let mut out = Vec::new();
    loop {
        out.push(b'A' + u8::try_from(n % 26).unwrap_or(0));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// What to keep of the people.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Keep {
    /// Names, aliases, organisations and the facilitator (`--names`).
    pub names: bool,
    /// The facilitator's notes (`--notes`).
    pub notes: bool,
}

/// `session` with every participant id replaced by its pseudonym
/// (`prefix` + id), in the ratings, ideas, votes and absences too; with
/// aliases replaced by the pseudonym unless `keep.names`.
#[must_use]
pub fn pseudonymise(session: &Session, prefix: &str, keep: Keep) -> Session {
    let mut s = session.clone();
    let rename: HashMap<String, String> = s
        .participants
        .iter()
        .map(|p| (p.id.clone(), format!("{prefix}{}", p.id)))
        .collect();
    let map = |id: &mut String| {
        if let Some(new) = rename.get(id.as_str()) {
            new.clone_into(id);
        } else if !prefix.is_empty() {
            // Ratings of someone no longer listed still get the prefix.
            *id = format!("{prefix}{id}");
        }
    };
    for p in &mut s.participants {
        map(&mut p.id);
        if !keep.names {
            p.alias.clone_from(&p.id);
            p.organisation.clear();
        }
    }
    for sheet in &mut s.ratings {
        map(&mut sheet.participant);
    }
    for idea in &mut s.ideas {
        if let Some(a) = idea.author.as_mut() {
            map(a);
        }
        idea.votes.iter_mut().for_each(map);
    }
    for round in &mut s.rounds {
        round.absent.iter_mut().for_each(map);
    }
    if !keep.names {
        s.facilitator.clear();
        s.anonymous = false;
    }
    if !keep.notes {
        s.notes.clear();
    }
    // Device access is no one's business in a deposit.
    s.access = crate::domain::Access::default();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_count_like_spreadsheet_columns() {
        let got: Vec<String> = [0, 1, 25, 26, 27, 51, 52].map(letter).to_vec();
        assert_eq!(got, ["A", "B", "Z", "AA", "AB", "AZ", "BA"]);
    }

    #[test]
    fn names_go_and_ids_become_pseudonyms() {
        let s = crate::synthetic::example_session();
        let alias = s.participants[0].alias.clone();
        let p = pseudonymise(&s, "B-", Keep::default());
        assert_eq!(p.participants[0].id, "B-p01");
        assert_eq!(p.participants[0].alias, "B-p01");
        assert!(p.facilitator.is_empty() && p.notes.is_empty());
        assert!(p.ratings.iter().all(|r| r.participant.starts_with("B-p")));
        assert!(
            p.ideas
                .iter()
                .flat_map(|i| i.votes.iter().chain(&i.author))
                .all(|v| v.starts_with("B-p"))
        );
        let kept = pseudonymise(
            &s,
            "",
            Keep {
                names: true,
                notes: true,
            },
        );
        assert_eq!(kept.participants[0].alias, alias);
        assert_eq!(kept.notes, s.notes);
    }
}
