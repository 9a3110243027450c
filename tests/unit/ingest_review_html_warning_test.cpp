// ingest_review_html_warning_test.cpp — HTML an author writes in a markdown review (<br>, <sub>,
// <details>) is shown as text by the viewer (docs/rendering.md); the build says so once per file,
// with the line, instead of the reader finding "&lt;br&gt;" on the page. Tag-like content
// (<think>, Vec<T>) and code are not warned about.
#include <gtest/gtest.h>

#include <string>

#include "digest/ingest.h"

namespace digest {
namespace {

const char* kHead = "---\ntitle: \"HTML test\"\ndate: 2025-12-01\npermalink: /ai/review/html/\n---\n";

TEST(IngestReviewHtml, TheFirstHtmlTagIsAWarningWithItsLine) {
  auto r = parse_review_markdown(std::string(kHead) + "첫 줄\n\n물은 H<sub>2</sub>O 이고<br>줄바꿈\n\n<details>x</details>\n");
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r.value().warnings.size(), 1u);
  EXPECT_EQ(r.value().warnings[0].line, 8);
  EXPECT_NE(r.value().warnings[0].message.find("<sub> is shown as text"), std::string::npos) << r.value().warnings[0].message;
  EXPECT_NE(r.value().doc.markdown.find("H<sub>2</sub>O"), std::string::npos);  // the review still loads, as written
}

TEST(IngestReviewHtml, ContentThatLooksLikeTagsAndCodeAreNotWarned) {
  auto r = parse_review_markdown(std::string(kHead) +
                                 "<think> 토큰과 Vec<T>, <eos>\n\n`<br>` 은 코드\n\n```html\n<div>코드 블록</div>\n```\n\na < b > c\n");
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_TRUE(r.value().warnings.empty()) << r.value().warnings[0].describe();
}

}  // namespace
}  // namespace digest
