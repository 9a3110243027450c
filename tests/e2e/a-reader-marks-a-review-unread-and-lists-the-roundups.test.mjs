// Scenario: a reader opens a review (it is marked read), takes the mark back with the page's
// button and finds the result unmarked at home; then opens the list of digests and keeps only the
// weekly roundups, then only the daily digests.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertQuietConsole, bundlePath, cli, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a reader marks a review unread and lists the roundups', async () => {
  const doc = cli(['list', '--limit', '1']).docs[0];
  const v = await openViewer(browser, { path: `#/doc/${encodeURIComponent(doc.id)}` });
  try {
    const { page } = v;
    await ready(page);
    assert.equal(await page.textContent('.dg-read-toggle'), 'Mark as unread');
    await page.click('.dg-read-toggle');
    assert.equal(await page.textContent('.dg-read-toggle'), 'Mark as read');
    await page.goto(`${v.url}#/`);
    await page.waitForSelector(`.dg-item[data-dg-id="${doc.id}"]`);
    assert.equal(await page.$(`.dg-item[data-dg-id="${doc.id}"] .dg-item-read`), null);

    const digests = JSON.parse(readFileSync(bundlePath, 'utf8')).digests;
    const weekly = digests.filter((g) => g.kind === 'weekly').length;
    assert.ok(weekly > 0 && weekly < digests.length, 'the sample has roundups and daily digests');
    await page.goto(`${v.url}#/digests`);
    await page.waitForSelector('.dg-digest-kinds');
    assert.equal(await page.$$eval('.dg-day', (xs) => xs.length), digests.length);
    await page.click('.dg-digest-kinds a[data-dg-kind="weekly"]');
    await page.waitForFunction((n) => document.querySelectorAll('.dg-day').length === n, weekly);
    assert.equal(await page.$$eval('.dg-day', (xs) => xs.every((x) => x.classList.contains('dg-day-weekly'))), true);
    await page.click('.dg-digest-kinds a[data-dg-kind="daily"]');
    await page.waitForFunction((n) => document.querySelectorAll('.dg-day').length === n, digests.length - weekly);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
