// probe.mjs — shared by the viewer's perf scripts (viewer-perf.mjs, keystroke-ab.mjs): the init
// script that times first results and keystrokes to the paint that shows them, and percentiles.

// Installed before the app runs: records when the first results are painted, and for every
// keydown when the next results are painted. A change made inside a frame (a requestAnimationFrame
// callback) is painted by that frame: the first task after it is "painted". A change made outside
// one (in the input event's own task) is painted by the next frame: the first task after that.
// The report is posted from the frame's first callback, before the page's own callbacks run, so
// no task the page posts from them (the viewer's second step: afterPaint) comes before it.
export const probe = () => {
  window.__perf = { first: null, keys: [], pending: null };
  const raf = window.requestAnimationFrame.bind(window);
  let inFrame = false;
  const frameEnd = new MessageChannel();
  frameEnd.port1.onmessage = () => { inFrame = false; };
  const ch = new MessageChannel();
  let waiting = false;  // a change seen, its paint not reported yet
  let posted = false;   // that report is posted: it runs after the frame
  const report = () => { if (waiting && !posted) { posted = true; ch.port2.postMessage(0); } };
  const frameStart = () => { if (!inFrame) { inFrame = true; frameEnd.port2.postMessage(0); report(); } };
  window.requestAnimationFrame = (cb) => raf((ts) => { frameStart(); cb(ts); });
  ch.port1.onmessage = () => {
    waiting = false;
    posted = false;
    const now = performance.now();
    if (window.__perf.first === null && document.querySelector('.dg-list .dg-item')) window.__perf.first = now;
    if (window.__perf.pending !== null) { window.__perf.keys.push(now - window.__perf.pending); window.__perf.pending = null; }
  };
  new MutationObserver(() => {
    if (waiting) return;
    waiting = true;
    if (inFrame) report();
    else raf(frameStart);
  }).observe(document, { subtree: true, childList: true, characterData: true });
  // beforeinput starts the clock: it comes in the keydown's task for a typed key, and it is also
  // what an IME commit (or Playwright's insertText for Hangul) fires.
  addEventListener('beforeinput', (e) => { if ((e.target.id === 'dg-search' || e.target.id === 'perf-baseline') && window.__perf.pending === null) window.__perf.pending = e.timeStamp; }, true);
};

export const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]; };
export const f1 = (x) => x.toFixed(1);

/** The words the perf scripts type, Korean and English, one key at a time. */
export const WORDS = ['모델', '학습', 'transformer', '강화', 'RLHF', '데이터', 'diffusion', '추론', 'LoRA', '평가', 'agent', '효율'];

/**
 * Types `keys` keystrokes into the focused search box: the words in turn, a key every `gap` ms
 * (default 60), each word erased (Ctrl+A, Backspace) after it. Returns the keystrokes that changed
 * the text (the typed keys and the erasing Backspaces).
 */
export async function typeWords(page, keys, gap = 60) {
  let typed = 0, changed = 0;
  for (let w = 0; typed < keys; ++w) {
    for (const ch of WORDS[w % WORDS.length]) {
      if (typed >= keys) break;
      await page.keyboard.type(ch);
      ++typed;
      ++changed;
      await page.waitForTimeout(gap);
    }
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    ++changed;
    await page.waitForTimeout(gap);
  }
  return changed;
}

/**
 * Waits until the home view on `page` answers search text from the full-text index (built in
 * slices after the first view), then empties the search box again.
 */
export async function waitForSearchIndex(page) {
  await page.waitForSelector('#dg-status[data-dg-total]', { timeout: 120000 });
  await page.fill('#dg-search', '모');
  await page.waitForFunction(() => !document.querySelector('.dg-list[data-dg-provisional]') && document.querySelector('#dg-status[data-dg-total]'), null, { timeout: 120000 });
  await page.fill('#dg-search', '');
}
