// loader.cpp — bundle JSON -> Bundle with simdjson On Demand (after check_json has validated
// the syntax of the whole input). See loader.h for the error policy.
#include "digest/loader.h"

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include "digest/text_normalize.h"
#include "digest/utf8.h"
#include "load_links.h"
#include "size_attributes.h"

#include "simdjson.h"

namespace digest {
namespace od = simdjson::ondemand;
// Field names are compared as "..."sv: their length is known at compile time, where a plain
// literal would cost a strlen per comparison (the loader is compiled for size in the module).
using namespace std::string_view_literals;

namespace {

// "UTF-16 (little-endian)" and the like when the bytes are text in an encoding other than UTF-8:
// by its byte order mark, or, without one, by JSON's first character (ASCII) next to zero bytes.
// nullptr otherwise.
const char* wide_text_encoding(std::string_view s) {
  auto at = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : 0x100u; };
  if (at(0) == 0xFF && at(1) == 0xFE && at(2) == 0 && at(3) == 0) return "UTF-32 (little-endian)";
  if (at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF) return "UTF-32 (big-endian)";
  if (at(0) == 0xFF && at(1) == 0xFE) return "UTF-16 (little-endian)";
  if (at(0) == 0xFE && at(1) == 0xFF) return "UTF-16 (big-endian)";
  auto ascii = [](unsigned c) { return c > 0 && c < 0x80; };
  if (ascii(at(0)) && at(1) == 0 && at(2) == 0 && at(3) == 0) return "UTF-32 (little-endian)";
  if (at(0) == 0 && at(1) == 0 && at(2) == 0 && ascii(at(3))) return "UTF-32 (big-endian)";
  if (ascii(at(0)) && at(1) == 0 && ascii(at(2)) && at(3) == 0) return "UTF-16 (little-endian)";
  if (at(0) == 0 && ascii(at(1)) && at(2) == 0 && ascii(at(3))) return "UTF-16 (big-endian)";
  return nullptr;
}

bool is_valid_date(std::string_view d) {
  if (!ymd_shaped(d)) return false;
  int y = ymd_year(d);
  int m = (d[5] - '0') * 10 + (d[6] - '0');
  int day = (d[8] - '0') * 10 + (d[9] - '0');
  if (m < 1 || m > 12 || day < 1) return false;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day > kDays[m - 1]) return false;
  if (m == 2 && day == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return false;
  return true;
}

// A document's `datetime`: "YYYY-MM-DDTHH:MM[:SS][.fff][Z|+HH:MM|-HH:MM]" (a space may stand for
// the 'T'). Returns "" when valid, else why not: a feed or sort must never meet hour 25.
std::string datetime_problem(std::string_view s) {
  auto dig = [&](size_t k) { return k < s.size() && s[k] >= '0' && s[k] <= '9'; };
  auto two = [&](size_t k) { return (s[k] - '0') * 10 + (s[k + 1] - '0'); };
  const char* shape = "expected YYYY-MM-DDTHH:MM:SS with an optional offset (Z or +HH:MM)";
  if (s.size() < 16 || (s[10] != 'T' && s[10] != ' ')) return shape;
  std::string_view date = s.substr(0, 10);
  if (!ymd_shaped(date)) return shape;
  if (!is_valid_date(date)) return "no such calendar date";
  if (std::string why = year_problem(ymd_year(date)); !why.empty()) return why;
  if (!dig(11) || !dig(12) || s[13] != ':' || !dig(14) || !dig(15)) return shape;
  int hh = two(11), mm = two(14), ss = 0;
  size_t i = 16;
  if (i < s.size() && s[i] == ':') {
    if (!dig(i + 1) || !dig(i + 2)) return shape;
    ss = two(i + 1);
    i += 3;
    if (i < s.size() && s[i] == '.') {
      size_t start = ++i;
      while (dig(i)) ++i;
      if (i == start) return shape;
    }
  }
  if (hh > 23 || mm > 59 || ss > 60) return "no such time of day";
  std::string_view zone = s.substr(i);
  if (zone.empty() || zone == "Z") return "";
  if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') || !dig(i + 1) || !dig(i + 2) || zone[3] != ':' ||
      !dig(i + 4) || !dig(i + 5))
    return shape;
  if (two(i + 1) > 23 || two(i + 4) > 59) return "bad UTC offset";
  return "";
}

const char* type_name(od::json_type t) {
  switch (t) {
    case od::json_type::array: return "an array";
    case od::json_type::object: return "an object";
    case od::json_type::number: return "a number";
    case od::json_type::string: return "a string";
    case od::json_type::boolean: return "a boolean";
    case od::json_type::null: return "null";
  }
  return "unknown";
}

struct Slice {
  size_t begin = 0, end = 0;
};

// A long string value left out of the copy simdjson parses (see "Long strings" below): the
// copy holds `""` at offset `at`, the input holds the string (quotes included) at `orig`.
struct Elided {
  size_t at = 0;
  Slice orig;
};

uint32_t hex4(const char* p) {
  uint32_t v = 0;
  for (int k = 0; k < 4; ++k) {
    const char h = p[k];
    v = v * 16 + static_cast<uint32_t>(h <= '9' ? h - '0' : (h | 0x20) - 'a' + 10);
  }
  return v;
}

// Decodes the content of a JSON string that passed check_json (the bytes between its quotes)
// into `out`, as simdjson would. False on a lone or unpaired surrogate escape (not a character).
bool decode_string_content(std::string_view raw, std::string& out) {
  out.clear();
  out.reserve(raw.size());
  size_t i = 0;
  while (i < raw.size()) {
    const void* bs = std::memchr(raw.data() + i, '\\', raw.size() - i);
    const size_t at = bs ? static_cast<size_t>(static_cast<const char*>(bs) - raw.data()) : raw.size();
    out.append(raw.data() + i, at - i);
    if (at == raw.size()) break;
    char c = raw[at + 1];
    i = at + 2;
    switch (c) {
      case 'n': c = '\n'; break;
      case 't': c = '\t'; break;
      case 'r': c = '\r'; break;
      case 'b': c = '\b'; break;
      case 'f': c = '\f'; break;
      case 'u': {
        uint32_t cp = hex4(raw.data() + i);
        i += 4;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return false;
        if (cp >= 0xD800 && cp < 0xDC00) {
          if (i + 6 > raw.size() || raw[i] != '\\' || raw[i + 1] != 'u') return false;
          const uint32_t low = hex4(raw.data() + i + 2);
          if (low < 0xDC00 || low > 0xDFFF) return false;
          cp = (((cp - 0xD800) << 10) | (low - 0xDC00)) + 0x10000;
          i += 6;
        }
        utf8_append(out, cp);
        continue;
      }
      default: break;  // '"', '\\', '/' stand for themselves
    }
    out.push_back(c);
  }
  return true;
}

// Extraction context: where we are, for error messages.
class Reader {
 public:
  Reader(const char* base, std::string_view input) : base_(base), input_(input) {}

  // Error about the value `v` (its offset) in the current document and field.
  Error error_at(od::value& v, ErrorCode code, std::string msg) { return error_here(offset_of(v), code, std::move(msg)); }
  // Error at input offset `offset` (-1: none) in the current document and field. Line and column
  // are resolved once for all errors (resolve_lines), so a bundle with a thousand bad documents
  // is not rescanned a thousand times.
  Error error_here(int64_t offset, ErrorCode code, std::string msg) const {
    Error e = make_error(code, std::move(msg));
    e.offset = offset;
    e.section = section;
    e.doc = doc;
    e.field = field;
    return e;
  }
  // The input offset of the value `v`, or -1.
  int64_t offset_of(od::value& v) const {
    std::string_view tok = v.raw_json_token();
    if (copy_ && tok.data() >= copy_ && tok.data() <= copy_ + copy_len_)
      return static_cast<int64_t>(input_offset(static_cast<size_t>(tok.data() - copy_)));
    if (tok.data() >= base_ && tok.data() <= base_ + input_.size()) return tok.data() - base_;
    return -1;
  }

