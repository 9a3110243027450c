// loader_test.cpp — the bundle loader: a valid bundle, and each class of invalid input.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "digest/loader.h"
#include "digest/session.h"

using digest::ErrorCode;
using digest::load_bundle;

namespace {

std::string read_fixture(const std::string& rel) {
  std::ifstream f(std::string(DIGEST_SOURCE_DIR) + "/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

std::string small() { return read_fixture("tests/fixtures/bundles/small.json"); }

std::string wrap(const std::string& reviews, const std::string& digests = "[]") {
  return R"({"format":"paper-digest-bundle","version":1,"reviews":)" + reviews + R"(,"digests":)" + digests + "}";
}

const char* kGoodReview = R"({"id":"r1","title":"T","date":"2025-01-02","tags":["A"]})";

}  // namespace

TEST(Loader, LoadsTheFixtureBundleWithEveryField) {
  auto r = load_bundle(small());
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const auto& b = r.value().bundle;
  EXPECT_EQ(b.title, "Fixture collection");
  EXPECT_EQ(b.review_count(), 3u);
  EXPECT_EQ(b.paper_count(), 2u);
  ASSERT_EQ(b.digests.size(), 1u);
  EXPECT_EQ(r.value().skipped, 0u);
  const auto& first = b.docs[0];
  EXPECT_EQ(first.id, "ai/review/2025-10-02-sparse-mixture-router");
  EXPECT_EQ(first.display_title, "Sparse Mixture Routers for Long-Context LLMs");
  EXPECT_EQ(first.tags.size(), 4u);
  EXPECT_EQ(first.authors.size(), 2u);
  EXPECT_TRUE(first.toc);
  EXPECT_TRUE(first.ai_written);
  EXPECT_EQ(b.link_id(first.next), "ai/review/2025-10-05-reward-shaping-agents");
  EXPECT_EQ(b.docs[static_cast<size_t>(first.next.doc)].id, "ai/review/2025-10-05-reward-shaping-agents");
  EXPECT_NE(first.markdown.find("$O(N^k)$"), std::string::npos);  // escapes decoded, math intact
  EXPECT_NE(first.markdown.find("\\log"), std::string::npos);
  // Papers follow reviews, linked to their digest, in rank order.
  const auto& g = b.digests[0];
  ASSERT_EQ(g.papers.size(), 2u);
  const auto& p = b.docs[g.papers[0]];
  EXPECT_EQ(p.kind, digest::DocKind::PAPER);
  EXPECT_EQ(p.parent, "digest-2025-10-06");
  EXPECT_EQ(p.rank, 1);
  EXPECT_EQ(p.upvotes, 88);
  EXPECT_EQ(p.stars, 120);
  ASSERT_EQ(p.prerequisites.size(), 2u);
  EXPECT_EQ(p.prerequisites[0].gloss, "월드 모델");
  ASSERT_EQ(p.sections.size(), 2u);
  EXPECT_EQ(p.sections[1].markdown, "");  // empty sections stay empty
  EXPECT_EQ(b.docs[g.papers[1]].stars, -1);  // absent stays absent
}

TEST(Loader, ASessionResolvesLinksToDocumentsOfTheBundleAndKeepsOthersAsWritten) {
  const std::string json = R"({"format":"paper-digest-bundle","version":1,"reviews":[
    {"id":"a","title":"[논문리뷰] Alpha","date":"2025-01-01","markdown":"x","next":{"id":"b","title":"Beta"}},
    {"id":"b","title":"[논문리뷰] Beta","date":"2025-01-02","markdown":"y","prev":{"id":"gone","title":"Gone"},
     "next":{"id":"a","title":"Alpha, renamed"}}],"digests":[]})";
  digest::Session s;
  ASSERT_TRUE(s.load(json));
  const digest::Bundle& b = *s.bundle();
  EXPECT_EQ(b.docs[0].next.doc, 1);
  EXPECT_TRUE(b.docs[0].next.id.empty() && b.docs[0].next.title.empty());  // no copies kept
  EXPECT_EQ(b.docs[1].prev.doc, -1);  // no such document
  EXPECT_EQ(b.docs[1].prev.id, "gone");
  EXPECT_EQ(b.docs[1].next.doc, -1);  // another title than the document's
  EXPECT_EQ(b.docs[1].next.title, "Alpha, renamed");
  // Either way the document says what the bundle said, and writing the bundle gives it back.
  EXPECT_NE(s.get("a").value().find(R"("next":{"id":"b","title":"Beta"})"), std::string::npos);
  const std::string got = s.get("b").value();
  EXPECT_NE(got.find(R"("prev":{"id":"gone","title":"Gone"})"), std::string::npos) << got;
  EXPECT_NE(got.find(R"("next":{"id":"a","title":"Alpha, renamed"})"), std::string::npos) << got;
  auto again = load_bundle(digest::bundle_to_json(b));
  ASSERT_TRUE(again);
  EXPECT_EQ(again.value().bundle.link_id(again.value().bundle.docs[0].next), "b");
  EXPECT_EQ(again.value().bundle.docs[1].prev.id, "gone");
}

