// app.js — the viewer shell: wires the DOM to digest.js. No data decisions here: what to show,
// in which order, comes from the core. Data goes into the DOM with textContent only.
import { openDigest } from './digest.js';

const $ = (id) => document.getElementById(id);

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function bundleUrl() {
  const params = new URLSearchParams(location.search);
  return params.get('bundle') || 'bundle.json';
}

function showError(title, err) {
  const main = $('dg-main');
  main.replaceChildren();
  const box = el('section', 'dg-error');
  box.setAttribute('role', 'alert');
  box.append(el('h1', 'dg-error-title', title));
  box.append(el('p', 'dg-error-message', err && err.message ? err.message : String(err)));
  if (err && err.code) box.append(el('p', 'dg-error-code', `code: ${err.code}`));
  main.append(box);
  main.setAttribute('aria-busy', 'false');
  document.body.dataset.dgState = 'error';
}

function renderList(page) {
  const list = $('dg-list');
  list.replaceChildren();
  for (const doc of page.docs) {
    const item = el('li', 'dg-item');
    item.dataset.dgId = doc.id;
    item.dataset.dgKind = doc.kind;
    const title = el('h2', 'dg-item-title', doc.title);
    const meta = el('p', 'dg-item-meta');
    const time = el('time', 'dg-item-date', doc.date);
    time.dateTime = doc.date;
    meta.append(time, el('span', 'dg-item-kind', doc.kind === 'paper' ? '논문' : '리뷰'));
    const tags = el('ul', 'dg-tags');
    for (const t of doc.tags) tags.append(el('li', 'dg-tag', t));
    item.append(title, meta, tags);
    list.append(item);
  }
}

async function main() {
  const started = performance.now();
  const progress = $('dg-progress');
  const bar = $('dg-progress-bar');
  let d;
  try {
    d = await openDigest();
  } catch (e) {
    return showError('뷰어를 시작할 수 없습니다', e);
  }
  let summary;
  try {
    progress.hidden = false;
    summary = await d.load(bundleUrl(), {
      onProgress(received, total) {
        bar.style.width = total ? `${Math.min(100, (100 * received) / total)}%` : '50%';
      },
    });
  } catch (e) {
    progress.hidden = true;
    return showError('번들을 불러올 수 없습니다', e);
  }
  progress.hidden = true;
  $('dg-collection').textContent = summary.title || '';
  const page = d.list({ offset: 0, limit: 50 });
  renderList(page);
  const ms = Math.round(performance.now() - started);
  $('dg-status').textContent = `문서 ${page.total}개 (리뷰 ${summary.reviews}, 논문 ${summary.papers})`;
  $('dg-footer-status').textContent = `${ms} ms 만에 준비됨` + (summary.skipped ? ` · 건너뛴 문서 ${summary.skipped}개` : '');
  $('dg-main').setAttribute('aria-busy', 'false');
  document.body.dataset.dgState = 'ready';
}

main();
