// browser.mjs — shared by the e2e scenarios: Debian's Chromium via playwright-core, a server
// for dist/, and the console watcher every scenario ends with.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { distDir, root } from '../js/helpers.mjs';

export const shotsDir = join(root, 'tests/out/screenshots');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/** Serves dist/ (with the strict CSP unless told otherwise) and opens a page that records console problems. */
export async function openViewer(browser, { path = '', csp = true, base = '/', viewport, colorScheme, dir = distDir } = {}) {
  const srv = await startServer({ dir, port: 0, csp, base });
  const context = await browser.newContext({ viewport: viewport || { width: 1280, height: 900 }, colorScheme });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  await page.goto(srv.url + path);
  return {
    page, context, url: srv.url, problems,
    async close() { await context.close(); await srv.close(); },
  };
}

export async function screenshot(page, name) {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`) });
}
