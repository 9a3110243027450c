// Scenarios found by QA on the reading views:
// - focusing a control of the sticky header (/, Tab) scrolled a long page up by 400-800 px;
// - Back to a page left by a link that appears more than once (a tag on several cards) focused
//   the first copy, far above the place returned to;
// - the previous/next-day links dropped the order chosen (by upvotes);
// - "Mark as unread" was undone by a reload of the same page;
// - a weekly roundup's card repeated its summary as the last line of its details, and the
//   paper's page put that lead paragraph after its sections.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const list = () => cli(['list', '--limit', '1000']);

test('focusing the header\'s controls leaves a long page where it is', async () => {
  const review = list().docs.find((d) => d.kind === 'review' && d.id.includes('TideRoute'));
  for (const viewport of [{ width: 1280, height: 800 }, { width: 390, height: 844 }]) {
    const v = await openViewer(browser, { path: `#/doc/${encodeURIComponent(review.id)}`, viewport });
    try {
      const { page } = v;
      await ready(page);
      await page.waitForSelector('.dg-doc-body');
      const y = Math.min(1200, await page.evaluate(() => document.documentElement.scrollHeight - innerHeight - 10));
      assert.ok(y > 400, `the review scrolls (${y})`);
      await page.evaluate((y) => { document.activeElement?.blur(); window.scrollTo(0, y); }, y);
      await page.keyboard.press('/');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'dg-search');
      assert.equal(await page.evaluate(() => window.scrollY), y, `/ (${viewport.width} px)`);
      await page.keyboard.press('Shift+Tab');
      assert.ok(await page.evaluate(() => !!document.activeElement?.closest('.dg-header')), 'still in the header');
      assert.equal(await page.evaluate(() => window.scrollY), y, `Shift+Tab (${viewport.width} px)`);
      // A heading in the page reached by the TOC still lands below the sticky header.
      const toc = await page.$('.dg-toc a');
      if (viewport.width > 1000) {
        assert.ok(toc, 'the review has a table of contents');
        await toc.click();
        const target = await toc.getAttribute('data-dg-target');
        const gap = () => page.evaluate((id) => document.getElementById(id).getBoundingClientRect().top
          - document.querySelector('.dg-header').getBoundingClientRect().bottom, target);
        await page.waitForFunction((id) => document.activeElement?.id === id, target);
        await page.waitForFunction((id) => {  // (the scroll may be smooth: wait for it to end)
          const top = document.getElementById(id).getBoundingClientRect().top;
          const same = window.__lastTop === top;
          window.__lastTop = top;
          return same;
        }, target, { polling: 100, timeout: 5000 });
        const g = await gap();
        assert.ok(g >= 0 && g < 40, `the heading is just below the header (${g})`);
      }
      assertQuietConsole(v);
    } finally {
      await v.close();
    }
  }
});

