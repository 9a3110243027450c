// digest.js — the JS API of the paper-digest core (WebAssembly).
//
//   import { openDigest } from './digest.js';
//   const d = await openDigest();                 // loads digest-core.wasm next to this file
//   const summary = await d.load('bundle.json');  // URL, ArrayBuffer or Uint8Array
//   const page = d.list({ offset: 0, limit: 20 }); // newest first
//   const doc = d.get(page.docs[0].id);
//   const res = d.query({ q: '모델', tags: ['LLM'], limit: 10 });
//
// Every call returns plain values parsed from the core's JSON. Failures throw a DigestError with
// `.code` (e.g. 'JSON_SYNTAX'), `.offset`, `.line`, `.column`, `.doc`, `.field` — the message is
// written once, in C++, so it matches `digest validate`. No data decision is made here: this
// module only moves bytes in and JSON out.
import createDigestModule from './digest-core.js';

export class DigestError extends Error {
  constructor(error) {
    super(error.describe || error.message || String(error.code));
    this.name = 'DigestError';
    this.code = error.code || 'INTERNAL';
    for (const k of ['offset', 'line', 'column', 'doc', 'section', 'field', 'file', 'status', 'url']) {
      if (error[k] !== undefined) this[k] = error[k];
    }
  }
}

const PADDING = 64; // simdjson::SIMDJSON_PADDING
// The render scratch buffer (markdown bytes in wasm memory) is kept between calls up to this size;
// a bigger one, made for one huge paste, is freed after its call.
const KEEP_SCRATCH = 4 << 20;
const utf16Decoder = new TextDecoder('utf-16le');
// In Node, Buffer's UTF-16 reader makes the string straight from wasm memory, ~3x faster than
// TextDecoder there (which goes through ICU and an intermediate buffer); browsers have no Buffer.
const nodeUcs2Slice = typeof globalThis.Buffer === 'function' && typeof globalThis.Buffer.prototype.ucs2Slice === 'function'
  ? globalThis.Buffer.prototype.ucs2Slice : null;
const utf8Encoder = new TextEncoder();

// A render result's lazy `toc` (_rawResult). One descriptor with the same two functions for every
// result: V8 then gives every result the same hidden class. A getter made per call (a closure over
// the call's JSON) gave each result its own, and garbage collection took ~25% of a render in Node
// (docs/rendering.md). The JSON waits under a non-enumerable symbol; the first read or write
// replaces the accessor with a plain data property.
const kTocJson = Symbol('tocJson');
function setToc(result, value) {
  Object.defineProperty(result, 'toc', { value, writable: true, enumerable: true, configurable: true });
}
const tocAccessor = {
  enumerable: true,
  configurable: true,
  get() {
    const toc = JSON.parse(this[kTocJson]).toc;
    setToc(this, toc);
    return toc;
  },
  set(value) { setToc(this, value); },
};

function unwrap(text) {
  const r = JSON.parse(text);
  if (r.ok) return r.value;
  throw new DigestError(r.error);
}

async function readWithProgress(response, onProgress, onChunk, whole) {
  const total = Number(response.headers.get('content-length')) || 0;
  const inOnePiece = whole && whole(response);
  if (!response.body || !(onProgress || onChunk) || inOnePiece) {
    // A body in one piece is read through a Blob: for a response from the cache storage, blob()
    // is a handle to the stored body, and its arrayBuffer() is ~1.5-2x faster in Chromium than
    // the response's own arrayBuffer(), which drains the body as a stream.
    const bytes = new Uint8Array(await (inOnePiece && response.blob ? (await response.blob()).arrayBuffer() : response.arrayBuffer()));
    if (onProgress) onProgress(bytes.length, total || bytes.length);
    return bytes;
  }
  // A same-origin body without a content coding is complete once Content-Length bytes arrived; the
  // stream's end can follow tens of milliseconds later (in Chromium, ~60 ms for a body a service
  // worker answers from its cache), so it is not waited for. The rest of the stream is still read
  // (and dropped), so the download finishes as usual.
  const exact = total > 0 && response.type === 'basic' && !response.headers.get('content-encoding');
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  if (onProgress) onProgress(0, total);
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (onChunk) onChunk(value, total);
    if (onProgress) onProgress(received, total);
    if (exact && received === total) {
      (async () => { while (!(await reader.read()).done); })().catch(() => {});
      break;
    }
  }
  const bytes = new Uint8Array(received);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return bytes;
}

