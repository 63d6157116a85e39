//! The one key table: every key, what it does, where. The footer hints, the
//! help overlay and the key dispatch are all read from [`KEYS`], so they
//! cannot drift apart.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where a key applies: a screen, an exercise view, or a modal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ctx {
    Home,
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
    Help,
}

impl Ctx {
    pub const ALL: [Self; 13] = [
        Self::Home,
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
        Self::Help,
    ];

    /// Name shown in the help overlay's title.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            Self::Home => "home",
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
        }
    }

    /// Whether a key event is this key.
    #[must_use]
    pub fn matches(self, ev: &KeyEvent) -> bool {
        let mut ctrl = ev.modifiers.contains(KeyModifiers::CONTROL);
        let mut alt = ev.modifiers.contains(KeyModifiers::ALT);
        // Windows reports AltGr (the '@', '[', '{', '€' of German, French,
        // Nordic... layouts) as Ctrl+Alt with the character it typed; a
        // real Ctrl+Alt chord gives a letter or digit.
        if ctrl
            && alt
            && matches!(ev.code, KeyCode::Char(k) if !k.is_ascii_alphanumeric() && !k.is_control())
        {
            (ctrl, alt) = (false, false);
        }
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
            | (Self::PageDown, KeyCode::PageDown) => true,
            (Self::Tab, KeyCode::Tab) => !ev.modifiers.contains(KeyModifiers::SHIFT),
            _ => false,
        }
    }

    /// A key event that matches this key (for tests and replay).
    #[must_use]
    pub fn example_event(self) -> KeyEvent {
        let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
        match self {
            Self::Ch(c) => plain(KeyCode::Char(c)),
            Self::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
            Self::Digit => plain(KeyCode::Char('3')),
            Self::Text => plain(KeyCode::Char('é')),
            Self::Enter => plain(KeyCode::Enter),
            Self::Esc => plain(KeyCode::Esc),
            Self::Tab => plain(KeyCode::Tab),
            Self::BackTab => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
            Self::Backspace => plain(KeyCode::Backspace),
            Self::Up => plain(KeyCode::Up),
            Self::Down => plain(KeyCode::Down),
            Self::Left => plain(KeyCode::Left),
            Self::Right => plain(KeyCode::Right),
            Self::PageUp => plain(KeyCode::PageUp),
            Self::PageDown => plain(KeyCode::PageDown),
        }
    }
}

/// What a key asks for. Interpreted by `update`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cmd {
    Quit,
    Help,
    Undo,
    Redo,
    Note,
    NextExercise,
    PrevExercise,
    JumpExercise,
    Up,
    Down,
    Left,
    Right,
    Rate,
    DontKnow,
    Clear,
    Comment,
    AddParticipant,
    NextDimension,
    PrevDimension,
    Reveal,
    NewRound,
    AddIdea,
    Delete,
    Vote,
    Unvote,
    NextVoter,
    PrevVoter,
    IdeasView,
    AddFlow,
    ModelView,
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
    FilterType,
    FilterErase,
    Back,
    // Modals
    Confirm,
    Cancel,
    Toggle,
    PickNumber,
    TypeChar,
    Erase,
    CloseHelp,
}

