// json_check.cpp — a complete JSON syntax pass with exact error positions.
//
// simdjson On Demand validates only what it reads, so the loader runs this pass first: it
// visits every byte once, keeps no allocation beyond a depth counter stack of bits, and stops
// at the first error with the byte offset, line and column.
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "digest/loader.h"
#include "digest/utf8.h"

namespace digest {
namespace {

// The input ends inside a string: the message README and docs/bundle-format.md show.
constexpr const char* kTruncatedString = "unexpected end of input inside a string (the file looks truncated)";

inline uint64_t load8(const char* p) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  return w;
}

// True if any of the eight bytes is '"', '\\', a control character (< 0x20) or non-ASCII.
// Byte-wise tests without carries between lanes (values are kept below 0x80 before adding).
inline bool needs_attention(uint64_t w) {
  constexpr uint64_t k01 = 0x0101010101010101ULL, k7f = 0x7F7F7F7F7F7F7F7FULL, k80 = 0x8080808080808080ULL;
  const uint64_t low = w & k7f;
  const uint64_t quote = (low ^ (k01 * '"')) + k7f;  // high bit set where the byte differs from '"'
  const uint64_t bslash = (low ^ (k01 * '\\')) + k7f;
  const uint64_t control = low + k01 * (0x80 - 0x20);  // high bit set where the byte >= 0x20
  return ((~quote | ~bslash | ~control | w) & k80) != 0;
}

#if defined(__wasm_simd128__) || defined(__SSE2__)
// How many bytes of p[0..16) (p at a character boundary inside a string) hold only plain ASCII
// (not '"', '\\' or a control character) and complete three-byte sequences with an E1-EF lead
// (Hangul, most CJK; after ED only 80-9F, which excludes the encoded surrogates). Those bytes need no
// further check; at the first other byte (or a sequence cut by the end of the block) the
// scalar loop takes over, so every error is found and worded there. One vector pass over the
// block (wasm SIMD128 in the browser build, SSE2 natively): a continuation byte is valid here
// exactly where a lead byte sits one or two positions before it.
inline unsigned plain_prefix16(const char* p) {
#if defined(__wasm_simd128__)
  const v128_t v = wasm_v128_load(p);
  const auto splat = [](int c) { return wasm_i8x16_splat(static_cast<int8_t>(c)); };
  const unsigned high = wasm_i8x16_bitmask(v);
  const unsigned cont = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_and(v, splat(0xC0)), splat(0x80)));
  const unsigned lead = wasm_i8x16_bitmask(wasm_u8x16_le(wasm_i8x16_sub(v, splat(0xE1)), splat(0x0E)));
  const unsigned lead_ed = wasm_i8x16_bitmask(wasm_i8x16_eq(v, splat(0xED)));
  const unsigned cont_low = wasm_i8x16_bitmask(wasm_i8x16_eq(wasm_v128_and(v, splat(0xE0)), splat(0x80)));
  const unsigned special = wasm_i8x16_bitmask(wasm_v128_or(
      wasm_v128_or(wasm_i8x16_eq(v, splat('"')), wasm_i8x16_eq(v, splat('\\'))), wasm_u8x16_lt(v, splat(0x20))));
#else
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const auto splat = [](int c) { return _mm_set1_epi8(static_cast<char>(c)); };
  const __m128i zero = _mm_setzero_si128();
  const unsigned high = static_cast<unsigned>(_mm_movemask_epi8(v));
  const unsigned cont = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, splat(0xC0)), splat(0x80))));
  // Unsigned v - 0xE1 <= 0x0E, and v <= 0x1F, with saturating subtraction.
  const __m128i in_range = _mm_cmpeq_epi8(_mm_subs_epu8(_mm_sub_epi8(v, splat(0xE1)), splat(0x0E)), zero);
  const unsigned lead = static_cast<unsigned>(_mm_movemask_epi8(in_range));
  const unsigned lead_ed = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, splat(0xED))));
  const unsigned cont_low = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, splat(0xE0)), splat(0x80))));
  const unsigned special = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(
      _mm_or_si128(_mm_cmpeq_epi8(v, splat('"')), _mm_cmpeq_epi8(v, splat('\\'))), _mm_cmpeq_epi8(_mm_subs_epu8(v, splat(0x1F)), zero))));