// The load itself resolves links (no Session needed), and how the bytes arrive changes nothing:
// whole, or read ahead in pieces with bodies decoded or left in the input.
TEST(Loader, LinksAreResolvedByTheLoadTheSameWholeOrReadAhead) {
  const std::string json = R"({"format":"paper-digest-bundle","version":1,"reviews":[
    {"id":"a/one","title":"[논문리뷰] Alpha","date":"2025-01-01","markdown":"x","next":{"id":"b\/two","title":"Beta"}},
    {"id":"b/two","title":"[논문리뷰] Beta","date":"2025-01-02","markdown":"y",
     "prev":{"id":"a/one"},"prev":{"title":"Alpha"},
     "next":{"title":"Gamma","id":"c"}},
    {"id":"c","title":"Gamma","date":"2025-01-03","markdown":"z","prev":{"id":"g1","title":"G"},
     "next":{"id":"","title":"Nowhere"}},
    {"id":"d","title":"Delta","date":"2025-01-04","markdown":"w","prev":null,"next":{"id":"a/one","title":"[논문리뷰] Alpha"}}],
    "digests":[{"id":"g1","date":"2025-01-05","papers":[{"id":"p","title":"P","prev":{"id":"c","title":"Gamma"}}]}]})";
  struct Want {
    const char* doc;
    int32_t prev, next;  // index, or -1: as written
  };
  auto check = [&](const digest::Bundle& b, const char* how) {
    SCOPED_TRACE(how);
    ASSERT_EQ(b.docs.size(), 5u);
    EXPECT_EQ(b.docs[0].next.doc, 1);  // an escaped id is the id it spells
    EXPECT_TRUE(b.docs[0].next.id.empty() && b.docs[0].next.title.empty());
    EXPECT_EQ(b.docs[1].prev.doc, -1);  // a repeated key: the last object counts whole (no id here)
    EXPECT_TRUE(b.docs[1].prev.id.empty());
    EXPECT_EQ(b.docs[1].prev.title, "Alpha");
    EXPECT_EQ(b.docs[1].next.doc, 2);
    EXPECT_EQ(b.docs[2].prev.doc, -1);  // a digest's id is no document
    EXPECT_EQ(b.docs[2].prev.id, "g1");
    EXPECT_EQ(b.docs[2].prev.title, "G");
    EXPECT_EQ(b.docs[2].next.doc, -1);  // no id: kept as written (and not written back)
    EXPECT_EQ(b.docs[2].next.title, "Nowhere");
    EXPECT_EQ(b.docs[3].prev.doc, -1);
    EXPECT_TRUE(b.docs[3].prev.id.empty());
    EXPECT_EQ(b.docs[3].next.doc, -1);  // the title as written, not the display title
    EXPECT_EQ(b.docs[3].next.title, "[논문리뷰] Alpha");
    EXPECT_EQ(b.docs[4].prev.doc, 2);  // a paper's link too
    EXPECT_EQ(b.link_id(b.docs[4].prev), "c");
    EXPECT_EQ(b.link_title(b.docs[0].next), "Beta");
  };
  auto whole = load_bundle(json);
  ASSERT_TRUE(whole.ok()) << whole.error().describe();
  check(whole.value().bundle, "whole");
  for (bool defer : {false, true})
    for (size_t piece : {size_t{1}, size_t{7}, size_t{64}, json.size()}) {
      const size_t capacity = json.size() + 64;
      std::string buf(capacity, '\0');
      digest::BundleReadAhead ahead(buf.data(), capacity);
      for (size_t at = 0; at < json.size(); at += piece) {
        const size_t n = std::min(piece, json.size() - at);
        std::memcpy(buf.data() + at, json.data() + at, n);
        ahead.advance(at + n);
      }
      EXPECT_EQ(ahead.elements_read(), 5u);
      auto got = digest::load_bundle_padded(buf.data(), json.size(), capacity, digest::kLongStringBytes, &ahead, defer);
      ASSERT_TRUE(got.ok()) << got.error().describe();
      for (digest::Document& d : got.value().bundle.docs) digest::decode_deferred(buf.data(), d);
      check(got.value().bundle, defer ? "read ahead, bodies deferred" : "read ahead");
      EXPECT_EQ(digest::bundle_to_json(got.value().bundle), digest::bundle_to_json(whole.value().bundle));
      // A second load given the same read-ahead (which served the first) reads the buffer itself
      // (review: it took the first load's moved-from documents, their links pending in texts
      // that had moved on).
      auto again = digest::load_bundle_padded(buf.data(), json.size(), capacity, digest::kLongStringBytes, &ahead, defer);
      ASSERT_TRUE(again.ok()) << again.error().describe();
      for (digest::Document& d : again.value().bundle.docs) digest::decode_deferred(buf.data(), d);
      check(again.value().bundle, "read ahead, loaded again");
      EXPECT_EQ(digest::bundle_to_json(again.value().bundle), digest::bundle_to_json(whole.value().bundle));
    }
}

