// slug.cpp — heading slugs (see slug.h).
#include "digest/slug.h"

#include "digest/utf8.h"

namespace digest {
namespace {

// Code points dropped from slugs although they are not ASCII: punctuation and symbol blocks
// and emoji. Everything else at or above U+0080 is treated as a letter, which keeps Hangul,
// CJK ideographs, kana, Cyrillic, Greek and accented Latin.
bool is_symbol(uint32_t cp) {
  if (cp < 0xC0) return true;                       // Latin-1 punctuation, NBSP, ×-like signs
  if (cp == 0xD7 || cp == 0xF7) return true;        // × ÷
  if (cp >= 0x2000 && cp <= 0x2BFF) return true;    // general punctuation .. misc symbols & arrows
  if (cp >= 0x3000 && cp <= 0x303F) return true;    // CJK symbols and punctuation
  if (cp >= 0xFE00 && cp <= 0xFE0F) return true;    // variation selectors (emoji presentation)
  if (cp >= 0xFE30 && cp <= 0xFE4F) return true;    // CJK compatibility forms
  if (cp >= 0xFF00 && cp <= 0xFF0F) return true;    // fullwidth punctuation
  if (cp >= 0xFF1A && cp <= 0xFF20) return true;
  if (cp >= 0xFF3B && cp <= 0xFF40) return true;
  if (cp >= 0xFF5B && cp <= 0xFF65) return true;
  if (cp == 0xFEFF || cp == 0xFFFD) return true;    // BOM, replacement character
  if (cp >= 0x1F000 && cp <= 0x1FAFF) return true;  // emoji and pictographs
  if (cp >= 0xE0000) return true;                   // tags, private use planes
  return false;
}

}  // namespace

std::string slugify(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_dash = false;
  size_t i = 0;
  while (i < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        pending_dash = !out.empty();
        continue;
      }
      bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
      if (c >= 'A' && c <= 'Z') {
        c = static_cast<unsigned char>(c - 'A' + 'a');
        keep = true;
      }
      if (!keep) continue;
      if (pending_dash) out.push_back('-');
      pending_dash = false;
      out.push_back(static_cast<char>(c));
      continue;
    }
    size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      ++i;
      continue;
    }
    size_t start = i;
    uint32_t cp = utf8_decode(text, i);
    if (cp == 0x3000 || cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A)) {  // Unicode spaces
      pending_dash = !out.empty();
      continue;
    }
    if (is_symbol(cp)) continue;
    if (pending_dash) out.push_back('-');
    pending_dash = false;
    out.append(text.data() + start, len);
  }
  size_t b = 0, e = out.size();
  while (b < e && out[b] == '-') ++b;
  while (e > b && out[e - 1] == '-') --e;
  return out.substr(b, e - b);
}

std::string SlugSet::fragment_id(std::string_view fragment) const {
  std::string id = prefix_;
  if (fragment.substr(0, 3) == "dg-") id += "h-";
  id += fragment;
  return id;
}

std::string SlugSet::unique(std::string_view text) {
  std::string base = slugify(text);
  if (base.empty()) base = "section";
  base = fragment_id(base);
  if (used_.insert(base).second) return base;
  // Every suffix below next_suffix_[base] is taken (used_ only grows), so the search resumes
  // there: n headings with one title cost O(n), not O(n^2).
  int& next = next_suffix_[base];
  for (int n = next < 1 ? 1 : next;; ++n) {
    std::string candidate = base + "-" + std::to_string(n);
    if (used_.insert(candidate).second) {
      next = n + 1;
      return candidate;
    }
  }
}

}  // namespace digest
