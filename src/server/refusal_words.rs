//! A refusal in the words of the device's language, for the participant
//! page. The JSON keeps the English `error` (the documented API) and adds
//! `message` in the device's language; pages show `message`.

use crate::domain::ChangeError;
use crate::engine::Refusal;
use crate::i18n::Tr;

/// `refusal` as the participant page says it in `tr`'s language; refusals
/// a participant cannot meet keep their English text.
#[must_use]
pub fn words(tr: Tr, refusal: &Refusal) -> String {
    match refusal {
        Refusal::WrongCode => tr.text("refusal-wrong-code"),
        Refusal::RosterClosed => tr.text("refusal-roster-closed"),
        Refusal::CardsOnly => tr.text("refusal-cards-only"),
        Refusal::NotListed => tr.text("refusal-not-listed"),
        Refusal::Full => tr.text("refusal-full"),
        Refusal::SecondDevice(name) => tr.args("refusal-second-device", &[("name", name.into())]),
        Refusal::AwaitingApproval => tr.text("refusal-awaiting-approval"),
        Refusal::UnknownDevice => tr.text("refusal-unknown-device"),
        Refusal::BadAlias => tr.text("refusal-bad-alias"),
        Refusal::AreYou(name) => tr.args("refusal-are-you", &[("name", name.into())]),
        Refusal::NotOpen(what) => tr.args("refusal-not-open", &[("what", what.into())]),
        Refusal::NoIdeasNow => tr.text("refusal-no-ideas-now"),
        Refusal::NothingToComment => tr.text("refusal-nothing-to-comment"),
        Refusal::ReadOnly => tr.text("refusal-read-only"),
        Refusal::Invalid(ChangeError::VoteBudgetSpent { budget, .. }) => {
            tr.args("refusal-dots-spent", &[("budget", (*budget).into())])
        }
        Refusal::Invalid(ChangeError::NoVote(_)) => tr.text("refusal-no-dot"),
        Refusal::Invalid(ChangeError::OffScale {
            value, min, max, ..
        }) => tr.args(
            "refusal-off-scale",
            &[
                ("value", (*value).into()),
                ("min", (*min).into()),
                ("max", (*max).into()),
            ],
        ),
        other => other.to_string(),
    }
}
