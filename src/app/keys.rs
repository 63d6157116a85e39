//! The one key table: every key, what it does, where. The footer hints, the
//! help overlay and the key dispatch are all read from [`KEYS`], so they
//! cannot drift apart.

/// A key as the terminal reported it, in the app's own terms: the front end
/// (see `cli::keys`) translates its terminal library's events into these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPress {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

impl KeyPress {
    /// A key without modifiers.
    #[must_use]
    pub fn plain(code: KeyCode) -> Self {
        Self {
            code,
            ctrl: false,
            alt: false,
            shift: false,
        }
    }

    /// The key with Ctrl held.
    #[must_use]
    pub fn ctrl(c: char) -> Self {
        Self {
            ctrl: true,
            ..Self::plain(KeyCode::Char(c))
        }
    }
}

/// The keys loopshop tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCode {
    Char(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

/// Where a key applies: a screen, an exercise view, or a modal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ctx {
    Home,
    /// The home screen while `/` is filtering its sessions.
    HomeFilter,
    Briefing,
    /// The rating grid of a rating exercise.
    Grid,
    /// The rating grid of an ideas exercise's dimensions.
    IdeaGrid,
    /// The ideas list of an ideas exercise.
    Ideas,
    /// The stage x technology tally of an ideas exercise.
    Tally,
    Flow,
    Model,
    /// The full-screen analysis of a round (model, matrix, text table).
    Analysis,
    /// Two sessions or two rounds compared.
    Compare,
    /// The one-line text input.
    Input,
    /// A list to pick from.
    Pick,
    /// The join panel of participants' devices.
    Join,
    Help,
}

impl Ctx {
    pub const ALL: [Self; 15] = [
        Self::Home,
        Self::HomeFilter,
        Self::Briefing,
        Self::Grid,
        Self::IdeaGrid,
        Self::Ideas,
        Self::Tally,
        Self::Flow,
        Self::Model,
        Self::Analysis,
        Self::Compare,
        Self::Input,
        Self::Pick,
        Self::Join,
        Self::Help,
    ];

    /// Name shown in the help overlay's title.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Home => "home",
            Self::HomeFilter => "home: filter",
            Self::Briefing => "briefing",
            Self::Grid => "rating grid",
            Self::IdeaGrid => "ideas: rating grid",
            Self::Ideas => "ideas",
            Self::Tally => "ideas: tally",
            Self::Flow => "material flow",
            Self::Model => "model review",
            Self::Analysis => "analysis",
            Self::Compare => "compare",
            Self::Input => "text input",
            Self::Pick => "pick from a list",
            Self::Join => "participants' devices",
            Self::Help => "help",
        }
    }
}

/// A key as written in the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    Ch(char),
    Ctrl(char),
    /// Any digit 0-9.
    Digit,
    /// Any printable character (text entry, filtering).
    Text,
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Up,
    Down,
    Left,
    Right,
    PageUp,
    PageDown,
    Home,
    End,
}

impl Key {
    /// How the key is written on screen.
    #[must_use]
    pub fn label(self) -> String {
        match self {
            Self::Ch(' ') => "Space".to_owned(),
            Self::Ch(c) => c.to_string(),
            Self::Ctrl(c) => format!("Ctrl-{c}"),
            Self::Digit => "0-9".to_owned(),
            Self::Text => "type".to_owned(),
            Self::Enter => "Enter".to_owned(),
            Self::Esc => "Esc".to_owned(),
            Self::Tab => "Tab".to_owned(),
            Self::BackTab => "Shift-Tab".to_owned(),
            Self::Backspace => "Backspace".to_owned(),
            Self::Up => "↑".to_owned(),
            Self::Down => "↓".to_owned(),
            Self::Left => "←".to_owned(),
            Self::Right => "→".to_owned(),
            Self::PageUp => "PageUp".to_owned(),
            Self::PageDown => "PageDown".to_owned(),
            Self::Home => "Home".to_owned(),
            Self::End => "End".to_owned(),
        }
    }

