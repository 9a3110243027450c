// Scenario: a reader opens a review whose front matter asks for a table of contents and whose body
// has display and inline math. The page shows the metadata, the AI notice, the core-rendered body
// with the math typeset as MathML (under the strict CSP), a TOC whose entries scroll to the
// headings the core rendered, and previous/next links in date order.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openBuiltDigest } from '../js/helpers.mjs';
import { assertQuietConsole, bundlePath, cli, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a review shows math and a table of contents', async () => {
  // The sample review with `toc: true`, display math ($$…$$) and inline math ($…$), newest first.
  const list = cli(['list', '--limit', '1000']).docs.filter((d) => d.kind === 'review');
  const hasInline = (md) => /(^|[^$\\])\$[^$\n]+\$(?!\$)/.test(md.replace(/\$\$[\s\S]*?\$\$/g, ''));
  const doc = list.map((d) => cli(['get', d.id]).doc).find((d) => d.toc && d.markdown.includes('$$') && hasInline(d.markdown));
  assert.ok(doc, 'the sample has a review with a TOC and display math');
  const v = await openViewer(browser, { path: `#/doc/${encodeURIComponent(doc.id)}` });
  try {
    const { page } = v;
    await ready(page);
    assert.equal(await page.textContent('.dg-doc-title'), doc.display_title || doc.title);
    assert.equal(await page.getAttribute('.dg-doc-meta time', 'datetime'), doc.date);
    assert.deepEqual(await page.$$eval('.dg-doc-header .dg-tag', (as) => as.map((a) => a.textContent)), doc.tags);
    if (doc.arxiv) {
      assert.equal(await page.getAttribute('.dg-arxiv-abs', 'href'), `https://arxiv.org/abs/${doc.arxiv}`);
      assert.equal(await page.getAttribute('.dg-arxiv-pdf', 'href'), `https://arxiv.org/pdf/${doc.arxiv}`);
    }
    assert.equal(await page.isVisible('.dg-ai-notice'), !!doc.ai_written);

    // Math: every math span the core emitted is typeset into MathML by KaTeX, the TeX kept aside.
    await page.waitForSelector('.dg-doc-body .dg-math[data-display="1"] math', { timeout: 10000 });
    const math = await page.$$eval('.dg-doc-body .dg-math', (ns) => ns.map((n) => ({
      display: n.dataset.display, typeset: !!n.querySelector('math'), tex: n.dataset.tex || '' })));
    assert.ok(math.some((m) => m.display === '1') && math.some((m) => m.display === '0'), JSON.stringify(math));
    assert.ok(math.every((m) => m.typeset && m.tex.length > 0));
    const firstDisplay = doc.markdown.match(/\$\$([\s\S]*?)\$\$/)[1].trim();
    assert.equal(math.find((m) => m.display === '1').tex.trim(), firstDisplay);

    // TOC: the entries are the rendered headings, in order; a click scrolls to the heading.
    const headings = await page.$$eval('.dg-doc-body h2[id], .dg-doc-body h3[id]', (hs) => hs.map((h) => ({ id: h.id, text: h.textContent })));
    const toc = await page.$$eval('.dg-toc a', (as) => as.map((a) => ({ id: a.dataset.dgTarget, text: a.textContent })));
    assert.ok(toc.length >= 2);
    assert.deepEqual(toc, headings.filter((h) => toc.some((t) => t.id === h.id)));
    assert.deepEqual(toc.map((t) => t.text), doc.markdown.match(/^#{2,3} .*/gm).map((h) => h.replace(/^#+ /, '')).slice(0, toc.length));
    const last = toc[toc.length - 1];
    await page.click(`.dg-toc a[data-dg-target="${last.id}"]`);
    await page.waitForFunction((id) => {
      const r = document.getElementById(id).getBoundingClientRect();
      return window.scrollY > 0 && r.top >= 0 && r.bottom <= window.innerHeight;
    }, last.id, { timeout: 5000 });
    // Focus goes with it: Tab continues from that section, not from the TOC.
    assert.equal(await page.evaluate(() => document.activeElement?.id), last.id);
    assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.dg-toc')).position), 'sticky');

    // Previous/next in date order, as the core links them.
    // Their text is the neighbour's title as shown everywhere else (its display title).
    if (doc.next) {
      assert.equal(await page.getAttribute('.dg-next', 'href'), `#/doc/${encodeURIComponent(doc.next.id)}`);
      const n = cli(['get', doc.next.id]).doc;
      assert.equal(await page.textContent('.dg-next'), `${n.display_title || n.title} →`);
    }
    if (doc.prev) {
      assert.equal(await page.getAttribute('.dg-prev', 'href'), `#/doc/${encodeURIComponent(doc.prev.id)}`);
      const p = cli(['get', doc.prev.id]).doc;
      assert.equal(await page.textContent('.dg-prev'), `← ${p.display_title || p.title}`);
    }
    assert.ok(doc.next || doc.prev, 'the review has a neighbour');
    // Related documents: the core's answer (there is no CLI command for it), in its order.
    const { d } = await openBuiltDigest();
    d.loadBytes(readFileSync(bundlePath));
    const related = d.related(doc.id, 5).related.map((r) => r.id);
    assert.ok(related.length > 0);
    assert.deepEqual(await page.$$eval('.dg-related a', (as) => as.map((a) => decodeURIComponent(a.getAttribute('href').slice(6)))), related);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('letters in a math font show in that font in Chromium too', async () => {
  // Chromium ignores MathML's mathvariant, so \mathcal{L} and \mathbb{E} showed as a plain L
  // and E (QA). The sample's FlowBake review writes both in its first display formula.
  const doc = cli(['list', '--limit', '1000']).docs.find((d) => d.kind === 'review' && d.id.includes('FlowBake'));
  assert.ok(doc, 'the sample has the FlowBake review');
  const md = cli(['get', doc.id]).doc.markdown;
  assert.ok(md.includes('\\mathcal{L}') && md.includes('\\mathbb{E}'));
  const v = await openViewer(browser, { path: `#/doc/${encodeURIComponent(doc.id)}` });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForSelector('.dg-doc-body .dg-math[data-display="1"] math', { timeout: 10000 });
    const formula = await page.$eval('.dg-doc-body .dg-math[data-display="1"] math', (m) => ({
      text: m.textContent, variants: [...m.querySelectorAll('mi[mathvariant], mn[mathvariant]')].map((n) => n.getAttribute('mathvariant')) }));
    assert.ok(formula.text.includes('ℒ'), `\\mathcal{L} is drawn as ℒ: ${formula.text}`);
    assert.ok(formula.text.includes('𝔼'), `\\mathbb{E} is drawn as 𝔼: ${formula.text}`);
    // Every identifier KaTeX gave a variant now states "normal": its letters carry the style.
    assert.ok(formula.variants.length > 0 && formula.variants.every((x) => x === 'normal'), JSON.stringify(formula.variants));
    // The TeX kept aside (copying, the tooltip) is the source as written.
    assert.ok((await page.$eval('.dg-doc-body .dg-math[data-display="1"]', (n) => n.dataset.tex)).includes('\\mathcal{L}'));
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