#endif
  const unsigned expected_cont = ((lead << 1) | (lead << 2)) & 0xFFFFu;
  // After an ED lead the next byte must be 80-9F (A0-BF would encode a UTF-16 surrogate).
  const unsigned bad = special | (high & ~cont & ~lead) | (cont ^ expected_cont) | ((lead_ed << 1) & ~cont_low & 0xFFFFu);
  unsigned k = bad ? static_cast<unsigned>(__builtin_ctz(bad)) : 16;
  // Stop before a sequence that is not complete before position k.
  if (k >= 1 && (lead >> (k - 1) & 1)) return k - 1;
  if (k >= 2 && (lead >> (k - 2) & 1)) return k - 2;
  return k;
}
#endif

struct Checker {
  std::string_view s;
  size_t i = 0;
  size_t depth = 0;  // levels around s in its document (check_json_nested), counted by the limit
  // Values known to check (check_json_nested at depth skip_depth), taken as read when met there.
  const std::vector<std::pair<size_t, size_t>>* skips = nullptr;
  size_t skip_depth = 0;
  // Set when a \u escape of a UTF-16 surrogate (D800-DFFF) is met (if not null).
  bool* surrogate_escape = nullptr;

  Error fail(ErrorCode code, std::string msg, size_t at) const {
    Error e = make_error(code, std::move(msg));
    e.offset = static_cast<int64_t>(at);
    int64_t line = 1, col = 1;
    for (size_t k = 0; k < at && k < s.size(); ++k) {
      if (s[k] == '\n') {
        ++line;
        col = 1;
      } else if ((static_cast<unsigned char>(s[k]) & 0xC0) != 0x80) {
        ++col;
      }
    }
    e.line = line;
    e.column = col;
    return e;
  }

  void skip_ws() {
    while (i < s.size()) {
      char c = s[i];
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') ++i;
      else break;
    }
  }

  static const char* describe_byte(unsigned char c, char* buf) {
    if (c >= 0x21 && c < 0x7F) {
      buf[0] = '\'';
      buf[1] = static_cast<char>(c);
      buf[2] = '\'';
      buf[3] = 0;
    } else {
      static const char kHex[] = "0123456789ABCDEF";
      buf[0] = '0';
      buf[1] = 'x';
      buf[2] = kHex[c >> 4];
      buf[3] = kHex[c & 15];
      buf[4] = 0;
    }
    return buf;
  }

  // Returns true on success; on failure fills `err`.
  bool string(Error& err) {
    ++i;  // opening quote
    const size_t n = s.size();
    while (true) {
      // Fast path: eight plain ASCII bytes at a time, and well-formed 3-byte sequences (Hangul,
      // most CJK) inline, up to the next byte that needs a decision.
      while (i < n) {
#if defined(__wasm_simd128__) || defined(__SSE2__)
        if (i + 16 <= n) {
          const unsigned k = plain_prefix16(s.data() + i);
          i += k;
          if (k == 16) continue;
          // Stopped at a byte that needs a decision, so the eight-byte test would fail: skip it.
        } else
#endif
        if (i + 8 <= n && !needs_attention(load8(s.data() + i))) {
          i += 8;
          continue;
        }
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        if (c < 0x80) {
          ++i;
          continue;
        }
        if (c >= 0xE1 && c <= 0xEC && i + 2 < n && (static_cast<unsigned char>(s[i + 1]) & 0xC0) == 0x80 &&
            (static_cast<unsigned char>(s[i + 2]) & 0xC0) == 0x80) {
          i += 3;  // an E1..EC lead is never overlong and never a surrogate
          continue;
        }
        break;
      }
      if (i >= n) {
        err = fail(ErrorCode::JSON_SYNTAX, kTruncatedString, n);  // the documented message (README)
        return false;
      }
      unsigned char c = static_cast<unsigned char>(s[i]);
      if (c == '"') {
        ++i;
        return true;
      }
      if (c == '\\') {
        if (i + 1 >= n) {
          err = fail(ErrorCode::JSON_SYNTAX, kTruncatedString, n);
          return false;
        }
        char e = s[i + 1];
        if (e == 'u') {
          for (int k = 0; k < 4; ++k) {
            if (i + 2 + k >= n || !std::isxdigit(static_cast<unsigned char>(s[i + 2 + k]))) {
              err = fail(ErrorCode::JSON_SYNTAX, "bad \\u escape in string", i);
              return false;
            }
          }
          if (surrogate_escape && (s[i + 2] | 0x20) == 'd' && s[i + 3] >= '8') *surrogate_escape = true;
          i += 6;
        } else if (std::strchr("\"\\/bfnrt", e) && e != 0) {
          i += 2;
        } else {
          err = fail(ErrorCode::JSON_SYNTAX, "bad escape sequence in string", i);
          return false;
        }
        continue;
      }
      if (c < 0x20) {
        err = fail(ErrorCode::JSON_SYNTAX, "control character inside string (a string cannot span lines unescaped)", i);
        return false;
      }
      size_t len = utf8_sequence_length(s, i);
      if (len == 0 && n - i < 4 && c >= 0xC2) {
        err = fail(ErrorCode::JSON_SYNTAX, kTruncatedString, n);
        return false;
      }
      if (len == 0) {
        err = fail(ErrorCode::INVALID_UTF8, "invalid UTF-8 byte sequence inside string", i);
        return false;
      }
      i += len;
    }
  }

