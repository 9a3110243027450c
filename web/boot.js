// boot.js: loaded `async`, it runs while the page is still parsed, before the shell's modules,
// and starts the two downloads the first view waits for: the bundle, and the compilation of
// the core. app.js takes both promises once (takeBoot). No imports, no DOM, no data decisions.
(() => {
  const url = new URLSearchParams(location.search).get('bundle') || 'bundle.json';
  const download = new AbortController();
  const boot = { url, download, bundle: null, wasm: null };
  try {
    boot.bundle = fetch(url, { signal: download.signal });
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
