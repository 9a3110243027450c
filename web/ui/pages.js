// pages.js — the reading views: a review or paper, a digest day, the list of digest days, bookmarks.
import { el, errorPanel, setCoreHtml } from './dom.js';
import { t } from './i18n.js';
import { bookmarks, readMarks } from './prefs.js';
import { digestHash, docHash, searchHash, searchStateFrom } from './router.js';
import { typesetMath } from './math.js';

// A document's tag as it writes it, linking to the filter under the facets' spelling of it.
const tagLink = (app, tag) => el('a', { class: 'dg-tag', href: searchHash({ ...searchStateFrom(new URLSearchParams()), tag: [app.d.facetName('tags', tag)] }) }, tag);

// Opening a document marks it read; this takes the mark back (and puts it again).
// Its label names the action ("Mark as unread"), so it is a plain button: aria-pressed beside a
// label that changes would announce the opposite state.
function readButton(id) {
  // The button does what its label says, even if another tab changed the mark since it was drawn.
  let read = readMarks.has(id);
  const label = () => (read ? t('markUnread') : t('markRead'));
  const b = el('button', {
    class: 'dg-read-toggle', type: 'button',
    onclick: () => {
      read = readMarks.toggle(id, !read);
      b.textContent = label();
    },
  }, label());
  return b;
}

function bookmarkButton(id) {
  const b = el('button', {
    class: 'dg-bookmark dg-bookmark-large', type: 'button', 'aria-pressed': bookmarks.has(id) ? 'true' : 'false',
    onclick: () => {
      const on = bookmarks.toggle(id, b.getAttribute('aria-pressed') !== 'true');  // what the button shows it does
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
      b.textContent = on ? `★ ${t('bookmarked')}` : `☆ ${t('bookmark')}`;
    },
  }, bookmarks.has(id) ? `★ ${t('bookmarked')}` : `☆ ${t('bookmark')}`);
  return b;
}

function selectionLabel(sel) {
  return sel === 'ranking' ? t('ranking') : sel === 'recommended' ? t('recommended') : sel;
}
function analysisLabel(a) {
  return a === 'full-text' ? t('fullText') : a === 'pdf' ? t('pdf') : a === 'abstract' ? t('abstract') : a;
}

/**
 * A link inside a rendered body to a place in it ([개요](#개요)): the hash is the router's (it
 * names views), so following it would leave the page. Scrolls to the element with that id instead
 * and moves focus there; other links are left alone.
 */
function followFragment(e) {
  const a = e.target instanceof Element ? e.target.closest('a[href^="#"]') : null;
  if (!a || a.getAttribute('href').startsWith('#/')) return;
  e.preventDefault();
  let id;
  try { id = decodeURIComponent(a.getAttribute('href').slice(1)); } catch { return; }
  goToHeading(id && e.currentTarget.querySelector(`[id="${CSS.escape(id)}"]`));
}

