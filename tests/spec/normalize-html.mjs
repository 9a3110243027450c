// normalize-html.mjs — canonical form of an HTML fragment for spec comparisons, after the
// CommonMark spec runner's normalize.py: tag and attribute names lower case, attributes sorted
// and re-escaped, character references decoded (except & < > " which are written as
// references), whitespace runs collapsed outside <pre>, whitespace around block tags dropped,
// a newline after <br> dropped.
//
// stripProductAdditions() removes, from OUR output only, what the renderer adds on purpose to
// every document (render.h): the table scroll wrapper, heading ids, target/rel on external
// links, loading/decoding on images, and dg-* classes. Nothing else is forgiven.
import { decodeHTMLStrict } from 'entities';

const BLOCK_TAGS = new Set(['article', 'header', 'aside', 'hgroup', 'blockquote', 'hr', 'iframe', 'body', 'li',
  'map', 'button', 'object', 'canvas', 'ol', 'caption', 'output', 'col', 'p', 'colgroup', 'pre', 'dd', 'progress',
  'section', 'dl', 'table', 'td', 'dt', 'tbody', 'embed', 'textarea', 'fieldset', 'tfoot', 'figcaption', 'th',
  'figure', 'thead', 'footer', 'tr', 'form', 'ul', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'video', 'script', 'style']);

const CHUNK_RE = /<!\[CDATA\[[\s\S]*?\]\]>|<[^>]*>|[^<]+/g;
const TAG_RE = /^<(\/?)([a-zA-Z][^\s/>]*)([\s\S]*?)(\/?)>$/;
const ATTR_RE = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g;

function escapeChar(c) {
  return c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : c;
}
// Decodes every reference a browser would, then re-escapes the four significant characters.
function canonicalText(s) {
  return s.replace(/&(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[a-zA-Z][a-zA-Z0-9]{1,31};)/g, (ref) => {
    const d = decodeHTMLStrict(ref);
    return d === ref ? ref : [...d].map(escapeChar).join('');
  });
}
function escapeAttr(v) {
  return v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}

export function normalizeHtml(html) {
  let out = '';
  let last = 'starttag';
  let lastTag = '';
  let inPre = false;
  for (const m of html.matchAll(CHUNK_RE)) {
    const chunk = m[0];
    if (chunk.startsWith('<![CDATA[') || chunk.startsWith('<!') || chunk.startsWith('<?')) {
      out += chunk;
      last = 'decl';
      continue;
    }
    const t = chunk.startsWith('<') ? TAG_RE.exec(chunk) : null;
    if (!t) {
      let data = canonicalText(chunk);
      const afterTag = last === 'endtag' || last === 'starttag';
      const afterBlock = afterTag && BLOCK_TAGS.has(lastTag);
      if (afterTag && lastTag === 'br') data = data.replace(/^\n+/, '');
      if (!inPre) data = data.replace(/\s+/g, ' ');
      if (afterBlock && !inPre) data = last === 'starttag' ? data.trimStart() : data.trim();
      out += data;
      last = 'data';
      continue;
    }
    const [, slash, rawName, rawAttrs, selfClose] = t;
    const name = rawName.toLowerCase();
    if (slash) {
      if (name === 'pre') inPre = false;
      else if (BLOCK_TAGS.has(name)) out = out.trimEnd();
      out += `</${name}>`;
      lastTag = name;
      last = 'endtag';
      continue;
    }
    if (name === 'pre') inPre = true;
    if (BLOCK_TAGS.has(name)) out = out.trimEnd();
    const attrs = [];
    for (const a of rawAttrs.matchAll(ATTR_RE)) {
      const value = a[2] ?? a[3] ?? a[4];
      attrs.push([a[1].toLowerCase(), value === undefined ? null : decodeHTMLStrict(value)]);
    }
    attrs.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
    out += '<' + name + attrs.map(([k, v]) => (v === null ? ` ${k}` : ` ${k}="${escapeAttr(v)}"`)).join('') + '>';
    lastTag = name;
    last = selfClose ? 'endtag' : 'starttag';
  }
  return out;
}

// Removes the renderer's documented additions from its own output (see the header comment).
export function stripProductAdditions(html) {
  return html
    .replace(/<div class="dg-table-wrap">/g, '')
    .replace(/<\/table>\n<\/div>/g, '</table>')
    .replace(/(<h[1-6]) id="[^"]*"/g, '$1')
    .replace(/ target="_blank" rel="noopener noreferrer"/g, '')
    .replace(/ loading="lazy" decoding="async"/g, '')
    .replace(/ class="dg-[a-z-]+"/g, '');
}
