#!/usr/bin/env node
// query-ab.mjs — not a test: per-query medians of two builds of the wasm core, interleaved round by
// round (this VM's speed drifts by more than most changes, so A and B are timed side by side), on
// the 38 queries of query-wasm.mjs, no snippets, the full-text index built first. Prints the 12
// slowest queries (A ms, B ms, B/A), the sums and the p95 of the medians (with 38 queries: the
// second slowest). Give the same dist twice to time one build.
//   node --no-experimental-fetch tests/bench/query-ab.mjs DIST_A DIST_B BUNDLE.json [rounds=21]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
const [A, B, bundle, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg || 21);
const bytes = readFileSync(bundle);
async function open(dir) {
  const { openDigest } = await import(pathToFileURL(resolve(dir, 'digest.js')).href);
  const d = await openDigest({ wasmBinary: readFileSync(resolve(dir, 'digest-core.wasm')) });
  d.loadBytes(bytes); d.prepareSearch();
  return d;
}
const da = await open(A), db = await open(B);
const QUERIES = [
  { q: '모델' }, { q: '모' }, { q: '모델이' }, { q: '강화 학습' }, { q: '강화' }, { q: '학습' },
  { q: '향상되었다' }, { q: '효율적인 추론' }, { q: '대규모 언어 모델' }, { q: '에이전트' }, { q: '데이터를' },
  { q: 'ㄱ' }, { q: 'ㄱㅎ' }, { q: 'ㄱㅎㅎ' }, { q: 'ㄱㅎㅎㅅ' }, { q: 'ㄷㄱㅁ ㅇㅇ ㅁㄷ' },
  { q: 'r' }, { q: 'rl' }, { q: 'rlhf' }, { q: 'transformer' }, { q: 'diffusion model' }, { q: 'gpt-4o' },
  { q: '"world model"' }, { q: '모델 -rl' }, { q: 'reasoning 추론' }, { q: 'lora fine-tuning' },
  { q: '', tags: ['Review'] }, { q: '모델', tags: ['LLM'] }, { q: '', tags: ['large-language-models'] },
  { q: '학습', notTags: ['Review'] }, { q: '', from: '2025-01-01', to: '2025-06-30' }, { q: '모델', kind: 'paper' },
  { q: '' }, { q: '', sort: 'date-old' }, { q: 'agent', sort: 'upvotes' }, { q: '강화 학습', expand: true },
  { q: 'rl', expand: true }, { q: 'lora', expand: true },
];
const ta = QUERIES.map(() => []), tb = QUERIES.map(() => []);
for (let r = 0; r < rounds; r++) {
  QUERIES.forEach((q, i) => {
    const req = { ...q, snippet: false };
    const pair = r % 2 ? [[db, tb], [da, ta]] : [[da, ta], [db, tb]];
    for (const [d, t] of pair) { const t0 = performance.now(); const res = d.query(req); t[i].push(performance.now() - t0); if (typeof res.total !== 'number') throw new Error('bad'); }
  });
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
let sa = 0, sb = 0;
const rows = QUERIES.map((q, i) => { const a = med(ta[i]), b = med(tb[i]); sa += a; sb += b; return [JSON.stringify(q), a, b]; });
rows.sort((x, y) => y[1] - x[1]);
for (const [q, a, b] of rows.slice(0, 12)) console.log(a.toFixed(3).padStart(8), b.toFixed(3).padStart(8), (b / a).toFixed(2), q);
const ma = rows.map((r) => r[1]).sort((a, b) => a - b), mb = rows.map((r) => r[2]).sort((a, b) => a - b);
const p95 = (xs) => xs[Math.ceil(0.95 * xs.length) - 1];
console.log('sum', sa.toFixed(2), sb.toFixed(2), (sb / sa).toFixed(3), ' p95 of medians', p95(ma).toFixed(3), p95(mb).toFixed(3));
