// Scenario: a keyboard and screen-reader user searches, moves through the chart, bookmarks and
// switches language. What they hear and see holds up: one announcement when typing pauses (every
// answer of a burst was queued), a focus ring of 3:1 against the page in the light theme (the amber
// one was 2:1), the focused control never under the sticky header, the chart one Tab stop with
// its month's state exposed, stars named after their result, focus back on the language button
// after the reload that applies the language.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const luminance = (rgb) => {
  const [r, g, b] = rgb.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number).map((c) => {
    const x = c / 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
};
const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };

test('keyboard and screen-reader details hold', async () => {
  const all = cli(['list', '--limit', '0']);
  const v = await openViewer(browser, { path: '#/', colorScheme: 'light' });
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, all.total);
    await page.waitForTimeout(500);  // the first view's own announcement, said once it settled
    // Announcements: one, after the burst.
    await page.evaluate(() => {
      window.__said = [];
      new MutationObserver(() => window.__said.push(document.getElementById('dg-announce').textContent))
        .observe(document.getElementById('dg-announce'), { childList: true, characterData: true, subtree: true });
    });
    await page.focus('#dg-search');
    await page.keyboard.type('model', { delay: 60 });
    const total = cli(['query', '--q', 'model', '--expand', '--limit', '0']).total;
    await waitForTotal(page, total);
    await page.waitForTimeout(800);
    const said = await page.evaluate(() => window.__said);
    assert.equal(said.length, 1, JSON.stringify(said));
    assert.match(said[0], new RegExp(`^${total} documents?`));

    // The focus ring against the page behind it (light theme).
    const ring = await page.evaluate(() => {
      const s = getComputedStyle(document.activeElement);
      return { outline: s.outlineColor, style: s.outlineStyle, page: getComputedStyle(document.body).backgroundColor };
    });
    assert.notEqual(ring.style, 'none');
    assert.ok(contrast(ring.outline, ring.page) >= 3, `focus ring ${ring.outline} on ${ring.page}: ${contrast(ring.outline, ring.page).toFixed(2)}:1`);

    // Skip link, then Tab: the focused control is below the sticky header.
    await page.evaluate(() => scrollTo(0, 0));
    await page.focus('.dg-skip');
    await page.keyboard.press('Enter');
    assert.ok(await page.evaluate(() => document.activeElement.classList.contains('dg-results')));
    for (let i = 0; i < 2; ++i) {
      await page.keyboard.press('Tab');
      const where = await page.evaluate(() => ({ top: document.activeElement.getBoundingClientRect().top, header: document.querySelector('.dg-header').getBoundingClientRect().bottom, what: document.activeElement.outerHTML.slice(0, 120) }));
      assert.ok(where.top >= where.header - 1, `${where.what} at ${where.top} is under the header (bottom ${where.header})`);
    }

    // The chart: one stop; Shift+Tab from its bar reaches the control before it, not the svg.
    await page.focus('.dg-chart-bar[tabindex="0"]');
    await page.keyboard.press('Shift+Tab');
    assert.notEqual(await page.evaluate(() => document.activeElement.tagName.toLowerCase()), 'svg');
    await page.keyboard.press('Tab');
    assert.ok(await page.evaluate(() => document.activeElement.classList.contains('dg-chart-bar')));
    await page.keyboard.press('Enter');
    await page.waitForSelector('.dg-chart-bar-active');
    assert.equal(await page.getAttribute('.dg-chart-bar-active', 'aria-pressed'), 'true');
    assert.match(await page.getAttribute('.dg-chart-bar-active', 'aria-label'), /^\d{4}-\d{2}: \d+ documents?$/);

    // Korean text is marked Korean under the English interface (the core says each document's).
    assert.equal(await page.getAttribute('.dg-item .dg-snippet', 'lang'), 'ko');
    assert.equal(await page.getAttribute('.dg-item .dg-item-title', 'lang'), 'ko');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    // Stars are named after their result.
    const star = await page.$eval('.dg-item', (item) => [item.querySelector('.dg-bookmark').getAttribute('aria-label'), item.querySelector('.dg-item-link').textContent]);
    assert.equal(star[0], `Bookmark: ${star[1]}`);

    // The language button: after the reload that applies it, focus is on it again.
    await page.focus('#dg-lang');
    await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
    await ready(page);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'dg-lang');
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
