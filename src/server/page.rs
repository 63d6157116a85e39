//! The participant's page: plain HTML forms rendered here (it works without
//! JavaScript), made live by a small script (events, saving without a page
//! load, ratings kept while the connection is down). No framework, no
//! external address: everything is in this file.

use std::fmt::Write as _;

use super::state::State;

use crate::export::labels::escape_xml as esc;
use crate::i18n::{self, Tr};

const STYLE: &str = "
:root{color-scheme:light dark;--accent:#0b63c5;--ok:#137333;--warn:#b06000}
*{box-sizing:border-box}
body{font:18px/1.4 system-ui,sans-serif;margin:0;padding:0 12px 48px;max-width:40rem;margin-inline:auto}
header{position:sticky;top:0;padding:8px 0;background:Canvas;border-bottom:1px solid GrayText}
h1{font-size:1.2rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.2rem 0 .3rem}
.status{font-size:.9rem}.status[data-state=offline]{color:var(--warn)}
fieldset{border:1px solid GrayText;border-radius:8px;margin:10px 0;padding:8px}
legend{font-weight:600;padding:0 4px}
.scale{display:flex;flex-wrap:wrap;gap:6px}
.scale button{flex:1 1 2.8rem;min-height:3rem;font-size:1.2rem;border-radius:8px;border:2px solid var(--accent);background:Canvas;color:CanvasText}
.scale button[value=dk]{flex-basis:100%}
.scale button[aria-pressed=true]{background:var(--accent);color:#fff}
.anchors{font-size:.85rem;display:flex;justify-content:space-between;color:GrayText}
.saved{color:var(--ok);font-size:.9rem}.pending{color:var(--warn);font-size:.9rem}
.group{font-size:.9rem}
input[type=text]{font-size:1rem;width:100%;padding:8px}
.join button,.wide{font-size:1.1rem;padding:10px 16px;margin-top:8px}
.error{color:#b3261e;font-weight:600}
.languages{font-size:.85rem;margin:.6rem 0}.languages a{margin-right:.6rem}
";

/// Runs only to make the page live; every action also works as a form.
const SCRIPT: &str = r#"
(function(){
  const status=document.getElementById('conn');
  const T=document.body.dataset;
  const KEY='loopshop-pending';
  const pending=()=>JSON.parse(localStorage.getItem(KEY)||'{}');
  const keep=(p)=>localStorage.setItem(KEY,JSON.stringify(p));
  function show(state,text){if(status){status.dataset.state=state;status.textContent=text;}}
  function mark(cell,text,cls){const m=document.getElementById('m-'+cell);if(m){m.textContent=text;m.className=cls;}}
  async function send(){
    const p=pending();const cells=Object.keys(p);if(!cells.length)return;
    try{
      const r=await fetch('/api/ratings',{method:'PUT',headers:{'Content-Type':'application/json'},credentials:'same-origin',body:JSON.stringify(cells.map(c=>p[c]))});
      if(r.ok){keep({});cells.forEach(c=>mark(c,T.saved,'saved'));show('online',T.connected);}
      else{const e=await r.json().catch(()=>({error:r.statusText}));keep({});cells.forEach(c=>mark(c,T.notSaved+' '+(e.message||e.error),'pending'));}
    }catch(_){show('offline',T.offline);}
  }
  document.querySelectorAll('form.rate').forEach(f=>{
    f.addEventListener('submit',ev=>{
      ev.preventDefault();
      const b=ev.submitter;if(!b)return;
      const cell=f.dataset.cell;const v=b.value;
      f.querySelectorAll('.scale button').forEach(x=>x.setAttribute('aria-pressed',String(x===b)));
      const c=f.querySelector('input[name=comment]');
      const item={stage:f.elements.stage.value,dimension:f.elements.dimension.value,value:v==='dk'?null:Number(v)};
      if(c&&c.value.trim())item.comment=c.value;
      const p=pending();p[cell]=item;keep(p);mark(cell,T.pending,'pending');send();
    });
  });
  setInterval(send,4000);window.addEventListener('online',send);
  const p=pending();Object.keys(p).forEach(c=>mark(c,T.pending,'pending'));send();
  if(window.EventSource&&document.body.dataset.live){
    const es=new EventSource('/api/events');
    es.onopen=()=>show('online',T.connected);
    es.onerror=()=>show('offline',T.offline);
    // Reload when the facilitator moves on (never for this device's own
    // saves, already marked), and not under a finger that is typing.
    let due=false;
    const typing=()=>{const a=document.activeElement;return a&&a.tagName==='INPUT'&&a.type==='text';};
    const refresh=()=>{due=true;if(!Object.keys(pending()).length&&!typing())location.reload();};
    ['exercise','round','refresh'].forEach(k=>es.addEventListener(k,refresh));
    document.addEventListener('focusout',()=>{if(due)setTimeout(refresh,300);});
  }
})();
"#;

fn shell(tr: Tr, title: &str, live: bool, body: &str) -> String {
    // The words the script shows, in the page's language.
    let words = format!(
        " data-saved=\"{}\" data-pending=\"{}\" data-not-saved=\"{}\" data-connected=\"{}\" data-offline=\"{}\"",
        esc(&tr.text("page-saved")),
        esc(&tr.text("page-pending")),
        esc(&tr.text("page-not-saved")),
        esc(&tr.text("page-connected")),
        esc(&tr.text("page-offline"))
    );
    format!(
        "<!doctype html><html lang={}><head><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <title>{}</title><style>{STYLE}</style></head>\
         <body{}{words}>{body}{}<script>{SCRIPT}</script></body></html>",
        tr.code(),
        esc(title),
        if live { " data-live=1" } else { "" },
        languages(tr)
    )
}

/// Links to the page in every other language, each named in its own.
fn languages(tr: Tr) -> String {
    let links: Vec<String> = i18n::known()
        .into_iter()
        .filter(|code| *code != tr.code())
        .map(|code| {
            format!(
                "<a href=\"/?lang={code}\" hreflang={code} lang={code}>{}</a>",
                esc(&Tr::new(code).text("language-name"))
            )
        })
        .collect();
    if links.is_empty() {
        return String::new();
    }
    format!(
        "<nav class=languages aria-label=\"{}\">{} {}</nav>",
        esc(&tr.text("page-language")),
        esc(&tr.text("page-language")),
        links.join(" ")
    )
}

/// The join form, with the code from the QR code filled in.
#[must_use]
pub fn join_page(tr: Tr, code: &str, message: Option<&str>) -> String {
    let error = message.map_or_else(String::new, |m| {
        format!("<p class=error role=alert>{}</p>", esc(m))
    });
    let title = tr.text("page-join-title");
    shell(
        tr,
        &title,
        false,
        &format!(
            "<header><h1>{}</h1></header>{error}\
             <form class=join method=post action=/join>\
             <p><label for=code>{}</label><br>\
             <input type=text id=code name=code autocomplete=off autocapitalize=characters value=\"{}\" required></p>\
             <p><label for=alias>{}</label><br>\
             <input type=text id=alias name=alias autocomplete=nickname></p>\
             <button type=submit>{}</button></form>",
            esc(&title),
            esc(&tr.text("page-join-code")),
            esc(code),
            esc(&tr.text("page-join-name")),
            esc(&tr.text("page-join-button"))
        ),
    )
}

fn fmt(tr: Tr, x: Option<f64>) -> String {
    tr.decimal_or(x, 1, "–")
}

/// The rating page of a joined participant.
#[must_use]
pub fn rating_page(tr: Tr, s: &State) -> String {
    let mut body = String::new();
    let _ = write!(
        body,
        "<header><h1>{}</h1><div>{} · {}{}</div>\
         <div id=conn class=status role=status aria-live=polite>{}</div></header>",
        esc(&s.title),
        esc(&s.alias),
        esc(&tr.args("page-round", &[("round", s.round.into())])),
        if s.blind && !s.revealed {
            format!(" · {}", esc(&tr.text("page-blind")))
        } else {
            String::new()
        },
        esc(&tr.text("page-connected"))
    );
    match &s.exercise {
        Some(e) => {
            let _ = write!(
                body,
                "<h2>{}</h2><p>{}</p>",
                esc(&e.title),
                esc(&e.instructions)
            );
        }
        None => {
            let _ = write!(body, "<p>{}</p>", esc(&tr.text("page-waiting")));
        }
    }
    if s.dimensions.is_empty() && s.ideas.is_none() {
        let _ = write!(body, "<p>{}</p>", esc(&tr.text("page-nothing-to-rate")));
    }
    for d in &s.dimensions {
        let _ = write!(
            body,
            "<h2>{}</h2><p>{}</p><p class=anchors><span>{} = {}</span><span>{} = {}</span></p>",
            esc(&d.name),
            esc(&d.question),
            d.min,
            esc(&d.low),
            d.max,
            esc(&d.high)
        );
        for stage in &s.stages {
            let own = s
                .ratings
                .iter()
                .find(|r| r.stage == stage.id && r.dimension == d.id);
            let cell = format!("{}__{}", stage.id, d.id);
            let _ = write!(
                body,
                "<form class=rate method=post action=/rate data-cell=\"{}\">\
                 <fieldset><legend>{}</legend>\
                 <input type=hidden name=stage value=\"{}\"><input type=hidden name=dimension value=\"{}\">\
                 <div class=scale role=group aria-label=\"{}\">",
                esc(&cell),
                esc(&stage.name),
                esc(&stage.id),
                esc(&d.id),
                esc(&tr.args(
                    "page-scale",
                    &[
                        ("dimension", (&d.name).into()),
                        ("stage", (&stage.name).into())
                    ]
                ))
            );
            for v in d.min..=d.max {
                let pressed = own.is_some_and(|r| r.value == Some(v));
                let _ = write!(
                    body,
                    "<button type=submit name=value value={v} aria-pressed={pressed}>{v}</button>"
                );
            }
            let dk = own.is_some_and(|r| r.value.is_none());
            let _ = write!(
                body,
                "<button type=submit name=value value=dk aria-pressed={dk}>{}</button></div>\
                 <p id=\"m-{}\" class=saved role=status>{}</p>\
                 <p><label>{} <input type=text name=comment maxlength=2000 value=\"{}\"></label></p>",
                esc(&tr.text("dont-know")),
                esc(&cell),
                if own.is_some() {
                    esc(&tr.text("page-saved"))
                } else {
                    String::new()
                },
                esc(&tr.text("page-comment")),
                esc(own.and_then(|r| r.comment.as_deref()).unwrap_or(""))
            );
            let previous = s
                .previous
                .iter()
                .find(|r| r.stage == stage.id && r.dimension == d.id);
            let previous_group = s
                .previous_group
                .iter()
                .find(|g| g.stage == stage.id && g.dimension == d.id);
            if previous.is_some() || previous_group.is_some() {
                let you = previous.map_or_else(
                    || "–".to_owned(),
                    |r| {
                        r.value
                            .map_or_else(|| tr.text("dont-know"), |v| v.to_string())
                    },
                );
                let _ = write!(
                    body,
                    "<p class=group>{}</p>",
                    esc(&tr.args(
                        "page-last-round",
                        &[
                            ("you", you.into()),
                            (
                                "median",
                                fmt(tr, previous_group.and_then(|g| g.median)).into()
                            ),
                            ("iqr", fmt(tr, previous_group.and_then(|g| g.iqr)).into()),
                        ]
                    ))
                );
            }
            if let Some(g) = s
                .group
                .iter()
                .find(|g| g.stage == stage.id && g.dimension == d.id && g.n > 0)
            {
                let _ = write!(
                    body,
                    "<p class=group>{}</p>",
                    esc(&tr.args(
                        if g.consensus {
                            "page-group-now-consensus"
                        } else {
                            "page-group-now"
                        },
                        &[
                            ("median", fmt(tr, g.median).into()),
                            ("iqr", fmt(tr, g.iqr).into()),
                            ("n", g.n.into()),
                        ]
                    ))
                );
            }
            body.push_str("</fieldset></form>");
        }
    }
    if let Some(ideas) = &s.ideas {
        let _ = write!(
            body,
            "<h2>{}</h2><p>{}</p>",
            esc(&tr.text("page-ideas")),
            esc(&tr.args(
                "page-dots-left",
                &[
                    ("left", ideas.dots_left.into()),
                    ("dots", ideas.dots.into())
                ]
            ))
        );
        for i in &ideas.list {
            let dots = if i.mine > 0 {
                tr.args(
                    "page-idea-dots-yours",
                    &[("dots", i.dots.into()), ("mine", i.mine.into())],
                )
            } else {
                tr.args("page-idea-dots", &[("dots", i.dots.into())])
            };
            let _ = write!(
                body,
                "<form method=post action=/vote><p>{} <small>({})</small> \
                 <input type=hidden name=idea value={}>\
                 <button type=submit name=vote value=add>{}</button>\
                 <button type=submit name=vote value=remove>{}</button></p></form>",
                esc(&i.text),
                esc(&dots),
                i.id,
                esc(&tr.text("page-add-dot")),
                esc(&tr.text("page-remove-dot"))
            );
        }
        let _ = write!(
            body,
            "<form method=post action=/idea><fieldset><legend>{}</legend><p><label>{} <select name=stage>",
            esc(&tr.text("page-new-idea")),
            esc(&tr.text("page-stage"))
        );
        for stage in &s.stages {
            let _ = write!(
                body,
                "<option value=\"{}\">{}</option>",
                esc(&stage.id),
                esc(&stage.name)
            );
        }
        body.push_str("</select></label></p><p>");
        for t in &ideas.technologies {
            let _ = write!(
                body,
                "<label><input type=checkbox name=technology value=\"{}\"> {}</label> ",
                esc(&t.id),
                esc(&t.name)
            );
        }
        let _ = write!(
            body,
            "</p><p><label>{} <input type=text name=text maxlength=2000 required></label></p>\
             <button class=wide type=submit>{}</button></fieldset></form>",
            esc(&tr.text("page-idea")),
            esc(&tr.text("page-add-idea"))
        );
    }
    shell(tr, &s.title, true, &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_everywhere() {
        let page = join_page(Tr::english(), "<script>\"x'", Some("a & b"));
        assert!(page.contains("&lt;script&gt;&quot;x&apos;"));
        assert!(page.contains("a &amp; b"));
        assert!(!page.contains("<script>\"x'"));
    }
}
