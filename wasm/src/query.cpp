// query.cpp — answering query requests: parse, filter, match, score, facet, sort, snippet, JSON.
#include "digest/query.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>
#include <map>
#include <set>

#include "digest/doc_json.h"
#include "digest/json_writer.h"
#include "digest/loader.h"
#include "digest/text_normalize.h"
#include "digest/utf8.h"
#include "index_sort.h"
#include "query_internal.h"
#include "size_attributes.h"
#include "simdjson.h"

namespace digest {
namespace {

// ------------------------------------------------------------------------------------------------
// Request

enum class SortKey { RELEVANCE, DATE, DATE_OLD, UPVOTES, STARS };

struct Request {
  std::string q;
  std::vector<std::string> tags, not_tags, prerequisites, categories;
  int32_t from = 0, to = 0;
  bool has_from = false, has_to = false;
  int kind = -1;  // -1 any, else DocKind
  std::string institution, selection, analysis;
  bool has_institution = false, has_selection = false, has_analysis = false;
  bool has_min_upvotes = false;
  int64_t min_upvotes = 0;
  std::vector<SortKey> sort{SortKey::RELEVANCE};
  int64_t offset = 0, limit = kQueryDefaultLimit;
  bool expand = false, facet_array = false, snippet = true;
  bool facet_ranks = false;    // value facets as [rank, count, ...] (facetFormat "ranks")
  bool facets = true;          // false: no facets (a page of hits alone)
  int64_t facet_limit = -1;   // top N entries of each value facet (-1: all)
  std::string facet_filter;   // tag_key of facetFilter ("": none)
  bool has_facet_filter = false;
  bool facet_by_name = false;  // years/months in calendar order
};

DIGEST_COLD Error bad(const std::string& field, const std::string& message) {
  Error e = make_error(ErrorCode::BAD_QUERY, message);
  e.field = field;
  return e;
}

namespace od = simdjson::ondemand;

// Request fields are read with On Demand after check_json has validated the whole request, so
// the module carries no DOM parser (a smaller wasm) and a syntax error is caught wherever it is.
// A string value that does not decode: a lone surrogate escape (\ud800) is text no UTF-8 can
// hold, which is what JS strings with half an emoji become in JSON.
DIGEST_COLD Error bad_string(od::value v, const std::string& field, const char* what) {
  if (v.type().value_unsafe() == od::json_type::string)
    return bad(field, "\"" + field + "\" is not valid text (an unpaired surrogate escape such as \\ud800)");
  return bad(field, "\"" + field + "\" must be " + what);
}

DIGEST_COLD Status get_string(od::value v, const std::string& field, std::string& out) {
  std::string_view s;
  if (v.get_string().get(s)) return bad_string(v, field, "a string");
  out.assign(s);
  return ok_status();
}

DIGEST_COLD Status get_strings(od::value v, const std::string& field, std::vector<std::string>& out) {
  od::array arr;
  if (v.get_array().get(arr)) return bad(field, "\"" + field + "\" must be an array of strings");
  for (auto x : arr) {
    std::string_view s;
    if (x.get_string().get(s)) return bad_string(x.value_unsafe(), field, "an array of strings");
    if (out.size() >= kMaxFilterValues) return bad(field, "\"" + field + "\" has more than 256 values");
    out.emplace_back(s);
  }
  return ok_status();
}

// A JSON number token read as a whole number: 42, -7, 1e2, 10.0 and 2.50e1 are whole, 2.5 is not;
// beyond int64 the value saturates (a limit of 1e30 asks for everything). Read from the token's
// digits rather than through a double: the module then carries no floating-point parsing
// (simdjson's power tables and slow path, ~11 KB gzip) for the three integer fields a request has.
DIGEST_COLD bool parse_whole_number(std::string_view tok, int64_t& out) {
  while (!tok.empty() && (tok.back() == ' ' || tok.back() == '\t' || tok.back() == '\n' || tok.back() == '\r')) tok.remove_suffix(1);
  size_t i = 0;
  const bool neg = i < tok.size() && tok[i] == '-';
  if (neg) ++i;
  auto digit = [&](size_t k) { return k < tok.size() && tok[k] >= '0' && tok[k] <= '9'; };
  if (!digit(i) || (tok[i] == '0' && digit(i + 1))) return false;
  std::string mantissa;  // the significant digits, integer and fraction parts together
  int64_t exponent = 0;  // the value is mantissa * 10^exponent
  for (; digit(i); ++i) mantissa += tok[i];
  if (i < tok.size() && tok[i] == '.') {
    if (!digit(++i)) return false;
    for (; digit(i); ++i) {
      mantissa += tok[i];
      --exponent;
    }
  }
  if (i < tok.size() && (tok[i] == 'e' || tok[i] == 'E')) {
    ++i;
    const bool neg_exp = i < tok.size() && tok[i] == '-';
    if (i < tok.size() && (tok[i] == '-' || tok[i] == '+')) ++i;
    if (!digit(i)) return false;
    int64_t e = 0;
    for (; digit(i); ++i) e = std::min<int64_t>(e * 10 + (tok[i] - '0'), int64_t{1} << 40);
    exponent += neg_exp ? -e : e;
  }
  if (i != tok.size()) return false;
  mantissa.erase(0, std::min(mantissa.find_first_not_of('0'), mantissa.size()));
  if (mantissa.empty()) {
    out = 0;
    return true;
  }
  if (exponent < 0) {  // the digits it drops must all be zeros
    if (static_cast<uint64_t>(-exponent) >= mantissa.size()) return false;
    const size_t keep = mantissa.size() - static_cast<size_t>(-exponent);
    if (mantissa.find_first_not_of('0', keep) != std::string::npos) return false;
    mantissa.resize(keep);
    exponent = 0;
  }
  uint64_t value = 0;
  bool saturated = static_cast<int64_t>(mantissa.size()) + exponent > 19;
  if (!saturated) {
    mantissa.append(static_cast<size_t>(exponent), '0');
    for (char c : mantissa) value = value * 10 + static_cast<uint64_t>(c - '0');
    saturated = value > static_cast<uint64_t>(INT64_MAX);
  }
  out = saturated ? (neg ? INT64_MIN : INT64_MAX) : (neg ? -static_cast<int64_t>(value) : static_cast<int64_t>(value));
  return true;
}

DIGEST_COLD Status get_int(od::value v, const std::string& field, int64_t& out) {
  od::json_type type;
  if (v.type().get(type) || type != od::json_type::number || !parse_whole_number(v.raw_json_token(), out))
    return bad(field, "\"" + field + "\" must be an integer");
  return ok_status();
}

DIGEST_COLD Status get_bool(od::value v, const std::string& field, bool& out) {
  if (v.get_bool().get(out)) return bad(field, "\"" + field + "\" must be true or false");
  return ok_status();
}

DIGEST_COLD Result<SortKey> sort_key(std::string_view s) {
  if (s == "relevance") return SortKey::RELEVANCE;
  if (s == "date") return SortKey::DATE;
  if (s == "date-old") return SortKey::DATE_OLD;
  if (s == "upvotes") return SortKey::UPVOTES;
  if (s == "stars") return SortKey::STARS;
  return bad("sort", "unknown sort \"" + std::string(utf8_prefix(s, 40)) + "\" (relevance, date, date-old, upvotes, stars)");
}

DIGEST_COLD std::string ascii_lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

DIGEST_COLD Result<Request> parse_request(std::string_view json) {
  Request r;
  size_t first = json.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return r;  // "" = {}
  if (!check_json(json)) return bad("", "query request is not valid JSON");
  od::parser parser;
  simdjson::padded_string padded(json);
  od::document doc;
  od::object obj;
  if (parser.iterate(padded).get(doc) || doc.get_object().get(obj)) return bad("", "query request must be a JSON object");
  for (auto kv : obj) {
    std::string_view key_view;
    od::value v;
    if (kv.unescaped_key().get(key_view) || kv.value().get(v)) return bad("", "query request is not valid JSON");
    std::string key(key_view);
    bool is_null = false;
    if (!v.is_null().get(is_null) && is_null) continue;  // null = absent (JS undefined -> null)
    Status st = ok_status();
    if (key == "q") {
      st = get_string(v, key, r.q);
      if (st && r.q.size() > kMaxQueryBytes) return bad(key, "\"q\" is longer than 65536 bytes");
    } else if (key == "tags" || key == "notTags") {
      std::vector<std::string>& names = key == "tags" ? r.tags : r.not_tags;
      st = get_strings(v, key, names);
      // A name that is only spaces, '-' and '_' names no tag: it would match nothing, silently.
      for (const std::string& name : names)
        if (st && qi::tag_key(name).empty())
          return bad(key, "\"" + key + "\" holds a name with no letters or digits: \"" + std::string(utf8_prefix(name, 40)) + "\"");
    }
    else if (key == "prerequisites") st = get_strings(v, key, r.prerequisites);
    else if (key == "categories") st = get_strings(v, key, r.categories);
    else if (key == "from" || key == "to") {
      std::string s;
      st = get_string(v, key, s);
      if (st) {
        int32_t d = s.size() == 10 ? qi::parse_date(s) : 0;
        if (!d) {
          return bad(key, "\"" + key + "\" " + (ymd_shaped(s) ? "is no calendar date" : "is not a date of the form YYYY-MM-DD") + ": \"" +
                              std::string(utf8_prefix(s, 40)) + "\"");
        }
        (key == "from" ? r.from : r.to) = d;
        (key == "from" ? r.has_from : r.has_to) = true;
      }
    } else if (key == "kind") {
      std::string s;
      st = get_string(v, key, s);
      if (st) {
        if (s == "review") r.kind = static_cast<int>(DocKind::REVIEW);
        else if (s == "paper") r.kind = static_cast<int>(DocKind::PAPER);
        else return bad(key, "\"kind\" must be \"review\" or \"paper\"");
      }
    } else if (key == "institution") {
      st = get_string(v, key, r.institution);
      r.has_institution = true;
    } else if (key == "selection") {
      // Closed vocabularies, as the loader keeps them ("" = the paper does not say): any other
      // value would match nothing, silently.
      st = get_string(v, key, r.selection);
      const std::string lower = ascii_lower(r.selection);  // equality is case-insensitive
      if (st && !lower.empty() && lower != "ranking" && lower != "recommended")
        return bad(key, "unknown selection \"" + std::string(utf8_prefix(r.selection, 40)) + "\" (ranking, recommended)");
      r.has_selection = true;
    } else if (key == "analysis") {
      st = get_string(v, key, r.analysis);
      const std::string lower = ascii_lower(r.analysis);
      if (st && !lower.empty() && lower != "full-text" && lower != "pdf" && lower != "abstract")
        return bad(key, "unknown analysis \"" + std::string(utf8_prefix(r.analysis, 40)) + "\" (full-text, pdf, abstract)");
      r.has_analysis = true;
    } else if (key == "minUpvotes") {
      st = get_int(v, key, r.min_upvotes);
      r.has_min_upvotes = true;
    } else if (key == "sort") {
      r.sort.clear();
      od::json_type type;
      if (v.type().get(type)) return bad(key, "\"sort\" must be a string or an array of strings");
      if (type == od::json_type::string) {
        std::string_view name;
        if (v.get_string().get(name)) return bad(key, "\"sort\" must be a string or an array of strings");
        auto k = sort_key(name);
        if (!k) return k.error();
        r.sort.push_back(k.value());
      } else if (type == od::json_type::array) {
        od::array arr;
        if (v.get_array().get(arr)) return bad(key, "\"sort\" must be a string or an array of strings");
        for (auto x : arr) {
          std::string_view s;
          if (x.get_string().get(s)) return bad(key, "\"sort\" must be a string or an array of strings");
          auto k = sort_key(s);
          if (!k) return k.error();
          if (r.sort.size() < 8) r.sort.push_back(k.value());
        }
        if (r.sort.empty()) r.sort.push_back(SortKey::RELEVANCE);
      } else {
        return bad(key, "\"sort\" must be a string or an array of strings");
      }
    } else if (key == "offset") {
      st = get_int(v, key, r.offset);
      if (st && r.offset < 0) return bad(key, "\"offset\" must not be negative");
    } else if (key == "limit") {
      st = get_int(v, key, r.limit);
      if (st && r.limit < 0) return bad(key, "\"limit\" must not be negative");
      r.limit = std::min<int64_t>(r.limit, kQueryMaxLimit);
    } else if (key == "expand") st = get_bool(v, key, r.expand);
    else if (key == "snippet") st = get_bool(v, key, r.snippet);
    else if (key == "facets") st = get_bool(v, key, r.facets);
    else if (key == "facetFormat") {
      std::string s;
      st = get_string(v, key, s);
      if (st) {
        r.facet_array = s == "array" || s == "ranks";
        r.facet_ranks = s == "ranks";
        if (!r.facet_array && s != "object") return bad(key, "\"facetFormat\" must be \"object\", \"array\" or \"ranks\"");
      }
    } else if (key == "facetLimit") {
      st = get_int(v, key, r.facet_limit);
      if (st && r.facet_limit < 0) return bad(key, "\"facetLimit\" must not be negative");
    } else if (key == "facetFilter") {
      st = get_string(v, key, r.facet_filter);
      if (st && r.facet_filter.size() > kMaxQueryBytes) return bad(key, "\"facetFilter\" is longer than 65536 bytes");
      if (st) {
        r.facet_filter = qi::tag_key(r.facet_filter);
        r.has_facet_filter = true;
      }
    } else if (key == "facetOrder") {
      std::string s;
      st = get_string(v, key, s);
      if (st) {
        if (s == "name") r.facet_by_name = true;
        else if (s != "count") return bad(key, "\"facetOrder\" must be \"count\" or \"name\"");
      }
    }
    if (!st) return st.error();
  }
  if (r.has_from && r.has_to && r.from > r.to) return bad("from", "date range is inverted: \"from\" is after \"to\"");
  return r;
}

// ------------------------------------------------------------------------------------------------
// Terms

constexpr int64_t kNoKey = -2;  // Piece::exact_key: no key spells the run

// One index lookup a matching document must pass: keys [lo, hi) of one postings table.
struct Piece {
  const qi::Postings* table = nullptr;
  uint32_t lo = 0, hi = 0;
  uint32_t off = 0;  // byte offset of the key in the term (bounds where a match can start)
  // A containment piece (the term's leading letters, which may lie inside a longer word): the
  // words in `keys` (those containing the letters) and QueryEngine::loose_docs at offset 0. A
  // match starts no earlier than the first of those words. It only narrows the candidates and
  // bounds where to verify: it never pins a start and its counts are not the term's.
  bool contains = false;
  std::vector<uint32_t> keys;
  // A Hangul/CJK pair's place in the term, in characters, and whether the index keeps the term's
  // next character as the pair's successor (QueryEngine::bg_marks): then a posting's successor
  // bit confirms that character too (Plan::confirm).
  uint32_t at_char = 0;
  bool succ = false;
  // The pair is the term's third and fourth characters and the index keeps the term's first two
  // as its predecessor (QueryEngine::bg_marks): a posting with the predecessor bit (and, for a
  // five-character term, the successor bit: `spells_with_succ`) spells the whole term at that
  // posting's first occurrence, which is then the term's first occurrence (Plan::confirm).
  bool spells_term = false;
  bool spells_with_succ = false;
  // Plan::confirm_words: what this piece spells at the term's place (bits of Plan::atoms): its run
  // (`run_atom`; for a containment piece only through the word `exact_key`, the run itself), and
  // the one-byte separator before it (`sep_atom`) when its posting carries `sep_mark`.
  uint8_t run_atom = 0, sep_atom = 0, sep_mark = 0;
  int64_t exact_key = -1;  // (-1: any key of the piece; kNoKey: none)
  // And what its run's word spells after it when its posting carries qi::kNextWordMark: the space
  // and the next run, when the word the index keeps as its successor (QueryEngine::word_succ) is
  // one the next run's piece takes (0: none).
  uint8_t next_atoms = 0;
};

// The pieces of one way to match a term (its literal text, or its choseong letters).
struct Plan {
  std::vector<Piece> pieces;
  std::vector<uint32_t> any;  // instead of pieces: a document with any of these bigram ids matches (exact)
  bool exact = false;       // the pieces alone decide a match
  // Every piece is a bigram and together they cover every adjacent pair of the term (a term of
  // 3+ Hangul/CJK characters): when each piece's first occurrence sits exactly at the first
  // piece's plus its offset in the term, the term occurs there (the first occurrence) and the
  // text need not be read; otherwise the candidate is verified on the text.
  bool confirm = false;
  uint32_t chars = 0;       // (confirm) the term's length in characters
  // A Latin term of 2-4 runs joined by one space or hyphen each (`fine-tuning`, "world model"):
  // when every piece's first occurrence sits at the first piece's plus its offset in the term,
  // the pieces' words and marks spell the term there (its runs and separators: `atoms`, one bit
  // each), which is then its first occurrence: the text need not be read.
  bool confirm_words = false;
  uint8_t atoms = 0;
  bool impossible = false;  // some required piece is absent from the corpus
  // Piece offsets are upper bounds on the distance from a match's start (choseong), not exact:
  // first offsets bound where a match starts but never pin it.
  bool spread = false;
  uint64_t cost = 0;        // postings to visit
  void add(const qi::Postings& c, uint32_t lo, uint32_t hi, uint32_t off = 0) {
    pieces.push_back({&c, lo, hi, off, false, {}});
    cost += c.size(lo, hi);
  }
};

struct Term {
  std::string text;        // normalised
  bool substring = false;  // Hangul/CJK term or phrase
  bool phrase = false;
  bool exclude = false;
  bool choseong = false;
  std::string cho;
  Plan lit;                // the literal text
  Plan chop;               // choseong letters (choseong terms only)
  // An expansion side's matches found by the index build (QueryEngine::side_matches), which
  // stand for the plans.
  const QueryEngine::SideMatches* known = nullptr;
  // Postings to visit, or "scan" (a plan without pieces must scan the text).
  bool needs_scan() const { return (!lit.impossible && lit.pieces.empty() && lit.any.empty()) || (choseong && !chop.impossible && chop.pieces.empty()); }
  bool impossible() const { return lit.impossible && (!choseong || chop.impossible); }
  uint64_t cost() const {
    if (needs_scan()) return UINT64_MAX / 4;
    return (lit.impossible ? 0 : lit.cost) + (choseong && !chop.impossible ? chop.cost : 0);
  }
};

bool has_hangul_or_cjk(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) { ++i; continue; }
    if (is_hangul_or_cjk(utf8_decode(s, i))) return true;
  }
  return false;
}

