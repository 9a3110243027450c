#!/usr/bin/env node
// first-results-ab.mjs — not a test: compares two builds of the viewer on navigation -> first
// results painted, in one Chromium session, alternating visits so both see the same machine.
//   node tests/e2e/perf/first-results-ab.mjs DIST_A DIST_B BUNDLE [ROUNDS]    (default 7)
// DIST_A / DIST_B are copies of dist/ (e.g. `cp -r dist /tmp/dist-before` before a change);
// each is served under the strict CSP beside a copy of BUNDLE, warmed once, then visited ROUNDS
// times each, 3 s apart. Prints per build the median and every run of "first results painted"
// (as viewer-perf.mjs measures it), the medians of the viewer's marks `dg-core-ready` and
// `dg-bundle-arrived` (ms since navigation), and of its `dg-bundle-load` measure (last byte ->
// loaded), with every run of the latter.
import { cpSync, copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../../scripts/serve.mjs';
import { launch } from '../browser.mjs';
import { root } from '../../js/helpers.mjs';
const [A, B, bundle, roundsArg] = process.argv.slice(2);
const dir = join(root, 'tests/out/first-results-ab'); rmSync(dir, { recursive: true, force: true });
for (const [k, d] of [['A', A], ['B', B]]) { mkdirSync(join(dir, k), { recursive: true }); cpSync(d, join(dir, k), { recursive: true }); copyFileSync(bundle, join(dir, k, 'cb.json')); }
const probe = () => {
  window.__perf = { first: null };
  const ch = new MessageChannel(); let waiting = false;
  ch.port1.onmessage = () => { waiting = false; if (window.__perf.first === null && document.querySelector('.dg-list .dg-item')) window.__perf.first = performance.now(); };
  new MutationObserver(() => { if (!waiting) { waiting = true; ch.port2.postMessage(0); } }).observe(document, { subtree: true, childList: true, characterData: true });
};
const srv = await startServer({ dir, port: 0, csp: true });
const browser = await launch();
const res = { A: [], B: [] }, li = { A: [], B: [] };
const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
await ctx.addInitScript(probe);
const page = await ctx.newPage();
const url = (k) => `${srv.url}${k}/index.html?bundle=cb.json#/`;
for (const k of ['A', 'B']) { await page.goto(url(k)); await page.waitForFunction(() => window.__perf.first !== null, null, { timeout: 120000 }); await page.waitForTimeout(4000); }
for (let r = 0; r < +(roundsArg || 7); ++r) for (const k of ['A', 'B']) {
  await page.goto('about:blank'); await page.goto(url(k));
  await page.waitForFunction(() => window.__perf.first !== null, null, { timeout: 120000 });
  res[k].push(await page.evaluate(() => window.__perf.first));
  // The viewer's marks: core ready and bundle arrived (since navigation), and the load after arrival.
  li[k].push(await page.evaluate(() => ['dg-core-ready', 'dg-bundle-arrived'].map((n) => performance.getEntriesByName(n)[0]?.startTime ?? NaN)
    .concat([performance.getEntriesByName('dg-bundle-load')[0]?.duration ?? NaN])));
  await page.waitForTimeout(3000);
}
const med = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
for (const k of ['A', 'B']) {
  console.log(k, 'first', med(res[k]).toFixed(0), res[k].map((x) => x.toFixed(0)).join(' '),
    '| medians: core ready', med(li[k].map((v) => v[0])).toFixed(0), 'arrived', med(li[k].map((v) => v[1])).toFixed(0),
    'load', med(li[k].map((v) => v[2])).toFixed(0), '| load runs', li[k].map((v) => v[2].toFixed(0)).join(' '));
}
await browser.close(); await srv.close();
