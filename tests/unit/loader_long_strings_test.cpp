// loader_long_strings_test.cpp — the loader's long-string elision (loader.cpp, "Long strings")
// against the loader with elision off.
//
// String values of at least `long_string_bytes` content bytes inside each review/digest are
// replaced by "" in the copy simdjson parses and decoded from the input when their field is read;
// error offsets inside the copy are mapped back to the input. That must be invisible. This test
// generates hundreds of random bundles (seeded, reproducible by index) and loads each one with
// long_string_bytes = SIZE_MAX (every byte through simdjson: the reference) and with the default
// threshold, tiny thresholds (0 elides even "", 1, 2, 5) and a few others, plus load_bundle(),
// and requires identical results: success or failure, every Error member, every Document, Digest
// and bundle field, every problem and the skipped count.
//
// The generated JSON is always syntactically valid but is full of what the elision has to get
// right: every JSON escape, written short or as \u00XX at random; \u escapes for BMP characters,
// surrogate pairs, and lone high/low surrogates (simdjson may reject those: both paths must then
// report the same problem); raw Hangul and emoji; literal backslashes before letters; strings
// ending in an escaped backslash; long strings in every string field, in arrays, in prev/next,
// in unknown fields and nested unknown objects/arrays; long unknown keys; wrong types and bad
// values holding long strings; errors after long strings (offset mapping); duplicate ids,
// missing required fields, digests with bad papers; random whitespace between tokens; null.
//
// A few hand-written cases pin the absolute answers (decoded text, problem offsets).
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "digest/loader.h"
#include "simdjson.h"