  // Typed readers: on mismatch they set `failed` and return false. `null` reads as absent.
  bool get_string(od::value v, std::string& out, bool required = false) {
    return read_string(v, out, required, [&](const Elided& e) { return read_elided(v, e, out); });
  }
  // A body of `d`: its markdown, its html, or sections[section].markdown. Read as get_string,
  // except that with defer_bodies a long string is not decoded: its place goes into d.deferred
  // and `out` is left empty (decode_deferred fills it in). A repeated key: the last string wins
  // (null keeps the earlier value), as with get_string, so a string drops what was deferred
  // for the same field before it.
  bool get_body(od::value v, std::string& out, Document& d, int32_t section, bool html) {
    std::vector<DeferredText>& pending = d.deferred;
    od::json_type t;
    if (!v.type().get(t) && t == od::json_type::string)
      for (size_t k = pending.size(); k-- > 0;)
        if (pending[k].section == section && pending[k].html == html) pending.erase(pending.begin() + static_cast<std::ptrdiff_t>(k));
    return read_string(v, out, false, [&](const Elided& e) {
      if (!defer_bodies) return read_elided(v, e, out);
      out.clear();
      pending.push_back({static_cast<uint32_t>(e.orig.begin + 1), static_cast<uint32_t>(e.orig.end - 1), section, html});
      return true;
    });
  }
  bool get_date(od::value v, std::string& out, bool required) {
    std::string s;
    if (!get_string(v, s, required)) return false;
    if (s.empty() && !required) return true;
    if (!is_valid_date(s)) {
      // Written YYYY-MM-DD but not a day of the calendar (2025-02-30), or not written so at all.
      return bad(v, "bad date \"" + std::string(utf8_prefix(s, 40)) + (ymd_shaped(s) ? "\": no such calendar date" : "\": expected YYYY-MM-DD"));
    }
    if (std::string why = year_problem(ymd_year(s)); !why.empty()) return bad(v, "bad date \"" + s + "\": " + why);
    out = std::move(s);
    return true;
  }
  // Like get_date, for `datetime` (optional: "" or null is no timestamp).
  bool get_datetime(od::value v, std::string& out) {
    std::string s;
    if (!get_string(v, s, false)) return false;
    if (!s.empty()) {
      std::string why = datetime_problem(s);
      if (!why.empty()) return bad(v, "bad datetime \"" + std::string(utf8_prefix(s, 40)) + "\": " + why);
    }
    out = std::move(s);
    return true;
  }
  bool get_int(od::value v, int64_t& out, int64_t min_value) {
    od::json_type t;
    if (v.type().get(t)) return internal(v);
    if (t == od::json_type::null) return true;
    if (t != od::json_type::number) return wrong(v, "an integer", t);
    int64_t n;
    if (v.get_int64().get(n)) return bad(v, "not an integer in range (expected a whole number below 2^63)");
    if (n < min_value) return bad(v, "value " + std::to_string(n) + " is below the minimum " + std::to_string(min_value));
    out = n;
    return true;
  }
  bool get_bool(od::value v, bool& out) {
    od::json_type t;
    if (v.type().get(t)) return internal(v);
    if (t == od::json_type::null) return true;
    if (t != od::json_type::boolean) return wrong(v, "a boolean", t);
    if (v.get_bool().get(out)) return internal(v);
    return true;
  }
  bool get_string_array(od::value v, std::vector<std::string>& out) {
    od::json_type t;
    if (v.type().get(t)) return internal(v);
    if (t == od::json_type::null) return true;
    if (t != od::json_type::array) return wrong(v, "an array of strings", t);
    od::array arr;
    if (v.get_array().get(arr)) return internal(v);
    // Read into a scratch list first, so the document's own list is one block of its size
    // (grown one string at a time, it left the smaller blocks behind as holes). A repeated key:
    // the last list counts, as JSON.parse reads it.
    array_scratch_.clear();
    for (auto el : arr) {
      od::value item;
      if (el.get(item)) return internal(v);
      std::string s;
      if (!get_string(item, s, true)) return at_item(field.size(), array_scratch_.size());
      array_scratch_.push_back(std::move(s));
    }
    out.clear();
    out.reserve(array_scratch_.size());
    for (std::string& s : array_scratch_) out.push_back(std::move(s));
    return true;
  }
  // The error just set (last) names item i of the array whose field is the first `prefix`
  // bytes of its field: "tags" -> "tags[1]", "sections.name" -> "sections[2].name". Written
  // only on failure, so reading a good array builds no field names. Returns false.
  bool at_item(size_t prefix, size_t i) {
    if (last.field.size() >= prefix) last.field.insert(prefix, "[" + std::to_string(i) + "]");
    return false;
  }
  DIGEST_COLD bool get_link(od::value v, DocLink& out) {
    od::json_type t;
    if (v.type().get(t)) return internal(v);
    if (t == od::json_type::null) return true;
    if (t != od::json_type::object) return wrong(v, "an object {id, title}", t);
    od::object obj;
    if (v.get_object().get(obj)) return internal(v);
    std::string parent_field = field;
    out = DocLink{};  // a repeated "prev": the last object counts whole, as JSON.parse reads it
    for (auto f : obj) {
      std::string_view key;
      od::value fv;
      if (f.unescaped_key().get(key)) return bad_key(v);
      if (f.value().get(fv)) return internal(v);
      field = parent_field + "." + std::string(key);
      if (key == "id"sv) {
        if (!get_string(fv, out.id)) return false;
      } else if (key == "title"sv) {
        if (!get_string(fv, out.title)) return false;
      }
    }
    field = parent_field;
    links->keep(out);
    return true;
  }

  bool wrong(od::value& v, const char* expected, od::json_type found) {
    last = error_at(v, ErrorCode::WRONG_TYPE, std::string("expected ") + expected + ", found " + type_name(found));
    return false;
  }
  bool bad(od::value& v, std::string msg) {
    last = error_at(v, ErrorCode::BAD_VALUE, std::move(msg));
    return false;
  }
  bool internal(od::value& v) {
    last = error_at(v, ErrorCode::INTERNAL, "unexpected parser state");
    return false;
  }
  // A field name simdjson cannot decode: check_json accepts every \u escape, but a lone
  // surrogate is not a character. Reported at the object holding it, with no field named.
  bool bad_key(od::value& object) {
    field.clear();
    last = error_at(object, ErrorCode::BAD_VALUE, "unreadable field name: a \\u escape in it is half of a surrogate pair");
    return false;
  }

  std::string section;
  int64_t doc = -1;
  std::string field;
  Error last;
  // Long body strings are left in the input (get_body); only when the input has no surrogate
  // escape, so that decoding them later cannot fail.
  bool defer_bodies = false;
  // Where get_link puts the links it reads, until the load resolves them (resolve_links).
  LinkTexts* links = nullptr;

  // The document being read is `copy[0, len)`, made from the input's bytes from `from` on with
  // the strings `elided` (in order) replaced by `""`. parse_input() switches back to the input.
  void parse_copy(const char* copy, size_t len, size_t from, const std::vector<Elided>* elided) {
    copy_ = copy, copy_len_ = len, copy_from_ = from, elided_ = elided;
  }
  void parse_input() { copy_ = nullptr, elided_ = nullptr; }