// A field written twice in one object: the last one counts, as JSON.parse reads it
// (docs/bundle-format.md); a later null leaves the earlier value. Lists and links included
// (QA: a second "prev" was read over the first field by field, and lists were joined), and
// whether long section bodies are decoded at once or left in the input.
TEST(Loader, AFieldWrittenTwiceCountsAsItsLastValueListsAndLinksIncluded) {
  const std::string long_a(80, 'a'), long_b(90, 'b');
  const std::string json = R"({"format":"paper-digest-bundle","version":1,"reviews":[
    {"id":"r1","title":"One","date":"2025-01-01","markdown":"x"},
    {"id":"r2","title":"Two","date":"2025-01-02","markdown":"y",
     "tags":["a","b","c"],"tags":["d"],"authors":["A"],"authors":["B","C"],"categories":["k"],"categories":null,
     "prev":{"id":"r1","title":"One"},"prev":{"id":"gone"},
     "next":{"id":"r1","title":"One"},"next":null}],
    "digests":[{"id":"g","date":"2025-01-03","papers":[{"id":"p","title":"P",
      "prerequisites":[{"name":"old"},{"name":"older"}],"prerequisites":["new"],
      "sections":[{"name":"s0","markdown":")" + long_a + R"("},{"name":"s1","markdown":"short"}],
      "sections":[{"name":"t0","markdown":")" + long_b + R"("}]}]}]})";
  for (bool defer : {false, true}) {
    SCOPED_TRACE(defer ? "bodies left in the input" : "bodies decoded at once");
    std::vector<char> buf(json.size() + 64, '\0');
    std::memcpy(buf.data(), json.data(), json.size());
    auto r = digest::load_bundle_padded(buf.data(), json.size(), buf.size(), digest::kLongStringBytes, nullptr, defer);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    for (digest::Document& d : r.value().bundle.docs) digest::decode_deferred(buf.data(), d);
    const digest::Bundle& b = r.value().bundle;
    ASSERT_EQ(b.docs.size(), 3u);
    const digest::Document& two = b.docs[1];
    EXPECT_EQ(two.tags, std::vector<std::string>({"d"}));
    EXPECT_EQ(two.authors, std::vector<std::string>({"B", "C"}));
    EXPECT_EQ(two.categories, std::vector<std::string>({"k"}));  // null leaves the earlier value
    EXPECT_EQ(two.prev.doc, -1);  // {"id":"gone"} whole: not r1's, and no title
    EXPECT_EQ(two.prev.id, "gone");
    EXPECT_EQ(two.prev.title, "");
    EXPECT_EQ(two.next.doc, 0);  // null leaves the earlier link
    const digest::Document& p = b.docs[2];
    ASSERT_EQ(p.prerequisites.size(), 1u);
    EXPECT_EQ(p.prerequisites[0].name, "new");
    ASSERT_EQ(p.sections.size(), 1u);
    EXPECT_EQ(p.sections[0].name, "t0");
    EXPECT_EQ(p.sections[0].markdown, long_b);
    EXPECT_TRUE(p.deferred.empty());
  }
}

// A message quoting a bundle's text (an id with NUL or ESC in it) is one line of plain text:
// control characters come out escaped (QA: the CLI printed the message cut at the NUL). A digest
// whose id is written empty says so, as a review does, instead of calling the field missing.
TEST(Loader, MessagesQuoteControlCharactersEscapedAndSayAnEmptyDigestIdIsEmpty) {
  const std::string json = R"({"format":"paper-digest-bundle","version":1,"reviews":[
    {"id":"a\u0000b\u001b[31m","title":"T","date":"2025-01-01"},
    {"id":"a\u0000b\u001b[31m","title":"U","date":"2025-01-02"}],
    "digests":[{"id":"","date":"2025-01-03","papers":[]}]})";
  auto r = load_bundle(json);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r.value().problems.size(), 2u);
  const std::string dup = r.value().problems[0].describe();
  EXPECT_EQ(dup.find('\0'), std::string::npos);
  EXPECT_EQ(dup.find('\x1b'), std::string::npos);
  EXPECT_NE(dup.find(R"(duplicate id "a\u0000b\u001B[31m" (the first one is kept))"), std::string::npos) << dup;
  EXPECT_EQ(r.value().problems[0].message.find('\0'), 15u);  // the message itself keeps the id as written
  EXPECT_EQ(r.value().problems[1].code, ErrorCode::BAD_VALUE);
  EXPECT_EQ(r.value().problems[1].message.rfind("empty id", 0), 0u) << r.value().problems[1].message;
  EXPECT_EQ(r.value().problems[1].field, "id");
}

// Duplicate ids among many documents and digests (the id set grows many times over): the first
// of each id is kept, the rest reported, whichever kind took the id first.
TEST(Loader, DuplicateIdsAmongThousandsAreFoundAsAReferenceSetFindsThem) {
  std::string json = R"({"format":"paper-digest-bundle","version":1,"reviews":[)";
  std::set<std::string> seen;
  size_t dup = 0, digests_kept = 0, docs_kept = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string id = "ai/review/" + std::to_string(i % 7 == 3 ? i / 2 : i);
    const bool taken = !seen.insert(id).second;
    dup += taken;
    docs_kept += !taken;
    json += (i ? "," : "") + std::string(R"({"id":")") + id + R"(","title":"T)" + std::to_string(i) + R"(","date":"2025-01-01"})";
  }
  json += R"(],"digests":[)";
  for (int g = 0; g < 200; ++g) {
    const std::string id = g % 5 == 0 ? "ai/review/" + std::to_string(g) : "digest-" + std::to_string(g % 150);
    const bool taken = !seen.insert(id).second;
    dup += taken;
    const std::string paper = "paper-" + std::to_string(g);
    json += (g ? "," : "") + std::string(R"({"id":")") + id + R"(","date":"2025-02-01","papers":[{"id":")" + paper + R"(","title":"P"}]})";
    if (!taken) seen.insert(paper), ++digests_kept, ++docs_kept;
  }
  json += "]}";
  auto r = load_bundle(json);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value().skipped, dup);
  EXPECT_EQ(r.value().bundle.docs.size(), docs_kept);
  std::set<std::string> loaded;
  for (const auto& d : r.value().bundle.docs) EXPECT_TRUE(loaded.insert(d.id).second) << d.id;
  EXPECT_EQ(r.value().bundle.digests.size(), digests_kept);
  EXPECT_GT(dup, 400u);
}

TEST(Loader, WriterAndLoaderRoundTrip) {
  auto r = load_bundle(small());
  ASSERT_TRUE(r.ok());
  std::string json = digest::bundle_to_json(r.value().bundle);
  auto again = load_bundle(json);
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(digest::bundle_to_json(again.value().bundle), json);
}

