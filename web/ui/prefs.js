// prefs.js — what the reader keeps in localStorage: bookmarks, read marks, last visit, theme,
// language, and the last visit's first results (app.js, drawFirstView). Every access tolerates
// a missing or full storage (private mode, embedded iframes).
const PREFIX = 'dg.';

function read(key, fallback) {
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
  } catch {
    /* storage full or unavailable: the preference lasts for this page only */
  }
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
  return {
    has: (id) => idsOf(key).has(id),
    all: () => read(key, []),
    toggle(id) {
      const list = read(key, []);
      const i = list.indexOf(id);
      if (i >= 0) list.splice(i, 1);
      else list.unshift(id);
      write(key, list);
      return i < 0;
    },
    add(id) {
      const list = read(key, []);
      if (!list.includes(id)) {
        list.unshift(id);
        if (list.length > 5000) list.length = 5000; // keep storage bounded
        write(key, list);
      }
    },
  };
}

export const bookmarks = idSet('bookmarks');
export const readMarks = idSet('read');
