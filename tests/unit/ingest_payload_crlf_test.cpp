// ingest_payload_crlf_test.cpp — a page payload saved with CRLF line endings: the T chunk lengths
// were written for LF, so each CRLF inside a chunk counts as one byte. Regression test for a QA
// finding (a CRLF copy of a good page was skipped with "bad payload row").
#include <gtest/gtest.h>

#include <string>

#include "digest/ingest.h"
#include "ingest_test_util.h"

namespace digest {
namespace {

std::string to_crlf(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

TEST(IngestPayloadCrlf, CrlfCopyReadsLikeTheOriginal) {
  std::string lf = test::read_source_fixture("good/page-flashdiff.txt");
  ASSERT_NE(lf.find(":T"), std::string::npos);
  auto a = parse_page_payload(lf);
  auto b = parse_page_payload(to_crlf(lf));
  ASSERT_TRUE(a) << a.error().describe();
  ASSERT_TRUE(b) << b.error().describe();
  EXPECT_EQ(b.value().doc.id, a.value().doc.id);
  EXPECT_EQ(b.value().doc.title, a.value().doc.title);
  EXPECT_EQ(b.value().doc.date, a.value().doc.date);
  EXPECT_EQ(b.value().doc.tags, a.value().doc.tags);
  EXPECT_EQ(b.value().doc.html, a.value().doc.html);  // LF again, as the server sent it
}

TEST(IngestPayloadCrlf, WrongLengthInACrlfFileSaysLineEndingsChangeLengths) {
  // 8 bytes declared; the chunk holds 9 (with CRLF) or 8 counting CRLF as one: "<p>\r\nab</p>" is
  // 12 bytes raw, 11 with CRLF as one. Neither fits "T8,".
  std::string page = "4:[\"slug\",\"a\",\"c\"]\r\n9:T8,<p>\r\nab</p>\r\n2:[\"$\",\"div\",null,{}]\r\n";
  auto r = parse_page_payload(page);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("CRLF line endings"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("text chunk 9 of line 2"), std::string::npos) << r.error().message;
}

}  // namespace
}  // namespace digest
