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

/// The server's key for form tokens: random at each start, kept only in
/// memory (a page loaded before a restart asks to be reloaded).
#[must_use]
pub fn new_form_secret() -> [u8; 32] {
    random_bytes::<32>()
}

/// A visitor's random id, kept in a cookie until it joins: its form token
/// is derived from it.
#[must_use]
pub fn new_visitor() -> String {
    hex(&random_bytes::<16>())
}

/// The form token of a device (derived from its token, or before it joins
/// from its visitor cookie): an HMAC-SHA256 under the server's form key,
/// 128 bits in hex. Another site can neither read it from the device's page
/// nor compute it.
#[must_use]
pub fn form_token(secret: &[u8; 32], credential: &str) -> String {
    use hmac::Mac as _;
    let Ok(mut mac) = hmac::Hmac::<Sha256>::new_from_slice(secret) else {
        // HMAC takes a key of any length; unreachable.
        return String::new();
    };
    mac.update(b"loopshop form\0");
    mac.update(credential.as_bytes());
    hex(&mac.finalize().into_bytes()[..16])
}

/// Whether two strings are equal, in a time that does not tell where they
/// differ.
#[must_use]
pub fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
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

    #[test]
    fn form_tokens_are_per_device_and_per_server_start() {
        let (k1, k2) = (new_form_secret(), new_form_secret());
        assert_ne!(k1, k2);
        let t = form_token(&k1, "device a");
        assert_eq!(t.len(), 32);
        assert_eq!(t, form_token(&k1, "device a"));
        assert_ne!(t, form_token(&k1, "device b"));
        assert_ne!(t, form_token(&k2, "device a"));
        assert!(same_secret(&t, &form_token(&k1, "device a")));
        assert!(!same_secret(&t, &form_token(&k1, "device b")));
        assert!(!same_secret(&t, &t[..31]));
        assert!(!same_secret(&t, ""));
        assert_eq!(new_visitor().len(), 32);
    }
}
