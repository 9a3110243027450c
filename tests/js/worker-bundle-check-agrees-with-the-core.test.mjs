// The service worker (web/sw.js) refuses to cache a download the core would not open at all, so a
// bundle broken on the server never replaces the copy a reader has offline (QA: one missing comma
// on the server, and the next offline visit showed only an error). It checks in JS, in one pass
// (bundleProblem), what the core's loader refuses as a whole. This differential test holds the two
// to the same verdict: hundreds of damaged copies of a real bundle (a byte deleted, inserted or
// replaced, at seeded random places) and hand-made top levels, each judged by bundleProblem and by
// the wasm core's loadBytes (refused = throws).
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixture, openBuiltDigest, root } from './helpers.mjs';

const sw = readFileSync(join(root, 'web/sw.js'), 'utf8');
const block = /\/\/ <bundle-problem>\n([\s\S]*?)\/\/ <\/bundle-problem>/.exec(sw);
const bundleProblem = Function(`"use strict"; ${block[1]}; return bundleProblem;`)();
const newest = Number(/const BUNDLE_VERSION = (\d+);/.exec(sw)[1]);

let d;
before(async () => { ({ d } = await openBuiltDigest()); });
const coreOpens = (bytes) => { try { d.loadBytes(bytes); return true; } catch { return false; } };
const agree = (bytes, what) => {
  const js = bundleProblem(bytes, newest);
  const core = coreOpens(bytes);
  assert.equal(js === null, core, `${what}: worker says ${js === null ? 'opens' : `"${js}"`}, core ${core ? 'opens' : 'refuses'}`);
  return core;
};

// Small deterministic generator (mulberry32).
function rng(seed) {
  return () => {
    seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('the worker and the core agree on damaged copies of a real bundle', () => {
  const good = fixture('bundles/small.json');
  assert.equal(agree(good, 'the bundle itself'), true);
  const rand = rng(20261207);
  const pick = (n) => Math.floor(rand() * n);
  const bytesOf = (s) => new TextEncoder().encode(s);
  const noise = [...'{}[],:"\\0-+e.E aZ\t\n', '\u0000', '\u001f', '\u00e9', '모'].map(bytesOf).concat([
    Uint8Array.of(0xff), Uint8Array.of(0xc3), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0xe2, 0x82)]);
  let opened = 0, refused = 0;
  for (let k = 0; k < 700; k++) {
    const at = pick(good.length);
    const kind = k % 3;
    const ins = noise[pick(noise.length)];
    const parts = kind === 0 ? [good.subarray(0, at), good.subarray(at + 1)]
      : kind === 1 ? [good.subarray(0, at), ins, good.subarray(at)]
        : [good.subarray(0, at), ins, good.subarray(at + 1)];
    const bytes = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let o = 0;
    for (const p of parts) { bytes.set(p, o); o += p.length; }
    if (agree(bytes, `mutant ${k} (${['delete', 'insert', 'replace'][kind]} at byte ${at})`)) opened++;
    else refused++;
  }
  // Both kinds of verdict are exercised, not one alone.
  assert.ok(opened > 100 && refused > 100, `${opened} opened, ${refused} refused`);
});

test('the worker and the core agree on top levels', () => {
  const head = '"format":"paper-digest-bundle","version":1';
  const cases = [
    `{${head}}`, `{${head},"reviews":[],"digests":[]}`, `{${head},"reviews":"oops"}`, `{${head},"digests":null}`,
    `{${head},"reviews":null}`, `{${head},"title":null}`, `{${head},"title":5}`, `{${head},"title":{}}`,
    `{${head},"build":null}`, `{${head},"build":[]}`, `{${head},"build":{"skipped":3,"generator":"x","built_at":null}}`,
    `{${head},"build":{"skipped":-1}}`, `{${head},"build":{"skipped":1.5}}`, `{${head},"build":{"generator":5}}`,
    `{${head},"build":{"source_files":null,"unpublished":0,"other":[{"a":1}]}}`,
    '{"format":"paper-digest-bundle","version":2}', '{"format":"paper-digest-bundle","version":0}',
    '{"format":"paper-digest-bundle","version":1.0}', '{"format":"paper-digest-bundle","version":"1"}',
    '{"format":"paper-digest-bundle"}', '{"version":1}', '{"format":"other","version":1}', '{}', '[]', '"x"', '', '  ',
    `\ufeff{${head}}`, `{${head}} `, `{${head}} {}`, `{${head},}`, `{${head},"x":01}`, `{${head},"x":"\\ud800"}`,
    `{${head},"x":"\\q"}`, `{${head},"x":"tab\there"}`,
    // Review findings: strings the loader reads must decode; every occurrence of a key counts
    // (the last of "format" and "version"); keys are compared as written.
    `{${head},"title":"\\ud800"}`, `{${head},"title":"\\udc00x"}`, `{${head},"title":"\\ud83d\\ude00"}`,
    `{${head},"title":"\\ud800a\\udc00"}`, `{${head},"build":{"generator":"\\ud800x\\udc00"}}`, `{${head},"title":"\\ud83d\\ude00\\ud800"}`,
    `{${head},"build":{"generator":"\\ud800"}}`, `{${head},"build":{"built_at":"a\\ud800b"}}`,
    `{${head},"reviews":"x","reviews":[]}`, `{${head},"reviews":[],"reviews":"x"}`, `{${head},"title":5,"title":"a"}`,
    `{"format":"other","version":1,"format":"paper-digest-bundle"}`, `{"format":"paper-digest-bundle","version":9,"version":1}`,
    `{"\\u0066ormat":"paper-digest-bundle","version":1}`, `{${head},"build":{"skipped":1000000000000000000}}`,
    `{${head},"build":{"skipped":9223372036854775807}}`, `{${head},"build":{"skipped":9223372036854775808}}`,
    `{${head},"build":{"skipped":3},"build":{"skipped":-3}}`,
    `{${head},"x":${'['.repeat(62)}${']'.repeat(62)}}`, `{${head},"x":${'['.repeat(63)}${']'.repeat(63)}}`,
    `{${head},"x":${'['.repeat(64)}${']'.repeat(64)}}`,
  ];
  for (const c of cases) agree(new TextEncoder().encode(c), JSON.stringify(c));
  // Not UTF-8 inside a string, and a UTF-16 file.
  agree(Uint8Array.of(...new TextEncoder().encode(`{${head},"x":"`), 0xc0, 0xaf, 0x22, 0x7d), 'an overlong sequence');
  agree(Uint8Array.of(...new TextEncoder().encode(`{${head},"x":"`), 0xf4, 0x90, 0x80, 0x80, 0x22, 0x7d), 'past U+10FFFF');
  const wide = new Uint8Array(2 + 2 * `{${head}}`.length);
  wide.set([0xff, 0xfe]);
  [...`{${head}}`].forEach((ch, k) => { wide[2 + 2 * k] = ch.charCodeAt(0); });
  agree(wide, 'UTF-16');
});
