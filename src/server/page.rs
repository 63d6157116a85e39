//! The participant's pages: HTML templates under `assets/web/page/`
//! rendered with askama (auto-escaped, checked when the binary is built),
//! with the style and script of `assets/web/` embedded. Plain forms (every
//! page works without JavaScript), made live by the script (events, saving
//! without a page load, ratings kept while the connection is down). No
//! external address.

use askama::Template;

use super::state::{Dimension, Named, State};

use crate::domain::RosterMode;
use crate::i18n::{self, Tr};

/// The pages' style sheet (`GET /page.css`).
pub const STYLE: &str = include_str!("../../assets/web/page.css");
/// The pages' script (`GET /page.js`): it only makes the page live; every
/// action also works as a form.
pub const SCRIPT: &str = include_str!("../../assets/web/page.js");

/// The version in the style's and script's addresses: a phone keeps them
/// (they are sent once, then cached) until a new build changes them.
pub static ASSETS_VERSION: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    super::secrets::token_hash(&format!("{STYLE}{SCRIPT}"))
        .chars()
        .take(12)
        .collect()
});

/// The page's language links: every other language, each named in its own.
#[must_use]
pub fn other_languages(tr: Tr) -> Vec<(&'static str, String)> {
    i18n::known()
        .into_iter()
        .filter(|code| *code != tr.code())
        .map(|code| (code, Tr::new(code).text("language-name")))
        .collect()
}

/// A template rendered; a failure (only a formatter's) becomes a short page.
fn render(page: &impl Template) -> String {
    page.render()
        .unwrap_or_else(|e| format!("<!doctype html><title>error</title><p>{e}</p>"))
}

#[derive(Template)]
#[template(path = "page/join.html")]
struct JoinPage<'a> {
    tr: Tr,
    title: String,
    live: bool,
    form: &'a str,
    code: &'a str,
    message: Option<&'a str>,
    /// What happens next under the session's roster mode.
    next: Option<String>,
}

/// The join form, with the code from the QR code filled in; `form` is the
/// device's form token.
#[must_use]
pub fn join_page(tr: Tr, code: &str, message: Option<&str>, form: &str) -> String {
    join_page_for(tr, code, message, form, None)
}

/// [`join_page`], saying what happens next under the roster `mode` (and
/// whether a facilitator is there to let a new name in).
#[must_use]
pub fn join_page_for(
    tr: Tr,
    code: &str,
    message: Option<&str>,
    form: &str,
    mode: Option<(RosterMode, bool)>,
) -> String {
    render(&JoinPage {
        tr,
        title: tr.text("page-join-title"),
        live: false,
        form,
        code,
        message,
        next: mode.map(|(m, approver)| {
            tr.text(match m {
                RosterMode::Open => "page-next-open",
                RosterMode::Listed if approver => "page-next-listed",
                RosterMode::Listed => "page-next-listed-ask",
                RosterMode::Cards => "page-next-cards",
                RosterMode::Closed => "page-next-closed",
            })
        }),
    })
}

#[derive(Template)]
#[template(path = "page/card.html")]
struct CardPage<'a> {
    tr: Tr,
    title: String,
    live: bool,
    form: &'a str,
    code: &'a str,
    about: String,
    button: String,
    message: Option<&'a str>,
}

/// The page a personal card's link opens: whose card it is and a "Join as
/// NAME" button. Only that button's POST joins (and signs an earlier device
/// out), so a link preview or a scanner's prefetch changes nothing.
#[must_use]
pub fn card_page(tr: Tr, code: &str, name: &str, message: Option<&str>, form: &str) -> String {
    render(&CardPage {
        tr,
        title: tr.text("page-card-title"),
        live: false,
        form,
        code,
        about: tr.args("page-card-about", &[("name", name.into())]),
        button: tr.args("page-card-button", &[("name", name.into())]),
        message,
    })
}

#[derive(Template)]
#[template(path = "page/are_you.html")]
struct AreYouPage<'a> {
    tr: Tr,
    title: String,
    live: bool,
    form: &'a str,
    code: &'a str,
    typed: &'a str,
    name: &'a str,
    yes: String,
    next: String,
}

