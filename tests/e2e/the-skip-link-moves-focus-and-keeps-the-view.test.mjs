// Scenario: a keyboard reader on a digest day, then on a search, uses the skip link (the first
// Tab stop). Focus moves to the main content (on the search: to the results, past the ~50 Tab stops
// of filters); the view, the URL and the search stay as they were.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertQuietConsole, bundlePath, cli, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the skip link moves focus and keeps the view', async () => {
  const day = JSON.parse(readFileSync(bundlePath, 'utf8')).digests[0].id;
  const v = await openViewer(browser, { path: `#/digest/${encodeURIComponent(day)}` });
  try {
    const { page } = v;
    await ready(page);
    const url = page.url();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'dg-skip');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.id === 'dg-main');
    assert.equal(page.url(), url);
    assert.ok(await page.isVisible('.dg-card'), 'the digest day is still shown');

    await page.goto(`${v.url}#/?q=model&sort=date`);
    const total = cli(['query', '--q', 'model', '--expand', '--limit', '0']).total;
    await waitForTotal(page, total);
    const searchUrl = page.url();
    await page.focus('.dg-skip');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.classList.contains('dg-results'));
    // The next Tab stop is in the results, not in the sidebar.
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => !!document.activeElement?.closest('.dg-results') && !document.activeElement.closest('.dg-sidebar')));
    assert.equal(page.url(), searchUrl);
    assert.equal(await page.inputValue('#dg-search'), 'model');
    await waitForTotal(page, total);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
