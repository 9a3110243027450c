// hostile_bundle_test.cpp — hostile and broken bundles (issue 7, part 3), beyond the single
// cases of loader_test.cpp: each class of bad input on a realistic generated bundle, through
// load_bundle and Session::load (what `digest validate` and `d.load()` call). Every failure
// must be a clear error value (code, non-empty message, where), never a crash, hang or abort;
// partial-but-valid bundles load with a count of what was skipped.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "digest/loader.h"
#include "digest/session.h"
#include "simdjson.h"

using digest::ErrorCode;
using digest::load_bundle;

namespace {

const char* kHead = R"({"format":"paper-digest-bundle","version":1,)";

std::string review(int i) {
  return R"({"id":"ai/review/r)" + std::to_string(i) + R"(","title":"[논문리뷰] Review )" + std::to_string(i) +
         R"( on 강화 학습","date":"2025-0)" + std::to_string(1 + i % 9) + R"(-1)" + std::to_string(i % 10) +
         R"(","tags":["Review","LLM"],"markdown":"## 핵심 연구 목표\n모델 )" + std::to_string(i) + R"( 입니다."})";
}

std::string paper(int g, int k) {
  return R"({"id":"p)" + std::to_string(g) + "-" + std::to_string(k) + R"(","title":"Paper )" + std::to_string(k) +
         R"(","upvotes":)" + std::to_string(10 * k) + R"(,"rank":)" + std::to_string(k + 1) +
         R"(,"sections":[{"name":"한 줄 요약","markdown":"요약 **굵게**"}]})";
}

std::string digest_json(int g, int papers) {
  std::string s = R"({"id":"digest-2026-01-)" + std::to_string(10 + g) + R"(","kind":"daily","title":"D","date":"2026-01-)" +
                  std::to_string(10 + g) + R"(","papers":[)";
  for (int k = 0; k < papers; ++k) s += (k ? "," : "") + paper(g, k);
  return s + "]}";
}

// A realistic bundle: `reviews` reviews and `digests` digests of 5 papers each.
std::string bundle(int reviews, int digests) {
  std::string s = std::string(kHead) + R"("title":"Hostile test","reviews":[)";
  for (int i = 0; i < reviews; ++i) s += (i ? "," : "") + review(i);
  s += R"(],"digests":[)";
  for (int g = 0; g < digests; ++g) s += (g ? "," : "") + digest_json(g, 5);
  return s + "]}";
}

std::string wrap(const std::string& reviews, const std::string& digests = "[]") {
  return std::string(kHead) + R"("reviews":)" + reviews + R"(,"digests":)" + digests + "}";
}

// Typed reads of a parsed JSON value (simdjson is built without exceptions); a missing key or
// wrong type gives a value no assertion accepts.
int64_t int_at(simdjson::dom::element el, const char* key) {
  int64_t v = INT64_MIN;
  (void)el[key].get(v);
  return v;
}
std::string str_at(simdjson::dom::element el, const char* key) {
  std::string_view v = "<missing>";
  (void)el[key].get(v);
  return std::string(v);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Asserts `r` failed with `code`, a message, and (when `where` >= 0) that exact byte offset,
// which describe() names.
template <typename T>
void expect_error(const digest::Result<T>& r, ErrorCode code, int64_t where, const std::string& what) {
  ASSERT_FALSE(r.ok()) << what;
  EXPECT_EQ(r.error().code, code) << what << ": " << r.error().describe();
  EXPECT_FALSE(r.error().message.empty()) << what;
  if (where >= 0) {
    EXPECT_EQ(r.error().offset, where) << what << ": " << r.error().describe();
    EXPECT_NE(r.error().describe().find("at byte " + std::to_string(where)), std::string::npos) << r.error().describe();
  }
}

}  // namespace

TEST(HostileBundle, GeneratedBundleLoadsCompletely) {
  auto r = load_bundle(bundle(40, 8));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  EXPECT_EQ(r.value().bundle.review_count(), 40u);
  EXPECT_EQ(r.value().bundle.paper_count(), 40u);
  EXPECT_EQ(r.value().bundle.digests.size(), 8u);
  EXPECT_EQ(r.value().skipped, 0u);
}

