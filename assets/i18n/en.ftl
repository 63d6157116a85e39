# loopshop's words for the room, in English: the participant page, the
# board, the join cards and the reports. Every other catalogue has exactly
# these message ids (tests/i18n_catalogues.rs); to add a language, copy this
# file to assets/i18n/LANG.ftl and translate the text after each `=`.

## The language itself
language-name = English
# Written between the whole number and the decimals in text for people
# (never in CSV, JSON, RON or SVG attributes).
decimal-separator = .

## Words used everywhere
dont-know = don't know
qr-label = QR code of { $text }

## The participant page
page-language = Language:
page-join-title = Join the workshop
page-join-code = Code: the room's code, or the personal code on your card
page-join-name = Your name (not needed with a personal code)
page-join-button = Join
page-round = round { $round }
page-blind = blind: the group is hidden until the facilitator reveals it
page-connected = Connected
page-offline = Offline: your ratings are kept and sent when the connection returns
page-saved = ✓ saved
page-pending = … pending
page-not-saved = Not saved:
page-waiting = Waiting for the facilitator.
page-nothing-to-rate = Nothing to rate right now. This page follows the facilitator.
page-scale = { $dimension } on { $stage }
page-comment = Comment
page-last-round = Last round: you { $you }, group median { $median } (IQR { $iqr })
page-group-now = Group now: median { $median } (IQR { $iqr }), { $n } rated
page-group-now-consensus = Group now: median { $median } (IQR { $iqr }), { $n } rated, consensus
page-ideas = Ideas
page-dots-left = You have { $left } of { $dots ->
    [one] { $dots } dot
   *[other] { $dots } dots
} left.
page-idea-dots = { $dots ->
    [one] { $dots } dot
   *[other] { $dots } dots
}
page-idea-dots-yours = { $dots ->
    [one] { $dots } dot
   *[other] { $dots } dots
}, { $mine } yours
page-add-dot = + dot
page-remove-dot = − dot
page-new-idea = A new idea
page-stage = Stage
page-idea = Idea
page-add-idea = Add the idea
page-card-refused = This card does not open this workshop: it may have been replaced by a new card. Type the room's code and your name, or ask the facilitator.
page-went-wrong = something went wrong

## The room's board
board-page-title = { $title } · board
board-refused-title = loopshop board
board-heading = The room's board
board-live = live
board-reconnecting = reconnecting…
board-blind-hidden = Blind round: the group is hidden until the facilitator reveals it
board-blind-revealed = Blind round, revealed
board-waiting = Waiting for the first exercise
board-figure-subtitle = { $title }, { $participants ->
    [one] { $participants } participant
   *[other] { $participants } participants
}
board-no-ideas = No ideas yet: add yours on your phone.
board-dots = { $dots ->
    [one] { $dots } dot
   *[other] { $dots } dots
}
board-footer-join = Join:
board-footer-code = code
board-footer-card = or the personal code on your card
board-welcome-open = Join from your phone: scan the code, or open
board-welcome-type = and type the code
board-welcome-card = or the personal code on your card.
board-no-progress = The group's results are shown once the facilitator reveals them.
board-rated = { $rated } of { $participants } have rated { $stage }
board-summary = { $dimension }: { $rated } of { $participants } have rated each stage
board-summary-range = { $dimension }: { $least } to { $most } of { $participants } have rated each stage

## Join cards
cards-title = Join cards: { $title }
cards-how = { $cards ->
    [one] { $cards } card
   *[other] { $cards } cards
}, four to a page: print at 100% on A4 or Letter, then cut along the corner marks. Each card signs its holder in; a card reissued in loopshop replaces the old one.
cards-participant = Participant
cards-scan = Scan it with your phone's camera, or open
cards-type = and type your personal code
cards-keep = Keep this card to yourself: it signs you in. If the address has changed, open the one on the projector and type the code.
