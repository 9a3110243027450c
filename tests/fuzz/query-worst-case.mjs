#!/usr/bin/env node
// query-worst-case.mjs — times hostile query strings (issue 7, part 5) against a bundle in the
// built wasm core (dist/), the way the browser runs them. Prints one line per class with the
// slowest of 3 runs, and the worst overall. Not a test: docs/reliability.md records its output.
//
//   node scripts/gen-corpus --n 20000 --seed 7 --out /tmp/c20k/src
//   build/digest build -o /tmp/c20k/bundle.json /tmp/c20k/src
//   node tests/fuzz/query-worst-case.mjs /tmp/c20k/bundle.json
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { openBuiltDigest } from '../js/helpers.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: query-worst-case.mjs BUNDLE.json');
  process.exit(2);
}
const { d } = await openBuiltDigest();
const t0 = performance.now();
const summary = d.loadBytes(new Uint8Array(readFileSync(file)));
console.log(`loaded ${summary.reviews + summary.papers} documents (${summary.bytes} bytes) in ${(performance.now() - t0).toFixed(0)} ms`);
// The whole index, as the viewer builds it in the background once its first results are drawn
// (choseong letter triples included, which no query builds).
const t1 = performance.now();
d.prepareSearch();
console.log(`full-text index built in ${(performance.now() - t1).toFixed(0)} ms`);

const words = ['모델', 'learning', '강화', 'the', 'a', 'ㄱ', 'rl', 'diffusion', '학습', 'x'];
const cases = {
  'emoji': '🤖🚀📊 🧠💡 👩🏽‍🔬',
  'combining marks': 'e\u0301\u0302\u0303\u0304'.repeat(200) + ' 한\u1161\u11A8',
  'decomposed hangul (jamo)': '\u1100\u1161\u11BC\u1112\u116A \u1112\u1161\u11A8\u1109\u1173\u11B8',
  '10 KB of text': '강화 학습 모델 learning '.repeat(400).slice(0, 10240),
  '10 KB one word': 'a'.repeat(10240),
  'only punctuation': '!@#$%^&*()_+-=[]{};:\'",.<>/?\\|`~'.repeat(20),
  'unbalanced quotes': '"강화 학습 "model -"rl ""',
  '1,000 terms': Array.from({ length: 1000 }, (_, i) => words[i % words.length]).join(' '),
  '1,000 distinct terms': Array.from({ length: 1000 }, (_, i) => `w${i}`).join(' '),
  '1,000 exclusions': Array.from({ length: 1000 }, (_, i) => `-${words[i % words.length]}`).join(' '),
  'single letters': 'a b c d e f g h i j k l m n o p q r s t u v w x y z',
  'choseong only': 'ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ'.repeat(10),
  // Every letter pair common, so nearly every document is a candidate whose text is read to its end.
  'choseong, common pairs': 'ㄱㅎㅎㅅ'.repeat(35),
  'choseong terms, common pairs': Array.from({ length: 50 }, () => 'ㄱㅎㅎㅅ ㄷㄱㅁ ㅇㅇㅁㄷ').join(' '),
  'common term, all hits': 'review',
  'common term, expand + 1000 limit': '학습',
};
let worst = { ms: 0 };
for (const [name, q] of Object.entries(cases)) {
  for (const extra of [{}, { expand: true, limit: 1000 }]) {
    let slowest = 0;
    let total = -1;
    let error = '';
    for (let run = 0; run < 3; run++) {
      const s = performance.now();
      try {
        total = d.query({ q, ...extra }).total;
      } catch (e) {
        error = e.code;
      }
      slowest = Math.max(slowest, performance.now() - s);
    }
    const label = `${name}${extra.expand ? ' (expand, limit 1000)' : ''}`;
    console.log(`${label.padEnd(48)} ${slowest.toFixed(1).padStart(8)} ms  ${error ? 'error ' + error : total + ' hits'}`);
    if (slowest > worst.ms) worst = { ms: slowest, label };
  }
}
console.log(`worst: ${worst.label}: ${worst.ms.toFixed(1)} ms`);
