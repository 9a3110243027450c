// help.test.mjs — every command answers --help (and -h, anywhere after the command) with its usage on
// stdout and exit 0, the same way, even where other arguments come first (validate, list, get,
// related and feed used to read "--help" as a file name or an id and exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cliPath, root } from '../js/helpers.mjs';

const run = (args) => spawnSync(cliPath, args, { cwd: root, encoding: 'utf8', input: '' });

test('every command answers --help with its usage and exit 0', () => {
  for (const cmd of ['build', 'validate', 'list', 'get', 'query', 'related', 'render', 'feed']) {
    for (const args of [[cmd, '--help'], [cmd, '-h']]) {
      const r = run(args);
      assert.equal(r.status, 0, `${args.join(' ')}: exit ${r.status}, ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^usage: digest ${cmd}\\b`), args.join(' '));
    }
  }
  for (const args of [['get', 'dist/bundle.json', '--help'], ['list', 'dist/bundle.json', '-h'], ['related', 'dist/bundle.json', 'x', '--help']]) {
    const r = run(args);
    assert.equal(r.status, 0, args.join(' '));
    assert.match(r.stdout, new RegExp(`^usage: digest ${args[0]}\\b`));
  }
  const top = run(['--help']);
  assert.equal(top.status, 0);
  assert.match(top.stdout, /--top-tags N\] \[--limit N\] \[--title TEXT\]/);
});
