// Scenario: a returning reader, whose bundle is in the service worker's cache, sees the first
// results the last visit drew for the same bundle bytes and the same URL as soon as the cache
// answers (marked provisional, the list busy), then the core's own answer, which is the same.
// Never for another view of home (other filters), and never once the cached bundle's bytes
// changed: then only the core's answer for the new bytes is drawn. What is kept is drawn as text.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, distDir } from '../js/helpers.mjs';
import { launch, openViewer } from './browser.mjs';
import { waitForServiceWorker } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// In every document: what the results list showed when it first had results, and when.
function recordFirstResults() {
  window.__firstSeen = null;
  new MutationObserver(() => {
    if (window.__firstSeen) return;
    const items = document.querySelectorAll('.dg-list .dg-item');
    if (!items.length) return;
    const list = document.querySelector('.dg-list');
    window.__firstSeen = {
      provisional: list.hasAttribute('data-dg-provisional'),
      busy: list.getAttribute('aria-busy'),
      loaded: performance.getEntriesByName('dg-bundle-load').length > 0,
      ids: [...items].map((i) => i.dataset.dgId),
      firstTitle: items[0].querySelector('.dg-item-link').textContent,
      injected: !!document.querySelector('#dg-injected, #dg-bold'),
      status: document.getElementById('dg-status').textContent,
    };
  }).observe(document, { subtree: true, childList: true });
}

const liveIds = (page) => page.$$eval('.dg-list .dg-item', (items) => items.map((i) => i.dataset.dgId));

test('a returning visit draws the last first results while the core starts, then its own', async () => {
  const v = await openViewer(browser);
  const { page } = v;
  const reload = async () => {
    await page.reload();
    await page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    await page.waitForSelector('#dg-status[data-dg-total]', { timeout: 20000 });
    return page.evaluate(() => window.__firstSeen);
  };
  try {
    await page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    await waitForServiceWorker(page);
    await v.context.addInitScript(recordFirstResults);
    const newest = JSON.parse(execFileSync(cliPath, ['query', join(distDir, 'bundle.json'), '--limit', '5'], { encoding: 'utf8' }));

    // The first visit the worker controls reads the bundle from its cache and keeps its first answer.
    await reload();
    const seen = await reload();
    assert.equal(seen.provisional, true, 'the last visit\'s first results were drawn first');
    assert.equal(seen.loaded, false, 'before this visit\'s load was done');
    assert.equal(seen.busy, 'true', 'with the list marked busy');
    assert.deepEqual(seen.ids, newest.ids, 'the newest five, as the CLI answers');
    assert.ok(seen.status.includes(String(newest.total)), seen.status);
    assert.deepEqual((await liveIds(page)).slice(0, 5), newest.ids, 'the core\'s own answer is the same');
    assert.equal(await page.getAttribute('.dg-list', 'data-dg-provisional'), null);

    // Another state of home (a tag filter): nothing from the last visit, which drew the plain list.
    const tag = Object.keys(newest.facets.tags)[0];
    await page.goto(`${v.url}#/?tag=${encodeURIComponent(tag)}`);
    await page.waitForSelector('#dg-status[data-dg-total]', { timeout: 20000 });
    const filtered = await reload();
    assert.equal(filtered.provisional, false, 'a filter the last visit did not draw');

    // The same URL again: this time the filtered first results were kept, and are drawn first.
    const again = await reload();
    assert.equal(again.provisional, true);

    // The cached bundle's bytes change (a review retitled, as a revalidation would store them):
    // the kept first results are for other bytes, so only the core's answer is drawn.
    await page.goto(`${v.url}#/`);
    await page.waitForSelector('#dg-status[data-dg-total]', { timeout: 20000 });
    await reload();  // keeps the plain list's first results again
    assert.equal((await reload()).provisional, true, 'and draws them on the next visit');

    // What is kept is drawn as text: HTML written into it (by anything else on this origin) stays text.
    await page.evaluate(() => {
      const kept = JSON.parse(localStorage.getItem('dg.firstView'));
      kept.res.hits[0].snippet = '<img id="dg-injected" src="x">';
      kept.res.hits[0].title = '<b id="dg-bold">T</b>';
      localStorage.setItem('dg.firstView', JSON.stringify(kept));
    });
    const tampered = await reload();
    assert.equal(tampered.provisional, true);
    assert.equal(tampered.injected, false, 'no element from the kept text');
    assert.equal(tampered.firstTitle, '<b id="dg-bold">T</b>');
    const original = readFileSync(join(distDir, 'bundle.json'), 'utf8');
    const retitled = original.replace(`"title": ${JSON.stringify(newest.hits[0].title)}`, '"title": "A retitled review"')
      .replace(`"title":${JSON.stringify(newest.hits[0].title)}`, '"title":"A retitled review"');
    assert.notEqual(retitled, original, 'the newest document\'s title is in the bundle');
    await page.evaluate(async (text) => {
      const sha = [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
        .map((b) => b.toString(16).padStart(2, '0')).join('');
      for (const name of await caches.keys()) {
        if (!name.startsWith('pd-bundles-')) continue;
        const cache = await caches.open(name);
        for (const req of await cache.keys()) {
          await cache.put(req, new Response(text, { headers: { 'content-type': 'application/json', 'x-pd-sha256': sha, 'x-pd-stored': String(Date.now()) } }));
        }
      }
    }, retitled);
    const changed = await reload();
    assert.equal(changed.provisional, false, 'nothing kept for these bytes');
    assert.equal(await page.textContent('.dg-list .dg-item .dg-item-link'), 'A retitled review');
    assert.deepEqual(v.problems, []);
  } finally {
    await v.close();
  }
});
