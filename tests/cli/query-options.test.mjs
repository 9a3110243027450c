// query-options.test.mjs — `digest query` and `digest list` options (node:test): an option that
// takes one value given twice, a value that is really the next option, and negative page numbers
// are usage errors (exit 2, "error: ..." naming the option), not a silently different search;
// and --min-upvotes never lets in documents without upvotes, whatever its value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cliPath, root } from '../js/helpers.mjs';

const file = join(root, 'tests/fixtures/bundles/small.json');
const run = (args) => spawnSync(cliPath, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });

test('an option given twice or missing its value is a usage error', () => {
  const cases = [
    [['--kind', 'review', '--kind', 'paper'], /--kind given twice/],
    [['--q', 'model', '--q', '모델'], /--q given twice/],
    [['--limit', '5', '--limit', '6'], /--limit given twice/],
    [['--q', '--tag', 'x'], /missing value for --q \(got the option --tag; for a value that starts with --, write --q=--tag\)/],
    [['--from', '--to', '2025-01-01'], /missing value for --from/],
    [['--tag'], /missing value for --tag/],
  ];
  for (const [args, message] of cases) {
    const r = run(['query', file, ...args]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '');
  }
  // Repeatable options and a search text that starts with one dash stay as they were.
  for (const args of [['--tag', 'a', '--tag', 'b'], ['--sort', 'upvotes', '--sort', 'stars'], ['--q', '-rl'], ['--q', '--x y']]) {
    const r = run(['query', file, ...args, '--limit', '0']);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
  }
});

// QA finding: a search text starting with "--" could not be given at all (`--q --flag` is taken
// for a missing value). `--option=VALUE` takes the value as written, for every option.
test('--option=VALUE gives any value, one starting with -- included', () => {
  const q = (args) => {
    const r = run(['query', file, ...args, '--no-facets', '--no-snippet']);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    return JSON.parse(r.stdout);
  };
  // The same request either way.
  assert.deepEqual(q(['--q=모델', '--kind=paper']), q(['--q', '모델', '--kind', 'paper']));
  assert.deepEqual(q(['--sort=date-old', '--limit=3']).ids, q(['--sort', 'date-old', '--limit', '3']).ids);
  // A value holding "=" keeps everything after the first one.
  assert.equal(q(['--q="a=b"']).total, q(['--q', '"a=b"']).total);
  // The value "--x" reaches the core as written (the old CLI could not take it: exit 2): the same
  // answer as the text " --x", which the space form accepts.
  assert.deepEqual(q(['--q=--x']), q(['--q', ' --x']));
  assert.deepEqual(q(['--q="--x"']), q(['--q', ' "--x"']));
  // The error for `--q --x` says how to write it.
  const r = run(['query', file, '--q', '--x']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /write --q=--x/);
  // Flags take no value; a repeated single option is refused in either form.
  for (const [args, message] of [[['--expand=1'], /--expand takes no value/], [['--q=a', '--q', 'b'], /--q given twice/]]) {
    const e = run(['query', file, ...args]);
    assert.equal(e.status, 2, args.join(' '));
    assert.match(e.stderr, message);
  }
});

