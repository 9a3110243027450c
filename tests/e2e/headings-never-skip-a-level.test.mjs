// Scenario: a screen-reader user moves by headings. On every view, at phone and desktop widths, the
// headings that are rendered (hidden filters excluded) never skip a level: home had h1 then h3 result
// titles on phones (the filters' h2s hidden), the Bookmarks view h1 then h3, a paper's own page h1
// then its sections' h3 (found by QA).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const outline = (page) => page.evaluate(() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
  .filter((h) => h.getClientRects().length > 0 || getComputedStyle(h).position === 'absolute')
  .filter((h) => !h.closest('[hidden], dialog:not([open])'))
  .map((h) => Number(h.tagName[1])));

test('headings never skip a level', async () => {
  const review = cli(['list', '--limit', '1000']).docs.find((d) => d.kind === 'review');
  const paper = cli(['query', '--kind', 'paper', '--limit', '1']).hits[0].id;
  const day = paper.split('/')[0];
  for (const width of [360, 1280]) {
    const v = await openViewer(browser, { viewport: { width, height: 800 } });
    try {
      const { page } = v;
      await ready(page);
      await page.evaluate((id) => localStorage.setItem('dg.bookmarks', JSON.stringify([id])), review.id);
      for (const hash of ['#/', '#/bookmarks', `#/doc/${encodeURIComponent(review.id)}`, `#/digest/${day}`, `#/doc/${encodeURIComponent(paper)}`, '#/digests', '#/digests?kind=daily']) {
        await page.evaluate((h) => { location.hash = h; }, hash);
        await page.waitForFunction(() => document.body.dataset.dgState === 'ready' && document.querySelector('#dg-main h1'));
        await page.waitForTimeout(200);
        const levels = await outline(page);
        assert.equal(levels[0], 1, `${hash} at ${width}: starts with h1 (${levels})`);
        for (let i = 1; i < levels.length; ++i) assert.ok(levels[i] <= levels[i - 1] + 1, `${hash} at ${width}: h${levels[i - 1]} then h${levels[i]} (${levels})`);
      }
      assertQuietConsole(v);
    } finally {
      await v.close();
    }
  }
});
