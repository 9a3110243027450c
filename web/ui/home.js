// home.js — search as you type, facets, filter chips, the per-month chart, results.
// Every list, count, order and snippet comes from d.query(); this module only draws them.
import { afterPaint, cancelAfterPaint, el, setCoreHtml, svg } from './dom.js';
import { t } from './i18n.js';
import { bookmarks, readMarks } from './prefs.js';
import { docHash, go, searchHash } from './router.js';

/** How a facet value reads on screen (the value itself stays the core's). */
export function valueLabel(key, value) {
  if (key === 'kinds') return t(value);
  if (key === 'selections') return value === 'ranking' ? t('ranking') : value === 'recommended' ? t('recommended') : value;
  if (key === 'analyses') return value === 'full-text' ? t('fullText') : value === 'pdf' ? t('pdf') : value === 'abstract' ? t('abstract') : value;
  return value;
}

const TOP_TAGS = 15;
// Results drawn in a keystroke's own frame (about a screenful); the rest follow once it is painted.
// style.css gives content-visibility only to the results after these.
const FIRST_RESULTS = 5;
// Typing rewrites the URL once it pauses this long (writeUrlSoon), not after every answer.
const URL_QUIET_MS = 300;
// The most results one answer lists (the core's kQueryMaxLimit): "more" stops there.
const MAX_SHOWN = 1000;

/**
 * Query request for the core from the URL search state. The core cuts the value facets to the
 * top `facetLimit` entries by count (exact counts; `facetTotals` says how many there were), so
 * only the tags on screen cross into JS; `allTags` asks for every tag ("show all"). Years and
 * months come in calendar order (the chart's axis, the year list).
 */
export function requestFrom(s, { offset = 0, limit, allTags = false } = {}) {
  const sort = s.sort || (s.q.trim() ? 'relevance' : 'date');
  return {
    q: s.q, tags: s.tag, notTags: s.nt, categories: s.cat, prerequisites: s.pre,
    from: s.from || undefined, to: s.to || undefined, kind: s.kind || undefined,
    institution: s.inst || undefined, selection: s.sel || undefined, analysis: s.ana || undefined,
    sort, offset, limit: limit ?? s.n, expand: true,
    facetLimit: allTags ? undefined : TOP_TAGS, facetOrder: 'name',
  };
}

function lastDayOfMonth(ym) {
  const [y, m] = ym.split('-').map(Number);
  return `${ym}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}`;
}

export class HomeView {
  constructor(app) {
    this.app = app;
    this.state = null;
    this.tagFilter = '';
    this.showAllTags = false;
    this.measures = 0;  // performance.measure entries written (run)
    this.selected = -1;
    this.frame = 0;
    this.ranSinceFrame = 0;  // set when a keystroke queried outside a frame, until the next frame
    this.rest = 0;  // afterPaint callback drawing the second step of run()
    this.keystroke = false;  // the change run() answers next is a keystroke's (update's `now`)
    this.later = null;  // {res, timer}: a keystroke's results past the fifth, not drawn yet (drawLater)
    this.urlPending = false;  // the URL still shows an older search (typing)
    this.root = el('div', { class: 'dg-home' });
    // A complementary landmark beside the results; on a phone, opened, a modal dialog (an
    // <aside> may not be one).
    this.sidebar = el('div', { class: 'dg-sidebar', role: 'complementary', 'aria-label': t('filters') });
    this.resultsHead = el('div', { class: 'dg-results-head' });
    this.status = el('p', { class: 'dg-status', id: 'dg-status' });
    this.newSince = el('p', { class: 'dg-new-since' });
    this.chips = el('div', { class: 'dg-chips', 'aria-label': t('filters') });
    this.chart = el('figure', { class: 'dg-chart' });
    this.sections = new Map();  // facet key -> { section, list }, kept between redraws
    this.list = el('ol', { class: 'dg-list', id: 'dg-list', 'aria-label': t('resultsFor') });
    // The cards' buttons (a tag adds its filter, the star bookmarks): one listener for every card,
    // as a card is rewritten in place for another hit (fillItem).
    this.list.addEventListener('click', (e) => {
      const button = e.target instanceof Element ? e.target.closest('.dg-tag, .dg-bookmark') : null;
      const item = button?.closest('.dg-item');
      if (!item || !this.list.contains(item)) return;
      if (button.classList.contains('dg-tag')) {
        const name = this.app.d.facetName('tags', button.textContent);
        if (this.state.tag.includes(name)) return;
        // The card (and the focused button) may show another result once the answer is drawn:
        // focus goes to the filter just added, its chip (drawRest, restoreFocus), not to <body>.
        this.lastFocus = { sel: '.dg-chip', chip: `tag:${name}`, index: 0 };
        this.update({ tag: [...this.state.tag, name] });
        return;
      }
      const on = bookmarks.toggle(item.dataset.dgId, button.getAttribute('aria-pressed') !== 'true');
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      button.textContent = on ? '★' : '☆';
    });
    this.moreButton = el('button', { class: 'dg-more', type: 'button', onclick: () => this.more() }, t('more'));
    this.capNote = el('p', { class: 'dg-cap-note', hidden: true });
    this.error = el('p', { class: 'dg-query-error', role: 'alert', hidden: true });
    this.sortSelect = el('select', { class: 'dg-sort', id: 'dg-sort', onchange: () => this.update({ sort: this.sortSelect.value }) },
      // (Stars too: a widget's "see all" link carries the widget's sort, stars among them.)
      ...[['relevance', 'sortRelevance'], ['date', 'sortNew'], ['date-old', 'sortOld'], ['upvotes', 'sortUpvotes'], ['stars', 'sortStars']]
        .map(([v, k]) => el('option', { value: v }, t(k))));
    // Narrow screens: the filters fold away behind one button instead of sitting below the results.
    this.sidebar.id = 'dg-sidebar';
    // Opened, they cover the screen as a sheet whose head says how many results the filters leave
    // and closes it (so does Esc): laid out above the results they pushed the results, the count
    // and this button ~2,000 px down, and a tap on a tag showed nothing.
    this.filtersButton = el('button', {
      class: 'dg-filters-toggle', type: 'button', 'aria-expanded': 'false', 'aria-controls': 'dg-sidebar',
      onclick: () => this.setFiltersOpen(!this.filtersOpen()),
    });
    this.filtersDone = el('button', { class: 'dg-filters-done', type: 'button', onclick: () => this.setFiltersOpen(false) });
    this.filtersHead = el('div', { class: 'dg-filters-head' }, el('h2', { class: 'dg-filters-title', id: 'dg-filters-title' }, t('filters')), this.filtersDone);
    // The sheet is a phone's: a window widened past it closes it (the page behind it is inert).
    matchMedia('(max-width: 860px)').addEventListener('change', (e) => { if (!e.matches) this.setFiltersOpen(false, { refocus: false }); });
    this.resultsHead.append(this.status, this.filtersButton, el('label', { class: 'dg-sort-label', for: 'dg-sort' }, t('sort')), this.sortSelect);
    // Its heading (for screen readers) keeps the outline whole: h1, then h2 Results over the h3
    // result titles, beside the filters' h2s (hidden on phones).
    const results = el('section', { class: 'dg-results', 'aria-label': t('resultsFor'), tabindex: '-1' },
      el('h2', { class: 'dg-sr-only' }, t('resultsFor')), this.newSince, this.resultsHead, this.chips, this.error, this.chart, this.list, this.moreButton, this.capNote);
    this.root.append(el('h1', { class: 'dg-sr-only' }, t('brand')), this.sidebar, results);
    this.root.addEventListener('focusin', (e) => { this.lastFocus = focusKey(e.target); });
    // A keystroke's results past the fifth wait for typing to pause (drawRest). The reader who
    // reaches for them gets them first: a scroll or a wheel, a resized window, a press anywhere, a key that
    // leaves the search box or acts on the page (Tab, j/k, PageDown, Enter...), in capture, so
    // before what the key or the press does. Not typing or editing in the box (Ctrl+A too).
    const reach = () => this.drawLater();
    addEventListener('scroll', reach, { passive: true });
    addEventListener('wheel', reach, { passive: true });  // before the scroll it starts
    addEventListener('resize', reach);
    document.addEventListener('pointerdown', reach, true);
    document.addEventListener('keydown', (e) => { if (reachesPastSearch(e, this.app.searchInput)) reach(); }, true);
  }

