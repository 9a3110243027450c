// ingest_front_matter_test.cpp — the YAML subset, source dates and form detection.
#include <gtest/gtest.h>

#include "digest/ingest.h"
#include "digest/utf8.h"

namespace digest {
namespace {

TEST(IngestFrontMatter, ScalarsListsBooleansAndComments) {
  auto r = parse_front_matter(
      "---\n"
      "title: \"[논문리뷰] A \\\"quoted\\\" title\"\n"
      "single: 'it''s'\n"
      "plain: some text # a comment\n"
      "# a whole-line comment\n"
      "\n"
      "tags:\n"
      "  - One\n"
      "  - \"Two, with comma\"\n"
      "flow: [a, 'b', \"c\"]\n"
      "toc: true\n"
      "---\n"
      "body\n");
  ASSERT_TRUE(r) << r.error().describe();
  const FrontMatter& fm = r.value();
  EXPECT_EQ(fm.find("title")->scalar, "[논문리뷰] A \"quoted\" title");
  EXPECT_EQ(fm.find("single")->scalar, "it's");
  EXPECT_EQ(fm.find("plain")->scalar, "some text");
  ASSERT_TRUE(fm.find("tags")->is_list);
  EXPECT_EQ(fm.find("tags")->items, (std::vector<std::string>{"One", "Two, with comma"}));
  EXPECT_EQ(fm.find("tags")->line, 7);
  EXPECT_EQ(fm.find("flow")->items, (std::vector<std::string>{"a", "b", "c"}));
  bool b = false;
  EXPECT_TRUE(parse_yaml_bool(fm.find("toc")->scalar, b));
  EXPECT_TRUE(b);
  EXPECT_EQ(fm.find("missing"), nullptr);
  EXPECT_EQ(fm.body_line, 13);
}

// QA findings: a comma inside a quoted item of a flow list split it ("unterminated string");
// escapes were kept as written (\x41) or mangled (a surrogate pair became six U+FFFD); a flow
// map or a nested list became a tag's text.
TEST(IngestFrontMatter, FlowListsAndEscapesReadAsYamlDoes) {
  auto r = parse_front_matter(
      "---\n"
      "tags: [\"a, b\", c, 'd, ''e''', \"x \\\"y\\\", z\", \"f]\"]\n"
      "emoji: \"a\\ud83d\\ude00b \\U0001F600 \\x41 \\r\"\n"
      "---\n");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r.value().find("tags")->items, (std::vector<std::string>{"a, b", "c", "d, 'e'", "x \"y\", z", "f]"}));
  EXPECT_EQ(r.value().find("emoji")->scalar, "a\xF0\x9F\x98\x80" "b \xF0\x9F\x98\x80 A \r");
  // A quote opens a string only at an item's start (review finding: Bellman's equation failed).
  auto plain = parse_front_matter("---\ntags: [Bellman's equation, RL, it's, don't, \"a, b\", 'c' ]\n---\n");
  ASSERT_TRUE(plain) << plain.error().describe();
  EXPECT_EQ(plain.value().find("tags")->items, (std::vector<std::string>{"Bellman's equation", "RL", "it's", "don't", "a, b", "c"}));
  // Values quoted in messages are cut on a character boundary.
  std::string hangul = "ab";
  for (int i = 0; i < 30; ++i) hangul += "가";
  for (const std::string& src : {"---\na: 1\n  " + hangul + "\n---\n", "---\n" + hangul + ":x\n---\n"}) {
    auto e = parse_front_matter(src);
    ASSERT_FALSE(e) << src;
    EXPECT_EQ(utf8_first_invalid(e.error().message), std::string::npos) << e.error().message;
  }
  // Empty items name nothing, in either form (the block form kept "" as a tag).
  auto empty = parse_front_matter("---\nblock:\n  -\n  - b\n  - ''\nflow: [a, , \"\", b]\n---\n");
  ASSERT_TRUE(empty) << empty.error().describe();
  EXPECT_EQ(empty.value().find("block")->items, (std::vector<std::string>{"b"}));
  EXPECT_EQ(empty.value().find("flow")->items, (std::vector<std::string>{"a", "b"}));
  struct Case { const char* src; const char* what; };
  for (const Case& c : {Case{"---\nt: \"a\\ud800b\"\n---\n", "lone surrogate"},
                        Case{"---\nt: \"a\\udc00\"\n---\n", "lone surrogate"},
                        Case{"---\nt: \"a\\qb\"\n---\n", "unknown escape \\q"},
                        Case{"---\nt: \"a\\x4\"\n---\n", "bad \\x escape"},
                        Case{"---\nt: \"\\U0011FFFF\"\n---\n", "beyond U+10FFFF"},
                        Case{"---\ntags: {a: 1}\n---\n", "flow maps"},
                        Case{"---\ntags: [a, [b, c]]\n---\n", "a list or a map inside a list"},
                        Case{"---\ntags: [\"a, b]\n---\n", "unterminated double-quoted"}}) {
    auto e = parse_front_matter(c.src);
    ASSERT_FALSE(e) << c.src;
    EXPECT_EQ(e.error().line, 2) << c.src;
    EXPECT_NE(e.error().message.find(c.what), std::string::npos) << c.src << ": " << e.error().message;
  }
}

// QA findings: text after a flow list's ']' was dropped without a word (an unquoted site title
// "[논문리뷰] Foo" too), and an opening "--- " with a trailing space was no review at all.
TEST(IngestFrontMatter, TextAfterAListIsAnErrorAndTheOpeningLineMayEndInSpaces) {
  auto tags = parse_front_matter("---\ntitle: a\ntags: [A, B] C D\n---\n");
  ASSERT_FALSE(tags);
  EXPECT_EQ(tags.error().line, 3);
  EXPECT_NE(tags.error().message.find("text after the list's ']' (\"C D\")"), std::string::npos) << tags.error().message;
  auto title = parse_front_matter("---\ntitle: [논문리뷰] Foo: A Test Paper\n---\n");
  ASSERT_FALSE(title);
  EXPECT_NE(title.error().message.find("must be quoted"), std::string::npos) << title.error().message;
  EXPECT_TRUE(parse_front_matter("---\ntags: [A, B]  \n---\n"));
  // A comment after the list is a comment (review finding: it failed the file), and a ']' in it
  // does not end the list.
  auto commented = parse_front_matter("---\ntags: [Review, Knowledge Graph]          # block or flow lists\nother: [a] # see [1]\nq: [\"x]y\", z]\n---\n");
  ASSERT_TRUE(commented) << commented.error().describe();
  EXPECT_EQ(commented.value().find("tags")->items, (std::vector<std::string>{"Review", "Knowledge Graph"}));
  EXPECT_EQ(commented.value().find("other")->items, (std::vector<std::string>{"a"}));
  EXPECT_EQ(commented.value().find("q")->items, (std::vector<std::string>{"x]y", "z"}));
  EXPECT_FALSE(parse_front_matter("---\ntags: [A]#x\n---\n"));
  EXPECT_EQ(detect_source_form("--- \ntitle: a\n---\nbody\n"), SourceForm::REVIEW_MARKDOWN);
  EXPECT_EQ(detect_source_form("---\t\r\ntype: daily-digest\n---\n"), SourceForm::DIGEST_MARKDOWN);
  EXPECT_NE(detect_source_form("---x\ntitle: a\n---\n"), SourceForm::REVIEW_MARKDOWN);
}

TEST(IngestFrontMatter, BodyOffsetPointsAfterTheClosingLine) {
  std::string src = "---\r\na: 1\r\n---\r\nhello";
  auto r = parse_front_matter(src);
  ASSERT_TRUE(r);
  EXPECT_EQ(src.substr(r.value().body_offset), "hello");
}

TEST(IngestFrontMatter, BodyLineExistsWhenTheFenceEndsTheFile) {
  // No newline after the closing fence: the empty body is on the fence's line, not one past
  // the end of the file (errors about the body must name a line the user can find).
  auto r = parse_front_matter("---\na: 1\n---");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r.value().body_line, 3);
  auto crlf = parse_front_matter("---\r\na: 1\r\n---\r");
  ASSERT_TRUE(crlf) << crlf.error().describe();
  EXPECT_EQ(crlf.value().body_line, 3);
  // A roundup with nothing after its front matter says so on that line.
  auto roundup = parse_roundup("---\ntype: weekly\ndate: 2025-09-28\ntitle: t\n---");
  ASSERT_FALSE(roundup);
  EXPECT_EQ(roundup.error().line, 5);
  EXPECT_NE(roundup.error().message.find("no papers"), std::string::npos) << roundup.error().message;
}

