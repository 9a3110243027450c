// Scenario: a review's TeX asks for huge or displaced boxes (\rule{5em}{300em}, \raisebox that
// lifts text over the page's header, \rule{3000em}{1em}) and for the two commands whose MathML
// carries an inline style (\fcolorbox, \pmb). The math is typeset, stays inside the review's body
// (the header stays readable and clickable, the page does not widen), and the strict CSP sees no
// inline style.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertQuietConsole, bundlePath, distWithBundle, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('math from a bundle stays inside the review', async () => {
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const review = bundle.reviews[0];
  review.markdown = [
    '맨 위 $\\raisebox{6.2em}{\\text{FAKE TITLE FAKE TITLE FAKE TITLE}}$ 문장입니다.',
    '큰 상자 $\\rule{5em}{300em}$ 와 넓은 상자 $\\rule{3000em}{1em}$ 가 있습니다.',
    '틀 상자 $\\fcolorbox{red}{yellow}{x}$ 와 굵은 기호 $\\pmb{\\alpha}$ 도 있습니다.',
    review.markdown,
  ].join('\n\n');
  const dir = distWithBundle('math-stays-inside', JSON.stringify(bundle));
  const v = await openViewer(browser, { dir, path: `#/doc/${encodeURIComponent(review.id)}`, viewport: { width: 1200, height: 900 } });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForFunction(() => document.querySelectorAll('.dg-doc-body .dg-math[data-dg-typeset]').length >= 5);
    const spans = await page.$$eval('.dg-doc-body .dg-math', (ns) => ns.slice(0, 5).map((n) => ({
      tex: n.dataset.tex, math: !!n.querySelector('math'), error: n.classList.contains('dg-math-error'), styled: n.querySelector('[style]') !== null })));
    for (const s of spans) assert.deepEqual({ ...s, tex: '' }, { tex: '', math: true, error: false, styled: false }, s.tex);
    // The page keeps its width, and what the header shows is the header, not math painted over it.
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no horizontal overflow');
    const header = await page.evaluate(() => {
      const seen = [];
      for (const n of document.querySelectorAll('.dg-doc-header h1, .dg-doc-header .dg-tag, .dg-doc-header button')) {
        const r = n.getBoundingClientRect();
        if (!r.width) continue;
        const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
        seen.push({ what: n.className || n.tagName, covered: !!hit && !n.contains(hit) && !!hit.closest('.dg-doc-body') });
      }
      return seen;
    });
    assert.ok(header.length >= 2, JSON.stringify(header));
    assert.deepEqual(header.filter((h) => h.covered), [], 'nothing from the body covers the header');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
