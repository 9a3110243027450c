#!/usr/bin/env node
// first-results-plain.mjs — not a test: navigation -> first results painted, measured in a plain
// headless Chromium with no DevTools client attached (as a reader's browser runs).
//   node tests/e2e/perf/first-results-plain.mjs BUNDLE [RUNS] [DIST]     (default 7, dist/)
// viewer-perf.mjs drives Chromium through DevTools (playwright-core), and DevTools asks for the
// decoded text of every response body: Chromium then decodes the 8.6 MB bundle on the page's main
// thread, which a reader's browser never does (docs/benchmarks.md). Here a copy of DIST serves
// index.html with one more script, perf-probe.js, first in <head> (allowed by the strict CSP:
// 'self'): the same probe as viewer-perf.mjs, which reports "first results painted" to the
// server (a same-origin GET of /__perf?first=MS) and reloads the page 4 s later. The first
// visit downloads everything and installs the service worker, the second is the first one the
// worker controls; both are dropped, and the next RUNS are printed: returning visits with the
// bundle in the worker's cache, as issue 8's target reads ("the bundle already cached").
// Since the eleventh session a returning visit draws the last visit's first results for the same
// bundle bytes while the core starts (app.js, drawFirstView): "first" is when results are first
// painted, whichever drew them; "live" when the core's own answer of this visit is (the list
// without data-dg-provisional).
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../../scripts/serve.mjs';
import { distDir, root } from '../../js/helpers.mjs';

const [bundle, runsArg, distArg] = process.argv.slice(2);
if (!bundle) {
  console.error('usage: first-results-plain.mjs BUNDLE [RUNS] [DIST]');
  process.exit(2);
}
const runs = Number(runsArg || 7);
const dir = join(root, 'tests/out/first-results-plain');
rmSync(dir, { recursive: true, force: true });
cpSync(distArg || distDir, dir, { recursive: true });
copyFileSync(bundle, join(dir, 'cb.json'));
writeFileSync(join(dir, 'perf-probe.js'), `(() => {
  let waiting = false, done = false, first = -1;
  const ch = new MessageChannel();
  ch.port1.onmessage = () => {
    waiting = false;
    if (done || !document.querySelector('.dg-list .dg-item')) return;
    if (first < 0) first = performance.now();
    // "live": results the core answered in this visit, not the last visit's drawn while it starts
    if (!document.querySelector('.dg-list:not([data-dg-provisional]) .dg-item')) return;
    done = true;
    const at = (n) => (performance.getEntriesByName(n)[0]?.startTime ?? -1).toFixed(0);
    const nav = performance.getEntriesByType('navigation')[0];
    fetch('/__perf?first=' + first.toFixed(1) + '&live=' + performance.now().toFixed(1) + '&core=' + at('dg-core-ready') + '&arrived=' + at('dg-bundle-arrived') +
      '&query=' + at('dg-query') + '&html=' + (nav ? nav.responseEnd.toFixed(0) : -1), { cache: 'no-store' }).catch(() => {});
    setTimeout(() => location.reload(), 4000);
  };
  new MutationObserver(() => { if (!waiting) { waiting = true; ch.port2.postMessage(0); } })
    .observe(document, { subtree: true, childList: true, characterData: true });
})();
`);
const html = readFileSync(join(dir, 'index.html'), 'utf8');
writeFileSync(join(dir, 'index.html'), html.replace('<head>', '<head><script async src="perf-probe.js"></script>'));

const firsts = [], lives = [], marks = [];
let finish;
const finished = new Promise((resolve) => { finish = resolve; });
const srv = await startServer({
  dir, port: 0, csp: true,
  onRequest: (req, url) => {
    if (url.pathname !== '/__perf') return;
    firsts.push(Number(url.searchParams.get('first')));
    lives.push(Number(url.searchParams.get('live')));
    marks.push(['html', 'core', 'arrived', 'query'].map((k) => `${k} ${url.searchParams.get(k)}`).join(', '));
    if (firsts.length >= runs + 2) finish();
  },
});
const profile = mkdtempSync(join(tmpdir(), 'dg-plain-'));
const chromium = spawn(process.env.CHROMIUM || '/usr/bin/chromium', [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--no-first-run', '--disable-sync', '--disable-quic', '--window-size=1280,900', '--lang=ko-KR',
  `--user-data-dir=${profile}`, `${srv.url}?bundle=cb.json#/`,
], { stdio: 'ignore' });
const timer = setTimeout(() => finish(), 60_000 + runs * 10_000);
await finished;
clearTimeout(timer);
const exited = new Promise((resolve) => chromium.once('exit', resolve));
chromium.kill('SIGKILL');
await exited;
await srv.close();
try {
  rmSync(profile, { recursive: true, force: true, maxRetries: 5 });
} catch { /* Chromium's helper processes may still be writing to it: a temp dir left behind */ }
const measured = firsts.slice(2);
const sorted = [...measured].sort((a, b) => a - b);
console.log(`first visit ${firsts[0] ?? '-'} ms, first controlled visit ${firsts[1] ?? '-'} ms`);
console.log(`marks (ms since navigation) per returning visit:\n  ${marks.slice(2).join('\n  ')}`);
console.log(`returning visits: median ${sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : '-'} ms over ${measured.length} (runs: ${measured.join(', ')})`);
const live = lives.slice(2), liveSorted = [...live].sort((a, b) => a - b);
console.log(`  of which the core's own answer (not the last visit's first results): median ${liveSorted.length ? liveSorted[Math.floor((liveSorted.length - 1) / 2)] : '-'} ms (runs: ${live.join(', ')})`);
