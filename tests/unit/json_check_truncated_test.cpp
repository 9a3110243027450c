// json_check_truncated_test.cpp — a file cut inside a string gets the message README and
// docs/bundle-format.md show, whichever path (the 16-byte fast path, a cut escape, a cut UTF-8
// sequence) meets the end. Regression test for a QA finding (the fast path said "unterminated
// string (it starts at byte N)" and lost the "(the file looks truncated)" hint).
#include <gtest/gtest.h>

#include <string>

#include "digest/loader.h"

namespace digest {
namespace {

TEST(JsonCheckTruncated, EndInsideAStringSaysTheFileLooksTruncated) {
  const std::string head = R"({"format":"paper-digest-bundle","version":1,"reviews":[{"id":")";
  for (const std::string& cut : {head + std::string(100, 'a'),           // long ASCII: the fast path
                                 head + "ab",                             // short
                                 head + "ab\\",                           // a cut escape
                                 head + "요약 " + std::string("\xEC\x9A")}) {  // a cut Hangul character
    Status st = check_json(cut);
    ASSERT_FALSE(st) << cut;
    EXPECT_EQ(st.error().code, ErrorCode::JSON_SYNTAX);
    EXPECT_EQ(st.error().message, "unexpected end of input inside a string (the file looks truncated)") << cut;
    EXPECT_EQ(st.error().offset, static_cast<int64_t>(cut.size()));
  }
}

}  // namespace
}  // namespace digest
