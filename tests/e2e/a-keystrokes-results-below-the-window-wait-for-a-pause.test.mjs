// Scenario: a reader types into the search box. The results past the fifth of a keystroke's
// answer are below the window: they are drawn once typing pauses, or at once when the reader
// reaches for them (a scroll, a press, a key that is not typing into the box), before what that
// scroll, press or key does. Until then the list holds this answer's first five and nothing of the
// older answer, says it is busy, and offers no "more" to press. When the fifth card ends on
// screen (a tall window), nothing waits.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertQuietConsole, bundlePath, cli, distWithBundle, launch, openViewer, ready, searchReady, resultIds, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// In the page: after a frame, types `text` as one input event, waits for the frame after the one
// that paints the first results, and reports the list; then does `reach` (one of REACHES) in that
// same task, and reports the list again.
const typeThenReach = (page, text, reach) => page.evaluate(({ text, reach }) => new Promise((resolve) => {
  const look = () => ({
    ids: [...document.querySelectorAll('.dg-list .dg-item')].map((i) => i.dataset.dgId),
    total: document.getElementById('dg-status').dataset.dgTotal,
    busy: document.getElementById('dg-list').getAttribute('aria-busy'),
    moreHidden: document.querySelector('.dg-more').hidden,
    facets: document.querySelectorAll('.dg-facet-item').length,
    selected: [...document.querySelectorAll('.dg-list .dg-item')].findIndex((i) => i.classList.contains('dg-item-selected')),
  });
  requestAnimationFrame(() => setTimeout(() => {
    const input = document.getElementById('dg-search');
    input.focus();
    input.value = text;
    input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text.slice(-1) }));
    requestAnimationFrame(() => requestAnimationFrame(() => {
      const waiting = look();
      const key = (target, k) => target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, ctrlKey: k === 'a' }));
      if (reach === 'type') for (const k of ['x', 'Backspace', 'ArrowLeft', 'a']) key(input, k);
      else if (reach === 'scroll') window.dispatchEvent(new Event('scroll'));
      else if (reach === 'wheel') document.body.dispatchEvent(new WheelEvent('wheel', { bubbles: true, deltaY: 100 }));
      else if (reach === 'press') document.getElementById('dg-status').dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
      else if (reach === 'tab') key(input, 'Tab');
      else if (reach === 'resize') window.dispatchEvent(new Event('resize'));
      else if (reach === 'j') { input.blur(); key(document.body, 'j'); }
      resolve({ waiting, reached: look() });
    }));
  }, 0));
}), { text, reach });

