// io-errors.test.mjs — file system errors name the file and the reason, and `build -o -` writes
// the bundle to standard output. Regression tests for QA findings (CLI: "cannot read t1" and
// "cannot write nodir/x.json" gave no reason; `-o -` made a file named "-").
// The CLI is DIGEST_CLI, default build/digest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.DIGEST_CLI || join(root, 'build/digest');
const good = join(root, 'tests/fixtures/sources/good/review-tiny-vlm.md');

function run(args, cwd = root) {
  const r = spawnSync(cli, args, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('validate of a folder says it is a directory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-io-'));
  const r = run(['validate', dir]);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, `error: cannot read ${dir}: Is a directory\n`);
});

test('build -o into a missing folder says why it cannot write', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-io-'));
  const r = run(['build', good, '-o', 'nodir/x.json'], dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: cannot write nodir\/x\.json: No such file or directory$/m);
});

test('build -o - writes the bundle to standard output, not to a file named "-"', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-io-'));
  const r = run(['build', good, '-o', '-'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).format, 'paper-digest-bundle');
  assert.equal(existsSync(join(dir, '-')), false);
  const help = run(['build', '--help']);
  assert.match(help.stdout, /"-o -" or no -o writes it to standard output/);
});

// QA finding: a document the loader skipped vanished without a word everywhere but `validate`
// (list/query/related/feed answered from the rest with an empty stderr; get said "no document").
test('every command that reads a bundle says what it skipped', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-io-'));
  const file = join(dir, 'skip.json');
  const text = '{"format":"paper-digest-bundle","version":1,"reviews":[{"id":"good","title":"G","date":"2025-01-01","tags":["t"]},' +
    '{"id":"bad","title":"B","date":"2025-01-01","excerpt":"a\\ud800b"}],"digests":[]}';
  writeFileSync(file, text);
  const at = text.indexOf('"a\\ud800b"');  // the string's opening quote
  const warned = new RegExp(`^warning: ${file}: string holds a lone surrogate escape .* at byte ${at} \\(line 1, column ${at + 1}\\), in reviews\\[1\\]\\.excerpt \\(skipped\\)\\n` +
    `warning: ${file}: 1 document skipped, answering from the rest`);
  for (const args of [['list', file], ['query', file, '--q', 'g'], ['related', file, 'good'], ['feed', file, '--out', join(dir, 'out'), '--base-url', 'https://x.example/']]) {
    const r = run(args);
    assert.equal(r.code, 0, `${args[0]}: ${r.stderr}`);
    assert.match(r.stderr, warned, args[0]);
  }
  const g = run(['get', file, 'bad']);
  assert.equal(g.code, 1);
  assert.match(g.stderr, warned);
  assert.match(g.stderr, /error: no document with id "bad"/);
  // A bundle with nothing skipped: not a word.
  const clean = join(dir, 'clean.json');
  writeFileSync(clean, '{"format":"paper-digest-bundle","version":1,"reviews":[{"id":"good","title":"G","date":"2025-01-01"}],"digests":[]}');
  assert.equal(run(['list', clean]).stderr, '');
});
