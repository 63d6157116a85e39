//! What loopshop shows the room, rendered in Swedish: the participant page,
//! the board, the join cards and the reports ask their catalogue for every
//! message and find it (no fallback to English), and write numbers for
//! people with a decimal comma. In English the same pages keep the point.

use chrono::{Duration, Utc};
use loopshop::domain::{Score, Session, Template, builtin_template, template_check};
use loopshop::engine::{Actor, Engine, Intent};
use loopshop::i18n::{Tr, record_fallbacks};
use loopshop::server::board::board_content;
use loopshop::server::page::{join_page, rating_page};
use loopshop::server::state::state_of;
use loopshop::store::Store;
use loopshop::synthetic::example_session;
use tempfile::TempDir;

fn swedish_template() -> Template {
    let (_, text) = builtin_template("default-sv").expect("default-sv");
    template_check::parse(text).expect("parses")
}

/// The example session in `language`, with the Swedish template for `sv`.
fn session(language: &str) -> Session {
    let mut s = example_session();
    if language == "sv" {
        s.template = swedish_template();
    }
    language.clone_into(&mut s.language);
    s.example = false;
    s.access.card_secret = "5a".repeat(32);
    "KQ7WMX".clone_into(&mut s.access.join_code);
    s.access.board_key = "k".repeat(24);
    s
}

/// The session opened, in round 2 (round 1 is the Delphi feedback), with
/// p01's first rating of round 2, at exercise `exercise` of the agenda.
fn engine(language: &str, exercise: usize) -> (TempDir, Engine) {
    let dir = TempDir::new().expect("temp dir");
    let path = Store::new(dir.path())
        .create(&session(language))
        .expect("create");
    let mut engine = Engine::open(&path).expect("open");
    let now = Utc::now();
    let fac = Actor::Facilitator;
    engine
        .apply(&fac, Intent::GoToExercise(exercise), now)
        .expect("go");
    if engine.session().rounds.len() < 2 {
        engine
            .apply(&fac, Intent::StartRound { blind: false }, now)
            .expect("round 2");
    }
    let dimension = engine
        .exercise()
        .and_then(|e| e.kind.rated_dimensions().first().cloned());
    if let Some(dimension) = dimension {
        // Three answers: the privacy floor's minimum, so p01 sees the group.
        for p in ["p01", "p02", "p03"] {
            engine
                .apply(
                    &Actor::Participant(p.to_owned()),
                    Intent::Rate {
                        participant: p.to_owned(),
                        stage: "mining".to_owned(),
                        dimension: dimension.clone(),
                        score: Score::Value(3),
                        comment: None,
                    },
                    now + Duration::seconds(1),
                )
                .expect("rate");
        }
    }
    (dir, engine)
}

/// The text a person reads: no tags, styles, scripts or attributes.
fn visible(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        out.push(' ');
        let tail = &rest[start..];
        let skip_to = if tail.starts_with("<style") {
            tail.find("</style>").unwrap_or(tail.len())
        } else if tail.starts_with("<script") {
            tail.find("</script>").unwrap_or(tail.len())
        } else {
            0
        };
        let tail = &tail[skip_to..];
        rest = tail.find('>').map_or("", |end| &tail[end + 1..]);
    }
    out.push_str(rest);
    out
}

/// `2.5` in text for people: a digit, a point, a digit.
fn decimal_points(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .filter(|w| w[0].is_ascii_digit() && w[1] == '.' && w[2].is_ascii_digit())
        .map(|w| w.iter().collect())
        .collect()
}

fn decimal_commas(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(3)
        .filter(|w| w[0].is_ascii_digit() && w[1] == ',' && w[2].is_ascii_digit())
        .count()
}