DIGEST_COLD void plan_literal(const QueryEngine& e, Term& t) {
  Plan& pl = t.lit;
  pl = Plan();
  struct Cp { uint32_t cp; size_t at; };
  std::vector<Cp> cps;
  for (size_t i = 0; i < t.text.size();) {
    size_t at = i;
    cps.push_back({utf8_decode(t.text, i), at});
  }
  bool cut = false;
  size_t word_runs = 0;
  Piece contains;
  const qi::Postings* merged = nullptr;  // a short run's merged word postings (at most one per term)
  // confirm_words: every run Latin, each gap one space or hyphen, no leading or trailing bytes.
  bool words_spell = !cps.empty() && is_word_char(cps[0].cp) && is_word_char(cps.back().cp);
  size_t run_end = 0;  // byte where the previous run ended
  auto spell = [&](Piece& piece, size_t run, size_t start) {
    piece.run_atom = static_cast<uint8_t>(1u << std::min<size_t>(2 * run, 7));
    if (run == 0) return;
    const std::string_view gap = std::string_view(t.text).substr(run_end, start - run_end);
    piece.sep_atom = static_cast<uint8_t>(1u << std::min<size_t>(2 * run - 1, 7));
    piece.sep_mark = gap == " " ? qi::kAfterSpaceMark : gap == "-" ? qi::kAfterHyphenMark : 0;
    if (!piece.sep_mark) words_spell = false;
  };
  for (size_t k = 0; k < cps.size();) {
    if (!is_word_char(cps[k].cp)) { ++k; continue; }
    size_t s = k;
    while (k < cps.size() && is_word_char(cps[k].cp)) ++k;
    ++word_runs;
    bool anchored = s > 0 || !t.substring;
    size_t bs = cps[s].at, be = k < cps.size() ? cps[k].at : t.text.size();
    std::string_view run = std::string_view(t.text).substr(bs, be - bs);
    size_t len = qi::cut_at_boundary(run, qi::kTermRunCut);
    if (is_hangul_or_cjk(cps[s].cp)) {
      // A run that starts with Hangul/CJK and holds a letter or digit (`모델2`, `챗gpt`): in the
      // text it lies in a word key that holds it (`gpt모델2`), or in a run that starts with
      // Hangul/CJK and holds a letter or digit, which no key holds (QueryEngine::loose_docs). So
      // the words that contain it plus loose_docs: without this piece, every document holding
      // its Hangul was read (`모델2` ~14 ms at 20k).
      bool other = false;
      for (size_t j = s; j < k && !other; ++j) other = !is_hangul_or_cjk(cps[j].cp);
      if (other && !contains.contains) {
        contains.contains = true;
        contains.table = &e.words;
        contains.off = static_cast<uint32_t>(bs);
        contains.keys = e.words_containing(run.substr(0, len));
      }
      words_spell = false;
      continue;
    }
    if (len < run.size()) cut = true;
    if (!anchored) {
      // The term's leading letters may end a longer word ("world model" in "otherworld model"):
      // the words that contain them, plus the documents with word text no key holds. When a
      // non-word character follows them in the term, the word ends with them (`worlds` cannot
      // hold "world model"); a key cut at kWordKeyCut may hide its end, so those stay.
      contains.contains = true;
      contains.table = &e.words;
      contains.keys = e.words_containing(run.substr(0, len));
      const std::string_view letters = run.substr(0, len);
      if (k < cps.size() && len == run.size()) {
        std::vector<uint32_t> ending;
        for (uint32_t w : contains.keys) {
          const std::string_view word = e.word(w);
          if (word.size() + 4 > qi::kWordKeyCut || word.substr(word.size() - std::min(word.size(), letters.size())) == letters) ending.push_back(w);
        }
        contains.keys.swap(ending);
      }
      // The run as a word of its own, visited first, is what confirm_words can spell with.
      contains.exact_key = kNoKey;
      for (size_t j = 0; j < contains.keys.size(); ++j)
        if (e.word(contains.keys[j]) == letters) {
          std::swap(contains.keys[0], contains.keys[j]);
          contains.exact_key = contains.keys[0];
          break;
        }
      spell(contains, word_runs - 1, bs);
      run_end = be;
      continue;
    }
    auto range = e.word_range(run.substr(0, len));
    // A run the term goes on after (`fine` of `fine-tuning`) ends where a non-word character
    // follows: the text's word there is the run itself, not a longer word it starts.
    const bool whole = k < cps.size() && len == run.size();
    if (whole) range.second = range.first < range.second && e.word(range.first) == run ? range.first + 1 : range.first;
    if (range.first == range.second) { pl.impossible = true; return; }
    if (len <= 2 && !merged && !whole) {  // a keystroke's prefix: the words' lists merged, once
      const std::string name = "w" + std::string(run.substr(0, len));
      bool known = false;
      merged = e.find_merged(name, &known);
      if (!known) {
        std::vector<uint32_t> keys(range.second - range.first);
        for (uint32_t w = range.first; w < range.second; ++w) keys[w - range.first] = w;
        merged = e.merge(name, e.words, keys);
      }
      if (merged) {
        pl.add(*merged, 0, 1, static_cast<uint32_t>(bs));
        words_spell = false;  // (a merged list keeps no marks)
        continue;
      }
    }
    pl.add(e.words, range.first, range.second, static_cast<uint32_t>(bs));
    spell(pl.pieces.back(), word_runs - 1, bs);
    run_end = be;
  }
  std::set<uint32_t> seen;
  size_t bigrams = 0;
  for (size_t k = 1; k < cps.size(); ++k) {
    if (!is_hangul_or_cjk(cps[k - 1].cp) || !is_hangul_or_cjk(cps[k].cp)) continue;
    int64_t id = e.bigram_id(cps[k - 1].cp, cps[k].cp);
    if (id < 0) { pl.impossible = true; return; }
    ++bigrams;
    if (!seen.insert(static_cast<uint32_t>(id)).second) continue;
    pl.add(e.bigrams, static_cast<uint32_t>(id), static_cast<uint32_t>(id) + 1, static_cast<uint32_t>(cps[k - 1].at));
    pl.pieces.back().at_char = static_cast<uint32_t>(k - 1);
    const QueryEngine::PairMarks marks = static_cast<size_t>(id) < e.bg_marks.size() ? e.bg_marks[static_cast<size_t>(id)] : QueryEngine::PairMarks{};
    pl.pieces.back().succ = k + 1 < cps.size() && marks.succ == cps[k + 1].cp;
    if (k == 3 && cps.size() <= 5 && marks.pred && is_hangul_or_cjk(cps[0].cp) && is_hangul_or_cjk(cps[1].cp)) {
      const int64_t before = e.bigram_id(cps[0].cp, cps[1].cp);
      Piece& piece = pl.pieces.back();
      piece.spells_with_succ = cps.size() == 5;
      piece.spells_term = before >= 0 && marks.pred == static_cast<uint64_t>(before) + 1 &&
                          (!piece.spells_with_succ || piece.succ);
    }
  }
  // A lone compatibility jamo (ㄱ) has its own postings.
  bool lone_jamo = t.substring && cps.size() == 1 && cps[0].cp >= 0x3131 && cps[0].cp <= 0x318E;
  if (lone_jamo) {
    int64_t id = e.bigram_id(0, cps[0].cp);
    if (id < 0) { pl.impossible = true; return; }
    pl.add(e.bigrams, static_cast<uint32_t>(id), static_cast<uint32_t>(id) + 1);
  }
  // One Hangul/CJK character: every bigram holding it, and its "alone" key (bigram_key(1, cp)).
  if (t.substring && cps.size() == 1 && !lone_jamo && is_hangul_or_cjk(cps[0].cp)) {
    const uint32_t cp = cps[0].cp;
    const std::string name = "c" + t.text;
    bool known = false;
    if (const qi::Postings* m = e.find_merged(name, &known)) {  // those bigrams' lists merged, once
      pl.add(*m, 0, 1);
      pl.exact = true;
      return;
    }
    for (size_t h = 0; h < e.bg_keys.size(); ++h) {
      uint64_t key = e.bg_keys[h];
      if (!key) continue;
      uint32_t a = static_cast<uint32_t>(key >> 21), b = static_cast<uint32_t>(key & ((1u << 21) - 1));
      if (a == cp || (b == cp && a >= 1 && (a == 1 || a >= 0x1100))) {
        pl.any.push_back(e.bg_ids[h]);
        pl.cost += e.bigrams.size(e.bg_ids[h]);
      }
    }
    if (pl.any.empty()) pl.impossible = true;
    pl.exact = true;
    if (!known && !pl.any.empty()) {
      if (const qi::Postings* m = e.merge(name, e.bigrams, pl.any)) {
        pl.any.clear();
        pl.cost = 0;
        pl.add(*m, 0, 1);
      }
    }
    return;
  }
  bool one_word = !t.substring && word_runs == 1 && cps.size() > 0 && is_word_char(cps[0].cp) && is_word_char(cps.back().cp) && !cut &&
                  pl.pieces.size() == 1 && (pl.pieces[0].table == &e.words || pl.pieces[0].table == merged);
  bool one_bigram = t.substring && cps.size() == 2 && bigrams == 1;
  pl.exact = one_word || one_bigram || lone_jamo;
  pl.confirm = !pl.exact && t.substring && cps.size() >= 3 && cps.size() <= 250 && bigrams == cps.size() - 1 && pl.pieces.size() == bigrams;
  pl.chars = static_cast<uint32_t>(cps.size());
  pl.confirm_words = e.confirm_by_words && !pl.exact && words_spell && !cut && bigrams == 0 && word_runs >= 2 && word_runs <= 4;
  if (pl.confirm_words) {
    pl.atoms = static_cast<uint8_t>((1u << (2 * word_runs - 1)) - 1);  // runs and the gaps between them
    // A run's word followed by one space and its successor word spells the next run too, when
    // that word is one of the next run's piece's keys (a whole run's word, or a word the last run
    // starts) and the run itself is one word (the containment piece's own, or a whole run's).
    auto piece_of_run = [&](size_t run) -> Piece* {
      for (Piece& q : pl.pieces)
        if (q.run_atom == 1u << (2 * run)) return &q;
      return contains.contains && contains.run_atom == 1u << (2 * run) ? &contains : nullptr;
    };
    for (size_t run = 0; run + 1 < word_runs; ++run) {
      Piece* cur = piece_of_run(run);
      const Piece* next = piece_of_run(run + 1);
      if (!cur || !next || next->contains || next->sep_mark != qi::kAfterSpaceMark) continue;
      const int64_t key = cur->contains ? cur->exact_key : cur->hi == cur->lo + 1 ? int64_t{cur->lo} : -1;
      if (key < 0 || static_cast<size_t>(key) >= e.word_succ.size() || !e.word_succ[static_cast<size_t>(key)]) continue;
      const uint32_t succ = e.word_succ[static_cast<size_t>(key)] - 1;
      if (succ >= next->lo && succ < next->hi) cur->next_atoms = static_cast<uint8_t>(next->sep_atom | next->run_atom);
    }
  }
  if (pl.confirm && pl.pieces.size() >= 3) {
    // A term of four or more Hangul/CJK characters keeps the cheapest set of its pairs that still
    // covers every character: pair k covers characters k and k + 1, so no two pairs in a row may
    // be left out (`데이터를`: 데이 and 터를). When every kept pair's first occurrence sits at the
    // first pair's plus its offset in the term, those pairs spell the whole term there, so the
    // first occurrences confirm a match as before; each pair left out is a posting list the
    // query no longer walks. (The candidates are then the documents holding the kept pairs, a
    // superset that verification on the text narrows as before.)
    const size_t n = pl.pieces.size();
    auto size_of = [&](size_t k) { return pl.pieces[k].table->size(pl.pieces[k].lo, pl.pieces[k].hi); };
    std::vector<uint64_t> best(n);   // least cost of a valid choice among pairs 0..k that keeps k
    std::vector<uint8_t> from(n, 1);  // the kept pair before k: k - from[k]
    for (size_t k = 0; k < n; ++k) {
      best[k] = size_of(k);
      if (k == 1) best[k] += best[0];
      if (k >= 2) {
        from[k] = best[k - 2] < best[k - 1] ? 2 : 1;
        best[k] += best[k - from[k]];
      }
    }
    // A pair rarer than both ends is kept as well: it narrows the candidates more than the ends
    // do, and leaving it out means reading the texts of documents that hold the ends alone
    // (`효율적인`: 율적 is rarer than 효율 and 적인, which many other words end with).
    const uint64_t ends = std::min(size_of(0), size_of(n - 1));
    std::vector<uint8_t> keep(n, 0);
    for (size_t k = n - 1;; k -= from[k]) {
      keep[k] = 1;
      if (k == 0) break;
    }
    std::vector<Piece> kept;
    pl.cost = 0;
    for (size_t k = 0; k < n; ++k) {
      if (!keep[k] && size_of(k) >= ends) continue;
      pl.cost += size_of(k);
      kept.push_back(std::move(pl.pieces[k]));
    }
    pl.pieces = std::move(kept);
  }
  if (pl.confirm && pl.pieces.size() >= 2) {
    // One pair may spell the whole term by its marks (a three-letter term's first pair with its
    // successor, `대규`+모; a four- or five-letter term's third pair with its predecessor, 데이+`터를`):
    // the documents whose posting carries them are confirmed by that pair's list alone, and the
    // others holding the pair are verified on the text. That pair alone, instead of every kept
    // pair, when the lists it saves cost more than reading the texts of the documents its marks
    // leave unconfirmed (marks counted by the index; a read costs about kReadCost posting visits).
    constexpr uint64_t kReadCost = 12;
    for (size_t j = 0; j < pl.pieces.size(); ++j) {
      const Piece& pc = pl.pieces[j];
      const bool by_succ = pc.at_char == 0 && pl.chars == 3 && pc.succ;
      if (!by_succ && !pc.spells_term) continue;
      const uint32_t id = pc.lo;
      const uint64_t df = pc.table->size(pc.lo, pc.hi);
      // (a five-letter term needs both marks: at most the rarer's count carry both)
      const QueryEngine::PairMarks& marks = e.bg_marks[id];
      uint64_t marked = by_succ ? marks.succ_marked : marks.pred_marked;
      if (pc.spells_with_succ) marked = std::min<uint64_t>(marked, marks.succ_marked);
      if (df + (df - std::min(df, marked)) * kReadCost >= pl.cost) continue;
      Piece one = std::move(pl.pieces[j]);
      pl.pieces.clear();
      pl.pieces.push_back(std::move(one));
      pl.cost = df;
      break;
    }
  }
  // The containment piece goes last (run_plan leaves the last piece's counts out when it is one).
  if (contains.contains) {
    if (contains.keys.empty() && e.loose_docs.empty()) { pl.impossible = true; return; }
    pl.cost += e.loose_docs.size();
    for (uint32_t w : contains.keys) pl.cost += e.words.size(w);
    pl.pieces.push_back(std::move(contains));
  }
}

