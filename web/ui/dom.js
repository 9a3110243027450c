// dom.js — tiny DOM helpers. Data always goes in as text; `setCoreHtml` is the one door for
// HTML, and only HTML rendered by the core (sanitised there) may pass through it.
import { t } from './i18n.js';

/** el('a', {class: 'dg-x', href: '#/'}, 'text', childNode, ...) */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') node.className = v;
      else if (k === 'dataset') Object.assign(node.dataset, v);
      else if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
      else node.setAttribute(k, v === true ? '' : String(v));
    }
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

/** Replaces the children of `node` with HTML produced by the core's renderer or snippet writer. */
export function setCoreHtml(node, htmlFromCore) {
  node.innerHTML = htmlFromCore; // sanitised in C++ (render / sanitiser / snippet writer)
}

export function svg(tag, attrs, ...children) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null) continue;
    if (k.startsWith('on') && typeof v === 'function') node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, String(v));
  }
  for (const c of children.flat()) if (c !== undefined && c !== null) node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  return node;
}

export const $ = (sel, root = document) => root.querySelector(sel);

/**
 * `requestIdleCallback` where the browser has it. Safari does not: there the callback runs in a
 * task after the next frame, which is what every caller wants (run once the current frame is
 * painted), with a deadline that says no idle time is left. `cancelIdle` cancels either.
 */
export const whenIdle = typeof requestIdleCallback === 'function'
  ? (fn, options) => requestIdleCallback(fn, options)
  : (fn) => setTimeout(() => fn({ didTimeout: true, timeRemaining: () => 0 }), 16);
export const cancelIdle = typeof cancelIdleCallback === 'function' ? (id) => cancelIdleCallback(id) : (id) => clearTimeout(id);
export const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];

/**
 * The error screen: what failed, in the reader's language what it means (`hint`), the core's own
 * message with its code (the same words `digest validate` prints, so they can be searched and
 * reported), and what to do next (default: the way home).
 */
export function errorPanel(title, message, code, actions = [el('a', { href: '#/' }, t('backHome'))], hint = '') {
  return el('section', { class: 'dg-error', role: 'alert' },
    el('h1', { class: 'dg-error-title' }, title),
    hint ? el('p', { class: 'dg-error-hint' }, hint) : null,
    el('p', { class: 'dg-error-message' }, message),
    code ? el('p', { class: 'dg-error-code' }, `code: ${code}`) : null,
    el('p', { class: 'dg-error-actions' }, ...actions));
}
