// symlinked-folders.test.mjs — `digest build DIR` follows a symlinked folder inside DIR (its files
// were silently not read), and a link loop or a second link to the same folder is skipped with a
// warning instead of running forever. Regression test for a QA finding (directory walk).
// The CLI is DIGEST_CLI, default build/digest.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = process.env.DIGEST_CLI || join(root, 'build/digest');
const good = join(root, 'tests/fixtures/sources/good');

test('build follows a symlinked folder once and reports a loop', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-links-'));
  mkdirSync(join(dir, 'elsewhere'));
  copyFileSync(join(good, 'review-tiny-vlm.md'), join(dir, 'elsewhere/a.md'));
  mkdirSync(join(dir, 'src/own'), { recursive: true });
  copyFileSync(join(good, 'review-graph-rag.md'), join(dir, 'src/own/b.md'));
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'src/linked'));
  symlinkSync('..', join(dir, 'src/own/loop'));           // back to src: a loop
  symlinkSync(join(dir, 'elsewhere'), join(dir, 'src/again'));  // a second link to one folder
  const r = spawnSync(cli, ['build', join(dir, 'src')], { encoding: 'utf8', timeout: 20000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^read 2, built 2, skipped 0, unpublished 0: 2 reviews/m);
  assert.match(r.stderr, /own\/loop: warning: folder already read/);
  assert.match(r.stderr, /warning: folder already read \(a link to .*elsewhere\)/);
  assert.equal(JSON.parse(r.stdout).reviews.length, 2);
});

// QA finding: a pipe or a link to a device inside a folder was skipped without a word, and the
// same named on the command line (/dev/zero, a pipe on stdin) was read without end: memory grew
// until killed. Now the folder's are skipped with a warning and the named ones stop at the limit.
test('build skips special files in a folder with a warning and reads a pipe only up to the size limit', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-special-'));
  copyFileSync(join(good, 'review-tiny-vlm.md'), join(dir, 'a.md'));
  symlinkSync('/dev/zero', join(dir, 'zero.md'));
  const r = spawnSync(cli, ['build', dir], { encoding: 'utf8', timeout: 20000 });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /zero\.md: warning: not a regular file, not read/);
  assert.match(r.stderr, /^read 1, built 1, skipped 0/m);
  // /dev/zero named, and an endless pipe (`yes`) as /dev/stdin.
  for (const [cmd, args] of [[cli, ['build', '/dev/zero']], ['sh', ['-c', 'yes abc | "$0" build /dev/stdin', cli]]]) {
    const z = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20000, maxBuffer: 1 << 20 });
    assert.equal(z.signal, null, `${args.join(' ')} was killed (it did not stop reading)`);
    assert.equal(z.status, 1, z.stderr);
    assert.match(z.stderr, /:1: source is larger than 64 MiB/);
    assert.match(z.stderr, /^read 1, built 0, skipped 1/m);
  }
});
