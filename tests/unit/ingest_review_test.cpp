// ingest_review_test.cpp — golden tests for the review forms: markdown and page payload.
#include <gtest/gtest.h>

#include <cctype>

#include "digest/ingest.h"
#include "digest/utf8.h"
#include "ingest_test_util.h"

namespace digest {
namespace {

using test::read_source_fixture;

TEST(IngestReview, MarkdownFieldsFromFrontMatterAndBody) {
  auto r = parse_review_markdown(read_source_fixture("good/review-graph-rag.md"));
  ASSERT_TRUE(r) << r.error().describe();
  const Document& d = r.value().doc;
  EXPECT_TRUE(r.value().published);
  EXPECT_EQ(d.kind, DocKind::REVIEW);
  EXPECT_EQ(d.title, "[논문리뷰] GraphWeaver: Retrieval over Entity Graphs for Long-Context QA");
  EXPECT_EQ(d.display_title, "GraphWeaver: Retrieval over Entity Graphs for Long-Context QA");
  EXPECT_EQ(d.id, "ai/review/2025-10-02-GraphWeaver");
  EXPECT_EQ(d.slug, d.id);
  EXPECT_EQ(d.date, "2025-10-02");
  EXPECT_EQ(d.datetime, "2025-10-02T23:40:00+09:00");
  EXPECT_EQ(d.updated, "2025-10-04");
  EXPECT_EQ(d.categories, std::vector<std::string>{"Review"});
  EXPECT_EQ(d.tags, (std::vector<std::string>{"Review", "Retrieval-Augmented Generation", "Knowledge Graph",
                                              "Long Context", "LLM"}));
  EXPECT_EQ(d.excerpt, "GraphWeaver 논문을 읽고 entity graph 기반 retrieval 구조를 정리한 리뷰입니다.");
  EXPECT_TRUE(d.toc);
  EXPECT_EQ(d.arxiv, "2510.01234");
  EXPECT_EQ(d.authors, (std::vector<std::string>{"Mina Park", "Jonas Weber", "Lucía Romero"}));
  EXPECT_TRUE(d.ai_written);
  // The metadata lines are lifted out; the rest of the body is kept, code block included.
  EXPECT_EQ(d.markdown.rfind("## 핵심 연구 목표\n", 0), 0u) << d.markdown;
  EXPECT_EQ(d.markdown.find("**저자:**"), std::string::npos);
  EXPECT_EQ(d.markdown.find("링크:"), std::string::npos);
  EXPECT_EQ(d.markdown.find("알림:"), std::string::npos);
  EXPECT_NE(d.markdown.find("```python\nscore = alpha * ppr + (1 - alpha) * bm25\n```"), std::string::npos);
  EXPECT_EQ(d.markdown.back(), '.');  // trailing blank lines trimmed
}

TEST(IngestReview, FlowListsUnquotedTitleAndRelativePermalink) {
  auto r = parse_review_markdown(read_source_fixture("good/review-tiny-vlm.md"));
  ASSERT_TRUE(r) << r.error().describe();
  const Document& d = r.value().doc;
  EXPECT_EQ(d.id, "ai/review/2025-09-21-TinyVLM");
  EXPECT_EQ(d.categories, (std::vector<std::string>{"Review", "Paper"}));
  EXPECT_FALSE(d.toc);
  EXPECT_FALSE(d.ai_written);
  EXPECT_EQ(d.arxiv, "");
  EXPECT_EQ(d.updated, "");
}

TEST(IngestReview, UnpublishedIsFlagged) {
  auto r = parse_review_markdown(read_source_fixture("good/review-draft.md"));
  ASSERT_TRUE(r);
  EXPECT_FALSE(r.value().published);
}

TEST(IngestReview, MissingRequiredFieldsAndBadValues) {
  auto no_date = parse_review_markdown("---\ntitle: a\npermalink: /a/\n---\n");
  ASSERT_FALSE(no_date);
  EXPECT_NE(no_date.error().message.find("\"date\""), std::string::npos);
  auto bad_date = parse_review_markdown(read_source_fixture("bad/bad-date.md"));
  ASSERT_FALSE(bad_date);
  EXPECT_EQ(bad_date.error().line, 6);
  EXPECT_EQ(bad_date.error().code, ErrorCode::BAD_VALUE);
  auto bad_bool = parse_review_markdown("---\ntitle: a\npermalink: /a/\ndate: 2025-01-01\npublished: maybe\n---\n");
  ASSERT_FALSE(bad_bool);
  EXPECT_EQ(bad_bool.error().line, 5);
  // QA finding: a misspelt digest type read as a review said "no permalink"; it names the type.
  auto typo = parse_review_markdown("---\ntitle: a\ndate: 2025-01-01\ntype: monthly-digest\n---\n");
  ASSERT_FALSE(typo);
  EXPECT_EQ(typo.error().line, 4);
  EXPECT_NE(typo.error().message.find("unknown type \"monthly-digest\""), std::string::npos) << typo.error().message;
  // The value quoted in the message is cut on a character boundary (review finding).
  std::string toc = "ab";
  for (int i = 0; i < 30; ++i) toc += "가";
  auto bad_toc = parse_review_markdown("---\ntitle: a\npermalink: /a/\ndate: 2025-01-01\ntoc: " + toc + "\n---\n");
  ASSERT_FALSE(bad_toc);
  EXPECT_EQ(utf8_first_invalid(bad_toc.error().message), std::string::npos) << bad_toc.error().message;
  // A review with a permalink may carry a type of its own site's.
  EXPECT_TRUE(parse_review_markdown("---\ntitle: a\npermalink: /a/\ndate: 2025-01-01\ntype: post\n---\n"));
  // QA finding: the site's prefix alone, or an ideographic space, made a review with no title.
  for (const char* title : {"\"[논문리뷰] \"", "\"\u3000\""}) {
    auto blank = parse_review_markdown(std::string("---\npermalink: /a/\ntitle: ") + title + "\ndate: 2025-01-01\n---\n");
    ASSERT_FALSE(blank) << title;
    EXPECT_EQ(blank.error().line, 3) << title;
    EXPECT_EQ(blank.error().message, "title is empty") << title;
  }
}

// QA finding: the metadata lines were lifted wherever they were: an example inside a code block
// replaced the real authors and left the block empty, and so did a second "**저자:**" sentence.
TEST(IngestReview, OnlyTheFirstMetadataLinesOutsideCodeAreLifted) {
  const std::string md =
      "---\ntitle: a\npermalink: /a/\ndate: 2025-01-01\n---\n"
      "> **링크:** [논문](https://arxiv.org/abs/2501.00001)\n\n**저자:** Mina Park, Jonas Weber\n\n## 본문\n"
      "예시 형식:\n```markdown\n> **링크:** [논문](https://arxiv.org/abs/2502.00002)\n**저자:** Example Author\n```\n"
      "**저자:** 본문 속 문장\n";
  auto r = parse_review_markdown(md);
  ASSERT_TRUE(r) << r.error().describe();
  const Document& d = r.value().doc;
  EXPECT_EQ(d.authors, (std::vector<std::string>{"Mina Park", "Jonas Weber"}));
  EXPECT_EQ(d.arxiv, "2501.00001");
  EXPECT_NE(d.markdown.find("```markdown\n> **링크:** [논문](https://arxiv.org/abs/2502.00002)\n**저자:** Example Author\n```"), std::string::npos) << d.markdown;
  EXPECT_NE(d.markdown.find("**저자:** 본문 속 문장"), std::string::npos) << d.markdown;
  // Fences as CommonMark reads them (review finding): a "~~~" line inside a ``` block does not
  // close it, and inline ```code``` opens nothing.
  const std::string head = "---\ntitle: a\npermalink: /a/\ndate: 2025-01-01\n---\n";
  auto a = parse_review_markdown(head + "```text\n~~~ 구분선 ~~~\n```\n\n> ⚠️ **알림:** 이 리뷰는 AI로 작성되었습니다.\n");
  ASSERT_TRUE(a);
  EXPECT_TRUE(a.value().doc.ai_written);
  EXPECT_EQ(a.value().doc.markdown.find("알림"), std::string::npos) << a.value().doc.markdown;
  auto b = parse_review_markdown(head + "```x``` 는 인라인 코드입니다.\n> **링크:** [논문](https://arxiv.org/abs/2501.00001)\n**저자:** Kim\n");
  ASSERT_TRUE(b);
  EXPECT_EQ(b.value().doc.arxiv, "2501.00001");
  EXPECT_EQ(b.value().doc.authors, std::vector<std::string>{"Kim"});
}

// QA finding: a second row under a taken id (a stray "9:T3,abc" before the body's own "9:") was
// dropped without a word, and the review's body became "abc". The first still wins (which one is
// right cannot be known), and the other is a warning with both places.
TEST(IngestPayload, ARowIdWrittenTwiceIsAWarning) {
  std::string src = read_source_fixture("good/page-flashdiff.txt");
  auto clean = parse_page_payload(src);
  ASSERT_TRUE(clean) << clean.error().describe();
  EXPECT_TRUE(clean.value().warnings.empty());
  const size_t body = src.find(":T", src.find("\n"));  // the first text chunk: "<id>:T<hex>,"
  ASSERT_NE(body, std::string::npos);
  size_t id_start = body;
  while (id_start > 0 && std::isxdigit(static_cast<unsigned char>(src[id_start - 1]))) --id_start;
  const std::string id = src.substr(id_start, body - id_start);
  src.insert(id_start, id + ":T3,abc");
  auto twice = parse_page_payload(src);
  ASSERT_TRUE(twice) << twice.error().describe();
  ASSERT_EQ(twice.value().warnings.size(), 1u);
  EXPECT_NE(twice.value().warnings[0].message.find("row \"" + id + ":\" appears again"), std::string::npos)
      << twice.value().warnings[0].message;
}

// QA finding: an unreadable edit date ("수정: 2025년 13월 5일") vanished without a word, where a
// review markdown's last_modified_at is an error with its line. It is a warning; the review loads.
TEST(IngestPayload, AnUnreadableEditDateIsAWarning) {
  std::string src = read_source_fixture("good/page-flashdiff.txt");
  const std::string good = "\"2025년 11월 22일\"";
  ASSERT_NE(src.find(good), std::string::npos);
  src.replace(src.find(good), good.size(), "\"2025년 13월 5일\"");
  auto r = parse_page_payload(src);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r.value().doc.updated, "");
  ASSERT_EQ(r.value().warnings.size(), 1u);
  EXPECT_EQ(r.value().warnings[0].message, "edit date \"2025년 13월 5일\" is not a readable date: bad date \"2025-13-05\": no such calendar date: left out");
  EXPECT_GT(r.value().warnings[0].line, 0);
}

TEST(IngestPayload, FieldsFromTheRscStream) {
  auto r = parse_page_payload(read_source_fixture("good/page-flashdiff.txt"));
  ASSERT_TRUE(r) << r.error().describe();
  const Document& d = r.value().doc;
  EXPECT_EQ(d.id, "ai/review/2025-11-20-FlashDiff");
  EXPECT_EQ(d.title, "[논문리뷰] FlashDiff: Four-Step Diffusion Sampling");
  EXPECT_EQ(d.display_title, "FlashDiff: Four-Step Diffusion Sampling");
  EXPECT_EQ(d.date, "2025-11-20");
  EXPECT_EQ(d.datetime, "2025-11-20T00:00:00+09:00");  // the site's doubled "+0900+0900" read once
  EXPECT_EQ(d.updated, "2025-11-22");
  EXPECT_EQ(d.tags, (std::vector<std::string>{"Review", "Diffusion Models", "Knowledge Distillation"}));
  EXPECT_EQ(d.categories, std::vector<std::string>{"Review"});
  EXPECT_EQ(d.prev.id, "ai/review/2025-11-19-Somewhere-Else");
  EXPECT_EQ(d.prev.title, "[논문리뷰] Somewhere Else");
  EXPECT_EQ(d.next.id, "");
  EXPECT_EQ(d.arxiv, "2511.05555");
  EXPECT_EQ(d.authors, (std::vector<std::string>{"Sora Kim", "Daniel Okafor"}));
  EXPECT_TRUE(d.ai_written);
  // The chunk is read by its byte length: it ends exactly before the "2:" row, multibyte text
  // and embedded newlines included, and is kept as (untrusted) HTML, not markdown.
  EXPECT_EQ(d.html.rfind("<blockquote>\n<p><strong>링크:</strong>", 0), 0u);
  EXPECT_EQ(d.html.substr(d.html.size() - 14), "</blockquote>\n");
  EXPECT_NE(d.html.find("<script>"), std::string::npos);
  EXPECT_EQ(d.markdown, "");
}

TEST(IngestPayload, VisibleKoreanDateWhenNoAttribute) {
  std::string page =
      "4:[\"slug\",\"ai/review/k\",\"c\"]\n"
      "2:[\"$\",\"div\",null,{\"children\":[[\"$\",\"h1\",null,{\"className\":\"page__title\",\"children\":\"T\"}],"
      "[\"$\",\"time\",null,{\"children\":\"2024년 2월 9일\"}]]}]\n";
  auto r = parse_page_payload(page);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r.value().doc.date, "2024-02-09");
  EXPECT_EQ(r.value().doc.datetime, "");
}

