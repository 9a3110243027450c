// Scenario: a reader builds a search (text, a tag, a sort, a date range from the month chart),
// reloads the page, and gets the same view back from the URL alone; the link also works in a
// fresh tab.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, resultIds, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('reload restores the search from the URL', async () => {
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await page.fill('#dg-search', '학습');
    const byText = cli(['query', '--q', '학습', '--expand', '--limit', '0']);
    await waitForTotal(page, byText.total);
    await page.selectOption('#dg-sort', 'date-old');
    // The busiest month of the query, from the chart (a bar click narrows to that month).
    const [month] = [...byText.facets.months ? Object.entries(byText.facets.months) : []].sort((a, b) => b[1] - a[1])[0];
    await page.click(`.dg-chart-bar[data-dg-month="${month}"]`);
    const [y, m] = month.split('-').map(Number);
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const args = ['--q', '학습', '--expand', '--sort', 'date-old', '--from', `${month}-01`, '--to', `${month}-${last}`, '--limit', '20'];
    const want = cli(['query', ...args]);
    await waitForTotal(page, want.total);
    assert.deepEqual(await resultIds(page), want.hits.map((h) => h.id));
    const url = page.url();
    const hash = decodeURIComponent(new URL(url).hash);
    for (const part of ['q=학습', 'sort=date-old', `from=${month}-01`, `to=${month}-${last}`]) assert.ok(hash.includes(part), hash);

    await page.reload();
    await ready(page);
    await waitForTotal(page, want.total);
    assert.deepEqual(await resultIds(page), want.hits.map((h) => h.id));
    assert.equal(await page.inputValue('#dg-search'), '학습');
    assert.equal(await page.inputValue('#dg-sort'), 'date-old');
    assert.equal(await page.inputValue('#dg-date-from'), `${month}-01`);
    assert.ok(await page.$(`.dg-chart-bar-active[data-dg-month="${month}"]`));

    // The same link in a new tab.
    const other = await v.context.newPage();
    await other.goto(url);
    await ready(other);
    await waitForTotal(other, want.total);
    assert.deepEqual(await resultIds(other), want.hits.map((h) => h.id));
    await other.close();
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