impl Cmd {
    /// Whether the command changes the session (refused in review).
    #[must_use]
    pub fn is_edit(self) -> bool {
        matches!(
            self,
            Self::Undo
                | Self::Redo
                | Self::Note
                | Self::Rate
                | Self::DontKnow
                | Self::Clear
                | Self::Comment
                | Self::AddParticipant
                | Self::Reveal
                | Self::NewRound
                | Self::AddIdea
                | Self::Delete
                | Self::Vote
                | Self::Unvote
                | Self::AddFlow
        )
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
}

use Ctx::{
    Analysis as AnalysisCtx, Briefing, Compare as CompareCtx, Flow, Grid, Help as HelpCtx, Home,
    IdeaGrid, Ideas, Input, Model, Pick, Tally,
};

const FAC: &[Ctx] = &[Briefing, Grid, IdeaGrid, Ideas, Tally, Flow, Model];
const GRIDS: &[Ctx] = &[Grid, IdeaGrid];
const IDEAS_ALL: &[Ctx] = &[Ideas, Tally, IdeaGrid];
const LISTS: &[Ctx] = &[Ideas, Flow];
/// Full-screen views over a session.
const VIEWS: &[Ctx] = &[AnalysisCtx, CompareCtx];

macro_rules! b {
    ($keys:expr, $cmd:ident, $hint:expr, $help:expr, $screens:expr) => {
        Binding {
            keys: $keys,
            cmd: Cmd::$cmd,
            hint: $hint,
            help: $help,
            screens: $screens,
        }
    };
}

/// The key table. Earlier rows win when two rows match the same key.
pub static KEYS: &[Binding] = &[
    // Modals first: they take every key while open.
    b!(
        &[Key::Enter],
        Confirm,
        "confirm",
        "accept the text or choice",
        &[Input, Pick]
    ),
    b!(
        &[Key::Esc, Key::Ctrl('c')],
        Cancel,
        "cancel",
        "close without changing anything",
        &[Input, Pick]
    ),
    b!(
        &[Key::Backspace],
        Erase,
        "erase",
        "erase the last character",
        &[Input]
    ),
    b!(&[Key::Text], TypeChar, "", "type text", &[Input]),
    b!(
        &[Key::Ch(' ')],
        Toggle,
        "toggle",
        "tick or untick the highlighted item",
        &[Pick]
    ),
    b!(
        &[Key::Digit],
        PickNumber,
        "",
        "pick the item with that number (1-9); in a list with boxes, tick or untick it",
        &[Pick]
    ),
    b!(&[Key::Up, Key::Ch('k')], Up, "", "move up", &[Pick]),
    b!(&[Key::Down, Key::Ch('j')], Down, "", "move down", &[Pick]),
    b!(
        &[Key::Up, Key::Ch('k')],
        Up,
        "",
        "scroll the help up",
        &[HelpCtx]
    ),
    b!(
        &[Key::Down, Key::Ch('j')],
        Down,
        "scroll",
        "scroll the help down",
        &[HelpCtx]
    ),
    b!(
        &[Key::Esc, Key::Ch('?'), Key::Ch('q'), Key::Ctrl('c')],
        CloseHelp,
        "close",
        "close the help",
        &[HelpCtx]
    ),
    // Home.
    b!(
        &[Key::Enter],
        OpenRun,
        "facilitate",
        "open the highlighted session to facilitate it",
        &[Home]
    ),
    b!(
        &[Key::Ctrl('r')],
        OpenReview,
        "review",
        "open the highlighted session read-only",
        &[Home]
    ),
    b!(
        &[Key::Ctrl('n')],
        NewSession,
        "new",
        "create a session from the default template",
        &[Home]
    ),
    b!(
        &[Key::Up],
        Up,
        "",
        "highlight the previous session",
        &[Home]
    ),
    b!(
        &[Key::Down],
        Down,
        "",
        "highlight the next session",
        &[Home]
    ),
    b!(
        &[Key::Tab],
        Mark,
        "mark",
        "mark (or unmark) the highlighted session to compare it",
        &[Home]
    ),
    b!(
        &[Key::Ctrl('o')],
        CompareMarked,
        "compare",
        "compare the marked session with the highlighted one",
        &[Home]
    ),
    b!(
        &[Key::Backspace],
        FilterErase,
        "",
        "erase the last filter character",
        &[Home]
    ),
    b!(
        &[Key::Esc],
        Back,
        "clear/quit",
        "clear the filter, or quit when it is empty",
        &[Home]
    ),
    b!(&[Key::Ctrl('c'), Key::Ctrl('q')], Quit, "", "quit", &[Home]),
    b!(
        &[Key::Ch('?')],
        Help,
        "help",
        "show every key of this screen",
        &[Home]
    ),
    b!(
        &[Key::Text],
        FilterType,
        "filter",
        "type to filter sessions by title",
        &[Home]
    ),
    // Everywhere while facilitating.
    b!(
        &[Key::Ch('?')],
        Help,
        "help",
        "show every key of this screen",
        FAC
    ),
    b!(
        &[Key::Ch('q'), Key::Ctrl('c')],
        Quit,
        "quit",
        "quit (everything is already saved)",
        FAC
    ),
    b!(
        &[Key::Ch(']'), Key::PageDown],
        NextExercise,
        "next",
        "next exercise",
        FAC
    ),
    b!(
        &[Key::Ch('['), Key::PageUp],
        PrevExercise,
        "prev",
        "previous exercise",
        FAC
    ),
    b!(
        &[Key::Ch('e')],
        JumpExercise,
        "agenda",
        "jump to any exercise of the agenda",
        FAC
    ),
    b!(
        &[Key::Ch('M')],
        Analysis,
        "analysis",
        "full-screen analysis of this round: model, matrix, text table",
        FAC
    ),
    b!(
        &[Key::Ch('E')],
        Export,
        "export",
        "export every format to the exports folder, in the background",
        FAC
    ),
    // Also over the analysis view, so the figures on screen are one key from a file.
    b!(
        &[Key::Ch('E')],
        Export,
        "export",
        "export every format to the exports folder, in the background",
        &[AnalysisCtx]
    ),
    b!(
        &[Key::Ch('C')],
        CompareRounds,
        "",
        "compare the last two rounds",
        FAC
    ),
    b!(
        &[Key::Ch('n')],
        Note,
        "note",
        "write a timestamped note for this exercise",
        FAC
    ),
    b!(
        &[Key::Ch('u'), Key::Ctrl('z')],
        Undo,
        "undo",
        "undo the last change",
        FAC
    ),
    b!(
        &[Key::Ctrl('y')],
        Redo,
        "",
        "redo the last undone change",
        FAC
    ),
    // Rating grids (and the ideas views).
    b!(
        &[Key::Ch('g')],
        IdeasView,
        "view",
        "switch ideas list / tally / rating grid",
        IDEAS_ALL
    ),
    b!(
        &[Key::Digit],
        Rate,
        "rate",
        "record this score in the focused cell and move on",
        GRIDS
    ),
    b!(
        &[Key::Ch('x')],
        DontKnow,
        "don't know",
        "record \"don't know\" and move on",
        GRIDS
    ),
    b!(
        &[Key::Backspace],
        Clear,
        "",
        "clear the focused cell",
        GRIDS
    ),
    b!(
        &[Key::Up, Key::Ch('k')],
        Up,
        "",
        "previous participant",
        GRIDS
    ),
    b!(
        &[Key::Down, Key::Ch('j')],
        Down,
        "",
        "next participant",
        GRIDS
    ),
    b!(
        &[Key::Left, Key::Ch('h')],
        Left,
        "",
        "previous stage",
        GRIDS
    ),
    b!(&[Key::Right, Key::Ch('l')], Right, "", "next stage", GRIDS),
    b!(
        &[Key::Tab],
        NextDimension,
        "dimension",
        "next dimension",
        GRIDS
    ),
    b!(
        &[Key::BackTab],
        PrevDimension,
        "",
        "previous dimension",
        GRIDS
    ),
    b!(
        &[Key::Ch('c')],
        Comment,
        "comment",
        "attach a comment to the focused cell",
        GRIDS
    ),
    b!(
        &[Key::Ch('a')],
        AddParticipant,
        "add person",
        "add a participant",
        GRIDS
    ),
    b!(
        &[Key::Ch('r')],
        Reveal,
        "reveal",
        "reveal or hide the group of a blind round",
        GRIDS
    ),
    b!(
        &[Key::Ch('R')],
        NewRound,
        "",
        "start a new blind round",
        GRIDS
    ),
    // Ideas.
    b!(
        &[Key::Left, Key::Ch('h')],
        Left,
        "",
        "previous stage",
        &[Ideas]
    ),
    b!(
        &[Key::Right, Key::Ch('l')],
        Right,
        "",
        "next stage",
        &[Ideas]
    ),
    b!(&[Key::Up, Key::Ch('k')], Up, "", "previous item", LISTS),
    b!(&[Key::Down, Key::Ch('j')], Down, "", "next item", LISTS),
    b!(
        &[Key::Ch('i')],
        AddIdea,
        "idea",
        "add an idea to this stage",
        &[Ideas]
    ),
    b!(
        &[Key::Ch('v')],
        Vote,
        "vote",
        "place a dot on the idea for the voter",
        &[Ideas]
    ),
    b!(
        &[Key::Ch('V')],
        Unvote,
        "",
        "take the voter's dot back",
        &[Ideas]
    ),
    b!(&[Key::Ch('p')], NextVoter, "voter", "next voter", &[Ideas]),
    b!(&[Key::Ch('P')], PrevVoter, "", "previous voter", &[Ideas]),
    // Material flow.
    b!(&[Key::Ch('i')], AddFlow, "flow", "add a flow", &[Flow]),
    b!(
        &[Key::Ch('d')],
        Delete,
        "delete",
        "delete the highlighted item",
        LISTS
    ),
    // Model review.
    b!(
        &[Key::Ch('m')],
        ModelView,
        "view",
        "switch the model chart / the matrix / the text table",
        &[Model]
    ),
    b!(
        &[Key::Up, Key::Ch('k')],
        Up,
        "",
        "scroll the text table up",
        &[Model]
    ),
    b!(
        &[Key::Down, Key::Ch('j')],
        Down,
        "",
        "scroll the text table down",
        &[Model]
    ),
    // Full-screen views.
    b!(
        &[Key::Ch('M'), Key::Tab],
        NextView,
        "next view",
        "next view: model chart, matrix, text table",
        &[AnalysisCtx]
    ),
    b!(&[Key::Up, Key::Ch('k')], Up, "", "scroll up", VIEWS),
    b!(
        &[Key::Down, Key::Ch('j')],
        Down,
        "scroll",
        "scroll down",
        VIEWS
    ),
    b!(
        &[Key::Esc],
        CloseView,
        "close",
        "back to the session",
        VIEWS
    ),
    b!(
        &[Key::Ch('?')],
        Help,
        "help",
        "show every key of this screen",
        VIEWS
    ),
    b!(
        &[Key::Ch('q'), Key::Ctrl('c')],
        Quit,
        "quit",
        "quit (everything is already saved)",
        VIEWS
    ),
];

/// The command a key event asks for on `ctx`, if any.
#[must_use]
pub fn lookup(ctx: Ctx, ev: &KeyEvent) -> Option<Cmd> {
    KEYS.iter()
        .filter(|b| b.screens.contains(&ctx))
        .find(|b| b.keys.iter().any(|k| k.matches(ev)))
        .map(|b| b.cmd)
}

/// Every binding of a screen, in table order (the help overlay).
pub fn bindings(ctx: Ctx) -> impl Iterator<Item = &'static Binding> {
    KEYS.iter().filter(move |b| b.screens.contains(&ctx))
}