  filtersOpen() { return this.root.classList.contains('dg-filters-open'); }

  /** Opens or closes the narrow screens' filter sheet; closing it gives focus back to its button. */
  setFiltersOpen(open, { refocus = true } = {}) {
    if (open === this.filtersOpen()) return;
    this.root.classList.toggle('dg-filters-open', open);
    this.filtersButton.setAttribute('aria-expanded', open ? 'true' : 'false');
    // A modal sheet: a dialog to screen readers, and the page behind it inert, so Tab and a
    // screen reader's cursor stay in it (they reached the controls hidden under it).
    if (open) {
      this.sidebar.setAttribute('role', 'dialog');
      this.sidebar.setAttribute('aria-modal', 'true');
      this.sidebar.setAttribute('aria-labelledby', 'dg-filters-title');
    } else {
      this.sidebar.setAttribute('role', 'complementary');
      for (const a of ['aria-modal', 'aria-labelledby']) this.sidebar.removeAttribute(a);
    }
    for (const n of [document.querySelector('.dg-skip'), document.querySelector('.dg-header'), this.root.querySelector('.dg-results'), document.querySelector('.dg-footer')]) {
      if (n) n.inert = open;
    }
    if (!refocus) return;
    if (open) this.filtersDone.focus();
    else this.filtersButton.focus({ preventScroll: true });
  }

  /**
   * Scrolls to where the reader left this entry ({y, opened, top}: App.leaveEntry): the result they
   * opened back at the height it had on screen (the cards below the first five are laid out only
   * near the screen, content-visibility, so a bare scroll position lands a card or so off), else
   * `y`. Returns that result's card, if it is listed.
   */
  scrollBack({ y, opened, top }) {
    const cards = [...this.list.children];
    const at = opened ? cards.findIndex((n) => n.dataset.dgId === opened) : -1;
    const item = at >= 0 ? cards[at] : null;
    // The cards up to a screenful past the one opened are laid out (dg-item-measured): a card
    // past the fifth is a 9rem placeholder until first drawn (content-visibility), and after a
    // reload none has been, so the cards above it had placeholder heights and it came back
    // ~48 px off.
    for (const n of cards.slice(0, at >= 0 ? at + 1 + FIRST_RESULTS : 0)) n.classList.add('dg-item-measured');
    window.scrollTo(0, y);
    if (item && top !== undefined) {
      const dy = item.getBoundingClientRect().top - top;
      if (Math.abs(dy) >= 1) window.scrollBy(0, dy);
    }
    return item || null;
  }

  /**
   * Shows the view for URL state `s`. `back`: an entry the reader returns to ({y, opened}, App):
   * once the answer is drawn the page scrolls back there and focus goes to the result opened.
   */
  show(s, back = null) {
    this.restore = back;
    // Filters by the facets' spelling (the core's tag identity), so the sidebar entry a link's
    // `online-safety` matches shows as pressed and is not added twice; the URL follows.
    const d = this.app.d;
    let renamed = false;
    if (d) {
      for (const [key, facet] of [['tag', 'tags'], ['nt', 'tags'], ['cat', 'categories'], ['pre', 'prerequisites']]) {
        const names = [...new Set(s[key].map((v) => d.facetName(facet, v)))];
        renamed ||= names.length !== s[key].length || names.some((v, i) => v !== s[key][i]);
        s = { ...s, [key]: names };
      }
      // The institution too (a link's `kaist` filters as `KAIST` does, and shows it pressed).
      const inst = s.inst ? d.facetName('institutions', s.inst) : s.inst;
      renamed ||= inst !== s.inst;
      s = { ...s, inst };
    }
    this.state = s;
    if (renamed) go(searchHash(s), { replace: true });
    this.urlPending = false;  // the state comes from the URL
    clearTimeout(this.urlTimer);
    this.app.searchInput.value = s.q;
    this.schedule();
    return this.root;
  }

  /**
   * Before the core is ready: the count and first results the last visit drew for state `s` and
   * the same bundle (App.drawFirstView). Marked provisional (`data-dg-provisional` on the list,
   * which stays busy) until run() draws the core's answer over them.
   */
  showFirstView(s, res) {
    // Kept as text (keptAnswer): no HTML from storage reaches the page, whatever wrote it.
    const hits = res.hits.map(({ snippet, ...h }) => h);
    if (!hits.every((h) => h && typeof h.id === 'string' && typeof h.title === 'string' && (h.tags === undefined || Array.isArray(h.tags)))) {
      throw new Error('kept first results in an unknown shape');
    }
    res = { total: Number(res.total) || 0, hits };
    this.state = s;
    this.app.searchInput.value = s.q;
    this.sortSelect.value = requestFrom(s).sort;
    this.status.textContent = t('results', { n: res.total.toLocaleString() });
    this.drawChips();
    this.drawResults(res, FIRST_RESULTS);
    this.list.dataset.dgProvisional = '';
    this.list.setAttribute('aria-busy', 'true');
    this.moreButton.hidden = true;
    return this.root;
  }

