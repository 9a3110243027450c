// Scenario: a reader types a search on a wide screen (sidebar beside the results). No result card
// becomes a compositor layer of its own: each one would be rastered and committed apart on every
// keystroke. (The sticky sidebar is a composited layer; anything painted after it that may
// overlap it gets a layer, so it is painted last: style.css, .dg-sidebar.)
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { assertQuietConsole, cli, launch, openViewer, ready, searchReady, waitForTotal } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('result cards are painted into the page\'s layer', async () => {
  const v = await openViewer(browser, { viewport: { width: 1280, height: 900 } });
  try {
    const { page } = v;
    await ready(page);
    await searchReady(page);
    const cdp = await v.context.newCDPSession(page);
    let layers = null;
    cdp.on('LayerTree.layerTreeDidChange', (e) => { if (e.layers) layers = e.layers; });
    await cdp.send('DOM.enable');
    await cdp.send('DOM.getDocument');
    await cdp.send('LayerTree.enable');
    const want = cli(['query', '--q', '모델', '--expand', '--limit', '20']);
    await page.fill('#dg-search', '모델');
    await waitForTotal(page, want.total);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    for (let i = 0; i < 20 && !layers; ++i) await page.waitForTimeout(50);
    assert.ok(layers && layers.length > 0, 'the layer tree was reported');
    const owners = [];
    for (const l of layers) {
      if (!l.backendNodeId) continue;
      const { node } = await cdp.send('DOM.describeNode', { backendNodeId: l.backendNodeId });
      owners.push(`${node.nodeName.toLowerCase()}.${((node.attributes || [])[(node.attributes || []).indexOf('class') + 1] || '')}`);
    }
    assert.ok(owners.some((o) => o.includes('dg-sidebar')), `the sticky sidebar has its layer (${owners.join(', ')})`);
    const cards = owners.filter((o) => /dg-item/.test(o));
    assert.deepEqual(cards, [], 'no result card has a layer of its own');
    assertQuietConsole(v);
  } finally {
    await v.close();
  }
});
