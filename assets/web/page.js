// The participant's pages made live (assets/web/page/*.html): every action
// also works as a plain form without this script. Ratings and comments wait
// in localStorage until the server says they are saved, so that nothing
// typed or tapped is lost while the connection is down.
(function(){
  const status=document.getElementById('conn');
  const T=document.body.dataset;
  const RATINGS='loopshop-pending',COMMENTS='loopshop-comments';
  const load=(k)=>{try{return JSON.parse(localStorage.getItem(k)||'{}');}catch(_){return {};}};
  const keep=(k,v)=>localStorage.setItem(k,JSON.stringify(v));
  function show(state,text){if(status){status.dataset.state=state;status.textContent=text;}}
  function mark(id,text,cls){const m=document.getElementById(id);if(m){m.textContent=text;m.className=cls;}}
  const answered=(f)=>!!f.querySelector('.scale button[aria-pressed=true]');
  // Each dimension's "rated/total" in the contents and its heading.
  function progress(){document.querySelectorAll('section.dim').forEach(sec=>{
    const forms=sec.querySelectorAll('form.rate');let n=0;
    forms.forEach(f=>{if(answered(f))n++;});
    document.querySelectorAll('.progress').forEach(x=>{if(x.dataset.for===sec.id)x.textContent=n+'/'+forms.length;});
  });}
  // Sends what waits under `key` to `url`, and marks each cell's `marker`
  // saved (or why not); what changed meanwhile stays queued.
  async function flush(key,url,marker){
    const p=load(key);const cells=Object.keys(p);if(!cells.length)return;
    try{
      const r=await fetch(url,{method:'PUT',headers:{'Content-Type':'application/json'},credentials:'same-origin',body:JSON.stringify(cells.map(c=>p[c]))});
      // Signed out (the card was used elsewhere): the page says so.
      if(r.status===401){location.reload();return;}
      const now=load(key);cells.forEach(c=>{if(JSON.stringify(now[c])===JSON.stringify(p[c]))delete now[c];});keep(key,now);
      if(r.ok){cells.forEach(c=>mark(marker+c,T.saved,'saved'));show('online',T.connected);}
      else{const e=await r.json().catch(()=>({error:r.statusText}));cells.forEach(c=>mark(marker+c,T.notSaved+' '+(e.message||e.error),'pending'));}
    }catch(_){show('offline',T.offline);}
  }
  async function send(){await flush(RATINGS,'/api/ratings','m-');await flush(COMMENTS,'/api/comments','c-');}
  // A comment of an answered cell is saved on its own; before an answer it
  // stays here and goes with the tap.
  function saveComment(f){
    const c=f.querySelector('[name=comment]');if(!c)return;
    const cell=f.dataset.cell;
    if(c.value===c.dataset.saved){return;}
    if(!answered(f)){mark('c-'+cell,c.value.trim()?T.withAnswer:'','pending');return;}
    const p=load(COMMENTS);p[cell]={stage:f.elements.stage.value,dimension:f.elements.dimension.value,comment:c.value};keep(COMMENTS,p);
    c.dataset.saved=c.value;mark('c-'+cell,T.pending,'pending');send();
  }
  document.querySelectorAll('form.rate').forEach(f=>{
    const c=f.querySelector('[name=comment]');
    if(c){
      c.dataset.saved=c.value;let timer=0;
      c.addEventListener('input',()=>{clearTimeout(timer);mark('c-'+f.dataset.cell,'','saved');timer=setTimeout(()=>saveComment(f),1500);});
      c.addEventListener('change',()=>{clearTimeout(timer);saveComment(f);});
      c.addEventListener('blur',()=>{clearTimeout(timer);saveComment(f);});
      c.addEventListener('keydown',ev=>{if(ev.key==='Enter'&&!ev.shiftKey){ev.preventDefault();clearTimeout(timer);saveComment(f);}});
    }
    f.addEventListener('submit',ev=>{
      ev.preventDefault();
      const b=ev.submitter;if(!b||b.name!=='value')return;
      const cell=f.dataset.cell;const v=b.value;
      f.querySelectorAll('.scale button').forEach(x=>x.setAttribute('aria-pressed',String(x===b)));progress();
      const item={stage:f.elements.stage.value,dimension:f.elements.dimension.value,value:v==='dk'?null:Number(v)};
      if(c&&c.value.trim()){item.comment=c.value;c.dataset.saved=c.value;mark('c-'+cell,'','saved');}
      const p=load(RATINGS);p[cell]=item;keep(RATINGS,p);mark('m-'+cell,T.pending,'pending');send();
      document.dispatchEvent(new CustomEvent('loopshop:answered',{detail:f}));
    });
  });
  // Leaving the page with a comment still being typed: it waits like a rating.
  window.addEventListener('pagehide',()=>{document.querySelectorAll('form.rate').forEach(saveComment);});
  setInterval(send,4000);window.addEventListener('online',send);
  Object.keys(load(RATINGS)).forEach(c=>mark('m-'+c,T.pending,'pending'));
  Object.keys(load(COMMENTS)).forEach(c=>mark('c-'+c,T.pending,'pending'));
  send();
  // Waiting for the facilitator's approval: in within 3 s of it.
  if(document.getElementById('waiting')){
    setInterval(async()=>{try{const r=await fetch('/api/state',{credentials:'same-origin'});if(r.ok||r.status===401)location.reload();}catch(_){}},1500);
  }
  if(window.EventSource&&T.live){
    const es=new EventSource('/api/events');
    es.onopen=()=>show('online',T.connected);
    es.onerror=()=>show('offline',T.offline);
    // Reload when the facilitator moves on (never for this device's own
    // saves, already marked), and not under a finger that is typing.
    let due=false;
    const typing=()=>{const a=document.activeElement;return a&&(a.tagName==='TEXTAREA'||a.tagName==='INPUT'&&a.type==='text');};
    const refresh=()=>{due=true;if(!Object.keys(load(RATINGS)).length&&!Object.keys(load(COMMENTS)).length&&!typing())location.reload();};
    ['exercise','round'].forEach(k=>es.addEventListener(k,refresh));
    // On an ideas page a refresh is the list's, updated in place.
    es.addEventListener('refresh',()=>{if(document.dispatchEvent(new CustomEvent('loopshop:refresh',{cancelable:true})))refresh();});
    document.addEventListener('focusout',()=>{if(due)setTimeout(refresh,300);});
  }
})();

