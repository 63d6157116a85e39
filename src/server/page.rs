//! The participant's page: plain HTML forms rendered here (it works without
//! JavaScript), made live by a small script (events, saving without a page
//! load, ratings kept while the connection is down). No framework, no
//! external address: everything is in this file.

use std::fmt::Write as _;

use super::state::{Dimension, Named, State};

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
.contents ul{list-style:none;padding:0;margin:.6rem 0}.contents li{display:flex;justify-content:space-between;padding:4px 0}
.progress{font-size:.9rem;font-weight:normal;color:GrayText;margin-left:.5rem}
summary{cursor:pointer}summary h2{display:inline-block}
section.dim{scroll-margin-top:6rem}
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
  // Each dimension's "rated/total" in the contents and its heading.
  function progress(){document.querySelectorAll('section.dim').forEach(sec=>{
    const forms=sec.querySelectorAll('form.rate');let n=0;
    forms.forEach(f=>{if(f.querySelector('.scale button[aria-pressed=true]'))n++;});
    document.querySelectorAll('.progress').forEach(x=>{if(x.dataset.for===sec.id)x.textContent=n+'/'+forms.length;});
  });}
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
      f.querySelectorAll('.scale button').forEach(x=>x.setAttribute('aria-pressed',String(x===b)));progress();
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

/// The hidden field that carries the device's form token in each form:
/// the server refuses a form without it (a page on another site cannot
/// read it).
fn form_field(form: &str) -> String {
    format!("<input type=hidden name=form value=\"{}\">", esc(form))
}

