// router.js — every view, query, filter set and sort lives in the URL hash, so any static host
// works, links are shareable, reload restores the view and back/forward just work.
//   #/?q=모델&tag=LLM&tag=RL&sort=date      home with search state
//   #/doc/<id>                               a review or a paper
//   #/digest/<id>?sort=upvotes               a daily digest or weekly roundup
//   #/digests                                all digest days
//   #/bookmarks                              the reader's bookmarks

const LIST_KEYS = ['tag', 'nt', 'cat', 'pre'];

export function parseHash(hash = location.hash) {
  let h = hash.replace(/^#/, '');
  if (!h.startsWith('/')) h = '/' + h;
  const qi = h.indexOf('?');
  const path = qi >= 0 ? h.slice(0, qi) : h;
  const params = new URLSearchParams(qi >= 0 ? h.slice(qi + 1) : '');
  const parts = path.split('/').filter(Boolean);
  const route = { view: 'home', id: null, params };
  if (parts[0] === 'doc' && parts.length > 1) route.view = 'doc';
  else if (parts[0] === 'digest' && parts.length > 1) route.view = 'digest';
  else if (parts[0] === 'digests') route.view = 'digests';
  else if (parts[0] === 'bookmarks') route.view = 'bookmarks';
  if (route.view === 'doc' || route.view === 'digest') {
    // A malformed escape (`#/doc/abc%`, a hand-made or cut-off link) is no id of the bundle: kept
    // as written, it gets the not-found page (decodeURIComponent threw, and a fresh load hung).
    const raw = parts.slice(1).join('/');
    try { route.id = decodeURIComponent(raw); } catch { route.id = raw; }
  }
  return route;
}

/** Home state from URL params. */
export function searchStateFrom(params) {
  const s = {
    q: params.get('q') || '', from: params.get('from') || '', to: params.get('to') || '',
    kind: params.get('kind') || '', inst: params.get('inst') || '', sel: params.get('sel') || '',
    ana: params.get('ana') || '', sort: params.get('sort') || '', n: Math.max(20, Math.min(1000, Number(params.get('n')) || 20)),
  };
  for (const k of LIST_KEYS) s[k] = params.getAll(k);
  return s;
}

export function searchHash(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const k of LIST_KEYS) for (const v of s[k] || []) p.append(k, v);
  for (const k of ['from', 'to', 'kind', 'inst', 'sel', 'ana', 'sort']) if (s[k]) p.set(k, s[k]);
  if (s.n && s.n !== 20) p.set('n', String(s.n));
  const qs = p.toString();
  return '#/' + (qs ? '?' + qs : '');
}

export const docHash = (id) => '#/doc/' + encodeURIComponent(id);
export const digestHash = (id, sort) => '#/digest/' + encodeURIComponent(id) + (sort ? '?sort=' + sort : '');

// The hash the page shows: the last one routed (markShown), or written by the page itself
// without an event (replaceState). A hashchange that finds it current is late news: the event
// of an older push, whose URL the page has replaced since (typing that began on another view:
// docs/architecture.md, "The shell"). Routing it again would put the URL's older text back into
// the search box over what was typed meanwhile.
let shown = null;
export function markShown() { shown = location.hash; }
export const isShown = () => location.hash === shown;
/** The hash the page last routed or wrote (still the entry being left while a hashchange is routed). */
export const shownHash = () => shown;

/** Navigate: push a new history entry, or replace the current one (typing in the search box). */
export function go(hash, { replace = false } = {}) {
  if (hash === location.hash) return false;
  if (replace) {
    history.replaceState(history.state, '', hash);
    markShown();
    return false; // replaceState fires no hashchange: the caller renders itself
  }
  location.hash = hash;
  return true;
}
