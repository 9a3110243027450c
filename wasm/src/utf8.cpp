#include "digest/utf8.h"

#include <algorithm>
#include <cstdlib>
#include <new>

#if defined(__wasm_simd128__)
#include <wasm_simd128.h>
#elif defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace digest {

size_t utf8_sequence_length(std::string_view s, size_t i) {
  const size_t n = s.size();
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  if (c < 0xC2) return 0;  // continuation byte or overlong 2-byte lead
  if (c < 0xE0) {
    if (i + 1 >= n || (b(i + 1) & 0xC0) != 0x80) return 0;
    return 2;
  }
  if (c < 0xF0) {
    if (i + 2 >= n) return 0;
    unsigned char c1 = b(i + 1);
    if ((c1 & 0xC0) != 0x80 || (b(i + 2) & 0xC0) != 0x80) return 0;
    if (c == 0xE0 && c1 < 0xA0) return 0;  // overlong
    if (c == 0xED && c1 >= 0xA0) return 0;  // UTF-16 surrogate
    return 3;
  }
  if (c < 0xF5) {
    if (i + 3 >= n) return 0;
    unsigned char c1 = b(i + 1);
    if ((c1 & 0xC0) != 0x80 || (b(i + 2) & 0xC0) != 0x80 || (b(i + 3) & 0xC0) != 0x80) return 0;
    if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
    if (c == 0xF4 && c1 >= 0x90) return 0;  // above U+10FFFF
    return 4;
  }
  return 0;
}

size_t utf8_first_invalid(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    // ASCII fast path, eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t w = 0;
      for (int k = 0; k < 8; ++k) w |= static_cast<uint64_t>(static_cast<unsigned char>(s[i + k])) << (8 * k);
      if (w & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    size_t len = utf8_sequence_length(s, i);
    if (len == 0) return i;
    i += len;
  }
  return std::string_view::npos;
}

uint32_t utf8_decode(std::string_view s, size_t& i) {
  size_t len = utf8_sequence_length(s, i);
  const auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[k])); };
  uint32_t cp;
  switch (len) {
    case 1: cp = b(i); break;
    case 2: cp = ((b(i) & 0x1F) << 6) | (b(i + 1) & 0x3F); break;
    case 3: cp = ((b(i) & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F); break;
    case 4:
      cp = ((b(i) & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) | (b(i + 3) & 0x3F);
      break;
    default:
      i += 1;
      return 0xFFFD;
  }
  i += len;
  return cp;
}

void utf8_append(std::string& out, uint32_t cp) {
  // One append of up to four bytes (each std::string call is out of line in the wasm build).
  char b[4];
  size_t n;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
    return;
  } else if (cp < 0x800) {
    b[0] = static_cast<char>(0xC0 | (cp >> 6));
    b[1] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    b[0] = static_cast<char>(0xE0 | (cp >> 12));
    b[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    b[2] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    b[0] = static_cast<char>(0xF0 | (cp >> 18));
    b[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    b[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    b[3] = static_cast<char>(0x80 | (cp & 0x3F));
    n = 4;
  }
  out.append(b, n);
}

// Sixteen bytes as sixteen UTF-16 units at `o` (a widening store), and a bit per byte >= 0x80.
// One vector pass where there are vectors (wasm SIMD128 in the browser build, SSE2 natively).
static inline uint32_t widen16(const unsigned char* p, char16_t* o) {
#if defined(__wasm_simd128__)
  const v128_t v = wasm_v128_load(p);
  wasm_v128_store(o, wasm_u16x8_extend_low_u8x16(v));
  wasm_v128_store(o + 8, wasm_u16x8_extend_high_u8x16(v));
  return wasm_i8x16_bitmask(v);
#elif defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i zero = _mm_setzero_si128();
  _mm_storeu_si128(reinterpret_cast<__m128i*>(o), _mm_unpacklo_epi8(v, zero));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(o + 8), _mm_unpackhi_epi8(v, zero));
  return static_cast<uint32_t>(_mm_movemask_epi8(v));
#else
  uint32_t m = 0;
  for (int k = 0; k < 16; ++k) {
    o[k] = p[k];
    m |= static_cast<uint32_t>(p[k] >> 7) << k;
  }
  return m;
#endif
}

size_t utf8_to_utf16(std::string_view s, char16_t* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  char16_t* o = out;
  size_t i = 0;
  while (i < n) {
    // ASCII sixteen bytes at a time (HTML tags and attributes are most of the output). All
    // sixteen units are stored even when only the first k are ASCII: o - out <= i (never more
    // units than bytes) and i + 16 <= n, so they stay inside the caller's n units, and the
    // units after the k-th are overwritten next.
    if (i + 16 <= n) {
      const uint32_t high = widen16(p + i, o);
      if (high == 0) {
        o += 16;
        i += 16;
        continue;
      }
      const unsigned k = static_cast<unsigned>(__builtin_ctz(high));
      o += k;
      i += k;
    }
    // Then the non-ASCII run (or the last bytes one at a time).
    do {
      const unsigned c = p[i];
      if (c < 0x80) {
        *o++ = static_cast<char16_t>(c);
        ++i;
        if (i + 16 <= n) break;
        continue;
      }
      if (utf8_is_plain_three_byte(p + i, n - i)) {
        *o++ = static_cast<char16_t>(((c & 0x0F) << 12) | ((p[i + 1] & 0x3F) << 6) | (p[i + 2] & 0x3F));
        i += 3;
        continue;
      }
      const uint32_t cp = utf8_decode(s, i);
      if (cp < 0x10000) {
        *o++ = static_cast<char16_t>(cp);
      } else {
        *o++ = static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10));
        *o++ = static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF));
      }
    } while (i < n && (i + 16 > n || p[i] >= 0x80));
  }
  return static_cast<size_t>(o - out);
}

