// Scenario: a keyboard reader selects a result with j, then tabs to a bar of the documents-per-month
// chart and presses Enter: the list narrows to that month and stays on screen (Enter used to both
// filter and open the selected result).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('Enter on a chart bar filters that month without opening a result', async () => {
  const all = cli(['list', '--limit', '0']);
  const v = await openViewer(browser, { path: '#/' });
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, all.total);
    await page.click('.dg-status');
    await page.keyboard.press('j');
    assert.ok(await page.$('.dg-item-selected'), 'a result is selected');
    const month = await page.$eval('.dg-chart-bar', (b) => b.dataset.dgMonth);
    await page.focus(`.dg-chart-bar[data-dg-month="${month}"]`);
    await page.keyboard.press('Enter');
    const [y, m] = month.split('-').map(Number);
    const to = `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
    const inMonth = cli(['query', '--from', `${month}-01`, '--to', to, '--limit', '0']);
    await waitForTotal(page, inMonth.total);
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => document.body.dataset.dgView), 'home', 'no result was opened');
    const params = await page.evaluate(() => Object.fromEntries(new URLSearchParams(location.hash.split('?')[1])));
    assert.equal(params.from, `${month}-01`);
    assert.equal(params.to, to);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
