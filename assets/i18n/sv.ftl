# loopshops ord till rummet, på svenska: deltagarsidan, tavlan,
# inloggningskorten och rapporterna. Samma meddelande-id:n som en.ftl.

## Språket självt
language-name = svenska
decimal-separator = ,
thousands-separator = {"\u00A0"}

## Ord som används överallt
dont-know = vet inte
qr-label = QR-kod för { $text }

## Deltagarsidan
page-language = Språk:
page-skip = Hoppa till frågorna
page-join-title = Gå med i workshoppen
page-join-code = Kod: rummets kod, eller den personliga koden på ditt kort
page-join-name = Ditt namn (behövs inte med en personlig kod)
page-join-button = Gå med
page-round = omgång { $round }
page-blind = dold omgång: gruppens svar visas först när facilitatorn visar dem
page-connected = Ansluten
page-offline = Ingen anslutning: dina bedömningar sparas här och skickas när anslutningen är tillbaka
page-saved = ✓ sparad
page-pending = … väntar
page-with-answer = sparas med ditt svar
page-not-saved = Inte sparad:
page-waiting = Väntar på facilitatorn.
page-nothing-to-rate = Inget att bedöma just nu. Sidan följer facilitatorn.
page-comment = Kommentar
page-contents = Frågor, med hur många du har bedömt
page-last-round = Förra omgången: du { $you }, gruppens median { $median } (IQR { $iqr })
page-outlier-question = Ditt svar ligger utanför gruppens mittintervall ({ $q1 }-{ $q3 }). Vill du berätta varför? Skriv det i kommentaren.
page-group-count = { $n } har bedömt hittills
page-group-now = Gruppen nu: median { $median } (IQR { $iqr }), { $n } har bedömt
page-group-now-consensus = Gruppen nu: median { $median } (IQR { $iqr }), { $n } har bedömt, konsensus
page-ideas = Idéer
page-dots-left = Du har { $left } av { $dots ->
    [one] { $dots } prick
   *[other] { $dots } prickar
} kvar.
page-idea-dots = { $dots ->
    [one] { $dots } prick
   *[other] { $dots } prickar
}
page-idea-dots-yours = { $dots ->
    [one] { $dots } prick
   *[other] { $dots } prickar
}, { $mine } från dig
page-add-dot = + prick
page-remove-dot = − prick
page-new-idea = En ny idé
page-stage = Steg
page-idea = Idé
page-add-idea = Lägg till idén
refusal-wrong-code = fel kod
refusal-roster-closed = det går inte längre att ansluta; fråga facilitatorn
refusal-cards-only = till den här sessionen ansluter man bara med personliga anslutningskort; fråga facilitatorn efter ditt
refusal-not-listed = namnet finns inte på listan; be facilitatorn att lägga till dig
refusal-full = sessionen är full; fråga facilitatorn
refusal-second-device = { $name } har redan en enhet; facilitatorn måste godkänna den här
refusal-awaiting-approval = enheten väntar på att facilitatorn godkänner den
refusal-unknown-device = enheten är inte inloggad (anslut igen)
refusal-are-you = Är du { $name }?
refusal-bad-alias = ett namn behöver minst en bokstav och inga kontrolltecken
refusal-not-open = { $what } är inte öppen för bedömning nu
refusal-no-ideas-now = idéer och prickar tas bara emot under idéövningen
refusal-nothing-to-comment = cellen har ingen bedömning att kommentera; bedöm den först
refusal-read-only = sessionen är bara öppen för granskning; inget kan ändras
refusal-dots-spent = { $budget ->
    [one] du har satt din { $budget } prick
   *[other] du har satt alla { $budget } prickar
}
refusal-no-dot = du har ingen prick på den idén
refusal-off-scale = { $value } ligger utanför skalan { $min }..{ $max }
page-card-refused = Det här kortet öppnar inte den här workshoppen: det kan ha ersatts av ett nytt kort. Skriv rummets kod och ditt namn, eller fråga facilitatorn.
page-card-title = Ditt personliga kort
page-card-about = Det här kortet är { $name }s. Går du med här loggas { $name } ut från andra telefoner och datorer.
page-card-button = Gå med som { $name }
page-card-not-you = Inte du? Be facilitatorn om ditt eget kort, eller skriv rummets kod och ditt namn på sidan för att gå med.
page-signed-out = Den här telefonen är inte längre inloggad: ditt kort användes på en annan enhet, eller så tog facilitatorn bort den här. Skanna kortet igen eller skriv dess kod nedan för att komma tillbaka.
page-are-you-yes = Ja, jag är { $name }
page-are-you-no = Nej, jag är ny
page-are-you-next = "Nej" gör dig till en ny deltagare med namnet { $typed }.
page-wait-heading = Väntar på att facilitatorn släpper in dig
page-wait-about = Facilitatorn ser ditt namn på sin skärm. Låt sidan vara öppen: den fortsätter av sig själv så fort du är insläppt.
page-back = ‹ Tillbaka
page-next = Nästa ›
page-done = Klart, tack! Du kan ändra alla svar tills facilitatorn avslutar övningen.
page-list-view = Visa alla som en lista
page-card-view = En fråga i taget
page-contents-button = Alla frågor
page-technologies = Tekniker
page-refused-title = Inte gjort
page-refused-back = Tillbaka till sidan
page-next-open = Ett namn på facilitatorns lista går med som den personen; ett nytt namn går med direkt.
page-next-listed = Ett namn på facilitatorns lista går med direkt; ett nytt namn väntar tills facilitatorn släpper in dig.
page-next-listed-ask = Ett namn på facilitatorns lista går med direkt. Inte på listan? Be facilitatorn att lägga till dig.
page-next-cards = Till den här workshoppen går man med personliga kort: skanna ditt, eller skriv dess kod (inget namn behövs). Inget kort? Fråga facilitatorn.
page-next-closed = Det går inte längre att gå med. Fråga facilitatorn om du ska vara med.
page-went-wrong = något gick fel
page-form-expired = Formuläret var inaktuellt (servern startades om, eller så kom det från en annan sida). Inget skickades: försök igen.