/// Every exercise's participant page, in Swedish, without a fallback.
#[test]
fn the_participant_page_speaks_swedish_with_decimal_commas() {
    let exercises = session("sv").template.exercises.len();
    let mut rated = String::new();
    for index in 0..exercises {
        let (_dir, engine) = engine("sv", index);
        let state = state_of(&engine, &Actor::Participant("p01".to_owned())).expect("state");
        assert_eq!(state.language, "sv");
        let (page, fell) =
            record_fallbacks(|| rating_page(Tr::new(&state.language), &state, "f0rm"));
        assert_eq!(fell, Vec::<String>::new(), "exercise {index}");
        assert_eq!(
            page.matches("<form ").count(),
            page.matches("<input type=hidden name=form value=\"f0rm\">")
                .count(),
            "exercise {index}: every form carries the form token"
        );
        assert!(page.starts_with("<!doctype html><html lang=sv>"));
        let text = visible(&page);
        assert_eq!(
            decimal_points(&text),
            Vec::<String>::new(),
            "exercise {index}: {text}"
        );
        for english in ["round ", "Connected", "don't know", "Comment", "dots"] {
            assert!(
                !text.contains(english),
                "exercise {index}: {english}: {text}"
            );
        }
        rated.push_str(&text);
    }
    assert!(
        rated.contains("omgång 2") && rated.contains("Ansluten"),
        "{rated}"
    );
    assert!(rated.contains("Förra omgången: du "), "{rated}");
    assert!(rated.contains("Gruppen nu: median 3,0"), "{rated}");
    assert!(decimal_commas(&rated) > 10);
    assert!(rated.contains("Gruvbrytning") && rated.contains("vet inte"));
    assert!(rated.contains("prickar kvar"), "{rated}");
    // The page lets the participant switch to English.
    let (_dir, engine) = engine("sv", 4);
    let state = state_of(&engine, &Actor::Participant("p01".to_owned())).expect("state");
    let page = rating_page(Tr::new("sv"), &state, "f0rm");
    assert!(page.contains("<a href=\"/?lang=en\" hreflang=en lang=en>English</a>"));
    let english = visible(&rating_page(Tr::new("en"), &state, "f0rm"));
    assert!(english.contains("Group now: median 3.0") && english.contains("round 2"));
    assert!(
        page.contains("data-saved=\"✓ sparad\""),
        "the script's words too"
    );

    let (join, fell) = record_fallbacks(|| join_page(Tr::new("sv"), "ABC", Some("fel"), "f0rm"));
    assert_eq!(fell, Vec::<String>::new());
    assert!(join.contains("Gå med i workshoppen") && join.contains("lang=sv"));
}

/// The board through every exercise, in Swedish, without a fallback.
#[test]
fn the_board_speaks_swedish() {
    let exercises = session("sv").template.exercises.len();
    let mut all = String::new();
    for index in 0..exercises {
        let (_dir, engine) = engine("sv", index);
        let view = engine.board_view(chrono::Utc::now());
        assert_eq!(view.language, "sv");
        let (html, fell) = record_fallbacks(|| board_content(&view, "http://rummet.local:8787/"));
        assert_eq!(fell, Vec::<String>::new(), "exercise {index}");
        let text = visible(&html);
        assert_eq!(
            decimal_points(&text),
            Vec::<String>::new(),
            "exercise {index}: {text}"
        );
        for english in ["have rated", "Join:", "dots", "participants"] {
            assert!(
                !text.contains(english),
                "exercise {index}: {english}: {text}"
            );
        }
        all.push_str(&text);
    }
    assert!(
        all.contains("Gå med:") && all.contains("Svar hittills") && all.contains("rummets svar"),
        "{all}"
    );
    assert!(all.contains("prickar") || all.contains("prick"), "{all}");
}