    /// Whether a key press is this key.
    #[must_use]
    pub fn matches(self, ev: &KeyPress) -> bool {
        let (ctrl, alt) = (ev.ctrl, ev.alt);
        match (self, ev.code) {
            (Self::Ch(c), KeyCode::Char(k)) => !ctrl && !alt && k == c,
            (Self::Ctrl(c), KeyCode::Char(k)) => ctrl && k.eq_ignore_ascii_case(&c),
            (Self::Digit, KeyCode::Char(k)) => !ctrl && !alt && k.is_ascii_digit(),
            (Self::Text, KeyCode::Char(k)) => !ctrl && !alt && !k.is_control(),
            (Self::Enter, KeyCode::Enter)
            | (Self::Esc, KeyCode::Esc)
            | (Self::BackTab, KeyCode::BackTab)
            | (Self::Backspace, KeyCode::Backspace)
            | (Self::Up, KeyCode::Up)
            | (Self::Down, KeyCode::Down)
            | (Self::Left, KeyCode::Left)
            | (Self::Right, KeyCode::Right)
            | (Self::PageUp, KeyCode::PageUp)
            | (Self::PageDown, KeyCode::PageDown)
            | (Self::Home, KeyCode::Home)
            | (Self::End, KeyCode::End) => true,
            (Self::Tab, KeyCode::Tab) => !ev.shift,
            _ => false,
        }
    }

    /// A key press that matches this key.
    #[cfg(test)]
    #[must_use]
    pub fn example_press(self) -> KeyPress {
        let plain = KeyPress::plain;
        match self {
            Self::Ch(c) => plain(KeyCode::Char(c)),
            Self::Ctrl(c) => KeyPress::ctrl(c),
            Self::Digit => plain(KeyCode::Char('3')),
            Self::Text => plain(KeyCode::Char('é')),
            Self::Enter => plain(KeyCode::Enter),
            Self::Esc => plain(KeyCode::Esc),
            Self::Tab => plain(KeyCode::Tab),
            Self::BackTab => KeyPress {
                shift: true,
                ..plain(KeyCode::BackTab)
            },
            Self::Backspace => plain(KeyCode::Backspace),
            Self::Up => plain(KeyCode::Up),
            Self::Down => plain(KeyCode::Down),
            Self::Left => plain(KeyCode::Left),
            Self::Right => plain(KeyCode::Right),
            Self::PageUp => plain(KeyCode::PageUp),
            Self::PageDown => plain(KeyCode::PageDown),
            Self::Home => plain(KeyCode::Home),
            Self::End => plain(KeyCode::End),
        }
    }
}

/// What a key asks for, with the data the key carries (the digit of
/// `Rate`, the character of `TypeChar`). Interpreted by `update`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmd {
    Quit,
    Help,
    Undo,
    Redo,
    Note,
    /// The notes of this exercise, with their times.
    Notes,
    /// Pause or resume the exercise clock.
    PauseClock,
    /// Add five minutes to the timebox.
    ExtendTimebox,
    NextExercise,
    PrevExercise,
    JumpExercise,
    Up,
    Down,
    Left,
    Right,
    /// Record this score.
    Rate(u8),
    DontKnow,
    Clear,
    Comment,
    /// The grid's first cell.
    FirstCell,
    /// The grid's last cell.
    LastCell,
    /// Jump to a participant by name.
    FindParticipant,
    /// Switch the entry order: along rows or down columns.
    EntryOrder,
    /// Rename, role, organisation, absent, remove: the focused participant.
    EditParticipant,
    AddParticipant,
    NextDimension,
    PrevDimension,
    Reveal,
    NewRound,
    AddIdea,
    /// Edit, move, merge or delete the highlighted idea.
    EditIdea,
    Delete,
    Vote,
    Unvote,
    NextVoter,
    PrevVoter,
    IdeasView,
    AddFlow,
    /// Edit the highlighted flow (its steps again, filled in).
    EditFlow,
    ModelView,
    /// The round the analysis shows: latest per dimension, then each round.
    AnalysisRound,
    Analysis,
    Export,
    CompareRounds,
    Mark,
    CompareMarked,
    NextView,
    CloseView,
    // Home
    OpenRun,
    OpenReview,
    NewSession,
    /// Start filtering the sessions by title.
    Filter,
    FilterType(char),
    FilterErase,
    /// Keep the filter and give the letters back to the commands.
    FilterDone,
    /// Clear the filter and stop filtering.
    FilterClear,
    Back,
    /// The next score replaces the focused cell's answer from a phone or
    /// an import (digits skip such cells otherwise).
    Overwrite,
    /// Step to the next (previous) answer flagged as an outlier.
    NextOutlier,
    PrevOutlier,
    // Modals
    Confirm,
    Cancel,
    Toggle,
    /// Pick the item with this number (1-9).
    PickNumber(u8),
    TypeChar(char),
    Erase,
    CloseHelp,
    // Participants' devices
    ToggleServer,
    JoinPanel,
    ApproveDevice,
    /// Approve every device waiting.
    ApproveAll,
    RemoveDevice,
    /// Cycle who may join: open, listed, cards, closed.
    ToggleRoster,
    /// Remove every participant who joined from a phone and has no answer
    /// (asks first).
    RemoveJoined,
    NewJoinCode,
    /// Copy the board's address to the clipboard.
    CopyBoardAddress,
    /// Choose what the room's board shows.
    BoardView,
    // Join cards
    JoinCards,
    ReissueCard,
    // Session settings
    Settings,
}

