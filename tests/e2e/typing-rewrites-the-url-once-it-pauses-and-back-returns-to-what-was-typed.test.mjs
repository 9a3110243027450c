// Scenario: a reader types a word quickly. The results follow every keystroke, but the URL is
// rewritten once the typing pauses, not once per keystroke (each rewrite is a same-document
// navigation that costs the page a style recalculation). A result opened before the pause still
// leaves the typed search in the history: Back returns to it, box and URL alike.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const urlQuery = (page) => page.evaluate(() => new URLSearchParams(location.hash.split('?')[1]).get('q'));

test('typing rewrites the URL once it pauses, and Back returns to what was typed', async () => {
  const v = await openViewer(browser, {
    beforeGoto: (page) => page.addInitScript(() => {
      window.__dgRewrites = 0;
      const replace = history.replaceState.bind(history);
      history.replaceState = (...args) => { window.__dgRewrites += 1; return replace(...args); };
    }),
  });
  try {
    const { page } = v;
    await ready(page);
    await page.evaluate(() => { window.__dgRewrites = 0; });
    await page.focus('#dg-search');
    const word = 'transformer';
    await page.keyboard.type(word, { delay: 40 });
    const want = cli(['query', '--q', word, '--expand', '--limit', '20']);
    await waitForTotal(page, want.total);
    await page.waitForFunction((w) => new URLSearchParams(location.hash.split('?')[1]).get('q') === w, word, { timeout: 5000 });
    const rewrites = await page.evaluate(() => window.__dgRewrites);
    assert.ok(rewrites >= 1 && rewrites <= 3, `${rewrites} URL rewrites for ${word.length} keystrokes`);

    // More text, and a result opened at once (before the pause): the home entry is brought up to
    // date first, so Back shows the whole text.
    await page.keyboard.type(' 모델');
    const more = cli(['query', '--q', `${word} 모델`, '--expand', '--limit', '20']);
    await waitForTotal(page, more.total);
    assert.ok(more.total > 0);
    await page.click('.dg-list .dg-item .dg-item-link');
    await page.waitForFunction(() => document.body.dataset.dgView === 'doc');
    await page.goBack();
    await page.waitForFunction(() => document.body.dataset.dgView === 'home');
    await waitForTotal(page, more.total);
    assert.equal(await page.inputValue('#dg-search'), `${word} 모델`);
    assert.equal(await urlQuery(page), `${word} 모델`);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
