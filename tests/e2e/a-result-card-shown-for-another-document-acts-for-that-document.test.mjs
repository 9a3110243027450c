// Scenario: a reader searches, and the first result card now shows another document than before
// (the viewer rewrites cards in place rather than replacing them). Everything on that card is the
// new document's: its title, link, date, tags, marks; its star bookmarks the new document, and its
// tag adds the new document's tag as a filter, with the counts `digest query` gives.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, searchReady, resultIds, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a result card shown for another document acts for that document', async () => {
  const all = cli(['list', '--limit', '20']);
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await searchReady(page);
    await waitForTotal(page, all.total);
    // A search whose first hit is neither the first document of the list nor carries its tags.
    const words = ['모델', 'model', '학습', 'agent', '데이터', 'diffusion'];
    const q = words.find((w) => {
      const r = cli(['query', '--q', w, '--expand', '--limit', '20']);
      return r.total > 1 && r.hits[0].id !== all.docs[0].id && r.hits[0].tags.some((t) => !all.docs[0].tags.includes(t));
    });
    assert.ok(q, 'a search leads with another document');
    const want = cli(['query', '--q', q, '--expand', '--limit', '20']);
    const hit = want.hits[0];

    await page.evaluate(() => { window.__firstCard = document.querySelector('.dg-list .dg-item'); });
    await page.fill('#dg-search', q);
    await waitForTotal(page, want.total);
    assert.deepEqual(await resultIds(page), want.ids);
    const card = '.dg-list .dg-item:first-child';
    const shown = await page.$eval(card, (c) => ({
      sameNode: c === window.__firstCard,
      title: c.querySelector('.dg-item-link').textContent,
      href: c.querySelector('.dg-item-link').getAttribute('href'),
      date: c.querySelector('.dg-item-date').textContent,
      meta: [...c.querySelector('.dg-item-meta').childNodes].map((n) => n.textContent),
      tags: [...c.querySelectorAll('.dg-tag')].map((b) => b.textContent),
      pressed: c.querySelector('.dg-bookmark').getAttribute('aria-pressed'),
      label: c.querySelector('.dg-bookmark').getAttribute('aria-label'),
      index: c.dataset.dgIndex,
    }));
    assert.ok(shown.sameNode, 'the card was rewritten in place');
    assert.equal(shown.title, hit.title);
    assert.equal(shown.href, `#/doc/${encodeURIComponent(hit.id)}`);
    assert.equal(shown.date, hit.date);
    // The meta line holds the hit's fields and nothing else (no text for the fields it lacks).
    const kindLabel = { review: 'Review', paper: 'Paper' }[hit.kind] || hit.kind;  // the page's English UI
    const meta = [hit.date, kindLabel, ...(hit.institution ? [hit.institution] : []), ...(hit.upvotes >= 0 ? [`⬆️ ${hit.upvotes}`] : [])];
    assert.deepEqual(shown.meta.slice(0, meta.length), meta, JSON.stringify(shown.meta));
    assert.ok(shown.meta.every((x) => x && !/null|undefined/.test(x)), JSON.stringify(shown.meta));
    assert.deepEqual(shown.tags, hit.tags);
    assert.equal(shown.pressed, 'false');
    assert.match(shown.label, new RegExp(hit.title.slice(0, 10).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.equal(shown.index, '0');

    // The star bookmarks the document the card shows now.
    await page.click(`${card} .dg-bookmark`);
    assert.equal(await page.getAttribute(`${card} .dg-bookmark`, 'aria-pressed'), 'true');
    const stored = await page.evaluate(() => Object.entries(localStorage).filter(([k]) => k.includes('bookmarks')).map(([, v]) => JSON.parse(v)).flat());
    assert.deepEqual(stored, [hit.id]);

    // Its tag (one the old first card did not carry) filters by that tag.
    const tag = hit.tags.find((t) => !all.docs[0].tags.includes(t));
    const filtered = cli(['query', '--q', q, '--expand', '--tag', tag, '--limit', '20']);
    await page.click(`${card} .dg-tag:text-is("${tag}")`);
    await waitForTotal(page, filtered.total);
    assert.deepEqual(await resultIds(page), filtered.ids);
    const chips = await page.$$eval('.dg-chip', (cs) => cs.map((c) => c.dataset.dgChip));
    assert.equal(chips.length, 1);
    assert.equal(chips[0].toLowerCase(), `tag:${tag}`.toLowerCase(), 'the tag is the one active filter');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('Enter on a card\'s tag leaves no focused button acting for another document', async () => {
  const all = cli(['list', '--limit', '20']);
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await searchReady(page);
    await waitForTotal(page, all.total);
    // A card on screen whose tag, as a filter, puts another document at its position.
    let pick = null;
    for (let i = 0; i < 5 && !pick; ++i) {
      for (const tag of all.docs[i].tags) {
        const r = cli(['query', '--tag', tag, '--expand', '--limit', '20']);
        if (r.ids[i] !== all.docs[i].id) { pick = { i, tag, r }; break; }
      }
    }
    assert.ok(pick, 'a tag filter moves a card on screen');
    const { i, tag, r } = pick;
    await page.focus(`.dg-list .dg-item:nth-child(${i + 1}) .dg-tag:text-is("${tag}")`);
    await page.keyboard.press('Enter');
    await waitForTotal(page, r.total);
    assert.deepEqual(await resultIds(page), r.ids);
    const focused = await page.evaluate(() => {
      const a = document.activeElement;
      const card = a?.closest?.('.dg-item');
      return { card: card ? card.dataset.dgId : null, tag: a?.classList?.contains('dg-tag') ? a.textContent : null };
    });
    assert.ok(focused.card === null || focused.card === all.docs[i].id, `focus is on a card of another document (${JSON.stringify(focused)})`);
    // Focus is on the filter just added (its chip), so a second Enter acts on that filter (removes
    // it) and adds none the reader did not pick.
    const name = await page.evaluate(() => document.activeElement?.dataset.dgChip);
    assert.equal(name, `tag:${tag}`);
    await page.keyboard.press('Enter');
    await page.waitForTimeout(200);
    const chips = await page.$$eval('.dg-chip', (cs) => cs.map((c) => c.dataset.dgChip));
    assert.deepEqual(chips.filter((c) => c.startsWith('tag:')), [], JSON.stringify(chips));
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('the first step of an answer that fits the page shows no "more"', async () => {
  const all = cli(['list', '--limit', '0']);
  const words = ['agent', 'model', '모델', '학습', 'diffusion', '평가', 'reasoning', '추론', 'data'];
  const q = words.find((w) => { const n = cli(['query', '--q', w, '--expand', '--limit', '0']).total; return n > 5 && n <= 20; });
  assert.ok(q, 'a search with 6 to 20 results');
  const want = cli(['query', '--q', q, '--expand', '--limit', '20']);
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    await searchReady(page);
    await waitForTotal(page, all.total);
    assert.equal(await page.isVisible('.dg-more'), true, 'the whole collection has more than a page');
    // The keystroke's own task draws the first five: "more" must already be right then.
    const seen = await page.evaluate((text) => new Promise((resolve) => requestAnimationFrame(() => setTimeout(() => {
      const input = document.getElementById('dg-search');
      input.focus();
      input.value = text;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
      resolve({ items: document.querySelectorAll('.dg-list .dg-item').length, moreHidden: document.querySelector('.dg-more').hidden });
    }, 0))), q);
    assert.equal(seen.moreHidden, true, `"more" hidden in the first step (${JSON.stringify(seen)})`);
    await waitForTotal(page, want.total);
    assert.deepEqual(await resultIds(page), want.ids);
    assert.equal(await page.isVisible('.dg-more'), false);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
