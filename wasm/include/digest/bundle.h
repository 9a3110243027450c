// bundle.h — the in-memory data model of a bundle (format v1, see docs/bundle-format.md).
//
// A Bundle is what the loader produces from bundle JSON and what the ingest builder produces
// from source files. It owns all its strings. Documents are flat: reviews and papers (the
// papers of every digest and roundup) live in one `docs` vector so the index, the query engine
// and the renderer see one kind of thing; `digests` keeps each digest's page fields and the
// indices of its papers in `docs`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace digest {

// Whether `s` is written as a date is, YYYY-MM-DD (ten characters, digits and dashes in their
// places), whether or not the calendar has that day: what tells "no such calendar date" from
// "expected YYYY-MM-DD".
inline bool ymd_shaped(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t k : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[k] < '0' || s[k] > '9') return false;
  return true;
}

// The years a date may have, in a source and in a bundle: a date outside them is a typo
// ("9999-12-31", "0205-03-01"), reported and not placed on the timeline (one such date would
// stretch the month chart over centuries).
constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2999;
// Why year `y` is not one a date may have ("" when it is): "year 9999 is outside the supported
// range 1900-2999", for the loader and the source readers alike.
inline std::string year_problem(int y) {
  if (y >= kMinYear && y <= kMaxYear) return "";
  return "year " + std::to_string(y) + " is outside the supported range " + std::to_string(kMinYear) + "-" + std::to_string(kMaxYear);
}
// The year of a ymd_shaped date.
inline int ymd_year(std::string_view s) { return (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'); }

// Bundle format version written by this build; loaders refuse any newer version.
constexpr int kBundleFormatVersion = 1;
// The "format" string every bundle carries, so a stray JSON file is refused clearly.
constexpr const char* kBundleFormatName = "paper-digest-bundle";

enum class DocKind { REVIEW, PAPER };
const char* doc_kind_name(DocKind kind);  // "review" / "paper"

// A prerequisite concept of a paper (사전 지식): "Flow Matching (플로우 매칭, ...)" -> name + gloss.
struct Prerequisite {
  std::string name;
  std::string gloss;  // may be empty
};

// A named section of a digest paper (한 줄 요약, 💡 핵심 아이디어, ...). Markdown text, may be empty.
struct Section {
  std::string name;
  std::string markdown;
};

// A link to a neighbouring document (previous/next), by id, with its title for display.
// A load (loader.h) resolves a link to a document of its bundle whose display title it carries:
// `doc` is then that document's index in Bundle::docs and `id` and `title` are empty (they would
// be copies of its own; a review's two links were ~6% of a bundle's size in memory). link_id and
// link_title read either form.
struct DocLink {
  std::string id;
  std::string title;
  int32_t doc = -1;
};

// A body string a load left undecoded in its input (load_bundle_padded with defer_bodies,
// loader.h): where its content bytes sit (quotes excluded; bundles are at most 1 GiB) and which
// field it fills. decode_deferred (loader.h) fills it in; the Session does that before anything
// reads a body, so the first page of a load is answered without copying the bodies.
struct DeferredText {
  uint32_t begin = 0, end = 0;
  int32_t section = -1;  // sections[section].markdown, or -1: the document's own body
  bool html = false;     // the body: `html` (true) or `markdown` (false)
};

// One searchable, readable document: a review, or one paper of a digest/roundup.
struct Document {
  DocKind kind = DocKind::REVIEW;
  std::string id;             // unique within the bundle; for reviews the slug
  std::string slug;           // permalink path without leading/trailing '/'; a load leaves it empty when it is the id
  std::string title;          // original title, e.g. "[논문리뷰] SIMS-V: ..."
  std::string display_title;  // title without the site's "[논문리뷰] " prefix
  std::string date;           // "YYYY-MM-DD" local date the site shows
  std::string datetime;       // full timestamp as written, e.g. "2025-11-09T22:08:24+09:00" (may be empty)
  std::string updated;        // last modified "YYYY-MM-DD" (may be empty)
  std::vector<std::string> categories;
  std::vector<std::string> tags;
  std::string excerpt;
  std::string arxiv;          // arXiv id, e.g. "2511.04668" (may be empty)
  std::vector<std::string> authors;
  std::string institution;    // papers (may be empty)
  int64_t upvotes = -1;       // papers: Hugging Face upvotes, -1 if absent
  int64_t stars = -1;         // papers: GitHub stars, -1 if absent
  std::string selection;      // papers: "ranking" | "recommended" | "" (unknown)
  std::string analysis;       // papers: "full-text" | "pdf" | "abstract" | ""
  std::vector<Prerequisite> prerequisites;
  std::string summary;        // papers: one-line summary (한 줄 요약)
  std::vector<Section> sections;  // papers: named sections in source order
  std::string markdown;       // markdown body (reviews from markdown sources, roundup papers)
  std::string html;           // untrusted HTML body (imported page payloads); sanitised on render
  bool toc = false;           // front matter asked for a table of contents
  bool ai_written = false;    // body carries the "written by AI" notice
  int64_t rank = 0;           // papers: 1-based rank within the parent digest, 0 for reviews
  std::string parent;         // papers: id of the parent digest; empty for reviews
  DocLink prev;               // previous document in date order (reviews), may be empty
  DocLink next;               // next document in date order (reviews), may be empty
  std::vector<DeferredText> deferred;  // bodies still in the load's input (see DeferredText); usually empty
};

// A daily digest or a weekly roundup: a page that lists papers.
struct Digest {
  std::string id;             // e.g. "digest-2026-03-06" or "roundup-2025-09-28"
  std::string kind;           // "daily" | "weekly"
  std::string title;
  std::string date;           // "YYYY-MM-DD"
  std::string intro;          // markdown shown above the papers (may be empty)
  int64_t ranking_count = -1;      // 📊 ranking-based papers as the digest states, -1 if absent
  int64_t recommended_count = -1;  // 🤖 recommended papers
  int64_t full_text_count = -1;    // 📄 full-text analyses
  int64_t abstract_count = -1;     // 📝 abstract-only analyses
  std::vector<uint32_t> papers;    // indices into Bundle::docs, in rank order
};

// Build metadata written by `digest build`.
struct BuildInfo {
  std::string generator;      // e.g. "digest 0.1.0"
  std::string built_at;       // ISO timestamp, may be empty for reproducible builds
  int64_t source_files = -1;
  int64_t skipped = 0;        // sources reported and skipped
  int64_t unpublished = 0;    // sources with published: false
};

struct Bundle {
  int format_version = kBundleFormatVersion;
  std::string title;          // collection title shown by the viewer, may be empty
  BuildInfo build;
  std::vector<Document> docs;     // reviews first (in file order), then papers
  std::vector<Digest> digests;
  size_t review_count() const;
  size_t paper_count() const;
  // A link's id and title, resolved (DocLink::doc) or as written.
  const std::string& link_id(const DocLink& l) const { return l.doc >= 0 ? docs[static_cast<size_t>(l.doc)].id : l.id; }
  const std::string& link_title(const DocLink& l) const { return l.doc >= 0 ? docs[static_cast<size_t>(l.doc)].display_title : l.title; }
};

}  // namespace digest
