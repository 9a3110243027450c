// Scenario: a reader opens a review imported from a rendered page (an HTML body) that writes TeX
// in its text, inline and display. The math is typeset as in markdown reviews (MathML by KaTeX,
// under the strict CSP), not shown as raw TeX.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an imported review shows its math typeset', async () => {
  const reviews = cli(['list', '--limit', '1000']).docs.filter((d) => d.kind === 'review');
  const doc = reviews.map((d) => cli(['get', d.id]).doc).find((d) => d.html && d.html.includes('$$') && /[^$]\$[^$\s][^$]*[^$\s]\$[^$]/.test(d.html));
  assert.ok(doc, 'the sample has an imported review with display and inline TeX');
  const v = await openViewer(browser, { path: `#/doc/${encodeURIComponent(doc.id)}` });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForSelector('.dg-doc-body .dg-math[data-display="1"] math', { timeout: 10000 });
    const math = await page.$$eval('.dg-doc-body .dg-math', (ns) => ns.map((n) => ({ display: n.dataset.display, typeset: !!n.querySelector('math'), tex: n.dataset.tex || '' })));
    assert.ok(math.some((m) => m.display === '1') && math.some((m) => m.display === '0'), JSON.stringify(math));
    assert.ok(math.every((m) => m.typeset && m.tex.length > 0), JSON.stringify(math));
    // No TeX left as text.
    const text = await page.$eval('.dg-doc-body', (b) => { const c = b.cloneNode(true); c.querySelectorAll('.dg-math').forEach((m) => m.remove()); return c.textContent; });
    assert.doesNotMatch(text, /\$\$|\\mathcal|\\sqrt/);
    // (The imported page's own images are not part of the sample: their 404s are expected.)
    assertQuietConsole(v, (p) => /status of 404/.test(p) && /<img/.test(doc.html));
  } finally {
    await v.close();
  }
});
