// ingest_authors_entities_test.cpp — the authors line is text the viewer shows as is, so HTML
// character references in it are decoded ("Lee &amp; Park" -> "Lee & Park"), in the review
// markdown `**저자:**` line and in a page payload's `<strong>저자:</strong>` paragraph.
// Regression test for a QA finding (the viewer showed "&amp;").
#include <gtest/gtest.h>

#include <string>

#include "digest/ingest.h"

namespace digest {
namespace {

using Strings = std::vector<std::string>;

TEST(IngestAuthorsEntities, ReviewAuthorsLineIsDecoded) {
  std::string s =
      "---\ntitle: \"Entity test\"\ndate: 2025-12-01\npermalink: /ai/review/ent/\n---\n"
      "**저자:** Hana Cho, Lee &amp; Park, &quot;Kim&quot; &lt;lab&gt;, O&#39;Neil, Jos&#xE9; Ruiz, A&#44; B, "
      "&bogus; Lab, Team &#0; X, &nbsp;\n\n본문입니다.\n";
  auto r = parse_review_markdown(s);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r.value().doc.authors, (Strings{"Hana Cho", "Lee & Park", "\"Kim\" <lab>", "O'Neil", "José Ruiz", "A, B",
                                            "&bogus; Lab", "Team &#0; X"}));
}

TEST(IngestAuthorsEntities, PagePayloadAuthorsAreDecoded) {
  std::string html = "<p><strong>저자:</strong> Lee &amp; Park, Mina Seo</p>\n";
  std::string page =
      "4:[\"slug\",\"ai/review/ent\",\"c\"]\n"
      "9:T" + [&] { char b[16]; std::snprintf(b, sizeof b, "%zx", html.size()); return std::string(b); }() + "," + html +
      "2:[\"$\",\"div\",null,{\"children\":[[\"$\",\"h1\",null,{\"className\":\"page__title\",\"children\":\"T\"}],"
      "[\"$\",\"time\",null,{\"children\":\"2024년 2월 9일\"}],"
      "[\"$\",\"section\",null,{\"dangerouslySetInnerHTML\":{\"__html\":\"$9\"}}]]}]\n";
  auto r = parse_page_payload(page);
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r.value().doc.authors, (Strings{"Lee & Park", "Mina Seo"}));
}

}  // namespace
}  // namespace digest