impl Cmd {
    /// Whether the command changes the session (refused in review), as the
    /// key table says.
    #[must_use]
    pub fn is_edit(self) -> bool {
        KEYS.iter().any(|b| b.edit && b.cmd.same_kind(self))
    }

    /// Whether two commands are the same but for their data.
    #[must_use]
    pub fn same_kind(self, other: Self) -> bool {
        std::mem::discriminant(&self) == std::mem::discriminant(&other)
    }

    /// The command with the data of the key that asked for it.
    fn with_key(self, key: KeyPress) -> Self {
        let KeyCode::Char(c) = key.code else {
            return self;
        };
        let digit = c
            .to_digit(10)
            .and_then(|d| u8::try_from(d).ok())
            .unwrap_or(0);
        match self {
            Self::Rate(_) => Self::Rate(digit),
            Self::PickNumber(_) => Self::PickNumber(digit),
            Self::TypeChar(_) => Self::TypeChar(c),
            Self::FilterType(_) => Self::FilterType(c),
            other => other,
        }
    }
}

/// One row of the key table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub cmd: Cmd,
    /// Short label for the footer; empty keeps the key out of the footer.
    pub hint: &'static str,
    /// One line for the help overlay.
    pub help: &'static str,
    pub screens: &'static [Ctx],
    /// The command changes the session (refused in review).
    pub edit: bool,
}

use Ctx::{
    Analysis as AnalysisCtx, Briefing, Compare as CompareCtx, Flow, Grid, Help as HelpCtx, Home,
    HomeFilter, IdeaGrid, Ideas, Input, Join as JoinCtx, Model, Pick, Tally,
};

const FAC: &[Ctx] = &[Briefing, Grid, IdeaGrid, Ideas, Tally, Flow, Model];
const GRIDS: &[Ctx] = &[Grid, IdeaGrid];
const IDEAS_ALL: &[Ctx] = &[Ideas, Tally, IdeaGrid];
const LISTS: &[Ctx] = &[Ideas, Flow];
/// Full-screen views over a session.
const VIEWS: &[Ctx] = &[AnalysisCtx, CompareCtx];

/// Builds one row of [`KEYS`].
const fn b(
    keys: &'static [Key],
    cmd: Cmd,
    hint: &'static str,
    help: &'static str,
    screens: &'static [Ctx],
    edit: bool,
) -> Binding {
    Binding {
        keys,
        cmd,
        hint,
        help,
        screens,
        edit,
    }
}

/// The command changes the session.
const EDIT: bool = true;
/// The command only moves or shows.
const VIEW: bool = false;