// QA finding: a search text that is not UTF-8 searched for U+FFFD and found nothing, silently.
test('a value that is not UTF-8 is a usage error naming the option', () => {
  // Through a shell: node's own argument passing would turn the bytes into U+FFFD first.
  const r = spawnSync('sh', ['-c', `"$0" query "$1" --q "$(printf 'm\\377\\376')"`, cliPath, file], { cwd: root, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'error: the value of --q is not UTF-8 text (invalid byte at offset 1)\n');
  assert.equal(r.stdout, '');
});

test('a value the query engine refuses is reported with the option that set it', () => {
  const cases = [
    [['--facets', 'foo'], /^error: --facets must be "object", "array" or "ranks"\n$/],
    [['--selection', 'random'], /^error: --selection: unknown selection "random" \(ranking, recommended\)\n$/],
    [['--analysis', 'video'], /^error: --analysis: unknown analysis "video" \(full-text, pdf, abstract\)\n$/],
    [['--facet-limit', '-1'], /^error: --facet-limit must not be negative\n$/],
    [['--from', '2025-06-01', '--to', '2025-01-01'], /^error: date range is inverted: --from is after --to\n$/],
    // A well-formed date that the calendar lacks is told apart from a misspelled one (QA finding).
    [['--from', '2024-02-30'], /^error: --from is no calendar date: "2024-02-30"\n$/],
    [['--to', '2024-2-3'], /^error: --to is not a date of the form YYYY-MM-DD: "2024-2-3"\n$/],
    [['--from', '2024-1--13'], /^error: --from is not a date of the form YYYY-MM-DD: "2024-1--13"\n$/],
    // A value quoted in a message is cut on a character boundary (no U+FFFD where stderr is read as UTF-8).
    [['--sort', `ab${'가'.repeat(30)}`], /^error: --sort: unknown sort "ab가{12}" \(relevance/],
    // A tag filter naming no tag matched nothing without a word (QA finding).
    [['--tag', ''], /^error: --tag holds a name with no letters or digits: ""\n$/],
    [['--not-tag', ' - '], /^error: --not-tag holds a name with no letters or digits: " - "\n$/],
    [['--sort', 'sideways'], /^error: --sort: unknown sort "sideways"/],
    [['--expand', 'yes'], /^error: unexpected argument "yes" \(one FILE comes first; --expand, --no-snippet and --no-facets take no value\)/],
  ];
  for (const [args, message] of cases) {
    const r = run(['query', file, ...args]);
    // A usage error (2), as a bad number is; 1 is for a bundle that cannot load.
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '');
  }
  // A page larger than the engine's: the first 1000, and a note saying so.
  const big = run(['query', file, '--limit', '5000']);
  assert.equal(big.status, 0);
  assert.match(big.stderr, /^note: a page holds at most 1000 results; page through the rest with --offset/);
});

test('list, related and build say a missing value or an option given twice as query does', () => {
  const cases = [
    [['list', file, '--offset', '2', '--offset', '5'], /^error: --offset given twice/],
    [['list', file, '--limit'], /^error: missing value for --limit/],
    [['list', '--limit', '2', file], /^error: usage: digest list FILE .*\(FILE comes first\)/],
    [['related', file, 'x', '--limit', '1', '--limit', '2'], /^error: --limit given twice/],
    [['related', file, 'x', '--limit'], /^error: missing value for --limit/],
    [['build', '-o', 'a.json', '-o', 'b.json', 'tests/fixtures/sources/good'], /^error: -o given twice/],
  ];
  for (const [args, message] of cases) {
    const r = run(args);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '');
  }
});

test('list refuses negative page numbers', () => {
  for (const args of [['--limit', '-3'], ['--offset', '-1']]) {
    const r = run(['list', file, ...args]);
    assert.equal(r.status, 2, args.join(' '));
    assert.match(r.stderr, /^error: bad number for --/);
  }
  assert.equal(run(['list', file, '--limit', '0']).status, 0);
});

test('--min-upvotes keeps only documents with upvotes, at any value', () => {
  const bundle = JSON.parse(readFileSync(file, 'utf8'));
  const docs = [...bundle.reviews, ...bundle.digests.flatMap((g) => g.papers)];
  const upvotes = (d) => (typeof d.upvotes === 'number' ? d.upvotes : -1);
  assert.ok(docs.some((d) => upvotes(d) < 0) && docs.some((d) => upvotes(d) >= 0), 'the fixture has documents with and without upvotes');
  for (const min of [-5, -1, 0, 1, 10]) {
    const r = run(['query', file, '--min-upvotes', String(min), '--limit', '1000', '--no-snippet']);
    assert.equal(r.status, 0, r.stderr);
    const want = docs.filter((d) => upvotes(d) >= 0 && upvotes(d) >= min).map((d) => d.id).sort();
    assert.deepEqual(JSON.parse(r.stdout).ids.sort(), want, `--min-upvotes ${min}`);
  }
});

test('--no-facets leaves the facets out and the page as it was, at any offset', () => {
  for (const args of [['--q', 'model'], ['--q', '모델', '--expand'], [], ['--tag', 'LLM', '--sort', 'date-old']]) {
    const full = run(['query', file, ...args, '--limit', '1000', '--facet-limit', '3']);
    assert.equal(full.status, 0, full.stderr);
    const all = JSON.parse(full.stdout);
    assert.ok(all.facets && all.facetTotals, 'the default result has facets');
    for (const [offset, limit] of [[0, 5], [5, 15], [2, 1000]]) {
      const r = run(['query', file, ...args, '--no-facets', '--offset', String(offset), '--limit', String(limit)]);
      assert.equal(r.status, 0, r.stderr);
      const page = JSON.parse(r.stdout);
      assert.equal(page.facets, undefined, args.join(' '));
      assert.equal(page.facetTotals, undefined, args.join(' '));
      assert.equal(page.total, all.total, args.join(' '));
      assert.deepEqual(page.ids, all.ids.slice(offset, offset + limit), `${args.join(' ')} offset ${offset}`);
      assert.deepEqual(page.hits, all.hits.slice(offset, offset + limit), `${args.join(' ')} offset ${offset}: same hits, snippets included`);
    }
  }
});
