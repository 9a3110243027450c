// offline.js — the viewer's offline side: registers the service worker (../sw.js), shows an
// offline indicator, and offers a refresh when the bundle changed on the server or a new build
// of the viewer is waiting. DOM work only: what is cached and when is the worker's business.
//
//   import { initOffline } from './ui/offline.js';
//   initOffline(app);   // after the bundle loaded; app.bundleUrl() names the bundle the page opened
import { currentLang } from './i18n.js';

const TEXT = {
  ko: {
    offline: '오프라인 — 저장해 둔 리뷰를 보여 줍니다', newReviews: '새 리뷰가 있습니다', newVersion: '새 버전이 있습니다',
    refresh: '새로 고침', dismiss: '닫기',
  },
  en: {
    offline: 'Offline — showing the reviews saved on this device', newReviews: 'New reviews available', newVersion: 'A new version is available',
    refresh: 'Refresh', dismiss: 'Dismiss',
  },
};
// Revalidate at most this often while the tab stays open (a new digest lands once a day).
const RECHECK_MS = 15 * 60 * 1000;

function text(key) {
  return (TEXT[currentLang()] || TEXT.en)[key];
}

function node(tag, className, content) {
  const n = document.createElement(tag);
  if (className) n.className = className;
  if (content) n.textContent = content;
  return n;
}

class OfflineUi {
  constructor() {
    // The indicator and the prompt have their own stylesheet: style.css belongs to the shell.
    const css = document.createElement('link');
    css.rel = 'stylesheet';
    css.href = new URL('./offline.css', import.meta.url).href;
    document.head.append(css);
    this.indicator = node('p', 'dg-offline', text('offline'));
    this.indicator.setAttribute('role', 'status');
    this.indicator.hidden = true;
    this.prompt = node('div', 'dg-update');
    this.prompt.setAttribute('role', 'alert');
    this.prompt.hidden = true;
    document.body.append(this.indicator, this.prompt);
  }

  setOffline(offline) {
    this.indicator.hidden = !offline;
    document.body.dataset.dgOffline = offline ? 'true' : 'false';
  }

  /** Shows "<message> [Refresh] [×]"; a second call replaces the first. */
  ask(kind, onAccept) {
    const message = node('span', 'dg-update-text', text(kind));
    const accept = node('button', 'dg-update-accept', text('refresh'));
    accept.type = 'button';
    accept.addEventListener('click', onAccept, { once: true });
    const dismiss = node('button', 'dg-update-dismiss', '×');
    dismiss.type = 'button';
    dismiss.setAttribute('aria-label', text('dismiss'));
    dismiss.addEventListener('click', () => { this.prompt.hidden = true; });
    this.prompt.dataset.dgUpdate = kind;
    this.prompt.replaceChildren(message, accept, dismiss);
    this.prompt.hidden = false;
  }
}

/** Asks the worker about `url`: {changed, offline}. Resolves null when no worker answers. */
function askWorker(worker, url, force, fromCache) {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    const timer = setTimeout(() => resolve(null), 60000);
    channel.port1.onmessage = (e) => { clearTimeout(timer); resolve(e.data); };
    worker.postMessage({ type: 'check', url, force, fromCache }, [channel.port2]);
  });
}

export function initOffline(app) {
  const ui = new OfflineUi();
  let fetchFailed = false;
  const show = () => ui.setOffline(!navigator.onLine || fetchFailed);
  show();
  window.addEventListener('offline', show);
  if (!('serviceWorker' in navigator)) return { ui, check: async () => null };

  const bundleUrl = new URL(app.bundleUrl(), location.href).href;
  let checking = null;
  // The SHA-256 of the bundle this page shows, as the worker's first answer had it cached: a later
  // answer naming another copy (another tab's check stored it) is news for this page too.
  let shown = null;
  const check = (force = false) => {
    if (checking) return checking;
    checking = (async () => {
      const reg = await navigator.serviceWorker.ready;
      const worker = navigator.serviceWorker.controller || reg.active;
      // The first check after a visit that read the bundle from the cache itself starts its
      // revalidation, as a visit served by the worker would have.
      const fromCache = app.bundleFromCache;
      app.bundleFromCache = false;
      const r = worker ? await askWorker(worker, bundleUrl, force, fromCache) : null;
      if (r) {
        fetchFailed = r.offline;
        show();
        if (!shown) shown = (r.changed ? r.was : r.hash) || null;
        if (r.changed || (shown && r.hash && r.hash !== shown)) ui.ask('newReviews', () => location.reload());
      }
      return r;
    })().finally(() => { checking = null; });
    return checking;
  };

  window.addEventListener('online', () => { fetchFailed = false; show(); check(true); });
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') check(); });
  setInterval(() => { if (navigator.onLine) check(); }, RECHECK_MS);

  let reloading = false;
  navigator.serviceWorker.addEventListener('controllerchange', () => {
    if (reloading) location.reload();
  });
  const offerUpdate = (reg) => {
    if (!reg.waiting || !navigator.serviceWorker.controller) return; // first install: nothing to replace
    ui.ask('newVersion', () => {
      reloading = true;
      reg.waiting.postMessage({ type: 'skip-waiting' });
    });
  };
  navigator.serviceWorker.register(new URL('../sw.js', import.meta.url).href).then((reg) => {
    offerUpdate(reg);
    reg.addEventListener('updatefound', () => {
      const next = reg.installing;
      if (next) next.addEventListener('statechange', () => { if (next.state === 'installed') offerUpdate(reg); });
    });
    check();
  }, () => { /* no worker (private mode, file://): the viewer still works online */ });
  return { ui, check };
}
