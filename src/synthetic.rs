//! Deterministic synthetic sessions: the shipped example and the large
//! sessions that benchmarks and scale tests use. No real person's data.

use chrono::{DateTime, Duration, TimeZone, Utc};

use crate::domain::{
    Change, ExerciseRun, Flow, FlowKind, Idea, Note, Participant, Score, Session, Strength,
    default_template,
};

/// Medians the example is drawn around, per stage in template order, for
/// `circularity_impact`, `carbon_footprint`, `maturity`,
/// `digitalization_difficulty`, `circularity_difficulty`: the paper's
/// qualitative findings (see `shared/reference/domain-notes.md`).
const PROFILE: [(&str, [f64; 5]); 9] = [
    ("exploration", [1.6, 2.4, 1.7, 3.0, 3.0]),
    ("mining", [1.7, 4.5, 1.9, 3.7, 3.8]),
    ("processing", [2.0, 4.3, 2.7, 3.0, 3.2]),
    ("design", [4.6, 1.7, 4.3, 1.6, 2.0]),
    ("production", [4.3, 4.7, 3.9, 1.8, 2.6]),
    ("use", [1.9, 1.7, 4.1, 3.0, 2.6]),
    ("reuse", [3.8, 1.6, 2.7, 4.0, 3.6]),
    ("collection", [4.6, 1.6, 1.7, 4.4, 4.0]),
    ("recycling", [4.6, 3.0, 1.8, 4.5, 3.8]),
];

/// `(from, to, kind, strength, materials, note)` of one example flow.
type FlowSpec = (
    &'static str,
    &'static str,
    FlowKind,
    Strength,
    &'static [&'static str],
    &'static str,
);

/// The start time of every synthetic session, fixed so the output is reproducible.
#[must_use]
pub fn epoch() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 12, 9, 0, 0)
        .single()
        .unwrap_or_default()
}

/// `SplitMix64`: a tiny, well-known generator; enough for synthetic data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const ROLES: [&str; 4] = ["industry", "academia", "industry", "research institute"];
const ORGANISATIONS: [&str; 6] = [
    "Cell manufacturer",
    "Vehicle maker",
    "Recycler",
    "University",
    "Mining company",
    "Research institute",
];

/// A session of `participants` synthetic experts who rated every stage on
/// every dimension in round 1, drawn around [`PROFILE`]. Same seed, same session.
#[must_use]
pub fn synthetic_session(title: &str, participants: usize, seed: u64) -> Session {
    let start = epoch();
    let mut session = Session::new(title, "Synthetic facilitator", default_template(), start);
    let mut rng = Rng(seed);
    for n in 1..=participants {
        let p = Participant {
            id: format!("p{n:02}"),
            alias: format!("Expert {n:02}"),
            role: ROLES[n % ROLES.len()].to_owned(),
            organisation: ORGANISATIONS[n % ORGANISATIONS.len()].to_owned(),
            joined: false,
        };
        session.participants.push(p);
    }
    let dims: Vec<String> = session
        .template
        .dimensions
        .iter()
        .map(|d| d.id.clone())
        .collect();
    let ids: Vec<String> = session.participants.iter().map(|p| p.id.clone()).collect();
    for (pi, pid) in ids.iter().enumerate() {
        for (stage, targets) in PROFILE {
            for (dim, target) in dims.iter().zip(targets) {
                let score = if rng.unit() < 0.03 {
                    Score::DontKnow
                } else {
                    // Mostly on the rounded target, sometimes one step off.
                    let r = rng.unit();
                    let shift = if r < 0.17 {
                        -1.0
                    } else if r > 0.83 {
                        1.0
                    } else {
                        0.0
                    };
                    #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                    let v = (target + shift + (rng.unit() - 0.5) * 0.6)
                        .round()
                        .clamp(1.0, 5.0) as u8;
                    Score::Value(v)
                };
                #[expect(clippy::cast_possible_wrap)]
                let at =
                    start + Duration::seconds(3600 + (pi as i64) * 7 + (rng.next() % 1800) as i64);
                let change = Change::SetRating {
                    participant: pid.clone(),
                    round: 1,
                    stage: stage.to_owned(),
                    dimension: dim.clone(),
                    score,
                    comment: None,
                    at,
                    entered_by: crate::domain::EnteredBy::Facilitator,
                };
                // The profile only names template stages and dimensions.
                let _ = session.apply(&change);
            }
        }
    }
    session.updated = start + Duration::hours(3);
    session
}

