// Scenario: a reader acts again before the page has drawn the whole answer to what they just did
// (the facets, the results past the first and the focus come a frame after the count). Nothing
// they do in that moment is lost or undone by the answer arriving late:
// - a second facet click adds to the first instead of replacing it;
// - a second chip removed takes its filter away without bringing back the first one's;
// - "more" pressed right after a keystroke moves focus to the first result it brings;
// - a keystroke right after Back keeps the search box's focus and text; the answer for the entry
//   Back returned to does not pull focus onto the result opened before.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, resultIds, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const tagButton = (name) => `.dg-facet[data-dg-facet="tags"] .dg-facet-item[data-dg-value="${name}"]`;
const chips = (page) => page.$$eval('.dg-chip', (cs) => cs.map((c) => c.dataset.dgChip));

test('two facet clicks in a row both apply', async () => {
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, cli(['list', '--limit', '0']).total);
    const both = cli(['query', '--tag', 'Review', '--tag', 'Large Language Models', '--sort', 'date', '--limit', '20']);
    assert.ok(both.total > 0 && both.total < cli(['query', '--tag', 'Review', '--limit', '0']).total);
    // Both clicks in one task: the second comes before the first one's answer is drawn.
    await page.evaluate(([a, b]) => { document.querySelector(a).click(); document.querySelector(b).click(); },
      [tagButton('Review'), tagButton('Large Language Models')]);
    await waitForTotal(page, both.total);
    assert.deepEqual(await chips(page), ['tag:Review', 'tag:Large Language Models', 'clear']);
    assert.deepEqual(await resultIds(page), both.ids);
    // A second click on a tag before the first one's answer is drawn takes it off again.
    const other = await page.$$eval('.dg-facet[data-dg-facet="tags"] .dg-facet-item', (bs) => bs.map((b) => b.dataset.dgValue)
      .find((x) => x !== 'Review' && x !== 'Large Language Models'));
    await page.evaluate(([a]) => { document.querySelector(a).click(); document.querySelector(a).click(); }, [tagButton(other)]);
    await page.waitForTimeout(300);
    await waitForTotal(page, both.total);
    assert.deepEqual(await chips(page), ['tag:Review', 'tag:Large Language Models', 'clear'], `${other} on and off again`);
    assert.deepEqual(await page.evaluate(() => new URLSearchParams(location.hash.split('?')[1]).getAll('tag')),
      ['Review', 'Large Language Models'], 'nor is it in the URL');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('two chips removed in a row both go', async () => {
  const v = await openViewer(browser, { path: '#/?tag=Review&tag=Large+Language+Models&kind=review' });
  try {
    const { page } = v;
    await ready(page);
    const start = cli(['query', '--tag', 'Review', '--tag', 'Large Language Models', '--kind', 'review', '--sort', 'date', '--limit', '20']);
    await waitForTotal(page, start.total);
    assert.deepEqual(await chips(page), ['tag:Review', 'tag:Large Language Models', 'kind', 'clear']);
    // Both removals in one task: the second comes before the first one's answer is drawn.
    await page.evaluate(() => {
      document.querySelector('.dg-chip[data-dg-chip="tag:Review"]').click();
      document.querySelector('.dg-chip[data-dg-chip="tag:Large Language Models"]').click();
    });
    const left = cli(['query', '--kind', 'review', '--sort', 'date', '--limit', '20']);
    await waitForTotal(page, left.total);
    assert.deepEqual(await chips(page), ['kind']);
    assert.deepEqual(await page.evaluate(() => new URLSearchParams(location.hash.split('?')[1]).getAll('tag')), []);
    assert.deepEqual(await resultIds(page), left.ids);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('"more" pressed right after a keystroke focuses the first result it brings', async () => {
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    const few = cli(['query', '--q', 'agent', '--expand', '--limit', '20']);
    const many = cli(['query', '--q', 'model', '--expand', '--limit', '40']);
    assert.ok(few.total < 20 && many.total > 20, 'a short answer on screen, then one with more than a page');
    await page.fill('#dg-search', 'agent');
    await waitForTotal(page, few.total);
    // The keystroke and "more" in one task: the list still holds the short answer.
    await page.evaluate(() => {
      const input = document.getElementById('dg-search');
      input.value = 'model';
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: 'l' }));
      const more = document.querySelector('.dg-more');
      more.focus();  // as a click or Enter on it leaves it
      more.click();
    });
    await waitForTotal(page, many.total);
    await page.waitForFunction((n) => document.querySelectorAll('.dg-list .dg-item').length === n, many.ids.length);
    assert.deepEqual(await resultIds(page), many.ids);
    await page.waitForFunction(() => document.activeElement?.closest('.dg-item'));
    assert.equal(await page.evaluate(() => document.activeElement.closest('.dg-item').dataset.dgIndex), '20',
      'focus is on the 21st result, the first that "more" brought');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('typing right after Back stays in the search box', async () => {
  const v = await openViewer(browser, { viewport: { width: 390, height: 700 } });
  try {
    const { page } = v;
    await ready(page);
    const model = cli(['query', '--q', 'model', '--expand', '--limit', '20']);
    await page.fill('#dg-search', 'model');
    await waitForTotal(page, model.total);
    const pick = model.ids[12];
    await page.$eval(`.dg-item[data-dg-id="${pick}"]`, (n) => n.scrollIntoView({ block: 'center' }));
    await page.click(`.dg-item[data-dg-id="${pick}"] .dg-item-link`);
    await page.waitForFunction((id) => document.querySelector('.dg-doc')?.dataset.dgId === id, pick);
    await page.focus('#dg-search');
    // Back, and a keystroke in the first task after the view changes: before the answer for the
    // entry Back returned to is drawn whole.
    await page.evaluate(() => new Promise((resolve) => {
      addEventListener('hashchange', () => setTimeout(() => {
        const input = document.getElementById('dg-search');
        input.value = 'mode';
        input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'deleteContentBackward' }));
        resolve();
      }, 0), { once: true });
      history.back();
    }));
    await waitForTotal(page, cli(['query', '--q', 'mode', '--expand', '--limit', '0']).total);
    await page.waitForTimeout(100);  // a few frames: anything late would have moved the focus by now
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'dg-search', 'the search box keeps the focus');
    await page.keyboard.type('l x');
    assert.equal(await page.inputValue('#dg-search'), 'model x', 'the keys typed went on into the box');
    const typed = cli(['query', '--q', 'model x', '--expand', '--limit', '20']);
    await waitForTotal(page, typed.total);
    assert.deepEqual(await resultIds(page), typed.ids);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
