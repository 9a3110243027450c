// utf8_test.cpp — utf8_to_utf16 (the HTML hand-off to JS) against a code-point-at-a-time reference;
// utf16_to_utf8 and Utf16Buffer (the renderer's output) against std::u16string.
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

TEST(Utf16ToUtf8, RoundTripsWhatUtf8ToUtf16Wrote) {
  const char* pieces[] = {"a", "<p>", "abcdefghij", "모", "델이", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xED\x9F\xBF",
                          "\xEE\x80\x80", "\x80", "\xFF", "\xED\xA0\x80", "𝔘", "\xEF\xBF\xBD"};
  uint32_t seed = 7;
  for (int round = 0; round < 4000; ++round) {
    std::string s;
    for (int k = 0, n = static_cast<int>(seed % 90); k < n; ++k) {
      seed = seed * 1103515245u + 12345u;
      s += pieces[(seed >> 8) % (sizeof pieces / sizeof pieces[0])];
    }
    seed = seed * 1103515245u + 12345u;
    // Valid UTF-8 comes back byte for byte; each invalid byte as the U+FFFD it became.
    std::string fixed;
    for (size_t i = 0; i < s.size();) utf8_append(fixed, utf8_decode(s, i));
    std::string back;
    utf16_to_utf8(to_utf16(s), back);
    ASSERT_EQ(back, fixed) << "round " << round;
  }
  std::string lone;
  utf16_to_utf8(u"a\xD800" u"b\xDC00\xD83D", lone);  // lone surrogates (the renderer never writes them)
  EXPECT_EQ(lone, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST(Utf16Buffer, AppendsAndInsertsLikeAU16string) {
  Utf16Buffer b;
  std::u16string ref;
  uint32_t seed = 3;
  const char* pieces[] = {"<h2>", " id=\"핵심-연구-목표\"", "x", "😀", "\xFF", "본문 text", ""};
  for (int round = 0; round < 3000; ++round) {
    seed = seed * 1103515245u + 12345u;
    const char* piece = pieces[(seed >> 8) % (sizeof pieces / sizeof pieces[0])];
    switch ((seed >> 16) % 5) {
      case 0: b.append_utf8(piece); ref += to_utf16(piece); break;
      case 1: b.push_back(u'\n'); ref.push_back(u'\n'); break;
      case 2: b.append_ascii("<p>"); ref += u"<p>"; break;
      case 3: {
        const size_t pos = ref.empty() ? 0 : (seed >> 4) % (ref.size() + 1);
        b.insert_utf8(pos, piece);
        ref.insert(pos, to_utf16(piece));
        break;
      }
      default:
        if (!ref.empty()) {
          b.pop_back();
          ref.pop_back();
        }
    }
    ASSERT_EQ(std::u16string(b.view()), ref) << "round " << round;
    if (ref.size() > 5000) {
      b.clear();
      ref.clear();
    }
  }
  // A long insertion (more than the stack copy holds) in the middle.
  b.clear();
  b.append_ascii("<h1></h1>");
  std::string long_id(300, 'a');
  long_id += "모델";
  b.insert_utf8(3, long_id);
  EXPECT_EQ(std::u16string(b.view()), u"<h1" + to_utf16(long_id) + u"></h1>");
  b.release();
  EXPECT_EQ(b.size(), 0u);
  b.append_utf8("다시");
  EXPECT_EQ(std::u16string(b.view()), u"다시");
}

}  // namespace
}  // namespace digest