/// The shipped example: 17 synthetic experts, as in the paper's workshops,
/// with ideas, flows, notes and the exercise timings of a three-hour session.
#[must_use]
#[expect(clippy::too_many_lines, reason = "the example's data, written out")]
pub fn example_session() -> Session {
    let mut s = synthetic_session(
        "LIB circular value chain workshop (synthetic example)",
        17,
        2024,
    );
    s.example = true;
    let start = epoch();
    let mut at = start;
    for e in s.template.exercises.clone() {
        let stop = at + Duration::minutes(i64::from(e.timebox_minutes));
        s.exercise_log.push(ExerciseRun {
            exercise: e.id.clone(),
            started: at,
            stopped: Some(stop),
        });
        at = stop;
    }
    let ideas: [(&str, &[&str], &str, u32, usize); 10] = [
        (
            "design",
            &["digital_twin", "ai_ml"],
            "Simulate disassembly in the design twin before release",
            1,
            6,
        ),
        (
            "design",
            &["battery_passport"],
            "Publish dismantling information in the passport from day one",
            3,
            4,
        ),
        (
            "production",
            &["iot", "big_data"],
            "Inline quality data to cut scrap in electrode coating",
            2,
            5,
        ),
        (
            "production",
            &["battery_passport"],
            "Create passport carbon-footprint data at the cell line",
            4,
            4,
        ),
        (
            "use",
            &["iot", "cloud", "ai_ml"],
            "Telematics state-of-health estimates shared with second-life buyers",
            5,
            3,
        ),
        (
            "reuse",
            &["battery_passport", "ai_ml"],
            "AI grading of packs for second life from passport history",
            6,
            5,
        ),
        (
            "collection",
            &["battery_passport", "iot"],
            "QR code and unique identifier to track every pack in reverse logistics",
            7,
            6,
        ),
        (
            "recycling",
            &["ai_ml"],
            "Vision-based sorting of cells by chemistry",
            8,
            4,
        ),
        (
            "mining",
            &["blockchain"],
            "Provenance records for cobalt from mine to cathode",
            9,
            2,
        ),
        (
            "processing",
            &["digital_twin"],
            "Process twin of hydrometallurgical refining",
            10,
            2,
        ),
    ];
    let ids: Vec<String> = s.participants.iter().map(|p| p.id.clone()).collect();
    let mut voter = 0usize;
    for (i, (stage, techs, text, author, votes)) in ideas.into_iter().enumerate() {
        let mut idea = Idea {
            id: u32::try_from(i + 1).unwrap_or(u32::MAX),
            stage: stage.to_owned(),
            technologies: techs.iter().map(|t| (*t).to_owned()).collect(),
            text: text.to_owned(),
            author: ids.get(author as usize - 1).cloned(),
            votes: Vec::new(),
        };
        for _ in 0..votes {
            idea.votes.push(ids[voter % ids.len()].clone());
            voter += 1;
        }
        s.ideas.push(idea);
    }
    let flows: [FlowSpec; 12] = [
        (
            "exploration",
            "mining",
            FlowKind::Forward,
            Strength::High,
            &["Li", "Co", "Ni"],
            "",
        ),
        (
            "mining",
            "processing",
            FlowKind::Forward,
            Strength::High,
            &["Li", "Co", "Ni", "Mn", "graphite"],
            "",
        ),
        (
            "import",
            "processing",
            FlowKind::Forward,
            Strength::High,
            &["Li", "Co", "graphite"],
            "Most refined material is imported today",
        ),
        (
            "processing",
            "production",
            FlowKind::Forward,
            Strength::High,
            &["Li", "Co", "Ni", "Mn", "graphite"],
            "",
        ),
        (
            "production",
            "use",
            FlowKind::Forward,
            Strength::High,
            &[],
            "",
        ),
        (
            "use",
            "collection",
            FlowKind::Forward,
            Strength::Medium,
            &[],
            "Few EV packs reach end of life yet",
        ),
        (
            "collection",
            "recycling",
            FlowKind::Forward,
            Strength::Medium,
            &[],
            "",
        ),
        (
            "use",
            "reuse",
            FlowKind::Repurpose,
            Strength::Low,
            &[],
            "Second life in stationary storage",
        ),
        ("reuse", "use", FlowKind::Reuse, Strength::Low, &[], ""),
        (
            "recycling",
            "processing",
            FlowKind::Recycle,
            Strength::Medium,
            &["Co", "Ni", "Cu"],
            "Black mass to refiners",
        ),
        (
            "collection",
            "export",
            FlowKind::Loss,
            Strength::Medium,
            &["Li", "Co"],
            "Used vehicles exported with their packs",
        ),
        (
            "recycling",
            "landfill",
            FlowKind::Loss,
            Strength::Low,
            &["graphite", "Li"],
            "Lithium and graphite often lost in pyrometallurgy",
        ),
    ];
    for (i, (from, to, kind, strength, materials, note)) in flows.into_iter().enumerate() {
        s.flows.push(Flow {
            id: u32::try_from(i + 1).unwrap_or(u32::MAX),
            from: from.to_owned(),
            to: to.to_owned(),
            kind,
            strength,
            materials: materials.iter().map(|m| (*m).to_owned()).collect(),
            note: note.to_owned(),
        });
    }
    let notes = [
        (
            "material-flow",
            40,
            "Group agrees the reuse loop is weak today; no standard for grading packs.",
        ),
        (
            "maturity",
            80,
            "Experts from recycling rate their own stage low on maturity: processes still change fast.",
        ),
        (
            "digitalization",
            120,
            "The battery passport keeps coming up for reuse, collection and recycling.",
        ),
        (
            "model-review",
            170,
            "Design and production: high impact, low difficulty. Collection and recycling: high impact, hard to digitalize.",
        ),
    ];
    for (i, (exercise, minute, text)) in notes.into_iter().enumerate() {
        s.notes.push(Note {
            id: u32::try_from(i + 1).unwrap_or(u32::MAX),
            at: start + Duration::minutes(minute),
            exercise: Some(exercise.to_owned()),
            text: text.to_owned(),
        });
    }
    s
}