void utf16_to_utf8(std::u16string_view s, std::string& out) {
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    // ASCII runs in one append.
    size_t j = i;
    char buf[64];
    size_t k = 0;
    while (j < n && s[j] < 0x80 && k < sizeof buf) buf[k++] = static_cast<char>(s[j++]);
    if (k) {
      out.append(buf, k);
      i = j;
      continue;
    }
    uint32_t cp = s[i++];
    if (cp >= 0xD800 && cp <= 0xDFFF) {
      if (cp <= 0xDBFF && i < n && s[i] >= 0xDC00 && s[i] <= 0xDFFF) cp = 0x10000 + ((cp - 0xD800) << 10) + (s[i++] - 0xDC00);
      else cp = 0xFFFD;
    }
    utf8_append(out, cp);
  }
}

Utf16Buffer::~Utf16Buffer() { std::free(p_); }

void Utf16Buffer::release() {
  std::free(p_);
  p_ = nullptr;
  len_ = cap_ = 0;
}

bool Utf16Buffer::try_grow_to(size_t need) {
  size_t cap = cap_ ? cap_ : 256;
  while (cap < need) cap = cap + cap / 2 + 64;
  auto* p = static_cast<char16_t*>(std::realloc(p_, cap * sizeof(char16_t)));
  if (!p) return false;
  p_ = p;
  cap_ = cap;
  return true;
}

void Utf16Buffer::grow_to(size_t need) {
  if (!try_grow_to(need)) throw std::bad_alloc();
}

void Utf16Buffer::append_utf8(std::string_view s) {
  reserve_more(s.size());  // never more units than bytes
  len_ += utf8_to_utf16(s, p_ + len_);
}

void Utf16Buffer::insert_utf8(size_t pos, std::string_view s) {
  reserve_more(s.size());
  // Convert past the end, then rotate the new units into place at `pos`.
  const size_t units = utf8_to_utf16(s, p_ + len_);
  std::rotate(p_ + pos, p_ + len_, p_ + len_ + units);
  len_ += units;
}

}  // namespace digest
