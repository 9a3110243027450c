// ingest_permalink_test.cpp — ids from permalinks: repeated slashes collapse ("//a//b//" -> "a/b"),
// because the viewer's router splits ids on '/' and cannot open an empty segment. Regression test
// for a QA finding (permalink "//double//slash//" gave the id "double//slash").
#include <gtest/gtest.h>

#include <string>

#include "digest/ingest.h"

namespace digest {
namespace {

std::string review(const std::string& permalink) {
  return "---\ntitle: \"Slash test\"\ndate: 2025-12-01\npermalink: \"" + permalink + "\"\n---\n본문 문단입니다.\n";
}

TEST(IngestPermalink, RepeatedSlashesCollapse) {
  for (auto [permalink, id] : {std::pair<const char*, const char*>{"//double//slash//", "double/slash"},
                               {"/ai///review/x/", "ai/review/x"},
                               {" /ai/review/y ", "ai/review/y"}}) {
    auto r = parse_review_markdown(review(permalink));
    ASSERT_TRUE(r) << r.error().describe();
    EXPECT_EQ(r.value().doc.id, id) << permalink;
    EXPECT_EQ(r.value().doc.slug, id) << permalink;
  }
  auto only = parse_review_markdown(review("///"));
  ASSERT_FALSE(only);
  EXPECT_EQ(only.error().message, "permalink is empty");
}

TEST(IngestPermalink, PagePayloadSlugAndLinksCollapseToo) {
  std::string page =
      "4:[\"slug\",\"//ai//review//z//\",\"c\"]\n"
      "2:[\"$\",\"div\",null,{\"children\":[[\"$\",\"h1\",null,{\"className\":\"page__title\",\"children\":\"T\"}],"
      "[\"$\",\"time\",null,{\"children\":\"2024년 2월 9일\"}]]}]\n";
  auto r = parse_page_payload(page);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r.value().doc.id, "ai/review/z");
}

}  // namespace
}  // namespace digest
