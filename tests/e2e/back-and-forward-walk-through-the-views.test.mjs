// Scenario: a reader goes from the home list to a tag filter, into a document, over to the digest
// list, then uses the browser's back and forward buttons: each step restores its view and state.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const view = (page) => page.evaluate(() => document.body.dataset.dgView);

test('back and forward walk through the views', async () => {
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    const all = cli(['query', '--limit', '0', '--facets', 'array']);
    await waitForTotal(page, all.total);
    const [tag] = all.facets.tags[1];
    const byTag = cli(['query', '--tag', tag, '--limit', '20', '--sort', 'date']);
    await page.click(`.dg-facet-item[data-dg-value="${tag}"]`);
    await waitForTotal(page, byTag.total);
    const docId = byTag.hits[0].id;
    await page.click(`.dg-item[data-dg-id="${docId}"] .dg-item-link`);
    await page.waitForSelector(`.dg-doc[data-dg-id="${docId}"]`);
    // Focus moved to the new page's heading.
    assert.equal(await page.evaluate(() => document.activeElement?.tagName), 'H1');
    await page.click('.dg-nav a[data-dg-nav="digests"]');
    await page.waitForSelector('.dg-digests');
    assert.equal(await view(page), 'digests');

    await page.goBack();
    await page.waitForSelector(`.dg-doc[data-dg-id="${docId}"]`);
    await page.goBack();
    await waitForTotal(page, byTag.total);
    assert.equal(await view(page), 'home');
    assert.equal(await page.getAttribute(`.dg-facet-item[data-dg-value="${tag}"]`, 'aria-pressed'), 'true');
    await page.goBack();
    await waitForTotal(page, all.total);
    assert.equal(await page.$$eval('.dg-chip', (c) => c.length), 0);

    await page.goForward();
    await waitForTotal(page, byTag.total);
    await page.goForward();
    await page.waitForSelector(`.dg-doc[data-dg-id="${docId}"]`);
    await page.goForward();
    await page.waitForSelector('.dg-digests');
    assert.equal(await page.getAttribute('.dg-nav a[data-dg-nav="digests"]', 'aria-current'), 'page');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