 private:
  // The input offset of byte `at` of the copy.
  size_t input_offset(size_t at) const {
    size_t off = copy_from_ + at;
    for (const Elided& e : *elided_) {
      if (e.at >= at) break;
      off += (e.orig.end - e.orig.begin) - 2;
    }
    return off;
  }
  // The elided string whose placeholder is the value `v`, if it is one.
  const Elided* elided_at(od::value& v) const {
    const char* p = v.raw_json_token().data();
    if (p < copy_ || p >= copy_ + copy_len_) return nullptr;
    const size_t at = static_cast<size_t>(p - copy_);
    auto it = std::lower_bound(elided_->begin(), elided_->end(), at, [](const Elided& e, size_t x) { return e.at < x; });
    return it != elided_->end() && it->at == at ? &*it : nullptr;
  }
  // The string value `v` into `out`; null leaves `out` as it is (unless `required`). A long
  // string left out of the copy simdjson parsed (see "Long strings") goes to on_elided instead,
  // which decodes it (get_string) or notes where it is (get_body).
  static constexpr const char* kLoneSurrogate = "string holds a lone surrogate escape (\\uD800-\\uDFFF without its pair)";
  template <typename OnElided>
  bool read_string(od::value& v, std::string& out, bool required, OnElided&& on_elided) {
    od::json_type t;
    if (v.type().get(t)) return internal(v);
    if (t == od::json_type::null && !required) return true;
    if (t != od::json_type::string) return wrong(v, "a string", t);
    std::string_view sv;
    // check_json passed the input (valid UTF-8, well-formed escapes): what simdjson refuses here
    // is a \u escape of a surrogate without its pair, which JSON's grammar allows.
    if (v.get_string().get(sv)) return bad(v, kLoneSurrogate);
    if (sv.empty() && copy_) {
      if (const Elided* e = elided_at(v)) return on_elided(*e);
    }
    out.assign(sv.data(), sv.size());
    return true;
  }
  // Decodes the elided string from the input as simdjson would (the input passed check_json:
  // valid UTF-8, escapes well formed). A lone or unpaired surrogate escape is an error, as there.
  bool read_elided(od::value& v, const Elided& e, std::string& out) {
    std::string_view raw(base_ + e.orig.begin + 1, e.orig.end - e.orig.begin - 2);
    if (!decode_string_content(raw, out)) return bad(v, kLoneSurrogate);
    return true;
  }

  const char* base_;
  std::string_view input_;
  std::vector<std::string> array_scratch_;  // get_string_array
  const char* copy_ = nullptr;
  size_t copy_len_ = 0;
  size_t copy_from_ = 0;
  const std::vector<Elided>* elided_ = nullptr;
};

DIGEST_COLD bool read_prerequisites(Reader& r, od::value v, std::vector<Prerequisite>& out) {
  od::json_type t;
  if (v.type().get(t)) return r.internal(v);
  if (t == od::json_type::null) return true;
  if (t != od::json_type::array) return r.wrong(v, "an array of {name, gloss}", t);
  od::array arr;
  if (v.get_array().get(arr)) return r.internal(v);
  out.clear();  // a repeated key: the last list counts
  std::string base_field = r.field;
  for (auto el : arr) {
    od::value item;
    if (el.get(item)) return r.internal(v);
    Prerequisite p;
    od::json_type it;
    if (item.type().get(it)) return r.internal(item);
    const size_t i = out.size(), prefix = base_field.size();
    if (it == od::json_type::string) {
      if (!r.get_string(item, p.name, true)) return r.at_item(prefix, i);
    } else if (it == od::json_type::object) {
      od::object obj;
      if (item.get_object().get(obj)) return r.internal(item);
      for (auto f : obj) {
        std::string_view key;
        od::value fv;
        if (f.unescaped_key().get(key)) return r.bad_key(item);
        if (f.value().get(fv)) return r.internal(item);
        r.field = base_field + "." + std::string(key);
        if (key == "name"sv) {
          if (!r.get_string(fv, p.name, true)) return r.at_item(prefix, i);
        } else if (key == "gloss"sv) {
          if (!r.get_string(fv, p.gloss)) return r.at_item(prefix, i);
        }
      }
      r.field = base_field;
      if (p.name.empty()) {
        r.last = r.error_at(item, ErrorCode::BAD_FORMAT, "prerequisite without a \"name\"");
        return r.at_item(prefix, i);
      }
    } else {
      r.wrong(item, "a string or an object {name, gloss}", it);
      return r.at_item(prefix, i);
    }
    out.push_back(std::move(p));
  }
  return true;
}

DIGEST_COLD bool read_sections(Reader& r, od::value v, Document& d) {
  std::vector<Section>& out = d.sections;
  od::json_type t;
  if (v.type().get(t)) return r.internal(v);
  if (t == od::json_type::null) return true;
  if (t != od::json_type::array) return r.wrong(v, "an array of {name, markdown}", t);
  od::array arr;
  if (v.get_array().get(arr)) return r.internal(v);
  // A repeated key: the last list counts, and what an earlier one left in the input goes with it.
  out.clear();
  d.deferred.erase(std::remove_if(d.deferred.begin(), d.deferred.end(), [](const DeferredText& x) { return x.section >= 0; }),
                   d.deferred.end());
  std::string base_field = r.field;
  for (auto el : arr) {
    od::value item;
    if (el.get(item)) return r.internal(v);
    od::json_type it;
    if (item.type().get(it)) return r.internal(item);
    const size_t i = out.size(), prefix = base_field.size();
    if (it != od::json_type::object) {
      r.wrong(item, "an object {name, markdown}", it);
      return r.at_item(prefix, i);
    }
    od::object obj;
    if (item.get_object().get(obj)) return r.internal(item);
    Section s;
    for (auto f : obj) {
      std::string_view key;
      od::value fv;
      if (f.unescaped_key().get(key)) return r.bad_key(item);
        if (f.value().get(fv)) return r.internal(item);
      r.field = base_field + "." + std::string(key);
      if (key == "name"sv) {
        if (!r.get_string(fv, s.name, true)) return r.at_item(prefix, i);
      } else if (key == "markdown"sv) {
        if (!r.get_body(fv, s.markdown, d, static_cast<int32_t>(out.size()), false)) return r.at_item(prefix, i);
      }
    }
    r.field = base_field;
    if (s.name.empty()) {
      r.last = r.error_at(item, ErrorCode::BAD_FORMAT, "section without a \"name\"");
      return r.at_item(prefix, i);
    }
    out.push_back(std::move(s));
  }
  return true;
}

