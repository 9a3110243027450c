// Scenario: on a digest day, a reader clicks a paper's tag, written as digests write tags
// (`large-language-models`). Home lists that tag's documents with the sidebar entry of the same
// tag (shown in its most written spelling, `Large Language Models`) pressed and one chip; clicking
// the entry again removes the filter instead of adding the same tag a second time.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

// Tag identity as docs/query.md states it (the test's own reference): case folded, runs of
// spaces, '_' and '-' as one '-'.
const tagKey = (t) => t.toLowerCase().replace(/[\s_-]+/g, '-').replace(/^-|-$/g, '');

test('a tag link from a digest card presses its sidebar entry', async () => {
  // A digest paper tag whose facet spelling differs from the paper's own.
  const all = cli(['query', '--limit', '0', '--facets', 'array']).facets.tags.map(([n]) => n);
  const digests = cli(['query', '--kind', 'paper', '--limit', '1000']).hits;
  let pick = null;
  for (const h of digests) {
    for (const tag of h.tags || []) {
      const shown = all.find((n) => tagKey(n) === tagKey(tag));
      if (shown && shown !== tag) { pick = { paper: h, tag, shown }; break; }
    }
    if (pick) break;
  }
  assert.ok(pick, 'the sample has a digest tag spelled differently from its facet entry');
  const want = cli(['query', '--tag', pick.tag, '--limit', '0']).total;

  const v = await openViewer(browser, { path: `#/digest/${encodeURIComponent(pick.paper.parent)}` });
  try {
    const { page } = v;
    await ready(page);
    await page.click(`.dg-card[data-dg-id="${pick.paper.id}"] .dg-tags a:text-is("${pick.tag}")`);
    await waitForTotal(page, want);
    const entry = `.dg-facet[data-dg-facet="tags"] .dg-facet-item[data-dg-value="${pick.shown}"]`;
    await page.waitForSelector(entry);
    assert.equal(await page.getAttribute(entry, 'aria-pressed'), 'true');
    assert.deepEqual(await page.$$eval('.dg-chip', (cs) => cs.map((c) => c.dataset.dgChip)), [`tag:${pick.shown}`]);
    assert.deepEqual(new URL(page.url()).hash.match(/tag=[^&]*/g), [`tag=${new URLSearchParams({ t: pick.shown }).toString().slice(2)}`]);
    // Pressed: a click takes the filter away.
    await page.click(entry);
    await waitForTotal(page, cli(['query', '--limit', '0']).total);
    assert.equal(await page.$$eval('.dg-chip', (cs) => cs.length), 0);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
