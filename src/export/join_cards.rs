//! Printable join cards: one self-contained HTML page, one card per
//! participant (four to a sheet of A4 or Letter, with cut marks), each with
//! the workshop's title, the participant's name (the role only, when the
//! session is anonymous), a QR code of the personal link
//! `http://HOST:PORT/j/CODE`, and the address and the personal code written
//! out: a card printed days before still works when the address at the
//! venue differs (open the address on the projector, type the code). The
//! codes are derived from the session's card secret ([`crate::domain::cards`]);
//! nothing is written to the session.

use std::fmt::Write as _;

use qrcode::{Color, EcLevel, QrCode};

use super::ExportError;
use super::labels::escape_xml as esc;
use crate::domain::Session;
use crate::domain::cards::{card_code, display_code};
use crate::i18n::Tr;

/// Modules of light margin around a QR code (the standard's quiet zone).
const QUIET: usize = 4;
/// Longest base address accepted.
const MAX_URL: usize = 200;

/// A QR code of `text` as an SVG picture of `size_mm` millimetres: dark
/// modules as one path of horizontal runs (`M x,y h w v1 h-w z`) on white,
/// in a square of `width + 8` modules. `None` when the text does not fit.
#[must_use]
pub fn qr_svg(tr: Tr, text: &str, size_mm: f64) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    let side = width + 2 * QUIET;
    let mut d = String::new();
    for y in 0..width {
        let row = &colors[y * width..(y + 1) * width];
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let start = x;
                while x < width && row[x] == Color::Dark {
                    x += 1;
                }
                let _ = write!(
                    d,
                    "M{},{}h{}v1h-{}z",
                    start + QUIET,
                    y + QUIET,
                    x - start,
                    x - start
                );
            } else {
                x += 1;
            }
        }
    }
    Some(format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="qr" width="{size_mm}mm" height="{size_mm}mm" viewBox="0 0 {side} {side}" shape-rendering="crispEdges" role="img" aria-label="{}"><rect width="{side}" height="{side}" fill="#ffffff"/><path fill="#000000" d="{d}"/></svg>"##,
        esc(&tr.args("qr-label", &[("text", text.into())]))
    ))
}

/// `http://HOST:PORT/` from what the facilitator typed: `http://` or
/// `https://`, no spaces or control characters, one slash at the end.
///
/// # Errors
/// An address that is not one a phone can open.
pub fn base_url(url: &str) -> Result<String, ExportError> {
    let url = url.trim();
    let bad = |why: &str| {
        Err(ExportError::Other(format!(
            "--url {why}: give the address phones open, such as http://192.168.1.20:8787/"
        )))
    };
    if url.len() > MAX_URL {
        return bad("is too long");
    }
    let Some(rest) = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
    else {
        return bad("must start with http:// or https://");
    };
    if rest.is_empty()
        || rest.starts_with('/')
        || url.chars().any(|c| c.is_whitespace() || c.is_control())
        || url.contains(['<', '>', '"', '\'', '?', '#'])
    {
        return bad("is not an address");
    }
    Ok(format!("{}/", url.trim_end_matches('/')))
}

/// The personal link of a code under a base address from [`base_url`].
#[must_use]
pub fn personal_link(base: &str, code: &str) -> String {
    format!("{base}j/{code}")
}

