// boot.js: loaded `async`, it runs while the page is still parsed, before the shell's modules,
// and starts the two downloads the first view waits for: the bundle, and the compilation of
// the core. app.js takes both promises once (takeBoot). No imports, no DOM, no data decisions.
(() => {
  const url = new URLSearchParams(location.search).get('bundle') || 'bundle.json';
  const download = new AbortController();
  // The core this page runs: the SHA-256 of digest-core.wasm, written here by scripts/build.
  const CORE = 'dev';
  // firstView: the core's id and the SHA-256 of the bundle found in the cache (the worker stores
  // each bundle with its hash), which key the first results the last visit drew (app.js,
  // drawFirstView): the same core's answer for the same bytes.
  const boot = { url, download, bundle: null, wasm: null, fromCache: false, firstView: null };
  // A returning visit: the bundle the service worker stored is read from its cache here, not
  // through the worker (the 8.6 MB of 2,000 documents arrived in ~60-90 ms this way, ~230-370 ms
  // through it). The worker still revalidates it when the page asks after its first view
  // (ui/offline.js, `check` with fromCache). The newest bundle cache first.
  const cached = () => {
    if (!self.caches || !navigator.serviceWorker || !navigator.serviceWorker.controller) return Promise.resolve(null);
    const key = new URL(url, location.href).href;
    return caches.keys().then((names) => names.filter((n) => n.startsWith('pd-bundles-')).reverse()
      .reduce((p, n) => p.then((hit) => hit || caches.open(n).then((c) => c.match(key)).then((h) => {
        const sha = h && h.headers.get('x-pd-sha256');
        if (sha) boot.firstView = `${CORE} ${sha}`;
        return h;
      })), Promise.resolve(null)));
  };
  let scheme = '';
  try { scheme = new URL(url, location.href).protocol; } catch { /* app.js says why */ }
  try {
    // Not an http(s) address: not fetched, app.js refuses it (BAD_URL).
    if (scheme !== 'http:' && scheme !== 'https:') throw new Error(scheme);
    boot.bundle = cached().catch(() => null).then((hit) => {
      if (hit) {
        boot.fromCache = true;
        return hit;
      }
      return fetch(url, { signal: download.signal });
    });
    boot.bundle.catch(() => {}); // reported by app.js when it takes the promise
  } catch {
    boot.bundle = null; // app.js fetches it again and says why
  }
  if (typeof WebAssembly === 'object' && WebAssembly.compileStreaming) {
    boot.wasm = WebAssembly.compileStreaming(fetch(new URL('digest-core.wasm', document.baseURI)));
    boot.wasm.catch(() => {}); // e.g. .wasm served without application/wasm: app.js falls back
  }
  window.__dgBoot = boot;
})();
