// ingest_roundup_closing_test.cpp — the weekly roundup's closing text after a final `---` is not
// part of the last paper, and `**1.Title**` (no space) starts paper 1. Regression tests for QA
// findings (roundup).
#include <gtest/gtest.h>

#include <string>

#include "digest/ingest.h"

namespace digest {
namespace {

const std::string kHead = "---\ntype: weekly-roundup\ndate: 2025-10-05\n---\n인사 문단입니다.\n\n---\n\n";

TEST(IngestRoundupClosing, ClosingTextAfterTheLastRuleGoesToTheDigestNotThePaper) {
  std::string s = kHead +
                  "**1. Otter Net**은 수달 문단입니다.\n\n"
                  "**핵심:** 수달 라벨 문단. [논문](https://arxiv.org/abs/2510.00011)\n\n"
                  "**2. Heron Bench**: 왜가리 리드.\n\n"
                  "**결과:** 왜가리 결과.\n\n"
                  "---\n\n"
                  "이번 주는 여기까지입니다.\n\n"
                  "구독해 주세요.\n";
  auto r = parse_roundup(s);
  ASSERT_TRUE(r) << r.error().describe();
  const ParsedDigest& p = r.value();
  ASSERT_EQ(p.papers.size(), 2u);
  ASSERT_EQ(p.papers[1].sections.size(), 1u);
  EXPECT_EQ(p.papers[1].sections[0].markdown, "왜가리 결과.");
  EXPECT_EQ(p.papers[1].markdown, "**2. Heron Bench**: 왜가리 리드.");
  // Nothing lost: the closing follows the opening text, below a rule.
  EXPECT_EQ(p.digest.intro, "인사 문단입니다.\n\n---\n\n이번 주는 여기까지입니다.\n\n구독해 주세요.");
}

TEST(IngestRoundupClosing, PaperNumberWithoutSpaceIsAPaper) {
  std::string s = kHead + "**1.Otter Net**은 수달 문단입니다.\n\n**2.  Heron Bench**: 왜가리 리드.\n\n"
                          "**1.5배 빠른** 속도는 굵은 글씨일 뿐입니다.\n";
  auto r = parse_roundup(s);
  ASSERT_TRUE(r) << r.error().describe();
  const ParsedDigest& p = r.value();
  ASSERT_EQ(p.papers.size(), 2u);
  EXPECT_EQ(p.papers[0].rank, 1);
  EXPECT_EQ(p.papers[0].title, "Otter Net");
  EXPECT_EQ(p.papers[1].title, "Heron Bench");
  // "**1.5배 빠른**" is bold text in paper 2, not a paper 1 again.
  EXPECT_NE(p.papers[1].markdown.find("1.5배"), std::string::npos);
}

}  // namespace
}  // namespace digest
