// app.js — the viewer shell: boot, routing, header, keyboard, theme and language.
// It wires the DOM to digest.js and makes no data decision: what matches, the counts, the order,
// the snippets and every piece of HTML come from the C++ core.
import { DigestError, fetchBundle, openDigest } from './digest.js';
import { el, errorPanel } from './ui/dom.js';
import { currentLang, loadStrings, t, toggleLang } from './ui/i18n.js';
import { prefs, readValid } from './ui/prefs.js';
import { go, isShown, markShown, parseHash, searchHash, searchStateFrom, shownHash } from './ui/router.js';
import { HomeView } from './ui/home.js';

// How long after the first view is drawn the service worker is registered (see setReady).
const OFFLINE_DELAY_MS = 1000;
// The reading views (a review, a digest day, the day list, bookmarks) and their math typesetter
// load on first use, or this long after the first view: the home list does not wait for them.
const PAGES_DELAY_MS = 300;
let pagesModule = null;
// Their style sheet (ui/pages.css) comes with them: a reading view is drawn once both are in, so it
// never shows unstyled. A sheet that fails to load does not hold the view up.
let pagesStyle = null;
const readingStyle = () => pagesStyle || (pagesStyle = new Promise((resolve) => {
  const css = Object.assign(document.createElement('link'), { rel: 'stylesheet', href: new URL('./ui/pages.css', import.meta.url).href });
  css.onload = css.onerror = () => resolve();
  document.head.append(css);
}));
const readingViews = () => {
  if (!pagesModule) pagesModule = Promise.all([import('./ui/pages.js'), readingStyle()]).then(([m]) => m).catch((e) => { pagesModule = null; throw e; });
  return pagesModule;
};

// Largest bundle per tab: beyond it indexing would run out of wasm memory (docs/reliability.md).
const MAX_BUNDLE_BYTES = 128 * 1024 * 1024;
// History entries whose scroll position is remembered (App.leaveEntry): the newest ones, kept in
// the tab's sessionStorage so a reload (or a phone bringing a discarded tab back) lands where the
// reader was, and Back after it too.
const MAX_ENTRIES_KEPT = 100;
const ENTRIES_KEY = 'dg.entries';

/** The remembered entries of this tab (sessionStorage); what is damaged or refused is left out. */
function readEntries() {
  try {
    const raw = JSON.parse(sessionStorage.getItem(ENTRIES_KEY) || '[]');
    if (!Array.isArray(raw)) return new Map();
    const str = (v) => (typeof v === 'string' ? v : undefined);
    const hash = (v) => typeof v === 'string' && v.length <= 4096 && (v === '#/' || v.startsWith('#/?'));
    const num = (v) => (Number.isFinite(v) ? v : undefined);
    const kept = [];
    for (const item of raw.slice(-MAX_ENTRIES_KEPT)) {
      if (!Array.isArray(item) || typeof item[0] !== 'string' || !item[1] || typeof item[1] !== 'object') continue;
      const e = item[1];
      if (!Number.isFinite(e.y)) continue;
      // A noted search is a home URL's hash, over the hash it was typed on (leaveEntry).
      const search = hash(e.search) && typeof e.over === 'string' && e.over.length <= 4096 ? { search: e.search, over: e.over } : {};
      kept.push([item[0], { y: e.y, opened: str(e.opened), top: num(e.top), link: str(e.link), linkIndex: num(e.linkIndex), ...search,
        open: Array.isArray(e.open) ? e.open.filter((id) => typeof id === 'string') : [] }]);
    }
    return new Map(kept);
  } catch {
    return new Map();
  }
}

function saveEntries(entries) {
  try { sessionStorage.setItem(ENTRIES_KEY, JSON.stringify([...entries])); } catch { /* storage refused: this page's memory only */ }
}
// Problems of a load listed under the footer (the rest are counted: `digest validate` lists all).
const MAX_PROBLEMS_SHOWN = 20;

// What the kept first results answer: bundle URL, core and bundle bytes (boot.js), home state.
const firstViewKey = (url, base, state) => `${url}\n${base}\n${searchHash(state)}`;

