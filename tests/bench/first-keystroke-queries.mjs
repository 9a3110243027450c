#!/usr/bin/env node
// first-keystroke-queries.mjs — not a test: the viewer's keystroke queries (its first five hits, no facets,
// expansions on) for the prefixes of the words the perf scripts type, each run twice on one engine just
// after its full-text index is built: the first run builds what a short term needs once per engine (a
// merged list), the second shows the query alone. Prints the 12 slowest first runs.
//   node --no-experimental-fetch tests/bench/first-keystroke-queries.mjs DIST BUNDLE.json
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WORDS } from '../e2e/perf/probe.mjs';

const [dir, bundle] = process.argv.slice(2);
if (!dir || !bundle) {
  console.error('usage: first-keystroke-queries.mjs DIST BUNDLE.json');
  process.exit(2);
}
const { openDigest } = await import(pathToFileURL(resolve(dir, 'digest.js')).href);
const d = await openDigest({ wasmBinary: readFileSync(resolve(dir, 'digest-core.wasm')) });
d.loadBytes(readFileSync(bundle));
d.prepareSearch();
// Warms the query code on terms that build nothing (no match, no merged list).
for (let i = 0; i < 20; i++) d.query({ q: `zzzq${i}`, limit: 5, expand: true, facets: false });
const rows = [];
for (const w of WORDS) {
  for (let i = 1; i <= [...w].length; i++) {
    const q = [...w].slice(0, i).join('');
    const req = { q, sort: 'relevance', offset: 0, limit: 5, expand: true, facets: false };
    const t0 = performance.now();
    d.query(req);
    const first = performance.now() - t0;
    const t1 = performance.now();
    d.query(req);
    rows.push([q, first, performance.now() - t1]);
  }
}
rows.sort((x, y) => y[1] - x[1]);
for (const [q, a, b] of rows.slice(0, 12)) console.log(`${a.toFixed(2).padStart(6)} ms first, ${b.toFixed(2).padStart(5)} ms again  ${q}`);
