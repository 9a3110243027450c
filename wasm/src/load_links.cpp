// load_links.cpp — the load's id set and link texts (load_links.h). Compiled for size in the
// module: it runs a few times per document, not per byte.
#include "load_links.h"

#include <algorithm>
#include <functional>

namespace digest {

void LinkTexts::keep(DocLink& l) {
  links_.push_back({static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(l.id.size()), static_cast<uint32_t>(l.title.size())});
  text_.append(l.id).append(l.title);
  l.doc = kPendingLink - static_cast<int32_t>(links_.size() - 1);
  std::string().swap(l.id);
  std::string().swap(l.title);
}

const LinkTexts::Texts& LinkTexts::texts(const DocLink& l) const { return links_[static_cast<size_t>(kPendingLink - l.doc)]; }

std::string_view LinkTexts::id(const DocLink& l) const {
  const Texts& t = texts(l);
  return std::string_view(text_).substr(t.at, t.id_size);
}

std::string_view LinkTexts::title(const DocLink& l) const {
  const Texts& t = texts(l);
  return std::string_view(text_).substr(t.at + t.id_size, t.title_size);
}

namespace {
uint32_t hash_id(std::string_view s) {
  const size_t h = std::hash<std::string_view>()(s);
  return static_cast<uint32_t>(h ^ (h >> 16 >> 16));  // (size_t is 64 bits natively)
}
}  // namespace

void IdSet::reserve(size_t n) {
  entries_.reserve(n);
  if (slots_.size() < 2 * n) rehash(2 * n);
}

void IdSet::rehash(size_t want) {
  size_t n = 64;
  while (n < want) n *= 2;
  slots_.assign(n, 0);
  for (uint32_t e = 0; e < entries_.size(); ++e) {
    size_t k = entries_[e].hash & (n - 1);
    while (slots_[k]) k = (k + 1) & (n - 1);
    slots_[k] = e + 1;
  }
}

bool IdSet::insert(std::string_view id, uint32_t value) {
  if (2 * (entries_.size() + 1) > slots_.size()) rehash(2 * slots_.size());
  const uint32_t h = hash_id(id);
  size_t k = h & (slots_.size() - 1), probes = 1;
  for (; slots_[k]; k = (k + 1) & (slots_.size() - 1), ++probes)
    if (key(slots_[k] - 1) == id) return false;
  longest_probe_ = std::max(longest_probe_, probes);
  entries_.push_back({static_cast<uint32_t>(text_.size()), static_cast<uint32_t>(id.size()), value, h});
  text_.append(id);
  slots_[k] = static_cast<uint32_t>(entries_.size());
  return true;
}

int64_t IdSet::find(std::string_view id) const {
  if (slots_.empty()) return -1;
  for (size_t k = hash_id(id) & (slots_.size() - 1); slots_[k]; k = (k + 1) & (slots_.size() - 1))
    if (key(slots_[k] - 1) == id) return entries_[slots_[k] - 1].value;
  return -1;
}

void resolve_links(std::vector<Document>& docs, const IdSet& ids, const LinkTexts& links) {
  for (Document& d : docs)
    for (DocLink* l : {&d.prev, &d.next}) {
      if (!LinkTexts::pending(*l)) continue;
      const std::string_view id = links.id(*l), title = links.title(*l);
      const int64_t to = id.empty() ? -1 : ids.find(id);
      if (to >= 0 && to != IdSet::kNotADocument && docs[static_cast<size_t>(to)].display_title == title) {
        l->doc = static_cast<int32_t>(to);
        continue;
      }
      l->id.assign(id);
      l->title.assign(title);
      l->doc = -1;
    }
}

}  // namespace digest