const STYLE: &str = "
@page{margin:10mm}
*{box-sizing:border-box}
body{margin:0;font:11pt/1.35 Helvetica,Arial,sans-serif;color:#000;background:#e8e8e8}
.how{max-width:180mm;margin:8mm auto;font-size:10pt}
.sheet{display:grid;grid-template-columns:90mm 90mm;grid-auto-rows:125mm;width:180mm;margin:0 auto 8mm;background:#fff;break-after:page;page-break-after:always}
.sheet:last-child{break-after:auto;page-break-after:auto}
.card{position:relative;padding:7mm 8mm;border:0.2mm dashed #bbb;display:flex;flex-direction:column;align-items:center;text-align:center;overflow:hidden}
.card .c{position:absolute;width:5mm;height:5mm;border:0 solid #000}
.c.tl{top:-0.1mm;left:-0.1mm;border-top-width:.3mm;border-left-width:.3mm}
.c.tr{top:-0.1mm;right:-0.1mm;border-top-width:.3mm;border-right-width:.3mm}
.c.bl{bottom:-0.1mm;left:-0.1mm;border-bottom-width:.3mm;border-left-width:.3mm}
.c.br{bottom:-0.1mm;right:-0.1mm;border-bottom-width:.3mm;border-right-width:.3mm}
.title{font-size:10pt;color:#333;margin:0 0 2mm}
.name{font-size:17pt;font-weight:bold;margin:0 0 3mm;max-width:100%;overflow-wrap:anywhere}
.qr{display:block;flex:none;margin:0 auto 3mm}
.steps{font-size:9.5pt;margin:0}
.url{font-family:Menlo,Consolas,monospace;font-size:10pt;overflow-wrap:anywhere}
.code{font-family:Menlo,Consolas,monospace;font-size:19pt;font-weight:bold;letter-spacing:.08em;margin:1.5mm 0}
.small{font-size:8pt;color:#444;margin-top:auto}
@media print{body{background:#fff}.how{display:none}.sheet{margin:0}}
";

/// What a card calls its holder: the name, or the role alone (or
/// "Participant") when the session is anonymous.
fn holder(tr: Tr, session: &Session, alias: &str, role: &str) -> String {
    if !session.anonymous {
        alias.to_owned()
    } else if role.trim().is_empty() {
        tr.text("cards-participant")
    } else {
        role.to_owned()
    }
}

/// The cards of every participant of `session`, for the server at `url`
/// (see [`base_url`]), in the session's language.
///
/// # Errors
/// A bad address, a session without participants, or one without its card
/// secret yet (a session from before schema 4 gets it when first opened
/// for writing).
pub fn render(session: &Session, url: &str) -> Result<String, ExportError> {
    let base = base_url(url)?;
    let tr = Tr::new(&session.language);
    if session.access.card_secret.is_empty() && session.example {
        return Err(ExportError::Other(
            "the shipped example has no join cards, since it is never changed: facilitate a \
             copy of it (Enter on it in the home screen) and export the copy's cards"
                .to_owned(),
        ));
    }
    if session.access.card_secret.is_empty() {
        return Err(ExportError::Other(
            "this session has no join cards yet: open it once with `loopshop run` or \
             `loopshop serve` (older sessions get their card secret then), and export again"
                .to_owned(),
        ));
    }
    if session.participants.is_empty() {
        return Err(ExportError::Other(
            "this session has no participants to print cards for: add them first \
             (`loopshop new --participants FILE`, or `a` in the rating grid)"
                .to_owned(),
        ));
    }
    let mut cards = Vec::with_capacity(session.participants.len());
    for p in &session.participants {
        let Some(code) = card_code(session, &p.id) else {
            continue;
        };
        let link = personal_link(&base, &code);
        let qr = qr_svg(tr, &link, 42.0)
            .ok_or_else(|| ExportError::Other("the address is too long for a QR code".into()))?;
        cards.push(format!(
            "<section class=card data-participant=\"{}\"><i class=\"c tl\"></i><i class=\"c tr\"></i><i class=\"c bl\"></i><i class=\"c br\"></i>\
             <p class=title>{}</p><p class=name>{}</p>{qr}\
             <p class=steps>{}</p>\
             <p class=url>{}</p><p class=steps>{}</p>\
             <p class=code>{}</p>\
             <p class=small>{}</p></section>",
            esc(&p.id),
            esc(&session.title),
            esc(&holder(tr, session, &p.alias, &p.role)),
            esc(&tr.text("cards-scan")),
            esc(&base),
            esc(&tr.text("cards-type")),
            esc(&display_code(&code)),
            esc(&tr.text("cards-keep")),
        ));
    }
    let mut out = String::new();
    let _ = write!(
        out,
        "<!doctype html><html lang={}><head><meta charset=utf-8>\
         <title>{}</title><style>{STYLE}</style></head><body>\
         <p class=how>{}</p>",
        tr.code(),
        esc(&tr.args("cards-title", &[("title", (&session.title).into())])),
        esc(&tr.args("cards-how", &[("cards", cards.len().into())]))
    );
    for sheet in cards.chunks(4) {
        out.push_str("<div class=sheet>");
        for card in sheet {
            out.push_str(card);
        }
        out.push_str("</div>");
    }
    out.push_str("</body></html>\n");
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{Change, Participant, default_template};
    use crate::synthetic::epoch;

    fn session(anonymous: bool) -> Session {
        let mut s = Session::new("Cards <&>", "", default_template(), epoch());
        s.anonymous = anonymous;
        s.access.card_secret = "abc".to_owned();
        for (id, alias, role) in [("p01", "Ann", "industry"), ("p02", "Bo", "")] {
            let p = Participant {
                id: id.into(),
                alias: alias.into(),
                role: role.into(),
                organisation: String::new(),
                joined: false,
            };
            assert!(s.apply(&Change::AddParticipant(p)).is_ok());
        }
        s
    }

    #[test]
    fn one_card_per_participant_with_its_own_code() {
        let s = session(false);
        let html = render(&s, "http://10.0.0.5:8787").expect("cards");
        assert_eq!(html.matches("<section class=card").count(), 2);
        assert_eq!(html.matches("<svg").count(), 2);
        for p in ["p01", "p02"] {
            let code = card_code(&s, p).expect("code");
            assert!(html.contains(&display_code(&code)), "{p}");
            assert!(
                html.contains(&format!("http://10.0.0.5:8787/j/{code}")),
                "{p}"
            );
        }
        assert!(html.contains("Cards &lt;&amp;&gt;") && html.contains(">Ann<"));
        assert!(html.contains("@media print"));
    }

    #[test]
    fn anonymous_cards_name_the_role_only() {
        let html = render(&session(true), "http://h/").expect("cards");
        assert!(!html.contains("Ann") && !html.contains(">Bo<"));
        assert!(html.contains(">industry<") && html.contains(">Participant<"));
    }

    #[test]
    fn bad_addresses_and_sessions_without_secret_are_refused() {
        for url in [
            "",
            "ftp://x",
            "http://",
            "http://a b",
            "http://x/\"",
            "javascript:alert(1)",
        ] {
            assert!(base_url(url).is_err(), "{url}");
        }
        assert_eq!(
            base_url("https://x:1//").ok().as_deref(),
            Some("https://x:1/")
        );
        let mut s = session(false);
        s.access.card_secret.clear();
        assert!(render(&s, "http://h/").is_err());
    }
}
