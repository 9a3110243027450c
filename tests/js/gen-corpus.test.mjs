// Tests for scripts/gen-corpus: the synthetic source tree used for scale and benchmark work.
// Each test runs the real script into a temporary folder and reads the files it wrote.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'gen-corpus');

const dirs = [];
process.on('exit', () => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

// Run gen-corpus into a fresh folder; returns { dir, stdout }.
function generate(...args) {
  const dir = mkdtempSync(join(tmpdir(), 'gen-corpus-test-'));
  dirs.push(dir);
  const stdout = execFileSync(process.execPath, [SCRIPT, ...args, '--out', dir], { encoding: 'utf8' });
  return { dir, stdout };
}

function listFiles(dir) {
  const out = [];
  for (const sub of ['reviews', 'digests']) {
    for (const name of readdirSync(join(dir, sub)).sort()) out.push(join(sub, name));
  }
  return out;
}

function treeHash(dir) {
  const h = createHash('sha256');
  for (const rel of listFiles(dir)) {
    h.update(rel + '\0');
    h.update(readFileSync(join(dir, rel)));
  }
  return h.digest('hex');
}

// Split a review into its front matter fields (title, tags, permalink, date, published) and body.
function parseReview(text) {
  const m = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text);
  assert.ok(m, 'review starts with front matter');
  const fm = m[1];
  const tags = [];
  const tagBlock = /\ntags:\n((?:  - .*\n)+)/.exec(fm);
  if (tagBlock) for (const line of tagBlock[1].trim().split('\n')) tags.push(line.replace(/^\s*- /, ''));
  const field = (name) => (new RegExp(`^${name}: (.*)$`, 'm').exec(fm) || [])[1];
  return {
    title: field('title'),
    permalink: field('permalink'),
    date: field('date'),
    published: field('published'),
    tags,
    body: m[2],
  };
}

function parseDigestPapers(text) {
  const lines = text.split('\n');
  const papers = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].startsWith('arXiv: ')) {
      const run = lines[i + 1];
      const cut = run.indexOf('사전 지식: ');
      papers.push({ title: lines[i - 1], meta: lines[i], tagRun: run.slice(0, cut), cut });
    }
  }
  return papers;
}

const slugTag = (tag) => tag.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

test('the same seed gives byte-identical trees and different seeds differ', () => {
  const a = generate('--n', '300', '--seed', '7');
  const b = generate('--n', '300', '--seed', '7');
  const c = generate('--n', '300', '--seed', '8');
  assert.deepEqual(listFiles(a.dir), listFiles(b.dir));
  assert.equal(treeHash(a.dir), treeHash(b.dir));
  assert.notEqual(treeHash(a.dir), treeHash(c.dir));
});

test('N documents are produced: reviews plus 10 papers per digest, and a summary line', () => {
  const { dir, stdout } = generate('--n', '300', '--seed', '1');
  const reviews = readdirSync(join(dir, 'reviews'));
  const digests = readdirSync(join(dir, 'digests'));
  let papers = 0;
  let bytes = 0;
  for (const name of digests) {
    const text = readFileSync(join(dir, 'digests', name), 'utf8');
    bytes += Buffer.byteLength(text);
    const found = parseDigestPapers(text);
    assert.equal(found.length, 10, `${name} has 10 papers`);
    assert.match(text, /^📚 \d{4}-\d{2}-\d{2} AI 논문 핵심 요약\n/);
    assert.match(text, /\n📅 생성일: \d{4}-\d{2}-\d{2} \| 🤖 GLM-4\.7$/);
    papers += found.length;
  }
  for (const name of reviews) bytes += readFileSync(join(dir, 'reviews', name)).length;
  assert.ok(digests.length > 0, 'default settings write digests');
  assert.equal(reviews.length + papers, 300);
  const share = papers / 300;
  assert.ok(share > 0.1 && share < 0.2, `digest papers are ~15% of documents, got ${share}`);
  assert.equal(stdout.trim().split('\n').length, 1, 'one summary line');
  assert.match(stdout, new RegExp(`\\b${reviews.length + digests.length} files\\b`));
  assert.match(stdout, new RegExp(`\\b${bytes} bytes\\b`));

  const only = generate('--n', '50', '--seed', '1', '--digest-every', '0');
  assert.equal(readdirSync(join(only.dir, 'reviews')).length, 50);
  assert.equal(readdirSync(join(only.dir, 'digests')).length, 0);
});

test('bad arguments exit with status 2 and a message', () => {
  for (const args of [['--seed', '1', '--out', '/tmp/x'], ['--n', 'ten', '--seed', '1', '--out', '/tmp/x'], ['--bogus']]) {
    const r = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
    assert.equal(r.status, 2, `args ${args.join(' ')}`);
    assert.match(r.stderr, /^gen-corpus: /);
  }
});

