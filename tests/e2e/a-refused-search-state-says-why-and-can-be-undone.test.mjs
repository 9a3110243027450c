// Scenario: a shared link (or a slip in the date inputs) asks for a date range that ends before it
// starts, which the core refuses. The page says why, lists nothing, finishes loading, and keeps
// the chips and the date inputs, so the reader can undo it: removing the range brings the
// collection back.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a refused search state says why and can be undone', async () => {
  const v = await openViewer(browser, { path: '#/?q=model&from=2025-06-01&to=2025-01-01' });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForSelector('.dg-query-error:not([hidden])');
    assert.match(await page.textContent('.dg-query-error'), /to|from/i);
    assert.equal(await page.getAttribute('#dg-main', 'aria-busy'), 'false');
    assert.equal(await page.$$eval('.dg-list .dg-item', (xs) => xs.length), 0);
    assert.equal(await page.isVisible('.dg-more'), false);
    assert.equal(await page.inputValue('#dg-date-from'), '2025-06-01');
    assert.equal(await page.inputValue('#dg-date-to'), '2025-01-01');
    const chips = await page.$$eval('.dg-chip', (cs) => cs.map((c) => c.dataset.dgChip));
    assert.ok(chips.length >= 1, `chips: ${chips}`);

    // Fixing the end date answers again, with the CLI's count.
    await page.fill('#dg-date-to', '2025-12-31');
    await page.dispatchEvent('#dg-date-to', 'change');
    const want = cli(['query', '--q', 'model', '--from', '2025-06-01', '--to', '2025-12-31', '--expand', '--limit', '0']).total;
    await waitForTotal(page, want);
    assert.equal(await page.isVisible('.dg-query-error'), false);

    // A refused state reached from a good one leaves no old results on screen.
    await page.fill('#dg-date-to', '2025-01-01');
    await page.dispatchEvent('#dg-date-to', 'change');
    await page.waitForSelector('.dg-query-error:not([hidden])');
    await waitForTotal(page, 0);
    assert.equal(await page.$$eval('.dg-list .dg-item', (xs) => xs.length), 0);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

// A sort the core does not know (an edited or old link) has no filter to undo it with: it gets a
// chip of its own, as the message says, and removing it answers with the default order.
test('an unknown sort in the address gets a chip that removes it', async () => {
  const v = await openViewer(browser, { path: '#/?q=model&sort=bogus' });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForSelector('.dg-query-error:not([hidden])');
    assert.match(await page.textContent('.dg-query-error'), /sort/);
    assert.match(await page.textContent('.dg-chip[data-dg-chip="sort"]'), /Sort.*bogus/);
    await page.click('.dg-chip[data-dg-chip="sort"]');
    await waitForTotal(page, cli(['query', '--q', 'model', '--expand', '--limit', '0']).total);
    assert.equal(await page.isVisible('.dg-query-error'), false);
    assert.equal(await page.$('.dg-chip[data-dg-chip="sort"]'), null);
    assert.ok(!new URL(page.url()).hash.includes('sort='), page.url());
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
