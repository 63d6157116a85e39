//! What each table of the package holds: its columns with their types,
//! allowed values and meaning. One description serves the Table Schemas in
//! `datapackage.json` and the codebook, so the two cannot disagree.

use crate::domain::Template;

/// A column's Table Schema type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    String,
    Integer,
    Number,
    Boolean,
    Datetime,
}

impl Kind {
    /// The Table Schema name of the type.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::String => "string",
            Self::Integer => "integer",
            Self::Number => "number",
            Self::Boolean => "boolean",
            Self::Datetime => "datetime",
        }
    }
}

/// One column.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: &'static str,
    pub kind: Kind,
    pub description: String,
    /// The only values allowed, when the column has a closed set.
    pub allowed: Option<Vec<String>>,
    /// Never empty.
    pub required: bool,
}

/// A foreign key: `fields` of this table name a row of `resource`.
#[derive(Debug, Clone, PartialEq)]
pub struct ForeignKey {
    pub fields: Vec<&'static str>,
    pub resource: &'static str,
    pub reference: Vec<&'static str>,
}

/// One table of the package.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    /// The resource name, also the file's stem (`ratings` for `ratings.csv`).
    pub name: &'static str,
    pub title: &'static str,
    pub description: String,
    pub fields: Vec<Field>,
    pub primary_key: Vec<&'static str>,
    pub foreign_keys: Vec<ForeignKey>,
}

impl Table {
    /// The file the table is written to.
    #[must_use]
    pub fn file(&self) -> String {
        format!("{}.csv", self.name)
    }
}

fn field(name: &'static str, kind: Kind, description: impl Into<String>) -> Field {
    Field {
        name,
        kind,
        description: description.into(),
        allowed: None,
        required: false,
    }
}

fn required(name: &'static str, kind: Kind, description: impl Into<String>) -> Field {
    Field {
        required: true,
        ..field(name, kind, description)
    }
}

fn one_of(mut f: Field, values: Vec<String>) -> Field {
    f.allowed = Some(values);
    f
}