TEST(IngestFrontMatter, ErrorsCarryTheLine) {
  struct Case { const char* src; int64_t line; const char* what; };
  for (const Case& c : {Case{"---\ntitle: \"open\n---\n", 2, "unterminated double-quoted"},
                        Case{"---\na: 1\nnot a pair\n---\n", 3, "expected \"key: value\""},
                        Case{"---\n  - orphan\n---\n", 2, "does not belong to a key"},
                        Case{"---\na: 1\na: 2\n---\n", 3, "duplicate key"},
                        Case{"---\nbody: |\n  text\n---\n", 2, "block scalars"},
                        Case{"---\na: 1\n", 1, "unterminated front matter"},
                        Case{"no front matter\n", 1, "must start"}}) {
    auto r = parse_front_matter(c.src);
    ASSERT_FALSE(r) << c.src;
    EXPECT_EQ(r.error().line, c.line) << c.src;
    EXPECT_NE(r.error().message.find(c.what), std::string::npos) << r.error().message;
  }
}

TEST(IngestDates, OffsetsAndLocalDate) {
  auto a = parse_source_date("2025-11-09 22:08:24+0900");
  ASSERT_TRUE(a);
  EXPECT_EQ(a.value().date, "2025-11-09");
  EXPECT_EQ(a.value().datetime, "2025-11-09T22:08:24+09:00");
  // Late evening local time stays on its local date (UTC would be the 9th).
  auto b = parse_source_date("2025-11-10T01:30+09:00");
  ASSERT_TRUE(b);
  EXPECT_EQ(b.value().date, "2025-11-10");
  EXPECT_EQ(b.value().datetime, "2025-11-10T01:30:00+09:00");
  auto c = parse_source_date("2024-02-29");
  ASSERT_TRUE(c);
  EXPECT_EQ(c.value().datetime, "");
  for (const char* bad : {"2025-02-29", "2025-13-01", "2025-1-1", "yesterday", "2025-01-01 25:00",
                          "2025-01-01 10:00+9", "2025-01-01 10:00:00 extra"})
    EXPECT_FALSE(parse_source_date(bad)) << bad;
}