namespace {

using digest::Bundle;
using digest::Digest;
using digest::Document;
using digest::Error;
using digest::LoadReport;
using digest::Result;

// ---- loading ------------------------------------------------------------------------------------

// Loads `json` from a buffer followed by simdjson's zero padding, with the given threshold.
Result<LoadReport> load_with(const std::string& json, size_t long_string_bytes) {
  std::vector<char> buf(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  std::memcpy(buf.data(), json.data(), json.size());
  return digest::load_bundle_padded(buf.data(), json.size(), buf.size(), long_string_bytes);
}

// The same with defer_bodies (loader.h): then every document's deferred bodies are decoded from
// the same buffer, as the Session does later. Counts the documents that had bodies deferred, and
// the deferred bodies whose field was not left empty by the load (there must be none).
struct DeferStats {
  size_t documents = 0, bodies = 0, not_empty = 0;
};
Result<LoadReport> load_deferred(const std::string& json, size_t long_string_bytes, DeferStats& st) {
  std::vector<char> buf(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  std::memcpy(buf.data(), json.data(), json.size());
  Result<LoadReport> r = digest::load_bundle_padded(buf.data(), json.size(), buf.size(), long_string_bytes, nullptr, true);
  if (!r.ok()) return r;
  for (Document& d : r.value().bundle.docs) {
    st.documents += !d.deferred.empty();
    for (const digest::DeferredText& t : d.deferred) {
      ++st.bodies;
      const std::string& field = t.section < 0 ? (t.html ? d.html : d.markdown) : d.sections.at(static_cast<size_t>(t.section)).markdown;
      st.not_empty += !field.empty();
    }
    digest::decode_deferred(buf.data(), d);
  }
  return r;
}

// ---- comparison ---------------------------------------------------------------------------------

// Printable form of a value for a failure message (strings quoted, escaped, cut at 160 bytes).
std::string show(const std::string& s) {
  std::string out = "\"";
  for (size_t i = 0; i < s.size() && i < 160; ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (c < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\x%02x", c); out += b; }
    else out += static_cast<char>(c);
  }
  if (s.size() > 160) out += "...(" + std::to_string(s.size()) + " bytes)";
  return out + "\"";
}
std::string show(int64_t v) { return std::to_string(v); }

// Records the first difference between two results, with its path ("docs[3].tags[1]").
class Differ {
 public:
  std::string first;  // empty while equal

  template <typename T>
  void eq(const std::string& where, const char* name, const T& a, const T& b) {
    if (first.empty() && !(a == b)) first = where + name + ": " + show(a) + " != " + show(b);
  }
  void eq_strings(const std::string& where, const char* name, const std::vector<std::string>& a,
                  const std::vector<std::string>& b) {
    eq(where, (std::string(name) + ".size").c_str(), static_cast<int64_t>(a.size()), static_cast<int64_t>(b.size()));
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
      eq(where, (std::string(name) + "[" + std::to_string(i) + "]").c_str(), a[i], b[i]);
  }

  void same_error(const std::string& w, const Error& a, const Error& b) {
    eq(w, "code", std::string(digest::error_code_name(a.code)), std::string(digest::error_code_name(b.code)));
    eq(w, "message", a.message, b.message);
    eq(w, "offset", a.offset, b.offset);
    eq(w, "line", a.line, b.line);
    eq(w, "column", a.column, b.column);
    eq(w, "doc", a.doc, b.doc);
    eq(w, "section", a.section, b.section);
    eq(w, "field", a.field, b.field);
    eq(w, "file", a.file, b.file);
  }

  void same_document(const std::string& w, const Document& a, const Document& b) {
    eq(w, "kind", std::string(digest::doc_kind_name(a.kind)), std::string(digest::doc_kind_name(b.kind)));
    eq(w, "id", a.id, b.id);
    eq(w, "slug", a.slug, b.slug);
    eq(w, "title", a.title, b.title);
    eq(w, "display_title", a.display_title, b.display_title);
    eq(w, "date", a.date, b.date);
    eq(w, "datetime", a.datetime, b.datetime);
    eq(w, "updated", a.updated, b.updated);
    eq_strings(w, "categories", a.categories, b.categories);
    eq_strings(w, "tags", a.tags, b.tags);
    eq(w, "excerpt", a.excerpt, b.excerpt);
    eq(w, "arxiv", a.arxiv, b.arxiv);
    eq_strings(w, "authors", a.authors, b.authors);
    eq(w, "institution", a.institution, b.institution);
    eq(w, "upvotes", a.upvotes, b.upvotes);
    eq(w, "stars", a.stars, b.stars);
    eq(w, "selection", a.selection, b.selection);
    eq(w, "analysis", a.analysis, b.analysis);
    eq(w, "prerequisites.size", static_cast<int64_t>(a.prerequisites.size()), static_cast<int64_t>(b.prerequisites.size()));
    for (size_t i = 0; i < a.prerequisites.size() && i < b.prerequisites.size(); ++i) {
      std::string p = w + "prerequisites[" + std::to_string(i) + "].";
      eq(p, "name", a.prerequisites[i].name, b.prerequisites[i].name);
      eq(p, "gloss", a.prerequisites[i].gloss, b.prerequisites[i].gloss);
    }
    eq(w, "summary", a.summary, b.summary);
    eq(w, "sections.size", static_cast<int64_t>(a.sections.size()), static_cast<int64_t>(b.sections.size()));
    for (size_t i = 0; i < a.sections.size() && i < b.sections.size(); ++i) {
      std::string p = w + "sections[" + std::to_string(i) + "].";
      eq(p, "name", a.sections[i].name, b.sections[i].name);
      eq(p, "markdown", a.sections[i].markdown, b.sections[i].markdown);
    }
    eq(w, "markdown", a.markdown, b.markdown);
    eq(w, "html", a.html, b.html);
    eq(w, "toc", static_cast<int64_t>(a.toc), static_cast<int64_t>(b.toc));
    eq(w, "ai_written", static_cast<int64_t>(a.ai_written), static_cast<int64_t>(b.ai_written));
    eq(w, "rank", a.rank, b.rank);
    eq(w, "parent", a.parent, b.parent);
    eq(w, "prev.id", a.prev.id, b.prev.id);
    eq(w, "prev.title", a.prev.title, b.prev.title);
    eq(w, "next.id", a.next.id, b.next.id);
    eq(w, "next.title", a.next.title, b.next.title);
    eq(w, "prev.doc", a.prev.doc, b.prev.doc);
    eq(w, "next.doc", a.next.doc, b.next.doc);
  }

  void same_digest(const std::string& w, const Digest& a, const Digest& b) {
    eq(w, "id", a.id, b.id);
    eq(w, "kind", a.kind, b.kind);
    eq(w, "title", a.title, b.title);
    eq(w, "date", a.date, b.date);
    eq(w, "intro", a.intro, b.intro);
    eq(w, "ranking_count", a.ranking_count, b.ranking_count);
    eq(w, "recommended_count", a.recommended_count, b.recommended_count);
    eq(w, "full_text_count", a.full_text_count, b.full_text_count);
    eq(w, "abstract_count", a.abstract_count, b.abstract_count);
    eq(w, "papers.size", static_cast<int64_t>(a.papers.size()), static_cast<int64_t>(b.papers.size()));
    for (size_t i = 0; i < a.papers.size() && i < b.papers.size(); ++i)
      eq(w, ("papers[" + std::to_string(i) + "]").c_str(), static_cast<int64_t>(a.papers[i]), static_cast<int64_t>(b.papers[i]));
  }

  void same_report(const LoadReport& a, const LoadReport& b) {
    const Bundle& x = a.bundle;
    const Bundle& y = b.bundle;
    eq("", "format_version", static_cast<int64_t>(x.format_version), static_cast<int64_t>(y.format_version));
    eq("", "title", x.title, y.title);
    eq("build.", "generator", x.build.generator, y.build.generator);
    eq("build.", "built_at", x.build.built_at, y.build.built_at);
    eq("build.", "source_files", x.build.source_files, y.build.source_files);
    eq("build.", "skipped", x.build.skipped, y.build.skipped);
    eq("build.", "unpublished", x.build.unpublished, y.build.unpublished);
    eq("", "docs.size", static_cast<int64_t>(x.docs.size()), static_cast<int64_t>(y.docs.size()));
    for (size_t i = 0; i < x.docs.size() && i < y.docs.size(); ++i)
      same_document("docs[" + std::to_string(i) + "].", x.docs[i], y.docs[i]);
    eq("", "digests.size", static_cast<int64_t>(x.digests.size()), static_cast<int64_t>(y.digests.size()));
    for (size_t i = 0; i < x.digests.size() && i < y.digests.size(); ++i)
      same_digest("digests[" + std::to_string(i) + "].", x.digests[i], y.digests[i]);
    eq("", "problems.size", static_cast<int64_t>(a.problems.size()), static_cast<int64_t>(b.problems.size()));
    for (size_t i = 0; i < a.problems.size() && i < b.problems.size(); ++i)
      same_error("problems[" + std::to_string(i) + "].", a.problems[i], b.problems[i]);
    eq("", "skipped", static_cast<int64_t>(a.skipped), static_cast<int64_t>(b.skipped));
  }

  void same_result(const Result<LoadReport>& a, const Result<LoadReport>& b) {
    eq("", "ok", static_cast<int64_t>(a.ok()), static_cast<int64_t>(b.ok()));
    if (!first.empty()) {
      first += " (reference: " + (a.ok() ? std::string("ok") : a.error().describe()) +
               "; elided: " + (b.ok() ? std::string("ok") : b.error().describe()) + ")";
      return;
    }
    if (a.ok()) same_report(a.value(), b.value());
    else same_error("error.", a.error(), b.error());
  }
};

// ---- random bundles -----------------------------------------------------------------------------

std::string utf8(const std::u32string& s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

struct Stats {
  size_t documents = 0;     // reviews and papers written
  size_t long_strings = 0;  // string literals of kLongStringBytes content bytes or more
  size_t long_plain_strings = 0;  // ... of which without any \u escape
  size_t lone_surrogates = 0;
};

// Writes random bundle JSON. Each bundle is a function of the seed alone.
class Gen {
 public:
  Gen(uint32_t seed, Stats& stats) : rng_(seed), st_(stats) {}
  // Off: no \u escape of a surrogate anywhere (astral characters raw, no lone ones), the only
  // inputs whose bodies a load may defer (loader.h, defer_bodies). Same random draws either way.
  void surrogate_escapes(bool on) { surrogates_ = on; }

  std::string bundle() {
    std::vector<std::pair<std::string, std::string>> top;
    const int fault = chance(0.04) ? pick(8) : -1;  // a bundle-level error, now and then
    if (fault != 0) top.push_back({key("format"), fault == 1 ? lit(text(70, 90)) : R"("paper-digest-bundle")"});
    if (fault != 2) top.push_back({key("version"), fault == 3 ? "2" : fault == 7 ? "1.0e0" : "1"});
    if (chance(0.7)) top.push_back({key("title"), fault == 4 ? "12" : chance(0.1) ? "null" : lit(text_any())});
    if (chance(0.7)) top.push_back({key("build"), build(fault == 5)});
    std::vector<std::string> reviews;
    for (int n = pick(9); n > 0; --n) reviews.push_back(review_element());
    top.push_back({key("reviews"), fault == 6 ? lit(text(64, 200)) : array(reviews)});
    std::vector<std::string> digests;
    for (int n = pick(4); n > 0; --n) digests.push_back(digest_element());
    if (chance(0.9)) top.push_back({key("digests"), array(digests)});
    for (int n = pick(3); n > 0; --n) top.push_back({lit(U"x_" + text(0, 12)), any_value(0)});
    if (chance(0.5)) top.push_back({key("extra"), array({lit(text(64, 300)), any_value(1)})});  // split, ignored
    std::shuffle(top.begin(), top.end(), rng_);
    return (chance(0.05) ? "\xEF\xBB\xBF" : "") + ws() + object(top) + ws();
  }

 private:
  std::mt19937 rng_;
  Stats& st_;
  bool surrogates_ = true;
  int next_id_ = 0;
  std::vector<std::string> ids_;  // JSON literals of ids used so far, for duplicates

  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  int range(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  bool chance(double p) { return std::bernoulli_distribution(p)(rng_); }

  // Whitespace between tokens: mostly none or one space, sometimes lines and tabs.
  std::string ws() {
    switch (pick(12)) {
      case 0: case 1: case 2: case 3: case 4: case 5: return "";
      case 6: case 7: case 8: return " ";
      case 9: return "\n" + std::string(pick(6), ' ');
      case 10: return "\r\n\t";
      default: return " \n\n  \t ";
    }
  }

  // ---- text ----

  // One piece of text content (code points): mostly ASCII, then everything that needs escaping
  // or decoding.
  std::u32string piece() {
    static const char32_t kEscaped[] = {U'"', U'\\', U'/', U'\b', U'\f', U'\n', U'\r', U'\t'};
    static const char32_t kWide[] = {U'é', U'ß', U'中', 0x2028, 0xFEFF, 0xFFFD, 0x80, 0x7FF, 0x800,
                                     0x1F600, 0x1F916, 0x10FFFF, 0x10000};
    static const char kAscii[] = "abcdefghijklmnopqrstuvwxyz0123456789 .,:;-_()[]{}#*$^&%!?'<>=+|~`@";
    int r = pick(100);
    if (r < 62) return std::u32string(1, static_cast<char32_t>(kAscii[pick(sizeof kAscii - 1)]));
    if (r < 74) return std::u32string(1, kEscaped[pick(8)]);
    if (r < 76) return std::u32string(1, static_cast<char32_t>(chance(0.9) ? range(1, 0x1F) : chance(0.5) ? 0x7F : 0));
    if (r < 88) return std::u32string(1, kWide[pick(sizeof kWide / sizeof kWide[0])]);
    if (r < 93) return U"모델이";
    switch (pick(5)) {  // a literal backslash before something escape-like
      case 0: return U"\\n";
      case 1: return U"\\u00e9";
      case 2: return U"\\\"";
      case 3: return U"\\\\";
      default: return U"\\";
    }
  }
  std::u32string text(size_t min_len, size_t max_len) {
    size_t n = static_cast<size_t>(range(static_cast<int>(min_len), static_cast<int>(max_len)));
    std::u32string s;
    while (s.size() < n) s += piece();
    if (chance(0.05)) s += U'\\';  // ends in a backslash: the literal ends in \\"
    return s;
  }
  std::u32string text_short() { return text(0, 12); }
  std::u32string text_long() { return text(64, chance(0.1) ? 800 : 200); }
  std::u32string text_any() {
    switch (pick(5)) {
      case 0: return text(0, 8);
      case 1: return text(9, 40);
      case 2: return text(55, 75);  // around the default threshold
      default: return text_long();
    }
  }

  std::string hex4(unsigned v) {
    char b[8];
    std::snprintf(b, sizeof b, chance(0.5) ? "%04x" : "%04X", v);
    return b;
  }
  // A JSON string literal for `s`, escaping at random (\/ or /, \n or \u000a, é or \u00e9...),
  // and now and then with a lone or reversed surrogate escape. Half the literals are "plain":
  // no \u escape at all (the loader decodes those itself; a \u sends a string to simdjson), so
  // there a control character that only \u can spell is written as \b instead.
  std::string lit(const std::u32string& s) {
    std::string out = "\"";
    const bool plain = chance(0.5);
    size_t lone_at = chance(0.004) ? static_cast<size_t>(pick(static_cast<int>(s.size()) + 1)) : SIZE_MAX;
    if (!surrogates_) lone_at = SIZE_MAX;
    for (size_t i = 0; i <= s.size(); ++i) {
      if (i == lone_at) {
        static const char* kLone[] = {"\\ud800", "\\uDBFF", "\\udc00", "\\uDFFF", "\\ude00\\ud83d", "\\ud83dx", "\\ud83d\\n"};
        out += kLone[pick(7)];
        ++st_.lone_surrogates;
      }
      if (i == s.size()) break;
      const char32_t c = s[i];
      const bool u = !plain && chance(0.1);  // write as \uXXXX where that is allowed
      switch (c) {
        case U'"': out += u ? "\\u" + hex4(c) : "\\\""; break;
        case U'\\': out += u ? "\\u" + hex4(c) : "\\\\"; break;
        case U'/': out += u ? "\\u" + hex4(c) : chance(0.4) ? "\\/" : "/"; break;
        case U'\b': out += u ? "\\u" + hex4(c) : "\\b"; break;
        case U'\f': out += u ? "\\u" + hex4(c) : "\\f"; break;
        case U'\n': out += u ? "\\u" + hex4(c) : "\\n"; break;
        case U'\r': out += u ? "\\u" + hex4(c) : "\\r"; break;
        case U'\t': out += u ? "\\u" + hex4(c) : "\\t"; break;
        default:
          if (c < 0x20) {
            out += plain ? "\\b" : "\\u" + hex4(c);
          } else if (!u || (c < 0x80 && chance(0.7))) {
            out += utf8(std::u32string(1, c));
          } else if (c < 0x10000 || !surrogates_) {
            out += c < 0x10000 ? "\\u" + hex4(c) : utf8(std::u32string(1, c));
          } else {
            const unsigned v = c - 0x10000;
            out += "\\u" + hex4(0xD800 + (v >> 10)) + "\\u" + hex4(0xDC00 + (v & 0x3FF));
          }
      }
    }
    out += '"';
    if (out.size() - 2 >= digest::kLongStringBytes) {
      ++st_.long_strings;
      if (plain && lone_at == SIZE_MAX) ++st_.long_plain_strings;
    }
    return out;
  }
  // A known key, written plainly (the top-level split compares raw key bytes).
  std::string key(const std::string& k) { return "\"" + k + "\""; }

  // ---- structure ----

  std::string object(const std::vector<std::pair<std::string, std::string>>& members) {
    std::string out = "{" + ws();
    for (size_t i = 0; i < members.size(); ++i) {
      if (i) out += ws() + "," + ws();
      out += members[i].first + ws() + ":" + ws() + members[i].second;
    }
    return out + ws() + "}";
  }
  std::string array(const std::vector<std::string>& items) {
    std::string out = "[" + ws();
    for (size_t i = 0; i < items.size(); ++i) {
      if (i) out += ws() + "," + ws();
      out += items[i];
    }
    return out + ws() + "]";
  }
  std::string number() {
    static const char* kNumbers[] = {"0", "-0", "7", "42", "123456", "-1", "1.5", "1e3", "-2.5E-3", "99999999999999999999"};
    return kNumbers[pick(10)];
  }
  // Any JSON value: long strings, nested objects and arrays with long keys and values.
  std::string any_value(int depth) {
    switch (depth >= 3 ? pick(4) : pick(6)) {
      case 0: return lit(text_any());
      case 1: return number();
      case 2: return chance(0.5) ? (chance(0.5) ? "true" : "false") : "null";
      case 3: return lit(text_long());
      case 4: {
        std::vector<std::string> items;
        for (int n = pick(4); n > 0; --n) items.push_back(any_value(depth + 1));
        return array(items);
      }
      default: {
        std::vector<std::pair<std::string, std::string>> m;
        for (int n = pick(4); n > 0; --n) m.push_back({unknown_key(), any_value(depth + 1)});
        return object(m);
      }
    }
  }
  // An unknown key; a third of them long (a long key must not be taken for a value).
  std::string unknown_key() { return lit(U"x_" + (chance(0.35) ? text(70, 200) : text_short())); }

  std::string date() {
    char b[16];
    std::snprintf(b, sizeof b, "%04d-%02d-%02d", range(2019, 2027), range(1, 12), range(1, 28));
    return chance(0.02) ? "\"2024-02-29\"" : lit(std::u32string(b, b + 10));
  }
  std::string string_list() {
    std::vector<std::string> items;
    for (int n = pick(5); n > 0; --n) items.push_back(lit(text_any()));
    return array(items);
  }
  // A value of the wrong type for a string field.
  std::string not_a_string() {
    switch (pick(4)) {
      case 0: return number();
      case 1: return "true";
      case 2: return array({lit(text_long())});
      default: return object({{unknown_key(), lit(text_long())}});
    }
  }
  // A value that is not an integer >= 0.
  std::string bad_int() {
    static const char* kBad[] = {"-1", "-123", "1.5", "1e400", "99999999999999999999", "true", "[]"};
    return chance(0.4) ? lit(text_long()) : kBad[pick(7)];
  }

  std::string build(bool bad) {
    std::vector<std::pair<std::string, std::string>> m;
    m.push_back({key("generator"), bad && chance(0.5) ? "5" : lit(text_any())});
    if (chance(0.7)) m.push_back({key("built_at"), chance(0.2) ? "null" : lit(text_short())});
    m.push_back({key("source_files"), bad ? bad_int() : std::to_string(pick(500))});
    if (chance(0.7)) m.push_back({key("skipped"), std::to_string(pick(5))});
    if (chance(0.7)) m.push_back({key("unpublished"), chance(0.2) ? "null" : std::to_string(pick(5))});
    if (chance(0.3)) m.push_back({unknown_key(), any_value(1)});
    std::shuffle(m.begin(), m.end(), rng_);
    return object(m);
  }

  // A fresh id: prefix, counter, ':' and random text (short, or now and then long).
  std::string new_id(const char* prefix) {
    std::string head = prefix + std::to_string(next_id_++) + ":";
    std::string id = lit(std::u32string(head.begin(), head.end()) + (chance(0.1) ? text_long() : text_short()));
    ids_.push_back(id);
    return id;
  }

  // A review element: usually a document object, now and then another JSON value.
  std::string review_element() {
    if (chance(0.03)) return chance(0.5) ? lit(text_long()) : chance(0.5) ? "null" : number();
    return document(true);
  }

  // A review or paper. A quarter of them have one field broken (bad value, wrong type, missing).
  std::string document(bool review) {
    ++st_.documents;
    static const char* kFields[] = {"id", "slug", "title", "display_title", "date", "datetime", "updated",
                                    "categories", "tags", "excerpt", "arxiv", "authors", "institution",
                                    "upvotes", "stars", "selection", "analysis", "prerequisites", "summary",
                                    "sections", "markdown", "html", "toc", "ai_written", "rank", "prev", "next"};
    constexpr int kFieldCount = sizeof kFields / sizeof kFields[0];
    const std::string broken = chance(0.25) ? kFields[pick(kFieldCount)] : "";
    std::vector<std::pair<std::string, std::string>> m;
    for (const char* f : kFields) {
      const std::string name = f;
      const bool bad = name == broken;
      const bool required = name == "id" || name == "title" || (review && name == "date");
      if (bad && chance(0.15)) continue;  // missing (harmless for an optional field)
      if (!bad && !required && chance(0.35)) continue;
      if (!bad && !required && chance(0.06)) {
        m.push_back({key(name), "null"});
        continue;
      }
      m.push_back({key(name), field_value(name, bad)});
    }
    for (int n = pick(3); n > 0; --n) m.push_back({unknown_key(), any_value(0)});
    std::shuffle(m.begin(), m.end(), rng_);
    return object(m);
  }

  std::string field_value(const std::string& f, bool bad) {
    if (f == "id") {
      if (!bad) return new_id("r");
      if (!ids_.empty() && chance(0.5)) return ids_[pick(static_cast<int>(ids_.size()))];  // duplicate
      return chance(0.3) ? "\"\"" : not_a_string();
    }
    if (f == "date" || f == "updated") {
      if (!bad) return f == "updated" && chance(0.2) ? "\"\"" : date();
      switch (pick(4)) {
        case 0: return lit(text(100, 160));  // a long bad date
        case 1: return chance(0.5) ? "\"2025-13-01\"" : "\"2023-02-29\"";
        case 2: return lit(U"2025-01-0" + text_long());
        default: return not_a_string();
      }
    }
    if (f == "datetime") {  // checked like a date since the loader rejects impossible timestamps
      if (!bad) {
        char b[40];
        std::snprintf(b, sizeof b, "T%02d:%02d:%02d+09:00", range(0, 23), range(0, 59), range(0, 59));
        std::string d = date();
        return d.substr(0, d.size() - 1) + b + "\"";
      }
      switch (pick(3)) {
        case 0: return lit(text(100, 160));  // a long bad timestamp
        case 1: return chance(0.5) ? "\"2025-12-05T25:99:00+09:00\"" : "\"2025-12-05T10:00:00+24:00\"";
        default: return not_a_string();
      }
    }
    if (f == "categories" || f == "tags" || f == "authors") {
      if (!bad) return string_list();
      switch (pick(4)) {
        case 0: return lit(text_long());
        case 1: return array({lit(text_long()), number()});
        case 2: return array({lit(text_any()), "null", lit(text_long())});
        default: return object({{key("a"), lit(text_long())}});
      }
    }
    if (f == "upvotes" || f == "stars" || f == "rank") return bad ? bad_int() : std::to_string(pick(100000));
    if (f == "toc" || f == "ai_written") {
      if (!bad) return chance(0.5) ? "true" : "false";
      return chance(0.6) ? lit(text_long()) : chance(0.5) ? "0" : "[true]";
    }
    if (f == "prerequisites") return prerequisites(bad);
    if (f == "sections") return sections(bad);
    if (f == "prev" || f == "next") return link(bad);
    // Plain string fields.
    if (f == "selection" || f == "analysis") {  // one of the format's values, or "" (unknown)
      static const char* kSelection[] = {"\"ranking\"", "\"recommended\"", "\"\""};
      static const char* kAnalysis[] = {"\"full-text\"", "\"pdf\"", "\"abstract\"", "\"\""};
      if (!bad) return f == "selection" ? kSelection[pick(3)] : kAnalysis[pick(4)];
      return chance(0.5) ? lit(text(10, 40)) : not_a_string();  // 10+ characters: none of them
    }
    if (bad) return not_a_string();
    if (f == "title") return lit((chance(0.3) ? U"[논문리뷰] " : U"") + text_any());
    if (f == "markdown" || f == "html" || f == "excerpt" || f == "summary")
      return chance(0.1) ? "\"\"" : lit(chance(0.8) ? text_long() : text_any());
    return lit(text_any());
  }

  std::string prerequisites(bool bad) {
    if (bad && chance(0.25)) return chance(0.5) ? lit(text_long()) : object({{key("name"), lit(text_long())}});
    std::vector<std::string> items;
    for (int n = pick(4); n > 0; --n) {
      if (chance(0.3)) {
        items.push_back(lit(U"p" + text_any()));
      } else {
        std::vector<std::pair<std::string, std::string>> m;
        m.push_back({key("name"), lit(U"p" + text_any())});
        if (chance(0.8)) m.push_back({key("gloss"), chance(0.1) ? "null" : lit(text_any())});
        if (chance(0.3)) m.push_back({unknown_key(), any_value(2)});
        std::shuffle(m.begin(), m.end(), rng_);
        items.push_back(object(m));
      }
    }
    if (bad) {
      switch (pick(5)) {
        case 0: items.push_back(object({{key("gloss"), lit(text_long())}})); break;  // no name
        case 1: items.push_back(object({{key("name"), "\"\""}, {key("gloss"), lit(text_long())}})); break;
        case 2: items.push_back(object({{key("gloss"), lit(text_long())}, {key("name"), "5"}})); break;
        case 3: items.push_back(object({{key("name"), lit(text_long())}, {key("gloss"), "[1]"}})); break;
        default: items.push_back(number()); break;
      }
      std::shuffle(items.begin(), items.end(), rng_);
    }
    return array(items);
  }

  std::string sections(bool bad) {
    if (bad && chance(0.25)) return lit(text_long());
    std::vector<std::string> items;
    for (int n = pick(5); n > 0; --n) {
      std::vector<std::pair<std::string, std::string>> m;
      m.push_back({key("name"), lit(U"s" + text_any())});
      if (chance(0.9)) m.push_back({key("markdown"), chance(0.1) ? "\"\"" : chance(0.05) ? "null" : lit(text_long())});
      if (chance(0.2)) m.push_back({unknown_key(), any_value(2)});
      std::shuffle(m.begin(), m.end(), rng_);
      items.push_back(object(m));
    }
    if (bad) {
      switch (pick(4)) {
        case 0: items.push_back(object({{key("markdown"), lit(text_long())}})); break;  // no name
        case 1: items.push_back(lit(text_long())); break;
        case 2: items.push_back(object({{key("markdown"), lit(text_long())}, {key("name"), "null"}})); break;
        default: items.push_back(object({{key("name"), lit(text_long())}, {key("markdown"), "42"}})); break;
      }
      std::shuffle(items.begin(), items.end(), rng_);
    }
    return array(items);
  }

  std::string link(bool bad) {
    if (bad) {
      switch (pick(3)) {
        case 0: return lit(text_long());
        case 1: return object({{key("title"), lit(text_long())}, {key("id"), "5"}});
        default: return object({{key("id"), lit(text_any())}, {key("title"), array({lit(text_long())})}});
      }
    }
    std::vector<std::pair<std::string, std::string>> m;
    if (chance(0.9)) m.push_back({key("id"), lit(text_any())});
    if (chance(0.9)) m.push_back({key("title"), chance(0.05) ? "null" : lit(text_any())});
    if (chance(0.2)) m.push_back({unknown_key(), any_value(2)});
    std::shuffle(m.begin(), m.end(), rng_);
    return object(m);
  }

  // A digest with 0-5 papers. A fifth of them have one field broken.
  std::string digest_element() {
    if (chance(0.03)) return chance(0.5) ? lit(text_long()) : "[]";
    static const char* kFields[] = {"id", "kind", "title", "date", "intro", "ranking_count", "recommended_count",
                                    "full_text_count", "abstract_count", "papers"};
    const std::string broken = chance(0.2) ? kFields[pick(10)] : "";
    std::vector<std::pair<std::string, std::string>> m;
    for (const char* f : kFields) {
      const std::string name = f;
      const bool bad = name == broken;
      const bool required = name == "id" || name == "date" || name == "papers";
      if (bad && chance(0.2)) continue;
      if (!bad && !required && chance(0.3)) continue;
      std::string v;
      if (name == "id") {
        v = !bad ? new_id("digest-") : !ids_.empty() && chance(0.6) ? ids_[pick(static_cast<int>(ids_.size()))] : not_a_string();
      } else if (name == "kind") {
        v = !bad ? (chance(0.5) ? "\"daily\"" : chance(0.8) ? "\"weekly\"" : "null") : chance(0.5) ? lit(U"monthly" + text_long()) : "3";
      } else if (name == "date") {
        v = !bad ? date() : chance(0.5) ? lit(text(100, 140)) : "20250101";
      } else if (name == "title" || name == "intro") {
        v = !bad ? lit(chance(0.6) ? text_long() : text_any()) : not_a_string();
      } else if (name == "papers") {
        if (bad) {
          v = chance(0.5) ? lit(text_long()) : object({{key("id"), lit(text_long())}});
        } else {
          std::vector<std::string> papers;
          for (int n = pick(6); n > 0; --n) papers.push_back(chance(0.03) ? lit(text_long()) : document(false));
          v = array(papers);
        }
      } else {
        v = !bad ? (chance(0.1) ? "null" : std::to_string(pick(20))) : bad_int();
      }
      m.push_back({key(name), v});
    }
    for (int n = pick(3); n > 0; --n) m.push_back({unknown_key(), any_value(0)});
    std::shuffle(m.begin(), m.end(), rng_);
    return object(m);
  }
};

// Thresholds compared with the reference (SIZE_MAX): the default, those that elide nearly every
// string (0 elides even ""), and a few in between.
const size_t kThresholds[] = {digest::kLongStringBytes, 0, 1, 2, 5, 17, 65, 300};

std::string excerpt_for_failure(const std::string& json) {
  return json.size() <= 3000 ? json : json.substr(0, 3000) + "... (" + std::to_string(json.size()) + " bytes)";
}

}  // namespace

TEST(LoaderLongStrings, RandomBundlesLoadTheSameWithAndWithoutElision) {
  constexpr int kBundles = 350;
  const auto started = std::chrono::steady_clock::now();
  Stats stats;
  DeferStats deferred;
  int loaded = 0, total_docs = 0, total_problems = 0, failed_bundles = 0, variants = 0;
  size_t bytes = 0;
  for (int b = 0; b < kBundles; ++b) {
    const uint32_t seed = 20251122u + static_cast<uint32_t>(b);
    Gen gen(seed, stats);
    gen.surrogate_escapes(b % 3 != 0);
    const std::string json = gen.bundle();
    bytes += json.size();
    const Result<LoadReport> reference = load_with(json, SIZE_MAX);
    // The generator writes valid JSON only (a syntax error would make every variant trivially equal).
    if (!reference.ok()) {
      const digest::ErrorCode code = reference.error().code;
      ASSERT_TRUE(code != digest::ErrorCode::JSON_SYNTAX && code != digest::ErrorCode::INVALID_UTF8 &&
                  code != digest::ErrorCode::TOO_DEEP)
          << "generator wrote invalid JSON (bundle " << b << ", seed " << seed << "): "
          << reference.error().describe() << "\n" << excerpt_for_failure(json);
    }
    if (reference.ok()) {
      ++loaded;
      total_docs += static_cast<int>(reference.value().bundle.docs.size());
      total_problems += static_cast<int>(reference.value().problems.size());
    } else {
      ++failed_bundles;
    }
    auto compare = [&](const Result<LoadReport>& other, const std::string& variant) {
      ++variants;
      Differ d;
      d.same_result(reference, other);
      ASSERT_TRUE(d.first.empty()) << "bundle " << b << " (seed " << seed << "), " << variant
                                   << " differs from long_string_bytes=SIZE_MAX at " << d.first << "\n"
                                   << excerpt_for_failure(json);
    };
    for (size_t t : kThresholds) {
      compare(load_with(json, t), "long_string_bytes=" + std::to_string(t));
      if (HasFatalFailure()) return;
      compare(load_deferred(json, t, deferred), "defer_bodies, long_string_bytes=" + std::to_string(t));
      if (HasFatalFailure()) return;
    }
    compare(digest::load_bundle(json), "load_bundle()");
    if (HasFatalFailure()) return;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf("[ LoaderLongStrings ] %d bundles (%zu bytes), %d loads compared, %.2f s; %d loaded with %d documents "
              "and %d problems, %d refused; %zu documents written, %zu long strings (%zu without \\u), %zu lone surrogates\n",
              kBundles, bytes, variants, seconds, loaded, total_docs, total_problems, failed_bundles,
              stats.documents, stats.long_strings, stats.long_plain_strings, stats.lone_surrogates);
  // The comparison means something only if most bundles load and carry documents and problems.
  EXPECT_GE(loaded, kBundles * 9 / 10);
  EXPECT_GE(total_docs, static_cast<int>(stats.documents / 2));
  EXPECT_GE(total_problems, 200);
  EXPECT_GE(stats.long_strings, 10000u);
  EXPECT_GE(stats.long_plain_strings, 5000u);
  EXPECT_GE(stats.lone_surrogates, 20u);
  // Deferred loads compared above: many documents had bodies left in the input, and the load
  // left each of those fields empty (a body decoded twice would still compare equal).
  std::printf("[ LoaderLongStrings ] defer_bodies: %zu documents with %zu bodies deferred\n", deferred.documents, deferred.bodies);
  EXPECT_GE(deferred.documents, 500u);
  EXPECT_EQ(deferred.not_empty, 0u);
}

// ---- hand-written cases -------------------------------------------------------------------------

namespace {

std::string wrap_reviews(const std::string& reviews) {
  return "{\"format\": \"paper-digest-bundle\", \"version\": 1,\n \"reviews\": [" + reviews + "]}";
}

const std::string kFiller(100, 'x');  // makes a string long under the default threshold

}  // namespace

TEST(LoaderLongStrings, LongStringsWithEscapesDecode) {
  const std::string json = wrap_reviews(
      R"({"id": "r1", "title": "T", "date": "2025-01-02", "markdown": ")" + kFiller +
      R"( caf\u00e9 \ud83d\ude00 \n\t\"q\" \/ \\ 모델이 end", "html": ")" + kFiller +
      R"( \b\f\n\r\t\"\/\\n \\\" 모델이 😀\\"})");
  const std::string expected = kFiller + " caf\xC3\xA9 \xF0\x9F\x98\x80 \n\t\"q\" / \\ 모델이 end";
  // No \u escape: decoded by the loader's own decoder, not by simdjson.
  const std::string expected_html = kFiller + " \b\f\n\r\t\"/\\n \\\" 모델이 😀\\";
  for (size_t t : {SIZE_MAX, digest::kLongStringBytes, size_t{0}}) {
    SCOPED_TRACE("long_string_bytes=" + std::to_string(t));
    auto r = load_with(json, t);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ASSERT_EQ(r.value().bundle.docs.size(), 1u);
    EXPECT_TRUE(r.value().problems.empty());
    EXPECT_EQ(r.value().bundle.docs[0].markdown, expected);
    EXPECT_EQ(r.value().bundle.docs[0].html, expected_html);
  }
}

TEST(LoaderLongStrings, LongBadDateIsReportedAtItsOpeningQuote) {
  const std::string bad = "not a date " + kFiller;
  const std::string json = wrap_reviews(R"({"id": "r1", "markdown": ")" + kFiller + "\",\n  \"title\": \"T\", \"date\": \"" +
                                        bad + R"("}, {"id": "r2", "title": "U", "date": "2025-01-03"})");
  const size_t quote = json.find("\"" + bad);
  ASSERT_NE(quote, std::string::npos);
  const auto reference = load_with(json, SIZE_MAX);
  ASSERT_TRUE(reference.ok());
  for (size_t t : {SIZE_MAX, digest::kLongStringBytes, size_t{0}}) {
    SCOPED_TRACE("long_string_bytes=" + std::to_string(t));
    auto r = load_with(json, t);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ASSERT_EQ(r.value().problems.size(), 1u);
    const Error& e = r.value().problems[0];
    EXPECT_EQ(e.code, digest::ErrorCode::BAD_VALUE);
    EXPECT_EQ(e.message.rfind("bad date", 0), 0u) << e.message;
    EXPECT_EQ(e.offset, static_cast<int64_t>(quote));
    EXPECT_EQ(e.line, 3);
    EXPECT_EQ(e.column, reference.value().problems[0].column);
    EXPECT_EQ(e.field, "date");
    EXPECT_EQ(e.section, "reviews");
    EXPECT_EQ(e.doc, 0);
    ASSERT_EQ(r.value().bundle.docs.size(), 1u);
    EXPECT_EQ(r.value().bundle.docs[0].id, "r2");
  }
}

TEST(LoaderLongStrings, ErrorAfterLongStringsIsReportedAtTheInputOffset) {
  const std::string json = wrap_reviews(
      R"({"id": "r1", "title": "T", "date": "2025-01-02", "markdown": ")" + kFiller + R"(\n\"x\"",)" +
      "\n  \"x_" + kFiller + R"(": {"note": ")" + kFiller + R"("}, "html": ")" + kFiller + "\",\n  \"upvotes\": -1}");
  const size_t minus = json.find("-1}");
  ASSERT_NE(minus, std::string::npos);
  for (size_t t : {SIZE_MAX, digest::kLongStringBytes, size_t{0}, size_t{5}}) {
    SCOPED_TRACE("long_string_bytes=" + std::to_string(t));
    auto r = load_with(json, t);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ASSERT_EQ(r.value().problems.size(), 1u);
    const Error& e = r.value().problems[0];
    EXPECT_EQ(e.code, digest::ErrorCode::BAD_VALUE);
    EXPECT_EQ(e.message, "value -1 is below the minimum 0");
    EXPECT_EQ(e.offset, static_cast<int64_t>(minus));
    EXPECT_EQ(e.line, 4);
    EXPECT_EQ(e.column, 14);  // `  "upvotes": -1`
    EXPECT_EQ(e.field, "upvotes");
  }
}

// ---- reading ahead while the bytes arrive (BundleReadAhead) -------------------------------------
//
// The same random bundles, loaded with a read-ahead that saw them arrive in chunks cut at random,
// must load exactly as without one. Bytes that have not arrived yet hold whatever a buffer may
// hold (here, bytes chosen to mislead a scanner that read past what arrived: quotes, brackets,
// commas). Then the same with the bundles corrupted at random (most no longer parse, some still
// do but differently), and a few hand-written shapes.

namespace {

// Loads `json` through a read-ahead fed the bytes in chunks of random sizes (1 byte to 3x the
// average document), as a download writes them into the buffer; *elements_read counts the reviews
// and digests it read.
// With `defer`, the load leaves the bodies in the buffer (defer_bodies) and they are decoded
// from it afterwards, as the Session does; `deferred` counts the documents that had some.
Result<LoadReport> load_read_ahead(const std::string& json, std::mt19937& rng, size_t* elements_read = nullptr,
                                   bool defer = false, size_t* deferred = nullptr) {
  const size_t capacity = json.size() + simdjson::SIMDJSON_PADDING;
  std::vector<char> buf(capacity);
  static const char kJunk[] = "\"]},[{:\\ 0";
  for (size_t i = 0; i < capacity; ++i) buf[i] = kJunk[rng() % (sizeof kJunk - 1)];
  digest::BundleReadAhead ahead(buf.data(), capacity);
  // Deferring: the read-ahead sees only the first 30-70% of the bytes arrive, so the load reads the
  // rest itself; both leave the bodies in the buffer. Not deferring: the load decodes the bodies of
  // what was read ahead when it takes it.
  const size_t seen = defer ? json.size() * (3 + rng() % 5) / 10 : json.size();
  size_t at = 0;
  while (at < json.size()) {
    size_t n = std::min(json.size() - at, static_cast<size_t>(1 + rng() % (rng() % 4 == 0 ? 8 : 3000)));
    std::memcpy(buf.data() + at, json.data() + at, n);
    at += n;
    if (at <= seen) ahead.advance(at);
  }
  std::memset(buf.data() + json.size(), 0, simdjson::SIMDJSON_PADDING);
  if (elements_read) *elements_read += ahead.elements_read();
  Result<LoadReport> r = digest::load_bundle_padded(buf.data(), json.size(), capacity, digest::kLongStringBytes, &ahead, defer);
  if (r.ok())
    for (Document& d : r.value().bundle.docs) {
      if (deferred) *deferred += !d.deferred.empty();
      digest::decode_deferred(buf.data(), d);
    }
  return r;
}

// A random corruption of `json`: cut short, a byte replaced or inserted, or a span deleted.
std::string corrupt(std::string json, std::mt19937& rng) {
  if (json.empty()) return json;
  static const char kBytes[] = "\"]}[{,:\\ 0an-\xFF\xC3";
  const size_t at = rng() % json.size();
  switch (rng() % 4) {
    case 0: json.resize(at); break;
    case 1: json[at] = kBytes[rng() % (sizeof kBytes - 1)]; break;
    case 2: json.insert(json.begin() + static_cast<std::ptrdiff_t>(at), kBytes[rng() % (sizeof kBytes - 1)]); break;
    default: json.erase(at, 1 + rng() % 40); break;
  }
  return json;
}

}  // namespace

TEST(LoaderReadAhead, RandomBundlesArrivingInPiecesLoadTheSameAsWhole) {
  constexpr int kBundles = 300;
  Stats stats;
  size_t elements_read = 0, elements_loaded = 0, deferred_docs = 0;
  int corrupt_loaded = 0;
  std::mt19937 rng(4711);
  for (int b = 0; b < kBundles; ++b) {
    const uint32_t seed = 20251203u + static_cast<uint32_t>(b);
    Gen gen(seed, stats);
    gen.surrogate_escapes(b % 3 != 0);
    const std::string json = gen.bundle();
    for (int variant = 0; variant < 3; ++variant) {
      const std::string input = variant == 0 ? json : corrupt(json, rng);
      const Result<LoadReport> reference = load_with(input, digest::kLongStringBytes);
      if (variant == 0 && reference.ok()) elements_loaded += reference.value().bundle.review_count() + reference.value().bundle.digests.size();
      if (variant > 0 && reference.ok()) ++corrupt_loaded;
      Differ d;
      d.same_result(reference, load_read_ahead(input, rng, variant == 0 ? &elements_read : nullptr));
      ASSERT_TRUE(d.first.empty()) << "bundle " << b << " (seed " << seed << "), variant " << variant
                                   << ": with a read-ahead, differs at " << d.first << "\n" << excerpt_for_failure(input);
      Differ dd;
      dd.same_result(reference, load_read_ahead(input, rng, nullptr, true, &deferred_docs));
      ASSERT_TRUE(dd.first.empty()) << "bundle " << b << " (seed " << seed << "), variant " << variant
                                    << ": with a read-ahead and bodies deferred, differs at " << dd.first << "\n" << excerpt_for_failure(input);
    }
  }
  std::printf("[ LoaderReadAhead ] %d bundles: %zu reviews and digests read ahead, %zu loaded; %d of %d corrupted copies still loaded\n",
              kBundles, elements_read, elements_loaded, corrupt_loaded, 2 * kBundles);
  // The comparison means something only if the read-ahead did most of the reading.
  EXPECT_GE(elements_read, elements_loaded * 3 / 4);
  EXPECT_GE(corrupt_loaded, kBundles / 10);
  // Elements read ahead leave their bodies in the buffer too (those without a surrogate escape),
  // as does the load for the rest.
  std::printf("[ LoaderReadAhead ] with defer_bodies: %zu documents had bodies deferred\n", deferred_docs);
  EXPECT_GE(deferred_docs, 20u);
}

TEST(LoaderReadAhead, ShapesItDoesNotReadAheadStillLoad) {
  const std::string review = R"({"id": "r1", "title": "T", "date": "2025-01-02"})";
  const std::string review2 = R"({"id": "r2", "title": "U", "date": "2025-01-03", "upvotes": -1})";
  const std::string head = R"("format": "paper-digest-bundle", "version": 1)";
  for (const std::string& json : {
           "{" + head + R"(, "reviews": [)" + review + ", " + review2 + "]}",
           R"({"reviews": [)" + review + "], " + head + "}",                          // reviews before the format
           "{" + head + R"(, "reviews": [)" + review + R"(], "reviews": [)" + review2 + "]}",  // twice
           "{" + head + R"(, "revi\u0065ws": [)" + review + "]}",                     // an escaped key: not "reviews"
           "{" + head + R"(, "reviews": [)" + review + ", 3, " + review2 + "]}",      // a non-object element
           "{" + head + R"(, "reviews": [)" + review + ", " + review + "]}",          // a duplicate id
           "{" + head + R"(, "reviews": [)" + review + ",]}",                         // a trailing comma
           "{" + head + R"(, "reviews": [)" + review + "]",                            // cut short
           "{" + head + R"(, "reviews": []})",
           // digests: before the reviews, twice, one taking a review's id, one not an object, a bad paper
           "{" + head + R"(, "digests": [{"id": "g1", "date": "2025-02-01", "papers": [{"id": "p1", "title": "P"}]}], "reviews": [)" + review + "]}",
           "{" + head + R"(, "digests": [{"id": "g1", "date": "2025-02-01", "papers": []}], "digests": [{"id": "g2", "date": "2025-02-02"}]})",
           "{" + head + R"(, "reviews": [)" + review + R"(], "digests": [{"id": "r1", "date": "2025-02-01", "papers": [{"id": "p1", "title": "P"}]}, 7]})",
           "{" + head + R"(, "digests": [{"id": "g1", "date": "2025-02-01", "papers": [{"id": "p1"}, {"id": "p2", "title": "Q", "upvotes": "many"}, {"id": "p3", "title": "R"}]}]})",
           "{" + head + R"(, "digests": [{"id": "g1", "papers": [{"id": "p1", "title": "P"}]}, {"id": "g1", "date": "2025-02-03"}]})",
           // nested as deep as a document may go (64 levels), and one level deeper
           "{" + head + R"(, "reviews": [{"x": )" + std::string(61, '[') + std::string(61, ']') + R"(, "id": "d", "title": "D", "date": "2025-01-04"}]})",
           "{" + head + R"(, "reviews": [{"x": )" + std::string(62, '[') + std::string(62, ']') + R"(, "id": "d", "title": "D", "date": "2025-01-04"}]})",
       }) {
    SCOPED_TRACE(json);
    std::mt19937 rng(static_cast<uint32_t>(json.size()));
    for (int round = 0; round < 20; ++round) {
      Differ d;
      d.same_result(load_with(json, digest::kLongStringBytes), load_read_ahead(json, rng));
      ASSERT_TRUE(d.first.empty()) << d.first;
    }
  }
}

TEST(LoaderReadAhead, ReadsReviewsOnlyOnceTheirEndHasArrived) {
  const std::string json = R"({"format": "paper-digest-bundle", "version": 1, "reviews": [{"id": "a", "title": "A", "date": "2025-01-02"}, {"id": "b", "title": "B", "date": "2025-01-03"}]})";
  std::vector<char> buf(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  digest::BundleReadAhead ahead(buf.data(), buf.size());
  const size_t first_end = json.find('}') + 1, second_end = json.find('}', first_end) + 1;
  auto arrive = [&](size_t n) {
    std::memcpy(buf.data(), json.data(), n);
    ahead.advance(n);
  };
  arrive(first_end);  // the first review is complete, but what follows it has not arrived
  EXPECT_EQ(ahead.elements_read(), 0u);
  arrive(first_end + 1);  // its comma
  EXPECT_EQ(ahead.elements_read(), 1u);
  arrive(second_end);
  EXPECT_EQ(ahead.elements_read(), 1u);
  arrive(json.size());
  EXPECT_EQ(ahead.elements_read(), 2u);
  auto r = digest::load_bundle_padded(buf.data(), json.size(), buf.size(), digest::kLongStringBytes, &ahead);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r.value().bundle.docs.size(), 2u);
  EXPECT_EQ(r.value().bundle.docs[1].id, "b");
}

// defer_bodies: the bodies stay in the input until decode_deferred, and a key written twice keeps
// its last value, as when they are decoded at once: long then short, short then long, long then
// null (null leaves the earlier value), in the body and in a section.
TEST(LoaderDeferBodies, BodiesWaitInTheInputAndARepeatedKeyKeepsItsLastValue) {
  const std::string long1 = "first " + kFiller + " 모델이\n", long2 = "second " + kFiller + " 학습은\t";
  auto lit = [](const std::string& s) {
    std::string out = "\"";
    for (char c : s) out += c == '\n' ? std::string("\\n") : c == '\t' ? std::string("\\t") : std::string(1, c);
    return out + "\"";
  };
  const std::string json = wrap_reviews(
      R"({"id": "a", "title": "A", "date": "2025-01-02", "markdown": )" + lit(long1) + R"(, "markdown": "short",
          "html": "tiny", "html": )" + lit(long2) + R"(},
         {"id": "b", "title": "B", "date": "2025-01-03", "markdown": )" + lit(long2) + R"(, "markdown": null,
          "sections": [{"name": "s0", "markdown": )" + lit(long1) + R"(, "markdown": "x"},
                       {"name": "s1", "markdown": "y", "markdown": )" + lit(long2) + R"(}]})");
  std::vector<char> buf(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  std::memcpy(buf.data(), json.data(), json.size());
  auto r = digest::load_bundle_padded(buf.data(), json.size(), buf.size(), digest::kLongStringBytes, nullptr, true);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  std::vector<Document>& docs = r.value().bundle.docs;
  ASSERT_EQ(docs.size(), 2u);
  // Before decoding: what was short is there, what is long waits.
  EXPECT_EQ(docs[0].markdown, "short");
  EXPECT_EQ(docs[0].html, "");
  ASSERT_EQ(docs[0].deferred.size(), 1u);
  EXPECT_TRUE(docs[0].deferred[0].html);
  EXPECT_EQ(docs[1].markdown, "");
  EXPECT_EQ(docs[1].deferred.size(), 2u);  // the body and section s1
  for (Document& d : docs) digest::decode_deferred(buf.data(), d);
  EXPECT_EQ(docs[0].markdown, "short");
  EXPECT_EQ(docs[0].html, long2);
  EXPECT_EQ(docs[1].markdown, long2);
  ASSERT_EQ(docs[1].sections.size(), 2u);
  EXPECT_EQ(docs[1].sections[0].markdown, "x");
  EXPECT_EQ(docs[1].sections[1].markdown, long2);
  EXPECT_TRUE(docs[0].deferred.empty() && docs[1].deferred.empty());
  // The same as decoding at once.
  auto eager = load_with(json, digest::kLongStringBytes);
  ASSERT_TRUE(eager.ok());
  Differ diff;
  diff.same_result(eager, r);
  EXPECT_TRUE(diff.first.empty()) << diff.first;
}

// A surrogate escape anywhere in the input: nothing is deferred (decoding such a string can fail,
// and the load must report that), and a lone one is reported as before.
TEST(LoaderDeferBodies, NothingIsDeferredFromAnInputWithSurrogateEscapes) {
  const std::string json = wrap_reviews(
      R"({"id": "a", "title": "A \ud83d\ude00", "date": "2025-01-02", "markdown": ")" + kFiller + R"("},
         {"id": "b", "title": "B", "date": "2025-01-03", "markdown": ")" + kFiller + R"( \udc00"})");
  std::vector<char> buf(json.size() + simdjson::SIMDJSON_PADDING, '\0');
  std::memcpy(buf.data(), json.data(), json.size());
  auto r = digest::load_bundle_padded(buf.data(), json.size(), buf.size(), digest::kLongStringBytes, nullptr, true);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r.value().bundle.docs.size(), 1u);
  EXPECT_EQ(r.value().bundle.docs[0].markdown, kFiller);
  EXPECT_TRUE(r.value().bundle.docs[0].deferred.empty());
  ASSERT_EQ(r.value().problems.size(), 1u);
  EXPECT_EQ(r.value().problems[0].field, "markdown");
}
