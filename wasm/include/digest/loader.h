// loader.h — bundle JSON bytes -> Bundle (format v1, docs/bundle-format.md).
//
// Loading is two passes:
//   1. `check_json` walks every byte: JSON syntax, UTF-8, nesting depth. simdjson On Demand only
//      validates what it reads, so this pass is what guarantees that malformed JSON anywhere in
//      the file (even in fields the loader ignores) is rejected, with the exact byte offset.
//   2. simdjson On Demand extracts the documents. A document with a field of the wrong type or a
//      bad value is skipped and reported (`LoadReport::problems`); the others still load. Errors
//      in the bundle's top level (not an object, missing/unknown format, newer version) reject
//      the whole bundle.
//
//   auto r = digest::load_bundle(bytes);          // copies into a padded buffer
//   if (!r) puts(r.error().describe().c_str());
//   else    printf("%zu documents, %zu skipped\n", r.value().bundle.docs.size(),
//                  r.value().problems.size());
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "digest/bundle.h"
#include "digest/result.h"

namespace digest {

// Limits. Each one stops a class of hostile input from exhausting memory or the stack.
constexpr size_t kMaxJsonDepth = 64;                    // 10,000-deep nesting -> TOO_DEEP
constexpr size_t kMaxBundleBytes = size_t{1} << 30;      // 1 GiB: beyond any real collection
constexpr size_t kMaxDocuments = 1000000;               // documents per bundle
constexpr size_t kMaxProblemsReported = 1000;           // keep the report itself bounded

// Syntax check of the whole input: returns the first error (JSON_SYNTAX / INVALID_UTF8 /
// TOO_DEEP / EMPTY_INPUT) with offset, line and column, or OK. A leading UTF-8 BOM is allowed.
// `surrogate_escape`, if given, is set to true when a string holds a \u escape of a UTF-16
// surrogate (D800-DFFF; such a string may not decode: load_bundle_padded's defer_bodies).
Status check_json(std::string_view bytes, bool* surrogate_escape = nullptr);
// check_json of a value that sits `depth` levels deep in its document (the depth limit counts
// them): what the document's check finds inside the value, if anything.
Status check_json_nested(std::string_view value, size_t depth, bool* surrogate_escape = nullptr);
// check_json that takes as read the values at bytes[first, second) of `checked` (ascending,
// each accepted by check_json_nested at `depth`) where it meets them `depth` levels deep: the
// same result, without reading those bytes again (the read-ahead checked them as they arrived).
Status check_json(std::string_view bytes, const std::vector<std::pair<size_t, size_t>>& checked, size_t depth,
                  bool* surrogate_escape = nullptr);

struct LoadReport {
  Bundle bundle;
  std::vector<Error> problems;  // documents skipped (at most kMaxProblemsReported listed)
  size_t skipped = 0;           // total number of skipped documents/digests
};

// Parses a bundle. `bytes` need not be padded; it is copied into simdjson's padded buffer.
Result<LoadReport> load_bundle(std::string_view bytes);

// The same without a copy: `data` must be followed by at least `padding` readable bytes
// (simdjson::SIMDJSON_PADDING). Used by the wasm bindings, which allocate padded buffers.
Result<LoadReport> load_bundle_padded(const char* data, size_t size, size_t capacity);

// String values of at least this many content bytes (bodies, sections, intros) are kept out of
// what simdjson parses and decoded from the input when their field is read (loader.cpp, "Long
// strings"): the same Bundle and the same problems, for ~90% fewer bytes through simdjson.
constexpr size_t kLongStringBytes = 64;

// Reading ahead while a bundle downloads. The bytes arrive in order into one buffer; after each
// arrival, advance(received) reads the reviews and digests that are complete in what has arrived
// (each one checked as check_json checks it, then read as the load reads it). A load of that
// buffer handed the read-ahead reuses them: it still checks the rest of the input, and reads as
// usual any element the read-ahead did not read or found at another place, so its result is the
// same as without it. Only the time moves: most of a load happens while the rest downloads.
//
//   BundleReadAhead ahead(buf, capacity);        // capacity = expected size + padding
//   ahead.advance(n1); ahead.advance(n2); ...    // after each chunk is written to buf
//   auto r = load_bundle_padded(buf, size, capacity, kLongStringBytes, &ahead);
class BundleReadAhead {
 public:
  // `data` stays valid and fills from its start; its first `capacity` bytes are readable.
  BundleReadAhead(const char* data, size_t capacity);
  ~BundleReadAhead();
  BundleReadAhead(const BundleReadAhead&) = delete;
  BundleReadAhead& operator=(const BundleReadAhead&) = delete;
  // The first `received` bytes are in the buffer (received never shrinks; at most capacity
  // minus simdjson's padding, so what follows the last byte stays readable).
  void advance(size_t received);
  const char* data() const;
  // Reviews and digests read ahead so far.
  size_t elements_read() const;
  struct State;  // loader.cpp

 private:
  std::unique_ptr<State> s_;
  friend Result<LoadReport> load_bundle_padded(const char*, size_t, size_t, size_t, BundleReadAhead*, bool);
};

// load_bundle_padded with another threshold (SIZE_MAX parses every byte with simdjson: for the
// tests that compare the two) and optionally the read-ahead of this buffer's download (null, or
// one for another buffer: none). A read-ahead serves one load: the load takes what it read, and a
// second load given the same read-ahead reads the whole buffer itself.
//
// defer_bodies: the documents' long body strings (markdown, html, sections' markdown; at least
// long_string_bytes) are not decoded; each document lists where they sit in `data`
// (Document::deferred) and its body fields stay empty until decode_deferred(data, doc). Copying
// the bodies is most of the memory a load writes, and the first page of results needs none of
// them (the Session decodes them after it, before anything reads a body). Only when no string
// of the input holds a surrogate escape (the one thing decoding can fail on, which the load must
// report); otherwise the bodies are decoded as usual. The read-ahead leaves the bodies of each
// element without a surrogate escape in the buffer too, and a load that does not defer decodes
// them when it takes the element. The same documents, problems and error offsets either way.
//
// Review links (prev, next) are resolved by the load: one naming a document of the bundle by
// its display title keeps that document's index only (DocLink::doc), any other its texts.
Result<LoadReport> load_bundle_padded(const char* data, size_t size, size_t capacity, size_t long_string_bytes,
                                      BundleReadAhead* ahead = nullptr, bool defer_bodies = false);

// Decodes `d`'s deferred bodies from `data`, the buffer its load read (still alive and
// unchanged), into their fields, and clears d.deferred. A no-op when there are none. (It cannot
// fail on what a load deferred; a string that did not decode would be left empty, not cut.)
void decode_deferred(const char* data, Document& d);
// The same with the input elsewhere (the Session's, once it moved the input out of wasm
// memory): bytes(context, begin, end) returns the input's bytes [begin, end).
void decode_deferred(Document& d, std::string_view (*bytes)(void* context, uint32_t begin, uint32_t end), void* context);

// Writes a bundle as format-v1 JSON (the inverse of load_bundle).
std::string bundle_to_json(const Bundle& bundle);

}  // namespace digest