// One card at a time (each stage's question of a dimension), moving on
// after a tap, with back, a done screen that sums the answers up, and a
// contents page when several dimensions are open. The list of every card is
// one tap away; the choice is kept on the phone.
(function(){
  const main=document.getElementById('main');const T=document.body.dataset;
  const forms=[...document.querySelectorAll('form.rate')];
  if(!main||forms.length<2&&!document.querySelector('section.dim'))return;
  const sections=[...document.querySelectorAll('section.dim')];
  const groups=sections.length?sections:[main];
  const cardsOf=(g)=>[...g.querySelectorAll('form.rate')];
  const el=(tag,attrs,text)=>{const e=document.createElement(tag);Object.assign(e,attrs||{});if(text!==undefined)e.textContent=text;return e;};
  const VIEW='loopshop-view',AT='loopshop-at';
  let group=null,index=0;
  const toggle=el('button',{type:'button',className:'view'});
  main.append(toggle);
  // The done screen of each group, and the card's own back/next.
  const done=groups.map(g=>{
    const d=el('section',{className:'done',hidden:true,tabIndex:-1});
    d.append(el('h2',{},T.done),el('ul',{className:'summary'}));
    const row=el('div',{className:'actions'});
    const back=el('button',{type:'button'},T.back);back.onclick=()=>show(g,cardsOf(g).length-1);
    row.append(back);
    if(sections.length){const c=el('button',{type:'button'},T.contents);c.onclick=contents;row.append(c);}
    d.append(row);(g===main?forms[forms.length-1]:g).after(d);return d;
  });
  groups.forEach(g=>cardsOf(g).forEach((f,i,all)=>{
    const nav=el('div',{className:'cardnav'});
    const back=el('button',{type:'button'},T.back);back.onclick=()=>i?show(g,i-1):(sections.length?contents():null);
    if(!i&&!sections.length)back.disabled=true;
    const next=el('button',{type:'button'},T.next);next.onclick=()=>show(g,i+1);
    nav.append(back,el('span',{className:'count'},(i+1)+' / '+all.length),next);
    f.querySelector('fieldset').append(nav);
  }));
  const answerOf=(f)=>{const b=f.querySelector('.scale button[aria-pressed=true]');return b?b.firstChild.textContent:'–';};
  function summary(g,d){
    const ul=d.querySelector('.summary');ul.textContent='';
    cardsOf(g).forEach((f,i)=>{const b=el('button',{type:'button'});
      b.append(el('span',{},f.querySelector('legend').textContent),el('b',{},answerOf(f)));
      b.onclick=()=>show(g,i);const li=el('li');li.append(b);ul.append(li);});
  }
  function hideAll(){forms.forEach(f=>f.classList.remove('current'));sections.forEach(s=>s.classList.remove('current'));done.forEach(d=>d.hidden=true);document.body.classList.remove('at-contents');}
  // `quiet`: on load, where focus stays at the top (the skip link first).
  function show(g,i,quiet){
    const all=cardsOf(g);hideAll();group=g;index=i;
    if(g!==main){g.classList.add('current');const det=g.querySelector('details');if(det)det.open=true;}
    if(i>=all.length){const d=done[groups.indexOf(g)];summary(g,d);d.hidden=false;if(!quiet)d.focus({preventScroll:true});sessionStorage.setItem(AT,'done:'+groups.indexOf(g));}
    else{const f=all[i];f.classList.add('current');f.tabIndex=-1;if(!quiet)f.focus({preventScroll:true});sessionStorage.setItem(AT,f.dataset.cell);}
    if(!quiet)window.scrollTo(0,0);
  }
  function contents(){hideAll();group=null;document.body.classList.add('at-contents');sessionStorage.setItem(AT,'contents');window.scrollTo(0,0);}
  const firstOpen=(g)=>{const all=cardsOf(g);const i=all.findIndex(f=>!f.querySelector('.scale button[aria-pressed=true]'));return i<0?all.length:i;};
  function restore(){
    const at=sessionStorage.getItem(AT)||'';
    if(at.startsWith('done:')&&groups[+at.slice(5)]){show(groups[+at.slice(5)],cardsOf(groups[+at.slice(5)]).length,true);return;}
    const f=forms.find(x=>x.dataset.cell===at);
    if(f){const g=groups.find(x=>x.contains(f));show(g,cardsOf(g).indexOf(f),true);return;}
    if(sections.length)contents();else show(main,firstOpen(main),true);
  }
  function setView(cards){
    document.body.classList.toggle('cards',cards);toggle.textContent=cards?T.list:T.one;
    localStorage.setItem(VIEW,cards?'cards':'list');if(cards)restore();else{hideAll();done.forEach(d=>d.hidden=true);}
  }
  toggle.onclick=()=>setView(!document.body.classList.contains('cards'));
  document.querySelectorAll('nav.contents a').forEach(a=>a.addEventListener('click',ev=>{
    if(!document.body.classList.contains('cards'))return;
    const g=document.getElementById(a.getAttribute('href').slice(1));if(!g)return;
    ev.preventDefault();show(g,firstOpen(g));
  }));
  document.addEventListener('loopshop:answered',ev=>{
    if(!document.body.classList.contains('cards')||!group)return;
    const f=ev.detail;const i=cardsOf(group).indexOf(f);
    if(i>=0)setTimeout(()=>{if(index===i)show(group,i+1);},400);
  });
  setView(localStorage.getItem(VIEW)!=='list');
})();

