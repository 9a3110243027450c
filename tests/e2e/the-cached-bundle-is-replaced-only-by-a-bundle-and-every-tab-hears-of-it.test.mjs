// Scenario: a reader has the viewer cached (service worker) and the server changes what it serves.
// - A 200 answer that is not a bundle this viewer opens (a proxy's JSON error page, a bundle of a
//   newer format, a bundle broken on the server) never replaces the cached copy: no "new reviews" offer, and offline the reader
//   still opens the good copy.
// - With two tabs open, the one that did not download the new bundle is offered the refresh too
//   (the worker compared the network copy with its cache, which the other tab had updated).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openViewer } from './browser.mjs';
import { copyOfDist, waitForServiceWorker, watchConsole } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const readyState = (page, s = 'ready') => page.waitForSelector(`body[data-dg-state="${s}"]`, { timeout: 20000 });

/** The bundle with one more review, dated after every other document. */
function newerBundle(dir) {
  const bundle = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
  const newest = [...bundle.reviews.map((r) => r.date), ...bundle.digests.map((d) => d.date)].sort().at(-1);
  const next = new Date(Date.parse(newest + 'T00:00:00Z') + 86400000).toISOString().slice(0, 10);
  const fresh = { ...bundle.reviews[0], id: `ai/review/${next}-Fresh-Review`, slug: `ai/review/${next}-Fresh-Review`,
    title: '[논문리뷰] Fresh Review', display_title: 'Fresh Review', date: next, datetime: `${next}T09:00:00+09:00`,
    updated: next, prev: undefined, next: undefined };
  return { id: fresh.id, text: JSON.stringify({ ...bundle, reviews: [fresh, ...bundle.reviews] }) };
}

for (const [name, body] of [
  ['a JSON error page', () => '{"error":"Service temporarily unavailable"}'],
  ['a bundle of a newer format', (dir) => readFileSync(join(dir, 'bundle.json'), 'utf8').replace('"version":1,', '"version":99,')],
  // Broken on the server (found by QA: these were cached, offered as new reviews, and then the
  // reader had only an error screen, offline too).
  ['a bundle missing one comma', (dir) => readFileSync(join(dir, 'bundle.json'), 'utf8').replace('},{', '}{')],
  ['a bundle whose reviews are not a list', () => '{"format":"paper-digest-bundle","version":1,"reviews":"oops"}'],
]) {
  test(`${name} served in place of the bundle never replaces the cached copy`, async () => {
    const dir = copyOfDist('dist-not-a-bundle');
    const v = await openViewer(browser, { dir });
    try {
      const { page, context } = v;
      await readyState(page);
      await waitForServiceWorker(page);
      const top = await page.getAttribute('.dg-item', 'data-dg-id');
      await page.waitForTimeout(1500);  // the first visit's copy is stored
      const good = readFileSync(join(dir, 'bundle.json'), 'utf8');
      writeFileSync(join(dir, 'bundle.json'), body(dir));
      await page.reload();
      await readyState(page);
      await page.waitForTimeout(3000);  // the worker's check has answered by now
      assert.equal(await page.isVisible('.dg-update'), false, 'no "new reviews" offer');
      assert.equal(await page.evaluate(async () => (await (await caches.match(new URL('bundle.json', location.href).href)).text())),
        good, 'the cached copy is the good one');
      await context.setOffline(true);
      await page.reload();
      await readyState(page);
      assert.equal(await page.getAttribute('.dg-item', 'data-dg-id'), top, 'offline, the good copy opens');
      await context.setOffline(false);
      assert.deepEqual(v.problems.filter((p) => !/Failed to load resource/.test(p)), []);
    } finally {
      await v.close();
    }
  });
}

test('a second tab is offered the refresh when another tab stored the new bundle', async () => {
  const dir = copyOfDist('dist-two-tabs');
  const v = await openViewer(browser, { dir });
  try {
    const a = v.page;
    await readyState(a);
    await waitForServiceWorker(a);
    await a.waitForTimeout(1500);
    const b = await v.context.newPage();
    const problems = watchConsole(b);
    await b.goto(v.url);
    await readyState(b);
    await waitForServiceWorker(b);
    await b.waitForTimeout(1500);
    const old = await b.getAttribute('.dg-item', 'data-dg-id');

    const next = newerBundle(dir);
    writeFileSync(join(dir, 'bundle.json'), next.text);
    await a.reload();
    await readyState(a);
    await a.waitForSelector('.dg-update[data-dg-update="newReviews"]', { state: 'visible', timeout: 15000 });
    // Tab B still shows the old bundle; its next check (here: coming back online) offers the refresh.
    assert.equal(await b.getAttribute('.dg-item', 'data-dg-id'), old);
    await b.evaluate(() => window.dispatchEvent(new Event('online')));
    await b.waitForSelector('.dg-update[data-dg-update="newReviews"]', { state: 'visible', timeout: 15000 });
    await Promise.all([b.waitForNavigation(), b.click('.dg-update-accept')]);
    await readyState(b);
    assert.equal(await b.getAttribute('.dg-item', 'data-dg-id'), next.id);
    assert.deepEqual([...v.problems, ...problems].filter((p) => !/Failed to load resource/.test(p)), []);
  } finally {
    await v.close();
  }
});
