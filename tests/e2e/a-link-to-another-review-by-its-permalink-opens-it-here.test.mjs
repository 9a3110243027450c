// Scenario: a review links to another review of the collection the way the site writes it, by its
// permalink (/ai/review/.../), and a roundup-style placeholder link ([논문](Paper)) sits beside it.
// Clicking the permalink opens that review in the viewer, on the same bundle (it left the viewer
// for a 404 at the host's root, dropping ?bundle=); the placeholder is text, not a dead link.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertQuietConsole, bundlePath, distWithBundle, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a link to another review by its permalink opens it here', async () => {
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const [from, to] = bundle.reviews.filter((r) => r.markdown);  // (an imported page's body has a broken image)
  from.markdown = `앞선 [다른 리뷰](/${to.id}/) 와 [논문](Paper) 을 참고.\n\n${from.markdown}`;
  const dir = distWithBundle('permalink-links', JSON.stringify(bundle));
  const v = await openViewer(browser, { dir, path: `?bundle=bundle.json#/doc/${encodeURIComponent(from.id)}` });
  try {
    const { page } = v;
    await ready(page);
    const first = page.locator('.dg-doc-body p').first();
    assert.equal(await first.locator('a').count(), 1, 'the placeholder is not a link');
    assert.match(await first.textContent(), /논문 을 참고/);
    await first.locator('a').click();
    await page.waitForFunction((id) => document.querySelector('.dg-doc')?.dataset.dgId === id, to.id);
    const url = new URL(page.url());
    assert.equal(url.search, '?bundle=bundle.json', 'still on the same bundle');
    assert.equal(decodeURIComponent(url.hash), `#/doc/${to.id}`);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