  bool number(Error& err) {
    size_t start = i;
    const size_t n = s.size();
    if (i < n && s[i] == '-') ++i;
    if (i >= n || !std::isdigit(static_cast<unsigned char>(s[i]))) {
      err = fail(ErrorCode::JSON_SYNTAX, "bad number", start);
      return false;
    }
    if (s[i] == '0') {
      ++i;
    } else {
      while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
    if (i < n && s[i] == '.') {
      ++i;
      if (i >= n || !std::isdigit(static_cast<unsigned char>(s[i]))) {
        err = fail(ErrorCode::JSON_SYNTAX, "bad number: digits must follow the decimal point", i);
        return false;
      }
      while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
      ++i;
      if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
      if (i >= n || !std::isdigit(static_cast<unsigned char>(s[i]))) {
        err = fail(ErrorCode::JSON_SYNTAX, "bad number: digits must follow the exponent", i);
        return false;
      }
      while (i < n && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    }
    return true;
  }

  bool literal(const char* word, Error& err) {
    size_t len = std::strlen(word);
    if (s.substr(i, len) != word) {
      err = fail(ErrorCode::JSON_SYNTAX, std::string("bad literal (expected ") + word + ")", i);
      return false;
    }
    i += len;
    return true;
  }

  Status run() {
    Error err;
    if (s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF && static_cast<unsigned char>(s[1]) == 0xBB &&
        static_cast<unsigned char>(s[2]) == 0xBF) {
      i = 3;  // UTF-8 byte order mark
    }
    skip_ws();
    if (i >= s.size()) {
      Error e = make_error(ErrorCode::EMPTY_INPUT, "empty input: a bundle is a JSON object");
      e.offset = static_cast<int64_t>(i);
      return e;
    }
    // Iterative parse: `stack` holds '{' or '[' per open container.
    std::vector<char> stack;
    enum State { VALUE, AFTER_VALUE, OBJECT_KEY_OR_END, OBJECT_KEY, ARRAY_VALUE_OR_END } state = VALUE;
    char buf[8];
    size_t next_skip = 0, skip_at = skips && !skips->empty() ? (*skips)[0].first : SIZE_MAX;
    while (true) {
      skip_ws();
      const size_t n = s.size();
      if (state == VALUE || state == ARRAY_VALUE_OR_END) {
        if (i >= n) return fail(ErrorCode::JSON_SYNTAX, "unexpected end of input: a value is missing (the file looks truncated)", i);
        char c = s[i];
        if (i >= skip_at) {  // (a test on i, not on skips: no second copy of this loop without it)
          // A value checked before, nested as deep: parsing it again would end at its end.
          while (next_skip < skips->size() && (*skips)[next_skip].first < i) ++next_skip;
          skip_at = next_skip < skips->size() ? (*skips)[next_skip].first : SIZE_MAX;
          if (skip_at == i && stack.size() == skip_depth && (*skips)[next_skip].second <= n) {
            i = (*skips)[next_skip].second;
            state = AFTER_VALUE;
            continue;
          }
        }
        if (state == ARRAY_VALUE_OR_END && c == ']') {
          ++i;
          stack.pop_back();
          state = AFTER_VALUE;
          continue;
        }
        switch (c) {
          case '{':
          case '[':
            if (depth + stack.size() >= kMaxJsonDepth)
              return fail(ErrorCode::TOO_DEEP, "nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels", i);
            stack.push_back(c);
            ++i;
            state = c == '{' ? OBJECT_KEY_OR_END : ARRAY_VALUE_OR_END;
            continue;
          case '"':
            if (!string(err)) return err;
            break;
          case 't':
            if (!literal("true", err)) return err;
            break;
          case 'f':
            if (!literal("false", err)) return err;
            break;
          case 'n':
            if (!literal("null", err)) return err;
            break;
          default:
            if (c == '-' || (c >= '0' && c <= '9')) {
              if (!number(err)) return err;
              break;
            }
            if (static_cast<unsigned char>(c) >= 0x80 && utf8_sequence_length(s, i) == 0)
              return fail(ErrorCode::INVALID_UTF8, "invalid UTF-8 byte where a value should start", i);
            return fail(ErrorCode::JSON_SYNTAX, std::string("unexpected ") + describe_byte(static_cast<unsigned char>(c), buf) + " where a value should start", i);
        }
        state = AFTER_VALUE;
        continue;
      }
      if (state == OBJECT_KEY_OR_END || state == OBJECT_KEY) {
        if (i >= n) return fail(ErrorCode::JSON_SYNTAX, "unexpected end of input inside an object (the file looks truncated)", i);
        if (state == OBJECT_KEY_OR_END && s[i] == '}') {
          ++i;
          stack.pop_back();
          state = AFTER_VALUE;
          continue;
        }
        if (s[i] != '"') return fail(ErrorCode::JSON_SYNTAX, std::string("expected a string key, found ") + describe_byte(static_cast<unsigned char>(s[i]), buf), i);
        if (!string(err)) return err;
        skip_ws();
        if (i >= n) return fail(ErrorCode::JSON_SYNTAX, "unexpected end of input after an object key (the file looks truncated)", i);
        if (s[i] != ':') return fail(ErrorCode::JSON_SYNTAX, std::string("expected ':' after an object key, found ") + describe_byte(static_cast<unsigned char>(s[i]), buf), i);
        ++i;
        state = VALUE;
        continue;
      }
      // AFTER_VALUE
      if (stack.empty()) {
        if (i < n) return fail(ErrorCode::JSON_SYNTAX, "unexpected content after the end of the top-level value", i);
        return ok_status();
      }
      if (i >= n) return fail(ErrorCode::JSON_SYNTAX, std::string("unexpected end of input: ") + (stack.back() == '{' ? "an object" : "an array") + " is not closed (the file looks truncated)", i);
      char c = s[i];
      if (c == ',') {
        ++i;
        state = stack.back() == '{' ? OBJECT_KEY : VALUE;
        continue;
      }
      if ((c == '}' && stack.back() == '{') || (c == ']' && stack.back() == '[')) {
        ++i;
        stack.pop_back();
        state = AFTER_VALUE;
        continue;
      }
      return fail(ErrorCode::JSON_SYNTAX, std::string("expected ',' or '") + (stack.back() == '{' ? "}" : "]") + "', found " + describe_byte(static_cast<unsigned char>(c), buf), i);
    }
  }
};

}  // namespace

Status check_json(std::string_view bytes, bool* surrogate_escape) {
  Checker c{bytes};
  c.surrogate_escape = surrogate_escape;
  return c.run();
}

Status check_json_nested(std::string_view value, size_t depth, bool* surrogate_escape) {
  Checker c{value};
  c.depth = depth;
  c.surrogate_escape = surrogate_escape;
  return c.run();
}

Status check_json(std::string_view bytes, const std::vector<std::pair<size_t, size_t>>& checked, size_t depth,
                  bool* surrogate_escape) {
  Checker c{bytes};
  c.surrogate_escape = surrogate_escape;
  c.skips = &checked;
  c.skip_depth = depth;
  return c.run();
}

}  // namespace digest