test('a keystroke\'s results past the fifth wait for a pause, or for the reader to reach for them', async () => {
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await searchReady(page);
    await waitForTotal(page, cli(['list', '--limit', '0']).total);
    const answer = (q) => cli(['query', '--q', q, '--expand', '--limit', '20']);

    // Typing on: a character, a deletion, a caret move, Ctrl+A in the box draw nothing more. Then
    // the pause draws the rest.
    const a = answer('모델');
    assert.ok(a.total > 20, 'a query with more than a page of results');
    const typed = await typeThenReach(page, '모델', 'type');
    for (const seen of [typed.waiting, typed.reached]) {
      assert.deepEqual(seen.ids, a.ids.slice(0, 5), 'the first five, and no card of the older answer');
      assert.equal(seen.total, undefined, 'not the whole answer yet');
      assert.equal(seen.busy, 'true', 'the list says it is busy');
      assert.equal(seen.moreHidden, true, 'no "more" below cards still coming');
      assert.ok(seen.facets > 0, 'the facets are drawn');
    }
    await waitForTotal(page, a.total);
    assert.deepEqual(await resultIds(page), a.ids, 'the pause drew the rest');
    assert.equal(await page.getAttribute('#dg-list', 'aria-busy'), 'false');
    assert.equal(await page.$eval('.dg-more', (b) => b.hidden), false, '"more" is offered again');

    // Reaching for them: each of these draws the whole page before it acts.
    const reaches = { 'a scroll': 'scroll', 'a wheel': 'wheel', 'a press': 'press', 'Tab in the box': 'tab', 'a resized window': 'resize' };
    const queries = ['학습', '모델을', '데이터', '성능', '방법'];
    let k = 0;
    for (const [name, reach] of Object.entries(reaches)) {
      const q = queries[k++];
      const want = answer(q);
      assert.ok(want.total > 5, q);
      const seen = await typeThenReach(page, q, reach);
      assert.deepEqual(seen.waiting.ids, want.ids.slice(0, 5), `${name}: waiting for it`);
      assert.deepEqual(seen.reached.ids, want.ids, `${name}: the rest drawn at once`);
      assert.equal(seen.reached.total, String(want.total), `${name}: the whole answer`);
      assert.equal(seen.reached.busy, 'false', name);
    }

    // j, with the focus out of the box: the rest is drawn first, then the first result is selected.
    const j = answer('언어');
    const seenJ = await typeThenReach(page, '언어', 'j');
    assert.deepEqual(seenJ.waiting.ids, j.ids.slice(0, 5));
    assert.deepEqual(seenJ.reached.ids, j.ids, 'j drew the rest');
    assert.equal(seenJ.reached.selected, 0, 'and selected the first result');

    // A newer keystroke drops what an older one left waiting: only its own answer is drawn.
    const last = answer('추론');
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => {
      const input = document.getElementById('dg-search');
      input.focus();
      input.value = '학습';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: '습' }));
      requestAnimationFrame(() => requestAnimationFrame(() => {
        input.value = '추론';
        input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: '론' }));
        resolve();
      }));
    }, 0))));
    await waitForTotal(page, last.total);
    assert.deepEqual(await resultIds(page), last.ids);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('when the fifth result ends on screen, a keystroke\'s whole answer is drawn at once', async () => {
  const v = await openViewer(browser, { viewport: { width: 1280, height: 4000 } });
  try {
    const { page } = v;
    await ready(page);
    await searchReady(page);
    await waitForTotal(page, cli(['list', '--limit', '0']).total);
    const a = cli(['query', '--q', '모델', '--expand', '--limit', '20']);
    const seen = await typeThenReach(page, '모델', 'none');
    assert.deepEqual(seen.waiting.ids, a.ids);
    assert.equal(seen.waiting.total, String(a.total));
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('a chart the answer hides is gone before the list\'s place decides what waits', async () => {
  // Ten reviews of one month: their answers hide the per-month chart. With the window's bottom
  // just under where the fifth card ends without the chart, a keystroke's whole answer is on
  // screen: none of it may wait (the first step showed the older answer's chart, the list sat
  // lower, and the results past the fifth waited over a gap under the fifth card).
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const base = bundle.reviews[0];
  for (let i = 0; i < 10; ++i) {
    const date = `2023-06-${String(10 + i).padStart(2, '0')}`;
    bundle.reviews.push({
      ...base, id: `ai/review/${date}-Zorblat-${i}`, title: `[논문리뷰] Zorblat study number ${i}`,
      display_title: `Zorblat study number ${i}`, date, datetime: `${date}T00:00:00+09:00`, updated: date,
      arxiv: `2306.0000${i}`, prev: undefined, next: undefined,
    });
  }
  const v = await openViewer(browser, { dir: distWithBundle('one-month', JSON.stringify(bundle)) });
  try {
    const { page } = v;
    await ready(page);
    await searchReady(page);
    await page.waitForFunction(() => document.getElementById('dg-status').dataset.dgTotal);
    await page.fill('#dg-search', 'zorb');
    await waitForTotal(page, 10);
    assert.equal(await page.$eval('.dg-chart', (c) => c.hidden), true, 'one month: no chart');
    const bottom = await page.$eval('.dg-list', (l) => l.children[4].getBoundingClientRect().bottom + window.scrollY);
    await page.setViewportSize({ width: 1280, height: Math.ceil(bottom) + 20 });
    const seen = await typeThenReach(page, 'zorbl', 'none');
    assert.equal(seen.waiting.ids.length, 10, 'the whole answer is drawn after the frame');
    assert.equal(seen.waiting.total, '10');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
