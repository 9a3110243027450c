// digest.test.mjs — the built wasm module through digest.js, in Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cliPath, distDir, fixture, openBuiltDigest, root } from './helpers.mjs';

test('loads the fixture bundle and lists documents newest first', async () => {
  const { d } = await openBuiltDigest();
  const summary = await d.load(fixture('bundles/small.json'));
  assert.equal(summary.reviews, 3);
  assert.equal(summary.papers, 2);
  assert.equal(summary.digests, 1);
  assert.equal(summary.skipped, 0);
  const page = d.list({ offset: 0, limit: 10 });
  assert.equal(page.total, 5);
  const dates = page.docs.map((x) => x.date);
  assert.deepEqual(dates, [...dates].sort().reverse());
  assert.equal(page.docs[0].id, 'digest-2025-10-06/1');
  const second = d.list({ offset: 1, limit: 1 });
  assert.equal(second.docs.length, 1);
  assert.equal(second.docs[0].id, page.docs[1].id);
});

test('get returns every field, and digests by id', async () => {
  const { d } = await openBuiltDigest();
  await d.load(fixture('bundles/small.json'));
  const { doc } = d.get('ai/review/2025-10-02-sparse-mixture-router');
  assert.equal(doc.kind, 'review');
  assert.deepEqual(doc.authors, ['Mina Park', 'Daniel Ortiz']);
  assert.equal(doc.toc, true);
  assert.match(doc.markdown, /\$O\(N\^k\)\$/);
  const { digest } = d.get('digest-2025-10-06');
  assert.equal(digest.papers.length, 2);
  assert.equal(digest.papers[0].rank, 1);
  assert.equal(d.digests().digests.length, 1);
});

test('errors are DigestError values with code and offset, and the old bundle stays', async () => {
  const { d, DigestError } = await openBuiltDigest();
  await d.load(fixture('bundles/small.json'));
  const bytes = fixture('bundles/small.json');
  const cut = Math.floor(bytes.length / 2);
  await assert.rejects(d.load(bytes.slice(0, cut)), (e) => {
    assert.ok(e instanceof DigestError);
    assert.equal(e.code, 'JSON_SYNTAX');
    assert.equal(e.offset, cut);
    assert.match(e.message, new RegExp(`at byte ${cut}`));
    return true;
  });
  assert.equal(d.list().total, 5, 'previous bundle still loaded');
  assert.throws(() => d.get('no-such-id'), (e) => e.code === 'NOT_FOUND');
  await assert.rejects(d.load(new TextEncoder().encode('{"format":"paper-digest-bundle","version":99}')), (e) => e.code === 'UNSUPPORTED_VERSION');
  await assert.rejects(d.load(new Uint8Array(0)), (e) => e.code === 'EMPTY_INPUT');
  await assert.rejects(d.load(42), (e) => e.code === 'BAD_FORMAT');
});

test('the wasm core and the CLI report the same error message', async () => {
  const { d } = await openBuiltDigest();
  const bytes = fixture('bundles/small.json').slice(0, 1000);
  const tmp = join(root, 'tests/out');
  execFileSync('mkdir', ['-p', tmp]);
  const file = join(tmp, 'truncated.json');
  (await import('node:fs')).writeFileSync(file, bytes);
  const cli = spawnSync(cliPath, ['validate', file], { encoding: 'utf8' });
  assert.equal(cli.status, 1);
  let jsMessage;
  try {
    await d.load(bytes);
  } catch (e) {
    jsMessage = e.message;
  }
  assert.equal(cli.stderr.trim(), `error: ${file}: ${jsMessage}`);
});

test('a load indexes text only when a search needs it: prepareSearch builds it once, answers do not change', async () => {
  const { d: lazy } = await openBuiltDigest();
  const { d: eager } = await openBuiltDigest();
  const bytes = new Uint8Array(readFileSync(join(distDir, 'bundle.json')));
  lazy.loadBytes(bytes);
  eager.loadBytes(bytes);
  assert.deepEqual(eager.prepareSearch(), { ready: true });
  // Before any search text the lazy instance answers lists, filters and facets the same way,
  // holding less memory (no text arena, no postings).
  for (const r of [{}, { tags: ['Review'], facetLimit: 5 }, { kind: 'paper', sort: 'upvotes' }, { q: '   ' }]) {
    assert.deepEqual(lazy.query(r), eager.query(r), JSON.stringify(r));
  }
  const light = lazy.heapInUse();
  assert.ok(light < eager.heapInUse(), `light ${light} vs whole ${eager.heapInUse()}`);
  assert.deepEqual(lazy.prepareSearch(), { ready: true });
  const whole = lazy.heapInUse();
  assert.ok(whole > light, 'prepareSearch built the text index');
  assert.deepEqual(lazy.prepareSearch(), { ready: true });
  assert.equal(lazy.heapInUse(), whole, 'a second prepareSearch builds nothing');
  for (const r of [{ q: '모델' }, { q: 'ㄱㅎ', expand: true }, { q: 'mixture -rl' }]) {
    assert.deepEqual(lazy.query(r), eager.query(r), JSON.stringify(r));
  }
});