const kb = (n) => (n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`);

/**
 * The downloads boot.js started before this module ran, for the bundle at `url`: {bundle, wasm},
 * each a promise or null. Taken once (a later bundle switch fetches as usual); `signal` aborts the
 * early bundle download too. A compilation that failed gives null: the core then loads as usual.
 */
function takeBoot(url, signal) {
  const boot = window.__dgBoot;
  window.__dgBoot = null;
  if (!boot) return { bundle: null, wasm: null, fromCache: () => false, firstView: () => null };
  const sameBundle = boot.bundle && boot.url === url;
  if (sameBundle) signal.addEventListener('abort', () => boot.download.abort(), { once: true });
  else boot.download.abort();
  return { bundle: sameBundle ? boot.bundle : null, wasm: boot.wasm ? boot.wasm.catch(() => null) : null,
    fromCache: () => sameBundle && boot.fromCache, firstView: () => (sameBundle && boot.fromCache ? boot.firstView : null) };
}

class App {
  constructor() {
    this.d = null;
    this.main = document.getElementById('dg-main');
    this.footer = document.getElementById('dg-footer-status');
    this.progress = document.getElementById('dg-progress');
    this.bar = document.getElementById('dg-progress-bar');
    this.searchInput = document.getElementById('dg-search');
    this.newCount = 0;
    this.prevNewest = null;
    this.readyMarked = false;
    // This visit's bundle was read from the service worker's cache by boot.js, not through the
    // worker: the first `check` (ui/offline.js) tells the worker, which then revalidates it.
    this.bundleFromCache = false;
    this.loadSeq = 0;
    this.typed = false;
    this.home = null;
    this.early = null;  // the home view drawn from the last visit's first results (drawFirstView)
    this.firstView = null;  // {url, base} while this visit's first answer is still to be kept
    this.lastView = null;
    this.routeSeq = 0;
    this.announcer = document.getElementById('dg-announce');
    // Where the reader was on each history entry (scroll position, and the result opened from
    // it), so Back returns there: the browser's own restoration ran while the next, shorter view
    // was still shown and clamped it (result 60 came back as the top of the page).
    this.entryKey = null;
    this.entries = readEntries();
    this.entrySeq = 0;
  }

  /**
   * The current history entry's key (in history.state, kept by every replaceState); made once, when
   * the entry is new. `from`: the view the reader was on then; a page opened from the home list
   * remembers it (dgFromHome), so Esc can go back to that very entry (App.onKey).
   */
  currentEntry(from) {
    let key = history.state && history.state.dgEntry;
    if (!key) {
      key = `${Math.round(performance.timeOrigin)}.${++this.entrySeq}`;
      const state = { ...(history.state || {}), dgEntry: key };
      if (from === 'home' && parseHash().view !== 'home') state.dgFromHome = true;
      history.replaceState(state, '', location.href);
    }
    return key;
  }

  /** Notes where the reader is on the entry being left; `opened`: the result followed from it. */
  leaveEntry(opened) {
    if (!this.entryKey) return;
    const at = this.entries.get(this.entryKey) || {};
    const entry = { y: window.scrollY, opened: opened !== undefined ? opened : at.opened, top: at.top };
    // A digest's cards the reader expanded: Back draws them expanded again before scrolling (y was
    // measured with them open; collapsed, the page is shorter and the position clamped).
    entry.open = [...this.main.querySelectorAll('.dg-card .dg-expand[aria-expanded="true"]')].map((b) => b.closest('.dg-card').dataset.dgId);
    // The link the reader left by (focused: clicked, or Enter on it): Back puts focus on it again
    // rather than on the page's heading, far above where the page is scrolled back to.
    const link = document.activeElement?.closest?.('a[href]');
    if (link && this.main.contains(link)) {
      entry.link = link.getAttribute('href');
      // Which of the links to that address (a tag on several cards): the first was focused, far
      // from the place returned to, and the next Tab scrolled the page there.
      entry.linkIndex = [...this.main.querySelectorAll(`a[href="${CSS.escape(entry.link)}"]`)].indexOf(link);
    }
    // The search on screen: typing writes the URL only once it pauses (HomeView.writeUrlSoon), so
    // an entry left sooner (Back, a reload) still has an older search in its URL: noted with the
    // hash it was typed over, route() puts it back on return while the URL is still that hash.
    // (Only a search not yet written: another change has written the URL, or pushed a new entry
    // and the state is that entry's already.)
    if (this.lastView === 'home' && this.home && this.home.state && this.home.urlPending) {
      entry.search = searchHash(this.home.state);
      entry.over = shownHash() ?? location.hash;  // (location.hash is already the next entry's on Back)
    }
    if (opened !== undefined) {  // where its card sat on screen (HomeView.scrollBack)
      const card = [...this.main.querySelectorAll('.dg-list .dg-item')].find((n) => n.dataset.dgId === opened);
      entry.top = card ? card.getBoundingClientRect().top : undefined;
    }
    this.entries.delete(this.entryKey);  // newest last: the oldest go first past the cap
    this.entries.set(this.entryKey, entry);
    while (this.entries.size > MAX_ENTRIES_KEPT) this.entries.delete(this.entries.keys().next().value);
    saveEntries(this.entries);
  }

  /** Says `text` to screen readers (one polite live region for the whole page). */
  announce(text, { again = false } = {}) {
    if (!this.announcer) return;
    // The same words again (a new search with the same count) are only read when they change:
    // `again` alternates a trailing no-break space so they do.
    if (this.announcer.textContent.replace(/\u00a0$/, '') === text) {
      if (again) this.announcer.textContent = this.announcer.textContent.endsWith('\u00a0') ? text : `${text}\u00a0`;
      return;
    }
    this.announcer.textContent = text;
  }

  /** URL of the bundle: ?bundle=... (same origin or CORS-enabled), else the bundled sample. */
  bundleUrl() {
    return new URLSearchParams(location.search).get('bundle') || 'bundle.json';
  }

  async start() {
    this.applyTheme();
    this.wireHeader();
    const started = performance.now();
    const loading = document.getElementById('dg-loading');
    if (loading) loading.textContent = t('loading');
    const seq = ++this.loadSeq;
    // The bundle downloads while the WebAssembly core compiles: neither waits for the other.
    this.progress.hidden = false;
    const url = this.bundleUrl();
    const download = new AbortController();
    const boot = takeBoot(url, download.signal);
    // A returning visit whose bundle is in the worker's cache: the first results the last visit
    // drew for the same bundle bytes and the same URL are drawn as soon as the cache answers,
    // while the core starts and reads the bundle (drawFirstView).
    if (boot.bundle) boot.bundle.then(() => this.drawFirstView(url, boot.firstView(), seq), () => {});
    let tooLarge = null;
    const refuse = (got, total) => {
      if (tooLarge || Math.max(got, total) <= MAX_BUNDLE_BYTES) return;
      const size = total > MAX_BUNDLE_BYTES ? `is ${total}` : `is larger than ${got}`;
      tooLarge = new DigestError({ code: 'TOO_LARGE', url, message: `${url}: the bundle ${size} bytes; this viewer opens bundles up to ${MAX_BUNDLE_BYTES} bytes per browser tab` });
      download.abort();
    };
    // The core reads the bundle as it arrives (beginLoad), once it has started; what arrived
    // before that waits in `early`.
    let sink, early = [], expected = 0;
    const startSink = () => {
      if (sink !== undefined || !this.d || !early.length || tooLarge) return;
      sink = expected <= MAX_BUNDLE_BYTES ? this.d.beginLoad(expected) : null;
      for (const c of early) if (sink && !sink.push(c)) sink = null;
      early = null;
    };
    const bytes = fetchBundle(url, {
      signal: download.signal,
      fetchImpl: boot.bundle ? () => boot.bundle : undefined,
      whole: boot.fromCache,
      onChunk: (chunk, total) => {
        expected = total;
        if (early) {
          early.push(chunk);
          startSink();
        } else if (sink && !sink.push(chunk)) {
          sink = null;
        }
      },
      onProgress: (got, total) => {
        refuse(got, total);
        if (tooLarge) return;
        this.bar.style.width = total ? `${Math.min(100, (100 * got) / total).toFixed(1)}%` : '40%';
        this.progress.setAttribute('aria-valuenow', total ? String(Math.round((100 * got) / total)) : '0');
        if (loading) loading.textContent = t('loadingBytes', { got: kb(got), total: total ? kb(total) : '?' });
      },
    });
    bytes.catch(() => {}); // handled below, after the core started (an early failure is not "unhandled")
    try {
      this.d = await openDigest({ wasmModule: await boot.wasm });
    } catch (e) {
      this.progress.hidden = true;
      return this.fail(t('errorStart'), e, { startFailed: true });
    }
    performance.mark('dg-core-ready');
    startSink();
    let summary;
    try {
      const got = await bytes;
      refuse(got.length, 0);
      if (tooLarge) throw tooLarge;
      performance.mark('dg-bundle-arrived');
      this.bundleFromCache = boot.fromCache();
      summary = sink ? sink.finish() : this.d.loadBytes(got);
    } catch (e) {
      if (sink) sink.cancel();
      this.progress.hidden = true;
      return this.fail(t('errorBundle'), tooLarge || e, { startFailed: true });
    }
    if (seq !== this.loadSeq) return undefined;
    // Timings for the benchmarks (docs/benchmarks.md): core start, download + load + index, and
    // what the load still does once the last byte is in hand (sink.finish, or loadBytes).
    performance.measure('dg-core-start', { start: started, end: 'dg-core-ready' });
    performance.measure('dg-bundle-load-index', 'dg-core-ready');
    performance.measure('dg-bundle-load', 'dg-bundle-arrived');
    this.progress.hidden = true;
    this.summary = summary;
    this.searchPrepared = false;  // this bundle's full-text index: built after its first view (setReady)
    document.getElementById('dg-collection').textContent = summary.title || '';
    this.trackVisit();
    this.firstView = boot.firstView() ? { url, base: boot.firstView() } : null;
    this.home = this.early || new HomeView(this);
    this.early = null;
    window.addEventListener('hashchange', () => { if (!isShown()) this.route(); });
    if (this.typed) this.onSearchInput(); // typed while downloading
    this.route();
    const ms = Math.round(performance.now() - started);
    this.footer.textContent = t('readyIn', { ms });
    this.footer.dataset.dgTti = String(ms);
    this.showSkipped(summary);
    return undefined;
  }

  /**
   * What the load skipped, under the footer: the count, opening to each problem as the core words it
   * (what and where: "… at byte 155 (line 1, column 156), in reviews[1].excerpt"), as text.
   */
  showSkipped(summary) {
    const box = document.getElementById('dg-footer-problems');
    const shown = (summary.problems || []).slice(0, MAX_PROBLEMS_SHOWN);
    box.replaceChildren();
    box.hidden = !summary.skipped;
    if (!summary.skipped) return;
    box.append(el('summary', null, t('skipped', { n: summary.skipped })),
      el('ul', null, shown.map((p) => el('li', null, p.describe || p.message))));
    if (summary.skipped > shown.length) box.append(el('p', null, t('skippedMore', { n: summary.skipped - shown.length })));
  }

  /** "New since your last visit": documents dated after the newest one seen last time. */
  trackVisit() {
    const newest = this.d.list({ offset: 0, limit: 1 }).docs[0];
    // One mark per collection: another bundle's newest date says nothing about this one. (The
    // default bundle keeps the key it always had.)
    const url = this.bundleUrl();
    const key = url === 'bundle.json' ? 'lastNewest' : `lastNewest@${url}`;
    // Anything but a real date stored there (by hand, another version) counts as no last visit
    // (an invalid one threw here and the viewer never started).
    const last = readValid(key, (v) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && Number.isFinite(Date.parse(`${v}T00:00:00Z`)), null);
    if (last && newest) {
      const next = new Date(Date.parse(last + 'T00:00:00Z') + 86400000).toISOString().slice(0, 10);
      this.prevNewest = last;
      try { this.newCount = this.d.query({ from: next, limit: 0, facets: false }).total; } catch { this.newCount = 0; }
    }
    if (newest) prefs.set(key, newest.date);
  }

  /** Search as you type; docs/architecture.md ("The shell") says how keystrokes stay in order. */
  onSearchInput() {
    this.typed = true;
    if (!this.home) return;
    const q = this.searchInput.value, r = parseHash(), home = r.view === 'home';
    if (home && this.lastView === 'home') return this.home.update({ q }, { replace: true, now: true });
    // Another view, or home before its hashchange was handled: from the URL, not the home view's state.
    go(searchHash({ ...searchStateFrom(home ? r.params : new URLSearchParams()), q }), { replace: home });
    if (home) this.route();
  }

  /**
   * The first results the last visit drew, if they answer this visit's request: the same bundle
   * URL, the same bundle bytes (their SHA-256, which the worker stored with them), the same core
   * (boot.js: the SHA-256 of digest-core.wasm) and the same home state from the URL. The core's own
   * answer, kept by keepFirstView, drawn provisionally until the core answers again (HomeView
   * showFirstView); nothing is drawn from it for any other view, or once the reader has typed.
   */
  drawFirstView(url, base, seq) {
    if (!base || seq !== this.loadSeq || this.home || this.early || this.typed) return;
    if (document.body.dataset.dgState === 'error') return;  // the core could not start: its error screen stays
    const r = parseHash();
    if (r.view !== 'home') return;
    const state = searchStateFrom(r.params);
    const kept = prefs.get('firstView', null);
    if (!kept || kept.key !== firstViewKey(url, base, state) || !kept.res || !Array.isArray(kept.res.hits)) return;
    const view = new HomeView(this);
    try {
      this.main.replaceChildren(view.showFirstView(state, kept.res));
    } catch {
      return;  // kept data this shell cannot draw: wait for the core's answer
    }
    this.early = view;
  }

  /**
   * Keeps this visit's first answer (HomeView.keptAnswer: the count, the first results) for the
   * next visit; home.js asks only while `firstView` is set, once per visit.
   */
  keepFirstView(state, res) {
    prefs.set('firstView', { key: firstViewKey(this.firstView.url, this.firstView.base, state), res });
    this.firstView = null;
  }

  isNew(doc) {
    return !!this.prevNewest && doc.date > this.prevNewest;
  }

  setReady() {
    // Written only when they change: the home view calls this once per answer drawn.
    if (this.main.getAttribute('aria-busy') !== 'false') this.main.setAttribute('aria-busy', 'false');
    if (document.body.dataset.dgState !== 'ready') document.body.dataset.dgState = 'ready';
    // The load indexed only what the first view needs; the full-text index is built once that
    // view is on screen, in the next idle period, so the first keystroke finds it ready. The
    // offline support (service worker, update checks) starts a second later, once per page: it
    // does not compete with the first view for the network or the main thread.
    if (!this.searchPrepared) {
      this.searchPrepared = true;
      // From the first idle period on, in tasks of a few ms each (one piece took ~1 s at 20k
      // documents, a long task that held back every click and keystroke): input is handled between
      // them, and a keystroke's query finishes what is left.
      // Until it is built, a search waits for it (HomeView.run) rather than finishing the build in
      // the keystroke's own task, which held typing up for ~1.6 s at 20k documents.
      this.searchBuilt = false;
      // (`data-dg-search="ready"` on the body says it was built, for the perf tools and tests that
      // time keystrokes; a build stopped by another load, or by a failure, leaves it unset.)
      delete document.body.dataset.dgSearch;
      const d = this.d;
      this.searchBuild = d.prepareSearchInBackground().then((built) => {
        this.searchBuilt = true;
        if (built && d === this.d && this.searchPrepared) document.body.dataset.dgSearch = 'ready';
      });
      if (!this.offlineStarted) {
        this.offlineStarted = true;
        // Loaded then, not with the shell: the first view does not wait for its bytes.
        // (It is in the service worker's shell cache, so this works offline too.)
        setTimeout(() => import('./ui/offline.js').then((m) => m.initOffline(this), () => {}), OFFLINE_DELAY_MS);
        // The reading views, so that opening a result does not wait for their download.
        setTimeout(() => readingViews().catch(() => {}), PAGES_DELAY_MS);
      }
    }
  }

  /**
   * An error screen in place of the view. `startFailed`: the core or the bundle could not be
   * loaded, so no view can be shown and a link home would lead nowhere; the screen offers to try
   * again and, when the URL names another bundle, to open the default collection instead.
   */
  fail(title, e, { startFailed = false } = {}) {
    let actions;
    if (startFailed) {
      actions = [el('button', { type: 'button', class: 'dg-error-retry', onclick: () => location.reload() }, t('tryAgain'))];
      const params = new URLSearchParams(location.search);
      if (params.has('bundle')) {
        params.delete('bundle');
        const rest = params.toString();
        actions.push(' ', el('a', { class: 'dg-error-default', href: `${location.pathname}${rest ? `?${rest}` : ''}#/` }, t('defaultCollection')));
      }
    }
    this.main.replaceChildren(errorPanel(title, e && e.message ? e.message : String(e), e && e.code, actions, startFailed ? bundleHint(e && e.code) : ''));
    this.main.setAttribute('aria-busy', 'false');
    document.body.dataset.dgState = 'error';
  }

  route() {
    this.leaveEntry();
    markShown();
    this.entryKey = this.currentEntry(this.lastView);
    const back = this.entries.get(this.entryKey) || null;  // an entry seen before: where the reader was
    let r = parseHash();
    // A search typed on this entry and left before its URL was written (leaveEntry): the URL
    // catches up with what the reader typed, unless it has moved on since (text typed while the
    // page reloaded, written by start()). Once: the record may outlive later writes of the URL
    // (a load no pagehide preceded: a duplicated or discarded tab).
    if (back && back.search) {
      if (r.view === 'home' && location.hash === back.over && parseHash(back.search).view === 'home') {
        go(back.search, { replace: true });
        r = parseHash();
      }
      delete back.search;
      delete back.over;
      saveEntries(this.entries);
    }
    const seq = ++this.routeSeq; // a newer navigation wins over a reading view still loading
    const first = this.lastView === null;
    const changed = this.lastView !== r.view || r.view !== 'home';
    this.lastView = r.view;
    document.body.dataset.dgView = r.view;
    const section = r.view === 'digest' ? 'digests' : r.view;
    for (const a of document.querySelectorAll('.dg-nav a')) a.setAttribute('aria-current', a.dataset.dgNav === section ? 'page' : 'false');
    if (r.view === 'home') {
      document.title = t('brand');
      const view = this.home.show(searchStateFrom(r.params), back);
      if (this.main.firstElementChild !== view) this.main.replaceChildren(view);
      if (back) this.home.scrollBack(back);  // the list still drawn; again once the answer is (HomeView.finish)
      else if (changed && !first) window.scrollTo(0, 0);
      // Coming from another view, focus follows as it does to a page's heading: to the results
      // (HomeView.finish puts it on the result the reader opened, when there is one).
      // Not when typing brought the reader here: the search box keeps the keys still coming.
      if (changed && !first && !(back && back.opened) && document.activeElement !== this.searchInput) {
        this.main.querySelector('.dg-results')?.focus({ preventScroll: true });
      }
      return;
    }
    // Leaving home: a query scheduled for the next frame must not draw or announce.
    this.home.cancel();
    readingViews().then((pages) => {
      if (seq === this.routeSeq) this.showPage(pages, r, first, changed, back);
    }, (e) => {
      if (seq === this.routeSeq) this.fail(t('errorStart'), e);
    });
  }

  showPage(pages, r, first, changed, back) {
    let node;
    // Opening a document marks it read; returning to its entry (Back, Forward, a reload) does
    // not: "Mark as unread" pressed there stays so.
    if (r.view === 'doc') node = pages.docPage(this, r.id, { markRead: !back });
    else if (r.view === 'digest') node = pages.digestPage(this, r.id, r.params.get('sort'));
    else if (r.view === 'digests') node = pages.digestsPage(this, ['daily', 'weekly'].includes(r.params.get('kind')) ? r.params.get('kind') : '');
    else node = pages.bookmarksPage(this);
    this.main.replaceChildren(node);
    if (back && back.open) {
      for (const id of back.open) node.querySelector(`.dg-card[data-dg-id="${CSS.escape(id)}"] .dg-expand[aria-expanded="false"]`)?.click();
    }
    const y = back ? back.y : 0;
    window.scrollTo(0, y);
    // Math is typeset just after this (KaTeX, in a microtask once it is loaded, as it is on a page
    // returned to) and changes the heights above the place returned to (y was measured with it
    // typeset; scroll anchoring then keeps the untypeset position): scroll there again once it is.
    if (back && node.dgTypeset) node.dgTypeset.then(() => { if (this.main.firstElementChild === node) window.scrollTo(0, y); });
    this.setReady();
    // Focus follows the navigation: the new page's heading, so screen readers read it and Tab starts
    // there; back on a page, the link the reader left it by, where the page is scrolled back to.
    if (!first && changed) {
      const links = back && back.link ? node.querySelectorAll(`a[href="${CSS.escape(back.link)}"]`) : [];
      const left = links[back && back.linkIndex > 0 ? back.linkIndex : 0] || links[0] || null;
      const h = left || this.main.querySelector('h1');
      if (h) {
        if (!left) h.tabIndex = -1;
        h.focus({ preventScroll: true });
      }
    }
    this.announce(document.title);
  }

  wireHeader() {
    const input = this.searchInput;
    input.placeholder = t('searchPlaceholder');
    input.setAttribute('aria-label', t('searchLabel'));
    input.addEventListener('input', () => this.onSearchInput());
    document.getElementById('dg-search-form').addEventListener('submit', (e) => e.preventDefault());
    // The skip link moves focus to the content; followed as a link, its #dg-main would be routed
    // as a view (the hash is the router's) and drop the page shown.
    // On home it skips the filters too: to the results (some 50 Tab stops of facets come first).
    document.querySelector('.dg-skip').addEventListener('click', (e) => {
      e.preventDefault();
      ((parseHash().view === 'home' && this.main.querySelector('.dg-results')) || this.main).focus();
    });
    for (const a of document.querySelectorAll('[data-dg-i18n]')) a.textContent = t(a.dataset.dgI18n);
    document.documentElement.lang = currentLang();
    const langButton = document.getElementById('dg-lang');
    langButton.textContent = t('language');
    langButton.setAttribute('aria-label', t('languageName'));
    langButton.lang = currentLang() === 'ko' ? 'en' : 'ko';
    document.getElementById('dg-nav').setAttribute('aria-label', t('menu'));
    this.progress.setAttribute('aria-label', t('bundleDownload'));
    document.getElementById('dg-help-button').setAttribute('aria-label', t('help'));
    // The language applies on a reload; focus comes back to this button after it.
    // A second press before that reload (a double click) would switch back: the page would reload
    // in the language it had.
    let switching = false;
    langButton.addEventListener('click', () => {
      if (switching) return;
      switching = true;
      toggleLang();
      try { sessionStorage.setItem('dg-focus-lang', '1'); } catch { /* no storage: focus starts at the top */ }
      location.reload();
    });
    try {
      if (sessionStorage.getItem('dg-focus-lang')) {
        sessionStorage.removeItem('dg-focus-lang');
        langButton.focus();
      }
    } catch { /* no storage */ }
    // The sticky header's height, for scroll-padding-top (style.css): a focused control or a
    // heading scrolled to is never left under the header (it wraps onto two rows when narrow or
    // zoomed).
    const header = document.querySelector('.dg-header');
    if (header && self.ResizeObserver) {
      new ResizeObserver(() => document.documentElement.style.setProperty('--dg-header-h', `${header.offsetHeight}px`)).observe(header);
    }
    const themeButton = document.getElementById('dg-theme');
    const themeLabel = () => {
      const mode = prefs.get('theme', 'auto');
      themeButton.textContent = mode === 'dark' ? '🌙' : mode === 'light' ? '☀️' : '🌓';
      themeButton.setAttribute('aria-label', `${t('theme')}: ${t(mode === 'dark' ? 'themeDark' : mode === 'light' ? 'themeLight' : 'themeAuto')}`);
    };
    themeLabel();
    themeButton.addEventListener('click', () => {
      const order = ['auto', 'light', 'dark'];
      prefs.set('theme', order[(order.indexOf(prefs.get('theme', 'auto')) + 1) % 3]);
      this.applyTheme();
      themeLabel();
    });
    // "System" follows the system live, not only at load; a theme chosen in another tab too.
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => this.applyTheme());
    addEventListener('storage', (e) => {
      if (e.key !== null && e.key !== 'dg.theme') return;
      this.applyTheme();
      themeLabel();
    });
    document.getElementById('dg-help-button').addEventListener('click', () => this.toggleHelp(true));
    document.addEventListener('keydown', (e) => this.onKey(e));
    // Typing rewrites the URL once it pauses (HomeView.writeUrlSoon): a link followed before then,
    // or leaving the page, first brings the home entry up to date, so Back and the history show
    // what was typed.
    document.addEventListener('click', (e) => {
      const link = e.target instanceof Element ? e.target.closest('a[href]') : null;
      if (!link) return;
      if (this.home) this.home.writeUrl();
      // A result followed from the list: Back puts focus on it again (HomeView.finish).
      const item = link.closest('.dg-item');
      if (item && item.dataset.dgId) this.leaveEntry(item.dataset.dgId);
    }, true);
    history.scrollRestoration = 'manual';  // route() restores each entry's position itself
    window.addEventListener('pagehide', () => {
      this.leaveEntry();  // where the reader is, for a reload of this entry (the search not yet written too)
      this.home?.writeUrl();
    });
  }

  /** Dark mode follows the system unless the reader chose; the choice is remembered. */
  applyTheme() {
    const mode = prefs.get('theme', 'auto');
    const dark = mode === 'dark' || (mode === 'auto' && matchMedia('(prefers-color-scheme: dark)').matches);
    document.documentElement.dataset.dgTheme = dark ? 'dark' : 'light';
  }

  toggleHelp(open) {
    let dlg = this.helpDialog;
    if (!dlg) {
      const keys = [['/', 'kSlash'], ['↓', 'kDown'], ['j / k', 'kJK'], ['Enter', 'kEnter'], ['Esc', 'kEsc'], ['← →', 'kChart'], ['?', 'kHelp']];
      dlg = el('dialog', { id: 'dg-help', class: 'dg-help', 'aria-labelledby': 'dg-help-title' },
        el('h2', { id: 'dg-help-title' }, t('shortcuts')),
        el('dl', null, ...keys.flatMap(([k, d]) => [el('dt', null, el('kbd', null, k)), el('dd', null, t(d))])),
        el('button', { type: 'button', class: 'dg-help-close', onclick: () => dlg.close() }, t('close')));
      document.body.append(dlg);
      this.helpDialog = dlg;
    }
    if (open && !dlg.open) dlg.showModal();
    else if (!open && dlg.open) dlg.close();
  }

  onKey(e) {
    // A key an input method is composing with (a Korean syllable not yet committed) is the IME's.
    if (e.isComposing || e.keyCode === 229) return;
    const target = e.target;
    const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
    if (e.key === 'Escape') {
      const dlg = this.helpDialog;
      if (dlg && dlg.open) return;
      if (target === this.searchInput && this.searchInput.value) {
        // Clears the box; on home that clears the search, elsewhere the page stays (typing there
        // would search, clearing should not leave the page).
        this.searchInput.value = '';
        if (parseHash().view === 'home') this.searchInput.dispatchEvent(new Event('input'));
      } else if (this.home && parseHash().view === 'home' && this.home.filtersOpen()) {
        this.home.setFiltersOpen(false);  // the narrow screens' filter sheet
      } else if (parseHash().view !== 'home') {
        // Back to the results: a page opened from the list goes back to that entry (its scroll
        // position and the result focused, route()); otherwise to the last search, which the home
        // view keeps while another view shows.
        if (history.state && history.state.dgFromHome) history.back();
        else go(this.home && this.home.state ? searchHash(this.home.state) : '#/');
      }
      return;
    }
    // ↓ in the search box on home: on to the first result, where j/k, Enter and ↓ go on (typed
    // in the box, j and k are letters of the search).
    if (e.key === 'ArrowDown' && target === this.searchInput && !e.defaultPrevented && !e.metaKey && !e.ctrlKey && !e.altKey && !e.shiftKey
        && this.home && parseHash().view === 'home' && !this.home.filtersOpen() && !(this.helpDialog && this.helpDialog.open)) {
      e.preventDefault();
      this.home.selectFirst();
      return;
    }
    // ↑ on the first result: back up to the search box (the way ↓ came down).
    if (e.key === 'ArrowUp' && !e.defaultPrevented && !e.metaKey && !e.ctrlKey && !e.altKey && !e.shiftKey
        && this.home && parseHash().view === 'home' && !this.home.filtersOpen() && this.home.isFirstResultFocused()) {
      e.preventDefault();
      this.searchInput.focus({ preventScroll: true });
      return;
    }
    // A control that handled the key itself (a chart bar's Enter) has the last word.
    if (typing || e.defaultPrevented || e.metaKey || e.ctrlKey || e.altKey) return;
    // The help dialog is modal: no shortcut acts on the page under it.
    if (this.helpDialog && this.helpDialog.open) return;
    if (e.key === '/') {
      e.preventDefault();
      this.searchInput.focus({ preventScroll: true });  // (in the sticky header: on screen already)
      this.searchInput.select();
    } else if (e.key === '?') {
      this.toggleHelp(true);
    } else if (parseHash().view === 'home' && this.home && !this.home.filtersOpen()) {
      // (Not while the filter sheet covers the results: they are hidden and inert under it.)
      if (e.key === 'j') this.home.move(1);
      else if (e.key === 'k') this.home.move(-1);
      // Enter opens the selected result unless it is meant for a control: a link, a button, a
      // chart bar (role=button), a summary.
      else if (e.key === 'Enter' && !(target instanceof Element && target.closest('a[href], button, [role="button"], summary'))) this.home.openSelected();
    }
  }
}

/** What a failed start means for the reader, by the core's error code ('' when there is nothing to add). */
function bundleHint(code) {
  if (['NOT_FOUND', 'IO_ERROR', 'UNSUPPORTED_VERSION', 'TOO_LARGE', 'INTERNAL', 'BAD_URL'].includes(code)) return t(`hint${code}`);
  if (['EMPTY_INPUT', 'JSON_SYNTAX', 'INVALID_UTF8', 'TOO_DEEP', 'BAD_FORMAT', 'WRONG_TYPE', 'BAD_VALUE', 'DUPLICATE_ID'].includes(code)) return t('hintDAMAGED');
  return '';
}

// The reader's language's strings, before anything is drawn. Should they fail to load, the page
// still starts: t() then shows each string's key.
await loadStrings().catch(() => {});
const app = new App();
if (document.readyState === 'loading') window.addEventListener('DOMContentLoaded', () => app.start(), { once: true });
else app.start();
