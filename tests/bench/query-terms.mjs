#!/usr/bin/env node
// query-terms.mjs — not a test: the wasm core's time for each query text given, on one instance
// with its full-text index built: a loop of d.query({q, limit: 20, expand: true}) (a page of
// snippets, the facets), median and fastest of 15.
//   node --no-experimental-fetch tests/bench/query-terms.mjs DIST BUNDLE.json TEXT...
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, bundle, ...texts] = process.argv.slice(2);
if (!dir || !bundle || !texts.length) {
  console.error('usage: query-terms.mjs DIST BUNDLE.json TEXT...');
  process.exit(2);
}
const { openDigest } = await import(pathToFileURL(resolve(dir, 'digest.js')).href);
const d = await openDigest({ wasmBinary: readFileSync(resolve(dir, 'digest-core.wasm')) });
d.loadBytes(readFileSync(bundle));
while (!d.prepareSearchStep(500)) { /* the viewer's background build, in slices */ }
for (const q of texts) {
  const ts = [];
  let r;
  for (let i = 0; i < 15; ++i) {
    const t0 = performance.now();
    r = d.query({ q, limit: 20, expand: true });
    ts.push(performance.now() - t0);
  }
  ts.sort((a, b) => a - b);
  console.log(`${q}\ttotal ${r.total}\tmedian ${ts[7].toFixed(2)} ms\tfastest ${ts[0].toFixed(2)} ms`);
}
