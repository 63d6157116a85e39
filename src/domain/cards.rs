//! Personal join cards: the code on each participant's card is derived, not
//! stored. It is an HMAC-SHA256 of the participant's id and card generation
//! under the session's one card secret, written in the join code's
//! alphabet (no look-alike characters). Reissuing a card bumps the
//! participant's generation, so the old code stops matching. Pure: the
//! secret itself is made where sessions are created (the store).

use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::session::Session;

/// Characters of personal codes: those of the join code, without 0/O, 1/I/L.
const ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

/// The address on join cards when nothing else is known: the server's
/// fixed port on this computer.
pub const DEFAULT_URL: &str = "http://127.0.0.1:8787/";

/// Characters in a personal code: about 49 bits, and failed joins are
/// limited per address (the server's limits), so a code cannot be guessed.
pub const PERSONAL_CODE_LEN: usize = 10;

/// The personal code of `participant` at `generation` under `secret`;
/// `None` when the session has no card secret yet.
#[must_use]
pub fn personal_code(secret: &str, participant: &str, generation: u32) -> Option<String> {
    if secret.is_empty() {
        return None;
    }
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).ok()?;
    mac.update(b"loopshop join card\0");
    mac.update(participant.as_bytes());
    mac.update(b"\0");
    mac.update(generation.to_string().as_bytes());
    let digest = mac.finalize().into_bytes();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    let mut n = u64::from_be_bytes(first);
    let base = ALPHABET.len() as u64;
    let mut code = String::with_capacity(PERSONAL_CODE_LEN);
    for _ in 0..PERSONAL_CODE_LEN {
        let digit = usize::try_from(n % base).unwrap_or(0);
        code.push(char::from(ALPHABET[digit]));
        n /= base;
    }
    Some(code)
}

/// The participant's current personal code in `session`.
#[must_use]
pub fn card_code(session: &Session, participant: &str) -> Option<String> {
    personal_code(
        &session.access.card_secret,
        participant,
        card_generation(session, participant),
    )
}

/// The participant's card generation (0 until a card is reissued).
#[must_use]
pub fn card_generation(session: &Session, participant: &str) -> u32 {
    session
        .access
        .card_generations
        .get(participant)
        .copied()
        .unwrap_or(0)
}

/// A code as typed: capitals, without spaces or dashes.
#[must_use]
pub fn normalize_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether typed text has the shape of a personal code (not the room's
/// shorter join code).
#[must_use]
pub fn is_personal_code(typed: &str) -> bool {
    let code = normalize_code(typed);
    code.len() == PERSONAL_CODE_LEN && code.bytes().all(|b| ALPHABET.contains(&b))
}

/// A personal code as printed: two groups of five, `ABCDE-FGHJK`.
#[must_use]
pub fn display_code(code: &str) -> String {
    let (a, b) = code.split_at(code.len().min(PERSONAL_CODE_LEN / 2));
    if b.is_empty() {
        a.to_owned()
    } else {
        format!("{a}-{b}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_depend_on_secret_participant_and_generation() {
        let a = personal_code("s3cret", "p01", 0).expect("code");
        assert_eq!(a.len(), PERSONAL_CODE_LEN);
        assert!(a.bytes().all(|b| ALPHABET.contains(&b)), "{a}");
        assert_eq!(personal_code("s3cret", "p01", 0).as_deref(), Some(&*a));
        for other in [
            personal_code("s3cret", "p02", 0),
            personal_code("s3cret", "p01", 1),
            personal_code("other", "p01", 0),
            // The separator keeps ("p0", "11") apart from ("p01", "1").
            personal_code("s3cret", "p0", 11),
        ] {
            assert_ne!(other.as_deref(), Some(&*a));
        }
        assert_eq!(personal_code("", "p01", 0), None);
    }

    #[test]
    fn typed_codes_are_read_kindly() {
        let code = personal_code("k", "p07", 3).expect("code");
        let printed = display_code(&code);
        assert_eq!(printed.len(), PERSONAL_CODE_LEN + 1);
        let typed = format!(" {} ", printed.to_lowercase());
        assert_eq!(normalize_code(&typed), code);
        assert!(is_personal_code(&typed));
        assert!(!is_personal_code("ABC234"));
        assert!(!is_personal_code("ABCDE-FGHJ0"));
    }
}
