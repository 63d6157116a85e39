//! The secret a session's personal join cards are derived from: 256 random
//! bits, hex, made when the session file is created (or, for a session from
//! before schema 5, when it is first opened for writing).

use sha2::{Digest, Sha256};

/// A new card secret: 64 hex digits.
#[must_use]
pub fn new_card_secret() -> String {
    let mut bytes = [0u8; 32];
    // Only a broken system has no randomness; the time and the process
    // then still make every secret different.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let mut hasher = Sha256::new();
        hasher.update(nanos.to_le_bytes());
        hasher.update(std::process::id().to_le_bytes());
        bytes.copy_from_slice(&hasher.finalize());
    }
    hex(&bytes)
}

/// Bytes as lowercase hexadecimal.
#[must_use]
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(2 * bytes.len());
    for b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0xf)]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_long_and_differ() {
        let (a, b) = (new_card_secret(), new_card_secret());
        assert_eq!(a.len(), 64);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }
}
