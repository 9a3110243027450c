// utf8_test.cpp — utf8_to_utf16 (the HTML hand-off to JS) against a code-point-at-a-time reference.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "digest/utf8.h"

namespace digest {
namespace {

// The reference: utf8_decode one code point at a time, surrogate pairs above U+FFFF.
std::u16string reference_utf16(std::string_view s) {
  std::u16string out;
  size_t i = 0;
  while (i < s.size()) {
    uint32_t cp = utf8_decode(s, i);
    if (cp < 0x10000) {
      out.push_back(static_cast<char16_t>(cp));
    } else {
      out.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    }
  }
  return out;
}

std::u16string to_utf16(std::string_view s) {
  std::u16string out(s.size(), u'\0');
  out.resize(utf8_to_utf16(s, out.data()));
  return out;
}

TEST(Utf8ToUtf16, ScriptsAndAstralCharacters) {
  EXPECT_EQ(to_utf16(""), u"");
  EXPECT_EQ(to_utf16("<p class=\"x\">plain ascii text</p>\n"), u"<p class=\"x\">plain ascii text</p>\n");
  EXPECT_EQ(to_utf16("모델이 attention을 배운다"), u"모델이 attention을 배운다");
  EXPECT_EQ(to_utf16("é ü Ω д א ह 日本 😀 𝔘 𠜎"), u"é ü Ω д א ह 日本 😀 𝔘 𠜎");
  EXPECT_EQ(to_utf16("\xEF\xBB\xBF\xEE\x80\x80"), u"\uFEFF\uE000");
}

TEST(Utf8ToUtf16, InvalidBytesBecomeReplacementCharacters) {
  EXPECT_EQ(to_utf16("a\xFF" "b"), u"a\uFFFDb");
  EXPECT_EQ(to_utf16("\xED\xA0\x80"), u"\uFFFD\uFFFD\uFFFD");  // an encoded surrogate
  EXPECT_EQ(to_utf16("\xE0\x80\xAF"), u"\uFFFD\uFFFD\uFFFD");  // overlong
  EXPECT_EQ(to_utf16("\xEB\xAA"), u"\uFFFD\uFFFD");            // truncated Hangul at the end
  EXPECT_EQ(to_utf16("\xF4\x90\x80\x80"), u"\uFFFD\uFFFD\uFFFD\uFFFD");  // above U+10FFFF
}

TEST(Utf8ToUtf16, MatchesTheReferenceOnRandomBytes) {
  // Random mixes of valid pieces and stray bytes, up to ~200 bytes: every alignment of the
  // sixteen-byte ASCII path, ASCII runs cut short by non-ASCII bytes at every position of a block,
  // and the tail shorter than a block.
  const char* pieces[] = {"a", "<p>", "abcdefghij", "모", "델이", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xED\x9F\xBF",
                          "\xEE\x80\x80", "\x80", "\xC2", "\xE0\xA0", "\xF0\x90\x80", "\xFF", "\xED\xA0\x80", "\xE0\x9F\xBF"};
  uint32_t seed = 1;
  for (int round = 0; round < 8000; ++round) {
    std::string s;
    for (int k = 0, n = static_cast<int>(seed % 64); k < n; ++k) {
      seed = seed * 1103515245u + 12345u;
      s += pieces[(seed >> 8) % (sizeof pieces / sizeof pieces[0])];
    }
    seed = seed * 1103515245u + 12345u;
    ASSERT_EQ(to_utf16(s), reference_utf16(s)) << "round " << round;
  }
}

}  // namespace
}  // namespace digest