/** Scrolls to a heading (or any element) of the page and moves focus there, so Tab goes on from it. */
function goToHeading(target) {
  if (!target) return;
  if (!target.hasAttribute('tabindex')) target.tabIndex = -1;
  target.scrollIntoView({ behavior: matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth' });
  target.focus({ preventScroll: true });
}

/**
 * A paper's institution, upvotes, stars and selection/analysis markers, in the reader's language
 * (the core's rendering of a paper carries them too, in Korean: the shell hides that copy where it
 * shows these, style.css), and its arXiv link unless the page lists it already.
 */
function paperMarkers(p, { arxiv }) {
  return el('p', { class: 'dg-card-meta' },
    p.institution ? el('span', { class: 'dg-card-inst' }, p.institution) : null,
    p.upvotes >= 0 && p.upvotes !== undefined ? el('span', { class: 'dg-card-upvotes', 'aria-label': t('upvotes') }, `⬆️ ${p.upvotes}`) : null,
    p.stars >= 0 && p.stars !== undefined ? el('span', { class: 'dg-card-stars', 'aria-label': t('stars') }, `⭐ ${p.stars}`) : null,
    p.selection ? el('span', { class: 'dg-marker' }, selectionLabel(p.selection)) : null,
    p.analysis ? el('span', { class: 'dg-marker' }, analysisLabel(p.analysis)) : null,
    arxiv && p.arxiv ? el('a', { href: `https://arxiv.org/abs/${encodeURIComponent(p.arxiv)}`, target: '_blank', rel: 'noopener noreferrer' }, `arXiv ${p.arxiv}`) : null);
}

/** The error screen for an id the bundle does not hold; the tab title and the announcement say so too. */
function notFound(e) {
  document.title = `${t('errorDoc')} · ${t('brand')}`;
  return errorPanel(t('errorDoc'), e.message, e.code, undefined, e.code === 'NOT_FOUND' ? t('hintDocNOT_FOUND') : '');
}

/**
 * A review or a paper (a digest's id shows its digest page). `markRead`: the page is opened anew
 * (not an entry returned to), so it marks the document read.
 */
export function docPage(app, id, { markRead = true } = {}) {
  const d = app.d;
  let got, rendered;
  try {
    got = d.get(id);
    if (!got.doc) return digestPage(app, id, 'rank');  // a digest's id: its page, not "not found"
    rendered = d.render(id, { sectionLevel: 2 });  // under the page's h1 (a digest card's are h3, under its h2)
  } catch (e) {
    return notFound(e);
  }
  const { doc, digest } = got;
  if (markRead) readMarks.add(doc.id);
  const title = doc.display_title || doc.title;
  document.title = `${title} · ${t('brand')}`;

  const meta = el('dl', { class: 'dg-doc-meta' });
  const row = (k, ...v) => meta.append(el('dt', null, k), el('dd', null, ...v));
  row(t('published'), el('time', { datetime: doc.date }, doc.date));
  if (doc.updated && doc.updated !== doc.date) row(t('updated'), el('time', { datetime: doc.updated }, doc.updated));
  if (doc.authors && doc.authors.length) row(t('authors'), doc.authors.join(', '));
  if (doc.arxiv) {
    row('arXiv',
      el('a', { href: `https://arxiv.org/abs/${encodeURIComponent(doc.arxiv)}`, target: '_blank', rel: 'noopener noreferrer', class: 'dg-arxiv-abs' }, `${t('arxivAbs')} ${doc.arxiv}`),
      ' · ',
      el('a', { href: `https://arxiv.org/pdf/${encodeURIComponent(doc.arxiv)}`, target: '_blank', rel: 'noopener noreferrer', class: 'dg-arxiv-pdf' }, t('arxivPdf')));
  }
  if (digest) row(t('partOf'), digest.title ? el('a', { href: digestHash(digest.id), lang: doc.lang }, digest.title) : el('a', { href: digestHash(digest.id) }, t('digestOf', { date: digest.date })));

  const header = el('header', { class: 'dg-doc-header' },
    el('p', { class: 'dg-doc-kind' }, t(doc.kind), doc.kind === 'paper' && doc.rank ? ` · #${doc.rank}` : ''),
    el('h1', { class: 'dg-doc-title', lang: doc.lang }, title),
    doc.kind === 'paper' ? paperMarkers(doc, { arxiv: false }) : null,
    meta,
    el('ul', { class: 'dg-tags' }, ...(doc.tags || []).map((tag) => el('li', null, tagLink(app, tag)))),
    bookmarkButton(doc.id), readButton(doc.id));

  const body = el('div', { class: 'dg-doc-body dg-prose', lang: doc.lang, onclick: followFragment });
  setCoreHtml(body, rendered.html);
  const typeset = typesetMath(body);

  const article = el('article', { class: 'dg-doc', dataset: { dgId: doc.id } }, header);
  if (doc.ai_written) article.append(el('p', { class: 'dg-ai-notice', role: 'note' }, '⚠️ ', t('aiNotice')));
  article.append(body);

  const nav = el('nav', { class: 'dg-prevnext', 'aria-label': `${t('prev')} / ${t('next')}` });
  if (doc.prev && doc.prev.id) nav.append(el('a', { class: 'dg-prev', href: docHash(doc.prev.id), rel: 'prev' }, `← ${doc.prev.title || t('prev')}`));
  if (doc.next && doc.next.id) nav.append(el('a', { class: 'dg-next', href: docHash(doc.next.id), rel: 'next' }, `${doc.next.title || t('next')} →`));
  if (nav.childElementCount) article.append(nav);

  let related = [];
  try { related = d.related(doc.id, 5).related || []; } catch { /* the core may not offer it */ }
  if (related.length) {
    article.append(el('section', { class: 'dg-related', 'aria-label': t('related') }, el('h2', null, t('related')),
      el('ul', null, ...related.map((r) => el('li', null, el('a', { href: docHash(r.id) }, r.title), ' ', el('time', { datetime: r.date }, r.date))))));
  }

  const layout = el('div', { class: 'dg-doc-layout' }, article);
  if (doc.toc && rendered.toc && rendered.toc.length) {
    // Wide screens: a sticky column beside the text. Narrow screens: a folded list under the title.
    // CSS shows one of the two (display: none also hides the other from screen readers).
    const entries = () => el('ol', { lang: doc.lang }, ...rendered.toc.map((h) => el('li', { class: `dg-toc-l${h.level}` }, el('a', {
      href: docHash(doc.id), dataset: { dgTarget: h.id },
      onclick: (e) => { e.preventDefault(); goToHeading(article.querySelector(`#${CSS.escape(h.id)}`)); },
    }, h.text))));
    layout.classList.add('dg-has-toc');
    layout.append(el('nav', { class: 'dg-toc', 'aria-label': t('toc') }, el('h2', null, t('toc')), entries()));
    header.after(el('details', { class: 'dg-toc-inline' }, el('summary', null, t('toc')), el('nav', { 'aria-label': t('toc') }, entries())));
  }
  layout.dgTypeset = typeset;  // App.showPage: Back scrolls again once the math is typeset
  return layout;
}

/** A daily digest or weekly roundup: papers as cards, sortable by upvotes. */
export function digestPage(app, id, sort) {
  const d = app.d;
  let got;
  try {
    got = d.get(id);
  } catch (e) {
    return notFound(e);
  }
  // A paper's id answers {doc, digest: its parent (without papers)}: the paper's own page.
  if (got.doc) return docPage(app, id);
  const g = got.digest;
  if (!g || !Array.isArray(g.papers)) return notFound({ message: `no digest with id ${JSON.stringify(id)}`, code: 'NOT_FOUND' });
  // The core answers {doc: null, digest, by_upvotes: [ids], prev, next} for a digest id.
  const byUpvotes = got.by_upvotes || g.by_upvotes || g.papers.map((p) => p.id);
  const prevDay = got.prev !== undefined ? got.prev : g.prev;
  const nextDay = got.next !== undefined ? got.next : g.next;
  document.title = `${g.title || g.date} · ${t('brand')}`;
  const byId = new Map(g.papers.map((p) => [p.id, p]));
  const order = sort === 'upvotes' ? byUpvotes.map((x) => byId.get(x)).filter(Boolean) : g.papers;
  const weekly = g.kind === 'weekly';

  // Sorting by upvotes only where a paper has them (a weekly roundup's papers have none: the
  // control would change nothing).
  const sortBar = !g.papers.some((p) => p.upvotes >= 0) && sort !== 'upvotes' ? null : el('div', { class: 'dg-digest-sort', role: 'group', 'aria-label': t('sort') },
    el('a', { href: digestHash(g.id), class: 'dg-seg', 'aria-current': sort !== 'upvotes' ? 'true' : 'false' }, t('byRank')),
    el('a', { href: digestHash(g.id, 'upvotes'), class: 'dg-seg', 'aria-current': sort === 'upvotes' ? 'true' : 'false' }, t('byUpvotes')));

  const counts = [];
  if (g.ranking_count >= 0) counts.push(`${t('ranking')} ${g.ranking_count}`);
  if (g.recommended_count >= 0) counts.push(`${t('recommended')} ${g.recommended_count}`);
  if (g.full_text_count >= 0) counts.push(`${t('fullText')} ${g.full_text_count}`);
  if (g.abstract_count >= 0) counts.push(`${t('abstract')} ${g.abstract_count}`);

  const cards = order.map((p) => paperCard(app, p));
  // The order chosen goes on to the next day and the one before (the URL keeps it).
  const dayHash = (day) => digestHash(day.id, sort === 'upvotes' ? sort : '');
  const nav = el('nav', { class: 'dg-prevnext', 'aria-label': `${t('prev')} / ${t('next')}` },
    prevDay ? el('a', { class: 'dg-prev', href: dayHash(prevDay), rel: 'prev' }, `← ${prevDay.date}`) : el('span'),
    el('a', { href: '#/digests', class: 'dg-all-digests' }, t('allDigests')),
    nextDay ? el('a', { class: 'dg-next', href: dayHash(nextDay), rel: 'next' }, `${nextDay.date} →`) : el('span'));
  // A digest is written in its papers' language (the core's `lang`): its title and intro say so, or
  // a screen reader reads Korean with the interface's English voice.
  const lang = g.lang;
  const intro = el('div', { class: 'dg-prose dg-digest-intro', lang });
  if (g.intro) {
    try { setCoreHtml(intro, d.renderMarkdown(g.intro, { fromBundle: true }).html); } catch { intro.textContent = g.intro; }
  }
  return el('section', { class: 'dg-digest', dataset: { dgId: g.id } },
    el('header', { class: 'dg-digest-header' },
      el('p', { class: 'dg-doc-kind' }, weekly ? t('weeklyRoundup') : t('dailyDigest')),
      el('h1', { class: 'dg-doc-title', lang: g.title ? lang : undefined }, g.title || g.date),
      el('p', { class: 'dg-digest-counts' }, el('time', { datetime: g.date }, g.date), ' · ', t('papersCount', { n: g.paper_count }), counts.length ? ' · ' + counts.join(' · ') : ''),
      sortBar),
    g.intro ? intro : null,
    el('ol', { class: 'dg-cards' }, ...cards),
    nav);
}

function paperCard(app, p) {
  let full = null;
  try { full = app.d.get(p.id).doc; } catch { /* summary only */ }
  const details = el('div', { class: 'dg-card-details dg-prose', lang: p.lang, hidden: true, onclick: followFragment });
  const toggle = el('button', {
    class: 'dg-expand', type: 'button', 'aria-expanded': 'false',
    onclick: () => {
      const open = details.hidden;
      if (open && !details.childElementCount) {
        try { setCoreHtml(details, app.d.render(p.id).html); typesetMath(details); } catch (e) { details.textContent = e.message; }
      }
      details.hidden = !open;
      toggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      toggle.textContent = open ? t('collapse') : t('expand');
    },
  }, t('expand'));
  const markers = paperMarkers(p, { arxiv: true });
  const prereq = full && full.prerequisites && full.prerequisites.length
    ? el('p', { class: 'dg-card-prereq' }, el('strong', null, `${t('prerequisites')}: `),
      el('span', { lang: p.lang }, full.prerequisites.map((x) => (x.gloss ? `${x.name} (${x.gloss})` : x.name)).join(', ')))
    : null;
  return el('li', { class: 'dg-card', dataset: { dgId: p.id, dgRank: String(p.rank), dgUpvotes: String(p.upvotes ?? -1) } },
    el('div', { class: 'dg-card-top' }, el('span', { class: 'dg-card-rank', 'aria-label': t('rank') }, `#${p.rank}`),
      el('h2', { class: 'dg-card-title', lang: p.lang }, el('a', { href: docHash(p.id) }, p.title))),
    markers,
    el('ul', { class: 'dg-tags' }, ...(p.tags || []).map((tag) => el('li', null, tagLink(app, tag)))),
    prereq,
    p.summary ? el('p', { class: 'dg-card-summary', lang: p.lang }, p.summary) : null,
    toggle, details);
}

/** Every digest day, grouped by month; `kind` 'daily' or 'weekly' lists only those (the roundups' own list). */
export function digestsPage(app, kind = '') {
  const { digests } = app.d.digests();
  // One name for the heading, the tab title and what is announced (the daily list was titled "All digests").
  const name = kind === 'weekly' ? t('weeklyRoundups') : kind === 'daily' ? t('dailyDigests') : t('allDigests');
  document.title = `${name} · ${t('brand')}`;
  const byMonth = new Map();
  for (const g of digests) {
    if (kind && g.kind !== kind) continue;
    const m = g.date.slice(0, 7);
    if (!byMonth.has(m)) byMonth.set(m, []);
    byMonth.get(m).push(g);
  }
  const months = [...byMonth.entries()].map(([m, list]) => el('section', { class: 'dg-month' },
    el('h2', null, m),
    el('ul', { class: 'dg-days' }, ...list.map((g) => el('li', null, el('a', { href: digestHash(g.id), class: `dg-day dg-day-${g.kind}` },
      el('time', { datetime: g.date }, g.date.slice(8)), el('span', { class: 'dg-day-kind' }, g.kind === 'weekly' ? t('weeklyRoundup') : t('dailyDigest')),
      el('span', { class: 'dg-day-count' }, t('papersCount', { n: g.paper_count }))))))));
  const tabs = el('nav', { class: 'dg-digest-kinds', 'aria-label': t('digests') }, ...[['', 'allDigests'], ['daily', 'dailyDigests'], ['weekly', 'weeklyRoundups']]
    .map(([k, label]) => el('a', { href: '#/digests' + (k ? `?kind=${k}` : ''), 'aria-current': k === kind ? 'page' : null, dataset: { dgKind: k || 'all' } }, t(label))));
  return el('section', { class: 'dg-digests' }, el('h1', { class: 'dg-doc-title' }, name),
    tabs, ...(months.length ? months : [el('p', { class: 'dg-empty' }, t('noDigests'))]));
}

/** The reader's bookmarks, newest bookmark first. */
export function bookmarksPage(app) {
  document.title = `${t('bookmarks')} · ${t('brand')}`;
  const items = [];
  const shown = bookmarks.all();
  for (const id of shown) {
    let doc;
    try { doc = app.d.get(id).doc; } catch { continue; }
    if (!doc) continue;
    const title = doc.display_title || doc.title;
    const read = readMarks.has(doc.id);
    // The star takes the bookmark away (and puts it back, where it was in the list: the card
    // stays until the view is left, so a slip is undone where it happened), as on the home
    // list's cards.
    const star = el('button', {
      class: 'dg-bookmark', type: 'button', 'aria-pressed': 'true', 'aria-label': t('bookmarkOf', { title }),
      onclick: () => {
        const on = star.getAttribute('aria-pressed') !== 'true';
        // (Its place is among the cards as listed here.)
        if (on) bookmarks.restore(doc.id, shown.slice(shown.indexOf(doc.id) + 1));
        else bookmarks.toggle(doc.id, false);
        star.setAttribute('aria-pressed', on ? 'true' : 'false');
        star.textContent = on ? '★' : '☆';
      },
    }, '★');
    items.push(el('li', { class: 'dg-item' + (read ? ' dg-item-is-read' : ''), dataset: { dgId: doc.id } },
      el('div', { class: 'dg-item-top' },
        el('h2', { class: 'dg-item-title', lang: doc.lang }, el('a', { href: docHash(doc.id), class: 'dg-item-link' }, title)), star),
      el('p', { class: 'dg-item-meta' },
        el('time', { class: 'dg-item-date', datetime: doc.date }, doc.date),
        el('span', { class: `dg-badge dg-badge-${doc.kind}` }, t(doc.kind)),
        doc.institution ? el('span', { class: 'dg-item-inst' }, doc.institution) : null,
        read ? el('span', { class: 'dg-item-read' }, t('readMark')) : null),
      doc.tags?.length ? el('ul', { class: 'dg-tags' }, ...doc.tags.map((tag) => el('li', null, tagLink(app, tag)))) : null));
  }
  return el('section', { class: 'dg-bookmarks' }, el('h1', { class: 'dg-doc-title' }, t('bookmarks')),
    items.length ? el('ol', { class: 'dg-list' }, ...items) : el('p', { class: 'dg-empty' }, t('noBookmarks')));
}
