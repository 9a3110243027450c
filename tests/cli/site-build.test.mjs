// site-build.test.mjs — scripts/build on an operator's own sources (DIGEST_CONTENT, DIGEST_OUT):
// a source it cannot read is reported and left out, the others are still published; no bundle
// at all stops the build. (It used to ship the test fixture's three reviews instead, exit 0.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function siteBuild(content, out) {
  const r = spawnSync(join(root, 'scripts/build'), [], {
    cwd: root, encoding: 'utf8', env: { ...process.env, DIGEST_CONTENT: content, DIGEST_OUT: out }, maxBuffer: 64 << 20,
  });
  return { code: r.status, stderr: r.stderr + r.stdout };
}

test('one unreadable source is reported and the rest of the collection is published', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-site-'));
  const content = join(dir, 'content');
  cpSync(join(root, 'tests/fixtures/sources/good'), content, { recursive: true });
  writeFileSync(join(content, 'zz-broken.md'), '---\ntitle: "never closed\n---\n본문\n');
  const expected = JSON.parse(spawnSync(join(root, 'build/digest'), ['build', join(root, 'tests/fixtures/sources/good')], { encoding: 'utf8' }).stdout);
  const r = siteBuild(content, join(dir, 'site'));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /zz-broken\.md:2/, 'the problem is shown with its file and line');
  assert.match(r.stderr, /WITHOUT the sources reported above/);
  const bundle = JSON.parse(readFileSync(join(dir, 'site/bundle.json'), 'utf8'));
  assert.deepEqual(bundle.reviews.map((d) => d.id), expected.reviews.map((d) => d.id), 'the good sources, not another collection');
  assert.equal(bundle.digests.length, expected.digests.length);
  assert.ok(existsSync(join(dir, 'site/index.html')) && existsSync(join(dir, 'site/feed.xml')));
});

test('sources that give no bundle at all stop the build', () => {
  const dir = mkdtempSync(join(tmpdir(), 'digest-site-'));
  const r = siteBuild(join(dir, 'no-such-folder'), join(dir, 'site'));
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /no-such-folder/);
  assert.match(r.stderr, /nothing was built/);
  assert.ok(!existsSync(join(dir, 'site')), 'no site assembled');
});
