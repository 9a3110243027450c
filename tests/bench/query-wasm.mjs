#!/usr/bin/env node
// query-wasm.mjs — the query engine's figures for the wasm build in Node (not a test: prints a
// table). For each corpus size N it makes a bundle the way a user would:
//   scripts/gen-corpus --n N --seed 1 --out DIR && build/digest build -o FILE DIR
// (cached in $TMPDIR/digest-query-wasm/), then measures, on a fresh instance of dist/digest.js +
// dist/digest-core.wasm:
//   - load: bundle bytes in JS memory -> loadBytes() done -> the newest-first page with its
//     facets answered ("load+list": what the viewer's first view needs) -> first text query
//     answered ("load+first": it builds the full-text index), on the fresh instance ("cold": V8
//     still runs the baseline wasm compiler's code for much of it) and again on the same
//     instance after the query rounds ("warm": optimised code);
//   - the load as issue 4 defines it, from the bundle bytes in wasm memory (after the copy into
//     it, which a load through beginLoad does piece by piece while the bundle downloads) to the
//     newest-first page answered ("in memory -> list"), and on to the whole full-text index built
//     (prepareSearch: "-> search ready"), and the copy itself: median of fresh instances of one
//     compiled module (a fresh instance's memory pages are first written here, as in a new tab);
//   - the viewer's load (beginLoad: the core reads the bundle as its pieces arrive): what is left
//     after the last piece, finish() + the newest-first page ("after last piece", best of 3);
//   - query + tag facets: p50 / p95 over 38 queries (3 warm-up rounds first), no snippets, and
//     the same with snippets for the page of 20, once prepareSearch() has built the whole index
//     (the viewer builds it in the background once its first results are drawn);
//   - d.heapSize() after load (wasm memory, grows and never shrinks: the load's peak) and its
//     ratio to the bundle size.
//
//   node tests/bench/query-wasm.mjs [N ...]          default: 2000 20000
// Environment: DIGEST_DIST (default dist/), DIGEST_CLI (default build/digest).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { pathToFileURL } from 'node:url';

import { cliPath, distDir, openBuiltDigest, root } from '../js/helpers.mjs';

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
if (!sizes.length) sizes.push(2000, 20000);

// Typical keystroke queries: Hangul words with particles, long Hangul terms, choseong, Latin
// prefixes, phrases, exclusions, tag filters (review and digest spellings), empty query.
const QUERIES = [
  { q: '모델' }, { q: '모' }, { q: '모델이' }, { q: '강화 학습' }, { q: '강화' }, { q: '학습' },
  { q: '향상되었다' }, { q: '효율적인 추론' }, { q: '대규모 언어 모델' }, { q: '에이전트' }, { q: '데이터를' },
  { q: 'ㄱ' }, { q: 'ㄱㅎ' }, { q: 'ㄱㅎㅎ' }, { q: 'ㄱㅎㅎㅅ' }, { q: 'ㄷㄱㅁ ㅇㅇ ㅁㄷ' },
  { q: 'r' }, { q: 'rl' }, { q: 'rlhf' }, { q: 'transformer' }, { q: 'diffusion model' }, { q: 'gpt-4o' },
  { q: '"world model"' }, { q: '모델 -rl' }, { q: 'reasoning 추론' }, { q: 'lora fine-tuning' },
  { q: '', tags: ['Review'] }, { q: '모델', tags: ['LLM'] }, { q: '', tags: ['large-language-models'] },
  { q: '학습', notTags: ['Review'] }, { q: '', from: '2025-01-01', to: '2025-06-30' }, { q: '모델', kind: 'paper' },
  { q: '' }, { q: '', sort: 'date-old' }, { q: 'agent', sort: 'upvotes' }, { q: '강화 학습', expand: true },
  // The viewer expands by default: acronyms with mined Korean pairs.
  { q: 'rl', expand: true }, { q: 'lora', expand: true },
];

function bundleFor(n) {
  const dir = join(tmpdir(), 'digest-query-wasm');
  const file = join(dir, `bundle-${n}.json`);
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    const src = join(dir, `src-${n}`);
    execFileSync(join(root, 'scripts/gen-corpus'), ['--n', String(n), '--seed', '1', '--out', src], { stdio: 'ignore' });
    execFileSync(cliPath, ['build', '-o', file, src], { stdio: 'ignore' });
  }
  return new Uint8Array(readFileSync(file));
}

