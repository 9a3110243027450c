// prefs.js — what the reader keeps in localStorage: bookmarks, read marks, last visit, theme,
// language. Every access tolerates a missing or full storage (private mode, embedded iframes).
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

function idSet(key) {
  return {
    has: (id) => read(key, []).includes(id),
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
