// contenders.mjs — the peers of scripts/bench, written once for Node and the browser page.
//
// Every library comes in through `libs` (the caller imports it from node_modules or by URL), so
// this file has no imports of its own. A search contender is { name, version key, build(docs) ->
// engine } where engine.search(request, { all }) returns { ids: doc indexes, total, facets }.
// `all` asks for the full result set (the recall check); the timed calls ask for a page of 20 and
// tag facets over the whole result, which is what a search page needs per keystroke.
import { peerTerms } from './queries.mjs';

/** Bundle JSON -> flat documents (reviews, then digest papers) with the fields peers index. */
export function extractDocs(bundle) {
  const docs = [];
  const add = (d, body, extra) => {
    const tags = Array.isArray(d.tags) ? d.tags.map(String) : [];
    docs.push({
      id: d.id,
      title: [d.title, d.display_title].filter(Boolean).join(' '),
      tags,
      tagsLower: tags.map((t) => t.toLowerCase()),
      tagText: tags.join(' '),
      authors: Array.isArray(d.authors) ? d.authors.join(' ') : '',
      extra: extra || '',
      date: typeof d.date === 'string' ? d.date.slice(0, 10) : '',
      text: body,
    });
  };
  for (const r of bundle.reviews || []) add(r, r.markdown || r.html || '', r.arxiv || '');
  for (const g of bundle.digests || []) {
    for (const p of g.papers || []) {
      const body = [p.summary || '', ...(p.sections || []).map((s) => `${s.name}\n${s.markdown}`)].join('\n\n');
      add(p, body, [p.arxiv, p.institution].filter(Boolean).join(' '));
    }
  }
  return docs;
}

/** Markdown bodies for the render benchmark: review markdown and each paper section. */
export function extractBodies(bundle) {
  const out = [];
  for (const r of bundle.reviews || []) if (r.markdown) out.push(r.markdown);
  for (const g of bundle.digests || []) for (const p of g.papers || []) for (const s of p.sections || []) if (s.markdown) out.push(s.markdown);
  return out;
}

// ---------------------------------------------------------------- filters and facets in JS

/** The filter part of a request as a predicate over a doc (tags case-insensitive, inclusive dates). */
export function requestFilter(req) {
  const tags = (req.tags || []).map((t) => t.toLowerCase());
  const { from, to } = req;
  if (!tags.length && !from && !to) return null;
  return (doc) => {
    for (const t of tags) if (!doc.tagsLower.includes(t)) return false;
    if (from && !(doc.date && doc.date >= from)) return false;
    if (to && !(doc.date && doc.date <= to)) return false;
    return true;
  };
}

