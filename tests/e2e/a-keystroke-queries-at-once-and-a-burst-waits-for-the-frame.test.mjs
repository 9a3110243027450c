// Scenario: a reader types into the search box. The first keystroke since the last frame queries
// in its own event task, so its results are in the page before that frame is drawn (the query
// overlaps the wait for the frame); keystrokes that follow before the frame are folded into one
// query on the frame, with the latest text, and the page ends on that text's results. The
// keystroke's task asks the core for the first results alone: the rest of the page stays the
// previous answer's (the page does not jump) until the second step brings this answer's.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, searchReady, resultIds, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a keystroke queries at once, and a burst of keystrokes waits for the next frame', async () => {
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await searchReady(page);
    await waitForTotal(page, cli(['list', '--limit', '0']).total);
    const first = cli(['query', '--q', '모델', '--expand', '--limit', '20']);
    const last = cli(['query', '--q', '모델을', '--expand', '--limit', '20']);
    assert.notDeepEqual(first.ids.slice(0, 5), last.ids.slice(0, 5), 'the two queries lead with different results');

    // Wait for a frame first, so the keystroke below is the first since the last frame.
    const seen = await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => {
      const all = () => [...document.querySelectorAll('.dg-list .dg-item')].map((i) => i.dataset.dgId);
      const ids = () => all().slice(0, 5);
      const before = all();
      const input = document.getElementById('dg-search');
      input.focus();
      input.value = '모델';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: '델' }));
      const afterFirst = ids();
      const afterFirstAll = all();
      input.value = '모델을';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: '을' }));
      const afterSecond = ids();
      requestAnimationFrame(() => setTimeout(() => resolve({ before, afterFirst, afterFirstAll, afterSecond, afterFrame: ids() }), 0));
    }, 0))));
    assert.deepEqual(seen.afterFirst, first.ids.slice(0, 5), 'the first keystroke drew its results in its own task');
    assert.equal(seen.before.length, 20, 'a full page was on screen before typing');
    assert.deepEqual(seen.afterFirstAll.slice(5), seen.before.slice(5), 'the results after the first five waited for the second step');
    assert.deepEqual(seen.afterSecond, first.ids.slice(0, 5), 'the second keystroke before the frame did not query in its task');
    assert.deepEqual(seen.afterFrame, last.ids.slice(0, 5), 'the frame drew the latest text\'s results');

    await waitForTotal(page, last.total);
    assert.deepEqual(await resultIds(page), last.ids);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
