use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::domain::RosterMode;
use crate::export::{Figure, Format};

/// Run expert workshops on circular value chains from the terminal.
///
/// With no command, opens the home screen of the sessions folder.
#[derive(Debug, Parser)]
#[command(name = "loopshop", version, about)]
pub struct Cli {
    /// The sessions folder.
    #[arg(long, global = true, env = "LOOPSHOP_DIR", default_value = "sessions")]
    pub dir: PathBuf,
    /// The largest input file (session, journal, template, CSV) read, in MiB.
    #[arg(
        long,
        global = true,
        env = "LOOPSHOP_MAX_INPUT_MB",
        value_name = "N",
        default_value_t = crate::store::DEFAULT_MAX_INPUT_MB,
        value_parser = clap::value_parser!(u64).range(1..=1_048_576)
    )]
    pub max_input_mb: u64,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a session and print its path.
    New(NewArgs),
    /// Copy a session (the shipped example, say) under a new title and file
    /// name, to facilitate anew; print its path.
    Copy(CopyArgs),
    /// List the sessions in the sessions folder.
    List(ListArgs),
    /// Print a plain-text summary of one or more sessions (pooled).
    Show(ShowArgs),
    /// Import ratings from a CSV file into a session (all or nothing).
    Import(ImportArgs),
    /// Export one or more sessions (pooled) in a file format.
    Export(ExportArgs),
    /// List or show the built-in templates, or check a custom one.
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Facilitate a session in the terminal.
    Run(RunArgs),
    /// Review a session read-only (takes no lock).
    Review(SessionArg),
    /// Compare two sessions (or two rounds' worth of sessions) cell by cell.
    Compare(CompareArgs),
    /// Let participants rate from their own phones, without the terminal screen.
    Serve(ServeArgs),
    /// Delphi rounds: start the next one.
    #[command(subcommand)]
    Round(RoundCommand),
}

#[derive(Debug, Subcommand)]
pub enum RoundCommand {
    /// Start the session's next round and print its number.
    New {
        /// The session (path or slug).
        session: String,
        /// A blind round: the group stays hidden until the facilitator reveals it.
        #[arg(long)]
        blind: bool,
    },
}

/// Which dimensions accept ratings from devices.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum OpenArg {
    /// The dimensions of the exercise stored as current in the session.
    #[default]
    Current,
    /// Every dimension (an asynchronous questionnaire).
    All,
}

/// `--roster` takes [`RosterMode`]'s own names.
impl ValueEnum for RosterMode {
    fn value_variants<'a>() -> &'a [Self] {
        &RosterMode::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let help = match self {
            RosterMode::Open => "any name joins; a listed name joins as that person",
            RosterMode::Listed => {
                "listed names join on their first device; new names and second devices \
                 wait for the facilitator (serve, without one, refuses them)"
            }
            RosterMode::Cards => "only personal join cards join",
            RosterMode::Closed => "nobody new joins; joined devices keep working",
        };
        Some(clap::builder::PossibleValue::new(self.name()).help(help))
    }
}

/// Who may join from phones, and how many: `run` and `serve` alike.
#[derive(Debug, Args)]
pub struct RosterArgs {
    /// Who may join (kept in the session). Default: `listed` when the
    /// session lists participants, `open` otherwise.
    #[arg(long, value_enum)]
    pub roster: Option<RosterMode>,
    /// The most participants joins may bring the session to. Default: the
    /// listed participants and 20 more, or 200 without a list.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_participants: Option<u32>,
}

impl RosterArgs {
    /// Applies both to `engine` (the mode is kept in the session).
    ///
    /// # Errors
    /// A read-only session.
    pub fn apply(
        &self,
        engine: &mut crate::engine::Engine,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), crate::engine::Refusal> {
        engine.set_max_participants(self.max_participants.map(|n| n as usize));
        match self.roster {
            Some(mode) => engine.set_roster(Some(mode), now),
            None => Ok(()),
        }
    }
}