test('a load leaves the bodies in the bundle bytes until something reads them: every answer is the same', async () => {
  const bytes = new Uint8Array(readFileSync(join(distDir, 'bundle.json')));
  const { d: whole } = await openBuiltDigest();
  whole.loadBytes(bytes);
  assert.deepEqual(whole.prepareSearch(), { ready: true }); // every body decoded, the index built
  const ids = whole.query({ limit: 1000, snippet: false }).ids;
  const digestIds = whole.digests().digests.map((g) => g.id);
  assert.ok(ids.length > 20 && digestIds.length > 0);
  // Each reader on its own fresh load, so that nothing else decoded the bodies first.
  const { d: renders } = await openBuiltDigest();
  renders.loadBytes(bytes);
  for (const id of ids) assert.deepEqual(renders.render(id), whole.render(id), id);
  const { d: gets } = await openBuiltDigest();
  gets.loadBytes(bytes);
  for (const id of [...digestIds, ...ids].reverse()) assert.deepEqual(gets.get(id), whole.get(id), id);
  // Snippets of the first page (an empty query shows each body's start), then a search.
  const { d: snippets } = await openBuiltDigest();
  snippets.loadBytes(bytes);
  for (const r of [{ limit: 20 }, { kind: 'paper', limit: 10, sort: 'upvotes' }, { offset: 7, limit: 30 }]) {
    const got = snippets.query(r);
    assert.ok(got.hits.some((h) => h.snippet.length > 40), 'snippets are drawn from the bodies');
    assert.deepEqual(got, whole.query(r), JSON.stringify(r));
  }
  for (const r of [{ q: '모델' }, { q: 'ㄱㅎ', expand: true }, { q: '"world model"' }]) {
    assert.deepEqual(snippets.query(r), whole.query(r), JSON.stringify(r));
  }
  // A document read before the rest (rendered, then the index built in steps): the same index.
  const { d: mixed } = await openBuiltDigest();
  mixed.loadBytes(bytes);
  mixed.render(ids[3]);
  mixed.get(digestIds[0]);
  while (!mixed.prepareSearchStep(5).ready);
  for (const r of [{ q: '모델 -rl' }, { q: 'ㄱㅎㅎㅅ' }, { q: 'quant' }]) assert.deepEqual(mixed.query(r), whole.query(r), JSON.stringify(r));
  for (const id of ids.slice(0, 10)) assert.deepEqual(mixed.render(id), whole.render(id), id);
});

