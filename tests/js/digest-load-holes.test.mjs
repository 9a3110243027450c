// digest-load-holes.test.mjs — a load and the full-text build leave few holes in wasm memory
// (issue 4: peak wasm memory <= 2x the bundle). Wasm memory never shrinks, and a block freed
// between two blocks that stay is a hole only a later allocation of its size can use. The load
// used to free such blocks by the thousand: each review's prev/next texts once resolved to the
// linked document, the ids of the duplicate check, a list grown one string at a time, and, on the
// download path, each review read ahead (with its bodies decoded a second time). The index then
// grew the heap above them.
//
// A generated bundle shaped like the real site's (reviews linked prev/next in date order, a
// handful of tags each, digests of papers with sections) is loaded both ways the viewer loads
// one: d.loadBytes, and d.beginLoad fed in 64 KiB pieces as a download arrives, each followed by the
// full-text build in the viewer's slices. The allocator's footprint (heapPeak: the highest break)
// may exceed what is in use by a little, and the download's by a little more than that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openBuiltDigest } from './helpers.mjs';

function makeBundle(reviews, digests) {
  const words = ['모델이', '강화 학습(RL)', 'transformer', '데이터를', 'attention', '추론', 'LoRA 어댑터를', 'diffusion', '에이전트'];
  let s = 11;
  const rnd = (n) => { s = (s * 1103515245 + 12345) >>> 0; return (s >>> 8) % n; };
  const text = (n) => { let t = ''; while (t.length < n) t += `${words[rnd(words.length)]} ${words[rnd(words.length)]}${rnd(1000)} `; return t; };
  const day = (i) => `202${4 + (i % 2)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
  const rs = [];
  for (let i = 0; i < reviews; i++) {
    rs.push({
      id: `ai/review/holes-${i}-${'x'.repeat(40)}`,
      title: `[논문리뷰] Holes probe number ${i}: ${words[rnd(words.length)]} at scale`,
      date: day(i),
      datetime: `${day(i)}T09:00:00+09:00`,
      tags: ['Review', `Topic ${i % 97}`, 'Large Language Models', `Method ${i % 31}`, 'Reinforcement Learning', `Area ${i % 13}`, 'Benchmark'],
      categories: ['Review'],
      authors: [`Author ${i % 50}`, `Author ${(i + 7) % 50}`],
      excerpt: text(90),
      markdown: `## 핵심 연구 목표\n${text(900)}\n\n## 결과\n${text(400)}`,
    });
  }
  // prev/next in date order, titled with the linked review's display title, as the site writes them.
  const order = rs.map((r, i) => i).sort((a, b) => (rs[a].date < rs[b].date ? -1 : rs[a].date > rs[b].date ? 1 : a - b));
  order.forEach((at, k) => {
    const link = (j) => ({ id: rs[j].id, title: rs[j].title.replace('[논문리뷰] ', '') });
    if (k > 0) rs[at].prev = link(order[k - 1]);
    if (k + 1 < order.length) rs[at].next = link(order[k + 1]);
  });
  const ds = [];
  for (let g = 0; g < digests; g++) {
    const papers = [];
    for (let p = 0; p < 10; p++) {
      papers.push({
        id: `paper-${g}-${p}`, title: `Paper ${g}.${p}: ${text(30)}`, arxiv: `2501.${String(g * 10 + p).padStart(5, '0')}`,
        institution: `Lab ${p}`, upvotes: rnd(300), tags: ['LLM', `Topic ${p}`], summary: text(80),
        prerequisites: [{ name: '트랜스포머', gloss: text(40) }],
        sections: [{ name: '한 줄 요약', markdown: text(80) }, { name: '핵심 아이디어', markdown: text(300) }],
      });
    }
    ds.push({ id: `digest-${g}`, kind: 'daily', title: `Digest ${g}`, date: day(g), papers });
  }
  return new TextEncoder().encode(JSON.stringify({ format: 'paper-digest-bundle', version: 1, reviews: rs, digests: ds }));
}

const bytes = makeBundle(4000, 60);

async function loadAndIndex(how) {
  const { d } = await openBuiltDigest();
  if (how === 'download') {
    const sink = d.beginLoad(bytes.length);
    assert.ok(sink);
    for (let at = 0; at < bytes.length; at += 65536) assert.ok(sink.push(bytes.subarray(at, Math.min(bytes.length, at + 65536))));
    assert.ok(sink.read > 3000, `the download path read ${sink.read} reviews and digests ahead`);
    const summary = sink.finish();
    assert.equal(summary.reviews, 4000);
  } else {
    assert.equal(d.loadBytes(bytes).reviews, 4000);
  }
  while (!d.prepareSearchStep(200).ready) { /* the viewer's background build */ }
  return d;
}

const ratio = (x) => (x / bytes.length).toFixed(3);

test('a load and the full-text build leave few holes, whether the bundle is loaded whole or as it downloads', async () => {
  const feet = {};
  for (const how of ['loadBytes', 'download']) {
    const d = await loadAndIndex(how);
    feet[how] = d.heapPeak();
    console.log(`${how}: bundle ${bytes.length} bytes; in use ${ratio(d.heapInUse())}x, footprint ${ratio(d.heapPeak())}x, ` +
                `memory ${ratio(d.heapSize())}x; holes ${ratio(d.heapPeak() - d.heapInUse())}x`);
    // The links resolved at load read as written: the first review's next names the next review
    // in date order by its display title, and that one's prev names it back.
    const got = d.get('ai/review/holes-0-' + 'x'.repeat(40));
    assert.ok(got.doc.next && got.doc.next.id.startsWith('ai/review/holes-'), JSON.stringify(got.doc.next));
    const target = d.get(got.doc.next.id);
    assert.equal(target.doc.prev.id, got.doc.id);
    assert.equal(got.doc.next.title, target.doc.title.replace('[논문리뷰] ', ''));
    if (how === 'loadBytes') {
      // Before: 0.170x (the links, the ids' set, the lists grown a string at a time). Now 0.08x,
      // most of it buffers of a fixed size (1 MB of a 12 MB bundle; 0.03x at 20k documents).
      const holes = d.heapPeak() - d.heapInUse();
      assert.ok(holes <= 0.12 * bytes.length, `holes ${holes} bytes, ${ratio(holes)}x of the bundle`);
    }
  }
  // Reading ahead as the bundle arrives costs little more at the peak than loading it whole.
  // Before: 0.91x more (every review's bodies decoded during the download, and a heap block per
  // review read ahead, freed among the documents' own). Now 0.13x.
  const extra = feet.download - feet.loadBytes;
  assert.ok(extra <= 0.2 * bytes.length, `the download path's footprint ${feet.download} against ${feet.loadBytes}: ${ratio(extra)}x more`);
});
