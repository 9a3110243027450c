// Scenario: a review mentions prices ("$5 and $10") and has a TeX typo ($\frac{1$) next to good
// TeX. The prices read as written (they used to become an italic math "5and"), the good TeX is
// typeset, and the typo shows its source, marked, with KaTeX's reason as a tooltip: no inline
// style, so nothing breaks the strict CSP (KaTeX's own error element did).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertQuietConsole, bundlePath, distWithBundle, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('prices stay text and broken TeX shows its source', async () => {
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const review = bundle.reviews[0];
  review.markdown = `GPU 한 시간에 $5 and $10 정도입니다.\n\n좋은 식 $x^2$ 과 잘못된 식 $\\frac{1$ 이 있습니다.\n\n${review.markdown}`;
  const dir = distWithBundle('prices-and-broken-tex', JSON.stringify(bundle));
  const v = await openViewer(browser, { dir, path: `#/doc/${encodeURIComponent(review.id)}` });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForSelector('.dg-doc-body .dg-math[data-dg-typeset]');
    const first = await page.$eval('.dg-doc-body p', (p) => p.textContent);
    assert.equal(first, 'GPU 한 시간에 $5 and $10 정도입니다.');
    const spans = await page.$$eval('.dg-doc-body p:nth-of-type(2) .dg-math', (ns) => ns.map((n) => ({
      tex: n.dataset.tex, math: !!n.querySelector('math'), error: n.classList.contains('dg-math-error'), title: n.title, text: n.textContent, style: n.querySelector('[style]') !== null })));
    assert.equal(spans.length, 2);
    assert.deepEqual({ ...spans[0], title: '' }, { tex: 'x^2', math: true, error: false, title: '', text: spans[0].text, style: false });
    assert.equal(spans[1].tex, '\\frac{1');
    assert.equal(spans[1].text, '\\frac{1');
    assert.equal(spans[1].error, true);
    assert.equal(spans[1].math, false);
    assert.equal(spans[1].style, false);
    assert.match(spans[1].title, /KaTeX|parse|Expected/i);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
