// Scenario: a reader types into the search box. The keystroke's frame shows the count and the
// first results; the rest of the answer the reader can see (the facets, the chart) is drawn in the
// first task after that frame, so it is on screen by the next frame, not whenever the browser next
// finds itself idle. The results past the fifth, below the window, follow once typing pauses
// (a-keystrokes-results-below-the-window-wait-for-a-pause.test.mjs). The same holds when the
// first step ran inside a frame (a second keystroke before the frame, folded into it).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, searchReady, resultIds, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// In the page: after a frame, types `texts` as input events in one task, then reports what the
// page shows in the callbacks of the frame after the one that paints the first results.
const typeAndLookTwoFramesOn = (page, texts) => page.evaluate((texts) => new Promise((resolve) => {
  requestAnimationFrame(() => setTimeout(() => {
    const input = document.getElementById('dg-search');
    input.focus();
    for (const text of texts) {
      input.value = text;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text.slice(-1) }));
    }
    const status = document.getElementById('dg-status');
    const inTask = status.dataset.dgTotal;
    const look = () => ({
      total: status.dataset.dgTotal,
      ids: [...document.querySelectorAll('.dg-list .dg-item')].map((i) => i.dataset.dgId),
      facets: [...document.querySelectorAll('.dg-facet-item')].map((i) => i.textContent),
    });
    // The frame that paints the first step (N), then the next one (N+1): look in N+1's callbacks.
    requestAnimationFrame(() => requestAnimationFrame(() => resolve({ inTask, next: look() })));
  }, 0));
}), texts);

test('the facets and the chart are drawn in the task after the frame that shows the first results', async () => {
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await searchReady(page);
    const all = cli(['list', '--limit', '0']);
    await waitForTotal(page, all.total);
    const facetsBefore = await page.$$eval('.dg-facet-item', (items) => items.map((i) => i.textContent));

    // One keystroke: its first step runs in its own task, before any frame.
    const one = cli(['query', '--q', '모델', '--expand', '--limit', '20']);
    assert.ok(one.total > 5 && one.total !== all.total);
    const a = await typeAndLookTwoFramesOn(page, ['모델']);
    assert.equal(a.inTask, undefined, 'the keystroke\'s own task drew the first step alone');
    assert.deepEqual(a.next.ids, one.ids.slice(0, 5), 'the first five results, and none of the older answer past them');
    assert.ok(a.next.facets.length > 0, 'the facets are drawn');
    assert.notDeepEqual(a.next.facets, facetsBefore, 'the facets are this answer\'s');
    assert.equal(a.next.total, undefined, 'the results past the fifth wait for a pause');
    await waitForTotal(page, one.total);
    assert.deepEqual(await resultIds(page), one.ids);

    // Two keystrokes in one task: the second is answered in the next frame's callbacks, and the
    // rest of its answer follows that frame.
    const two = cli(['query', '--q', '학습', '--expand', '--limit', '20']);
    assert.ok(two.total > 5);
    const facetsOfOne = await page.$$eval('.dg-facet-item', (items) => items.map((i) => i.textContent));
    const b = await typeAndLookTwoFramesOn(page, ['학', '학습']);
    assert.deepEqual(b.next.ids, two.ids.slice(0, 5), 'the folded keystroke\'s first results');
    assert.notDeepEqual(b.next.facets, facetsOfOne, 'the folded keystroke\'s facets followed its frame');

    await waitForTotal(page, two.total);
    assert.deepEqual(await resultIds(page), two.ids);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
