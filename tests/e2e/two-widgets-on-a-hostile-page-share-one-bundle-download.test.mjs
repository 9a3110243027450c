// Scenario: the widget demo page (hostile global CSS) embeds two <paper-digest> widgets with
// different tags. Each lists what the core answers for its tags, the host CSS cannot reach into
// the widgets and theirs does not leak out, attribute changes re-query at runtime, and the page
// downloads the bundle and the wasm exactly once. Strict CSP, empty console.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { startServer } from '../../scripts/serve.mjs';
import { cliPath, distDir } from '../js/helpers.mjs';
import { launch, screenshot } from './browser.mjs';
import { cspViolations, watchConsole, watchCsp } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const newest = (tag, limit) => JSON.parse(execFileSync(cliPath,
  ['query', join(distDir, 'bundle.json'), '--tag', tag, '--sort', 'date', '--limit', String(limit)], { encoding: 'utf8' })).ids;

const widgetIds = (page, id) => page.evaluate((sel) => [...document.querySelector(sel).shadowRoot.querySelectorAll('li')].map((li) => li.dataset.pdId), `#${id}`);

test('two widgets on a hostile page share one bundle download', async () => {
  const counts = {};
  const srv = await startServer({ dir: distDir, port: 0, csp: true,
    onRequest: (req, url) => { const name = url.pathname.split('/').pop(); counts[name] = (counts[name] || 0) + 1; } });
  const context = await browser.newContext({ viewport: { width: 900, height: 1400 } });
  try {
    await watchCsp(context);
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(srv.url + 'widget-demo.html');
    await page.waitForSelector('#w1[data-pd-state="ready"]', { timeout: 20000 });
    await page.waitForSelector('#w2[data-pd-state="ready"]', { timeout: 20000 });

    const w1 = newest('llm-agents', 5);
    const w2 = newest('inference-optimization', 3);
    assert.ok(w1.length > 1 && w2.length > 0);
    assert.deepEqual(await widgetIds(page, 'w1'), w1);
    assert.deepEqual(await widgetIds(page, 'w2'), w2);
    assert.notDeepEqual(w1, w2);

    // Links go to the full viewer beside widget.js.
    const href = await page.evaluate(() => document.querySelector('#w1').shadowRoot.querySelector('a[part="link"]').href);
    assert.equal(href, `${srv.url}index.html#/doc/${encodeURIComponent(w1[0])}`);

    // The host's `a { color: #0f0 !important; font-size: 30px !important }` and `* { font-family:
    // Comic Sans !important }` do not reach inside; the widget's `li { display: block }` does not
    // reach the host's list.
    const inside = await page.evaluate(() => {
      const a = document.querySelector('#w1').shadowRoot.querySelector('a[part="link"]');
      const s = getComputedStyle(a);
      return { color: s.color, size: s.fontSize, font: s.fontFamily, transform: s.textTransform, li: getComputedStyle(a.closest('li')).display };
    });
    assert.notEqual(inside.color, 'rgb(0, 255, 0)');
    assert.notEqual(inside.size, '30px');
    assert.doesNotMatch(inside.font, /Comic Sans/);
    assert.equal(inside.transform, 'none');
    assert.equal(inside.li, 'block');
    const hostLi = await page.evaluate(() => getComputedStyle(document.querySelector('.host-list li')).display);
    assert.equal(hostLi, 'inline');
    // Theming through custom properties: w2 sets --pd-accent on the element.
    const accent = await page.evaluate(() => getComputedStyle(document.querySelector('#w2').shadowRoot.querySelector('a[part="link"]')).color);
    assert.equal(accent, 'rgb(255, 180, 84)');
    // theme="dark" on w2, light system scheme: w1 light, w2 dark backgrounds.
    const bg = (id) => page.evaluate((sel) => getComputedStyle(document.querySelector(sel).shadowRoot.querySelector('[part="container"]')).backgroundColor, `#${id}`);
    assert.equal(await bg('w1'), 'rgb(255, 255, 255)');
    assert.equal(await bg('w2'), 'rgb(27, 27, 32)');
    await screenshot(page, 'widget-demo');

    // Attributes are live: the demo's buttons set tags and limit on w2.
    await page.click('button[data-demo-tags="llm-agents"]');
    await page.waitForFunction((first) => document.querySelector('#w2').shadowRoot.querySelector('li')?.dataset.pdId === first && document.querySelector('#w2').shadowRoot.querySelectorAll('li').length === 3, w1[0]);
    assert.deepEqual(await widgetIds(page, 'w2'), newest('llm-agents', 3));
    await page.click('button[data-demo-limit="1"]');
    await page.waitForFunction(() => document.querySelector('#w2').shadowRoot.querySelectorAll('li').length === 1);
    // q set from script, and the search box typed into, both query the core.
    const q = JSON.parse(execFileSync(cliPath, ['query', join(distDir, 'bundle.json'), '--q', 'agent', '--tag', 'llm-agents', '--limit', '5'], { encoding: 'utf8' }));
    await page.evaluate(() => document.querySelector('#w1').setAttribute('q', 'agent'));
    await page.waitForFunction((n) => document.querySelector('#w1').shadowRoot.querySelectorAll('li').length === n, Math.min(5, q.total));
    assert.deepEqual(await widgetIds(page, 'w1'), q.ids);
    // The snippet is the core's HTML for that hit, as the CLI writes it (compared as the DOM it
    // parses to: the widget builds the nodes itself, so quotes come back unescaped).
    assert.equal(await page.evaluate(() => document.querySelector('#w1').shadowRoot.querySelector('[part="snippet"]').innerHTML),
      await page.evaluate((html) => { const t = document.createElement('template'); t.innerHTML = html; return t.innerHTML; }, q.hits[0].snippet));

    assert.equal(counts['bundle.json'], 1, 'one bundle download for both widgets');
    assert.equal(counts['digest-core.wasm'], 1, 'one wasm download for both widgets');
    assert.deepEqual(await cspViolations(page), []);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
    await srv.close();
  }
});

test("the widget's own JS stays under 15 KB gzip", () => {
  const own = ['widget.js'].map((f) => readFileSync(join(distDir, f)));
  const gz = own.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0);
  assert.ok(gz > 1000, 'the widget is really there');
  assert.ok(gz < 15 * 1024, `widget.js is ${gz} bytes gzip`);
});
