// Scenario: every XSS vector of tests/spec/xss-vectors.json, rendered by the wasm core inside
// headless Chromium and inserted into a page with NO Content-Security-Policy (so any script the
// markup let through would run), runs nothing: no dialog, no call to window.__pwned, no
// request to an unexpected URL, no navigation, no on* attribute or javascript:/data:/vbscript:
// URL in the DOM, and the console stays empty.
//
// Markdown vectors go through d.renderMarkdown(md); HTML vectors become the HTML bodies of
// imported-page reviews in a small bundle, rendered with d.render(id). A positive control first
// checks that the harness does catch a live payload (raw markup with an onerror handler).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, root } from '../js/helpers.mjs';
import { launch, openViewer } from './browser.mjs';

const vectors = JSON.parse(readFileSync(join(root, 'tests/spec/xss-vectors.json'), 'utf8')).vectors;
const siteDir = join(root, 'tests/out/xss-site');
const HARNESS_FILES = ['/index.html', '/digest.js', '/digest-core.js', '/digest-core.wasm', '/bundle.json'];
// A 1x1 transparent GIF: the answer to every image request, so allowed images load quietly.
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');

// The page: a global every vector's payload may call, and a counter the test reads. Also
// counts alert/confirm/prompt/print/open without blocking (the dialog listener records them too).
const INDEX_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>xss harness</title></head>
<body><main id="out"></main>
<script>
  window.__pwnedHits = [];
  window.__pwned = (why) => { window.__pwnedHits.push(String(why)); };
