// bookmarks.restore (web/ui/prefs.js): a bookmark taken away in the Bookmarks view and put back
// (the star pressed again) returns to its place among the cards the reader saw, whatever order
// several are put back in, not to the top as a new bookmark (QA). Storage is a Map here; without
// any (private mode), the same list lives for the page.
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';

const store = new Map();
globalThis.localStorage = {
  getItem: (k) => (store.has(k) ? store.get(k) : null),
  setItem: (k, v) => { store.set(k, String(v)); },
  removeItem: (k) => { store.delete(k); },
};
const { bookmarks } = await import('../../web/ui/prefs.js');

beforeEach(() => store.clear());

const seen = (ids) => { for (const id of [...ids].reverse()) bookmarks.toggle(id, true); assert.deepEqual(bookmarks.all(), ids); return bookmarks.all(); };
const putBack = (shown, id) => bookmarks.restore(id, shown.slice(shown.indexOf(id) + 1));

test('each of several put back in any order returns to its place', () => {
  const orders = [['A', 'B'], ['B', 'A'], ['A', 'C'], ['C', 'A'], ['B', 'C', 'A'], ['C', 'B', 'A'], ['A', 'B', 'C', 'D']];
  for (const back of orders) {
    store.clear();
    const shown = seen(['A', 'B', 'C', 'D']);
    for (const id of back) bookmarks.toggle(id, false);
    for (const id of back) putBack(shown, id);
    assert.deepEqual(bookmarks.all(), ['A', 'B', 'C', 'D'], `removed and put back ${back.join(', ')}`);
  }
});

test('the last card put back goes last; one starred elsewhere meanwhile stays first', () => {
  const shown = seen(['A', 'B', 'C']);
  bookmarks.toggle('C', false);
  bookmarks.toggle('N', true);  // another tab, or the home list
  putBack(shown, 'C');
  assert.deepEqual(bookmarks.all(), ['N', 'A', 'B', 'C']);
});
