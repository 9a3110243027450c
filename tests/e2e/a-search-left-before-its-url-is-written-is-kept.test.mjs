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

// The home list, reached from the digests page (so Back has an entry to go to).
const openHomeAfterDigests = async () => {
  const v = await openViewer(browser, { path: '#/digests' });
  try {
    await ready(v.page);
    await v.page.evaluate(() => { location.hash = '#/'; });
    await waitForTotal(v.page, cli(['list', '--limit', '0']).total);
    return v;
  } catch (e) {
    await v.close();
    throw e;
  }
};

test('a reload, or Back and Forward, right after typing keep what was typed', async () => {
  const v = await openHomeAfterDigests();
  try {
    const { page } = v;

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

test('text typed while the page reloads wins over the search noted before, and a noted search is used once', async () => {
  const v = await openHomeAfterDigests();
  try {
    const { page } = v;

    // Typed, reloaded within the pause (the entry notes 모델), and 학습 typed while the bundle loads.
    await typeAndLeave(page, '모델', async () => {
      let release;
      const gate = new Promise((r) => { release = r; });
      await page.route('**/bundle.json', async (route) => { await gate; await route.continue(); });
      await page.reload({ waitUntil: 'domcontentloaded' });
      await page.fill('#dg-search', '학습');
      release();
    });
    const typed = cli(['query', '--q', '학습', '--expand', '--limit', '20']);
    await ready(page);
    await waitForTotal(page, typed.total);
    assert.equal(await page.inputValue('#dg-search'), '학습');
    assert.deepEqual(await resultIds(page), typed.ids);
    await page.unroute('**/bundle.json');

    // Back within the pause notes 학습 을; Forward puts it back; then typing on is written to the URL.
    await typeAndLeave(page, '을', () => page.goBack());
    await page.waitForFunction(() => document.body.dataset.dgView === 'digests');
    await page.goForward();
    await waitForTotal(page, cli(['query', '--q', '학습을', '--expand', '--limit', '0']).total);
    await page.focus('#dg-search');
    await page.keyboard.press('End');
    await page.keyboard.type(' 모델');
    await page.waitForFunction(() => decodeURIComponent(location.hash).includes('학습을 모델') || decodeURIComponent(location.hash).includes('학습을+모델'));
    // A load of this entry that no pagehide prepared (a duplicated or discarded tab: the record as
    // it was) shows the URL's search, not the one noted before.
    await page.evaluate(() => {
      const set = Storage.prototype.setItem;
      Storage.prototype.setItem = function (k, val) { if (k !== 'dg.entries') set.call(this, k, val); };
    });
    await page.reload();
    await ready(page);
    const last = cli(['query', '--q', '학습을 모델', '--expand', '--limit', '20']);
    await waitForTotal(page, last.total);
    assert.equal(await page.inputValue('#dg-search'), '학습을 모델');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
