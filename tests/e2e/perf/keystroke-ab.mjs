#!/usr/bin/env node
// keystroke-ab.mjs — not a test: keystroke -> results painted for two builds of the viewer, in one
// browser, round by round (this VM's speed drifts by more than most changes to the shell, so A and
// B are timed side by side, as tests/bench/query-ab.mjs does for the core).
//   node tests/e2e/perf/keystroke-ab.mjs DIST_A DIST_B BUNDLE.json [rounds=4]
// Each build is served from its own copy (strict CSP) in its own page, opened on the bundle, and
// typed into once its full-text index is built. A round types the words of viewer-perf.mjs, each
// into A and then into B (or B then A, alternating), erasing it after. Prints the mean, p50, p90,
// p95 and max per build over every round but the first (a warm-up); AB_HIST=1 prints them all.
import { copyFileSync, cpSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { startServer } from '../../../scripts/serve.mjs';
import { root } from '../../js/helpers.mjs';
import { launch } from '../browser.mjs';
import { WORDS, f1, pct, probe, waitForSearchIndex } from './probe.mjs';

const [A, B, bundle, roundsArg] = process.argv.slice(2);
if (!A || !B || !bundle) {
  console.error('usage: keystroke-ab.mjs DIST_A DIST_B BUNDLE.json [rounds=4]');
  process.exit(2);
}
const rounds = Number(roundsArg || 4);

const browser = await launch();
const sides = [];
try {
  for (const [name, source] of [['A', A], ['B', B]]) {
    const dir = join(root, `tests/out/dist-ab-${name}`);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    cpSync(resolve(source), dir, { recursive: true });
    copyFileSync(bundle, join(dir, 'ab-bundle.json'));
    const srv = await startServer({ dir, port: 0, csp: true });
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'ko-KR' });
    await context.addInitScript(probe);
    const page = await context.newPage();
    await page.goto(`${srv.url}?bundle=ab-bundle.json#/`);
    await waitForSearchIndex(page);
    sides.push({ name, srv, context, page, lat: [], byKey: {} });
  }
  await sides[0].page.waitForTimeout(2000);
  // Word by word: each word is typed (and erased) into A and into B one after the other, the order
  // swapped every other time, so both meet the machine in the same state. The first round warms up.
  let turn = 0;
  for (let r = 0; r < rounds; ++r) {
    for (const word of WORDS) {
      for (const side of (r + turn++) % 2 ? [sides[1], sides[0]] : sides) {
        const { page } = side;
        await page.bringToFront();
        await page.focus('#dg-search');
        await page.evaluate(() => { window.__perf.keys = []; window.__perf.pending = null; });
        for (const ch of word) {
          await page.keyboard.type(ch);
          await page.waitForTimeout(60);
        }
        await page.keyboard.press('Control+A');
        await page.keyboard.press('Backspace');
        await page.waitForTimeout(150);
        const lat = await page.evaluate(() => window.__perf.keys);
        if (r) side.lat.push(...lat);
        // One latency per keystroke that changed the text: the word's prefixes, then the erasing.
        if (r && lat.length === word.length + 1) {
          lat.forEach((x, i) => {
            const label = i < word.length ? word.slice(0, i + 1) : `(erase ${word})`;
            (side.byKey[label] ||= []).push(x);
          });
        }
      }
    }
  }
  if (process.env.AB_KEYS) {
    // The slowest keystrokes of A, with B beside them (median ms of the rounds).
    const med = (xs) => (xs ? pct(xs, 50) : NaN);
    const rows = Object.keys(sides[0].byKey).map((k) => [k, med(sides[0].byKey[k]), med(sides[1].byKey[k])]);
    rows.sort((a, b) => b[1] - a[1]);
    for (const [k, a, b] of rows.slice(0, Number(process.env.AB_KEYS))) console.log(`${f1(a).padStart(6)} ${f1(b).padStart(6)}  ${k}`);
  }
  for (const s of sides) {
    if (process.env.AB_HIST) console.log(s.name, [...s.lat].sort((a, b) => a - b).map((x) => Math.round(x)).join(' '));
    const mean = s.lat.reduce((a, b) => a + b, 0) / s.lat.length;
    console.log(`${s.name}: keystroke -> results painted over ${s.lat.length} keystrokes: mean ${f1(mean)} ms, p50 ${f1(pct(s.lat, 50))} ms, p90 ${f1(pct(s.lat, 90))} ms, p95 ${f1(pct(s.lat, 95))} ms, max ${f1(Math.max(...s.lat))} ms`);
  }
} finally {
  for (const s of sides) { await s.context.close(); await s.srv.close(); }
  await browser.close();
}
