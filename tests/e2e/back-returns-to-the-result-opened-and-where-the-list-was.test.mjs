// Scenario: a reader scrolls far down a long result list, opens a result, reads, and presses Back:
// the list comes back where it was, with focus on the result they opened (the browser's own
// restoration ran while the shorter page was shown and landed ~10,000 px too high). A page keeps
// its position too: Back to a review scrolled halfway returns halfway, and a new view starts at the top.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const listDrawn = (page) => page.waitForFunction(() => document.querySelector('#dg-list')?.getAttribute('aria-busy') === 'false' && document.body.dataset.dgView === 'home');

test('Back returns to the result opened and to where the list was', async () => {
  const all = cli(['list', '--limit', '60']);
  const pick = all.docs[40].id;
  // A phone-sized window: the 53 results make a list many screens long.
  const v = await openViewer(browser, { path: '#/?n=60', viewport: { width: 390, height: 700 } });
  try {
    const { page } = v;
    await ready(page);
    await listDrawn(page);
    await page.$eval(`.dg-item[data-dg-id="${pick}"]`, (n) => n.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(100);
    const y = await page.evaluate(() => window.scrollY);
    assert.ok(y > 3000, `the result is far down the list (${y})`);
    const topOf = () => page.$eval(`.dg-item[data-dg-id="${pick}"]`, (n) => n.getBoundingClientRect().top);
    const top = await topOf();
    await page.click(`.dg-item[data-dg-id="${pick}"] .dg-item-link`);
    await page.waitForFunction((id) => document.querySelector('.dg-doc')?.dataset.dgId === id, pick);
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'a page opens at its top');

    await page.goBack();
    await listDrawn(page);
    await page.waitForFunction((id) => document.activeElement?.closest('.dg-item')?.dataset.dgId === id, pick);
    const back = await page.evaluate(() => window.scrollY);
    assert.ok(back > 3000, `Back returns far down the list (${y} before, ${back} now)`);
    assert.ok(Math.abs((await topOf()) - top) < 2, `the opened result is where it was on screen (${top}, now ${await topOf()})`);

    // A review scrolled halfway, left through one of its tag links (a new home entry: it starts at
    // the top), then Back: the review comes back halfway.
    const review = all.docs.find((d) => d.kind === 'review' && d.tags && d.tags.length).id;
    await page.evaluate((id) => { location.hash = `#/doc/${encodeURIComponent(id)}`; }, review);
    await page.waitForFunction((id) => document.querySelector('.dg-doc')?.dataset.dgId === id, review);
    const half = await page.evaluate(() => { window.scrollTo(0, Math.floor(document.documentElement.scrollHeight / 2)); return window.scrollY; });
    assert.ok(half > 300, `the review is long enough to scroll (${half})`);
    await page.waitForTimeout(100);
    await page.evaluate(() => document.querySelector('.dg-doc-header .dg-tags a').click());
    await listDrawn(page);
    assert.equal(await page.evaluate(() => window.scrollY), 0, 'a new view starts at the top');
    await page.goBack();
    await page.waitForFunction((id) => document.querySelector('.dg-doc')?.dataset.dgId === id, review);
    assert.ok(Math.abs(await page.evaluate(() => window.scrollY) - half) < 5, 'Back returns to where the review was');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
