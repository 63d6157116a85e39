# loopshop's words for the room, in English: the participant page, the
# board, the join cards and the reports. Every other catalogue has exactly
# these message ids (src/i18n/tests.rs); to add a language, copy this
# file to assets/i18n/LANG.ftl and translate the text after each `=`.

## The language itself
language-name = English
# Written between the whole number and the decimals in text for people
# (never in CSV, JSON, RON or SVG attributes).
decimal-separator = .
thousands-separator = ,

## Words used everywhere
dont-know = don't know
qr-label = QR code of { $text }

## The participant page
page-language = Language:
page-skip = Skip to the questions
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
page-with-answer = saved with your answer
page-not-saved = Not saved:
page-waiting = Waiting for the facilitator.
page-nothing-to-rate = Nothing to rate right now. This page follows the facilitator.
page-comment = Comment
page-contents = Questions, with how many you have rated
page-last-round = Last round: you { $you }, group median { $median } (IQR { $iqr })
page-outlier-question = Your answer is outside the group's middle range ({ $q1 }-{ $q3 }). Would you like to say why? Write it in the comment.
page-group-count = { $n } rated so far
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
page-card-title = Your personal card
page-card-about = This card is { $name }'s. Joining here signs out any other phone or computer where { $name } is signed in.
page-card-button = Join as { $name }
page-card-not-you = Not you? Ask the facilitator for your own card, or type the room's code and your name on the join page.
page-signed-out = This phone is no longer signed in: your card was used on another device, or the facilitator removed this one. To get back in, scan your card again or type its code below.
page-are-you-yes = Yes, I am { $name }
page-are-you-no = No, I am new
page-are-you-next = "No" joins you as a new participant named { $typed }.
page-wait-heading = Waiting for the facilitator to let you in
page-wait-about = The facilitator sees your name on their screen. Keep this page open: it continues by itself as soon as you are in.
page-back = ‹ Back
page-next = Next ›
page-done = You're done, thank you: you can still change any answer until the facilitator closes this exercise.
page-list-view = Show all as a list
page-card-view = One question at a time
page-contents-button = All questions
page-technologies = Technologies
page-refused-title = Not done
page-refused-back = Back to the page
page-next-open = A name on the facilitator's list joins as that person; a new name joins at once.
page-next-listed = A name on the facilitator's list joins at once; a new name waits until the facilitator lets you in.
page-next-listed-ask = A name on the facilitator's list joins at once. Not on the list? Ask the facilitator to add you.
page-next-cards = This workshop is joined with personal cards: scan yours, or type its code (no name needed). No card? Ask the facilitator.
page-next-closed = Joining is closed. Ask the facilitator if you should be in.
page-went-wrong = something went wrong
page-form-expired = This form was out of date (the server restarted, or it came from another page). Nothing was sent: please try again.
refusal-wrong-code = wrong join code
refusal-roster-closed = joining is closed; ask the facilitator
refusal-cards-only = this session is joined with personal join cards only; ask the facilitator for yours
refusal-not-listed = this name is not on the list; ask the facilitator to add you
refusal-full = the session is full; ask the facilitator
refusal-second-device = { $name } already has a device; the facilitator must approve this one
refusal-awaiting-approval = this device waits for the facilitator's approval
refusal-unknown-device = this device is not signed in (join again)
refusal-are-you = Are you { $name }?
refusal-bad-alias = a name needs at least one letter and no control characters
refusal-not-open = { $what } is not open for rating now
refusal-no-ideas-now = ideas and dots are taken only during the ideas exercise
refusal-nothing-to-comment = the cell has no rating to comment on; rate it first
refusal-read-only = the session is open for review only; nothing can be changed
refusal-dots-spent = { $budget ->
    [one] you have placed your { $budget } dot
   *[other] you have placed all { $budget } dots
}
refusal-no-dot = you have no dot on that idea
refusal-off-scale = { $value } is off the scale { $min }..{ $max }

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
board-answers-heading = { $dimension }: the room's answers, round { $round }
board-dont-know = don't know
board-median = median { $median }
board-too-few = { $rated ->
    [one] { $rated } answer so far: shown from { $min }
   *[other] { $rated } answers so far: shown from { $min }
}
board-blind-answers = Blind round: the answers are shown after the reveal.
board-progress-heading = Answers so far
board-tile = { $rated } of { $participants }
board-ideas-heading = Top ideas by dots
board-ideas-page = page { $page } of { $pages }
board-matrix-heading = Stages by dimension: the group's median
board-matrix-note = ✓ consensus · n=2: fewer than { $min } answers, not shown · — not rated
board-discussion = Discussion
board-clock-left = left
board-clock-over = over time
board-clock-paused = paused

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
flow-letter-forward = F
flow-letter-reuse = U
flow-letter-repurpose = P
flow-letter-remanufacture = M
flow-letter-recycle = R
flow-letter-loss = L
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
model-n = n (x / y / size / colour)