/// "Are you NAME?": a typed name near a listed participant's, before a new
/// participant is made. Yes joins as `name`; "No, I am new" joins as
/// `typed`.
#[must_use]
pub fn are_you_page(tr: Tr, code: &str, typed: &str, name: &str, form: &str) -> String {
    render(&AreYouPage {
        tr,
        title: tr.args("refusal-are-you", &[("name", name.into())]),
        live: false,
        form,
        code,
        typed,
        name,
        yes: tr.args("page-are-you-yes", &[("name", name.into())]),
        next: tr.args("page-are-you-next", &[("typed", typed.into())]),
    })
}

#[derive(Template)]
#[template(path = "page/waiting.html")]
struct WaitingPage {
    tr: Tr,
    title: String,
    live: bool,
}

/// A device waiting for the facilitator's approval (a new name under the
/// `listed` roster, or a second device): it says so, and its script asks
/// every 1.5 s whether it is in, and then goes on by itself.
#[must_use]
pub fn waiting_page(tr: Tr, title: &str) -> String {
    render(&WaitingPage {
        tr,
        title: title.to_owned(),
        live: false,
    })
}

#[derive(Template)]
#[template(path = "page/refused.html")]
struct RefusedPage<'a> {
    tr: Tr,
    title: String,
    live: bool,
    message: &'a str,
    back: &'a str,
}

/// A form refused (without JavaScript): why, in a sentence, and the way
/// back to the page (`back`, such as `/#ideas`).
#[must_use]
pub fn refused_page(tr: Tr, message: &str, back: &str) -> String {
    render(&RefusedPage {
        tr,
        title: tr.text("page-refused-title"),
        live: false,
        message,
        back,
    })
}

fn fmt(tr: Tr, x: Option<f64>) -> String {
    tr.decimal_or(x, 1, "–")
}

struct ExerciseView {
    title: String,
    about: String,
}

struct DimensionView {
    id: String,
    name: String,
    question: String,
    /// "1 = low · 5 = high".
    anchors: String,
    rated: usize,
    cells: Vec<CellView>,
}

struct CellView {
    /// `stage__dimension`, the id of the cell's form and marker.
    cell: String,
    stage: String,
    stage_name: String,
    choices: Vec<Choice>,
    answered: bool,
    comment: String,
    /// The outlier question, the earlier round and the group, when shown.
    notes: Vec<String>,
}

struct Choice {
    value: String,
    label: String,
    /// The scale's anchor word on its end buttons.
    anchor: String,
    pressed: bool,
}

struct IdeasView {
    dots_left: String,
    /// "+ dot" is offered only with a dot left.
    can_add: bool,
    technologies: Vec<Named>,
    list: Vec<IdeaView>,
}

struct IdeaView {
    id: u32,
    text: String,
    /// Its stage and technologies, by name.
    about: String,
    dots: String,
    /// This participant has a dot on it ("− dot" is offered).
    mine: bool,
}

#[derive(Template)]
#[template(path = "page/rate.html")]
struct RatePage<'a> {
    tr: Tr,
    title: String,
    live: bool,
    form: &'a str,
    alias: &'a str,
    round: String,
    blind: Option<String>,
    exercise: Option<ExerciseView>,
    sections: bool,
    dimensions: Vec<DimensionView>,
    stages: &'a [Named],
    ideas: Option<IdeasView>,
}

/// The rating page of a joined participant; `form` is the device's form
/// token.
#[must_use]
pub fn rating_page(tr: Tr, s: &State, form: &str) -> String {
    render(&RatePage {
        tr,
        title: s.title.clone(),
        live: true,
        form,
        alias: &s.alias,
        round: tr.args("page-round", &[("round", s.round.into())]),
        blind: (s.blind && !s.revealed).then(|| tr.text("page-blind")),
        exercise: s.exercise.as_ref().map(|e| ExerciseView {
            title: e.title.clone(),
            about: e.prompt.clone().unwrap_or_default(),
        }),
        // Several dimensions at once (`serve --open all`, a questionnaire
        // answered over a day): contents with each one's progress, and a
        // dimension already complete folded away.
        sections: s.dimensions.len() > 1,
        dimensions: s
            .dimensions
            .iter()
            .map(|d| dimension_view(tr, s, d))
            .collect(),
        stages: &s.stages,
        ideas: s.ideas.as_ref().map(|ideas| IdeasView {
            dots_left: tr.args(
                "page-dots-left",
                &[
                    ("left", ideas.dots_left.into()),
                    ("dots", ideas.dots.into()),
                ],
            ),
            can_add: ideas.dots_left > 0,
            technologies: ideas.technologies.clone(),
            list: ideas
                .list
                .iter()
                .map(|i| IdeaView {
                    id: i.id,
                    text: i.text.clone(),
                    about: idea_about(s, &ideas.technologies, &i.stage, &i.technologies),
                    mine: i.mine > 0,
                    dots: if i.mine > 0 {
                        tr.args(
                            "page-idea-dots-yours",
                            &[("dots", i.dots.into()), ("mine", i.mine.into())],
                        )
                    } else {
                        tr.args("page-idea-dots", &[("dots", i.dots.into())])
                    },
                })
                .collect(),
        }),
    })
}

