// Scenario: a review's text links to one of its own headings ([주요 결과](#주요-결과)). Clicking it
// scrolls to that heading and moves focus there; the page, its URL and the history stay as they
// were (the hash is the viewer's router: the link used to replace the review with the home list).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a link to a heading inside a review stays on the review', async () => {
  const reviews = cli(['list', '--limit', '1000']).docs.filter((d) => d.kind === 'review');
  const doc = reviews.map((d) => cli(['get', d.id]).doc).find((d) => /\]\(#[^/)][^)]*\)/.test(d.markdown));
  assert.ok(doc, 'a sample review links to one of its headings');
  const target = decodeURIComponent(doc.markdown.match(/\]\(#([^/)][^)]*)\)/)[1]);
  const v = await openViewer(browser, { path: `#/doc/${encodeURIComponent(doc.id)}`, viewport: { width: 1280, height: 600 } });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForSelector('.dg-doc-body');
    const url = page.url();
    const entries = await page.evaluate(() => history.length);
    const link = await page.$('.dg-doc-body a[href^="#"]:not([href^="#/"])');
    assert.ok(link, 'the core rendered the fragment link');
    await link.click();
    await page.waitForFunction((id) => {
      const h = document.getElementById(id);
      const r = h && h.getBoundingClientRect();
      return r && r.top >= 0 && r.bottom <= window.innerHeight && document.activeElement === h;
    }, target, { timeout: 5000 });
    assert.equal(await page.evaluate(() => document.body.dataset.dgView), 'doc');
    assert.equal(await page.$eval('.dg-doc', (n) => n.dataset.dgId), doc.id);
    assert.equal(page.url(), url, 'the URL is unchanged');
    assert.equal(await page.evaluate(() => history.length), entries, 'no history entry was added');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
