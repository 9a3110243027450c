// Scenario: a reader opens the viewer once (the service worker precaches the shell, the wasm,
// KaTeX and the bundle), goes offline, reloads, sees the offline indicator, searches and opens
// a review — under the strict CSP, with nothing on the console.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cliPath, distDir } from '../js/helpers.mjs';
import { launch, openViewer, screenshot } from './browser.mjs';
import { cspViolations, waitForServiceWorker, watchCsp } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a reader who loaded the viewer once can search and read offline', async () => {
  const v = await openViewer(browser);
  try {
    await watchCsp(v.context);
    await v.page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    await waitForServiceWorker(v.page);
    assert.equal(await v.page.isVisible('.dg-offline'), false, 'no offline indicator while online');

    await v.context.setOffline(true);
    await v.page.reload();
    await v.page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    await v.page.waitForSelector('.dg-offline', { state: 'visible', timeout: 10000 });
    assert.equal(await v.page.getAttribute('body', 'data-dg-offline'), 'true');
    // The indicator covers no control: the search box takes clicks (it sat on top of it).
    const hit = await v.page.evaluate(() => { const r = document.getElementById('dg-search').getBoundingClientRect(); return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2)?.id; });
    assert.equal(hit, 'dg-search');

    // Search offline: the results are the core's answer for the same query.
    const expected = JSON.parse(execFileSync(cliPath, ['query', join(distDir, 'bundle.json'), '--q', 'Lantern'], { encoding: 'utf8' }));
    assert.ok(expected.total > 0);
    await v.page.fill('#dg-search', 'Lantern');
    await v.page.waitForFunction((first) => document.querySelector('.dg-item')?.dataset.dgId === first, expected.ids[0], { timeout: 10000 });
    await v.page.click('.dg-item .dg-item-link');
    await v.page.waitForSelector('article.dg-doc', { timeout: 10000 });
    assert.equal(await v.page.getAttribute('article.dg-doc', 'data-dg-id'), expected.ids[0]);
    assert.ok((await v.page.textContent('article.dg-doc')).length > 200, 'the review body is there');
    await screenshot(v.page, 'offline-review');
    assert.deepEqual(await cspViolations(v.page), []);
    // Offline, the browser itself logs the failed background revalidation of nothing: the page stays quiet.
    assert.deepEqual(v.problems, []);
  } finally {
    await v.close();
  }
});
