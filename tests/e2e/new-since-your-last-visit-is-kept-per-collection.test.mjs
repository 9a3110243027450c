// Scenario: a reader follows the default collection and, in the same browser, opens another one
// with ?bundle=. "New since your last visit" is each collection's own: a first visit to the other
// collection marks nothing new (it used to count from the default one's last visit), and coming
// back to the default collection still shows what is new there (the other visit used to overwrite it).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertQuietConsole, bundlePath, cli, distWithBundle, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('new since your last visit is kept per collection', async () => {
  const bytes = readFileSync(bundlePath);
  const dir = distWithBundle('new-since-per-collection', bytes);
  writeFileSync(join(dir, 'other.json'), bytes);
  const dates = [...new Set(cli(['list', '--limit', '1000']).docs.map((d) => d.date))];
  const lastSeen = dates[2];
  const dayAfter = new Date(Date.parse(`${lastSeen}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
  const fresh = cli(['query', '--from', dayAfter, '--limit', '0']).total;
  assert.ok(fresh > 0);

  const v = await openViewer(browser, { dir, path: '?bundle=other.json#/' });
  try {
    const { page } = v;
    await ready(page);
    // The default collection was last seen two publication days ago; the other one never.
    await page.evaluate((d) => { localStorage.clear(); localStorage.setItem('dg.lastNewest', JSON.stringify(d)); }, lastSeen);
    await page.reload();
    await ready(page);
    await page.waitForSelector('#dg-status[data-dg-total]');
    assert.equal(await page.isVisible('.dg-new-since'), false, 'a first visit to this collection marks nothing new');
    assert.equal(await page.$$eval('.dg-badge-new', (n) => n.length), 0);

    await page.goto(`${v.url}#/`);
    await ready(page);
    await page.waitForSelector('#dg-status[data-dg-total]');
    assert.equal(await page.textContent('.dg-new-since'), `${fresh} new since your last visit`);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
