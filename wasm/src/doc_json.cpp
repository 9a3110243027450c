// doc_json.cpp — JSON views of documents and digests.
#include "digest/doc_json.h"

#include <algorithm>
#include <cstring>

#include "index_sort.h"
#include "query_internal.h"  // qi::parse_date

namespace digest {
namespace {

void write_link(JsonWriter& w, const char* name, const DocLink& l, const Bundle& b) {
  if (l.doc < 0 && l.id.empty()) return;
  w.key(name);
  w.begin_object();
  w.field("id", b.link_id(l));
  w.field("title", b.link_title(l));
  w.end_object();
}

bool has_hangul(std::string_view s) {
  // Hangul syllables and jamo in UTF-8: lead bytes E1 84-87 (jamo), E3 84-86 (compatibility
  // jamo), EA B0 - ED 9E (syllables).
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    const unsigned char a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if ((a == 0xEA && b >= 0xB0) || a == 0xEB || a == 0xEC || (a == 0xED && b <= 0x9E) || (a == 0xE1 && b >= 0x84 && b <= 0x87) ||
        (a == 0xE3 && b >= 0x84 && b <= 0x86))
      return true;
  }
  return false;
}

}  // namespace

const char* document_lang(const Document& d) {
  return has_hangul(d.title) || has_hangul(d.excerpt) || has_hangul(d.summary) ? "ko" : "en";
}

void write_document_json(JsonWriter& w, const Bundle& b, const Document& d, bool with_bodies, bool with_kind) {
  w.begin_object();
  w.field("id", d.id);
  if (with_kind) {
    w.field("kind", doc_kind_name(d.kind));
    if (!d.parent.empty()) w.field("parent", d.parent);
    w.field("lang", document_lang(d));
  }
  if (!d.slug.empty() && d.slug != d.id) w.field("slug", d.slug);
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
  write_link(w, "prev", d.prev, b);
  write_link(w, "next", d.next, b);
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
  w.field("lang", document_lang(d));
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
  if (!g.papers.empty()) {
    size_t ko = 0;
    for (uint32_t i : g.papers) ko += document_lang(b.docs[i])[0] == 'k';
    w.field("lang", ko * 2 > g.papers.size() ? "ko" : "en");
  }
  if (with_papers) {
    w.key("papers");
    w.begin_array();
    for (uint32_t i : g.papers) write_document_summary_json(w, b.docs[i]);
    w.end_array();
  }
  w.end_object();
}

namespace {
// Bytewise three-way comparison (std::string_view::compare without libc++'s out-of-line call).
int compare_bytes(std::string_view a, std::string_view b) {
  const int c = std::memcmp(a.data(), b.data(), std::min(a.size(), b.size()));
  if (c) return c;
  return a.size() < b.size() ? -1 : a.size() > b.size() ? 1 : 0;
}
}  // namespace

std::vector<uint32_t> documents_newest_first(const Bundle& b) {
  // The sort compares a compact key per document, not the Documents themselves: a comparison
  // then reads adjacent bytes instead of four strings spread over ~600-byte Documents, and a
  // date is one integer (for a valid ten-byte YYYY-MM-DD the integer orders as the text does;
  // anything else falls back to the text). With libc++'s out-of-line std::string compare in
  // this size-optimised file, the sort had been a tenth of a 2k load in wasm.
  struct Key {
    int32_t date;  // yyyymmdd (qi::parse_date of a ten-byte date), or 0: compare the text
    int64_t rank;
    std::string_view date_text, datetime, id;
  };
  std::vector<Key> keys(b.docs.size());
  std::vector<uint32_t> order(b.docs.size());
  for (uint32_t i = 0; i < keys.size(); ++i) {
    const Document& d = b.docs[i];
    keys[i] = Key{d.date.size() == 10 ? qi::parse_date(d.date) : 0, d.rank, d.date, d.datetime, d.id};
    order[i] = i;
  }
  // Indices are sorted (the core's one stable sort of indices), their keys looked up.
  qi::stable_sort_indices(order, [&keys](uint32_t x, uint32_t y) {
    const Key& a = keys[x];
    const Key& c = keys[y];
    if (a.date && c.date) {
      if (a.date != c.date) return a.date > c.date;
    } else if (int k = compare_bytes(a.date_text, c.date_text)) {
      return k > 0;
    }
    if (int k = compare_bytes(a.datetime, c.datetime)) return k > 0;
    if (a.rank != c.rank) return a.rank < c.rank;
    return compare_bytes(a.id, c.id) < 0;
  });
  return order;
}

}  // namespace digest
