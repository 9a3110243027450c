// digest-render-raw.test.mjs — the raw render path (markdown as UTF-8 bytes in wasm memory, HTML
// back as UTF-16 from a core-owned buffer; docs/rendering.md "The wasm boundary") returns exactly
// what the JSON envelope path returns.
//
// d.renderMarkdown(md) / d.render(id) use the raw bindings (renderMarkdownRaw / renderRaw); the
// envelope bindings (renderMarkdown / render: embind strings + JSON) are still exported and are
// the reference here, called through d._call. Guards: UTF-8/UTF-16 conversion of every script
// and of astral characters, the split between HTML and meta, the scratch buffer's reuse and
// growth, views of wasm memory going stale when a call grows it, errors, and big inputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fixture, openBuiltDigest } from './helpers.mjs';

const viaEnvelope = (d, md) => d._call('renderMarkdown', md);

// Inputs: every block and span the writer has, in Korean, English and more scripts.
function inputs() {
  const out = [
    '',
    ' ',
    '\n\n\n',
    'plain ascii',
    '# 제목\n\n본문 **굵게** *기울임* `코드` ~~취소~~',
    '## 핵심 연구 목표\n모델이 **지식 증류(knowledge distillation)**는 잘 된다.\n\n### 핵심 방법론\n\n- 하나\n- 둘\n  1. 셋',
    '## 같은 제목\n\n## 같은 제목\n\n## 같은 제목', // unique slugs in the TOC
    '수식 $O(N^k)$ 과 $h = f(b, i_1, \\dots, i_k)$, 그리고\n\n$$\n\\sum_{i=1}^n x_i\n$$\n',
    '| 모델 | 점수 | 비고 |\n|:---|---:|:---:|\n| GPT-4o | 88.1 | 👍 |\n| 라마 | 70 | `x|y` |\n',
    'emoji 😀👩‍👩‍👧‍👦🇰🇷 and astral 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𠜎𠜱 in a [link 🔗](https://example.com/경로?q=모델)',
    '- [ ] 할 일\n- [x] 끝난 일 ✅',
    '> 인용문\n> 두 줄\n\n```python\nprint("안녕 <b>")\n```\n',
    '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1))',
    '![대체 텍스트](https://example.com/a.png "제목") ![bad](data:text/html,<b>)',
    'https://arxiv.org/abs/2511.04668 자동 링크와 mail@example.com',
    '\uFEFF# BOM 뒤의 제목',
    'NUL \u0000 문자와 제어 \u0001\u001f 문자',
    'CRLF 줄\r\n두 번째 줄\r\n\r\n## 제목\r\n',
    'Ελληνικά, русский, العربية, עברית, हिन्दी, 日本語のテキスト, 中文文本, ไทย',
    '&amp; &lt; &#x1F600; &#12345; &nbsp; &bogus; "quotes" \'single\'',
    '1. 번호\n2. 목록\n\n---\n\n***굵은 기울임*** __밑줄 굵게__',
    'a\\\nhard break  \nand soft\nbreak',
    '    indented code 들여쓰기\n',
    '[ref]\n\n[ref]: https://example.com "참조"',
    '한'.repeat(5000),
    'x'.repeat(5000),
  ];
  // Random mixes of the pieces above, deterministic.
  let s = 12345;
  const rnd = (n) => { s = (Math.imul(s, 1103515245) + 12345) >>> 0; return (s >>> 16) % n; };
  const pieces = out.filter((x) => x.length < 500);
  for (let i = 0; i < 200; i++) {
    let md = '';
    for (let k = 0, n = 1 + rnd(8); k < n; k++) md += pieces[rnd(pieces.length)] + ['\n\n', '\n', ' ', ''][rnd(4)];
    out.push(md);
  }
  return out;
}

test('renderMarkdown through the raw path equals the JSON envelope path on many inputs', async () => {
  const { d } = await openBuiltDigest();
  assert.equal(typeof d._m.renderMarkdownRaw, 'function', 'this build has the raw binding');
  let headings = 0;
  for (const md of inputs()) {
    const raw = d.renderMarkdown(md);
    const ref = viaEnvelope(d, md);
    assert.deepEqual(raw, ref, `input ${JSON.stringify(md.slice(0, 80))}`);
    assert.deepEqual(Object.keys(raw), ['html', 'toc']);
    headings += raw.toc.length;
  }
  assert.ok(headings > 50, `the inputs exercise the TOC (${headings} headings)`);
});