/// The key table, a row a line. Earlier rows win when two rows match the
/// same key.
#[rustfmt::skip]
pub static KEYS: &[Binding] = &[
    // Modals first: they take every key while open.
    b(&[Key::Enter], Cmd::Confirm, "confirm", "accept the text or choice", &[Input, Pick], VIEW),
    b(&[Key::Esc, Key::Ctrl('c')], Cmd::Cancel, "cancel", "close without changing anything", &[Input, Pick], VIEW),
    b(&[Key::Backspace], Cmd::Erase, "erase", "erase the last character", &[Input], VIEW),
    b(&[Key::Text], Cmd::TypeChar(' '), "", "type text", &[Input], VIEW),
    b(&[Key::Ch(' ')], Cmd::Toggle, "toggle", "tick or untick the highlighted item", &[Pick], VIEW),
    b(&[Key::Digit], Cmd::PickNumber(0), "", "pick the item with that number (1-9); in a list with boxes, tick or untick it", &[Pick], VIEW),
    b(&[Key::Up, Key::Ch('k')], Cmd::Up, "", "move up", &[Pick], VIEW),
    b(&[Key::Down, Key::Ch('j')], Cmd::Down, "", "move down", &[Pick], VIEW),
    b(&[Key::Up, Key::Ch('k')], Cmd::Up, "", "scroll the help up", &[HelpCtx], VIEW),
    b(&[Key::Down, Key::Ch('j')], Cmd::Down, "scroll", "scroll the help down", &[HelpCtx], VIEW),
    b(&[Key::Esc, Key::Ch('?'), Key::Ch('q'), Key::Ctrl('c')], Cmd::CloseHelp, "close", "close the help", &[HelpCtx], VIEW),
    // Home: letters are commands; `/` starts the filter, as in less and vim.
    b(&[Key::Enter], Cmd::OpenRun, "facilitate", "open the highlighted session to facilitate it", &[Home], VIEW),
    b(&[Key::Ch('n'), Key::Ctrl('n')], Cmd::NewSession, "new", "create a session from the default template", &[Home], VIEW),
    b(&[Key::Ch('r'), Key::Ctrl('r')], Cmd::OpenReview, "review", "open the highlighted session read-only", &[Home], VIEW),
    b(&[Key::Ch('/')], Cmd::Filter, "filter", "filter the sessions by title: type, then Enter keeps the filter, Esc clears it", &[Home], VIEW),
    b(&[Key::Ch('q'), Key::Ctrl('c'), Key::Ctrl('q')], Cmd::Quit, "quit", "quit", &[Home], VIEW),
    b(&[Key::Ch('?')], Cmd::Help, "help", "show every key of this screen", &[Home], VIEW),
    b(&[Key::Up, Key::Ch('k')], Cmd::Up, "", "highlight the previous session", &[Home], VIEW),
    b(&[Key::Down, Key::Ch('j')], Cmd::Down, "", "highlight the next session", &[Home], VIEW),
    b(&[Key::Tab], Cmd::Mark, "mark", "mark (or unmark) the highlighted session to compare it", &[Home], VIEW),
    b(&[Key::Ch('c'), Key::Ctrl('o')], Cmd::CompareMarked, "compare", "compare the marked session with the highlighted one", &[Home], VIEW),
    b(&[Key::Esc], Cmd::Back, "", "clear the filter, or quit when there is none", &[Home], VIEW),
    // Home while filtering: every printable key is text.
    b(&[Key::Enter], Cmd::FilterDone, "keep filter", "keep the filter; letters are commands again", &[HomeFilter], VIEW),
    b(&[Key::Esc, Key::Ctrl('c')], Cmd::FilterClear, "clear", "clear the filter", &[HomeFilter], VIEW),
    b(&[Key::Backspace], Cmd::FilterErase, "erase", "erase the last character (on an empty filter: stop filtering)", &[HomeFilter], VIEW),
    b(&[Key::Up], Cmd::Up, "", "highlight the previous session", &[HomeFilter], VIEW),
    b(&[Key::Down], Cmd::Down, "", "highlight the next session", &[HomeFilter], VIEW),
    b(&[Key::Text], Cmd::FilterType(' '), "", "type to filter the sessions by title", &[HomeFilter], VIEW),
    // Everywhere while facilitating.
    b(&[Key::Ch('?')], Cmd::Help, "help", "show every key of this screen", FAC, VIEW),
    b(&[Key::Ch('q'), Key::Ctrl('c')], Cmd::Quit, "quit", "leave: back home, or quit after `loopshop run` (all is saved)", FAC, VIEW),
    b(&[Key::Ch(']'), Key::PageDown], Cmd::NextExercise, "next", "next exercise", FAC, VIEW),
    b(&[Key::Ch('['), Key::PageUp], Cmd::PrevExercise, "prev", "previous exercise", FAC, VIEW),
    b(&[Key::Ch('e')], Cmd::JumpExercise, "agenda", "jump to any exercise of the agenda", FAC, VIEW),
    b(&[Key::Ch('M')], Cmd::Analysis, "analysis", "full-screen analysis of this round: model, matrix, text table", FAC, VIEW),
    b(&[Key::Ch('E')], Cmd::Export, "export", "export every format to the exports folder, in the background", FAC, VIEW),
    // Also over the analysis view, so the figures on screen are one key from a file.
    b(&[Key::Ch('E')], Cmd::Export, "export", "export every format to the exports folder, in the background", &[AnalysisCtx], VIEW),
    b(&[Key::Ch('C')], Cmd::CompareRounds, "", "compare the last two rounds", FAC, VIEW),
    b(&[Key::Ch('n')], Cmd::Note, "note", "write a timestamped note for this exercise", FAC, EDIT),
    b(&[Key::Ch('N')], Cmd::Notes, "", "the notes of this exercise, with their times", FAC, VIEW),
    b(&[Key::Ch('t')], Cmd::PauseClock, "", "pause the exercise clock (again: resume)", FAC, EDIT),
    b(&[Key::Ch('+')], Cmd::ExtendTimebox, "", "add 5 minutes to this exercise's timebox", FAC, EDIT),
    b(&[Key::Ch('u'), Key::Ctrl('z')], Cmd::Undo, "undo", "undo the last change", FAC, EDIT),
    b(&[Key::Ctrl('y')], Cmd::Redo, "", "redo the last undone change", FAC, EDIT),
    b(&[Key::Ch('S')], Cmd::ToggleServer, "", "let participants join from their phones (again: stop)", FAC, EDIT),
    b(&[Key::Ch('J')], Cmd::JoinPanel, "", "the join address, code, QR code and devices", FAC, VIEW),
    b(&[Key::Ch('b')], Cmd::BoardView, "", "choose what the room's board shows: the exercise, model, matrix, a dimension, ideas, the question", FAC, VIEW),
    b(&[Key::Ch('K')], Cmd::JoinCards, "", "print everyone's join card to exports/SESSION.cards.html", FAC, VIEW),
    b(&[Key::Ch('I')], Cmd::ReissueCard, "", "reissue a participant's join card: the old card stops working", FAC, EDIT),
    b(&[Key::Ch('L')], Cmd::Settings, "", "settings: the room's language (phones, board, cards, reports)", FAC, EDIT),
    // The join panel.
    b(&[Key::Up, Key::Ch('k')], Cmd::Up, "", "previous device", &[JoinCtx], VIEW),
    b(&[Key::Down, Key::Ch('j')], Cmd::Down, "", "next device", &[JoinCtx], VIEW),
    b(&[Key::Ch('a')], Cmd::ApproveDevice, "approve", "approve the highlighted device", &[JoinCtx], EDIT),
    b(&[Key::Ch('d')], Cmd::RemoveDevice, "remove", "remove the highlighted device: its token stops working", &[JoinCtx], EDIT),
    b(&[Key::Ch('A')], Cmd::ApproveAll, "approve all", "approve every device waiting", &[JoinCtx], EDIT),
    b(&[Key::Ch('c')], Cmd::ToggleRoster, "who joins", "cycle who may join: open (any name), listed (new names wait), cards (personal cards only), closed", &[JoinCtx], EDIT),
    b(&[Key::Ch('X')], Cmd::RemoveJoined, "remove joined", "remove everyone who joined from a phone under a new name and has no answer (asks first)", &[JoinCtx], EDIT),
    b(&[Key::Ch('N')], Cmd::NewJoinCode, "new code", "replace the join code (joined devices keep working)", &[JoinCtx], EDIT),
    b(&[Key::Ch('y')], Cmd::CopyBoardAddress, "copy board", "copy the board's address to the clipboard (through the terminal: OSC 52)", &[JoinCtx], VIEW),
    b(&[Key::Esc, Key::Ch('J'), Key::Ch('q')], Cmd::CloseView, "close", "back to the session", &[JoinCtx], VIEW),
    // Rating grids (and the ideas views).
    b(&[Key::Ch('g')], Cmd::IdeasView, "view", "switch ideas list / ranked by dots / tally / rating grid", IDEAS_ALL, VIEW),
    b(&[Key::Digit], Cmd::Rate(0), "rate", "record this score in the focused cell and move on", GRIDS, EDIT),
    b(&[Key::Ch('x')], Cmd::DontKnow, "don't know", "record \"don't know\" and move on", GRIDS, EDIT),
    b(&[Key::Backspace], Cmd::Clear, "", "undo a score just typed over another (its value comes back), else clear the cell just typed, else the focused cell", GRIDS, EDIT),
    b(&[Key::Enter], Cmd::Overwrite, "", "overwrite the focused cell even if a phone or an import answered it: Enter, then the value", GRIDS, EDIT),
    b(&[Key::Home], Cmd::FirstCell, "", "first cell of the grid", GRIDS, VIEW),
    b(&[Key::End], Cmd::LastCell, "", "last cell of the grid", GRIDS, VIEW),
    b(&[Key::Ch('/')], Cmd::FindParticipant, "", "jump to a participant by name", GRIDS, VIEW),
    b(&[Key::Ch('o')], Cmd::EntryOrder, "", "scores go along each row, or down each stage's column", GRIDS, VIEW),
    b(&[Key::Up, Key::Ch('k')], Cmd::Up, "", "previous participant", GRIDS, VIEW),
    b(&[Key::Down, Key::Ch('j')], Cmd::Down, "", "next participant", GRIDS, VIEW),
    b(&[Key::Left, Key::Ch('h')], Cmd::Left, "", "previous stage", GRIDS, VIEW),
    b(&[Key::Right, Key::Ch('l')], Cmd::Right, "", "next stage", GRIDS, VIEW),
    b(&[Key::Tab], Cmd::NextDimension, "dimension", "next dimension", GRIDS, VIEW),
    b(&[Key::BackTab], Cmd::PrevDimension, "", "previous dimension", GRIDS, VIEW),
    b(&[Key::Ch('c')], Cmd::Comment, "comment", "attach a comment to the focused cell", GRIDS, EDIT),
    b(&[Key::Ch('f')], Cmd::NextOutlier, "", "next answer flagged ! (outside the last round's middle range by more than the margin)", GRIDS, VIEW),
    b(&[Key::Ch('F')], Cmd::PrevOutlier, "", "previous answer flagged !", GRIDS, VIEW),
    b(&[Key::Ch('a')], Cmd::AddParticipant, "add person", "add a participant", GRIDS, EDIT),
    b(&[Key::Ch('w')], Cmd::EditParticipant, "", "the focused participant: rename, role, organisation, absent this round, remove", GRIDS, EDIT),
    b(&[Key::Ch('r')], Cmd::Reveal, "reveal", "reveal or hide the group of a blind round", GRIDS, EDIT),
    b(&[Key::Ch('R')], Cmd::NewRound, "", "start a new round (asks to confirm, and whether it is blind)", GRIDS, EDIT),
    // Ideas.
    b(&[Key::Left, Key::Ch('h')], Cmd::Left, "", "previous stage", &[Ideas], VIEW),
    b(&[Key::Right, Key::Ch('l')], Cmd::Right, "", "next stage", &[Ideas], VIEW),
    b(&[Key::Up, Key::Ch('k')], Cmd::Up, "", "previous item", LISTS, VIEW),
    b(&[Key::Down, Key::Ch('j')], Cmd::Down, "", "next item", LISTS, VIEW),
    b(&[Key::Ch('i')], Cmd::AddIdea, "idea", "add an idea to this stage", &[Ideas], EDIT),
    b(&[Key::Ch('w')], Cmd::EditIdea, "edit", "the highlighted idea: edit, move to another stage, merge, delete", &[Ideas], EDIT),
    b(&[Key::Ch('v')], Cmd::Vote, "vote", "place a dot on the idea for the voter", &[Ideas], EDIT),
    b(&[Key::Ch('V')], Cmd::Unvote, "", "take the voter's dot back", &[Ideas], EDIT),
    b(&[Key::Ch('p')], Cmd::NextVoter, "voter", "next voter", &[Ideas], VIEW),
    b(&[Key::Ch('P')], Cmd::PrevVoter, "", "previous voter", &[Ideas], VIEW),
    // Material flow.
    b(&[Key::Ch('i')], Cmd::AddFlow, "flow", "add a flow", &[Flow], EDIT),
    b(&[Key::Ch('w')], Cmd::EditFlow, "edit", "edit the highlighted flow: its steps again, filled in", &[Flow], EDIT),
    b(&[Key::Ch('d')], Cmd::Delete, "delete", "delete the highlighted item", LISTS, EDIT),
    // Model review.
    b(&[Key::Ch('m')], Cmd::ModelView, "view", "switch the model chart / the matrix / the text table", &[Model], VIEW),
    b(&[Key::Ch('R')], Cmd::NewRound, "", "says where rounds start (in a rating grid)", &[Model], VIEW),
    b(&[Key::Ch('#')], Cmd::AnalysisRound, "round", "show per dimension the latest round, or exactly round 1, 2, ...", &[Model, AnalysisCtx], VIEW),
    b(&[Key::Up, Key::Ch('k')], Cmd::Up, "", "scroll the text table up", &[Model], VIEW),
    b(&[Key::Down, Key::Ch('j')], Cmd::Down, "", "scroll the text table down", &[Model], VIEW),
    // Full-screen views.
    b(&[Key::Ch('M'), Key::Tab], Cmd::NextView, "next view", "next view: model chart, matrix, text table", &[AnalysisCtx], VIEW),
    b(&[Key::Up, Key::Ch('k')], Cmd::Up, "", "scroll up", VIEWS, VIEW),
    b(&[Key::Down, Key::Ch('j')], Cmd::Down, "scroll", "scroll down", VIEWS, VIEW),
    b(&[Key::Esc], Cmd::CloseView, "close", "back to the session", VIEWS, VIEW),
    b(&[Key::Ch('?')], Cmd::Help, "help", "show every key of this screen", VIEWS, VIEW),
    b(&[Key::Ch('q'), Key::Ctrl('c')], Cmd::Quit, "quit", "leave: back home, or quit after `loopshop run` (all is saved)", VIEWS, VIEW),
];

