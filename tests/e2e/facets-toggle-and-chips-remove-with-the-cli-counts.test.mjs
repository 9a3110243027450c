// Scenario: a reader narrows the collection with the facet sidebar (a tag, then a kind), sees the
// active filters as chips, and removes one chip. After every step the total and every facet count
// on screen equal what `digest query` answers for the same filters.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** `digest query` with the viewer's request for these filters (date order, expansions on). */
function expected(args) {
  return cli(['query', ...args, '--expand', '--facets', 'array', '--limit', '20', '--sort', 'date']);
}

/** Facet values and counts as drawn in the sidebar: {tags: {name: count}, kinds: {...}, ...}. */
function shownFacets(page) {
  return page.$$eval('.dg-facet[data-dg-facet]', (sections) => Object.fromEntries(sections.map((s) => [s.dataset.dgFacet,
    Object.fromEntries([...s.querySelectorAll('.dg-facet-item')].map((b) => [b.dataset.dgValue, Number(b.dataset.dgCount)]))])));
}

async function checkAgainstCli(page, args) {
  const want = expected(args);
  await waitForTotal(page, want.total);
  const shown = await shownFacets(page);
  for (const key of ['kinds', 'categories', 'years', 'selections', 'analyses']) {
    assert.deepEqual(shown[key] || {}, Object.fromEntries(want.facets[key] || []), `${key} for ${args.join(' ')}`);
  }
  // Tags: the top of the list is shown; each shown count is the core's, in the core's order.
  const tagNames = Object.keys(shown.tags);
  assert.deepEqual(tagNames, want.facets.tags.slice(0, tagNames.length).map(([n]) => n));
  for (const [n, c] of want.facets.tags.slice(0, tagNames.length)) assert.equal(shown.tags[n], c, `tag ${n}`);
  const ids = await page.$$eval('.dg-list .dg-item', (items) => items.map((i) => i.dataset.dgId));
  assert.deepEqual(ids, want.hits.map((h) => h.id));
  return want;
}

test('facets toggle and chips remove with the CLI counts', async () => {
  const v = await openViewer(browser);
  try {
    const { page } = v;
    await ready(page);
    const start = await checkAgainstCli(page, []);
    // A tag that narrows the collection but still spans both kinds.
    const tag = start.facets.tags.map(([n]) => n).find((n) => {
      const r = expected(['--tag', n]);
      return r.total > 1 && (r.facets.kinds || []).length === 2;
    });
    assert.ok(tag, 'the sample has a tag shared by reviews and papers');

    await page.click(`.dg-facet[data-dg-facet="tags"] .dg-facet-item[data-dg-value="${tag}"]`);
    const byTag = await checkAgainstCli(page, ['--tag', tag]);
    assert.equal(await page.getAttribute(`.dg-facet[data-dg-facet="tags"] .dg-facet-item[data-dg-value="${tag}"]`, 'aria-pressed'), 'true');

    await page.click('.dg-facet[data-dg-facet="kinds"] .dg-facet-item[data-dg-value="paper"]');
    const both = await checkAgainstCli(page, ['--tag', tag, '--kind', 'paper']);
    assert.ok(both.total < byTag.total);
    const chips = await page.$$eval('.dg-chip', (cs) => cs.map((c) => c.dataset.dgChip));
    assert.deepEqual(chips, [`tag:${tag}`, 'kind', 'clear']);
    const params = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    assert.deepEqual(params.getAll('tag'), [tag]);
    assert.equal(params.get('kind'), 'paper');

    // Removing the tag chip keeps the kind filter, and focus stays among the chips.
    await page.click(`.dg-chip[data-dg-chip="tag:${tag}"]`);
    await checkAgainstCli(page, ['--kind', 'paper']);
    assert.deepEqual(await page.$$eval('.dg-chip', (cs) => cs.map((c) => c.dataset.dgChip)), ['kind']);
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.dgChip), 'kind');

    // The last chip goes too: back to the whole collection, no chips left.
    await page.keyboard.press('Enter');
    await checkAgainstCli(page, []);
    assert.equal(await page.$$eval('.dg-chip', (cs) => cs.length), 0);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