TEST(Loader, RejectsEmptyInput) {
  for (const char* in : {"", "   \n\t", "\xEF\xBB\xBF"}) {
    auto r = load_bundle(in);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, ErrorCode::EMPTY_INPUT);
  }
}

TEST(Loader, TruncatedBundleNamesTheByteOffset) {
  std::string all = small();
  for (int tenth = 1; tenth < 10; ++tenth) {
    size_t cut = all.size() * tenth / 10;
    auto r = load_bundle(all.substr(0, cut));
    ASSERT_FALSE(r.ok()) << "cut at " << cut;
    EXPECT_EQ(r.error().code, ErrorCode::JSON_SYNTAX) << r.error().describe();
    EXPECT_EQ(r.error().offset, static_cast<int64_t>(cut)) << r.error().describe();
    EXPECT_NE(r.error().describe().find("at byte " + std::to_string(cut)), std::string::npos);
  }
}

TEST(Loader, SyntaxErrorsSayWhereWithLineAndColumn) {
  auto r = load_bundle("{\n  \"format\": \"paper-digest-bundle\",\n  \"version\": 1 x\n}");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::JSON_SYNTAX);
  EXPECT_EQ(r.error().line, 3);
  EXPECT_EQ(r.error().column, 16);
  EXPECT_EQ(r.error().offset, 52);
}

TEST(Loader, MalformedJsonInIgnoredFieldsIsStillRejected) {
  // An unknown field the loader never reads still has to be valid JSON.
  std::string in = R"({"format":"paper-digest-bundle","version":1,"extra":[1,2,tru],"reviews":[]})";
  auto r = load_bundle(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::JSON_SYNTAX);
  EXPECT_EQ(r.error().offset, static_cast<int64_t>(in.find("tru")));
  std::string bad_num = R"({"format":"paper-digest-bundle","version":1,"extra":01,"reviews":[]})";
  EXPECT_EQ(load_bundle(bad_num).error().code, ErrorCode::JSON_SYNTAX);
}

TEST(Loader, RejectsBareValuesAndWrongTopLevel) {
  for (const char* in : {"42", "\"text\"", "null", "true", "[]", "[1,2]"}) {
    auto r = load_bundle(in);
    ASSERT_FALSE(r.ok()) << in;
    EXPECT_EQ(r.error().code, ErrorCode::BAD_FORMAT) << in;
  }
  auto r = load_bundle(R"({"hello":"world"})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::BAD_FORMAT);
  auto wrong_name = load_bundle(R"({"format":"something-else","version":1})");
  EXPECT_EQ(wrong_name.error().code, ErrorCode::BAD_FORMAT);
}

TEST(Loader, RefusesNewerFormatVersionClearly) {
  auto r = load_bundle(R"({"format":"paper-digest-bundle","version":2,"reviews":[]})");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::UNSUPPORTED_VERSION);
  EXPECT_NE(r.error().message.find("newer"), std::string::npos);
}

TEST(Loader, DeepNestingIsRefusedWithoutRecursion) {
  std::string deep = R"({"format":"paper-digest-bundle","version":1,"x":)" + std::string(10000, '[') +
                     std::string(10000, ']') + "}";
  auto r = load_bundle(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::TOO_DEEP);
}

TEST(Loader, InvalidUtf8IsRejectedWithOffset) {
  std::string in = wrap(R"([{"id":"r1","title":"bad )" + std::string("\xC3\x28") + R"(","date":"2025-01-02"}])");
  auto r = load_bundle(in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::INVALID_UTF8);
  EXPECT_EQ(r.error().offset, static_cast<int64_t>(in.find('\xC3')));
}

// QA finding: a bundle saved as UTF-16 was "invalid UTF-8 byte where a value should start".
TEST(Loader, ABundleSavedAsUtf16OrUtf32SaysSo) {
  const std::string json = wrap("[]");
  auto widen = [&](int unit, bool big) {
    std::string out;
    for (char c : json)
      for (int k = 0; k < unit; ++k) out.push_back(k == (big ? unit - 1 : 0) ? c : '\0');
    return out;
  };
  const struct { std::string bytes; const char* name; } cases[] = {
      {"\xFF\xFE" + widen(2, false), "UTF-16 (little-endian)"},
      {"\xFE\xFF" + widen(2, true), "UTF-16 (big-endian)"},
      {widen(2, false), "UTF-16 (little-endian)"},
      {widen(2, true), "UTF-16 (big-endian)"},
      {std::string("\xFF\xFE\0\0", 4) + widen(4, false), "UTF-32 (little-endian)"},
      {widen(4, true), "UTF-32 (big-endian)"},
  };
  for (const auto& c : cases) {
    auto r = load_bundle(c.bytes);
    ASSERT_FALSE(r.ok()) << c.name;
    EXPECT_EQ(r.error().code, ErrorCode::INVALID_UTF8) << c.name;
    EXPECT_EQ(r.error().message, std::string("the bundle is ") + c.name + " text; a bundle is UTF-8 JSON (save it again as UTF-8)");
    EXPECT_EQ(r.error().offset, 0);
  }
  // A lone 0xFF at the start of UTF-8 is still an invalid byte, not UTF-16.
  auto bad = load_bundle("\xFF" + json);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message.find("UTF-16"), std::string::npos) << bad.error().message;
}

