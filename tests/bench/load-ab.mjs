#!/usr/bin/env node
// load-ab.mjs — not a test: the load of two builds of the wasm core, interleaved round by round
// (this VM's speed drifts by more than most changes): a fresh instance each round, then
// loadBytes() + the newest-first page with its facets ("load + first page", issue 4's load), then
// prepareSearch() (the whole full-text index at once). Prints the medians per build.
//   node --no-experimental-fetch tests/bench/load-ab.mjs DIST_A DIST_B BUNDLE.json [rounds=5]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const [A, B, bundle, roundsArg] = process.argv.slice(2);
const bytes = readFileSync(bundle);
const rounds = Number(roundsArg || 5);
const mods = {};
for (const dir of [A, B]) mods[dir] = { openDigest: (await import(pathToFileURL(resolve(dir, 'digest.js')).href + '?' + dir)).openDigest, wasm: readFileSync(resolve(dir, 'digest-core.wasm')) };
const res = { [A]: { load: [], search: [] }, [B]: { load: [], search: [] } };
for (let r = 0; r < rounds; r++) for (const dir of r % 2 ? [B, A] : [A, B]) {
  const d = await mods[dir].openDigest({ wasmBinary: mods[dir].wasm });
  const t0 = performance.now(); d.loadBytes(bytes); d.query({ limit: 20, facetLimit: 15 }); const t1 = performance.now(); d.prepareSearch(); const t2 = performance.now();
  res[dir].load.push(t1 - t0); res[dir].search.push(t2 - t1);
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const dir of [A, B]) console.log(dir, 'load+page', med(res[dir].load).toFixed(0), 'ms; full-text build', med(res[dir].search).toFixed(0), 'ms');
