#!/usr/bin/env node
// scripts/sw-stamp.mjs DIST — writes the service worker's asset list and build stamp (called by scripts/build).
//   The shell = every file of DIST except the worker itself, bundles and feeds (data, revalidated
//   on their own), the widget and its demo (used from other sites, not offline), licences.
//   The stamp = the first 16 hex digits of SHA-256 over each shell file's path and contents, so
//   any change to the shell is a new worker with a new cache name, and an unchanged shell keeps
//   its caches (rebuilding with a new bundle does not make readers download the app again).
//   Also writes DIST/asset-list.json ({build, assets}) for tools and tests.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const dist = process.argv[2];
if (!dist) {
  console.error('usage: scripts/sw-stamp.mjs DIST');
  process.exit(2);
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

const excluded = (path) =>
  path === 'sw.js' || path === 'asset-list.json' || path.endsWith('.json') || path.startsWith('feeds/') ||
  path === 'feed.xml' || path.startsWith('widget') || /(^|\/)LICENSE/.test(path) || path.endsWith('.map');

const assets = walk(dist).map((p) => relative(dist, p).split(sep).join('/')).filter((p) => !excluded(p)).sort();
const hash = createHash('sha256');
for (const a of assets) {
  hash.update(a + '\0');
  hash.update(readFileSync(join(dist, a)));
  hash.update('\0');
}
const build = hash.digest('hex').slice(0, 16);

const swPath = join(dist, 'sw.js');
let sw = readFileSync(swPath, 'utf8');
const before = sw;
sw = sw.replace(/^const BUILD = .*;$/m, `const BUILD = ${JSON.stringify(build)};`);
sw = sw.replace(/^const ASSETS = .*;$/m, `const ASSETS = ${JSON.stringify(assets)};`);
if (sw === before || !sw.includes(build)) {
  console.error('sw-stamp: could not find the BUILD/ASSETS lines in sw.js');
  process.exit(1);
}
writeFileSync(swPath, sw);
writeFileSync(join(dist, 'asset-list.json'), JSON.stringify({ build, assets }, null, 1) + '\n');
console.log(`service worker: build ${build}, ${assets.length} shell files`);