// Reads one document object. Returns false (with r.last set) if it must be skipped.
bool read_document(Reader& r, od::value v, Document& d, bool date_required) {
  r.field.clear();
  od::json_type t;
  if (v.type().get(t)) return r.internal(v);
  if (t != od::json_type::object) return r.wrong(v, "a document object", t);
  od::object obj;
  if (v.get_object().get(obj)) return r.internal(v);
  bool have_id = false, have_title = false, have_date = false;
  for (auto f : obj) {
    std::string_view key;
    od::value fv;
    if (f.unescaped_key().get(key)) return r.bad_key(v);
    if (f.value().get(fv)) return r.internal(v);
    r.field = std::string(key);
    bool ok = true;
    if (key == "id"sv) { ok = r.get_string(fv, d.id, true); have_id = ok; }
    else if (key == "slug"sv) ok = r.get_string(fv, d.slug);
    else if (key == "title"sv) { ok = r.get_string(fv, d.title, true); have_title = ok; }
    else if (key == "display_title"sv) ok = r.get_string(fv, d.display_title);
    else if (key == "date"sv) { ok = r.get_date(fv, d.date, true); have_date = ok; }
    else if (key == "datetime"sv) ok = r.get_datetime(fv, d.datetime);
    else if (key == "updated"sv) ok = r.get_date(fv, d.updated, false);
    else if (key == "categories"sv) ok = r.get_string_array(fv, d.categories);
    else if (key == "tags"sv) ok = r.get_string_array(fv, d.tags);
    else if (key == "excerpt"sv) ok = r.get_string(fv, d.excerpt);
    else if (key == "arxiv"sv) ok = r.get_string(fv, d.arxiv);
    else if (key == "authors"sv) ok = r.get_string_array(fv, d.authors);
    else if (key == "institution"sv) ok = r.get_string(fv, d.institution);
    else if (key == "upvotes"sv) ok = r.get_int(fv, d.upvotes, 0);
    else if (key == "stars"sv) ok = r.get_int(fv, d.stars, 0);
    else if (key == "selection"sv) {
      ok = r.get_string(fv, d.selection);
      if (ok && !d.selection.empty() && d.selection != "ranking" && d.selection != "recommended")
        ok = r.bad(fv, "unknown selection \"" + std::string(utf8_prefix(d.selection, 40)) + "\" (expected ranking or recommended)");
    } else if (key == "analysis"sv) {
      ok = r.get_string(fv, d.analysis);
      if (ok && !d.analysis.empty() && d.analysis != "full-text" && d.analysis != "pdf" && d.analysis != "abstract")
        ok = r.bad(fv, "unknown analysis \"" + std::string(utf8_prefix(d.analysis, 40)) + "\" (expected full-text, pdf or abstract)");
    }
    else if (key == "prerequisites"sv) ok = read_prerequisites(r, fv, d.prerequisites);
    else if (key == "summary"sv) ok = r.get_string(fv, d.summary);
    else if (key == "sections"sv) ok = read_sections(r, fv, d);
    else if (key == "markdown"sv) ok = r.get_body(fv, d.markdown, d, -1, false);
    else if (key == "html"sv) ok = r.get_body(fv, d.html, d, -1, true);
    else if (key == "toc"sv) ok = r.get_bool(fv, d.toc);
    else if (key == "ai_written"sv) ok = r.get_bool(fv, d.ai_written);
    else if (key == "rank"sv) ok = r.get_int(fv, d.rank, 0);
    else if (key == "prev"sv) ok = r.get_link(fv, d.prev);
    else if (key == "next"sv) ok = r.get_link(fv, d.next);
    // Unknown fields are ignored (their syntax was checked by check_json).
    if (!ok) return false;
  }
  r.field.clear();
  const char* missing = !have_id ? "id" : !have_title ? "title" : (!have_date && date_required) ? "date" : nullptr;
  if (missing) {
    r.field = missing;
    r.last = r.error_at(v, ErrorCode::BAD_FORMAT, std::string("missing required field \"") + missing + "\"");
    return false;
  }
  if (d.id.empty()) {
    r.field = "id";
    r.last = r.error_at(v, ErrorCode::BAD_VALUE, "empty id");
    return false;
  }
  if (d.slug == d.id) std::string().swap(d.slug);  // empty: the same as the id (no second copy)
  if (d.display_title.empty()) {
    // The site prefixes review titles with "[논문리뷰] "; the viewer shows the title without it.
    static const std::string_view kReviewPrefix = "[논문리뷰] ";
    std::string_view t = d.title;
    d.display_title = t.substr(0, kReviewPrefix.size()) == kReviewPrefix ? std::string(t.substr(kReviewPrefix.size())) : d.title;
  }
  // A title shown as nothing but spaces (any Unicode space, or the site's prefix alone) would be a
  // result card and a page heading with no text: a link no one can see or name.
  if (is_blank_text(d.title) || is_blank_text(d.display_title)) {
    r.field = "title";
    r.last = r.error_at(v, ErrorCode::BAD_VALUE, "empty title");
    return false;
  }
  return true;
}

// A digest as read from its own document, before the load takes it (Loader::adopt_digest): the
// problems found on the way (its skipped papers, or why it is not an object), then either the
// digest and its papers (ok), or why it is skipped (failed).
struct DigestRead {
  int64_t index = 0;   // in "digests"
  int64_t offset = -1; // of the digest object
  std::vector<Error> problems;
  bool ok = false;
  bool failed = false;
  Error failure;
  Digest digest;
  std::vector<Document> papers;
  std::vector<std::pair<int64_t, int64_t>> paper_at;  // per paper: its index in "papers", its offset
};

// Reads digest `index` (the value v) into out; it touches nothing but r and out, so it can run
// ahead of the load (BundleReadAhead).
DIGEST_COLD void read_digest(Reader& r, od::value v, int64_t index, DigestRead& out) {
  out.index = index;
  r.section = "digests";
  r.doc = index;
  r.field.clear();
  out.offset = r.offset_of(v);
  od::json_type t;
  if (v.type().get(t)) {
    out.problems.push_back(r.error_at(v, ErrorCode::INTERNAL, "unexpected parser state"));
    return;
  }
  if (t != od::json_type::object) {
    r.wrong(v, "a digest object", t);
    out.problems.push_back(r.last);
    return;
  }
  od::object obj;
  if (v.get_object().get(obj)) return;
  Digest& g = out.digest;
  std::vector<Document>& papers = out.papers;
  bool have_id = false, have_date = false, ok = true, failed = false;
  Error first_error;
  for (auto f : obj) {
    std::string_view key;
    od::value fv;
    if (f.unescaped_key().get(key)) {
      r.section = "digests";
      r.doc = index;
      r.bad_key(v);
      failed = true;
      first_error = r.last;
      break;
    }
    if (f.value().get(fv)) {
      failed = true;
      first_error = r.error_at(v, ErrorCode::INTERNAL, "unexpected parser state");
      break;
    }
    r.section = "digests";
    r.doc = index;
    r.field = std::string(key);
    if (key == "id"sv) { ok = r.get_string(fv, g.id, true); have_id = ok; }
    else if (key == "kind"sv) {
      ok = r.get_string(fv, g.kind);
      if (ok && !g.kind.empty() && g.kind != "daily" && g.kind != "weekly")
        ok = r.bad(fv, "unknown digest kind \"" + std::string(utf8_prefix(g.kind, 40)) + "\" (expected daily or weekly)");
    }
    else if (key == "title"sv) ok = r.get_string(fv, g.title);
    else if (key == "date"sv) { ok = r.get_date(fv, g.date, true); have_date = ok; }
    else if (key == "intro"sv) ok = r.get_string(fv, g.intro);
    else if (key == "ranking_count"sv) ok = r.get_int(fv, g.ranking_count, 0);
    else if (key == "recommended_count"sv) ok = r.get_int(fv, g.recommended_count, 0);
    else if (key == "full_text_count"sv) ok = r.get_int(fv, g.full_text_count, 0);
    else if (key == "abstract_count"sv) ok = r.get_int(fv, g.abstract_count, 0);
    else if (key == "papers"sv) {
      od::json_type pt = od::json_type::null;
      if (fv.type().get(pt) || pt != od::json_type::array) {
        ok = r.wrong(fv, "an array of papers", pt);
      } else {
        od::array arr;
        if (fv.get_array().get(arr)) { ok = false; break; }
        int64_t pi = 0;
        for (auto el : arr) {
          od::value item;
          if (el.get(item)) { ok = false; break; }
          r.section = "digests[" + std::to_string(index) + "].papers";
          r.doc = pi++;
          const int64_t paper_offset = r.offset_of(item);
          Document d;
          d.kind = DocKind::PAPER;
          if (!read_document(r, item, d, false)) {
            out.problems.push_back(r.last);
            continue;
          }
          if (d.rank == 0) d.rank = pi;
          papers.push_back(std::move(d));
          out.paper_at.emplace_back(pi - 1, paper_offset);
        }
        r.section = "digests";
        r.doc = index;
      }
    }
    if (!ok && !failed) {
      failed = true;
      first_error = r.last;
    }
    ok = true;  // keep reading so the skipped papers can be counted
  }
  if (!ok && !failed) {  // the papers array could not be opened
    failed = true;
    first_error = r.last;
  }
  if (!failed && (g.id.empty() || !have_date)) {
    r.field = g.id.empty() ? "id" : "date";
    // Written but empty: said as a review's is (read_document).
    first_error = g.id.empty() && have_id ? r.error_at(v, ErrorCode::BAD_VALUE, "empty id")
                                          : r.error_at(v, ErrorCode::BAD_FORMAT, "missing required field \"" + r.field + "\"");
    failed = true;
  }
  out.failed = failed;
  out.failure = std::move(first_error);
  out.ok = !failed;
  if (out.ok && g.kind.empty()) g.kind = "daily";
}

struct Loader {
  Reader r;
  LoadReport report;
  IdSet ids;
  LinkTexts links;

  void problem(Error e) {
    ++report.skipped;
    if (report.problems.size() < kMaxProblemsReported) report.problems.push_back(std::move(e));
  }

