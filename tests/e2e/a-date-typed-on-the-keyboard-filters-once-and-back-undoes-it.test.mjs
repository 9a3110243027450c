// Scenario: a reader types a start date into the date range control with the keyboard, digit by
// digit. The field keeps what is typed (a redraw used to refocus it, which restarts a date field's
// typing: 06012025 became 0005-06-01), the results follow the date, one history entry is added for
// the whole date (not one per digit), and Back removes the filter. A URL with an impossible date
// leaves the field empty (no console warning) and the error line explains it in the reader's language.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a date typed on the keyboard filters once and Back undoes it', async () => {
  const all = cli(['list', '--limit', '0']);
  const since = cli(['query', '--from', '2025-06-01', '--limit', '0']);
  assert.ok(since.total > 0 && since.total < all.total, 'the date splits the sample');
  const v = await openViewer(browser, { path: '#/' });
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, all.total);
    const entries = await page.evaluate(() => history.length);
    await page.focus('#dg-date-from');  // en-US: month, day, year
    await page.keyboard.type('06012025', { delay: 60 });
    await waitForTotal(page, since.total);
    assert.equal(await page.inputValue('#dg-date-from'), '2025-06-01');
    await page.waitForFunction(() => new URLSearchParams(location.hash.split('?')[1]).get('from') === '2025-06-01');
    assert.equal(await page.evaluate(() => history.length), entries + 1, 'one history entry for the date');
    await page.goBack();
    await waitForTotal(page, all.total);
    assert.equal(await page.inputValue('#dg-date-from'), '');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('an impossible date in the URL is explained, not copied into the field', async () => {
  const v = await openViewer(browser, { path: '#/?from=2025-13-45', locale: 'ko-KR' });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForSelector('.dg-query-error:not([hidden])');
    const text = await page.textContent('.dg-query-error');
    assert.match(text, /^검색 조건 오류: 날짜를 확인하세요/);
    assert.match(text, /2025-13-45/, 'the core\'s own message follows');
    assert.equal(await page.inputValue('#dg-date-from'), '');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