// Ideas and dots without a page load: the idea list is fetched again and
// put in place (the scroll stays); a refusal is a sentence above the list.
(function(){
  const J={'Content-Type':'application/json'};
  async function replace(){
    const r=await fetch('/',{credentials:'same-origin'});if(!r.ok)return;
    const doc=new DOMParser().parseFromString(await r.text(),'text/html');
    const now=document.getElementById('ideas'),fresh=doc.getElementById('ideas');
    if(now&&fresh){const y=window.scrollY;const typed=now.querySelector('#idea-text');const keep=typed?typed.value:'';now.replaceWith(fresh);window.scrollTo(0,y);bind();if(keep){const t=fresh.querySelector('#idea-text');if(t)t.value=keep;}}
  }
  async function call(method,url,body){
    const msg=document.getElementById('idea-msg');if(msg)msg.textContent='';
    try{
      const r=await fetch(url,{method,headers:J,credentials:'same-origin',body:body&&JSON.stringify(body)});
      if(r.status===401){location.reload();return false;}
      if(!r.ok){const e=await r.json().catch(()=>({error:r.statusText}));const t=String(e.message||e.error);const m=document.getElementById('idea-msg');if(m)m.textContent=t.charAt(0).toUpperCase()+t.slice(1)+'.';return false;}
      return true;
    }catch(_){const m=document.getElementById('idea-msg');if(m)m.textContent=document.body.dataset.offline;return false;}
  }
  function bind(){
    document.querySelectorAll('#ideas form.vote').forEach(f=>f.addEventListener('submit',async ev=>{
      ev.preventDefault();const b=ev.submitter;if(!b)return;const idea=Number(f.elements.idea.value);
      const ok=b.value==='remove'?await call('DELETE','/api/votes/'+idea):await call('POST','/api/votes',{idea});
      if(ok)await replace();
    }));
    document.querySelectorAll('#ideas form.idea').forEach(f=>f.addEventListener('submit',async ev=>{
      ev.preventDefault();
      const body={stage:f.elements.stage.value,text:f.elements.text.value,technologies:[...f.querySelectorAll('[name=technology]:checked')].map(x=>x.value)};
      if(await call('POST','/api/ideas',body)){f.elements.text.value='';await replace();}
    }));
  }
  if(document.getElementById('ideas')){bind();document.addEventListener('loopshop:refresh',ev=>{ev.preventDefault();replace();});}
})();