TEST(Loader, ByteOrderMarkIsAccepted) {
  auto r = load_bundle("\xEF\xBB\xBF" + wrap(std::string("[") + kGoodReview + "]"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value().bundle.docs.size(), 1u);
}

TEST(Loader, WrongTypeSkipsOnlyThatDocumentAndSaysWhere) {
  std::string in = wrap(std::string("[") + kGoodReview + R"(,{"id":"r2","title":"T2","date":"2025-01-03","tags":"not-a-list"},)" +
                        R"({"id":"r3","title":"T3","date":"2025-01-04"}])");
  auto r = load_bundle(in);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value().bundle.docs.size(), 2u);
  ASSERT_EQ(r.value().skipped, 1u);
  const auto& e = r.value().problems[0];
  EXPECT_EQ(e.code, ErrorCode::WRONG_TYPE);
  EXPECT_EQ(e.section, "reviews");
  EXPECT_EQ(e.doc, 1);
  EXPECT_EQ(e.field, "tags");
  EXPECT_EQ(e.offset, static_cast<int64_t>(in.find("\"not-a-list\"")));
  EXPECT_NE(e.describe().find("reviews[1].tags"), std::string::npos) << e.describe();
}

// QA finding: an error inside an array named the array, not the item ("reviews[1].tags",
// "…prerequisites.name"): with many tags or sections the reader had to count by hand.
TEST(Loader, AnErrorInsideAnArrayNamesTheItem) {
  struct Case { const char* field_json; const char* field; const char* at; };
  for (const Case& c : {Case{R"("tags":["a",1,null])", "tags[1]", "1,null"},
                        Case{R"("authors":["a","b",{"x":1}])", "authors[2]", "{\"x\":1}"},
                        Case{R"("prerequisites":["a",{"name":"b"},{"name":7}])", "prerequisites[2].name", "7}"},
                        Case{R"("prerequisites":[{"gloss":"g"}])", "prerequisites[0]", "{\"gloss\""},
                        Case{R"("prerequisites":["a",3])", "prerequisites[1]", "3]"},
                        Case{R"("sections":[{"name":"a","markdown":"m"},{"name":"b","markdown":5}])", "sections[1].markdown", "5}"},
                        Case{R"("sections":[{"name":"a"},"x"])", "sections[1]", "\"x\""},
                        Case{R"("sections":[{"markdown":"m"}])", "sections[0]", "{\"markdown\""}}) {
    const std::string json = wrap(std::string(R"([{"id":"r","title":"T","date":"2025-01-02",)") + c.field_json + "}]");
    auto r = load_bundle(json);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    ASSERT_EQ(r.value().problems.size(), 1u) << c.field_json;
    const digest::Error& e = r.value().problems[0];
    EXPECT_EQ(e.field, c.field) << c.field_json << ": " << e.describe();
    EXPECT_EQ(e.offset, static_cast<int64_t>(json.find(c.at))) << c.field_json << ": " << e.describe();
  }
}

TEST(Loader, WrongTypesInEveryFieldAreReportedNotFatal) {
  const char* fields[] = {"id", "slug", "title", "date", "updated", "categories", "tags", "excerpt", "arxiv",
                          "authors", "institution", "upvotes", "stars", "selection", "analysis", "prerequisites",
                          "summary", "sections", "markdown", "html", "toc", "ai_written", "rank", "prev", "next"};
  for (const char* f : fields) {
    for (const char* bad : {"{\"x\":1}", "[{}]", "3.5", "true"}) {
      std::string doc = std::string(R"({"id":"r9","title":"T","date":"2025-01-02",")") + f + "\":" + bad + "}";
      // A duplicate key overrides; the loader reads the bad one last.
      auto r = load_bundle(wrap(std::string("[") + kGoodReview + "," + doc + "]"));
      ASSERT_TRUE(r.ok()) << f << " " << bad << ": " << r.error().describe();
      bool accepted = r.value().skipped == 0;
      if (accepted) {
        // Only a value of the right type may be accepted (e.g. true for toc).
        // (e.g. true for toc; an object for prev/next, whose unknown fields are ignored).
        bool right_type = (std::string(bad) == "true" && (std::string(f) == "toc" || std::string(f) == "ai_written")) ||
                          (std::string(bad) == "{\"x\":1}" && (std::string(f) == "prev" || std::string(f) == "next"));
        EXPECT_TRUE(right_type) << f << " accepted " << bad;
      } else {
        EXPECT_EQ(r.value().bundle.docs.size(), 1u);
        EXPECT_EQ(r.value().problems[0].field.rfind(f, 0), 0u) << r.value().problems[0].describe();
      }
    }
  }
}