/**
 * Fetches a bundle URL into bytes; network failures become DigestError('IO_ERROR').
 * onProgress(received, total) follows the download; onChunk(bytes, total) gets each piece as it
 * arrives (for a loader started with beginLoad). total is the Content-Length, or 0.
 */
/** Whether `url` (absolute, or relative to the page) is an http(s) address. */
export function bundleUrlAllowed(url) {
  try {
    return /^https?:$/.test(new URL(url, globalThis.location ? globalThis.location.href : 'http://localhost/').protocol);
  } catch {
    return false;
  }
}

export async function fetchBundle(url, { onProgress, onChunk, signal, fetchImpl = globalThis.fetch, whole } = {}) {
  // A bundle is a file on a web server: a data: or javascript: "bundle" named in a link would put
  // anyone's words in the viewer (the strict CSP's connect-src stops it too, where it is served).
  if (!bundleUrlAllowed(url)) throw new DigestError({ code: 'BAD_URL', message: `${url}: a bundle is fetched over http or https only`, url: String(url) });
  let response;
  try {
    response = await fetchImpl(url, { signal });
  } catch (e) {
    if (e && e.name === 'AbortError') throw e;
    throw new DigestError({ code: 'IO_ERROR', message: `cannot fetch ${url}: ${e && e.message ? e.message : e}`, url: String(url) });
  }
  if (!response.ok) {
    throw new DigestError({ code: response.status === 404 ? 'NOT_FOUND' : 'IO_ERROR', message: `cannot fetch ${url}: HTTP ${response.status}`, status: response.status, url: String(url) });
  }
  try {
    return await readWithProgress(response, onProgress, onChunk, whole);
  } catch (e) {
    // The connection dropped mid-body: the same error as a fetch that failed ("network error"
    // alone, with no code or hint, reached the error screen).
    if ((e && e.name === 'AbortError') || e instanceof DigestError) throw e;
    throw new DigestError({ code: 'IO_ERROR', message: `the download of ${url} stopped before its end: ${e && e.message ? e.message : e}`, url: String(url) });
  }
}

class Digest {
  constructor(module) {
    this._m = module;
    this._dead = null;
    this._loadSeq = 0;
    this._bundles = 0; // bundles loaded so far (prepareSearchInBackground stops on a new one)
    this._facetValues = null; // facetValues() of bundle number _facetValuesOf
    this._facetValuesOf = -1;
    this._scratch = 0; // renderMarkdown's input buffer in wasm memory (see _scratchFor)
    this._scratchSize = 0;
  }

  // Calls a binding and returns what it returns (JSON text, a number).
  _invoke(name, ...args) {
    if (this._dead) throw this._dead;
    if (typeof this._m[name] !== 'function') {
      throw new DigestError({ code: 'NOT_IMPLEMENTED', message: `${name} is not available in this build of the core` });
    }
    try {
      return this._m[name](...args);
    } catch (e) {
      // A wasm trap or abort: the instance can no longer be trusted.
      this._dead = new DigestError({ code: 'INTERNAL', message: `the core stopped (${e && e.message ? e.message : e}); reload the page` });
      throw this._dead;
    }
  }

  _call(name, ...args) { return unwrap(this._invoke(name, ...args)); }

  // Calls a binding that answers through the RawOutput buffer (bindings.cpp, finish_json): the
  // value's JSON when ok, else the error envelope.
  _callRaw(name, ...args) {
    const { text, ok } = this._rawText(this._invoke(name, ...args));
    return ok ? JSON.parse(text) : unwrap(text);
  }

  // The RawOutput at `at` ({text ptr, html units, meta units, ok}; bindings.cpp) as one string,
  // HTML then meta, from one UTF-16 decode. HEAPU32 is read again here because the call may have
  // grown wasm memory, which detaches every earlier view of it.
  _rawText(at) {
    const u32 = this._m.HEAPU32;
    const ptr = u32[at >>> 2], htmlLen = u32[(at >>> 2) + 1], metaLen = u32[(at >>> 2) + 2], ok = u32[(at >>> 2) + 3];
    const end = ptr + 2 * (htmlLen + metaLen);
    const text = nodeUcs2Slice ? nodeUcs2Slice.call(this._m.HEAPU8, ptr, end) : utf16Decoder.decode(this._m.HEAPU8.subarray(ptr, end));
    return { text, htmlLen, ok };
  }

