// Scenario: a reader opens a weekly roundup, whose papers carry no upvotes. It offers no "by
// upvotes" order (it would change nothing); a daily digest, whose papers have upvotes, does.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertQuietConsole, bundlePath, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a roundup without upvotes offers no upvote order; a daily digest does', async () => {
  const digests = JSON.parse(readFileSync(bundlePath, 'utf8')).digests;
  const weekly = digests.find((g) => g.kind === 'weekly' && g.papers.every((p) => !(p.upvotes >= 0)));
  const daily = digests.find((g) => g.kind === 'daily' && g.papers.some((p) => p.upvotes >= 0));
  assert.ok(weekly && daily, 'the sample has a roundup without upvotes and a daily digest with them');
  const v = await openViewer(browser, { path: `#/digest/${weekly.id}` });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForSelector('.dg-digest .dg-card');
    assert.equal(await page.$$eval('.dg-digest-sort', (x) => x.length), 0, 'no sort control on the roundup');
    await page.evaluate((id) => { location.hash = `#/digest/${id}`; }, daily.id);
    await page.waitForFunction((id) => document.querySelector('.dg-digest')?.dataset.dgId === id, daily.id);
    assert.equal(await page.$$eval('.dg-digest-sort a', (x) => x.length), 2, 'rank and upvotes on the daily digest');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
