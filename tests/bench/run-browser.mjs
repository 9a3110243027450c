// run-browser.mjs — scripts/bench --browser for one corpus size: serves the repository root
// (scripts/serve.mjs, cross-origin isolated for fine timers), opens tests/bench/browser/ in
// headless Chromium (/usr/bin/chromium via playwright-core) and writes the page's result.
//   node tests/bench/run-browser.mjs --bundle FILE --out RESULT.json [--quick]
import { writeFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { root } from '../js/helpers.mjs';

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
const bundlePath = opt('--bundle');
const outPath = opt('--out');
const quick = args.includes('--quick');
if (!bundlePath || !outPath) { console.error('usage: run-browser.mjs --bundle FILE --out FILE [--quick]'); process.exit(2); }

const srv = await startServer({ dir: root, port: 0, coi: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--js-flags=--expose-gc', '--enable-precise-memory-info',
    '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
});
let failed = false;
try {
  const page = await browser.newPage();
  page.on('console', (m) => process.stderr.write(`  [chromium] ${m.text()}\n`));
  page.on('pageerror', (e) => process.stderr.write(`  [chromium] pageerror: ${e.message}\n`));
  const bundleUrl = '/' + relative(root, bundlePath).split('\\').join('/');
  await page.goto(`${srv.url.replace(/\/$/, '')}/tests/bench/browser/index.html?bundle=${encodeURIComponent(bundleUrl)}&quick=${quick ? 1 : 0}`);
  await page.waitForFunction(() => window.benchResult || window.benchError, null, { timeout: 30 * 60 * 1000, polling: 500 });
  const { result, error } = await page.evaluate(() => ({ result: window.benchResult, error: window.benchError }));
  if (error) throw new Error(`bench page failed: ${error}`);
  result.env.browser = `Chromium ${browser.version()}`;
  const node = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url)));
  result.env.versions = Object.fromEntries(Object.entries(node.dependencies));
  if (!result.env.crossOriginIsolated) result.notes.push('page was not cross-origin isolated: coarse timers');
  writeFileSync(outPath, JSON.stringify(result, null, 1));
} catch (e) {
  console.error(e && e.stack ? e.stack : e);
  failed = true;
} finally {
  await browser.close();
  await srv.close();
}
process.exit(failed ? 1 : 0);
