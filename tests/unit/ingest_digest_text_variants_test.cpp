// ingest_digest_text_variants_test.cpp — the plain-text daily digest read as people actually type
// it: headings with U+FE0F, extra spaces or a trailing ':', "⬆" without FE0F, "arXiv 1234.5678"
// without a colon; text that cannot be placed and a paper count that differs from the stated
// counts are warnings, never silent. Regression tests for QA findings (digest-text).
#include <gtest/gtest.h>

#include <string>

#include "digest/ingest.h"

namespace digest {
namespace {

// A two-paper digest (ranking 1 + recommended 1); `a_meta` and `b_meta` are the arXiv lines, and
// `summary`/`idea` the section headings of paper 1.
std::string sample(const std::string& summary = "한 줄 요약", const std::string& idea = "💡 핵심 아이디어",
                   const std::string& b_meta = "arXiv: 2601.00002 | 기관: Lab B | ⬆️ 7 🤖 GLM추천 | 📄 HTML 태그:",
                   const std::string& a_upvotes = "⬆️ 12", const std::string& counts = "1개 | 🤖 GLM 추천: 1개") {
  return "📚 2026-01-05 AI 논문 핵심 요약\n"
         "📊 순위 기반: " + counts + " 📄 전문 분석: 2개 | 📝 초록 분석: 0개\n"
         "1. Kettle: Boiling Down Long Contexts\n"
         "arXiv: 2601.00001 | 기관: Lab A | " + a_upvotes + " | ⭐ 3 📊 순위선정 | 📄 HTML 태그:\n"
         "context-compressionllm사전 지식: Attention (주의)\n" +
         summary + "\n"
         "주전자 요약 문장입니다.\n" +
         idea + "\n"
         "긴 문맥을 끓여서 줄입니다.\n"
         "2. Ladle: Serving Small Models\n" +
         b_meta + "\n"
         "serving사전 지식: Batching\n"
         "한 줄 요약\n"
         "국자 요약 문장입니다.\n"
         "📅 생성일: 2026-01-05 | 🤖 test\n";
}

const Section* section(const Document& d, const std::string& name) {
  for (const Section& s : d.sections)
    if (s.name == name) return &s;
  return nullptr;
}

TEST(IngestDigestTextVariants, HeadingsWithColonSpacesOrVariationSelectorAreRecognised) {
  for (auto [summary, idea] : {std::pair<std::string, std::string>{"한 줄 요약:", "💡️ 핵심 아이디어"},
                               {"  한  줄 요약 : ", "💡  핵심 아이디어:"},
                               {"한 줄 요약", "💡️"  " 핵심 아이디어 "}}) {
    auto r = parse_digest_text(sample(summary, idea));
    ASSERT_TRUE(r) << r.error().describe();
    const Document& a = r.value().papers.at(0);
    ASSERT_NE(section(a, "한 줄 요약"), nullptr) << summary;
    EXPECT_EQ(section(a, "한 줄 요약")->markdown, "주전자 요약 문장입니다.");
    ASSERT_NE(section(a, "💡 핵심 아이디어"), nullptr) << idea;
    EXPECT_EQ(section(a, "💡 핵심 아이디어")->markdown, "긴 문맥을 끓여서 줄입니다.");
    EXPECT_EQ(a.summary, "주전자 요약 문장입니다.");
    EXPECT_TRUE(r.value().warnings.empty()) << r.value().warnings[0].describe();
  }
}

TEST(IngestDigestTextVariants, UpvotesWithoutVariationSelector) {
  auto r = parse_digest_text(sample("한 줄 요약", "💡 핵심 아이디어",
                                    "arXiv: 2601.00002 | 기관: Lab B | ⬆ 7 🤖 GLM추천 | 📄 HTML 태그:", "⬆12"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r.value().papers.at(0).upvotes, 12);
  EXPECT_EQ(r.value().papers.at(1).upvotes, 7);
}

// QA finding: "⬆️ lots" left the paper's upvotes unknown without a word.
TEST(IngestDigestTextVariants, AnUnreadableUpvoteCountIsAWarningWithItsLine) {
  auto r = parse_digest_text(sample("한 줄 요약", "💡 핵심 아이디어",
                                    "arXiv: 2601.00002 | 기관: Lab B | ⬆️ 7 🤖 GLM추천 | 📄 HTML 태그:", "⬆️ lots"));
  ASSERT_TRUE(r) << r.error().describe();
  const ParsedDigest& p = r.value();
  EXPECT_EQ(p.papers.at(0).upvotes, -1);
  EXPECT_EQ(p.papers.at(1).upvotes, 7);
  ASSERT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.warnings[0].line, 4);  // paper 1's arXiv line
  EXPECT_NE(p.warnings[0].message.find("paper 1: no count after ⬆️ (\"⬆️ lots"), std::string::npos) << p.warnings[0].message;
}

// QA finding: "⬆️ 1.2k" was read as 1 and "⭐ 7k" as 7, and an unreadable star count was left
// unknown without a word. Counts take a k or m suffix; what cannot be read is a warning.
TEST(IngestDigestTextVariants, AbbreviatedCountsAreReadAndUnreadableOnesReported) {
  auto meta = [](const std::string& counts) {
    return parse_digest_text(sample("한 줄 요약", "💡 핵심 아이디어", "arXiv: 2601.00002 | 기관: Lab B | " + counts + " 🤖 GLM추천 | 📄 HTML 태그:"));
  };
  auto r = meta("⬆️ 1.2k | ⭐ 7k");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r.value().papers.at(1).upvotes, 1200);
  EXPECT_EQ(r.value().papers.at(1).stars, 7000);
  EXPECT_TRUE(r.value().warnings.empty());
  EXPECT_EQ(meta("⬆️ 1,234 | ⭐ 2.5M").value().papers.at(1).stars, 2500000);
  EXPECT_EQ(meta("⬆️ 12").value().papers.at(1).stars, -1);  // no star: unknown, no warning
  EXPECT_TRUE(meta("⬆️ 12").value().warnings.empty());
  EXPECT_EQ(meta("⬆️ 3 | ⭐ 1,234").value().papers.at(1).stars, 1234);
  for (const char* bad : {"⭐ abc", "⭐ -7", "⭐ 99999999999999999999", "⭐ 1.5", "⭐ 1,2k", "⭐ 1,2,3", "⭐ 1.k", "⭐ 1234,567"}) {
    auto b = meta(std::string("⬆️ 3 | ") + bad);
    ASSERT_TRUE(b);
    EXPECT_EQ(b.value().papers.at(1).stars, -1) << bad;
    ASSERT_EQ(b.value().warnings.size(), 1u) << bad;
    EXPECT_NE(b.value().warnings[0].message.find("paper 2: no count after ⭐"), std::string::npos) << b.value().warnings[0].message;
  }
}

TEST(IngestDigestTextVariants, ArxivLineWithoutColonStartsANewPaper) {
  auto r = parse_digest_text(sample("한 줄 요약", "💡 핵심 아이디어",
                                    "arXiv 2601.00002 | 기관: Lab B | ⬆️ 7 🤖 GLM추천 | 📄 HTML 태그:"));
  ASSERT_TRUE(r) << r.error().describe();
  const ParsedDigest& p = r.value();
  ASSERT_EQ(p.papers.size(), 2u);
  EXPECT_EQ(p.papers[1].title, "Ladle: Serving Small Models");
  EXPECT_EQ(p.papers[1].arxiv, "2601.00002");
  EXPECT_EQ(p.papers[1].institution, "Lab B");
  // Paper 1 did not swallow paper 2.
  EXPECT_EQ(section(p.papers[0], "한 줄 요약")->markdown, "주전자 요약 문장입니다.");
  EXPECT_TRUE(p.warnings.empty());
}

// QA finding: a first paper whose arXiv value was not an id ("arXiv: N/A") was taken for header
// text and vanished with its sections, and an intro line there vanished too, with exit 0.
TEST(IngestDigestTextVariants, APaperWithoutAnArxivIdAndTextBeforeThePapersAreKeptOrReported) {
  std::string s = sample();
  s.replace(s.find("arXiv: 2601.00001"), 17, "arXiv: N/A");
  s.insert(s.find("1. Kettle"), "오늘은 두 편을 골랐습니다.\n📑 목차\n");
  auto r = parse_digest_text(s);
  ASSERT_TRUE(r) << r.error().describe();
  const ParsedDigest& p = r.value();
  ASSERT_EQ(p.papers.size(), 2u);
  EXPECT_EQ(p.papers[0].title, "Kettle: Boiling Down Long Contexts");
  EXPECT_EQ(p.papers[0].arxiv, "");
  EXPECT_EQ(p.papers[0].institution, "Lab A");
  EXPECT_EQ(section(p.papers[0], "한 줄 요약")->markdown, "주전자 요약 문장입니다.");
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(p.warnings[0].line, 3);
  EXPECT_NE(p.warnings[0].message.find("text before the first paper is left out (\"오늘은 두 편을 골랐습니다.\")"), std::string::npos)
      << p.warnings[0].message;
  EXPECT_EQ(p.warnings[1].line, 6);
  EXPECT_NE(p.warnings[1].message.find("paper 1: \"N/A\" is not an arXiv id: left out"), std::string::npos) << p.warnings[1].message;
  // An old-style id is an id.
  std::string old = sample();
  old.replace(old.find("arXiv: 2601.00001"), 17, "arXiv: cs/0112017");
  EXPECT_EQ(parse_digest_text(old).value().papers[0].arxiv, "cs/0112017");
}

// Review finding: with any "arXiv:" value making a meta line, a numbered item in a section
// followed by prose starting "arXiv:" became a paper (and the digest failed: rank 1 twice). A
// value that is no id only makes the heading of the next paper.
TEST(IngestDigestTextVariants, AListItemBeforeAnArxivSentenceStaysSectionText) {
  std::string s = sample();
  s.insert(s.find("2. Ladle"), "🔬 방법론 상세\n1. 기존 방법과 비교\narXiv: 관련 논문 목록은 아래를 보세요.\n");
  auto r = parse_digest_text(s);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r.value().papers.size(), 2u);
  const Section* m = section(r.value().papers[0], "🔬 방법론 상세");
  ASSERT_TRUE(m);
  EXPECT_NE(m->markdown.find("arXiv: 관련 논문 목록은 아래를 보세요."), std::string::npos) << m->markdown;
}