TEST(IngestDetect, FormFromContentNotName) {
  EXPECT_EQ(detect_source_form("---\ntitle: x\n---\n"), SourceForm::REVIEW_MARKDOWN);
  EXPECT_EQ(detect_source_form("---\ntype: daily-digest\ndate: 2026-01-01\n---\n"), SourceForm::DIGEST_MARKDOWN);
  EXPECT_EQ(detect_source_form("---\ntype: \"weekly-roundup\"\n---\n"), SourceForm::ROUNDUP);
  EXPECT_EQ(detect_source_form("3:I[9275,[],\"\"]\n"), SourceForm::PAGE_PAYLOAD);
  EXPECT_EQ(detect_source_form("9:T3,abc2:[]\n"), SourceForm::PAGE_PAYLOAD);
  EXPECT_EQ(detect_source_form("\n📚 2026-03-06 AI 논문 핵심 요약\n"), SourceForm::DIGEST_TEXT);
  EXPECT_EQ(detect_source_form("intro\n\n**1. Paper**는 ...\n[논문](u) | [트윗](v)\n"), SourceForm::ROUNDUP);
  EXPECT_EQ(detect_source_form("just text\n"), SourceForm::UNKNOWN);
  EXPECT_EQ(detect_source_form("12: not a row"), SourceForm::UNKNOWN);
  EXPECT_STREQ(source_form_name(SourceForm::DIGEST_TEXT), "digest-text");
}

}  // namespace
}  // namespace digest
