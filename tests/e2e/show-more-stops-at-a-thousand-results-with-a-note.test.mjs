// Scenario: a collection of 1,050 reviews. "Show more" adds results twenty at a time up to the
// thousand one answer lists; there it gives way to a note that asks the reader to narrow the
// search, instead of a button that adds nothing. The keyboard focus that was on the button moves
// on to the first of the results it brought (not lost to the page when the button goes).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertQuietConsole, bundlePath, distWithBundle, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function bigBundle(n) {
  const sample = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const reviews = [];
  for (let i = 0; i < n; ++i) {
    const day = new Date(Date.UTC(2022, 0, 1) + i * 86400000).toISOString().slice(0, 10);
    reviews.push({ id: `r${i}`, title: `리뷰 ${i}`, date: day, tags: ['Review'], markdown: `본문 ${i}: 모델 학습.` });
  }
  return JSON.stringify({ format: sample.format, version: sample.version, reviews, digests: [] });
}

test('show more stops at a thousand results with a note', async () => {
  const dir = distWithBundle('thousand', bigBundle(1050));
  const v = await openViewer(browser, { dir, path: '#/?n=980' });
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, 1050);
    await page.waitForFunction(() => document.querySelectorAll('.dg-list .dg-item').length === 980);
    assert.equal(await page.isVisible('.dg-cap-note'), false);
    await page.focus('.dg-more');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelectorAll('.dg-list .dg-item').length === 1000);
    await page.waitForSelector('.dg-cap-note:not([hidden])');
    assert.equal(await page.isVisible('.dg-more'), false);
    await page.waitForFunction(() => document.activeElement?.classList.contains('dg-item-link'));
    assert.equal(await page.evaluate(() => [...document.querySelectorAll('.dg-list .dg-item')].indexOf(document.activeElement.closest('.dg-item'))), 980);
    assert.match(await page.textContent('.dg-cap-note'), /1,000/);
    await page.waitForFunction(() => /[?&]n=1000(&|$)/.test(location.hash));
    // A URL asking for more than that shows the same.
    await page.goto(`${v.url}#/?n=1020`);
    await page.waitForFunction(() => document.querySelectorAll('.dg-list .dg-item').length === 1000);
    assert.equal(await page.isVisible('.dg-more'), false);
    assert.equal(await page.isVisible('.dg-cap-note'), true);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
