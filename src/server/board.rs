//! The room's board as HTML: a full-screen page for the projector (large
//! type, light on dark, the figures on white panels), from the engine's
//! board projection, which has already left out what the room may not see.
//! The matrix and the model are the exports' own SVG figures
//! (`svg-matrix`, `svg-model`), inline; the flow map is `export::svg_flow`.
//! A small script follows `/board/events` and swaps in the new content;
//! without it the page still shows the state it was loaded in.

use std::fmt::Write as _;

use crate::engine::{BoardContent, BoardView, Progress};
use crate::export::join_cards::qr_svg;
use crate::export::labels::escape_xml as esc;
use crate::export::{svg_flow, svg_matrix, svg_model};
use crate::i18n::Tr;

const STYLE: &str = "
:root{color-scheme:dark}
*{box-sizing:border-box}
html,body{margin:0;height:100%;background:#0b0d12;color:#f4f4f4}
body{font:28px/1.3 system-ui,Helvetica,Arial,sans-serif;display:flex;flex-direction:column}
#board{display:flex;flex-direction:column;flex:1;min-height:0;padding:18px 32px 12px}
header{display:flex;align-items:baseline;gap:32px;flex-wrap:wrap;border-bottom:2px solid #3a3f4b;padding-bottom:10px}
h1{font-size:44px;margin:0}
.exercise{font-size:34px;color:#ffd166;margin:0}
.round{font-size:26px;color:#b8c0cc;margin:0}
main{flex:1;min-height:0;display:flex;flex-direction:column;gap:14px;padding-top:14px}
h2{font-size:32px;margin:6px 0}
.tiles{display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px}
.tile{background:#1b1f2a;border-radius:12px;padding:12px 16px;font-size:28px}
.tile .bar{height:14px;background:#2e3442;border-radius:7px;margin-top:8px;overflow:hidden}
.tile .bar i{display:block;height:100%;background:#4cc38a}
.figures{flex:1;min-height:0;display:flex;gap:20px;align-items:flex-start;justify-content:center}
.figure{flex:1 1 0;min-width:0;height:100%;display:flex;justify-content:center}
.figure svg{width:100%;height:100%;max-height:100%;background:#fff;border-radius:10px}
.summaries{display:flex;flex-wrap:wrap;gap:8px 40px}
.summary{font-size:24px;color:#b8c0cc;margin:0}
.ideas{columns:2;column-gap:40px;margin:0;padding:0;list-style:none}
.ideas li{break-inside:avoid;margin:0 0 10px}
.ideas h3{font-size:28px;margin:8px 0 4px;color:#ffd166}
.dots{display:inline-block;min-width:4.2em;font-weight:bold;color:#4cc38a}
.welcome{display:flex;gap:60px;align-items:center;justify-content:center;flex:1}
.welcome svg.qr{width:420px;height:420px}
.big{font-size:56px;font-weight:bold;margin:0}
.code{font-family:Menlo,Consolas,monospace;letter-spacing:.1em}
footer{font-size:24px;color:#b8c0cc;border-top:2px solid #3a3f4b;padding-top:8px}
.live{float:right}.live[data-state=offline]{color:#ff8f8f}
";

/// Swaps the board's content in when the server says it changed.
const SCRIPT: &str = r"
(function(){
  const root=document.getElementById('board');const key=root.dataset.key;
  const T=root.dataset;
  const live=document.getElementById('live');
  const show=(s,t)=>{const l=document.getElementById('live');if(l){l.dataset.state=s;l.textContent=t;}};
  let busy=false,again=false;
  async function refresh(){
    if(busy){again=true;return;}busy=true;
    try{
      const r=await fetch('/board?part=content&key='+encodeURIComponent(key),{cache:'no-store'});
      if(r.ok){root.innerHTML=await r.text();show('online',T.live);}
    }catch(_){show('offline',T.reconnecting);}
    busy=false;if(again){again=false;refresh();}
  }
  if(window.EventSource){
    const es=new EventSource('/board/events?key='+encodeURIComponent(key));
    es.onopen=()=>{show('online',T.live);};
    es.onerror=()=>show('offline',T.reconnecting);
    es.addEventListener('refresh',refresh);
  }
  if(live)live.dataset.state='loaded';
})();
";

/// The whole board page.
#[must_use]
pub fn board_page(view: &BoardView, key: &str, join_url: &str) -> String {
    let tr = Tr::new(&view.language);
    format!(
        "<!doctype html><html lang={}><head><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head>\
         <body><div id=board data-key=\"{}\" data-live=\"{}\" data-reconnecting=\"{}\">{}</div>\
         <script>{SCRIPT}</script></body></html>",
        tr.code(),
        esc(&tr.args("board-page-title", &[("title", (&view.title).into())])),
        esc(key),
        esc(&tr.text("board-live")),
        esc(&tr.text("board-reconnecting")),
        board_content(view, join_url)
    )
}

/// A refusal, as a page (a wrong or missing key).
#[must_use]
pub fn refused_page(tr: Tr, message: &str) -> String {
    format!(
        "<!doctype html><html lang={}><head><meta charset=utf-8><title>{}</title>\
         <style>{STYLE}</style></head><body><div id=board><h1>{}</h1><p>{}</p></div></body></html>",
        tr.code(),
        esc(&tr.text("board-refused-title")),
        esc(&tr.text("board-heading")),
        esc(message)
    )
}

/// What `#board` holds: the header, the main area and the join line.
#[must_use]
pub fn board_content(view: &BoardView, join_url: &str) -> String {
    let tr = Tr::new(&view.language);
    let mut s = String::new();
    let round = match (view.blind, view.revealed) {
        (true, false) => tr.text("board-blind-hidden"),
        (true, true) => tr.text("board-blind-revealed"),
        _ => String::new(),
    };
    let _ = write!(
        s,
        "<header><h1>{}</h1><p class=exercise>{}</p><p class=round>{}</p></header><main data-content=\"{}\">",
        esc(&view.title),
        esc(&view
            .exercise
            .as_ref()
            .map_or_else(|| tr.text("board-waiting"), |e| e.title.clone())),
        esc(&round),
        content_kind(&view.content)
    );
    match &view.content {
        BoardContent::Welcome => welcome(&mut s, tr, view, join_url),
        BoardContent::Progress => progress(&mut s, tr, view),
        BoardContent::Group { cells, placements } => {
            summary(&mut s, tr, view);
            let subtitle = tr.args(
                "board-figure-subtitle",
                &[
                    ("title", (&view.title).into()),
                    ("participants", view.participants.into()),
                ],
            );
            let _ = write!(
                s,
                "<div class=figures><div class=figure id=model>{}</div><div class=figure id=matrix>{}</div></div>",
                svg_model::render_placements(tr, &view.template, placements, &subtitle),
                svg_matrix::render_cells(tr, &view.template, cells, &subtitle)
            );
        }
        BoardContent::Ideas(ideas) => {
            if ideas.is_empty() {
                let _ = write!(s, "<p class=big>{}</p>", esc(&tr.text("board-no-ideas")));
            }
            s.push_str("<ul class=ideas>");
            let mut stage = "";
            for i in ideas {
                if i.stage != stage {
                    stage = &i.stage;
                    let name = view
                        .template
                        .stage(stage)
                        .map_or(stage, |st| st.name.as_str());
                    let _ = write!(s, "<li><h3>{}</h3></li>", esc(name));
                }
                let techs: Vec<&str> = i
                    .technologies
                    .iter()
                    .map(|t| {
                        view.template
                            .technologies
                            .iter()
                            .find(|x| &x.id == t)
                            .map_or(t.as_str(), |x| x.name.as_str())
                    })
                    .collect();
                let _ = write!(
                    s,
                    "<li><span class=dots>{}</span> {}{}</li>",
                    esc(&tr.args("board-dots", &[("dots", i.dots.into())])),
                    esc(&i.text),
                    if techs.is_empty() {
                        String::new()
                    } else {
                        format!(" <small>({})</small>", esc(&techs.join(", ")))
                    }
                );
            }
            s.push_str("</ul>");
        }
        BoardContent::Flows(flows) => {
            let _ = write!(
                s,
                "<div class=figures><div class=figure id=flows>{}</div></div>",
                svg_flow::render_flows(tr, &view.template, flows, &view.title)
            );
        }
    }
    let _ = write!(
        s,
        "</main><footer><span id=live class=live>{}</span>{} {} · {} <span class=code>{}</span> · {}</footer>",
        esc(&tr.text("board-live")),
        esc(&tr.text("board-footer-join")),
        esc(join_url),
        esc(&tr.text("board-footer-code")),
        esc(&view.join_code),
        esc(&tr.text("board-footer-card"))
    );
    s
}

fn content_kind(content: &BoardContent) -> &'static str {
    match content {
        BoardContent::Welcome => "welcome",
        BoardContent::Progress => "progress",
        BoardContent::Group { .. } => "group",
        BoardContent::Ideas(_) => "ideas",
        BoardContent::Flows(_) => "flows",
    }
}

fn welcome(s: &mut String, tr: Tr, view: &BoardView, join_url: &str) {
    let link = format!("{join_url}?code={}", view.join_code);
    let _ = write!(
        s,
        "<div class=welcome>{}<div><p>{}</p>\
         <p class=big>{}</p><p>{}</p><p class=\"big code\">{}</p>\
         <p>{}</p></div></div>",
        qr_svg(tr, &link, 110.0).unwrap_or_default(),
        esc(&tr.text("board-welcome-open")),
        esc(join_url),
        esc(&tr.text("board-welcome-type")),
        esc(&view.join_code),
        esc(&tr.text("board-welcome-card"))
    );
}

/// The dimensions of the exercise, in template order, with their cells.
fn by_dimension(view: &BoardView) -> Vec<(&str, Vec<&Progress>)> {
    let mut out: Vec<(&str, Vec<&Progress>)> = Vec::new();
    for p in &view.progress {
        match out.iter_mut().find(|(d, _)| *d == p.dimension) {
            Some((_, cells)) => cells.push(p),
            None => out.push((&p.dimension, vec![p])),
        }
    }
    out
}

fn dimension_name<'a>(view: &'a BoardView, id: &'a str) -> &'a str {
    view.template.dimension(id).map_or(id, |d| d.name.as_str())
}

fn stage_name<'a>(view: &'a BoardView, id: &'a str) -> &'a str {
    view.template.stage(id).map_or(id, |s| s.name.as_str())
}

/// One tile per stage: "12 of 17 have rated Mining".
fn progress(s: &mut String, tr: Tr, view: &BoardView) {
    let dims = by_dimension(view);
    if dims.is_empty() {
        let _ = write!(s, "<p class=big>{}</p>", esc(&tr.text("board-no-progress")));
    }
    for (dimension, cells) in dims {
        let _ = write!(
            s,
            "<h2>{}</h2><div class=tiles>",
            esc(dimension_name(view, dimension))
        );
        for p in cells {
            let share = if view.participants == 0 {
                0.0
            } else {
                (p.rated as f64 / view.participants as f64 * 100.0).min(100.0)
            };
            let _ = write!(
                s,
                "<div class=tile data-stage=\"{}\">{}\
                 <div class=bar><i style=\"width:{share:.0}%\"></i></div></div>",
                esc(&p.stage),
                esc(&tr.args(
                    "board-rated",
                    &[
                        ("rated", p.rated.into()),
                        ("participants", view.participants.into()),
                        ("stage", stage_name(view, &p.stage).into()),
                    ]
                ))
            );
        }
        s.push_str("</div>");
    }
}

/// One line per dimension of the exercise: how far the room is.
fn summary(s: &mut String, tr: Tr, view: &BoardView) {
    s.push_str("<div class=summaries>");
    for (dimension, cells) in by_dimension(view) {
        let least = cells.iter().map(|p| p.rated).min().unwrap_or(0);
        let most = cells.iter().map(|p| p.rated).max().unwrap_or(0);
        let text = if least == most {
            tr.args(
                "board-summary",
                &[
                    ("dimension", dimension_name(view, dimension).into()),
                    ("rated", least.into()),
                    ("participants", view.participants.into()),
                ],
            )
        } else {
            tr.args(
                "board-summary-range",
                &[
                    ("dimension", dimension_name(view, dimension).into()),
                    ("least", least.into()),
                    ("most", most.into()),
                    ("participants", view.participants.into()),
                ],
            )
        };
        let _ = write!(s, "<p class=summary>{}</p>", esc(&text));
    }
    s.push_str("</div>");
}
