// bindings.cpp — the embind glue: the only file that includes <emscripten/...>.
//
// One Session per module instance. Every call returns the JSON envelope from session.h
// ({"ok":true,"value":...} or {"ok":false,"error":{...}}); nothing throws across the boundary
// and no C++ object is handed to JS. digest.js (web/) turns the envelope into values/DigestError.
#include <emscripten/bind.h>
#include <emscripten/heap.h>
#include <malloc.h>

#include <cstdint>
#include <string>

#include "digest/session.h"

namespace {

digest::Session& session() {
  static digest::Session s;
  return s;
}

// JS allocates `size + 64` bytes with _malloc, copies the bundle in, calls this, then frees.
std::string load_padded(uintptr_t ptr, size_t size, size_t capacity) {
  return digest::envelope(session().load_padded(reinterpret_cast<const char*>(ptr), size, capacity));
}
std::string list(double offset, double limit) {
  return digest::envelope(session().list(static_cast<int64_t>(offset), static_cast<int64_t>(limit)));
}
std::string get(const std::string& id) { return digest::envelope(session().get(id)); }
std::string digests() { return digest::envelope(session().digests()); }
std::string query(const std::string& request) { return digest::envelope(session().query(request)); }
std::string related(const std::string& id, int limit) { return digest::envelope(session().related(id, limit)); }
std::string render(const std::string& id) { return digest::envelope(session().render(id)); }
std::string render_markdown(const std::string& md) { return digest::envelope(session().render_markdown(md)); }
// Current size of wasm memory in bytes (for the viewer's diagnostics and the memory benchmarks).
double heap_size() { return static_cast<double>(emscripten_get_heap_size()); }
// Bytes currently allocated by malloc (wasm memory never shrinks, so heap_size cannot show a leak).
double heap_in_use() { return static_cast<double>(mallinfo().uordblks); }

}  // namespace

EMSCRIPTEN_BINDINGS(digest_core) {
  emscripten::function("loadPadded", &load_padded);
  emscripten::function("list", &list);
  emscripten::function("get", &get);
  emscripten::function("digests", &digests);
  emscripten::function("query", &query);
  emscripten::function("related", &related);
  emscripten::function("render", &render);
  emscripten::function("renderMarkdown", &render_markdown);
  emscripten::function("heapSize", &heap_size);
  emscripten::function("heapInUse", &heap_in_use);
}
