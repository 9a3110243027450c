// digest-deep-nesting.test.mjs — pathological nesting through the wasm module, whose stack is
// 1 MiB (-sTOTAL_STACK in CMakeLists.txt): the core's parsers, writer and sanitiser keep their own
// stacks or counters, so no input may recurse deep enough to overflow it (in wasm an overflow
// is not caught: it would trap, or write over the data below the stack).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, openBuiltDigest } from './helpers.mjs';

const N = 100000;

test('markdown nested 100,000 deep renders in wasm', async () => {
  const { d } = await openBuiltDigest();
  const cases = {
    quotes: '>'.repeat(N) + ' 인용',
    lists: Array.from({ length: 2000 }, (_, i) => ' '.repeat(2 * i) + '- 항목').join('\n'),
    ordered: '1. '.repeat(N / 10) + '끝',
    brackets: '['.repeat(N) + 'x' + ']'.repeat(N),
    links: '[a]('.repeat(N / 10) + 'https://example.com' + ')'.repeat(N / 10),
    emphasis: '*'.repeat(N) + '강조' + '*'.repeat(N),
    mixed: '*_'.repeat(N / 2) + 'x' + '_*'.repeat(N / 2),
    images: '!['.repeat(N / 10) + 'alt' + '](x.png)'.repeat(N / 10),
    html: '<div>'.repeat(N) + '본문',
    math: '$'.repeat(N) + 'x',
  };
  for (const [name, md] of Object.entries(cases)) {
    const out = d.renderMarkdown(md);
    assert.equal(typeof out.html, 'string', name);
    assert.ok(out.html.length > 0, name);
    assert.ok(!/<script|<div/i.test(out.html), `${name}: raw HTML stays text`);
  }
  // The module still works after all of it.
  assert.equal(d.renderMarkdown('**굵게**').html, '<p><strong>굵게</strong></p>\n');
});

test('a bundle with 100,000-deep JSON nesting in a field is refused with a position, not a crash', async () => {
  const { d } = await openBuiltDigest();
  const deep = '['.repeat(N) + ']'.repeat(N);
  const text = `{"format":"paper-digest-bundle","version":1,"title":"t","docs":[{"id":"a","kind":"review","title":"x","date":"2025-01-01","tags":${deep}}]}`;
  let result;
  try {
    result = d.loadBytes(new TextEncoder().encode(text));
  } catch (err) {
    result = err;
  }
  const message = String(result?.message ?? JSON.stringify(result));
  assert.match(message, /byte|offset|depth|deep|nest/i, message);
  // The instance survived: a good bundle loads afterwards.
  const summary = await d.load(fixture('bundles/small.json'));
  assert.ok(summary.reviews > 0);
  assert.equal(d.query({}).total, summary.reviews + summary.papers);
});
