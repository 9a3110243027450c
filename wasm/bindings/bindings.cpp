// bindings.cpp — the embind glue: the only file that includes <emscripten/...>.
//
// One Session per module instance. Every call returns the JSON envelope from session.h
// ({"ok":true,"value":...} or {"ok":false,"error":{...}}); nothing throws across the boundary
// and no C++ object is handed to JS. digest.js (web/) turns the envelope into values/DigestError.
#include <emscripten/bind.h>
#include <emscripten/em_js.h>
#include <emscripten/heap.h>
#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "digest/session.h"
#include "digest/utf8.h"

extern "C" unsigned char __heap_base;  // wasm-ld: where the heap starts

namespace {

// The input a load leaves bodies in waits outside wasm memory (Session::set_input_keeper): a copy
// in a JS array, read back a body at a time until the full-text build has packed every body, then
// dropped. Wasm memory never shrinks, so the input's bytes freed at once are where the index is
// then built, and the memory's peak is the load's (input and documents) or the index's, not both
// (docs/reliability.md).
EM_JS(void, digest_keep_input, (const char* part, size_t offset, size_t n, size_t total), {
  if (offset === 0) Module["digestInput"] = new Uint8Array(total);
  Module["digestInput"].set(HEAPU8.subarray(part, part + n), offset);
});
EM_JS(void, digest_read_input, (uint32_t begin, uint32_t end, char* out), {
  HEAPU8.set(Module["digestInput"].subarray(begin >>> 0, end >>> 0), out);
});
EM_JS(void, digest_drop_input, (), {
  Module["digestInput"] = null;
});
digest::Session& session() {
  static digest::Session& s = [] () -> digest::Session& {
    static digest::Session made;
    // The input a load leaves bodies in waits in a JS array while the full-text index is built
    // (the EM_JS functions below; Session::set_input_keeper).
    made.set_input_keeper([](const char* part, size_t offset, size_t n, size_t total) { digest_keep_input(part, offset, n, total); },
                          [](uint32_t begin, uint32_t end, char* out) { digest_read_input(begin, end, out); },
                          [] { digest_drop_input(); });
    return made;
  }();
  return s;
}

void release_raw_buffers();

// JS allocates `size + 64` bytes with _malloc, copies the bundle in, calls this, then frees.
std::string load_padded(uintptr_t ptr, size_t size, size_t capacity) {
  release_raw_buffers();
  return digest::envelope(session().load_padded(reinterpret_cast<const char*>(ptr), size, capacity));
}
// load_padded_owned (below): the same, but the core owns the buffer and frees it with free(): on
// error at once; on success once the documents' bodies it still holds are decoded (before the
// full-text index is built; Session::load_padded_owned), or at once if it holds none. JS must not
// touch or free ptr after that call.
// Reading ahead while the bundle downloads into ptr (Session::read_ahead): the reviews and digests complete
// in its first `received` bytes are read now. Returns how many have been read.
size_t read_ahead(uintptr_t ptr, size_t capacity, size_t received) {
  return session().read_ahead(reinterpret_cast<const char*>(ptr), capacity, received);
}
void drop_read_ahead() { session().drop_read_ahead(); }
std::string load_padded_owned(uintptr_t ptr, size_t size, size_t capacity) {
  release_raw_buffers();
  return digest::envelope(session().load_padded_owned(reinterpret_cast<char*>(ptr), size, capacity,
                                                      [](char* p) { free(p); }));
}

// ---- the raw render path (docs/rendering.md "The wasm boundary")
// embind's std::string in/out converts UTF-8 in JS loops one code unit at a time, and the JSON
// envelope then costs a JSON.parse of the whole HTML. The raw calls take the markdown as UTF-8
// bytes the caller wrote into wasm memory (TextEncoder.encodeInto) and leave the result in a
// buffer owned here, as UTF-16: the HTML, then right after it the rest (on success the value
// itself, {"toc":[...]}, with `ok` set; on failure the envelope {"ok":false,"error":{...}}), so
// JS makes one TextDecoder('utf-16le') call and slices. UTF-16 because the HTML of Korean text is two-thirds
// non-ASCII bytes, and decoding UTF-16 (a copy into a two-byte string) is ~5x faster than
// decoding UTF-8 in V8 (measured in docs/rendering.md). The markdown renderer writes UTF-16
// itself (render_markdown_utf16, render_document_utf16), so a review's HTML is never UTF-8 in
// between; the JSON answers are converted here.
// RawOutput and what it points to stay valid until the next raw call.
struct RawOutput {
  uint32_t text_ptr;   // UTF-16LE code units: html_len units of HTML, then meta_len units of meta
  uint32_t html_len;   // code units
  uint32_t meta_len;   // code units
  uint32_t ok;         // 1: meta is the value; 0: meta is an error envelope
};
RawOutput raw_output;
digest::Utf16Buffer raw_text;  // the answer: HTML units, then meta units; reused between calls

// Buffers that grew for one huge document are given back rather than kept for the page's lifetime.
constexpr size_t kKeepRawBytes = size_t{4} << 20;

// Before a load or an index build: the answers' buffers are given back, so they do not sit
// between the blocks of the bundle and its index (the wasm memory would grow a step more).
void release_raw_buffers() {
  raw_text.release();
}

// Before each raw call: the last answer is gone (JS has read it); a buffer that grew for a huge
// one is given back.
void begin_raw() {
  if (raw_text.capacity() * sizeof(char16_t) > kKeepRawBytes) raw_text.release();
  raw_text.clear();
}

// Out of memory for the answer: reported the usual way (as an envelope in the meta part).
uintptr_t out_of_memory_raw() {
  raw_text.clear();
  static const char16_t kOom[] =
      u"{\"ok\":false,\"error\":{\"code\":\"TOO_LARGE\",\"message\":\"not enough memory for the rendered HTML\"}}";
  raw_output = {static_cast<uint32_t>(reinterpret_cast<uintptr_t>(kOom)), 0,
                static_cast<uint32_t>(sizeof(kOom) / sizeof(char16_t) - 1), 0};
  return reinterpret_cast<uintptr_t>(&raw_output);
}

// raw_text holds the HTML (or nothing): appends the meta (the value on success, else the error
// envelope) and points RawOutput at both.
uintptr_t finish_raw(const digest::Result<std::string>& meta) {
  // On success the value goes out as it is: no envelope to build here or to unwrap in JS.
  const std::string env = meta ? std::string() : digest::envelope(meta);
  const std::string& rest = meta ? meta.value() : env;
  const size_t html_units = raw_text.size();
  if (!raw_text.try_reserve_more(std::max<size_t>(rest.size(), 1))) return out_of_memory_raw();
  raw_text.append_utf8(rest);
  raw_output = {static_cast<uint32_t>(reinterpret_cast<uintptr_t>(raw_text.data())), static_cast<uint32_t>(html_units),
                static_cast<uint32_t>(raw_text.size() - html_units), meta ? 1u : 0u};
  return reinterpret_cast<uintptr_t>(&raw_output);
}

// Markdown as `len` UTF-8 bytes at `ptr` (owned by the caller) -> address of RawOutput.
uintptr_t render_markdown_raw(uintptr_t ptr, size_t len, bool from_bundle) {
  begin_raw();
  return finish_raw(session().render_markdown_parts(std::string_view(reinterpret_cast<const char*>(ptr), len), raw_text, from_bundle));
}
// A document of the loaded bundle -> address of RawOutput.
uintptr_t render_raw(const std::string& id, int section_level) {
  begin_raw();
  return finish_raw(session().render_parts(id, raw_text, section_level));
}

// The JSON answers that can be large (a page of hits with snippets and facets, the list, a
// document) leave the core the same way as the HTML: as UTF-16 in the RawOutput buffer, with no
// HTML part. embind's std::string return would walk every byte in a JS loop and then decode
// UTF-8, ~0.3 ms of a 2 ms query at 20k documents.
uintptr_t finish_json(const digest::Result<std::string>& r) {
  begin_raw();
  return finish_raw(r);
}
uintptr_t list(double offset, double limit) {
  return finish_json(session().list(static_cast<int64_t>(offset), static_cast<int64_t>(limit)));
}
uintptr_t get(const std::string& id) { return finish_json(session().get(id)); }
uintptr_t digests() { return finish_json(session().digests()); }
// The first query with search text builds the full-text index, as prepareSearch does: the
// buffers are given back first, as before a load.
uintptr_t query(const std::string& request) {
  release_raw_buffers();
  return finish_json(session().query(request));
}
std::string prepare_search() {
  release_raw_buffers();
  return digest::envelope(session().prepare_search());
}
std::string prepare_search_step(double documents) {
  release_raw_buffers();
  // A double beyond int64's range has no defined conversion (NaN and below 1: 1; Session clamps).
  const int64_t slice = documents >= 1 ? static_cast<int64_t>(std::min(documents, 4294967295.0)) : 1;
  return digest::envelope(session().prepare_search_step(slice));
}
uintptr_t facet_values() { return finish_json(session().facet_values()); }
uintptr_t related(const std::string& id, int limit) { return finish_json(session().related(id, limit)); }
std::string render(const std::string& id, int section_level) { return digest::envelope(session().render(id, section_level)); }
std::string facet_name(const std::string& facet, const std::string& value) { return session().facet_name(facet, value); }
std::string render_markdown(const std::string& md) { return digest::envelope(session().render_markdown(md)); }
// Current size of wasm memory in bytes (for the viewer's diagnostics and the memory benchmarks).
double heap_size() { return static_cast<double>(emscripten_get_heap_size()); }
// Bytes currently allocated by malloc (wasm memory never shrinks, so heap_size cannot show a leak).
double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }
// Most bytes the allocator has ever taken from wasm memory: its footprint, from the heap's base to
// the break it raised with sbrk (emmalloc gives nothing back, so the break only rises; its mallinfo
// has no high-water mark). The peak of a load, where heap_size moves in growth steps.
double heap_peak() {
  return static_cast<double>(reinterpret_cast<uintptr_t>(sbrk(0)) - reinterpret_cast<uintptr_t>(&__heap_base));
}

}  // namespace

EMSCRIPTEN_BINDINGS(digest_core) {
  emscripten::function("loadPadded", &load_padded);
  emscripten::function("loadPaddedOwned", &load_padded_owned);
  emscripten::function("readAhead", &read_ahead);
  emscripten::function("dropReadAhead", &drop_read_ahead);
  emscripten::function("renderMarkdownRaw", &render_markdown_raw);
  emscripten::function("renderRaw", &render_raw);
  emscripten::function("list", &list);
  emscripten::function("get", &get);
  emscripten::function("digests", &digests);
  emscripten::function("query", &query);
  emscripten::function("prepareSearch", &prepare_search);
  emscripten::function("prepareSearchStep", &prepare_search_step);
  emscripten::function("related", &related);
  emscripten::function("facetName", &facet_name);
  emscripten::function("facetValues", &facet_values);
  emscripten::function("render", &render);
  emscripten::function("renderMarkdown", &render_markdown);
  emscripten::function("heapSize", &heap_size);
  emscripten::function("heapInUse", &heap_in_use);
  emscripten::function("heapPeak", &heap_peak);
}
