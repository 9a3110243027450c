// Scenario: a reader stars two documents (one from the list, one from its page), reloads, and finds
// both in the Bookmarks view, newest bookmark first, the opened one marked read; the star on a
// card there or in the list removes one. Opened documents are marked as read in the list.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('bookmarks survive a reload', async () => {
  const [a, b] = cli(['list', '--limit', '3']).docs;
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await page.click(`.dg-item[data-dg-id="${a.id}"] .dg-bookmark`);
    assert.equal(await page.getAttribute(`.dg-item[data-dg-id="${a.id}"] .dg-bookmark`, 'aria-pressed'), 'true');
    await page.click(`.dg-item[data-dg-id="${b.id}"] .dg-item-link`);
    await page.waitForSelector(`.dg-doc[data-dg-id="${b.id}"]`);
    await page.click('.dg-bookmark-large');
    assert.equal(await page.getAttribute('.dg-bookmark-large', 'aria-pressed'), 'true');

    await page.reload();
    await ready(page);
    assert.equal(await page.getAttribute('.dg-bookmark-large', 'aria-pressed'), 'true');
    await page.click('.dg-nav a[data-dg-nav="bookmarks"]');
    await page.waitForSelector('.dg-bookmarks');
    const ids = () => page.$$eval('.dg-bookmarks .dg-item', (items) => items.map((i) => i.dataset.dgId));
    assert.deepEqual(await ids(), [b.id, a.id]);
    // The opened one is marked read there too; each card's star takes its bookmark away, and puts
    // it back, the card staying until the view is left.
    assert.ok(await page.$(`.dg-bookmarks .dg-item-is-read[data-dg-id="${b.id}"] .dg-item-read`), 'the opened document is marked read');
    assert.equal(await page.$(`.dg-bookmarks .dg-item-is-read[data-dg-id="${a.id}"]`), null);
    const star = `.dg-bookmarks .dg-item[data-dg-id="${a.id}"] .dg-bookmark`;
    assert.equal(await page.getAttribute(star, 'aria-label'), `Bookmark: ${a.title}`);
    await page.click(star);
    assert.equal(await page.getAttribute(star, 'aria-pressed'), 'false');
    assert.deepEqual(await ids(), [b.id, a.id], 'the card stays until the view is left');
    await page.click(star);
    assert.equal(await page.getAttribute(star, 'aria-pressed'), 'true');
    // Put back where it was, not made the newest bookmark.
    await page.reload();
    await page.waitForSelector('.dg-bookmarks');
    assert.deepEqual(await ids(), [b.id, a.id]);
    await page.click(star);
    // A tag on a card opens the list filtered by it.
    assert.ok(b.tags.length, 'the bookmarked document has tags');
    await page.click(`.dg-bookmarks .dg-item[data-dg-id="${b.id}"] .dg-tag`);
    await page.waitForSelector('.dg-chip');
    assert.ok((await page.textContent('.dg-chips')).includes(b.tags[0]));

    await page.goto(v.url + '#/');
    await ready(page);
    assert.equal(await page.getAttribute(`.dg-item[data-dg-id="${a.id}"] .dg-bookmark`, 'aria-pressed'), 'false', 'removed in the Bookmarks view');
    assert.ok(await page.$(`.dg-item-is-read[data-dg-id="${b.id}"]`), 'the opened document is marked read');
    assert.equal(await page.$(`.dg-item-is-read[data-dg-id="${a.id}"]`), null);
    await page.goto(v.url + '#/bookmarks');
    await page.waitForSelector('.dg-bookmarks');
    assert.deepEqual(await ids(), [b.id]);
    await page.goto(v.url + '#/');
    await ready(page);
    await page.click(`.dg-item[data-dg-id="${b.id}"] .dg-bookmark`);
    await page.goto(v.url + '#/bookmarks');
    await page.waitForSelector('.dg-bookmarks');
    assert.deepEqual(await ids(), []);
    assert.equal(await page.isVisible('.dg-bookmarks .dg-empty'), true);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
