// home.js — search as you type, facets, filter chips, the per-month chart, results.
// Every list, count, order and snippet comes from d.query(); this module only draws them.
import { el, svg, setCoreHtml } from './dom.js';
import { t } from './i18n.js';
import { bookmarks, readMarks } from './prefs.js';
import { docHash, go, searchHash } from './router.js';

const TOP_TAGS = 15;

/** Query request for the core from the URL search state. */
export function requestFrom(s, { limit } = {}) {
  const sort = s.sort || (s.q.trim() ? 'relevance' : 'date');
  return {
    q: s.q, tags: s.tag, notTags: s.nt, categories: s.cat, prerequisites: s.pre,
    from: s.from || undefined, to: s.to || undefined, kind: s.kind || undefined,
    institution: s.inst || undefined, selection: s.sel || undefined, analysis: s.ana || undefined,
    sort, offset: 0, limit: limit ?? s.n, expand: true,
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
    this.selected = -1;
    this.frame = 0;
    this.root = el('div', { class: 'dg-home' });
    this.sidebar = el('aside', { class: 'dg-sidebar', 'aria-label': t('filters') });
    this.resultsHead = el('div', { class: 'dg-results-head' });
    this.status = el('p', { class: 'dg-status', id: 'dg-status', role: 'status', 'aria-live': 'polite' });
    this.newSince = el('p', { class: 'dg-new-since' });
    this.chips = el('div', { class: 'dg-chips', 'aria-label': t('filters') });
    this.chart = el('figure', { class: 'dg-chart' });
    this.list = el('ol', { class: 'dg-list', id: 'dg-list', 'aria-label': t('search') });
    this.moreButton = el('button', { class: 'dg-more', type: 'button', onclick: () => this.more() }, t('more'));
    this.error = el('p', { class: 'dg-query-error', role: 'alert', hidden: true });
    this.sortSelect = el('select', { class: 'dg-sort', id: 'dg-sort', onchange: () => this.update({ sort: this.sortSelect.value }) },
      ...[['relevance', 'sortRelevance'], ['date', 'sortNew'], ['date-old', 'sortOld'], ['upvotes', 'sortUpvotes']]
        .map(([v, k]) => el('option', { value: v }, t(k))));
    this.resultsHead.append(this.status, el('label', { class: 'dg-sort-label', for: 'dg-sort' }, t('sort')), this.sortSelect);
    const results = el('section', { class: 'dg-results', 'aria-label': t('search') },
      this.newSince, this.resultsHead, this.chips, this.error, this.chart, this.list, this.moreButton);
    this.root.append(this.sidebar, results);
  }

  /** Shows the view for URL state `s`. */
  show(s) {
    this.state = s;
    this.app.searchInput.value = s.q;
    this.schedule();
    return this.root;
  }

  /** Changes part of the state: a new history entry, except while typing. */
  update(patch, { replace = false } = {}) {
    const s = { ...this.state, ...patch };
    if (!('n' in patch)) s.n = 20;
    this.state = s;
    const pushed = go(searchHash(s), { replace });
    if (!pushed) this.schedule();
  }

  /** Typing never waits for results: the query runs on the next frame with the latest text. */
  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.run();
    });
  }

  run() {
    const d = this.app.d;
    const s = this.state;
    const t0 = performance.now();
    let res;
    try {
      res = d.query(requestFrom(s));
    } catch (e) {
      this.error.hidden = false;
      this.error.textContent = `${t('errorQuery')}: ${e.message}`;
      return;
    }
    const ms = performance.now() - t0;
    this.error.hidden = true;
    // The chart shows the whole time range even when a date filter narrows the results.
    let monthSource = res;
    if (s.from || s.to) {
      try { monthSource = d.query({ ...requestFrom(s, { limit: 0 }), from: undefined, to: undefined }); } catch { /* keep res */ }
    }
    this.sortSelect.value = requestFrom(s).sort;
    this.status.textContent = t('resultsTime', { n: res.total.toLocaleString(), ms: ms < 10 ? ms.toFixed(1) : Math.round(ms) });
    this.status.dataset.dgTotal = String(res.total);
    this.drawNewSince();
    this.drawChips();
    this.drawFacets(res.facets || {});
    this.drawChart((monthSource.facets || {}).months || []);
    this.drawResults(res);
    this.app.setReady();
  }

  drawNewSince() {
    const n = this.app.newCount;
    this.newSince.hidden = !n;
    this.newSince.textContent = n ? t('newSince', { n }) : '';
  }

  drawChips() {
    const s = this.state;
    const chips = [];
    const add = (label, patch) => chips.push(el('button', {
      class: 'dg-chip', type: 'button', 'aria-label': t('removeFilter', { name: label }),
      onclick: () => this.update(patch),
    }, label, el('span', { class: 'dg-chip-x', 'aria-hidden': 'true' }, '×')));
    for (const v of s.tag) add(`#${v}`, { tag: s.tag.filter((x) => x !== v) });
    for (const v of s.nt) add(`−#${v}`, { nt: s.nt.filter((x) => x !== v) });
    for (const v of s.cat) add(v, { cat: s.cat.filter((x) => x !== v) });
    for (const v of s.pre) add(v, { pre: s.pre.filter((x) => x !== v) });
    if (s.kind) add(t(s.kind), { kind: '' });
    if (s.inst) add(s.inst, { inst: '' });
    if (s.sel) add(s.sel, { sel: '' });
    if (s.ana) add(s.ana, { ana: '' });
    if (s.from || s.to) add(`${s.from || '…'} – ${s.to || '…'}`, { from: '', to: '' });
    if (chips.length > 1) {
      chips.push(el('button', { class: 'dg-chip dg-chip-clear', type: 'button',
        onclick: () => this.update({ tag: [], nt: [], cat: [], pre: [], kind: '', inst: '', sel: '', ana: '', from: '', to: '' }) }, t('clearAll')));
    }
    this.chips.replaceChildren(...chips);
    this.chips.hidden = chips.length === 0;
  }

  facetSection(title, key, entries, { active = [], onToggle, limit, extra } = {}) {
    const section = el('section', { class: 'dg-facet', dataset: { dgFacet: key } });
    section.append(el('h2', { class: 'dg-facet-title' }, title));
    if (extra) section.append(extra);
    const ul = el('ul', { class: 'dg-facet-list' });
    const shown = limit ? entries.slice(0, limit) : entries;
    for (const [name, count] of shown) {
      const on = active.includes(name);
      ul.append(el('li', null, el('button', {
        class: 'dg-facet-item', type: 'button', 'aria-pressed': on ? 'true' : 'false',
        dataset: { dgValue: name, dgCount: String(count) }, onclick: () => onToggle(name, on),
      }, el('span', { class: 'dg-facet-name' }, key === 'kinds' ? t(name) : name), el('span', { class: 'dg-facet-count' }, count.toLocaleString()))));
    }
    section.append(ul);
    return section;
  }

  drawFacets(f) {
    const s = this.state;
    const toggleList = (key) => (name, on) => this.update({ [key]: on ? s[key].filter((x) => x !== name) : [...s[key], name] });
    const toggleOne = (key) => (name, on) => this.update({ [key]: on ? '' : name });
    const sections = [];

    // Tags: the top N, "show all", and filter-as-you-type inside the list.
    const tags = f.tags || [];
    const filterInput = el('input', {
      class: 'dg-tag-filter', type: 'search', placeholder: t('filterTags'), 'aria-label': t('filterTags'), value: this.tagFilter,
      oninput: () => { this.tagFilter = filterInput.value; this.drawFacets(this.lastFacets); this.sidebar.querySelector('.dg-tag-filter')?.focus(); },
    });
    const needle = this.tagFilter.trim().toLowerCase();
    const tagEntries = needle ? tags.filter(([n]) => n.toLowerCase().includes(needle)) : tags;
    const tagSection = this.facetSection(t('tags'), 'tags', tagEntries, {
      active: s.tag, onToggle: toggleList('tag'), limit: this.showAllTags || needle ? 0 : TOP_TAGS, extra: filterInput,
    });
    if (!needle && tags.length > TOP_TAGS) {
      tagSection.append(el('button', { class: 'dg-show-all', type: 'button', 'aria-expanded': this.showAllTags ? 'true' : 'false',
        onclick: () => { this.showAllTags = !this.showAllTags; this.drawFacets(this.lastFacets); } },
      this.showAllTags ? t('showLess') : t('showAll', { n: tags.length })));
    }
    sections.push(tagSection);
    if ((f.kinds || []).length) sections.push(this.facetSection(t('kind'), 'kinds', f.kinds, { active: [s.kind], onToggle: toggleOne('kind') }));
    if ((f.categories || []).length) sections.push(this.facetSection(t('categories'), 'categories', f.categories, { active: s.cat, onToggle: toggleList('cat') }));
    if ((f.years || []).length) {
      const years = [...f.years].sort((a, b) => (a[0] < b[0] ? 1 : -1));
      sections.push(this.facetSection(t('years'), 'years', years, {
        active: s.from && s.to && s.from.endsWith('-01-01') && s.to.endsWith('-12-31') && s.from.slice(0, 4) === s.to.slice(0, 4) ? [s.from.slice(0, 4)] : [],
        onToggle: (y, on) => this.update(on ? { from: '', to: '' } : { from: `${y}-01-01`, to: `${y}-12-31` }),
      }));
    }
    if ((f.institutions || []).length) sections.push(this.facetSection(t('institutions'), 'institutions', f.institutions, { active: [s.inst], onToggle: toggleOne('inst'), limit: 10 }));
    if ((f.selections || []).length) sections.push(this.facetSection(t('selections'), 'selections', f.selections, { active: [s.sel], onToggle: toggleOne('sel') }));
    if ((f.analyses || []).length) sections.push(this.facetSection(t('analyses'), 'analyses', f.analyses, { active: [s.ana], onToggle: toggleOne('ana') }));
    if ((f.prerequisites || []).length) sections.push(this.facetSection(t('prerequisites'), 'prerequisites', f.prerequisites, { active: s.pre, onToggle: toggleList('pre'), limit: 10 }));

    // Date range control.
    const from = el('input', { type: 'date', class: 'dg-date-from', id: 'dg-date-from', value: s.from, onchange: () => this.update({ from: from.value }) });
    const to = el('input', { type: 'date', class: 'dg-date-to', id: 'dg-date-to', value: s.to, onchange: () => this.update({ to: to.value }) });
    sections.push(el('section', { class: 'dg-facet dg-facet-dates' }, el('h2', { class: 'dg-facet-title' }, t('dateRange')),
      el('label', { for: 'dg-date-from' }, t('from')), from, el('label', { for: 'dg-date-to' }, t('to')), to));
    this.lastFacets = f;
    this.sidebar.replaceChildren(...sections);
  }

  /** Documents per month as bars; a bar click narrows the date range to that month. */
  drawChart(months) {
    const sorted = [...months].sort((a, b) => (a[0] < b[0] ? -1 : 1));
    if (sorted.length < 2) {
      this.chart.hidden = true;
      return;
    }
    this.chart.hidden = false;
    const W = 640, H = 90, pad = 16;
    const max = Math.max(...sorted.map((m) => m[1]));
    const bw = (W - pad * 2) / sorted.length;
    const s = this.state;
    const g = svg('svg', { viewBox: `0 0 ${W} ${H + 18}`, class: 'dg-chart-svg', role: 'group', 'aria-label': t('perMonth') });
    sorted.forEach(([ym, count], i) => {
      const h = Math.max(2, Math.round((count / max) * H));
      const active = s.from === `${ym}-01` && s.to === lastDayOfMonth(ym);
      const bar = svg('rect', {
        x: (pad + i * bw + 1).toFixed(1), y: H - h, width: Math.max(1, bw - 2).toFixed(1), height: h,
        class: 'dg-chart-bar' + (active ? ' dg-chart-bar-active' : ''), tabindex: 0, role: 'button',
        'aria-label': `${ym}: ${count}`, 'data-dg-month': ym,
        onclick: () => this.update(active ? { from: '', to: '' } : { from: `${ym}-01`, to: lastDayOfMonth(ym) }),
        onkeydown: (e) => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); bar.dispatchEvent(new MouseEvent('click')); } },
      }, svg('title', {}, `${ym}: ${count}`));
      g.append(bar);
    });
    g.append(svg('text', { x: pad, y: H + 14, class: 'dg-chart-label' }, sorted[0][0]));
    g.append(svg('text', { x: W - pad, y: H + 14, class: 'dg-chart-label', 'text-anchor': 'end' }, sorted[sorted.length - 1][0]));
    this.chart.replaceChildren(el('figcaption', { class: 'dg-chart-caption' }, t('perMonth'), ' · ', t('chartHint')), g);
  }

  drawResults(res) {
    const items = res.hits.map((h, i) => this.resultItem(h, i));
    if (!items.length) items.push(el('li', { class: 'dg-empty' }, t('noResults')));
    this.list.replaceChildren(...items);
    this.moreButton.hidden = res.total <= res.hits.length;
    if (this.selected >= res.hits.length) this.selected = -1;
    this.markSelected();
  }

  resultItem(h, i) {
    const isNew = this.app.isNew(h);
    const star = el('button', {
      class: 'dg-bookmark', type: 'button', 'aria-pressed': bookmarks.has(h.id) ? 'true' : 'false', 'aria-label': t('bookmark'),
      onclick: () => { const on = bookmarks.toggle(h.id); star.setAttribute('aria-pressed', on ? 'true' : 'false'); star.textContent = on ? '★' : '☆'; },
    }, bookmarks.has(h.id) ? '★' : '☆');
    const meta = el('p', { class: 'dg-item-meta' },
      el('time', { class: 'dg-item-date', datetime: h.date }, h.date),
      el('span', { class: `dg-badge dg-badge-${h.kind}` }, t(h.kind)),
      h.institution ? el('span', { class: 'dg-item-inst' }, h.institution) : null,
      h.upvotes >= 0 && h.upvotes !== undefined ? el('span', { class: 'dg-item-upvotes' }, `⬆️ ${h.upvotes}`) : null,
      isNew ? el('span', { class: 'dg-badge dg-badge-new' }, t('newBadge')) : null,
      readMarks.has(h.id) ? el('span', { class: 'dg-item-read' }, t('readMark')) : null);
    const tags = el('ul', { class: 'dg-tags' }, ...(h.tags || []).map((tag) => el('li', null, el('button', {
      class: 'dg-tag', type: 'button', onclick: () => { if (!this.state.tag.includes(tag)) this.update({ tag: [...this.state.tag, tag] }); },
    }, tag))));
    const snippet = el('p', { class: 'dg-snippet' });
    if (h.snippet) setCoreHtml(snippet, h.snippet);
    else snippet.textContent = h.summary || h.excerpt || '';
    return el('li', { class: 'dg-item' + (readMarks.has(h.id) ? ' dg-item-is-read' : ''), dataset: { dgId: h.id, dgKind: h.kind, dgIndex: String(i) } },
      el('div', { class: 'dg-item-top' }, el('h3', { class: 'dg-item-title' }, el('a', { href: docHash(h.id), class: 'dg-item-link' }, h.title)), star),
      meta, snippet, tags);
  }

  more() {
    this.update({ n: this.state.n + 20 }, { replace: true });
  }

  /** j/k/Enter support. */
  move(delta) {
    const items = [...this.list.querySelectorAll('.dg-item')];
    if (!items.length) return;
    this.selected = Math.max(0, Math.min(items.length - 1, this.selected + delta));
    this.markSelected();
    items[this.selected].querySelector('.dg-item-link')?.focus();
  }

  markSelected() {
    this.list.querySelectorAll('.dg-item').forEach((n, i) => n.classList.toggle('dg-item-selected', i === this.selected));
  }

  openSelected() {
    const item = this.list.querySelectorAll('.dg-item')[this.selected];
    if (item) location.hash = docHash(item.dataset.dgId);
  }
}
