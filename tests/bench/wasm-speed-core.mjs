// wasm-speed-core.mjs — the same four workloads timed in Node and in Chromium (wasm-speed.mjs), to
// tell how fast each engine runs WebAssembly and JavaScript on this machine: our core's queries
// (wasm, a small JSON answer: almost no boundary), our renderer and markdown-wasm (md4c's own wasm
// build) over every body (wasm with a string boundary), markdown-it (JavaScript). Every workload
// is warmed up with one full round, then the four take turns, `rounds` times; medians are reported.
import { extractBodies, renderContenders } from './contenders.mjs';

const QUERIES = ['대규모', '데이터를', '언어', '모델', 'ㄱㅎㅎ', '"world model"', 'transformer', 'rl'];

export async function runWasmSpeed({ openDigest, wasmBinary, bundleBytes, libs, now, rounds = 5 }) {
  const d = await openDigest({ wasmBinary });
  d.loadBytes(bundleBytes);
  d.prepareSearch();
  const bodies = extractBodies(JSON.parse(new TextDecoder().decode(bundleBytes)));
  const peers = Object.fromEntries(renderContenders(libs).map((c) => [c.name, c.render]));
  const work = {
    'our queries (wasm)': () => { let n = 0; for (let r = 0; r < 10; ++r) for (const q of QUERIES) n += d.query({ q, limit: 0, facetLimit: 0 }).total; return n; },
    'our renderer (wasm)': () => { let n = 0; for (const b of bodies) n += d.renderMarkdown(b).html.length; return n; },
    'markdown-wasm (wasm)': () => { let n = 0; for (const b of bodies) n += peers['markdown-wasm'](b).length; return n; },
    'markdown-it (JS)': () => { let n = 0; for (const b of bodies) n += peers['markdown-it'](b).length; return n; },
  };
  const times = Object.fromEntries(Object.keys(work).map((k) => [k, []]));
  for (const f of Object.values(work)) if (!f()) throw new Error('a workload produced nothing');
  for (let r = 0; r < rounds; ++r) {
    for (const [k, f] of Object.entries(work)) {
      const t0 = now();
      f();
      times[k].push(now() - t0);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  return Object.fromEntries(Object.entries(times).map(([k, v]) => [k, median(v)]));
}
