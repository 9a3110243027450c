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
      katex.render(tex, node, { displayMode: node.dataset.display === '1', output: 'mathml', throwOnError: true, trust: false });
    } catch (e) {
      // TeX KaTeX cannot read stays as its source, marked, with KaTeX's reason as the tooltip.
      node.textContent = tex;
      node.classList.add('dg-math-error');
      node.title = e && e.message ? e.message : String(e);
    }
  }
}
