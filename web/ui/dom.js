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
 * Runs `fn` in the first task after the next frame: a message posted from that frame's
 * requestAnimationFrame callback, which the page handles once the frame's rendering is done, so
 * what the current task drew is on screen first. Called from inside a frame's callbacks
 * (`inFrame`), whose changes that frame paints, the message is posted at once: `fn` follows that
 * frame, not the next. A page that draws no frames (a hidden tab) runs `fn` after `fallbackMs`.
 * Returns an id for cancelAfterPaint.
 */
export function afterPaint(fn, { inFrame = false, fallbackMs = 100 } = {}) {
  const id = ++paintSeq;
  // A channel per call, closed once it has served: nothing stays open between keystrokes.
  const channel = new MessageChannel();
  channel.port1.onmessage = () => runAfterPaint(id);
  paintQueue.set(id, { fn, channel, timer: setTimeout(() => runAfterPaint(id), fallbackMs) });
  if (inFrame) channel.port2.postMessage(0);
  else requestAnimationFrame(() => paintQueue.get(id)?.channel.port2.postMessage(0));
  return id;
}

/** Cancels an afterPaint callback that has not run (an id that has run or is unknown: nothing). */
export function cancelAfterPaint(id) {
  const p = paintQueue.get(id);
  if (p) forget(id, p);
}

const paintQueue = new Map();  // afterPaint id -> { fn, channel, timer }
let paintSeq = 0;
function forget(id, p) {
  paintQueue.delete(id);
  clearTimeout(p.timer);
  p.channel.port1.close();
}
function runAfterPaint(id) {
  const p = paintQueue.get(id);
  if (!p) return;  // cancelled, or already run by the other of its two triggers
  forget(id, p);
  p.fn();
}

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
