// Scenario: a reader opens the viewer on another bundle (?bundle=other.json), then goes offline:
// a reload still shows that bundle (the service worker cached it after a complete download).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openViewer } from './browser.mjs';
import { copyOfDist, waitForServiceWorker } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a bundle named in the url stays available offline', async () => {
  const dir = copyOfDist('dist-other-bundle');
  const bundle = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
  bundle.reviews = bundle.reviews.slice(0, 3);
  bundle.digests = [];
  writeFileSync(join(dir, 'other.json'), JSON.stringify(bundle));
  const ids = async (page) => page.$$eval('.dg-item', (items) => items.map((i) => i.dataset.dgId).sort());

  const v = await openViewer(browser, { dir, path: '?bundle=other.json' });
  try {
    await v.page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    const online = await ids(v.page);
    assert.deepEqual(online, bundle.reviews.map((r) => r.id).sort());
    await waitForServiceWorker(v.page);
    // The first visit fetched other.json before the worker controlled the page: the worker
    // downloads and stores it when the page checks in. Wait until it is in a cache.
    await v.page.waitForFunction(async () => !!(await caches.match(new URL('other.json', location.href).href)), null, { timeout: 10000 });

    await v.context.setOffline(true);
    await v.page.reload();
    await v.page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    assert.deepEqual(await ids(v.page), online);
    await v.page.waitForSelector('.dg-offline', { state: 'visible' });
    assert.deepEqual(v.problems, []);
  } finally {
    await v.close();
  }
});
