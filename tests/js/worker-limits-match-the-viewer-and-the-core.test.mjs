// The service worker (web/sw.js) repeats two limits it cannot import: the largest bundle a tab
// opens (web/app.js MAX_BUNDLE_BYTES; it stops caching past it) and the newest bundle format the
// core reads (kBundleFormatVersion in wasm/include/digest/bundle.h; it never caches a newer one
// over a copy the reader can open). They must stay equal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './helpers.mjs';

const read = (path) => readFileSync(join(root, path), 'utf8');
const constant = (text, re, where) => {
  const m = re.exec(text);
  assert.ok(m, `${where}: ${re} not found`);
  return Function(`"use strict"; return (${m[1]});`)();
};

test('the worker\'s bundle size limit is the viewer\'s', () => {
  const app = constant(read('web/app.js'), /const MAX_BUNDLE_BYTES = ([^;]+);/, 'web/app.js');
  const sw = constant(read('web/sw.js'), /const MAX_BUNDLE_BYTES = ([^;]+);/, 'web/sw.js');
  assert.equal(typeof app, 'number');
  assert.equal(sw, app);
});

test('the worker\'s newest bundle version is the core\'s', () => {
  const core = Number(/constexpr int kBundleFormatVersion = (\d+);/.exec(read('wasm/include/digest/bundle.h'))[1]);
  const sw = constant(read('web/sw.js'), /const BUNDLE_VERSION = ([^;]+);/, 'web/sw.js');
  assert.equal(sw, core);
});
