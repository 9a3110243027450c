// pwa.mjs — helpers for the offline / update / sub-path / widget / CSP scenarios (on top of browser.mjs).
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, root } from '../js/helpers.mjs';

/** A fresh copy of dist/ under tests/out/<name>, for scenarios that change files while serving. */
export function copyOfDist(name) {
  const dir = join(root, 'tests/out', name);
  rmSync(dir, { recursive: true, force: true });
  cpSync(distDir, dir, { recursive: true });
  return dir;
}

/**
 * Records the Content-Security-Policy violations a page reports (securitypolicyviolation events,
 * collected by an init script, which the page's CSP does not govern). Call before page.goto;
 * read with `await cspViolations(page)`.
 */
export async function watchCsp(context) {
  await context.addInitScript(() => {
    window.__dgCsp = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__dgCsp.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile || ''}:${e.lineNumber || 0})`);
    });
  });
}

export async function cspViolations(page) {
  return page.evaluate(() => window.__dgCsp || []);
}

/** Waits until a service worker controls the page (first visit: install, activate, clients.claim). */
export async function waitForServiceWorker(page, timeout = 30000) {
  await page.waitForFunction(() => !!navigator.serviceWorker && !!navigator.serviceWorker.controller, null, { timeout });
}

/** Console lines the page printed, as openViewer records them; plus page errors. */
export function watchConsole(page) {
  const problems = [];
  page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`); });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  return problems;
}
