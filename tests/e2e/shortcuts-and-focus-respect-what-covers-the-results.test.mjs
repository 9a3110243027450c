// Scenario: a reader on a phone-sized screen uses the keyboard while something covers the results,
// and filters from a result card's tag.
// - With the help dialog or the filter sheet open, j/k/Enter do not act on the results hidden
//   under it (Enter in the sheet opened a result the reader never saw).
// - Enter on a tag of a result card adds the filter and focus goes to its chip (the card itself
//   shows another result once the answer is drawn; focus used to drop to <body>).
// - On a wide screen whose header wraps to two rows, the sticky sidebar stays below the header.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const selected = (page) => page.evaluate(() => document.querySelector('.dg-item-selected')?.dataset.dgIndex ?? null);

test('j, k and Enter leave the results alone under the help dialog and the filter sheet', async () => {
  const v = await openViewer(browser, { viewport: { width: 360, height: 740 } });
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, cli(['list', '--limit', '0']).total);
    await page.keyboard.press('?');
    assert.equal(await page.evaluate(() => document.querySelector('.dg-help')?.open), true, 'the help dialog is open');
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    assert.equal(await selected(page), null, 'no result selected under the help dialog');
    await page.keyboard.press('Escape');

    await page.click('.dg-filters-toggle');
    await page.keyboard.press('j');
    assert.equal(await selected(page), null, 'no result selected under the sheet');
    await page.click('.dg-filters-title');  // a tap on the sheet's heading
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    assert.equal(await page.evaluate(() => document.body.dataset.dgView), 'home', 'Enter in the sheet opens nothing');
    await page.keyboard.press('Escape');  // the sheet closes; the shortcuts work again
    await page.keyboard.press('j');
    assert.equal(await selected(page), '0');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('Enter on a result card\'s tag adds the filter and focuses its chip', async () => {
  const v = await openViewer(browser, { viewport: { width: 360, height: 740 } });
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, cli(['list', '--limit', '0']).total);
    const tag = page.locator('.dg-list .dg-item').nth(2).locator('.dg-tag').nth(1);
    const name = (await tag.textContent()).trim();
    await tag.focus();
    await page.keyboard.press('Enter');
    const want = cli(['query', '--tag', name, '--sort', 'date', '--limit', '0']);
    await waitForTotal(page, want.total);
    await page.waitForTimeout(100);
    const focused = await page.evaluate(() => ({ chip: document.activeElement?.dataset.dgChip, tag: document.activeElement?.tagName }));
    assert.ok(focused.chip && focused.chip.startsWith('tag:'), `focus is on the new filter's chip (${JSON.stringify(focused)})`);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('the sticky sidebar stays below a header that wraps to two rows', async () => {
  const v = await openViewer(browser, { viewport: { width: 870, height: 800 } });
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, cli(['list', '--limit', '0']).total);
    await page.evaluate(() => window.scrollTo(0, 1500));
    await page.waitForTimeout(200);
    const { header, sidebar } = await page.evaluate(() => ({
      header: document.querySelector('.dg-header').getBoundingClientRect().bottom,
      sidebar: document.querySelector('.dg-sidebar').getBoundingClientRect().top,
    }));
    assert.ok(header > 80, `the header wraps at this width (bottom at ${header} px)`);
    assert.ok(sidebar >= header, `the sidebar (top at ${sidebar} px) starts below the header (bottom at ${header} px)`);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
