# loopshops ord till rummet, på svenska: deltagarsidan, tavlan,
# inloggningskorten och rapporterna. Samma meddelande-id:n som en.ftl.

## Språket självt
language-name = svenska
decimal-separator = ,

## Ord som används överallt
dont-know = vet inte
qr-label = QR-kod för { $text }

## Deltagarsidan
page-language = Språk:
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
page-not-saved = Inte sparad:
page-waiting = Väntar på facilitatorn.
page-nothing-to-rate = Inget att bedöma just nu. Sidan följer facilitatorn.
page-scale = { $dimension } för { $stage }
page-comment = Kommentar
page-last-round = Förra omgången: du { $you }, gruppens median { $median } (IQR { $iqr })
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
page-card-refused = Det här kortet öppnar inte den här workshoppen: det kan ha ersatts av ett nytt kort. Skriv rummets kod och ditt namn, eller fråga facilitatorn.
page-went-wrong = något gick fel

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
board-rated = { $rated } av { $participants } har bedömt { $stage }
board-summary = { $dimension }: { $rated } av { $participants } har bedömt varje steg
board-summary-range = { $dimension }: { $least } till { $most } av { $participants } har bedömt varje steg

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
