// ingest_front_matter_nested_test.cpp — Jekyll front matter as real sites write it: nested maps
// under keys the ingest ignores (`header:` / `sidebar:`) are skipped, not fatal; `type:` in any
// case; a real but out-of-range year, a UTF-16 file and CR-only line endings are named as such.
// Regression tests for QA findings (front matter).
#include <gtest/gtest.h>

#include <string>

#include "digest/ingest.h"

namespace digest {
namespace {

const std::string kBody = "본문 문단입니다.\n";

TEST(IngestFrontMatterNested, NestedMapUnderAnIgnoredKeyIsSkipped) {
  std::string s =
      "---\n"
      "title: \"Nested header\"\n"
      "header:\n"
      "  teaser: /assets/teaser.png\n"
      "  overlay_filter: 0.5\n"
      "sidebar:\n"
      "  - title: \"Role\"\n"
      "    text: \"Writer\"\n"
      "  - title: Links\n"
      "    nav:\n"
      "      - a\n"
      "author_profile:\n"
      "- name: Kim\n"
      "  url: x\n"
      "tags:\n"
      "  - Vision\n"
      "  - Robotics\n"
      "date: 2025-12-01\n"
      "permalink: /ai/review/nested/\n"
      "---\n" + kBody;
  auto fm = parse_front_matter(s);
  ASSERT_TRUE(fm) << fm.error().describe();
  ASSERT_NE(fm.value().find("header"), nullptr);
  EXPECT_TRUE(fm.value().find("header")->is_nested);
  EXPECT_TRUE(fm.value().find("sidebar")->is_nested);
  EXPECT_TRUE(fm.value().find("author_profile")->is_nested);
  EXPECT_FALSE(fm.value().find("tags")->is_nested);
  auto r = parse_review_markdown(s);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r.value().doc.id, "ai/review/nested");
  EXPECT_EQ(r.value().doc.tags, (std::vector<std::string>{"Vision", "Robotics"}));
  EXPECT_EQ(r.value().doc.date, "2025-12-01");
}

TEST(IngestFrontMatterNested, NestedBlockUnderAKeyTheIngestReadsIsReported) {
  std::string s = "---\ntitle:\n  ko: 제목\n  en: Title\ndate: 2025-12-01\npermalink: /a/\n---\n" + kBody;
  auto r = parse_review_markdown(s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 2);
  EXPECT_NE(r.error().message.find("\"title\" must be a single value, not a nested block"), std::string::npos);
  // An indented line under a key that has a value stays an error, with its line.
  auto bad = parse_front_matter("---\ntitle: x\n  more: y\n---\n");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().line, 3);
}

TEST(IngestFrontMatterNested, TypeIsMatchedCaseInsensitively) {
  EXPECT_EQ(detect_source_form("---\ntype: Daily-Digest\ndate: 2026-02-01\n---\n## 1. P\n"), SourceForm::DIGEST_MARKDOWN);
  EXPECT_EQ(detect_source_form("---\ntype: \"WEEKLY-ROUNDUP\"\ndate: 2026-02-01\n---\n"), SourceForm::ROUNDUP);
}

TEST(IngestFrontMatterNested, ARealDateOutsideTheSupportedYearsSaysSo) {
  auto r = parse_source_date("9999-12-31 23:59:59-1200");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "bad date \"9999-12-31 23:59:59-1200\": year 9999 is outside the supported range 1900-2999");
  auto feb = parse_source_date("2025-02-30");
  ASSERT_FALSE(feb);
  EXPECT_EQ(feb.error().message, "bad date \"2025-02-30\": no such calendar date");
}

TEST(IngestFrontMatterNested, Utf16FileIsNamedAsUtf16) {
  std::string le("\xFF\xFE-\0-\0-\0\n\0", 10);
  std::string be("\xFE\xFF\0-\0-\0-\0\n", 10);
  auto r = build_bundle({SourceFile{"u16le.md", le}, SourceFile{"u16be.md", be}}, {});
  ASSERT_TRUE(r);
  ASSERT_EQ(r.value().problems.size(), 2u);
  EXPECT_EQ(r.value().problems[0].describe(), "u16le.md:1: the file is UTF-16 (little-endian byte order mark); save it as UTF-8");
  EXPECT_NE(r.value().problems[1].message.find("UTF-16 (big-endian"), std::string::npos);
}

TEST(IngestFrontMatterNested, CrOnlyLineEndingsAreRead) {
  std::string s = "---\rtitle: \"Old Mac\"\rdate: 2025-12-01\rpermalink: /ai/review/cr/\r---\r본문입니다.\r\r**저자:** A, B\r";
  auto r = build_bundle({SourceFile{"cr.md", s}}, {});
  ASSERT_TRUE(r);
  ASSERT_TRUE(r.value().problems.empty()) << r.value().problems[0].describe();
  ASSERT_EQ(r.value().bundle.docs.size(), 1u);
  EXPECT_EQ(r.value().bundle.docs[0].id, "ai/review/cr");
  EXPECT_EQ(r.value().bundle.docs[0].authors, (std::vector<std::string>{"A", "B"}));
  // A CR-only file with an error names the right line.
  auto bad = build_bundle({SourceFile{"cr-bad.md", "---\rtitle: x\rdate: 2025-02-30\rpermalink: /b/\r---\rx\r"}}, {});
  ASSERT_EQ(bad.value().problems.size(), 1u);
  EXPECT_EQ(bad.value().problems[0].line, 3);
}

}  // namespace
}  // namespace digest
