// Scenario: a reader opens a bundle bigger than one browser tab can index (docs/reliability.md,
// "Limits per tab"). The viewer refuses it with the error screen (code TOO_LARGE, the size and
// the limit in the message) instead of downloading it and dying in an out-of-memory abort:
//  - a server that sends Content-Length: refused before the body is downloaded;
//  - a server that streams without a length: the download stops as soon as it passes the limit,
//    with the service worker in control too (its copy for the cache stops with the page's).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { assertQuietConsole, launch, openViewer, ready } from './browser.mjs';
import { copyOfDist, waitForServiceWorker } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function errorScreen(page) {
  await ready(page, 'error');
  return {
    title: await page.textContent('.dg-error-title'),
    message: await page.textContent('.dg-error-message'),
    code: await page.textContent('.dg-error-code'),
  };
}

test('a bundle above the tab limit shows a clear error', async () => {
  // 1. Content-Length: a sparse 1.5 GiB file (no disk used); only its first bytes may travel.
  const dir = copyOfDist('dist-shell-huge');
  const huge = 1.5 * 1024 * 1024 * 1024;
  const fd = openSync(join(dir, 'huge.json'), 'w');
  ftruncateSync(fd, huge);
  closeSync(fd);
  const v = await openViewer(browser, { dir, path: '?bundle=huge.json' });
  try {
    const shown = await errorScreen(v.page);
    assert.equal(shown.code, 'code: TOO_LARGE');
    assert.match(shown.message, new RegExp(`huge\\.json: the bundle is ${huge} bytes; this viewer opens bundles up to (\\d+) bytes`));
    const limit = Number(shown.message.match(/up to (\d+) bytes/)[1]);
    assert.ok(limit >= 64 << 20 && limit < huge, `limit ${limit}`);
    assert.ok(shown.title.length > 0);
    assert.equal(await v.page.$$eval('.dg-list .dg-item', (n) => n.length), 0);
    assertQuietConsole(v);

    // 2. No Content-Length: a chunked stream of JSON whitespace, endless unless the page stops it.
    let sent = 0, closed = false;
    const stream = createServer((req, res) => {
      sent = 0;
      closed = false;
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*' });
      const chunk = Buffer.alloc(1 << 20, 0x20);
      const pump = () => {
        while (!closed && sent < 4 * limit) {
          sent += chunk.length;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      res.on('close', () => { closed = true; });
      pump();
    });
    await new Promise((r) => stream.listen(0, '127.0.0.1', r));
    const src = `http://127.0.0.1:${stream.address().port}/stream.json`;
    // A cross-origin bundle: the strict CSP (connect-src 'self') would block it, as it should.
    const w = await openViewer(browser, { dir, csp: false, path: `?bundle=${encodeURIComponent(src)}` });
    try {
      const s = await errorScreen(w.page);
      assert.equal(s.code, 'code: TOO_LARGE');
      assert.match(s.message, new RegExp(`the bundle is larger than (\\d+) bytes; this viewer opens bundles up to ${limit} bytes`));
      await new Promise((r) => setTimeout(r, 200));
      assert.ok(closed, 'the page closed the download');
      assert.ok(sent < 2 * limit, `sent ${sent} bytes before the page stopped (limit ${limit})`);
      assertQuietConsole(w);
    } finally {
      await w.close();
      await new Promise((r) => stream.close(r));
    }
    // 3. The same with the service worker in control: it fetches the bundle for the page and keeps
    // a copy for its cache, which read the whole stream into memory; it now stops past the limit
    // too. (A stream of 2.5 times the limit at ~70 MB/s: the page refuses it within ~2 s.)
    let slowSent = 0, slowClosed = false;
    const slow = createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'access-control-allow-origin': '*', 'cache-control': 'no-store' });
      const chunk = Buffer.alloc(1 << 20, 0x20);
      res.on('close', () => { slowClosed = true; });
      const pump = () => {
        if (slowClosed) return;
        if (slowSent >= 2.5 * limit) { res.end(); return; }
        slowSent += chunk.length;
        res.write(chunk);
        setTimeout(pump, 15);
      };
      pump();
    });
    await new Promise((r) => slow.listen(0, '127.0.0.1', r));
    const x = await openViewer(browser, { dir, csp: false });
    try {
      await ready(x.page);
      await waitForServiceWorker(x.page);
      await x.page.goto(`${x.url}?bundle=${encodeURIComponent(`http://127.0.0.1:${slow.address().port}/slow.json`)}`);
      const s = await errorScreen(x.page);
      assert.equal(s.code, 'code: TOO_LARGE');
      await new Promise((r) => setTimeout(r, 1500));
      assert.ok(slowClosed, 'the download was closed');
      assert.ok(slowSent < 1.6 * limit, `sent ${slowSent} bytes with the worker in control (limit ${limit})`);
      assertQuietConsole(x);
    } finally {
      await x.close();
      await new Promise((r) => slow.close(r));
    }
  } finally {
    await v.close();
  }
});
