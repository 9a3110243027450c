// ingest.h — source files of the real site -> Bundle (`digest build`).
//
// Five source forms are read (docs/source-forms.md describes each one, with examples):
//   REVIEW_MARKDOWN  Jekyll review: YAML front matter + markdown body
//   PAGE_PAYLOAD     rendered review page: a React Server Components (RSC) stream
//   DIGEST_TEXT      daily digest as plain text (tags run together, recovered by split_tag_run)
//   DIGEST_MARKDOWN  clean daily digest: front matter `type: daily-digest` + one `##` per paper
//   ROUNDUP          weekly roundup: numbered bold titles, optional front matter `type: weekly-roundup`
// The form is detected from the content (detect_source_form), never from the file name.
//
// Everything here is pure: bytes in, values out. No file IO (the CLI reads the files), so the
// same code can run in the browser. Errors are values: each parse function returns an Error with
// `line` (1-based, within the source) and a message; build_bundle adds `file`, so
// `Error::describe()` prints `file:line: what`.
//
//   std::vector<digest::SourceFile> src = {{"a.md", bytes_a}, {"b.txt", bytes_b}};
//   auto r = digest::build_bundle(src, {});
//   if (!r) { puts(r.error().describe().c_str()); }             // only with options.strict
//   else for (auto& p : r.value().problems) puts(p.describe().c_str());
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "digest/bundle.h"
#include "digest/result.h"

