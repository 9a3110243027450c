// Scenario: a reader opens the viewer in a browser without requestIdleCallback (Safari has none).
// The background build of the search index must not depend on it (nor does the shell's second
// drawing step, which follows the frame: afterPaint): the home list is drawn whole, search as you type shows what `digest query` returns, and
// nothing is reported on the console.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, resultIds, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the viewer works without requestIdleCallback, as in Safari', async () => {
  const v = await openViewer(browser, {
    beforeGoto: (page) => page.addInitScript(() => {
      delete window.requestIdleCallback;
      delete window.cancelIdleCallback;
    }),
  });
  try {
    const { page } = v;
    await ready(page);
    assert.equal(await page.evaluate(() => typeof window.requestIdleCallback), 'undefined');
    const all = cli(['list', '--limit', '0']).total;
    await waitForTotal(page, all);  // set by the second step, once the first results are painted
    assert.ok(await page.$$eval('.dg-facet-item', (xs) => xs.length) > 0, 'the facets are drawn');

    await page.focus('#dg-search');
    await page.keyboard.type('모델을', { delay: 30 });
    const want = cli(['query', '--q', '모델을', '--expand', '--limit', '20']);
    assert.ok(want.total > 0 && want.total < all);
    await waitForTotal(page, want.total);
    assert.deepEqual(await resultIds(page), want.hits.map((h) => h.id));
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
