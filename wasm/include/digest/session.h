// session.h — the API facade: one loaded bundle and the calls the CLI and the browser make.
//
// Every call returns JSON text (or an Error), so the CLI prints and the wasm bindings return
// exactly the same bytes. The bindings wrap results with `envelope()`:
//   {"ok":true,"value":<json>}  or  {"ok":false,"error":{"code":"JSON_SYNTAX","message":...}}
//
//   digest::Session s;
//   auto summary = s.load(bytes);                 // {"reviews":24,"papers":20,...}
//   auto page = s.list(0, 20);                    // newest first
//   auto hit = s.query(R"({"q":"모델","limit":10})");
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "digest/bundle.h"
#include "digest/query.h"
#include "digest/result.h"
#include "digest/utf8.h"

namespace digest {

struct LoadReport;  // loader.h
class BundleReadAhead;  // loader.h

// A Session is used from one thread at a time (its calls may decode bodies a load deferred).
class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Parses and indexes a bundle, replacing any loaded one (on error the old one stays loaded).
  // Value: {"reviews":N,"papers":N,"digests":N,"skipped":N,"problems":[Error...],"title":...}
  Result<std::string> load(std::string_view bytes);
  // Same, from a buffer followed by simdjson padding (capacity >= size + 64). Used by the CLI.
  Result<std::string> load_padded(const char* data, size_t size, size_t capacity);
  // Same as load_padded, but takes ownership of `data` and calls release(data) exactly once. With
  // a release function the load leaves the documents' long bodies in `data` (loader.h,
  // defer_bodies): the first answers need none of them, and not copying them is most of what the
  // load would write. They are decoded when first read (get, render, a snippet, the full-text
  // index; the whole of them by prepare_search or, a slice at a time, by prepare_search_step), and
  // `data` is released once none is left, or before this returns if the load deferred none; so
  // before the full-text part of the index is built, which reuses the input's bytes: peak memory
  // is about max(input + bundle, bundle + index) instead of input + bundle + index. release is
  // also called (once) on every error path, and by the next load or the destructor; data must not
  // be used by the caller afterwards.
  // release may be null (then nothing is freed). Used by the wasm bindings (release = free):
  //   char* p = static_cast<char*>(malloc(n + 64)); /* fill p[0..n), zero the 64 padding bytes */
  //   auto summary = s.load_padded_owned(p, n, n + 64, [](char* q) { free(q); });  // p is gone
  Result<std::string> load_padded_owned(char* data, size_t size, size_t capacity, void (*release)(char*));
  // Reading ahead while a bundle downloads (BundleReadAhead, loader.h): `data` is the buffer the
  // download fills (`capacity` bytes, padding included) and its first `received` bytes have
  // arrived. The reviews and digests complete in them are read now; a later load_padded_owned of the same
  // buffer uses them (the result is the same as without). Every load ends the read-ahead, and
  // so must drop_read_ahead() before the buffer is freed any other way. Returns the number of
  // reviews and digests read ahead so far.
  //   s.read_ahead(p, n + 64, 65536); s.read_ahead(p, n + 64, 131072); ...
  //   auto summary = s.load_padded_owned(p, n, n + 64, release);
  size_t read_ahead(const char* data, size_t capacity, size_t received);
  void drop_read_ahead();

  // Documents newest first: {"total":N,"docs":[summary...]}. offset/limit are clamped.
  Result<std::string> list(int64_t offset, int64_t limit) const;
  // One document with every field (and, for papers, its digest's id/title/date):
  // {"doc":{...},"digest":{...}|null}. NOT_FOUND for an unknown id (a digest id returns the
  // digest page: {"digest":{... "papers":[...]}}).
  Result<std::string> get(std::string_view id) const;
  // All digests newest first, without papers: {"digests":[...]}
  Result<std::string> digests() const;
  // Full-text query; request and result shapes are documented in query.h. The full-text part
  // of the index is built by the first query with search text (or by prepare_search): a load
  // answers the newest-first list and its facets without reading any document's text.
  Result<std::string> query(std::string_view request_json) const;
  // Builds the full-text part of the index now, if a bundle is loaded and it is not built yet
  // (the viewer calls this once the first results are on screen), with the choseong trigrams
  // that no query builds (query.h, prepare_text_index). Value: {"ready":true}.
  Result<std::string> prepare_search() const;
  // The same in slices: up to `documents` documents' worth more of it per call (at least 1; the
  // bodies a load left in its input are decoded first, as many documents' per call), so
  // that the caller's event loop is never blocked for long. Value: {"ready":true} once it is
  // built (a no-op from then on), else {"ready":false}. With no bundle loaded, the same error as
  // the other calls (NOT_FOUND, "no bundle is loaded").
  Result<std::string> prepare_search_step(int64_t documents) const;
  // Documents sharing the most tags with `id`: {"related":[summary...]} (see query.h).
  Result<std::string> related(std::string_view id, int limit) const;
  // facet_name (query.h) over the loaded bundle: the facets' spelling of `value` ("tags",
  // "categories", "prerequisites"); `value` itself with no bundle loaded.
  std::string facet_name(std::string_view facet, std::string_view value) const;
  // facet_values_json (query.h) over the loaded bundle: every value of each value facet, in the
  // rank order of query answers with facetFormat "ranks". NOT_FOUND with no bundle loaded.
  Result<std::string> facet_values() const;
  // Safe HTML of a document: {"html":"...","toc":[{"level":2,"text":"...","id":"..."}]}.
  // section_level: render_document_json's (3 for a paper under a digest card, 2 on its own page).
  Result<std::string> render(std::string_view id, int section_level = 3) const;
  // Safe HTML of arbitrary markdown, same shape as render().
  Result<std::string> render_markdown(std::string_view markdown) const;

