// Scenario: a reader is typing a search (on a CPU slowed down 6x, so the query for the last key
// is still waiting for its frame) when the page switches to another bundle through the `bundle`
// URL parameter. The search carries over in the URL: the last one whose answer was drawn (the
// viewer writes the URL once an answer is on screen, not per keystroke); the list, the count and
// every facet value then come from the new bundle only (equal to `digest query` on it), never
// from the old one.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertQuietConsole, cli, launch, openViewer, ready, resultIds, waitForTotal } from './browser.mjs';
import { copyOfDist } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test("opening another bundle mid-query shows only the new bundle's results", async () => {
  const dir = copyOfDist('dist-shell-other-bundle');
  const bundle = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8'));
  // The other bundle: the older half of the reviews, no digests, another title.
  const other = { ...bundle, title: 'Other collection', reviews: bundle.reviews.slice(Math.floor(bundle.reviews.length / 2)), digests: [] };
  const otherPath = join(dir, 'other.json');
  writeFileSync(otherPath, JSON.stringify(other));
  const otherIds = new Set(other.reviews.map((r) => r.id));

  // A word both bundles match, with documents the other bundle does not have.
  const words = [...new Set(other.reviews.flatMap((r) => (r.markdown || '').match(/[가-힣]{2,}/g) || []))];
  const q = words.find((w) => {
    const a = cli(['query', '--q', w, '--limit', '0'], join(dir, 'bundle.json')).total;
    const b = cli(['query', '--q', w, '--limit', '0'], otherPath).total;
    return b > 1 && a > b;
  });
  assert.ok(q, 'a word matches in both bundles, more often in the first');

  const v = await openViewer(browser, { dir });
  try {
    const { page } = v;
    await ready(page);
    await waitForTotal(page, cli(['list', '--limit', '0'], join(dir, 'bundle.json')).total);
    const cdp = await v.context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 6 });
    await page.focus('#dg-search');
    // Type, wait until the answer is drawn (the URL carries it), then type one more key and switch
    // bundles in the same task as that keystroke's input event.
    await page.keyboard.type(q);
    await page.waitForFunction((w) => new URLSearchParams(location.hash.split('?')[1]).get('q') === w, q, { timeout: 20000 });
    await page.evaluate(() => {
      const input = document.getElementById('dg-search');
      input.value += ' 다';
      input.dispatchEvent(new Event('input'));
      location.search = '?bundle=other.json';
    });
    await page.waitForURL(/bundle=other\.json/);
    await ready(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 }).catch(() => {});

    const want = cli(['query', '--q', q, '--expand', '--limit', '20'], otherPath);
    assert.equal(await page.textContent('#dg-collection'), 'Other collection');
    assert.equal(new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('q'), q, 'the search carried over');
    assert.equal(await page.inputValue('#dg-search'), q);
    await waitForTotal(page, want.total);
    const ids = await resultIds(page);
    assert.deepEqual(ids, want.hits.map((h) => h.id));
    for (const id of ids) assert.ok(otherIds.has(id), `${id} is in the other bundle`);
    // Facets too: the kinds are the new bundle's (reviews only, no papers).
    const kinds = await page.$$eval('.dg-facet[data-dg-facet="kinds"] .dg-facet-item', (b) => b.map((x) => [x.dataset.dgValue, Number(x.dataset.dgCount)]));
    assert.deepEqual(kinds, want.facets.kinds ? Object.entries(want.facets.kinds) : []);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
