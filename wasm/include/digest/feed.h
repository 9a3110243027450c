// feed.h — Atom and JSON Feed 1.1 documents of the newest documents of a bundle.
//
// The paper sites readers come from publish no feeds; the static build writes them beside the
// viewer: `feed.xml` + `feed.json` for the whole collection and one pair per top tag under
// `feeds/tag/<slug>.xml|json`. Entries link into the viewer (`<base>#/doc/<id>`), so a feed
// reader opens the same page a search result does.
//
// Feeds need absolute URLs (JSON Feed requires them; Atom readers resolve relative ones
// inconsistently), hence `FeedOptions::base_url`: where the viewer is hosted.
//
// The output is deterministic (same bundle + options -> same bytes): dates come from the
// documents, never from the clock, so rebuilding an unchanged site leaves the feeds unchanged
// and feed readers see no spurious updates.
//
//   digest::FeedOptions opt;
//   opt.base_url = "https://example.org/reviews/";
//   auto files = digest::build_feeds(bundle, opt);
//   if (!files) return fail(files.error().describe());
//   for (const auto& f : files.value()) write(out_dir + "/" + f.path, f.content);
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "digest/bundle.h"
#include "digest/result.h"

namespace digest {

// Bounds. A hostile --limit or --top-tags must not turn one bundle into gigabytes of feeds.
constexpr size_t kMaxFeedEntries = 1000;  // entries per feed
constexpr size_t kMaxFeedTags = 200;      // per-tag feed pairs

struct FeedOptions {
  std::string base_url;    // absolute http(s) URL of the viewer; a missing trailing '/' is added
  size_t limit = 20;       // entries per feed (newest documents first), 1..kMaxFeedEntries
  size_t top_tags = 10;    // per-tag feeds for this many most used tags, 0..kMaxFeedTags
  std::string title;       // feed title; empty -> the bundle's title, else "Paper Digest"
};

// One output file: `path` is relative to the output folder and uses '/' ("feeds/tag/llm.xml").
struct FeedFile {
  std::string path;
  std::string content;
};

// Metadata of one feed and the documents (indices into bundle.docs, newest first) it lists.
struct FeedSpec {
  std::string title;
  std::string self_path;          // path of the file without extension, e.g. "feed" or "feeds/tag/llm"
  std::string tag;                // the tag of a per-tag feed, empty for the main feed
  std::vector<uint32_t> docs;
};

// The `n` most used tags over all documents, most used first; ties by tag text (byte order).
// Each pair is (tag, number of documents carrying it). Spellings of one tag identity (the viewer's:
// "Large Language Models" = "large-language-models") are one tag, named by its most used spelling.
std::vector<std::pair<std::string, size_t>> top_tags(const Bundle& bundle, size_t n);

// A file-name-safe slug for a tag: slugify() (letters of any script, digits, '-', '_'), or when
// nothing is left "tag-" + the first code points in hex ("🔥" -> "tag-1f525"). Not unique on its
// own: tag_file_name() makes a file name of it.
// A slug longer than kMaxTagSlugBytes is cut to its first 100 bytes (whole characters) plus "-"
// and 8 hex digits of a hash of the whole slug: a file name stays under the 255-byte limit.
constexpr size_t kMaxTagSlugBytes = 120;
std::string tag_slug(std::string_view tag);

// The file name (without extension, under feeds/tag/) of the feed of the tag whose identity
// (qi::tag_key) is `key`: tag_slug(key) when that spells the identity exactly ("llm",
// "large-language-models", "로보틱스"), else the slug, "-" and 8 hex digits of a hash of the identity
// ("c++" -> "c-…", "a.b" -> "ab-…", "🔥" -> "tag-1f525-…"). It depends on the identity alone, so a
// feed keeps its file, and its Atom id, from build to build whatever the other tags and their counts.
std::string tag_file_name(std::string_view key);

// RFC 3339 timestamp of a document: its `datetime` when that is a full RFC 3339 timestamp,
// else `date` at midnight UTC ("2025-11-09T00:00:00Z"), else "" when it has no valid date.
std::string document_timestamp(const Document& doc);

// Atom 1.0 (RFC 4287) and JSON Feed 1.1 text of one feed. `base_url` must already end in '/'.
// Text that XML 1.0 cannot carry (control characters, invalid UTF-8) is replaced with U+FFFD.
std::string atom_feed(const Bundle& bundle, const FeedSpec& spec, std::string_view base_url);
std::string json_feed(const Bundle& bundle, const FeedSpec& spec, std::string_view base_url);

// Every feed file of a bundle: feed.xml, feed.json, then feeds/tag/<slug>.xml|json per top tag.
// Errors: BAD_VALUE when base_url is not an absolute http(s) URL, or limit/top_tags are out of
// bounds (the message names the option).
Result<std::vector<FeedFile>> build_feeds(const Bundle& bundle, const FeedOptions& options);

}  // namespace digest
