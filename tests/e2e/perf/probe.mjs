// probe.mjs — shared by the viewer's perf scripts (viewer-perf.mjs, keystroke-ab.mjs): the init
// script that times first results and keystrokes to the paint that shows them, and percentiles.

// Installed before the app runs: records when the first results are painted, and for every
// keydown when the next results are painted. A change made inside a frame (a requestAnimationFrame
// callback) is painted by that frame: the first task after it is "painted". A change made outside
// one (in the input event's own task) is painted by the next frame: the first task after that.
export const probe = () => {
  window.__perf = { first: null, keys: [], pending: null };
  const raf = window.requestAnimationFrame.bind(window);
  let inFrame = false;
  const frameEnd = new MessageChannel();
  frameEnd.port1.onmessage = () => { inFrame = false; };
  window.requestAnimationFrame = (cb) => raf((ts) => {
    if (!inFrame) { inFrame = true; frameEnd.port2.postMessage(0); }
    cb(ts);
  });
  const ch = new MessageChannel();
  let waiting = false;
  ch.port1.onmessage = () => {
    waiting = false;
    const now = performance.now();
    if (window.__perf.first === null && document.querySelector('.dg-list .dg-item')) window.__perf.first = now;
    if (window.__perf.pending !== null) { window.__perf.keys.push(now - window.__perf.pending); window.__perf.pending = null; }
  };
  new MutationObserver(() => {
    if (waiting) return;
    waiting = true;
    if (inFrame) ch.port2.postMessage(0);
    else raf(() => ch.port2.postMessage(0));
  }).observe(document, { subtree: true, childList: true, characterData: true });
  // beforeinput starts the clock: it comes in the keydown's task for a typed key, and it is also
  // what an IME commit (or Playwright's insertText for Hangul) fires.
  addEventListener('beforeinput', (e) => { if ((e.target.id === 'dg-search' || e.target.id === 'perf-baseline') && window.__perf.pending === null) window.__perf.pending = e.timeStamp; }, true);
};

export const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
export const f1 = (x) => x.toFixed(1);
