// The UI strings come in two modules, one per language, and only the reader's is loaded
// (web/ui/i18n.js): so each must hold every key the other does, with the same placeholders, or
// the page would show a key where the other language shows text.
import assert from 'node:assert/strict';
import test from 'node:test';
import ko from '../../web/ui/strings-ko.js';
import en from '../../web/ui/strings-en.js';

const base = (k) => k.replace(/_one$/, '');
const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');

test('both languages hold the same keys', () => {
  const koKeys = Object.keys(ko).filter((k) => !k.endsWith('_one')).sort();
  const enKeys = Object.keys(en).filter((k) => !k.endsWith('_one')).sort();
  assert.deepEqual(enKeys.filter((k) => !(k in ko)), [], 'keys English has and Korean lacks');
  assert.deepEqual(koKeys.filter((k) => !(k in en)), [], 'keys Korean has and English lacks');
  assert.ok(koKeys.length > 100, `${koKeys.length} keys`);
  // A singular form (English "1 document") has its plural beside it.
  for (const table of [ko, en]) for (const k of Object.keys(table).filter((x) => x.endsWith('_one'))) assert.ok(base(k) in table, k);
});

test('each string fills the same placeholders in both languages', () => {
  for (const k of Object.keys(ko)) {
    if (k.endsWith('_one')) continue;
    assert.equal(holes(en[k]), holes(ko[k]), `${k}: "${ko[k]}" / "${en[k]}"`);
  }
  // A singular form may write its count out ("1 document"): its other placeholders are the plural's.
  const others = (s) => holes(s).split(',').filter((h) => h && h !== 'n').join(',');
  for (const table of [ko, en])
    for (const k of Object.keys(table).filter((x) => x.endsWith('_one'))) assert.equal(others(table[k]), others(table[base(k)]), k);
});