// Fresh instances (one compiled module): the copy of the bytes into wasm memory, then from there
// to the newest-first page, then prepareSearch(); medians of `rounds`.
async function timeFreshLoads(bytes, rounds) {
  const { openDigest } = await import(pathToFileURL(join(distDir, 'digest.js')).href);
  const wasmBinary = readFileSync(join(distDir, 'digest-core.wasm'));
  const copy = [], list = [], search = [];
  for (let round = 0; round < rounds; ++round) {
    const d = await openDigest({ wasmBinary });
    const t0 = performance.now();
    // loadBytes in its two halves (its private calls: the copy, then the core's load of it).
    const m = d._m, pad = 64;
    const at = m._malloc(bytes.length + pad);
    m.HEAPU8.set(bytes, at);
    m.HEAPU8.fill(0, at + bytes.length, at + bytes.length + pad);
    const t1 = performance.now();
    d._call('loadPaddedOwned', at, bytes.length, bytes.length + pad);
    if (!d.query({ limit: 20, facetLimit: 15 }).total) throw new Error('nothing listed');
    const t2 = performance.now();
    d.prepareSearch();
    const t3 = performance.now();
    copy.push(t1 - t0), list.push(t2 - t1), search.push(t3 - t1);
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  return { copy: median(copy), list: median(list), search: median(search) };
}

function quantile(sorted, q) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function timeQueries(d, extra) {
  for (let round = 0; round < 3; ++round) for (const r of QUERIES) d.query({ ...r, ...extra });
  const times = [];
  for (const r of QUERIES) {
    const t0 = performance.now();
    const res = d.query({ ...r, ...extra });
    times.push(performance.now() - t0);
    if (typeof res.total !== 'number' || !Array.isArray(res.facets.tags)) throw new Error(`bad answer to ${JSON.stringify(r)}`);
  }
  times.sort((a, b) => a - b);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), max: times[times.length - 1] };
}

const rows = [];
for (const n of sizes) {
  const bytes = bundleFor(n);
  const { d } = await openBuiltDigest();
  // Returns [bytes -> newest-first page with facets answered, bytes -> first text query answered]:
  // the load indexes what the first is made of; the first search builds the full-text index.
  const load = () => {
    const t0 = performance.now();
    d.loadBytes(bytes);
    const list = d.query({ limit: 20, facetLimit: 15 });
    const t1 = performance.now();
    const first = d.query({ q: '모델', limit: 20 });
    if (!first.total || !list.total) throw new Error('first query found nothing');
    return [t1 - t0, performance.now() - t0];
  };
  const [coldListMs, coldMs] = load();
  const heap = d.heapSize();
  // The viewer's load: the core reads the bundle as its pieces arrive (beginLoad; 2 MB pieces, as
  // Chromium hands a cached body over); what is timed is what is left after the last piece:
  // finish + the newest-first page.
  const afterLast = [];
  for (let round = 0; round < 3 && d.beginLoad; ++round) {  // (a core from before beginLoad: n/a)
    const sink = d.beginLoad(bytes.length);
    for (let at = 0; at < bytes.length; at += 2 << 20) sink.push(bytes.subarray(at, at + (2 << 20)));
    const t0 = performance.now();
    sink.finish();
    if (!d.query({ limit: 20, facetLimit: 15 }).total) throw new Error('nothing listed');
    afterLast.push(performance.now() - t0);
  }
  const fresh = await timeFreshLoads(bytes, n >= 20000 ? 3 : 7);
  d.prepareSearch();
  const plain = timeQueries(d, { snippet: false });
  const snip = timeQueries(d, { snippet: true, limit: 20 });
  const [warmListMs, warmMs] = load();
  rows.push({
    docs: n,
    'bundle MB': (bytes.length / 1e6).toFixed(1),
    'load+list cold ms': coldListMs.toFixed(0),
    'load+list warm ms': warmListMs.toFixed(0),
    'after last piece ms': afterLast.length ? Math.min(...afterLast).toFixed(0) : 'n/a',
    'copy in ms': fresh.copy.toFixed(0),
    'in memory -> list ms': fresh.list.toFixed(0),
    '-> search ready ms': fresh.search.toFixed(0),
    'load+first cold ms': coldMs.toFixed(0),
    'load+first warm ms': warmMs.toFixed(0),
    'q p50 ms': plain.p50.toFixed(2),
    'q p95 ms': plain.p95.toFixed(2),
    'q max ms': plain.max.toFixed(2),
    'q+snip p95 ms': snip.p95.toFixed(2),
    'heap MB': (heap / 1e6).toFixed(0),
    'heap/bundle': (heap / bytes.length).toFixed(2),
  });
}
console.table(rows);
