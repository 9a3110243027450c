// Scenario: on a 360 px phone a reader opens the filters: they cover the screen as a sheet whose
// head stays at the top and says how many results the filters leave ("Show N results", the core's
// count, updated by every tap); the button closes the sheet, so does Esc, and focus goes back to the
// Filters button. (Laid out above the results they pushed the results ~2,000 px down, and a tap
// on a tag changed nothing visible.)
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('on a phone the filters open as a sheet with the result count', async () => {
  const all = cli(['list', '--limit', '0']);
  const v = await openViewer(browser, { path: '#/', viewport: { width: 360, height: 740 } });
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, all.total);
    assert.equal(await page.isVisible('.dg-sidebar'), false, 'folded away at first');
    await page.click('.dg-filters-toggle');
    const sheet = await page.$eval('.dg-sidebar', (n) => { const r = n.getBoundingClientRect(); return { top: r.top, left: r.left, width: r.width, height: r.height }; });
    assert.deepEqual(sheet, { top: 0, left: 0, width: 360, height: 740 }, 'the sheet covers the screen');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'dg-filters-done');
    assert.equal(await page.textContent('.dg-filters-done'), `Show ${all.total} results`);
    // A modal sheet: Tab and Shift+Tab never reach the page under it (they reached the header and
    // the results); past its ends focus leaves the page, as from a modal dialog.
    assert.equal(await page.getAttribute('.dg-sidebar', 'role'), 'dialog');
    assert.equal(await page.getAttribute('.dg-sidebar', 'aria-modal'), 'true');
    const inSheet = () => page.evaluate(() => !!document.activeElement?.closest('.dg-sidebar') || document.activeElement === document.body);
    for (const key of ['Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Tab', 'Tab', 'Tab']) {
      await page.keyboard.press(key);
      assert.ok(await inSheet(), `${key} left the sheet for ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`);
    }
    await page.focus('.dg-filters-done');

    const tag = await page.$eval('.dg-facet[data-dg-facet="tags"] .dg-facet-item', (b) => b.dataset.dgValue);
    const tagged = cli(['query', '--tag', tag, '--limit', '0']).total;
    assert.ok(tagged < all.total);
    // Far down the sheet, the head is still at the top of the screen.
    await page.click(`.dg-facet[data-dg-facet="tags"] .dg-facet-item[data-dg-value="${tag}"]`);
    await waitForTotal(page, tagged);
    assert.equal(await page.textContent('.dg-filters-done'), tagged === 1 ? 'Show 1 result' : `Show ${tagged} results`);
    await page.$eval('.dg-sidebar', (n) => { n.scrollTop = n.scrollHeight; });
    const head = await page.$eval('.dg-filters-head', (n) => n.getBoundingClientRect().top);
    assert.equal(head, 0, 'the head stays at the top');

    await page.keyboard.press('Escape');
    assert.equal(await page.isVisible('.dg-sidebar'), false, 'Esc closes the sheet');
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'dg-filters-toggle');
    assert.equal(await page.textContent('.dg-filters-toggle'), 'Filters (1)');
    await page.click('.dg-filters-toggle');
    await page.click('.dg-filters-done');
    assert.equal(await page.isVisible('.dg-sidebar'), false, 'the count button closes it');
    assert.equal(await page.getAttribute('.dg-filters-toggle', 'aria-expanded'), 'false');
    assert.equal(await page.evaluate(() => document.querySelector('.dg-header').inert || document.querySelector('.dg-results').inert), false, 'the page is live again');
    // Widening the window with the sheet open closes it: the page behind is not left inert.
    await page.click('.dg-filters-toggle');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.waitForFunction(() => !document.querySelector('.dg-header').inert);
    await page.setViewportSize({ width: 360, height: 740 });
    // On a wide screen the sheet's head is not shown: the filters are the sidebar.
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.equal(await page.isVisible('.dg-filters-head'), false);
    assert.equal(await page.isVisible('.dg-sidebar'), true);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