TEST(HostileBundle, TruncatedAtEveryTenthOfALargeBundleSaysWhere) {
  std::string all = bundle(200, 40);  // ~60 KB with reviews, digests and papers
  for (int tenth = 0; tenth < 10; ++tenth) {
    size_t cut = all.size() * tenth / 10;
    std::string part = all.substr(0, cut);
    auto r = load_bundle(part);
    if (tenth == 0) {
      expect_error(r, ErrorCode::EMPTY_INPUT, -1, "empty");
      continue;
    }
    // The input ends inside a value: the error is at the end of what was given.
    expect_error(r, ErrorCode::JSON_SYNTAX, static_cast<int64_t>(cut), "cut at " + std::to_string(cut));
    EXPECT_GE(r.error().line, 1);
    EXPECT_GE(r.error().column, 1);
  }
}

TEST(HostileBundle, TruncationCutsThroughMultibyteCharacters) {
  // Cutting inside a 3-byte Hangul character leaves an incomplete UTF-8 sequence at the end.
  std::string all = wrap("[" + review(1) + "]");
  size_t hangul = all.find("\xEB\x85\xBC");  // 논
  ASSERT_NE(hangul, std::string::npos);
  for (size_t k = 1; k <= 2; ++k) {
    auto r = load_bundle(all.substr(0, hangul + k));
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().code == ErrorCode::INVALID_UTF8 || r.error().code == ErrorCode::JSON_SYNTAX)
        << r.error().describe();
    EXPECT_GE(r.error().offset, static_cast<int64_t>(hangul)) << r.error().describe();
  }
}

TEST(HostileBundle, RandomBytesAndMutatedBundlesFailCleanly) {
  // Random bytes, and a valid bundle with one byte overwritten at 500 positions: never a
  // crash; every error has a code other than INTERNAL, a message and an offset in the input.
  std::string good = bundle(20, 4);
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state] {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    return state;
  };
  int loaded = 0;
  for (int round = 0; round < 1500; ++round) {
    std::string in;
    if (round < 1000) {
      in.resize(next() % 600);
      for (char& c : in) c = static_cast<char>(next());
    } else {
      in = good;
      in[next() % in.size()] = "\"{}[],:0\\\xC3\xFF x"[next() % 14];
    }
    auto r = load_bundle(in);
    if (r.ok()) {
      ++loaded;
      continue;
    }
    EXPECT_NE(r.error().code, ErrorCode::INTERNAL) << r.error().describe();
    EXPECT_FALSE(r.error().message.empty());
    EXPECT_LE(r.error().offset, static_cast<int64_t>(in.size())) << r.error().describe();
  }
  EXPECT_LT(loaded, 500);  // most mutations break the bundle; some (a changed letter) do not
}

TEST(HostileBundle, BareJsonValuesAreNotBundles) {
  const char* bare[] = {"0", "-0", "1e400", "\"\"", "\"\\u0000\"", "false", "null", "{}", "[{}]", "[[[]]]",
                        "{\"reviews\":[]}", "{\"format\":\"paper-digest-bundle\"}", "{\"version\":1}"};
  for (const char* in : bare) {
    auto r = load_bundle(in);
    expect_error(r, ErrorCode::BAD_FORMAT, -1, in);
  }
  // Two values, or a value followed by garbage, is not JSON at all.
  for (const char* in : {"{} {}", "null x", "[] ]"}) expect_error(load_bundle(in), ErrorCode::JSON_SYNTAX, -1, in);
}

TEST(HostileBundle, TenThousandDeepNestingAnywhereIsRefusedQuickly) {
  const std::string opens[] = {std::string(10000, '['), [] {
                                 std::string s;
                                 for (int i = 0; i < 10000; ++i) s += "{\"a\":";
                                 return s;
                               }()};
  for (const std::string& open : opens) {
    // At the top level, inside an unknown field, and inside a review's field.
    for (const std::string& prefix : {std::string(), std::string(kHead) + "\"x\":",
                                      std::string(kHead) + R"("reviews":[{"id":"r","title":"T","date":"2025-01-01","tags":)"}) {
      std::string in = prefix + open;  // unterminated too: the depth limit must trip first
      auto t0 = std::chrono::steady_clock::now();
      auto r = load_bundle(in);
      EXPECT_LT(seconds_since(t0), 2.0);
      // The first bracket beyond kMaxJsonDepth levels is where it fails.
      ASSERT_FALSE(r.ok());
      EXPECT_EQ(r.error().code, ErrorCode::TOO_DEEP) << r.error().describe();
      EXPECT_GT(r.error().offset, static_cast<int64_t>(prefix.size()));
      EXPECT_LT(r.error().offset, static_cast<int64_t>(prefix.size() + open.size()));
    }
  }
  // kMaxJsonDepth levels in total are fine.
  std::string ok_nest = std::string(kHead) + "\"x\":" + std::string(digest::kMaxJsonDepth - 1, '[') +
                        std::string(digest::kMaxJsonDepth - 1, ']') + R"(,"reviews":[]})";
  EXPECT_TRUE(load_bundle(ok_nest).ok()) << load_bundle(ok_nest).error().describe();
}