TEST(IngestDigestTextVariants, UnrecognisedPaperHeadingIsReportedNotMergedSilently) {
  // "arXiv-id:" is no meta line: paper 2 cannot be recognised. The repeated section and the
  // paper count say so, with lines.
  auto r = parse_digest_text(sample("한 줄 요약", "💡 핵심 아이디어", "arXiv-id = 2601.00002 | 기관: Lab B"));
  ASSERT_TRUE(r) << r.error().describe();
  const ParsedDigest& p = r.value();
  EXPECT_EQ(p.papers.size(), 1u);
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(p.warnings[0].line, 13);
  EXPECT_NE(p.warnings[0].message.find("appears twice in paper 1"), std::string::npos) << p.warnings[0].message;
  EXPECT_EQ(p.warnings[1].line, 2);
  EXPECT_NE(p.warnings[1].message.find("states 2 papers (ranking 1 + recommended 1) but 1 were read"), std::string::npos)
      << p.warnings[1].message;
}

TEST(IngestDigestTextVariants, TextBeforeTheFirstSectionIsReportedWithItsLine) {
  std::string s = sample("장문 요약", "💡 핵심 아이디어");  // an unknown heading: its text has no place
  auto r = parse_digest_text(s);
  ASSERT_TRUE(r) << r.error().describe();
  const ParsedDigest& p = r.value();
  ASSERT_EQ(p.warnings.size(), 2u);
  EXPECT_EQ(p.warnings[0].line, 6);
  EXPECT_NE(p.warnings[0].message.find("text before the first section of paper 1"), std::string::npos);
  EXPECT_NE(p.warnings[0].message.find("장문 요약"), std::string::npos);
  EXPECT_EQ(p.warnings[1].line, 7);
}