TEST(Loader, HugeNumbersAreBadValuesNotCrashes) {
  auto r = load_bundle(wrap("[]", R"([{"id":"g","date":"2025-01-01","papers":[{"id":"p","title":"P","date":"2025-01-01","upvotes":123456789012345678901234567890}]}])"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value().skipped, 1u);
  EXPECT_EQ(r.value().problems[0].code, ErrorCode::BAD_VALUE);
  EXPECT_EQ(r.value().problems[0].field, "upvotes");
  auto neg = load_bundle(wrap("[]", R"([{"id":"g","date":"2025-01-01","papers":[{"id":"p","title":"P","date":"2025-01-01","upvotes":-5}]}])"));
  EXPECT_EQ(neg.value().skipped, 1u);
}

TEST(Loader, MissingRequiredFieldsAndBadDates) {
  auto r = load_bundle(wrap(R"([{"title":"no id","date":"2025-01-01"},{"id":"x","date":"2025-01-01"},)"
                            R"({"id":"y","title":"T","date":"2025-02-30"},{"id":"z","title":"T","date":"yesterday"}])"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().bundle.docs.size(), 0u);
  ASSERT_EQ(r.value().skipped, 4u);
  EXPECT_EQ(r.value().problems[0].field, "id");
  EXPECT_EQ(r.value().problems[1].field, "title");
  EXPECT_EQ(r.value().problems[2].code, ErrorCode::BAD_VALUE);
  EXPECT_EQ(r.value().problems[3].field, "date");
}

TEST(Loader, AnImpossibleDateIsToldApartFromAMisspelledOne) {
  auto r = load_bundle(wrap(R"([{"id":"y","title":"T","date":"2025-02-30"},{"id":"z","title":"T","date":"2025/02/03"}])"));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().problems.size(), 2u);
  EXPECT_EQ(r.value().problems[0].message, "bad date \"2025-02-30\": no such calendar date");
  EXPECT_EQ(r.value().problems[1].message, "bad date \"2025/02/03\": expected YYYY-MM-DD");
}

// QA finding: `digest build` refuses dates outside 1900-2999 in sources, but a bundle could carry
// them, and one such date stretched the viewer's month chart over centuries. A blank title made a
// result card whose link had no text. Each such document is now reported and skipped.
TEST(Loader, AYearOutsideTheSupportedRangeOrABlankTitleSkipsThatDocument) {
  const std::string json = wrap(
      R"([{"id":"a","title":"old","date":"0205-03-01"},{"id":"b","title":"far","date":"9999-12-31"},)"
      R"({"id":"c","title":"edited","date":"2025-01-01","updated":"3025-01-01"},)"
      R"({"id":"d","title":"stamped","date":"2025-01-01","datetime":"1899-12-31T23:00:00+09:00"},)"
      R"({"id":"e","title":"  ","date":"2025-01-01"},{"id":"f","title":"","date":"2025-01-01"},)"
      R"({"id":"g","title":"kept","date":"1900-01-01","updated":"2999-12-31"}])",
      R"([{"id":"d1","date":"1066-10-14","papers":[{"id":"p1","title":"P"}]},)"
      R"({"id":"d2","date":"2025-01-02","papers":[{"id":"p2","title":" "},{"id":"p3","title":"Q"}]}])");
  auto r = load_bundle(json);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const auto& docs = r.value().bundle.docs;
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[0].id, "g");
  EXPECT_EQ(docs[1].id, "p3");
  const auto& ps = r.value().problems;
  ASSERT_EQ(ps.size(), 8u);
  EXPECT_EQ(ps[0].field, "date");
  EXPECT_EQ(ps[0].code, ErrorCode::BAD_VALUE);
  EXPECT_EQ(ps[0].message, "bad date \"0205-03-01\": year 205 is outside the supported range 1900-2999");
  EXPECT_EQ(ps[0].offset, static_cast<int64_t>(json.find(R"("0205-03-01")")));
  EXPECT_EQ(ps[1].message, "bad date \"9999-12-31\": year 9999 is outside the supported range 1900-2999");
  EXPECT_EQ(ps[2].field, "updated");
  EXPECT_EQ(ps[3].field, "datetime");
  EXPECT_NE(ps[3].message.find("year 1899 is outside the supported range 1900-2999"), std::string::npos) << ps[3].message;
  EXPECT_EQ(ps[4].field, "title");
  EXPECT_EQ(ps[4].message, "empty title");
  EXPECT_EQ(ps[4].doc, 4);
  EXPECT_EQ(ps[5].field, "title");
  EXPECT_EQ(ps[5].doc, 5);
  // The digest dated 1066 is skipped with its paper; the blank paper title skips that paper alone.
  EXPECT_EQ(ps[6].section, "digests");
  EXPECT_EQ(ps[6].field, "date");
  EXPECT_EQ(ps[7].section, "digests[1].papers");
  EXPECT_EQ(ps[7].field, "title");
  EXPECT_EQ(ps[7].doc, 0);
}

// Review finding: a title of the site's prefix alone, or of ideographic spaces, still showed as
// a blank card.
TEST(Loader, ATitleThatShowsAsNothingIsEmpty) {
  auto r = load_bundle(wrap(R"([{"id":"a","title":"[논문리뷰] ","date":"2025-01-01"},{"id":"b","title":"\u3000 ","date":"2025-01-01"},)"
                            R"({"id":"c","title":"[논문리뷰] x","date":"2025-01-01"},{"id":"d","title":"   ","display_title":"Also","date":"2025-01-01"},)"
                            R"({"id":"e","title":"\u3164","date":"2025-01-01"},{"id":"f","title":"\u200d\u00ad","date":"2025-01-01"}])"));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().bundle.docs.size(), 1u);
  EXPECT_EQ(r.value().bundle.docs[0].display_title, "x");
  ASSERT_EQ(r.value().problems.size(), 5u);
  for (const auto& p : r.value().problems) EXPECT_EQ(p.message, "empty title");
}

TEST(Loader, ADigestWhosePapersAreNotAnArraySaysSoWithoutCountingPapers) {
  auto r = load_bundle(wrap("[]", R"([{"id":"d1","date":"2025-01-02","papers":null}])"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r.value().problems.size(), 1u);
  EXPECT_EQ(r.value().problems[0].field, "papers");
  EXPECT_EQ(r.value().problems[0].message, "expected an array of papers, found null (the digest is skipped)");
}

TEST(Loader, ADuplicatePaperIdIsReportedAtThatPaper) {
  const std::string digests =
      R"([{"id":"d1","date":"2025-01-02","papers":[{"id":"p1","title":"P"},{"id":"a","title":"Q"},{"id":"p3","title":"R"}]}])";
  const std::string json = wrap(R"([{"id":"a","title":"first","date":"2025-01-01"}])", digests);
  auto r = load_bundle(json);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value().bundle.docs.size(), 3u);  // the review and the two other papers
  ASSERT_EQ(r.value().problems.size(), 1u);
  const digest::Error& e = r.value().problems[0];
  EXPECT_EQ(e.code, ErrorCode::DUPLICATE_ID);
  EXPECT_EQ(e.section, "digests[0].papers");
  EXPECT_EQ(e.doc, 1);
  EXPECT_EQ(e.field, "id");
  EXPECT_EQ(e.offset, static_cast<int64_t>(json.find(R"({"id":"a","title":"Q"})")));
}

