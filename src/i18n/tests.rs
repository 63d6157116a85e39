use super::*;

#[test]
fn the_catalogues_read_without_problems() {
    assert_eq!(catalogue_problems(), Vec::<String>::new());
    assert_eq!(known().first(), Some(&ENGLISH));
    assert!(known().contains(&"sv"));
}

/// Every catalogue has exactly English's message ids: a message missing
/// from one (or left over in it) fails here, naming it.
#[test]
fn every_catalogue_has_every_message_of_the_english_one() {
    let english = message_ids(ENGLISH);
    assert!(english.len() > 40, "only {} messages", english.len());
    for code in known() {
        let ids = message_ids(code);
        let missing: Vec<&String> = english.iter().filter(|id| !ids.contains(id)).collect();
        let extra: Vec<&String> = ids.iter().filter(|id| !english.contains(id)).collect();
        assert!(missing.is_empty(), "{code}.ftl lacks {missing:?}");
        assert!(
            extra.is_empty(),
            "{code}.ftl has messages English lacks: {extra:?}"
        );
        let mut sorted = ids.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), ids.len(), "{code}.ftl repeats an id");
    }
}

#[test]
fn plural_forms_follow_the_language() {
    let en = Tr::english();
    let sv = Tr::new("sv");
    assert_eq!(en.args("board-dots", &[("dots", 1u32.into())]), "1 dot");
    assert_eq!(en.args("board-dots", &[("dots", 2u32.into())]), "2 dots");
    assert_eq!(en.args("board-dots", &[("dots", 0u32.into())]), "0 dots");
    assert_eq!(sv.args("board-dots", &[("dots", 1u32.into())]), "1 prick");
    assert_eq!(sv.args("board-dots", &[("dots", 5u32.into())]), "5 prickar");
}

#[test]
fn decimals_use_the_language_separator() {
    assert_eq!(Tr::english().decimal(2.5, 1), "2.5");
    assert_eq!(Tr::new("sv").decimal(2.5, 1), "2,5");
    assert_eq!(Tr::new("sv").decimal(-0.25, 2), "-0,25");
    assert_eq!(Tr::new("sv").decimal(3.0, 0), "3");
    assert_eq!(Tr::new("sv").decimal_or(None, 1, "–"), "–");
}

#[test]
fn a_missing_message_falls_back_to_english_and_is_recorded() {
    let ((sv, unknown), fell) = record_fallbacks(|| {
        (
            Tr::new("sv").text("page-ideas"),
            Tr::new("sv").text("no-such-message"),
        )
    });
    assert_eq!(sv, "Idéer");
    assert_eq!(unknown, "no-such-message", "never fails");
    assert_eq!(fell, vec!["sv: no-such-message".to_owned()]);
    // A language without a catalogue is English, without failing.
    assert_eq!(Tr::new("de").code(), "en");
    assert_eq!(Tr::new("de").text("page-ideas"), "Ideas");
    // A message given too few arguments falls back too.
    let (_, fell) = record_fallbacks(|| Tr::new("sv").text("board-dots"));
    assert_eq!(fell, vec!["sv: board-dots".to_owned()]);
}

#[test]
fn unknown_languages_are_refused_with_the_known_ones() {
    assert_eq!(known_language("sv"), Ok("sv"));
    assert_eq!(known_language(" SV "), Ok("sv"));
    let e = known_language("de").expect_err("no German");
    assert!(
        e.contains("'de'") && e.contains("en (English)") && e.contains("sv (svenska)"),
        "{e}"
    );
}

/// The terminal's counts (issue 23): "1 device", "1 dot", from the
/// catalogue's plural rules rather than an `if n == 1` in the code.
#[test]
fn the_terminals_counts_take_the_catalogues_plurals() {
    let en = Tr::english();
    let joined = |n: usize| {
        en.args(
            "terminal-devices-joined",
            &[("devices", n.into()), ("waiting", 0usize.into())],
        )
    };
    assert_eq!(joined(1), "1 device joined, 0 waiting for approval");
    assert_eq!(joined(2), "2 devices joined, 0 waiting for approval");
    let left = |n: usize| {
        en.args(
            "terminal-dots-left",
            &[("name", "Ann".into()), ("dots", n.into())],
        )
    };
    assert_eq!(left(1), "Ann has 1 dot left");
    assert_eq!(left(0), "Ann has 0 dots left");
    let approved = en.args("terminal-devices-approved", &[("devices", 1usize.into())]);
    assert_eq!(approved, "1 waiting device approved");
    let signed_out = en.args(
        "terminal-signed-out",
        &[("devices", 1usize.into()), ("name", "Bo".into())],
    );
    assert_eq!(
        signed_out,
        "signed out 1 earlier device of Bo: their card joined on a new device"
    );
    assert_eq!(
        en.args("terminal-dot-word", &[("dots", 1usize.into())]),
        "dot"
    );
}
