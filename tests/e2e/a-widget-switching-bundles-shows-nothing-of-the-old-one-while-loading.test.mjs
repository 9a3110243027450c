// Scenario: a host page points its <paper-digest> at another bundle (the `src` attribute changes)
// while that bundle is still downloading. Meanwhile the widget shows nothing of the old bundle's
// answer: no count, no "see all" link into the viewer on the old bundle, no "ready" state for a
// host that waits on it. Once the new bundle is in, its own answer is drawn.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { bundlePath, cli, distWithBundle, launch } from './browser.mjs';
import { watchConsole } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a widget switching bundles shows nothing of the old one while the new one loads', async () => {
  const bytes = readFileSync(bundlePath);
  const dir = distWithBundle('widget-switch', bytes);
  // other.json: the first three reviews alone.
  const other = JSON.parse(bytes);
  other.reviews = other.reviews.slice(0, 3);
  other.digests = [];
  writeFileSync(join(dir, 'other.json'), JSON.stringify(other));
  writeFileSync(join(dir, 'host.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title><link rel="icon" href="icons/icon-192.png">
<script type="module" src="widget.js"></script></head><body><paper-digest limit="3"></paper-digest></body></html>`);
  const srv = await startServer({ dir, port: 0, csp: true });
  const context = await browser.newContext({ locale: 'en-US' });
  try {
    const page = await context.newPage();
    const problems = watchConsole(page);
    let release;
    const held = new Promise((r) => { release = r; });
    await page.route('**/other.json', async (route) => { await held; await route.continue(); });
    await page.goto(`${srv.url}host.html`);
    await page.waitForSelector('paper-digest[data-pd-state="ready"]', { timeout: 20000 });
    const look = () => page.evaluate(() => {
      const w = document.querySelector('paper-digest');
      const r = w.shadowRoot;
      return { state: w.dataset.pdState, count: r.querySelector('[part=count]').textContent, items: r.querySelectorAll('li').length, more: !r.querySelector('[part=more]').hidden };
    });
    const all = cli(['list', '--limit', '0']).total;
    assert.deepEqual(await look(), { state: 'ready', count: `${all} documents`, items: 3, more: true });

    await page.evaluate(() => document.querySelector('paper-digest').setAttribute('src', 'other.json'));
    await page.waitForTimeout(200);
    assert.deepEqual(await look(), { state: undefined, count: '', items: 0, more: false }, 'nothing of the old bundle while the new one loads');

    release();
    await page.waitForSelector('paper-digest[data-pd-state="ready"]', { timeout: 20000 });
    assert.deepEqual(await look(), { state: 'ready', count: '3 documents', items: 3, more: true });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await srv.close();
  }
});
