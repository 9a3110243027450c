// sw.js — the offline service worker (Squoosh-style: build-stamped caches, asset list from the build).
//
// scripts/build replaces BUILD and ASSETS below with the stamp (a hash of every shell file's
// contents) and the list of shell files, so a new build is a new worker with a new cache name:
//  - install: precache the app shell (HTML, JS, CSS, wasm, KaTeX module, icons, manifest) into
//    `pd-shell-<stamp>` and the default bundle into `pd-bundles-<stamp>`; a failed download fails
//    the install, so a half-filled cache never becomes active;
//  - activate: carry the reader's opened bundles over from the previous bundle cache, then delete
//    every other `pd-` cache: the shell is served from exactly one build, never a mix;
//  - shell requests: cache first (the cache is versioned, so it cannot go stale);
//  - bundle requests (.json fetched by the page): stale-while-revalidate — the cached bundle
//    answers at once (offline reading), the network copy is downloaded in the background once the
//    page has drawn its first view and asks (the `check` message; else 10 s later), stored
//    only when complete (byte count = Content-Length, ends like a JSON document), and when its
//    SHA-256 differs from the cached one the page is told (ui/offline.js shows "new reviews
//    available — refresh").
// Paths are relative to this file, so the site works under any sub-path.
const BUILD = 'dev';
const ASSETS = ['./', 'index.html'];
const DEFAULT_BUNDLE = 'bundle.json';

const SHELL = `pd-shell-${BUILD}`;
const BUNDLES = `pd-bundles-${BUILD}`;
const HASH_HEADER = 'x-pd-sha256';
const STORED_HEADER = 'x-pd-stored';
// A page's check right after the bundle was stored (first visit: install + page load) needs no
// third download.
const FRESH_MS = 30000;
// What a tab opens (web/app.js MAX_BUNDLE_BYTES) and the newest format this build reads
// (kBundleFormatVersion): nothing larger is downloaded into the cache, nothing else replaces a copy.
const MAX_BUNDLE_BYTES = 128 * 1024 * 1024;
const BUNDLE_VERSION = 1;
const abs = (path) => new URL(path, self.location.href).href;
const SHELL_URLS = new Set(ASSETS.map(abs));

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const shell = await caches.open(SHELL);
    await shell.addAll(ASSETS.map((a) => new Request(abs(a), { cache: 'reload' })));
    const bundles = await caches.open(BUNDLES);
    const got = await download(abs(DEFAULT_BUNDLE));
    await bundles.put(abs(DEFAULT_BUNDLE), got.response);
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    const names = (await caches.keys()).filter((n) => n.startsWith('pd-') && n !== SHELL && n !== BUNDLES);
    const bundles = await caches.open(BUNDLES);
    // Bundles the reader opened (?bundle=...) are data, not code: keep them across builds.
    for (const name of names.filter((n) => n.startsWith('pd-bundles-'))) {
      const old = await caches.open(name);
      for (const req of await old.keys()) {
        if (!(await bundles.match(req))) await bundles.put(req, await old.match(req));
      }
    }
    await Promise.all(names.map((n) => caches.delete(n)));
    await self.clients.claim();
  })());
});

self.addEventListener('message', (event) => {
  const msg = event.data || {};
  if (msg.type === 'skip-waiting') self.skipWaiting();
  else if (msg.type === 'check' && event.ports[0]) event.waitUntil(check(msg.url, !!msg.force, !!msg.fromCache).then((r) => event.ports[0].postMessage(r)));
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (req.mode === 'navigate' && url.origin === self.location.origin) {
    event.respondWith(navigation(req));
  } else if (isBundle(req, url)) {
    event.respondWith(bundle(req, event));
  } else if (SHELL_URLS.has(url.href)) {
    event.respondWith(caches.match(url.href, { cacheName: SHELL }).then((hit) => hit || fetch(req)));
  }
});

/** Any JSON the page fetches itself (not the manifest, not a feed) is a bundle. */
function isBundle(req, url) {
  if (req.destination !== '' || !url.pathname.endsWith('.json')) return false;
  return !url.pathname.endsWith('/feed.json') && !url.pathname.includes('/feeds/');
}

