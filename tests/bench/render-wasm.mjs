// render-wasm.mjs — render throughput of the wasm core in Node against markdown-it, marked and
// markdown-wasm (md4c's own wasm build), same bodies, same process. Not a test: prints a table.
//
//   scripts/gen-corpus --n 2000 --seed 1 --out /tmp/corpus
//   node tests/bench/render-wasm.mjs /tmp/corpus [--passes 5]
//
// Input: the markdown bodies of DIR/reviews/*.md (front matter removed). Every implementation gets
// the same JS strings and must return a string (ours: d.renderMarkdown(md).html); each is warmed
// up with one full pass, then the renderers take turns, one timed pass each, `passes` times; the
// table shows each one's median pass.
// Before timing, each output is checked once: non-empty and containing a <h2 (all bodies have
// headings), so a renderer that silently fails cannot win.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

import { openBuiltDigest, root } from '../js/helpers.mjs';

const require = createRequire(join(root, 'package.json'));

function parseArgs(argv) {
  const args = { dir: null, passes: 5, only: null };
  for (let i = 0; i < argv.length; ++i) {
    if (argv[i] === '--passes') args.passes = Number(argv[++i]);
    else if (argv[i] === '--only') args.only = argv[++i];
    else args.dir = argv[i];
  }
  if (!args.dir) {
    console.error('usage: node tests/bench/render-wasm.mjs CORPUS_DIR [--passes N] [--only NAME]');
    process.exit(2);
  }
  return args;
}

/** Markdown after the front matter (--- ... ---) of each review file. */
function loadBodies(dir) {
  const reviews = join(dir, 'reviews');
  const bodies = [];
  for (const name of readdirSync(reviews).sort()) {
    if (!name.endsWith('.md')) continue;
    const text = readFileSync(join(reviews, name), 'utf8');
    const m = /^---\r?\n[\s\S]*?\r?\n---\r?\n/.exec(text);
    bodies.push(m ? text.slice(m[0].length) : text);
  }
  return bodies;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const bodies = loadBodies(args.dir);
  const bytes = bodies.reduce((n, b) => n + Buffer.byteLength(b, 'utf8'), 0);

  const { d } = await openBuiltDigest();
  const MarkdownIt = require('markdown-it');
  const mdit = new MarkdownIt();
  const { marked } = await import('marked');
  const mdwasm = require('markdown-wasm');
  await mdwasm.ready;

  const impls = [
    ['digest renderMarkdown (safe, wasm, {html,toc})', (s) => d.renderMarkdown(s).html],
    ['markdown-wasm 1.2.0 (md4c wasm, raw HTML on)', (s) => mdwasm.parse(s)],
    ['markdown-it 15.0.3', (s) => mdit.render(s)],
    ['marked 18.2.1', (s) => marked.parse(s)],
  ].filter(([name]) => !args.only || name.includes(args.only));

  console.log(`${bodies.length} bodies, ${(bytes / 1e6).toFixed(2)} MB of markdown, ${(bytes / bodies.length / 1024).toFixed(1)} KiB average; node ${process.version}; median of ${args.passes} passes`);
  // Every renderer is checked and warmed up, then the timed passes go round the renderers in
  // turn (pass 1 of each, pass 2 of each, ...), so that garbage collection, the engine's tier-up
  // and the machine's noise fall on all of them alike rather than on whichever ran first.
  let sink = 0;
  for (const [name, fn] of impls) {
    for (const b of bodies.slice(0, 20)) {
      const out = fn(b);
      if (typeof out !== 'string' || out.length === 0 || !out.includes('<h2')) throw new Error(`${name}: bad output for a body`);
    }
    for (const b of bodies) sink += fn(b).length;  // warm-up pass
  }
  const times = impls.map(() => []);
  for (let p = 0; p < args.passes; ++p) {
    impls.forEach(([, fn], i) => {
      const t0 = performance.now();
      for (const b of bodies) sink += fn(b).length;
      times[i].push(performance.now() - t0);
    });
  }
  if (sink === 0) throw new Error('no output');
  const results = impls.map(([name], i) => {
    const ms = median(times[i]);
    return { name, ms, mbs: bytes / 1e6 / (ms / 1e3) };
  });
  const ours = results.find((r) => r.name.startsWith('digest'));
  console.log('| renderer | ms / pass | MB/s | digest vs this |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of results) {
    const ratio = ours ? (ours.mbs / r.mbs).toFixed(2) + 'x' : '-';
    console.log(`| ${r.name} | ${r.ms.toFixed(1)} | ${r.mbs.toFixed(1)} | ${ratio} |`);
  }
}

await main();
