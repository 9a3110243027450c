import { chromium } from 'playwright-core';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { root } from '../js/helpers.mjs';
const dir = join(root, 'tests/out/dist-perf');
const srv = await startServer({ dir, port: 0, csp: true });
const args = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'];
const mode = process.argv[2];
let context, browser;
if (mode === 'persistent') { rmSync('/tmp/ud', { recursive: true, force: true }); context = await chromium.launchPersistentContext('/tmp/ud', { executablePath: '/usr/bin/chromium', args, viewport: { width: 1280, height: 900 } }); }
else { browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args }); context = await browser.newContext({ viewport: { width: 1280, height: 900 } }); }
const page = await context.newPage();
const url = `${srv.url}?bundle=c2k.json#/`;
const measure = async () => { await page.waitForFunction(() => document.querySelector('.dg-list .dg-item'), null, { timeout: 120000 }); await page.waitForTimeout(300);
  return page.evaluate(() => Object.fromEntries(['dg-core-start', 'dg-bundle-load-index'].map((n) => [n, Math.round(performance.getEntriesByName(n)[0]?.duration)]))); };
await page.goto(url); console.log('first', JSON.stringify(await measure()));
await page.waitForTimeout(+(process.argv[3] || 5000));
for (let i = 0; i < 8; ++i) { await page.goto('about:blank'); await page.goto(url); console.log(i, JSON.stringify(await measure())); }
await context.close(); if (browser) await browser.close(); await srv.close();
