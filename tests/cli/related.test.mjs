// related.test.mjs — `digest related FILE ID [--limit N]` (node:test). The expectations are
// derived from the bundle itself: for each document, every other document sharing at least one
// tag (tag identity as docs/query.md defines it: case folded, runs of space/_/- are one '-'),
// most shared tags first, ties newest first (the order of `digest list`). The JSON must also be
// what the viewer's d.related(id, limit) returns for the same bundle.
// The CLI is DIGEST_CLI, default build/digest; the wasm core is DIGEST_DIST's (default dist/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, openBuiltDigest, root } from '../js/helpers.mjs';

function run(args) {
  const r = spawnSync(cliPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args) {
  const r = run(args);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Tag identity (docs/query.md, *Tags*), for the tags these fixtures use. */
const tagKey = (t) => t.normalize('NFC').toLowerCase().split(/[ _-]+/).filter(Boolean).join('-');

/** Expected related ids for every document of `bundle` (parsed JSON), limit applied by the caller. */
function expectedRelated(bundle, order) {
  const docs = [...bundle.reviews, ...bundle.digests.flatMap((g) => g.papers)];
  const keys = new Map(docs.map((d) => [d.id, new Set((d.tags || []).map(tagKey))]));
  const pos = new Map(order.map((id, i) => [id, i]));
  const out = new Map();
  for (const d of docs) {
    const mine = keys.get(d.id);
    const shared = docs.filter((o) => o.id !== d.id)
      .map((o) => [o.id, [...keys.get(o.id)].filter((k) => mine.has(k)).length])
      .filter(([, n]) => n > 0)
      .sort((a, b) => b[1] - a[1] || pos.get(a[0]) - pos.get(b[0]));
    out.set(d.id, shared.map(([id]) => id));
  }
  return out;
}

function bundles() {
  const built = join(mkdtempSync(join(tmpdir(), 'digest-related-')), 'bundle.json');
  const r = run(['build', '-o', built, 'tests/fixtures/sources/good']);
  assert.equal(r.code, 0, r.stderr);
  return [join(root, 'tests/fixtures/bundles/small.json'), built];
}

test('related lists the documents sharing the most tags, ties newest first', () => {
  let checked = 0, withTies = 0, acrossSpellings = 0;
  for (const file of bundles()) {
    const bundle = JSON.parse(readFileSync(file, 'utf8'));
    const order = json(['list', file]).docs.map((d) => d.id);
    const want = expectedRelated(bundle, order);
    for (const [id, all] of want) {
      // Default limit (5, as d.related), a small one, and one above any list.
      assert.deepEqual(json(['related', file, id]).related.map((d) => d.id), all.slice(0, 5), `${id} default`);
      assert.deepEqual(json(['related', file, id, '--limit', '1']).related.map((d) => d.id), all.slice(0, 1), `${id} --limit 1`);
      const full = json(['related', file, id, '--limit', '1000']).related;
      assert.deepEqual(full.map((d) => d.id), all, `${id} --limit 1000`);
      assert.deepEqual(json(['related', file, id, '--limit', '0']).related, []);
      // Each entry is the document's summary, as `digest list` prints it.
      for (const s of full) assert.deepEqual(s, json(['list', file]).docs.find((d) => d.id === s.id));
      checked += 1;
      if (all.length > 1) withTies += 1;
    }
    // The fixtures spell one tag two ways (`LLM` in a review, `llm` in a digest): identity joins them.
    const raw = new Map([...bundle.reviews, ...bundle.digests.flatMap((g) => g.papers)].map((d) => [d.id, new Set(d.tags || [])]));
    for (const [id, all] of want) for (const o of all) if (![...raw.get(id)].some((t) => raw.get(o).has(t))) acrossSpellings += 1;
  }
  assert.ok(checked >= 10, `checked ${checked} documents`);
  assert.ok(withTies > 0, 'some document has more than one related document');
  assert.ok(acrossSpellings > 0, 'some relation exists only through tag identity (different spellings)');
});

test('related prints the same JSON as the viewer\'s d.related', async () => {
  const { d } = await openBuiltDigest();
  for (const file of bundles()) {
    await d.load(new Uint8Array(readFileSync(file)));
    for (const id of json(['list', file]).docs.map((x) => x.id)) {
      for (const limit of [5, 2]) {
        assert.deepEqual(json(['related', file, id, '--limit', String(limit)]), d.related(id, limit), `${id} limit ${limit}`);
      }
    }
  }
});

test('related reports an unknown id, a bad limit and a missing argument', () => {
  const file = join(root, 'tests/fixtures/bundles/small.json');
  const unknown = run(['related', file, 'no/such/doc']);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^error: no document with id "no\/such\/doc"/);
  assert.equal(unknown.stdout, '');
  for (const bad of [['--limit', '-1'], ['--limit', 'x'], ['--limit'], ['--sort', 'date']]) {
    const r = run(['related', file, 'ai/review/2025-10-02-sparse-mixture-router', ...bad]);
    assert.equal(r.code, 2, bad.join(' '));
    assert.match(r.stderr, /^error: /);
  }
  assert.equal(run(['related', file]).code, 2);
  const missing = run(['related', '/nonexistent/bundle.json', 'x']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /^error: cannot open \/nonexistent\/bundle\.json/);
});
