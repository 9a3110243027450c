// digest-load-memory.test.mjs — loadBytes hands the bundle's copy in wasm memory to the core,
// which frees it once the bundle is parsed, before the full-text index is built (issue 4: peak
// wasm memory at load; Session::load_padded_owned; the full-text index is built by the first
// search or d.prepareSearch()).
//
// Two fresh instances load the same generated ~12 MB bundle and search it once: one through
// d.loadBytes (the owned path), one keeping its input copy alive until after that first search
// (loadPadded, the copy freed at the end). The allocator's peak footprint (d.heapPeak(),
// the highest break it raised) must be lower by at least half the bundle's size:
// the full-text index reuses the input's freed bytes. If the core kept the input alive while
// indexing, or the index could not reuse the freed block, both peaks would be about the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openBuiltDigest } from './helpers.mjs';

const PADDING = 64;

function makeBundle(reviews) {
  const words = ['모델이', '강화 학습(RL)', 'transformer', '데이터를', 'attention', '추론', 'LoRA 어댑터를', '效率', 'diffusion'];
  const rs = [];
  let s = 7;
  const rnd = (n) => { s = (s * 1103515245 + 12345) >>> 0; return (s >>> 8) % n; };
  for (let i = 0; i < reviews; i++) {
    let md = '';
    while (md.length < 1200) md += `${words[rnd(words.length)]} ${words[rnd(words.length)]}${rnd(1000)} `;
    rs.push({
      id: `ai/review/mem-${i}`,
      title: `[논문리뷰] Memory probe ${i}: ${words[rnd(words.length)]}`,
      date: `2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`,
      tags: ['Review', `Tag ${i % 97}`, 'LLM'],
      markdown: `## 핵심 연구 목표\n${md}\n\n## 결과\n${md.slice(0, 600)}`,
    });
  }
  return new TextEncoder().encode(JSON.stringify({ format: 'paper-digest-bundle', version: 1, reviews: rs, digests: [] }));
}

// The input kept alive through the load and the first search (which builds the full-text index).
function loadKeepingInput(d, bytes, search) {
  const m = d._m;
  const ptr = m._malloc(bytes.length + PADDING);
  assert.ok(ptr);
  m.HEAPU8.set(bytes, ptr);
  m.HEAPU8.fill(0, ptr + bytes.length, ptr + bytes.length + PADDING);
  try {
    const summary = d._call('loadPadded', ptr, bytes.length, bytes.length + PADDING);
    return { summary, found: d.query(search) };
  } finally {
    m._free(ptr);
  }
}

test('loadBytes frees the input before the full-text index: the peak is lower by at least half the bundle', async () => {
  const bytes = makeBundle(4500);
  const owned = (await openBuiltDigest()).d;
  const kept = (await openBuiltDigest()).d;
  assert.equal(typeof owned._m.loadPaddedOwned, 'function', 'this build has loadPaddedOwned');
  const search = { q: '모델', limit: 5 };
  const a = owned.loadBytes(bytes);
  const foundA = owned.query(search);
  const { summary: b, found: foundB } = loadKeepingInput(kept, bytes, search);
  assert.equal(a.reviews, 4500);
  assert.equal(b.reviews, 4500);
  // Same state afterwards: same answers, same bytes in use (the owned path leaks nothing, and
  // the input is gone in both).
  assert.deepEqual(foundA, foundB);
  assert.ok(foundA.total > 0);
  const inUseA = owned.heapInUse();
  const inUseB = kept.heapInUse();
  assert.ok(Math.abs(inUseA - inUseB) < 256 * 1024, `in use after load: owned ${inUseA}, kept ${inUseB}`);
  const peakA = owned.heapPeak();
  const peakB = kept.heapPeak();
  // A high-water mark: within the memory, at least what is in use, and never lower later.
  for (const [d, peak] of [[owned, peakA], [kept, peakB]]) {
    assert.ok(peak <= d.heapSize() && peak >= d.heapInUse(), `peak ${peak}, in use ${d.heapInUse()}, size ${d.heapSize()}`);
    d.query({ q: '학습', limit: 5 });
    assert.ok(d.heapPeak() >= peak, `peak ${peak} then ${d.heapPeak()}`);
  }
  console.log(`bundle ${bytes.length} bytes; in use after load and a search ${inUseA}; peak: owned ${peakA} (${(peakA / bytes.length).toFixed(2)}x), ` +
              `input kept ${peakB} (${(peakB / bytes.length).toFixed(2)}x); heap size owned ${owned.heapSize()}, kept ${kept.heapSize()}`);
  assert.ok(peakB - peakA >= bytes.length / 2, `peak owned ${peakA} vs kept ${peakB}: saved ${peakB - peakA} of ${bytes.length}`);
});

test('a failing owned load frees the input exactly once and keeps the old bundle', async () => {
  const { d } = await openBuiltDigest();
  const good = makeBundle(50);
  d.loadBytes(good);
  for (let i = 0; i < 3; i++) d.loadBytes(good); // allocator pools settle
  const base = d.heapInUse();
  const bad = good.slice(0, good.length - 10); // JSON_SYNTAX at the end
  for (let i = 0; i < 20; i++) {
    assert.throws(() => d.loadBytes(bad), (e) => e.code === 'JSON_SYNTAX');
    assert.throws(() => d.loadBytes(new TextEncoder().encode('{"format":"paper-digest-bundle","version":99}')), (e) => e.code === 'UNSUPPORTED_VERSION');
    assert.throws(() => d.loadBytes(new Uint8Array(0)), (e) => e.code === 'EMPTY_INPUT');
  }
  // A second free of the same pointer would corrupt the allocator (a trap, or a wrong count below);
  // a missing free would leave ~20 copies of the input in use.
  assert.equal(d.list().total, 50, 'previous bundle still loaded');
  const after = d.heapInUse();
  assert.ok(after - base < good.length, `in use grew by ${after - base} bytes after 60 failed loads of ${good.length} bytes`);
  assert.equal(d.loadBytes(good).reviews, 50);
});

// The documents' list is sized up front from the bundle's shape, at about ten papers a digest;
// the papers' share is now also bounded by the digests' bytes. 20,000 digests without papers
// (1 MB) reserved room for 200,000 documents: ~72 MB of wasm memory for a 1 MB bundle.
test('a bundle of digests without papers does not reserve room for ten papers each', async () => {
  const digests = [];
  for (let i = 0; i < 20000; i++) digests.push({ id: `d${i}`, date: '2025-01-01', papers: [] });
  const bytes = new TextEncoder().encode(JSON.stringify({ format: 'paper-digest-bundle', version: 1, reviews: [], digests }));
  const { d } = await openBuiltDigest();
  const summary = d.loadBytes(bytes);
  assert.equal(summary.digests, 20000);
  assert.equal(d.list({ limit: 1 }).total, 0);
  // 16 MB is the initial memory; the digests themselves take a few MB more.
  assert.ok(d.heapSize() < 32 * 1024 * 1024, `wasm memory ${d.heapSize()} bytes for a ${bytes.length}-byte bundle`);
});