namespace digest {

// Limits. Each one stops a class of hostile input from exhausting memory or time.
constexpr size_t kMaxSourceBytes = size_t{64} << 20;  // 64 MiB per source file: beyond any real page
constexpr size_t kMaxTagRunBytes = 4096;              // run-together tag string: the DP is O(n * 64)
constexpr size_t kMaxTagBytes = 64;                   // longest vocabulary tag tried by split_tag_run
constexpr int kMinSourceYear = kMinYear;              // dates outside these years are typos ("9999-12-31"),
constexpr int kMaxSourceYear = kMaxYear;              // reported as out of range, not placed on the timeline

enum class SourceForm { UNKNOWN, REVIEW_MARKDOWN, PAGE_PAYLOAD, DIGEST_TEXT, DIGEST_MARKDOWN, ROUNDUP };
// "unknown", "review-markdown", "page-payload", "digest-text", "digest-markdown", "roundup".
const char* source_form_name(SourceForm form);

// Detects the form from the first bytes and structure of the content:
//   starts with "---" front matter: `type: daily-digest` (any case) -> DIGEST_MARKDOWN,
//     `type: weekly-roundup` -> ROUNDUP, anything else -> REVIEW_MARKDOWN;
//   first line `<hex>:` followed by an RSC row (`I[`, `[`, `T<hex>,`, `{`, `"`, `null`) -> PAGE_PAYLOAD;
//   first non-blank line starts with "📚" -> DIGEST_TEXT;
//   a line starting `**1.` and a `[논문](` link -> ROUNDUP;
//   else UNKNOWN. Never fails; a broken file of a known form is detected as that form so its
//   parser can say what is wrong.
SourceForm detect_source_form(std::string_view bytes);

// ---- front matter ------------------------------------------------------------------------------

// One front-matter entry: a scalar (quotes removed, escapes decoded) or a list.
struct FrontMatterValue {
  bool is_list = false;
  // A nested block (a map under the key, or a list of maps: Jekyll's `header:` / `sidebar:`). Its
  // lines are skipped; scalar and items are empty. A key the ingest reads reports it.
  bool is_nested = false;
  std::string scalar;
  std::vector<std::string> items;
  int64_t line = -1;  // 1-based line of the key
};

struct FrontMatter {
  std::vector<std::pair<std::string, FrontMatterValue>> entries;  // in source order
  size_t body_offset = 0;  // byte offset of the first byte after the closing `---` line
  int64_t body_line = 1;   // 1-based line number of that byte
  const FrontMatterValue* find(std::string_view key) const;  // nullptr if absent
};

// Parses the YAML subset the site uses, between a first line `---` and a closing `---` (or `...`):
// `key: scalar` (plain, "double" or 'single' quoted, trailing ` # comment` dropped), `key:` followed
// by block list items (`  - item`), flow lists `[a, b]`, comments and blank lines. A key with no
// value followed by indented `key: value` lines, or by list items that are maps (`- title: x`),
// holds a nested block: it is skipped (is_nested) up to the next unindented key.
// Errors (BAD_SOURCE, with line): no opening `---`, unterminated front matter, a line that is not
// `key: value` or a list item, an unterminated quote, a duplicate key, block scalars (`|`, `>`),
// an indented line under a key that has a value.
Result<FrontMatter> parse_front_matter(std::string_view bytes);

// true/false/yes/no/on/off (case-insensitive) -> value; anything else -> nullopt-like `ok = false`.
bool parse_yaml_bool(std::string_view s, bool& out);

// ---- dates -------------------------------------------------------------------------------------

// A source timestamp: "2025-11-09", "2025-11-09 22:08:24+0900", "2025-11-09T22:08:24+09:00",
// "2025-11-09 22:08" ... The calendar date is validated (month 1-12, day within the month).
struct SourceDate {
  std::string date;      // "2025-11-09": the local date as written (the date the site shows)
  std::string datetime;  // "2025-11-09T22:08:24+09:00", or empty when only a date was written
};
// BAD_VALUE (message says what) when `s` is not such a timestamp.
Result<SourceDate> parse_source_date(std::string_view s);

// ---- per-form parsers --------------------------------------------------------------------------

// A review from markdown or a page payload. `published` is false for `published: false`.
struct ParsedReview {
  Document doc;
  bool published = true;
  std::vector<Error> warnings;  // the review still loads; each says what and at which line
};

// Form REVIEW_MARKDOWN. Required: title, date, permalink (id = slug = the permalink with runs of
// '/' collapsed and outer '/' removed: "//a//b//" -> "a/b"). The body lines the viewer shows as
// metadata (the `> **링크:**` blockquote, the `**저자:**` line, the `> ⚠️ **알림:** ... AI` notice)
// are moved into arxiv / authors / ai_written and dropped from `markdown`.
Result<ParsedReview> parse_review_markdown(std::string_view bytes);

// Form PAGE_PAYLOAD. Text chunks (`<id>:T<hex byte length>,<bytes>`) are read by byte length;
// the `2:` row is parsed with simdjson and walked for the title (h1.page__title), the date
// (<time dateTime> or "2025년 12월 5일"), the updated date ("수정: ..."), tags (page__taxonomy-item),
// the category ("<name> 의 다른글") and the 이전글/다음글 links. The slug comes from the
// `["slug","ai/review/...","c"]` row. The body chunk goes to `doc.html` untouched (untrusted:
// the renderer sanitises it). Errors: unterminated chunk, bad chunk length, missing `2:` row,
// JSON errors in it, no title/date/slug.
Result<ParsedReview> parse_page_payload(std::string_view bytes);

// A daily digest or weekly roundup with its papers (kind PAPER, parent = digest id, rank set).
struct ParsedDigest {
  Digest digest;                     // `papers` is left empty: build_bundle fills the indices
  std::vector<Document> papers;      // in rank order
  std::vector<std::string> tag_runs; // DIGEST_TEXT only: per paper, the run-together tag string
  std::vector<int64_t> paper_lines;  // 1-based line of each paper's heading
  // Warning-level problems: the digest still loads, but something in it may be misread (text that
  // could not be placed, a paper count that differs from the stated counts). Each has a line.
  std::vector<Error> warnings;
};

// Form DIGEST_TEXT. Paper tags are left empty; `tag_runs` holds the raw strings for
// split_tag_run (build_bundle does this with the vocabulary of all inputs).
Result<ParsedDigest> parse_digest_text(std::string_view bytes);
// Form DIGEST_MARKDOWN (docs/source-forms.md defines it).
Result<ParsedDigest> parse_digest_markdown(std::string_view bytes);
// Form ROUNDUP. The date comes from front matter (`date:`); without one it is an error
// (BAD_SOURCE at line 1: a roundup without a date cannot be placed or given an id).
// A paper starts with `**N. Title**` (the space after `N.` is optional). A `---` line after the
// papers ends the last paper: the closing text after it goes to the digest's `intro` (after the
// opening text, below a `---`), never into the last paper.
Result<ParsedDigest> parse_roundup(std::string_view bytes);

// ---- tag recovery ------------------------------------------------------------------------------

// Tag vocabulary: normalised tags ("Spatial Reasoning" -> "spatial-reasoning").
using TagVocabulary = std::unordered_set<std::string>;
// Lower-case ASCII letters, spaces and underscores -> '-', runs of '-' collapsed, trimmed.
std::string normalize_tag(std::string_view tag);

// Splits a run-together tag string ("llmreasoningknowledge-base") into tags by dynamic
// programming: known vocabulary tags are preferred, a boundary never sits next to a hyphen
// (tags are hyphen-joined words, so "moose-" + "star" is not a split), and text that matches no
// known tag stays one piece (an unknown tag) rather than being cut into junk. Unrecoverable:
// two adjacent unknown tags ("foobar" could be "foo"+"bar") come out as one tag.
std::vector<std::string> split_tag_run(std::string_view run, const TagVocabulary& vocab);

// Parses a prerequisites line ("A (gloss, with comma), B(gloss2), C"): top-level commas split.
std::vector<Prerequisite> parse_prerequisites(std::string_view s, char separator = ',');

// ---- the builder -------------------------------------------------------------------------------

struct SourceFile {
  std::string path;   // shown in problems; not used to detect the form
  std::string bytes;
};

struct BuildOptions {
  bool strict = false;     // stop at the first problem: build_bundle returns it as the error
  std::string generator;   // BuildInfo::generator
  std::string built_at;    // BuildInfo::built_at (empty for reproducible output)
};

struct BuildReport {
  Bundle bundle;
  std::vector<Error> problems;  // each with file and line; describe() -> "file:line: what"
  // Warnings (file and line set): the source was built, but part of it may be misread. They never
  // skip a source, never stop a --strict build and do not change the exit code.
  std::vector<Error> warnings;
  size_t read = 0;         // sources given
  size_t built = 0;        // sources that produced documents
  size_t skipped = 0;      // sources reported and skipped (read = built + skipped + unpublished)
  size_t unpublished = 0;  // reviews with published: false (not in the bundle)
};

// Builds a bundle from sources, in the given order (the CLI sorts paths). Each source is
// checked for UTF-8, its form detected and parsed; a bad one is reported and skipped, the
// others still build. Then: tags of DIGEST_TEXT papers are recovered against the vocabulary of
// every input; duplicate ids (reviews, digests, papers) are reported and the later source is
// skipped; reviews get prev/next links in (date, datetime, id) order, replacing the links a page
// payload carried (they may point outside the bundle). Docs: reviews in source order, then the
// papers of each digest. Fails only with options.strict (the first problem).
Result<BuildReport> build_bundle(const std::vector<SourceFile>& sources, const BuildOptions& options);

// 1-based line number of byte `offset` in `bytes`.
int64_t line_of_offset(std::string_view bytes, size_t offset);

}  // namespace digest
