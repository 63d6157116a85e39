//! A shared, immutable id of a template's stage or dimension, as a rating
//! holds it: a big session has 90,000 ratings naming a dozen ids, and one
//! allocation per id (not per rating) is most of what loading it saves.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An id shared by every rating that names it; reads as a `&str`.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Id(Arc<str>);

impl Id {
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::ops::Deref for Id {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Self {
        Self(Arc::from(s))
    }
}

impl From<String> for Id {
    fn from(s: String) -> Self {
        Self(Arc::from(s))
    }
}

impl From<&String> for Id {
    fn from(s: &String) -> Self {
        Self(Arc::from(s.as_str()))
    }
}

impl From<Id> for String {
    fn from(id: Id) -> Self {
        id.0.as_ref().to_owned()
    }
}

impl PartialEq<str> for Id {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Id {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Id {
    fn eq(&self, other: &String) -> bool {
        &*self.0 == other.as_str()
    }
}

impl PartialEq<Id> for str {
    fn eq(&self, other: &Id) -> bool {
        self == &*other.0
    }
}

impl PartialEq<Id> for &str {
    fn eq(&self, other: &Id) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<Id> for String {
    fn eq(&self, other: &Id) -> bool {
        self.as_str() == &*other.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Id {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d).map(Self::from)
    }
}

/// The ids met so far while reading, each allocated once.
#[derive(Default)]
pub struct Ids {
    ids: Vec<Id>,
    /// Where the last one was found: ratings come in template order, so
    /// the next one asked for is usually the one after it.
    last: usize,
}

/// How many ids are kept: a template has a few dozen; a hostile file's
/// many distinct ones are not kept (each is then allocated, as a String
/// was).
const KEPT: usize = 256;

impl Ids {
    /// `text` as an id, shared with an earlier equal one.
    pub fn get(&mut self, text: &str) -> Id {
        let next = self.last + 1;
        let found = [next, self.last]
            .into_iter()
            .find(|&i| self.ids.get(i).is_some_and(|id| id.as_str() == text))
            .or_else(|| self.ids.iter().position(|id| id.as_str() == text));
        if let Some(i) = found {
            self.last = i;
            return self.ids[i].clone();
        }
        let id = Id::from(text);
        if self.ids.len() < KEPT {
            self.last = self.ids.len();
            self.ids.push(id.clone());
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::Ids;

    #[test]
    fn equal_texts_share_one_id_and_others_are_apart() {
        let mut ids = Ids::default();
        let a = ids.get("mining");
        let b = ids.get("maturity");
        let c = ids.get("mining");
        assert_eq!(a, c);
        assert!(std::sync::Arc::ptr_eq(&a.0, &c.0), "shared, not copied");
        assert_ne!(a, b);
        assert_eq!(ids.get("maturity"), b);
        for k in 0..300 {
            assert_eq!(ids.get(&format!("id{k}")).as_str(), format!("id{k}"));
        }
        assert_eq!(ids.get("mining"), a);
    }
}
