// feed_test.cpp — Atom and JSON Feed writers: entries, order, per-tag feeds, escaping, errors.
#include "digest/feed.h"

#include <gtest/gtest.h>

#include <map>

#include "digest/loader.h"

namespace digest {
namespace {

Document review(std::string id, std::string date, std::vector<std::string> tags, std::string title = "") {
  Document d;
  d.kind = DocKind::REVIEW;
  d.id = id;
  d.slug = id;
  d.title = title.empty() ? "[논문리뷰] " + id : title;
  d.display_title = title.empty() ? id : title;
  d.date = date;
  d.tags = std::move(tags);
  d.excerpt = "excerpt of " + id;
  return d;
}

Bundle sample() {
  Bundle b;
  b.title = "Sample";
  b.docs.push_back(review("a", "2025-01-01", {"LLM", "RL"}));
  b.docs.push_back(review("b", "2025-03-01", {"LLM"}));
  b.docs.push_back(review("c", "2025-02-01", {"Vision", "RL"}));
  b.docs.push_back(review("d", "2025-04-01", {"LLM", "Vision"}));
  b.docs.push_back(review("e", "2025-05-01", {"로보틱스"}));
  return b;
}

size_t count(const std::string& s, const std::string& needle) {
  size_t n = 0;
  for (size_t at = s.find(needle); at != std::string::npos; at = s.find(needle, at + 1)) ++n;
  return n;
}

const FeedFile* find(const std::vector<FeedFile>& files, const std::string& path) {
  for (const auto& f : files)
    if (f.path == path) return &f;
  return nullptr;
}

TEST(Feed, TopTagsAreMostUsedFirstTiesByName) {
  auto tags = top_tags(sample(), 3);
  ASSERT_EQ(tags.size(), 3u);
  EXPECT_EQ(tags[0], (std::pair<std::string, size_t>{"LLM", 3}));
  EXPECT_EQ(tags[1], (std::pair<std::string, size_t>{"RL", 2}));
  EXPECT_EQ(tags[2], (std::pair<std::string, size_t>{"Vision", 2}));
  EXPECT_EQ(top_tags(sample(), 100).size(), 4u);
}

TEST(Feed, TopTagsCountADocumentOnceEvenWithARepeatedTag) {
  Bundle b;
  b.docs.push_back(review("a", "2025-01-01", {"X", "X", "X"}));
  b.docs.push_back(review("b", "2025-01-02", {"Y"}));
  b.docs.push_back(review("c", "2025-01-03", {"Y"}));
  auto tags = top_tags(b, 2);
  EXPECT_EQ(tags[0], (std::pair<std::string, size_t>{"Y", 2}));
  EXPECT_EQ(tags[1], (std::pair<std::string, size_t>{"X", 1}));
}

// QA finding: a tag of 86+ Hangul syllables made a file name over 255 bytes, and `digest feed`
// failed half-way ("File name too long").
TEST(Feed, ALongTagGetsAShortStableFileName) {
  std::string a, b;
  for (int i = 0; i < 13; ++i) a += "대규모언어모델";
  b = a + "확장";
  const std::string sa = tag_slug(a), sb = tag_slug(b);
  EXPECT_LE(sa.size(), kMaxTagSlugBytes);
  EXPECT_LE(sb.size(), kMaxTagSlugBytes);
  EXPECT_NE(sa, sb);                       // same first 100 bytes, two files
  EXPECT_EQ(sa, tag_slug(a));              // the same name from build to build
  EXPECT_EQ(sa.compare(0, 33 * 3, a, 0, 33 * 3), 0) << sa;  // starts with whole syllables
  EXPECT_EQ(tag_slug(std::string(300, 'x')).size(), 100u + 9u);
  EXPECT_EQ(tag_slug(std::string(120, 'x')), std::string(120, 'x'));  // at the limit: as is
}

TEST(Feed, TagSlugKeepsHangulAndFallsBack) {
  EXPECT_EQ(tag_slug("LLM"), "llm");
  EXPECT_EQ(tag_slug("Reinforcement Learning"), "reinforcement-learning");
  EXPECT_EQ(tag_slug("로보틱스"), "로보틱스");
  EXPECT_EQ(tag_slug("../.."), "tag-2e-2e-2f-2e-2e");  // never a path that leaves feeds/tag/
  EXPECT_EQ(tag_slug("🔥"), "tag-1f525");             // the same file whatever the tag's rank
}

TEST(Feed, SpellingsOfOneTagAreOneFeed) {
  // As in the viewer's facets: "Large Language Models" and "large-language-models" are one tag,
  // shown in its most used spelling, counted once per document, one feed named after the identity.
  Bundle b;
  b.docs.push_back(review("a", "2025-01-01", {"Large Language Models"}));
  b.docs.push_back(review("b", "2025-01-02", {"large-language-models"}));
  b.docs.push_back(review("c", "2025-01-03", {"Large Language Models", "large_language_models"}));
  b.docs.push_back(review("d", "2025-01-04", {"RL"}));
  auto tags = top_tags(b, 10);
  ASSERT_EQ(tags.size(), 2u);
  EXPECT_EQ(tags[0], (std::pair<std::string, size_t>{"Large Language Models", 3}));
  FeedOptions opt;
  opt.base_url = "https://x.org/";
  auto r = build_feeds(b, opt);
  ASSERT_TRUE(r);
  const FeedFile* llm = find(r.value(), "feeds/tag/large-language-models.json");
  ASSERT_TRUE(llm);
  EXPECT_FALSE(find(r.value(), "feeds/tag/large-language-models-1.json"));
  for (const char* id : {"#/doc/a", "#/doc/b", "#/doc/c"}) EXPECT_NE(llm->content.find(id), std::string::npos) << id;
  EXPECT_EQ(llm->content.find("#/doc/d"), std::string::npos);
}

TEST(Feed, DocumentTimestampPrefersAValidDatetime) {
  Document d = review("a", "2025-11-09", {});
  EXPECT_EQ(document_timestamp(d), "2025-11-09T00:00:00Z");
  d.datetime = "2025-11-09T22:08:24+09:00";
  EXPECT_EQ(document_timestamp(d), "2025-11-09T22:08:24+09:00");
  d.datetime = "2025-11-09 22:08";  // not RFC 3339: the date wins
  EXPECT_EQ(document_timestamp(d), "2025-11-09T00:00:00Z");
  d.date = "soon";
  d.datetime = "";
  EXPECT_EQ(document_timestamp(d), "");
}

// QA finding: the feed's <updated> was the newest publication, compared as text, so an entry
// edited later (its `updated` day) or written with another offset could be newer than the feed.
TEST(Feed, TheFeedIsUpdatedNoEarlierThanAnyOfItsEntries) {
  Bundle b;
  b.docs.push_back(review("a", "2025-12-30", {"LLM"}));
  b.docs[0].datetime = "2025-12-30T17:40:28+09:00";  // 08:40:28Z
  b.docs.push_back(review("b", "2025-12-30", {"LLM"}));
  b.docs[1].datetime = "2025-12-30T09:00:00Z";  // later, though it sorts before as text
  b.docs.push_back(review("c", "2025-06-01", {"LLM"}));
  b.docs[2].updated = "2026-01-18";  // edited after everything else was published
  FeedOptions opt;
  opt.base_url = "https://x.org/";
  auto r = build_feeds(b, opt);
  ASSERT_TRUE(r);
  const FeedFile* atom = find(r.value(), "feed.xml");
  ASSERT_TRUE(atom);
  EXPECT_NE(atom->content.find("  <updated>2026-01-18T00:00:00Z</updated>\n  <link"), std::string::npos) << atom->content.substr(0, 400);
  // b's entry: published and updated at its own timestamp; c's: updated on its edit day.
  EXPECT_NE(atom->content.find("<published>2025-06-01T00:00:00Z</published>\n    <updated>2026-01-18T00:00:00Z</updated>"), std::string::npos);
  b.docs.pop_back();
  auto r2 = build_feeds(b, opt);
  ASSERT_TRUE(r2);
  const FeedFile* atom2 = find(r2.value(), "feed.xml");
  EXPECT_NE(atom2->content.find("  <updated>2025-12-30T09:00:00Z</updated>\n  <link"), std::string::npos) << atom2->content.substr(0, 400);
  const FeedFile* json = find(r.value(), "feed.json");
  EXPECT_NE(json->content.find("\"date_modified\":\"2026-01-18T00:00:00Z\""), std::string::npos);
  // `updated` on the day of publication is no edit (review finding: 2025-12-05 published at
  // 00:00 KST got a date_modified of 2025-12-05T00:00:00Z, nine hours later).
  Bundle same;
  same.docs.push_back(review("s", "2025-12-05", {"LLM"}));
  same.docs[0].datetime = "2025-12-05T00:00:00+09:00";
  same.docs[0].updated = "2025-12-05";
  auto r3 = build_feeds(same, opt);
  ASSERT_TRUE(r3);
  EXPECT_EQ(find(r3.value(), "feed.json")->content.find("date_modified"), std::string::npos);
  EXPECT_NE(find(r3.value(), "feed.xml")->content.find("<updated>2025-12-05T00:00:00+09:00</updated>"), std::string::npos);
}

TEST(Feed, MainFeedListsNewestFirstUpToTheLimit) {
  FeedOptions opt;
  opt.base_url = "https://example.org/reviews";  // trailing slash added
  opt.limit = 3;
  opt.top_tags = 0;
  auto r = build_feeds(sample(), opt);
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r.value().size(), 2u);
  const std::string& atom = r.value()[0].content;
  EXPECT_EQ(r.value()[0].path, "feed.xml");
  EXPECT_EQ(r.value()[1].path, "feed.json");
  EXPECT_EQ(count(atom, "<entry>"), 3u);
  size_t e = atom.find("#/doc/e"), d = atom.find("#/doc/d"), b = atom.find("#/doc/b");
  ASSERT_NE(e, std::string::npos);
  EXPECT_LT(e, d);
  EXPECT_LT(d, b);
  EXPECT_EQ(atom.find("#/doc/c"), std::string::npos);
  EXPECT_NE(atom.find("<link rel=\"self\" type=\"application/atom+xml\" href=\"https://example.org/reviews/feed.xml\"/>"),
            std::string::npos);
  EXPECT_NE(atom.find("<updated>2025-05-01T00:00:00Z</updated>"), std::string::npos);  // the newest entry
  EXPECT_NE(atom.find("<category term=\"로보틱스\"/>"), std::string::npos);
  EXPECT_TRUE(check_json(r.value()[1].content).ok());
  EXPECT_NE(r.value()[1].content.find("\"version\":\"https://jsonfeed.org/version/1.1\""), std::string::npos);
  EXPECT_EQ(count(r.value()[1].content, "\"content_text\":"), 3u);
}

TEST(Feed, PerTagFeedsHoldOnlyTheirTag) {
  FeedOptions opt;
  opt.base_url = "http://localhost:8080/";
  opt.top_tags = 2;
  auto r = build_feeds(sample(), opt);
  ASSERT_TRUE(r);
  ASSERT_EQ(r.value().size(), 6u);
  const FeedFile* llm = find(r.value(), "feeds/tag/llm.xml");
  const FeedFile* rl = find(r.value(), "feeds/tag/rl.json");
  ASSERT_TRUE(llm && rl);
  EXPECT_EQ(count(llm->content, "<entry>"), 3u);
  EXPECT_EQ(llm->content.find("#/doc/c"), std::string::npos);
  EXPECT_NE(llm->content.find("href=\"http://localhost:8080/#/?tag=LLM\""), std::string::npos);
  EXPECT_NE(rl->content.find("\"id\":\"http://localhost:8080/#/doc/c\""), std::string::npos);
  EXPECT_NE(rl->content.find("\"id\":\"http://localhost:8080/#/doc/a\""), std::string::npos);
  EXPECT_EQ(rl->content.find("#/doc/b"), std::string::npos);
}

TEST(Feed, TagsWithTheSameSlugGetDistinctFiles) {
  // Two tags (C++ and C#: different identities) whose file names would be the same.
  Bundle b;
  b.docs.push_back(review("a", "2025-01-01", {"C++", "C#"}));
  FeedOptions opt;
  opt.base_url = "https://x.org/";
  auto r = build_feeds(b, opt);
  ASSERT_TRUE(r);
  const std::string cpp = tag_file_name("c++"), cs = tag_file_name("c#");
  EXPECT_NE(cpp, cs);
  EXPECT_TRUE(find(r.value(), "feeds/tag/" + cpp + ".xml"));
  EXPECT_TRUE(find(r.value(), "feeds/tag/" + cs + ".xml"));
  for (const std::string& name : {cpp, cs}) {
    ASSERT_EQ(name.size(), 10u) << name;  // "c-" and 8 hex digits of a hash of the identity
    EXPECT_EQ(name.compare(0, 2, "c-"), 0) << name;
    EXPECT_EQ(name.find_first_not_of("0123456789abcdef", 2), std::string::npos) << name;
  }
}

// QA finding: the names came from the tags' rank ("c", "c-1"), so when C overtook C++ the two
// feeds swapped files, and a subscriber of one silently got the other under the same Atom id.
TEST(Feed, ATagKeepsItsFileWhateverTheOtherTagsAndTheirCounts) {
  auto names = [](int c_docs) {
    Bundle b;
    for (int i = 0; i < 3; ++i) b.docs.push_back(review("p" + std::to_string(i), "2025-01-0" + std::to_string(i + 1), {"C++"}));
    for (int i = 0; i < c_docs; ++i) b.docs.push_back(review("c" + std::to_string(i), "2025-02-0" + std::to_string(i + 1), {"C"}));
    b.docs.push_back(review("z", "2025-03-01", {"a.b", "a/b", "ab", "dg-net"}));
    FeedOptions opt;
    opt.base_url = "https://x.org/";
    opt.top_tags = 50;
    auto r = build_feeds(b, opt);
    EXPECT_TRUE(r);
    std::map<std::string, std::string> title_of;  // file -> the tag its feed says it is
    for (const FeedFile& f : r.value()) {
      if (f.path.compare(0, 10, "feeds/tag/") != 0 || f.path.size() < 4 || f.path.compare(f.path.size() - 4, 4, ".xml") != 0) continue;
      size_t at = f.content.find("<title>Paper Digest · ");
      EXPECT_NE(at, std::string::npos) << f.path;
      title_of[f.path] = f.content.substr(at + 23, f.content.find("</title>", at) - at - 23);
    }
    return title_of;
  };
  const auto fewer = names(2), more = names(4);  // C below C++, then above it
  EXPECT_EQ(fewer, more);
  EXPECT_EQ(fewer.at("feeds/tag/c.xml"), "C");
  EXPECT_EQ(fewer.at("feeds/tag/ab.xml"), "ab");
  EXPECT_EQ(fewer.at("feeds/tag/dg-net.xml"), "dg-net");  // as the identity is (no HTML-id prefix)
  EXPECT_EQ(fewer.at("feeds/tag/" + tag_file_name("c++") + ".xml"), "C++");
  EXPECT_EQ(fewer.size(), 6u);  // C++, C, a.b, a/b, ab, dg-net: six files
}

TEST(Feed, HostileTextIsEscapedAndControlCharactersReplaced) {
  Bundle b;
  Document d = review("x&y", "2025-01-01", {"a\"b"}, "<script>alert(1)</script> & \x01 bad \xff");
  d.excerpt = "]]> </summary><evil/>";
  b.docs.push_back(d);
  FeedOptions opt;
  opt.base_url = "https://x.org/";
  opt.top_tags = 0;
  auto r = build_feeds(b, opt);
  ASSERT_TRUE(r);
  const std::string& atom = r.value()[0].content;
  EXPECT_EQ(atom.find("<script>"), std::string::npos);
  EXPECT_EQ(atom.find("<evil/>"), std::string::npos);
  EXPECT_EQ(atom.find('\x01'), std::string::npos);
  EXPECT_EQ(atom.find('\xff'), std::string::npos);
  EXPECT_NE(atom.find("&lt;script&gt;alert(1)&lt;/script&gt; &amp; \xEF\xBF\xBD bad \xEF\xBF\xBD"), std::string::npos);
  EXPECT_NE(atom.find("#/doc/x%26y"), std::string::npos);
  EXPECT_NE(atom.find("term=\"a&quot;b\""), std::string::npos);
  EXPECT_TRUE(check_json(r.value()[1].content).ok());
}

TEST(Feed, OutputIsDeterministic) {
  FeedOptions opt;
  opt.base_url = "https://x.org/";
  auto a = build_feeds(sample(), opt), b = build_feeds(sample(), opt);
  ASSERT_TRUE(a && b);
  ASSERT_EQ(a.value().size(), b.value().size());
  for (size_t i = 0; i < a.value().size(); ++i) EXPECT_EQ(a.value()[i].content, b.value()[i].content);
}

TEST(Feed, EmptyBundleGivesValidEmptyFeeds) {
  FeedOptions opt;
  opt.base_url = "https://x.org/";
  auto r = build_feeds(Bundle{}, opt);
  ASSERT_TRUE(r);
  ASSERT_EQ(r.value().size(), 2u);
  EXPECT_NE(r.value()[0].content.find("<updated>1970-01-01T00:00:00Z</updated>"), std::string::npos);
  EXPECT_NE(r.value()[1].content.find("\"items\":[]"), std::string::npos);
}

TEST(Feed, BadOptionsAreRefusedWithTheOptionNamed) {
  FeedOptions opt;
  for (const char* url : {"", "example.org/", "ftp://x.org/", "https:///path", "https://x.org/?a=1", "javascript:alert(1)"}) {
    opt.base_url = url;
    auto r = build_feeds(sample(), opt);
    ASSERT_FALSE(r) << url;
    EXPECT_EQ(r.error().code, ErrorCode::BAD_VALUE);
    EXPECT_EQ(r.error().field, "base-url");
  }
  opt.base_url = "https://x.org/";
  opt.limit = 0;
  EXPECT_EQ(build_feeds(sample(), opt).error().field, "limit");
  opt.limit = kMaxFeedEntries + 1;
  EXPECT_EQ(build_feeds(sample(), opt).error().field, "limit");
  opt.limit = 5;
  opt.top_tags = kMaxFeedTags + 1;
  EXPECT_EQ(build_feeds(sample(), opt).error().field, "top-tags");
}

}  // namespace
}  // namespace digest
