// build.test.mjs — golden runs of `digest build` on the source fixtures (node:test).
// The CLI is DIGEST_CLI, default build/digest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.DIGEST_CLI || join(root, 'build/digest');
const sources = join(root, 'tests/fixtures/sources');

function run(args) {
  const r = spawnSync(cli, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('build of the good sources writes a bundle with every form and exits 0', () => {
  const r = run(['build', 'tests/fixtures/sources/good']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^read 7, built 6, skipped 0, unpublished 1: 3 reviews, 6 papers, 3 digests$/m);
  const b = JSON.parse(r.stdout);
  assert.equal(b.format, 'paper-digest-bundle');
  assert.equal(b.build.source_files, 7);
  assert.equal(b.build.unpublished, 1);
  // Sorted paths: the page payload (p...) comes before the review markdown files (r...).
  assert.deepEqual(b.reviews.map((d) => d.id), [
    'ai/review/2025-11-20-FlashDiff',
    'ai/review/2025-10-02-GraphWeaver',
    'ai/review/2025-09-21-TinyVLM',
  ]);
  const graph = b.reviews[1];
  assert.equal(graph.display_title, 'GraphWeaver: Retrieval over Entity Graphs for Long-Context QA');
  assert.equal(graph.datetime, '2025-10-02T23:40:00+09:00');
  assert.equal(graph.updated, '2025-10-04');
  assert.equal(graph.arxiv, '2510.01234');
  assert.deepEqual(graph.authors, ['Mina Park', 'Jonas Weber', 'Lucía Romero']);
  assert.equal(graph.ai_written, true);
  // The link's title is the neighbour's display title (its title without the site's prefix).
  assert.ok(b.reviews[2].title.startsWith('[논문리뷰] '));
  assert.deepEqual(graph.prev, { id: 'ai/review/2025-09-21-TinyVLM', title: b.reviews[2].title.slice('[논문리뷰] '.length) });
  assert.equal(b.reviews[0].html.startsWith('<blockquote>'), true);
  assert.deepEqual(b.digests.map((g) => [g.id, g.kind, g.papers.length]), [
    ['digest-2026-02-10', 'daily', 2],
    ['digest-2026-02-11', 'daily', 2],
    ['roundup-2025-09-28', 'weekly', 2],
  ]);
  const p = b.digests[0].papers[0];
  assert.equal(p.id, 'digest-2026-02-10/1');
  assert.deepEqual(p.tags, ['mixture-of-experts', 'llm', 'knowledge-graph', 'edge-computingmoe-lite']);
  assert.equal(p.stars, 1204);
  assert.equal(p.selection, 'ranking');
});

test('the built bundle validates and lists its papers with their parent', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'digest-build-')), 'bundle.json');
  const r = run(['build', '-o', out, 'tests/fixtures/sources/good']);
  assert.equal(r.code, 0, r.stderr);
  const v = run(['validate', out]);
  assert.equal(v.code, 0, v.stderr + v.stdout);
  assert.match(v.stdout + v.stderr, /3 reviews, 3 digests, 6 papers, 0 skipped/);
  const g = run(['get', out, 'roundup-2025-09-28/2']);
  assert.equal(g.code, 0, g.stderr);
  assert.equal(JSON.parse(g.stdout).doc.parent, 'roundup-2025-09-28');
});

test('bad sources are reported as file:line and skipped, the rest still builds, exit 1', () => {
  const r = run(['build', 'tests/fixtures/sources/bad', 'tests/fixtures/sources/good']);
  assert.equal(r.code, 1);
  const lines = r.stderr.trim().split('\n');
  for (const expected of [
    'tests/fixtures/sources/bad/bad-date.md:6: bad date',
    'tests/fixtures/sources/bad/broken-front-matter.md:2: bad front matter: unterminated double-quoted string',
    'tests/fixtures/sources/bad/invalid-utf8.md:6: invalid UTF-8',
    'tests/fixtures/sources/bad/roundup-without-date.txt:1: weekly roundup has no date',
    'tests/fixtures/sources/bad/unknown-form.txt:1: unknown source form',
    'tests/fixtures/sources/bad/unterminated-chunk.txt:3: unterminated text chunk',
    // bad/ sorts first, so the duplicate there keeps the id and the good file is the one reported
    'tests/fixtures/sources/good/review-graph-rag.md:1: duplicate id "ai/review/2025-10-02-GraphWeaver"',
  ]) {
    assert.ok(lines.some((l) => l.startsWith(expected)), `missing: ${expected}\n${r.stderr}`);
  }
  assert.match(r.stderr, /^read 14, built 6, skipped 7, unpublished 1: /m);
  const b = JSON.parse(r.stdout);
  assert.equal(b.build.skipped, 7);
  assert.equal(b.reviews.length, 3);
});

test('--strict stops at the first problem and writes nothing', () => {
  const r = run(['build', '--strict', 'tests/fixtures/sources/bad', 'tests/fixtures/sources/good']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^tests\/fixtures\/sources\/bad\/bad-date\.md:6: /);
  assert.match(r.stderr, /--strict/);
});

