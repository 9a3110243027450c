// Scenario: a bundle's text is not always polite: a review title that is one long URL, a 200-character
// tag, a digest paper whose summary is a bare URL. On a 360 px phone and on a desktop, no view becomes
// wider than the window (one such title used to make the phone's home 768 px wide, every card cut off).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertQuietConsole, bundlePath, distWithBundle, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('long unbroken text never widens the page', async () => {
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const url = 'https://github.com/example-organisation/an-extremely-long-repository-name-for-testing/blob/main/src/module/file_name.py';
  const review = bundle.reviews[0];
  review.title = `[논문리뷰] ${url}`;
  review.tags = [...(review.tags || []), 'x'.repeat(200)];
  const digest = bundle.digests[0];
  digest.papers[0].summary = url;
  const dir = distWithBundle('long-unbroken-text', JSON.stringify(bundle));
  for (const width of [360, 1280]) {
    const v = await openViewer(browser, { dir, path: '#/', viewport: { width, height: 800 } });
    try {
      const { page } = v;
      await ready(page);
      for (const hash of ['#/', `#/doc/${encodeURIComponent(review.id)}`, `#/digest/${encodeURIComponent(digest.id)}`, '#/?tag=' + 'x'.repeat(200)]) {
        await page.evaluate((h) => { location.hash = h; }, hash);
        await page.waitForFunction(() => document.body.dataset.dgState === 'ready' && document.querySelector('#dg-main > *'));
        await page.waitForTimeout(250);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        assert.equal(wide, width, `${hash} at ${width} px is ${wide} px wide`);
      }
      assertQuietConsole(v);
    } finally {
      await v.close();
    }
  }
});