TEST(HostileBundle, HundredMegabyteStringLoadsOrFailsCleanlyAndQuickly) {
  const size_t kBig = size_t{100} << 20;
  std::string body(kBig, 'a');
  for (size_t i = 0; i < kBig; i += 1000) body[i] = ' ';
  std::string in = wrap(R"([{"id":"big","title":"T","date":"2025-01-01","markdown":")" + body + "\"}," + review(2) + "]");
  body.clear();
  body.shrink_to_fit();
  auto t0 = std::chrono::steady_clock::now();
  {
    auto r = load_bundle(in);
    ASSERT_TRUE(r.ok()) << r.error().describe();
    EXPECT_EQ(r.value().bundle.docs.size(), 2u);
    EXPECT_EQ(r.value().bundle.docs[0].markdown.size(), kBig);
  }
  EXPECT_LT(seconds_since(t0), 30.0);  // generous: sanitizer builds are ~3x slower
  // The same string unterminated: JSON_SYNTAX at the very end, not a crash or a copy of it.
  std::string cut = in.substr(0, in.size() / 2);
  in.clear();
  in.shrink_to_fit();
  t0 = std::chrono::steady_clock::now();
  expect_error(load_bundle(cut), ErrorCode::JSON_SYNTAX, static_cast<int64_t>(cut.size()), "unterminated 100 MB string");
  // An invalid byte near its end: INVALID_UTF8 at that byte.
  cut[cut.size() - 10] = '\xFF';
  expect_error(load_bundle(cut), ErrorCode::INVALID_UTF8, static_cast<int64_t>(cut.size() - 10), "bad byte after 50 MB");
  EXPECT_LT(seconds_since(t0), 30.0);
}

TEST(HostileBundle, SessionLoadOfABigStringKeepsErrorMessagesShort) {
  // A 1 MB bad "format" value must not be echoed whole into the message shown to the user.
  std::string in = R"({"format":")" + std::string(1 << 20, 'z') + R"(","version":1})";
  digest::Session s;
  auto r = s.load(in);
  expect_error(r, ErrorCode::BAD_FORMAT, 10, "huge format");
  EXPECT_LT(r.error().message.size(), 300u);
  EXPECT_LT(digest::envelope(r).size(), 1000u);
}

