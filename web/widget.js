// widget.js — <paper-digest>: the latest matching reviews, embeddable on any page.
//
//   <script type="module" src="https://host/path/widget.js"></script>
//   <paper-digest src="https://host/path/bundle.json" tags="LLM" q="" limit="5" theme="auto"></paper-digest>
//
// A custom element with Shadow DOM (the host page's CSS cannot reach in, the widget's cannot leak
// out) that runs the same core as the viewer through digest.js. Every URL is resolved against
// this file (import.meta.url), so the widget works when loaded cross-origin from any host. All
// widgets of a page share one download of the wasm, and one core instance + one bundle download
// per distinct `src` (widgets with the same src share everything). Attributes are live: change
// `tags`, `q`, `limit`, ... and the list is queried again. See docs/embedding.md.
import { openDigest } from './digest.js';

const HERE = import.meta.url;
const ATTRS = ['src', 'tags', 'q', 'limit', 'theme', 'search', 'viewer', 'sort', 'kind', 'lang', 'heading'];
// Bounds of `limit`: a compact list, not a second viewer (and the query engine clamps at 1000 anyway).
const MAX_LIMIT = 50;
const DEFAULT_LIMIT = 5;

const TEXT = {
  ko: { search: '검색', loading: '불러오는 중…', empty: '조건에 맞는 문서가 없습니다.', more: '모두 보기', error: '불러올 수 없습니다', invalid: '잘못된 설정', results: '{n}개 문서' },
  en: { search: 'Search', loading: 'Loading…', empty: 'No matching documents.', more: 'See all', error: 'Cannot load', invalid: 'Invalid settings', results: '{n} documents', results_one: '{n} document' },
};

// Sizes in px, not rem: inside a shadow root rem is still the host document's root font size, so a
// page with `html { font-size: 62.5% }` shrank the widget's headings below its item titles (QA).
const CSS = `
:host { all: initial !important; display: block !important; box-sizing: border-box !important;
  font: 15px/1.45 var(--pd-font, system-ui, -apple-system, "Segoe UI", "Noto Sans KR", sans-serif) !important;
  color: var(--pd-fg) !important; text-align: start !important; contain: content;
  --pd-bg: #ffffff; --pd-fg: #1b1b1f; --pd-muted: #5b5c66; --pd-accent: #1a4fd6; --pd-border: #dedee6;
  --pd-tag-bg: #eaf0ff; --pd-tag-fg: #233c88; --pd-mark: #ffe58a; --pd-radius: 10px; }
:host([hidden]) { display: none !important; }
@media (prefers-color-scheme: dark) {
  :host(:not([theme="light"])) { --pd-bg: #1b1b20; --pd-fg: #ececf1; --pd-muted: #a9a9b5; --pd-accent: #8fb0ff;
    --pd-border: #303039; --pd-tag-bg: #222a45; --pd-tag-fg: #c9d5ff; --pd-mark: #6b5a12; }
}
:host([theme="dark"]) { --pd-bg: #1b1b20; --pd-fg: #ececf1; --pd-muted: #a9a9b5; --pd-accent: #8fb0ff;
  --pd-border: #303039; --pd-tag-bg: #222a45; --pd-tag-fg: #c9d5ff; --pd-mark: #6b5a12; }
* { box-sizing: border-box; }
.box { background: var(--pd-bg); border: 1px solid var(--pd-border); border-radius: var(--pd-radius); padding: 12px 14.4px; }
.head { display: flex; align-items: baseline; justify-content: space-between; gap: 8px; margin: 0 0 8px; }
.title { margin: 0; font-size: 16px; font-weight: 700; }
.count { color: var(--pd-muted); font-size: 12.8px; }
form { margin: 0 0 8px; }
input { width: 100%; padding: 6.4px 11.2px; border: 1px solid var(--pd-border); border-radius: 999px; font: inherit;
  color: var(--pd-fg); background: transparent; }
ol { list-style: none; margin: 0; padding: 0; }
li { display: block; padding: 7.2px 0; border-top: 1px solid var(--pd-border); }
li:first-child { border-top: 0; }
a { color: var(--pd-accent); text-decoration: none; }
a:hover, a:focus-visible { text-decoration: underline; }
.item-title { font-weight: 600; }
.meta { display: flex; flex-wrap: wrap; gap: 4.8px; margin-top: 3.2px; color: var(--pd-muted); font-size: 12.48px; }
.tag { padding: 0 6.4px; border-radius: 999px; background: var(--pd-tag-bg); color: var(--pd-tag-fg); }
.snippet { margin: 3.2px 0 0; color: var(--pd-muted); font-size: 13.6px; }
mark { background: var(--pd-mark); color: inherit; }
.status { margin: 4px 0; color: var(--pd-muted); font-size: 13.6px; }
.more { display: inline-block; margin-top: 8px; font-size: 13.6px; }
[hidden] { display: none !important; }
`;

