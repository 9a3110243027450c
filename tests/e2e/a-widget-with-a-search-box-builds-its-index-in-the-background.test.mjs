// Scenario: a page embeds the widget. With a search box, its core builds the full-text index in
// the background once the list is shown (short tasks, d.prepareSearchInBackground), so the
// reader's first search does not build it; a list-only widget (search="false") never builds it,
// since wasm memory, once grown, is the host page's for good. Checked through the shared core
// (widget.js exports coreFor): a first text query grows the core's memory by the index's size
// only where the index was not built yet.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../../scripts/serve.mjs';
import { distDir, root } from '../js/helpers.mjs';
import { launch } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const dir = join(root, 'tests/out/widget-index');

function page(search) {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>widget</title>
<script type="module" src="widget.js"></script></head>
<body><paper-digest id="w" src="bundle.json" limit="3"${search ? '' : ' search="false"'}></paper-digest></body></html>`;
}

test('a widget with a search box builds its index in the background, a list-only widget does not', async () => {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  cpSync(distDir, dir, { recursive: true });
  writeFileSync(join(dir, 'with-search.html'), page(true));
  writeFileSync(join(dir, 'list-only.html'), page(false));
  const srv = await startServer({ dir, port: 0, csp: true });
  try {
    const growth = {};
    for (const name of ['with-search', 'list-only']) {
      const context = await browser.newContext();
      const p = await context.newPage();
      await p.goto(`${srv.url}${name}.html`);
      await p.waitForSelector('#w[data-pd-state="ready"]', { timeout: 20000 });
      await p.waitForTimeout(1500);  // idle: time for a background build
      growth[name] = await p.evaluate(async () => {
        const { coreFor } = await import('./widget.js');
        const d = await coreFor('bundle.json');
        const before = d.heapInUse();
        const res = d.query({ q: '모델', limit: 1 });
        return { grew: d.heapInUse() - before, total: res.total };
      });
      await context.close();
    }
    assert.ok(growth['with-search'].total > 0 && growth['with-search'].total === growth['list-only'].total);
    // The sample bundle's full-text index is ~450 KB of core memory.
    assert.ok(growth['list-only'].grew > 200 * 1024, `list-only: the first search built the index (+${growth['list-only'].grew} bytes)`);
    assert.ok(growth['with-search'].grew < 64 * 1024, `with a search box it was built before (+${growth['with-search'].grew} bytes)`);
  } finally {
    await srv.close();
  }
});
