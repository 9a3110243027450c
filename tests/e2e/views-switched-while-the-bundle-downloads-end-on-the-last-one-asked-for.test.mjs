// Scenario: the bundle is held back by the network while the reader walks the views (home ->
// a review -> a digest -> back): when it arrives, the page shows the view the URL names last
// (the review), and back/forward still walk the same entries. Then, with the bundle held back
// again on a reload, the reader types a search: once the bundle arrives, that search runs (the
// text is not wiped). Last, a search scheduled for the next frame is dropped when the reader
// leaves home in the same moment: the page announces the review, not a result count.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, resultIds, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** Holds every bundle.json response until release() is called; counts the requests. */
function holdBundle() {
  let release;
  let gate = new Promise((r) => { release = r; });
  const held = { requests: 0, release: () => release(), rearm: () => { gate = new Promise((r) => { release = r; }); } };
  held.install = (page) => page.route('**/bundle.json', async (route) => {
    held.requests += 1;
    await gate;
    await route.continue();
  });
  return held;
}

const state = (page) => page.evaluate(() => document.body.dataset.dgState || '');
const hashTo = (page, hash) => page.evaluate((h) => { location.hash = h; }, hash);

test('views switched while the bundle downloads end on the last one asked for', async () => {
  const review = cli(['query', '--kind', 'review', '--limit', '1', '--sort', 'date']).hits[0];
  const digest = cli(['list', '--limit', '1000']).docs.find((d) => d.kind === 'paper');
  const digestId = digest.id.split('/')[0];
  const held = holdBundle();
  const v = await openViewer(browser, { beforeGoto: (page) => held.install(page) });
  try {
    const { page } = v;
    await page.waitForFunction(() => document.getElementById('dg-progress') && !document.getElementById('dg-progress').hidden);
    await hashTo(page, '#/');
    await hashTo(page, `#/doc/${encodeURIComponent(review.id)}`);
    await hashTo(page, `#/digest/${encodeURIComponent(digestId)}`);
    await page.evaluate(() => history.back());
    await page.waitForFunction((id) => location.hash === `#/doc/${encodeURIComponent(id)}`, review.id);
    assert.equal(held.requests, 1, 'the bundle was requested once');
    assert.notEqual(await state(page), 'ready', 'all of this happened before the bundle arrived');

    held.release();
    await ready(page);
    assert.equal(await page.evaluate(() => document.body.dataset.dgView), 'doc');
    assert.equal(await page.getAttribute('.dg-doc', 'data-dg-id'), review.id);
    assert.equal(await page.$$eval('.dg-doc', (n) => n.length), 1);
    // History is intact: forward reaches the digest, back twice the home view.
    await page.evaluate(() => history.forward());
    await page.waitForSelector(`.dg-digest[data-dg-id="${digestId}"]`);
    await page.evaluate(() => history.go(-2));
    await page.waitForFunction(() => document.body.dataset.dgView === 'home');
    await waitForTotal(page, cli(['list', '--limit', '0']).total);

    assertQuietConsole(v);
  } finally {
    await v.close();
  }

  // A first visit again (a new context: a reload would be answered by the service worker's
  // cache, past page.route), the bundle held back: the reader types before it arrives.
  held.rearm();
  const w = await openViewer(browser, { beforeGoto: (page) => held.install(page) });
  try {
    const { page } = w;
    await page.waitForFunction(() => document.getElementById('dg-progress') && !document.getElementById('dg-progress').hidden);
    const q = review.title.split(/\s+/)[0].replace(/[^\p{L}\p{N}]/gu, '');
    await page.fill('#dg-search', q);
    assert.notEqual(await state(page), 'ready');
    held.release();
    await ready(page);
    const want = cli(['query', '--q', q, '--expand', '--limit', '20']);
    assert.ok(want.total > 0);
    await waitForTotal(page, want.total);
    assert.deepEqual(await resultIds(page), want.hits.map((h) => h.id));
    assert.equal(await page.inputValue('#dg-search'), q);
    assert.equal(new URLSearchParams(new URL(page.url()).hash.split('?')[1]).get('q'), q);

    // Typing and leaving home in the same task: the scheduled search does not draw or announce.
    await page.evaluate((id) => {
      const input = document.getElementById('dg-search');
      input.value = input.value.slice(0, -1);
      input.dispatchEvent(new Event('input'));
      location.hash = `#/doc/${encodeURIComponent(id)}`;
    }, review.id);
    await page.waitForSelector(`.dg-doc[data-dg-id="${review.id}"]`);
    for (let i = 0; i < 3; ++i) await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
    assert.equal(await page.textContent('#dg-announce'), await page.title());
    assertQuietConsole(w);
  } finally {
    await w.close();
  }
});
