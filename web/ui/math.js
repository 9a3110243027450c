// math.js — typesets the math elements the core's renderer emits (<span class="dg-math"
// data-display="0|1">TeX</span>) with KaTeX, loaded on first use. KaTeX writes MathML only
// (output: 'mathml'): its HTML output needs inline style attributes, which the strict CSP
// (style-src 'self') forbids, while Chromium, Firefox and Safari render MathML natively.
let katexPromise = null;

function loadKatex() {
  if (!katexPromise) {
    katexPromise = import('../vendor/katex/katex.mjs').then((m) => m.default).catch(() => null);
  }
  return katexPromise;
}

// KaTeX's settings for text from a bundle. maxSize caps every size the TeX gives (\rule{5em}{300em}
// drew a block over the page, \rule{3000em}{1em} made it 48,000 px wide); the reading view also
// clips its body (style.css, .dg-prose), which catches \raisebox. \fcolorbox and \pmb are the two
// commands whose MathML carries an inline style, which the CSP refuses: the box keeps its
// background without the frame, \pmb becomes \boldsymbol.
const OPTIONS = {
  // strict 'ignore': TeX KaTeX accepts but LaTeX would not (\htmlClass, Hangul in math mode) is
  // the bundle's business, not a console warning on the reader's page.
  output: 'mathml', throwOnError: true, trust: false, strict: 'ignore', maxSize: 5, maxExpand: 1000,
  macros: { '\\fcolorbox': '\\@secondoftwo{#1}{\\colorbox{#2}{#3}}', '\\pmb': '\\boldsymbol{#1}' },
};

// MathML's mathvariant (\mathbb, \mathcal, \mathbf, \boldsymbol, \mathfrak, \mathsf, \mathtt,
// \mathit): Firefox and Safari draw it, Chromium ignores it (MathML Core keeps only "normal"), so
// ℝ, ℒ and 𝐱 showed as a plain R, L and x. The same letters exist as Unicode's Mathematical
// Alphanumeric Symbols: each variant's first capital, small letter, digit, Greek capital and small
// Greek letter (0 where it has none), and the letters that live in the Letterlike Symbols block.
const VARIANTS = {
  bold: [0x1D400, 0x1D41A, 0x1D7CE, 0x1D6A8, 0x1D6C2, { 'Ϝ': 0x1D7CA, 'ϝ': 0x1D7CB }],
  italic: [0x1D434, 0x1D44E, 0, 0x1D6E2, 0x1D6FC, { h: 0x210E }],
  'bold-italic': [0x1D468, 0x1D482, 0, 0x1D71C, 0x1D736],
  script: [0x1D49C, 0x1D4B6, 0, 0, 0, { B: 0x212C, E: 0x2130, F: 0x2131, H: 0x210B, I: 0x2110, L: 0x2112, M: 0x2133, R: 0x211B, e: 0x212F, g: 0x210A, o: 0x2134 }],
  'bold-script': [0x1D4D0, 0x1D4EA, 0, 0, 0],
  fraktur: [0x1D504, 0x1D51E, 0, 0, 0, { C: 0x212D, H: 0x210C, I: 0x2111, R: 0x211C, Z: 0x2128 }],
  'double-struck': [0x1D538, 0x1D552, 0x1D7D8, 0, 0, { C: 0x2102, H: 0x210D, N: 0x2115, P: 0x2119, Q: 0x211A, R: 0x211D, Z: 0x2124, 'Γ': 0x213E, 'Π': 0x213F, 'γ': 0x213D, 'π': 0x213C }],
  'bold-fraktur': [0x1D56C, 0x1D586, 0, 0, 0],
  'sans-serif': [0x1D5A0, 0x1D5BA, 0x1D7E2, 0, 0],
  'bold-sans-serif': [0x1D5D4, 0x1D5EE, 0x1D7EC, 0x1D756, 0x1D770],
  'sans-serif-italic': [0x1D608, 0x1D622, 0, 0, 0],
  'sans-serif-bold-italic': [0x1D63C, 0x1D656, 0, 0x1D790, 0x1D7AA],
  monospace: [0x1D670, 0x1D68A, 0x1D7F6, 0, 0],
};
// Greek beyond α-ω and Α-Ω that each Greek block holds, by offset: ϴ and ∇ among the capitals;
// ∂ ϵ ϑ ϰ ϕ ϱ ϖ after ω.
const GREEK_CAPITAL_EXTRA = new Map([[0x3F4, 17], [0x2207, 25]]);
const GREEK_SMALL_EXTRA = new Map([[0x2202, 25], [0x3F5, 26], [0x3D1, 27], [0x3F0, 28], [0x3D5, 29], [0x3F1, 30], [0x3D6, 31]]);

/** `text` in mathvariant `variant` as Mathematical Alphanumeric Symbols (what has none stays). */
export function mathVariantText(text, variant) {
  const v = VARIANTS[variant];
  if (!v) return text;
  const [upper, lower, digit, greekUpper, greekLower, holes = {}] = v;
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0);
    let m = 0;
    if (holes[ch]) m = holes[ch];
    else if (c >= 0x41 && c <= 0x5A) m = upper + c - 0x41;
    else if (c >= 0x61 && c <= 0x7A) m = lower + c - 0x61;
    else if (c >= 0x30 && c <= 0x39 && digit) m = digit + c - 0x30;
    else if (c >= 0x391 && c <= 0x3A9 && c !== 0x3A2 && greekUpper) m = greekUpper + c - 0x391;
    else if (GREEK_CAPITAL_EXTRA.has(c) && greekUpper) m = greekUpper + GREEK_CAPITAL_EXTRA.get(c);
    else if (c >= 0x3B1 && c <= 0x3C9 && greekLower) m = greekLower + c - 0x3B1;
    else if (GREEK_SMALL_EXTRA.has(c) && greekLower) m = greekLower + GREEK_SMALL_EXTRA.get(c);
    out += m ? String.fromCodePoint(m) : ch;
  }
  return out;
}

/** Writes the mathvariant of `math`'s tokens into their letters (VARIANTS), for every browser. */
function applyMathVariants(math) {
  // Identifiers and numbers only: the words of \textbf{…} (mtext) stay words, which find-in-page
  // and screen readers read as such.
  for (const token of math.querySelectorAll('mi[mathvariant], mn[mathvariant]')) {
    const variant = token.getAttribute('mathvariant');
    if (!VARIANTS[variant]) continue;
    const walker = document.createTreeWalker(token, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) t.data = mathVariantText(t.data, variant);
    // The letters carry the style now; a browser that also drew the attribute would not add to
    // them (these code points have no variants), but "normal" states it.
    token.setAttribute('mathvariant', 'normal');
  }
}

export async function typesetMath(root) {
  const nodes = root.querySelectorAll('.dg-math:not([data-dg-typeset])');
  if (!nodes.length) return;
  const katex = await loadKatex();
  if (!katex) return; // the TeX source stays visible as text
  for (const node of nodes) {
    const tex = node.textContent;
    node.dataset.dgTypeset = '1';
    node.setAttribute('data-tex', tex);
    try {
      // throwOnError: KaTeX's own error element carries an inline style, which the CSP refuses.
      katex.render(tex, node, { ...OPTIONS, displayMode: node.dataset.display === '1', macros: { ...OPTIONS.macros } });
      applyMathVariants(node);
    } catch (e) {
      // TeX KaTeX cannot read stays as its source, marked, with KaTeX's reason as the tooltip.
      node.textContent = tex;
      node.classList.add('dg-math-error');
      node.title = e && e.message ? e.message : String(e);
    }
  }
}