test('a large corpus has ~800 Zipf-distributed tags, ~3 KB bodies, unique permalinks, 2021-2025 dates', () => {
  const { dir } = generate('--n', '6000', '--seed', '2024');
  const counts = new Map();
  const permalinks = new Set();
  const years = new Set();
  let bodyBytes = 0;
  let reviews = 0;
  for (const name of readdirSync(join(dir, 'reviews'))) {
    const r = parseReview(readFileSync(join(dir, 'reviews', name), 'utf8'));
    reviews++;
    assert.equal(r.published, 'true');
    assert.match(r.title, /^"\[논문리뷰\] /);
    assert.match(r.date, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\+0900$/);
    years.add(r.date.slice(0, 4));
    assert.match(r.permalink, /^\/ai\/review\/\d{4}-\d{2}-\d{2}-[A-Za-z0-9-]+\/$/);
    assert.ok(!permalinks.has(r.permalink), `duplicate permalink ${r.permalink}`);
    permalinks.add(r.permalink);
    assert.equal(r.tags[0], 'Review');
    assert.equal(new Set(r.tags).size, r.tags.length, 'no repeated tag in one review');
    for (const t of r.tags.slice(1)) counts.set(t, (counts.get(t) || 0) + 1);
    bodyBytes += Buffer.byteLength(r.body);
    for (const section of ['## 핵심 연구 목표', '## 핵심 방법론', '## 주요 결과', '## AI 실무자를 위한 시사점']) {
      assert.ok(r.body.includes(`\n${section}\n`), `${name} has ${section}`);
    }
    assert.match(r.body, /^> \*\*링크:\*\* \[논문 PDF로 바로 열기\]\(https:\/\/arxiv\.org\/abs\/\d{4}\.\d{5}\)\n/);
  }
  assert.deepEqual([...years].sort(), ['2021', '2022', '2023', '2024', '2025']);

  // ~800 distinct tags, and none outside a fixed vocabulary size.
  assert.ok(counts.size >= 760 && counts.size <= 800, `distinct tags: ${counts.size}`);
  // Zipf: frequency ~ 1/rank, so the log-log slope over the head of the distribution is about -1.
  const freq = [...counts.values()].sort((a, b) => b - a);
  const xs = [];
  const ys = [];
  for (let r = 1; r <= 200; r++) {
    xs.push(Math.log(r));
    ys.push(Math.log(freq[r - 1]));
  }
  const mx = xs.reduce((a, b) => a + b) / xs.length;
  const my = ys.reduce((a, b) => a + b) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  const slope = num / den;
  assert.ok(slope < -0.8 && slope > -1.2, `log-log slope ${slope}`);
  assert.ok(freq[0] > 20 * freq[399], `head ${freq[0]} vs rank-400 ${freq[399]}`);

  // Bodies average about 3 KB.
  const mean = bodyBytes / reviews;
  assert.ok(mean > 2500 && mean < 3600, `mean body bytes ${mean}`);

  // Digest tag runs are the review tags' slugs run together: they can be split back into
  // known tags (a segmentation exists) and the prerequisites line follows directly.
  const known = new Set([...counts.keys()].map(slugTag));
  for (const name of readdirSync(join(dir, 'digests'))) {
    for (const p of parseDigestPapers(readFileSync(join(dir, 'digests', name), 'utf8'))) {
      assert.ok(p.cut > 0, `${name}: tags followed by 사전 지식`);
      const run = p.tagRun;
      assert.match(run, /^[a-z0-9-]+$/);
      const ok = new Array(run.length + 1).fill(false);
      ok[0] = true;
      for (let end = 1; end <= run.length; end++) {
        for (let start = 0; start < end && !ok[end]; start++) {
          if (ok[start] && known.has(run.slice(start, end))) ok[end] = true;
        }
      }
      assert.ok(ok[run.length], `${name}: tag run "${run}" splits into known tags`);
    }
  }
});

test('text mixes Korean with English terms and attaches particles to Korean nouns', () => {
  const { dir } = generate('--n', '40', '--seed', 'korean', '--digest-every', '0');
  const all = readdirSync(join(dir, 'reviews')).map((n) => readFileSync(join(dir, 'reviews', n), 'utf8')).join('\n');
  assert.match(all, /[가-힣]+ ?[가-힣]*\((RL|LLM|DPO|MoE|knowledge distillation|fine-tuning|quantization)\)/);
  assert.match(all, /모델[이을은]|데이터[가를는]|학습[이을은]/);
  // Particles agree with the final consonant: never 모델가/모델를/데이터을/데이터이.
  assert.doesNotMatch(all, /모델[가를는]\s|데이터[을이은]\s/);
  assert.match(all, /\$O\(N \\log N\)\$/);
  assert.match(all, /> ⚠️ \*\*알림:\*\* 이 리뷰는 AI로 작성되었습니다\./);
});
