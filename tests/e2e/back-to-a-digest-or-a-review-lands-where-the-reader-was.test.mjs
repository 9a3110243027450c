// Scenario: a reader goes on from a page and comes Back to it. They land where they were:
// - on a daily digest whose cards they expanded, the cards are expanded again and the card they
//   opened a paper from is where it was on screen (collapsed, the page was shorter and the
//   position was clamped far above it), with focus on the link they followed;
// - on a review with math, the heading they had scrolled to is where it was (the math is typeset
//   just after the page is drawn, and changes the heights above it).
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertQuietConsole, bundlePath, cli, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('Back to a digest day brings back the expanded cards and the place', async () => {
  const day = JSON.parse(readFileSync(bundlePath, 'utf8')).digests.find((g) => g.kind === 'daily' && g.papers.length >= 3);
  assert.ok(day, 'the sample has a daily digest with three papers or more');
  const v = await openViewer(browser, { path: `#/digest/${day.id}`, viewport: { width: 1280, height: 700 } });
  try {
    const { page } = v;
    await ready(page);
    for (const b of await page.$$('.dg-card .dg-expand')) await b.click();
    const last = await page.$$eval('.dg-card', (cs) => cs[cs.length - 1].dataset.dgId);
    await page.evaluate((id) => document.querySelector(`.dg-card[data-dg-id="${id}"]`).scrollIntoView({ block: 'start' }), last);
    await page.waitForTimeout(100);
    const where = () => page.evaluate((id) => ({
      y: Math.round(scrollY), top: Math.round(document.querySelector(`.dg-card[data-dg-id="${id}"]`).getBoundingClientRect().top),
      expanded: [...document.querySelectorAll('.dg-card .dg-expand')].map((b) => b.getAttribute('aria-expanded')),
    }), last);
    const before = await where();
    assert.ok(before.expanded.length >= 3 && before.expanded.every((x) => x === 'true'));
    assert.ok(before.y > 1500, `the last card is far down the expanded page (${before.y})`);
    await page.click(`.dg-card[data-dg-id="${last}"] .dg-card-title a`);
    await page.waitForFunction(() => document.body.dataset.dgView === 'doc');
    await page.goBack();
    await page.waitForFunction((id) => document.body.dataset.dgView === 'digest' && document.querySelector(`.dg-card[data-dg-id="${id}"]`), last);
    await page.waitForTimeout(200);
    const back = await where();
    assert.deepEqual(back.expanded, before.expanded, 'the cards are expanded again');
    assert.equal(back.y, before.y, 'the page is scrolled where it was');
    assert.ok(Math.abs(back.top - before.top) < 2, `the card is where it was on screen (${before.top}, now ${back.top})`);
    // Focus is on the link the reader followed (Tab goes on from there), not on the heading far above.
    assert.equal(await page.evaluate(() => document.activeElement?.closest('.dg-card')?.dataset.dgId), last);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('Back to a review with math lands on the heading the reader was at', async () => {
  const reviews = cli(['list', '--limit', '1000']).docs.filter((d) => d.kind === 'review');
  const doc = reviews.map((d) => cli(['get', d.id]).doc).find((d) => (d.markdown || '').includes('$$'));
  assert.ok(doc, 'the sample has a review with display math');
  const v = await openViewer(browser, { path: `#/doc/${encodeURIComponent(doc.id)}`, viewport: { width: 1280, height: 600 } });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForSelector('.dg-doc-body .dg-math math');
    const heading = await page.$$eval('.dg-doc-body h2, .dg-doc-body h3', (hs) => hs[hs.length - 1].id);
    await page.evaluate((id) => document.getElementById(id).scrollIntoView({ block: 'start' }), heading);
    await page.waitForTimeout(200);
    const where = () => page.evaluate((id) => ({ y: Math.round(scrollY), top: Math.round(document.getElementById(id).getBoundingClientRect().top) }), heading);
    const before = await where();
    const link = await page.$('.dg-related a, .dg-next, .dg-prev');
    await link.evaluate((a) => a.click());
    await page.waitForFunction((id) => document.querySelector('.dg-doc') && document.querySelector('.dg-doc').dataset.dgId !== id, doc.id);
    await page.goBack();
    await page.waitForFunction((id) => document.querySelector('.dg-doc')?.dataset.dgId === id, doc.id);
    await page.waitForSelector('.dg-doc-body .dg-math math');
    await page.waitForTimeout(300);
    const back = await where();
    assert.equal(back.y, before.y, 'the page is scrolled where it was');
    assert.ok(Math.abs(back.top - before.top) < 2, `the heading is where it was on screen (${before.top}, now ${back.top})`);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
