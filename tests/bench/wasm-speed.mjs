#!/usr/bin/env node
// wasm-speed.mjs — not a test: how fast this machine's Node and Chromium run the same WebAssembly
// and JavaScript (wasm-speed-core.mjs), so a browser-side ratio against a JavaScript peer can be
// read for what it is. Prints ms per round in each and Chromium / Node.
//   node tests/bench/wasm-speed.mjs BUNDLE.json     (the wasm bytes are passed in: no fetch flag needed)
// The bundle must lie under the repository (it is served from there to Chromium), e.g.
// tests/out/bench/bundle-2000.json from scripts/bench.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/serve.mjs';
import { root } from '../js/helpers.mjs';
import { runWasmSpeed } from './wasm-speed-core.mjs';

const file = process.argv[2];
if (!file) { console.error('usage: wasm-speed.mjs BUNDLE.json (under the repository)'); process.exit(2); }
const rel = relative(root, resolve(file));
if (rel.startsWith('..')) { console.error('the bundle must lie under the repository'); process.exit(2); }

const MarkdownIt = (await import('markdown-it')).default;
const markdownWasm = await import('markdown-wasm');
await markdownWasm.ready;
const { openDigest } = await import(new URL('../../dist/digest.js', import.meta.url).href);
const wasmBinary = readFileSync(new URL('../../dist/digest-core.wasm', import.meta.url));
const node = await runWasmSpeed({ openDigest, wasmBinary, bundleBytes: new Uint8Array(readFileSync(file)), libs: { MarkdownIt, markdownWasm }, now: () => performance.now() });

const srv = await startServer({ dir: root, port: 0, coi: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
});
let chrome;
try {
  const page = await browser.newPage();
  await page.goto(`${srv.url.replace(/\/$/, '')}/tests/bench/browser/wasm-speed.html?bundle=/${rel.split('\\').join('/')}`);
  await page.waitForFunction(() => window.speedResult || window.speedError, null, { timeout: 10 * 60 * 1000, polling: 250 });
  const { result, error } = await page.evaluate(() => ({ result: window.speedResult, error: window.speedError }));
  if (error) throw new Error(error);
  chrome = result;
  console.log(`node ${process.version}, Chromium ${browser.version()}; ms per round, median of 5`);
} finally {
  await browser.close();
  await srv.close();
}
console.log('| workload | Node | Chromium | Chromium / Node |');
console.log('| --- | ---: | ---: | ---: |');
for (const k of Object.keys(node)) console.log(`| ${k} | ${node[k].toFixed(1)} | ${chrome[k].toFixed(1)} | ${(chrome[k] / node[k]).toFixed(2)}x |`);