// Choseong letters: one letter = its unigram postings (exact); two = one bigram (exact); three,
// once the trigrams are built = its trigram (exact); more = every adjacent pair, and every three in
// a row (trigram keys, once built: their counts are not read), then verified on the text
// (find_choseong), as are three letters before the trigrams are built. A
// bigram key's first offset is a syllable's byte offset in the text and each letter of a match
// spans 3 or 4 bytes (a syllable, maybe after a joining space), so a piece's offset in the term is
// 4 bytes per letter: its first offset minus that is a lower bound on where a match starts, not
// the exact start (`spread`). The bigram pieces bound the count and the start; the trigram pieces
// come last (next() reports no count and no offset for them).
DIGEST_COLD void plan_choseong(const QueryEngine& e, Term& t) {
  Plan& pl = t.chop;
  pl = Plan();
  const std::string& c = t.cho;
  const qi::Postings* cho3 = e.choseong_trigrams();
  if (c.size() == 1) {
    uint32_t k = static_cast<unsigned char>(c[0]);
    if (e.chos.size(k) == 0) { pl.impossible = true; return; }
    pl.add(e.chos, k, k + 1);
  } else if (c.size() == 3 && cho3) {  // its trigram's list (documents, counts, title bits)
    uint32_t k = qi::cho_trigram_id(static_cast<unsigned char>(c[0]), static_cast<unsigned char>(c[1]), static_cast<unsigned char>(c[2]));
    if (cho3->size(k) == 0) { pl.impossible = true; return; }
    pl.add(*cho3, k, k + 1);
  } else {
    std::set<uint32_t> seen;
    for (size_t i = 1; i < c.size(); ++i) {
      uint32_t k = qi::cho_bigram_id(static_cast<unsigned char>(c[i - 1]), static_cast<unsigned char>(c[i]));
      if (e.chos.size(k) == 0) { pl.impossible = true; return; }
      if (seen.insert(k).second) pl.add(e.chos, k, k + 1, static_cast<uint32_t>(4 * (i - 1)));
    }
    std::set<uint32_t> seen3;
    for (size_t i = 2; cho3 && i < c.size(); ++i) {
      uint32_t k = qi::cho_trigram_id(static_cast<unsigned char>(c[i - 2]), static_cast<unsigned char>(c[i - 1]),
                                      static_cast<unsigned char>(c[i]));
      if (cho3->size(k) == 0) { pl.impossible = true; return; }
      if (seen3.insert(k).second) pl.add(*cho3, k, k + 1, static_cast<uint32_t>(4 * (i - 2)));
    }
  }
  pl.exact = c.size() <= 2 || (c.size() == 3 && cho3);
  pl.spread = true;
}

DIGEST_COLD Term make_term(const QueryEngine& e, std::string_view raw, bool phrase, bool exclude) {
  Term t;
  t.text = normalize_for_search(raw);
  t.phrase = phrase;
  t.exclude = exclude;
  t.substring = phrase || has_hangul_or_cjk(t.text);
  t.choseong = !phrase && is_choseong_term(t.text);
  plan_literal(e, t);
  if (t.choseong) {
    t.cho = choseong_term_bytes(t.text);
    plan_choseong(e, t);
  }
  return t;
}

// Splits q into terms: whitespace separates, "..." groups a phrase, a leading '-' (followed by
// something) excludes. Terms that normalise to nothing are dropped.
DIGEST_COLD std::vector<Term> parse_terms(const QueryEngine& e, std::string_view q) {
  std::vector<Term> out;
  std::set<std::tuple<std::string, bool, bool>> seen;
  size_t i = 0;
  auto space_at = [&](size_t k, size_t& next) {
    next = k;
    uint32_t cp = utf8_decode(q, next);
    return is_space_char(cp);
  };
  while (i < q.size()) {
    size_t next;
    if (space_at(i, next)) { i = next; continue; }
    bool exclude = false;
    if (q[i] == '-' && i + 1 < q.size() && !space_at(i + 1, next)) {
      exclude = true;
      ++i;
    }
    bool phrase = false;
    std::string_view raw;
    if (q[i] == '"') {
      size_t close = q.find('"', i + 1);
      size_t end = close == std::string_view::npos ? q.size() : close;
      raw = q.substr(i + 1, end - i - 1);
      phrase = true;
      i = close == std::string_view::npos ? q.size() : close + 1;
    } else {
      size_t j = i;
      while (j < q.size() && !space_at(j, next)) j = next;
      raw = q.substr(i, j - i);
      i = j;
    }
    Term t = make_term(e, raw, phrase, exclude);
    if (t.text.empty()) continue;
    if (!seen.insert({t.text, t.substring, t.exclude}).second) continue;
    out.push_back(std::move(t));
  }
  return out;
}

// Next literal occurrence of `t` in `hay` at or after `p` (a word start unless t.substring).
size_t next_literal(std::string_view hay, const Term& t, size_t p) {
  while ((p = find_bytes(hay, t.text, p)) != std::string_view::npos) {
    if (t.substring || p == 0) return p;
    size_t k = p - 1;
    while (k > 0 && (static_cast<unsigned char>(hay[k]) & 0xC0) == 0x80) --k;
    if (!is_word_char(utf8_decode(hay, k))) return p;
    ++p;
  }
  return p;
}

// Whether `t` occurs in `hay` exactly at `p` (at a word start unless t.substring).
bool literal_at(std::string_view hay, const Term& t, size_t p) {
  if (p > hay.size() || hay.size() - p < t.text.size() || !equal_bytes(hay.data() + p, t.text.data(), t.text.size())) return false;
  if (t.substring || p == 0) return true;
  size_t k = p - 1;
  while (k > 0 && (static_cast<unsigned char>(hay[k]) & 0xC0) == 0x80) --k;
  return !is_word_char(utf8_decode(hay, k));
}