/// An idea's stage and technologies by name ("Mining · Sensors, Drones").
fn idea_about(s: &State, technologies: &[Named], stage: &str, tagged: &[String]) -> String {
    let name = |list: &[Named], id: &str| {
        list.iter()
            .find(|n| n.id == id)
            .map_or_else(|| id.to_owned(), |n| n.name.clone())
    };
    std::iter::once(name(&s.stages, stage))
        .chain(std::iter::once(
            tagged
                .iter()
                .map(|t| name(technologies, t))
                .collect::<Vec<_>>()
                .join(", "),
        ))
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

fn dimension_view(tr: Tr, s: &State, d: &Dimension) -> DimensionView {
    let cells: Vec<CellView> = s
        .stages
        .iter()
        .map(|stage| cell_view(tr, s, d, stage))
        .collect();
    DimensionView {
        id: d.id.clone(),
        name: d.name.clone(),
        question: d.question.clone(),
        anchors: format!("{} = {} · {} = {}", d.min, d.low, d.max, d.high),
        rated: cells.iter().filter(|c| c.answered).count(),
        cells,
    }
}

/// One stage's cell of dimension `d`: the scale's buttons, "don't know",
/// the comment, and the earlier round's and the group's values when shown.
fn cell_view(tr: Tr, s: &State, d: &Dimension, stage: &Named) -> CellView {
    let own = s
        .ratings
        .iter()
        .find(|r| r.stage == stage.id && r.dimension == d.id);
    let mut choices: Vec<Choice> = (d.min..=d.max)
        .map(|v| Choice {
            value: v.to_string(),
            label: v.to_string(),
            anchor: if v == d.min {
                d.low.clone()
            } else if v == d.max {
                d.high.clone()
            } else {
                String::new()
            },
            pressed: own.is_some_and(|r| r.value == Some(v)),
        })
        .collect();
    choices.push(Choice {
        value: "dk".to_owned(),
        label: tr.text("dont-know"),
        anchor: String::new(),
        pressed: own.is_some_and(|r| r.value.is_none()),
    });
    CellView {
        cell: format!("{}__{}", stage.id, d.id),
        stage: stage.id.clone(),
        stage_name: stage.name.clone(),
        choices,
        answered: own.is_some(),
        comment: own.and_then(|r| r.comment.clone()).unwrap_or_default(),
        notes: notes(tr, s, d, stage),
    }
}

/// What a cell says besides its choices: the outlier question (Delphi: an
/// answer far from the group's middle range asks why, in the comment), the
/// earlier round, and the group now, each only as the engine lets this
/// participant see it.
fn notes(tr: Tr, s: &State, d: &Dimension, stage: &Named) -> Vec<String> {
    let mut notes = Vec::new();
    let here = |st: &str, dim: &str| st == stage.id && dim == d.id;
    let own = s.ratings.iter().find(|r| here(&r.stage, &r.dimension));
    if let Some([q1, q3]) = own.and_then(|r| r.outside) {
        notes.push(tr.args(
            "page-outlier-question",
            &[
                ("q1", fmt(tr, Some(q1)).into()),
                ("q3", fmt(tr, Some(q3)).into()),
            ],
        ));
    }
    let previous = s.previous.iter().find(|r| here(&r.stage, &r.dimension));
    let previous_group = s
        .previous_group
        .iter()
        .find(|g| here(&g.stage, &g.dimension));
    if previous.is_some() || previous_group.is_some() {
        let you = previous.map_or_else(
            || "–".to_owned(),
            |r| {
                r.value
                    .map_or_else(|| tr.text("dont-know"), |v| v.to_string())
            },
        );
        notes.push(tr.args(
            "page-last-round",
            &[
                ("you", you.into()),
                (
                    "median",
                    fmt(tr, previous_group.and_then(|g| g.median)).into(),
                ),
                ("iqr", fmt(tr, previous_group.and_then(|g| g.iqr)).into()),
            ],
        ));
    }
    if let Some(g) = s
        .group
        .iter()
        .find(|g| here(&g.stage, &g.dimension) && g.n > 0)
    {
        // Below the privacy floor (too few answers, or not answered by
        // this participant yet) the engine gives the count alone.
        notes.push(if g.median.is_none() {
            tr.args("page-group-count", &[("n", g.n.into())])
        } else {
            tr.args(
                if g.consensus {
                    "page-group-now-consensus"
                } else {
                    "page-group-now"
                },
                &[
                    ("median", fmt(tr, g.median).into()),
                    ("iqr", fmt(tr, g.iqr).into()),
                    ("n", g.n.into()),
                ],
            )
        });
    }
    notes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_everywhere() {
        let page = join_page(Tr::english(), "<script>\"x'", Some("a & b"), "\"t");
        assert!(page.contains("&#60;script&#62;&#34;x&#39;"));
        assert!(page.contains("a &#38; b"));
        assert!(!page.contains("<script>\"x'"));
        assert!(page.contains("<input type=hidden name=form value=\"&#34;t\">"));
    }

    fn named(id: &str) -> Named {
        Named {
            id: id.to_owned(),
            name: id.to_uppercase(),
        }
    }

    fn dimension(id: &str) -> Dimension {
        Dimension {
            id: id.to_owned(),
            name: format!("Dim {id}"),
            question: String::new(),
            min: 1,
            max: 5,
            low: "low".to_owned(),
            high: "high".to_owned(),
        }
    }

    fn own(stage: &str, dimension: &str) -> super::super::state::Own {
        super::super::state::Own {
            stage: stage.to_owned(),
            dimension: dimension.to_owned(),
            value: Some(3),
            comment: None,
            outside: None,
        }
    }

    fn state(dimensions: &[&str], rated: &[(&str, &str)]) -> State {
        State {
            participant: "p01".to_owned(),
            alias: "Ann".to_owned(),
            title: "T".to_owned(),
            language: "en".to_owned(),
            exercise: None,
            round: 1,
            blind: false,
            revealed: false,
            stages: vec![named("mining"), named("use")],
            dimensions: dimensions.iter().map(|d| dimension(d)).collect(),
            ratings: rated.iter().map(|(s, d)| own(s, d)).collect(),
            previous: Vec::new(),
            group: Vec::new(),
            previous_group: Vec::new(),
            ideas: None,
        }
    }

    #[test]
    fn a_questionnaire_of_several_dimensions_has_contents_and_folds_what_is_complete() {
        let s = state(&["a", "b"], &[("mining", "a"), ("use", "a"), ("use", "b")]);
        let page = rating_page(Tr::english(), &s, "t");
        assert!(page.contains("<nav class=contents"), "{page}");
        assert!(
            page.contains(
                "<a href=\"#d-a\">Dim a</a> <span class=progress data-for=\"d-a\">2/2</span>"
            ),
            "{page}"
        );
        assert!(
            page.contains(
                "<a href=\"#d-b\">Dim b</a> <span class=progress data-for=\"d-b\">1/2</span>"
            ),
            "{page}"
        );
        // Complete: folded; still open: open.
        assert!(
            page.contains("<section class=dim id=\"d-a\"><details><summary>"),
            "{page}"
        );
        assert!(
            page.contains("<section class=dim id=\"d-b\"><details open><summary>"),
            "{page}"
        );
        assert_eq!(page.matches("<form class=rate").count(), 4);
    }

    #[test]
    fn one_dimension_is_a_plain_list() {
        let page = rating_page(Tr::english(), &state(&["a"], &[("mining", "a")]), "t");
        assert!(!page.contains("<nav class=contents"), "{page}");
        assert!(!page.contains("<details"), "{page}");
        assert!(!page.contains("class=progress"), "{page}");
        assert!(page.contains("<h2>Dim a</h2>"), "{page}");
        assert_eq!(page.matches("<form class=rate").count(), 2);
        assert_eq!(
            page.matches("<input type=hidden name=form value=\"t\">")
                .count(),
            2,
            "every form carries the form token"
        );
    }
}
