// Scenario: a reader opens the viewer and sees the sample collection listed, newest first,
// under the strict CSP, with nothing on the console.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cliPath, distDir } from '../js/helpers.mjs';
import { launch, openViewer, screenshot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('home lists the sample documents', async () => {
  const v = await openViewer(browser);
  try {
    await v.page.waitForSelector('body[data-dg-state="ready"]', { timeout: 20000 });
    // The first page holds 20 documents; the core's list (newest first) decides which and in what order.
    const expected = JSON.parse(execFileSync(cliPath, ['list', join(distDir, 'bundle.json'), '--limit', '20'], { encoding: 'utf8' }));
    const ids = await v.page.$$eval('.dg-item', (items) => items.map((i) => i.dataset.dgId));
    assert.ok(ids.length > 0);
    assert.deepEqual(ids, expected.docs.map((d) => d.id));
    assert.equal(await v.page.getAttribute('#dg-status', 'data-dg-total'), String(expected.total));
    assert.equal(await v.page.isVisible('.dg-more'), expected.total > 20);
    const firstTitle = await v.page.textContent('.dg-item .dg-item-title');
    assert.equal(firstTitle, expected.docs[0].title);
    await screenshot(v.page, 'home-first-page');
    assert.deepEqual(v.problems, []);
  } finally {
    await v.close();
  }
});

test('a corrupt bundle shows an error screen with the validator message', async () => {
  const { mkdirSync, writeFileSync, readFileSync, cpSync, rmSync } = await import('node:fs');
  const dir = join(distDir, '..', 'tests', 'out', 'dist-corrupt');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(distDir, dir, { recursive: true });
  const bytes = readFileSync(join(distDir, 'bundle.json'));
  writeFileSync(join(dir, 'bundle.json'), bytes.subarray(0, 500));
  const v = await openViewer(browser, { dir });
  try {
    await v.page.waitForSelector('body[data-dg-state="error"]', { timeout: 20000 });
    const msg = await v.page.textContent('.dg-error-message');
    assert.match(msg, /at byte 500/);
    assert.deepEqual(v.problems.filter((p) => !p.includes('404')), []);
  } finally {
    await v.close();
  }
});
