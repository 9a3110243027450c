// Scenario: a reader types a Korean word into the search box, one syllable at a time. The results
// follow every keystroke without blocking the input, and "모델" finds documents that only say
// "모델이" / "모델을" (particles attached) — the same documents `digest query` returns.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, resultIds, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('search as you type finds Korean words with particles', async () => {
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    const all = cli(['list', '--limit', '0']).total;
    await waitForTotal(page, all);

    await page.focus('#dg-search');
    await page.keyboard.type('모델', { delay: 30 });
    // The input is never held back by the search: it shows what was typed at once.
    assert.equal(await page.inputValue('#dg-search'), '모델');
    const stem = cli(['query', '--q', '모델', '--expand', '--limit', '20']);
    assert.ok(stem.total > 0 && stem.total < all, 'the stem narrows the collection');
    await waitForTotal(page, stem.total);
    assert.deepEqual(await resultIds(page), stem.ids || stem.hits.map((h) => h.id));
    // The particle case: some hit only matched through a particle-attached form, highlighted by the core.
    const marked = await page.$$eval('.dg-snippet mark', (ms) => ms.map((m) => m.textContent + (m.nextSibling?.textContent || '').slice(0, 1)));
    assert.ok(marked.some((m) => /^모델[이을은는의과와로에도만]$/.test(m)), `marked: ${marked.join(', ')}`);

    // Adding the particle narrows to the documents that contain "모델을".
    await page.keyboard.type('을');
    const withParticle = cli(['query', '--q', '모델을', '--expand', '--limit', '20']);
    assert.ok(withParticle.total > 0 && withParticle.total < stem.total);
    await waitForTotal(page, withParticle.total);
    assert.deepEqual(await resultIds(page), withParticle.hits.map((h) => h.id));
    // The URL catches up once typing pauses (~300 ms), not after every keystroke.
    await page.waitForFunction(() => /q=모델을/.test(decodeURIComponent(location.hash)), null, { timeout: 5000 });
    // The count is announced once per change in the page's live region.
    assert.match(await page.textContent('#dg-announce'), new RegExp(String(withParticle.total)));

    // One result is "1 document" in the English UI, not "1 documents".
    await page.fill('#dg-search', 'Splatwalk');
    assert.equal(cli(['query', '--q', 'Splatwalk', '--expand', '--limit', '0']).total, 1);
    await waitForTotal(page, 1);
    assert.match(await page.textContent('#dg-status'), /^1 document · /);
    // Said once typing pauses (a burst's counts are not all queued).
    await page.waitForFunction(() => document.getElementById('dg-announce').textContent.replace(/\u00a0$/, '') === '1 document', null, { timeout: 5000 });
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