## Rummets tavla
board-page-title = { $title } · tavla
board-refused-title = loopshop-tavla
board-heading = Rummets tavla
board-live = live
board-reconnecting = ansluter igen…
board-blind-hidden = Dold omgång: gruppens svar visas först när facilitatorn visar dem
board-blind-revealed = Dold omgång, visad
board-waiting = Väntar på den första övningen
board-figure-subtitle = { $title }, { $participants ->
    [one] { $participants } deltagare
   *[other] { $participants } deltagare
}
board-no-ideas = Inga idéer ännu: lägg till dina i telefonen.
board-dots = { $dots ->
    [one] { $dots } prick
   *[other] { $dots } prickar
}
board-footer-join = Gå med:
board-footer-code = kod
board-footer-card = eller den personliga koden på ditt kort
board-welcome-open = Gå med från telefonen: skanna koden, eller öppna
board-welcome-type = och skriv koden
board-welcome-card = eller den personliga koden på ditt kort.
board-no-progress = Gruppens resultat visas när facilitatorn visar dem.
board-answers-heading = { $dimension }: rummets svar, omgång { $round }
board-dont-know = vet inte
board-median = median { $median }
board-too-few = { $rated ->
    [one] { $rated } svar hittills: visas från { $min }
   *[other] { $rated } svar hittills: visas från { $min }
}
board-blind-answers = Dold omgång: svaren visas när facilitatorn visar dem.
board-progress-heading = Svar hittills
board-tile = { $rated } av { $participants }
board-ideas-heading = Idéerna med flest prickar
board-ideas-page = sida { $page } av { $pages }
board-matrix-heading = Steg per dimension: gruppens median
board-matrix-note = ✓ konsensus · n=2: färre än { $min } svar, visas inte · — ej bedömt
board-discussion = Diskussion
board-clock-left = kvar
board-clock-over = över tiden
board-clock-paused = pausad

## Inloggningskort
cards-title = Inloggningskort: { $title }
cards-how = { $cards ->
    [one] { $cards } kort
   *[other] { $cards } kort
}, fyra per sida: skriv ut i 100 % på A4 eller Letter och klipp längs hörnmärkena. Varje kort loggar in den som har det; ett kort som utfärdas på nytt i loopshop ersätter det gamla.
cards-participant = Deltagare
cards-scan = Skanna det med telefonens kamera, eller öppna
cards-type = och skriv din personliga kod
cards-keep = Behåll kortet för dig själv: det loggar in dig. Om adressen har ändrats, öppna den som visas på projektorn och skriv koden.