## The report (Markdown, HTML)
report-session = Session
report-facilitator = Facilitator: { $name }
report-template = Template: { $name }
report-date = Date: { $from } to { $to } (UTC)
report-participants = Participants: { $participants }
report-ratings = Ratings read: { $ratings } ({ $percent }% of { $participants } participants × { $cells } cells, in the rounds below)
report-rounds = Rounds: { $rounds }
report-round-blind-revealed = { $round } (blind, revealed)
report-round-blind-hidden = { $round } (blind, not revealed)
report-statistics = Statistics below: { $rounds }
report-anonymous = Participants are reported by role only.
report-by-role = Participants by role
report-role = Role
report-role-participants = Participants
report-role-who = Who
report-and-more = and { $count } more
report-role-unspecified = unspecified
report-figure-1 = Figure 1: stages by dimension
report-figure-1-caption = Level and median of every cell, then the interquartile range (IQR); ✓ marks consensus; — means not rated.
report-figure-2 = Figure 2: conceptual model
report-figure-2-caption = Each stage placed by the medians of { $x } (x) and { $y } (y), with whiskers from Q1 to Q3 on both, sized by { $size } and coloured by { $colour }.
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
report-w-all-tied = undefined: every complete ranking ties all stages
w-very-weak = very weak agreement
w-weak = weak agreement
w-moderate = moderate agreement
w-strong = strong agreement
w-unusually-strong = unusually strong agreement
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
figure-model-nudged = Stages with the same medians share one dot; their bubbles are drawn around it, each joined to it by a line.
figure-model-unplaced = Not placed (x or y not rated yet): { $stages }
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
figure-matrix-title-long = Stage by dimension matrix: level, median and spread of every cell
figure-matrix-too-few = n={ $n }, fewer than { $min }
figure-matrix-levels = Level of the median:
figure-matrix-dimensions = Dimensions
figure-band-first = { $band } (below { $to })
figure-band-last = { $band } ({ $from } and above)
figure-band = { $band } ({ $from } to below { $to })
figure-matrix-rule = consensus: IQR ≤ { $iqr }, agreement ≥ { $agreement }%, n ≥ { $n }. Big number: median; ?: don't know (left out).
figure-shift-title = Change between round { $from } and round { $to }
figure-shift-subtitle = Medians of the { $people } participants who rated both rounds, over the cells rated in both
figure-shift-from = round { $round } median
figure-shift-to = round { $round } median
figure-shift-no-consensus = dashed ring: no consensus in round { $round }
figure-flow-title = Material flow map
figure-flow-title-long = Material flow map: { $flows } flows between the stages of the chain
figure-flow-strengths = Line width: low, medium, high strength today.
figure-flow-none = No flows recorded yet.
figure-flow-kinds = Kinds of flow
figure-flow-nodes = Nodes

