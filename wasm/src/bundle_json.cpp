// bundle_json.cpp — Bundle -> format-v1 JSON (the inverse of the loader).
#include "digest/doc_json.h"
#include "digest/json_writer.h"
#include "digest/loader.h"

namespace digest {

std::string bundle_to_json(const Bundle& b) {
  JsonWriter w;
  w.begin_object();
  w.field("format", kBundleFormatName);
  w.field("version", int64_t{kBundleFormatVersion});
  if (!b.title.empty()) w.field("title", b.title);
  w.key("build");
  w.begin_object();
  w.field("generator", b.build.generator);
  if (!b.build.built_at.empty()) w.field("built_at", b.build.built_at);
  if (b.build.source_files >= 0) w.field("source_files", b.build.source_files);
  w.field("skipped", b.build.skipped);
  w.field("unpublished", b.build.unpublished);
  w.end_object();
  w.key("reviews");
  w.begin_array();
  for (const auto& d : b.docs)
    if (d.kind == DocKind::REVIEW) write_document_json(w, b, d, true, false);
  w.end_array();
  w.key("digests");
  w.begin_array();
  for (const auto& g : b.digests) {
    w.begin_object();
    w.field("id", g.id);
    w.field("kind", g.kind);
    if (!g.title.empty()) w.field("title", g.title);
    w.field("date", g.date);
    if (!g.intro.empty()) w.field("intro", g.intro);
    if (g.ranking_count >= 0) w.field("ranking_count", g.ranking_count);
    if (g.recommended_count >= 0) w.field("recommended_count", g.recommended_count);
    if (g.full_text_count >= 0) w.field("full_text_count", g.full_text_count);
    if (g.abstract_count >= 0) w.field("abstract_count", g.abstract_count);
    w.key("papers");
    w.begin_array();
    for (uint32_t i : g.papers) write_document_json(w, b, b.docs[i], true, false);
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace digest
