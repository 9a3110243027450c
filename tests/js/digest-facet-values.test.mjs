// d.query's facets: the core sends the value facets as [rank, count, ...] and digest.js names
// them from facetValues(), read once per bundle. The named lists must be what the core's
// "array" format says, and a newly loaded bundle must bring its own names (not the last one's).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { distDir, fixture, openBuiltDigest } from './helpers.mjs';

const VALUE_FACETS = ['tags', 'institutions', 'selections', 'analyses', 'categories', 'prerequisites'];

function checkAgainstArrays(d, request) {
  const named = d.query(request);
  const arrays = d.query({ ...request, facetFormat: 'array' });
  assert.deepEqual(named.facets, arrays.facets, JSON.stringify(request));
  return named;
}

test('facets named through facetValues are the core\'s array answer, bundle after bundle', async () => {
  const { d } = await openBuiltDigest();
  const sample = new Uint8Array(readFileSync(join(distDir, 'bundle.json')));
  d.loadBytes(sample);
  const values = d.facetValues();
  assert.deepEqual(Object.keys(values).sort(), [...VALUE_FACETS].sort());
  assert.ok(values.tags.length > 5, 'the sample bundle has tags');
  for (const f of VALUE_FACETS) assert.deepEqual([...values[f]].sort((a, b) => (Buffer.compare(Buffer.from(a), Buffer.from(b)))), values[f], `${f} in rank order`);
  let seen = 0;
  for (const request of [{}, { q: '모델' }, { q: 'rl', facetLimit: 2 }, { facetFilter: 'l' }, { kind: 'paper', facetOrder: 'name' }, { q: 'zzzzqqq' }]) {
    const res = checkAgainstArrays(d, request);
    seen += res.facets.tags.length;
    for (const [name, count] of res.facets.tags) assert.ok(typeof name === 'string' && values.tags.includes(name) && count > 0);
  }
  assert.ok(seen > 0, 'some tag entries were compared');
  // Explicit formats pass through untouched.
  assert.ok(!Array.isArray(d.query({ facetFormat: 'object' }).facets.tags));
  assert.equal(d.query({ facets: false }).facets, undefined);

  // Another bundle: its own values (a stale list would name entries by the sample's tags).
  d.loadBytes(fixture('bundles/small.json'));
  const small = d.facetValues();
  assert.notDeepEqual(small.tags, values.tags);
  checkAgainstArrays(d, {});
  checkAgainstArrays(d, { q: 'a' });
  // A load that fails keeps the loaded bundle, and its names.
  assert.throws(() => d.loadBytes(new TextEncoder().encode('{"format":')));
  assert.deepEqual(d.facetValues(), small);
  checkAgainstArrays(d, {});
  // Back to the first.
  d.loadBytes(sample);
  assert.deepEqual(d.facetValues(), values);
  checkAgainstArrays(d, { q: '학습' });
});