#[test]
fn a_join_card_speaks_swedish() {
    let s = session("sv");
    let (html, fell) =
        record_fallbacks(|| loopshop::export::join_cards::render(&s, "http://10.0.0.2:8787/"));
    let html = html.expect("cards");
    assert_eq!(fell, Vec::<String>::new());
    let text = visible(&html);
    assert!(text.contains("Skanna det med telefonens kamera"), "{text}");
    assert!(text.contains("17 kort, fyra per sida"), "{text}");
    assert!(html.contains("aria-label=\"QR-kod för http://10.0.0.2:8787/j/"));
    assert!(!text.contains("Scan it"));
}

/// The Markdown and HTML reports and the figures of a Swedish session: no
/// fallback, a decimal comma in every number for people, and the CSV and
/// JSON the same bytes as the English session's.
#[test]
fn the_reports_and_figures_speak_swedish() {
    use loopshop::analysis::RoundChoice;
    use loopshop::export::{Format, render};
    let sv = session("sv");
    let (all, fell) = record_fallbacks(|| {
        Format::ALL
            .iter()
            .filter(|f| !f.binary())
            .map(|&f| (f, render(f, &sv, RoundChoice::Latest).expect("renders")))
            .collect::<Vec<_>>()
    });
    assert_eq!(fell, Vec::<String>::new());
    let text = |f: Format| {
        all.iter()
            .find(|(g, _)| *g == f)
            .map(|(_, t)| t.clone())
            .expect("format")
    };
    let md = text(Format::Md);
    assert!(md.contains("## Figur 1: steg per dimension"), "{md}");
    assert!(md.contains("Gruvbrytning") && md.contains("Konsensus"));
    assert!(md.contains("samstämmighet ≥ 75 %"), "{md}");
    assert_eq!(decimal_points(&md), Vec::<String>::new(), "{md}");
    assert!(decimal_commas(&md) > 40);
    for english in ["Participants", "Stage", "agreement", "Timeline", "round "] {
        assert!(!md.contains(english), "{english} in the Swedish report");
    }
    let html = text(Format::Html);
    assert!(html.contains("<html lang=\"sv\">"));
    let shown = visible(&html);
    assert_eq!(decimal_points(&shown), Vec::<String>::new());
    // The model's quadrants are worded from the anchors; its table names
    // each stage's quadrant.
    assert!(shown.contains("Konceptuell modell") && shown.contains("snabb vinst"));
    assert!(shown.contains("Svar per ruta") && shown.contains("Så läser du rapporten"));
    let flow = visible(&text(Format::SvgFlow));
    assert!(
        flow.contains("Karta över materialflöden") && flow.contains("Linjebredd"),
        "{flow}"
    );
    for svg in [text(Format::SvgModel), text(Format::SvgMatrix)] {
        let shown = visible(&svg);
        assert_eq!(decimal_points(&shown), Vec::<String>::new(), "{shown}");
        assert!(shown.contains("deltagare"), "{shown}");
        // Attributes are data: coordinates keep the point.
        assert!(
            svg.contains(".50\"") || svg.contains(".00\""),
            "SVG attributes not localized"
        );
    }

    // The same session in English: the data formats are the same bytes.
    let mut en = sv.clone();
    "en".clone_into(&mut en.language);
    for f in [Format::Csv, Format::SummaryCsv, Format::Json] {
        assert_eq!(
            render(f, &en, RoundChoice::Latest).expect("renders"),
            text(f),
            "{f:?}"
        );
    }
    let english = render(Format::Md, &en, RoundChoice::Latest).expect("md");
    assert!(english.contains("## Figure 1: stages by dimension"));
    assert!(!decimal_points(&english).is_empty());
}

/// A language without a catalogue (in a hand-made file) is English, and
/// nothing fails.
#[test]
fn a_language_without_a_catalogue_is_shown_in_english() {
    use loopshop::analysis::RoundChoice;
    use loopshop::export::{Format, render};
    let mut s = session("en");
    "fi".clone_into(&mut s.language);
    let md = render(Format::Md, &s, RoundChoice::Latest).expect("md");
    assert!(md.contains("## Figure 1: stages by dimension"));
}