// QA finding: the loader kept any selection or analysis ("random", "video") and made facets of
// them, though the format allows two and three values (the build refuses others).
TEST(Loader, AnUnknownSelectionOrAnalysisSkipsThatPaperAndSaysWhere) {
  const std::string digests =
      R"([{"id":"d1","date":"2025-01-02","papers":[{"id":"p1","title":"P","selection":"random"},)"
      R"({"id":"p2","title":"Q","analysis":"video"},{"id":"p3","title":"R","selection":"ranking","analysis":"pdf"},{"id":"p4","title":"S","selection":""}]}])";
  const std::string json = wrap("[]", digests);
  auto r = load_bundle(json);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  ASSERT_EQ(r.value().bundle.docs.size(), 2u);  // p3, and p4 (empty: unknown)
  EXPECT_EQ(r.value().bundle.docs[0].selection, "ranking");
  ASSERT_EQ(r.value().problems.size(), 2u);
  const digest::Error& a = r.value().problems[0];
  EXPECT_EQ(a.section, "digests[0].papers");
  EXPECT_EQ(a.doc, 0);
  EXPECT_EQ(a.field, "selection");
  EXPECT_NE(a.message.find("unknown selection \"random\" (expected ranking or recommended)"), std::string::npos) << a.message;
  EXPECT_EQ(a.offset, static_cast<int64_t>(json.find(R"("random")")));
  const digest::Error& b = r.value().problems[1];
  EXPECT_EQ(b.doc, 1);
  EXPECT_EQ(b.field, "analysis");
  EXPECT_NE(b.message.find("unknown analysis \"video\""), std::string::npos) << b.message;
}

TEST(Loader, DuplicateIdsAreReportedAndTheFirstKept) {
  auto r = load_bundle(wrap(R"([{"id":"a","title":"first","date":"2025-01-01"},{"id":"a","title":"second","date":"2025-01-02"}])"));
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r.value().bundle.docs.size(), 1u);
  EXPECT_EQ(r.value().bundle.docs[0].title, "first");
  ASSERT_EQ(r.value().skipped, 1u);
  EXPECT_EQ(r.value().problems[0].code, ErrorCode::DUPLICATE_ID);
}

TEST(Loader, ADigestTakingATakenIdIsReportedAtTheDigestWithItsPaperCount) {
  const std::string digests = R"([{"id":"a","date":"2025-01-02","papers":[{"id":"p1","title":"P"},{"id":"p2","title":"Q"}]}])";
  const std::string json = wrap(R"([{"id":"a","title":"first","date":"2025-01-01"}])", digests);
  auto r = load_bundle(json);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value().bundle.docs.size(), 1u);
  EXPECT_TRUE(r.value().bundle.digests.empty());
  ASSERT_EQ(r.value().problems.size(), 1u);
  const digest::Error& e = r.value().problems[0];
  EXPECT_EQ(e.code, ErrorCode::DUPLICATE_ID);
  EXPECT_EQ(e.section, "digests");
  EXPECT_EQ(e.doc, 0);
  EXPECT_EQ(e.field, "id");
  EXPECT_EQ(e.offset, static_cast<int64_t>(json.find(R"({"id":"a","date")")));
  EXPECT_EQ(e.message, "duplicate id \"a\" (the first one is kept) (the digest and its 2 papers are skipped)");
}

TEST(Loader, BadDigestSkipsItsPapersWithACount) {
  auto r = load_bundle(wrap("[]", R"([{"id":"g1","date":"bad","papers":[{"id":"p1","title":"P","date":"2025-01-01"}]},)"
                                   R"({"id":"g2","date":"2025-01-02","papers":[{"id":"p2","title":"P2"}]}])"));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value().bundle.digests.size(), 1u);
  ASSERT_EQ(r.value().bundle.docs.size(), 1u);
  EXPECT_EQ(r.value().bundle.docs[0].date, "2025-01-02");  // a paper inherits its digest's date
  EXPECT_EQ(r.value().skipped, 1u);
  EXPECT_NE(r.value().problems[0].message.find("(the digest and its paper are skipped)"), std::string::npos) << r.value().problems[0].message;
}

TEST(Loader, UnknownFieldsAreIgnored) {
  auto r = load_bundle(R"({"format":"paper-digest-bundle","version":1,"future":{"a":[1,{"b":null}]},)"
                       R"("reviews":[{"id":"r","title":"T","date":"2025-01-01","new_field":[true,false]}],"digests":[]})");
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value().bundle.docs.size(), 1u);
  EXPECT_EQ(r.value().skipped, 0u);
}

TEST(Loader, RandomBytesNeverCrash) {
  uint32_t state = 12345;
  for (int round = 0; round < 2000; ++round) {
    std::string in;
    size_t n = (state % 200) + 1;
    for (size_t i = 0; i < n; ++i) {
      state = state * 1664525u + 1013904223u;
      in.push_back(static_cast<char>(state >> 24));
    }
    auto r = load_bundle(in);
    EXPECT_FALSE(r.ok());
  }
}