/// The footer hints of a screen: `(first key, hint)`, the keys special to
/// the screen first, then those shared by every facilitation screen.
#[must_use]
pub fn hints(ctx: Ctx) -> Vec<(String, &'static str)> {
    let shared = |b: &&Binding| b.screens == FAC;
    let hinted = |b: &&Binding| !b.hint.is_empty();
    bindings(ctx)
        .filter(hinted)
        .filter(|b| !shared(b))
        .chain(bindings(ctx).filter(hinted).filter(shared))
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
#[must_use]
pub fn markdown() -> String {
    let mut out = String::new();
    for ctx in Ctx::ALL {
        out.push_str(&format!(
            "### {}\n\n| key | does |\n| --- | --- |\n",
            ctx.label()
        ));
        for b in bindings(ctx) {
            let keys = keys_label(b).replace('|', "\\|");
            out.push_str(&format!("| `{keys}` | {} |\n", b.help));
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
                    let got = lookup(ctx, &k.example_event());
                    // An earlier row may shadow a generic key (Text, Digit) on
                    // purpose; specific keys must reach their own row.
                    if matches!(k, Key::Text | Key::Digit) {
                        assert!(got.is_some(), "{ctx:?} {k:?}");
                    } else {
                        assert_eq!(got, Some(b.cmd), "{ctx:?} {k:?} -> {:?}", b.cmd);
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
            for (key, hint) in hints(ctx) {
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
