// mathVariantText (web/ui/math.js): the letters KaTeX marks with a MathML mathvariant (\mathbb,
// \mathcal, \mathbf, \boldsymbol, …) are written as Unicode's Mathematical Alphanumeric Symbols,
// since Chromium ignores the attribute. Checked against the code points Unicode gives them,
// including the letters that live in the Letterlike Symbols block (the "holes": ℝ, ℒ, ℎ).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mathVariantText } from '../../web/ui/math.js';

const cp = (s) => [...s].map((c) => c.codePointAt(0).toString(16).toUpperCase());

test('double-struck, script and fraktur letters, with the Letterlike Symbols ones', () => {
  assert.equal(mathVariantText('RNZE', 'double-struck'), 'ℝℕℤ𝔼');
  assert.equal(mathVariantText('LDB', 'script'), 'ℒ𝒟ℬ');
  assert.equal(mathVariantText('gx', 'script'), 'ℊ𝓍');
  assert.equal(mathVariantText('Rg', 'fraktur'), 'ℜ𝔤');
  assert.deepEqual(cp(mathVariantText('A', 'double-struck')), ['1D538']);
  assert.equal(mathVariantText('ΓΠγπ', 'double-struck'), 'ℾℿℽℼ', 'the four double-struck Greek letters Unicode has');
  assert.equal(mathVariantText('Ϝϝ', 'bold'), '𝟊𝟋', 'bold digamma');
});

test('bold and italic Latin letters, digits and Greek', () => {
  assert.equal(mathVariantText('x0', 'bold'), '𝐱𝟎');
  assert.equal(mathVariantText('θΣ', 'bold'), '𝛉𝚺');
  assert.equal(mathVariantText('θ', 'bold-italic'), '𝜽');
  assert.equal(mathVariantText('h', 'italic'), 'ℎ', 'italic h is U+210E, not the reserved U+1D455');
  assert.equal(mathVariantText('∇∂ϵ', 'bold'), '𝛁𝛛𝛜');
  assert.equal(mathVariantText('ςϴ', 'bold'), '𝛓𝚹', 'final sigma and capital theta symbol have their places');
  assert.equal(mathVariantText('Az9', 'monospace'), '𝙰𝚣𝟿');
  assert.equal(mathVariantText('Ww', 'sans-serif-bold-italic'), '𝙒𝙬');
});

test('what a variant has no letter for stays as it is', () => {
  assert.equal(mathVariantText('7', 'script'), '7', 'no script digits');
  assert.equal(mathVariantText('α', 'double-struck'), 'α');
  assert.equal(mathVariantText('모델 +', 'bold'), '모델 +');
  assert.equal(mathVariantText('x', 'normal'), 'x');
  assert.equal(mathVariantText('x', 'no-such-variant'), 'x');
});
