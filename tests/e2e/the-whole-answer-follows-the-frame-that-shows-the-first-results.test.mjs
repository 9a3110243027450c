// Scenario: a reader types into the search box. The keystroke's frame shows the count and the
// first results; the rest of the answer (the other results of the page, the facets, the chart)
// is drawn in the first task after that frame, so it is on screen by the next frame, not whenever
// the browser next finds itself idle. The same holds when the first step ran inside a frame (a
// second keystroke before the frame, folded into it): the rest follows that frame.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, resultIds, waitForTotal } from './browser.mjs';

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
      facets: document.querySelectorAll('.dg-facet-item').length,
    });
    // The frame that paints the first step (N), then the next one (N+1): look in N+1's callbacks.
    requestAnimationFrame(() => requestAnimationFrame(() => resolve({ inTask, next: look() })));
  }, 0));
}), texts);

test('the whole answer is drawn in the task after the frame that shows the first results', async () => {
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, cli(['list', '--limit', '0']).total);

    // One keystroke: its first step runs in its own task, before any frame.
    const one = cli(['query', '--q', '모델', '--expand', '--limit', '20']);
    assert.ok(one.total > 5 && one.total !== cli(['list', '--limit', '0']).total);
    const a = await typeAndLookTwoFramesOn(page, ['모델']);
    assert.equal(a.inTask, undefined, 'the keystroke\'s own task drew the first step alone');
    assert.equal(a.next.total, String(one.total), 'the whole answer was drawn before the next frame');
    assert.deepEqual(a.next.ids, one.ids);
    assert.ok(a.next.facets > 0, 'the facets are drawn');

    // Two keystrokes in one task: the second is answered in the next frame's callbacks, and the
    // rest of its answer follows that frame.
    const two = cli(['query', '--q', '학습', '--expand', '--limit', '20']);
    assert.ok(two.total > 5);
    const b = await typeAndLookTwoFramesOn(page, ['학', '학습']);
    assert.equal(b.next.total, String(two.total), 'the folded keystroke\'s whole answer followed its frame');
    assert.deepEqual(b.next.ids, two.ids);

    await waitForTotal(page, two.total);
    assert.deepEqual(await resultIds(page), two.ids);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