## Rapporter och figurer: gemensamma ord
rounds-one = omgång { $round }
rounds-others = omgång { $round } (övriga)
rounds-some = omgång { $round } ({ $dimensions })
rounds-none = inga bedömningar ännu
figure-subtitle = { $title } — { $rounds }, { $participants ->
    [one] { $participants } deltagare
   *[other] { $participants } deltagare
}
word-yes = ja
word-no = nej
quadrant-quick-win = snabb vinst
quadrant-major-project = stort projekt
quadrant-fill-in = utfyllnad
quadrant-thankless-task = otacksam uppgift
quadrant-borderline = gränsfall
flow-kind-forward = framåt
flow-kind-reuse = återanvändning
flow-kind-repurpose = ny användning
flow-kind-remanufacture = återtillverkning
flow-kind-recycle = återvinning
flow-kind-loss = förlust
flow-letter-forward = F
flow-letter-reuse = Å
flow-letter-repurpose = N
flow-letter-remanufacture = T
flow-letter-recycle = V
flow-letter-loss = S
strength-low = svagt
strength-medium = medel
strength-high = starkt
model-stage = Steg
model-axis-x = { $dimension } (x)
model-axis-y = { $dimension } (y)
model-axis-size = { $dimension } (storlek)
model-axis-colour = { $dimension } (färg)
model-quadrant = Kvadrant
model-consensus = Konsensus
model-n = n (x / y / storlek / färg)

## Rapporten (Markdown, HTML)
report-session = Session
report-facilitator = Facilitator: { $name }
report-template = Mall: { $name }
report-date = Datum: { $from } till { $to } (UTC)
report-participants = Deltagare: { $participants }
report-ratings = Bedömningar som läses: { $ratings } ({ $percent } % av { $participants } deltagare × { $cells } rutor, i omgångarna nedan)
report-rounds = Omgångar: { $rounds }
report-round-blind-revealed = { $round } (dold, visad)
report-round-blind-hidden = { $round } (dold, inte visad)
report-statistics = Statistiken nedan: { $rounds }
report-anonymous = Deltagarna redovisas endast med sin roll.
report-by-role = Deltagare efter roll
report-role = Roll
report-role-participants = Deltagare
report-role-who = Vilka
report-and-more = och { $count } till
report-role-unspecified = ej angiven
report-figure-1 = Figur 1: steg per dimension
report-figure-1-caption = Nivå och median för varje ruta, sedan kvartilavståndet (IQR); ✓ markerar konsensus; — betyder ej bedömd.
report-figure-2 = Figur 2: konceptuell modell
report-figure-2-caption = Varje steg placerat efter medianerna för { $x } (x) och { $y } (y), med spridningsstreck från Q1 till Q3 på båda, storlek efter { $size } och färg efter { $colour }.
report-consensus = Konsensus
report-consensus-summary = { $agreed } av { $rated } bedömda rutor når konsensus (IQR ≤ { $iqr }, samstämmighet ≥ { $agreement } %, minst { $n } bedömningar).
report-open-cell = { $dimension } (IQR { $iqr }, samstämmighet { $agreement })
report-percent = { $percent } %
report-no-open-cells = Alla bedömda rutor har konsensus.
report-open-cells = Rutor utan konsensus:
report-w = Enighet om stegens rangordning (Kendalls W)
report-w-dimension = Dimension
report-w-participants = Deltagare (m)
report-w-reading = Tolkning
report-w-too-few = för få fullständiga rangordningar
report-w-all-tied = odefinierat: varje fullständig rangordning ger alla steg samma rang
w-very-weak = mycket svag enighet
w-weak = svag enighet
w-moderate = måttlig enighet
w-strong = stark enighet
w-unusually-strong = ovanligt stark enighet
report-ideas = Idéer per steg
report-no-ideas = Inga idéer registrerades.
report-idea-votes = Röster
report-idea = Idé
report-idea-technologies = Tekniker
report-idea-author = Förslagsställare
report-flows = Karta över materialflöden
report-no-flows = Inga flöden registrerades.
report-flow-from = Från
report-flow-to = Till
report-flow-kind = Typ
report-flow-strength = Styrka
report-flow-materials = Material
report-flow-note = Anteckning
report-timeline = Tidslinje
report-exercise-started = Övningen startade: { $title }
report-note = Anteckning: { $text }
report-no-timeline = Inga övningar eller anteckningar registrerades.
report-time = Tid (UTC)
report-event = Händelse

