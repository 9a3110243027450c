// bench-page.mjs — the browser side of scripts/bench --browser: the same harness as in Node, with
// peers imported from node_modules by URL (no bundler). A peer whose files do not load that way
// is skipped with a note saying so. Query string: ?bundle=URL&quick=1. The result is published
// as window.benchResult (or window.benchError) for tests/bench/run-browser.mjs.
import { runBench } from '../harness.mjs';
import { openDigest } from '/dist/digest.js';

const params = new URLSearchParams(location.search);
const logEl = document.getElementById('bench-log');
const log = (s) => { logEl.textContent += `${s}\n`; console.log(s); };
const notes = [];

async function tryImport(name, url, pick) {
  try {
    const m = await import(url);
    return await pick(m);
  } catch (e) {
    notes.push(`${name}: skipped in the browser — no build that loads from node_modules without a bundler (${e && e.message ? e.message : e})`);
    return undefined;
  }
}

async function main() {
  const libs = {
    MiniSearch: await tryImport('minisearch', '/node_modules/minisearch/dist/es/index.js', (m) => m.default),
    FlexSearch: await tryImport('flexsearch', '/node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs', (m) => m.default),
    Orama: await tryImport('@orama/orama', '/node_modules/@orama/orama/dist/browser/index.js', (m) => m),
    itemsjs: await tryImport('itemsjs', '/node_modules/itemsjs/dist/index.module.js', (m) => m.default),
    MarkdownIt: await tryImport('markdown-it', '/node_modules/markdown-it/dist/browser/markdown-it.esm.min.mjs', (m) => m.default),
    marked: await tryImport('marked', '/node_modules/marked/lib/marked.esm.js', (m) => m.marked),
    // markdown-wasm's ES build fetches "markdown.wasm" beside the page: markdown.wasm here is a
    // symlink to node_modules/markdown-wasm/dist/markdown.wasm. Its `ready` never settles when that
    // fetch fails, hence the timeout.
    markdownWasm: await tryImport('markdown-wasm', '/node_modules/markdown-wasm/dist/markdown.es.js', async (m) => {
      await Promise.race([m.ready, new Promise((_, reject) => setTimeout(() => reject(new Error('markdown.wasm did not load')), 10000))]);
      return m;
    }),
  };
  const [bundle, wasm] = await Promise.all([
    fetch(params.get('bundle')).then((r) => r.arrayBuffer()),
    fetch('/dist/digest-core.wasm').then((r) => r.arrayBuffer()),
  ]);
  const gc = typeof window.gc === 'function' ? window.gc : null;
  const heapUsed = performance.memory ? () => performance.memory.usedJSHeapSize : null;
  const result = await runBench({
    bytes: new Uint8Array(bundle), wasmBinary: new Uint8Array(wasm), libs, openDigest,
    now: () => performance.now(), gc, heapUsed: gc && heapUsed, quick: params.get('quick') === '1', log,
  });
  result.notes.unshift(...notes);
  result.env = { where: 'chromium', crossOriginIsolated: self.crossOriginIsolated, userAgent: navigator.userAgent };
  window.benchResult = result;
}

main().catch((e) => { window.benchError = e && e.stack ? e.stack : String(e); });
