// The browser side of tests/bench/wasm-speed.mjs: the workloads of wasm-speed-core.mjs, the result
// published as window.speedResult (or window.speedError).
import { runWasmSpeed } from '../wasm-speed-core.mjs';
import { openDigest } from '/dist/digest.js';

async function main() {
  const MarkdownIt = (await import('/node_modules/markdown-it/dist/browser/markdown-it.esm.min.mjs')).default;
  const markdownWasm = await import('/node_modules/markdown-wasm/dist/markdown.es.js');
  await markdownWasm.ready;
  const params = new URLSearchParams(location.search);
  const [bundle, wasm] = await Promise.all([
    fetch(params.get('bundle')).then((r) => r.arrayBuffer()),
    fetch('/dist/digest-core.wasm').then((r) => r.arrayBuffer()),
  ]);
  window.speedResult = await runWasmSpeed({
    openDigest, wasmBinary: new Uint8Array(wasm), bundleBytes: new Uint8Array(bundle),
    libs: { MarkdownIt, markdownWasm }, now: () => performance.now(),
  });
}
main().catch((e) => { window.speedError = e && e.stack ? e.stack : String(e); });
