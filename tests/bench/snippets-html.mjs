#!/usr/bin/env node
// snippets-html.mjs — not a test: what snippets of imported HTML pages cost. Writes a copy of
// BUNDLE.json whose reviews carry HTML bodies (each review's markdown rendered by the core, three
// times over, inside a page-like wrapper: ~10 KB a review at 2k) to OUT.json, then times each
// query text given on both bundles: d.query({q, limit: 20, facets: false}) with and without
// snippets, and with 5 (the keystroke's page); median of 21.
//   node --no-experimental-fetch tests/bench/snippets-html.mjs DIST BUNDLE.json OUT.json TEXT...
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [dir, src, out, ...texts] = process.argv.slice(2);
if (!dir || !src || !out || !texts.length) {
  console.error('usage: snippets-html.mjs DIST BUNDLE.json OUT.json TEXT...');
  process.exit(2);
}
const { openDigest } = await import(pathToFileURL(resolve(dir, 'digest.js')).href);
const open = async () => openDigest({ wasmBinary: readFileSync(resolve(dir, 'digest-core.wasm')) });
const maker = await open();
const b = JSON.parse(readFileSync(src, 'utf8'));
let n = 0, bytes = 0;
for (const r of b.reviews) {
  if (!r.markdown) continue;
  const html = maker.renderMarkdown(`${r.markdown}\n\n${r.markdown}\n\n${r.markdown}`).html;
  r.html = `<div class="post"><nav class="toc"><ul><li><a href="#a">A</a></li></ul></nav><article>${html}</article><footer><p>footer</p></footer></div>`;
  delete r.markdown;
  ++n;
  bytes += Buffer.byteLength(r.html);
}
writeFileSync(out, JSON.stringify(b));
console.log(`${out}: ${n} reviews as HTML, ${Math.round(bytes / Math.max(n, 1))} bytes each on average`);
const median = (f) => {
  const ts = [];
  for (let i = 0; i < 21; ++i) { const t0 = performance.now(); f(); ts.push(performance.now() - t0); }
  return ts.sort((x, y) => x - y)[10].toFixed(2);
};
for (const [name, file] of [['markdown', src], ['html', out]]) {
  const d = await open();
  d.loadBytes(readFileSync(file));
  while (!d.prepareSearchStep(500)) { /* slices */ }
  for (const q of texts) {
    const none = median(() => d.query({ q, limit: 20, facets: false, snippet: false }));
    const twenty = median(() => d.query({ q, limit: 20, facets: false }));
    const five = median(() => d.query({ q, limit: 5, facets: false }));
    console.log(`${name}\t${q}\tno snippets ${none}\t20 snippets ${twenty}\t5 snippets ${five} ms`);
  }
}