  // Appends `d` unless the bundle is full or its id is taken; a refusal is reported at `offset`
  // (the document's) in the reader's current section and document (a paper's: digests[i].papers[k]).
  bool add_document(Document&& d, int64_t offset) {
    if (report.bundle.docs.size() >= kMaxDocuments) {
      problem(r.error_here(offset, ErrorCode::TOO_LARGE, "more than " + std::to_string(kMaxDocuments) + " documents"));
      return false;
    }
    if (!ids.insert(d.id, static_cast<uint32_t>(report.bundle.docs.size()))) {
      r.field = "id";
      problem(r.error_here(offset, ErrorCode::DUPLICATE_ID, "duplicate id \"" + d.id + "\" (the first one is kept)"));
      return false;
    }
    report.bundle.docs.push_back(std::move(d));
    return true;
  }

  // Reports what read_digest found (problems in order) and adds the digest and its papers,
  // unless it failed or its id is taken.
  DIGEST_COLD void adopt_digest(DigestRead&& dr) {
    for (Error& e : dr.problems) problem(std::move(e));
    if (dr.ok && !ids.insert(dr.digest.id, IdSet::kNotADocument)) {
      r.section = "digests";
      r.doc = dr.index;
      r.field = "id";
      dr.failure = r.error_here(dr.offset, ErrorCode::DUPLICATE_ID, "duplicate id \"" + dr.digest.id + "\" (the first one is kept)");
      dr.ok = false;
      dr.failed = true;
    }
    if (dr.failed) {
      // The papers read before the failure ("papers": null or not an array: none).
      const size_t n = dr.papers.size();
      dr.failure.message += n == 0 ? std::string(" (the digest is skipped)")
                            : n == 1 ? std::string(" (the digest and its paper are skipped)")
                                     : " (the digest and its " + std::to_string(n) + " papers are skipped)";
      problem(std::move(dr.failure));
      return;
    }
    if (!dr.ok) return;
    Digest& g = dr.digest;
    for (size_t k = 0; k < dr.papers.size(); ++k) {
      Document& d = dr.papers[k];
      d.parent = g.id;
      if (d.date.empty()) d.date = g.date;
      uint32_t at = static_cast<uint32_t>(report.bundle.docs.size());
      r.section = "digests[" + std::to_string(dr.index) + "].papers";
      r.doc = dr.paper_at[k].first;
      if (add_document(std::move(d), dr.paper_at[k].second)) g.papers.push_back(at);
    }
    report.bundle.digests.push_back(std::move(g));
  }

  // A document read ahead whole (in `data`; its links are in `links` already): its bodies are
  // decoded unless this load defers them too.
  void take(Document& d, const char* data) {
    if (!r.defer_bodies && !d.deferred.empty()) decode_deferred(data, d);
  }
};

// --- splitting the validated input into per-document slices ------------------------------------
//
// simdjson sizes its buffers by the document it parses: about 4 bytes of structural index and
// 1.7 bytes of string buffer per input byte. Parsing a 100 MB bundle as one document would need
// ~570 MB beside the input. So the loader parses each document (each element of "reviews" and
// "digests") as its own On Demand document, reusing one parser sized for the largest document.
//
// Long strings (kLongStringBytes, loader.h). Most of a bundle's bytes are a few long strings
// per document (markdown and HTML bodies, sections, intros). The split below already walks every
// string to find where each document ends, so it notes every string value of that many content
// bytes or more; simdjson then parses a copy of the document in which each of them is `""`, and
// the Reader decodes the string from the input when its field is read (Reader::read_elided), or
// never, for a field the loader ignores. simdjson's structural pass (a scalar loop in
// WebAssembly, where it has no SIMD kernel) so skips ~90% of the bytes, while check_json still
// checked every one of them. Error offsets are mapped back to the input (Reader::input_offset).

struct TopField {
  std::string_view key;  // raw key bytes (escapes not decoded; bundle keys are plain ASCII)
  Slice value;
  std::vector<Slice> elements;  // for arrays: each element
  std::vector<Slice> long_strings;  // string values (not keys) of long_min bytes or more, in order
  std::vector<Slice> element_longs;  // per element: its long strings, as indices into long_strings
};

inline bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// End of the (already validated) JSON value starting at s[i]. With `longs`, the long string
// values inside it (quotes included) are appended to it.
size_t skip_value(std::string_view s, size_t i, std::vector<Slice>* longs = nullptr, size_t long_min = 0) {
  const size_t n = s.size();
  auto skip_string = [&](size_t k) {  // k at the opening quote; returns one past the closing quote
    ++k;
    while (k < n) {
      // The next quote (memchr scans a word at a time); it closes the string unless an odd
      // number of backslashes escapes it.
      const void* q = std::memchr(s.data() + k, '"', n - k);
      if (!q) return n;
      size_t at = static_cast<size_t>(static_cast<const char*>(q) - s.data());
      size_t slashes = 0;
      while (at - slashes > k && s[at - slashes - 1] == '\\') ++slashes;
      if (slashes % 2 == 0) return at + 1;
      k = at + 1;
    }
    return n;
  };
  char c = s[i];
  if (c == '"') return skip_string(i);
  if (c != '{' && c != '[') {
    while (i < n && !is_ws(s[i]) && s[i] != ',' && s[i] != '}' && s[i] != ']') ++i;
    return i;
  }
  size_t depth = 0;
  while (i < n) {
    c = s[i];
    if (c == '"') {
      const size_t end = skip_string(i);
      if (longs && end - i - 2 >= long_min) {
        size_t k = end;
        while (k < n && is_ws(s[k])) ++k;
        if (k == n || s[k] != ':') longs->push_back({i, end});  // a value, not a key
      }
      i = end;
      continue;
    }
    if (c == '{' || c == '[') ++depth;
    else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
    ++i;
  }
  return n;
}

size_t skip_ws(std::string_view s, size_t i) {
  while (i < s.size() && is_ws(s[i])) ++i;
  return i;
}

// Splits the top-level object (input already passed check_json and starts with '{'). `known`
// (ascending, may be empty) lists values whose end is known (read ahead): an array element that
// starts at one of them ends there, without a scan and without its long strings noted (it is not
// parsed again).
std::vector<TopField> split_top_level(std::string_view s, size_t i, size_t long_min,
                                      const std::vector<std::pair<size_t, size_t>>& known) {
  std::vector<TopField> fields;
  size_t next_known = 0;
  i = skip_ws(s, i + 1);
  if (s[i] == '}') return fields;
  while (true) {
    TopField f;
    size_t key_end = skip_value(s, i);
    f.key = s.substr(i + 1, key_end - i - 2);
    i = skip_ws(s, key_end);
    i = skip_ws(s, i + 1);  // ':'
    f.value.begin = i;
    if (s[i] == '[') {
      size_t k = skip_ws(s, i + 1);
      if (s[k] != ']') {
        while (true) {
          const size_t first_long = f.long_strings.size();
          while (next_known < known.size() && known[next_known].first < k) ++next_known;
          size_t e = next_known < known.size() && known[next_known].first == k
                         ? known[next_known].second
                         : skip_value(s, k, long_min == SIZE_MAX ? nullptr : &f.long_strings, long_min);
          f.elements.push_back({k, e});
          f.element_longs.push_back({first_long, f.long_strings.size()});
          k = skip_ws(s, e);
          if (s[k] == ']') break;
          k = skip_ws(s, k + 1);  // ','
        }
      }
      f.value.end = k + 1;
    } else {
      f.value.end = skip_value(s, i);
    }
    fields.push_back(std::move(f));
    i = skip_ws(s, fields.back().value.end);
    if (s[i] == '}') break;
    i = skip_ws(s, i + 1);  // ','
  }
  return fields;
}

// Parses one review or digest, input[span], as its own On Demand document: from the input if it
// has no long strings, else from a copy without them (see "Long strings"), which the Reader maps
// back. One parser and one copy buffer (grown to the largest copy, never shrunk) serve them all.
class ElementParser {
 public:
  // `data` is followed by readable bytes up to data + capacity (simdjson reads past a value).
  ElementParser(const char* data, size_t capacity) : data_(data), capacity_(capacity) {}