TEST(Session, ListsNewestFirstAndGetsDocumentsAndDigests) {
  digest::Session s;
  EXPECT_FALSE(s.list(0, 10).ok());  // nothing loaded yet
  auto loaded = s.load(small());
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  EXPECT_NE(loaded.value().find("\"reviews\":3"), std::string::npos);
  auto page = s.list(0, 2);
  ASSERT_TRUE(page.ok());
  EXPECT_NE(page.value().find("\"total\":5"), std::string::npos);
  // Newest first: the 2025-10-06 digest's papers, rank 1 before rank 2.
  EXPECT_LT(page.value().find("digest-2025-10-06/1"), page.value().find("digest-2025-10-06/2"));
  EXPECT_EQ(page.value().find("2025-10-05"), std::string::npos);  // limit respected
  auto doc = s.get("ai/review/2025-10-05-reward-shaping-agents");
  ASSERT_TRUE(doc.ok());
  EXPECT_NE(doc.value().find("\"kind\":\"review\""), std::string::npos);
  auto g = s.get("digest-2025-10-06");
  ASSERT_TRUE(g.ok());
  EXPECT_NE(g.value().find("\"papers\":["), std::string::npos);
  EXPECT_NE(g.value().find("\"by_upvotes\":[\"digest-2025-10-06/1\",\"digest-2025-10-06/2\"]"), std::string::npos) << g.value();
  auto missing = s.get("nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::NOT_FOUND);
  // A failed load keeps the previous bundle.
  EXPECT_FALSE(s.load("{").ok());
  EXPECT_TRUE(s.list(0, 1).ok());
  EXPECT_EQ(digest::envelope(s.get("nope")).rfind("{\"ok\":false,\"error\":{\"code\":\"NOT_FOUND\"", 0), 0u);
}

TEST(Loader, DisplayTitleDropsTheSitePrefixWhenNotGiven) {
  auto r = load_bundle(wrap(R"([{"id":"a","title":"[논문리뷰] Graph Agents","date":"2025-01-01"},)"
                            R"({"id":"b","title":"[논문리뷰] X","display_title":"Custom","date":"2025-01-01"}])"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.value().bundle.docs[0].title, "[논문리뷰] Graph Agents");
  EXPECT_EQ(r.value().bundle.docs[0].display_title, "Graph Agents");
  EXPECT_EQ(r.value().bundle.docs[1].display_title, "Custom");
}

TEST(Session, DigestPageOffersUpvoteOrderAndNeighbouringDays) {
  digest::Session s;
  auto loaded = s.load(wrap("[]", R"([{"id":"d1","date":"2025-01-01","papers":[)"
                                   R"({"id":"a","title":"A","upvotes":3},{"id":"b","title":"B","upvotes":30},{"id":"c","title":"C"}]},)"
                                   R"({"id":"d0","date":"2024-12-31","papers":[]},{"id":"d2","date":"2025-01-05","papers":[]},)"
                                   R"({"id":"w1","kind":"weekly","date":"2025-01-02","papers":[]}])"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().describe();
  auto g = s.get("d1");
  ASSERT_TRUE(g.ok());
  EXPECT_NE(g.value().find(R"("by_upvotes":["b","a","c"])"), std::string::npos) << g.value();
  EXPECT_NE(g.value().find(R"("prev":{"id":"d0")"), std::string::npos) << g.value();
  EXPECT_NE(g.value().find(R"("next":{"id":"d2")"), std::string::npos) << g.value();  // the weekly one is not a neighbour
  // A digest's language is most of its papers' (English titles here); none without papers.
  EXPECT_NE(g.value().find(R"("paper_count":3,"lang":"en")"), std::string::npos) << g.value();
  EXPECT_NE(g.value().find(R"("date":"2024-12-31","paper_count":0})"), std::string::npos) << g.value();
}

// A field name with a lone surrogate escape passes the syntax check but is not text: the document
// (or digest) holding it is skipped with a message that says so, and no field is named (it used to
// be an INTERNAL "unexpected parser state" naming the field before it).
TEST(Loader, FieldNameWithALoneSurrogateIsReportedAsSuch) {
  const std::string json = R"({"format":"paper-digest-bundle","version":1,"reviews":[
    {"id":"a","title":"A","date":"2025-01-01","tags":["x"],"zz\ud800":1},
    {"id":"b","title":"B","date":"2025-01-02","prev":{"id":"a","t\udc00":"x"}},
    {"id":"c","title":"C","date":"2025-01-03"}],
   "digests":[{"id":"digest-2025-01-04","date":"2025-01-04","\ud801x":true,"papers":[{"id":"p","title":"P"}]}]})";
  auto r = load_bundle(json);
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const digest::LoadReport& rep = r.value();
  ASSERT_EQ(rep.bundle.docs.size(), 1u);
  EXPECT_EQ(rep.bundle.docs[0].id, "c");
  ASSERT_EQ(rep.problems.size(), 3u);
  for (const digest::Error& e : rep.problems) {
    EXPECT_EQ(e.code, ErrorCode::BAD_VALUE) << e.describe();
    EXPECT_NE(e.message.find("unreadable field name"), std::string::npos) << e.describe();
    EXPECT_GT(e.offset, 0);
  }
  EXPECT_EQ(rep.problems[0].field, "");
  EXPECT_EQ(rep.problems[0].section, "reviews");
  EXPECT_EQ(rep.problems[0].doc, 0);
  EXPECT_EQ(rep.problems[1].doc, 1);
  EXPECT_EQ(rep.problems[2].section, "digests");
  EXPECT_NE(rep.problems[2].message.find("(the digest is skipped)"), std::string::npos) << rep.problems[2].describe();
}
