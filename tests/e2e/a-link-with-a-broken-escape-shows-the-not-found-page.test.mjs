// Scenario (found by QA): a link whose %-escape is broken (`#/doc/%E0%A4%A`, `#/digest/%`, a link
// cut off mid-escape, or one a bundle's review holds) threw in the router: a fresh load stayed on
// "Downloading the bundle…" for good, and a running viewer kept the previous page under the new
// URL. Both now show the not-found page, and a good link works after it.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a broken escape in the hash gives the not-found page, on a fresh load and in a running viewer', async () => {
  const review = cli(['query', '--kind', 'review', '--limit', '1']).hits[0];
  const v = await openViewer(browser, { path: '#/doc/%E0%A4%A' });
  try {
    const { page } = v;
    await page.waitForSelector('.dg-error');
    assert.match(await page.textContent('.dg-error-title'), /not found/i);
    for (const hash of ['#/digest/%', '#/doc/abc%zz']) {
      // From a working page, so a page left standing would show.
      await page.evaluate((id) => { location.hash = `#/doc/${encodeURIComponent(id)}`; }, review.id);
      await page.waitForFunction((id) => document.querySelector('.dg-doc')?.dataset.dgId === id, review.id);
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.waitForSelector('.dg-error');
      assert.equal(await page.$('.dg-doc'), null, `${hash}: the previous page is gone`);
    }
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