// Occurrences of `t` in one document (capped at `cap`), and whether one lies in the title zone.
uint32_t count_in_doc(const QueryEngine& e, uint32_t d, const Term& t, bool& in_title, uint32_t cap) {
  std::string_view hay = e.doc_hay(d);
  uint32_t title_len = e.doc_title_len(d);
  uint32_t count = 0;
  size_t p = 0;
  if (!t.lit.impossible) {
    while (count < cap && (p = next_literal(hay, t, p)) != std::string_view::npos) {
      if (p < title_len) in_title = true;
      ++count;
      p += t.text.size();
    }
  }
  if (t.choseong && !t.chop.impossible && count < cap) {
    size_t c = 0, end = 0;
    while (count < cap && (c = find_choseong(hay, t.cho, c, false, &end)) != std::string_view::npos) {
      ++count;
      c = end;
    }
  }
  return count;
}

// ------------------------------------------------------------------------------------------------
// Evaluation

// One document's state while a plan's pieces are intersected, kept together so that a posting's
// visit touches one cache line, not one per array.
struct DocState {
  uint32_t stamp = 0;
  uint32_t lb = 0;   // lowest offset where a match can start (from first occurrences)
  uint32_t lbp = 0;  // lb from the pieces before the current one
  uint32_t fix = 0;  // the only offset where a match can start, or for spread plans the last one
                     // (kAnywhere, kNowhere)
  uint8_t tf = 0, ptf = 0;
  uint8_t amb = 0;   // Plan::confirm: a match cannot be confirmed at the first piece's first occurrence
  uint8_t reach = 0; // Plan::confirm: the term's characters confirmed there, from its start
};

struct Scratch {
  std::vector<DocState> doc;
  std::vector<uint32_t> check;  // run_plan: the candidates to verify on the text
  std::vector<float> norms;     // eval_term: the alive documents' length norms
  uint32_t base = 0;
  // Stamps only grow (base), so states left over from earlier queries, or from another engine,
  // never look current: a query need not clear them.
  void reserve(uint32_t n) {
    if (doc.size() >= n) return;
    doc.assign(n, DocState{});
    base = 0;
  }
};

// One scratch per thread, kept between queries: allocating and zeroing five arrays of n entries
// per keystroke cost more than the typical query at 20k documents. (The engine stays
// read-only, so several threads may still query one engine.)
Scratch& thread_scratch(uint32_t n) {
  thread_local Scratch sc;
  sc.reserve(n);
  return sc;
}

using qi::kK1;
using qi::kTitleBoost;
constexpr uint32_t kTfCap = qi::kTfMax;  // occurrences counted per term and document (as far as a posting counts)

using qi::sat_add;

constexpr uint32_t kAnywhere = 0xFFFFFFFFu, kNowhere = 0xFFFFFFFEu;
// Written by run_plan's read-ahead so that its loads are not optimised away (atomic: engines
// answer from several threads).
std::atomic<uint8_t> touched_sink{0};

// Adds a matching document's count (at least 1; the sum capped at kTfCap) and title flag to what
// the term has so far for it.
inline void credit(uint16_t& tf, uint8_t& title, uint32_t count, bool in_title) {
  tf = static_cast<uint16_t>(std::min<uint32_t>(kTfCap, tf + std::max<uint32_t>(count, 1)));
  title |= in_title;
}

// Intersects the postings of `pl` over `alive` and adds, for each document that passes (and,
// unless the plan is exact, whose text verifies: verify(d, from, last, title) looks for a match
// starting in [from, last], last = kAnywhere for no bound), an occurrence count to
// tfs[i] and the title flag to titles[i]. The count of a verified term is the smallest count
// among its pieces (an upper bound of the true count: one pass over postings instead of a scan
// of every candidate's text to its end), containment pieces left out; a term whose only piece
// is a containment piece counts the occurrences of the words holding its letters (a loose
// document: 1), an estimate that match_term replaces with the count on the text.
// run_plan's verify callback, one type for every caller so that run_plan is compiled once (its
// posting loops inline Cursor::next; a copy per caller cost the module ~0.5 KB gzip). It is
// called only for the candidates the postings leave open, so the indirect call costs nothing
// that shows.
class VerifyFn {
 public:
  template <class F>
  explicit VerifyFn(const F& f)
      : f_(&f), call_([](const void* f, uint32_t d, uint32_t from, uint32_t last, bool& title) {
          return (*static_cast<const F*>(f))(d, from, last, title);
        }) {}
  bool operator()(uint32_t d, uint32_t from, uint32_t last, bool& title) const { return call_(f_, d, from, last, title); }

 private:
  const void* f_;
  bool (*call_)(const void*, uint32_t, uint32_t, uint32_t, bool&);
};

void run_plan(const QueryEngine& e, Scratch& sc, const Plan& pl, const std::vector<uint32_t>& alive, std::vector<uint16_t>& tfs,
              std::vector<uint8_t>& titles, VerifyFn verify) {
  if (pl.exact && pl.pieces.size() == 1 && !pl.pieces[0].contains) {
    // One piece decides the term, with no stamps, bounds or folded counts.
    const Piece& p = pl.pieces[0];
    const bool counted = p.table->docs_counted();
    if (alive.size() == e.n) {
      // Every document alive (alive[i] == i): each key's postings (one key, or a word prefix's
      // words) credit their documents directly, counts summed and title bits or-ed as the stamps
      // below would (credit caps the sum as sat_add then credit do).
      for (uint32_t key = p.lo; key < p.hi; ++key)
        for (qi::Postings::Cursor c = p.table->cursor(key); counted ? c.next_counted() : c.next();)
          credit(tfs[c.doc], titles[c.doc], c.tf & 0x7F, c.tf >> 7);
      return;
    }
    if (p.hi == p.lo + 1) {
      // One key (a Hangul pair, choseong letters, a merged list): its postings are the matches,
      // walked beside `alive` (both ascending).
      qi::Postings::Cursor c = p.table->cursor(p.lo);
      for (size_t i = 0; i < alive.size() && (counted ? c.next_counted() : c.next());) {
        while (i < alive.size() && alive[i] < c.doc) ++i;
        if (i < alive.size() && alive[i] == c.doc) credit(tfs[i], titles[i], c.tf & 0x7F, c.tf >> 7);
      }
      return;
    }
  }
  if (sc.base > 0xF0000000u) {
    for (DocState& x : sc.doc) x.stamp = 0;
    sc.base = 0;
  }
  // Stamps: a document passes piece k iff its stamp is base + k when the piece is visited.
  uint32_t base = ++sc.base;
  sc.base += static_cast<uint32_t>(pl.pieces.size()) + 1;
  // Every document alive (alive is ascending and unique): no need to stamp them, any stamp
  // below base + 1 counts as "alive, not yet visited" (stamps of earlier runs are below base).
  const bool all = alive.size() == e.n;
  if (!all)
    for (uint32_t d : alive) sc.doc[d].stamp = base;
  if (!pl.any.empty()) {  // union of postings (exact)
    for (uint32_t id : pl.any)
      for (qi::Postings::Cursor c = e.bigrams.cursor(id); c.next();) {
        uint32_t d = c.doc;
        DocState& s = sc.doc[d];
        if (all ? s.stamp != base + 1 : s.stamp == base) {
          s.stamp = base + 1;
          s.ptf = c.tf;
        } else if (s.stamp == base + 1) {
          s.ptf = sat_add(s.ptf, c.tf);
        }
      }
    for (size_t i = 0; i < alive.size(); ++i) {
      uint32_t d = alive[i];
      DocState& s = sc.doc[d];
      if (s.stamp != base + 1) continue;
      credit(tfs[i], titles[i], s.ptf & 0x7F, s.ptf >> 7);
    }
    return;
  }
  for (size_t k = 0; k < pl.pieces.size(); ++k) {
    const Piece& p = pl.pieces[k];
    const qi::Postings& postings = *p.table;
    uint32_t want = base + static_cast<uint32_t>(k), next = want + 1;
    const bool single = p.hi == p.lo + 1 && !pl.exact && !pl.spread && !p.contains;
    const bool first_all = all && k == 0;
    // confirm_words: what a word of this piece at p0 spells (its run; the separator before it).
    auto spelled_by = [&](uint32_t key, uint8_t marks) {
      const bool own = p.exact_key == -1 || key == p.exact_key;  // the run's own word
      return static_cast<uint8_t>((own ? p.run_atom | (marks & qi::kNextWordMark ? p.next_atoms : 0) : 0) |
                                  (marks & p.sep_mark ? p.sep_atom : 0));
    };
    // confirm_words: p0 is this word's first occurrence (less its offset in the term), or, when
    // its offset is unknown or before the term's start, the document is verified from lb.
    auto anchor_words = [&](DocState& s, uint32_t first, uint8_t marks, uint32_t key) {
      s.amb = first == 0xFFFF || first < p.off;
      s.reach = s.amb ? 0 : spelled_by(key, marks);
    };
    auto visit = [&](uint32_t d, uint8_t tf, uint32_t first, uint8_t marks, uint32_t key) {
      DocState& s = sc.doc[d];
      uint32_t st = s.stamp;
      if (first_all ? st != next : st == want) {
        s.stamp = next;
        // A match starts no earlier than this key's first occurrence minus its offset in the term.
        uint32_t b = first > p.off ? first - p.off : 0;
        if (pl.confirm) {
          // The term is confirmed at p0, piece 0's first occurrence, when every piece's bound is at
          // most p0 (so no match starts before it: lb stays p0) and the pieces that sit exactly
          // there, with the character after each whose successor bit says so, spell the whole
          // term from p0 on without a gap. Offsets are exact only below the saturation value.
          const bool successor = marks & qi::kSuccessorMark;
          const uint32_t spelled = p.at_char + 2 + (p.succ && successor ? 1 : 0);
          if (k == 0) {
            // (Piece 0 is the term's first pair, or its only piece: the one_pair plan.)
            const bool exact_at = first != 0xFFFF;
            s.amb = !exact_at;
            s.reach = static_cast<uint8_t>(exact_at && p.at_char == 0 ? spelled : 0);
          } else if (!s.amb) {
            if (first == 0xFFFF || b > s.lb) s.amb = 1;  // a bound past p0 (or unknown): verify from lb
            else if (first >= p.off && b == s.lb && p.at_char <= s.reach && spelled > s.reach)
              s.reach = static_cast<uint8_t>(spelled);
          }
          // This pair with the two characters before it (and the one after) spells the whole
          // term at its first occurrence: the term's first occurrence, where lb (the largest
          // bound, b = first - off below) now lies, whatever the other pieces' first occurrences.
          if (p.spells_term && (marks & qi::kPredecessorMark) && (!p.spells_with_succ || successor) && first != 0xFFFF && first >= p.off) {
            s.amb = 0;
            s.reach = static_cast<uint8_t>(pl.chars);
          }
        } else if (pl.confirm_words) {
          // As above, with reach the atoms spelled at p0: each piece whose first occurrence sits
          // exactly there spells its run (a containment piece: only as the run's own word) and,
          // by its mark, the separator before it.
          // A later piece whose bound is past p0 moves p0 there (no match starts before it):
          // what the pieces before spelled at the old p0 no longer counts, and this one's word
          // (with its successor, "world" + model when `model` first occurs before) may spell it
          // all. (An unknown offset anchors nothing: verify from lb.)
          if (k == 0 || (!s.amb && (first == 0xFFFF || b > s.lb))) anchor_words(s, first, marks, key);
          else if (!s.amb && first >= p.off && b == s.lb) s.reach |= spelled_by(key, marks);
        }
        if (pl.spread) {
          // A piece occurring once in the document (tf 1, offset not saturated) is in every
          // match: letter j of a match lies 3j to 4j bytes after its start, so the start is
          // at most its offset minus 3j. fix holds the least such bound (the last possible start).
          uint32_t cur = k == 0 ? kAnywhere : s.fix;
          if ((tf & 0x7F) == 1 && first != 0xFFFF && cur != kNowhere) {
            const uint32_t j3 = p.off / 4 * 3;
            cur = first < j3 ? kNowhere : std::min(cur, first - j3);
          }
          s.fix = cur;
        } else if (single) {
          // A single-key piece occurring once in the document (tf 1, offset not saturated) pins
          // the only place a match can start: its offset minus its offset in the term. Two such
          // pieces that disagree rule the document out without reading its text.
          uint32_t f = first;
          uint32_t cur = k == 0 ? kAnywhere : s.fix;
          if ((tf & 0x7F) == 1 && f != 0xFFFF && f >= p.off && cur != kNowhere)
            cur = cur == kAnywhere || cur == f - p.off ? f - p.off : kNowhere;
          s.fix = cur;
        } else if (k == 0) {
          s.fix = kAnywhere;
        }
        s.lbp = k == 0 ? 0 : s.lb;
        if (k == 0 || b > s.lb) s.lb = b;
        // Fold the previous piece's count into the running minimum, start this piece's.
        if (k == 1) s.tf = s.ptf;
        else if (k > 1 && (s.ptf & 0x7F) < (s.tf & 0x7F)) s.tf = static_cast<uint8_t>((s.ptf & 0x7F) | (s.tf & 0x80));
        s.ptf = tf;
      } else if (st == next) {
        s.ptf = sat_add(s.ptf, tf);  // several words of one prefix range
        // The piece's bound is its earliest word's.
        uint32_t b = first > p.off ? first - p.off : 0;
        if (pl.confirm_words) {
          if (k == 0 && b < s.lb) anchor_words(s, first, marks, key);  // the first piece's first word is this one: p0 is here now
          else if (k > 0 && b < s.lb && s.lb > s.lbp) s.amb = 1;  // p0 moves back from where this piece moved it
          else if (k > 0 && !s.amb && first >= p.off && b == s.lb) s.reach |= spelled_by(key, marks);  // this word of the piece sits at p0
        }
        s.lb = std::min(s.lb, std::max(s.lbp, b));
      }
    };
    if (!p.contains) {
      for (uint32_t key = p.lo; key < p.hi; ++key)
        for (qi::Postings::Cursor c = postings.cursor(key); c.next();) visit(c.doc, c.tf, c.first, c.marks, key);
    } else {
      for (uint32_t key : p.keys)
        for (qi::Postings::Cursor c = postings.cursor(key); c.next();) visit(c.doc, c.tf, c.first, c.marks, key);
      for (uint32_t d : e.loose_docs) visit(d, 0, 0, 0, UINT32_MAX);  // no count: their words are not keys
    }
  }
  uint32_t done = base + static_cast<uint32_t>(pl.pieces.size());
  const bool counts_last = pl.pieces.empty() || !pl.pieces.back().contains;  // a containment piece's counts are other words'
  auto estimate = [&](const DocState& s) {
    uint32_t est = s.ptf & 0x7F;
    if (pl.pieces.size() > 1) est = counts_last ? std::min<uint32_t>(est, s.tf & 0x7F) : s.tf & 0x7F;
    return est;
  };
  // The candidates the postings decide are credited at once; the others are listed (index into
  // alive) to be verified on the text after.
  std::vector<uint32_t>& check = sc.check;
  check.clear();
  for (size_t i = 0; i < alive.size(); ++i) {
    const DocState& s = sc.doc[alive[i]];
    if (s.stamp != done) continue;
    if (pl.exact) {
      credit(tfs[i], titles[i], estimate(s), s.ptf >> 7);
    } else if ((pl.confirm && !s.amb && s.reach >= pl.chars) || (pl.confirm_words && !s.amb && s.reach == pl.atoms)) {
      credit(tfs[i], titles[i], estimate(s), s.lb < e.doc_title_len(alive[i]));  // lb is the first occurrence
    } else if (s.fix != kNowhere) {  // (kNowhere: two pinned starts disagree, no text to read)
      check.push_back(static_cast<uint32_t>(i));
    }
  }
  if (check.empty()) return;
  // Where verifying document d starts: from the lower bound on, or (a single-key piece pinned it)
  // exactly at fix, or (spread) up to fix.
  auto verify_from = [&](uint32_t d) { return sc.doc[d].fix == kAnywhere || pl.spread ? sc.doc[d].lb : sc.doc[d].fix; };
  // The texts to verify lie kilobytes apart, each a cache miss: read the first byte of each
  // first, in a loop of independent loads the CPU overlaps, so the verifying loop finds them in
  // cache instead of waiting for one miss after another.
  uint8_t seen = 0;
  const char* hay = e.hay.data();
  for (uint32_t i : check) {
    const uint32_t d = alive[i];
    const size_t p = std::min<size_t>(size_t{e.hay_off[d]} + verify_from(d), e.hay_off[d + 1] - (e.hay_off[d + 1] > e.hay_off[d] ? 1 : 0));
    seen ^= static_cast<uint8_t>(hay[p]);
  }
  touched_sink.store(seen, std::memory_order_relaxed);
  for (uint32_t i : check) {
    const uint32_t d = alive[i];
    const DocState& s = sc.doc[d];
    // Verify starts in [from, last]: from the lower bound on, or (a single-key piece pinned it)
    // exactly at fix, or (spread) up to fix. A window that closes before it opens rules the
    // document out without reading its text.
    const uint32_t at = s.fix, from = verify_from(d);
    bool title = false;
    if (at < from || !verify(d, from, at, title)) continue;
    credit(tfs[i], titles[i], estimate(s), title);
  }
}

