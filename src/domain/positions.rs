//! Where ids sit in a template's list (stages, dimensions) or a session's
//! participants, for the code that walks every rating of a big session.

use std::collections::HashMap;

/// Positions of ids: a guess first (ratings come grouped by stage, their
/// dimensions in template order), a map otherwise, so that a 90,000-rating
/// walk neither hashes every rating's ids nor scans a 10,000-stage template.
pub struct Positions<'a> {
    ids: Vec<&'a str>,
    at: HashMap<&'a str, usize>,
}

impl<'a> Positions<'a> {
    #[must_use]
    pub fn new(ids: impl Iterator<Item = &'a str>) -> Self {
        let ids: Vec<&str> = ids.collect();
        let at = ids.iter().enumerate().map(|(i, id)| (*id, i)).collect();
        Self { ids, at }
    }

    /// The position of `id`, trying `guess` first.
    #[must_use]
    pub fn find(&self, id: &str, guess: usize) -> Option<usize> {
        if self.ids.get(guess) == Some(&id) {
            return Some(guess);
        }
        self.at.get(id).copied()
    }

    /// The id at `position`.
    #[must_use]
    pub fn id(&self, position: usize) -> Option<&'a str> {
        self.ids.get(position).copied()
    }

    #[must_use]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::Positions;

    #[test]
    fn finds_by_guess_and_by_map() {
        let p = Positions::new(["a", "b", "c"].into_iter());
        assert_eq!(p.find("b", 1), Some(1));
        assert_eq!(p.find("c", 0), Some(2));
        assert_eq!(p.find("z", 0), None);
        assert_eq!(p.find("a", 7), Some(0));
        assert_eq!(p.id(2), Some("c"));
        assert_eq!(p.len(), 3);
    }
}
