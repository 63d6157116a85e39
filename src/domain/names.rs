//! Names typed on a phone against the session's participants: the same
//! person whatever the case, accents and spacing ("jose  nunez" is José
//! Núñez), and a near match to ask about ("Maria" may be Maria Lindqvist).

use super::text::fold;

/// `name` as names are compared: folded to lower-case ASCII
/// ([`fold`]) with runs of spaces made one.
#[must_use]
pub fn name_key(name: &str) -> String {
    fold(name).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two names are the same person's, as typed.
#[must_use]
pub fn same_name(a: &str, b: &str) -> bool {
    name_key(a) == name_key(b)
}

/// The edit distance (Levenshtein) of two strings, in characters.
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (above + 1)
                .min(row[j] + 1)
                .min(diagonal + usize::from(ca != *cb));
            diagonal = above;
        }
    }
    row[b.len()]
}

/// The index in `names` of the listed name that `typed` probably means,
/// when it is none of them exactly: the only name whose first name it is,
/// else the nearest name within an edit distance of 2 (after folding) and
/// of a quarter of the longer name's length (so that short names stay
/// apart), the first of equally near ones. `None` when nothing is near.
#[must_use]
pub fn near_name<'a>(typed: &str, names: impl IntoIterator<Item = &'a str>) -> Option<usize> {
    let typed = name_key(typed);
    if typed.is_empty() {
        return None;
    }
    let keys: Vec<String> = names.into_iter().map(name_key).collect();
    if keys.contains(&typed) {
        return None;
    }
    let first_names: Vec<usize> = keys
        .iter()
        .enumerate()
        .filter(|(_, k)| k.contains(' ') && k.split(' ').next() == Some(typed.as_str()))
        .map(|(i, _)| i)
        .collect();
    if let [only] = first_names[..] {
        return Some(only);
    }
    // Two letters of a short name are most of it: "Two" is not "Bo".
    let typed_len = typed.chars().count();
    keys.iter()
        .enumerate()
        .map(|(i, k)| {
            (
                edit_distance(&typed, k),
                i,
                k.chars().count().max(typed_len),
            )
        })
        .filter(|&(d, _, len)| d <= 2 && d * 4 <= len)
        .min()
        .map(|(_, i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ROOM: [&str; 4] = ["José Núñez", "Åsa Öberg", "Maria Lindqvist", "Ann"];

    #[test]
    fn case_accents_and_spacing_do_not_make_a_new_person() {
        assert!(same_name("jose  nunez", "José Núñez"));
        assert!(same_name(" ASA OBERG ", "Åsa Öberg"));
        assert!(!same_name("Maria", "Maria Lindqvist"));
        assert_eq!(near_name("Jose Nunez", ROOM), None, "the same name");
    }

    #[test]
    fn a_unique_first_name_or_a_small_typo_is_a_near_match() {
        assert_eq!(near_name("Maria", ROOM), Some(2));
        assert_eq!(near_name("maria lindquist", ROOM), Some(2));
        assert_eq!(near_name("Asa Oberg", ROOM), None);
        assert_eq!(near_name("Anne", ROOM), Some(3));
        assert_eq!(near_name("Bertil", ROOM), None);
        // Short names are too short for two letters' difference.
        assert_eq!(near_name("Two", ["Ann", "Bo"]), None);
        assert_eq!(near_name("One", ["Ann", "Bo"]), None);
        assert_eq!(near_name("Cy", ["Ann", "Bo"]), None);
        // Two Marias: the first name alone says nothing.
        let two = ["Maria Lindqvist", "Maria Berg"];
        assert_eq!(near_name("Maria", two), None);
    }

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "ab"), 2);
        assert_eq!(edit_distance("åb", "ab"), 1);
    }
}