  // input[span], whose long strings are [longs, longs_end) in order; r reads it afterwards.
  simdjson::error_code parse(Reader& r, Slice span, const Slice* longs, const Slice* longs_end, od::document& doc) {
    if (longs == longs_end) return parse_value(span, doc);
    size_t kept = span.end - span.begin;
    for (const Slice* k = longs; k < longs_end; ++k) kept -= k->end - k->begin - 2;
    if (kept + simdjson::SIMDJSON_PADDING > copy_capacity_) {
      copy_capacity_ = kept + simdjson::SIMDJSON_PADDING;
      copy_.reset(new char[copy_capacity_]);
    }
    elided_.clear();
    char* out = copy_.get();
    size_t from = span.begin;
    for (const Slice* k = longs; k < longs_end; ++k) {
      std::memcpy(out, data_ + from, k->begin - from);
      out += k->begin - from;
      elided_.push_back({static_cast<size_t>(out - copy_.get()), *k});
      *out++ = '"';
      *out++ = '"';
      from = k->end;
    }
    std::memcpy(out, data_ + from, span.end - from);
    out += span.end - from;
    std::memset(out, 0, simdjson::SIMDJSON_PADDING);
    r.parse_copy(copy_.get(), kept, span.begin, &elided_);
    return iterate(copy_.get(), kept, kept + simdjson::SIMDJSON_PADDING, doc);
  }
  // input[span] as it is (a top-level field's value).
  simdjson::error_code parse_value(Slice span, od::document& doc) {
    return iterate(data_ + span.begin, span.end - span.begin, capacity_ - span.begin, doc);
  }

 private:
  // One call site of simdjson's iterate, which inlines large.
  __attribute__((noinline)) simdjson::error_code iterate(const char* p, size_t len, size_t readable, od::document& doc) {
    return parser_.iterate(p, len, readable).get(doc);
  }

  const char* data_;
  size_t capacity_;
  od::parser parser_;
  std::unique_ptr<char[]> copy_;
  size_t copy_capacity_ = 0;
  std::vector<Elided> elided_;
};

// Fills in line and column for every error, in one pass over the input.
void resolve_lines(std::string_view input, std::vector<Error*> errors) {
  // By offset. An insertion sort: the problems come nearly in file order (at most a thousand;
  // reviews are read before digests), and std::sort's instantiation cost ~1 KB of the module.
  for (size_t i = 1; i < errors.size(); ++i)
    for (size_t j = i; j > 0 && errors[j - 1]->offset > errors[j]->offset; --j) std::swap(errors[j - 1], errors[j]);
  int64_t line = 1, col = 1;
  size_t k = 0;
  for (Error* e : errors) {
    if (e->offset < 0) continue;
    size_t target = std::min(static_cast<size_t>(e->offset), input.size());
    for (; k < target; ++k) {
      if (input[k] == '\n') {
        ++line;
        col = 1;
      } else if ((static_cast<unsigned char>(input[k]) & 0xC0) != 0x80) {
        ++col;
      }
    }
    e->line = line;
    e->column = col;
  }
}

}  // namespace

Result<LoadReport> load_bundle_padded(const char* data, size_t size, size_t capacity) {
  return load_bundle_padded(data, size, capacity, kLongStringBytes);
}

// --- reading ahead --------------------------------------------------------------------------------
//
// A small scanner over the arrived prefix: the top-level object's fields up to "reviews" (any
// other field is skipped once complete), then each element of "reviews" once it is complete,
// i.e. once the ',' or ']' after it has arrived (so its end is known, not just "not yet seen").
// Anything unexpected ends the read-ahead; the load then reads the rest as usual. A review is
// read only after check_json accepts its bytes: the loader's readers assume checked input.

struct BundleReadAhead::State {
  enum class Phase { kStart, kKey, kElement, kAfterArray, kDone };
  // One element of "reviews" or "digests" read ahead. A review: its document (ok), or the
  // problem that skips it. A digest: what read_digest found, for Loader::adopt_digest.
  struct Element {
    size_t index = 0;  // in its array
    Slice span;
    bool ok = false;
    Document doc;
    Error problem;
    std::unique_ptr<DigestRead> digest;  // a digest's (most elements are reviews: kept apart)
  };
  static constexpr size_t kElementDepth = 2;  // an element of an array in the top-level object
  State(const char* d, size_t c) : data(d), capacity(c), ep(d, c) {}

  const char* data;
  size_t capacity;
  Phase phase = Phase::kStart;
  size_t pos = 0;        // where the scanner resumes
  bool digests = false;  // the array being read: "digests", else "reviews"
  bool seen[2] = {false, false};  // the first of each is read ahead, not a second one
  size_t index = 0;      // its next element
  std::vector<Slice> longs;
  ElementParser ep;
  std::vector<Element*> read_ahead[2];  // [reviews, digests], in element order (in `pool`)
  LinkTexts links;  // of the elements read ahead (the load takes them over)
  bool consumed = false;  // a load has taken what was read (load_bundle_padded)
  size_t taken[2] = {0, 0};                             // elements the load has looked at
  // The elements' bytes check_json_nested accepted at kElementDepth, ascending (the load's
  // syntax pass skips them).
  std::vector<std::pair<size_t, size_t>> checked;
  // A string in those bytes holds a surrogate escape: the load then defers no body (an element
  // checked here but not read ahead is read by the load, and its syntax pass skips these bytes).
  bool surrogate_escape = false;
  // The elements, kPoolChunk to a block: one heap block each, freed when the load has taken its
  // document, left a hole between every two documents' strings (0.2x of the bundle at 20k). A
  // chunk is a little over 1 MiB, so that once freed it holds four of the full-text index's
  // 256 KiB postings blocks (postings.h).
  static constexpr size_t kPoolChunk = ((size_t{1} << 20) + 1024) / sizeof(Element) + 1;
  std::vector<std::unique_ptr<Element[]>> pool;
  size_t pool_used = kPoolChunk;
  Element* new_element() {
    if (pool_used == kPoolChunk) pool.emplace_back(new Element[kPoolChunk]), pool_used = 0;
    return &pool.back()[pool_used++];
  }

  void advance(std::string_view s) {
    const size_t n = s.size();
    while (phase != Phase::kDone) {
      if (phase == Phase::kStart) {
        if (n < 3) return;
        size_t i = skip_ws(s, std::memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0);
        if (i == n) return;
        if (s[i] != '{') break;
        pos = i + 1;
        phase = Phase::kKey;
      } else if (phase == Phase::kKey) {
        size_t i = skip_ws(s, pos);
        if (i == n) return;
        if (s[i] != '"') break;
        const size_t key_end = skip_value(s, i);
        size_t v = skip_ws(s, key_end);
        if (v >= n) return;
        if (s[v] != ':') break;
        v = skip_ws(s, v + 1);
        if (v == n) return;
        const std::string_view key = s.substr(i + 1, key_end - i - 2);
        const int which = key == "reviews"sv ? 0 : key == "digests"sv ? 1 : -1;
        if (which >= 0 && !seen[which] && s[v] == '[') {
          seen[which] = true;
          digests = which == 1;
          index = 0;
          pos = v + 1;
          phase = Phase::kElement;
          continue;
        }
        const size_t k = skip_ws(s, skip_value(s, v));
        if (k >= n) return;
        if (s[k] != ',') break;
        pos = k + 1;
      } else if (phase == Phase::kElement) {
        const size_t i = skip_ws(s, pos);
        if (i == n) return;
        if (s[i] == ']' && index == 0) {
          pos = i + 1;
          phase = Phase::kAfterArray;
          continue;
        }
        longs.clear();
        const size_t end = skip_value(s, i, &longs, kLongStringBytes);
        const size_t k = skip_ws(s, end);
        if (k >= n) return;
        if (end == i || (s[k] != ',' && s[k] != ']')) break;
        read({i, end});
        ++index;
        pos = k + 1;
        if (s[k] == ']') phase = Phase::kAfterArray;
      } else {  // after an array: the next field, or the end
        const size_t i = skip_ws(s, pos);
        if (i == n) return;
        if (s[i] != ',') break;
        pos = i + 1;
        phase = Phase::kKey;
      }
    }
    phase = Phase::kDone;
  }