</script>
</body></html>
`;

function buildSite() {
  rmSync(siteDir, { recursive: true, force: true });
  mkdirSync(siteDir, { recursive: true });
  for (const f of ['digest.js', 'digest-core.js', 'digest-core.wasm']) copyFileSync(join(distDir, f), join(siteDir, f));
  writeFileSync(join(siteDir, 'index.html'), INDEX_HTML);
  const reviews = vectors
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => v.input === 'html')
    .map(({ v, i }) => ({ id: `xss-${i}`, title: v.name, date: '2025-01-01', html: v.source }));
  writeFileSync(join(siteDir, 'bundle.json'), JSON.stringify({
    format: 'paper-digest-bundle', version: 1, title: 'XSS vectors', reviews, digests: [],
  }));
}

/** Opens the harness page; records dialogs, requests and every console message. */
async function openHarness(browser) {
  const v = await openViewer(browser, { dir: siteDir, csp: false, path: '/index.html' });
  const dialogs = [];
  const requests = [];
  const consoleAll = [];
  v.page.on('dialog', (d) => { dialogs.push(`${d.type()}: ${d.message()}`); d.dismiss().catch(() => {}); });
  v.page.on('console', (m) => consoleAll.push(`${m.type()}: ${m.text()}`));
  v.page.on('popup', (p) => dialogs.push(`popup: ${p.url()}`));
  await v.page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    requests.push(route.request().url());
    if (url.origin === new URL(v.url).origin && HARNESS_FILES.includes(url.pathname)) return route.continue();
    return route.fulfill({ status: 200, contentType: 'image/gif', body: GIF });
  });
  return { ...v, dialogs, requests, consoleAll };
}

/** Inert check run inside the page over each container: returns a list of problems. */
function inspectDom() {
  const problems = [];
  const BAD_TAGS = new Set(['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'SVG', 'MATH', 'STYLE', 'FORM', 'INPUT', 'BUTTON',
    'TEXTAREA', 'SELECT', 'META', 'LINK', 'BASE', 'FRAME', 'FRAMESET', 'APPLET', 'TEMPLATE', 'AUDIO', 'VIDEO', 'SOURCE']);
  const URL_ATTRS = ['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcset', 'ping'];
  for (const box of document.querySelectorAll('#out > div')) {
    const who = box.dataset.vector;
    for (const el of box.querySelectorAll('*')) {
      const tag = el.tagName.toUpperCase();
      // Task-list checkboxes are the one input the renderer writes: disabled, no attributes but type/checked.
      const taskBox = tag === 'INPUT' && el.getAttribute('type') === 'checkbox' && el.disabled && el.parentElement?.classList.contains('dg-task');
      if (BAD_TAGS.has(tag) && !taskBox) problems.push(`${who}: <${el.tagName.toLowerCase()}> element`);
      for (const a of el.attributes) {
        const name = a.name.toLowerCase();
        if (name.startsWith('on')) problems.push(`${who}: ${name} attribute on <${el.tagName.toLowerCase()}>`);
        if (name === 'style') problems.push(`${who}: style attribute`);
        if (URL_ATTRS.includes(name)) {
          const squashed = a.value.replace(/[\u0000-\u0020\u007f]+/g, '').toLowerCase();
          if (/^(javascript|vbscript|data|file):/.test(squashed)) problems.push(`${who}: ${name}="${a.value}"`);
          const resolved = name === 'href' ? el.href : name === 'src' ? el.src : null;
          if (resolved && !/^(https?:|mailto:)/.test(resolved)) problems.push(`${who}: ${name} resolves to ${resolved}`);
        }
      }
    }
  }
  return problems;
}

let browser;
before(async () => {
  buildSite();
  browser = await launch();
});
after(async () => { await browser?.close(); });

test('the harness catches a live payload (positive control)', async () => {
  const v = await openHarness(browser);
  try {
    await v.page.evaluate(() => {
      const box = document.createElement('div');
      box.dataset.vector = 'control';
      box.innerHTML = '<img src="x.png" onerror="__pwned(\'onerror\')" onload="__pwned(\'onload\')"><a href="javascript:alert(1)">x</a>';
      document.getElementById('out').append(box);
    });
    await v.page.waitForFunction(() => window.__pwnedHits.length > 0, null, { timeout: 5000 });
    const problems = await v.page.evaluate(inspectDom);
    assert.ok(problems.some((p) => p.includes('onerror attribute')), problems.join('\n'));
    assert.ok(problems.some((p) => p.includes('javascript:alert(1)')), problems.join('\n'));
  } finally {
    await v.close();
  }
});

test('xss vectors render inert', async () => {
  const v = await openHarness(browser);
  try {
    const startUrl = v.page.url();
    const rendered = await v.page.evaluate(async (list) => {
      const { openDigest } = await import('/digest.js');
      const d = await openDigest();
      await d.load('/bundle.json');
      const out = [];
      list.forEach((vec, i) => {
        const r = vec.input === 'html' ? d.render(`xss-${i}`) : d.renderMarkdown(vec.source);
        const box = document.createElement('div');
        box.dataset.vector = vec.name;
        box.innerHTML = r.html;
        document.getElementById('out').append(box);
        out.push({ name: vec.name, html: r.html, text: box.textContent });
      });
      return out;
    }, vectors);
    assert.equal(rendered.length, vectors.length);
    // Give event handlers (onerror/onload of images, meta refresh, autofocus) time to fire.
    await v.page.waitForLoadState('networkidle');
    await v.page.waitForTimeout(500);
    // Hover and focus every rendered element once: mouseover/focus handlers would run now.
    await v.page.evaluate(() => {
      for (const el of document.querySelectorAll('#out *')) {
        el.dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
        if (typeof el.focus === 'function') el.focus();
      }
    });
    await v.page.waitForTimeout(200);

    assert.deepEqual(await v.page.evaluate(() => window.__pwnedHits), [], 'window.__pwned was called');
    assert.deepEqual(v.dialogs, [], 'a dialog or popup opened');
    assert.equal(v.page.url(), startUrl, 'the page navigated');
    assert.deepEqual(await v.page.evaluate(inspectDom), []);
    // Requests: the harness files, and images whose src the renderer kept (http(s) only).
    const imgSrcs = new Set(await v.page.$$eval('#out img', (imgs) => imgs.map((i) => i.src)));
    const origin = new URL(v.url).origin;
    const unexpected = v.requests.filter((u) => {
      const url = new URL(u);
      if (url.origin === origin && HARNESS_FILES.includes(url.pathname)) return false;
      return !(imgSrcs.has(u) && /^https?:$/.test(url.protocol));
    });
    assert.deepEqual(unexpected, [], 'requests to unexpected URLs');
    // Text the vectors list as 'keep' survived as text.
    for (const vec of vectors) {
      if (!vec.keep) continue;
      const r = rendered.find((x) => x.name === vec.name);
      assert.ok(r.text.includes(vec.keep), `${vec.name}: "${vec.keep}" missing from ${JSON.stringify(r.text)}`);
    }
    assert.deepEqual(v.problems, []);
    assert.deepEqual(v.consoleAll, []);
  } finally {
    await v.close();
  }
});
