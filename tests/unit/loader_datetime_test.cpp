// loader_datetime_test.cpp — a document's `datetime` is checked like its `date`: an impossible
// timestamp (hour 25) is reported with its field and offset and the document is skipped, so a
// feed never writes a non-RFC-3339 time. Regression test for a QA finding (loader).
#include <gtest/gtest.h>

#include <string>

#include "digest/feed.h"
#include "digest/loader.h"

namespace digest {
namespace {

std::string wrap(const std::string& reviews) {
  return R"({"format":"paper-digest-bundle","version":1,"reviews":)" + reviews + R"(,"digests":[]})";
}

std::string review(const std::string& id, const std::string& datetime) {
  return R"({"id":")" + id + R"(","title":"T","date":"2025-12-05","datetime":")" + datetime + R"("})";
}

TEST(LoaderDatetime, GoodTimestampsLoad) {
  auto r = load_bundle(wrap("[" + review("a", "2025-12-05T23:59:60+09:00") + "," + review("b", "2025-12-05T00:00:00Z") +
                            "," + review("c", "2025-12-05T10:00:00") + "," + review("d", "2025-12-05T10:00:00.250-05:30") +
                            "," + review("e", "") + "]"));
  ASSERT_TRUE(r) << r.error().describe();
  EXPECT_EQ(r.value().skipped, 0u) << r.value().problems[0].describe();
  EXPECT_EQ(r.value().bundle.docs.size(), 5u);
}

TEST(LoaderDatetime, AnImpossibleTimestampIsReportedWithFieldAndOffset) {
  std::string json = wrap("[" + review("a", "2025-12-05T25:99:00+09:00") + "," + review("b", "yesterday") + "," +
                          review("c", "2025-02-30T10:00:00Z") + "," + review("d", "2025-12-05T10:00:00+24:00") + "," +
                          review("ok", "2025-12-05T10:00:00+09:00") + "]");
  auto r = load_bundle(json);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r.value().skipped, 4u);
  ASSERT_EQ(r.value().bundle.docs.size(), 1u);
  EXPECT_EQ(r.value().bundle.docs[0].id, "ok");
  const auto& p = r.value().problems;
  EXPECT_EQ(p[0].code, ErrorCode::BAD_VALUE);
  EXPECT_EQ(p[0].field, "datetime");
  EXPECT_EQ(p[0].message, "bad datetime \"2025-12-05T25:99:00+09:00\": no such time of day");
  EXPECT_EQ(static_cast<size_t>(p[0].offset), json.find("\"2025-12-05T25"));
  EXPECT_NE(p[1].message.find("expected YYYY-MM-DDTHH:MM:SS"), std::string::npos);
  EXPECT_EQ(p[2].message, "bad datetime \"2025-02-30T10:00:00Z\": no such calendar date");
  EXPECT_EQ(p[3].message, "bad datetime \"2025-12-05T10:00:00+24:00\": bad UTC offset");
}

TEST(LoaderDatetime, FeedNeverWritesAnImpossibleTime) {
  Document d;
  d.date = "2025-12-05";
  d.datetime = "2025-12-05T25:99:00+09:00";  // set in memory, past the loader
  EXPECT_EQ(document_timestamp(d), "2025-12-05T00:00:00Z");
}

}  // namespace
}  // namespace digest
