// Scenario: a reader types a long Korean query one character at a time with no pause between
// keys, on a CPU slowed down 6x so keystrokes arrive faster than results can be drawn. Whatever
// happens in between, the list that stays is the one `digest query` gives for the final text, no
// list for an older text is drawn once the final text is in the box, and nothing reaches the
// console. Then the same from a review page, where the first keystroke leaves the page for the
// home view and the next ones arrive before that navigation is handled: the search stays a fresh
// one (the filters the home view had before are not carried into it).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertQuietConsole, bundlePath, cli, launch, openViewer, ready, searchReady, resultIds, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A long query every term of which one review contains: its first distinct Hangul words. */
function longQuery() {
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  for (const r of bundle.reviews) {
    const words = [...new Set((r.markdown || '').match(/[가-힣]{2,}/g) || [])].slice(0, 5);
    const q = words.join(' ');
    if (words.length === 5 && q.length >= 15) return q;
  }
  throw new Error('no review with five Hangul words');
}

/**
 * Records every list the home view draws, with the search text at that moment: cards added or
 * removed, and cards rewritten in place for another document (their data-dg-id changes).
 */
function recordDraws(page) {
  return page.evaluate(() => {
    window.__dgDraws = [];
    const list = document.getElementById('dg-list');
    new MutationObserver(() => {
      window.__dgDraws.push({ q: document.getElementById('dg-search').value, ids: [...list.querySelectorAll('.dg-item')].map((i) => i.dataset.dgId) });
    }).observe(list, { childList: true, subtree: true, attributes: true, attributeFilter: ['data-dg-id'] });
  });
}

/** Lets every scheduled frame run, then the result must still be the final one. */
async function settle(page) {
  for (let i = 0; i < 3; ++i) await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
}

test('typing a long Korean query without pauses shows only its results', async () => {
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await searchReady(page);
    const all = cli(['list', '--limit', '0']).total;
    await waitForTotal(page, all);
    const cdp = await v.context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });

    const q = longQuery();
    const want = cli(['query', '--q', q, '--expand', '--limit', '20']);
    assert.ok(want.total > 0 && want.total < all, `"${q}" narrows the collection`);
    // Some prefix of the query matches more documents: the list really changes while typing.
    const prefix = cli(['query', '--q', q.split(' ')[0], '--expand', '--limit', '20']);
    assert.ok(prefix.total > want.total, 'the first word alone matches more');

    await recordDraws(page);
    await page.focus('#dg-search');
    await page.keyboard.type(q); // no delay between characters
    assert.equal(await page.inputValue('#dg-search'), q);
    await waitForTotal(page, want.total);
    await settle(page);
    const draws = await page.evaluate(() => window.__dgDraws);
    assert.deepEqual(await resultIds(page), want.hits.map((h) => h.id), `draws: ${JSON.stringify(draws.map((d) => [d.q, d.ids.length]))}`);
    await page.waitForFunction((w) => new URLSearchParams(location.hash.split('?')[1]).get('q') === w, q, { timeout: 5000 });
    assert.ok(draws.length >= 2, `the list was redrawn while typing (${draws.length} draws)`);
    const afterFinal = draws.filter((d) => d.q === q);
    assert.ok(afterFinal.length >= 1);
    for (const d of afterFinal) assert.deepEqual(d.ids, want.hits.map((h) => h.id), 'no older list drawn once the final text was typed');

    // From a review page, with a tag filter left on the home view before.
    const word = q.split(' ').slice(0, 2).join(' ');
    const fresh = cli(['query', '--q', word, '--expand', '--limit', '20']);
    // A tag that would visibly narrow the new search if it were (wrongly) kept.
    const tag = want.hits[0].tags.find((t) => cli(['query', '--q', word, '--tag', t, '--expand', '--limit', '0']).total < fresh.total);
    assert.ok(tag, 'the first hit has a tag that narrows the new search');
    await page.evaluate((t) => { location.hash = `#/?tag=${encodeURIComponent(t)}`; }, tag);
    await waitForTotal(page, cli(['query', '--tag', tag, '--expand', '--limit', '20']).total);
    await page.evaluate((id) => { location.hash = `#/doc/${encodeURIComponent(id)}`; }, want.hits[0].id);
    await page.waitForSelector(`.dg-doc[data-dg-id="${want.hits[0].id}"]`);
    await page.fill('#dg-search', '');
    await page.focus('#dg-search');
    await page.keyboard.type(word);
    await page.waitForFunction((w) => new URLSearchParams(location.hash.split('?')[1]).get('q') === w, word);
    await settle(page);
    const params = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    assert.deepEqual(params.getAll('tag'), [], 'the old tag filter is not carried into the new search');
    await waitForTotal(page, fresh.total);
    assert.equal(await page.evaluate(() => document.body.dataset.dgView), 'home');
    assert.deepEqual(await resultIds(page), fresh.hits.map((h) => h.id));
    assert.equal(await page.$$eval('.dg-chip', (cs) => cs.length), 0);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('a late hashchange for an older search does not put its text back over what was typed since', async () => {
  // On a review page, three inputs in one task: the first pushes #/?q= (its hashchange is handled
  // only after this task), the second is typed before that and replaces the URL with its text, the
  // third is newer than any URL. The late hashchange then finds a URL the page already shows: the
  // box must keep the last text, and the list must be its results.
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await searchReady(page);
    const first = cli(['list', '--limit', '1']).docs[0];
    await page.evaluate((id) => { location.hash = `#/doc/${encodeURIComponent(id)}`; }, first.id);
    await page.waitForSelector(`.dg-doc[data-dg-id="${first.id}"]`);
    const q = longQuery().split(' ').slice(0, 2).join(' ');
    const want = cli(['query', '--q', q, '--expand', '--limit', '20']);
    await page.evaluate((text) => {
      const box = document.getElementById('dg-search');
      for (const value of ['', text.slice(0, 1), text]) {
        box.value = value;
        box.dispatchEvent(new Event('input', { bubbles: true }));
      }
    }, q);
    await waitForTotal(page, want.total);
    await settle(page);
    assert.equal(await page.inputValue('#dg-search'), q);
    assert.deepEqual(await resultIds(page), want.hits.map((h) => h.id));
    // The URL catches up once typing pauses, with the last text.
    await page.waitForFunction((w) => new URLSearchParams(location.hash.split('?')[1]).get('q') === w, q, { timeout: 5000 });
    assert.equal(await page.inputValue('#dg-search'), q);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
