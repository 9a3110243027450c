// Scenario: a Korean-speaking reader comes back; last time the newest document was from an older
// day. The home view (in Korean, following the browser language) says how many documents are new
// — the core's count of documents after that day — and badges them; switching to English works
// and is remembered; the next visit has nothing new.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a returning reader sees what is new, in Korean', async () => {
  const dates = [...new Set(cli(['list', '--limit', '1000']).docs.map((d) => d.date))];
  const lastSeen = dates[2]; // two publication days ago
  const dayAfter = new Date(Date.parse(`${lastSeen}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
  const fresh = cli(['query', '--from', dayAfter, '--limit', '100']);
  assert.ok(fresh.total > 0);

  const v = await openViewer(browser, { locale: 'ko-KR' });
  try {
    const { page } = v;
    await ready(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    await page.evaluate((d) => localStorage.setItem('dg.lastNewest', JSON.stringify(d)), lastSeen);
    await page.reload();
    await ready(page);
    assert.equal(await page.textContent('.dg-new-since'), `지난 방문 이후 새 문서 ${fresh.total}개`);
    const badged = await page.$$eval('.dg-item', (items) => items.filter((i) => i.querySelector('.dg-badge-new')).map((i) => i.dataset.dgId));
    assert.deepEqual(badged, fresh.hits.map((h) => h.id).filter((id) => badged.includes(id)));
    assert.equal(badged.length, Math.min(20, fresh.total));

    await page.click('#dg-lang');
    await page.waitForLoadState('load');
    await ready(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
    assert.equal(await page.textContent('.dg-nav a[data-dg-nav="digests"]'), 'Digests');
    // This visit saw the newest day: nothing is new any more.
    assert.equal(await page.isVisible('.dg-new-since'), false);
    // A double click switches once: the second press, before the reload, does not switch back.
    await page.dblclick('#dg-lang');
    await page.waitForLoadState('load');
    await ready(page);
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'ko');
    assert.equal(await page.evaluate(() => localStorage.getItem('dg.lang')), JSON.stringify('ko'));
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
