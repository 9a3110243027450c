// query_differential_test.cpp — the engine against a deliberately simple reference: a linear
// scan over every document applying the documented semantics (docs/query.md) literally.
// Hundreds of random queries over random corpora; totals, ordered ids and facet counts must agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "digest/doc_json.h"
#include "digest/json_writer.h"
#include "digest/query.h"
#include "digest/text_normalize.h"
#include "digest/utf8.h"
#include "query_internal.h"
#include "simdjson.h"

namespace digest {
namespace {

// ---- reference --------------------------------------------------------------------------------

struct RefTerm {
  std::string text;
  bool substring = false, exclude = false, choseong = false;
};

bool ref_has_cjk(const std::string& s) {
  size_t i = 0;
  while (i < s.size())
    if (is_hangul_or_cjk(utf8_decode(s, i))) return true;
  return false;
}

std::vector<RefTerm> ref_terms(const std::string& q) {
  std::vector<RefTerm> out;
  size_t i = 0;
  while (i < q.size()) {
    if (q[i] == ' ') { ++i; continue; }
    RefTerm t;
    if (q[i] == '-' && i + 1 < q.size() && q[i + 1] != ' ') { t.exclude = true; ++i; }
    std::string raw;
    bool phrase = false;
    if (q[i] == '"') {
      size_t c = q.find('"', i + 1);
      raw = q.substr(i + 1, (c == std::string::npos ? q.size() : c) - i - 1);
      i = c == std::string::npos ? q.size() : c + 1;
      phrase = true;
    } else {
      size_t j = q.find(' ', i);
      if (j == std::string::npos) j = q.size();
      raw = q.substr(i, j - i);
      i = j;
    }
    t.text = normalize_for_search(raw);
    t.substring = phrase || ref_has_cjk(t.text);
    t.choseong = !phrase && is_choseong_term(t.text);
    if (!t.text.empty()) out.push_back(t);
  }
  return out;
}

bool ref_match(const std::string& hay, const std::string& cho, const RefTerm& t) {
  for (size_t p = hay.find(t.text); p != std::string::npos; p = hay.find(t.text, p + 1)) {
    if (t.substring || p == 0) return true;
    size_t k = p - 1;
    while (k > 0 && (static_cast<unsigned char>(hay[k]) & 0xC0) == 0x80) --k;
    if (!is_word_char(utf8_decode(hay, k))) return true;
  }
  return t.choseong && cho.find(choseong_term_bytes(t.text)) != std::string::npos;
}

struct RefQuery {
  std::string q;
  std::vector<std::string> tags, not_tags;
  std::string from, to, kind, institution;
  int64_t min_upvotes = -100;
};

using Counts = std::map<std::string, int64_t>;

struct RefResult {
  std::vector<std::string> ids;  // newest first
  Counts tags, years, months, kinds, institutions;
};

// Tag identity (docs/query.md): case-folded NFC, and spaces, '_' and '-' are all one separator.
std::string ref_tag_key(const std::string& tag) {
  std::string n = normalize_for_search(tag);
  for (char& c : n)
    if (c == '_' || c == '-') c = ' ';
  std::string out;
  for (char c : n) {
    if (c == ' ' && (out.empty() || out.back() == '-')) continue;
    out.push_back(c == ' ' ? '-' : c);
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

// Facet display names: the spelling written most often in the bundle, ties bytewise smallest.
std::map<std::string, std::string> ref_display(const std::vector<std::pair<std::string, std::string>>& key_spelling) {
  std::map<std::string, std::map<std::string, int>> counts;
  for (const auto& ks : key_spelling) counts[ks.first][ks.second]++;
  std::map<std::string, std::string> out;
  for (const auto& kv : counts) {
    const std::string* best = nullptr;
    int best_n = 0;
    for (const auto& sp : kv.second)  // std::map: spellings ascending, so '>' keeps the smallest on ties
      if (sp.second > best_n) {
        best = &sp.first;
        best_n = sp.second;
      }
    out[kv.first] = *best;
  }
  return out;
}

RefResult reference(const Bundle& b, const RefQuery& rq) {
  std::vector<RefTerm> terms = ref_terms(rq.q);
  std::vector<std::pair<std::string, std::string>> tag_spellings, inst_spellings;
  for (const auto& d : b.docs) {
    for (const auto& t : d.tags) tag_spellings.emplace_back(ref_tag_key(t), t);
    if (!d.institution.empty()) inst_spellings.emplace_back(normalize_for_search(d.institution), d.institution);
  }
  std::map<std::string, std::string> tag_display = ref_display(tag_spellings), inst_display = ref_display(inst_spellings);
  std::set<uint32_t> hits;
  for (uint32_t i = 0; i < b.docs.size(); ++i) {
    const Document& d = b.docs[i];
    std::set<std::string> dtags;
    for (const auto& t : d.tags) dtags.insert(ref_tag_key(t));
    bool ok = true;
    for (const auto& t : rq.tags) ok = ok && dtags.count(ref_tag_key(t));
    for (const auto& t : rq.not_tags) ok = ok && !dtags.count(ref_tag_key(t));
    if (!rq.from.empty() && d.date < rq.from) ok = false;
    if (!rq.to.empty() && d.date > rq.to) ok = false;
    if (!rq.kind.empty() && rq.kind != doc_kind_name(d.kind)) ok = false;
    if (!rq.institution.empty() && normalize_for_search(rq.institution) != normalize_for_search(d.institution)) ok = false;
    if (rq.min_upvotes != -100 && (d.upvotes < 0 || d.upvotes < rq.min_upvotes)) ok = false;  // -1: no upvotes
    if (!ok) continue;
    std::string hay = normalize_for_search(document_search_text(d));
    std::string cho;
    append_choseong(cho, hay);
    for (const auto& t : terms) ok = ok && (ref_match(hay, cho, t) != t.exclude);
    if (ok) hits.insert(i);
  }
  RefResult r;
  for (uint32_t i : documents_newest_first(b)) {
    if (!hits.count(i)) continue;
    const Document& d = b.docs[i];
    r.ids.push_back(d.id);
    std::set<std::string> seen;
    for (const auto& t : d.tags)
      if (seen.insert(ref_tag_key(t)).second) r.tags[tag_display[ref_tag_key(t)]]++;
    r.years[d.date.substr(0, 4)]++;
    r.months[d.date.substr(0, 7)]++;
    r.kinds[doc_kind_name(d.kind)]++;
    if (!d.institution.empty()) r.institutions[inst_display[normalize_for_search(d.institution)]]++;
  }
  return r;
}

// ---- random corpora ------------------------------------------------------------------------------

const char* const kKoreanWords[] = {"모델", "모델이", "모델을", "학습", "학습은", "강화", "강화 학습", "추론", "데이터", "언어",
                                    "대규모", "보상", "에이전트", "세계", "로봇", "확산", "생성", "평가", "토큰", "예산"};
const char* const kLatinWords[] = {"RL", "RLHF", "RL-based", "world", "World-Model", "model", "Models", "transformer",
                                   "LLM", "llm", "GPT-4o", "diffusion", "agent", "agents", "reward", "café", "Straße",
                                   "x-ray", "token", "budget"};
const char* const kOther[] = {"🚀", "(", ")", "—", "42", "2025", "学习", "模型", "ㄱㄴ", ",", ".", "!", "‘quote’"};
const char* const kTags[] = {"LLM", "llm", "Robotics", "RL", "Agents", "Vision", "Diffusion", "Efficiency",
                             // one tag in review and digest spellings (docs/query.md, tag identity)
                             "Large Language Models", "large-language-models", "large_language_models", "Large-Language  Models"};
const char* const kInstitutions[] = {"Seoul Lab", "seoul lab", "Tech Univ", "Open Group", ""};

std::string random_text(std::mt19937& rng, int words) {
  std::string s;
  for (int i = 0; i < words; ++i) {
    if (i) s += (rng() % 7 == 0) ? "" : " ";
    switch (rng() % 5) {
      case 0: case 1: s += kKoreanWords[rng() % std::size(kKoreanWords)]; break;
      case 2: case 3: s += kLatinWords[rng() % std::size(kLatinWords)]; break;
      default: s += kOther[rng() % std::size(kOther)]; break;
    }
  }
  return s;
}

Bundle random_bundle(std::mt19937& rng, int docs) {
  Bundle b;
  for (int i = 0; i < docs; ++i) {
    Document d;
    d.kind = rng() % 2 ? DocKind::REVIEW : DocKind::PAPER;
    d.id = "doc-" + std::to_string(i);
    d.slug = d.id;
    d.title = random_text(rng, 1 + rng() % 4);
    d.display_title = d.title;
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2023 + static_cast<int>(rng() % 3), 1 + static_cast<int>(rng() % 12),
                  1 + static_cast<int>(rng() % 28));
    d.date = date;
    for (int k = rng() % 4; k > 0; --k) d.tags.push_back(kTags[rng() % std::size(kTags)]);
    if (d.kind == DocKind::PAPER) {
      d.institution = kInstitutions[rng() % std::size(kInstitutions)];
      d.upvotes = static_cast<int64_t>(rng() % 100);
      d.summary = random_text(rng, 3 + rng() % 6);
      d.sections.push_back({"핵심", "**" + random_text(rng, 2) + "** " + random_text(rng, 5 + rng() % 20)});
      d.rank = 1 + i % 5;
      d.parent = "digest-x";
    } else if (rng() % 3 == 0) {
      d.html = "<p>" + random_text(rng, 5 + rng() % 20) + "</p><p>" + random_text(rng, 3) + "</p>";
    } else {
      d.markdown = "## " + random_text(rng, 2) + "\n\n" + random_text(rng, 5 + rng() % 30) + " [" + random_text(rng, 1) +
                   "](https://example.org/rl)\n";
    }
    if (rng() % 4 == 0) d.authors.push_back(rng() % 2 ? "Mina Park" : "Daniel Ortiz");
    b.docs.push_back(std::move(d));
  }
  return b;
}

// Appends `count` words of 3 to 5 symbols drawn from `alphabet` (syllables, or choseong letters).
// n syllables none of the tests' terms use (가 ... 하), a space after about one in five: the text
// around the terms planted in a test's documents.
std::string hangul_filler(std::mt19937& rng, int n) {
  const char* const kFill[] = {"가", "나", "다", "라", "마", "바", "사", "아", "자", "차", "카", "타", "파", "하"};
  std::string out;
  for (int i = 0; i < n; ++i) {
    out += kFill[rng() % std::size(kFill)];
    if (rng() % 5 == 0) out += " ";
  }
  return out;
}

template <size_t N>
void add_random_words(std::mt19937& rng, const char* const (&alphabet)[N], int count, std::vector<std::string>& out) {
  for (int k = 0; k < count; ++k) {
    std::string t;
    for (int len = 3 + static_cast<int>(rng() % 3); len > 0; --len) t += alphabet[rng() % N];
    out.push_back(t);
  }
}

std::string random_term(std::mt19937& rng) {
  std::string w;
  switch (rng() % 8) {
    case 0: w = kKoreanWords[rng() % std::size(kKoreanWords)]; break;
    case 1: w = kLatinWords[rng() % std::size(kLatinWords)]; break;
    case 2: {  // a prefix (Latin) or an inner piece (Korean) of a word
      std::string base = kLatinWords[rng() % std::size(kLatinWords)];
      w = base.substr(0, 1 + rng() % std::min<size_t>(base.size(), 4));
      break;
    }
    case 3: {
      std::string base = kKoreanWords[rng() % std::size(kKoreanWords)];
      size_t chars = base.size() / 3;
      size_t start = rng() % chars;
      w = base.substr(start * 3, 3 * (1 + rng() % (chars - start)));
      if (w.find(' ') != std::string::npos || w.back() == ' ') w = base.substr(0, 3);
      break;
    }
    case 4: {
      static const char* const kCho[] = {"ㅁㄷ", "ㄱㅎㅎㅅ", "ㅎㅅ", "ㄷㅇㅌ", "ㄱ", "ㅋㅋ"};
      w = kCho[rng() % std::size(kCho)];
      break;
    }
    case 5: w = std::string("\"") + kKoreanWords[rng() % std::size(kKoreanWords)] + " " + kLatinWords[rng() % std::size(kLatinWords)] + "\""; break;
    case 6: w = kOther[rng() % std::size(kOther)]; break;
    default: w = std::string("\"") + kLatinWords[rng() % std::size(kLatinWords)] + "\""; break;
  }
  if (w.find(' ') != std::string::npos && w[0] != '"') w = w.substr(0, w.find(' '));
  if (rng() % 5 == 0) w = "-" + w;
  return w;
}

// ---- engine side --------------------------------------------------------------------------------

Counts read_facet(simdjson::dom::element facets, const char* name) {
  Counts c;
  simdjson::dom::array arr;
  EXPECT_FALSE(facets[name].get_array().get(arr)) << name;
  for (simdjson::dom::element pair : arr) {
    std::string_view k;
    int64_t v = 0;
    EXPECT_FALSE(pair.at(0).get_string().get(k));
    EXPECT_FALSE(pair.at(1).get_int64().get(v));
    c[std::string(k)] = v;
  }
  return c;
}

std::string request_json(const RefQuery& rq) {
  JsonWriter w;
  w.begin_object();
  w.field("q", rq.q);
  if (!rq.tags.empty()) w.string_array("tags", rq.tags);
  if (!rq.not_tags.empty()) w.string_array("notTags", rq.not_tags);
  if (!rq.from.empty()) w.field("from", rq.from);
  if (!rq.to.empty()) w.field("to", rq.to);
  if (!rq.kind.empty()) w.field("kind", rq.kind);
  if (!rq.institution.empty()) w.field("institution", rq.institution);
  if (rq.min_upvotes != -100) w.field("minUpvotes", rq.min_upvotes);
  w.field("sort", "date");
  w.field("limit", kQueryMaxLimit);
  w.field("facetFormat", "array");
  w.field("snippet", false);
  w.end_object();
  return w.take();
}

// The ids of `answer` (a query's JSON) in answer order.
std::vector<std::string> answer_ids(const std::string& answer) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(answer);
  simdjson::dom::element root;
  std::vector<std::string> ids;
  simdjson::dom::array arr;
  if (parser.parse(padded).get(root) || root["ids"].get_array().get(arr)) {
    ADD_FAILURE() << "not an answer with ids: " << answer;
    return ids;
  }
  for (simdjson::dom::element x : arr) ids.emplace_back(std::string_view(x.get_string().value_unsafe()));
  return ids;
}

// Where `id` stands in `ids` (ids.size() when absent).
size_t rank_of(const std::vector<std::string>& ids, const std::string& id) {
  return static_cast<size_t>(std::find(ids.begin(), ids.end(), id) - ids.begin());
}

void check_corpus(uint32_t seed, int docs, int queries) {
  std::mt19937 rng(seed);
  Bundle b = random_bundle(rng, docs);
  // Odd seeds leave the full-text index to the first query with text (as the viewer's Session
  // does): the queries before it, with an empty q, must not need it.
  QueryEnginePtr e = build_query_engine(b, seed % 2 ? TextIndexTiming::kOnFirstSearch : TextIndexTiming::kNow);
  simdjson::dom::parser parser;
  for (int qi = 0; qi < queries; ++qi) {
    RefQuery rq;
    int nterms = static_cast<int>(rng() % 4);
    for (int k = 0; k < nterms; ++k) rq.q += (k ? " " : "") + random_term(rng);
    if (rng() % 4 == 0) rq.tags.push_back(kTags[rng() % std::size(kTags)]);
    if (rng() % 6 == 0) rq.not_tags.push_back(kTags[rng() % std::size(kTags)]);
    if (rng() % 10 == 0) rq.tags.push_back("no-such-tag");
    if (rng() % 5 == 0) rq.from = "2024-03-01";
    if (rng() % 5 == 0) rq.to = "2025-06-30";
    if (rng() % 6 == 0) rq.kind = rng() % 2 ? "paper" : "review";
    if (rng() % 8 == 0) rq.institution = "SEOUL LAB";
    if (rng() % 8 == 0) rq.min_upvotes = 50;
    if (rng() % 16 == 0) rq.min_upvotes = rng() % 2 ? -1 : -7;  // at or below "none": still only documents with upvotes
    std::string req = request_json(rq);
    SCOPED_TRACE("seed " + std::to_string(seed) + " request " + req);
    RefResult want = reference(b, rq);
    auto got = run_query_json(*e, req);
    ASSERT_TRUE(got.ok()) << got.error().describe();
    simdjson::padded_string padded(got.value());
    simdjson::dom::element root;
    ASSERT_FALSE(parser.parse(padded).get(root));
    int64_t total = -1;
    ASSERT_FALSE(root["total"].get_int64().get(total));
    EXPECT_EQ(total, static_cast<int64_t>(want.ids.size()));
    std::vector<std::string> ids;
    simdjson::dom::array arr;
    ASSERT_FALSE(root["ids"].get_array().get(arr));
    for (simdjson::dom::element x : arr) ids.emplace_back(std::string_view(x.get_string().value_unsafe()));
    EXPECT_EQ(ids, want.ids);
    simdjson::dom::element facets = root["facets"].value_unsafe();
    EXPECT_EQ(read_facet(facets, "tags"), want.tags);
    EXPECT_EQ(read_facet(facets, "years"), want.years);
    EXPECT_EQ(read_facet(facets, "months"), want.months);
    EXPECT_EQ(read_facet(facets, "kinds"), want.kinds);
    EXPECT_EQ(read_facet(facets, "institutions"), want.institutions);
    if (::testing::Test::HasFailure()) return;  // one reported failure per corpus is enough to debug
  }
}

TEST(QueryDifferential, SmallCorporaManyQueries) {
  for (uint32_t seed = 1; seed <= 6; ++seed) check_corpus(seed, 40, 120);
}

TEST(QueryDifferential, CountSortsOrderAsTheReference) {
  // Sorts by upvotes and stars (most first, absent -1 last, ties newest first), alone and as the
  // first of several keys, on whole answers and on pages of them: the reference stable-sorts its
  // newest-first ids by the counts. Some counts do not fit 32 bits, which a one-key sort must
  // order as well.
  std::mt19937 rng(77);
  Bundle b = random_bundle(rng, 300);
  for (auto& d : b.docs) {
    if (d.kind == DocKind::PAPER) d.upvotes = static_cast<int64_t>(rng() % 12);  // many ties
    d.stars = rng() % 4 ? static_cast<int64_t>(rng() % 9) - 1 : -1;
  }
  QueryEnginePtr e = build_query_engine(b);
  auto ids_of = [&](const std::string& req) {
    auto got = run_query_json(*e, req);
    EXPECT_TRUE(got.ok()) << req;
    return got.ok() ? answer_ids(got.value()) : std::vector<std::string>{};
  };
  std::map<std::string, const Document*> by_id;
  for (const auto& d : b.docs) by_id[d.id] = &d;
  for (int round = 0; round < 3; ++round) {
    if (round == 1) b.docs[5].stars = int64_t{5} << 32;  // beyond 32 bits: the comparator's path
    if (round == 2) b.docs[9].upvotes = int64_t{1} << 40;
    if (round > 0) e = build_query_engine(b);
    for (const char* q : {"", "모델", "rl", "-학습", "ㄱ"}) {
      RefQuery rq;
      rq.q = q;
      const std::vector<std::string> newest = reference(b, rq).ids;
      for (const char* sort : {R"("upvotes")", R"("stars")", R"(["upvotes","stars"])", R"(["stars","upvotes"])"}) {
        const std::string s(sort);
        const bool stars_first = s.find("stars") < s.find("upvotes");
        const bool both = s[0] == '[';
        std::vector<std::string> want = newest;
        std::stable_sort(want.begin(), want.end(), [&](const std::string& x, const std::string& y) {
          const Document& a = *by_id[x];
          const Document& c = *by_id[y];
          const int64_t a1 = stars_first ? a.stars : a.upvotes, c1 = stars_first ? c.stars : c.upvotes;
          if (a1 != c1) return a1 > c1;
          if (!both) return false;
          const int64_t a2 = stars_first ? a.upvotes : a.stars, c2 = stars_first ? c.upvotes : c.stars;
          return a2 > c2;
        });
        SCOPED_TRACE(std::string("q ") + q + " sort " + s + " round " + std::to_string(round));
        EXPECT_EQ(ids_of(R"({"q":")" + std::string(q) + R"(","sort":)" + s + R"(,"limit":1000,"snippet":false})"), want);
        for (int offset : {0, 7}) {
          std::vector<std::string> page(want.begin() + std::min<size_t>(offset, want.size()),
                                        want.begin() + std::min<size_t>(offset + 5, want.size()));
          EXPECT_EQ(ids_of(R"({"q":")" + std::string(q) + R"(","sort":)" + s + R"(,"offset":)" + std::to_string(offset) +
                           R"(,"limit":5,"snippet":false})"),
                    page);
        }
      }
    }
  }
}

TEST(QueryDifferential, PagesAreSlicesOfTheWholeAnswerInEveryOrder) {
  // A small page of many hits is picked among the keys under a bound taken from a sample of 512
  // of them, a large one by nth_element over all (run_query_json): every page, at every offset,
  // must be the same slice of the whole answer, in every one-key order, relevance (with its many
  // equal scores) included. 1,200 documents: the sample is a strided one.
  std::mt19937 rng(515);
  Bundle b = random_bundle(rng, 1200);
  for (auto& d : b.docs) {
    if (d.kind == DocKind::PAPER) d.upvotes = static_cast<int64_t>(rng() % 7);
    d.stars = static_cast<int64_t>(rng() % 5) - 1;
  }
  QueryEnginePtr e = build_query_engine(b);
  auto ids_of = [&](const std::string& req) {
    auto got = run_query_json(*e, req);
    EXPECT_TRUE(got.ok()) << req;
    return got.ok() ? answer_ids(got.value()) : std::vector<std::string>{};
  };
  size_t pages = 0;
  for (const char* q : {"", "모델", "rl", "학습 모델", "-학습", "ㄱ", "model"}) {
    for (const char* sort : {"relevance", "date", "date-old", "upvotes", "stars"}) {
      const std::string head = std::string(R"({"q":")") + q + R"(","sort":")" + sort + R"(","snippet":false,"facets":false)";
      std::vector<std::string> whole = ids_of(head + R"(,"limit":1000})");  // (1000: the largest page)
      const std::vector<std::string> more = ids_of(head + R"(,"offset":1000,"limit":1000})");
      whole.insert(whole.end(), more.begin(), more.end());
      for (int limit : {1, 3, 20}) {
        for (int offset : {0, 1, 2, 17, 40, 997}) {
          SCOPED_TRACE(head + " offset " + std::to_string(offset) + " limit " + std::to_string(limit));
          const size_t from = std::min<size_t>(offset, whole.size()), to = std::min<size_t>(offset + limit, whole.size());
          EXPECT_EQ(ids_of(head + R"(,"offset":)" + std::to_string(offset) + R"(,"limit":)" + std::to_string(limit) + "}"),
                    std::vector<std::string>(whole.begin() + from, whole.begin() + to));
          pages += whole.size() > static_cast<size_t>(16 * (offset + limit));
        }
      }
    }
  }
  EXPECT_GT(pages, 100u);  // most pages took the sampled path
}

TEST(QueryDifferential, LargerCorpusUsesTheIndexPaths) {
  // Large enough that the engine prefers postings over scanning for most terms.
  check_corpus(1234, 600, 300);
}

TEST(QueryDifferential, SingleCharactersAndChoseongOnLongTextsUseThePostings) {
  // Long texts make postings cheaper than scanning, so one Hangul/CJK character (union of the
  // bigrams holding it and its "alone" key), choseong letters and long Hangul terms (verified
  // from the first-occurrence bound) all take the index paths here.
  std::mt19937 rng(4242);
  Bundle b = random_bundle(rng, 300);
  for (auto& d : b.docs) d.markdown += "\n" + random_text(rng, 300) + " 수 있다 학 " + random_text(rng, 100);
  QueryEnginePtr e = build_query_engine(b);
  simdjson::dom::parser parser;
  for (const char* q : {"모", "학", "수", "델", "있", "습", "学", "型", "ㄱ", "ㅎ", "ㄱㅎ", "ㄱㅎㅎㅅ", "ㅁㄷㅇ", "강화 학습", "대규모", "에이전트", "-모", "-학습"}) {
    RefQuery rq;
    rq.q = q;
    SCOPED_TRACE(q);
    RefResult want = reference(b, rq);
    auto got = run_query_json(*e, request_json(rq));
    ASSERT_TRUE(got.ok());
    simdjson::padded_string padded(got.value());
    simdjson::dom::element root;
    ASSERT_FALSE(parser.parse(padded).get(root));
    std::vector<std::string> ids;
    simdjson::dom::array arr;
    ASSERT_FALSE(root["ids"].get_array().get(arr));
    for (simdjson::dom::element x : arr) ids.emplace_back(std::string_view(x.get_string().value_unsafe()));
    EXPECT_EQ(ids, want.ids);
  }
}

// Compares ids (newest first) and the tag facet of `q` with the reference.
void expect_same(const QueryEngine& e, const Bundle& b, const std::string& q);

TEST(QueryDifferential, MergedListsAnswerAsTheListsTheyMerge) {
  // Documents full of words starting with t (40 distinct, in titles too, counts from 0 to past
  // the count saturation (15), some first seen beyond 65,535 bytes): a term whose one- or two-letter run
  // is answered from the merged list of its words, or a single Hangul/CJK character from the
  // merged list of the bigrams holding it, must get the same answer (ids, order, scores, snippets,
  // facets) as the same engine walking each key's list (merged_min out of reach), and the
  // reference's documents.
  std::mt19937 rng(606);
  Bundle b = random_bundle(rng, 200);
  std::vector<std::string> tw;
  for (int i = 0; i < 40; ++i) tw.push_back(std::string("t") + static_cast<char>('a' + i % 26) + std::to_string(i));
  for (size_t i = 0; i < b.docs.size(); ++i) {
    Document& d = b.docs[i];
    if (i % 4 == 0) d.title += " " + tw[rng() % tw.size()];
    if (i % 37 == 0) d.markdown += "\n" + std::string(70000, 'z');
    const int count = i % 9 == 0 ? 150 + static_cast<int>(rng() % 100) : static_cast<int>(rng() % 6);
    // A t-term of two runs (t-ray) is verified on the text from the least first offset of the
    // t-words: put it before some of them, or nowhere.
    if (i % 3 == 0) d.markdown += " t-ray";
    for (int k = 0; k < count; ++k) d.markdown += (rng() % 5 ? " " : "-") + tw[rng() % tw.size()] + (rng() % 3 ? "" : " 5 모델");
    if (i % 3 == 1) d.markdown += " t-ray";
    d.markdown += " " + random_text(rng, 200);
  }
  QueryEnginePtr merged = build_query_engine(b), plain = build_query_engine(b);
  merged->merged_min = 2;  // the random text's Hangul characters sit in a handful of bigrams each
  plain->merged_min = UINT32_MAX;
  plain->merged_min_postings = UINT64_MAX;
  ASSERT_TRUE(run_query_json(*merged, R"({"q":"t"})").ok() && run_query_json(*plain, R"({"q":"t"})").ok());
  bool known = false;
  ASSERT_NE(merged->find_merged("wt", &known), nullptr);
  ASSERT_TRUE(known);
  ASSERT_EQ(plain->find_merged("wt", &known), nullptr);
  ASSERT_TRUE(known);
  ASSERT_TRUE(run_query_json(*merged, R"({"q":"모"})").ok());
  ASSERT_NE(merged->find_merged("c모", &known), nullptr);
  for (const char* q : {"t", "T", "t 모델", "-t", "t-5", "t5", "x t", "\"t", "t t", "t -모델", "모델 t", "t-ray", "-t-ray", "t-r",
                        "ta", "tb1", "t-ra", "모", "학", "-모", "모 t", "강 -학", "学", "ㄱ"}) {
    SCOPED_TRACE(q);
    for (const char* sort : {"relevance", "date"}) {
      std::string req = std::string(R"({"limit":1000,"sort":")") + sort + R"(","q":")" + (q[0] == '"' ? "\\\"t" : q) + "\"}";
      auto a = run_query_json(*merged, req), z = run_query_json(*plain, req);
      ASSERT_TRUE(a.ok() && z.ok()) << req;
      EXPECT_EQ(a.value(), z.value()) << req;
    }
    expect_same(*merged, b, q);
  }
}

TEST(QueryDifferential, FewKeysHoldingEveryDocumentAreMergedToo) {
  // Under the default thresholds: 모 sits in a few pairs (모델, 규모, 모가, ...) that hold every
  // document between them, so its keys are merged although they are fewer than merged_min; 펑
  // and 학 sit in few pairs of a few documents: not merged (remembered). Each answer is the
  // unmerged engine's.
  std::mt19937 rng(808);
  Bundle b = random_bundle(rng, 150);
  for (size_t i = 0; i < b.docs.size(); ++i) {
    Document& d = b.docs[i];
    d.markdown += i % 2 ? " 모델이 규모가 모가" : " 모델 모델";
    if (i % 50 == 0) d.markdown += " 학습 펑펑";
  }
  QueryEnginePtr merged = build_query_engine(b), plain = build_query_engine(b);
  plain->merged_min = UINT32_MAX;
  plain->merged_min_postings = UINT64_MAX;
  for (const char* q : {"모", "학", "펑", "모 -학"}) {
    SCOPED_TRACE(q);
    for (const char* sort : {"relevance", "date"}) {
      const std::string req = std::string(R"({"limit":1000,"sort":")") + sort + R"(","q":")" + q + "\"}";
      auto a = run_query_json(*merged, req), z = run_query_json(*plain, req);
      ASSERT_TRUE(a.ok() && z.ok()) << req;
      EXPECT_EQ(a.value(), z.value()) << req;
    }
    expect_same(*merged, b, q);
  }
  bool known = false;
  EXPECT_NE(merged->find_merged("c모", &known), nullptr);
  EXPECT_EQ(merged->find_merged("c학", &known), nullptr);
  EXPECT_TRUE(known);
  EXPECT_EQ(plain->find_merged("c모", &known), nullptr);
}

TEST(QueryDifferential, MergedListsBeyondTheCapAreWalkedAsBefore) {
  // 130 two-letter prefixes of three words each: once kMergedListsMax lists are kept, further
  // prefixes walk their words' lists, to the same answers.
  std::mt19937 rng(707);
  Bundle b = random_bundle(rng, 120);
  std::vector<std::string> prefixes;
  for (char x = 'a'; x <= 'z'; ++x)
    for (char y = 'a'; y <= 'e'; ++y) prefixes.push_back(std::string(1, x) + y);
  for (auto& d : b.docs)
    for (int k = 0; k < 60; ++k) d.markdown += " " + prefixes[rng() % prefixes.size()] + std::to_string(rng() % 3);
  QueryEnginePtr merged = build_query_engine(b), plain = build_query_engine(b);
  merged->merged_min = 2;
  plain->merged_min = UINT32_MAX;
  plain->merged_min_postings = UINT64_MAX;
  size_t kept = 0;
  for (const std::string& q : prefixes) {
    std::string req = R"({"limit":1000,"q":")" + q + "\"}";
    EXPECT_EQ(run_query_json(*merged, req).value(), run_query_json(*plain, req).value()) << q;
    bool known = false;
    kept += merged->find_merged("w" + q, &known) != nullptr;
  }
  EXPECT_EQ(kept, QueryEngine::kMergedListsMax);
}

void expect_same(const QueryEngine& e, const Bundle& b, const std::string& q) {
  RefQuery rq;
  rq.q = q;
  SCOPED_TRACE(q);
  RefResult want = reference(b, rq);
  auto got = run_query_json(e, request_json(rq));
  ASSERT_TRUE(got.ok()) << got.error().describe();
  simdjson::dom::parser parser;
  simdjson::padded_string padded(got.value());
  simdjson::dom::element root;
  ASSERT_FALSE(parser.parse(padded).get(root));
  std::vector<std::string> ids;
  simdjson::dom::array arr;
  ASSERT_FALSE(root["ids"].get_array().get(arr));
  for (simdjson::dom::element x : arr) ids.emplace_back(std::string_view(x.get_string().value_unsafe()));
  EXPECT_EQ(ids, want.ids);
  simdjson::dom::element facets = root["facets"].value_unsafe();
  EXPECT_EQ(read_facet(facets, "tags"), want.tags);
}

TEST(QueryDifferential, LongHangulTermsWhoseBigramsOccurApartOrOutOfLine) {
  // Texts over a 5-syllable alphabet, so every bigram of a 3-5 syllable term occurs in most
  // documents, often apart (데이 ... 이터) or with an earlier partial occurrence (데이 트 데이터),
  // which the first-occurrence offsets must not mistake for a match; long texts make the engine
  // use the postings (and the "first occurrences line up" shortcut) instead of scanning. Some
  // documents put the only match beyond 65,535 bytes, where first offsets saturate.
  std::mt19937 rng(515);
  const char* const kSyl[] = {"데", "이", "터", "를", "하"};
  // Odd documents draw from 25 syllables, so a term's bigrams mostly occur once there (tf 1: the
  // single occurrence pins where a match could start, checked with one comparison).
  const char* const kMore[] = {"데", "이", "터", "를", "하", "가", "나", "다", "라", "마", "바", "사", "아",
                               "자", "차", "카", "타", "파", "거", "너", "더", "러", "머", "버", "서"};
  bool sparse = false;
  auto text = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      s += sparse ? kMore[rng() % std::size(kMore)] : kSyl[rng() % std::size(kSyl)];
      if (rng() % 4 == 0) s += rng() % 2 ? " " : ", ";
    }
    return s;
  };
  Bundle b = random_bundle(rng, 250);
  for (size_t i = 0; i < b.docs.size(); ++i) {
    auto& d = b.docs[i];
    sparse = i % 2 == 1;
    d.markdown += "\n" + text(300 + static_cast<int>(rng() % 400));
    if (i % 25 == 0) d.markdown += "\n" + std::string(70000, 'x') + " " + text(40) + " 하를터이데 데이터를";
    if (i % 30 == 0) d.title = text(6);
  }
  QueryEnginePtr e = build_query_engine(b);
  std::vector<std::string> terms = {"데이터", "데이터를", "하하하", "데이데이", "이터데", "하를터이데", "를를를를", "데이터 하"};
  add_random_words(rng, kSyl, 25, terms);
  for (const auto& t : terms) {
    expect_same(*e, b, t);
    expect_same(*e, b, "-" + t);
    expect_same(*e, b, "\"" + t + "\"");
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(QueryDifferential, PairSuccessorsConfirmOnlyWhatTheTextHolds) {
  // A bigram posting's successor bit says that the pair's first occurrence in the document is
  // followed by the pair's successor (here 대규 -> 모, from the first document). Documents where
  // 규모 first occurs before 대규모 are confirmed by it without a read; documents where the first
  // 대규 is followed by something else (칙, a space, a letter) must still be verified, and those
  // with 대규 and 규모 apart must not match. Long fillers make the engine use the postings.
  std::mt19937 rng(2718);
  auto filler = [&](int n) { return hangul_filler(rng, n); };
  Bundle b = random_bundle(rng, 180);
  for (size_t i = 0; i < b.docs.size(); ++i) {
    Document& d = b.docs[i];
    d.title = "문서 " + std::to_string(i);
    switch (i % 7) {
      case 0: d.markdown = filler(300) + " 대규모 " + filler(300); break;
      case 1: d.markdown = filler(200) + " 규모가 " + filler(300) + " 대규모를 " + filler(50); break;
      case 2: d.markdown = "대규칙 " + filler(300) + " 대규모 " + filler(50); break;
      case 3: d.markdown = (i % 2 ? "대규칙 규모 " : "규모 대규칙 ") + filler(400); break;  // 대규 and 규모, no 대규모
      case 4: d.markdown = filler(100) + " 대규 " + filler(300) + " 규모 대규x 대규모 " + filler(20); break;
      case 5: d.markdown = filler(200) + " 대규 " + filler(200) + " 규모"; break;
      default: d.markdown = filler(500); break;
    }
    if (i % 11 == 3) d.title = "대규모 문서";  // the first occurrence in the title zone
    if (i % 13 == 5) d.markdown += "\n" + std::string(70000, 'x') + " 규모 대규모";  // beyond the saturation
  }
  QueryEnginePtr e = build_query_engine(b);
  for (const char* q : {"대규모", "대규모를", "규모가", "대규칙", "대규모 규모", "-대규모", "\"대규모\""}) {
    expect_same(*e, b, q);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(QueryDifferential, PairPredecessorsConfirmOnlyWhatTheTextHolds) {
  // A bigram posting's predecessor bit says that the pair's first occurrence in the document
  // comes right after the pair's predecessor pair (here 터를 <- 데이, and 터를's successor 보,
  // both from the first document). With it, 터를 alone confirms 데이터를 (and, with the successor
  // bit, 데이터를보) at its first occurrence. Documents whose first 터를 follows something else
  // (컴퓨, a space, a Latin letter), whose 데이 and 터를 lie apart, whose first 터를 is past the
  // offsets' saturation or in the title zone, must still be verified or left out.
  std::mt19937 rng(3141);
  auto filler = [&](int n) { return hangul_filler(rng, n); };
  Bundle b = random_bundle(rng, 200);
  for (size_t i = 0; i < b.docs.size(); ++i) {
    Document& d = b.docs[i];
    d.title = "문서 " + std::to_string(i);
    switch (i % 10) {
      case 0: d.markdown = (i == 0 ? "데이터를보 " : " ") + filler(300) + " 데이터를 " + filler(300); break;
      case 1: d.markdown = filler(200) + " 컴퓨터를 " + filler(300) + " 데이터를 " + filler(50); break;
      case 2: d.markdown = filler(100) + " 데이 터를 " + filler(300); break;  // apart: no match
      case 3: d.markdown = filler(100) + " 데이x터를 데이터 " + filler(300) + " 벡터를"; break;
      case 4: d.markdown = filler(100) + " 데이데이터를가 " + filler(200); break;  // starts at the second 데이
      case 5:  // five letters: 데이터를 spelled at the first 터를, not 데이터를보 (verified)
        d.markdown = i % 3 == 2 ? " 를보 " + filler(50) + " 데이터를가 " + filler(50)
                                : filler(50) + " 데이터를가 " + filler(50) + (i % 2 ? " 데이터를보" : " 컴퓨터를보");
        break;
      case 6: d.markdown = filler(300) + " 가데이터를 " + filler(20); break;
      case 7: d.markdown = filler(300) + " 이터를 데이터 " + filler(20); break;  // 이터를 alone, 데이터 apart
      case 8: d.markdown = filler(200) + " 데이 이터를 " + filler(200); break;  // 데이, then a run of three
      default: d.markdown = filler(500) + " 데이터"; break;  // (이터 more common than 터를: the plans keep 터를)
    }
    if (i % 11 == 3) d.title = "데이터를 문서";  // the first occurrence in the title zone
    if (i % 13 == 5) d.markdown = filler(20) + "\n" + std::string(70000, 'x') + " 데이터를 " + filler(10);  // beyond the saturation
  }
  QueryEnginePtr e = build_query_engine(b);
  for (const char* q : {"데이터를", "데이터를보", "데이터를가", "이터를", "컴퓨터를", "데이터", "터를", "-데이터를", "\"데이터를\"", "데이데이터를"}) {
    expect_same(*e, b, q);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(QueryDifferential, OnePairPlansVerifyWhatTheirMarksLeaveOpen) {
  // 규모 and 데이 in every document, 대규 and 터를 in a fifth: the query walks 대규 (successor 모)
  // or 터를 (predecessor 데이) alone, confirms the documents whose posting carries the mark, and
  // must verify the rest on the text (a few dozen, so that the one-pair plan is the cheaper): a
  // first 대규 in 대규칙 or 터를 in 컴퓨터를 (with or without the term later), pairs apart, first
  // occurrences past the offsets' saturation or in the title zone, one occurrence (pinned) or
  // several.
  std::mt19937 rng(4242);
  auto filler = [&](int n) { return hangul_filler(rng, n); };
  Bundle b = random_bundle(rng, 520);
  for (size_t i = 0; i < b.docs.size(); ++i) {
    Document& d = b.docs[i];
    d.title = "문서 " + std::to_string(i);
    std::string text = filler(100) + " 규모가 데이터가 " + filler(100);
    if (i == 0) text = "대규모 데이터를 " + text;  // the marks' characters, from the first document
    switch (i % 52) {
      case 1: case 14: case 27: case 40: case 9: case 22: text += " 대규모 데이터를 " + filler(30); break;
      case 2: case 15: case 28: case 41: text += " 대규모를 " + filler(30) + " 대규모 " + filler(10) + " 데이터를 데이터를"; break;
      case 5: case 18: text += " 대규모 " + std::string(70000, 'x') + " 대규모 데이터를"; break;
      case 3: text = " 대규칙 " + text; break;
      case 16: text = " 대규칙 " + text + " 대규모"; break;
      case 4: text = " 컴퓨터를 " + text; break;
      case 17: text = " 컴퓨터를 " + text + " 데이터를"; break;
      case 6: text = "x\n" + std::string(70000, 'x') + " 대규칙 데이터를 대규모 컴퓨터를"; break;
      case 7: text += " 대규 모 데이 터를"; break;
      default: break;
    }
    d.markdown = text;
    if (i % 17 == 8) d.title = "대규모 데이터를";
  }
  QueryEnginePtr e = build_query_engine(b);
  for (const char* q : {"대규모", "데이터를", "대규모 데이터를", "-대규모", "-데이터를", "\"대규모\"", "데이터를가", "대규칙"}) {
    expect_same(*e, b, q);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(QueryDifferential, LatinTermsSpelledByTheirWordsFirstOccurrences) {
  // A Latin term of a few runs joined by one space or hyphen (`fine-tuning`, "world model") is
  // confirmed without a read when each run's word first occurs in line and each word's mark says
  // the byte before it is that separator. Texts over a few words joined by separators that look
  // alike (two spaces, a slash, a line break, an underscore, a comma), with longer words that
  // hold the runs (otherworld, worlds, models), earlier partial occurrences, first occurrences in
  // the title zone and past the offsets' saturation: every answer must be the reference's.
  std::mt19937 rng(1618);
  const char* const kWords[] = {"world", "model", "models", "otherworld", "worlds", "fine", "tuning", "tuned", "lora", "x"};
  const char* const kSeps[] = {" ", " ", " ", "-", "-", "  ", "/", "\n", "_", ", ", "--"};
  // Odd documents get near misses instead of matches: a run's word in line but after another
  // separator (world-models, fine tuning), while the same run's other words (model, tuned) first
  // occur elsewhere after the right one.
  bool near = false;
  auto text = [&](int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      if (i) out += kSeps[rng() % std::size(kSeps)];
      switch (rng() % 8) {
        case 0: out += near ? std::string("world") + kSeps[3 + rng() % (std::size(kSeps) - 3)] + "models" : "world model"; break;
        case 1: out += near ? std::string("fine") + kSeps[rng() % 3 == 0 ? 5 : 6] + "tuning" : "fine-tuning"; break;
        case 2: out += near ? " tuned x model" : "x"; break;
        default: out += kWords[rng() % std::size(kWords)]; break;
      }
    }
    return out;
  };
  Bundle b = random_bundle(rng, 240);
  for (size_t i = 0; i < b.docs.size(); ++i) {
    Document& d = b.docs[i];
    near = i % 2 == 1;
    d.markdown += "\n" + text(40 + static_cast<int>(rng() % 200));
    if (i % 17 == 3) d.title = "world model " + d.title;
    if (i % 19 == 5) d.title = "fine-tuning";
    if (i % 23 == 7) d.markdown = "x y\n" + std::string(70000, 'x') + " world model fine-tuning " + text(5);
    // A range's later word first occurs before its first word does: `models` in line after the
    // run but after a hyphen, `model` after a space elsewhere (and the same for tuning).
    if (i % 29 == 11) d.markdown = "lora x world-models x lora model x fine/tuned x fine-tuning lora fine tuning";
    if (i % 29 == 12) d.markdown = "lora x world models x lora model x fine tuned x fine-tuning";
  }
  QueryEnginePtr e = build_query_engine(b);
  for (const char* q : {"\"world model\"", "fine-tuning", "\"fine-tuning\"", "world-model", "\"world-model\"", "model-world", "fine-tuning-lora",
                        "\"otherworld model\"", "\"orld model\"", "\"world mod\"", "\"world models\"", "lora-x-fine-tuning", "x-x-x-x-x",
                        "world model", "-fine-tuning", "fine-tuning \"world model\"", "\"worlds model\"", "tuned-lora", "world-models",
                        "\"world models\"", "fine-tun", "world-mod", "\"x model\""}) {
    expect_same(*e, b, q);
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(QueryDifferential, WordSuccessorsSpellTheNextRunAtTheirFirstOccurrence) {
  // A word's posting may say that its first occurrence is followed by one space and the word the
  // index keeps as its successor (the first document makes `model` that of `world`): "world
  // model" is then spelled by `world`'s posting alone, even where `model` first occurs earlier.
  // Texts where that holds and where it nearly does: `world` followed by `models`, `modelx`, two
  // spaces, a hyphen; `model` before `world`; a longer word ending in `world` (otherworld) whose
  // match comes first; first occurrences in the title zone and past the offsets' saturation. The
  // documents must be the reference's, and the whole answers (ranking: counts, title-zone
  // matches; snippets) those of the same engine without successors, and of one that confirms no
  // Latin term by its words (every such candidate read).
  std::mt19937 rng(2718);
  const char* const kPieces[] = {"world model", "world models", "world  model", "world-model", "model", "models", "world",
                                 "otherworld model", "world modelx", "x", "lora", "model world", "modelworld", "world x model"};
  Bundle b = random_bundle(rng, 260);
  b.docs[0].markdown = "world model x world lora";  // the first document: world's successor is model
  for (size_t i = 1; i < b.docs.size(); ++i) {
    Document& d = b.docs[i];
    std::string text;
    for (int k = 0, n = 3 + static_cast<int>(rng() % 30); k < n; ++k) text += std::string(k ? " " : "") + kPieces[rng() % std::size(kPieces)];
    d.markdown += "\n" + text;
    if (i % 7 == 2) d.markdown = "model lora x " + d.markdown;  // model before the first world
    if (i % 11 == 4) d.title = "world model " + d.title;
    if (i % 13 == 5) d.title = "model " + d.title;
    if (i % 31 == 9) d.markdown = "x\n" + std::string(70000, 'x') + " model world model " + text;
  }
  QueryEnginePtr e = build_query_engine(b), plain = build_query_engine(b), read = build_query_engine(b);
  ASSERT_GT(e->word_succ.size(), 0u);
  std::fill(plain->word_succ.begin(), plain->word_succ.end(), 0u);
  read->confirm_by_words = false;
  const std::vector<std::string> queries = {"\"world model\"", "\"world models\"", "\"world mod\"", "world model", "\"world model x\"",
                                            "\"otherworld model\"", "\"x world model\"", "\"lora world model\"", "world-model",
                                            "\"model world\"", "\"world model\" lora", "\"orld model\"", "\"world x model\""};
  for (const std::string& q : queries) {
    expect_same(*e, b, q);
    SCOPED_TRACE(q);
    for (const char* sort : {"relevance", "date"}) {
      std::string req = std::string(R"({"limit":300,"sort":")") + sort + R"(","q":)";
      append_json_string(req, q);
      req += "}";
      auto want = run_query_json(*read, req), got = run_query_json(*e, req), without = run_query_json(*plain, req);
      ASSERT_TRUE(want.ok() && got.ok() && without.ok());
      EXPECT_EQ(got.value(), want.value());
      EXPECT_EQ(without.value(), want.value());
    }
    if (::testing::Test::HasFailure()) return;
  }
}

TEST(QueryDifferential, ChoseongTermsWhoseLetterPairsOccurApartOrOutOfLine) {
  // Texts over syllables of four initial consonants (ㄱ ㄴ ㄷ ㅎ), joined directly, by one space
  // (which joins the choseong stream), or by separators that break it (two spaces, a comma, a
  // Latin letter, a line break, a dash, a Han character, a lone jamo). Every letter pair of a 3-5 letter term occurs in most documents,
  // often apart or with an earlier partial occurrence, which the first-occurrence bounds must not
  // mistake for a match; long texts make the engine use the postings, not scans. Some documents
  // put their only match beyond 65,535 bytes, where first offsets saturate.
  std::mt19937 rng(919);
  const char* const kSyl[] = {"가", "강", "나", "논", "다", "달", "하", "학", "화", "각"};
  const char* const kSep[] = {" ", "  ", ", ", "a", "\n", ".", "—", "学", "ㄴ"};
  auto text = [&](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) {
      s += kSyl[rng() % std::size(kSyl)];
      if (rng() % 3 == 0) s += rng() % 2 ? " " : kSep[rng() % std::size(kSep)];
    }
    return s;
  };
  Bundle b = random_bundle(rng, 250);
  for (size_t i = 0; i < b.docs.size(); ++i) {
    auto& d = b.docs[i];
    d.markdown += "\n" + text(200 + static_cast<int>(rng() % 500));
    if (i % 25 == 0) d.markdown += "\n" + std::string(70000, 'x') + " 가나 다하 " + text(30);
    if (i % 20 == 0) d.title = text(5);
  }
  // With the choseong trigrams (built with the engine) and without (an engine whose full-text
  // part a query builds: never the trigrams, so terms are verified on the text).
  QueryEnginePtr e = build_query_engine(b);
  QueryEnginePtr lazy = build_query_engine(b, TextIndexTiming::kOnFirstSearch);
  const char* const kLetters[] = {"ㄱ", "ㄴ", "ㄷ", "ㅎ"};
  std::vector<std::string> terms = {"ㄱㄴㄷㅎ", "ㄱㄱㄱ", "ㄱㅎㄱㅎ", "ㅎㅎㅎㅎㅎ"};
  add_random_words(rng, kLetters, 40, terms);
  for (const auto& t : terms) {
    for (const QueryEngine* engine : {e.get(), lazy.get()}) {
      expect_same(*engine, b, t);
      expect_same(*engine, b, "-" + t);
    }
    if (::testing::Test::HasFailure()) return;
  }
  // The lazy engine builds its trigrams a slice at a time, as the viewer does, and then answers
  // from them the same.
  int steps = 0;
  while (!prepare_text_index_step(*lazy, 7)) ++steps;
  EXPECT_EQ(steps, 250 / 7);  // (the queries built the rest: 36 slices of trigrams, the last one ends)
  for (const auto& t : terms) expect_same(*lazy, b, t);
}

// A random bundle whose documents all end in `common` after 3,000 filler bytes (so the engine
// uses the postings, not scans), except document `which`, whose search text holds `first` at
// byte 65,532, where first-occurrence offsets are about to saturate at 65,535, and `later`
// ~200 bytes after it.
Bundle bundle_with_text_at_65532(uint32_t seed, size_t which, const std::string& common, const std::string& first,
                                 const std::string& later) {
  std::mt19937 rng(seed);
  Bundle b = random_bundle(rng, 120);
  for (auto& d : b.docs) d.markdown += "\n" + std::string(3000, 'z') + " " + common;
  Document& d = b.docs[which];
  d.markdown = "";
  d.html.clear();
  d.summary.clear();
  d.sections.clear();
  size_t pad = 65000;
  for (int round = 0; round < 4; ++round) {
    d.markdown = std::string(pad, 'x') + " " + first + " " + std::string(200, 'y') + " " + later;
    size_t at = normalize_for_search(document_search_text(d)).find(first);
    if (at == std::string::npos || at == 65532) break;
    pad = pad + 65532 - at;
  }
  return b;
}

TEST(QueryDifferential, SaturatedFirstOffsetsNeverConfirmAMatch) {
  // First-occurrence offsets saturate at 65,535: a bigram first seen beyond that reads 65,535,
  // which minus its offset in the term may equal the first bigram's exact offset by chance.
  // Here 데이 sits at byte 65,532 and 이터 only far later, so 데이터 must not match.
  Bundle b = bundle_with_text_at_65532(717, 7, "데이터 이터 데이", "데이", "이터");
  ASSERT_EQ(normalize_for_search(document_search_text(b.docs[7])).find("데이"), 65532u);
  QueryEnginePtr e = build_query_engine(b);
  expect_same(*e, b, "데이터");
  expect_same(*e, b, "-데이터");
}

TEST(QueryDifferential, SaturatedFirstOffsetsNeverConfirmChoseongLetters) {
  // The pair ㄱㄴ (가나) first occurs at byte 65,532 and ㄴㄷ (나다) only far later, where its first
  // offset saturates at 65,535 = 65,532 + 3, as if it were the next syllable: ㄱㄴㄷ must not match.
  Bundle b = bundle_with_text_at_65532(818, 9, "가나다 나다 가나", "가나", "나다");
  ASSERT_EQ(normalize_for_search(document_search_text(b.docs[9])).find("가나"), 65532u);
  QueryEnginePtr e = build_query_engine(b);
  expect_same(*e, b, "ㄱㄴㄷ");
  expect_same(*e, b, "-ㄱㄴㄷ");
}

// Appends to each document's body a paragraph of `least` + rng() % `spread` words drawn from
// `words`, separated by spaces, one separator in `one_in` being `other` instead.
template <size_t N>
void append_word_runs(std::mt19937& rng, Bundle& b, const char* const (&words)[N], int least, int spread, int one_in,
                      const char* other) {
  for (auto& d : b.docs) {
    std::string s;
    for (int i = 0, n = least + static_cast<int>(rng() % static_cast<uint32_t>(spread)); i < n; ++i) {
      s += words[rng() % N];
      s += rng() % static_cast<uint32_t>(one_in) ? " " : other;
    }
    d.markdown += "\n" + s;
  }
}

TEST(QueryDifferential, PhrasesOfLatinWordsAndWordsSplitAcrossScripts) {
  // Phrases whose first word may end inside a longer word (foreknowledge distillation), whose
  // words co-occur but not adjacently, and Latin words glued to Hangul (모델knowledge).
  std::mt19937 rng(616);
  const char* const kWords[] = {"knowledge", "distillation", "foreknowledge", "self-distillation", "world", "model",
                                "models", "모델knowledge", "world-model", "distill", "데이터"};
  Bundle b = random_bundle(rng, 300);
  append_word_runs(rng, b, kWords, 100, 300, 5, ". ");
  QueryEnginePtr e = build_query_engine(b);
  for (const char* q : {"\"knowledge distillation\"", "\"world model\"", "\"model world\"", "\"knowledge distill\"",
                        "\"distillation knowledge\"", "\"e distillation\"", "\"ge distillation\"", "\"world model\" 모델",
                        "-\"world model\"", "knowledge distillation", "\"models. world\"", "\"데이터 knowledge\""})
    expect_same(*e, b, q);
}

TEST(QueryDifferential, WordsATermGoesOnAfterAreWholeWords) {
  // In fine-tuning, fine is followed by a hyphen: the text's word there is fine itself, not
  // finer or finetuning, so it is looked up as that one word; the last word stays a prefix
  // (fine-tunings). Texts hold the near misses: refine-tuning (no word start), finer-tuning,
  // fine_tuning, fine tuning, 모델fine-tuning, and words glued to Hangul after the hyphen.
  std::mt19937 rng(3131);
  const char* const kWords[] = {"fine-tuning", "fine-tunings", "finetuning", "finer-tuning", "refine-tuning", "fine_tuning",
                                "fine", "tuning", "fine-grained", "모델fine-tuning", "fine-튜닝", "gpt-4o", "gpt-4", "gpt4o",
                                "3.5-turbo", "3.5", "x-ray", "x-rays", "t-ray", "tx-ray", "rl-based", "(fine-tuning)"};
  Bundle b = random_bundle(rng, 300);
  append_word_runs(rng, b, kWords, 80, 200, 6, ", ");
  b.docs[5].markdown += "\nfiner-tuned only-here";
  QueryEnginePtr e = build_query_engine(b);
  for (const char* q : {"fine-tuning", "fine-tun", "fine-", "fine-t", "finer-tun", "gpt-4o", "gpt-4", "gpt-", "3.5-turbo",
                        "3.5", "x-ray", "t-ra", "rl-based", "fine-튜", "\"e-tuning\"", "-fine-tuning", "fine-tuning gpt-4o",
                        "(fine-tuning)", "only-here", "finer-tuned", "fine_tuning"})
    expect_same(*e, b, q);
}

TEST(QueryDifferential, LeadingLettersInsideLongerWordsAndRunsThatStartWithHangul) {
  // A term's leading Latin letters may lie anywhere in a word: at the end of a longer one
  // (otherworld model), inside a run that starts with Hangul (챗gpt모델, which is no dictionary
  // word), or past the cut of a word longer than the key limit. The words holding them and the
  // documents with such unkeyed text are the candidates; none may be missed. Most documents
  // here have no unkeyed text, so the candidates come from the dictionary search, not from them.
  std::mt19937 rng(2718);
  const std::string long_word = "pre" + std::string(40, 'x') + "worldmodel";  // longer than kWordKeyCut
  const char* const kWords[] = {"world", "model", "otherworld", "underworld", "worldwide", "gpt를", "llm을",
                                "LLM이", "e2e", "x1", "데이터", "학습", "modelworld", "GPT", "(llm)"};
  Bundle b = random_bundle(rng, 300);
  for (size_t i = 0; i < b.docs.size(); ++i) {
    Document& d = b.docs[i];
    d.title = "note " + std::to_string(i);
    d.display_title = d.title;
    d.summary.clear();
    d.sections.clear();
    d.html.clear();
    std::string s;
    for (int k = 0, n = 100 + static_cast<int>(rng() % 300); k < n; ++k) {
      s += kWords[rng() % std::size(kWords)];
      s += rng() % 5 ? " " : ". ";
    }
    if (i % 10 == 0) s += " 챗gpt모델 모델gpt 데이터éclair";
    if (i % 10 == 5) s += " " + long_word;
    d.markdown = s;
  }
  // Rare forms, each in one document, so a missed candidate changes the ids.
  b.docs[7].markdown += "\n유일챗qzv모델 끝";                              // inside a Hangul-started run
  b.docs[11].markdown += "\nabc" + std::string(30, 'k') + "qzvw tail";  // past a long word's key cut
  b.docs[13].markdown += "\nunderqzv 끝";                                // inside a dictionary word
  b.docs[17].markdown += "\n유일챗ézq 끝";                                // non-ASCII letter after Hangul
  b.docs[19].markdown += "\n유일챗j모델 끝";                               // one letter between Hangul
  QueryEnginePtr e = build_query_engine(b);
  for (const char* q : {"\"world model\"", "\"orld model\"", "\"rld\"", "\"wor", "\"w", "\"e", "\"1", "\"gpt",
                        "\"gpt모델\"", "llm을", "gpt를", "llm이", "\"worldmodel\"", "\"xworldmodel\"", "\"qzv", "\"qzvw",
                        "qzv모델", "\"zv\"", "-\"orld model\"", "\"del world\" 데이터", "\"pt모델\"", "\"qq", "\"ézq",
                        "\"clair", "\"lm)\"", "\"lm을\"", "\"j모델\"", "\"j"})
    expect_same(*e, b, q);
  auto got = run_query_json(*e, R"({"q":"\"qzv","sort":"date"})");
  ASSERT_TRUE(got.ok());
  EXPECT_NE(got.value().find("\"total\":3"), std::string::npos) << got.value();
}

TEST(QueryDifferential, HangulRunsHoldingLettersOrDigitsAreFoundInWordsAndUnkeyedText) {
  // A term's run that starts with Hangul and holds a letter or digit (모델2, 챗gpt) narrows its
  // candidates to the dictionary words that contain it (gpt모델2를) and the documents with text
  // no key holds (a run that starts with Hangul and holds a letter or digit, a word past the key
  // cut). Most documents here hold the Hangul alone, so each rare form below is the only match
  // of some query: a candidate missed changes the ids.
  std::mt19937 rng(31337);
  const char* const kWords[] = {"모델", "모델이", "데이터", "학습", "model", "2", "x2", "gpt", "모델 2", "모델-2", "(모델)"};
  Bundle b = random_bundle(rng, 240);
  for (size_t i = 0; i < b.docs.size(); ++i) {
    Document& d = b.docs[i];
    d.title = "note " + std::to_string(i);
    d.display_title = d.title;
    d.summary.clear();
    d.sections.clear();
    d.html.clear();
    std::string s;
    for (int k = 0, n = 80 + static_cast<int>(rng() % 200); k < n; ++k) {
      s += kWords[rng() % std::size(kWords)];
      s += rng() % 6 ? " " : ", ";
    }
    d.markdown = s;
  }
  b.docs[3].markdown += "\ngpt모델2를 끝";                                  // in a dictionary word
  b.docs[5].markdown += "\n유일모델2 끝";                                    // a run that starts with Hangul
  b.docs[12].markdown += "\nx" + std::string(30, 'k') + "모델7q 끝";          // past a long word's key cut
  b.docs[14].markdown += "\n데이터모델2b";                                  // at the end of the text
  b.docs[16].title = "모델9 이야기";                                        // in the title
  b.docs[16].display_title = b.docs[16].title;
  b.docs[20].markdown += "\n학습 모델3x 끝";                                 // after a space
  b.docs[22].markdown += "\n챗gpt 끝";
  QueryEnginePtr e = build_query_engine(b);
  for (const char* q : {"모델2", "델2", "모델2를", "모델2b", "델2b", "-모델2", "모델7q", "델7", "모델7", "모델9",
                        "델9", "\"학습 모델3x\"", "\"습 모델3\"", "모델3x", "챗gpt", "챗g", "모델2 데이터", "gpt모델2",
                        "유일모델2", "모델x", "데이터모델2b", "\"모델2b\"", "이야기 모델9"})
    expect_same(*e, b, q);
  auto got = run_query_json(*e, R"({"q":"모델2","sort":"date"})");
  ASSERT_TRUE(got.ok());
  EXPECT_NE(got.value().find("\"total\":3"), std::string::npos) << got.value();
}

TEST(QueryDifferential, ATermNarrowedByAContainmentPieceAloneRanksByItsCountOnTheText) {
  // `챗gpt` and `"orld"` have one piece each, a containment piece, whose counts are other words'
  // (a loose document counts 1). Their own counts come from the text, as on the scan path a
  // filter sends them down: the document holding the term three times ranks above the one
  // holding it once, with or without the filter (QA: the order flipped with the filter).
  Bundle b;
  const std::string filler(200, 'z');
  for (int i = 0; i < 300; ++i) {
    Document d;
    d.id = "f" + std::to_string(i);
    d.title = d.display_title = "filler " + std::to_string(i);
    d.date = "2025-01-01";
    d.markdown = "챗gpt otherworld " + filler;
    d.tags = {"filler"};
    b.docs.push_back(d);
  }
  auto add = [&](const char* id, const char* date, int times) {
    Document d;
    d.id = id;
    d.title = d.display_title = std::string("case ") + id;
    d.date = date;
    for (int k = 0; k < 3; ++k) d.markdown += k < times ? "챗gpt otherworld " : "챗abc underwrld ";
    d.markdown += filler;
    d.tags = {"x"};
    b.docs.push_back(d);
  };
  add("three", "2025-01-02", 3);
  add("once", "2025-01-03", 1);  // newer: it would win a tie
  QueryEnginePtr e = build_query_engine(b);
  for (const char* q : {"챗gpt", "\"orld\""})
    for (const char* filter : {"", R"(,"tags":["x"])"}) {
      SCOPED_TRACE(std::string(q) + filter);
      JsonWriter w;
      w.begin_object();
      w.field("q", q);
      w.end_object();
      std::string req = w.str();
      req.insert(req.size() - 1, std::string(R"(,"limit":1000)") + filter);
      auto got = run_query_json(*e, req);
      ASSERT_TRUE(got.ok());
      std::vector<std::string> ids = answer_ids(got.value());
      size_t three = rank_of(ids, "three"), once = rank_of(ids, "once");
      ASSERT_LT(three, ids.size());
      ASSERT_LT(once, ids.size());
      EXPECT_LT(three, once);
    }
}

TEST(QueryDifferential, HangulTermsInShortAndLongRunsAnswerAsTheText) {
  // Hangul terms of several pairs over texts of short runs between spaces, built from a few
  // syllables and Latin pieces (데이터를, llm데이, 4o터를...), separated by spaces, no-break
  // spaces, commas or line breaks; a few documents hold runs of 70+ bytes without a space, two of
  // them with 데이터를 only there, some titles hold the terms (title zone); filters and
  // exclusions narrow the documents alive.
  std::mt19937 rng(8080);
  const char* const kUnits[] = {"데", "이", "터", "를", "가", "모", "델", "은", "llm", "gpt-", "4o", "x"};
  const char* const kSeps[] = {" ", " ", " ", " ", ", ", "\n", "\u00a0", "\u3000"};
  bool no_reul = false;  // leave 를 out: a document holding 데이터를 only in its overlong run
  auto run = [&](int units) {
    std::string s;
    for (int k = 0; k < units; ++k) {
      const char* u = kUnits[rng() % 8 < 6 ? rng() % 8 : 8 + rng() % 4];
      s += no_reul && std::string_view(u) == "를" ? "가" : u;
    }
    return s;
  };
  Bundle b = random_bundle(rng, 600);
  for (size_t i = 0; i < b.docs.size(); ++i) {
    Document& d = b.docs[i];
    std::string s;
    no_reul = i == 3 || i == 131;
    for (int k = 0, n = 60 + static_cast<int>(rng() % 100); k < n; ++k) {
      s += run(1 + static_cast<int>(rng() % 6));
      const char* sep = kSeps[rng() % std::size(kSeps)];
      s += sep[0] == '\\' ? (sep[1] == 'n' ? "\n" : sep[2] == '0' ? "\u00a0" : "\u3000") : sep;
    }
    if (no_reul) s += " " + run(40) + "데이터를마바사" + run(30) + " ";  // a long run
    no_reul = false;
    if (i % 32 == 5) s += " 마바사를 ";  // the same rare term in a token
    if (i == 7) s += " " + std::string(30, 'z') + "모델은" + run(25);
    d.markdown += "\n" + s;
    if (i % 9 == 0) {
      d.title = run(3) + " " + run(4);
      d.display_title = d.title;
    }
  }
  QueryEnginePtr e = build_query_engine(b);
  std::vector<std::string> terms = {"데이터를", "데이터", "이터를", "터를가", "모델은", "델은데", "llm데이", "m데이터",
                                    "4o터를", "gpt-데이", "데이 터를", "를데이터를", "마바사", "를마바", "바사를"};
  const char* const kSyl[] = {"데", "이", "터", "를", "가", "모", "델", "은"};
  add_random_words(rng, kSyl, 30, terms);
  for (const auto& t : terms) {
    expect_same(*e, b, t);
    expect_same(*e, b, "-" + t);
    expect_same(*e, b, "\"" + t + "\"");
    expect_same(*e, b, t + " 모델");
    if (::testing::Test::HasFailure()) return;
  }
  for (const auto& t : {"데이터를", "이터를", "llm데이"}) {
    for (int f = 0; f < 3; ++f) {
      RefQuery rq;
      rq.q = t;
      if (f == 0) rq.kind = "paper";
      if (f == 1) rq.tags.push_back("LLM");
      if (f == 2) rq.not_tags.push_back("RL");
      SCOPED_TRACE(std::string(t) + " filter " + std::to_string(f));
      auto got = run_query_json(*e, request_json(rq));
      ASSERT_TRUE(got.ok());
      EXPECT_EQ(answer_ids(got.value()), reference(b, rq).ids);
    }
  }
}

// 300 random documents, each holding `common` once, then `cases`: reviews whose bodies are 40
// filler words, the case's middle and 40 filler words again (the same length when the middles are).
struct RankCase {
  const char* id;
  const char* date;
  std::string title, middle;
};
Bundle ranking_bundle(uint32_t seed, const std::string& common, const std::vector<RankCase>& cases) {
  std::mt19937 rng(seed);
  Bundle b = random_bundle(rng, 300);
  for (auto& d : b.docs) d.markdown += "\n" + random_text(rng, 200) + " " + common + " " + random_text(rng, 100);
  std::string filler;
  for (int k = 0; k < 40; ++k) filler += "가나다라 ";
  for (const RankCase& c : cases) {
    Document d;
    d.kind = DocKind::REVIEW;
    d.id = d.slug = c.id;
    d.title = d.display_title = c.title;
    d.date = c.date;
    d.markdown = filler + c.middle + " " + filler;
    b.docs.push_back(std::move(d));
  }
  return b;
}

TEST(QueryDifferential, LongHangulTermsRankByTheirCountsAndTitles) {
  // Among documents of the same length, the one holding a term three times (between spaces, or
  // in one run) ranks above the one holding it once (newer, so a tie would put it first), and a
  // title holding it ranks above them.
  Bundle b = ranking_bundle(9090, "데이터를", {{"thrice", "2020-01-01", "마바사아", "데이터를 데이터를 데이터를"},
                                              {"once", "2020-01-03", "마바사아", "데이터를 사자차카 사자차카"},
                                              {"titled", "2020-01-02", "데이터를", "사자차카 사자차카 사자차카"},
                                              {"glued", "2020-01-04", "마바사아", "데이터를데이터를데이터를 ab"}});
  QueryEnginePtr e = build_query_engine(b);
  auto got = run_query_json(*e, R"({"q":"데이터를","limit":1000,"snippet":false})");
  ASSERT_TRUE(got.ok());
  const std::vector<std::string> ids = answer_ids(got.value());
  ASSERT_LT(rank_of(ids, "once"), ids.size());
  EXPECT_LT(rank_of(ids, "titled"), rank_of(ids, "thrice"));
  EXPECT_LT(rank_of(ids, "thrice"), rank_of(ids, "once"));
  EXPECT_LT(rank_of(ids, "glued"), rank_of(ids, "once"));
}

TEST(QueryDifferential, ThreeChoseongLettersRankByTheirCountsAndTitles) {
  // Three letters are decided by their trigram's list once the trigrams are built: its counts
  // rank a document holding the letters three times above one holding them once (newer, so a
  // tie would put it first), and a title holding them above both.
  Bundle b = ranking_bundle(7070, "강화학습", {{"thrice", "2020-01-01", "마바사아", "강화학습, 강화학습, 강화학습,"},
                                              {"once", "2020-01-03", "마바사아", "강화학습, 사자차카, 사자차카,"},
                                              {"titled", "2020-01-02", "강화학습", "사자차카, 사자차카, 사자차카,"}});
  QueryEnginePtr e = build_query_engine(b);
  ASSERT_NE(e->choseong_trigrams(), nullptr);
  expect_same(*e, b, "ㄱㅎㅎ");
  auto got = run_query_json(*e, R"({"q":"ㄱㅎㅎ","limit":1000,"snippet":false})");
  ASSERT_TRUE(got.ok());
  const std::vector<std::string> ids = answer_ids(got.value());
  ASSERT_LT(rank_of(ids, "once"), ids.size());
  EXPECT_LT(rank_of(ids, "titled"), rank_of(ids, "thrice"));
  EXPECT_LT(rank_of(ids, "thrice"), rank_of(ids, "once"));
}

// An engine whose full-text index is built by the first query with text answers every request
// byte for byte as one built whole: empty searches before it (list, facets, filters, sorts),
// text searches that build it, and prepare_text_index called again.
TEST(QueryDifferential, DeferredTextIndexAnswersAsTheWholeIndex) {
  std::mt19937 rng(91);
  Bundle b = random_bundle(rng, 300);
  QueryEnginePtr eager = build_query_engine(b, TextIndexTiming::kNow);
  QueryEnginePtr lazy = build_query_engine(b, TextIndexTiming::kOnFirstSearch);
  const char* requests[] = {
      R"({})", R"({"q":"","tags":["LLM"],"facetLimit":3})", R"({"q":"   ","sort":"date-old","limit":50})",
      R"({"from":"2024-03-01","to":"2025-06-30","kind":"paper","sort":"upvotes"})", R"({"q":"모델 -rl","expand":true})",
      R"({"q":"ㄱㅎㅎㅅ"})", R"({"q":"\"world model\"","limit":100})", R"({"q":"","facetFormat":"array"})",
  };
  for (int round = 0; round < 2; ++round) {
    for (const char* req : requests) {
      SCOPED_TRACE(req);
      auto a = run_query_json(*eager, req);
      auto z = run_query_json(*lazy, req);
      ASSERT_TRUE(a.ok() && z.ok());
      EXPECT_EQ(a.value(), z.value());
    }
    prepare_text_index(*lazy);  // a no-op once built
  }
  EXPECT_EQ(query_expansion_pairs(*eager), query_expansion_pairs(*lazy));
}

// The full-text index built in slices of any size (the viewer builds it in idle time) answers
// byte for byte as one built at once; requests without text are answered between the slices,
// and a text query in the middle finishes the build itself.
TEST(QueryDifferential, TextIndexBuiltInStepsAnswersAsTheWholeIndex) {
  std::mt19937 rng(92);
  Bundle b = random_bundle(rng, 240);
  b.docs[3].markdown += "\n강화 학습(RL)을 쓰는 강화 학습(RL) 에이전트";  // an expansion pair to mine
  QueryEnginePtr eager = build_query_engine(b, TextIndexTiming::kNow);
  const char* list = R"({"q":"","tags":["LLM"],"facetLimit":3})";
  const char* texts[] = {R"({"q":"모델 -rl","expand":true,"limit":100})", R"({"q":"ㄱㅎㅎㅅ"})", R"({"q":"\"world model\""})",
                         R"({"q":"rl","expand":true})", R"({"q":"\"gpt","limit":100})"};
  for (uint32_t slice : {1u, 7u, 50u, 239u, 240u, 241u, 100000u}) {
    SCOPED_TRACE(slice);
    QueryEnginePtr lazy = build_query_engine(b, TextIndexTiming::kOnFirstSearch);
    int steps = 0;
    while (!prepare_text_index_step(*lazy, slice)) {
      ++steps;
      ASSERT_LT(steps, 10000);
      auto got = run_query_json(*lazy, list);
      ASSERT_TRUE(got.ok());
      EXPECT_EQ(got.value(), run_query_json(*eager, list).value());
    }
    // Three passes over the 240 documents, `slice` of them per step (the step that ends a pass
    // exactly leaves the next pass's opening, or the closing work, to the next step), then one
    // step per side of the mined pairs (강화 학습 and rl, and whatever the random text adds), then
    // the choseong trigrams, `slice` documents per step, the first in the step that ends the rest.
    std::set<std::string> sides;
    for (const auto& [a, c] : query_expansion_pairs(*eager)) sides.insert({a, c});
    ASSERT_TRUE(sides.count("강화 학습") && sides.count("rl"));
    EXPECT_EQ(steps, static_cast<int>(720 / slice + sides.size() + (240 + slice - 1) / slice - 1));
    EXPECT_TRUE(prepare_text_index_step(*lazy, 1));  // complete: a no-op
    for (const char* req : texts) EXPECT_EQ(run_query_json(*lazy, req).value(), run_query_json(*eager, req).value()) << req;
    EXPECT_EQ(query_expansion_pairs(*lazy), query_expansion_pairs(*eager));
  }
  // A text query after a few slices builds the rest.
  QueryEnginePtr part = build_query_engine(b, TextIndexTiming::kOnFirstSearch);
  EXPECT_FALSE(prepare_text_index_step(*part, 100));
  EXPECT_FALSE(prepare_text_index_step(*part, 200));  // into the postings
  for (const char* req : texts) EXPECT_EQ(run_query_json(*part, req).value(), run_query_json(*eager, req).value()) << req;
  // The choseong trigrams are still to build (no query builds them): 240 documents, one step.
  EXPECT_FALSE(prepare_text_index_step(*part, 239));
  EXPECT_TRUE(prepare_text_index_step(*part, 1));
  for (const char* req : texts) EXPECT_EQ(run_query_json(*part, req).value(), run_query_json(*eager, req).value()) << req;
}

// The matches of each expansion side that the text index build keeps (QueryEngine::side_matches,
// what an alternative merges instead of verifying its candidates) are exactly the documents whose
// text holds the side (a substring for a Hangul side, at a word start for the others), with the
// title flag of the first occurrence; and expanded queries answer as they do without them.
TEST(QueryDifferential, ExpansionSideMatchesAreTheDocumentsHoldingTheSide) {
  std::mt19937 rng(31);
  Bundle b = random_bundle(rng, 300);
  b.docs[1].markdown += "\n강화 학습(RL)을 쓰는 강화 학습(RL) 에이전트, 지식 증류(knowledge distillation)와 지식 증류(knowledge distillation)";
  b.docs[7].title += " 강화 학습 입문";                                  // in a title zone
  b.docs[9].markdown += "\n강화학습과 강화  학습, 강화\n학습";            // other spacings
  b.docs[11].markdown += "\nknowledge distillations, preknowledge distillation";  // a word start; not one
  b.docs[12].markdown += "\n앞서 강화 학습을 설명했다";                     // inside a longer run
  QueryEnginePtr e = build_query_engine(b, TextIndexTiming::kNow);
  std::set<std::string> kept;
  for (const auto& m : e->side_matches) {
    const std::string& side = m.side;
    SCOPED_TRACE(side);
    kept.insert(side);
    const std::string norm = normalize_for_search(side);
    bool hangul = false;
    for (size_t i = 0; i < norm.size();) hangul = is_hangul_or_cjk(utf8_decode(norm, i)) || hangul;
    std::vector<uint32_t> want;
    std::vector<bool> want_title;
    for (uint32_t d = 0; d < e->n; ++d) {
      const std::string_view hay = e->doc_hay(d);
      size_t p = hay.find(norm);
      auto word_start = [&](size_t at) {
        if (hangul || at == 0) return true;
        size_t k = at - 1;
        while (k > 0 && (static_cast<unsigned char>(hay[k]) & 0xC0) == 0x80) --k;
        return !is_word_char(utf8_decode(hay, k));
      };
      while (p != std::string_view::npos && !word_start(p)) p = hay.find(norm, p + 1);
      if (p == std::string_view::npos) continue;
      want.push_back(d);
      want_title.push_back(p < e->doc_title_len(d));
    }
    EXPECT_EQ(m.docs, want);
    ASSERT_EQ(m.tf_title.size(), m.docs.size());
    for (size_t k = 0; k < m.docs.size() && k < want_title.size(); ++k) {
      EXPECT_EQ((m.tf_title[k] >> 7) != 0, want_title[k]) << "document " << m.docs[k];
      EXPECT_GE(m.tf_title[k] & 0x7F, 1);
    }
  }
  // The planted phrases are kept; rl, one word, is decided by its postings. (The random text
  // may add pairs of its own: which depends on the compiler's order of evaluation.)
  EXPECT_TRUE(kept.count("강화 학습") && kept.count("지식 증류") && kept.count("knowledge distillation"));
  EXPECT_FALSE(kept.count("rl"));
  // The same answers with the kept matches as with verification on the text: an engine whose
  // side_matches were dropped answers every expanded request alike.
  QueryEnginePtr plain = build_query_engine(b, TextIndexTiming::kNow);
  const_cast<QueryEngine&>(*plain).side_matches.clear();
  for (const char* req : {R"({"q":"rl","expand":true,"limit":300})", R"({"q":"knowledge distillation","expand":true,"limit":300})",
                          R"({"q":"지식 증류","expand":true,"limit":300})", R"({"q":"강화 학습","expand":true,"limit":300})",
                          R"({"q":"rl 모델","expand":true,"tags":["LLM"],"limit":300})", R"({"q":"rl","expand":true,"kind":"paper","limit":300})"})
    EXPECT_EQ(run_query_json(*e, req).value(), run_query_json(*plain, req).value()) << req;
}

TEST(QueryDifferential, ExpansionOnlyAddsResults) {
  std::mt19937 rng(77);
  Bundle b = random_bundle(rng, 200);
  b.docs[0].markdown += "\n강화 학습(RL)과 대규모 언어 모델(LLM)을 씁니다.";
  QueryEnginePtr e = build_query_engine(b);
  simdjson::dom::parser parser;
  for (const char* q : {"강화 학습", "rl", "대규모 언어 모델", "llm 모델", "강화"}) {
    std::set<std::string> plain, expanded;
    for (bool expand : {false, true}) {
      std::string req = std::string("{\"q\":\"") + q + "\",\"limit\":1000,\"expand\":" + (expand ? "true" : "false") + "}";
      auto r = run_query_json(*e, req);
      ASSERT_TRUE(r.ok());
      simdjson::padded_string padded(r.value());
      simdjson::dom::element root;
      ASSERT_FALSE(parser.parse(padded).get(root));
      simdjson::dom::array ids = root["ids"].get_array().value_unsafe();
      for (simdjson::dom::element x : ids)
        (expand ? expanded : plain).insert(std::string(std::string_view(x.get_string().value_unsafe())));
    }
    for (const auto& id : plain) EXPECT_TRUE(expanded.count(id)) << q << " lost " << id;
  }
}

}  // namespace
}  // namespace digest