## Reports a journal accepts: definitions, rounds, answers, comments, roles
report-reading = How to read this report
report-def-median = Median and IQR: the middle rating of a cell and its interquartile range (Q3 − Q1, type-7 quartiles); "don't know" is left out, and n counts the numeric ratings.
report-def-level = Level: the band of the scale (for example Low, Medium, High) that holds the median.
report-def-agreement = Agreement: the share of a cell's ratings that fall in the level holding most of them.
report-def-consensus = Consensus: a cell reaches consensus when its IQR is at most { $iqr }, its agreement at least { $agreement }% and it has at least { $n } ratings.
report-def-w = Kendall's W: how far participants rank the stages alike on a dimension, from 0 (no agreement) to 1 (the same ranking), over those who rated every stage. Read in bands that start at Schmidt's (1997) values: below 0.3 very weak, 0.3 to 0.5 weak, 0.5 to 0.7 moderate, 0.7 to 0.9 strong, 0.9 and above unusually strong (Schmidt, R. C. (1997). Managing Delphi surveys using nonparametric statistical techniques. Decision Sciences, 28(3), 763–774).
report-def-changes = Changes between rounds are computed over the participants who gave a cell a numeric rating in both rounds ("don't know" pairs nothing); n (both) counts them.
report-pooled = Pooled: { $parts }
pool-part = { $session }: { $rounds }, { $participants ->
    [one] { $participants } participant
   *[other] { $participants } participants
}
report-figure-3 = Figure 3: material flows
report-figure-3-caption = The value chain's stages in order, with the flows between them: width is strength today, letters name the kind.
report-stability = Stability between rounds
report-outliers = Outliers and their reasons
report-outliers-none = No answer lay outside the previous round's middle range (Q1-Q3) by more than { $margin } scale points.
report-outliers-caption = Answers outside the previous round's middle range (Q1-Q3) by more than { $margin } scale points, with the reason each expert gave (the answer's comment).
report-outliers-round = Round { $round }
report-outliers-who = Expert
report-outliers-dimension = Dimension
report-outliers-answer = Answer
report-outliers-range = Previous middle range
report-outliers-range-value = round { $round }: { $q1 }-{ $q3 }
report-outliers-reason = Reason
report-outliers-no-reason = no reason given
report-one-round = Only one round has ratings: there is no change between rounds to report.
report-change-heading = Round { $from } to round { $to }
report-change-heading-session = { $session }: round { $from } to round { $to }
report-one-round-session = { $session }: only one round has ratings, so nothing to compare.
report-pool-one-round = No pooled session has a second round with ratings: there is no change between rounds to report (rounds are compared within a session, never across sessions).
report-change-summary = { $cells } cells rated in both rounds by { $people } participants: consensus in { $now } (was { $before }), reached in { $reached }, lost in { $lost }; { $moved } medians moved (mean |shift| { $shift }).
report-change-left-out = Left out: { $not } cells not re-rated, { $unpaired } cells rated in both rounds but by different people.
report-change-n = n (both)
report-change-median = Median { $from } → { $to }
report-change-shift = Shift
report-change-iqr = IQR { $from } → { $to }
report-change-reached = reached
report-change-lost = lost
report-change-kept = kept
report-change-none = none
report-w-round = W round { $round } (m)
report-w-reading-round = Reading in round { $round }
report-distributions = Answers per cell
report-distributions-caption = How many participants gave each value, and how many answered "don't know" (?), in the rounds reported above.
report-comments = Comments by stage and dimension
report-no-comments = No comments were left with the ratings.
report-comments-anonymous = Comments are shown without names: the session is anonymous.
report-groups = By role
report-groups-caption = The statistics above, computed on each role's ratings alone, each cell with its own n (numeric ratings of the role). Roles with fewer than { $min } participants are not reported.
report-group = { $role } ({ $participants ->
    [one] { $participants } participant
   *[other] { $participants } participants
})
report-group-too-few = Too few participants (fewer than { $min }) to report without pointing at them.
figure-legend-no-size = square: size not rated
figure-legend-no-colour = hatched: not rated
figure-legend-marks = Marks
figure-legend-marks-text = dot: the stage's medians; whiskers: Q1 to Q3 (interquartile range) on x and y, in the colour of the stage's outline; dashed outline: no consensus on a mapped dimension, named in brackets after the stage (x, y, s = size, c = colour).
figure-legend-consensus-rule = Consensus: IQR ≤ { $iqr }, agreement ≥ { $agreement }%, n ≥ { $n }. Agreement: the share of ratings in the level (band) that holds most of them.
figure-legend-n = Numeric ratings per stage on x and y: n = { $n } unless given after the stage's name, as n=x/y when the two differ.
figure-legend-n-each = Numeric ratings per stage on x and y: given after each stage's name, as n=x/y when the two differ.
figure-legend-key = Stages
figure-legend-roles = Roles: each role's medians, joined to the stage's dot
figure-shape-triangle = triangle:
figure-shape-diamond = diamond:
figure-shape-down-triangle = downward triangle:
figure-shape-plus = plus:
figure-shape-cross = cross:
figure-shape-star = star:
figure-model-axis-anchors = { $axis }: { $anchors }.
figure-model-quadrants = Quadrants, top left, top right, bottom left, bottom right: { $labels }.
figure-model-desc-lacking = { $stage }: x { $x }, y { $y }, size { $size }, colour { $colour }, no consensus on { $lacking }.
figure-matrix-legend = Big number: median. Under it: level of the median, n = numeric ratings, IQR = interquartile range (Q3 − Q1), ? = don't know (left out). { $mark } consensus: IQR ≤ { $iqr }, agreement ≥ { $agreement }%, n ≥ { $n }; agreement is the share of ratings in the level that holds most of them.
figure-flow-sides = Loops back to an earlier stage arch on the right; flows past a stage and losses arch on the left.

