use chrono::{SubsecRound, Utc};

use super::args::NewArgs;
use super::{CliError, Context, print_out, read_file};
use crate::domain::{Change, DEFAULT_LANGUAGE, Session, default_template, has_control};
use crate::import::participants;

pub fn run(ctx: &Context, args: &NewArgs) -> Result<(), CliError> {
    let title = args.title.trim();
    if title.is_empty() {
        return Err(CliError::msg("the session title must not be empty"));
    }
    if let Err(crate::domain::ChangeError::TooLong { chars, max, .. }) =
        crate::domain::check_title(title)
    {
        return Err(CliError::msg(format!(
            "the session title is {chars} characters long; at most {max} are allowed"
        )));
    }
    if has_control(title) || has_control(&args.facilitator) {
        return Err(CliError::msg(
            "the title and the facilitator's name must not hold control characters \
             (such as escape sequences or line breaks)",
        ));
    }
    let asked = match &args.lang {
        Some(code) => Some(
            crate::i18n::known_language(code).map_err(|e| CliError::msg(format!("--lang: {e}")))?,
        ),
        None => None,
    };
    // The template: the one named, else the default in the asked language.
    let (template, template_language) = match &args.template {
        Some(arg) => super::template::resolve(arg, asked.unwrap_or(DEFAULT_LANGUAGE))?,
        None => match asked {
            Some(code) => super::template::resolve("default", code)?,
            None => (default_template(), None),
        },
    };
    let language = asked.or(template_language).unwrap_or(DEFAULT_LANGUAGE);
    let people = match &args.participants {
        Some(file) => participants::parse(&read_file(file)?)
            .map_err(|e| CliError::msg(format!("{}: {e}", file.display())))?,
        None => Vec::new(),
    };
    // Whole seconds: ratings store their time as whole seconds since `created`.
    let now = Utc::now().trunc_subsecs(0);
    let mut session = Session::new(title, args.facilitator.trim(), template, now);
    session.anonymous = args.anonymous;
    language.clone_into(&mut session.language);
    if let Some(first) = session.rounds.first_mut() {
        first.blind = args.blind;
    }
    // Made with the session: its join cards can be printed at once.
    session.access.card_secret = crate::store::new_card_secret();
    for p in people {
        session
            .apply(&Change::AddParticipant(p))
            .map_err(|e| CliError::msg(e.to_string()))?;
    }
    let path = ctx.store.create(&session)?;
    print_out(&format!("{}\n", path.display()))
}