  /**
   * An answer as the next visit keeps it (App.keepFirstView): the count and the first results as
   * drawn, their snippets as the text the page shows (showFirstView draws them with textContent:
   * nothing kept is ever parsed as HTML).
   */
  keptAnswer(res) {
    const hits = res.hits.slice(0, FIRST_RESULTS).map((h, i) => {
      const { snippet, ...rest } = h;
      const shown = this.list.children[i]?.querySelector('.dg-snippet');
      return shown ? { ...rest, snippetText: shown.textContent } : rest;
    });
    return { total: res.total, hits };
  }

  /**
   * Changes part of the state: a new history entry, except while typing (and "more"), where the
   * URL is rewritten once typing pauses (writeUrlSoon), not per keystroke: each rewrite is a
   * same-document navigation (with a style recalculation) that costs the page more than a query.
   * A new entry first brings the current one up to date, so Back returns to what was typed.
   */
  update(patch, { replace = false, now = false } = {}) {
    if (!replace) this.writeUrl();
    this.keystroke = now;
    const s = { ...this.state, ...patch };
    if (!('n' in patch)) s.n = 20;
    this.state = s;
    // A change of the reader's own: the entry Back returned to (show) is not where they are now,
    // so its answer must not scroll back there or take the focus (drawRest).
    this.restore = null;
    // An older answer's second step would query the rest of its page under this state: it stops
    // now, not on the hashchange that schedules the new answer.
    this.stopSecondStep();
    this.urlPending = replace;
    if (replace || !go(searchHash(s))) this.schedule(now);
  }

