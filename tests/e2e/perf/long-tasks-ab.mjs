#!/usr/bin/env node
// long-tasks-ab.mjs — not a test: compares two builds of the viewer on the main thread's long
// tasks (`longtask` entries, tasks over 50 ms) in the seconds after the first results are shown,
// alternating visits in one Chromium session.
//   node tests/e2e/perf/long-tasks-ab.mjs DIST_A DIST_B BUNDLE [ROUNDS] [WATCH_MS]   (default 2, 4000)
// DIST_A / DIST_B are copies of dist/; each is served under the strict CSP beside a copy of BUNDLE.
// Prints per visit when the first result appeared (ms since navigation) and every long task that
// started after it, as [start, duration].
import { cpSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../../scripts/serve.mjs';
import { launch } from '../browser.mjs';
import { root } from '../../js/helpers.mjs';

const [A, B, bundle, roundsArg, watchArg] = process.argv.slice(2);
const dir = join(root, 'tests/out/long-tasks-ab');
rmSync(dir, { recursive: true, force: true });
for (const [k, d] of [['A', A], ['B', B]]) {
  mkdirSync(join(dir, k), { recursive: true });
  cpSync(d, join(dir, k), { recursive: true });
  copyFileSync(bundle, join(dir, k, 'cb.json'));
}
const srv = await startServer({ dir, port: 0, csp: true });
const browser = await launch();
try {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
  await ctx.addInitScript(() => {
    window.__lt = [];
    window.__first = null;
    new MutationObserver(() => {
      if (window.__first === null && document.querySelector('.dg-list .dg-item')) window.__first = performance.now();
    }).observe(document, { subtree: true, childList: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); })
      .observe({ type: 'longtask', buffered: true });
  });
  const page = await ctx.newPage();
  for (let r = 0; r < Number(roundsArg || 2); ++r) {
    for (const k of ['A', 'B']) {
      await page.goto('about:blank');
      await page.goto(`${srv.url}${k}/index.html?bundle=cb.json#/`);
      await page.waitForFunction(() => window.__first !== null, null, { timeout: 120000 });
      await page.waitForTimeout(Number(watchArg || 4000));
      const { first, tasks } = await page.evaluate(() => ({ first: window.__first, tasks: window.__lt.filter(([s]) => s >= window.__first) }));
      console.log(`${k}: first results at ${Math.round(first)} ms; ${tasks.length} long task(s) after them, longest ${Math.max(0, ...tasks.map((t) => t[1]))} ms ${JSON.stringify(tasks.slice(0, 8))}`);
    }
  }
} finally {
  await browser.close();
  await srv.close();
}
