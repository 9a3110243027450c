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

// The first `max_bytes` bytes of `s` or fewer, never ending inside a character (for quoting a
// value in a message: a cut sequence would make the message itself invalid UTF-8).
inline std::string_view utf8_prefix(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return s;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

// Writes `s` as UTF-16 code units to `out`, which must have room for s.size() units (never more
// units than bytes), and returns how many it wrote. Each invalid byte becomes U+FFFD, exactly as
// utf8_decode reads it; code points above U+FFFF become surrogate pairs. Used by the wasm
// bindings to hand rendered HTML to JS as UTF-16 (docs/rendering.md "The wasm boundary").
//   std::u16string u(html.size(), 0); u.resize(utf8_to_utf16(html, u.data()));
size_t utf8_to_utf16(std::string_view s, char16_t* out);

// Appends UTF-16 code units `s` to `out` as UTF-8 (a surrogate pair as one four-byte sequence;
// a lone surrogate, which the renderer never writes, as U+FFFD).
void utf16_to_utf8(std::u16string_view s, std::string& out);

// A growable array of UTF-16 code units, the renderer's output (render.h): the wasm bindings hand
// its memory to JS as it is, one TextDecoder('utf-16le') call, with no UTF-8 pass in between
// (docs/rendering.md, "The wasm boundary"). Appends are inline: in the wasm build std::string's
// and std::u16string's members are out-of-line calls into an unoptimised libc++.
class Utf16Buffer {
 public:
  Utf16Buffer() = default;
  Utf16Buffer(const Utf16Buffer&) = delete;
  Utf16Buffer& operator=(const Utf16Buffer&) = delete;
  ~Utf16Buffer();

  size_t size() const { return len_; }
  size_t capacity() const { return cap_; }
  bool empty() const { return len_ == 0; }
  const char16_t* data() const { return p_; }
  char16_t* data() { return p_; }
  std::u16string_view view() const { return {p_, len_}; }
  char16_t back() const { return p_[len_ - 1]; }
  void pop_back() { --len_; }
  void clear() { len_ = 0; }
  // Frees the memory (the next append allocates again).
  void release();
  // Room for `n` more units without a reallocation. Throws std::bad_alloc when out of memory.
  void reserve_more(size_t n) {
    if (n > cap_ - len_) grow_to(len_ + n);
  }
  // The same, false instead of throwing when memory runs out.
  bool try_reserve_more(size_t n) { return n <= cap_ - len_ || try_grow_to(len_ + n); }
  void push_back(char16_t c) {
    if (len_ == cap_) grow_to(len_ + 1);
    p_[len_++] = c;
  }
  void append(const char16_t* s, size_t n) {
    reserve_more(n);
    for (size_t i = 0; i < n; ++i) p_[len_ + i] = s[i];
    len_ += n;
  }
  // ASCII bytes, one unit each.
  void append_ascii(std::string_view s) {
    reserve_more(s.size());
    for (size_t i = 0; i < s.size(); ++i) p_[len_ + i] = static_cast<unsigned char>(s[i]);
    len_ += s.size();
  }
  // UTF-8 text, converted as utf8_to_utf16 does (invalid bytes become U+FFFD).
  void append_utf8(std::string_view s);
  // UTF-8 text inserted at unit offset `pos`.
  void insert_utf8(size_t pos, std::string_view s);
  // Sets the length after writing through data() (at most capacity()).
  void set_size(size_t n) { len_ = n; }

 private:
  void grow_to(size_t need);
  bool try_grow_to(size_t need);
  char16_t* p_ = nullptr;
  size_t len_ = 0;
  size_t cap_ = 0;
};

}  // namespace digest