TEST(IngestPayload, Errors) {
  auto unterminated = parse_page_payload(read_source_fixture("bad/unterminated-chunk.txt"));
  ASSERT_FALSE(unterminated);
  EXPECT_EQ(unterminated.error().line, 3);
  EXPECT_NE(unterminated.error().message.find("unterminated text chunk"), std::string::npos);
  auto bad_len = parse_page_payload("9:Tzz,abc\n");
  ASSERT_FALSE(bad_len);
  EXPECT_NE(bad_len.error().message.find("T<hex byte length>"), std::string::npos);
  auto no_page = parse_page_payload("4:[\"slug\",\"a\",\"c\"]\n1:null\n");
  ASSERT_FALSE(no_page);
  EXPECT_NE(no_page.error().message.find("\"2:\""), std::string::npos);
  auto bad_json = parse_page_payload("4:[\"slug\",\"a\",\"c\"]\n1:null\n2:[\"$\",\"div\",\n");
  ASSERT_FALSE(bad_json);
  EXPECT_EQ(bad_json.error().line, 3);
  auto no_title = parse_page_payload("4:[\"slug\",\"a\",\"c\"]\n2:[\"$\",\"div\",null,{}]\n");
  ASSERT_FALSE(no_title);
  EXPECT_NE(no_title.error().message.find("title"), std::string::npos);
}

}  // namespace
}  // namespace digest