  /**
   * Typing never waits for results, and they are drawn with the latest text. A keystroke (`now`)
   * that is the first since the last frame queries at once, in its own event task, so the query
   * overlaps the wait for the next frame; later ones before that frame, and every other change,
   * query on the next frame (requestAnimationFrame), once however many came.
   */
  schedule(now = false) {
    // The second step of an older answer must not draw (or mark as complete) under the new state.
    this.stopSecondStep();
    if (this.frame) return;
    if (now && !this.ranSinceFrame) {
      this.ranSinceFrame = requestAnimationFrame(() => { this.ranSinceFrame = 0; });
      this.run();
      return;
    }
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.run({ inFrame: true });
    });
  }

  /** The second step of an older answer (finish), and results of it waiting (drawLater), will not be drawn. */
  stopSecondStep() {
    cancelAfterPaint(this.rest);
    this.rest = 0;
    if (this.later) clearTimeout(this.later.timer);
    this.later = null;
  }

  /** Leaving home: a query scheduled for the next frame, or the rest of a drawing, must not run. */
  cancel() {
    cancelAnimationFrame(this.frame);
    this.frame = 0;
    cancelAnimationFrame(this.ranSinceFrame);
    this.ranSinceFrame = 0;
    this.stopSecondStep();
    this.urlPending = false;  // the URL is another view's now
    clearTimeout(this.urlTimer);
    clearTimeout(this.announceTimer);  // another view says its own
    this.setFiltersOpen(false, { refocus: false });  // nor would the page stay inert behind it
    this.restore = null;
  }

  /**
   * Queries and draws in two steps. In the keystroke's frame: the count and the first results,
   * the part of the page the reader is looking at, from a query for those alone, without facets
   * (the core's snippets and facet counts are most of a query's time). Then, in the first task
   * after that frame (afterPaint, dom.js): the rest of the page of results and the facets
   * (a second query, from the first step's last hit on), the chart, the URL and the screen-reader
   * announcement (finish). A keystroke that comes first cancels the second step; `data-dg-total`
   * on the status says the whole answer is on screen. `inFrame`: called from a frame's callbacks
   * (schedule), not from a keystroke's own task.
   */
  run({ inFrame = false } = {}) {
    const d = this.app.d;
    if (!d) return;  // a view drawn from the last visit's answer (showFirstView) before the core is up
    const s = this.state;
    // Search text before the full-text index is built (it is, in slices, from the first view on):
    // the answer waits for the build instead of finishing it in this task, so typing stays fluid;
    // the list on screen stays, marked as not yet this search's.
    if (s.q.trim() && this.app.searchBuild && !this.app.searchBuilt) {
      if (!this.waitingForIndex) {
        this.waitingForIndex = true;
        this.app.searchBuild.then(() => { this.waitingForIndex = false; if (this.app.lastView === 'home') this.schedule(); });
      }
      this.status.textContent = t('preparingSearch');
      delete this.status.dataset.dgTotal;
      this.list.dataset.dgProvisional = '';
      return;
    }
    const keystroke = this.keystroke;
    this.keystroke = false;
    const t0 = performance.now();
    const first = Math.min(FIRST_RESULTS, s.n);
    let res;
    try {
      res = d.query({ ...requestFrom(s, { limit: first, allTags: this.showAllTags }), facets: false });
    } catch (e) {
      // A state the core refuses (an inverted date range, a bad date or sort from a URL): say
      // why, show no results, and keep the chips and filters drawn so the reader can undo it.
      this.stopSecondStep();
      // A sort the core does not know has no control that shows it: it gets a chip to remove.
      this.badSort = e.field === 'sort' ? s.sort : '';
      this.error.hidden = false;
      // The reader's language first; the core's own words after it (as `digest query` says them).
      // (The search text is the reader's own typing, not something in the address.)
      const hint = ['from', 'to'].includes(e.field) ? t('hintQueryDates') : e.field === 'q' ? t('hintQueryText') : t('hintQuery');
      this.error.textContent = `${t('errorQuery')}: ${hint} (${e.message})`;
      this.status.textContent = t('noResults');
      this.status.dataset.dgTotal = '0';
      this.filtersDone.textContent = t('showResults', { n: 0 });
      this.restore = null;
      this.drawChips();
      this.drawResults({ total: 0, hits: [] });
      this.drawFacets(this.lastFacets || {});
      this.chart.hidden = true;
      this.writeUrl();
      this.app.setReady();
      return;
    }
    // (The chart stays as it is until drawChart: shown here, it flashed an older answer's months.)
    this.badSort = '';
    const ms = performance.now() - t0;
    // The shell's timings (dg-query, dg-draw, dg-draw-rest) for the perf tools, kept to the last few hundred.
    if (++this.measures > 600) {
      this.measures = 0;
      for (const name of ['dg-query', 'dg-draw', 'dg-draw-rest']) performance.clearMeasures(name);
    }
    performance.measure('dg-query', { start: t0, end: t0 + ms });
    this.error.hidden = true;
    const focus = this.root.contains(document.activeElement) ? this.lastFocus : null;
    this.sortSelect.value = requestFrom(s).sort;
    this.status.textContent = t('resultsTime', { n: res.total.toLocaleString(), ms: ms < 10 ? ms.toFixed(1) : Math.round(ms) });
    delete this.status.dataset.dgTotal;
    this.drawChips();
    // The page's hits are all here when it is the first step's or every result is among them.
    this.drawResults(res, FIRST_RESULTS, first < s.n && res.total > first);
    delete this.list.dataset.dgProvisional;
    performance.measure('dg-draw', { start: t0 + ms });
    if (this.app.firstView) this.app.keepFirstView(s, this.keptAnswer(res));
    this.finish(res, first, focus, inFrame, keystroke);
  }

  /**
   * The whole answer for the current state: the first step's `first` hits, then the core's hits
   * from there on to the end of the page, with the facets. The same request from another offset,
   * so its count and order are the first step's (the state has not changed: a change cancels the
   * second step).
   */
  restOf(res, first) {
    const s = this.state;
    try {
      const rest = this.app.d.query(requestFrom(s, { offset: first, limit: s.n - first, allTags: this.showAllTags }));
      return { ...rest, hits: res.hits.concat(rest.hits) };
    } catch {
      return res;  // the first step's request was accepted: this one is too, short of a lost core
    }
  }

  /**
   * The URL catches up with the state now. Called once typing pauses (writeUrlSoon), and before
   * anything leaves this entry: a new history entry (update), opening a result (openSelected, and
   * any link click: App), a refused state.
   */
  writeUrl() {
    clearTimeout(this.urlTimer);
    if (!this.urlPending) return;
    this.urlPending = false;
    go(searchHash(this.state), { replace: true });
  }

  /** writeUrl once no answer has come for URL_QUIET_MS (typing has paused). */
  writeUrlSoon() {
    clearTimeout(this.urlTimer);
    if (this.urlPending) this.urlTimer = setTimeout(() => this.writeUrl(), URL_QUIET_MS);
  }

  /**
   * The second step of run(): everything but the first results, in the first task after the
   * keystroke's frame (afterPaint). Not an idle callback (it was one, with a 50 ms timeout):
   * Chromium often gave no idle period before the timeout, so the facets, the chart and
   * the results past the fifth came ~55-60 ms after the keystroke at the p95 instead of ~25 ms.
   * `res` is the first step's answer (its first `first` hits, no facets); the rest of the page and
   * the facets are queried here. `inFrame`: the first step ran in a frame's callbacks (a change
   * other than a keystroke's first since the last frame), so that frame paints it.
   */
  finish(res, first, focus, inFrame, keystroke) {
    this.rest = afterPaint(() => {
      this.rest = 0;
      this.drawRest(this.restOf(res, first), focus, keystroke);
    }, { inFrame });
  }

  /**
   * What finish draws: the whole page of results, the facets, the chart; the URL, focus and
   * announcement. For a keystroke (`keystroke`) whose results past the fifth would be off screen,
   * those wait until typing pauses or the reader reaches for them (drawLater): drawn now, their
   * frame kept Chromium's compositor busy into the next keystroke, which then waited for the next
   * 60 Hz tick (docs/benchmarks.md, twenty-third session). The facets, the chart and the count
   * are drawn now.
   */
  drawRest(res, focus, keystroke = false) {
    const d = this.app.d;
    const s = this.state;
    const t0 = performance.now();
    // The chart shows the whole time range even when a date filter narrows the results.
    let monthSource = res;
    if (s.from || s.to) {
      try { monthSource = d.query({ ...requestFrom(s, { limit: 0 }), from: undefined, to: undefined }); } catch { /* keep res */ }
    }
    // What stands above the list first: where the list then sits decides what waits (a chart
    // hidden after the decision moved the fifth card on screen, over the gap of the results
    // still to come).
    this.drawNewSince();
    this.drawChart((monthSource.facets || {}).months || []);
    const later = keystroke && !focus && !this.restore && this.offScreenPastFirst(res);
    this.drawResults(res, later ? FIRST_RESULTS : Infinity, false, { later });
    // Said once typing pauses (as the URL is written): every answer of a burst queued its count.
    const said = res.total ? t('results', { n: res.total.toLocaleString() }) : t('noResults');
    clearTimeout(this.announceTimer);
    this.announceTimer = setTimeout(() => this.app.announce(said, { again: true }), URL_QUIET_MS);
    this.drawFacets(res.facets || {}, res.facetTotals || {});
    const active = this.chips.childElementCount ? this.chips.childElementCount - (this.chips.childElementCount > 1 ? 1 : 0) : 0;
    this.filtersButton.textContent = t('showFilters', { n: active });
    this.filtersDone.textContent = t('showResults', { n: res.total.toLocaleString() });
    if (focus) restoreFocus(this.root, focus, this.app.searchInput);
    if (this.restore) {
      const back = this.restore;
      this.restore = null;
      // Focus goes to the result opened (from the search box too: Esc there goes back to the
      // list). A keystroke since Back has cleared this.restore (update): the box keeps its keys.
      this.scrollBack(back)?.querySelector('.dg-item-link')?.focus({ preventScroll: true });
    }
    if (focus && focus.sel === '.dg-more' && this.moreButton.hidden) {
      // The last "more" took its button away: focus goes on to the first result it brought.
      const items = this.list.querySelectorAll('.dg-item');
      items[Math.min(this.moreFrom || 0, items.length - 1)]?.querySelector('.dg-item-link')?.focus({ preventScroll: true });
    }
    this.writeUrlSoon();
    if (later) this.later = { res, timer: setTimeout(() => this.drawLater(), URL_QUIET_MS) };
    else this.status.dataset.dgTotal = String(res.total);
    performance.measure('dg-draw-rest', { start: t0 });
    this.app.setReady();
  }

  /**
   * Whether answer `res` has results past the fifth and the fifth card on the page (the first
   * step's) ends below the window, so the rest would be drawn off screen. Read right after the
   * keystroke's frame and what drawRest draws above the list: a layout of that alone.
   */
  offScreenPastFirst(res) {
    const fifth = this.list.children[FIRST_RESULTS - 1];
    return res.hits.length > FIRST_RESULTS && !!fifth && fifth.getBoundingClientRect().bottom > innerHeight;
  }

  /**
   * Draws the results a keystroke's answer left for later (drawRest), if any: when typing pauses,
   * or at once when the reader reaches for them. Then the whole answer is on screen
   * (`data-dg-total`).
   */
  drawLater() {
    const later = this.later;
    if (!later) return;
    this.later = null;
    clearTimeout(later.timer);
    this.drawResults(later.res);
    this.status.dataset.dgTotal = String(later.res.total);
  }

  drawNewSince() {
    const n = this.app.newCount;
    this.newSince.hidden = !n;
    this.newSince.textContent = n ? t('newSince', { n }) : '';
  }

  drawChips() {
    const s = this.state;
    // Typing changes only q: the chips stay as they are.
    const key = JSON.stringify([s.tag, s.nt, s.cat, s.pre, s.kind, s.inst, s.sel, s.ana, s.from, s.to, this.badSort]);
    if (key === this.chipsKey) return;
    this.chipsKey = key;
    const chips = [];
    // `patch()` is taken when the chip is clicked, from the state then: a second chip removed
    // before the first removal's answer is drawn does not bring the first one back.
    const add = (key, label, patch) => chips.push(el('button', {
      class: 'dg-chip', type: 'button', 'aria-label': t('removeFilter', { name: label }), dataset: { dgChip: key },
      onclick: () => this.update(patch()),
    }, label, el('span', { class: 'dg-chip-x', 'aria-hidden': 'true' }, '×')));
    const without = (field, v) => () => ({ [field]: this.state[field].filter((x) => x !== v) });
    const named = (name, value) => t('chipLabel', { name, value });
    for (const v of s.tag) add(`tag:${v}`, `#${v}`, without('tag', v));
    for (const v of s.nt) add(`nt:${v}`, `−#${v}`, without('nt', v));
    for (const v of s.cat) add(`cat:${v}`, named(t('categories'), v), without('cat', v));
    for (const v of s.pre) add(`pre:${v}`, named(t('prerequisites'), v), without('pre', v));
    if (s.kind) add('kind', named(t('kind'), t(s.kind)), () => ({ kind: '' }));
    if (s.inst) add('inst', named(t('institutions'), s.inst), () => ({ inst: '' }));
    if (s.sel) add('sel', named(t('selections'), valueLabel('selections', s.sel)), () => ({ sel: '' }));
    if (s.ana) add('ana', named(t('analyses'), valueLabel('analyses', s.ana)), () => ({ ana: '' }));
    if (s.from || s.to) add('dates', `${s.from || '…'} – ${s.to || '…'}`, () => ({ from: '', to: '' }));
    if (this.badSort) add('sort', named(t('sort'), this.badSort), () => ({ sort: '' }));
    if (chips.length > 1) {
      chips.push(el('button', { class: 'dg-chip dg-chip-clear', type: 'button', dataset: { dgChip: 'clear' },
        onclick: () => this.update({ tag: [], nt: [], cat: [], pre: [], kind: '', inst: '', sel: '', ana: '', from: '', to: '', ...(this.badSort ? { sort: '' } : {}) }) }, t('clearAll')));
    }
    this.chips.replaceChildren(...chips);
    this.chips.setAttribute('role', 'group');
    this.chips.hidden = chips.length === 0;
  }

  /** The sidebar section of facet `key`, made on first use and kept: redraws update its rows. */
  facetSection(key, title, extra) {
    let sec = this.sections.get(key);
    if (!sec) {
      const headingId = `dg-facet-${key}`;
      const list = el('ul', { class: 'dg-facet-list' });
      const section = el('section', { class: 'dg-facet', dataset: { dgFacet: key }, 'aria-labelledby': headingId },
        el('h2', { class: 'dg-facet-title', id: headingId }, title), extra, list);
      sec = { section, list };
      this.sections.set(key, sec);
    }
    return sec;
  }

  /**
   * Shows `entries` ([name, count] from the core) as the rows of `ul`, reusing the rows already
   * there: a keystroke changes counts and names, so rows are rewritten in place (only what
   * changed) rather than rebuilt, and Chromium restyles and repaints only those.
   */
  fillFacetList(ul, key, entries, { active = [], onToggle, limit } = {}) {
    const shown = limit ? entries.slice(0, limit) : entries;
    ul.classList.toggle('dg-facet-list-long', !limit && entries.length > TOP_TAGS);
    const rows = ul.children;
    shown.forEach(([name, count], i) => {
      if (!rows[i]) {
        ul.append(el('li', null, el('button', { class: 'dg-facet-item', type: 'button' },
          el('span', { class: 'dg-facet-name' }), el('span', { class: 'dg-facet-count' }))));
      }
      const button = rows[i].firstChild;
      const on = active.includes(name);
      if (button.dataset.dgValue !== name) {
        button.dataset.dgValue = name;
        button.firstChild.textContent = valueLabel(key, name);
      }
      if (button.dataset.dgCount !== String(count)) {
        button.dataset.dgCount = String(count);
        button.lastChild.textContent = count.toLocaleString();
      }
      setAttr(button, 'aria-pressed', on ? 'true' : 'false');
      button.onclick = () => onToggle(name);
    });
    while (rows.length > shown.length) ul.lastChild.remove();
  }

  drawFacets(f, totals = {}) {
    const s = this.state;
    // A click toggles against the state when it comes, not the one this drawing shows: a second
    // click before the first one's answer is drawn adds to it (or undoes it) instead of losing it.
    const toggleList = (key) => (name) => {
      const cur = this.state[key];
      this.update({ [key]: cur.includes(name) ? cur.filter((x) => x !== name) : [...cur, name] });
    };
    const toggleOne = (key) => (name) => this.update({ [key]: this.state[key] === name ? '' : name });
    const shown = [this.filtersHead];

    // Tags: the top N, "show all", and filter-as-you-type inside the list. The core does the
    // cutting and the filtering (facetLimit, facetFilter: tag identity, as the tag filters match).
    if (!this.tagUi) {
      // Typing in the tag filter redraws only the tag list, so the input keeps its focus and caret.
      const filterInput = el('input', {
        class: 'dg-tag-filter', type: 'search', placeholder: t('filterTags'), 'aria-label': t('filterTags'),
        'aria-controls': 'dg-tag-list', oninput: () => { this.tagFilter = filterInput.value; this.drawTagList(); },
      });
      const showAll = el('button', {
        class: 'dg-show-all', type: 'button', 'aria-controls': 'dg-tag-list',
        onclick: () => { this.showAllTags = !this.showAllTags; this.drawTagList(); },
      });
      const sec = this.facetSection('tags', t('tags'), filterInput);
      sec.list.id = 'dg-tag-list';
      // A filter that matches no tag says so (the list and "show all" were just gone).
      const none = el('p', { class: 'dg-tag-none', role: 'status', hidden: true });
      sec.section.append(none, showAll);
      this.tagUi = { ...sec, filterInput, showAll, none };
    }
    if (this.tagUi.filterInput.value !== this.tagFilter) this.tagUi.filterInput.value = this.tagFilter;
    this.tagData = { tags: f.tags || [], total: totals.tags ?? (f.tags || []).length, onToggle: toggleList('tag') };
    this.drawTagList();
    shown.push(this.tagUi.section);

    const section = (key, title, entries, opts) => {
      if (!(entries || []).length) return;
      const sec = this.facetSection(key, title);
      this.fillFacetList(sec.list, key, entries, opts);
      shown.push(sec.section);
    };
    section('kinds', t('kind'), f.kinds, { active: [s.kind], onToggle: toggleOne('kind') });
    section('categories', t('categories'), f.categories, { active: s.cat, onToggle: toggleList('cat') });
    const yearActive = s.from && s.to && s.from.endsWith('-01-01') && s.to.endsWith('-12-31') && s.from.slice(0, 4) === s.to.slice(0, 4) ? [s.from.slice(0, 4)] : [];
    section('years', t('years'), [...(f.years || [])].reverse(), {  // calendar order from the core; newest first here
      active: yearActive,
      onToggle: (y) => {
        const on = this.state.from === `${y}-01-01` && this.state.to === `${y}-12-31`;
        this.update(on ? { from: '', to: '' } : { from: `${y}-01-01`, to: `${y}-12-31` });
      },
    });
    section('institutions', t('institutions'), f.institutions, { active: [s.inst], onToggle: toggleOne('inst'), limit: 10 });
    section('selections', t('selections'), f.selections, { active: [s.sel], onToggle: toggleOne('sel') });
    section('analyses', t('analyses'), f.analyses, { active: [s.ana], onToggle: toggleOne('ana') });
    section('prerequisites', t('prerequisites'), f.prerequisites, { active: s.pre, onToggle: toggleList('pre'), limit: 10 });

    // Date range control.
    if (!this.dateUi) {
      // Typing a date fires a change per digit once the field holds a whole date (0002-06-01,
      // 0020-06-01, ...): the first change while the field has focus adds a history entry, the
      // others rewrite it, so Back undoes the date, not a digit.
      const dateChanged = (input, key) => () => {
        const again = this.dateEditing === input;
        this.dateEditing = input;
        this.update({ [key]: input.value }, { replace: again });
      };
      const from = el('input', { type: 'date', class: 'dg-date-from', id: 'dg-date-from', onchange: () => fromChanged() });
      const to = el('input', { type: 'date', class: 'dg-date-to', id: 'dg-date-to', onchange: () => toChanged() });
      const fromChanged = dateChanged(from, 'from'), toChanged = dateChanged(to, 'to');
      for (const input of [from, to]) input.addEventListener('blur', () => { if (this.dateEditing === input) this.dateEditing = null; });
      const section = el('section', { class: 'dg-facet dg-facet-dates', 'aria-labelledby': 'dg-facet-dates' }, el('h2', { class: 'dg-facet-title', id: 'dg-facet-dates' }, t('dateRange')),
        el('label', { for: 'dg-date-from' }, t('from')), from, el('label', { for: 'dg-date-to' }, t('to')), to);
      this.dateUi = { section, from, to };
    }
    // A date input takes only a valid YYYY-MM-DD (a URL's 2025-13-45 would be refused with a console
    // warning; the error line says what is wrong with it).
    const dateValue = (v) => (/^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v) ? v : '');
    if (this.dateUi.from.value !== dateValue(s.from)) this.dateUi.from.value = dateValue(s.from);
    if (this.dateUi.to.value !== dateValue(s.to)) this.dateUi.to.value = dateValue(s.to);
    shown.push(this.dateUi.section);
    this.lastFacets = f;
    const now = this.sidebar.children;
    if (shown.length !== now.length || shown.some((n, i) => now[i] !== n)) this.sidebar.replaceChildren(...shown);
  }

  /** The tag list: this answer's tags, or (filter typed, or "show all" beyond the top N) a facets-only query. */
  drawTagList() {
    const s = this.state;
    const { tags, total, onToggle } = this.tagData;
    const needle = this.tagFilter.trim();
    let entries = tags;
    if (needle || (this.showAllTags && tags.length < total)) {
      try {
        entries = this.app.d.query({ ...requestFrom(s, { limit: 0, allTags: true }), facetFilter: needle || undefined, snippet: false }).facets.tags;
      } catch { /* keep this answer's tags */ }
    }
    this.fillFacetList(this.tagUi.list, 'tags', entries, { active: s.tag, onToggle, limit: this.showAllTags || needle ? 0 : TOP_TAGS });
    const { showAll, none } = this.tagUi;
    none.hidden = !(needle && !entries.length);
    const noneText = none.hidden ? '' : t('noTags', { filter: needle });
    if (none.textContent !== noneText) none.textContent = noneText;
    showAll.hidden = !!needle || total <= TOP_TAGS;
    setAttr(showAll, 'aria-expanded', this.showAllTags ? 'true' : 'false');
    const label = this.showAllTags ? t('showLess') : t('showAll', { n: total });
    if (showAll.textContent !== label) showAll.textContent = label;
  }

  /** Documents per month as bars; a bar click narrows the date range to that month. */
  drawChart(months) {
    // The core counts; the shell lays the months out on a time axis (months without documents get no bar).
    const counts = new Map(months);
    const keys = months.map(([ym]) => ym);  // calendar order (facetOrder: 'name')
    const sorted = [];
    if (keys.length) {
      let [y, m] = keys[0].split('-').map(Number);
      const last = keys[keys.length - 1];
      for (let guard = 0; guard < 1200; ++guard) {
        const ym = `${y}-${String(m).padStart(2, '0')}`;
        sorted.push([ym, counts.get(ym) || 0]);
        if (ym >= last) break;
        if (++m > 12) { m = 1; ++y; }
      }
    }
    if (keys.length < 2) {
      this.chart.hidden = true;
      return;
    }
    this.chart.hidden = false;
    if (!this.chartUi) {
      // A toolbar: one Tab stop (the bar of chartStop), arrow keys, Home and End move between
      // the bars (a Tab stop per month put dozens of them between the search and the results).
      const g = svg('svg', { viewBox: '0 0 640 80', class: 'dg-chart-svg', role: 'toolbar', 'aria-label': t('perMonth'), preserveAspectRatio: 'none' });
      // One listener for every bar: bars are reused from draw to draw and stand for other months.
      const barOf = (e) => (e.target instanceof Element ? e.target.closest('.dg-chart-bar') : null);
      g.addEventListener('click', (e) => { const bar = barOf(e); if (bar) this.toggleMonth(bar.dataset.dgMonth); });
      // (On the figure: a focus listener on the svg makes Chromium give the svg a Tab stop of its own.)
      this.chart.addEventListener('focusin', (e) => { const bar = barOf(e); if (bar) this.setChartStop(bar); });
      g.addEventListener('keydown', (e) => {
        const bar = barOf(e);
        if (!bar) return;
        if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); this.toggleMonth(bar.dataset.dgMonth); return; }
        const bars = g.children;
        const at = [...bars].indexOf(bar);
        const to = { ArrowLeft: at - 1, ArrowDown: at - 1, ArrowRight: at + 1, ArrowUp: at + 1, Home: 0, End: bars.length - 1 }[e.key];
        if (to === undefined || e.altKey || e.ctrlKey || e.metaKey) return;
        e.preventDefault();
        bars[Math.max(0, Math.min(bars.length - 1, to))].focus();
      });
      // Axis labels are HTML, not SVG text, so they keep their size when the chart is scaled down.
      const first = el('span'), last = el('span');
      this.chart.replaceChildren(el('figcaption', { class: 'dg-chart-caption' }, t('perMonth'), el('span', { class: 'dg-chart-hint' }, ' · ', t('chartHint'))),
        g, el('div', { class: 'dg-chart-axis', 'aria-hidden': 'true' }, first, last));
      this.chartUi = { g, first, last };
    }
    const { g, first, last } = this.chartUi;
    const W = 640, H = 80;
    const max = Math.max(...sorted.map((m) => m[1]));
    const bw = W / sorted.length;
    const s = this.state;
    let k = 0;
    sorted.forEach(([ym, count], i) => {
      if (!count) return;
      if (!g.children[k]) g.append(svg('rect', { tabindex: -1, role: 'button' }, svg('title', {})));
      const bar = g.children[k++];
      const h = Math.max(2, Math.round((count / max) * H));
      const active = s.from === `${ym}-01` && s.to === lastDayOfMonth(ym);
      setAttr(bar, 'x', (i * bw + 1).toFixed(1));
      setAttr(bar, 'y', String(H - h));
      setAttr(bar, 'width', Math.max(1, bw - 2).toFixed(1));
      setAttr(bar, 'height', String(h));
      setAttr(bar, 'class', 'dg-chart-bar' + (active ? ' dg-chart-bar-active' : ''));
      setAttr(bar, 'aria-label', t('monthBar', { month: ym, n: count }));
      setAttr(bar, 'aria-pressed', active ? 'true' : 'false');
      setAttr(bar, 'data-dg-month', ym);
      if (bar.firstChild.textContent !== `${ym}: ${count}`) bar.firstChild.textContent = `${ym}: ${count}`;
    });
    while (g.children.length > k) g.lastChild.remove();
    // The Tab stop stays on the month it was on; else the selected month, else the newest.
    const bars = [...g.children];
    this.setChartStop(bars.find((b) => b.dataset.dgMonth === this.chartStop)
      || g.querySelector('.dg-chart-bar-active') || bars[bars.length - 1]);
    if (first.textContent !== sorted[0][0]) first.textContent = sorted[0][0];
    if (last.textContent !== sorted[sorted.length - 1][0]) last.textContent = sorted[sorted.length - 1][0];
  }

  /** Makes `bar` the chart's one Tab stop. */
  setChartStop(bar) {
    if (!bar) return;
    this.chartStop = bar.dataset.dgMonth;
    for (const b of this.chartUi.g.children) setAttr(b, 'tabindex', b === bar ? '0' : '-1');
  }

  toggleMonth(ym) {
    const s = this.state;
    const active = s.from === `${ym}-01` && s.to === lastDayOfMonth(ym);
    this.update(active ? { from: '', to: '' } : { from: `${ym}-01`, to: lastDayOfMonth(ym) });
  }

  /**
   * The page of results, or its first `upto`; an item whose hit, position and marks are unchanged
   * is kept, another is rewritten in place for its new hit (fillItem). `partial`: `res` holds only
   * the first hits of the page (the second step brings the rest), so the items after them wait
   * for it, and "more" is drawn for the page this answer will fill.
   */
  drawResults(res, upto = Infinity, partial = false, { later = false } = {}) {
    const n = Math.min(res.hits.length, upto);
    if (!res.hits.length) {
      this.list.replaceChildren(el('li', { class: 'dg-empty' }, t('noResults')));
    } else {
      const items = this.list.children;
      for (let i = 0; i < n; ++i) {
        const h = res.hits[i];
        const marks = { marked: bookmarks.has(h.id), read: readMarks.has(h.id), isNew: this.app.isNew(h) };
        const key = JSON.stringify([h, i, marks]);
        const cur = items[i];
        if (cur && cur.dgKey === key) continue;
        // A card (not the "no results" line) is rewritten in place: replacing it would also
        // restyle and rebuild the layout of everything in it. Not one holding the focus for
        // another document: its focused button would act for a document the reader did not pick.
        const focusGoes = cur && cur.dataset.dgId !== h.id && cur.contains(document.activeElement);
        const item = cur?.dgParts && !focusGoes ? cur : this.newItem();
        this.fillItem(item, h, i, marks);
        item.dgKey = key;
        if (cur && cur !== item) cur.replaceWith(item);
        else if (!cur) this.list.append(item);
      }
      // Items past the first `upto` are the previous answer's until the second step: drop them
      // only then (or now, past the end of this answer), so the page does not jump meanwhile.
      // `later`: this answer's own hits past `upto` come later (drawLater); the older ones go now.
      const keep = (n < res.hits.length || partial) && !later ? Math.max(n, items.length) : n;
      while (items.length > keep) this.list.lastChild.remove();
    }
    this.list.setAttribute('aria-busy', n < res.hits.length || partial ? 'true' : 'false');
    const page = partial ? Math.min(res.total, this.state.n) : res.hits.length;
    const capped = page >= MAX_SHOWN && res.total > page;
    // Nothing to press below the cards while more of this page's are coming: "more" would move.
    this.moreButton.hidden = later || capped || res.total <= page;
    this.capNote.hidden = later || !capped;
    if (capped) this.capNote.textContent = t('capped', { n: page.toLocaleString() });
    if (this.selected >= page) this.selected = -1;
    this.markSelected();
  }

  /** An empty result card; fillItem gives it a hit. */
  newItem() {
    const link = el('a', { class: 'dg-item-link' });
    const star = el('button', { class: 'dg-bookmark', type: 'button' });
    const title = el('h3', { class: 'dg-item-title' }, link);
    const meta = el('p', { class: 'dg-item-meta' });
    const snippet = el('p', { class: 'dg-snippet' });
    const tags = el('ul', { class: 'dg-tags' });
    const item = el('li', { class: 'dg-item' }, el('div', { class: 'dg-item-top' }, title, star), meta, snippet, tags);
    item.dgParts = { link, star, title, meta, snippet, tags };
    return item;
  }

  /**
   * Makes `item` (newItem's) the card of hit `h` at position `i` with the reader's `marks`
   * ({marked, read, isNew}), writing only what differs from what it shows, so that a keystroke's
   * new results cost Chromium text changes rather than new elements. Every part is set here (none
   * is left from the card's previous hit).
   */
  fillItem(item, h, i, { marked, read, isNew }) {
    const { link, star, title, meta, snippet, tags } = item.dgParts;
    const selected = item.classList.contains('dg-item-selected') ? ' dg-item-selected' : '';
    // Results past the first five are laid out and painted only when scrolled near (style.css).
    setAttr(item, 'class', 'dg-item' + (i >= FIRST_RESULTS ? ' dg-item-later' : '') + (read ? ' dg-item-is-read' : '') + selected);
    setAttr(item, 'data-dg-id', h.id);
    setAttr(item, 'data-dg-kind', h.kind);
    setAttr(item, 'data-dg-index', String(i));
    // The document's language (the core's), so a screen reader reads Korean text with a Korean
    // voice under the English interface; the shell's own words keep the page's.
    setAttr(title, 'lang', h.lang);
    setAttr(link, 'href', docHash(h.id));
    if (link.textContent !== h.title) link.textContent = h.title;
    setAttr(star, 'aria-pressed', marked ? 'true' : 'false');
    setAttr(star, 'aria-label', t('bookmarkOf', { title: h.title }));
    if (star.textContent !== (marked ? '★' : '☆')) star.textContent = marked ? '★' : '☆';
    const metaKey = JSON.stringify([h.date, h.kind, h.institution, h.upvotes, isNew, read]);
    if (item.dgMetaKey !== metaKey) {
      item.dgMetaKey = metaKey;
      meta.replaceChildren(...[
        el('time', { class: 'dg-item-date', datetime: h.date }, h.date),
        el('span', { class: `dg-badge dg-badge-${h.kind}` }, t(h.kind)),
        h.institution ? el('span', { class: 'dg-item-inst' }, h.institution) : null,
        h.upvotes >= 0 && h.upvotes !== undefined ? el('span', { class: 'dg-item-upvotes' }, `⬆️ ${h.upvotes}`) : null,
        isNew ? el('span', { class: 'dg-badge dg-badge-new' }, t('newBadge')) : null,
        read ? el('span', { class: 'dg-item-read' }, t('readMark')) : null,
      ].filter(Boolean));
    }
    setAttr(snippet, 'lang', h.lang);
    const shown = h.snippet ? `h${h.snippet}` : `t${h.snippetText || h.summary || h.excerpt || ''}`;
    if (item.dgSnippet !== shown) {
      item.dgSnippet = shown;
      if (h.snippet) setCoreHtml(snippet, h.snippet);
      else snippet.textContent = shown.slice(1);
    }
    const names = h.tags || [];
    const rows = tags.children;
    names.forEach((tag, j) => {
      if (!rows[j]) tags.append(el('li', null, el('button', { class: 'dg-tag', type: 'button' })));
      const button = rows[j].firstChild;
      if (button.textContent !== tag) button.textContent = tag;
    });
    while (rows.length > names.length) tags.lastChild.remove();
  }

  more() {
    this.drawLater();
    // Focus goes on to the first result "more" brings: the one after the page's end (the list
    // may still show a shorter older answer, until the second step of the current one).
    this.moreFrom = this.state.n;
    this.update({ n: Math.min(MAX_SHOWN, this.state.n + 20) }, { replace: true });
  }

  /** j/k/Enter support. */
  move(delta) {
    this.drawLater();
    const items = [...this.list.querySelectorAll('.dg-item')];
    if (!items.length) return;
    this.selected = Math.max(0, Math.min(items.length - 1, this.selected + delta));
    this.markSelected();
    items[this.selected].querySelector('.dg-item-link')?.focus();
  }

  /**
   * Selects and focuses the first result (↓ from the search box), if there is one and it is this
   * search's: not while the list still shows an older answer (the search waits for the index, or
   * the last visit's answer stands in for the core's), where Enter would open a stranger.
   */
  selectFirst() {
    if ('dgProvisional' in this.list.dataset) return;
    this.selected = -1;
    this.move(1);
  }

  /** Whether the focus is on the first result's link (↑ there goes back to the search box). */
  isFirstResultFocused() {
    const first = this.list.querySelector('.dg-item');
    return !!first && document.activeElement === first.querySelector('.dg-item-link');
  }

  markSelected() {
    this.list.querySelectorAll('.dg-item').forEach((n, i) => n.classList.toggle('dg-item-selected', i === this.selected));
  }

  openSelected() {
    this.drawLater();
    const item = this.list.querySelectorAll('.dg-item')[this.selected];
    if (!item) return;
    this.writeUrl();
    this.app.leaveEntry(item.dataset.dgId);  // Back focuses it again
    location.hash = docHash(item.dataset.dgId);
  }
}