## Figurer (SVG)
figure-not-rated = ej bedömd
figure-model-title = Konceptuell modell
figure-model-title-long = Konceptuell modell: { $y } mot { $x }
figure-model-desc = { $stage }: x { $x }, y { $y }, storlek { $size }, färg { $colour }.
figure-model-desc-no-consensus = { $stage }: x { $x }, y { $y }, storlek { $size }, färg { $colour }, ingen konsensus.
figure-model-nudged = Steg med samma medianer delar en punkt; deras bubblor ritas runt den, var och en förbunden med den av en linje.
figure-model-unplaced = Inte placerade (x eller y ännu inte bedömda): { $stages }
figure-quick-wins = Snabba vinster
figure-quick-wins-words = stor påverkan, låg svårighet
figure-major-projects = Stora projekt
figure-major-projects-words = stor påverkan, hög svårighet
figure-fill-ins = Utfyllnad
figure-fill-ins-words = liten påverkan, låg svårighet
figure-thankless-tasks = Otacksamma uppgifter
figure-thankless-tasks-words = liten påverkan, hög svårighet
figure-legend-size = Storlek: { $dimension }
figure-legend-colour = Färg: { $dimension }
figure-legend-consensus = konsensus i alla avbildade rutor
figure-legend-dashed = streckad: ingen konsensus
figure-legend-rule = (konsensus: IQR ≤ { $iqr }, samstämmighet ≥ { $agreement } %, n ≥ { $n })
figure-matrix-title = Steg per dimension
figure-matrix-title-long = Matris över steg och dimensioner: nivå, median och spridning för varje ruta
figure-matrix-too-few = n={ $n }, färre än { $min }
figure-matrix-levels = Medianens nivå:
figure-matrix-dimensions = Dimensioner
figure-band-first = { $band } (under { $to })
figure-band-last = { $band } ({ $from } och uppåt)
figure-band = { $band } ({ $from } till under { $to })
figure-matrix-rule = konsensus: IQR ≤ { $iqr }, samstämmighet ≥ { $agreement } %, n ≥ { $n }. Stor siffra: median; ?: vet inte (räknas inte).
figure-shift-title = Förändring mellan omgång { $from } och omgång { $to }
figure-shift-subtitle = Medianer för de { $people } deltagare som bedömde i båda omgångarna, över cellerna bedömda i båda
figure-shift-from = median omgång { $round }
figure-shift-to = median omgång { $round }
figure-shift-no-consensus = streckad ring: ingen konsensus i omgång { $round }
figure-flow-title = Karta över materialflöden
figure-flow-title-long = Karta över materialflöden: { $flows ->
    [one] { $flows } flöde
   *[other] { $flows } flöden
} mellan kedjans steg
figure-flow-strengths = Linjebredd: svagt, medel, starkt flöde i dag.
figure-flow-none = Inga flöden registrerade ännu.
figure-flow-kinds = Typer av flöde
figure-flow-nodes = Noder

