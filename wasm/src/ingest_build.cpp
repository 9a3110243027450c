// ingest_build.cpp — build_bundle: sources -> Bundle, with problems reported per file.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "digest/ingest.h"
#include "digest/utf8.h"
#include "ingest_internal.h"

namespace digest {

using namespace ingest;

namespace {

struct Parsed {
  size_t source = 0;
  SourceForm form = SourceForm::UNKNOWN;
  bool is_review = false;
  ParsedReview review;
  ParsedDigest digest;
};

Result<Parsed> parse_one(const SourceFile& src) {
  Parsed p;
  if (src.bytes.size() > kMaxSourceBytes)
    return source_error(1, "source is larger than " + std::to_string(kMaxSourceBytes >> 20) + " MiB", ErrorCode::TOO_LARGE);
  // A UTF-16 file (Windows "Unicode") is half zero bytes: say so instead of "invalid UTF-8 at byte 0".
  if (starts_with(src.bytes, "\xFF\xFE") || starts_with(src.bytes, "\xFE\xFF"))
    return source_error(1, std::string("the file is UTF-16 (") + (src.bytes[0] == '\xFF' ? "little" : "big") +
                               "-endian byte order mark); save it as UTF-8", ErrorCode::INVALID_UTF8);
  size_t bad = utf8_first_invalid(src.bytes);
  if (bad != std::string::npos)
    return source_error(line_of_offset(src.bytes, bad), "invalid UTF-8 at byte " + std::to_string(bad),
                        ErrorCode::INVALID_UTF8);
  if (trim(strip_bom(src.bytes)).empty()) return source_error(1, "empty source file", ErrorCode::EMPTY_INPUT);
  // Old Mac line endings (CR only): read as LF. Same length, so byte offsets and T chunk lengths hold.
  std::string lf;
  std::string_view bytes = src.bytes;
  if (bytes.find('\n') == std::string_view::npos && bytes.find('\r') != std::string_view::npos) {
    lf = src.bytes;
    for (char& c : lf)
      if (c == '\r') c = '\n';
    bytes = lf;
  }
  p.form = detect_source_form(bytes);
  switch (p.form) {
    case SourceForm::REVIEW_MARKDOWN:
    case SourceForm::PAGE_PAYLOAD: {
      auto r = p.form == SourceForm::REVIEW_MARKDOWN ? parse_review_markdown(bytes) : parse_page_payload(bytes);
      if (!r) return r.error();
      p.is_review = true;
      p.review = std::move(r.value());
      return p;
    }
    case SourceForm::DIGEST_TEXT:
    case SourceForm::DIGEST_MARKDOWN:
    case SourceForm::ROUNDUP: {
      auto r = p.form == SourceForm::DIGEST_TEXT ? parse_digest_text(bytes)
               : p.form == SourceForm::DIGEST_MARKDOWN ? parse_digest_markdown(bytes)
                                                       : parse_roundup(bytes);
      if (!r) return r.error();
      p.digest = std::move(r.value());
      return p;
    }
    case SourceForm::UNKNOWN: break;
  }
  return source_error(1, "unknown source form: not a review (front matter), page payload, daily digest or "
                         "weekly roundup");
}

}  // namespace

Result<BuildReport> build_bundle(const std::vector<SourceFile>& sources, const BuildOptions& options) {
  BuildReport rep;
  rep.read = sources.size();
  std::vector<Parsed> parsed;
  auto problem = [&](Error e, const SourceFile& src) {
    e.file = src.path;
    rep.problems.push_back(std::move(e));
    ++rep.skipped;
  };

  // 1. Parse every source on its own.
  for (size_t i = 0; i < sources.size(); ++i) {
    auto r = parse_one(sources[i]);
    if (!r) {
      problem(r.error(), sources[i]);
      if (options.strict) return rep.problems.back();
      continue;
    }
    r.value().source = i;
    for (Error w : r.value().is_review ? r.value().review.warnings : r.value().digest.warnings) {
      w.file = sources[i].path;
      rep.warnings.push_back(std::move(w));
    }
    if (r.value().is_review && !r.value().review.published) {
      ++rep.unpublished;
      continue;
    }
    parsed.push_back(std::move(r.value()));
  }

  // 2. Duplicate ids: the first source keeps the id, the later one is reported and skipped.
  std::unordered_map<std::string, size_t> owner;  // id -> source index
  std::vector<Parsed> kept;
  for (Parsed& p : parsed) {
    const SourceFile& src = sources[p.source];
    std::vector<std::pair<std::string, int64_t>> ids;
    if (p.is_review) {
      ids.emplace_back(p.review.doc.id, 1);
    } else {
      ids.emplace_back(p.digest.digest.id, 1);
      for (size_t k = 0; k < p.digest.papers.size(); ++k)
        ids.emplace_back(p.digest.papers[k].id, k < p.digest.paper_lines.size() ? p.digest.paper_lines[k] : 1);
    }
    bool dup = false;
    for (const auto& [id, line] : ids) {
      auto it = owner.find(id);
      if (it == owner.end()) continue;
      problem(source_error(line, "duplicate id \"" + id + "\": already built from " + sources[it->second].path +
                                     " (this file is skipped)", ErrorCode::DUPLICATE_ID), src);
      dup = true;
      break;
    }
    if (dup) {
      if (options.strict) return rep.problems.back();
      continue;
    }
    for (const auto& id : ids) owner.emplace(id.first, p.source);
    kept.push_back(std::move(p));
  }

  // 3. Tag vocabulary of every input, then recovery of the run-together digest tags. A second
  // pass adds the unknown pieces that several papers share (a tag no other form spells out but
  // which the digests agree on), so they become boundaries for the runs that glue them to others.
  TagVocabulary vocab;
  for (const Parsed& p : kept) {
    const std::vector<Document>* docs = nullptr;
    if (p.is_review) {
      for (const auto& t : p.review.doc.tags) vocab.insert(normalize_tag(t));
      continue;
    }
    docs = &p.digest.papers;
    for (const Document& d : *docs)
      for (const auto& t : d.tags) vocab.insert(normalize_tag(t));
  }
  vocab.erase("");
  std::map<std::string, int> unknown_pieces;
  for (int pass = 0; pass < 2; ++pass) {
    for (Parsed& p : kept) {
      if (p.form != SourceForm::DIGEST_TEXT) continue;
      for (size_t k = 0; k < p.digest.papers.size(); ++k) {
        std::vector<std::string> tags = split_tag_run(p.digest.tag_runs[k], vocab);
        if (pass == 0)
          for (const auto& t : tags)
            if (!vocab.count(t)) ++unknown_pieces[t];
        p.digest.papers[k].tags = std::move(tags);
      }
    }
    if (pass == 0) {
      size_t before = vocab.size();
      for (const auto& [t, n] : unknown_pieces)
        if (n >= 2) vocab.insert(t);
      if (vocab.size() == before) break;
    }
  }

  // 4. Assemble: reviews in source order, then each digest's papers.
  Bundle& b = rep.bundle;
  for (Parsed& p : kept)
    if (p.is_review) b.docs.push_back(std::move(p.review.doc));
  for (Parsed& p : kept) {
    if (p.is_review) continue;
    Digest g = std::move(p.digest.digest);
    g.papers.clear();
    std::vector<Document>& papers = p.digest.papers;
    std::stable_sort(papers.begin(), papers.end(), [](const Document& x, const Document& y) { return x.rank < y.rank; });
    for (Document& d : papers) {
      g.papers.push_back(static_cast<uint32_t>(b.docs.size()));
      b.docs.push_back(std::move(d));
    }
    b.digests.push_back(std::move(g));
  }
  rep.built = kept.size();

  // 5. prev/next between reviews in date order (oldest first), replacing any links a page
  // payload carried: those may point at pages that are not in this bundle.
  std::vector<size_t> order;
  for (size_t i = 0; i < b.docs.size(); ++i)
    if (b.docs[i].kind == DocKind::REVIEW) order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    const Document& a = b.docs[x];
    const Document& c = b.docs[y];
    if (a.date != c.date) return a.date < c.date;
    if (a.datetime != c.datetime) return a.datetime < c.datetime;
    return a.id < c.id;
  });
  // A link shows the neighbour's title as the viewer shows it everywhere else: its display title
  // (without the site's "[논문리뷰] " prefix).
  auto link_to = [&](const Document& n) { return DocLink{n.id, n.display_title.empty() ? n.title : n.display_title}; };
  for (size_t k = 0; k < order.size(); ++k) {
    Document& d = b.docs[order[k]];
    d.prev = k > 0 ? link_to(b.docs[order[k - 1]]) : DocLink{};
    d.next = k + 1 < order.size() ? link_to(b.docs[order[k + 1]]) : DocLink{};
  }

  b.build.generator = options.generator;
  b.build.built_at = options.built_at;
  b.build.source_files = static_cast<int64_t>(rep.read);
  b.build.skipped = static_cast<int64_t>(rep.skipped);
  b.build.unpublished = static_cast<int64_t>(rep.unpublished);
  return rep;
}

}  // namespace digest
