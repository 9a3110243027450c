#!/usr/bin/env node
// heap-stages.mjs — not a test: the wasm heap of one build at the viewer's two stages, as ratios of the
// bundle size: after loadBytes (the newest-first list answers), and once the full-text index is built
// (prepareSearchStep to the end, then one query). For each: heapSize() (the wasm memory, which grows
// in steps and never shrinks: the peak) and heapInUse() (what malloc holds).
//   node --no-experimental-fetch tests/bench/heap-stages.mjs DIST BUNDLE.json
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const [dir, bundle] = process.argv.slice(2);
if (!dir || !bundle) {
  console.error('usage: heap-stages.mjs DIST BUNDLE.json');
  process.exit(2);
}
const bytes = readFileSync(bundle);
const { openDigest } = await import(pathToFileURL(resolve(dir, 'digest.js')).href);
const d = await openDigest({ wasmBinary: readFileSync(resolve(dir, 'digest-core.wasm')) });
const ratio = (x) => (x / bytes.length).toFixed(3);
d.loadBytes(bytes);
const loaded = [d.heapSize(), d.heapInUse()];
while (!d.prepareSearchStep(500).ready) { /* the viewer's background build, in slices */ }
d.query({ q: '모델' });
console.log(`${dir}: after load heapSize ${ratio(loaded[0])}x, in use ${ratio(loaded[1])}x; ` +
  `fully indexed heapSize ${ratio(d.heapSize())}x, in use ${ratio(d.heapInUse())}x (bundle ${bytes.length} bytes)`);
