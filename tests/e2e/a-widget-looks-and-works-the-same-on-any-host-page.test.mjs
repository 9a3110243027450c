// Scenario (found by QA): two host pages the widget met in the wild.
// - A page with `html { font-size: 62.5% }` (a common reset): the widget's sizes were in rem, which
//   inside a shadow root is still the host's root size, so its heading shrank to 10px, below its
//   item titles, and its dates and tags to 7.8px. Its sizes no longer depend on the host's root.
// - A page enforcing Trusted Types (`require-trusted-types-for 'script'`): the widget set each
//   snippet through innerHTML, which such a page refuses, so a search threw and left the previous
//   results on screen as "ready". Snippets are now built as nodes: the search shows the core's
//   answer, marks included, with a quiet console.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { cliPath, distDir, root } from '../js/helpers.mjs';
import { launch } from './browser.mjs';
import { watchConsole } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const dir = join(root, 'tests/out/dist-widget-hosts');
const host = (name, head, css) => writeFileSync(join(dir, name), `<!doctype html><html><head><meta charset="utf-8">${head}<link rel="icon" href="icons/icon-192.png">
<style>${css}</style><script type="module" src="widget.js"></script></head><body>
<h1>Host</h1><paper-digest id="w" src="bundle.json" limit="3" search></paper-digest></body></html>`);

before(() => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(distDir, dir, { recursive: true });
  host('plain.html', '', '');
  host('small-root.html', '', 'html { font-size: 62.5% } body { font-size: 1.6rem }');
  host('big-root.html', '', 'html { font-size: 40px }');
  host('trusted-types.html', `<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; connect-src 'self'; require-trusted-types-for 'script'; trusted-types 'none'">`, '');
});

const sizes = (page) => page.evaluate(() => {
  const r = document.querySelector('#w').shadowRoot;
  const px = (sel, prop = 'fontSize') => getComputedStyle(r.querySelector(sel))[prop];
  return { heading: px('.title'), meta: px('.meta'), item: px('.item-title'), padding: px('.box', 'paddingTop'), height: Math.round(document.querySelector('#w').getBoundingClientRect().height) };
});

test('the widget has the same sizes whatever the host page\'s root font size', async () => {
  const srv = await startServer({ dir, port: 0 });
  const context = await browser.newContext({ viewport: { width: 700, height: 900 } });
  try {
    const page = await context.newPage();
    const got = {};
    for (const name of ['plain', 'small-root', 'big-root']) {
      await page.goto(`${srv.url}${name}.html`);
      await page.waitForSelector('#w[data-pd-state="ready"]', { timeout: 20000 });
      got[name] = await sizes(page);
    }
    assert.equal(got.plain.heading, '16px');
    assert.ok(parseFloat(got.plain.heading) >= parseFloat(got.plain.item), 'the heading is not smaller than an item title');
    assert.deepEqual(got['small-root'], got.plain);
    assert.deepEqual(got['big-root'], got.plain);
  } finally {
    await context.close();
    await srv.close();
  }
});

test('on a page that enforces Trusted Types, a search shows the core\'s answer with its marks', async () => {
  const srv = await startServer({ dir, port: 0 });
  const context = await browser.newContext({ viewport: { width: 700, height: 900 } });
  try {
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${srv.url}trusted-types.html`);
    await page.waitForSelector('#w[data-pd-state="ready"]', { timeout: 20000 });
    // Trusted Types are on here (the old widget threw at its first snippet).
    assert.equal(await page.evaluate(() => typeof window.trustedTypes), 'object');
    const q = JSON.parse(execFileSync(cliPath, ['query', join(distDir, 'bundle.json'), '--q', '모델', '--limit', '3'], { encoding: 'utf8' }));
    assert.ok(q.total > 0 && q.hits[0].snippet.includes('<mark>'));
    await page.locator('#w').locator('input').fill('모델');
    await page.waitForFunction((ids) => JSON.stringify([...document.querySelector('#w').shadowRoot.querySelectorAll('li')].map((li) => li.dataset.pdId)) === JSON.stringify(ids), q.ids, { timeout: 10000 });
    assert.equal(await page.getAttribute('#w', 'data-pd-state'), 'ready');
    const shown = await page.evaluate(() => {
      const p = document.querySelector('#w').shadowRoot.querySelector('[part="snippet"]');
      return { text: p.textContent, marks: [...p.querySelectorAll('mark')].map((m) => m.textContent) };
    });
    // What the core's HTML parses to, in a page without Trusted Types.
    const plain = await context.newPage();
    await plain.goto(`${srv.url}plain.html`);
    const expected = await plain.evaluate((html) => {
      const t = document.createElement('div');
      t.innerHTML = html;
      return { text: t.textContent, marks: [...t.querySelectorAll('mark')].map((m) => m.textContent) };
    }, q.hits[0].snippet);
    assert.deepEqual(shown, expected);
    assert.ok(shown.marks.length > 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await srv.close();
  }
});