// The core's snippet (HTML-escaped text, <mark> around the matches, nothing else) as nodes, not
// through innerHTML: a host page that enforces Trusted Types refuses an innerHTML string, and the
// widget went on showing the previous results as "ready" (QA).
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };
function snippetNodes(html) {
  const nodes = [];
  let marked = false;
  for (const part of html.split(/(<\/?mark>)/)) {
    if (part === '<mark>' || part === '</mark>') {
      marked = part === '<mark>';
      continue;
    }
    if (!part) continue;
    const text = part.replace(/&(amp|lt|gt|quot|#39);/g, (_, name) => ENTITIES[name]);
    if (!marked) nodes.push(document.createTextNode(text));
    else {
      const mark = document.createElement('mark');
      mark.textContent = text;
      nodes.push(mark);
    }
  }
  return nodes;
}

let sheet = null;
function styles() {
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(CSS);
  }
  return sheet;
}

// One download of the wasm for the page; one core instance + bundle download per bundle URL.
let wasmPromise = null;
const cores = new Map();
// Cores whose full-text index is being built in the background (once per core).
const preparing = new WeakSet();

function wasmBytes() {
  if (!wasmPromise) {
    wasmPromise = fetch(new URL('./digest-core.wasm', HERE)).then((r) => {
      if (!r.ok) throw new Error(`cannot fetch digest-core.wasm: HTTP ${r.status}`);
      return r.arrayBuffer();
    });
  }
  return wasmPromise;
}

/** The core with `src` loaded; shared by every widget naming the same bundle. */
export function coreFor(src) {
  const url = new URL(src || './bundle.json', HERE).href;
  if (!cores.has(url)) {
    const p = (async () => {
      const d = await openDigest({ wasmBinary: new Uint8Array(await wasmBytes()) });
      await d.load(url);
      return d;
    })();
    p.catch(() => cores.delete(url)); // a failed load may be retried by a later widget
    cores.set(url, p);
  }
  return cores.get(url);
}

function el(tag, className, text) {
  const n = document.createElement(tag);
  if (className) n.className = className;
  if (text !== undefined) n.textContent = text;
  return n;
}

function splitTags(value) {
  return (value || '').split(',').map((t) => t.trim()).filter(Boolean);
}

export class PaperDigestElement extends HTMLElement {
  static get observedAttributes() { return ATTRS; }

  constructor() {
    super();
    const root = this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [styles()];
    this._box = el('div', 'box');
    this._box.setAttribute('part', 'container');
    const head = el('div', 'head');
    this._title = el('h2', 'title');
    this._title.setAttribute('part', 'heading');
    this._count = el('span', 'count');
    this._count.setAttribute('part', 'count');
    head.append(this._title, this._count);
    this._form = el('form');
    this._form.setAttribute('role', 'search');
    this._input = el('input');
    this._input.type = 'search';
    this._input.setAttribute('part', 'search');
    this._input.autocomplete = 'off';
    this._form.append(this._input);
    this._form.addEventListener('submit', (e) => e.preventDefault());
    this._input.addEventListener('input', () => this._render());
    this._status = el('p', 'status');
    this._status.setAttribute('part', 'status');
    this._status.setAttribute('role', 'status');
    this._list = el('ol');
    this._list.setAttribute('part', 'list');
    this._more = el('a', 'more');
    this._more.setAttribute('part', 'more');
    this._box.append(head, this._form, this._status, this._list, this._more);
    root.append(this._box);
    this._core = null;
    this._coreSrc = null;
    this._seq = 0;
    this._queued = false;
  }

  connectedCallback() { this._schedule(); }

  attributeChangedCallback(name, oldValue, value) {
    if (oldValue === value) return;
    if (name === 'q') this._input.value = value || '';
    this._schedule();
  }

  /** Several attribute changes in one task cause one query. */
  _schedule() {
    if (this._queued || !this.isConnected) return;
    this._queued = true;
    queueMicrotask(() => {
      this._queued = false;
      this._update();
    });
  }

  _text(key, n) {
    const lang = (this.getAttribute('lang') || document.documentElement.lang || navigator.language || 'en').slice(0, 2);
    const table = TEXT[lang] || TEXT.en;
    return ((n === 1 && table[`${key}_one`]) || table[key]).replace('{n}', String(n));
  }

  get viewerUrl() { return new URL(this.getAttribute('viewer') || './index.html', HERE).href; }

  /**
   * A link into the viewer: `hash` (#/doc/..., #/?tag=...), with ?bundle= naming this widget's
   * bundle when it is not the one the viewer opens by default (bundle.json beside it), so the link
   * shows the same collection. A bundle on the viewer's origin is named by its path.
   */
  _viewerLink(hash) {
    const url = new URL(this.viewerUrl);
    const bundle = new URL(this.getAttribute('src') || './bundle.json', HERE);
    if (bundle.href !== new URL('bundle.json', url).href) {
      url.searchParams.set('bundle', bundle.origin === url.origin ? bundle.pathname + bundle.search : bundle.href);
    }
    url.hash = hash;
    return url.href;
  }

  async _update() {
    const src = this.getAttribute('src') || './bundle.json';
    this._title.textContent = this.getAttribute('heading') || (splitTags(this.getAttribute('tags')).join(' · ') || 'Paper Digest');
    this._form.hidden = this.getAttribute('search') === 'false';
    this._input.placeholder = this._text('search');
    this._input.setAttribute('aria-label', this._text('search'));
    if (src !== this._coreSrc) {
      this._coreSrc = src;
      const seq = ++this._seq;
      this._core = null;
      this._box.setAttribute('aria-busy', 'true');
      this._status.textContent = this._text('loading');
      this._status.hidden = false;
      // Nothing of the last bundle's answer stays while this one loads: its count, its "see all"
      // (it links to the other bundle) and its state ("ready" would say this answer is drawn).
      this._list.replaceChildren();
      this._count.textContent = '';
      this._more.hidden = true;
      delete this.dataset.pdState;
      try {
        const core = await coreFor(src);
        if (seq !== this._seq) return;
        this._core = core;
        // A widget with a search box: the first search then finds the full-text index built,
        // without a long task on the host page. (List-only widgets never need it.)
        if (!this._form.hidden && !preparing.has(core)) {
          preparing.add(core);
          core.prepareSearchInBackground();
        }
      } catch (e) {
        if (seq !== this._seq) return;
        this._fail(e);
        return;
      }
    }
    if (this._core) this._render();
  }

  /** An error in place of the list (nothing of an earlier answer stays): `key` 'error' (the bundle
   * could not be loaded) or 'invalid' (the core refused the attributes' query). */
  _fail(e, key = 'error') {
    this._box.setAttribute('aria-busy', 'false');
    this._list.replaceChildren();
    this._count.textContent = '';
    this._more.hidden = true;
    this._status.textContent = `${this._text(key)}: ${e && e.message ? e.message : e}`;
    this._status.hidden = false;
    this.dataset.pdState = 'error';
    this.dispatchEvent(new CustomEvent('paper-digest-error', { bubbles: true, composed: true, detail: { error: e } }));
  }

  /** Queries the core with the current attributes and the search box, and draws the list. */
  _render() {
    if (!this._core) return;
    const tags = splitTags(this.getAttribute('tags'));
    const q = this._input.value.trim();
    // 1..MAX_LIMIT: a number outside is brought to the nearest bound, anything else is the default.
    const asked = Number.parseInt(this.getAttribute('limit'), 10);
    const limit = Number.isNaN(asked) ? DEFAULT_LIMIT : Math.max(1, Math.min(MAX_LIMIT, asked));
    // The widget shows hits only: no facets (counting them is a third of a short query's time).
    const request = { q, tags, limit, sort: this.getAttribute('sort') || (q ? 'relevance' : 'date'), snippet: !!q, facets: false };
    const kind = this.getAttribute('kind');
    if (kind) request.kind = kind;
    let res;
    try {
      res = this._core.query(request);
    } catch (e) {
      this._fail(e, 'invalid');
      return;
    }
    const items = res.hits.map((hit) => {
      const li = el('li');
      li.setAttribute('part', 'item');
      li.dataset.pdId = hit.id;
      const a = el('a', 'item-title', hit.display_title || hit.title);
      a.setAttribute('part', 'link');
      a.href = this._viewerLink(`#/doc/${encodeURIComponent(hit.id)}`);
      const meta = el('div', 'meta');
      meta.setAttribute('part', 'meta');
      meta.append(el('span', 'date', hit.date || ''));
      for (const t of (hit.tags || []).slice(0, 3)) {
        const tag = el('span', 'tag', t);
        tag.setAttribute('part', 'tag');
        meta.append(tag);
      }
      li.append(a, meta);
      if (hit.snippet) {
        const p = el('p', 'snippet');
        p.setAttribute('part', 'snippet');
        p.append(...snippetNodes(hit.snippet));
        li.append(p);
      }
      return li;
    });
    this._list.replaceChildren(...items);
    this._count.textContent = this._text('results', res.total);
    this._status.textContent = res.total ? '' : this._text('empty');
    this._status.hidden = res.total > 0;
    // The viewer's URL state (ui/router.js) for the same request.
    const params = new URLSearchParams();
    if (q) params.set('q', q);
    for (const t of tags) params.append('tag', t);
    if (kind) params.set('kind', kind);
    if (this.getAttribute('sort')) params.set('sort', this.getAttribute('sort'));
    const query = params.toString();
    this._more.href = this._viewerLink(`#/${query ? `?${query}` : ''}`);
    this._more.textContent = `${this._text('more')} →`;
    this._more.hidden = false;
    this._box.setAttribute('aria-busy', 'false');
    this.dataset.pdState = 'ready';
    this.dispatchEvent(new CustomEvent('paper-digest-results', {
      bubbles: true, composed: true, detail: { total: res.total, ids: res.hits.map((h) => h.id), request },
    }));
  }
}

if (!customElements.get('paper-digest')) customElements.define('paper-digest', PaperDigestElement);