// tfs[i] = occurrences of `t` in alive[i] (capped; 0: no match) and titles[i] = whether one
// starts in its title zone. tfs and titles come zeroed, one entry per alive document.
void match_term(const QueryEngine& e, Scratch& sc, const Term& t, const std::vector<uint32_t>& alive, std::vector<uint16_t>& tfs,
                std::vector<uint8_t>& titles) {
  if (t.known) {  // a merge of two ascending lists
    const std::vector<uint32_t>& docs = t.known->docs;
    const std::vector<uint8_t>& tt = t.known->tf_title;
    if (alive.size() == e.n) {  // every document: alive[i] == i
      for (size_t k = 0; k < docs.size(); ++k) {
        tfs[docs[k]] = tt[k] & 0x7F;
        titles[docs[k]] = tt[k] >> 7;
      }
      return;
    }
    for (size_t i = 0, k = 0; i < alive.size() && k < docs.size(); ++i) {
      while (k < docs.size() && docs[k] < alive[i]) ++k;
      if (k == docs.size() || docs[k] != alive[i]) continue;
      tfs[i] = tt[k] & 0x7F;
      titles[i] = tt[k] >> 7;
    }
    return;
  }
  uint64_t alive_bytes = alive.size() == e.n ? e.hay_off[e.n] - e.hay_off[0] : 0;
  if (alive.size() != e.n)
    for (uint32_t d : alive) alive_bytes += e.hay_off[d + 1] - e.hay_off[d];
  bool scan = t.needs_scan() || alive_bytes < 2 * (t.cost() + alive.size());
  if (scan) {
    for (size_t i = 0; i < alive.size(); ++i) {
      bool title = false;
      uint32_t c = count_in_doc(e, alive[i], t, title, kTfCap);
      if (c) {
        tfs[i] = static_cast<uint16_t>(c);
        titles[i] = title;
      }
    }
  } else {
    if (!t.lit.impossible)
      run_plan(e, sc, t.lit, alive, tfs, titles, VerifyFn([&](uint32_t d, uint32_t from, uint32_t last, bool& title) {
        // Literal plans bound a start exactly (last == from) or not at all (kAnywhere). Most
        // candidates hold the term right at the bound (the first occurrences of its pieces line
        // up there): one comparison, before a call to scan on from it.
        const std::string_view hay = e.doc_hay(d);
        size_t p = literal_at(hay, t, from) ? from : last == from ? std::string_view::npos : next_literal(hay, t, from);
        if (p == std::string_view::npos) return false;
        title = p < e.doc_title_len(d);  // the first occurrence is in the title zone iff any is
        return true;
      }));
    // A plan whose one piece is a containment piece has only other words' counts (a document of
    // loose_docs: 1): the term's own count is read off the text of the documents it matched, as
    // the scan above reads it, so a filter that sends the query down the scan ranks alike (QA:
    // `챗gpt` three times ranked with `챗gpt` once).
    if (!t.lit.impossible && t.lit.pieces.size() == 1 && t.lit.pieces[0].contains)
      for (size_t i = 0; i < alive.size(); ++i)
        if (tfs[i]) {
          bool title = false;
          const uint32_t c = count_in_doc(e, alive[i], t, title, kTfCap);
          tfs[i] = static_cast<uint16_t>(std::max<uint32_t>(c, 1));
          titles[i] = title;
        }
    if (t.choseong && !t.chop.impossible)
      run_plan(e, sc, t.chop, alive, tfs, titles, VerifyFn([&](uint32_t d, uint32_t from, uint32_t last, bool& title) {
        // A match starting at or before `last` ends within 4 bytes per letter of it. No match
        // starts before `from`, so the one found is the first (in the title zone iff any is).
        std::string_view hay = e.doc_hay(d);
        if (last != kAnywhere) hay = hay.substr(0, std::min<size_t>(hay.size(), size_t{last} + 4 * t.cho.size()));
        size_t p = find_choseong(hay, t.cho, from);
        title = p < e.doc_title_len(d);
        return p != std::string_view::npos && p <= last;
      }));
  }
}

// out[i] = score (>= 0) if alive[i] matches `t`, else -1.
void eval_term(const QueryEngine& e, Scratch& sc, const Term& t, const std::vector<uint32_t>& alive, std::vector<float>& out) {
  if (alive.empty() || t.impossible()) {
    out.assign(alive.size(), -1.0f);
    return;
  }
  std::vector<uint16_t> tfs(alive.size(), 0);
  std::vector<uint8_t> titles(alive.size(), 0);
  match_term(e, sc, t, alive, tfs, titles);
  size_t matched = 0;
  for (uint16_t x : tfs) matched += x != 0;
  if (!matched) {
    out.assign(alive.size(), -1.0f);
    return;
  }
  out.resize(alive.size());
  double n = e.n, df = static_cast<double>(matched);
  float idf = static_cast<float>(std::log(1.0 + (n - df + 0.5) / (df + 0.5)));
  // The alive documents' length norms side by side (every document: the engine's own array), so
  // that the scores are one vector loop.
  const float* norm = e.len_norm.data();
  if (alive.size() != e.n) {
    sc.norms.resize(alive.size());
    for (size_t i = 0; i < alive.size(); ++i) sc.norms[i] = norm[alive[i]];
    norm = sc.norms.data();
  }
  qi::term_scores(tfs.data(), titles.data(), norm, alive.size(), idf, idf * kTitleBoost, out.data());
}

// A positive clause: all `members` match, or any of `alts` (expansions) does.
struct Clause {
  std::vector<Term> members;
  std::vector<Term> alts;
  std::string label;
  uint64_t cost = 0;
  // Per alternative, the documents it matched among those alive when the clause was evaluated
  // (ascending): the result's "expansions" are the alternatives that matched one still alive.
  std::vector<std::vector<uint32_t>> alt_docs;
};

// Also fills c.alt_docs.
void eval_clause(const QueryEngine& e, Scratch& sc, Clause& c, const std::vector<uint32_t>& alive, std::vector<float>& out) {
  if (c.members.size() == 1 && c.alts.empty()) {  // the usual clause: one term, no copies
    eval_term(e, sc, c.members[0], alive, out);
    return;
  }
  std::vector<uint32_t> sub = alive;
  std::vector<uint32_t> idx(alive.size());
  for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<uint32_t>(i);
  std::vector<float> acc(alive.size(), 0.0f), tmp;
  for (const Term& t : c.members) {
    eval_term(e, sc, t, sub, tmp);
    // (without a branch: whether a document matched is as good as random)
    size_t w = 0;
    for (size_t i = 0; i < sub.size(); ++i) {
      const bool hit = tmp[i] >= 0;
      sub[w] = sub[i];
      idx[w] = idx[i];
      acc[idx[i]] += hit ? tmp[i] : 0.0f;
      w += hit;
    }
    sub.resize(w);
    idx.resize(w);
  }
  out.assign(alive.size(), -1.0f);
  for (uint32_t i : idx) out[i] = acc[i];
  c.alt_docs.assign(c.alts.size(), {});
  for (size_t k = 0; k < c.alts.size(); ++k) {
    eval_term(e, sc, c.alts[k], alive, tmp);
    std::vector<uint32_t>& docs = c.alt_docs[k];
    docs.resize(alive.size());
    size_t w = 0;
    for (size_t i = 0; i < alive.size(); ++i) {
      const bool hit = tmp[i] >= 0;
      out[i] = std::max(out[i], tmp[i]);  // (tmp is -1 where it did not match: out stays)
      docs[w] = alive[i];
      w += hit;
    }
    docs.resize(w);
  }
}

DIGEST_COLD std::string join_texts(const std::vector<Term>& ts, size_t a, size_t b) {
  std::string s;
  for (size_t k = a; k < b; ++k) {
    if (k > a) s.push_back(' ');
    s += ts[k].text;
  }
  return s;
}