## Rapporter som en tidskrift godtar: definitioner, omgångar, svar, kommentarer, roller
report-reading = Så läser du rapporten
report-def-median = Median och IQR: det mittersta värdet i en ruta och dess kvartilavstånd (Q3 − Q1, kvartiler av typ 7); "vet inte" räknas inte, och n räknar de numeriska bedömningarna.
report-def-level = Nivå: det band på skalan (till exempel Låg, Medel, Hög) som innehåller medianen.
report-def-agreement = Samstämmighet: andelen av en rutas bedömningar som ligger i den nivå som har flest av dem.
report-def-consensus = Konsensus: en ruta når konsensus när dess IQR är högst { $iqr }, dess samstämmighet minst { $agreement } % och den har minst { $n } bedömningar.
report-def-w = Kendalls W: hur lika deltagarna rangordnar stegen på en dimension, från 0 (ingen enighet) till 1 (samma rangordning), bland dem som bedömt alla steg. Tolkas i band som utgår från Schmidts (1997) värden: under 0,3 mycket svag, 0,3 till 0,5 svag, 0,5 till 0,7 måttlig, 0,7 till 0,9 stark, 0,9 och däröver ovanligt stark (Schmidt, R. C. (1997). Managing Delphi surveys using nonparametric statistical techniques. Decision Sciences, 28(3), 763–774).
report-def-changes = Förändringar mellan omgångar beräknas över de deltagare som gett en ruta en numerisk bedömning i båda omgångarna ("vet inte" räknas inte); n (båda) räknar dem.
report-pooled = Sammanslaget: { $parts }
pool-part = { $session }: { $rounds }, { $participants } deltagare
report-figure-3 = Figur 3: materialflöden
report-figure-3-caption = Värdekedjans steg i ordning, med flödena mellan dem: bredden är styrkan i dag, bokstäverna anger typen.
report-stability = Stabilitet mellan omgångarna
report-outliers = Avvikande svar och skälen till dem
report-outliers-none = Inget svar låg utanför förra omgångens mittintervall (Q1-Q3) med mer än { $margin } skalsteg.
report-outliers-caption = Svar utanför förra omgångens mittintervall (Q1-Q3) med mer än { $margin } skalsteg, med det skäl varje expert angav (svarets kommentar).
report-outliers-round = Omgång { $round }
report-outliers-who = Expert
report-outliers-dimension = Dimension
report-outliers-answer = Svar
report-outliers-range = Förra mittintervallet
report-outliers-range-value = omgång { $round }: { $q1 }-{ $q3 }
report-outliers-reason = Skäl
report-outliers-no-reason = inget skäl angivet
report-one-round = Bara en omgång har bedömningar: det finns ingen förändring mellan omgångar att redovisa.
report-change-heading = Omgång { $from } till omgång { $to }
report-change-heading-session = { $session }: omgång { $from } till omgång { $to }
report-one-round-session = { $session }: bara en omgång har bedömningar, så inget att jämföra.
report-pool-one-round = Ingen av de sammanslagna sessionerna har en andra omgång med bedömningar: det finns ingen förändring mellan omgångar att redovisa (omgångar jämförs inom en session, aldrig mellan sessioner).
report-change-summary = { $cells } rutor bedömda i båda omgångarna av { $people } deltagare: konsensus i { $now } (var { $before }), nådd i { $reached }, förlorad i { $lost }; { $moved } medianer flyttade sig (genomsnittlig |förskjutning| { $shift }).
report-change-left-out = Utelämnade: { $not } rutor som inte bedömdes igen, { $unpaired } rutor bedömda i båda omgångarna men av olika personer.
report-change-n = n (båda)
report-change-median = Median { $from } → { $to }
report-change-shift = Förskjutning
report-change-iqr = IQR { $from } → { $to }
report-change-reached = nådd
report-change-lost = förlorad
report-change-kept = behållen
report-change-none = ingen
report-w-round = W omgång { $round } (m)
report-w-reading-round = Tolkning i omgång { $round }
report-distributions = Svar per ruta
report-distributions-caption = Hur många deltagare som gav varje värde, och hur många som svarade "vet inte" (?), i de omgångar som redovisas ovan.
report-comments = Kommentarer per steg och dimension
report-no-comments = Inga kommentarer lämnades med bedömningarna.
report-comments-anonymous = Kommentarerna visas utan namn: sessionen är anonym.
report-groups = Per roll
report-groups-caption = Statistiken ovan, beräknad på varje rolls bedömningar för sig, varje ruta med sitt eget n (rollens numeriska bedömningar). Roller med färre än { $min } deltagare redovisas inte.
report-group = { $role } ({ $participants } deltagare)
report-group-too-few = För få deltagare (färre än { $min }) för att redovisa utan att peka ut dem.
figure-legend-no-size = fyrkant: storlek ej bedömd
figure-legend-no-colour = skrafferad: ej bedömd
figure-legend-marks = Markeringar
figure-legend-marks-text = punkt: stegets medianer; spridningsstreck: Q1 till Q3 (kvartilavstånd) på x och y, i färgen på stegets kontur; streckad kontur: ingen konsensus på en avbildad dimension, angiven inom hakparentes efter steget (x, y, s = storlek, c = färg).
figure-legend-consensus-rule = Konsensus: IQR ≤ { $iqr }, samstämmighet ≥ { $agreement } %, n ≥ { $n }. Samstämmighet: andelen bedömningar i den nivå (det band) som har flest av dem.
figure-legend-n = Numeriska bedömningar per steg på x och y: n = { $n } om inget annat anges efter stegets namn, som n=x/y när de skiljer sig.
figure-legend-n-each = Numeriska bedömningar per steg på x och y: anges efter varje stegs namn, som n=x/y när de skiljer sig.
figure-legend-key = Steg
figure-legend-roles = Roller: varje rolls medianer, förenade med stegets punkt
figure-shape-triangle = triangel:
figure-shape-diamond = romb:
figure-shape-down-triangle = nedåtriktad triangel:
figure-shape-plus = plus:
figure-shape-cross = kryss:
figure-shape-star = stjärna:
figure-model-axis-anchors = { $axis }: { $anchors }.
figure-model-quadrants = Kvadranter, uppe till vänster, uppe till höger, nere till vänster, nere till höger: { $labels }.
figure-model-desc-lacking = { $stage }: x { $x }, y { $y }, storlek { $size }, färg { $colour }, ingen konsensus på { $lacking }.
figure-matrix-legend = Stor siffra: median. Under den: medianens nivå, n = numeriska bedömningar, IQR = kvartilavstånd (Q3 − Q1), ? = vet inte (räknas inte). { $mark } konsensus: IQR ≤ { $iqr }, samstämmighet ≥ { $agreement } %, n ≥ { $n }; samstämmighet är andelen bedömningar i den nivå som har flest av dem.
figure-flow-sides = Flöden tillbaka till ett tidigare steg går i båge till höger; flöden förbi ett steg och förluster går i båge till vänster.

