// run-node.mjs — one corpus size, every contender, one Node process (run with --expose-gc).
//   node --expose-gc tests/bench/run-node.mjs --bundle FILE --out RESULT.json [--quick]
// Ours is the wasm build in dist/ (digest.js); peers come from node_modules at the versions
// pinned in package.json. Also times the native CLI (`build/digest query`) on the same bundle:
// process start + file read + load + index + first query, for the wasm tax.
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import os from 'node:os';
import { root, distDir, cliPath } from '../js/helpers.mjs';
import { runBench, stats } from './harness.mjs';

const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
const bundlePath = opt('--bundle');
const outPath = opt('--out');
const quick = args.includes('--quick');
if (!bundlePath || !outPath) { console.error('usage: run-node.mjs --bundle FILE --out FILE [--quick]'); process.exit(2); }
if (typeof global.gc !== 'function') { console.error('run-node.mjs: run node with --expose-gc'); process.exit(2); }

const require = createRequire(join(root, 'package.json'));
const version = (p) => require(join(root, 'node_modules', p, 'package.json')).version;

const libs = {
  MiniSearch: (await import('minisearch')).default,
  FlexSearch: (await import('flexsearch')).default,
  Orama: await import('@orama/orama'),
  itemsjs: (await import('itemsjs')).default,
  MarkdownIt: (await import('markdown-it')).default,
  marked: (await import('marked')).marked,
  markdownWasm: await import('markdown-wasm'),
};
await libs.markdownWasm.ready;

const { openDigest } = await import(pathToFileURL(join(distDir, 'digest.js')).href);
const bytes = new Uint8Array(readFileSync(bundlePath));
const log = (s) => process.stderr.write(`  [node] ${s}\n`);

const result = await runBench({
  bytes, libs, openDigest, wasmBinary: readFileSync(join(distDir, 'digest-core.wasm')),
  now: () => performance.now(), gc: global.gc, heapUsed: () => process.memoryUsage().heapUsed, quick, log,
});

// Native CLI, same bundle: load to first answer including process start and reading the file.
const cli = [];
for (let r = 0; r < (quick ? 1 : 3); r++) {
  const t0 = performance.now();
  const p = spawnSync(cliPath, ['query', bundlePath, '--q', '모델', '--limit', '20', '--no-snippet'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const t = performance.now() - t0;
  if (p.status !== 0 || !/"total":[1-9]/.test(p.stdout)) throw new Error(`digest query failed: ${p.stderr}`);
  cli.push(t);
}
result.load['native CLI'] = { times: cli, ...stats(cli), memory: null };

result.env = {
  where: 'node', node: process.version, v8: process.versions.v8, cpu: os.cpus()[0].model, cores: os.cpus().length,
  memGiB: Math.round(os.totalmem() / 2 ** 30), os: `${os.type()} ${os.release()}`, load: os.loadavg(),
  versions: Object.fromEntries(['minisearch', 'flexsearch', '@orama/orama', 'itemsjs', 'markdown-it', 'marked', 'markdown-wasm'].map((p) => [p, version(p)])),
};
writeFileSync(outPath, JSON.stringify(result, null, 1));
