// Scenario: under the strict CSP (no inline scripts or styles, wasm-unsafe-eval only),
// a reader browses the viewer — home, search, a review with math (KaTeX, MathML output), the
// sample's hostile imported review, a digest — and the widget demo renders; no securitypolicyviolation event fires, nothing on the console.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, STRICT_CSP } from '../../scripts/serve.mjs';
import { distDir } from '../js/helpers.mjs';
import { launch } from './browser.mjs';
import { cspViolations, watchConsole, watchCsp } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('the viewer and the widget report no csp violations', async () => {
  const srv = await startServer({ dir: distDir, port: 0, csp: true });
  const context = await browser.newContext();
  try {
    await watchCsp(context);
    const page = await context.newPage();
    const problems = watchConsole(page);
    const response = await page.goto(srv.url);
    assert.equal(response.headers()['content-security-policy'], STRICT_CSP);
    assert.match(STRICT_CSP, /style-src 'self';/);
    await page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    await page.fill('#dg-search', 'LumaKD');
    await page.waitForSelector('.dg-item .dg-item-link');
    await page.click('.dg-item .dg-item-link');
    await page.waitForSelector('article.dg-doc');
    // The math is typeset by KaTeX as MathML: no inline style, so style-src 'self' holds.
    await page.waitForSelector('article.dg-doc math', { timeout: 10000 });
    assert.equal(await page.$$eval('article.dg-doc [style]', (n) => n.length), 0);
    // The sample's hostile imported review (QA: its <img src="x.png"> loaded from the viewer's
    // own origin, a 404 on the console): relative images are dropped, so nothing is requested.
    const requested = [];
    page.on('request', (r) => requested.push(new URL(r.url()).pathname));
    await page.goto(srv.url + '#/doc/' + encodeURIComponent('ai/review/2025-12-05-Pebble-Pocket-Sized-Vision-Language-Action-Models'));
    await page.waitForSelector('article.dg-doc math', { timeout: 10000 });
    await page.waitForTimeout(300);
    assert.deepEqual(requested.filter((p) => p.endsWith('/x.png')), []);
    await page.goto(srv.url + '#/digests');
    await page.waitForSelector('body[data-dg-view="digests"]');
    assert.deepEqual(await cspViolations(page), []);

    await page.goto(srv.url + 'widget-demo.html');
    await page.waitForSelector('#w1[data-pd-state="ready"]', { timeout: 20000 });
    await page.waitForSelector('#w2[data-pd-state="ready"]', { timeout: 20000 });
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await srv.close();
  }
});
