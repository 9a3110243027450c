// Scenario: on a larger collection (4,000 documents), a reader types a query the moment the first
// results appear, before the full-text index is built in the background. Typing stays
// fluid (the keystroke used to finish the whole build in its own task: ~1.6 s frozen at 20k
// documents), the page says the search is being prepared, and the answer, when it comes, is the
// CLI's.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliPath, root } from '../js/helpers.mjs';
import { assertQuietConsole, cli, distWithBundle, launch, openViewer, ready, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('typing before the search index is built never freezes the page', async () => {
  const src = mkdtempSync(join(tmpdir(), 'digest-4k-'));
  execFileSync(process.execPath, [join(root, 'scripts/gen-corpus'), '--n', '4000', '--seed', '3', '--out', join(src, 'src')]);
  const file = join(src, 'bundle.json');
  execFileSync(cliPath, ['build', '-o', file, join(src, 'src')], { stdio: 'ignore' });
  const dir = distWithBundle('typing-before-the-index', readFileSync(file));
  const v = await openViewer(browser, {
    dir, path: '#/',
    beforeGoto: (page) => page.addInitScript(() => {
      // A page too busy for idle periods: idle callbacks run only when their timeout expires (as
      // Chrome runs them under load), so the background build starts a second after the first
      // results, after the query is typed, whatever this machine's speed (on a fast one the build
      // was over before the first keystroke, and the test saw nothing to wait for).
      window.requestIdleCallback = (fn, options) => setTimeout(() => fn({ didTimeout: true, timeRemaining: () => 0 }), options?.timeout ?? 50);
      window.cancelIdleCallback = (id) => clearTimeout(id);
      window.__long = [];
      window.__status = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push(e.duration); }).observe({ type: 'longtask' });
      addEventListener('DOMContentLoaded', () => new MutationObserver(() => window.__status.push(document.getElementById('dg-status')?.textContent))
        .observe(document.getElementById('dg-main'), { subtree: true, childList: true, characterData: true }));
    }),
  });
  try {
    const { page } = v;
    await ready(page);
    await page.evaluate(() => { window.__long.length = 0; });
    await page.focus('#dg-search');
    await page.keyboard.type('모델', { delay: 30 });
    const total = cli(['query', '--q', '모델', '--expand', '--limit', '0'], file).total;
    await waitForTotal(page, total);
    const long = await page.evaluate(() => window.__long);
    assert.ok(Math.max(0, ...long) < 250, `a task of ${Math.round(Math.max(...long))} ms while typing (tasks over 50 ms: ${long.map(Math.round)})`);
    assert.ok((await page.evaluate(() => window.__status)).includes('Preparing search…'), 'the page said the search was being prepared');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