test('a 2 MB Korean document, and a call that grows wasm memory, give the same result', async () => {
  const { d } = await openBuiltDigest(); // fresh instance: 16 MB of wasm memory
  const para = '## 절 제목\n\n모델이 **강화 학습(RL)** 으로 $x^2$ 를 배운다. 😀 | 표 | 아님 |\n\n';
  const big = para.repeat(Math.ceil((2 << 20) / para.length));
  // Reserve the scratch buffer first, so the memory growth under test happens inside the call:
  // the view taken before it is detached afterwards.
  d._scratchFor(big.length * 3);
  const before = d._m.HEAPU8.buffer;
  const raw = d.renderMarkdown(big);
  assert.equal(before.byteLength, 0, 'wasm memory grew during the call (the old view is detached)');
  const ref = viaEnvelope(d, big);
  assert.equal(raw.html.length, ref.html.length);
  assert.ok(raw.html === ref.html, 'same HTML');
  assert.deepEqual(raw.toc, ref.toc);
  assert.ok(raw.toc.length > 1000);
  // The buffers that grew for it are given back, and small calls still work afterwards.
  assert.ok(d._scratchSize <= 4 << 20);
  // toc is an own enumerable property read lazily: parsed once, then the same array; assignable.
  const lazy = d.renderMarkdown('# 하나\n\n## 둘\n');
  d.renderMarkdown('# 다른 문서');  // the next call reuses the core's buffer; lazy keeps its own text
  assert.deepEqual(Object.getOwnPropertyDescriptor(lazy, 'toc').enumerable, true);
  assert.deepEqual(lazy.toc.map((e) => e.text), ['하나', '둘']);
  assert.equal(lazy.toc, lazy.toc);
  assert.deepEqual(JSON.parse(JSON.stringify(lazy)), viaEnvelope(d, '# 하나\n\n## 둘\n'));
  lazy.toc = [];
  assert.deepEqual(lazy.toc, []);
  assert.deepEqual(d.renderMarkdown('## 끝'), viaEnvelope(d, '## 끝'));
});

test('render(id) through the raw path equals the envelope path for every document, and errors match', async () => {
  const { d, DigestError } = await openBuiltDigest();
  assert.throws(() => d.render('x'), (e) => e instanceof DigestError && e.code === 'NOT_FOUND');
  await d.load(fixture('bundles/small.json'));
  const ids = d.list({ limit: 1000 }).docs.map((x) => x.id);
  assert.equal(ids.length, 5);
  for (const id of ids) {
    const raw = d.render(id);
    assert.deepEqual(raw, d._call('render', id, 3), id);
    assert.ok(raw.html.length > 0);
    assert.deepEqual(d.render(id, { sectionLevel: 2 }), d._call('render', id, 2), id);
  }
  let rawErr;
  let refErr;
  try { d.render('no-such-id'); } catch (e) { rawErr = e; }
  try { d._call('render', 'no-such-id', 3); } catch (e) { refErr = e; }
  assert.ok(rawErr instanceof DigestError);
  assert.equal(rawErr.code, 'NOT_FOUND');
  assert.equal(rawErr.message, refErr.message);
  // After an error the next call is clean (no HTML left over from the failed one).
  assert.deepEqual(d.renderMarkdown('ok'), viaEnvelope(d, 'ok'));
});

test('a lone surrogate becomes U+FFFD, as TextEncoder writes it', async () => {
  const { d } = await openBuiltDigest();
  const r = d.renderMarkdown('a\uD800b \uDC00');
  assert.equal(r.html, '<p>a\uFFFDb \uFFFD</p>\n');
});

test('render results share one hidden class (no per-call map, which made garbage collection ~25% of a render)', () => {
  // V8's own check, in a child process with natives on: two results of renderMarkdown, one with
  // a TOC and one without, and a render(id) result have the same map. A per-call getter closure
  // gives every result its own map; this assertion then fails.
  const code = `
    import { openBuiltDigest, fixture } from ${JSON.stringify(new URL('./helpers.mjs', import.meta.url).href)};
    const { d } = await openBuiltDigest();
    await d.load(fixture('bundles/small.json'));
    const a = d.renderMarkdown('# 하나\\n\\n본문'), b = d.renderMarkdown('둘'), c = d.render(d.list({ limit: 1 }).docs[0].id);
    const same = [%HaveSameMap(a, b), %HaveSameMap(a, c)];
    a.toc;  // reading the TOC may change a's map; the next result still gets the shared one
    same.push(%HaveSameMap(b, d.renderMarkdown('셋')));
    console.log(JSON.stringify(same));`;
  const r = spawnSync(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', code], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout.trim().split('\n').pop()), [true, true, true]);
});