// Groups positive terms into clauses; with `expand`, runs of terms that spell one side of a
// mined pair (longest first, up to 6 terms) get the other sides as alternatives.
DIGEST_COLD std::vector<Clause> make_clauses(const QueryEngine& e, const std::vector<Term>& pos, bool expand) {
  std::vector<Clause> out;
  for (size_t i = 0; i < pos.size();) {
    size_t take = 1;
    const std::vector<std::string>* alts = nullptr;
    // A quoted phrase asks for exactly its text: it is never expanded (QA: `"강화 학습"` found a
    // document that has only `RLHF`), nor part of a run that is.
    if (expand && !e.expand_map.empty() && !pos[i].phrase) {
      size_t maxlen = std::min<size_t>(6, pos.size() - i);
      for (size_t len = maxlen; len >= 1 && !alts; --len) {
        bool ok = true;
        for (size_t k = i; k < i + len && len > 1; ++k) ok = ok && !pos[k].phrase;
        if (!ok) continue;
        auto it = e.expand_map.find(join_texts(pos, i, i + len));
        if (it != e.expand_map.end()) {
          alts = &it->second;
          take = len;
        }
      }
    }
    Clause c;
    c.members.assign(pos.begin() + static_cast<std::ptrdiff_t>(i), pos.begin() + static_cast<std::ptrdiff_t>(i + take));
    c.label = join_texts(pos, i, i + take);
    if (alts)
      for (const auto& a : *alts) {
        c.alts.push_back(make_term(e, a, false, false));
        c.alts.back().known = e.matches_of(a);
      }
    for (const auto& t : c.members) c.cost = std::max<uint64_t>(c.cost, t.cost());
    out.push_back(std::move(c));
    i += take;
  }
  return out;
}

// Whether document d carries every (has_all) or any (has_any) of value field f's `ids`: each
// looked for as its row id (facet_base[f.group] + id) in the document's whole facet row (row ids
// are unique across fields, so no need to find the field's part of the row first).
bool row_has(const QueryEngine& e, uint32_t d, uint32_t row_id) {
  const uint32_t* k = e.facet_ids.data() + e.facet_off[d];
  const uint32_t* last = e.facet_ids.data() + e.facet_off[d + 1];
  while (k < last && *k != row_id) ++k;
  return k < last;
}

bool has_all(const QueryEngine& e, const qi::ValueField& f, uint32_t d, const std::vector<int64_t>& ids) {
  for (int64_t id : ids)
    if (!row_has(e, d, static_cast<uint32_t>(e.facet_base[f.group] + id))) return false;
  return true;
}

bool has_any(const QueryEngine& e, const qi::ValueField& f, uint32_t d, const std::vector<int64_t>& ids) {
  for (int64_t id : ids)
    if (row_has(e, d, static_cast<uint32_t>(e.facet_base[f.group] + id))) return true;
  return false;
}

// Ids of the given values; `missing` is set if one is unknown (then nothing can carry all).
DIGEST_COLD std::vector<int64_t> value_ids(const qi::ValueField& f, const std::vector<std::string>& names, bool& missing) {
  std::vector<int64_t> ids;
  for (const auto& s : names) {
    int64_t id = f.find(f.key_of(s));
    if (id < 0) missing = true;
    else ids.push_back(id);
  }
  return ids;
}

// The id of document d's one value of `f`, or -1 when it has none (the cast keeps the -1 from
// becoming 0xFFFFFFFF in a uint32_t conditional).
int64_t single_value(const QueryEngine& e, const qi::ValueField& f, uint32_t d) {
  const auto [first, last] = e.values_in_row(f, d);
  return first < last ? static_cast<int64_t>(*first - e.facet_base[f.group]) : -1;
}

std::vector<uint32_t> filter_docs(const QueryEngine& e, const Request& r) {
  std::vector<uint32_t> out;
  bool missing = false;
  auto tag_ids = value_ids(e.tags, r.tags, missing);
  auto cat_ids = value_ids(e.categories, r.categories, missing);
  auto pre_ids = value_ids(e.prerequisites, r.prerequisites, missing);
  bool ignored = false;
  auto not_ids = value_ids(e.tags, r.not_tags, ignored);
  // -2: no filter; -1: "" (a paper that does not say: reviews have none of these fields, so they
  // drop out); else the value's id.
  auto single = [&](const qi::ValueField& f, bool has, const std::string& v) -> int64_t {
    if (!has) return -2;
    const std::string key = f.key_of(v);
    if (key.empty()) return -1;
    int64_t id = f.find(key);
    if (id < 0) missing = true;
    return id;
  };
  int64_t inst = single(e.institutions, r.has_institution, r.institution);
  int64_t sel = single(e.selections, r.has_selection, r.selection);
  int64_t ana = single(e.analyses, r.has_analysis, r.analysis);
  if (missing) return out;
  const bool any_filter = r.kind >= 0 || r.has_from || r.has_to || r.has_min_upvotes || inst != -2 || sel != -2 || ana != -2 ||
                          !tag_ids.empty() || !cat_ids.empty() || !pre_ids.empty() || !not_ids.empty();
  if (!any_filter) {
    out.resize(e.n);
    for (uint32_t d = 0; d < e.n; ++d) out[d] = d;
    return out;
  }
  // Candidates: the shortest postings list of a required tag/category/prerequisite (ascending),
  // else every document; each candidate is then checked against every filter.
  const std::vector<uint32_t>* from_postings = nullptr;
  auto shortest = [&](const qi::ValueField& f, const std::vector<int64_t>& ids) {
    for (int64_t id : ids)
      if (!from_postings || f.postings[static_cast<size_t>(id)].size() < from_postings->size()) from_postings = &f.postings[static_cast<size_t>(id)];
  };
  shortest(e.tags, tag_ids);
  shortest(e.categories, cat_ids);
  shortest(e.prerequisites, pre_ids);
  const uint32_t count = from_postings ? static_cast<uint32_t>(from_postings->size()) : e.n;
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t d = from_postings ? (*from_postings)[i] : i;
    if (r.kind >= 0 && e.kind_of[d] != (r.kind == static_cast<int>(DocKind::PAPER) ? 1 : 0)) continue;
    if ((r.has_from || r.has_to) && !e.date[d]) continue;
    if (r.has_from && e.date[d] < r.from) continue;
    if (r.has_to && e.date[d] > r.to) continue;
    if (r.has_min_upvotes && (e.bundle->docs[d].upvotes < 0 || e.bundle->docs[d].upvotes < r.min_upvotes)) continue;  // -1: none
    if ((inst == -1 || sel == -1 || ana == -1) && !e.kind_of[d]) continue;  // "": papers only
    if (inst != -2 && single_value(e, e.institutions, d) != inst) continue;
    if (sel != -2 && single_value(e, e.selections, d) != sel) continue;
    if (ana != -2 && single_value(e, e.analyses, d) != ana) continue;
    if (!tag_ids.empty() && !has_all(e, e.tags, d, tag_ids)) continue;
    if (!cat_ids.empty() && !has_all(e, e.categories, d, cat_ids)) continue;
    if (!pre_ids.empty() && !has_all(e, e.prerequisites, d, pre_ids)) continue;
    if (!not_ids.empty() && has_any(e, e.tags, d, not_ids)) continue;
    out.push_back(d);
  }
  return out;
}

// ------------------------------------------------------------------------------------------------
// Output

// A facet entry: name, count, and the name's rank in bytewise order (ties sort by it without
// comparing strings; the names are the engine's own strings or the small date/kind labels).
struct FacetEntry {
  std::string_view name;
  uint32_t count;
  uint32_t rank;
  const std::string* json = nullptr;  // name as a JSON literal, when the engine has it
};
using FacetList = std::vector<FacetEntry>;

// The value facets, tags first, under the names answers give them.
constexpr size_t kValueFacets = 6;
std::array<std::pair<const char*, const qi::ValueField*>, kValueFacets> value_facets(const QueryEngine& e) {
  return {{{"tags", &e.tags},
           {"institutions", &e.institutions},
           {"selections", &e.selections},
           {"analyses", &e.analyses},
           {"categories", &e.categories},
           {"prerequisites", &e.prerequisites}}};
}

// How the facet lists are cut and ordered (request fields facetLimit, facetFilter, facetOrder).
struct FacetShape {
  bool as_array = false;
  bool ranks = false;            // value facets as flat [rank, count, ...] arrays
  int64_t limit = -1;            // value facets: the top `limit` entries by count (-1: all)
  const std::string* filter = nullptr;  // tags: only entries whose tag key contains this
  bool by_name = false;          // years/months: calendar order instead of count order
  bool totals = false;           // write "facetTotals" (entries before the limit)
};

struct ByCount {
  bool operator()(const FacetEntry& a, const FacetEntry& b) const {
    if (a.count != b.count) return a.count > b.count;
    return a.rank < b.rank;
  }
};
constexpr ByCount by_count{};

// Orders `list` by count, or by name (rank order): the years, months and kinds, a few dozen
// entries (the value facets, hundreds, are write_value_facet's).
void shape_facet(FacetList& list, bool by_name) {
  if (by_name) qi::sort_items(list, [](const FacetEntry& a, const FacetEntry& b) { return a.rank < b.rank; });
  else qi::sort_items(list, by_count);
}

DIGEST_COLD void write_facet(JsonWriter& w, const char* name, const FacetList& list, bool as_array) {
  w.key(name);
  if (list.empty() || list[0].json) {
    // Names already escaped: the whole list is appended as one piece of JSON.
    std::string out;
    out.reserve(list.size() * 32 + 2);
    out.push_back(as_array ? '[' : '{');
    char num[16];
    for (size_t i = 0; i < list.size(); ++i) {
      if (i) out.push_back(',');
      if (as_array) out.push_back('[');
      out += *list[i].json;
      out.push_back(as_array ? ',' : ':');
      out.append(num, static_cast<size_t>(std::to_chars(num, num + sizeof num, list[i].count).ptr - num));
      if (as_array) out.push_back(']');
    }
    out.push_back(as_array ? ']' : '}');
    w.raw(out);
    return;
  }
  if (as_array) {
    w.begin_array();
    for (const auto& kv : list) {
      w.begin_array();
      w.value(kv.name);
      w.value(kv.count);
      w.end_array();
    }
    w.end_array();
  } else {
    w.begin_object();
    for (const auto& kv : list) w.field(kv.name, kv.count);
    w.end_object();
  }
}

// Writes value field `f`'s facet under `name`: its values with a count (counts[id]; with `keep`,
// keep[id] set too), most first, ties in bytewise order of their names, the top `limit` (-1:
// all). Returns how many values had a count. Each entry is one 64-bit key, (~count, rank), so
// the order is a sort of integers, and the names, escaped once by the index, are copied into one
// buffer sized beforehand: an answer lists every tag, hundreds of entries per query. With
// `ranks`, each entry is its name's rank (its place in facet_values_json's list) and its count,
// in one flat array: no names at all.
size_t write_value_facet(JsonWriter& w, const char* name, const qi::ValueField& f, const uint32_t* counts, int64_t limit,
                         bool as_array, bool ranks, const std::vector<uint8_t>* keep = nullptr) {
  std::vector<uint64_t> keys;
  for (uint32_t r = 0; r < f.by_rank.size(); ++r) {
    const uint32_t id = f.by_rank[r];
    if (counts[id] && (!keep || (*keep)[id])) keys.push_back(uint64_t{~counts[id]} << 32 | r);
  }
  const size_t entries = keys.size();
  size_t take = entries;
  if (limit >= 0 && static_cast<uint64_t>(limit) < entries) {
    take = static_cast<size_t>(limit);
    std::nth_element(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(take), keys.end());
  }
  std::sort(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(take));
  if (ranks) {
    std::string out(2 + take * 22, '\0');
    char* o = out.data();
    *o++ = '[';
    for (size_t i = 0; i < take; ++i) {
      if (i) *o++ = ',';
      o = std::to_chars(o, o + 10, static_cast<uint32_t>(keys[i])).ptr;
      *o++ = ',';
      o = std::to_chars(o, o + 10, ~static_cast<uint32_t>(keys[i] >> 32)).ptr;
    }
    *o++ = ']';
    out.resize(static_cast<size_t>(o - out.data()));
    w.key(name);
    w.raw(out);
    return entries;
  }
  size_t bytes = 2;
  for (size_t i = 0; i < take; ++i) bytes += f.json_names[f.by_rank[static_cast<uint32_t>(keys[i])]].size() + 14;
  std::string out(bytes, '\0');
  char* o = out.data();
  *o++ = as_array ? '[' : '{';
  for (size_t i = 0; i < take; ++i) {
    if (i) *o++ = ',';
    if (as_array) *o++ = '[';
    const std::string& json = f.json_names[f.by_rank[static_cast<uint32_t>(keys[i])]];
    std::memcpy(o, json.data(), json.size());
    o += json.size();
    *o++ = as_array ? ',' : ':';
    o = std::to_chars(o, o + 10, ~static_cast<uint32_t>(keys[i] >> 32)).ptr;
    if (as_array) *o++ = ']';
  }
  *o++ = as_array ? ']' : '}';
  out.resize(static_cast<size_t>(o - out.data()));
  w.key(name);
  w.raw(out);
  return entries;
}