/// The command a key event asks for on `ctx`, if any.
#[must_use]
pub fn lookup(ctx: Ctx, ev: &KeyPress) -> Option<Cmd> {
    KEYS.iter()
        .filter(|b| b.screens.contains(&ctx))
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.cmd.with_key(*ev))
}

/// Every binding of a screen, in table order (the help overlay).
pub fn bindings(ctx: Ctx) -> impl Iterator<Item = &'static Binding> {
    KEYS.iter().filter(move |b| b.screens.contains(&ctx))
}

/// The bindings a screen accepts: in review (read-only), the keys that
/// would change the session are left out, so help and footer list only
/// what works there.
pub fn accepted(ctx: Ctx, read_only: bool) -> impl Iterator<Item = &'static Binding> {
    bindings(ctx).filter(move |b| !(read_only && b.edit))
}

/// The footer hints of a screen: `(first key, hint)`, the keys special to
/// the screen first, then those shared by every facilitation screen.
#[must_use]
pub fn hints(ctx: Ctx, read_only: bool) -> Vec<(String, &'static str)> {
    let shared = |b: &&Binding| b.screens == FAC;
    let hinted = |b: &&Binding| !b.hint.is_empty();
    accepted(ctx, read_only)
        .filter(hinted)
        .filter(|b| !shared(b))
        .chain(accepted(ctx, read_only).filter(hinted).filter(shared))
        .map(|b| (b.keys.first().map_or(String::new(), |k| k.label()), b.hint))
        .collect()
}

