// Scenario: on a 360 px phone, a review has a table whose cell holds a long unbroken token (a
// checkpoint path). The table keeps its words whole and scrolls sideways in its wrapper (the
// prose's overflow-wrap: anywhere used to shrink every column, so "baseline" broke letter by letter).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertQuietConsole, bundlePath, distWithBundle, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a wide table scrolls on a phone instead of squeezing its words', async () => {
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const review = bundle.reviews[0];
  const token = 'checkpoints/llm-7b-instruct/step-000120000/consolidated.safetensors';
  review.markdown = `| 방법 | 체크포인트 |\n|---|---|\n| baseline | ${token} |\n\n${review.markdown}`;
  const dir = distWithBundle('wide-table', JSON.stringify(bundle));
  const v = await openViewer(browser, { dir, path: `#/doc/${encodeURIComponent(review.id)}`, viewport: { width: 360, height: 740 } });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForSelector('.dg-doc-body .dg-table-wrap table');
    const got = await page.$eval('.dg-doc-body .dg-table-wrap', (wrap) => {
      const cell = [...wrap.querySelectorAll('td')].find((td) => td.textContent === 'baseline');
      const range = document.createRange();
      range.selectNodeContents(cell);
      return { lines: new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size, scrolls: wrap.scrollWidth > wrap.clientWidth, page: document.documentElement.scrollWidth };
    });
    assert.equal(got.lines, 1, '"baseline" stays on one line');
    assert.equal(got.scrolls, true, 'the table scrolls in its wrapper');
    assert.equal(got.page, 360, 'the page itself does not scroll sideways');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