test('Back focuses the copy of a repeated link the reader followed', async () => {
  const day = cli(['get', 'digest-2025-12-16']).digest;
  // A tag carried by an earlier card and a later one: the later one is followed.
  let tag = null, later = null;
  day.papers.forEach((p, i) => (p.tags || []).forEach((t) => {
    if (!tag && i > 0 && day.papers.slice(0, i).some((q) => (q.tags || []).includes(t))) { tag = t; later = p.id; }
  }));
  assert.ok(tag, 'the day has a tag on two cards');
  const v = await openViewer(browser, { path: '#/digest/digest-2025-12-16', viewport: { width: 390, height: 844 } });
  try {
    const { page } = v;
    await ready(page);
    const link = page.locator(`.dg-card[data-dg-id="${later}"] a.dg-tag`, { hasText: tag }).first();
    await link.scrollIntoViewIfNeeded();
    await link.click();
    await page.waitForFunction(() => document.body.dataset.dgView === 'home');
    await page.goBack();
    await page.waitForFunction(() => document.body.dataset.dgView === 'digest');
    await page.waitForFunction(() => document.activeElement?.classList.contains('dg-tag'));
    assert.equal(await page.evaluate(() => document.activeElement.closest('.dg-card')?.dataset.dgId), later);
    const top = await page.evaluate(() => document.activeElement.getBoundingClientRect().top);
    assert.ok(top >= 0 && top < 844, `the focused link is on screen (${top})`);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('the previous and next days keep the order by upvotes', async () => {
  const day = cli(['get', 'digest-2025-12-09']);
  assert.ok(day.prev && day.next, 'the day has a day before and after it');
  const v = await openViewer(browser, { path: '#/digest/digest-2025-12-09?sort=upvotes' });
  try {
    const { page } = v;
    await ready(page);
    for (const sel of ['.dg-prev', '.dg-next']) {
      const href = await page.getAttribute(`.dg-digest ${sel}`, 'href').catch(() => null);
      if (href) assert.match(href, /^#\/digest\/[^?]+\?sort=upvotes$/, sel);
    }
    await page.click('.dg-digest .dg-next, .dg-digest .dg-prev');
    await page.waitForFunction(() => /\?sort=upvotes$/.test(location.hash) && !location.hash.includes('2025-12-09'));
    assert.equal(await page.getAttribute('.dg-digest-sort [aria-current="true"]', 'href').then((h) => h.endsWith('?sort=upvotes')), true);
    // By rank, the links say nothing of an order.
    await page.goto(v.url + '#/digest/digest-2025-12-09');
    await ready(page);
    await page.waitForSelector('.dg-digest[data-dg-id="digest-2025-12-09"]');
    for (const sel of ['.dg-prev', '.dg-next']) {
      const href = await page.getAttribute(`.dg-digest ${sel}`, 'href').catch(() => null);
      if (href) assert.ok(!href.includes('sort'), href);
    }
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('a document marked unread stays so when its page is reloaded', async () => {
  const doc = list().docs.find((d) => d.kind === 'review');
  const v = await openViewer(browser, { path: `#/doc/${encodeURIComponent(doc.id)}` });
  try {
    const { page } = v;
    await ready(page);
    await page.waitForSelector('.dg-read-toggle');
    assert.equal(await page.textContent('.dg-read-toggle'), 'Mark as unread', 'opening it marked it read');
    await page.click('.dg-read-toggle');
    assert.equal(await page.textContent('.dg-read-toggle'), 'Mark as read');
    await page.reload();
    await ready(page);
    await page.waitForSelector('.dg-read-toggle');
    assert.equal(await page.textContent('.dg-read-toggle'), 'Mark as read', 'still unread after the reload');
    // Opened anew from the list, it is read again.
    await page.goto(v.url + '#/');
    await ready(page);
    await page.click(`.dg-item[data-dg-id="${doc.id}"] .dg-item-link`);
    await page.waitForSelector(`.dg-doc[data-dg-id="${doc.id}"] .dg-read-toggle`);
    assert.equal(await page.textContent('.dg-read-toggle'), 'Mark as unread');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});

test('a weekly roundup\'s card says its lead once, and the paper\'s page puts it first', async () => {
  const paper = cli(['get', 'roundup-2025-10-05/1']).doc;
  assert.ok(paper.summary && paper.sections.length > 0);
  const v = await openViewer(browser, { path: '#/digest/roundup-2025-10-05' });
  try {
    const { page } = v;
    await ready(page);
    const card = page.locator(`.dg-card[data-dg-id="${paper.id}"]`);
    await card.locator('.dg-expand').click();
    await card.locator('.dg-card-details .dg-section').first().waitFor();
    const shown = await card.evaluate((c) => c.innerText);
    const lead = paper.summary.slice(paper.title.length, paper.title.length + 25);
    assert.equal(shown.split(lead).length - 1, 1, `the lead is said once on the card: ${shown}`);
    await page.goto(v.url + `#/doc/${encodeURIComponent(paper.id)}`);
    await ready(page);
    await page.waitForSelector('.dg-doc-body .dg-section');
    const order = await page.$eval('.dg-doc-body', (b) => [b.innerText.indexOf('1. ' + document.querySelector('.dg-doc-title').textContent.trim()), b.innerText.indexOf(b.querySelector('.dg-section').innerText.trim().slice(0, 5))]);
    assert.ok(order[0] >= 0 && order[0] < order[1], `the lead comes before the sections (${order})`);
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
