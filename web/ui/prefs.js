// prefs.js — what the reader keeps in localStorage: bookmarks, read marks, last visit, theme,
// language, and the last visit's first results (app.js, drawFirstView). Every access tolerates
// a missing or full storage (private mode, embedded iframes).
const PREFIX = 'dg.';

// What was written this page's life but could not be stored (storage full or unavailable): read
// back from here, so a choice lasts for this page as said (the theme button read back nothing).
const unsaved = new Map();

function read(key, fallback) {
  if (unsaved.has(key)) return unsaved.get(key);
  try {
    const raw = localStorage.getItem(PREFIX + key);
    return raw === null ? fallback : JSON.parse(raw);
  } catch {
    return fallback;
  }
}

function write(key, value) {
  try {
    localStorage.setItem(PREFIX + key, JSON.stringify(value));
    unsaved.delete(key);
  } catch {
    unsaved.set(key, value);  /* storage full or unavailable: the preference lasts for this page only */
  }
}

/** The stored value of `key` if `valid(value)` says it is one, else `fallback` (another version, another tab or a hand may have written anything there). */
export function readValid(key, valid, fallback) {
  const v = read(key, fallback);
  return valid(v) ? v : fallback;
}

export const prefs = {
  get: (key, fallback = null) => read(key, fallback),
  set: (key, value) => write(key, value),
};

// The parsed form of each id list, kept while its stored text is unchanged: a page of results
// asks about every result's bookmark and read mark on each keystroke, and parsing the lists
// each time cost more than drawing the marks. Storage stays the source of truth (another tab
// may have changed it), so the text is read each time, only the parse is saved.
const parsed = new Map();  // key -> { raw, ids: Set }

function idsOf(key) {
  if (unsaved.has(key)) return new Set(unsaved.get(key));
  let raw = null;
  try { raw = localStorage.getItem(PREFIX + key); } catch { /* unavailable: no ids */ }
  const hit = parsed.get(key);
  if (hit && hit.raw === raw) return hit.ids;
  let list = [];
  try { list = raw === null ? [] : JSON.parse(raw); } catch { /* unreadable: no ids */ }
  const ids = new Set(Array.isArray(list) ? list : []);
  parsed.set(key, { raw, ids });
  return ids;
}

function idSet(key) {
  // The stored list, or an empty one for anything else stored there ({}, null, "abc").
  const list = () => readValid(key, Array.isArray, []).filter((x) => typeof x === 'string');
  const set = (id, on, at = 0) => {
    const ids = list().filter((x) => x !== id);
    if (on) ids.splice(Math.max(0, Math.min(at, ids.length)), 0, id);
    if (ids.length > 5000) ids.length = 5000; // keep storage bounded
    write(key, ids);
    return on;
  };
  return {
    has: (id) => idsOf(key).has(id),
    all: list,
    /** Sets `id` to `on` (what the button the reader pressed says), or flips what is stored. */
    toggle: (id, on = !idsOf(key).has(id)) => set(id, on),
    /**
     * Puts `id` back (an undo) before the first of `followers` still in the list, the ids that
     * came after it when the reader saw the list; at the end if none is. So several removed and
     * put back in any order each keep their place.
     */
    restore(id, followers = []) {
      const ids = list().filter((x) => x !== id);
      const after = new Set(followers);
      const i = ids.findIndex((x) => after.has(x));
      return set(id, true, i < 0 ? ids.length : i);
    },
    add(id) {
      if (!idsOf(key).has(id)) set(id, true);
    },
  };
}

export const bookmarks = idSet('bookmarks');
export const readMarks = idSet('read');
