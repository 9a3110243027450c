// browser.mjs — shared by the e2e scenarios: Debian's Chromium via playwright-core, a server
// for dist/, the console watcher every scenario ends with, and the CLI the viewer is checked against.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { cliPath, distDir, root } from '../js/helpers.mjs';

export const shotsDir = join(root, 'tests/out/screenshots');
export const bundlePath = join(distDir, 'bundle.json');

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });
}

/** Serves dist/ (with the strict CSP unless told otherwise) and opens a page that records console problems. */
/** `beforeGoto(page, context)` runs before the first navigation (e.g. page.route to hold the bundle back). */
export async function openViewer(browser, { path = '', csp = true, base = '/', viewport, colorScheme, dir = distDir, locale = 'en-US', beforeGoto } = {}) {
  const srv = await startServer({ dir, port: 0, csp, base });
  const context = await browser.newContext({ viewport: viewport || { width: 1280, height: 900 }, colorScheme, locale });
  const page = await context.newPage();
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  if (beforeGoto) await beforeGoto(page, context);
  await page.goto(srv.url + path);
  return {
    page, context, url: srv.url, problems,
    async close() { await context.close(); await srv.close(); },
  };
}

/** Waits until the shell has drawn its view (home results, a page, or an error screen). */
export async function ready(page, state = 'ready') {
  await page.waitForSelector(`body[data-dg-state="${state}"]`, { timeout: 20000 });
}

/** Waits until the full-text index is built (App.searchBuild): a keystroke's answer is drawn in its own frame. */
export async function searchReady(page) {
  await page.waitForSelector('body[data-dg-search="ready"]', { timeout: 20000 });
}

/** Waits until the home view shows `total` results (the core's count, kept in data-dg-total). */
export async function waitForTotal(page, total) {
  await page.waitForFunction((n) => document.querySelector('#dg-status')?.dataset.dgTotal === String(n), total, { timeout: 10000 });
}

/** Runs the native CLI on a bundle and parses its JSON output. */
export function cli(args, bundle = bundlePath) {
  const [cmd, ...rest] = args;
  return JSON.parse(execFileSync(cliPath, [cmd, bundle, ...rest], { encoding: 'utf8', maxBuffer: 64 << 20 }));
}

/** The ids of the home results, in page order. */
export async function resultIds(page) {
  return page.$$eval('.dg-list .dg-item', (items) => items.map((i) => i.dataset.dgId));
}

/** A copy of dist/ under tests/out/dist-<name> with its bundle.json replaced by `bytes`. */
export function distWithBundle(name, bytes) {
  const dir = join(root, 'tests', 'out', `dist-${name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(distDir, dir, { recursive: true });
  writeFileSync(join(dir, 'bundle.json'), bytes);
  return dir;
}

/** Every scenario ends here: nothing was written to the console (errors, warnings, page errors). */
export function assertQuietConsole(v, allow = () => false) {
  assert.deepEqual(v.problems.filter((p) => !allow(p)), []);
}

export async function screenshot(page, name) {
  mkdirSync(shotsDir, { recursive: true });
  await page.screenshot({ path: join(shotsDir, `${name}.png`) });
}
