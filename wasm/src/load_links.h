// load_links.h — what a load keeps aside while it reads (loader.cpp): the ids it has taken and the
// review links it has read, until it resolves the links once every document is in.
//
// Both keep their texts in one string each rather than a heap block per id or link. A load's
// short-lived blocks, freed between blocks that stay (the documents' own strings), become holes
// in wasm memory that later allocations rarely fit, and wasm memory never shrinks: a review's
// decoded links, freed once resolved, and the duplicate check's nodes were 0.1x of the bundle's
// wasm memory at 20k documents (docs/reliability.md, "Memory per bundle").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "digest/bundle.h"

namespace digest {

// The review links read so far. A document's DocLink holds kPendingLink - k for link k here
// (its id and title stay empty) until resolve_links.
class LinkTexts {
 public:
  static constexpr int32_t kPendingLink = -2;
  // Keeps the texts of `l` as read (its id and title) here, leaving them empty, and marks it
  // pending. Short-lived, the two strings' blocks are reused by the next document's.
  void keep(DocLink& l);
  static bool pending(const DocLink& l) { return l.doc <= kPendingLink; }
  // The texts of a pending link.
  std::string_view id(const DocLink& l) const;
  std::string_view title(const DocLink& l) const;

 private:
  // Offsets in text_, which holds at most twice the input's link texts (an element read ahead
  // and then read again by the load): under 4 GiB for a bundle within kMaxBundleBytes.
  struct Texts {
    uint32_t at, id_size, title_size;
  };
  const Texts& texts(const DocLink& l) const;  // of a pending link
  std::string text_;
  std::vector<Texts> links_;
};

// The ids a load has taken (documents' and digests', one namespace), each with its document's
// index or kNotADocument. Open addressing over one string of the ids, hashed as the standard
// library hashes strings (not FNV-1a: ids crafted to share one FNV-1a hash, trivial to make, put
// every id on one probe chain and made a load quadratic; found by a review).
class IdSet {
 public:
  static constexpr uint32_t kNotADocument = UINT32_MAX;
  void reserve(size_t n);
  // False, changing nothing, when `id` is taken.
  bool insert(std::string_view id, uint32_t value);
  // The value `id` was inserted with, or -1.
  int64_t find(std::string_view id) const;
  // The most slots one insert has looked at (for tests: a probe chain stays short).
  size_t longest_probe() const { return longest_probe_; }

 private:
  struct Entry {
    uint32_t at, size, value, hash;
  };
  std::string_view key(uint32_t e) const { return std::string_view(text_).substr(entries_[e].at, entries_[e].size); }
  void rehash(size_t want);
  std::string text_;
  std::vector<Entry> entries_;
  std::vector<uint32_t> slots_;  // 0: empty, else an entry's index + 1
  size_t longest_probe_ = 0;
};

// Resolves every pending link of `docs`: one naming a document of `docs` (by `ids`) with that
// document's display title keeps its index only (DocLink::doc; Bundle::link_id and link_title
// read it); any other gets its texts as written (doc -1).
void resolve_links(std::vector<Document>& docs, const IdSet& ids, const LinkTexts& links);

}  // namespace digest
