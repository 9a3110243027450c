// serve.test.mjs — scripts/serve.mjs (what ./scripts/run serves, and the e2e and benchmark
// server): a returning visit revalidates and gets 304 while a file is unchanged, and the new bytes
// once it changed, so the browser reads the bundle and the compiled wasm from its cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';

test('the server answers conditional requests with 304 until the file changes', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'serve-'));
  const file = join(dir, 'bundle.json');
  writeFileSync(file, '{"format":"paper-digest-bundle"}');
  utimesSync(file, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'));
  const srv = await startServer({ dir, port: 0 });
  try {
    const first = await fetch(srv.url + 'bundle.json');
    assert.equal(first.status, 200);
    assert.equal(first.headers.get('cache-control'), 'no-cache');
    assert.equal(await first.text(), '{"format":"paper-digest-bundle"}');
    const etag = first.headers.get('etag');
    const lastModified = first.headers.get('last-modified');
    assert.ok(etag && lastModified);

    // Unchanged: 304 with no body, by ETag and by date.
    const byTag = await fetch(srv.url + 'bundle.json', { headers: { 'if-none-match': etag } });
    assert.equal(byTag.status, 304);
    assert.equal(await byTag.text(), '');
    const byDate = await fetch(srv.url + 'bundle.json', { headers: { 'if-modified-since': lastModified } });
    assert.equal(byDate.status, 304);
    // An ETag that does not match wins over a date that would: the file is sent.
    const otherTag = await fetch(srv.url + 'bundle.json', { headers: { 'if-none-match': '"other"', 'if-modified-since': lastModified } });
    assert.equal(otherTag.status, 200);

    // Changed (new size and date): the old validators get the new bytes.
    writeFileSync(file, '{"format":"paper-digest-bundle","version":2}');
    utimesSync(file, new Date('2026-02-01T00:00:00Z'), new Date('2026-02-01T00:00:00Z'));
    const again = await fetch(srv.url + 'bundle.json', { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 200);
    assert.equal(await again.text(), '{"format":"paper-digest-bundle","version":2}');
    assert.notEqual(again.headers.get('etag'), etag);
    const dated = await fetch(srv.url + 'bundle.json', { headers: { 'if-modified-since': lastModified } });
    assert.equal(dated.status, 200);
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
