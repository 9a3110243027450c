// session.cpp — the API facade shared by the CLI and the wasm bindings.
#include "digest/session.h"

#include <algorithm>

#include "digest/doc_json.h"
#include "digest/json_writer.h"
#include "digest/loader.h"
#include "digest/query.h"
#include "digest/render.h"
#include "index_sort.h"

namespace digest {

Session::Session() = default;
Session::~Session() { release_deferred_input(); }

void Session::release_deferred_input() const {
  if (deferred_input_ && deferred_release_) deferred_release_(deferred_input_);
  if (input_drop_) input_drop_();
  else if (kept_ && keeper_drop_) keeper_drop_();  // a copy begun and not finished
  kept_ = 0;
  deferred_input_ = nullptr;
  deferred_release_ = nullptr;
  input_read_ = nullptr;
  input_drop_ = nullptr;
}

bool Session::holds_input() const { return deferred_input_ || input_read_; }

void Session::decode_one(Document& d) const {
  if (d.deferred.empty()) return;
  if (deferred_input_) {
    decode_deferred(deferred_input_, d);
  } else if (input_read_) {
    decode_deferred(d, [](void* self, uint32_t begin, uint32_t end) {
      const Session& s = *static_cast<const Session*>(self);
      s.input_buffer_.resize(end - begin);
      s.input_read_(begin, end, s.input_buffer_.data());
      return std::string_view(s.input_buffer_);
    }, const_cast<Session*>(this));
    if (input_buffer_.capacity() > (1u << 20)) std::string().swap(input_buffer_);
  }
}

int Session::unpack(const Document& d) const {
  const uint32_t i = static_cast<uint32_t>(&d - bundle_->docs.data());
  Document& m = bundle_->docs[i];
  if (holds_input()) decode_one(m);
  return whole_ ? 0 : restore_bodies(*engine_, i, m);
}

static Error damaged_body(const Document& d) {
  return make_error(ErrorCode::INTERNAL, "the body of \"" + d.id.substr(0, 200) + "\" could not be rebuilt from the index");
}

void Session::repack(const Document& doc) const { empty_packed_bodies(bundle_->docs[static_cast<size_t>(&doc - bundle_->docs.data())]); }

Result<std::string> Session::adopt(Result<LoadReport> r) {
  if (!r) return r.error();
  LoadReport& report = r.value();
  auto fresh = std::make_unique<Bundle>(std::move(report.bundle));
  engine_.reset();
  release_deferred_input();  // the bodies of the bundle being replaced
  bundle_ = std::move(fresh);
  whole_ = false;
  engine_ = build_query_engine(*bundle_, TextIndexTiming::kOnFirstSearch);
  set_body_source(*engine_, [](void* self, uint32_t doc) {
    const Session& s = *static_cast<const Session*>(self);
    if (doc == kAllDocuments) s.move_input_out(SIZE_MAX);  // the build starts; it decodes each document's in turn
    else if (doc < s.bundle_->docs.size() && s.holds_input()) s.decode_one(s.bundle_->docs[doc]);
  }, this);
  // The full-text build keeps the bodies as scripts against its text (query.h, set_body_release):
  // each document's fields are emptied once packed, and the load's input is released with the
  // last one (every deferred body was decoded on the way).
  set_body_release(*engine_, [](void* self, uint32_t doc) {
    const Session& s = *static_cast<const Session*>(self);
    if (!s.whole_) empty_packed_bodies(s.bundle_->docs[doc]);  // (bundle() was called: they stay)
    if (doc + 1 == s.bundle_->docs.size()) s.release_deferred_input();
  }, this);
  JsonWriter w;
  w.begin_object();
  w.field("title", bundle_->title);
  w.field("reviews", static_cast<int64_t>(bundle_->review_count()));
  w.field("papers", static_cast<int64_t>(bundle_->paper_count()));
  w.field("digests", static_cast<int64_t>(bundle_->digests.size()));
  w.field("skipped", static_cast<int64_t>(report.skipped));
  w.key("problems");
  w.begin_array();
  for (const auto& e : report.problems) w.raw(e.to_json());
  w.end_array();
  w.end_object();
  load_skipped_ = report.skipped;
  load_problems_ = std::move(report.problems);
  return w.take();
}

Result<std::string> Session::load(std::string_view bytes) {
  ahead_.reset();
  return adopt(load_bundle(bytes));
}

Result<std::string> Session::load_padded(const char* data, size_t size, size_t capacity) {
  ahead_.reset();
  return adopt(load_bundle_padded(data, size, capacity));
}

size_t Session::read_ahead(const char* data, size_t capacity, size_t received) {
  if (!ahead_ || ahead_->data() != data) ahead_ = std::make_unique<BundleReadAhead>(data, capacity);
  ahead_->advance(received);
  return ahead_->elements_read();
}

void Session::drop_read_ahead() { ahead_.reset(); }

void Session::set_input_keeper(void (*keep)(const char*, size_t, size_t, size_t), void (*read)(uint32_t, uint32_t, char*),
                               void (*drop)()) {
  keep_ = keep;
  keeper_read_ = read;
  keeper_drop_ = drop;
}

bool Session::move_input_out(size_t max_bytes) const {
  if (!deferred_input_ || !keep_ || !keeper_read_) return true;
  const size_t n = std::min(max_bytes, deferred_size_ - kept_);
  if (n) keep_(deferred_input_ + kept_, kept_, n, deferred_size_);
  kept_ += n;
  if (kept_ < deferred_size_) return false;
  kept_ = 0;
  if (deferred_release_) deferred_release_(deferred_input_);
  deferred_input_ = nullptr;
  deferred_release_ = nullptr;
  input_read_ = keeper_read_;
  input_drop_ = keeper_drop_;
  return true;
}

Result<std::string> Session::load_padded_owned(char* data, size_t size, size_t capacity, void (*release)(char*)) {
  std::unique_ptr<BundleReadAhead> ahead = std::move(ahead_);
  // With a release function the input is ours: the documents' long bodies stay in it until
  // something reads them (decode_one), so the load copies none of them.
  Result<LoadReport> report = load_bundle_padded(data, size, capacity, kLongStringBytes, ahead.get(), release != nullptr);
  ahead.reset();  // its parser and what it read that the load did not take
  const bool ok = static_cast<bool>(report);
  Result<std::string> summary = adopt(std::move(report));
  // Once the bodies are decoded (or if none was deferred) the Bundle owns copies of every string
  // and the input is dead. It is freed after adopt() built the light part of the index and
  // before the full-text part (the first search, or prepare_search) is built: that part's text
  // arena then finds the input's bytes as one free block. Freed before adopt(), the light index's
  // many small allocations split the block and the arena grew the heap instead (+0.75x of the
  // bundle at the peak).
  bool deferred = false;
  if (ok)
    for (const Document& d : bundle_->docs) deferred |= !d.deferred.empty();
  if (deferred) {
    deferred_input_ = data;
    deferred_size_ = size;
    deferred_release_ = release;
  } else if (release) {
    release(data);
  }
  return summary;
}

static Error not_loaded() { return make_error(ErrorCode::NOT_FOUND, "no bundle is loaded"); }

Result<std::string> Session::list(int64_t offset, int64_t limit) const {
  if (!bundle_) return not_loaded();
  std::vector<uint32_t> order = documents_newest_first(*bundle_);
  int64_t total = static_cast<int64_t>(order.size());
  offset = std::clamp<int64_t>(offset, 0, total);
  limit = std::clamp<int64_t>(limit, 0, total - offset);
  JsonWriter w;
  w.begin_object();
  w.field("total", total);
  w.key("docs");
  w.begin_array();
  for (int64_t i = offset; i < offset + limit; ++i) write_document_summary_json(w, bundle_->docs[order[i]]);
  w.end_array();
  w.end_object();
  return w.take();
}

Result<std::string> Session::get(std::string_view id) const {
  if (!bundle_) return not_loaded();
  const Bundle& b = *bundle_;
  for (const auto& g : b.digests) {
    if (g.id == id) {
      JsonWriter w;
      w.begin_object();
      w.key("doc");
      w.null();
      w.key("digest");
      write_digest_json(w, b, g, true);
      // The digest page can show its papers by upvotes (most first; unknown last; ties by rank).
      std::vector<uint32_t> by_upvotes = g.papers;
      qi::stable_sort_indices(by_upvotes, [&](uint32_t x, uint32_t y) {
        if (b.docs[x].upvotes != b.docs[y].upvotes) return b.docs[x].upvotes > b.docs[y].upvotes;
        return b.docs[x].rank < b.docs[y].rank;
      });
      w.key("by_upvotes");
      w.begin_array();
      for (uint32_t i : by_upvotes) w.value(b.docs[i].id);
      w.end_array();
      // Neighbouring digests of the same kind in date order, for previous/next day navigation.
      const Digest* prev = nullptr;
      const Digest* next = nullptr;
      for (const auto& o : b.digests) {
        if (o.kind != g.kind || o.id == g.id) continue;
        if (o.date < g.date && (!prev || o.date > prev->date)) prev = &o;
        if (o.date > g.date && (!next || o.date < next->date)) next = &o;
      }
      w.key("prev");
      if (prev) write_digest_json(w, b, *prev, false); else w.null();
      w.key("next");
      if (next) write_digest_json(w, b, *next, false); else w.null();
      w.end_object();
      return w.take();
    }
  }
  for (const auto& d : b.docs) {
    if (d.id != id) continue;
    JsonWriter w;
    w.begin_object();
    w.key("doc");
    const int packed = unpack(d);
    if (packed < 0) return damaged_body(d);
    write_document_json(w, b, d, true, true);
    if (packed) repack(d);
    w.key("digest");
    const Digest* parent = nullptr;
    for (const auto& g : b.digests)
      if (g.id == d.parent) parent = &g;
    if (parent) write_digest_json(w, b, *parent, false);
    else w.null();
    w.end_object();
    return w.take();
  }
  Error e = make_error(ErrorCode::NOT_FOUND, "no document with id \"" + std::string(id.substr(0, 200)) + "\"");
  return e;
}

Result<std::string> Session::digests() const {
  if (!bundle_) return not_loaded();
  std::vector<const Digest*> order;
  for (const auto& g : bundle_->digests) order.push_back(&g);
  qi::sort_items(order, [](const Digest* a, const Digest* b) {
    if (a->date != b->date) return a->date > b->date;
    return a->id < b->id;
  }, SIZE_MAX, true);
  JsonWriter w;
  w.begin_object();
  w.key("digests");
  w.begin_array();
  for (const Digest* g : order) write_digest_json(w, *bundle_, *g, false);
  w.end_array();
  w.end_object();
  return w.take();
}

Result<std::string> Session::query(std::string_view request_json) const {
  if (!bundle_) return not_loaded();
  return run_query_json(*engine_, request_json);
}

const Bundle* Session::bundle() const {
  if (!bundle_) return nullptr;
  if (!whole_) {
    whole_ = true;  // from now on nothing is emptied: the caller may read any body at any time
    if (holds_input()) {
      for (Document& d : bundle_->docs) decode_one(d);
      release_deferred_input();
    }
    for (uint32_t i = 0; i < bundle_->docs.size(); ++i) restore_bodies(*engine_, i, bundle_->docs[i]);
  }
  return bundle_.get();
}

Result<std::string> Session::prepare_search() const {
  if (!bundle_) return not_loaded();
  prepare_text_index(*engine_);
  return std::string("{\"ready\":true}");
}

Result<std::string> Session::prepare_search_step(int64_t documents) const {
  if (!bundle_) return not_loaded();
  const uint32_t slice = static_cast<uint32_t>(std::clamp<int64_t>(documents, 1, UINT32_MAX));
  // The input goes to its keeper first, a few MiB a step (one copy of a 86 MB bundle took ~46 ms).
  if (!move_input_out(input_step_bytes_)) return std::string("{\"ready\":false}");
  return std::string(prepare_text_index_step(*engine_, slice) ? "{\"ready\":true}" : "{\"ready\":false}");
}

Result<std::string> Session::related(std::string_view id, int limit) const {
  if (!bundle_) return not_loaded();
  return related_json(*engine_, id, limit);
}

std::string Session::facet_name(std::string_view facet, std::string_view value) const {
  return bundle_ ? digest::facet_name(*engine_, facet, value) : std::string(value);
}

Result<std::string> Session::facet_values() const {
  if (!bundle_) return not_loaded();
  return facet_values_json(*engine_);
}

// The document with `id`, or the NOT_FOUND error render() and render_parts() return.
static Result<const Document*> find_document(const Bundle& bundle, std::string_view id) {
  for (const auto& d : bundle.docs)
    if (d.id == id) return &d;
  return make_error(ErrorCode::NOT_FOUND, "no document with id \"" + std::string(id.substr(0, 200)) + "\"");
}

Result<std::string> Session::render(std::string_view id, int section_level) const {
  if (!bundle_) return not_loaded();
  Result<const Document*> d = find_document(*bundle_, id);
  if (!d) return d.error();
  const int packed = unpack(*d.value());
  if (packed < 0) return damaged_body(*d.value());
  Result<std::string> html = render_document_json(*bundle_, *d.value(), section_level);
  if (packed) repack(*d.value());
  return html;
}

Result<std::string> Session::render_markdown(std::string_view markdown) const {
  return render_markdown_json(markdown, RenderOptions{});
}

Result<std::string> Session::render_parts(std::string_view id, Utf16Buffer& html, int section_level) const {
  html.clear();
  if (!bundle_) return not_loaded();
  Result<const Document*> d = find_document(*bundle_, id);
  if (!d) return d.error();
  std::vector<TocEntry> toc;
  const int packed = unpack(*d.value());
  if (packed < 0) return damaged_body(*d.value());
  Status st = render_document_utf16(*bundle_, *d.value(), html, toc, section_level);
  if (packed) repack(*d.value());
  if (!st) {
    html.clear();
    return st.error();
  }
  return render_toc_json(toc);
}

Result<std::string> Session::render_markdown_parts(std::string_view markdown, Utf16Buffer& html, bool bundle_content) const {
  html.clear();
  SlugSet slugs;
  std::vector<TocEntry> toc;
  RenderOptions options;
  options.bundle_content = bundle_content;
  Status st = digest::render_markdown_utf16(markdown, options, html, slugs, toc);
  if (!st) {
    html.clear();
    return st.error();
  }
  return render_toc_json(toc);
}

std::string envelope(const Result<std::string>& r) {
  if (r) return "{\"ok\":true,\"value\":" + r.value() + "}";
  return "{\"ok\":false,\"error\":" + r.error().to_json() + "}";
}

}  // namespace digest
