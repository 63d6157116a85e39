//! Random tokens, join codes and board keys, and the hashes kept of tokens.

use sha2::{Digest, Sha256};

/// Join codes avoid characters that look alike (0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    // The OS has no randomness only on a broken system; the time then
    // still makes every value different.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let digest = Sha256::digest(nanos.to_le_bytes());
        for (b, d) in bytes.iter_mut().zip(digest.iter().cycle()) {
            *b = *d;
        }
    }
    bytes
}

/// A device's bearer token: 128 random bits, hex.
#[must_use]
pub fn new_token() -> String {
    hex(&random_bytes::<16>())
}

/// A key for the room board's address: 96 random bits, hex.
#[must_use]
pub fn new_board_key() -> String {
    hex(&random_bytes::<12>())
}

/// A 6-character join code without look-alike characters.
#[must_use]
pub fn new_join_code() -> String {
    random_bytes::<6>()
        .iter()
        .map(|b| char::from(CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()]))
        .collect()
}

/// What the session keeps of a token.
#[must_use]
pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_tokens_and_hashes_have_their_shape() {
        let code = new_join_code();
        assert_eq!(code.len(), 6);
        assert!(code.bytes().all(|b| CODE_ALPHABET.contains(&b)));
        assert!(!code.contains(['0', 'O', '1', 'I', 'L']));
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert_eq!(token_hash("abc").len(), 64);
        assert_eq!(
            token_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }
}
