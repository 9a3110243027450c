// Scenario: what the viewer keeps in localStorage has been damaged (by hand, another version), or
// storage refuses writes (private mode, full), or another tab changes it. The viewer still starts
// (a bad last-visit date hung it on "Downloading"), reviews still open (a read-mark list that was
// not a list stopped them), stars and the theme button do what they show, and a theme chosen in
// another tab is followed. A tag filter matching nothing says so.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const stored = (page, key) => page.evaluate((k) => JSON.parse(localStorage.getItem(`dg.${k}`)), key);

test('damaged stored values are ignored', async () => {
  const damage = { 'dg.lastNewest': '"2025-13-45"', 'dg.read': '{}', 'dg.bookmarks': 'null' };
  const v = await openViewer(browser, {
    path: '#/',
    beforeGoto: (page) => page.addInitScript((d) => { if (!sessionStorage.getItem('seeded')) { sessionStorage.setItem('seeded', '1'); for (const [k, x] of Object.entries(d)) localStorage.setItem(k, x); } }, damage),
  });
  try {
    const { page } = v;
    await ready(page);
    const id = await page.getAttribute('.dg-item', 'data-dg-id');
    await page.click('.dg-item .dg-bookmark');
    assert.deepEqual(await stored(page, 'bookmarks'), [id]);
    await page.click('.dg-item .dg-item-link');
    await page.waitForFunction((x) => document.querySelector('.dg-doc')?.dataset.dgId === x, id);
    assert.deepEqual(await stored(page, 'read'), [id]);
    await page.goto(`${v.url}#/bookmarks`);
    await ready(page);
    assert.deepEqual(await page.$$eval('.dg-bookmarks .dg-item', (xs) => xs.map((x) => x.dataset.dgId)), [id]);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('with storage refusing writes, choices last for the page', async () => {
  const v = await openViewer(browser, {
    path: '#/',
    beforeGoto: (page) => page.addInitScript(() => { Storage.prototype.setItem = () => { throw new DOMException('full', 'QuotaExceededError'); }; }),
  });
  try {
    const { page } = v;
    await ready(page);
    const theme = () => page.evaluate(() => [document.documentElement.dataset.dgTheme, document.getElementById('dg-theme').textContent]);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.click('#dg-theme');  // auto -> light
    assert.deepEqual(await theme(), ['light', '☀️']);
    await page.click('#dg-theme');  // light -> dark
    assert.deepEqual(await theme(), ['dark', '🌙']);
    const star = page.locator('.dg-item .dg-bookmark').first();
    await star.click();
    assert.equal(await star.getAttribute('aria-pressed'), 'true');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('another tab: buttons do what they show, and its theme is followed', async () => {
  const v = await openViewer(browser, { path: '#/' });
  try {
    const { page, context } = v;
    await ready(page);
    const id = await page.getAttribute('.dg-item', 'data-dg-id');
    await page.click('.dg-item .dg-item-link');
    await page.waitForSelector('.dg-bookmark-large[aria-pressed="false"]');
    // The other tab bookmarks it meanwhile; this tab's button still says "Bookmark": pressing it keeps it bookmarked.
    const other = await context.newPage();
    await other.goto(`${v.url}#/`);
    await ready(other);
    await other.evaluate((x) => localStorage.setItem('dg.bookmarks', JSON.stringify([x])), id);
    await page.click('.dg-bookmark-large');
    assert.equal(await page.getAttribute('.dg-bookmark-large', 'aria-pressed'), 'true');
    assert.deepEqual(await stored(page, 'bookmarks'), [id]);
    // A theme chosen in the other tab.
    await other.click('#dg-theme');
    await other.click('#dg-theme');
    const chosen = await other.evaluate(() => document.documentElement.dataset.dgTheme);
    await page.waitForFunction((x) => document.documentElement.dataset.dgTheme === x, chosen);
    assert.equal(await page.textContent('#dg-theme'), await other.textContent('#dg-theme'));
    // A tag filter that matches nothing says so.
    await page.goto(`${v.url}#/`);
    await ready(page);
    await page.fill('.dg-tag-filter', 'zzqqxx');
    await page.waitForSelector('.dg-tag-none:not([hidden])');
    assert.equal(await page.textContent('.dg-tag-none'), 'No tag matches "zzqqxx".');
    assert.equal(await page.$$eval('#dg-tag-list li', (xs) => xs.length), 0);
    await page.fill('.dg-tag-filter', '');
    await page.waitForSelector('.dg-tag-none', { state: 'hidden' });
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
