// Scenario: the home view, a review and a digest, each at 1280 px and 390 px, light and dark,
// photographed into tests/out/screenshots (the best are copied to docs/screenshots by hand).
// Each view, and each at 360 px too, must be laid out for its width: nothing wider than the viewport.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, screenshot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('screenshots show home, review and digest', async () => {
  const docs = cli(['list', '--limit', '1000']).docs;
  const review = docs.map((d) => d.kind === 'review' && cli(['get', d.id]).doc).find((d) => d && d.toc && d.markdown.includes('$$'));
  const digest = docs.find((d) => d.kind === 'paper' && d.id.startsWith('digest-')).id.split('/')[0];
  const pages = [
    ['home', '#/', '.dg-list .dg-item'],
    ['review', `#/doc/${encodeURIComponent(review.id)}`, '.dg-doc .dg-math math'],
    ['digest', `#/digest/${digest}`, '.dg-digest .dg-card'],
  ];
  for (const [size, width, height] of [['desktop', 1280, 860], ['mobile', 390, 844], ['narrow', 360, 740]]) {
    for (const colorScheme of size === 'narrow' ? ['light'] : ['light', 'dark']) {
      // One page per size and scheme; the views are reached through the hash, as a reader would.
      const v = await openViewer(browser, { colorScheme, viewport: { width, height } });
      try {
        await ready(v.page);
        for (const [name, path, selector] of pages) {
          await v.page.evaluate((h) => { location.hash = h; }, path);
          await v.page.waitForSelector(selector);
          await v.page.evaluate(() => window.scrollTo(0, 0));
          const overflow = await v.page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
          assert.ok(overflow <= 0, `${name} ${size} ${colorScheme} overflows by ${overflow}px`);
          if (size !== 'narrow') await screenshot(v.page, `${name}-${size}-${colorScheme}`);
        }
        assertQuietConsole(v);
      } finally {
        await v.close();
      }
    }
  }
});
