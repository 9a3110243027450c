// Scenario: links made by hand or by other sites mix the routes up: #/digest/<a paper's id> shows
// that paper's page and #/doc/<a digest's id> that digest (the first threw and left the previous
// page up, the second said "not found"). An id the bundle does not hold shows the not-found screen
// with a hint in the reader's language, and the tab title says so too (it kept the previous page's).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a paper and a digest open under either route; an unknown id says so', async () => {
  const paper = cli(['query', '--kind', 'paper', '--limit', '1']).hits[0];
  const digestId = paper.id.split('/')[0];
  const v = await openViewer(browser, { path: '#/digests', locale: 'ko-KR' });
  try {
    const { page } = v;
    await ready(page);
    await page.evaluate((id) => { location.hash = `#/digest/${encodeURIComponent(id)}`; }, paper.id);
    await page.waitForFunction((id) => document.querySelector('.dg-doc')?.dataset.dgId === id, paper.id);
    assert.equal(await page.textContent('.dg-doc-title'), paper.title);

    await page.evaluate((id) => { location.hash = `#/doc/${encodeURIComponent(id)}`; }, digestId);
    await page.waitForSelector('.dg-digest');
    assert.equal(await page.$$eval('.dg-digest .dg-card', (n) => n.length) > 0, true, 'the digest lists its papers');
    const digestTitle = await page.title();

    await page.evaluate(() => { location.hash = '#/doc/no-such-review'; });
    await page.waitForSelector('.dg-error');
    assert.equal(await page.textContent('.dg-error-title'), '문서를 찾을 수 없습니다');
    assert.match(await page.textContent('.dg-error-hint'), /이 컬렉션에 없는 문서입니다/);
    assert.notEqual(await page.title(), digestTitle);
    assert.match(await page.title(), /^문서를 찾을 수 없습니다 · /);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