  // render() and render_markdown() in two parts, for clients that move the HTML as bytes (the
  // wasm bindings' raw path, docs/rendering.md): the HTML fragment is written to `html` (cleared
  // first; its capacity is kept, so one buffer can serve every call) and the value is the rest of
  // the object as JSON, today {"toc":[...]}. Splicing {"html":<html as a JSON string>, ...} gives
  // exactly what render()/render_markdown() return. On error `html` is left empty.
  // The HTML is written as UTF-16 code units, as the renderer produces it.
  //   digest::Utf16Buffer html;
  //   auto meta = s.render_markdown_parts("## 모델\n$x^2$", html);  // html: <h2 id="모델">...
  Result<std::string> render_parts(std::string_view id, Utf16Buffer& html, int section_level = 3) const;
  // bundle_content: the markdown is the bundle's (a digest's intro): RenderOptions::bundle_content.
  Result<std::string> render_markdown_parts(std::string_view markdown, Utf16Buffer& html, bool bundle_content = false) const;

  bool loaded() const { return bundle_ != nullptr; }
  // What the last successful load skipped: the count, and the problems (at most the loader's
  // cap; load() reports the same in its value's "skipped" and "problems").
  size_t load_skipped() const { return load_skipped_; }
  const std::vector<Error>& load_problems() const { return load_problems_; }
  // Where the input of a load_padded_owned that left bodies in it waits while the full-text index
  // is built. When the build starts (prepare_search, a query with text; prepare_search_step first
  // moves it a few MiB a call), keep(part, offset, n, total) copies the input elsewhere piece by
  // piece (offset 0 first; the wasm bindings: into a JS array, out of wasm memory) and the input
  // is then released. The bodies are read back with read(begin, end, out) (out: end - begin bytes)
  // as the build packs each document's, and drop() is called once none is left (or when a copy
  // begun is abandoned by a new load). So input and index never share the process's memory, which
  // in wasm never shrinks. Until the build the input stays where it is (the first page needs no
  // copy). Applies to every later load; null keep or read: the input stays until every body is
  // packed. The answers are the same either way.
  void set_input_keeper(void (*keep)(const char* part, size_t offset, size_t n, size_t total),
                        void (*read)(uint32_t begin, uint32_t end, char* out), void (*drop)());
  // How much of the input one prepare_search_step hands to the keeper (default 8 MiB, ~4 ms).
  void set_input_step_bytes(size_t bytes) { input_step_bytes_ = bytes ? bytes : 1; }

  // The loaded bundle, every body decoded and every body the full-text build packed rebuilt in
  // place; from then on (until the next load) no body is emptied again, so the pointer's documents
  // stay whole whatever is called later (a client that reads the bundle whole: bodies are then
  // held twice, in the documents and as the index's scripts).
  const Bundle* bundle() const;

 private:
  Result<std::string> adopt(Result<LoadReport> report);
  // Gives `d` (a document of the bundle) its bodies for one call: decodes what the load deferred
  // (for good), and rebuilds what the full-text build packed, returning 1: the caller then
  // empties them again with repack(d) once it has read them. 0: nothing was packed; -1: a
  // damaged script (restore_bodies), the bodies left empty: the caller reports INTERNAL.
  int unpack(const Document& d) const;
  void repack(const Document& d) const;
  // Decodes `d`'s deferred bodies from wherever the input is.
  void decode_one(Document& d) const;
  bool holds_input() const;
  void release_deferred_input() const;
  std::unique_ptr<Bundle> bundle_;
  size_t load_skipped_ = 0;
  std::vector<Error> load_problems_;
  QueryEnginePtr engine_;
  std::unique_ptr<BundleReadAhead> ahead_;
  // The input of the last load while bodies are still in it, and its release function.
  mutable char* deferred_input_ = nullptr;
  mutable size_t deferred_size_ = 0;
  mutable bool whole_ = false;  // bundle() was called: bodies are no longer emptied (packing stays off)
  mutable void (*deferred_release_)(char*) = nullptr;
  // The input once moved out (set_input_keeper): how to read it, what to call when done with it,
  // and the buffer a body's bytes are read into; the keeper's three functions.
  mutable void (*input_read_)(uint32_t, uint32_t, char*) = nullptr;
  mutable void (*input_drop_)() = nullptr;
  mutable std::string input_buffer_;
  void (*keep_)(const char*, size_t, size_t, size_t) = nullptr;
  void (*keeper_read_)(uint32_t, uint32_t, char*) = nullptr;
  void (*keeper_drop_)() = nullptr;
  mutable size_t kept_ = 0;  // bytes of the input copied to the keeper so far (during the copy)
  size_t input_step_bytes_ = size_t{8} << 20;
  // Copies up to max_bytes more of the input to the keeper; true once it is all there (the input
  // then released) or there is nothing to move.
  bool move_input_out(size_t max_bytes) const;
};

// {"ok":true,"value":...} / {"ok":false,"error":{...}} for clients that need one string.
std::string envelope(const Result<std::string>& r);

}  // namespace digest
