// render-doc.test.mjs — `digest render FILE --doc ID [--level N]`: a bundle's document rendered
// as the viewer renders it. The JSON must be what d.render(id, {sectionLevel}) gives for the same
// bundle, for every document; and mistakes in the arguments are said plainly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, openBuiltDigest, root } from '../js/helpers.mjs';

const fixture = join(root, 'tests/fixtures/bundles/small.json');
const run = (args, input) => spawnSync(cliPath, args, { cwd: root, encoding: 'utf8', input, maxBuffer: 64 << 20 });

test('every document renders as the viewer renders it', async () => {
  const { d } = await openBuiltDigest();
  d.loadBytes(new Uint8Array(readFileSync(fixture)));
  const ids = d.list({ limit: 1000 }).docs.map((x) => x.id);
  assert.ok(ids.length >= 5);
  for (const id of ids)
    for (const level of [3, 2]) {
      const r = run(['render', fixture, '--doc', id, ...(level === 3 ? [] : ['--level', '2'])]);
      assert.equal(r.status, 0, r.stderr);
      const cli = JSON.parse(r.stdout);
      const wasm = d.render(id, { sectionLevel: level });
      assert.equal(cli.html, wasm.html, `${id} level ${level}`);
      assert.deepEqual(cli.toc, wasm.toc, `${id} level ${level}`);
      assert.ok(cli.html.length > 0);
    }
});

test('mistakes are said plainly', () => {
  let r = run(['render', fixture, '--doc', 'no-such-id']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /no document with id "no-such-id"/);
  r = run(['render', fixture]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /a bundle FILE needs --doc ID/);
  r = run(['render', '--doc', 'x']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--doc needs a bundle FILE/);
  r = run(['render', fixture, '--doc', 'x', '--level', '9']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--level takes 1 to 6/);
  r = run(['render', '--level', '2'], '# x');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--level applies to a bundle's document/);
  r = run(['render', '--bogus'], '');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /unknown option --bogus\nusage: digest render/);
  // Markdown on stdin still works as before.
  r = run(['render'], '# 모델\n\n*x*');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /<h1[^>]*>모델<\/h1>/);
});