/** Sets an attribute only when it changes (an unchanged write still costs a style recalc). */
function setAttr(node, name, value) {
  if (node.getAttribute(name) !== value) node.setAttribute(name, value);
}

/** A stable name for a focusable control of the home view, so focus survives a redraw. */
function focusKey(node) {
  if (!(node instanceof Element)) return null;
  if (node.matches('.dg-facet-item')) return { sel: `.dg-facet[data-dg-facet="${node.closest('.dg-facet').dataset.dgFacet}"] .dg-facet-item`, value: node.dataset.dgValue };
  if (node.matches('.dg-chip')) return { sel: '.dg-chip', chip: node.dataset.dgChip, index: [...node.parentNode.children].indexOf(node) };
  if (node.matches('.dg-chart-bar')) return { sel: '.dg-chart-bar', month: node.dataset.dgMonth };
  for (const c of ['.dg-show-all', '.dg-tag-filter', '.dg-date-from', '.dg-date-to', '.dg-sort', '.dg-more', '.dg-filters-toggle']) if (node.matches(c)) return { sel: c };
  return null;
}

function restoreFocus(root, key, fallback) {
  let target = null;
  const all = [...root.querySelectorAll(key.sel)];
  if (key.value !== undefined) target = all.find((n) => n.dataset.dgValue === key.value) || null;
  else if (key.chip !== undefined) target = all.find((n) => n.dataset.dgChip === key.chip) || all[Math.min(key.index, all.length - 1)] || null;
  else if (key.month !== undefined) target = all.find((n) => n.dataset.dgMonth === key.month) || null;
  else target = all[0] || null;
  // Focusing the control that has focus already is not a no-op everywhere: Chromium restarts a
  // date field's typing (06012025 became 0005-06-01).
  if (target && !target.hidden) { if (target !== document.activeElement) target.focus({ preventScroll: true }); }
  else if (fallback && key.chip !== undefined) root.querySelector('.dg-results')?.focus({ preventScroll: true });
}

/**
 * Whether keydown `e` reaches past the search box `input` for the results: any key elsewhere, and
 * in the box the keys that leave it or move the page (Tab, PageUp/PageDown, Enter). Not typing or
 * editing there (characters, deletions, an input method's composition, Ctrl+A, the arrows).
 */
function reachesPastSearch(e, input) {
  return e.target !== input || ['Tab', 'PageDown', 'PageUp', 'Enter'].includes(e.key);
}
