// Scenario: a reader has the viewer cached; the site publishes a new bundle but the connection
// drops halfway through the worker's background download. The half-downloaded bundle is not
// stored (its byte count is short of Content-Length), the cached copy stays byte-for-byte the
// same, no "new reviews" prompt appears, and the viewer keeps working on the cached bundle.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { STRICT_CSP } from '../../scripts/serve.mjs';
import { launch } from './browser.mjs';
import { copyOfDist, waitForServiceWorker, watchConsole } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json',
  '.wasm': 'application/wasm', '.svg': 'image/svg+xml', '.png': 'image/png', '.webmanifest': 'application/manifest+json' };

test('a truncated bundle download never replaces the cached one', async () => {
  const dir = copyOfDist('dist-truncated');
  const original = readFileSync(join(dir, 'bundle.json'));
  const bundle = JSON.parse(original);
  const changed = Buffer.from(JSON.stringify({ ...bundle, reviews: bundle.reviews.slice(1) }));
  let truncate = false;
  let truncatedSent = 0;
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname.slice(1) || 'index.html';
    let body;
    try { body = path === 'bundle.json' && truncate ? changed : readFileSync(join(dir, path)); } catch {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, { 'content-type': TYPES[extname(path)] || 'application/octet-stream', 'content-length': body.length,
      'cache-control': 'no-cache', 'content-security-policy': STRICT_CSP });
    if (path === 'bundle.json' && truncate) {
      truncatedSent++;
      // Half the bytes, then the connection drops.
      res.write(body.subarray(0, body.length >> 1), () => setTimeout(() => res.destroy(), 50));
      return undefined;
    }
    return res.end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}/`;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(url);
    await page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    await waitForServiceWorker(page);
    const first = await page.getAttribute('.dg-item', 'data-dg-id');
    const cachedHash = () => page.evaluate(async (u) => {
      const r = await caches.match(u);
      return r ? Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', await r.arrayBuffer())), (b) => b.toString(16).padStart(2, '0')).join('') : null;
    }, url + 'bundle.json');
    const sha = (b) => createHash('sha256').update(b).digest('hex');
    assert.equal(await cachedHash(), sha(original));

    truncate = true;
    await page.reload();
    await page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    // The page asks the worker about its bundle; the failed revalidation shows as offline.
    await page.waitForSelector('.dg-offline', { state: 'visible', timeout: 15000 });
    assert.ok(truncatedSent >= 1, 'the worker tried to download the new bundle');
    assert.equal(await cachedHash(), sha(original), 'the cached bundle is unchanged');
    assert.equal(await page.isVisible('.dg-update'), false, 'no refresh prompt for a broken download');
    assert.equal(await page.getAttribute('.dg-item', 'data-dg-id'), first);

    // The connection heals: the complete new bundle is stored and offered.
    truncate = false;
    writeFileSync(join(dir, 'bundle.json'), changed);
    await page.evaluate(() => window.dispatchEvent(new Event('online')));
    await page.waitForSelector('.dg-update[data-dg-update="newReviews"]', { state: 'visible', timeout: 15000 });
    assert.equal(await cachedHash(), sha(changed));
    assert.deepEqual(problems.filter((p) => !/Failed to load resource/.test(p)), []);
  } finally {
    await context.close();
    await new Promise((ok) => server.close(ok));
  }
});
