// run-examples.mjs — feeds spec examples through the native CLI and compares normalised HTML.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import { normalizeHtml, stripProductAdditions } from './normalize-html.mjs';

export const CLI = process.env.DIGEST_CLI || 'build/digest';

// Examples in the spec file format: a line of 32 backticks + " example", markdown, ".", HTML,
// 32 backticks. "→" stands for a tab, as in the CommonMark and GFM specs.
export function readSpecFile(path) {
  const text = readFileSync(path, 'utf8');
  const re = /^`{32} example\n([\s\S]*?)^\.\n([\s\S]*?)^`{32}$|^#{1,6} *(.*)$/gm;
  const examples = [];
  let section = '';
  for (const m of text.matchAll(re)) {
    if (m[3] !== undefined) {
      section = m[3];
      continue;
    }
    examples.push({ markdown: m[1].replace(/→/g, '\t'), html: m[2].replace(/→/g, '\t'), section, number: examples.length + 1 });
  }
  return examples;
}

export function renderWithCli(markdown, args = ['render', '--allow-html']) {
  const r = spawnSync(CLI, args, { input: markdown, encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${CLI}: ${r.error.message} (build it, or set DIGEST_CLI)`);
  if (r.status !== 0) return { ok: false, html: '', stderr: r.stderr };
  return { ok: true, html: r.stdout, stderr: r.stderr };
}

// Runs every example; returns { passed, failed: [{number, section, markdown, expected, actual}] }.
// "→" in the spec text stands for a tab (the npm package exports the text as written).
export function runExamples(examples, args = ['render', '--allow-html']) {
  const failed = [];
  let passed = 0;
  for (const ex of examples) {
    const r = renderWithCli(ex.markdown.replace(/→/g, '\t'), args);
    const actual = normalizeHtml(stripProductAdditions(r.html));
    const expected = normalizeHtml(ex.html.replace(/→/g, '\t'));
    if (r.ok && actual === expected) passed++;
    else failed.push({ number: ex.number, section: ex.section, markdown: ex.markdown, expected, actual });
  }
  return { passed, failed };
}
