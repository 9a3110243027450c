// Scenario: the site publishes a new bundle while a reader has the viewer cached. On the next
// visit the cached bundle shows at once, the worker revalidates it, the reader sees
// "new reviews available — refresh", accepts, and the new review is at the top.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch, openViewer } from './browser.mjs';
import { copyOfDist, cspViolations, waitForServiceWorker, watchCsp } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a changed bundle offers a refresh that shows the new review', async () => {
  const dir = copyOfDist('dist-update');
  const bundle = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
  const v = await openViewer(browser, { dir });
  try {
    await watchCsp(v.context);
    await v.page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    await waitForServiceWorker(v.page);
    const before = await v.page.getAttribute('.dg-item', 'data-dg-id');

    // Publish: one more review, dated after every other document.
    const newest = [...bundle.reviews.map((r) => r.date), ...bundle.digests.map((d) => d.date)].sort().at(-1);
    const next = new Date(Date.parse(newest + 'T00:00:00Z') + 86400000).toISOString().slice(0, 10);
    const fresh = { ...bundle.reviews[0], id: `ai/review/${next}-Fresh-Review`, slug: `ai/review/${next}-Fresh-Review`,
      title: '[논문리뷰] Fresh Review Published Today', display_title: 'Fresh Review Published Today', date: next,
      datetime: `${next}T09:00:00+09:00`, updated: next, prev: undefined, next: undefined };
    writeFileSync(join(dir, 'bundle.json'), JSON.stringify({ ...bundle, reviews: [fresh, ...bundle.reviews] }));

    await v.page.reload();
    await v.page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    // Stale-while-revalidate: the cached bundle answered, so the list is the old one...
    assert.equal(await v.page.getAttribute('.dg-item', 'data-dg-id'), before);
    // ...and the prompt says the bundle changed.
    await v.page.waitForSelector('.dg-update[data-dg-update="newReviews"]', { state: 'visible', timeout: 15000 });
    await Promise.all([v.page.waitForNavigation(), v.page.click('.dg-update-accept')]);
    await v.page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    assert.equal(await v.page.getAttribute('.dg-item', 'data-dg-id'), fresh.id);
    assert.match(await v.page.textContent('.dg-item .dg-item-title'), /Fresh Review Published Today/);
    // The refreshed copy is the current one: no second prompt.
    await v.page.waitForTimeout(1500);
    assert.equal(await v.page.isVisible('.dg-update'), false);
    assert.deepEqual(await cspViolations(v.page), []);
    assert.deepEqual(v.problems, []);
  } finally {
    await v.close();
  }
});
