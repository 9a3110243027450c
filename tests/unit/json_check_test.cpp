// json_check_test.cpp — check_json's strings (the loader's whole-file syntax and UTF-8 pass)
// against a deliberately simple reference that looks at one character at a time.
//
// check_json reads string contents sixteen bytes at a time where it can (plain ASCII and
// three-byte sequences) and falls back to a byte-at-a-time loop elsewhere; the random strings
// here put every kind of character, valid or not, at every position of a block.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>

#include "digest/loader.h"
#include "digest/utf8.h"

namespace digest {
namespace {

struct Outcome {
  bool ok = true;
  ErrorCode code = ErrorCode::INTERNAL;
  int64_t offset = -1;
};

// The first problem in a document that is one JSON string starting with '"' at offset 0.
Outcome reference_string_check(const std::string& s) {
  const size_t n = s.size();
  size_t i = 1;
  auto fail = [](ErrorCode c, size_t at) { return Outcome{false, c, static_cast<int64_t>(at)}; };
  while (true) {
    if (i >= n) return fail(ErrorCode::JSON_SYNTAX, n);  // unterminated
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '"') {  // then only whitespace may follow
      size_t k = i + 1;
      while (k < n && (s[k] == ' ' || s[k] == '\t' || s[k] == '\n' || s[k] == '\r')) ++k;
      return k == n ? Outcome{} : fail(ErrorCode::JSON_SYNTAX, k);
    }
    if (c == '\\') {
      if (i + 1 >= n) return fail(ErrorCode::JSON_SYNTAX, n);
      const char e = s[i + 1];
      if (e == 'u') {
        for (int k = 0; k < 4; ++k)
          if (i + 2 + k >= n || !std::isxdigit(static_cast<unsigned char>(s[i + 2 + k]))) return fail(ErrorCode::JSON_SYNTAX, i);
        i += 6;
      } else if (e != 0 && std::strchr("\"\\/bfnrt", e)) {
        i += 2;
      } else {
        return fail(ErrorCode::JSON_SYNTAX, i);
      }
      continue;
    }
    if (c < 0x20) return fail(ErrorCode::JSON_SYNTAX, i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const size_t len = utf8_sequence_length(s, i);
    if (len == 0) return (n - i < 4 && c >= 0xC2) ? fail(ErrorCode::JSON_SYNTAX, n) : fail(ErrorCode::INVALID_UTF8, i);
    i += len;
  }
}

Outcome check(const std::string& s) {
  Status st = check_json(s);
  if (st) return Outcome{};
  return Outcome{false, st.error().code, st.error().offset};
}

TEST(JsonCheckStrings, MatchesTheReferenceOnRandomStrings) {
  // Valid pieces (ASCII, Hangul with every lead byte EA-ED, other three-byte leads E0-EF, two-
  // and four-byte sequences, escapes) and invalid ones (stray continuations, cut sequences,
  // encoded surrogates, overlong forms, control characters, bad escapes, an early quote).
  const char* pieces[] = {"a",        "plain ascii words ", "모",     "델이",   "학습",      "\xED\x9E\xA3" /* 힣 */,
                          "하",       "\xE0\xA0\x80",       "\xEF\xBB\xBF", "\xEE\x80\x80", "\xC3\xA9",   "\xF0\x9F\x98\x80",
                          "\\n",      "\\\"",               "\\u00e9", "\\\\",    "        ",  "\x80",
                          "\xBF",     "\xEB",               "\xEB\x85", "\xED\xA0\x80", "\xED\xBF\xBF", "\xC0\x80",
                          "\xE0\x80\xAF", "\xF5\x80\x80\x80", "\xFF",    "\x01",    "\t",        "\\x",
                          "\\u12",    "\""};
  const size_t kPieces = sizeof pieces / sizeof pieces[0];
  uint32_t seed = 7;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return seed >> 8;
  };
  int failures_seen = 0, ok_seen = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string s = "\"";
    // Mostly valid text with a rare bad piece, so errors land anywhere in long strings too.
    const int count = static_cast<int>(next() % 48);
    for (int k = 0; k < count; ++k) {
      const size_t valid_pieces = 17;
      const bool bad = next() % 16 == 0;
      s += pieces[bad ? next() % kPieces : next() % valid_pieces];
    }
    if (next() % 8 != 0) s += '"';  // otherwise unterminated
    const Outcome want = reference_string_check(s);
    const Outcome got = check(s);
    ASSERT_EQ(got.ok, want.ok) << "round " << round << ": " << s;
    if (!want.ok) {
      ++failures_seen;
      ASSERT_EQ(got.code, want.code) << "round " << round;
      ASSERT_EQ(got.offset, want.offset) << "round " << round << ": " << s;
    } else {
      ++ok_seen;
    }
  }
  // Both outcomes are exercised in quantity.
  EXPECT_GT(failures_seen, 2000);
  EXPECT_GT(ok_seen, 2000);
}

TEST(JsonCheckStrings, LongKoreanTextIsValidatedToTheLastByte) {
  // 4 KB of Hangul (every lead byte) and spaces, then one bad byte at each position of a block.
  std::string body;
  const char* syllables[] = {"가", "너", "모", "하", "힣", "텍", "스", "트"};
  for (int k = 0; body.size() < 4096; ++k) body += k % 5 == 4 ? " " : syllables[k % 8];
  for (size_t cut = body.size() - 40; cut < body.size(); ++cut) {
    std::string s = "\"" + body.substr(0, cut) + "\xFF" + "\"";
    const Outcome got = check(s);
    const Outcome want = reference_string_check(s);
    ASSERT_FALSE(got.ok);
    EXPECT_EQ(got.code, want.code) << cut;
    EXPECT_EQ(got.offset, want.offset) << cut;
  }
  EXPECT_TRUE(check("\"" + body + "\"").ok);
}

}  // namespace
}  // namespace digest