test('prepareSearchStep builds the text index a slice at a time, to the same answers; a query meanwhile finishes it', async () => {
  const { d: stepped } = await openBuiltDigest();
  const { d: whole } = await openBuiltDigest();
  const { DigestError } = await openBuiltDigest();
  assert.throws(() => stepped.prepareSearchStep(10), (e) => e instanceof DigestError && e.code === 'NOT_FOUND' && /no bundle/.test(e.message));
  const bytes = new Uint8Array(readFileSync(join(distDir, 'bundle.json')));
  stepped.loadBytes(bytes);
  whole.loadBytes(bytes);
  whole.prepareSearch();
  const docs = stepped.query({ limit: 0 }).total;
  const light = stepped.heapInUse();
  // One document's worth per call: first the bodies the load left in the bundle's bytes are
  // decoded, one document a call (the call decoding the last one goes on with the index), then
  // three passes over the documents, so 4 × docs - 1 calls say "not yet" (the call ending a
  // pass leaves the next one's opening to the next call); then one call per side of each
  // expansion pair mined from the text (the sample mines a few dozen); then the choseong
  // trigrams, one document a call, the first in the call that ends the rest: docs - 1 more.
  let notYet = 0;
  for (let r = stepped.prepareSearchStep(1); !r.ready; r = stepped.prepareSearchStep(1)) {
    assert.deepEqual(r, { ready: false });
    ++notYet;
    if (notYet % 7 === 0) assert.deepEqual(stepped.query({ tags: ['Review'], facetLimit: 5 }), whole.query({ tags: ['Review'], facetLimit: 5 }));
    assert.ok(notYet <= 5 * docs + 200, `${notYet} steps for ${docs} documents`);
  }
  assert.ok(notYet > 5 * docs - 2 && notYet <= 5 * docs + 200, `${notYet} steps for ${docs} documents`);
  assert.ok(stepped.heapInUse() > light, 'the steps built the text index');
  const built = stepped.heapInUse();
  assert.deepEqual(stepped.prepareSearchStep(1000), { ready: true });
  assert.deepEqual(stepped.prepareSearch(), { ready: true });
  assert.equal(stepped.heapInUse(), built, 'nothing more is built');
  for (const r of [{ q: '모델' }, { q: 'ㄱㅎ', expand: true }, { q: 'mixture -rl' }, { q: '"world model"' }]) {
    assert.deepEqual(stepped.query(r), whole.query(r), JSON.stringify(r));
  }
  // Half-way, a text query builds the rest. A slice is a whole number of documents, at least one.
  const { d: partial } = await openBuiltDigest();
  partial.loadBytes(bytes);
  for (const odd of [0, -3, NaN, 'x', 2.7]) assert.deepEqual(partial.prepareSearchStep(odd), { ready: false });
  assert.deepEqual(partial.query({ q: '모델', expand: true }), whole.query({ q: '모델', expand: true }));
  // ... but not the choseong trigrams, which only the steps build (one document a call here).
  assert.deepEqual(partial.prepareSearchStep(docs - 1), { ready: false });
  assert.deepEqual(partial.prepareSearchStep(1), { ready: true });
  for (const r of [{ q: 'ㄱㅎㅎ' }, { q: 'ㄱㅎㅎㅅ' }, { q: 'ㅁㄷㅇ -ㄱㅎ' }]) assert.deepEqual(partial.query(r), whole.query(r), JSON.stringify(r));
});

test('prepareSearchInBackground builds the index in short tasks, and stops for a newer bundle', async () => {
  const bytes = new Uint8Array(readFileSync(join(distDir, 'bundle.json')));
  const { d } = await openBuiltDigest();
  const { d: whole } = await openBuiltDigest();
  d.loadBytes(bytes);
  whole.loadBytes(bytes);
  whole.prepareSearch();
  const light = d.heapInUse();
  // Other tasks run between the slices: a timer set now fires before the build is over.
  let ticks = 0;
  const timer = setInterval(() => { ++ticks; }, 0);
  const built = await d.prepareSearchInBackground({ documents: 1, sliceMs: 0 });
  clearInterval(timer);
  assert.equal(built, true);
  assert.ok(ticks > 0, 'the build yielded to other tasks');
  assert.ok(d.heapInUse() > light, 'the index was built');
  assert.deepEqual(d.prepareSearchStep(1), { ready: true });
  assert.deepEqual(d.query({ q: '모델', expand: true }), whole.query({ q: '모델', expand: true }));
  // A bundle loaded meanwhile stops the old build (the new one is built by its first search).
  const { d: other } = await openBuiltDigest();
  other.loadBytes(bytes);
  const stopped = other.prepareSearchInBackground({ documents: 1, sliceMs: 0 });
  other.loadBytes(bytes);
  assert.equal(await stopped, false);
  assert.deepEqual(other.prepareSearchStep(1), { ready: false }, 'the new bundle\'s index was not built by the old loop');
  assert.deepEqual(other.query({ q: '모델', expand: true }), whole.query({ q: '모델', expand: true }));
});

test('openDigest takes a module compiled ahead (boot.js), and a module that cannot start is an error, not a hang', async () => {
  const { openDigest, DigestError } = await import(pathToFileURL(join(distDir, 'digest.js')).href);
  const wasmModule = await WebAssembly.compile(readFileSync(join(distDir, 'digest-core.wasm')));
  const d = await openDigest({ wasmModule });
  d.loadBytes(fixture('bundles/small.json'));
  const { d: ref } = await openBuiltDigest();
  ref.loadBytes(fixture('bundles/small.json'));
  assert.deepEqual(d.query({ q: '모델' }), ref.query({ q: '모델' }));
  // A module importing a function the core's runtime does not provide fails to instantiate.
  const broken = await WebAssembly.compile(new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0,
    2, 10, 1, 3, 0x65, 0x6e, 0x76, 2, 0x7a, 0x7a, 0, 0]));
  await assert.rejects(openDigest({ wasmModule: broken }), (e) => e instanceof DigestError && e.code === 'INTERNAL' && /cannot start/.test(e.message));
});