  // {html, toc} from the RawOutput at `at` (_rawText): the meta is the value's JSON,
  // {"toc":[...]}, when ok; else the error envelope. `toc` is an own enumerable property like
  // any other, but its JSON is parsed the first time it is read (tocAccessor): most renders are
  // shown without a table of contents (a review asks for one in its front matter), and parsing
  // it for every call cost ~12% of a render.
  _rawResult(at) {
    const { text, htmlLen, ok } = this._rawText(at);
    if (!ok) unwrap(text.slice(htmlLen));  // throws the DigestError
    const result = { html: text.slice(0, htmlLen) };
    Object.defineProperty(result, kTocJson, { value: text.slice(htmlLen), writable: true });
    Object.defineProperty(result, 'toc', tocAccessor);
    return result;
  }

  // A wasm buffer of at least `bytes` bytes for the markdown of renderMarkdown (reused).
  _scratchFor(bytes) {
    if (this._scratchSize >= bytes) return this._scratch;
    if (this._scratch) this._m._free(this._scratch);
    this._scratch = 0;
    this._scratchSize = 0;
    const size = Math.max(bytes, 4096);
    const ptr = this._m._malloc(size);
    if (!ptr) throw new DigestError({ code: 'TOO_LARGE', message: `not enough memory for ${bytes} bytes of markdown in this tab` });
    this._scratch = ptr;
    this._scratchSize = size;
    return ptr;
  }

  /**
   * Loads a bundle, replacing the current one (which stays loaded if this one fails).
   * src: URL string/URL, ArrayBuffer or Uint8Array. Resolves to
   * {title, reviews, papers, digests, skipped, problems:[...], bytes}.
   * A newer load() supersedes an older one still downloading: the older rejects with code 'SUPERSEDED'.
   */
  async load(src, { onProgress, signal } = {}) {
    const seq = ++this._loadSeq;
    let bytes;
    let sink; // a URL's bytes are read by the core as they arrive (beginLoad)
    if (src instanceof Uint8Array) bytes = src;
    else if (src instanceof ArrayBuffer) bytes = new Uint8Array(src);
    else if (typeof src === 'string' || src instanceof URL) {
      const onChunk = (chunk, total) => {
        if (sink === undefined) sink = this.beginLoad(total);
        if (sink && !sink.push(chunk)) sink = null;
      };
      try {
        bytes = await fetchBundle(src, { onProgress, onChunk, signal });
      } catch (e) {
        if (sink) sink.cancel();
        throw e;
      }
    } else throw new DigestError({ code: 'BAD_FORMAT', message: 'load() takes a URL, an ArrayBuffer or a Uint8Array' });
    if (seq !== this._loadSeq) {
      if (sink) sink.cancel();
      throw new DigestError({ code: 'SUPERSEDED', message: 'a newer load() replaced this one' });
    }
    return sink ? sink.finish() : this.loadBytes(bytes);
  }

  /**
   * Synchronous load from bytes already in memory. The copy in wasm memory is handed to the core,
   * which reads what the first answers need, then moves it out of wasm memory (a JS copy the core
   * reads the documents' bodies back from, dropped once the full-text index holds them all) and
   * frees it, so that input and index never coexist in wasm memory (docs/architecture.md).
   */
  loadBytes(bytes) {
    if (this._dead) throw this._dead;
    const m = this._m;
    const size = bytes.length;
    const ptr = m._malloc(size + PADDING);
    if (!ptr) {
      throw new DigestError({ code: 'TOO_LARGE', message: `not enough memory for a ${size}-byte bundle in this tab` });
    }
    // HEAPU8 after _malloc: the allocation may have grown (and so replaced) wasm memory.
    m.HEAPU8.set(bytes, ptr);
    m.HEAPU8.fill(0, ptr + size, ptr + size + PADDING);
    // From here the core owns ptr and frees it exactly once, whatever the outcome (a trap leaves
    // the instance dead, and its memory with it).
    const summary = this._call('loadPaddedOwned', ptr, size, size + PADDING);
    summary.bytes = size;
    ++this._bundles;
    return summary;
  }