fn key(fields: &[&'static str], resource: &'static str, reference: &[&'static str]) -> ForeignKey {
    ForeignKey {
        fields: fields.to_vec(),
        resource,
        reference: reference.to_vec(),
    }
}

/// What the package's tables are described with.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub template: &'a Template,
    /// `names.csv`-style columns (alias, organisation) are present.
    pub names: bool,
    /// `notes.csv` is present.
    pub notes: bool,
}

/// The anchors of every dimension's scale, for the `value` column.
fn scales(template: &Template) -> String {
    template
        .dimensions
        .iter()
        .map(|d| {
            format!(
                "{}: {} ({}) to {} ({})",
                d.id, d.scale.min, d.anchors.low, d.scale.max, d.anchors.high
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn stage_field(c: Context<'_>) -> Field {
    let stages = c.template.stages.iter().map(|s| s.id.clone()).collect();
    one_of(
        required(
            "stage",
            Kind::String,
            "Stage of the value chain (template id).",
        ),
        stages,
    )
}

fn dimension_field(c: Context<'_>) -> Field {
    let dims = c.template.dimensions.iter().map(|d| d.id.clone()).collect();
    one_of(
        required("dimension", Kind::String, "Rated dimension (template id)."),
        dims,
    )
}

fn session_field() -> Field {
    required(
        "session",
        Kind::String,
        "The session's letter: A, or in a pool A, B, ... in the order the sessions were given.",
    )
}

fn participant_field(what: &str) -> Field {
    required(
        "participant",
        Kind::String,
        format!(
            "{what}: a pseudonym, the participant's id in the session (p01; in a pool prefixed with the session's letter, A-p01)."
        ),
    )
}

/// Every table of the package, in the order `datapackage.json` lists them.
#[must_use]
pub fn tables(c: Context<'_>) -> Vec<Table> {
    let mut out = vec![
        ratings(c),
        summary(c),
        participants(c),
        rounds(),
        changes(c),
        concordance(c),
        ideas(c),
        votes(),
        flows(),
        exercises(),
        bands(c),
        consensus_rule(),
    ];
    if c.notes {
        out.push(notes());
    }
    out
}

fn ratings(c: Context<'_>) -> Table {
    Table {
        name: "ratings",
        title: "Ratings",
        description: "One row per rating (the tidy data): every round that may be shown, with pseudonyms. An empty value is the participant's explicit \"don't know\".".to_owned(),
        fields: vec![
            session_field(),
            required("round", Kind::Integer, "Delphi round, from 1."),
            participant_field("Who rated"),
            field("role", Kind::String, "The participant's role as entered by the facilitator (empty: not given)."),
            stage_field(c),
            dimension_field(c),
            field("value", Kind::Integer, format!("The rating on the dimension's scale, empty for \"don't know\". Scales: {}.", scales(c.template))),
            field("comment", Kind::String, "The participant's comment on the rating, if any (free text)."),
            required("recorded_at", Kind::Datetime, "When the rating was recorded, UTC."),
            one_of(
                required("entered_by", Kind::String, "Who entered the rating: the facilitator, the participant's own device, an import, or unknown."),
                ["facilitator", "device", "import", "unknown"].map(str::to_owned).to_vec(),
            ),
        ],
        primary_key: vec!["session", "round", "participant", "stage", "dimension"],
        foreign_keys: vec![key(&["participant"], "participants", &["participant"])],
    }
}

fn summary(c: Context<'_>) -> Table {
    let stat = |name, what: &str| {
        field(
            name,
            Kind::Number,
            format!(
                "{what} of the numeric ratings (\"don't know\" left out); empty without ratings."
            ),
        )
    };
    Table {
        name: "summary",
        title: "Summary per cell",
        description: "One row per stage and dimension in the rounds the figures read (per session and dimension the latest round that rated it, or exactly the round asked for), numbers at full precision; with --by role, then the same per role.".to_owned(),
        fields: vec![
            stage_field(c),
            dimension_field(c),
            field("round", Kind::Integer, "The round the row reads; empty when a pool reads different rounds of its sessions (see rounds)."),
            required("n", Kind::Integer, "Numeric ratings."),
            required("dont_know", Kind::Integer, "\"Don't know\" answers."),
            stat("median", "Median (R's quantile type 7)"),
            stat("mean", "Mean"),
            stat("sd", "Sample standard deviation (n - 1; empty for n < 2)"),
            stat("q1", "First quartile (R's quantile type 7)"),
            stat("q3", "Third quartile (R's quantile type 7)"),
            stat("iqr", "Interquartile range q3 - q1"),
            field("level", Kind::String, "The band (bands.csv) that holds the median."),
            field("agreement", Kind::Number, "Share (0 to 1) of the numeric ratings in the band that holds most of them."),
            required("consensus", Kind::Boolean, "Whether the cell meets the consensus rule (consensus_rule.csv): n >= min_n, iqr <= max_iqr and agreement >= min_agreement."),
            required("group", Kind::String, "all, or the role the row is about (--by role)."),
            field("rounds", Kind::String, "What the row pools: the round, or in a pool each session's round (Workshop A r2 + Workshop B r1)."),
        ],
        primary_key: vec!["stage", "dimension", "group"],
        foreign_keys: Vec::new(),
    }
}

fn participants(c: Context<'_>) -> Table {
    let mut fields = vec![
        participant_field("The participant"),
        session_field(),
        field(
            "role",
            Kind::String,
            "The role as entered by the facilitator (empty: not given).",
        ),
    ];
    if c.names {
        fields.push(field(
            "alias",
            Kind::String,
            "The name the participant was known by (written with --names only).",
        ));
        fields.push(field(
            "organisation",
            Kind::String,
            "The participant's organisation (written with --names only).",
        ));
    }
    Table {
        name: "participants",
        title: "Participants",
        description: "The panel: one row per participant, by pseudonym. loopshop records an organisation's name, not its type: it is left out, since with the role it may identify a person.".to_owned(),
        fields,
        primary_key: vec!["participant"],
        foreign_keys: Vec::new(),
    }
}

fn rounds() -> Table {
    Table {
        name: "rounds",
        title: "Rounds",
        description: "One row per round of each session: when it started, whether it was blind, and who answered.".to_owned(),
        fields: vec![
            session_field(),
            required("round", Kind::Integer, "Delphi round, from 1."),
            required("started", Kind::Datetime, "When the round started, UTC."),
            required("blind", Kind::Boolean, "Whether the group's results were hidden until revealed."),
            required("revealed", Kind::Boolean, "Whether a blind round's results were revealed."),
            required("included", Kind::Boolean, "Whether the round's ratings are in ratings.csv (false: a blind round never revealed, or not the round asked for)."),
            required("panel", Kind::Integer, "Participants asked to rate: the panel less those marked absent for the round."),
            required("answered", Kind::Integer, "Participants with at least one rating in the round."),
            field("response_rate", Kind::Number, "answered / panel (0 to 1); empty for an empty panel."),
            field("answered_by", Kind::String, "Pseudonyms of those who answered, separated by spaces."),
        ],
        primary_key: vec!["session", "round"],
        foreign_keys: Vec::new(),
    }
}

fn changes(c: Context<'_>) -> Table {
    let stat = |name, what: &str| field(name, Kind::Number, what.to_owned());
    Table {
        name: "changes",
        title: "Changes between rounds",
        description: "Per session, each pair of consecutive rounds that may be shown, cell by cell, over the participants who gave the cell a numeric rating in both rounds (so medians may differ from summary.csv's).".to_owned(),
        fields: vec![
            session_field(),
            required("from_round", Kind::Integer, "The earlier round."),
            required("to_round", Kind::Integer, "The later round."),
            required("paired", Kind::Integer, "Participants with a numeric rating of at least one cell in both rounds."),
            stage_field(c),
            dimension_field(c),
            required("n", Kind::Integer, "Participants who gave this cell a numeric rating in both rounds."),
            stat("from_median", "Median in the earlier round, over those n."),
            stat("to_median", "Median in the later round, over those n."),
            stat("shift", "to_median - from_median."),
            stat("from_iqr", "Interquartile range in the earlier round."),
            stat("to_iqr", "Interquartile range in the later round."),
            required("from_consensus", Kind::Boolean, "Consensus in the earlier round (over those n)."),
            required("to_consensus", Kind::Boolean, "Consensus in the later round (over those n)."),
        ],
        primary_key: vec!["session", "from_round", "stage", "dimension"],
        foreign_keys: Vec::new(),
    }
}

fn concordance(c: Context<'_>) -> Table {
    Table {
        name: "concordance",
        title: "Kendall's W",
        description: "Kendall's coefficient of concordance W (ties corrected) per dimension in the rounds the figures read, over the participants who gave a numeric rating to every stage, with its chi-square test: chi2 = m (n - 1) W on n - 1 degrees of freedom.".to_owned(),
        fields: vec![
            dimension_field(c),
            field("round", Kind::Integer, "The round read (empty for a pool reading different rounds)."),
            required("m", Kind::Integer, "Participants who rated every stage (the raters)."),
            required("n", Kind::Integer, "Stages ranked."),
            field("w", Kind::Number, "Kendall's W, 0 (no agreement) to 1 (the same ranking); empty for m < 2."),
            field("chi2", Kind::Number, "m (n - 1) W."),
            field("df", Kind::Integer, "Degrees of freedom, n - 1."),
            field("p", Kind::Number, "P(chi-square with df degrees of freedom > chi2)."),
        ],
        primary_key: vec!["dimension"],
        foreign_keys: Vec::new(),
    }
}

fn ideas(c: Context<'_>) -> Table {
    Table {
        name: "ideas",
        title: "Ideas",
        description: "The ideas collected per stage, with the dots they received.".to_owned(),
        fields: vec![
            session_field(),
            required("idea", Kind::Integer, "The idea's number in its session."),
            stage_field(c),
            field(
                "technologies",
                Kind::String,
                "Digital technologies named (template ids, separated by spaces).",
            ),
            field("text", Kind::String, "The idea (free text)."),
            field(
                "author",
                Kind::String,
                "Pseudonym of the author, when known.",
            ),
            required("dots", Kind::Integer, "Dots (votes) placed on the idea."),
        ],
        primary_key: vec!["session", "idea"],
        foreign_keys: Vec::new(),
    }
}

fn votes() -> Table {
    Table {
        name: "votes",
        title: "Dots",
        description: "One row per dot placed on an idea.".to_owned(),
        fields: vec![
            session_field(),
            required("idea", Kind::Integer, "The idea (ideas.csv)."),
            participant_field("Who placed the dot"),
        ],
        primary_key: Vec::new(),
        foreign_keys: vec![key(&["session", "idea"], "ideas", &["session", "idea"])],
    }
}

fn flows() -> Table {
    Table {
        name: "flows",
        title: "Material flows",
        description: "The material-flow map: one row per flow between stages or flow nodes."
            .to_owned(),
        fields: vec![
            session_field(),
            required("flow", Kind::Integer, "The flow's number in its session."),
            required(
                "from",
                Kind::String,
                "Where the flow starts (stage or node id).",
            ),
            required("to", Kind::String, "Where it ends."),
            one_of(
                required(
                    "kind",
                    Kind::String,
                    "Forward chain, a circular loop or a loss.",
                ),
                crate::domain::FlowKind::ALL
                    .map(|k| k.label().to_owned())
                    .to_vec(),
            ),
            one_of(
                required(
                    "strength",
                    Kind::String,
                    "How strong the flow is today, as the room judged it.",
                ),
                crate::domain::Strength::ALL
                    .map(|k| k.label().to_owned())
                    .to_vec(),
            ),
            field(
                "materials",
                Kind::String,
                "Materials carried, separated by spaces.",
            ),
            field("note", Kind::String, "The facilitator's note on the flow."),
        ],
        primary_key: vec!["session", "flow"],
        foreign_keys: Vec::new(),
    }
}

fn exercises() -> Table {
    Table {
        name: "exercises",
        title: "Exercises",
        description: "The exercises as run, in order, with their times.".to_owned(),
        fields: vec![
            session_field(),
            required("position", Kind::Integer, "Order in the session, from 1."),
            required("exercise", Kind::String, "The exercise (template id)."),
            required("started", Kind::Datetime, "Started, UTC."),
            field(
                "stopped",
                Kind::Datetime,
                "Stopped, UTC (empty: never stopped).",
            ),
            field("minutes", Kind::Integer, "Minutes it ran, rounded."),
        ],
        primary_key: vec!["session", "position"],
        foreign_keys: Vec::new(),
    }
}

fn bands(c: Context<'_>) -> Table {
    Table {
        name: "bands",
        title: "Scales and level bands",
        description: "Each dimension's scale and the bands a median is read in: [from, to), the last band closed at the top.".to_owned(),
        fields: vec![
            dimension_field(c),
            required("scale_min", Kind::Integer, "The scale's lowest value."),
            required("scale_max", Kind::Integer, "The scale's highest value."),
            required("anchor_low", Kind::String, "The words for the low end."),
            required("anchor_high", Kind::String, "The words for the high end."),
            required("band", Kind::String, "The band's id (the level in summary.csv)."),
            required("name", Kind::String, "The band's name."),
            required("from", Kind::Number, "Lower bound (included)."),
            required("to", Kind::Number, "Upper bound (excluded, but for the last band)."),
        ],
        primary_key: vec!["dimension", "band"],
        foreign_keys: Vec::new(),
    }
}

fn consensus_rule() -> Table {
    Table {
        name: "consensus_rule",
        title: "Consensus rule",
        description: "The consensus definition decided before the workshop (one row).".to_owned(),
        fields: vec![
            required(
                "max_iqr",
                Kind::Number,
                "Largest interquartile range that counts as consensus.",
            ),
            required(
                "min_agreement",
                Kind::Number,
                "Smallest share (0 to 1) of ratings in one band.",
            ),
            required("min_n", Kind::Integer, "Fewest numeric ratings."),
            required(
                "outlier_margin",
                Kind::Number,
                "How far outside the previous round's Q1-Q3 an answer must lie for a justification to be asked, in scale points.",
            ),
        ],
        primary_key: Vec::new(),
        foreign_keys: Vec::new(),
    }
}

fn notes() -> Table {
    Table {
        name: "notes",
        title: "Facilitator's notes",
        description: "The facilitator's notes (written with --notes only: notes may name people)."
            .to_owned(),
        fields: vec![
            session_field(),
            required("note", Kind::Integer, "The note's number in its session."),
            required("at", Kind::Datetime, "When it was taken, UTC."),
            field("exercise", Kind::String, "The exercise running then."),
            field("text", Kind::String, "The note."),
        ],
        primary_key: vec!["session", "note"],
        foreign_keys: Vec::new(),
    }
}
