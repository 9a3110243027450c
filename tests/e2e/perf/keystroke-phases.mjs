#!/usr/bin/env node
// keystroke-phases.mjs — not a test: where each keystroke's time goes between the key and the paint
// that shows its results, in four phases, for one build of the viewer in Chromium.
//   node tests/e2e/perf/keystroke-phases.mjs [--dist DIR] [--bundle /tmp/c20k.json] [--keys 50] [--rounds 1] [--gap 60] [--verbose]
// The same typing as viewer-perf.mjs (probe.mjs's words, a key every 60 ms or --gap), once the full-text
// index is built; the same latency (probe.mjs: the key's beforeinput timestamp to the first task
// after the frame that painted the results). Each keystroke is split into:
//   queue    the key's event timestamp -> the page's beforeinput listener (the main thread busy);
//   handler  beforeinput -> the end of the search box's input event (the editor's insertion, the
//            viewer's query and drawing);
//   to frame the input event's end -> the frame's requestAnimationFrame callbacks (the style and
//            layout the editor forces after the event, then the wait for the compositor's next
//            begin-frame);
//   frame    the frame's callbacks -> painted (style, layout, paint, commit).
// And, apart: "whole answer", the key's event time -> the end of the viewer's second step
// (HomeView.drawRest: the facets, the chart and the results past the first ones drawn), for the
// keystrokes whose second step ran before the next key.
// A keystroke "waited for a tick" when its frame's time (the rAF timestamp: the begin-frame's
// time) is after the handler's end: the compositor had no frame to give at once and the page sat
// until the next 60 Hz tick. The others got a begin-frame at once (or during the handler).
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer } from '../../../scripts/serve.mjs';
import { distDir, root } from '../../js/helpers.mjs';
import { launch } from '../browser.mjs';
import { f1, pct, probe, typeWords, waitForSearchIndex } from './probe.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const source = resolve(opt('--dist', distDir));
const bundle = opt('--bundle', '/tmp/c20k.json');
const keys = Number(opt('--keys', 50));
const rounds = Number(opt('--rounds', 1));
const gap = Number(opt('--gap', 60));
const verbose = args.includes('--verbose');

// Installed after probe(): per keystroke in the search box, its event time, when the page saw it,
// when its input event ended, and its frame (callback time and the frame's own timestamp).
const phases = () => {
  window.__phases = [];
  let cur = null;
  addEventListener('beforeinput', (e) => {
    if (e.target.id !== 'dg-search') return;
    cur = { ts: e.timeStamp, seen: performance.now() };
    window.__phases.push(cur);
  }, true);
  // A listener on window runs after the search box's own (the viewer's) for the same event.
  addEventListener('input', (e) => {
    if (!cur || e.target.id !== 'dg-search') return;
    const k = cur;
    k.q = e.target.value;
    k.handled = performance.now();
    requestAnimationFrame((frameTime) => { k.frame = performance.now(); k.frameTime = frameTime; });
  });
};

const dir = join(root, 'tests/out/dist-phases');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync(source, dir, { recursive: true });
copyFileSync(bundle, join(dir, 'phases-bundle.json'));
const srv = await startServer({ dir, port: 0, csp: true });
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
  await context.addInitScript(probe);
  await context.addInitScript(phases);
  const page = await context.newPage();
  await page.goto(`${srv.url}?bundle=phases-bundle.json#/`);
  await waitForSearchIndex(page);
  await page.waitForTimeout(1500);
  const rows = [];
  for (let r = 0; r < rounds; ++r) {
    await page.evaluate(() => { window.__perf.keys = []; window.__perf.pending = null; window.__phases = []; });
    await page.focus('#dg-search');
    await typeWords(page, keys, gap);
    await page.waitForTimeout(300);
    const { lat, ph, rest } = await page.evaluate(() => ({
      lat: window.__perf.keys, ph: window.__phases,
      rest: performance.getEntriesByName('dg-draw-rest').map((m) => m.startTime + m.duration),
    }));
    if (lat.length !== ph.length) throw new Error(`${lat.length} latencies for ${ph.length} keystrokes`);
    ph.forEach((p, i) => {
      const next = i + 1 < ph.length ? ph[i + 1].ts : Infinity;
      const done = rest.find((t) => t > p.handled && t < next);
      rows.push({
        q: p.q, lat: lat[i], queue: p.seen - p.ts, handler: p.handled - p.seen, toFrame: p.frame - p.handled,
        frame: p.ts + lat[i] - p.frame, waited: p.frameTime > p.handled, whole: done === undefined ? NaN : done - p.ts,
      });
    });
  }
  if (verbose) {
    for (const r of rows) {
      console.log(`${f1(r.lat).padStart(6)} ms  queue ${f1(r.queue).padStart(4)}  handler ${f1(r.handler).padStart(5)}  to frame ${f1(r.toFrame).padStart(5)}${r.waited ? ' (tick)' : '       '}  frame ${f1(r.frame).padStart(5)}  whole answer ${f1(r.whole).padStart(5)}  ${JSON.stringify(r.q)}`);
    }
  }
  const line = (label, xs) => {
    if (!xs.length) return console.log(`${label}: none`);
    const of = (k) => `${f1(pct(xs.map((r) => r[k]), 50))} / ${f1(pct(xs.map((r) => r[k]), 95))}`;
    console.log(`${label} (${xs.length}): latency ${of('lat')}  queue ${of('queue')}  handler ${of('handler')}  to frame ${of('toFrame')}  frame ${of('frame')}  (p50 / p95 ms)`);
  };
  line('all keystrokes', rows);
  line('frame at once', rows.filter((r) => !r.waited));
  line('waited for a tick', rows.filter((r) => r.waited));
  const whole = rows.map((r) => r.whole).filter((x) => !Number.isNaN(x));
  console.log(`whole answer drawn (${whole.length}): p50 ${f1(pct(whole, 50))} / p95 ${f1(pct(whole, 95))} / max ${f1(Math.max(...whole))} ms after the key`);
} finally {
  await browser.close();
  await srv.close();
}
