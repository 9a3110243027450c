// Scenario: a reader opens a daily digest, sees the papers as cards in rank order, switches to
// "by upvotes" and gets the core's upvote order (digest.by_upvotes), expands a card to read all
// its sections, and walks to the previous day. The sample days happen to rank by upvotes, so this
// scenario builds its own bundle from one sample day whose fourth paper got the most upvotes.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, root } from '../js/helpers.mjs';
import { assertQuietConsole, cli, distWithBundle, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

function buildBundle() {
  const src = join(root, 'tests/out/digest-sort-src');
  rmSync(src, { recursive: true, force: true });
  mkdirSync(join(src, 'digests'), { recursive: true });
  const day = readFileSync(join(root, 'assets/content/digests/2025-12-09-daily-digest.txt'), 'utf8');
  // Rank 4 (26 upvotes) becomes the most upvoted paper of the day.
  const edited = day.replace('| ⬆️ 26 ', '| ⬆️ 900 ');
  assert.notEqual(edited, day, 'the sample day still has the line this scenario edits');
  writeFileSync(join(src, 'digests', '2025-12-09-daily-digest.txt'), edited);
  copyFileSync(join(root, 'assets/content/digests/2025-12-16-daily-digest.md'), join(src, 'digests', '2025-12-16-daily-digest.md'));
  const out = join(root, 'tests/out/digest-sort.json');
  execFileSync(cliPath, ['build', '-o', out, src], { stdio: 'pipe' });
  return out;
}

test('a digest sorts its papers by upvotes', async () => {
  const bundle = buildBundle();
  const id = 'digest-2025-12-09';
  const want = cli(['get', id], bundle);
  const rankOrder = want.digest.papers.map((p) => p.id);
  assert.notDeepEqual(want.by_upvotes, rankOrder, 'upvote order differs from rank order');
  const dir = distWithBundle('digest-sort', readFileSync(bundle));
  const v = await openViewer(browser, { dir, path: `#/digest/${id}` });
  try {
    const { page } = v;
    await ready(page);
    const cards = () => page.$$eval('.dg-card', (cs) => cs.map((c) => c.dataset.dgId));
    assert.deepEqual(await cards(), rankOrder);
    assert.deepEqual(await page.$$eval('.dg-card-rank', (rs) => rs.map((r) => r.textContent)), want.digest.papers.map((p) => `#${p.rank}`));

    await page.click('.dg-digest-sort a:nth-child(2)');
    await page.waitForFunction(() => location.hash.endsWith('?sort=upvotes'));
    await page.waitForFunction((first) => document.querySelector('.dg-card')?.dataset.dgId === first, want.by_upvotes[0]);
    assert.deepEqual(await cards(), want.by_upvotes);
    assert.equal(await page.getAttribute('.dg-digest-sort a:nth-child(2)', 'aria-current'), 'true');
    // Each card carries the markers the issue lists.
    const first = want.digest.papers.find((p) => p.id === want.by_upvotes[0]);
    assert.equal(await page.textContent('.dg-card .dg-card-upvotes'), `⬆️ ${first.upvotes}`);
    assert.equal(await page.textContent('.dg-card .dg-card-inst'), first.institution);
    assert.equal(await page.textContent('.dg-card .dg-card-summary'), first.summary);

    // Expanding a card shows all its sections, rendered by the core.
    await page.click('.dg-card .dg-expand');
    assert.equal(await page.getAttribute('.dg-card .dg-expand', 'aria-expanded'), 'true');
    assert.ok((await page.$$eval('.dg-card .dg-card-details h2, .dg-card .dg-card-details h3, .dg-card .dg-card-details p', (n) => n.length)) > 2);
    // ... and nothing the card shows already: no second set of markers (the core's are in Korean),
    // tags, prerequisites or summary (the text on screen, not the markup).
    const details = await page.$eval('.dg-card .dg-card-details', (n) => n.innerText);
    assert.doesNotMatch(details, /⬆️|랭킹|추천|전문 분석|초록/);
    for (const tag of first.tags) assert.ok(!details.includes(tag), `tag ${tag} repeated in the details`);
    if (first.summary) assert.ok(!details.includes(first.summary), 'summary repeated in the details');
    // Every card open at once: their sections share names, never ids (each paper's were the same).
    for (const more of await page.$$('.dg-card .dg-expand[aria-expanded="false"]')) await more.click();
    const ids = await page.$$eval('[id]', (ns) => ns.map((n) => n.id));
    assert.ok(ids.filter((x) => /^p\d+-/.test(x)).length > 2 * rankOrder.length, 'section ids by rank');
    assert.deepEqual(ids.filter((x, i) => ids.indexOf(x) !== i), [], 'no id twice on the page');
    // The paper's own page: the markers once, in the reader's language, the arXiv link once.
    await page.click('.dg-card .dg-card-title a');
    await page.waitForFunction((pid) => document.querySelector('.dg-doc')?.dataset.dgId === pid, first.id);
    const pageText = await page.$eval('.dg-doc', (n) => n.innerText);
    assert.equal((pageText.match(/⬆️/g) || []).length, 1, 'upvotes once');
    assert.doesNotMatch(pageText, /랭킹|전문 분석/);
    if (first.arxiv) assert.equal((pageText.match(new RegExp(first.arxiv.replace('.', '\\.'), 'g')) || []).length, 1, 'arXiv id once');
    assert.equal(await page.$$eval('.dg-doc .dg-tag', (ts) => ts.filter((t) => t.offsetParent !== null).length), first.tags.length);
    await page.goBack();
    await page.waitForSelector('.dg-card');

    // The sort survives a reload (it is in the URL); next day follows the core's link, in the
    // same order.
    await page.reload();
    await ready(page);
    assert.deepEqual(await cards(), want.by_upvotes);
    assert.equal(await page.getAttribute('.dg-next', 'href'), `#/digest/${encodeURIComponent(want.next.id)}?sort=upvotes`);
    await page.click('.dg-next');
    await page.waitForFunction((n) => document.querySelector('.dg-digest')?.dataset.dgId === n, want.next.id);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