## Forskningsdatapaketets methods.md och results.md (--format package)
package-methods-title = Metod
package-methods-pool = Resultaten slår samman { $count } sessioner med samma mall: { $sessions }.
package-methods-panel = En panel med { $participants } deltagare deltog: { $roles }.
package-methods-role = { $count } { $role }
package-methods-role-unspecified = { $count } utan angiven roll
package-methods-pseudonyms = Deltagarna anges endast med pseudonymer; deras organisationer redovisas inte.
package-methods-session = Workshoppen{ $which } hölls { $date } och varade { $hours } h { $minutes } min, med { $count } { $count ->
    [one] övning
   *[other] övningar
} i denna ordning: { $exercises }.
package-methods-session-unlogged = Workshoppen{ $which } hölls { $date }.
package-methods-scales = Deltagarna bedömde { $stages } steg i värdekedjan ({ $stage-list }) på { $dimensions } { $dimensions ->
    [one] dimension
   *[other] dimensioner
}: { $dimension-list }. Svaret ”vet inte” var möjligt; det räknas men ingår inte i någon statistik.
package-methods-scale = { $name }, från { $min } ({ $low }) till { $max } ({ $high })
package-methods-rounds = Bedömningarna samlades in i { $rounds } { $rounds ->
    [one] omgång
   *[other] omgångar
}.
package-methods-round-open = Omgång { $round }{ $which } besvarades av { $answered } av { $panel } deltagare ({ $rate } %).
package-methods-round-blind = Omgång { $round }{ $which } var blind (gruppens resultat doldes tills de visades) och besvarades av { $answered } av { $panel } deltagare ({ $rate } %).
package-methods-feedback = Mellan omgångarna såg varje deltagare gruppens median och kvartilavstånd bredvid sitt eget tidigare svar, och ombads motivera kort när ett nytt svar låg mer än { $margin } skalsteg utanför det tidigare kvartilavståndet.
package-methods-consensus = Konsensus i en cell definierades före workshoppen som ett kvartilavstånd på högst { $iqr }, minst { $agreement } % av de numeriska bedömningarna i ett nivåband och minst { $n } numeriska bedömningar.
package-methods-statistics = Varje cell sammanfattas med sin median och första och tredje kvartil (Q1–Q3, R:s kvantiltyp 7) samt med medelvärde och standardavvikelse. För varje dimension läses den senaste omgång som bedömde den. Samstämmigheten i rangordningen av stegen mättes per dimension med Kendalls W, korrigerat för lika värden, över de deltagare som bedömde alla steg, och prövades med χ² = m(n − 1)W med n − 1 frihetsgrader.
package-methods-software = Workshoppen genomfördes och analyserades med loopshop { $version }; skripten i datapaketet återskapar all statistik i R och Python.
package-results-title = Resultat
package-results-consensus-title = Konsensus
package-results-consensus = { $agreed } av { $rated } bedömda celler nådde konsensus.
package-results-consensus-dimension = { $dimension }: { $agreed } av { $rated } steg nådde konsensus{ $list }.
package-results-model-title = Den konceptuella modellen
package-results-model = Med { $x } på den vågräta axeln och { $y } på den lodräta hamnar stegens medianer i dessa kvadranter:
package-results-quadrant = { $quadrant }: { $stages }.
package-results-w-title = Samstämmighet i rangordningen av stegen
package-results-w = { $dimension }: Kendalls W = { $w } (m = { $m }, χ²({ $df }) = { $chi2 }, p { $p }).
package-results-w-none = { $dimension }: Kendalls W kan inte beräknas, eftersom färre än två deltagare bedömde alla steg.
package-results-changes-title = Förändringar mellan omgångarna
package-results-change = Mellan omgång { $from } och omgång { $to }{ $which } bedömde { $paired } deltagare i båda omgångarna; medianen flyttade sig i { $moved } av { $compared } celler, { $reached } { $reached ->
    [one] cell
   *[other] celler
} nådde konsensus och { $lost } förlorade den.
package-results-no-changes = Det fanns en omgång: inga förändringar mellan omgångar att redovisa.
package-results-ideas-title = Idéer med flest prickar
package-results-idea = ”{ $text }” ({ $stage }): { $dots } { $dots ->
    [one] prick
   *[other] prickar
}.
package-results-no-ideas = Inga idéer samlades in.
package-session = { " " }(session { $letter }, { $title })