  // Reads element `index` of the current array as the load would, if it is an object whose
  // bytes check.
  void read(Slice span) {
    const std::string_view bytes(data + span.begin, span.end - span.begin);
    if (bytes[0] != '{') return;
    bool escape = false;
    const bool good = static_cast<bool>(check_json_nested(bytes, kElementDepth, &escape));
    surrogate_escape |= escape;
    if (!good) return;
    checked.push_back({span.begin, span.end});
    Reader r(data, std::string_view(data, span.end));
    r.links = &links;
    // Its long bodies stay in the buffer, as the load leaves them (loader.h, defer_bodies), unless
    // a string of it holds a surrogate escape; a load that defers none decodes them (Loader::take).
    r.defer_bodies = !escape;
    r.section = digests ? "digests" : "reviews";
    r.doc = static_cast<int64_t>(index);
    od::document doc;
    od::value v;
    if (ep.parse(r, span, longs.data(), longs.data() + longs.size(), doc) || doc.get_value().get(v)) return;
    Element* el = new_element();
    el->index = index;
    el->span = span;
    if (digests) {
      el->digest = std::make_unique<DigestRead>();
      read_digest(r, v, static_cast<int64_t>(index), *el->digest);
    } else {
      el->doc.kind = DocKind::REVIEW;
      el->ok = read_document(r, v, el->doc, true);
      if (!el->ok) el->problem = r.last;  // (the partly read doc is never used)
    }
    read_ahead[digests].push_back(el);
  }

  // The element read ahead as `element` of "reviews" (which 0) or "digests" (1) at `span`, if any.
  Element* take(int which, size_t element, Slice span) {
    auto& els = read_ahead[which];
    size_t& t = taken[which];
    while (t < els.size() && els[t]->index < element) ++t;
    if (t == els.size()) return nullptr;
    Element& el = *els[t];
    return el.index == element && el.span.begin == span.begin && el.span.end == span.end ? &el : nullptr;
  }
};

BundleReadAhead::BundleReadAhead(const char* data, size_t capacity) : s_(std::make_unique<State>(data, capacity)) {}
BundleReadAhead::~BundleReadAhead() = default;
void BundleReadAhead::advance(size_t received) {
  s_->advance(std::string_view(s_->data, std::min(received, s_->capacity)));
}
const char* BundleReadAhead::data() const { return s_->data; }
size_t BundleReadAhead::elements_read() const { return s_->read_ahead[0].size() + s_->read_ahead[1].size(); }

