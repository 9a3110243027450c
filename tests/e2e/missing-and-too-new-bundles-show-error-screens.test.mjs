// Scenario: the viewer is pointed (?bundle=) at a bundle that does not exist, then at one written
// by a newer version of the format. Each time it shows an error screen with the core's message
// and code — the same message `digest validate` prints — never a blank page, and ways out that
// work: "try again" reloads, and the link to the default collection opens it.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath } from '../js/helpers.mjs';
import { assertQuietConsole, bundlePath, distWithBundle, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('missing and too-new bundles show error screens', async () => {
  const missing = await openViewer(browser, { path: '?bundle=no-such-bundle.json' });
  try {
    await ready(missing.page, 'error');
    assert.equal(await missing.page.textContent('.dg-error-code'), 'code: NOT_FOUND');
    assert.match(await missing.page.textContent('.dg-error-message'), /no-such-bundle\.json.*404/);
    // What it means, in the reader's language, above the core's own words.
    assert.match(await missing.page.textContent('.dg-error-hint'), /not found/);
    // No link home: with no bundle there is no home to show (a hash link would change nothing).
    assert.equal(await missing.page.$('.dg-error a[href="#/"]'), null);
    // "Try again" asks for the bundle again (a reload: the same error, from a new request).
    const requests = [];
    missing.page.on('request', (r) => { if (r.url().includes('no-such-bundle.json')) requests.push(r.url()); });
    await Promise.all([missing.page.waitForEvent('load'), missing.page.click('.dg-error-retry')]);
    await ready(missing.page, 'error');
    assert.ok(requests.length >= 1, 'the retry fetched the bundle again');
    // The default collection, one click away.
    const href = await missing.page.getAttribute('.dg-error-default', 'href');
    assert.ok(!href.includes('bundle='), href);
    await missing.page.click('.dg-error-default');
    await ready(missing.page);
    assert.ok(await missing.page.$$eval('.dg-list .dg-item', (items) => items.length) > 0);
    assert.ok(!missing.page.url().includes('bundle='), missing.page.url());
    // The browser itself logs the failed request; nothing else may appear.
    assertQuietConsole(missing, (p) => p.includes('404'));
  } finally {
    await missing.close();
  }

  // A Korean reader gets the explanation in Korean; the core's message stays as the CLI prints it.
  const korean = await openViewer(browser, { path: '?bundle=no-such-bundle.json', locale: 'ko-KR' });
  try {
    await ready(korean.page, 'error');
    assert.equal(await korean.page.textContent('.dg-error-title'), '번들을 불러올 수 없습니다');
    assert.match(await korean.page.textContent('.dg-error-hint'), /찾을 수 없습니다/);
    assert.match(await korean.page.textContent('.dg-error-message'), /no-such-bundle\.json.*404/);
    assert.equal(await korean.page.textContent('.dg-error-retry'), '다시 시도');
  } finally {
    await korean.close();
  }

  const original = readFileSync(bundlePath, 'utf8');
  const newer = original.replace('"version":1,', '"version":99,');
  assert.notEqual(newer, original);
  const dir = distWithBundle('too-new', newer);
  let validatorMessage = '';
  try {
    execFileSync(cliPath, ['validate', join(dir, 'bundle.json')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    validatorMessage = `${e.stdout}${e.stderr}`;
  }
  assert.match(validatorMessage, /version/i, 'the CLI refuses the newer version');
  const v = await openViewer(browser, { dir });
  try {
    await ready(v.page, 'error');
    assert.equal(await v.page.textContent('.dg-error-code'), 'code: UNSUPPORTED_VERSION');
    const shown = await v.page.textContent('.dg-error-message');
    assert.ok(validatorMessage.includes(shown), `viewer: ${shown}\ncli: ${validatorMessage}`);
    assert.match(await v.page.textContent('.dg-error-hint'), /newer format/);
    // The default bundle itself failed: "try again" is offered, no link to a default collection.
    assert.ok(await v.page.isVisible('.dg-error-retry'));
    assert.equal(await v.page.$('.dg-error-default'), null);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

// A link can name any "bundle": one in a data: URL would put anyone's words in the viewer. It is
// refused before anything is fetched, also where the site is served without the CSP that blocks
// it anyway.
test('a bundle address that is not http(s) is refused with a clear error', async () => {
  const fake = encodeURIComponent('data:application/json,{"format":"paper-digest-bundle","version":1,"reviews":[],"digests":[]}');
  for (const csp of [false, true]) {
    const v = await openViewer(browser, { path: `?bundle=${fake}`, csp });
    try {
      await ready(v.page, 'error');
      assert.equal(await v.page.textContent('.dg-error-code'), 'code: BAD_URL');
      assert.match(await v.page.textContent('.dg-error-hint'), /http\(s\)/);
      assert.match(await v.page.textContent('.dg-error-message'), /^data:application\/json.*http or https only/);
      assertQuietConsole(v);
    } finally {
      await v.close();
    }
  }
});

// A bundle with one bad document: the rest is shown, and the footer says what was skipped, opening
// to the problem in the words `digest validate` prints (what and where), so nothing goes missing
// without a word (it only counted them before).
test('a bundle with a bad document shows the rest and names the problem under the footer', async () => {
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  bundle.reviews[1].excerpt = 'LONE_SURROGATE';
  const text = JSON.stringify(bundle).replace('"LONE_SURROGATE"', '"a\\ud800b"');
  const dir = distWithBundle('one-bad-document', text);
  let validated = '';
  try {
    execFileSync(cliPath, ['validate', join(dir, 'bundle.json')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    validated = e.stderr;
  }
  assert.match(validated, /lone surrogate .* in reviews\[1\]\.excerpt \(skipped\)/);
  const v = await openViewer(browser, { dir });
  try {
    await ready(v.page);
    const total = bundle.reviews.length + bundle.digests.reduce((n, g) => n + g.papers.length, 0);
    await v.page.waitForFunction((n) => document.getElementById('dg-status').textContent.startsWith(`${n} `), total - 1);
    assert.equal(await v.page.isVisible('#dg-footer-problems'), true);
    assert.equal(await v.page.textContent('#dg-footer-problems > summary'), '1 document skipped');
    await v.page.click('#dg-footer-problems > summary');
    const items = await v.page.$$eval('#dg-footer-problems li', (lis) => lis.map((li) => li.textContent));
    assert.equal(items.length, 1);
    assert.ok(validated.includes(items[0]), `viewer: ${items[0]}\ncli: ${validated}`);
    // The count and the list, and nothing else when every problem is listed (QA: a stray "null"
    // followed the list).
    const parts = await v.page.$eval('#dg-footer-problems', (box) => ({
      tags: [...box.children].map((c) => c.tagName), text: box.textContent }));
    assert.deepEqual(parts.tags, ['SUMMARY', 'UL']);
    assert.equal(parts.text, `1 document skipped${items[0]}`);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
  // More problems than the footer lists: the first twenty, then how many more.
  const many = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const base = many.reviews[0];
  for (let i = 0; i < 25; ++i) many.reviews.push({ ...base, id: `bad-${i}`, excerpt: 'LONE_SURROGATE' });
  const manyDir = distWithBundle('many-bad-documents', JSON.stringify(many).replaceAll('"LONE_SURROGATE"', '"a\\ud800b"'));
  const w = await openViewer(browser, { dir: manyDir });
  try {
    await ready(w.page);
    await w.page.click('#dg-footer-problems > summary');
    const parts = await w.page.$eval('#dg-footer-problems', (box) => ({
      tags: [...box.children].map((c) => c.tagName), items: box.querySelectorAll('li').length, last: box.lastElementChild.textContent }));
    assert.deepEqual(parts.tags, ['SUMMARY', 'UL', 'P']);
    assert.equal(parts.items, 20);
    assert.equal(parts.last, 'and 5 more (digest validate lists them all)');
    assertQuietConsole(w);
  } finally {
    await w.close();
  }
  // A clean bundle: nothing under the footer.
  const clean = await openViewer(browser);
  try {
    await ready(clean.page);
    assert.equal(await clean.page.isVisible('#dg-footer-problems'), false);
  } finally {
    await clean.close();
  }
});
