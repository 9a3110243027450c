// Scenario: axe-core (npm) checks the home view, a review and a digest, in light and dark, at
// desktop and phone widths, in the English and the Korean UI, with a facet pressed, under the strict CSP: no serious or critical violations (contrast AA,
// names of controls, landmarks, ARIA use).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from '../js/helpers.mjs';
import { assertQuietConsole, cli, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Evaluated through the DevTools protocol, which the page's CSP does not govern (a <script> tag would be refused).
const axeSource = readFileSync(join(root, 'node_modules/axe-core/axe.min.js'), 'utf8');

async function serious(page) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  return result.violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')
    .map((x) => `${x.id} (${x.impact}): ${x.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

test('axe finds no serious accessibility problems', async () => {
  const review = cli(['list', '--limit', '1000']).docs.find((d) => d.kind === 'review');
  const digest = cli(['query', '--kind', 'paper', '--limit', '1']).hits[0].id.split('/')[0];
  // Grouped by theme and width: one page each, the views reached through the hash.
  const groups = [
    ['light', 1280, ['#/', `#/digest/${digest}`]],
    ['dark', 1280, ['#/?tag=Review&sort=upvotes', `#/doc/${encodeURIComponent(review.id)}`, '#/digests']],
    ['light', 390, ['#/?q=모델', `#/doc/${encodeURIComponent(review.id)}`]],
    ['dark', 390, [`#/digest/${digest}?sort=upvotes`, '#/bookmarks']],
    // The Korean UI (its language button reads "EN"), and a pressed facet on the light theme's accent.
    ['light', 1280, ['#/?tag=Review', `#/doc/${encodeURIComponent(review.id)}`], 'ko-KR'],
    ['dark', 390, ['#/?q=모델&tag=Review', `#/digest/${digest}`], 'ko-KR'],
  ];
  for (const [colorScheme, width, paths, locale = 'en-US'] of groups) {
    const v = await openViewer(browser, { colorScheme, locale, viewport: { width, height: 900 } });
    try {
      await ready(v.page);
      for (const path of paths) {
        await v.page.evaluate((h) => { location.hash = h; }, path);
        await v.page.waitForFunction((h) => decodeURIComponent(location.hash) === decodeURIComponent(h) && document.body.dataset.dgView, path);
        if (width < 600 && path.startsWith('#/?')) await v.page.click('.dg-filters-toggle'); // the folded filters too
        await v.page.waitForTimeout(150); // the home view draws on the next animation frame
        assert.deepEqual(await serious(v.page), [], `${path} ${colorScheme} ${width}px ${locale}`);
      }
      assertQuietConsole(v);
    } finally {
      await v.close();
    }
  }
});