// Counts of every facet id (QueryEngine::facet_ids) over `docs` (ascending, unique, or in any
// order when `sorted` is false).
std::vector<uint32_t> count_facets(const QueryEngine& e, const std::vector<uint32_t>& docs, bool sorted) {
  std::vector<uint32_t> counts(e.facet_base[QueryEngine::kFacetGroups], 0);
  uint32_t* c = counts.data();
  const uint32_t* off = e.facet_off.data();
  const uint32_t* ids = e.facet_ids.data();
  // Documents [a, b) are one flat run of ids.
  auto count_run = [&](uint32_t a, uint32_t b) {
    for (uint32_t k = off[a], ke = off[b]; k < ke; ++k) ++c[ids[k]];
  };
  if (!sorted) {
    for (uint32_t d : docs) count_run(d, d + 1);
    return counts;
  }
  // A result holding more than half the bundle is counted as totals minus the documents left
  // out: the runs between its documents.
  if (docs.size() * 2 > e.n) {
    uint32_t next = 0;  // first document not yet passed
    for (uint32_t d : docs) {
      if (d > next) count_run(next, d);
      next = d + 1;
    }
    if (e.n > next) count_run(next, e.n);
    for (size_t id = 0; id < counts.size(); ++id) c[id] = e.facet_total[id] - c[id];
    return counts;
  }
  for (size_t i = 0; i < docs.size();) {
    size_t j = i + 1;
    while (j < docs.size() && docs[j] == docs[j - 1] + 1) ++j;
    count_run(docs[i], docs[j - 1] + 1);
    i = j;
  }
  return counts;
}

// (`ascending`: docs is, as filters and terms keep document order)
void write_facets(JsonWriter& w, const QueryEngine& e, const std::vector<uint32_t>& docs, bool ascending, const FacetShape& shape) {
  const std::vector<uint32_t> counts = count_facets(e, docs, ascending);
  std::vector<std::pair<const char*, size_t>> totals;
  auto value = [&](const char* name, const qi::ValueField& f, const std::vector<uint8_t>* keep = nullptr) {
    totals.emplace_back(name, write_value_facet(w, name, f, counts.data() + e.facet_base[f.group], shape.limit, shape.as_array, shape.ranks, keep));
  };
  w.key("facets");
  w.begin_object();
  if (shape.filter && !shape.filter->empty()) {
    // facetFilter: tag keys containing the filter's key (the viewer's filter-as-you-type).
    std::vector<uint8_t> keep(e.tags.names.size(), 0);
    for (const auto& kv : e.tags.by_key) keep[kv.second] = kv.first.find(*shape.filter) != std::string::npos;
    value("tags", e.tags, &keep);
  } else {
    value("tags", e.tags);
  }
  // Months: a flat range of ids over the bundle's date range (yyyymm -> slot); at most
  // 9999 years x 12 slots for a bundle with dates from year 1 to 9999.
  const uint32_t* months = counts.data() + e.facet_base[QueryEngine::kMonthsGroup];
  const uint32_t* kinds = counts.data() + e.facet_base[QueryEngine::kKindsGroup];
  // Labels as JSON literals ("2025-10"); the entries' names view them without the quotes.
  std::deque<std::string> labels;  // backing store (stable addresses)
  auto label = [&](int32_t y, int m) -> const std::string& {
    char buf[12] = {'"', static_cast<char>('0' + y / 1000 % 10), static_cast<char>('0' + y / 100 % 10),
                    static_cast<char>('0' + y / 10 % 10), static_cast<char>('0' + y % 10), '-',
                    static_cast<char>('0' + m / 10), static_cast<char>('0' + m % 10), '"'};
    if (m) labels.emplace_back(buf, 9);
    else labels.emplace_back(std::string(buf, 5) + '"');
    return labels.back();
  };
  auto unquoted = [](const std::string& j) { return std::string_view(j).substr(1, j.size() - 2); };
  FacetList yl, ml, kl;
  for (int32_t y = e.min_year; y < e.min_year + static_cast<int32_t>(e.month_slots / 12); ++y) {
    uint32_t year_count = 0;
    for (int m = 1; m <= 12; ++m) {
      uint32_t c = months[static_cast<size_t>((y - e.min_year) * 12 + m - 1)];
      if (!c) continue;
      year_count += c;
      const std::string& j = label(y, m);
      ml.push_back({unquoted(j), c, static_cast<uint32_t>(y * 100 + m), &j});
    }
    if (!year_count) continue;
    const std::string& j = label(y, 0);
    yl.push_back({unquoted(j), year_count, static_cast<uint32_t>(y), &j});
  }
  if (kinds[0]) kl.push_back({"review", kinds[0], 1});
  if (kinds[1]) kl.push_back({"paper", kinds[1], 0});
  shape_facet(yl, shape.by_name);
  shape_facet(ml, shape.by_name);
  shape_facet(kl, false);
  write_facet(w, "years", yl, shape.as_array);
  write_facet(w, "months", ml, shape.as_array);
  write_facet(w, "kinds", kl, shape.as_array);
  for (size_t k = 1; k < kValueFacets; ++k) value(value_facets(e)[k].first, *value_facets(e)[k].second);
  w.end_object();
  if (shape.totals) {
    w.key("facetTotals");
    w.begin_object();
    for (const auto& t : totals) w.field(t.first, static_cast<int64_t>(t.second));
    w.end_object();
  }
}

void append_escaped(std::string& out, std::string_view s) {
  // Runs that need nothing are copied with one append (each std::string call is out of line in
  // the wasm build).
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    size_t j = i;
    while (j < n && s[j] != '&' && s[j] != '<' && s[j] != '>' && s[j] != '"' && s[j] != '\'' && s[j] != '\n' &&
           s[j] != '\r' && s[j] != '\t')
      ++j;
    if (j > i) out.append(s.data() + i, j - i);
    if (j >= n) break;
    switch (s[j]) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out.push_back(' ');  // \n \r \t
    }
    i = j + 1;
  }
}

// Snippet window, in bytes of normalised text (~100 Hangul syllables or ~300 Latin letters).
constexpr size_t kSnippetBytes = 300;
constexpr size_t kSnippetLead = 60;

// The best passage of the body: the window holding the most distinct terms (then the most
// matches), HTML-escaped, matches wrapped in <mark>, "…" where text was cut. A passage never
// crosses a field boundary (summary, each section, the markdown body): the best window of
// each field is found and the best field's is shown (ties: the earlier field).
std::string make_snippet(const Document& doc, const std::vector<const Term*>& terms) {
  struct Hit { size_t s, e; size_t term; };
  std::string body, scratch, norm;  // the chosen field, its normalised text
  std::vector<uint32_t> map, fmap;
  std::vector<Hit> hits, fhits;
  size_t ws = 0, best_distinct = 0, best_count = 0, lead = std::string::npos;
  bool have = false;
  qi::for_each_body_field(doc, scratch, [&](std::string_view field, size_t field_lead) {
    std::string fnorm = normalize_for_search(field, fmap);
    if (fnorm.empty()) return;
    fhits.clear();
    for (size_t ti = 0; ti < terms.size(); ++ti) {
      const Term& t = *terms[ti];
      size_t p = 0, found = 0;
      while (found < 64 && (p = next_literal(fnorm, t, p)) != std::string::npos) {
        fhits.push_back({p, p + t.text.size(), ti});
        ++found;
        p += t.text.size();
      }
      // A choseong term also matches the syllables whose initial consonants spell it (강화 학습
      // for ㄱㅎㅎㅅ): those are marked too, and count for the window.
      for (size_t c = 0, end = 0; t.choseong && found < 64 && (c = find_choseong(fnorm, t.cho, c, false, &end)) != std::string::npos; c = end) {
        fhits.push_back({c, end, ti});
        ++found;
      }
    }
    qi::sort_items(fhits, [](const Hit& a, const Hit& b) { return a.s != b.s ? a.s < b.s : a.e > b.e; });
    size_t fws = 0, fd = 0, fc = 0;
    std::vector<bool> seen(terms.size());
    for (size_t i = 0; i < fhits.size(); ++i) {
      size_t start = fhits[i].s > kSnippetLead ? fhits[i].s - kSnippetLead : 0;
      std::fill(seen.begin(), seen.end(), false);
      size_t distinct = 0, count = 0;
      for (size_t j = i; j < fhits.size() && fhits[j].e <= start + kSnippetBytes; ++j) {
        if (!seen[fhits[j].term]) { seen[fhits[j].term] = true; ++distinct; }
        ++count;
      }
      if (distinct > fd || (distinct == fd && count > fc)) {
        fd = distinct;
        fc = count;
        fws = start;
      }
    }
    if (have && !(fd > best_distinct || (fd == best_distinct && fc > best_count))) return;
    have = true;
    best_distinct = fd;
    best_count = fc;
    ws = fws;
    lead = field_lead;
    body.assign(field);
    norm = std::move(fnorm);
    map.swap(fmap);
    hits.swap(fhits);
  });
  // No match in the body (an empty search, or one that matched the title or tags): the body's
  // lead paragraph, past what a page puts before it (a quoted link line, an authors line, the
  // first heading), and no "…" before it: the reader sees it from its start.
  bool from_lead = false;
  if (best_count == 0 && lead != std::string::npos && lead > 0) {
    const size_t at = static_cast<size_t>(std::lower_bound(map.begin(), map.end(), static_cast<uint32_t>(lead)) - map.begin());
    if (at < norm.size()) ws = at, from_lead = true;
  }
  // Use the whole window: pull it back when it runs past the end; start after a space nearby
  // (earlier, so the window grows by those bytes: its end stays where the matches were counted).
  if (!from_lead && ws + kSnippetBytes > norm.size()) ws = norm.size() > kSnippetBytes ? norm.size() - kSnippetBytes : 0;
  size_t we = std::min(norm.size(), ws + kSnippetBytes);
  if (ws > 0) {
    size_t sp = norm.rfind(' ', ws);
    if (sp != std::string::npos && ws - sp <= 30) ws = sp + 1;
  }
  while (ws > 0 && (static_cast<unsigned char>(norm[ws]) & 0xC0) == 0x80) --ws;
  while (we < norm.size() && (static_cast<unsigned char>(norm[we]) & 0xC0) == 0x80) ++we;
  std::string out;
  if (norm.empty()) return out;
  size_t os = map[ws], oe = map[we];
  if (ws > 0 && !from_lead) out += "…";
  size_t cursor = os;
  size_t last_end = 0;
  for (const Hit& h : hits) {
    if (h.s < ws || h.e > we || h.s < last_end) continue;
    size_t ms = map[h.s], me = map[h.e];
    // map[h.e] is where the next character's source starts: past the spaces the normalisation
    // dropped (at the end of a field, all the trailing ones). They stay outside the mark.
    while (me > ms) {
      size_t k = me - 1;
      while (k > ms && (static_cast<unsigned char>(body[k]) & 0xC0) == 0x80) --k;
      size_t at = k;
      if (!is_space_char(utf8_decode(body, at))) break;
      me = k;
    }
    if (ms < cursor) continue;
    constexpr std::string_view kClose = "</mark>";
    if (ms == cursor && out.size() >= kClose.size() && std::string_view(out).substr(out.size() - kClose.size()) == kClose) {
      out.resize(out.size() - kClose.size());  // a hit right after the last one: one mark (ㅎ in 해형)
    } else {
      append_escaped(out, std::string_view(body).substr(cursor, ms - cursor));
      out += "<mark>";
    }
    append_escaped(out, std::string_view(body).substr(ms, me - ms));
    out += "</mark>";
    cursor = me;
    last_end = h.e;
  }
  append_escaped(out, std::string_view(body).substr(cursor, oe - cursor));
  // Collapse whitespace runs for display.
  std::string tidy;
  tidy.reserve(out.size());
  for (char c : out) {
    if (c == ' ' && (tidy.empty() || tidy.back() == ' ')) continue;
    tidy.push_back(c);
  }
  while (!tidy.empty() && tidy.back() == ' ') tidy.pop_back();
  if (we < norm.size()) tidy += "…";
  return tidy;
}

}  // namespace

DIGEST_COLD void find_side_matches(QueryEngine& e, const std::string& side) {
  Term t = make_term(e, side, false, false);
  // The postings decide it alone (or nothing can match): nothing to keep.
  if (t.impossible() || (t.lit.exact && !t.choseong)) return;
  std::vector<uint32_t> all(e.n);
  for (uint32_t d = 0; d < e.n; ++d) all[d] = d;
  std::vector<uint16_t> tfs(e.n, 0);
  std::vector<uint8_t> titles(e.n, 0);
  if (e.n) match_term(e, thread_scratch(e.n), t, all, tfs, titles);
  e.side_matches.emplace_back();
  QueryEngine::SideMatches& m = e.side_matches.back();
  m.side = side;
  for (uint32_t d = 0; d < e.n; ++d) {
    if (!tfs[d]) continue;
    m.docs.push_back(d);
    m.tf_title.push_back(static_cast<uint8_t>(std::min<uint32_t>(tfs[d], 0x7F) | (titles[d] ? 0x80 : 0)));
  }
}

std::vector<uint32_t> QueryEngine::words_containing(std::string_view text) const {
  std::vector<uint32_t> ids;
  for (size_t p = find_bytes(dict, text, 0); p != std::string_view::npos;) {
    uint32_t w = static_cast<uint32_t>(std::upper_bound(dict_off.begin(), dict_off.end(), static_cast<uint32_t>(p)) - dict_off.begin() - 1);
    ids.push_back(w);
    p = find_bytes(dict, text, dict_off[w + 1]);  // the next word on
  }
  return ids;
}

