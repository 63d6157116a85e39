// The room's board: swaps in the new content when the server says it
// changed, counts the exercise's clock down, and turns the ideas' pages.
(function () {
  const root = document.getElementById('board');
  const key = root.dataset.key;
  const words = root.dataset;
  const PAGE_MS = 10000;
  let loaded = Date.now();
  let page = 0;
  const show = (state, text) => {
    const live = document.getElementById('live');
    if (live) { live.dataset.state = state; live.textContent = text; }
  };
  const twoDigits = (n) => (n < 10 ? '0' : '') + n;
  const clockText = (seconds) => {
    const s = Math.abs(seconds);
    const h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return (h > 0 ? h + ':' + twoDigits(m) : m) + ':' + twoDigits(r);
  };
  function tick() {
    const clock = root.querySelector('.clock');
    if (!clock) return;
    const running = clock.dataset.running === 'true';
    const passed = running ? Math.floor((Date.now() - loaded) / 1000) : 0;
    const left = Number(clock.dataset.left) - passed;
    const state = !running ? 'paused' : left < 0 ? 'over' : 'left';
    clock.dataset.state = state;
    document.getElementById('clock-time').textContent = clockText(left);
    document.getElementById('clock-word').textContent = clock.dataset[state + 'Word'];
  }
  function turn(step) {
    const ideas = document.getElementById('ideas');
    if (!ideas) return;
    const pages = Math.max(1, Number(ideas.dataset.pages));
    page = (page + step) % pages;
    for (const el of ideas.querySelectorAll('[data-page]')) {
      el.classList.toggle('on', Number(el.dataset.page) === page);
    }
  }
  let busy = false, again = false;
  async function refresh() {
    if (busy) { again = true; return; }
    busy = true;
    try {
      const r = await fetch('/board?part=content&key=' + encodeURIComponent(key), { cache: 'no-store' });
      if (r.ok) {
        root.innerHTML = await r.text();
        loaded = Date.now();
        show('online', words.live);
        tick();
        turn(0);
      }
    } catch (_) { show('offline', words.reconnecting); }
    busy = false;
    if (again) { again = false; refresh(); }
  }
  if (window.EventSource) {
    const events = new EventSource('/board/events?key=' + encodeURIComponent(key));
    events.onopen = () => show('online', words.live);
    events.onerror = () => show('offline', words.reconnecting);
    events.addEventListener('refresh', refresh);
  }
  setInterval(tick, 1000);
  setInterval(() => turn(1), PAGE_MS);
  tick();
  const live = document.getElementById('live');
  if (live) live.dataset.state = 'loaded';
})();
