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

## Reports and figures: shared words
rounds-one = round { $round }
rounds-others = round { $round } (others)
rounds-some = round { $round } ({ $dimensions })
rounds-none = no ratings yet
figure-subtitle = { $title } — { $rounds }, { $participants ->
    [one] { $participants } participant
   *[other] { $participants } participants
}
word-yes = yes
word-no = no
quadrant-quick-win = quick win
quadrant-major-project = major project
quadrant-fill-in = fill-in
quadrant-thankless-task = thankless task
quadrant-borderline = borderline
flow-kind-forward = forward
flow-kind-reuse = reuse
flow-kind-repurpose = repurpose
flow-kind-remanufacture = remanufacture
flow-kind-recycle = recycle
flow-kind-loss = loss
strength-low = low
strength-medium = medium
strength-high = high
model-stage = Stage
model-axis-x = { $dimension } (x)
model-axis-y = { $dimension } (y)
model-axis-size = { $dimension } (size)
model-axis-colour = { $dimension } (colour)
model-quadrant = Quadrant
model-consensus = Consensus

## The report (Markdown, HTML)
report-session = Session
report-facilitator = Facilitator: { $name }
report-template = Template: { $name }
report-date = Date: { $from } to { $to } (UTC)
report-participants = Participants: { $participants }
report-ratings = Ratings: { $ratings } ({ $percent }% of the current round's grid)
report-rounds = Rounds: { $rounds }
report-round-blind-revealed = { $round } (blind, revealed)
report-round-blind-hidden = { $round } (blind, not revealed)
report-statistics = Statistics below: { $rounds }
report-anonymous = Participants are reported by role only.
report-by-role = Participants by role
report-role = Role
report-role-participants = Participants
report-role-who = Who
report-role-unspecified = unspecified
report-figure-1 = Figure 1: stages by dimension
report-figure-1-caption = Level and median of every cell; ✓ marks consensus; — means not rated.
report-figure-2 = Figure 2: conceptual model
report-figure-2-caption = Each stage placed by { $x } (x) and { $y } (y), sized by { $size } and coloured by { $colour }.
report-consensus = Consensus
report-consensus-summary = { $agreed } of { $rated } rated cells reach consensus (IQR ≤ { $iqr }, agreement ≥ { $agreement }%, at least { $n } ratings).
report-open-cell = { $dimension } (IQR { $iqr }, agreement { $agreement })
report-percent = { $percent }%
report-no-open-cells = No rated cell is without consensus.
report-open-cells = Cells without consensus:
report-w = Agreement on the ranking of stages (Kendall's W)
report-w-dimension = Dimension
report-w-participants = Participants (m)
report-w-reading = Reading
report-w-too-few = too few complete rankings
w-very-weak = very weak agreement
w-weak = weak agreement
w-moderate = moderate agreement
w-strong = strong agreement
w-very-strong = very strong agreement
report-ideas = Ideas by stage
report-no-ideas = No ideas were recorded.
report-idea-votes = Votes
report-idea = Idea
report-idea-technologies = Technologies
report-idea-author = Author
report-flows = Material flow map
report-no-flows = No flows were recorded.
report-flow-from = From
report-flow-to = To
report-flow-kind = Kind
report-flow-strength = Strength
report-flow-materials = Materials
report-flow-note = Note
report-timeline = Timeline
report-exercise-started = Exercise started: { $title }
report-note = Note: { $text }
report-no-timeline = No exercises or notes were recorded.
report-time = Time (UTC)
report-event = Event

## Figures (SVG)
figure-not-rated = not rated
figure-model-title = Conceptual model
figure-model-title-long = Conceptual model: { $y } against { $x }
figure-model-desc = { $stage }: x { $x }, y { $y }, size { $size }, colour { $colour }.
figure-model-desc-no-consensus = { $stage }: x { $x }, y { $y }, size { $size }, colour { $colour }, no consensus.
figure-model-nudged = Stages with the same medians are drawn slightly apart around their common point.
figure-model-unplaced = Not placed (not rated yet): { $stages }
figure-quick-wins = Quick wins
figure-quick-wins-words = high impact, low difficulty
figure-major-projects = Major projects
figure-major-projects-words = high impact, high difficulty
figure-fill-ins = Fill-ins
figure-fill-ins-words = low impact, low difficulty
figure-thankless-tasks = Thankless tasks
figure-thankless-tasks-words = low impact, high difficulty
figure-legend-size = Size: { $dimension }
figure-legend-colour = Colour: { $dimension }
figure-legend-consensus = consensus on all mapped cells
figure-legend-dashed = dashed: no consensus
figure-legend-rule = (consensus: IQR ≤ { $iqr }, agreement ≥ { $agreement }%, n ≥ { $n })
figure-matrix-title = Stages by dimension
figure-matrix-title-long = Stage by dimension matrix: level and median of every cell
figure-matrix-too-few = n={ $n }, fewer than { $min }
figure-matrix-levels = Level of the median:
figure-band-first = { $band } (below { $to })
figure-band-last = { $band } ({ $from } and above)
figure-band = { $band } ({ $from } to below { $to })
figure-matrix-rule = consensus: IQR ≤ { $iqr }, agreement ≥ { $agreement }%, n ≥ { $n }. Big number: median; ?: don't know (left out).
figure-flow-title = Material flow map
figure-flow-title-long = Material flow map: { $flows } flows between the stages of the chain
figure-flow-strengths = Thin to thick: low, medium, high strength today.
figure-flow-none = No flows recorded yet.
