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
    } catch (e) {
      // TeX KaTeX cannot read stays as its source, marked, with KaTeX's reason as the tooltip.
      node.textContent = tex;
      node.classList.add('dg-math-error');
      node.title = e && e.message ? e.message : String(e);
    }
  }
}