/** Tag facet counts over a result set, merged case-insensitively, sorted like ours. */
export function tagFacets(docs, ids) {
  const counts = new Map();
  for (const i of ids) {
    for (const t of docs[i].tagsLower) counts.set(t, (counts.get(t) || 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function allMatching(docs, pred) {
  const out = [];
  for (let i = 0; i < docs.length; i++) if (!pred || pred(docs[i])) out.push(i);
  return out;
}

// ---------------------------------------------------------------- search contenders

function miniSearch(libs, prefix) {
  return {
    name: prefix ? 'MiniSearch (prefix)' : 'MiniSearch',
    lib: 'minisearch',
    build(docs) {
      const ms = new libs.MiniSearch({
        idField: 'i',
        fields: ['title', 'tagText', 'authors', 'extra', 'text'],
        extractField: (d, f) => (f === 'i' ? d.i : docs[d.i][f]),
      });
      ms.addAll(docs.map((_, i) => ({ i })));
      return {
        search(req) {
          const pred = requestFilter(req);
          const terms = peerTerms(req.q);
          const ids = terms.length
            ? ms.search(terms.join(' '), { combineWith: 'AND', prefix, filter: pred ? (r) => pred(docs[r.id]) : undefined }).map((r) => r.id)
            : allMatching(docs, pred);
          return { ids, total: ids.length, facets: tagFacets(docs, ids) };
        },
      };
    },
  };
}

function flexSearch(libs, tokenize) {
  return {
    name: tokenize ? `FlexSearch (${tokenize})` : 'FlexSearch',
    lib: 'flexsearch',
    build(docs) {
      const index = new libs.FlexSearch.Index(tokenize ? { tokenize } : {});
      for (let i = 0; i < docs.length; i++) {
        const d = docs[i];
        index.add(i, `${d.title}\n${d.tagText}\n${d.authors}\n${d.extra}\n${d.text}`);
      }
      return {
        search(req) {
          const pred = requestFilter(req);
          const terms = peerTerms(req.q);
          let ids = terms.length ? index.search(terms.join(' '), { limit: docs.length }) : allMatching(docs, null);
          if (pred) ids = ids.filter((i) => pred(docs[i]));
          return { ids, total: ids.length, facets: tagFacets(docs, ids) };
        },
      };
    },
  };
}

const dateNumber = (s) => (s ? Number(s.replace(/-/g, '')) : 0);

function orama(libs) {
  return {
    name: 'Orama',
    lib: '@orama/orama',
    async build(docs) {
      const { create, insertMultiple, search } = libs.Orama;
      const db = create({ schema: { i: 'number', title: 'string', tagText: 'string', authors: 'string', text: 'string', tags: 'enum[]', date: 'number' } });
      await insertMultiple(db, docs.map((d, i) => ({ i, title: d.title, tagText: d.tagText, authors: d.authors, text: d.text, tags: d.tagsLower, date: dateNumber(d.date) })), 1000);
      return {
        async search(req, { all } = {}) {
          const where = {};
          if (req.tags) where.tags = { containsAll: req.tags.map((t) => t.toLowerCase()) };
          if (req.from) where.date = { between: [dateNumber(req.from), dateNumber(req.to)] };
          const terms = peerTerms(req.q);
          const r = await search(db, {
            term: terms.join(' '), properties: ['title', 'tagText', 'authors', 'text'], threshold: 0,
            where: Object.keys(where).length ? where : undefined, limit: all ? docs.length : 20, facets: { tags: { limit: 100000 } },
          });
          const values = r.facets && r.facets.tags ? r.facets.tags.values : {};
          return { ids: r.hits.map((h) => h.document.i), total: r.count, facets: Object.entries(values) };
        },
      };
    },
  };
}

function itemsJs(libs) {
  return {
    name: 'itemsjs',
    lib: 'itemsjs',
    build(docs) {
      const engine = libs.itemsjs(
        docs.map((d, i) => ({ id: i, title: d.title, text: `${d.tagText} ${d.authors} ${d.extra} ${d.text}`, tags: d.tagsLower, date: d.date })),
        { aggregations: { tags: { title: 'Tags', size: 100000, conjunction: true } }, searchableFields: ['title', 'text'] },
      );
      return {
        search(req, { all } = {}) {
          const r = engine.search({
            query: peerTerms(req.q).join(' '),
            filters: req.tags ? { tags: req.tags.map((t) => t.toLowerCase()) } : undefined,
            filter: req.from ? (item) => item.date >= req.from && item.date <= req.to : undefined,
            per_page: all ? docs.length : 20,
          });
          const buckets = r.data.aggregations.tags.buckets;
          return { ids: r.data.items.map((it) => it.id), total: r.pagination.total, facets: buckets.map((b) => [b.key, b.doc_count]) };
        },
      };
    },
  };
}

/** Search peers available in `libs` (a missing library is skipped by the caller with a note). */
export function searchContenders(libs) {
  const out = [];
  if (libs.MiniSearch) out.push(miniSearch(libs, false), miniSearch(libs, true));
  if (libs.FlexSearch) out.push(flexSearch(libs, null), flexSearch(libs, 'forward'));
  if (libs.Orama) out.push(orama(libs));
  if (libs.itemsjs) out.push(itemsJs(libs));
  return out;
}

// ---------------------------------------------------------------- render contenders

/** Markdown -> HTML peers, each configured with its safest setting. */
export function renderContenders(libs) {
  const out = [];
  if (libs.MarkdownIt) {
    const md = new libs.MarkdownIt(); // html: false (raw HTML escaped), validateLink blocks javascript:
    out.push({ name: 'markdown-it', lib: 'markdown-it', render: (s) => md.render(s) });
  }
  if (libs.marked) {
    // marked has no sanitizer of its own (its docs point to DOMPurify); measured as is.
    out.push({ name: 'marked', lib: 'marked', render: (s) => libs.marked.parse(s, { async: false }) });
  }
  if (libs.markdownWasm) {
    const mw = libs.markdownWasm;
    const parseFlags = mw.ParseFlags.DEFAULT | mw.ParseFlags.NO_HTML;
    out.push({ name: 'markdown-wasm', lib: 'markdown-wasm', render: (s) => mw.parse(s, { parseFlags }) });
  }
  return out;
}

/** Input that a safe renderer must defuse: raw script, event handler, javascript: link. */
export const HOSTILE = '<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))\n';
export function isSafe(html) {
  return !/<script/i.test(html) && !/<img[^>]*onerror/i.test(html) && !/href="javascript:/i.test(html);
}
