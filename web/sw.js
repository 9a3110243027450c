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
  // A download that is not a bundle this viewer opens at all (a proxy's error page, a newer
  // format, a file broken on the server: one comma missing, "reviews" not a list) must not
  // replace the copy the reader can open. Bad documents inside a good bundle are the core's
  // business: it reports them and loads the rest.
  const problem = bundleProblem(bytes, BUNDLE_VERSION);
  if (problem) throw Object.assign(new Error(`not a bundle this viewer opens: ${problem}`), { status: 'not-a-bundle' });
  const hash = hex(await crypto.subtle.digest('SHA-256', bytes));
  const headers = new Headers(response.headers);
  headers.set(HASH_HEADER, hash);
  headers.set(STORED_HEADER, String(Date.now()));
  headers.set('content-length', String(bytes.length));
  headers.delete('content-encoding');
  return { hash, response: new Response(bytes, { status: 200, statusText: 'OK', headers }) };
}

// tests/js/worker-bundle-check-agrees-with-the-core.test.mjs runs what lies between these markers
// against the core's loader.
// <bundle-problem>
/**
 * Why `bytes` is not a bundle the core would open at all, or null: what the loader refuses as a
 * whole (wasm/src/json_check.cpp, loader.cpp), checked in one pass without building any object
 * (a JSON.parse of a 100 MB bundle would hold several times that in the worker). Bytes that are
 * not UTF-8, JSON syntax (RFC 8259), nesting deeper than 64, and the top level: an object with
 * "format": "paper-digest-bundle", an integer "version" from 1 to `newest`, "reviews" and
 * "digests" arrays, "title" a string and "build" an object (or null), build's counts whole
 * numbers >= 0 and its generator and built_at strings (or null).
 */