#[derive(Debug, Args)]
pub struct RunArgs {
    /// The session file or slug.
    pub session: String,
    /// Where participants' devices connect once `S` is pressed: loopback
    /// by default (127.0.0.1); 0.0.0.0 for a room. After an unexpected stop
    /// the server starts again where it was, unless this or --port is given.
    #[arg(long)]
    pub bind: Option<std::net::IpAddr>,
    /// The port for participants' devices (default 8787; 0 picks a free one).
    #[arg(long)]
    pub port: Option<u16>,
    #[command(flatten)]
    pub roster: RosterArgs,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The session file or slug.
    pub session: String,
    /// The address to listen on: loopback by default; 0.0.0.0 for a room.
    #[arg(long, default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The port (fixed by default so printed join cards stay valid; 0 picks a free one).
    #[arg(long, default_value_t = crate::server::DEFAULT_PORT)]
    pub port: u16,
    #[arg(long, value_enum, default_value_t)]
    pub open: OpenArg,
    #[command(flatten)]
    pub roster: RosterArgs,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The session title.
    pub title: String,
    /// A template file (RON) or a built-in template's name (`loopshop
    /// template list`); an existing file wins. Without it, the default
    /// template in the session's language.
    #[arg(long, value_name = "NAME|FILE")]
    pub template: Option<String>,
    /// The room's language (en, sv): what the participant page, the board,
    /// the join cards and the reports speak. Without it, the built-in
    /// template's language, or English.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Participants as CSV with the header alias,role,organisation.
    #[arg(long)]
    pub participants: Option<PathBuf>,
    /// The facilitator's name.
    #[arg(long, default_value = "")]
    pub facilitator: String,
    /// Reports name participants by role only, never by alias.
    #[arg(long)]
    pub anonymous: bool,
    /// Round 1 is blind: the group stays hidden until revealed.
    #[arg(long)]
    pub blind: bool,
}

#[derive(Debug, Args)]
pub struct CopyArgs {
    /// The session to copy (path or slug).
    pub session: String,
    /// The copy's title; its file is named from today's date and it.
    pub title: String,
}

#[derive(Debug, Clone, Copy, Default, ValueEnum)]
pub enum ListFormat {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    #[arg(long, value_enum, default_value_t)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// Session files or slugs; several are pooled.
    #[arg(required = true)]
    pub sessions: Vec<String>,
    /// Show exactly round N (default: per session and dimension, the latest round that rated it).
    #[arg(long, value_name = "N")]
    pub round: Option<u32>,
    #[command(flatten)]
    pub groups: GroupArgs,
}

/// Statistics per stakeholder group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ByArg {
    /// The participants' roles.
    Role,
}

#[derive(Debug, Clone, Copy, Args)]
pub struct GroupArgs {
    /// Statistics per role as well as overall.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub by: Option<ByArg>,
    /// The smallest role reported with --by (smaller ones would point at people).
    #[arg(
        long,
        value_name = "N",
        default_value_t = 3,
        value_parser = clap::value_parser!(u32).range(1..=100_000)
    )]
    pub min_group_n: u32,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The session to import into (path or slug).
    pub session: String,
    /// The CSV file.
    pub file: PathBuf,
    /// One row per participant, a column per stage:dimension.
    #[arg(long)]
    pub wide: bool,
    /// The character between cells: `,`, `;`, `tab` or another one.
    /// Default: whichever of `,`, `;` and tab the header holds most of.
    #[arg(long, value_name = "CHAR", value_parser = crate::import::Separator::parse)]
    pub delimiter: Option<crate::import::Separator>,
}

/// `--format` takes [`Format`]'s own names and one-line descriptions, so
/// that a new format is added in one place (`export::Format`).
impl ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Self] {
        &Format::CHOICES
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()).help(self.help()))
    }
}

/// `--figure` takes [`Figure`]'s own names.
impl ValueEnum for Figure {
    fn value_variants<'a>() -> &'a [Self] {
        &Figure::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()))
    }
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Session files or slugs; several are pooled.
    #[arg(required = true)]
    pub sessions: Vec<String>,
    /// The format; required unless --out-dir writes them all.
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Write to this file instead of standard output.
    #[arg(short, long, conflicts_with = "out_dir")]
    pub output: Option<PathBuf>,
    /// Write every format into this folder.
    #[arg(long)]
    pub out_dir: Option<PathBuf>,
    /// Figures, reports and the summary CSV from exactly round N, and the
    /// tidy CSV only that round (default: per session and dimension, the
    /// latest round that rated it; the tidy CSV every round).
    #[arg(long, value_name = "N")]
    pub round: Option<u32>,
    /// The summary CSV lists every round (pooled sessions by round number)
    /// instead of the rounds the report reads.
    #[arg(long, conflicts_with = "round")]
    pub all_rounds: bool,
    /// With --format png or pdf: only this figure.
    #[arg(long, value_enum)]
    pub figure: Option<Figure>,
    /// PNG resolution in dots per inch.
    #[arg(long, value_name = "DPI", default_value_t = 300, value_parser = clap::value_parser!(u32).range(36..=1200))]
    pub dpi: u32,
    /// Figures without their title and subtitle (a journal's caption says it).
    #[arg(long)]
    pub no_title: bool,
    /// The figures' printed width in millimetres, 60 to 1000 (85: one
    /// column of a two-column page; 170: the whole page); their text is at
    /// least 7 pt at it.
    #[arg(long, value_name = "W", default_value_t = 170, value_parser = width_mm)]
    pub width_mm: u32,
    /// Where the figures' legend and notes go: in the figure, in a caption
    /// (written beside the figure as FILE.caption.txt with -o FILE, and into
    /// the reports' figure captions), or nowhere. In the figure, what would
    /// make it taller than 1.5 widths goes to the caption (the notes first).
    #[arg(long, value_enum, value_name = "WHERE", default_value_t = LegendArg::Figure)]
    pub legend: LegendArg,
    /// No quadrant labels on the model.
    #[arg(long)]
    pub no_quadrants: bool,
    #[command(flatten)]
    pub groups: GroupArgs,
    /// The address on join cards (default: this machine's LAN address and
    /// port 8787, as `serve --bind 0.0.0.0` would use).
    #[arg(long, value_name = "URL")]
    pub url: Option<String>,
    /// The language of the reports, figures and join cards (en, sv), for
    /// this export only (default: the session's; pooled: the first's). CSV
    /// and JSON are the same in every language.
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    #[command(flatten)]
    pub package: PackageArgs,
}

