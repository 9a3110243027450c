// ingest_internal.h — helpers shared by the ingest parsers (not a public header).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "digest/ingest.h"
#include "digest/text_normalize.h"

namespace digest::ingest {

// One line of a source, without its line ending ("\n" or "\r\n").
struct Line {
  std::string_view text;
  int64_t number = 0;  // 1-based
  size_t offset = 0;   // byte offset of the first byte
};

std::vector<Line> split_lines(std::string_view bytes, size_t start = 0, int64_t first_number = 1);
std::string_view trim(std::string_view s);
inline bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }
inline bool ends_with(std::string_view s, std::string_view p) {
  return s.size() >= p.size() && s.substr(s.size() - p.size()) == p;
}
// A permalink as a document id: trimmed, runs of '/' collapsed to one ("//a//b//" -> "a/b": the
// viewer's router splits ids on '/' and cannot open an empty segment), outer '/' removed.
std::string permalink_id(std::string_view s);
// Decodes the common HTML character references in plain text: &amp; &lt; &gt; &quot; &#39;
// &apos; &nbsp; (as a space) and numeric &#NNN; / &#xHH;. Anything else (an unknown name, a
// reference to NUL, a surrogate or beyond U+10FFFF, no ';') stays as written.
std::string decode_entities(std::string_view s);
// Skips a UTF-8 BOM.
std::string_view strip_bom(std::string_view s);
// BAD_SOURCE error at `line` (BAD_VALUE when `code` says so).
Error source_error(int64_t line, std::string message, ErrorCode code = ErrorCode::BAD_SOURCE);
// Decimal digits only (commas allowed as thousands separators) -> value; false otherwise.
bool parse_count(std::string_view s, int64_t& out);
// First run of decimal digits in `s` (after optional spaces), -1 if none.
int64_t leading_number(std::string_view s);
// Splits on `sep` at parenthesis depth 0, trimming each piece; empty pieces dropped.
std::vector<std::string> split_top_level(std::string_view s, char sep);
// arXiv id from a URL or text containing "arxiv.org/abs/<id>" or "arxiv.org/pdf/<id>", "" if none.
std::string arxiv_from_text(std::string_view s);
// Known section names of a digest paper, in their canonical order (with emoji as written).
const std::vector<std::string>& digest_section_names();
// Joins content lines as markdown: consecutive list items with "\n", everything else with "\n\n".
std::string join_markdown_lines(const std::vector<std::string_view>& lines);
// Digest paper document skeleton (id "<digest>/<rank>", kind PAPER, parent, date).
Document make_paper(const Digest& digest, int64_t rank, std::string title);

}  // namespace digest::ingest