function bundleProblem(bytes, newest) {
  const n = bytes.length;
  let i = n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const MAX_DEPTH = 64;
  const stack = [];  // true: object, false: array
  // Top-level key (as written: the loader does not unescape these) -> every { lead, text } it was
  // given (text: the token of a scalar); the loader reads the last "format" and "version" and
  // checks every occurrence of the others.
  const top = new Map();
  const build = new Map();  // the same for the keys of "build"
  let key = null;  // the key whose value comes next, at depth 1 (top) or 2 (inside "build")
  let buildOpen = false;  // inside the object that is the value of the top-level "build"
  const cont = (x) => x >= 0x80 && x <= 0xbf;
  const ws = (c) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  const skipWs = () => { let j = i; while (j < n && ws(bytes[j])) j++; i = j; };
  const at = () => `at byte ${i}`;
  // A string from its opening quote: returns the index after its closing quote (i is left
  // there), or -1. The bundle is mostly string bytes: this loop is the check's time, so it runs
  // on a local index and tests the common bytes (printable ASCII, Hangul's 3-byte sequences) first.
  const string = () => {
    let j = i + 1;
    while (j < n) {
      const c = bytes[j];
      if (c >= 0x20 && c < 0x80 && c !== 0x22 && c !== 0x5c) { j++; continue; }
      if (c >= 0xe1 && c <= 0xec) {
        const c1 = bytes[j + 1], c2 = bytes[j + 2];
        if (c1 >= 0x80 && c1 <= 0xbf && c2 >= 0x80 && c2 <= 0xbf) { j += 3; continue; }
        return -1;
      }
      if (c === 0x22) { i = j + 1; return i; }
      if (c === 0x5c) {
        const e = bytes[j + 1];
        if (e === 0x75) {
          for (let k = 2; k < 6; k++) {
            const h = bytes[j + k];
            if (!((h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66))) return -1;
          }
          j += 6;
        } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) {
          j += 2;
        } else return -1;
        continue;
      }
      if (c < 0x80) return -1;  // a control character
      // Any other UTF-8 sequence (no overlongs, no surrogates, nothing past U+10FFFF).
      const c1 = bytes[j + 1], c2 = bytes[j + 2], c3 = bytes[j + 3];
      if (c >= 0xc2 && c <= 0xdf && cont(c1)) j += 2;
      else if (c === 0xe0 && c1 >= 0xa0 && c1 <= 0xbf && cont(c2)) j += 3;
      else if ((c === 0xee || c === 0xef) && cont(c1) && cont(c2)) j += 3;
      else if (c === 0xed && c1 >= 0x80 && c1 <= 0x9f && cont(c2)) j += 3;
      else if (c === 0xf0 && c1 >= 0x90 && c1 <= 0xbf && cont(c2) && cont(c3)) j += 4;
      else if (c >= 0xf1 && c <= 0xf3 && cont(c1) && cont(c2) && cont(c3)) j += 4;
      else if (c === 0xf4 && c1 >= 0x80 && c1 <= 0x8f && cont(c2) && cont(c3)) j += 4;
      else return -1;
    }
    return -1;
  };
  const digits = () => { const s = i; while (i < n && bytes[i] >= 0x30 && bytes[i] <= 0x39) i++; return i > s; };
  const number = () => {
    if (bytes[i] === 0x2d) i++;
    if (bytes[i] === 0x30) i++;
    else if (!(bytes[i] >= 0x31 && bytes[i] <= 0x39) || !digits()) return false;
    if (bytes[i] === 0x2e) { i++; if (!digits()) return false; }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      if (!digits()) return false;
    }
    return true;
  };
  const word = (w) => {
    for (let k = 0; k < w.length; k++) if (bytes[i + k] !== w.charCodeAt(k)) return false;
    i += w.length;
    return true;
  };
  const decode = (a, b) => new TextDecoder().decode(bytes.subarray(a, b));
  // The value at i (after whitespace), as far as its first token: a container is opened (pushed),
  // a scalar read whole. Records top-level (and "build") values.
  const value = () => {
    const c = bytes[i], start = i;
    if (stack.length === 0 && c !== 0x7b) return i < n ? 'not a bundle: the top-level value is not an object' : 'the JSON ends early';
    if (c === 0x7b || c === 0x5b) {
      if (stack.length >= MAX_DEPTH) return `nesting deeper than ${MAX_DEPTH} levels ${at()}`;
      stack.push(c === 0x7b);
    } else if (c === 0x22) {
      if (string() < 0) return `bad string or bytes that are not UTF-8 ${at()}`;
    } else if (c === 0x74 || c === 0x66 || c === 0x6e) {
      if (!word(c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null')) return `bad literal ${at()}`;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
      if (!number()) return `bad number ${at()}`;
    } else {
      return i < n ? `unexpected byte ${c} ${at()}` : 'the JSON ends early';
    }
    if (key !== null) {
      const depth = stack.length - (c === 0x7b || c === 0x5b ? 1 : 0);
      const into = depth === 1 ? top : build;
      if (!into.has(key)) into.set(key, []);
      into.get(key).push({ lead: c, text: c === 0x7b || c === 0x5b ? '' : decode(start, i) });
      key = null;
    }
    if (c === 0x7b || c === 0x5b) { i++; return ''; }
    return null;  // a scalar: what follows is a comma, a closing bracket or the end
  };
  skipWs();
  let r = value();
  if (r) return r;
  let expectValue = r === '' && !stack[stack.length - 1];  // just opened an array
  let expectKey = r === '' && stack[stack.length - 1];   // just opened an object
  let first = true;  // nothing yet in the container just opened
  for (;;) {
    skipWs();
    if (expectKey) {
      if (first && bytes[i] === 0x7d) { stack.pop(); i++; expectKey = false; first = false; }
      else {
        if (bytes[i] !== 0x22) return `expected a key ${at()}`;
        const ks = i;
        const ke = string();
        if (ke < 0) return `bad key ${at()}`;
        skipWs();
        if (bytes[i] !== 0x3a) return `expected ':' ${at()}`;
        i++;
        skipWs();
        if (stack.length === 1 || (stack.length === 2 && buildOpen)) key = decode(ks + 1, ke - 1);
        if (stack.length === 1 && key === 'build' && bytes[i] === 0x7b) buildOpen = true;
        r = value();
        if (r) return r;
        if (r === '') { first = true; expectKey = stack[stack.length - 1]; expectValue = !expectKey; continue; }
        expectKey = false;
      }
    } else if (expectValue) {
      if (first && bytes[i] === 0x5d) { stack.pop(); i++; expectValue = false; first = false; }
      else {
        r = value();
        if (r) return r;
        if (r === '') { first = true; expectKey = stack[stack.length - 1]; expectValue = !expectKey; continue; }
        expectValue = false;
      }
    }
    first = false;
    // After a value: a comma, the container's end, or the end of the document.
    skipWs();
    if (stack.length === 0) {
      if (i !== n) return `more after the JSON value ${at()}`;
      break;
    }
    const inObject = stack[stack.length - 1];
    if (bytes[i] === 0x2c) { i++; expectKey = inObject; expectValue = !inObject; continue; }
    if (bytes[i] === (inObject ? 0x7d : 0x5d)) {
      stack.pop();
      i++;
      if (stack.length === 1 && buildOpen) buildOpen = false;
      continue;
    }
    return i < n ? `expected ',' or a closing bracket ${at()}` : 'the JSON ends early';
  }
  // A string the loader reads must decode: a lone surrogate escape ("\ud800") is text no UTF-8
  // can hold, and the loader refuses the bundle for it.
  // (Checked on the decoded string: UTF-8 holds no surrogates, so any there came from escapes,
  // and a pair must be adjacent in it, not across other text.)
  const lone = (text) => {
    const s = JSON.parse(text);
    for (let k = 0; k < s.length; k++) {
      const u = s.charCodeAt(k);
      if (u >= 0xd800 && u <= 0xdbff) {
        const next = s.charCodeAt(k + 1);
        if (next >= 0xdc00 && next <= 0xdfff) { k++; continue; }
        return true;
      }
      if (u >= 0xdc00 && u <= 0xdfff) return true;
    }
    return false;
  };
  const all = (map, name) => map.get(name) || [];
  const last = (map, name) => all(map, name).at(-1);
  const whole = (text) => /^[0-9]{1,19}$/.test(text) && BigInt(text) <= 9223372036854775807n;
  const format = last(top, 'format');
  if (!format || format.lead !== 0x22 || lone(format.text) || JSON.parse(format.text) !== 'paper-digest-bundle') return 'not a bundle: no "format": "paper-digest-bundle"';
  const v = last(top, 'version');
  if (!v || !whole(v.text) || BigInt(v.text) < 1n) return 'not a bundle: "version" is not a positive integer';
  if (BigInt(v.text) > BigInt(newest)) return `bundle format version ${v.text} is newer than this viewer reads`;
  for (const name of ['reviews', 'digests']) {
    if (all(top, name).some((f) => f.lead !== 0x5b)) return `"${name}" is not an array`;
  }
  if (all(top, 'title').some((f) => (f.lead !== 0x22 && f.text !== 'null') || (f.lead === 0x22 && lone(f.text)))) return '"title" is not a string';
  if (all(top, 'build').some((f) => f.lead !== 0x7b && f.text !== 'null')) return '"build" is not an object';
  for (const [name, list] of build) {
    for (const f of list) {
      if (name === 'generator' || name === 'built_at') {
        if ((f.lead !== 0x22 && f.text !== 'null') || (f.lead === 0x22 && lone(f.text))) return `"build.${name}" is not a string`;
      } else if (name === 'source_files' || name === 'skipped' || name === 'unpublished') {
        if (f.text !== 'null' && f.text !== '-0' && !whole(f.text)) return `"build.${name}" is not a whole number`;
      }
    }
  }
  return null;
}
// </bundle-problem>

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