/** Pages of the viewer: the cached index.html of this build (the view lives in the hash). */
async function navigation(req) {
  const scope = new URL('./', self.location.href).href;
  const path = new URL(req.url).href.split(/[?#]/)[0];
  if (path === scope || path === abs('index.html')) {
    const hit = await caches.match(abs('index.html'), { cacheName: SHELL });
    if (hit) return hit;
  }
  try {
    return await fetch(req);
  } catch (e) {
    const hit = await caches.match(req, { cacheName: SHELL, ignoreSearch: true });
    if (hit) return hit;
    throw e;
  }
}

// Per bundle URL: the background revalidation in flight, and its result until a page asks; and
// the bundles served from the cache whose revalidation has not started yet.
const inflight = new Map();
const results = new Map();
const due = new Set();
const REVALIDATE_LATE_MS = 10000;

async function bundle(req, event) {
  const key = req.url;
  const cache = await caches.open(BUNDLES);
  const hit = await cache.match(key);
  if (hit) {
    // The cached copy answers at once. Its revalidation is due, but not started here: it would
    // download, hash and compare the whole bundle on the second core while the page loads the
    // same bundle (a returning visit's first results came ~10% later). The page asks right
    // after its first view (ui/offline.js: `check`), which starts it; a page that never asks
    // gets it REVALIDATE_LATE_MS later.
    due.add(key);
    event.waitUntil(new Promise((ok) => setTimeout(ok, REVALIDATE_LATE_MS)).then(() => {
      if (due.delete(key)) return revalidate(key, hit);
      return undefined;
    }));
    return hit;
  }
  // First time this bundle is opened: stream the network response to the page, and store a copy
  // once it is complete.
  const response = await fetch(req);
  if (response.ok) {
    const copy = response.clone();
    // The page may refuse (TOO_LARGE) or leave: the copy stops with it, not at the end of the body.
    req.signal?.addEventListener('abort', () => copy.body?.cancel().catch(() => {}), { once: true });
    event.waitUntil(store(key, copy).catch(() => {}));
  }
  return response;
}

/** Fetches the whole body; throws unless it arrived complete. */
async function download(url) {
  const response = await fetch(url, { cache: 'no-cache', mode: 'cors', credentials: 'omit' });
  if (!response.ok) throw Object.assign(new Error(`HTTP ${response.status} for ${url}`), { status: response.status });
  return verified(response);
}

/** Reads a response to the end and checks it is not truncated; returns a cacheable copy and its hash. */
async function verified(response) {
  const declared = response.headers.get('content-length');
  const bytes = await readCapped(response, declared);
  // With Content-Encoding the header counts compressed bytes; otherwise it must match exactly.
  if (declared !== null && !response.headers.get('content-encoding') && Number(declared) !== bytes.length) {
    throw new Error(`incomplete download: ${bytes.length} of ${declared} bytes`);
  }
  let end = bytes.length - 1;
  while (end >= 0 && (bytes[end] === 0x20 || bytes[end] === 0x0a || bytes[end] === 0x0d || bytes[end] === 0x09)) end--;
  if (end < 0 || bytes[end] !== 0x7d) throw new Error('incomplete download: the JSON does not end with "}"');
  // A complete JSON document that is not a bundle this viewer reads (a proxy's error page, a
  // newer format) must not replace the copy the reader can open.
  const { format, version } = bundleHead(bytes);
  if (format !== 'paper-digest-bundle' || !Number.isInteger(version) || version < 1 || version > BUNDLE_VERSION) {
    throw Object.assign(new Error('not a bundle this viewer opens'), { status: 'not-a-bundle' });
  }
  const hash = hex(await crypto.subtle.digest('SHA-256', bytes));
  const headers = new Headers(response.headers);
  headers.set(HASH_HEADER, hash);
  headers.set(STORED_HEADER, String(Date.now()));
  headers.set('content-length', String(bytes.length));
  headers.delete('content-encoding');
  return { hash, response: new Response(bytes, { status: 200, statusText: 'OK', headers }) };
}

/**
 * A bundle's `format` and `version`. `digest build` writes them first (docs/bundle-format.md),
 * so they are read off the first bytes; a bundle written otherwise is parsed whole (once per
 * download, in the worker).
 */
function bundleHead(bytes) {
  const head = new TextDecoder().decode(bytes.subarray(0, 256));
  const m = /^\s*\{\s*"format"\s*:\s*"([^"\\]*)"\s*,\s*"version"\s*:\s*(-?\d+)\s*[,}]/.exec(head);
  if (m) return { format: m[1], version: Number(m[2]) };
  try {
    const doc = JSON.parse(new TextDecoder().decode(bytes));
    return doc && typeof doc === 'object' ? { format: doc.format, version: doc.version } : {};
  } catch {
    return {};
  }
}

/** The body, refused past MAX_BUNDLE_BYTES (declared or read so far) without reading further. */
async function readCapped(response, declared) {
  if (Number(declared) > MAX_BUNDLE_BYTES) {
    response.body?.cancel().catch(() => {});
    throw Object.assign(new Error(`too large: ${declared} bytes`), { status: 'too-large' });
  }
  const reader = response.body.getReader();
  const parts = [];
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
    if (n > MAX_BUNDLE_BYTES) {
      reader.cancel().catch(() => {});
      throw Object.assign(new Error(`too large: more than ${MAX_BUNDLE_BYTES} bytes`), { status: 'too-large' });
    }
    parts.push(value);
  }
  const bytes = new Uint8Array(n);
  let at = 0;
  for (const p of parts) { bytes.set(p, at); at += p.length; }
  return bytes;
}

