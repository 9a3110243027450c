// fuzz_text.cpp — the text model of search and of heading ids on arbitrary bytes:
// normalize_for_search (with its offset map), markdown_to_text, html_to_text, slugify, SlugSet.
//
// Asserts: no crash; the offset map has one entry per output byte plus an end entry, never
// decreases and never points past the input; normalisation is idempotent; the output is valid
// UTF-8; slugify output has no ASCII whitespace or punctuation other than '-' and '_', and a
// SlugSet never hands out the same id twice.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "digest/slug.h"
#include "digest/text_normalize.h"
#include "digest/utf8.h"
#include "fuzz_common.h"

namespace {

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (len == 0 || i + len > s.size()) return false;
    for (size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::vector<uint32_t> map;
  std::string n = digest::normalize_for_search(in, map);
  FUZZ_CHECK(map.size() == n.size() + 1, "offset map size is not output size + 1", in);
  for (size_t i = 0; i < map.size(); ++i) {
    FUZZ_CHECK(map[i] <= size, "offset map points past the input", in);
    FUZZ_CHECK(i == 0 || map[i] >= map[i - 1], "offset map decreases", in);
  }
  FUZZ_CHECK(valid_utf8(n), "normalize_for_search output is not UTF-8", n);
  FUZZ_CHECK(digest::normalize_for_search(n) == n, "normalize_for_search is not idempotent", in);
  (void)digest::markdown_to_text(in);
  (void)digest::html_to_text(in);
  std::string slug = digest::slugify(in);
  for (char c : slug) {
    unsigned char u = static_cast<unsigned char>(c);
    bool ok = u >= 0x80 || std::isalnum(u) || c == '-' || c == '_';
    FUZZ_CHECK(ok, "slugify kept a character it should drop", slug);
    FUZZ_CHECK(!(u >= 'A' && u <= 'Z'), "slugify kept an upper-case ASCII letter", slug);
  }
  digest::SlugSet set;
  std::string a = set.unique(in), b = set.unique(in), c = set.unique(slug);
  FUZZ_CHECK(a != b && b != c && a != c, "SlugSet handed out a duplicate id", a + " / " + b + " / " + c);
  return 0;
}