## Terminalen (den talar engelska; dess antal följer katalogens pluralformer)
terminal-dot-word = { $dots ->
    [one] prick
   *[other] prickar
}
terminal-dots-left = { $name } har { $dots ->
    [one] { $dots } prick
   *[other] { $dots } prickar
} kvar
terminal-devices-joined = { $devices ->
    [one] { $devices } enhet ansluten
   *[other] { $devices } enheter anslutna
}, { $waiting } väntar på godkännande
terminal-devices-approved = { $devices ->
    [one] { $devices } väntande enhet godkänd
   *[other] { $devices } väntande enheter godkända
}
terminal-signed-out = loggade ut { $devices ->
    [one] { $devices } tidigare enhet
   *[other] { $devices } tidigare enheter
} för { $name }: deras kort anslöt på en ny enhet

## Kodboken sist i HTML-rapporten
codebook-title = Kodbok
codebook-intro = Hur statistiken i denna rapport och i sammanfattningens CSV (--format summary-csv) är kodad; forskningsdatapaketet (--format package) innehåller kodboken för alla filer.
codebook-dont-know = Svaren ”vet inte” räknas i dont_know och ingår inte i någon statistik.
codebook-rounds = För varje dimension läses den senaste omgång som bedömde den (eller exakt den omgång som anges med --round); en blind omgång läses när den har visats.
codebook-consensus = Konsensus: minst { $n } numeriska bedömningar, ett kvartilavstånd på högst { $iqr } och minst { $agreement } % av bedömningarna i ett band.
codebook-scales = Skalor
codebook-dimension = Dimension
codebook-question = Fråga
codebook-scale = Skala
codebook-low = Låga änden
codebook-high = Höga änden
codebook-bands = Band (från, till)
codebook-scale-range = { $min } till { $max }
codebook-columns = Kolumnerna i sammanfattningens CSV
codebook-column = Kolumn
codebook-meaning = Betydelse
codebook-col-stage = Steget (mallens id).
codebook-col-dimension = Dimensionen (mallens id).
codebook-col-round = Omgången som läses; tom när en sammanslagning läser olika omgångar i sina sessioner.
codebook-col-n = Numeriska bedömningar.
codebook-col-dont_know = Svar ”vet inte”.
codebook-col-median = Median (R:s kvantiltyp 7).
codebook-col-mean = Medelvärde.
codebook-col-sd = Standardavvikelse i urvalet (n − 1).
codebook-col-q1 = Första kvartilen (R:s kvantiltyp 7).
codebook-col-q3 = Tredje kvartilen (R:s kvantiltyp 7).
codebook-col-iqr = Kvartilavstånd, q3 − q1.
codebook-col-level = Bandet som medianen ligger i.
codebook-col-agreement = Andelen numeriska bedömningar i det band som har flest av dem.
codebook-col-consensus = Om cellen uppfyller konsensusregeln (true eller false).
codebook-col-group = all, eller rollen som raden gäller (--by role).
codebook-col-rounds = Vad raden slår samman: omgången, eller varje sammanslagen sessions omgång.
