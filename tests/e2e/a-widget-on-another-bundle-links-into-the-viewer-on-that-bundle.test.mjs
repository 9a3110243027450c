// Scenario: a host page embeds <paper-digest> on a bundle that is not the viewer's default
// (src="other.json"), papers only, by upvotes. Its links open the viewer on that same bundle
// (?bundle=; they used to open the default one, where the id is "not found"), and "See all" carries
// the widget's whole request (tag, kind, sort), so the viewer lists what the widget counted. A
// request the core refuses shows why, in place of the old list; `limit` is brought into 1-50.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { bundlePath, cli, distWithBundle, launch, ready, waitForTotal } from './browser.mjs';
import { cspViolations, watchConsole, watchCsp } from './pwa.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const shadow = (page, fn, arg) => page.evaluate(([f, a]) => new Function('root', 'arg', `return (${f})(root, arg)`)(document.querySelector('paper-digest').shadowRoot, a), [fn.toString(), arg]);

test('a widget on another bundle links into the viewer on that bundle', async () => {
  const bytes = readFileSync(bundlePath);
  const dir = distWithBundle('widget-other-bundle', bytes);
  writeFileSync(join(dir, 'other.json'), bytes);
  writeFileSync(join(dir, 'host.html'), `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>host</title><link rel="icon" href="icons/icon-192.png">
<script type="module" src="widget.js"></script></head><body>
<paper-digest src="other.json" tags="llm-agents" kind="paper" sort="upvotes" search="false"></paper-digest></body></html>`);
  const want = cli(['query', '--tag', 'llm-agents', '--kind', 'paper', '--sort', 'upvotes', '--limit', '5']);
  assert.ok(want.total > 1 && want.total < cli(['query', '--tag', 'llm-agents', '--limit', '0']).total, 'kind narrows the tag');

  const srv = await startServer({ dir, port: 0, csp: true });
  const context = await browser.newContext({ viewport: { width: 900, height: 900 }, locale: 'en-US' });
  try {
    await watchCsp(context);
    const page = await context.newPage();
    const problems = watchConsole(page);
    await page.goto(`${srv.url}host.html`);
    await page.waitForSelector('paper-digest[data-pd-state="ready"]', { timeout: 20000 });
    assert.deepEqual(await shadow(page, (r) => [...r.querySelectorAll('li')].map((li) => li.dataset.pdId)), want.ids);
    const link = await shadow(page, (r) => r.querySelector('a[part="link"]').href);
    assert.equal(link, `${srv.url}index.html?bundle=%2Fother.json#/doc/${encodeURIComponent(want.ids[0])}`);
    const more = new URL(await shadow(page, (r) => r.querySelector('a[part="more"]').href));
    assert.equal(more.searchParams.get('bundle'), '/other.json');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(more.hash.split('?')[1])), { tag: 'llm-agents', kind: 'paper', sort: 'upvotes' });

    // Limits: 0 and -3 show one document ("1 document"), 500 the most a widget shows.
    await page.evaluate(() => document.querySelector('paper-digest').setAttribute('limit', '0'));
    await page.waitForFunction(() => document.querySelector('paper-digest').shadowRoot.querySelectorAll('li').length === 1);
    await page.evaluate(() => document.querySelector('paper-digest').setAttribute('limit', '-3'));
    await page.waitForTimeout(100);
    assert.equal(await shadow(page, (r) => r.querySelectorAll('li').length), 1);
    await page.evaluate(() => { const w = document.querySelector('paper-digest'); w.setAttribute('tags', 'no-such-tag-at-all'); w.removeAttribute('kind'); });
    await page.waitForFunction(() => document.querySelector('paper-digest').shadowRoot.querySelector('[part="count"]').textContent === '0 documents');
    const one = cli(['query', '--q', 'Splatwalk', '--limit', '0']).total;
    assert.equal(one, 1);
    await page.evaluate(() => { const w = document.querySelector('paper-digest'); w.removeAttribute('tags'); w.setAttribute('q', 'Splatwalk'); w.setAttribute('search', 'true'); });
    await page.waitForFunction(() => document.querySelector('paper-digest').shadowRoot.querySelector('[part="count"]').textContent === '1 document');

    // A sort the core does not know: the reason, and nothing of the last answer.
    await page.evaluate(() => document.querySelector('paper-digest').setAttribute('sort', 'sideways'));
    await page.waitForSelector('paper-digest[data-pd-state="error"]');
    assert.match(await shadow(page, (r) => r.querySelector('[part="status"]').textContent), /^Invalid settings: .*sideways/);
    assert.equal(await shadow(page, (r) => r.querySelectorAll('li').length), 0);
    assert.equal(await shadow(page, (r) => r.querySelector('[part="count"]').textContent), '');
    assert.equal(await shadow(page, (r) => r.querySelector('a[part="more"]').hidden), true);

    // Following the widget's link opens that paper in the viewer, on the widget's bundle.
    await page.goto(link);
    await ready(page);
    await page.waitForFunction((id) => document.querySelector('.dg-doc')?.dataset.dgId === id, want.ids[0]);
    await page.goto(more.href);
    await ready(page);
    await waitForTotal(page, want.total);
    assert.deepEqual(problems, []);
    assert.deepEqual(await cspViolations(page), []);
  } finally {
    await context.close();
    await srv.close();
  }
});