/// The keys of a binding as written on screen: `u/Ctrl-z`.
#[must_use]
pub fn keys_label(b: &Binding) -> String {
    b.keys
        .iter()
        .map(|k| k.label())
        .collect::<Vec<_>>()
        .join("/")
}

/// The key table as Markdown, one section per screen (for docs/TUI.md).
#[cfg(test)]
#[must_use]
pub fn markdown() -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    for ctx in Ctx::ALL {
        let _ = write!(
            out,
            "### {}\n\n| key | does |\n| --- | --- |\n",
            ctx.label()
        );
        for b in bindings(ctx) {
            let keys = keys_label(b).replace('|', "\\|");
            let _ = writeln!(out, "| `{keys}` | {} |", b.help);
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_binding_is_reached_by_its_own_keys() {
        for ctx in Ctx::ALL {
            for b in bindings(ctx) {
                for k in b.keys {
                    let got = lookup(ctx, &k.example_press());
                    // An earlier row may shadow a generic key (Text, Digit) on
                    // purpose; specific keys must reach their own row.
                    if matches!(k, Key::Text | Key::Digit) {
                        assert!(got.is_some(), "{ctx:?} {k:?}");
                    } else {
                        assert!(
                            got.is_some_and(|c| c.same_kind(b.cmd)),
                            "{ctx:?} {k:?} -> {:?}",
                            b.cmd
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn docs_show_the_key_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/TUI.md");
        let docs = std::fs::read_to_string(path).unwrap_or_default();
        let table = markdown();
        // UPDATE_DOCS=1 rewrites everything after the marker.
        let marker = "<!-- key table: generated from src/app/keys.rs -->\n";
        if std::env::var_os("UPDATE_DOCS").is_some_and(|v| v == "1")
            && let Some(i) = docs.find(marker)
        {
            let new = format!("{}{table}", &docs[..i + marker.len()]);
            if let Err(e) = std::fs::write(path, new) {
                panic!("cannot write {path}: {e}");
            }
            return;
        }
        assert!(
            docs.contains(&table),
            "docs/TUI.md is out of date; its key table should read:\n{table}"
        );
    }

    #[test]
    fn footer_hints_are_a_subset_of_help() {
        for ctx in Ctx::ALL {
            for (key, hint) in hints(ctx, false) {
                assert!(
                    bindings(ctx).any(|b| b.hint == hint
                        && b.keys.first().map(|k| k.label()) == Some(key.clone())),
                    "{ctx:?}: {key} {hint}"
                );
            }
        }
    }

    #[test]
    fn every_screen_can_show_help_and_leave() {
        for ctx in [
            Ctx::Home,
            Ctx::Briefing,
            Ctx::Grid,
            Ctx::Ideas,
            Ctx::Flow,
            Ctx::Model,
        ] {
            assert!(bindings(ctx).any(|b| b.cmd == Cmd::Help), "{ctx:?}");
            assert!(bindings(ctx).any(|b| matches!(b.cmd, Cmd::Quit)), "{ctx:?}");
        }
    }

    #[test]
    fn no_key_is_bound_twice_on_one_screen() {
        for ctx in Ctx::ALL {
            let mut seen: Vec<Key> = Vec::new();
            for b in bindings(ctx) {
                for k in b.keys {
                    if matches!(k, Key::Text | Key::Digit) {
                        continue;
                    }
                    assert!(!seen.contains(k), "{ctx:?}: {k:?} bound twice");
                    seen.push(*k);
                }
            }
        }
    }
}
