// digest-read-ahead.test.mjs — a load that starts while the bundle downloads (Digest.beginLoad,
// and Digest.load(url), which uses it): the core reads the reviews as their bytes arrive, and the
// result must be what loadBytes gives for the same bytes, chunked any way, valid or not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { ReadableStream } from 'node:stream/web';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, fixture, openBuiltDigest, root } from './helpers.mjs';

// A generated collection (300 documents) built into a bundle by the CLI.
const work = mkdtempSync(join(tmpdir(), 'digest-read-ahead-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));
execFileSync(process.execPath, [join(root, 'scripts/gen-corpus'), '--n', '300', '--seed', '7', '--out', join(work, 'src')], { stdio: 'ignore' });
execFileSync(cliPath, ['build', '-o', join(work, 'bundle.json'), join(work, 'src')], { stdio: 'ignore' });
const generated = new Uint8Array(readFileSync(join(work, 'bundle.json')));

// Everything a viewer reads after a load, as one comparable value.
function snapshot(d, summary) {
  return {
    summary,
    list: d.list({ offset: 0, limit: 5000 }),
    digests: d.digests(),
    query: d.query({ q: '모델 학습', limit: 50 }),
    facets: d.query({ limit: 0, facetLimit: 1000 }).facets,
  };
}

// Loads `bytes` through a sink in chunks of random sizes (seeded), returning the summary or the error.
function loadInChunks(d, bytes, seed) {
  let x = seed;
  const rand = (n) => ((x = (x * 1103515245 + 12345) >>> 0) % n);
  const sink = d.beginLoad(bytes.length);
  for (let at = 0; at < bytes.length;) {
    const n = Math.min(bytes.length - at, 1 + rand(rand(4) === 0 ? 16 : 40000));
    assert.equal(sink.push(bytes.subarray(at, at + n)), true);
    at += n;
  }
  const read = sink.read;
  try {
    return { summary: sink.finish(), read };
  } catch (e) {
    return { error: { code: e.code, message: e.message, offset: e.offset }, read };
  }
}

test('a bundle read as it arrives, in pieces of any size, loads as loadBytes loads it', async () => {
  const { d } = await openBuiltDigest();
  const reference = snapshot(d, d.loadBytes(generated));
  for (let seed = 1; seed <= 6; ++seed) {
    const { summary, read, error } = loadInChunks(d, generated, seed);
    assert.equal(error, undefined);
    assert.ok(read >= reference.summary.reviews - 1, `the core read ${read} of ${reference.summary.reviews} reviews ahead`);
    assert.deepEqual(snapshot(d, summary), reference);
  }
});

test('bad bundles read as they arrive fail or load exactly as with loadBytes', async () => {
  const { d } = await openBuiltDigest();
  const text = new TextDecoder().decode(generated);
  const at = text.indexOf('"date"', text.length / 3);
  const variants = [
    generated.subarray(0, Math.floor(generated.length * 0.6)),                  // cut short
    new TextEncoder().encode(text.slice(0, at) + '"date": 3, "x' + text.slice(at + 6)), // a bad review
    new TextEncoder().encode(text.replace('"version": 1', '"version": 9')),     // too new
    fixture('bundles/small.json'),
  ];
  for (const [i, bytes] of variants.entries()) {
    let want;
    try {
      want = snapshot(d, d.loadBytes(bytes));
    } catch (e) {
      want = { error: { code: e.code, message: e.message, offset: e.offset } };
    }
    const got = loadInChunks(d, bytes, 100 + i);
    assert.deepEqual(got.error ? { error: got.error } : snapshot(d, got.summary), want, `variant ${i}`);
  }
});

test('a sink whose pieces outgrow the expected size, or that is cancelled, gives its memory back', async () => {
  const { d } = await openBuiltDigest();
  d.loadBytes(fixture('bundles/small.json'));
  const baseline = d.heapInUse();
  const sink = d.beginLoad(1000);
  assert.equal(sink.push(generated.subarray(0, 800)), true);
  assert.equal(sink.push(generated.subarray(800, 1200)), false, 'more bytes than announced');
  assert.equal(sink.push(generated.subarray(1200, 1300)), false);
  assert.throws(() => sink.finish(), (e) => e.code === 'INTERNAL');
  const other = d.beginLoad(generated.length);
  other.push(generated.subarray(0, 200000));
  assert.ok(other.read > 0);
  other.cancel();
  // Everything the sinks took is given back: the 200 KB read so far and the buffers. (Not to the
  // byte: the allocator counts a block with the slack of where it was placed, a few bytes either way.)
  assert.ok(Math.abs(d.heapInUse() - baseline) < 256, `in use ${d.heapInUse()} against ${baseline} before`);
  assert.equal(d.beginLoad(0), null, 'no size: loadBytes instead');
  assert.equal(d.list().total, 5, 'the loaded bundle is untouched');
});

test('load(url) reads the bundle while it downloads, whatever length the response announces', async () => {
  const { d } = await openBuiltDigest();
  const reference = snapshot(d, d.loadBytes(generated));
  // A stand-in for fetch (this suite runs without Node's): the bundle in 64 KB pieces, each in
  // its own task, with the Content-Length given (a compressed transfer announces fewer bytes
  // than it delivers; a chunked one announces none).
  const saved = globalThis.fetch;
  let announce;
  globalThis.fetch = async () => {
    let at = 0;
    return {
      ok: true,
      status: 200,
      headers: { get: (h) => (h.toLowerCase() === 'content-length' && announce !== undefined ? String(announce) : null) },
      body: new ReadableStream({
        async pull(controller) {
          await new Promise((r) => setImmediate(r));
          if (at >= generated.length) return controller.close();
          controller.enqueue(generated.slice(at, at + 65536));
          at += 65536;
        },
      }),
    };
  };
  try {
    for (announce of [generated.length, Math.floor(generated.length / 3), undefined]) {
      let progress = 0;
      const summary = await d.load('bundle.json', { onProgress: (got) => { progress = got; } });
      assert.equal(progress, generated.length);
      assert.deepEqual(snapshot(d, summary), reference, `announced ${announce}`);
    }
  } finally {
    globalThis.fetch = saved;
  }
});

test('a same-origin body without a content coding is complete at its Content-Length: the stream end is not waited for', async () => {
  const { d } = await openBuiltDigest();
  const reference = snapshot(d, d.loadBytes(generated));
  const saved = globalThis.fetch;
  let ended = false;
  // The body's end comes 400 ms after its last byte (or never, with endAfter Infinity).
  const respond = (headers, endAfter) => async () => {
    let at = 0;
    return {
      ok: true,
      status: 200,
      type: 'basic',
      headers: { get: (h) => headers[h.toLowerCase()] ?? null },
      body: new ReadableStream({
        async pull(controller) {
          if (at >= generated.length) {
            if (endAfter !== Infinity) await new Promise((r) => setTimeout(r, endAfter));
            else await new Promise(() => {});
            ended = true;
            return controller.close();
          }
          controller.enqueue(generated.slice(at, at + (1 << 20)));
          at += 1 << 20;
        },
      }),
    };
  };
  try {
    globalThis.fetch = respond({ 'content-length': String(generated.length) }, Infinity);
    ended = false;
    assert.deepEqual(snapshot(d, await d.load('bundle.json')), reference);
    assert.equal(ended, false, 'loaded before the stream ended');
    // With a content coding the announced length is not the body's: the end is waited for.
    globalThis.fetch = respond({ 'content-length': String(generated.length), 'content-encoding': 'gzip' }, 400);
    ended = false;
    assert.deepEqual(snapshot(d, await d.load('bundle.json')), reference);
    assert.equal(ended, true, 'a coded body is read to its end');
  } finally {
    globalThis.fetch = saved;
  }
});
