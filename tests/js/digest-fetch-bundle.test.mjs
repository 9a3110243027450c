// digest-fetch-bundle.test.mjs — fetchBundle (digest.js): a download read in pieces (each handed
// to onChunk for the core to read ahead) or, when `whole` says so (a body the service worker's
// cache holds: no download to follow), read in one piece; the bytes are the body either way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { distDir } from './helpers.mjs';

const { fetchBundle, DigestError } = await import(pathToFileURL(join(distDir, 'digest.js')).href);

const body = new Uint8Array(300_000).map((_, i) => (i * 31 + 7) & 0xff);

// A response whose body arrives in pieces of `piece` bytes.
function piecewise(bytes, piece, headers = { 'content-length': String(bytes.length) }) {
  let at = 0;
  const stream = new ReadableStream({
    pull(c) {
      if (at >= bytes.length) return c.close();
      c.enqueue(bytes.slice(at, at + piece));
      at += piece;
    },
  });
  return new Response(stream, { headers });
}

test('a download is read in pieces, each one handed to onChunk as it arrives', async () => {
  const chunks = [], progress = [];
  const got = await fetchBundle('b.json', {
    fetchImpl: async () => piecewise(body, 65_536),
    onChunk: (c, total) => chunks.push([c.length, total]),
    onProgress: (n, total) => progress.push([n, total]),
    whole: () => false,
  });
  assert.deepEqual(got, body);
  assert.deepEqual(chunks.map(([n]) => n), [65_536, 65_536, 65_536, 65_536, 37_856]);
  assert.ok(chunks.every(([, total]) => total === body.length));
  assert.deepEqual(progress.at(0), [0, body.length]);
  assert.deepEqual(progress.at(-1), [body.length, body.length]);
});

test('a body `whole` picks is read in one piece: no onChunk, one progress report at the end', async () => {
  const chunks = [], progress = [];
  let asked = null, blobs = 0;
  const got = await fetchBundle('b.json', {
    fetchImpl: async () => {
      // Read through a Blob (a handle to the body in the cache storage, faster to read whole
      // in Chromium than the response's own arrayBuffer()).
      const r = piecewise(body, 65_536);
      const blob = r.blob.bind(r);
      r.blob = () => { blobs += 1; return blob(); };
      return r;
    },
    onChunk: (c) => chunks.push(c.length),
    onProgress: (n, total) => progress.push([n, total]),
    whole: (response) => { asked = response; return true; },
  });
  assert.deepEqual(got, body);
  assert.equal(blobs, 1, 'the body is read through blob()');
  assert.ok(asked instanceof Response, 'whole() is asked about the response');
  assert.deepEqual(chunks, []);
  assert.deepEqual(progress, [[body.length, body.length]]);
});

test('a whole body without Content-Length reports its own size as the total', async () => {
  const progress = [];
  const got = await fetchBundle('b.json', {
    fetchImpl: async () => piecewise(body, 100_000, {}),
    onProgress: (n, total) => progress.push([n, total]),
    whole: () => true,
  });
  assert.deepEqual(got, body);
  assert.deepEqual(progress, [[body.length, body.length]]);
});

test('an HTTP error is a DigestError whichever way the body would be read', async () => {
  for (const whole of [() => true, () => false]) {
    await assert.rejects(
      fetchBundle('missing.json', { fetchImpl: async () => new Response('no', { status: 404 }), onChunk() {}, whole }),
      (e) => e instanceof DigestError && e.code === 'NOT_FOUND' && /missing\.json/.test(e.message));
  }
});

test('only http(s) bundle addresses are fetched', async () => {
  for (const url of ['data:application/json,{}', 'javascript:alert(1)', 'blob:null/x', 'file:///etc/passwd']) {
    let called = false;
    await assert.rejects(fetchBundle(url, { fetchImpl: async () => { called = true; return new Response('{}'); } }),
      (e) => e instanceof DigestError && e.code === 'BAD_URL' && e.message.includes('http or https only'), url);
    assert.equal(called, false, `${url} was not fetched`);
  }
  const got = await fetchBundle('https://example.org/b.json', { fetchImpl: async () => new Response('{}') });
  assert.equal(new TextDecoder().decode(got), '{}');
});

test('a download cut off mid-body is an IO_ERROR that says so', async () => {
  const stream = new ReadableStream({
    start(c) { c.enqueue(new Uint8Array(1000)); },
    pull(c) { c.error(new TypeError('network error')); },
  });
  await assert.rejects(
    fetchBundle('https://example.org/b.json', { fetchImpl: async () => new Response(stream, { headers: { 'content-length': '5000' } }), onChunk() {} }),
    (e) => e instanceof DigestError && e.code === 'IO_ERROR' && /stopped before its end: network error/.test(e.message));
});