TEST(HostileBundle, DuplicateIdsAcrossReviewsPapersAndDigestsAreReported) {
  std::string reviews = "[" + review(1) + "," + review(1) + "]";  // same review twice
  // Digest 0 twice, and a paper id reused in another digest.
  std::string digests = "[" + digest_json(0, 2) + "," + digest_json(0, 2) + "," +
                        R"({"id":"digest-2026-02-01","date":"2026-02-01","papers":[)" + paper(0, 0) + "," + paper(9, 9) + "]}]";
  auto r = load_bundle(wrap(reviews, digests));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const auto& rep = r.value();
  // Kept: review r1, digest 0 with p0-0 and p0-1, the second digest with p9-9 only.
  EXPECT_EQ(rep.bundle.review_count(), 1u);
  EXPECT_EQ(rep.bundle.digests.size(), 2u);
  EXPECT_EQ(rep.bundle.paper_count(), 3u);
  EXPECT_EQ(rep.skipped, rep.problems.size());
  EXPECT_GE(rep.skipped, 3u);  // the review, the digest (or its two papers), the reused paper
  for (const auto& p : rep.problems) {
    EXPECT_EQ(p.code, ErrorCode::DUPLICATE_ID) << p.describe();
    EXPECT_FALSE(p.section.empty()) << p.describe();
    EXPECT_GE(p.offset, 0) << p.describe();
  }
  // Every id in the loaded bundle is unique.
  std::vector<std::string> ids;
  for (const auto& d : rep.bundle.docs) ids.push_back(d.id);
  for (const auto& g : rep.bundle.digests) ids.push_back(g.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}

TEST(HostileBundle, WrongTypesInTopLevelFieldsRejectTheBundleNamingTheField) {
  struct Case { std::string in; ErrorCode code; std::string field; };
  const Case cases[] = {
      {R"({"format":7,"version":1})", ErrorCode::WRONG_TYPE, "format"},
      {R"({"format":"paper-digest-bundle","version":"1"})", ErrorCode::BAD_FORMAT, "version"},
      {R"({"format":"paper-digest-bundle","version":1.5})", ErrorCode::BAD_FORMAT, "version"},
      {R"({"format":"paper-digest-bundle","version":0})", ErrorCode::BAD_FORMAT, "version"},
      {R"({"format":"paper-digest-bundle","version":-1})", ErrorCode::BAD_FORMAT, "version"},
      {R"({"format":"paper-digest-bundle","version":1e400})", ErrorCode::BAD_FORMAT, "version"},
      {R"({"format":"paper-digest-bundle","version":1,"title":["x"]})", ErrorCode::WRONG_TYPE, "title"},
      {R"({"format":"paper-digest-bundle","version":1,"build":[]})", ErrorCode::WRONG_TYPE, "build"},
      {R"({"format":"paper-digest-bundle","version":1,"reviews":{}})", ErrorCode::WRONG_TYPE, "reviews"},
      {R"({"format":"paper-digest-bundle","version":1,"digests":"x"})", ErrorCode::WRONG_TYPE, "digests"},
  };
  for (const auto& c : cases) {
    auto r = load_bundle(c.in);
    ASSERT_FALSE(r.ok()) << c.in;
    EXPECT_EQ(r.error().code, c.code) << c.in << ": " << r.error().describe();
    EXPECT_EQ(r.error().field, c.field) << c.in << ": " << r.error().describe();
    EXPECT_GE(r.error().offset, 0) << c.in;
  }
}

TEST(HostileBundle, WrongTypesInEveryDigestFieldSkipOnlyThatDigest) {
  const char* fields[] = {"id", "kind", "title", "date", "intro", "papers", "ranking_count", "recommended_count",
                          "full_text_count", "abstract_count"};
  for (const char* f : fields) {
    for (const char* bad : {"{\"x\":1}", "[true]", "\"7\"", "-3", "2.5", "false"}) {
      std::string bad_digest = std::string(R"({"id":"digest-bad","date":"2026-01-02","papers":[{"id":"pb","title":"P"}],")") +
                               f + "\":" + bad + "}";
      auto r = load_bundle(wrap("[" + review(1) + "]", "[" + digest_json(0, 3) + "," + bad_digest + "]"));
      ASSERT_TRUE(r.ok()) << f << "=" << bad << ": " << r.error().describe();
      // The good review and digest always survive.
      EXPECT_EQ(r.value().bundle.review_count(), 1u) << f << "=" << bad;
      EXPECT_GE(r.value().bundle.paper_count(), 3u) << f << "=" << bad;
      if (r.value().skipped == 0) continue;  // a value of an acceptable type (e.g. "7" for a title)
      // Reported where it is: the digest's field, or (for a bad entry in "papers") that paper.
      const auto& p = r.value().problems[0];
      EXPECT_NE(p.describe().find("digests[1]"), std::string::npos) << f << "=" << bad << ": " << p.describe();
      if (p.section == "digests") {
        EXPECT_EQ(p.doc, 1) << p.describe();
        EXPECT_EQ(p.field.rfind(f, 0), 0u) << f << "=" << bad << ": " << p.describe();
      } else {
        EXPECT_EQ(p.section, "digests[1].papers") << p.describe();
        EXPECT_EQ(std::string(f), "papers") << p.describe();
      }
    }
  }
}

TEST(HostileBundle, InvalidUtf8OfEveryKindIsRejectedAtItsByte) {
  const std::string bad[] = {
      "\xC0\x80",          // overlong NUL
      "\xE0\x80\xAF",      // overlong '/'
      "\xED\xA0\x80",      // UTF-16 surrogate
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\x80",              // lone continuation byte
      "\xE2\x82",          // truncated sequence before a quote
      "\xFE",              // never valid
  };
  for (const std::string& b : bad) {
    for (const char* where : {"title", "key"}) {
      std::string in = std::string(where) == "title"
                           ? wrap(R"([{"id":"r","title":"x)" + b + R"(y","date":"2025-01-01"}])")
                           : wrap(R"([{"id":"r","title":"T","date":"2025-01-01","k)" + b + R"(":1}])");
      size_t at = in.find(b);
      expect_error(load_bundle(in), ErrorCode::INVALID_UTF8, static_cast<int64_t>(at), "bad UTF-8 in " + std::string(where));
    }
  }
}

TEST(HostileBundle, EscapedLoneSurrogatesDoNotReachTheBundle) {
  // "\ud800" is valid JSON syntax but not a character: either rejected, or replaced, never
  // stored as invalid UTF-8 that the renderer and JSON writer would pass on.
  auto r = load_bundle(wrap(R"([{"id":"r","title":"a\ud800b","date":"2025-01-01"}])"));
  if (!r.ok()) {
    EXPECT_FALSE(r.error().message.empty());
    return;
  }
  if (r.value().skipped == 1) return;  // reported and skipped
  ASSERT_EQ(r.value().bundle.docs.size(), 1u);
  const std::string& t = r.value().bundle.docs[0].title;
  EXPECT_EQ(t.find("\xED\xA0\x80"), std::string::npos);
  EXPECT_TRUE(simdjson::validate_utf8(t.data(), t.size())) << t;
}

TEST(HostileBundle, ByteOrderMarksOnlyAtTheStart) {
  std::string good = wrap("[" + review(1) + "]");
  EXPECT_TRUE(load_bundle("\xEF\xBB\xBF" + good).ok());
  // Two BOMs, a BOM after whitespace, a BOM before a bare value: clear errors at byte 3/1/-.
  expect_error(load_bundle("\xEF\xBB\xBF\xEF\xBB\xBF" + good), ErrorCode::JSON_SYNTAX, 3, "double BOM");
  expect_error(load_bundle(" \xEF\xBB\xBF" + good), ErrorCode::JSON_SYNTAX, 1, "BOM after a space");
  expect_error(load_bundle("\xEF\xBB\xBF[]"), ErrorCode::BAD_FORMAT, -1, "BOM + bare array");
  // A UTF-16 BOM means the file is not UTF-8 at all.
  auto r16 = load_bundle("\xFF\xFE{\x00}\x00");
  ASSERT_FALSE(r16.ok());
  EXPECT_EQ(r16.error().offset, 0) << r16.error().describe();
}

TEST(HostileBundle, HugeNumbersInEveryNumericFieldAreBadValues) {
  const char* huge[] = {"1e999", "-1e999", "18446744073709551616", "9223372036854775808",
                        "-9223372036854775809", "1e308", "123456789012345678901234567890"};
  for (const char* field : {"upvotes", "stars", "rank"}) {
    for (const char* n : huge) {
      std::string p = std::string(R"({"id":"px","title":"P",")") + field + "\":" + n + "}";
      auto r = load_bundle(wrap("[]", R"([{"id":"g","date":"2025-01-01","papers":[)" + paper(0, 0) + "," + p + "]}]"));
      ASSERT_TRUE(r.ok()) << field << "=" << n << ": " << r.error().describe();
      EXPECT_EQ(r.value().bundle.paper_count(), 1u) << field << "=" << n;
      ASSERT_EQ(r.value().skipped, 1u) << field << "=" << n;
      EXPECT_EQ(r.value().problems[0].field, field) << r.value().problems[0].describe();
      EXPECT_TRUE(r.value().problems[0].code == ErrorCode::BAD_VALUE || r.value().problems[0].code == ErrorCode::WRONG_TYPE)
          << r.value().problems[0].describe();
    }
  }
  for (const char* n : huge) {
    auto r = load_bundle(std::string(R"({"format":"paper-digest-bundle","version":)") + n + "}");
    ASSERT_FALSE(r.ok()) << n;
    EXPECT_TRUE(r.error().code == ErrorCode::BAD_FORMAT || r.error().code == ErrorCode::UNSUPPORTED_VERSION)
        << n << ": " << r.error().describe();
    EXPECT_EQ(r.error().field, "version");
  }
}

TEST(HostileBundle, NewerFormatVersionsAreRefusedWithTheVersionInTheMessage) {
  for (int64_t v : {int64_t{2}, int64_t{17}, int64_t{1} << 40}) {
    std::string in = R"({"format":"paper-digest-bundle","version":)" + std::to_string(v) + R"(,"reviews":[{"id":1}],"future":{}})";
    auto r = load_bundle(in);
    expect_error(r, ErrorCode::UNSUPPORTED_VERSION, static_cast<int64_t>(in.find(std::to_string(v))), "v" + std::to_string(v));
    EXPECT_NE(r.error().message.find(std::to_string(v)), std::string::npos) << r.error().message;
  }
}

TEST(HostileBundle, MixedGoodAndBrokenDocumentsLoadTheGoodOnesWithACount) {
  // 60 reviews, every third one broken in a different way; 4 digests, one broken.
  std::string reviews = "[";
  int broken = 0;
  for (int i = 0; i < 60; ++i) {
    std::string r = review(i);
    if (i % 3 == 1) {
      ++broken;
      switch (i % 4) {
        case 0: r = R"({"id":"x)" + std::to_string(i) + R"(","title":"T","date":"2025-13-01"})"; break;
        case 1: r = R"({"id":"x)" + std::to_string(i) + R"(","title":null,"date":"2025-01-01"})"; break;
        case 2: r = R"({"title":"no id","date":"2025-01-01"})"; break;
        default: r = R"([1,2,3])"; break;
      }
    }
    reviews += (i ? "," : "") + r;
  }
  reviews += "]";
  std::string digests = "[" + digest_json(0, 5) + "," + digest_json(1, 5) + R"(,{"id":"digest-x","date":"never","papers":[)" +
                        paper(7, 0) + "]}," + digest_json(3, 5) + "]";
  digest::Session s;
  auto r = s.load(wrap(reviews, digests));
  ASSERT_TRUE(r.ok()) << r.error().describe();
  const digest::Bundle* b = s.bundle();
  EXPECT_EQ(b->review_count(), static_cast<size_t>(60 - broken));
  EXPECT_EQ(b->digests.size(), 3u);
  EXPECT_EQ(b->paper_count(), 15u);
  // The summary says how many were skipped and lists each with where it was.
  simdjson::dom::parser parser;
  simdjson::dom::element el;
  ASSERT_FALSE(parser.parse(r.value()).get(el)) << r.value();
  EXPECT_EQ(int_at(el, "skipped"), broken + 1);
  simdjson::dom::array problems;
  ASSERT_FALSE(el["problems"].get(problems));
  EXPECT_EQ(problems.size(), static_cast<size_t>(broken + 1));
  for (auto p : problems) {
    EXPECT_NE(str_at(p, "message"), "<missing>");
    EXPECT_FALSE(str_at(p, "message").empty());
    EXPECT_GE(int_at(p, "offset"), 0);
  }
}

TEST(HostileBundle, FailedLoadKeepsThePreviousBundleAndEnvelopesTheError) {
  digest::Session s;
  ASSERT_TRUE(s.load(bundle(3, 1)).ok());
  for (const std::string& bad : {std::string(), std::string("{"), std::string("\xFF"), std::string(5000, '['),
                                 std::string(R"({"format":"paper-digest-bundle","version":9})")}) {
    auto r = s.load(bad);
    ASSERT_FALSE(r.ok());
    std::string env = digest::envelope(r);
    simdjson::dom::parser parser;
    simdjson::dom::element el;
    ASSERT_FALSE(parser.parse(env).get(el)) << env;
    bool ok = true;
    ASSERT_FALSE(el["ok"].get(ok)) << env;
    EXPECT_FALSE(ok) << env;
    simdjson::dom::element err;
    ASSERT_FALSE(el["error"].get(err)) << env;
    EXPECT_EQ(str_at(err, "code"), digest::error_code_name(r.error().code));
    EXPECT_FALSE(str_at(err, "message").empty());
    EXPECT_NE(str_at(err, "message"), "<missing>");
    ASSERT_TRUE(s.loaded());
    EXPECT_EQ(s.bundle()->review_count(), 3u);  // the old bundle is still there
    EXPECT_TRUE(s.list(0, 10).ok());
  }
}

TEST(HostileBundle, SizeLimitIsCheckedBeforeAnyByteIsRead) {
  // load_bundle_padded with a size above kMaxBundleBytes: TOO_LARGE with the limit in the
  // message, decided from the size alone (the 16-byte buffer is never read past).
  char small[16] = "{}";
  auto r = digest::load_bundle_padded(small, digest::kMaxBundleBytes + 1, digest::kMaxBundleBytes + 65);
  expect_error(r, ErrorCode::TOO_LARGE, -1, "over the size limit");
  EXPECT_NE(r.error().message.find(std::to_string(digest::kMaxBundleBytes)), std::string::npos) << r.error().message;
}