  /**
   * A load that starts while the bundle still downloads, for `expectedSize` bytes (the
   * Content-Length). Returns {push(chunk), finish(), cancel(), read}, or null without a size.
   * push copies each piece into wasm memory as it arrives and the core reads the documents
   * complete so far (most of a load then happens during the download); it returns false once
   * the pieces outgrow expectedSize (a compressed transfer's length), and the sink is then
   * cancelled: load the whole bytes with loadBytes instead. finish() loads what was pushed and
   * returns what loadBytes would for those bytes; cancel() gives the buffer back. `read` counts
   * the reviews and digests read so far.
   */
  beginLoad(expectedSize) {
    if (this._dead) throw this._dead;
    const m = this._m;
    const size = Number(expectedSize) || 0;
    if (size <= 0) return null;
    let ptr = m._malloc(size + PADDING);
    if (!ptr) return null;
    let received = 0;
    const cancel = () => {
      if (!ptr) return;
      this._invoke('dropReadAhead');
      m._free(ptr);
      ptr = 0;
    };
    const sink = {
      read: 0, // reviews and digests the core has read so far
      push: (chunk) => {
        if (!ptr) return false;
        if (received + chunk.length > size) {
          cancel();
          return false;
        }
        m.HEAPU8.set(chunk, ptr + received);
        received += chunk.length;
        sink.read = this._invoke('readAhead', ptr, size + PADDING, received);
        return true;
      },
      finish: () => {
        if (!ptr) throw new DigestError({ code: 'INTERNAL', message: 'this load was cancelled' });
        const at = ptr;
        ptr = 0;
        m.HEAPU8.fill(0, at + received, at + received + PADDING);
        const summary = this._call('loadPaddedOwned', at, received, size + PADDING);
        summary.bytes = received;
        ++this._bundles;
        return summary;
      },
      cancel,
    };
    return sink;
  }

