#!/usr/bin/env node
// heap-stages.mjs — not a test: the wasm heap of one build at the viewer's two stages, as ratios of the
// bundle size: after the load (the newest-first list answers), and once the full-text index is built
// (prepareSearchStep to the end, then one query). For each: heapSize() (the wasm memory, which grows
// in steps and never shrinks: the peak), heapPeak() (the allocator's footprint, the highest break it
// raised) and heapInUse() (what malloc holds).
//
// The load is d.loadBytes (the default), or with --download the viewer's path for a first visit: the
// bytes pushed to d.beginLoad in 64 KiB pieces as a download would bring them (the core reads ahead
// as they arrive), then finish().
//   node --no-experimental-fetch tests/bench/heap-stages.mjs DIST BUNDLE.json [--download]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const [dir, bundle, mode] = process.argv.slice(2);
if (!dir || !bundle || (mode && mode !== '--download')) {
  console.error('usage: heap-stages.mjs DIST BUNDLE.json [--download]');
  process.exit(2);
}
const bytes = readFileSync(bundle);
const { openDigest } = await import(pathToFileURL(resolve(dir, 'digest.js')).href);
const d = await openDigest({ wasmBinary: readFileSync(resolve(dir, 'digest-core.wasm')) });
const ratio = (x) => (x / bytes.length).toFixed(3);
if (mode === '--download') {
  const sink = d.beginLoad(bytes.length);
  for (let at = 0; at < bytes.length; at += 65536) sink.push(bytes.subarray(at, Math.min(bytes.length, at + 65536)));
  sink.finish();
} else {
  d.loadBytes(bytes);
}
const loaded = [d.heapSize(), d.heapPeak(), d.heapInUse()];
while (!d.prepareSearchStep(500).ready) { /* the viewer's background build, in slices */ }
d.query({ q: '모델' });
const how = mode === '--download' ? 'download' : 'loadBytes';
console.log(`${dir} (${how}): after load heapSize ${ratio(loaded[0])}x, footprint ${ratio(loaded[1])}x, in use ${ratio(loaded[2])}x; ` +
  `fully indexed heapSize ${ratio(d.heapSize())}x, footprint ${ratio(d.heapPeak())}x, in use ${ratio(d.heapInUse())}x (bundle ${bytes.length} bytes)`);
