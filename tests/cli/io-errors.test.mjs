// io-errors.test.mjs — file system errors name the file and the reason, and `build -o -` writes
// the bundle to standard output. Regression tests for QA findings (CLI: "cannot read t1" and
// "cannot write nodir/x.json" gave no reason; `-o -` made a file named "-").
// The CLI is DIGEST_CLI, default build/digest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
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