  /** Documents newest first: {total, docs:[{id, kind, title, date, tags, ...}]}. */
  list({ offset = 0, limit = 20 } = {}) { return this._callRaw('list', offset, limit); }
  /** {doc, digest}: every field of a document (or {doc:null, digest} for a digest id). */
  get(id) { return this._callRaw('get', String(id)); }
  /** All digests newest first: {digests:[...]} */
  digests() { return this._callRaw('digests'); }
  /** Full-text query; see docs/query.md. Facets come as [name, count] arrays. */
  query(request = {}) {
    if (request.facetFormat !== undefined && request.facetFormat !== 'array') return this._callRaw('query', JSON.stringify(request));
    // The value facets come from the core as [rank, count, ...] (facetFormat "ranks"): their
    // names, hundreds per answer, are read once per bundle (facetValues) instead of being written,
    // decoded and parsed again by every query. Same entries, same order as "array".
    const res = this._callRaw('query', JSON.stringify({ ...request, facetFormat: 'ranks' }));
    if (res.facets) {
      const values = this.facetValues();
      for (const facet of Object.keys(values)) {
        const flat = res.facets[facet];
        if (!flat) continue;
        const names = values[facet], entries = new Array(flat.length >> 1);
        for (let i = 0; i < entries.length; ++i) entries[i] = [names[flat[2 * i]], flat[2 * i + 1]];
        res.facets[facet] = entries;
      }
    }
    return res;
  }
  /**
   * Every value of each value facet (tags, institutions, selections, analyses, categories,
   * prerequisites) in rank order: {tags: [name, ...], ...}. Fixed per bundle (kept until the next load).
   */
  facetValues() {
    if (this._facetValuesOf !== this._bundles) {
      this._facetValues = this._callRaw('facetValues');
      this._facetValuesOf = this._bundles;
    }
    return this._facetValues;
  }
  /**
   * Builds the full-text index now (the first query with search text would otherwise build it):
   * a load indexes only what the newest-first list and its facets need. {ready: true}
   */
  prepareSearch() { return this._call('prepareSearch'); }
  /**
   * The same a slice at a time, for idle callbacks: up to `documents` documents' worth more of
   * the index per call (each document is read four times: text, postings, expansion pairs,
   * choseong trigrams).
   * {ready: true} once it is built (the call is then a no-op), else {ready: false}.
   */
  prepareSearchStep(documents = 200) { return this._call('prepareSearchStep', Number(documents)); }
  /**
   * Builds the full-text index in the background, so that neither the first search nor the build
   * holds the page up: from the next idle moment on (requestIdleCallback, or a short timer where
   * there is none, as in Safari), in tasks of about `sliceMs` ms of prepareSearchStep(`documents`)
   * calls, input being handled between them. Stops early when this instance starts or finishes
   * loading another bundle, or fails. Resolves to true once the index is built, else false.
   */
  prepareSearchInBackground({ documents = 50, sliceMs = 6 } = {}) {
    const bundle = this._bundles, load = this._loadSeq;
    return new Promise((resolve) => {
      const tasks = new MessageChannel();
      const stop = (built) => {
        tasks.port1.close();
        resolve(built);
      };
      tasks.port1.onmessage = () => {
        if (this._dead || this._bundles !== bundle || this._loadSeq !== load) return stop(false);
        const until = performance.now() + sliceMs;
        try {
          do {
            if (this.prepareSearchStep(documents).ready) return stop(true);
          } while (performance.now() < until);
        } catch {
          return stop(false); // (the next query reports the problem)
        }
        tasks.port2.postMessage(0);
        return undefined;
      };
      const start = () => tasks.port2.postMessage(0);
      if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: 1000 });
      else setTimeout(start, 16);
    });
  }
  /** Documents sharing the most tags with `id`: {related:[...]} */
  related(id, limit = 5) { return this._callRaw('related', String(id), limit); }
  /**
   * The spelling the facets list `value` under in `facet` ('tags', 'categories', 'prerequisites',
   * 'institutions'):
   * one entry per identity (a digest's `large-language-models` is `Large Language Models`);
   * `value` itself when no document carries it.
   */
  facetName(facet, value) { return this._invoke('facetName', String(facet), String(value)); }
  /**
   * Safe HTML of a document: {html, toc:[{level, text, id}]}. `sectionLevel`: the heading level of
   * a paper's sections (3 under a digest card's h2, 2 on the paper's own page under its h1).
   */
  render(id, { sectionLevel = 3 } = {}) { return this._rawResult(this._invoke('renderRaw', String(id), Number(sectionLevel) | 0)); }

  /**
   * Safe HTML of markdown: {html, toc}. `fromBundle`: the markdown is the bundle's (a digest's
   * intro), so its images load absolute URLs only, as a document's do (docs/rendering.md).
   */
  renderMarkdown(md, { fromBundle = false } = {}) {
    const m = this._m;
    md = String(md);
    if (this._dead) throw this._dead;
    // UTF-8 needs at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2 units).
    const ptr = this._scratchFor(md.length * 3);
    const { written } = utf8Encoder.encodeInto(md, m.HEAPU8.subarray(ptr, ptr + this._scratchSize));
    try {
      return this._rawResult(this._invoke('renderMarkdownRaw', ptr, written, Boolean(fromBundle)));
    } finally {
      if (this._scratchSize > KEEP_SCRATCH && !this._dead) {
        m._free(this._scratch);
        this._scratch = 0;
        this._scratchSize = 0;
      }
    }
  }
  /** Bytes of wasm memory in use by this instance (grows, never shrinks). */
  heapSize() { return this._m.heapSize(); }
  /** Bytes currently allocated inside the core (returns to its baseline when nothing leaks). */
  heapInUse() { return this._m.heapInUse(); }
  /** Most bytes the core's allocator has taken from wasm memory since start: its footprint, the peak of a load. */
  heapPeak() { return this._m.heapPeak(); }
}

/**
 * Instantiates the core. Options: wasmUrl (default: digest-core.wasm beside this file),
 * wasmBinary (bytes, e.g. in Node), or wasmModule (a WebAssembly.Module of digest-core.wasm
 * already compiled, e.g. by boot.js while the page was still loading).
 */
export async function openDigest({ wasmUrl, wasmBinary, wasmModule } = {}) {
  const options = {};
  // A failed instantiation of a given module rejects here (the factory would wait forever).
  let instantiateFailed;
  const failed = new Promise((_, reject) => { instantiateFailed = reject; });
  if (wasmModule instanceof WebAssembly.Module) {
    options.instantiateWasm = (imports, receive) => {
      WebAssembly.instantiate(wasmModule, imports).then((instance) => receive(instance, wasmModule), instantiateFailed);
      return {};
    };
  } else if (wasmBinary) options.wasmBinary = wasmBinary;
  else if (wasmUrl) options.locateFile = (path) => (path.endsWith('.wasm') ? String(wasmUrl) : path);
  let module;
  try {
    module = await Promise.race([createDigestModule(options), failed]);
  } catch (e) {
    throw new DigestError({ code: 'INTERNAL', message: `cannot start the WebAssembly core: ${e && e.message ? e.message : e}` });
  }
  return new Digest(module);
}
