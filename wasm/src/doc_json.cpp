// doc_json.cpp — JSON views of documents and digests.
#include "digest/doc_json.h"

#include <algorithm>

namespace digest {
namespace {

void write_link(JsonWriter& w, const char* name, const DocLink& l) {
  if (l.id.empty()) return;
  w.key(name);
  w.begin_object();
  w.field("id", l.id);
  w.field("title", l.title);
  w.end_object();
}

}  // namespace

void write_document_json(JsonWriter& w, const Document& d, bool with_bodies, bool with_kind) {
  w.begin_object();
  w.field("id", d.id);
  if (with_kind) {
    w.field("kind", doc_kind_name(d.kind));
    if (!d.parent.empty()) w.field("parent", d.parent);
  }
  if (d.slug != d.id) w.field("slug", d.slug);
  w.field("title", d.title);
  if (d.display_title != d.title) w.field("display_title", d.display_title);
  w.field("date", d.date);
  if (!d.datetime.empty()) w.field("datetime", d.datetime);
  if (!d.updated.empty()) w.field("updated", d.updated);
  if (!d.categories.empty()) w.string_array("categories", d.categories);
  w.string_array("tags", d.tags);
  if (!d.excerpt.empty()) w.field("excerpt", d.excerpt);
  if (!d.arxiv.empty()) w.field("arxiv", d.arxiv);
  if (!d.authors.empty()) w.string_array("authors", d.authors);
  if (!d.institution.empty()) w.field("institution", d.institution);
  if (d.upvotes >= 0) w.field("upvotes", d.upvotes);
  if (d.stars >= 0) w.field("stars", d.stars);
  if (!d.selection.empty()) w.field("selection", d.selection);
  if (!d.analysis.empty()) w.field("analysis", d.analysis);
  if (d.kind == DocKind::PAPER) w.field("rank", d.rank);
  if (!d.prerequisites.empty()) {
    w.key("prerequisites");
    w.begin_array();
    for (const auto& p : d.prerequisites) {
      w.begin_object();
      w.field("name", p.name);
      if (!p.gloss.empty()) w.field("gloss", p.gloss);
      w.end_object();
    }
    w.end_array();
  }
  if (!d.summary.empty()) w.field("summary", d.summary);
  if (with_bodies && !d.sections.empty()) {
    w.key("sections");
    w.begin_array();
    for (const auto& s : d.sections) {
      w.begin_object();
      w.field("name", s.name);
      w.field("markdown", s.markdown);
      w.end_object();
    }
    w.end_array();
  }
  if (with_bodies && !d.markdown.empty()) w.field("markdown", d.markdown);
  if (with_bodies && !d.html.empty()) w.field("html", d.html);
  if (d.toc) w.field("toc", true);
  if (d.ai_written) w.field("ai_written", true);
  write_link(w, "prev", d.prev);
  write_link(w, "next", d.next);
  w.end_object();
}


void write_document_summary_json(JsonWriter& w, const Document& d) {
  w.begin_object();
  w.field("id", d.id);
  w.field("kind", doc_kind_name(d.kind));
  w.field("title", d.display_title);
  w.field("date", d.date);
  w.string_array("tags", d.tags);
  if (!d.excerpt.empty()) w.field("excerpt", d.excerpt);
  if (!d.summary.empty()) w.field("summary", d.summary);
  if (!d.arxiv.empty()) w.field("arxiv", d.arxiv);
  if (!d.institution.empty()) w.field("institution", d.institution);
  if (d.upvotes >= 0) w.field("upvotes", d.upvotes);
  if (d.stars >= 0) w.field("stars", d.stars);
  if (!d.selection.empty()) w.field("selection", d.selection);
  if (!d.analysis.empty()) w.field("analysis", d.analysis);
  if (d.kind == DocKind::PAPER) {
    w.field("rank", d.rank);
    w.field("parent", d.parent);
  }
  w.end_object();
}

void write_digest_json(JsonWriter& w, const Bundle& b, const Digest& g, bool with_papers) {
  w.begin_object();
  w.field("id", g.id);
  w.field("kind", g.kind);
  w.field("title", g.title);
  w.field("date", g.date);
  if (!g.intro.empty()) w.field("intro", g.intro);
  if (g.ranking_count >= 0) w.field("ranking_count", g.ranking_count);
  if (g.recommended_count >= 0) w.field("recommended_count", g.recommended_count);
  if (g.full_text_count >= 0) w.field("full_text_count", g.full_text_count);
  if (g.abstract_count >= 0) w.field("abstract_count", g.abstract_count);
  w.field("paper_count", static_cast<int64_t>(g.papers.size()));
  if (with_papers) {
    w.key("papers");
    w.begin_array();
    for (uint32_t i : g.papers) write_document_summary_json(w, b.docs[i]);
    w.end_array();
  }
  w.end_object();
}

std::vector<uint32_t> documents_newest_first(const Bundle& b) {
  // The sort compares a compact key per document, not the Documents themselves: each
  // comparison then reads 48 adjacent bytes instead of four strings spread over ~600-byte
  // Documents (with libc++'s out-of-line std::string compare in this -Os file, the sort was a
  // tenth of a 2k load in wasm).
  struct Key {
    std::string_view date, datetime, id;
    int64_t rank;
    uint32_t doc;
  };
  std::vector<Key> keys(b.docs.size());
  for (uint32_t i = 0; i < keys.size(); ++i) {
    const Document& d = b.docs[i];
    keys[i] = Key{d.date, d.datetime, d.id, d.rank, i};
  }
  std::stable_sort(keys.begin(), keys.end(), [](const Key& a, const Key& c) {
    if (a.date != c.date) return a.date > c.date;
    if (a.datetime != c.datetime) return a.datetime > c.datetime;
    if (a.rank != c.rank) return a.rank < c.rank;
    return a.id < c.id;
  });
  std::vector<uint32_t> order(keys.size());
  for (size_t k = 0; k < keys.size(); ++k) order[k] = keys[k].doc;
  return order;
}

}  // namespace digest
