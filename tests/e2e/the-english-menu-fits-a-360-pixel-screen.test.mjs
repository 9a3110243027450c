// Scenario: a phone 360 px wide with an English browser. The header's menu (Home, Digests,
// Bookmarks) fits between the logo and the tools: no link runs over the logo, under the tools or
// past the menu's own box.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the English menu fits a 360 pixel screen', async () => {
  for (const locale of ['en-US', 'ko-KR']) {
    const v = await openViewer(browser, { viewport: { width: 360, height: 740 }, locale });
    try {
      const { page } = v;
      await ready(page);
      const box = await page.evaluate(() => {
        const r = (el) => el.getBoundingClientRect();
        const nav = document.getElementById('dg-nav');
        return {
          nav: { scroll: nav.scrollWidth, client: nav.clientWidth },
          brand: r(document.querySelector('.dg-brand')).right,
          tools: r(document.querySelector('.dg-tools')).left,
          links: [...nav.querySelectorAll('a')].map((a) => ({ left: r(a).left, right: r(a).right, text: a.textContent })),
          page: document.documentElement.scrollWidth,
        };
      });
      assert.ok(box.nav.scroll <= box.nav.client, `${locale}: menu ${box.nav.scroll} px in ${box.nav.client}`);
      for (const l of box.links) {
        assert.ok(l.left >= box.brand - 0.5, `${locale}: ${l.text} starts at ${l.left}, over the logo (ends ${box.brand})`);
        assert.ok(l.right <= box.tools + 0.5, `${locale}: ${l.text} ends at ${l.right}, under the tools (from ${box.tools})`);
      }
      assert.ok(box.page <= 360, `${locale}: page ${box.page} px wide`);
      assertQuietConsole(v);
    } finally {
      await v.close();
    }
  }
});