/// The join form, with the code from the QR code filled in; `form` is the
/// device's form token.
#[must_use]
pub fn join_page(tr: Tr, code: &str, message: Option<&str>, form: &str) -> String {
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
             <form class=join method=post action=/join>{}\
             <p><label for=code>{}</label><br>\
             <input type=text id=code name=code autocomplete=off autocapitalize=characters value=\"{}\" required></p>\
             <p><label for=alias>{}</label><br>\
             <input type=text id=alias name=alias autocomplete=nickname></p>\
             <button type=submit>{}</button></form>",
            esc(&title),
            form_field(form),
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

/// The rating page of a joined participant; `form` is the device's form
/// token.
#[must_use]
#[expect(clippy::too_many_lines, reason = "the page's markup in reading order")]
pub fn rating_page(tr: Tr, s: &State, form: &str) -> String {
    let form = form_field(form);
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
    // Several dimensions at once (`serve --open all`, a questionnaire
    // answered over a day): contents with each one's progress, and a
    // dimension already complete folded away.
    let sections = s.dimensions.len() > 1;
    let rated: Vec<(usize, usize)> = s.dimensions.iter().map(|d| rated_of(s, d)).collect();
    if sections {
        contents(tr, s, &rated, &mut body);
    }
    for (d, &(rated, total)) in s.dimensions.iter().zip(&rated) {
        let heading = format!(
            "<h2>{}{}</h2>",
            esc(&d.name),
            if sections {
                progress(d, rated, total)
            } else {
                String::new()
            }
        );
        if sections {
            let _ = write!(
                body,
                "<section class=dim id=\"d-{}\"><details{}><summary>{heading}</summary>",
                esc(&d.id),
                if rated < total { " open" } else { "" }
            );
        } else {
            body.push_str(&heading);
        }
        let _ = write!(
            body,
            "<p>{}</p><p class=anchors><span>{} = {}</span><span>{} = {}</span></p>",
            esc(&d.question),
            d.min,
            esc(&d.low),
            d.max,
            esc(&d.high)
        );
        for stage in &s.stages {
            cell_form(tr, s, d, stage, &form, &mut body);
        }
        if sections {
            body.push_str("</details></section>");
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
                "<form method=post action=/vote>{form}<p>{} <small>({})</small> \
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
            "<form method=post action=/idea>{form}<fieldset><legend>{}</legend><p><label>{} <select name=stage>",
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

/// Cells of `d` this participant has rated, of the stages shown.
fn rated_of(s: &State, d: &Dimension) -> (usize, usize) {
    let rated = s
        .stages
        .iter()
        .filter(|stage| {
            s.ratings
                .iter()
                .any(|r| r.stage == stage.id && r.dimension == d.id)
        })
        .count();
    (rated, s.stages.len())
}

/// " 3/9", kept current by the page's script as cells are rated.
fn progress(d: &Dimension, rated: usize, total: usize) -> String {
    format!(
        " <span class=progress data-for=\"d-{}\">{rated}/{total}</span>",
        esc(&d.id)
    )
}

/// Links to each dimension of the page, with its progress (`rated`, in
/// the same order).
fn contents(tr: Tr, s: &State, rated: &[(usize, usize)], body: &mut String) {
    let _ = write!(
        body,
        "<nav class=contents aria-label=\"{}\"><ul>",
        esc(&tr.text("page-contents"))
    );
    for (d, &(rated, total)) in s.dimensions.iter().zip(rated) {
        let _ = write!(
            body,
            "<li><a href=\"#d-{}\">{}</a>{}</li>",
            esc(&d.id),
            esc(&d.name),
            progress(d, rated, total)
        );
    }
    body.push_str("</ul></nav>");
}

/// One stage's cell of dimension `d`: the scale's buttons, "don't know",
/// the comment, and the earlier round's and the group's values when shown.
#[expect(
    clippy::too_many_lines,
    reason = "the cell form's markup in reading order"
)]
fn cell_form(tr: Tr, s: &State, d: &Dimension, stage: &Named, form: &str, body: &mut String) {
    let own = s
        .ratings
        .iter()
        .find(|r| r.stage == stage.id && r.dimension == d.id);
    let cell = format!("{}__{}", stage.id, d.id);
    let _ = write!(
        body,
        "<form class=rate method=post action=/rate data-cell=\"{}\">{form}\
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
    // Delphi: an answer far from the group's middle range asks why; the
    // reason is the comment just above.
    if let Some([q1, q3]) = own.and_then(|r| r.outside) {
        let _ = write!(
            body,
            "<p class=outlier role=note>{}</p>",
            esc(&tr.args(
                "page-outlier-question",
                &[
                    ("q1", fmt(tr, Some(q1)).into()),
                    ("q3", fmt(tr, Some(q3)).into())
                ]
            ))
        );
    }
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
        // Below the privacy floor (too few answers, or not answered by
        // this participant yet) the engine gives the count alone.
        if g.median.is_none() {
            let _ = write!(
                body,
                "<p class=group>{}</p>",
                esc(&tr.args("page-group-count", &[("n", g.n.into())]))
            );
            body.push_str("</fieldset></form>");
            return;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_everywhere() {
        let page = join_page(Tr::english(), "<script>\"x'", Some("a & b"), "\"t");
        assert!(page.contains("&lt;script&gt;&quot;x&apos;"));
        assert!(page.contains("a &amp; b"));
        assert!(!page.contains("<script>\"x'"));
        assert!(page.contains("<input type=hidden name=form value=\"&quot;t\">"));
    }

    fn named(id: &str) -> Named {
        Named {
            id: id.to_owned(),
            name: id.to_uppercase(),
        }
    }

    fn dimension(id: &str) -> Dimension {
        Dimension {
            id: id.to_owned(),
            name: format!("Dim {id}"),
            question: String::new(),
            min: 1,
            max: 5,
            low: "low".to_owned(),
            high: "high".to_owned(),
        }
    }

    fn own(stage: &str, dimension: &str) -> super::super::state::Own {
        super::super::state::Own {
            stage: stage.to_owned(),
            dimension: dimension.to_owned(),
            value: Some(3),
            comment: None,
            outside: None,
        }
    }

    fn state(dimensions: &[&str], rated: &[(&str, &str)]) -> State {
        State {
            participant: "p01".to_owned(),
            alias: "Ann".to_owned(),
            title: "T".to_owned(),
            language: "en".to_owned(),
            exercise: None,
            round: 1,
            blind: false,
            revealed: false,
            stages: vec![named("mining"), named("use")],
            dimensions: dimensions.iter().map(|d| dimension(d)).collect(),
            ratings: rated.iter().map(|(s, d)| own(s, d)).collect(),
            previous: Vec::new(),
            group: Vec::new(),
            previous_group: Vec::new(),
            ideas: None,
        }
    }

    #[test]
    fn a_questionnaire_of_several_dimensions_has_contents_and_folds_what_is_complete() {
        let s = state(&["a", "b"], &[("mining", "a"), ("use", "a"), ("use", "b")]);
        let page = rating_page(Tr::english(), &s, "t");
        assert!(page.contains("<nav class=contents"), "{page}");
        assert!(
            page.contains(
                "<a href=\"#d-a\">Dim a</a> <span class=progress data-for=\"d-a\">2/2</span>"
            ),
            "{page}"
        );
        assert!(
            page.contains(
                "<a href=\"#d-b\">Dim b</a> <span class=progress data-for=\"d-b\">1/2</span>"
            ),
            "{page}"
        );
        // Complete: folded; still open: open.
        assert!(
            page.contains("<section class=dim id=\"d-a\"><details><summary>"),
            "{page}"
        );
        assert!(
            page.contains("<section class=dim id=\"d-b\"><details open><summary>"),
            "{page}"
        );
        assert_eq!(page.matches("<form class=rate").count(), 4);
    }

    #[test]
    fn one_dimension_is_a_plain_list() {
        let page = rating_page(Tr::english(), &state(&["a"], &[("mining", "a")]), "t");
        assert!(!page.contains("<nav class=contents"), "{page}");
        assert!(!page.contains("<details"), "{page}");
        assert!(!page.contains("class=progress"), "{page}");
        assert!(page.contains("<h2>Dim a</h2>"), "{page}");
        assert_eq!(page.matches("<form class=rate").count(), 2);
        assert_eq!(
            page.matches("<input type=hidden name=form value=\"t\">")
                .count(),
            2,
            "every form carries the form token"
        );
    }
}
