// wasm-leak.test.mjs — the built wasm core does not leak across reloads (issue 7, part 2).
//
// Loads a generated ~0.6 MB bundle 100 times into one instance, and each time lists, gets every
// document, runs queries and renders documents, then checks the wasm heap in use is back at its
// baseline. Wasm memory only grows, so heapSize() alone is a high-water mark that hides leaks
// smaller than the free space; the bytes in use are estimated by probing the allocator from JS
// (inUse below: malloc 16 KB blocks until the heap would grow, free them), exact to 16 KB.
// Measured without leaks: the estimate wanders by up to ~120 KB as loads fragment the heap, but
// does not trend upwards; the 512 KB allowance catches any leak above ~5 KB per round (one
// copy of a 0.6 MB bundle per load, or 8 bytes per call at ~700 calls per round).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openBuiltDigest } from './helpers.mjs';

function makeBundle(reviews, digests) {
  const rs = [];
  for (let i = 0; i < reviews; i++) {
    rs.push({
      id: `ai/review/leak-${i}`,
      title: `[논문리뷰] Leak probe ${i}: 강화 학습(RL) for Mixture of Experts`,
      date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      tags: ['Review', `Tag ${i % 17}`, 'LLM'],
      markdown: `## 핵심 연구 목표\n모델 ${i} 의 **라우팅** 을 [안정](https://arxiv.org/abs/${i}) 하게.\n\n| a | b |\n|---|---|\n| ${i} | $x^2$ |\n\n`.repeat(8),
    });
  }
  const ds = [];
  for (let g = 0; g < digests; g++) {
    const date = `2026-01-${String(1 + (g % 28)).padStart(2, '0')}`;
    ds.push({
      id: `digest-leak-${g}`, kind: 'daily', title: `Digest ${g}`, date,
      papers: Array.from({ length: 5 }, (_, k) => ({
        id: `digest-leak-${g}/${k + 1}`, title: `Paper ${g}.${k}`, rank: k + 1, upvotes: 10 * k,
        sections: [{ name: '한 줄 요약', markdown: `요약 ${g} ${k} **굵게** <script>alert(1)</script>` }],
      })),
    });
  }
  return new TextEncoder().encode(JSON.stringify({ format: 'paper-digest-bundle', version: 1, reviews: rs, digests: ds }));
}

const PROBE = 16384;

// Bytes of wasm heap in use, to within PROBE bytes: the heap size minus the free space the
// allocator hands back before the heap has to grow. Uses the module's exported _malloc/_free.
function inUse(d) {
  const m = d._m;
  const top = d.heapSize();
  const ptrs = [];
  for (;;) {
    const p = m._malloc(PROBE);
    if (!p) break;
    if (d.heapSize() !== top) { m._free(p); break; }
    ptrs.push(p);
  }
  for (const p of ptrs) m._free(p);
  return top - ptrs.length * PROBE;
}

// Calls fn; a call whose implementation has not landed (NOT_IMPLEMENTED) counts as skipped.
function optional(fn, skipped, name) {
  try {
    return fn();
  } catch (e) {
    if (e && e.code === 'NOT_IMPLEMENTED') { skipped.add(name); return null; }
    throw e;
  }
}

test('loading, listing, getting, querying and rendering 100 times returns the heap to its baseline', async () => {
  const { d } = await openBuiltDigest();
  const bytes = makeBundle(400, 40);
  const skipped = new Set();
  const queries = [{ q: '강화 학습' }, { q: 'mixture -rl', limit: 50 }, { q: 'ㄱㅎㅎㅅ' }, { q: '"leak probe"', expand: true }];
  let calls = 0;
  const round = () => {
    const summary = d.loadBytes(bytes);
    assert.equal(summary.reviews, 400);
    assert.equal(summary.papers, 200);
    const page = d.list({ offset: 0, limit: 1000 });
    assert.equal(page.total, 600);
    for (const doc of page.docs) { d.get(doc.id); calls++; }
    for (const q of queries) { optional(() => d.query(q), skipped, 'query'); calls++; }
    for (const doc of page.docs.slice(0, 100)) { optional(() => d.render(doc.id), skipped, 'render'); calls++; }
    // A failing load must not leak either (its error path frees what it built).
    assert.throws(() => d.loadBytes(bytes.subarray(0, bytes.length >> 1)), (e) => e.code === 'JSON_SYNTAX');
  };
  for (let i = 0; i < 5; i++) round();   // warm-up: allocator pools, index sizes settle
  const baseline = inUse(d);
  const heapBefore = d.heapSize();
  for (let i = 0; i < 100; i++) round();
  const after = inUse(d);
  const growth = after - baseline;
  console.log(`wasm heap in use: baseline ${baseline} bytes, after 100 rounds ${after} bytes (growth ${growth}); ` +
              `heap size ${heapBefore} -> ${d.heapSize()}; bundle ${bytes.length} bytes; ${calls} calls; ` +
              `not implemented: ${[...skipped].join(', ') || 'none'}`);
  assert.ok(growth <= 512 * 1024, `wasm heap in use grew by ${growth} bytes over 100 rounds`);
});
