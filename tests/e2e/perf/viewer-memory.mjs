#!/usr/bin/env node
// viewer-memory.mjs — not a test: the viewer's wasm memory in Chromium once it has loaded a bundle
// the way a reader's first visit does (the download read ahead as it arrives, then the full-text
// index built in the background), as a ratio to the bundle's size (issue 4: <= 2x at 20k).
// The init script keeps each wasm instance's exported memory as it is instantiated; the figure is
// its size once body[data-dg-search="ready"] says the index is built. Two fresh visits.
//   node tests/e2e/perf/viewer-memory.mjs DIST BUNDLE.json
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { startServer } from '../../../scripts/serve.mjs';
import { launch } from '../browser.mjs';
import { root } from '../../js/helpers.mjs';
const [distArg, bundle] = process.argv.slice(2);
if (!distArg || !bundle) {
  console.error('usage: viewer-memory.mjs DIST BUNDLE.json');
  process.exit(2);
}
const size = statSync(bundle).size;
const dir = join(root, 'tests/out/dist-memory');
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
cpSync(distArg, dir, { recursive: true });
copyFileSync(bundle, join(dir, 'cX.json'));
const srv = await startServer({ dir, port: 0, csp: true });
const browser = await launch();
try {
  for (let visit = 0; visit < 2; ++visit) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.addInitScript(() => {
      window.__mems = [];
      const inst = WebAssembly.instantiate, instS = WebAssembly.instantiateStreaming;
      const keep = (r) => { const i = r.instance || r; if (i.exports && i.exports.memory) window.__mems.push(i.exports.memory); return r; };
      WebAssembly.instantiate = (...a) => inst(...a).then(keep);
      if (instS) WebAssembly.instantiateStreaming = (...a) => instS(...a).then(keep);
    });
    const page = await context.newPage();
    await page.goto(`${srv.url}?bundle=cX.json#/`);
    await page.waitForSelector('body[data-dg-search="ready"]', { timeout: 300000 });
    await page.waitForTimeout(500);
    const bytes = await page.evaluate(() => window.__mems.map((m) => m.buffer.byteLength));
    console.log(`visit ${visit + 1}: wasm memory ${bytes.join(', ')} bytes, ${bytes.map((b) => (b / size).toFixed(3)).join(', ')}x the bundle (${size} bytes)`);
    await context.close();
  }
} finally {
  await browser.close();
  srv.close();
}