async function store(key, response) {
  const got = await verified(response);
  await (await caches.open(BUNDLES)).put(key, got.response);
  return got.hash;
}

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function hashOf(cached) {
  return cached.headers.get(HASH_HEADER) || hex(await crypto.subtle.digest('SHA-256', await cached.clone().arrayBuffer()));
}

/** Downloads `key` again; {changed, offline}. A changed, complete copy replaces the cached one. */
function revalidate(key, cached) {
  if (inflight.has(key)) return inflight.get(key);
  const run = (async () => {
    try {
      const got = await download(key);
      const old = cached ? await hashOf(cached) : null;
      const changed = old !== null && old !== got.hash;
      if (changed || !cached) await (await caches.open(BUNDLES)).put(key, got.response);
      return { url: key, changed, offline: false, hash: got.hash, was: old };
    } catch (e) {
      // The server answered with an error (the bundle was removed, 404): the reader is not
      // offline, the cached copy simply stays. No answer, or a download cut off: offline.
      return { url: key, changed: false, offline: !(e && e.status), reason: String(e && e.message ? e.message : e) };
    }
  })().then((r) => {
    inflight.delete(key);
    // Keep a change (or a failure) until a page asks: the page may ask after the fact.
    if (r.changed || r.offline) results.set(key, { ...r, at: Date.now() });
    return r;
  });
  inflight.set(key, run);
  return run;
}

/**
 * A page asks about its bundle: the result of the revalidation in flight or just finished, else a
 * new one. `force` (the page just came back online) skips the recent results and always downloads;
 * `fromCache` (the page read its bundle from the cache itself, boot.js) makes it due, as if served here.
 */
async function check(url, force, fromCache) {
  const key = abs(url);
  if (inflight.has(key)) {
    const r = await inflight.get(key);
    results.delete(key);
    return r;
  }
  if (due.delete(key) || fromCache) {
    // This visit was served from the cache (by the worker, or read from it by the page's
    // boot.js): revalidate now (even if the copy was just stored).
    const r = await revalidate(key, await (await caches.open(BUNDLES)).match(key));
    results.delete(key);
    return r;
  }
  const last = results.get(key);
  results.delete(key);
  // A change is news however old; a failure only while it is recent (the network may be back).
  if (last && (last.changed || (!force && Date.now() - last.at < FRESH_MS))) return last;
  const cached = await (await caches.open(BUNDLES)).match(key);
  if (!force && cached && Date.now() - Number(cached.headers.get(STORED_HEADER) || 0) < FRESH_MS) {
    return { url: key, changed: false, offline: false, hash: cached.headers.get(HASH_HEADER) };
  }
  const r = await revalidate(key, cached);
  results.delete(key);
  return r;
}
