// utf8.h — UTF-8 helpers shared by the loader, the index and the renderer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace digest {

// Length (1-4) of the well-formed UTF-8 sequence starting at s[i], or 0 if the bytes there are
// not a well-formed sequence (overlong forms, surrogates, code points above U+10FFFF, truncation).
size_t utf8_sequence_length(std::string_view s, size_t i);

// Byte offset of the first invalid UTF-8 sequence in `s`, or npos if it is all valid.
size_t utf8_first_invalid(std::string_view s);

// Decodes the code point at s[i] (which must start a valid sequence) and advances i past it.
// Invalid bytes decode as U+FFFD and advance by one byte.
uint32_t utf8_decode(std::string_view s, size_t& i);

// True if p[0..3) is a three-byte sequence with lead E1-EF and two continuation bytes, the
// second not A0-BF after ED (that would be a surrogate): Hangul syllables (EA-ED) and most CJK.
// Such a sequence is always well-formed (never overlong, never a surrogate), so the hot loops
// skip utf8_sequence_length for it. `avail` bytes are readable at p.
inline bool utf8_is_plain_three_byte(const unsigned char* p, size_t avail) {
  if (avail < 3 || p[0] < 0xE1 || p[0] > 0xEF) return false;
  const unsigned second_end = p[0] == 0xED ? 0xA0 : 0xC0;  // ED A0-BF: U+D800-U+DFFF
  return p[1] >= 0x80 && p[1] < second_end && (p[2] & 0xC0) == 0x80;
}

// Appends the UTF-8 encoding of code point `cp` to `out`.
void utf8_append(std::string& out, uint32_t cp);

// Writes `s` as UTF-16 code units to `out`, which must have room for s.size() units (never more
// units than bytes), and returns how many it wrote. Each invalid byte becomes U+FFFD, exactly as
// utf8_decode reads it; code points above U+FFFF become surrogate pairs. Used by the wasm
// bindings to hand rendered HTML to JS as UTF-16 (docs/rendering.md "The wasm boundary").
//   std::u16string u(html.size(), 0); u.resize(utf8_to_utf16(html, u.data()));
size_t utf8_to_utf16(std::string_view s, char16_t* out);

}  // namespace digest