Result<std::string> run_query_json(const QueryEngine& e, std::string_view request_json) {
  auto parsed = parse_request(request_json);
  if (!parsed) return parsed.error();
  const Request& r = parsed.value();

  // Search text needs the full-text index; an empty (or blank) q does not.
  if (r.q.find_first_not_of(" \t\r\n") != std::string::npos) e.need_text_index();
  std::vector<uint32_t> alive = filter_docs(e, r);
  std::vector<float> score(alive.size(), 0.0f);

  std::vector<Term> terms = parse_terms(e, r.q);
  if (terms.size() > kMaxQueryTerms) {
    Error err = make_error(ErrorCode::BAD_QUERY, "\"q\" has " + std::to_string(terms.size()) + " different terms; a search takes at most " +
                                                     std::to_string(kMaxQueryTerms));
    err.field = "q";
    return err;
  }
  std::vector<Term> positives, excludes;
  for (auto& t : terms) (t.exclude ? excludes : positives).push_back(std::move(t));
  std::vector<Clause> clauses = make_clauses(e, positives, r.expand);
  std::vector<uint32_t> order(clauses.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  qi::stable_sort_indices(order, [&](uint32_t a, uint32_t b) { return clauses[a].cost < clauses[b].cost; });

  Scratch& sc = thread_scratch(e.n);
  std::vector<float> tmp;
  for (size_t ci : order) {
    if (alive.empty()) break;
    eval_clause(e, sc, clauses[ci], alive, tmp);
    // Without a branch: whether a document matched is as good as random, so a branch on it
    // mispredicts about half the time.
    size_t w = 0;
    for (size_t i = 0; i < alive.size(); ++i) {
      alive[w] = alive[i];
      score[w] = score[i] + tmp[i];
      w += tmp[i] >= 0;
    }
    alive.resize(w);
    score.resize(w);
  }
  for (const Term& t : excludes) {
    if (alive.empty()) break;
    eval_term(e, sc, t, alive, tmp);
    size_t w = 0;
    for (size_t i = 0; i < alive.size(); ++i) {
      if (tmp[i] >= 0) continue;
      alive[w] = alive[i];
      score[w] = score[i];
      ++w;
    }
    alive.resize(w);
    score.resize(w);
  }

  // Sort (only as far as the page needs).
  const Bundle& b = *e.bundle;
  std::vector<uint32_t> idx;  // hit indexes in page order; [page_start, page_end) is the page
  auto less = [&](uint32_t x, uint32_t y) {
    uint32_t dx = alive[x], dy = alive[y];
    for (SortKey k : r.sort) {
      switch (k) {
        case SortKey::RELEVANCE:
          if (score[x] != score[y]) return score[x] > score[y];
          break;
        case SortKey::DATE:
          return e.order_pos[dx] < e.order_pos[dy];
        case SortKey::DATE_OLD:
          return e.order_pos[dx] > e.order_pos[dy];
        case SortKey::UPVOTES:
          if (b.docs[dx].upvotes != b.docs[dy].upvotes) return b.docs[dx].upvotes > b.docs[dy].upvotes;
          break;
        case SortKey::STARS:
          if (b.docs[dx].stars != b.docs[dy].stars) return b.docs[dx].stars > b.docs[dy].stars;
          break;
      }
    }
    return e.order_pos[dx] < e.order_pos[dy];
  };
  size_t total = alive.size();
  size_t page_start = static_cast<size_t>(std::min<int64_t>(r.offset, static_cast<int64_t>(total)));
  size_t page_end = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(page_start) + r.limit, static_cast<int64_t>(total)));
  // The one-key orders (relevance, date, date-old, upvotes, stars; each ending newest first) are
  // one 64-bit key per hit: nth_element + a sort of the page on plain integers instead of a heap
  // of indirect comparisons (the empty query's 20k-entry partial sort was most of its time in
  // wasm). Keys are unique (order_pos is), so the page is the same as the comparator's.
  const SortKey k0 = r.sort[0];
  const bool by_number = k0 == SortKey::UPVOTES || k0 == SortKey::STARS;
  auto count_of = [&](uint32_t d) { return k0 == SortKey::UPVOTES ? b.docs[d].upvotes : b.docs[d].stars; };
  // (alive is ascending: filters and clauses keep document order; checked, as facets and the page
  // rely on it, in one pass without a branch per hit.)
  bool ascending = true;
  for (size_t i = 1; i < alive.size(); ++i) ascending &= alive[i - 1] < alive[i];
  bool keyed = r.sort.size() == 1 && ascending;
  if (keyed && k0 == SortKey::RELEVANCE) {
    bool ordered = true;  // bit order = value order (no NaN, no negatives)
    for (float x : score) ordered &= x >= 0.0f;
    keyed = ordered;
  }
  if (keyed && by_number)  // counts from -1 (absent) up, as 32 bits
    for (uint32_t d : alive) keyed = keyed && count_of(d) >= -1 && count_of(d) < int64_t{0xFFFFFFFF};
  if (keyed) {
    auto key_of = [&](size_t i) {
      uint64_t pos = e.order_pos[alive[i]];
      uint64_t hi = 0;
      if (k0 == SortKey::RELEVANCE) {
        uint32_t bits;
        std::memcpy(&bits, &score[i], 4);
        hi = 0xFFFFFFFFu - bits;  // higher score first
      } else if (k0 == SortKey::DATE_OLD) {
        pos = 0xFFFFFFFFu - pos;
      } else if (by_number) {
        hi = 0xFFFFFFFFu - static_cast<uint64_t>(count_of(alive[i]) + 1);  // more first
      }
      return hi << 32 | pos;
    };
    std::vector<uint64_t> keys;
    bool picked = page_end == 0;  // (limit 0: a count and facets alone)
    if (!picked && page_end * 16 < alive.size()) {
      // A page far smaller than the hits (a keystroke's 20 of thousands): a sample of the keys
      // gives a bound that a few times page_end keys are under, and only those are kept and
      // ordered, instead of writing every key out for nth_element. Keys are unique, so if at
      // least page_end keys are under the bound, the page's keys are all among them; if fewer
      // are (a sample far off), the whole set is ordered below. (A bounded heap was tried first:
      // hits in date order, the empty query's, made it replace its top on every key.)
      const size_t hits = alive.size(), samples = std::min<size_t>(hits, 512);
      keys.resize(samples);
      for (size_t j = 0; j < samples; ++j) keys[j] = key_of(j * hits / samples);
      const size_t r = std::min(samples - 1, 3 * (page_end * samples / hits + 1));
      std::nth_element(keys.begin(), keys.begin() + static_cast<std::ptrdiff_t>(r), keys.end());
      const uint64_t bound = keys[r];
      keys.clear();
      for (size_t i = 0; i < hits; ++i) {
        const uint64_t key = key_of(i);
        if (key <= bound) keys.push_back(key);
      }
      picked = keys.size() >= page_end;
    }
    if (!picked) {
      keys.resize(alive.size());
      for (size_t i = 0; i < keys.size(); ++i) keys[i] = key_of(i);
    }
    auto mid = keys.begin() + static_cast<std::ptrdiff_t>(page_end);
    if (page_end < keys.size()) std::nth_element(keys.begin(), mid, keys.end());
    std::sort(keys.begin(), mid);
    // Back from keys to hit indexes: order_pos -> doc -> index in alive (alive is ascending).
    idx.resize(page_end);
    for (size_t i = 0; i < page_end; ++i) {
      uint32_t pos = static_cast<uint32_t>(keys[i]);
      if (k0 == SortKey::DATE_OLD) pos = 0xFFFFFFFFu - pos;
      uint32_t d = e.newest[pos];
      idx[i] = static_cast<uint32_t>(std::lower_bound(alive.begin(), alive.end(), d) - alive.begin());
    }
  } else {
    idx.resize(alive.size());
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<uint32_t>(i);
    qi::partial_sort_indices(idx, page_end, less);
  }

  std::vector<const Term*> mark_terms;
  for (const auto& c : clauses) {
    for (const auto& t : c.members) mark_terms.push_back(&t);
    for (const auto& t : c.alts) mark_terms.push_back(&t);
  }

  JsonWriter w;
  w.begin_object();
  w.field("total", static_cast<int64_t>(total));
  w.key("ids");
  w.begin_array();
  for (size_t i = page_start; i < page_end; ++i) w.value(b.docs[alive[idx[i]]].id);
  w.end_array();
  w.key("hits");
  w.begin_array();
  for (size_t i = page_start; i < page_end; ++i) {
    const Document& d = b.docs[alive[idx[i]]];
    JsonWriter one;
    write_document_summary_json(one, d);
    std::string obj = one.take();
    obj.pop_back();  // reopen the summary object to add the query fields
    if (r.snippet) {
      obj += ",\"snippet\":";
      append_json_string(obj, make_snippet(e.bodies_of(alive[idx[i]]), mark_terms));
    }
    obj += ",\"score\":";
    append_json_fixed(obj, static_cast<double>(score[idx[i]]), 4);
    obj.push_back('}');
    w.raw(obj);
  }
  // The rebuilt bodies are not kept past the answer (one could be a page of hundreds of KB).
  if (r.snippet && e.packed_count_) e.body_scratch_ = Document();
  w.end_array();
  FacetShape shape;
  shape.as_array = r.facet_array;
  shape.ranks = r.facet_ranks;
  shape.limit = r.facet_limit;
  shape.filter = r.has_facet_filter ? &r.facet_filter : nullptr;
  shape.by_name = r.facet_by_name;
  shape.totals = r.facet_limit >= 0 || r.has_facet_filter;
  if (r.facets) write_facets(w, e, alive, ascending, shape);
  w.key("expansions");
  w.begin_array();
  for (const Clause& c : clauses) {
    if (c.alts.empty()) continue;
    std::vector<std::string> matched;
    // An alternative matched a document of the result iff it matched one still alive (alive only
    // shrinks after its clause; both lists ascending).
    for (size_t k = 0; k < c.alt_docs.size(); ++k) {
      const std::vector<uint32_t>& docs = c.alt_docs[k];
      size_t i = 0, j = 0;
      while (i < docs.size() && j < alive.size() && docs[i] != alive[j]) (docs[i] < alive[j] ? i : j)++;
      if (i < docs.size() && j < alive.size()) matched.push_back(c.alts[k].text);
    }
    if (matched.empty()) continue;
    w.begin_object();
    w.field("term", c.label);
    w.string_array("matched", matched);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.take();
}

DIGEST_COLD std::string facet_name(const QueryEngine& e, std::string_view facet, std::string_view value) {
  const qi::ValueField* f = facet == "tags"            ? &e.tags
                           : facet == "categories"    ? &e.categories
                           : facet == "prerequisites" ? &e.prerequisites
                           : facet == "institutions"  ? &e.institutions
                                                      : nullptr;
  const int64_t id = f ? f->find(f->key_of(value)) : -1;
  return id >= 0 ? f->names[static_cast<size_t>(id)] : std::string(value);
}

DIGEST_COLD std::string facet_values_json(const QueryEngine& e) {
  JsonWriter w;
  w.begin_object();
  for (const auto& [name, f] : value_facets(e)) {
    w.key(name);
    std::string list = "[";
    for (size_t r = 0; r < f->by_rank.size(); ++r) {
      if (r) list.push_back(',');
      list += f->json_names[f->by_rank[r]];
    }
    list.push_back(']');
    w.raw(list);
  }
  w.end_object();
  return w.take();
}

int64_t document_index(const QueryEngine& e, std::string_view id) {
  auto it = e.by_id.find(id);
  return it == e.by_id.end() ? -1 : static_cast<int64_t>(it->second);
}

DIGEST_COLD Result<std::string> related_json(const QueryEngine& e, std::string_view id, int limit) {
  const int64_t at = document_index(e, id);
  if (at < 0) return make_error(ErrorCode::NOT_FOUND, "no document with id \"" + std::string(id.substr(0, 200)) + "\"");
  const uint32_t self = static_cast<uint32_t>(at);
  limit = std::clamp(limit, 0, kQueryMaxLimit);
  std::vector<uint16_t> shared(e.n, 0);
  std::vector<uint32_t> cands;
  const auto [first, last] = e.values_in_row(e.tags, self);
  for (const uint32_t* k = first; k < last; ++k)
    for (uint32_t d : e.tags.postings[*k - e.facet_base[e.tags.group]]) {
      if (d == self) continue;
      if (!shared[d]++) cands.push_back(d);
    }
  size_t take = std::min<size_t>(cands.size(), static_cast<size_t>(limit));
  qi::partial_sort_indices(cands, take, [&](uint32_t a, uint32_t b) {
    if (shared[a] != shared[b]) return shared[a] > shared[b];
    return e.order_pos[a] < e.order_pos[b];
  });
  JsonWriter w;
  w.begin_object();
  w.key("related");
  w.begin_array();
  for (size_t i = 0; i < take; ++i) write_document_summary_json(w, e.bundle->docs[cands[i]]);
  w.end_array();
  w.end_object();
  return w.take();
}

}  // namespace digest
