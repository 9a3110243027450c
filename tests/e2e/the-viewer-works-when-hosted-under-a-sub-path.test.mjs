// Scenario: dist/ is served under /a/b/ by a plain static server. The main flow works (list,
// search, open a review), every request stays under /a/b/, the manifest, feeds and the service
// worker resolve there, and the console stays empty.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { cliPath, distDir } from '../js/helpers.mjs';
import { launch } from './browser.mjs';
import { cspViolations, waitForServiceWorker, watchConsole, watchCsp } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the viewer works when hosted under a sub-path', async () => {
  const paths = [];
  const srv = await startServer({ dir: distDir, port: 0, csp: true, base: '/a/b/', onRequest: (req, url) => paths.push(url.pathname) });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await watchCsp(context);
    const page = await context.newPage();
    const problems = watchConsole(page);
    assert.match(srv.url, /\/a\/b\/$/);
    await page.goto(srv.url);
    await page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    const list = JSON.parse(execFileSync(cliPath, ['list', join(distDir, 'bundle.json'), '--limit', '3'], { encoding: 'utf8' }));
    assert.equal(await page.getAttribute('.dg-item', 'data-dg-id'), list.docs[0].id);

    const expected = JSON.parse(execFileSync(cliPath, ['query', join(distDir, 'bundle.json'), '--q', 'distillation'], { encoding: 'utf8' }));
    assert.ok(expected.total > 0);
    await page.fill('#dg-search', 'distillation');
    await page.waitForFunction((first) => document.querySelector('.dg-item')?.dataset.dgId === first, expected.ids[0], { timeout: 10000 });
    await page.click('.dg-item .dg-item-link');
    await page.waitForSelector('article.dg-doc', { timeout: 10000 });
    assert.equal(await page.getAttribute('article.dg-doc', 'data-dg-id'), expected.ids[0]);

    // The worker registered for the sub-path, and the head's links resolve under it.
    await waitForServiceWorker(page);
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, srv.url);
    const links = await page.evaluate(async () => Promise.all(
      [...document.querySelectorAll('link[rel="manifest"], link[rel="alternate"]')].map(async (l) => [l.href, (await fetch(l.href)).status])));
    assert.equal(links.length, 3);
    for (const [href, status] of links) {
      assert.ok(href.startsWith(srv.url), href);
      assert.equal(status, 200, href);
    }
    const manifest = await page.evaluate(async () => (await fetch(document.querySelector('link[rel="manifest"]').href)).json());
    for (const icon of manifest.icons) {
      const status = await page.evaluate(async (src) => (await fetch(new URL(src, document.querySelector('link[rel="manifest"]').href))).status, icon.src);
      assert.equal(status, 200, icon.src);
    }
    assert.deepEqual(paths.filter((p) => !p.startsWith('/a/b/')), [], 'every request stays under the sub-path');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await srv.close();
  }
});