Result<LoadReport> load_bundle_padded(const char* data, size_t size, size_t capacity, size_t long_string_bytes,
                                      BundleReadAhead* ahead, bool defer_bodies) {
  // Only a read-ahead of this buffer, and only for the first "reviews" and the first "digests"
  // (elements are matched by index and place). It serves one load, which takes what it read: a
  // second load of it reads everything itself.
  BundleReadAhead::State* early = ahead && ahead->data() == data && !ahead->s_->consumed ? ahead->s_.get() : nullptr;
  if (early) early->consumed = true;
  bool early_used[2] = {false, false};
  std::string_view input(data, size);
  if (size > kMaxBundleBytes) {
    return make_error(ErrorCode::TOO_LARGE, "bundle is " + std::to_string(size) + " bytes; the limit is " +
                                                std::to_string(kMaxBundleBytes) + " bytes");
  }
  // A bundle saved as UTF-16 (an editor's "Unicode") or UTF-32 is not a syntax error at byte 0 to
  // its author: say what it is and what to do.
  if (const char* wide = wide_text_encoding(input)) {
    Error e = make_error(ErrorCode::INVALID_UTF8, std::string("the bundle is ") + wide +
                                                      " text; a bundle is UTF-8 JSON (save it again as UTF-8)");
    e.offset = 0;
    e.line = 1;
    e.column = 1;
    return e;
  }
  bool surrogate_escape = false;
  Status syntax = early ? check_json(input, early->checked, BundleReadAhead::State::kElementDepth, &surrogate_escape)
                        : check_json(input, &surrogate_escape);
  if (!syntax) return syntax.error();
  if (early && early->surrogate_escape) surrogate_escape = true;

  size_t start = 0;
  if (size >= 3 && std::memcmp(data, "\xEF\xBB\xBF", 3) == 0) start = 3;  // BOM
  start = skip_ws(input, start);
  Loader L{Reader(data, input), {}, {}, {}};
  if (early) L.links = std::move(early->links);  // the documents read ahead name them
  L.r.links = &L.links;
  L.r.defer_bodies = defer_bodies && !surrogate_escape;
  auto fail_top = [&](ErrorCode code, std::string msg, size_t offset) -> Result<LoadReport> {
    Error e = make_error(code, std::move(msg));
    e.offset = static_cast<int64_t>(offset);
    resolve_lines(input, {&e});
    return e;
  };
  char first = data[start];
  if (first != '{') {
    const char* what = first == '[' ? "an array" : first == '"' ? "a string" : first == 't' || first == 'f' ? "a boolean"
                       : first == 'n' ? "null" : "a number";
    return fail_top(ErrorCode::BAD_FORMAT, std::string("not a bundle: the top-level value is ") + what + ", expected an object", start);
  }
  // The elements read ahead need no scan to find their ends.
  std::vector<std::pair<size_t, size_t>> known;
  if (early) {
    // Each array's elements are in file order and the two arrays do not overlap: the one that
    // comes first in the file goes first.
    const auto& r = early->read_ahead[0];
    const auto& d = early->read_ahead[1];
    const bool digests_first = !r.empty() && !d.empty() && d[0]->span.begin < r[0]->span.begin;
    for (const auto* els : {digests_first ? &d : &r, digests_first ? &r : &d})
      for (const auto& el : *els) known.push_back({el->span.begin, el->span.end});
  }
  std::vector<TopField> fields = split_top_level(input, start, long_string_bytes, known);

  ElementParser ep(data, capacity);
  auto iterate = [&](const Slice& sl, od::document& doc) { return ep.parse_value(sl, doc); };
  auto iterate_element = [&](const TopField& f, size_t index, od::document& doc) {
    const Slice& longs = f.element_longs[index];
    return ep.parse(L.r, f.elements[index], f.long_strings.data() + longs.begin, f.long_strings.data() + longs.end, doc);
  };
  auto field_error = [&](const TopField& f, ErrorCode code, std::string msg) {
    Error e = make_error(code, std::move(msg));
    e.offset = static_cast<int64_t>(f.value.begin);
    e.field = std::string(f.key);
    resolve_lines(input, {&e});
    return e;
  };

  // Format and version first, wherever they appear, so a foreign or newer file is refused
  // before any document is read.
  const TopField* format_field = nullptr;
  const TopField* version_field = nullptr;
  for (const auto& f : fields) {
    if (f.key == "format"sv) format_field = &f;
    if (f.key == "version"sv) version_field = &f;
  }
  if (!format_field) return fail_top(ErrorCode::BAD_FORMAT, std::string("not a bundle: missing \"format\": \"") + kBundleFormatName + "\"", start);
  {
    od::document doc;
    std::string_view format;
    if (data[format_field->value.begin] != '"' || iterate(format_field->value, doc) || doc.get_string().get(format))
      return field_error(*format_field, ErrorCode::WRONG_TYPE, "\"format\" must be a string");
    if (format != kBundleFormatName)
      return field_error(*format_field, ErrorCode::BAD_FORMAT, "not a bundle: format is \"" + std::string(format.substr(0, 60)) + "\", expected \"" + kBundleFormatName + "\"");
  }
  if (!version_field) return fail_top(ErrorCode::BAD_FORMAT, "not a bundle: missing \"version\"", start);
  int64_t version = -1;
  {
    od::document doc;
    if (iterate(version_field->value, doc) || doc.get_int64().get(version) || version < 1)
      return field_error(*version_field, ErrorCode::BAD_FORMAT, "\"version\" must be a positive integer");
    if (version > kBundleFormatVersion)
      return field_error(*version_field, ErrorCode::UNSUPPORTED_VERSION,
                         "bundle format version " + std::to_string(version) + " is newer than this viewer supports (" +
                             std::to_string(kBundleFormatVersion) + "); update the viewer");
  }

  L.report.bundle.format_version = static_cast<int>(version);
  // Reviews are read before digests wherever they are in the file, so the documents come out
  // in the documented order (reviews, then papers) without moving them afterwards; the vector
  // is sized up front (a digest holds about ten papers) so it does not double while growing.
  // The papers' share is also bounded by their bytes (a paper is kilobytes; 256 bytes is far
  // below any real one): 100,000 empty digests (5 MB) reserved room for a million documents,
  // 395 MB of wasm memory.
  constexpr size_t kPaperBytesAtLeast = 256;
  std::vector<const TopField*> order;
  size_t expected_docs = 0;
  for (const auto& f : fields)
    if (f.key != "digests") order.push_back(&f), expected_docs += f.key == "reviews"sv ? f.elements.size() : 0;
  for (const auto& f : fields)
    if (f.key == "digests"sv)
      order.push_back(&f), expected_docs += std::min(10 * f.elements.size(), (f.value.end - f.value.begin) / kPaperBytesAtLeast);
  L.report.bundle.docs.reserve(std::min<size_t>(expected_docs, kMaxDocuments));
  L.ids.reserve(std::min<size_t>(expected_docs, kMaxDocuments));
  for (const TopField* fp : order) {
    const TopField& f = *fp;
    L.r.section.clear();
    L.r.doc = -1;
    L.r.field = std::string(f.key);
    const char lead = data[f.value.begin];
    if (f.key == "title"sv) {
      od::document doc;
      std::string_view title;
      if (lead == 'n') continue;
      if (iterate(f.value, doc) || doc.get_string().get(title))
        return field_error(f, ErrorCode::WRONG_TYPE, "\"title\" must be a string");
      L.report.bundle.title.assign(title.data(), title.size());
    } else if (f.key == "build"sv) {
      if (lead == 'n') continue;
      if (lead != '{') return field_error(f, ErrorCode::WRONG_TYPE, "\"build\" must be an object");
      od::document doc;
      od::value v;
      od::object b;
      if (iterate(f.value, doc) || doc.get_value().get(v) || v.get_object().get(b))
        return field_error(f, ErrorCode::INTERNAL, "cannot read \"build\"");
      for (auto bf : b) {
        std::string_view bk;
        od::value bv;
        if (bf.unescaped_key().get(bk) || bf.value().get(bv)) break;
        L.r.field = "build." + std::string(bk);
        BuildInfo& bi = L.report.bundle.build;
        bool ok = true;
        if (bk == "generator") ok = L.r.get_string(bv, bi.generator);
        else if (bk == "built_at") ok = L.r.get_string(bv, bi.built_at);
        else if (bk == "source_files") ok = L.r.get_int(bv, bi.source_files, 0);
        else if (bk == "skipped") ok = L.r.get_int(bv, bi.skipped, 0);
        else if (bk == "unpublished") ok = L.r.get_int(bv, bi.unpublished, 0);
        if (!ok) {  // build metadata is small and ours: a bad value is a bad bundle
          Error e = L.r.last;
          resolve_lines(input, {&e});
          return e;
        }
      }
    } else if (f.key == "reviews"sv || f.key == "digests"sv) {
      const bool reviews = f.key == "reviews"sv;
      if (lead != '[') return field_error(f, ErrorCode::WRONG_TYPE, std::string("\"") + std::string(f.key) + "\" must be an array");
      BundleReadAhead::State* ahead_here = early && !early_used[!reviews] ? early : nullptr;
      early_used[!reviews] = true;
      int64_t index = 0;
      for (size_t element = 0; element < f.elements.size(); ++element) {
        const Slice& el = f.elements[element];
        L.r.section = reviews ? "reviews" : "digests";
        L.r.doc = index++;
        L.r.field.clear();
        if (ahead_here) {
          if (BundleReadAhead::State::Element* got = ahead_here->take(!reviews, element, el)) {
            if (!reviews) {
              for (Document& d : got->digest->papers) L.take(d, data);
              L.adopt_digest(std::move(*got->digest));
            } else if (got->ok) {
              L.take(got->doc, data);
              L.add_document(std::move(got->doc), static_cast<int64_t>(el.begin));
            }
            else L.problem(std::move(got->problem));
            continue;
          }
        }
        if (data[el.begin] != '{') {
          Error e = make_error(ErrorCode::WRONG_TYPE, reviews ? "expected a document object" : "expected a digest object");
          e.offset = static_cast<int64_t>(el.begin);
          e.section = L.r.section;
          e.doc = L.r.doc;
          L.problem(e);
          continue;
        }
        od::document doc;
        od::value v;
        if (auto err = iterate_element(f, element, doc); err || doc.get_value().get(v)) {
          Error e = make_error(ErrorCode::INTERNAL, std::string("cannot parse document: ") + simdjson::error_message(err));
          e.offset = static_cast<int64_t>(el.begin);
          e.section = L.r.section;
          e.doc = L.r.doc;
          L.problem(e);
          continue;
        }
        if (reviews) {
          Document d;
          d.kind = DocKind::REVIEW;
          if (!read_document(L.r, v, d, true)) {
            L.problem(L.r.last);
            continue;
          }
          L.add_document(std::move(d), L.r.offset_of(v));
        } else {
          DigestRead dr;
          read_digest(L.r, v, L.r.doc, dr);
          L.adopt_digest(std::move(dr));
        }
        L.r.parse_input();
      }
    }
    // Unknown top-level fields are ignored (their syntax was checked by check_json).
  }

  resolve_links(L.report.bundle.docs, L.ids, L.links);
  std::vector<Error*> located;
  for (auto& e : L.report.problems) located.push_back(&e);
  resolve_lines(input, located);

  return std::move(L.report);
}

void decode_deferred(Document& d, std::string_view (*bytes)(void* context, uint32_t begin, uint32_t end), void* context) {
  for (const DeferredText& t : d.deferred) {
    std::string& out = t.section < 0 ? (t.html ? d.html : d.markdown) : d.sections[static_cast<size_t>(t.section)].markdown;
    // Cannot fail: the load deferred only strings of an input without surrogate escapes. If it
    // did, the field would be left empty rather than cut short.
    if (!decode_string_content(bytes(context, t.begin, t.end), out)) out.clear();
  }
  d.deferred.clear();
  d.deferred.shrink_to_fit();
}

void decode_deferred(const char* data, Document& d) {
  decode_deferred(d, [](void* context, uint32_t begin, uint32_t end) {
    return std::string_view(static_cast<const char*>(context) + begin, end - begin);
  }, const_cast<char*>(data));
}

Result<LoadReport> load_bundle(std::string_view bytes) {
  if (bytes.size() > kMaxBundleBytes) {
    return make_error(ErrorCode::TOO_LARGE, "bundle is " + std::to_string(bytes.size()) + " bytes; the limit is " +
                                                std::to_string(kMaxBundleBytes) + " bytes");
  }
  std::unique_ptr<char[]> buf(new char[bytes.size() + simdjson::SIMDJSON_PADDING]);
  std::memcpy(buf.get(), bytes.data(), bytes.size());
  std::memset(buf.get() + bytes.size(), 0, simdjson::SIMDJSON_PADDING);
  return load_bundle_padded(buf.get(), bytes.size(), bytes.size() + simdjson::SIMDJSON_PADDING);
}

}  // namespace digest