## The research data package's methods.md and results.md (--format package)
package-methods-title = Methods
package-methods-pool = The results pool { $count } sessions of the same template: { $sessions }.
package-methods-panel = A panel of { $participants } { $participants ->
    [one] participant
   *[other] participants
} took part: { $roles }.
package-methods-role = { $count } { $role }
package-methods-role-unspecified = { $count } without a stated role
package-methods-pseudonyms = Participants are identified by pseudonyms only; their organisations are not reported.
package-methods-session = The workshop{ $which } was held on { $date } and lasted { $hours } h { $minutes } min, with { $count } { $count ->
    [one] exercise
   *[other] exercises
} in this order: { $exercises }.
package-methods-session-unlogged = The workshop{ $which } was held on { $date }.
package-methods-scales = Participants rated { $stages } stages of the value chain ({ $stage-list }) on { $dimensions } { $dimensions ->
    [one] dimension
   *[other] dimensions
}: { $dimension-list }. A “don't know” answer was possible; it is counted but left out of every statistic.
package-methods-scale = { $name }, from { $min } ({ $low }) to { $max } ({ $high })
package-methods-rounds = Ratings were collected in { $rounds } { $rounds ->
    [one] round
   *[other] rounds
}.
package-methods-round-open = Round { $round }{ $which } was answered by { $answered } of { $panel } participants ({ $rate } %).
package-methods-round-blind = Round { $round }{ $which } was blind (the group's results were hidden until revealed) and was answered by { $answered } of { $panel } participants ({ $rate } %).
package-methods-feedback = Between rounds, each participant saw the group's median and interquartile range beside their own earlier answer, and was asked for a short justification when a new answer lay more than { $margin } scale points outside the previous interquartile range.
package-methods-consensus = Consensus on a cell was defined before the workshop as an interquartile range of at most { $iqr }, at least { $agreement } % of the numeric ratings in one level band, and at least { $n } numeric ratings.
package-methods-statistics = Each cell is summarised by its median with the first and third quartiles (Q1–Q3, R's quantile type 7) and by its mean and standard deviation. Per dimension, the latest round that rated it is read. Agreement on the ranking of the stages was measured per dimension with Kendall's W, corrected for ties, over the participants who rated every stage, and tested with χ² = m(n − 1)W on n − 1 degrees of freedom.
package-methods-software = The workshop was run and analysed with loopshop { $version }; the scripts in the data package reproduce every statistic in R and Python.
package-results-title = Results
package-results-consensus-title = Consensus
package-results-consensus = { $agreed } of { $rated } rated cells reached consensus.
package-results-consensus-dimension = { $dimension }: { $agreed } of { $rated } stages reached consensus{ $list }.
package-results-model-title = The conceptual model
package-results-model = With { $x } on the horizontal axis and { $y } on the vertical axis, the stages' medians fall in these quadrants:
package-results-quadrant = { $quadrant }: { $stages }.
package-results-w-title = Agreement on the ranking of stages
package-results-w = { $dimension }: Kendall's W = { $w } (m = { $m }, χ²({ $df }) = { $chi2 }, p { $p }).
package-results-w-none = { $dimension }: Kendall's W cannot be computed, since fewer than two participants rated every stage.
package-results-changes-title = Changes between rounds
package-results-change = Between round { $from } and round { $to }{ $which }, { $paired } participants rated in both rounds; the median of { $moved } of { $compared } cells moved, { $reached } { $reached ->
    [one] cell
   *[other] cells
} reached consensus and { $lost } lost it.
package-results-no-changes = There was one round: no changes between rounds to report.
package-results-ideas-title = Ideas with the most dots
package-results-idea = “{ $text }” ({ $stage }): { $dots } { $dots ->
    [one] dot
   *[other] dots
}.
package-results-no-ideas = No ideas were collected.
package-session = { " " }(session { $letter }, { $title })

## The terminal (it speaks English; its counts follow the catalogue's plurals)
terminal-dot-word = { $dots ->
    [one] dot
   *[other] dots
}
terminal-dots-left = { $name } has { $dots ->
    [one] { $dots } dot
   *[other] { $dots } dots
} left
terminal-devices-joined = { $devices ->
    [one] { $devices } device joined
   *[other] { $devices } devices joined
}, { $waiting } waiting for approval
terminal-devices-approved = { $devices ->
    [one] { $devices } waiting device approved
   *[other] { $devices } waiting devices approved
}
terminal-signed-out = signed out { $devices ->
    [one] { $devices } earlier device
   *[other] { $devices } earlier devices
} of { $name }: their card joined on a new device

## The codebook at the end of the HTML report
codebook-title = Codebook
codebook-intro = How the statistics of this report and of the summary CSV (--format summary-csv) are coded; the research data package (--format package) holds the codebook of every file.
codebook-dont-know = “Don't know” answers are counted in dont_know and left out of every statistic.
codebook-rounds = Per dimension, the latest round that rated it is read (or exactly the round asked for with --round); a blind round is read once it is revealed.
codebook-consensus = Consensus: at least { $n } numeric ratings, an interquartile range of at most { $iqr }, and at least { $agreement } % of the ratings in one band.
codebook-scales = Scales
codebook-dimension = Dimension
codebook-question = Question
codebook-scale = Scale
codebook-low = Low end
codebook-high = High end
codebook-bands = Bands (from, to)
codebook-scale-range = { $min } to { $max }
codebook-columns = Columns of the summary CSV
codebook-column = Column
codebook-meaning = Meaning
codebook-col-stage = The stage (template id).
codebook-col-dimension = The dimension (template id).
codebook-col-round = The round read; empty when a pool reads different rounds of its sessions.
codebook-col-n = Numeric ratings.
codebook-col-dont_know = “Don't know” answers.
codebook-col-median = Median (R's quantile type 7).
codebook-col-mean = Mean.
codebook-col-sd = Sample standard deviation (n − 1).
codebook-col-q1 = First quartile (R's quantile type 7).
codebook-col-q3 = Third quartile (R's quantile type 7).
codebook-col-iqr = Interquartile range, q3 − q1.
codebook-col-level = The band that holds the median.
codebook-col-agreement = Share of the numeric ratings in the band that holds most of them.
codebook-col-consensus = Whether the cell meets the consensus rule (true or false).
codebook-col-group = all, or the role the row is about (--by role).
codebook-col-rounds = What the row pools: the round, or each pooled session's round.
