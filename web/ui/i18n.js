// i18n.js — UI strings in Korean and English (strings-ko.js, strings-en.js: only the reader's
// language is loaded). Follows the browser language; switchable.
import { prefs } from './prefs.js';

function chosenLang() {
  const saved = prefs.get('lang');
  if (saved === 'ko' || saved === 'en') return saved;
  const nav = (navigator.languages && navigator.languages[0]) || navigator.language || 'ko';
  return nav.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

// Read once per page: switching the language reloads the page (app.js), and t() runs dozens of
// times per keystroke, too often to read storage each time.
let lang = null;

// The reader's language's strings: set by loadStrings, which app.js awaits before anything calls
// t(). Both tables hold the same keys (tests/js/i18n-strings.test.mjs).
let table = {};

/** Loads the strings of the reader's language (one module of ~2 KB gzip, not both). */
export async function loadStrings() {
  table = (await (currentLang() === 'ko' ? import('./strings-ko.js') : import('./strings-en.js'))).default;
}

export function currentLang() {
  if (lang === null) lang = chosenLang();
  return lang;
}

/**
 * The UI string `key` in the reader's language, with {name} placeholders filled from `vars`. A
 * count of exactly one (`vars.n`, a number or its formatted text) takes `key_one` where the
 * language has one (English: "1 document"; Korean needs none).
 */
export function t(key, vars) {
  const one = vars && String(vars.n) === '1' ? table[`${key}_one`] : undefined;
  let s = one ?? table[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function toggleLang() {
  lang = currentLang() === 'ko' ? 'en' : 'ko';
  prefs.set('lang', lang);
}
