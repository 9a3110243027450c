// Scenario: a reader uses only the keyboard: "/" focuses the search box, typing searches, Esc
// clears it, j/k move through the results, Enter opens the selected one, Esc goes back home and
// "?" opens the shortcut help (closed again with Esc). Esc on a page opened from a search goes back
// to that search's results, not to an empty home; Esc in the search box there only clears the box.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const selected = (page) => page.evaluate(() => document.querySelector('.dg-item-selected')?.dataset.dgId ?? null);

test('keyboard shortcuts drive the viewer', async () => {
  const first = cli(['list', '--limit', '3']);
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'dg-search');
    await page.keyboard.type('RLHF');
    const q = cli(['query', '--q', 'RLHF', '--expand', '--limit', '0']);
    await waitForTotal(page, q.total);
    await page.keyboard.press('Escape');
    assert.equal(await page.inputValue('#dg-search'), '');
    await waitForTotal(page, first.total);

    await page.click('.dg-status'); // leave the input without using a shortcut
    await page.keyboard.press('j');
    assert.equal(await selected(page), first.docs[0].id);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    assert.equal(await selected(page), first.docs[1].id);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`[data-dg-id="${first.docs[1].id}"].dg-doc, [data-dg-id="${first.docs[1].id}"].dg-digest`);

    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.body.dataset.dgView === 'home');
    await page.keyboard.press('?');
    assert.equal(await page.evaluate(() => document.getElementById('dg-help')?.open), true);
    assert.ok((await page.$$eval('#dg-help kbd', (k) => k.map((x) => x.textContent))).includes('/'));
    await page.keyboard.press('Escape');
    assert.equal(await page.evaluate(() => document.getElementById('dg-help')?.open), false);
    assert.equal(await page.evaluate(() => document.body.dataset.dgView), 'home');

    // From a search: open its first result with the keyboard, then Esc comes back to the search.
    await page.keyboard.press('/');
    await page.keyboard.type('RLHF');
    await waitForTotal(page, q.total);
    const rq = cli(['query', '--q', 'RLHF', '--expand', '--limit', '20']);
    await page.click('.dg-status');
    await page.keyboard.press('j');
    const pick = await selected(page);
    assert.ok(rq.ids.includes(pick), pick);
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.body.dataset.dgView === 'doc' && decodeURIComponent(location.hash) === `#/doc/${id}`, pick);
    const entries = await page.evaluate(() => history.length);
    // On the page the box still shows the search: "/" then Esc clears the box and the page stays.
    await page.keyboard.press('/');
    assert.equal(await page.inputValue('#dg-search'), 'RLHF');
    await page.keyboard.press('Escape');
    assert.equal(await page.inputValue('#dg-search'), '');
    await page.waitForTimeout(200);
    assert.equal(await page.evaluate(() => document.body.dataset.dgView), 'doc', 'clearing the box does not leave the page');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.body.dataset.dgView === 'home');
    await waitForTotal(page, q.total);
    assert.equal(await page.inputValue('#dg-search'), 'RLHF');
    assert.match(decodeURIComponent(new URL(page.url()).hash), /q=RLHF/);
    // Esc went back to the list's own entry (no new one), with focus on the result it opened.
    assert.equal(await page.evaluate(() => history.length), entries);
    await page.waitForFunction((id) => document.activeElement?.closest('.dg-item')?.dataset.dgId === id, pick);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('Esc on a page opened from a link (no search yet) goes to the home list', async () => {
  const first = cli(['list', '--limit', '1']);
  const v = await openViewer(browser, { path: `#/doc/${encodeURIComponent(first.docs[0].id)}` });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForFunction(() => document.body.dataset.dgView === 'doc');
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => document.body.dataset.dgView === 'home');
    await waitForTotal(page, first.total);
    // Focus comes along to the results (it was left on the page's removed heading: <body>).
    assert.equal(await page.evaluate(() => document.activeElement?.className), 'dg-results');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('↓ in the search box goes on to the first result, where j and k move instead of typing', async () => {
  // QA: after typing a search, j and k were letters of the search; reaching the results took Tab
  // through every control in between.
  const q = cli(['query', '--q', '모델', '--expand', '--limit', '20']);
  assert.ok(q.ids.length >= 3);
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await page.keyboard.press('/');
    await page.keyboard.type('모델');
    await waitForTotal(page, q.total);
    // While an input method composes a syllable, ↓ is the IME's: focus stays in the box.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.imeSetComposition', { text: '학', selectionStart: 1, selectionEnd: 1 });
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'dg-search', 'composing: the box keeps the focus');
    assert.equal(await selected(page), null);
    await cdp.send('Input.imeCommitComposition', { text: '' }).catch(() => cdp.send('Input.insertText', { text: '' }));
    await page.fill('#dg-search', '모델');
    await waitForTotal(page, q.total);
    await page.keyboard.press('Shift+ArrowDown');  // the box's own (selects to the end)
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'dg-search');
    assert.equal(await selected(page), null);
    await page.keyboard.press('ArrowDown');
    assert.equal(await selected(page), q.ids[0]);
    assert.equal(await page.evaluate(() => document.activeElement?.closest('.dg-item')?.dataset.dgId), q.ids[0], 'the first result has the focus');
    // ↑ on the first result goes back up to the box; ↓ comes down again.
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'dg-search');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('.dg-item')?.dataset.dgId), q.ids[0]);
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await page.keyboard.press('k');
    assert.equal(await selected(page), q.ids[1]);
    // ↑ elsewhere than on the first result is the page's own.
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement?.closest('.dg-item')?.dataset.dgId), q.ids[1]);
    assert.equal(await page.inputValue('#dg-search'), '모델', 'nothing was typed into the box');
    await page.keyboard.press('Enter');
    await page.waitForFunction((id) => document.body.dataset.dgView === 'doc' && decodeURIComponent(location.hash) === `#/doc/${id}`, q.ids[1]);

    // ↓ with a modifier, or in the box on another view, is the box's own (the caret).
    await page.keyboard.press('/');
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'dg-search');
    assert.equal(await page.evaluate(() => document.body.dataset.dgView), 'doc');
    await page.keyboard.press('?');  // typed into the box, not the help
    await page.keyboard.press('Escape');
    await page.click('.dg-nav a[data-dg-nav="home"]');
    await page.waitForFunction(() => document.body.dataset.dgView === 'home');
    await page.keyboard.press('?');
    assert.ok((await page.$$eval('#dg-help kbd', (k) => k.map((x) => x.textContent))).includes('↓'), 'the help lists ↓');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
