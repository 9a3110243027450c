#!/usr/bin/env node
// keystroke-trace.mjs — not a test: where a keystroke's time goes in Chromium, from a trace.
//   node tests/e2e/perf/keystroke-trace.mjs [--bundle /tmp/c20k.json] [--keys 40] [--dist DIR] [--top 25]
// Opens the viewer on the bundle (a copy of DIR, default dist/, served under the strict CSP), waits
// for the full-text index, then types the same words as viewer-perf.mjs while Chromium traces
// (devtools.timeline). Prints, per keystroke, the renderer main thread's self time by event name
// (style, layout, paint, script, ...), summed over the typing and divided by the keystrokes typed.
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../../scripts/serve.mjs';
import { distDir, root } from '../../js/helpers.mjs';
import { launch } from '../browser.mjs';
import { typeWords, waitForSearchIndex } from './probe.mjs';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const bundle = opt('--bundle', '/tmp/c20k.json');
const keys = Number(opt('--keys', 40));
const top = Number(opt('--top', 25));
const source = opt('--dist', distDir);

const dir = join(root, 'tests/out/dist-trace');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync(source, dir, { recursive: true });
copyFileSync(bundle, join(dir, 'trace-bundle.json'));

const srv = await startServer({ dir, port: 0, csp: true });
const browser = await launch();
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
  const page = await context.newPage();
  await page.goto(`${srv.url}?bundle=trace-bundle.json#/`);
  // Typing is measured once the full-text index is built.
  await waitForSearchIndex(page);
  await page.waitForTimeout(1500);
  await page.focus('#dg-search');
  await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'v8.execute'] });
  const typed = await typeWords(page, keys);
  await page.waitForTimeout(300);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const events = trace.traceEvents || trace;
  // The renderer's main thread: the one that ran the viewer's script (CrRendererMain).
  const names = new Map();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args.name);
  const main = [...names].filter(([, n]) => n === 'CrRendererMain').map(([k]) => k);
  const byThread = new Map();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (!main.includes(k) || e.ph !== 'X' || !e.dur) continue;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k).push(e);
  }
  // The busiest main thread is the viewer's page.
  let list = [];
  for (const l of byThread.values()) if (l.reduce((a, e) => a + e.dur, 0) > list.reduce((a, e) => a + e.dur, 0)) list = l;
  list.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  // Self time: an event's duration minus its children's (nested complete events on one thread).
  const self = new Map();
  const stack = [];
  let total = 0;
  for (const e of list) {
    while (stack.length && stack[stack.length - 1].ts + stack[stack.length - 1].dur <= e.ts) stack.pop();
    const parent = stack[stack.length - 1];
    if (parent) self.set(parent.name, (self.get(parent.name) || 0) - Math.min(e.dur, parent.ts + parent.dur - e.ts));
    else total += e.dur;
    self.set(e.name, (self.get(e.name) || 0) + e.dur);
    stack.push(e);
  }
  const print = (title, m, n) => {
    console.log(title);
    for (const [name, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`  ${(us / 1000 / n).toFixed(3).padStart(7)} ms  ${name}`);
  };
  console.log(`main thread busy ${(total / 1000 / typed).toFixed(2)} ms per keystroke over ${typed} keystrokes`);
  print('self time per keystroke, everything:', self, typed);
  // The keystroke's own path: from its keydown to the end of the first frame's Commit after it.
  const keydowns = list.filter((e) => e.name === 'EventDispatch' && e.args?.data?.type === 'keydown');
  const commits = list.filter((e) => e.name === 'Commit');
  const inPath = new Map();
  const spans = [];
  for (const k of keydowns) {
    const c = commits.find((e) => e.ts > k.ts + k.dur);
    if (!c) continue;
    const end = c.ts + c.dur;
    spans.push((end - k.ts) / 1000);
    const st = [];
    for (const e of list) {
      if (e.ts < k.ts || e.ts >= end) continue;
      while (st.length && st[st.length - 1].ts + st[st.length - 1].dur <= e.ts) st.pop();
      const parent = st[st.length - 1];
      if (parent) inPath.set(parent.name, (inPath.get(parent.name) || 0) - Math.min(e.dur, parent.ts + parent.dur - e.ts));
      inPath.set(e.name, (inPath.get(e.name) || 0) + e.dur);
      st.push(e);
    }
  }
  if (process.env.TRACE_TIMELINE) {
    // Each keydown's top-level events on the main thread until its frame's commit: start (ms after
    // the keydown), duration, name.
    // The slowest keydowns (TRACE_TIMELINE=N): from the keydown's task to its frame's commit.
    const spanOf = (k) => { const c = commits.find((e) => e.ts > k.ts + k.dur); return c ? c.ts + c.dur - k.ts : 0; };
    const slowest = [...keydowns].sort((a, b) => spanOf(b) - spanOf(a)).slice(0, Number(process.env.TRACE_TIMELINE));
    for (const k of slowest) {
      const c = commits.find((e) => e.ts > k.ts + k.dur);
      if (!c) continue;
      const task = list.find((e) => e.name === 'RunTask' && e.ts <= k.ts && e.ts + e.dur >= k.ts + k.dur);
      const t0 = task ? task.ts : k.ts;
      console.log(`keydown: ${((c.ts + c.dur - t0) / 1000).toFixed(1)} ms to commit end`);
      for (const e of list) {
        if (e.ts < t0 || e.ts > c.ts + c.dur) continue;
        if (e.dur < Number(process.env.TRACE_MIN_US || 100) && e.name !== 'Commit') continue;
        console.log(`   ${((e.ts - t0) / 1000).toFixed(2).padStart(6)} +${(e.dur / 1000).toFixed(2).padStart(5)}  ${e.name}${e.args?.data?.type ? ' ' + e.args.data.type : ''}`);
      }
    }
  }
  spans.sort((a, b) => a - b);
  console.log(`keydown -> its frame's commit over ${spans.length} keydowns: p50 ${spans[Math.floor(spans.length / 2)]?.toFixed(1)} ms, p95 ${spans[Math.ceil(spans.length * 0.95) - 1]?.toFixed(1)} ms`);
  print('self time per keystroke, on that path:', inPath, spans.length);
  await context.close();
} finally {
  await browser.close();
  await srv.close();
}
