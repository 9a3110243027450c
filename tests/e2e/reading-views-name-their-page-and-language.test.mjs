// Scenario (found by QA, the reading views in the English interface):
// - the "Daily digests" list was titled and announced "All digests";
// - Korean text the bundle wrote (a digest's title and intro, a card's prerequisites, a review's
//   table of contents, a paper's "In:" link) carried the page's `lang="en"`, so a screen reader
//   read it with the English voice;
// - the search box's placeholder, the only place the query syntax is explained, was Chromium's
//   #757575 (under 4.5:1 in both themes);
// - TeX KaTeX accepts but LaTeX would not (\htmlClass) printed console warnings.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertQuietConsole, cli, launch, openViewer, ready } from './browser.mjs';
import { copyOfDist } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const go = async (page, hash, view) => {
  await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForFunction(([h, sel]) => location.hash === h && document.body.dataset.dgState === 'ready' && document.querySelector(sel), [hash, view]);
};

test('each reading view names itself and marks the bundle\'s Korean text as Korean', async () => {
  const review = cli(['list', '--limit', '1000']).docs.find((d) => d.kind === 'review' && d.lang === 'ko' && JSON.parse(readFileSync(join(copyOfDist('dist-lang-probe'), 'bundle.json'), 'utf8')).reviews.find((r) => r.id === d.id)?.toc);
  assert.ok(review, 'a Korean review with a table of contents');
  const paper = cli(['query', '--kind', 'paper', '--sort', 'date', '--limit', '1']).hits[0];
  const digestId = paper.id.split('/')[0];
  const v = await openViewer(browser, { locale: 'en-US' });
  try {
    const { page } = v;
    await ready(page);
    await go(page, '#/digests?kind=daily', '.dg-digests h1');
    assert.equal(await page.textContent('.dg-digests h1'), 'Daily digests');
    assert.match(await page.title(), /^Daily digests · /);

    await go(page, `#/digest/${encodeURIComponent(digestId)}`, '.dg-digest-header h1');
    assert.equal(await page.getAttribute('.dg-digest-header h1', 'lang'), 'ko');
    assert.equal(await page.getAttribute('.dg-card-prereq span', 'lang'), 'ko');

    await go(page, `#/doc/${encodeURIComponent(review.id)}`, '.dg-toc ol');
    assert.equal(await page.$eval('.dg-toc ol', (ol) => ol.lang), 'ko');

    await go(page, `#/doc/${encodeURIComponent(paper.id)}`, `.dg-doc[data-dg-id="${paper.id}"]`);
    assert.equal(await page.$eval(`a[href="#/digest/${encodeURIComponent(digestId)}"]`, (a) => a.lang), 'ko');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('the search box\'s placeholder has AA contrast in both themes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const v = await openViewer(browser, { colorScheme });
    try {
      const { page } = v;
      await ready(page);
      const ratio = await page.evaluate(() => {
        const input = document.querySelector('#dg-search');
        const rgb = (s) => s.match(/[\d.]+/g).slice(0, 3).map(Number);
        const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
          .reduce((a, c, i) => a + c * [0.2126, 0.7152, 0.0722][i], 0);
        let bgEl = input;
        let bg = getComputedStyle(bgEl).backgroundColor;
        while (/rgba\(.*, 0\)|transparent/.test(bg) && bgEl.parentElement) { bgEl = bgEl.parentElement; bg = getComputedStyle(bgEl).backgroundColor; }
        const fg = getComputedStyle(input, '::placeholder').color;
        const [a, b] = [lum(rgb(fg)), lum(rgb(bg))].sort((x, y) => y - x);
        return (a + 0.05) / (b + 0.05);
      });
      assert.ok(ratio >= 4.5, `${colorScheme}: placeholder contrast ${ratio.toFixed(2)}`);
    } finally {
      await v.close();
    }
  }
});

test('TeX that KaTeX accepts but LaTeX would not is typeset without console warnings', async () => {
  const dir = copyOfDist('dist-katex-strict');
  const bundle = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
  const target = bundle.reviews.find((r) => r.markdown);
  target.markdown += '\n\n색깔 $\\htmlClass{x}{y}$ 과 $\\text{모델}$ 입니다.\n';
  writeFileSync(join(dir, 'bundle.json'), JSON.stringify(bundle));
  const v = await openViewer(browser, { dir, path: `#/doc/${encodeURIComponent(target.id)}` });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForFunction(() => document.querySelectorAll('.dg-math[data-dg-typeset]').length > 0 && !document.querySelector('.dg-math:not([data-dg-typeset])'));
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
