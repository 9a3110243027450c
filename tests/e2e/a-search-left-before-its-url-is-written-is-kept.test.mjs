// Scenario (found by QA): typing writes the URL only once it pauses (300 ms), as each rewrite
// costs the page a style recalculation. A reader who reloads, or goes Back, sooner left an entry
// whose URL still held an older search: the reload showed the older search with the box emptied,
// and Forward came back to it. The entry's search is noted as it is left (sessionStorage, with its
// position), and the URL catches up on return.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, resultIds, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const typeAndLeave = async (page, text, leave) => {
  await page.focus('#dg-search');
  await page.keyboard.type(text);
  const hash = await page.evaluate(() => location.hash);
  await leave();
  return hash;
};

test('a reload, or Back and Forward, right after typing keep what was typed', async () => {
  const v = await openViewer(browser, { path: '#/digests' });
  try {
    const { page } = v;
    await ready(page);
    await page.evaluate(() => { location.hash = '#/'; });
    await waitForTotal(page, cli(['list', '--limit', '0']).total);

    // A reload within the pause.
    const want = cli(['query', '--q', '모델', '--expand', '--limit', '20']);
    const before = await typeAndLeave(page, '모델', () => page.reload());
    assert.ok(!decodeURIComponent(before).includes('모델'), `left before the URL was written (${before})`);
    await ready(page);
    await waitForTotal(page, want.total);
    assert.equal(await page.inputValue('#dg-search'), '모델');
    assert.deepEqual(await resultIds(page), want.ids);
    assert.ok(decodeURIComponent(await page.evaluate(() => location.hash)).includes('q=모델'), 'the URL says it too');

    // Back within the pause, then Forward: the search typed is the one shown.
    const next = cli(['query', '--q', '모델을', '--expand', '--limit', '20']);
    const left = await typeAndLeave(page, '을', () => page.goBack());
    assert.ok(!decodeURIComponent(left).includes('모델을'), `left before the URL was written (${left})`);
    await page.waitForFunction(() => document.body.dataset.dgView === 'digests');
    await page.goForward();
    await waitForTotal(page, next.total);
    assert.equal(await page.inputValue('#dg-search'), '모델을');
    assert.deepEqual(await resultIds(page), next.ids);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
