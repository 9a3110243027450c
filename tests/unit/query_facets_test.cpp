// query_facets_test.cpp — the facet request fields: facetLimit (top N by count, exact counts,
// facetTotals), facetFilter (tag entries whose identity key contains the filter) and facetOrder
// (years/months in calendar order). Each is checked against the unlimited answer of the same
// query, so the cut and filtered lists must be exactly the documented slices of it.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "digest/query.h"
#include "simdjson.h"

namespace digest {
namespace {

using Entries = std::vector<std::pair<std::string, int64_t>>;

// Many tags with skewed frequencies (ties included), in review and digest spellings.
Bundle tagged_corpus() {
  std::mt19937 rng(99);
  const char* const kTags[] = {"Large Language Models", "large-language-models", "Vision Language Models", "RL",
                               "Robotics", "Agents", "Diffusion", "Speech", "Graph", "Efficiency", "Safety", "MoE",
                               "Retrieval", "Long Context", "language-agents", "Quantization"};
  Bundle b;
  for (int i = 0; i < 300; ++i) {
    Document d;
    d.id = "d" + std::to_string(i);
    d.slug = d.id;
    d.title = i % 2 ? "모델 연구" : "model study";
    d.display_title = d.title;
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2021 + static_cast<int>(rng() % 5), 1 + static_cast<int>(rng() % 12), 1 + static_cast<int>(rng() % 28));
    d.date = date;
    d.kind = i % 3 ? DocKind::REVIEW : DocKind::PAPER;
    if (d.kind == DocKind::PAPER) d.institution = i % 2 ? "Lab A" : (i % 5 ? "Lab B" : "Lab C");
    d.markdown = "본문 " + std::to_string(i);
    // Zipf-like: tag k with probability ~ 1/(k+1).
    for (size_t k = 0; k < std::size(kTags); ++k)
      if (rng() % (k + 1) == 0) d.tags.push_back(kTags[k]);
    b.docs.push_back(std::move(d));
  }
  return b;
}

struct Answer {
  int64_t total = -1;
  std::map<std::string, Entries> facets;
  std::map<std::string, int64_t> totals;
  bool has_totals = false;
};

Answer ask(const QueryEngine& e, const std::string& req) {
  Answer a;
  auto r = run_query_json(e, req);
  EXPECT_TRUE(r.ok()) << req << ": " << (r.ok() ? "" : r.error().describe());
  if (!r.ok()) return a;
  simdjson::dom::parser parser;
  simdjson::padded_string padded(r.value());
  simdjson::dom::element root;
  EXPECT_FALSE(parser.parse(padded).get(root));
  EXPECT_FALSE(root["total"].get_int64().get(a.total));
  simdjson::dom::object facets;
  EXPECT_FALSE(root["facets"].get_object().get(facets));
  for (auto kv : facets) {
    Entries& list = a.facets[std::string(kv.key)];
    simdjson::dom::array arr;
    EXPECT_FALSE(kv.value.get_array().get(arr)) << kv.key;
    for (simdjson::dom::element pair : arr)
      list.emplace_back(std::string(pair.at(0).get_string().value_unsafe()), pair.at(1).get_int64().value_unsafe());
  }
  simdjson::dom::object totals;
  if (!root["facetTotals"].get_object().get(totals)) {
    a.has_totals = true;
    for (auto kv : totals) a.totals[std::string(kv.key)] = kv.value.get_int64().value_unsafe();
  }
  return a;
}

ErrorCode error_of(const QueryEngine& e, const std::string& req, std::string* field = nullptr) {
  auto r = run_query_json(e, req);
  if (r.ok()) return ErrorCode::OK;
  if (field) *field = r.error().field;
  return r.error().code;
}

TEST(QueryFacets, LimitKeepsTheTopEntriesWithExactCountsAndReportsTheTotal) {
  Bundle b = tagged_corpus();
  QueryEnginePtr e = build_query_engine(b);
  for (const char* q : {"", "모델", "model"}) {
    std::string base = std::string(R"({"facetFormat":"array","limit":0,"q":")") + q + "\"";
    Answer all = ask(*e, base + "}");
    EXPECT_FALSE(all.has_totals) << "no facetTotals unless asked: the answer stays what it was";
    ASSERT_GT(all.facets["tags"].size(), 8u);
    for (int64_t limit : {0, 1, 3, 8, 1000}) {
      SCOPED_TRACE(std::string(q) + " limit " + std::to_string(limit));
      Answer cut = ask(*e, base + ",\"facetLimit\":" + std::to_string(limit) + "}");
      EXPECT_EQ(cut.total, all.total);
      ASSERT_TRUE(cut.has_totals);
      for (const char* f : {"tags", "institutions", "categories", "prerequisites"}) {
        const Entries& full = all.facets[f];
        size_t keep = std::min<size_t>(full.size(), static_cast<size_t>(limit));
        EXPECT_EQ(cut.facets[f], Entries(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(keep))) << f;
        EXPECT_EQ(cut.totals[f], static_cast<int64_t>(full.size())) << f;
      }
      // Date and kind lists are never cut (the chart needs every month).
      EXPECT_EQ(cut.facets["months"], all.facets["months"]);
      EXPECT_EQ(cut.facets["years"], all.facets["years"]);
      EXPECT_EQ(cut.facets["kinds"], all.facets["kinds"]);
    }
  }
}

TEST(QueryFacets, FilterKeepsTagsWhoseIdentityContainsTheFilter) {
  Bundle b = tagged_corpus();
  QueryEnginePtr e = build_query_engine(b);
  Answer all = ask(*e, R"({"facetFormat":"array","limit":0})");
  // "language models", "Language_Models" and "language-models" are one filter (tag identity);
  // the review and digest spellings of one tag are one entry.
  for (const char* filter : {"language models", "Language_Models", "LANGUAGE-models"}) {
    SCOPED_TRACE(filter);
    Answer got = ask(*e, std::string(R"({"facetFormat":"array","limit":0,"facetFilter":")") + filter + "\"}");
    Entries want;
    for (const auto& kv : all.facets["tags"])
      if (kv.first == "Large Language Models" || kv.first == "Vision Language Models") want.push_back(kv);
    ASSERT_EQ(want.size(), 2u);
    EXPECT_EQ(got.facets["tags"], want);
    EXPECT_EQ(got.totals["tags"], 2);
    EXPECT_EQ(got.facets["institutions"], all.facets["institutions"]) << "the filter is for tags only";
  }
  // "lang" also finds language-agents; with a limit the top of the filtered list is kept.
  Answer lang = ask(*e, R"({"facetFormat":"array","limit":0,"facetFilter":"lang","facetLimit":2})");
  EXPECT_EQ(lang.totals["tags"], 3);
  Entries filtered;
  for (const auto& kv : all.facets["tags"])
    if (kv.first.find("Language") != std::string::npos || kv.first.find("language") != std::string::npos) filtered.push_back(kv);
  ASSERT_EQ(filtered.size(), 3u);
  EXPECT_EQ(lang.facets["tags"], Entries(filtered.begin(), filtered.begin() + 2));
  EXPECT_TRUE(ask(*e, R"({"facetFormat":"array","limit":0,"facetFilter":"no such tag"})").facets["tags"].empty());
  // A filter of nothing but separators filters nothing.
  EXPECT_EQ(ask(*e, R"({"facetFormat":"array","limit":0,"facetFilter":" - "})").facets["tags"], all.facets["tags"]);
}

TEST(QueryFacets, NameOrderListsYearsAndMonthsInCalendarOrder) {
  Bundle b = tagged_corpus();
  QueryEnginePtr e = build_query_engine(b);
  Answer by_count = ask(*e, R"({"facetFormat":"array","limit":0,"q":"모델"})");
  Answer by_name = ask(*e, R"({"facetFormat":"array","limit":0,"q":"모델","facetOrder":"name"})");
  for (const char* f : {"years", "months"}) {
    Entries sorted = by_count.facets[f];
    std::sort(sorted.begin(), sorted.end());
    ASSERT_GT(sorted.size(), 3u);
    EXPECT_EQ(by_name.facets[f], sorted) << f;
    EXPECT_NE(by_count.facets[f], sorted) << f << ": the corpus should make count order differ";
  }
  EXPECT_EQ(by_name.facets["tags"], by_count.facets["tags"]) << "tags stay in count order";
  EXPECT_FALSE(by_name.has_totals);
}

TEST(QueryFacets, BadFacetFieldsAreBadQueries) {
  Bundle b = tagged_corpus();
  QueryEnginePtr e = build_query_engine(b);
  std::string field;
  EXPECT_EQ(error_of(*e, R"({"facetLimit":-1})", &field), ErrorCode::BAD_QUERY);
  EXPECT_EQ(field, "facetLimit");
  EXPECT_EQ(error_of(*e, R"({"facetLimit":"10"})", &field), ErrorCode::BAD_QUERY);
  EXPECT_EQ(error_of(*e, R"({"facetFilter":3})", &field), ErrorCode::BAD_QUERY);
  EXPECT_EQ(field, "facetFilter");
  EXPECT_EQ(error_of(*e, R"({"facetOrder":"calendar"})", &field), ErrorCode::BAD_QUERY);
  EXPECT_EQ(field, "facetOrder");
  EXPECT_EQ(error_of(*e, R"({"facetLimit":null,"facetFilter":null,"facetOrder":"count"})"), ErrorCode::OK);
}


TEST(FacetName, GivesTheFacetsSpellingOfAValueOfTheSameIdentity) {
  // The tag facet lists one entry per identity under its most written spelling; facet_name maps
  // any spelling of it to that entry, which is what a link from a document's own tag must name.
  Bundle b = tagged_corpus();
  b.docs[0].categories = {"AI Papers"};
  b.docs[1].categories = {"ai papers", "Reviews"};
  b.docs[2].categories = {"ai papers"};
  b.docs[0].prerequisites = {{"Transformer", ""}};
  QueryEnginePtr e = build_query_engine(b);
  const Answer all = ask(*e, R"({"facetFormat":"array"})");
  const Entries& tags = all.facets.at("tags");
  auto listed = [&](const std::string& name) {
    return std::any_of(tags.begin(), tags.end(), [&](const auto& t) { return t.first == name; });
  };
  const std::string llm = facet_name(*e, "tags", "large-language-models");
  EXPECT_TRUE(listed(llm)) << llm;
  EXPECT_EQ(llm, facet_name(*e, "tags", "Large Language Models"));
  EXPECT_EQ(llm, facet_name(*e, "tags", "LARGE_language  models"));
  EXPECT_EQ(facet_name(*e, "tags", "robotics"), "Robotics");
  EXPECT_EQ(facet_name(*e, "tags", "no-such-tag"), "no-such-tag");  // unknown: as given
  EXPECT_EQ(facet_name(*e, "categories", "AI PAPERS"), "ai papers");  // written twice of three
  EXPECT_EQ(facet_name(*e, "prerequisites", "transformer"), "Transformer");
  EXPECT_EQ(facet_name(*e, "kinds", "robotics"), "robotics");  // not a list facet: as given
  // An institution in another case (a hand-made link's `kaist`) is the facet's entry (QA: it
  // filtered, but its sidebar entry never showed as pressed).
  b.docs[0].institution = "KAIST";
  QueryEnginePtr e2 = build_query_engine(b);
  EXPECT_EQ(facet_name(*e2, "institutions", "kaist"), "KAIST");
  EXPECT_EQ(facet_name(*e2, "institutions", "Nowhere Lab"), "Nowhere Lab");
  // The named filter selects what the document's own spelling selects.
  EXPECT_EQ(ask(*e, R"({"facetFormat":"array","tags":[")" + llm + R"("]})").total,
            ask(*e, R"({"facetFormat":"array","tags":["large-language-models"]})").total);
}

// facetFormat "ranks": each value facet a flat [rank, count, ...] array whose ranks index
// facet_values_json's list; mapped through it, every answer is the "array" answer, entry for entry
// (limits, filters, orders and filters on the query included).
TEST(QueryFacets, RanksNameTheSameEntriesAsArraysThroughTheValueList) {
  Bundle b = tagged_corpus();
  b.docs[3].categories = {"ai papers", "Surveys"};
  b.docs[4].prerequisites = {{"Transformer", ""}, {"어텐션", ""}};
  b.docs[5].tags.push_back("\"quoted\" \\ tag");  // names that JSON escapes
  QueryEnginePtr e = build_query_engine(b);
  simdjson::dom::parser vp;
  simdjson::padded_string vpad(facet_values_json(*e));
  simdjson::dom::object values;
  ASSERT_FALSE(vp.parse(vpad).get_object().get(values));
  std::map<std::string, std::vector<std::string>> names;
  for (auto kv : values) {
    simdjson::dom::array list;
    ASSERT_FALSE(kv.value.get_array().get(list)) << kv.key;
    std::vector<std::string>& out = names[std::string(kv.key)];
    for (simdjson::dom::element n : list) out.emplace_back(n.get_string().value_unsafe());
  }
  const std::vector<std::string> kValue = {"tags", "institutions", "selections", "analyses", "categories", "prerequisites"};
  ASSERT_EQ(names.size(), kValue.size());
  for (const auto& f : kValue) {
    ASSERT_TRUE(names.count(f)) << f;
    EXPECT_TRUE(std::is_sorted(names[f].begin(), names[f].end())) << f << ": rank order is bytewise name order";
  }
  EXPECT_EQ(names["tags"].size(), ask(*e, R"({"facetFormat":"array","limit":0})").facets["tags"].size());
  for (const char* extra : {"", R"(,"q":"모델")", R"(,"q":"model","facetLimit":3)", R"(,"facetFilter":"lang")", R"(,"facetOrder":"name","kind":"paper")",
                            R"(,"tags":["RL"],"facetLimit":0)", R"(,"q":"nothing-matches-this")"}) {
    SCOPED_TRACE(extra);
    const std::string tail = std::string(R"("limit":0)") + extra + "}";
    const Answer arrays = ask(*e, R"({"facetFormat":"array",)" + tail);
    auto r = run_query_json(*e, R"({"facetFormat":"ranks",)" + tail);
    ASSERT_TRUE(r.ok());
    simdjson::dom::parser parser;
    simdjson::padded_string padded(r.value());
    simdjson::dom::element root;
    ASSERT_FALSE(parser.parse(padded).get(root));
    simdjson::dom::object facets;
    ASSERT_FALSE(root["facets"].get_object().get(facets));
    size_t seen = 0;
    for (auto kv : facets) {
      const std::string f(kv.key);
      ++seen;
      Entries got;
      simdjson::dom::array arr;
      ASSERT_FALSE(kv.value.get_array().get(arr)) << f;
      if (std::find(kValue.begin(), kValue.end(), f) == kValue.end()) {  // years, months, kinds: as "array"
        for (simdjson::dom::element pair : arr)
          got.emplace_back(std::string(pair.at(0).get_string().value_unsafe()), pair.at(1).get_int64().value_unsafe());
      } else {
        std::vector<int64_t> flat;
        for (simdjson::dom::element x : arr) flat.push_back(x.get_int64().value_unsafe());
        ASSERT_EQ(flat.size() % 2, 0u) << f;
        for (size_t i = 0; i < flat.size(); i += 2) {
          ASSERT_LT(static_cast<size_t>(flat[i]), names[f].size()) << f;
          got.emplace_back(names[f][static_cast<size_t>(flat[i])], flat[i + 1]);
        }
      }
      EXPECT_EQ(got, arrays.facets.at(f)) << f;
    }
    EXPECT_EQ(seen, arrays.facets.size());
  }
  EXPECT_EQ(error_of(*e, R"({"facetFormat":"rank"})"), ErrorCode::BAD_QUERY);
}

}  // namespace
}  // namespace digest
