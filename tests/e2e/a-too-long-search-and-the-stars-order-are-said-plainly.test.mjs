// Scenarios found by QA: a search of more than 32 words was refused with a hint that blamed "a
// search condition in the address" and pointed at chips, though the reader had typed it; and a
// URL sorted by stars (a widget's "see all" link carries its sort) showed a blank sort control.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, resultIds, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a search with too many words says to shorten it', async () => {
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    const words = Array.from({ length: 40 }, (_, i) => `단어${i}`).join(' ');
    await page.fill('#dg-search', words);
    await page.waitForSelector('.dg-query-error:not([hidden])');
    const said = await page.textContent('.dg-query-error');
    assert.match(said, /The search text is too long: shorten it and search again/);
    assert.doesNotMatch(said, /address|chips/, said);
    // Shortened, it searches again.
    await page.fill('#dg-search', '모델');
    await waitForTotal(page, cli(['query', '--q', '모델', '--expand', '--limit', '0']).total);
    assert.equal(await page.isHidden('.dg-query-error'), true);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('a URL sorted by stars shows that order in the sort control', async () => {
  const want = cli(['query', '--sort', 'stars', '--limit', '20']);
  const v = await openViewer(browser, { path: '#/?sort=stars' });
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, want.total);
    assert.equal(await page.inputValue('#dg-sort'), 'stars');
    assert.equal(await page.$eval('#dg-sort', (s) => s.selectedOptions[0]?.textContent), 'Stars');
    assert.deepEqual(await resultIds(page), want.ids);
    // Chosen away and back from the control.
    await page.selectOption('#dg-sort', 'date');
    await page.waitForFunction(() => location.hash.includes('sort=date'));
    await page.selectOption('#dg-sort', 'stars');
    await page.waitForFunction(() => location.hash.includes('sort=stars'));
    await waitForTotal(page, want.total);
    assert.deepEqual(await resultIds(page), want.ids);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('an institution written in another case in the URL shows as the pressed filter', async () => {
  const want = cli(['query', '--institution', 'KAIST', '--limit', '0']);
  assert.ok(want.total > 0);
  const v = await openViewer(browser, { path: '#/?inst=kaist' });
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, want.total);
    await page.waitForFunction(() => new URLSearchParams(location.hash.split('?')[1]).get('inst') === 'KAIST');
    const entry = page.locator('.dg-facet[data-dg-facet="institutions"] .dg-facet-item[data-dg-value="KAIST"]');
    assert.equal(await entry.getAttribute('aria-pressed'), 'true');
    await entry.click();  // takes the filter away, as for any pressed entry
    await page.waitForFunction(() => !new URLSearchParams(location.hash.split('?')[1]).has('inst'));
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