/// The research data package's own flags (`--format package`, `--out-dir`).
#[derive(Debug, Args, Default)]
pub struct PackageArgs {
    /// The data's licence as an SPDX identifier (CC-BY-4.0, CC0-1.0, ...);
    /// without it the package's README says that one must be chosen
    /// before depositing.
    #[arg(long, value_name = "SPDX-ID", value_parser = spdx_id)]
    pub license: Option<String>,
    /// Put the facilitator's notes in the package (notes.csv); they may
    /// name people.
    #[arg(long)]
    pub notes: bool,
    /// Put participants' names, aliases and organisations in the package
    /// (not for an open deposit: by default only pseudonyms are written).
    #[arg(long)]
    pub names: bool,
}

impl PackageArgs {
    /// Whether any of the flags was given.
    #[must_use]
    pub fn any(&self) -> bool {
        self.license.is_some() || self.notes || self.names
    }
}

/// `--license`: an SPDX licence identifier, by its form (letters, digits,
/// `.`, `-` and `+`).
fn spdx_id(text: &str) -> Result<String, String> {
    let id = text.trim();
    let ok = !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'));
    if ok {
        Ok(id.to_owned())
    } else {
        Err(format!(
            "'{text}' is not an SPDX licence identifier (such as CC-BY-4.0 or CC0-1.0; see https://spdx.org/licenses/)"
        ))
    }
}

/// `--width-mm`: a whole number of millimetres within the range figures
/// are laid out for, refused with that range otherwise.
fn width_mm(text: &str) -> Result<u32, String> {
    let (min, max) = (
        crate::export::svg_text::MIN_WIDTH_MM,
        crate::export::svg_text::MAX_WIDTH_MM,
    );
    let range = format!("figures are {min} to {max} mm wide");
    let w: u32 = text
        .trim()
        .parse()
        .map_err(|_| format!("'{text}' is not a whole number of millimetres ({range})"))?;
    if f64::from(w) < min || f64::from(w) > max {
        return Err(format!("{w} mm is out of range ({range})"));
    }
    Ok(w)
}

/// Where the figures' legend goes (`--legend`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LegendArg {
    /// Under the plot, in the figure.
    Figure,
    /// In a caption beside the figure, with the title, notes and key.
    Caption,
    /// Left out.
    None,
}

impl LegendArg {
    /// The export option.
    #[must_use]
    pub fn legend(self) -> crate::export::svg_text::Legend {
        use crate::export::svg_text::Legend;
        match self {
            Self::Figure => Legend::Figure,
            Self::Caption => Legend::Caption,
            Self::None => Legend::None,
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum TemplateCommand {
    /// List the built-in templates: name, language and title.
    List,
    /// Print a built-in template as RON (the English default without --name).
    Show {
        /// A built-in template's name (`loopshop template list`).
        #[arg(long)]
        name: Option<String>,
    },
    /// Validate a custom template file.
    Check {
        /// The template file (RON).
        file: PathBuf,
    },
}

#[derive(Debug, Args)]
pub struct SessionArg {
    /// The session (path or slug).
    pub session: String,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// The first session (path or slug).
    pub a: String,
    /// The second session (path or slug); the same as A to compare two of its rounds.
    pub b: String,
    /// The round of A to compare (default: its latest round with ratings).
    #[arg(long, value_name = "N")]
    pub round_a: Option<u32>,
    /// The round of B to compare (default: its latest round with ratings).
    #[arg(long, value_name = "N")]
    pub round_b: Option<u32>,
    #[arg(long, value_enum, default_value_t)]
    pub format: CompareFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// What `compare` writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum CompareFormat {
    /// A table for the terminal.
    #[default]
    Text,
    /// Markdown tables.
    Md,
    /// One row per cell.
    Csv,
    Json,
}