TEST(IngestDigestTextVariants, PaperCountDifferentFromStatedCountsIsAWarning) {
  auto r = parse_digest_text(sample("한 줄 요약", "💡 핵심 아이디어",
                                    "arXiv: 2601.00002 | 기관: Lab B | ⬆️ 7 🤖 GLM추천 | 📄 HTML 태그:", "⬆️ 12",
                                    "3개 | 🤖 GLM 추천: 2개"));
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r.value().papers.size(), 2u);
  ASSERT_EQ(r.value().warnings.size(), 1u);
  EXPECT_EQ(r.value().warnings[0].line, 2);
  EXPECT_NE(r.value().warnings[0].message.find("states 5 papers (ranking 3 + recommended 2) but 2 were read"),
            std::string::npos);

  // build_bundle keeps the digest and passes the warning on with the file name.
  auto b = build_bundle({SourceFile{"daily/jan5.txt", sample("한 줄 요약", "💡 핵심 아이디어",
                                    "arXiv: 2601.00002 | 기관: Lab B | ⬆️ 7 🤖 GLM추천 | 📄 HTML 태그:", "⬆️ 12",
                                    "3개 | 🤖 GLM 추천: 2개")}}, {});
  ASSERT_TRUE(b);
  EXPECT_TRUE(b.value().problems.empty());
  EXPECT_EQ(b.value().bundle.paper_count(), 2u);
  ASSERT_EQ(b.value().warnings.size(), 1u);
  EXPECT_EQ(b.value().warnings[0].describe().substr(0, 17), "daily/jan5.txt:2:");
}

}  // namespace
}  // namespace digest
