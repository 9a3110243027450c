// Scenario: a keyboard reader selects a result with j, then tabs to the documents-per-month chart,
// moves to another month with the arrow keys and presses Enter: the list narrows to that month and
// stays on screen (Enter used to both filter and open the selected result). The chart is one Tab
// stop (every bar was one: dozens of stops between the search box and the results).
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
    const months = await page.$$eval('.dg-chart-bar', (bars) => bars.map((b) => b.dataset.dgMonth));
    assert.ok(months.length >= 3, 'the sample spans several months');
    const stops = () => page.$$eval('.dg-chart-bar', (bars) => bars.filter((b) => b.tabIndex === 0).map((b) => b.dataset.dgMonth));
    assert.deepEqual(await stops(), [months[months.length - 1]], 'one Tab stop: the newest month');
    const focused = () => page.evaluate(() => document.activeElement?.dataset?.dgMonth ?? document.activeElement?.className);
    // Tab walks into the chart once and out of it with the next Tab.
    await page.focus('.dg-chart-bar[tabindex="0"]');
    await page.keyboard.press('Shift+Tab');
    assert.ok(!months.includes(await focused()), 'Shift+Tab leaves the chart');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), months[months.length - 1], 'Tab comes back to the newest month');
    await page.keyboard.press('Tab');
    assert.ok(!months.includes(await focused()), 'the next Tab leaves the chart');
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(), months[months.length - 1]);
    await page.keyboard.press('Home');
    assert.equal(await focused(), months[0]);
    await page.keyboard.press('ArrowLeft');
    assert.equal(await focused(), months[0], 'Home is the first bar');
    await page.keyboard.press('End');
    await page.keyboard.press('ArrowLeft');
    const month = months[months.length - 2];
    assert.equal(await focused(), month);
    assert.deepEqual(await stops(), [month], 'the Tab stop follows focus');
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
    // Redrawn for the filter: focus and the one Tab stop stay on the month chosen.
    assert.equal(await focused(), month);
    assert.deepEqual(await stops(), [month]);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