test('the same sources give the same bytes', () => {
  const a = run(['build', 'tests/fixtures/sources/good']);
  const b = run(['build', 'tests/fixtures/sources/good/', 'tests/fixtures/sources/good/review-draft.md']);
  assert.equal(a.stdout, b.stdout);
});

test('usage errors exit 2', () => {
  assert.equal(run(['build']).code, 2);
  assert.equal(run(['build', '--nope', 'x']).code, 2);
  assert.equal(run(['build', 'no/such/dir']).code, 1);
});

test('a source file read by its content, not its name', () => {
  const src = readFileSync(join(sources, 'good/digest-2026-02-11.md'), 'utf8');
  assert.match(src, /^---\ntype: daily-digest/);
  const r = run(['build', 'tests/fixtures/sources/good/digest-2026-02-11.md']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).digests[0].id, 'digest-2026-02-11');
});

test('a folder README is not a source; a README named on the command line is', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-readme-'));
  writeFileSync(join(dir, 'README.md'), 'This folder holds reviews.\n');
  copyFileSync(join(sources, 'good/review-tiny-vlm.md'), join(dir, 'a.md'));
  const r = run(['build', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^read 1, built 1, skipped 0, unpublished 0: /m);
  const named = run(['build', join(dir, 'README.md')]);
  assert.equal(named.code, 1);
  assert.match(named.stderr, /README\.md:1: unknown source form/);
});

// A source that cannot be read is a problem like a bad file: reported with its path and reason,
// left out, and the rest still build (it used to stop the build with no bundle written).
test('sources that cannot be read are reported and skipped; the others build', () => {
  const r = run(['build', 'tests/fixtures/sources/good', 'tests/fixtures/sources/no-such-folder']);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^cannot read tests\/fixtures\/sources\/no-such-folder: no such file or folder \(skipped\)$/m);
  assert.match(r.stderr, /^read 8, built 6, skipped 1, unpublished 1: 3 reviews, 6 papers, 3 digests$/m);
  assert.equal(JSON.parse(r.stdout).reviews.length, 3);

  // Nothing readable at all: no bundle, not an empty one over a good one.
  const dir = mkdtempSync(join(tmpdir(), 'digest-unreadable-'));
  const out = join(dir, 'bundle.json');
  writeFileSync(out, 'the previous bundle');
  const none = run(['build', join(dir, 'a'), join(dir, 'b'), '-o', out]);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /no source could be read: no bundle written/);
  assert.equal(readFileSync(out, 'utf8'), 'the previous bundle');

  // --strict stops at the first problem, this one too.
  const strict = run(['build', '--strict', 'tests/fixtures/sources/good', join(dir, 'a')]);
  assert.equal(strict.code, 1);
  assert.equal(strict.stdout, '');
});

// A file or folder without read permission (as another user: root reads everything).
test('a file and a folder without read permission are skipped, the others build', { skip: process.getuid?.() !== 0 || spawnSync('setpriv', ['--version']).status !== 0 ? 'needs root and setpriv to read as another user' : false }, () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-perm-'));
  spawnSync('cp', ['-r', join(sources, 'good'), join(dir, 'src')]);
  spawnSync('mkdir', [join(dir, 'src', 'locked')]);
  copyFileSync(join(sources, 'good', 'review-graph-rag.md'), join(dir, 'src', 'locked', 'copy.md'));
  spawnSync('chmod', ['-R', 'a+rX', dir]);
  spawnSync('chmod', ['000', join(dir, 'src', 'locked'), join(dir, 'src', 'review-graph-rag.md')]);
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', cli, 'build', join(dir, 'src')], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /cannot read folder .*\/src\/locked: Permission denied \(skipped\)/);
  assert.match(r.stderr, /cannot open .*\/src\/review-graph-rag\.md: Permission denied \(skipped\)/);
  // The six readable sources (one unpublished), the locked file and the locked folder: the two
  // count as read and skipped (read = built + skipped + unpublished).
  assert.match(r.stderr, /^read 8, built 5, skipped 2, unpublished 1: 2 reviews, 6 papers, 3 digests$/m);
  assert.equal(JSON.parse(r.stdout).reviews.length, 2);
});

// QA findings: a digest of tens of thousands of papers printed one identical warning per paper
// (40,000 lines), and ranks of five digits were no paper headings at all.
test('warnings are capped per file, and five-digit ranks are papers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-warn-'));
  const papers = [];
  for (let i = 1; i <= 60; i++) papers.push(`${i + 10000}. Paper ${i}\narXiv: 2601.${String(i).padStart(5, '0')} | 기관: Lab | ⬆️ 1 | ⭐ many\n한 줄 요약\n요약 ${i}.`);
  writeFileSync(join(dir, 'big.txt'), `📚 2026-01-05 AI 논문 핵심 요약\n${papers.join('\n')}\n`);
  const r = run(['build', join(dir, 'big.txt')]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).digests[0].papers.length, 60);
  const lines = r.stderr.split('\n').filter((l) => l.includes('warning:'));
  assert.equal(lines.filter((l) => l.includes('no count after ⭐')).length, 50);
  assert.match(r.stderr, /big\.txt: warning: 10 more warnings not shown\n/);
});
