// body_script_test.cpp — bodies kept as scripts against the index's text (body_script.h) and the
// Session that packs them (query.h set_body_release, Session::set_input_keeper): what comes back is
// exactly what was loaded, byte for byte, whatever the text it is rebuilt from.
#include <gtest/gtest.h>

#include <cstring>

#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "digest/json_writer.h"
#include "digest/session.h"
#include "digest/text_normalize.h"
#include "body_script.h"
#include "digest/loader.h"
#include "query_internal.h"

namespace {

std::string rebuilt(std::string_view body, std::string_view text) {
  std::string script, out;
  digest::append_body_script(body, text, script);
  EXPECT_TRUE(digest::apply_body_script(script, text, out));
  return out;
}

// Pieces of the bodies the viewer holds: Korean prose with English terms, markdown, capitals,
// HTML, emoji, line breaks, an accented capital, a stray byte.
const char* const kPieces[] = {"모델이 ", "학습을 ", "**강화 학습(RL)**", "Transformer ", "RLHF", "LoRA ", "\n\n", "## 주요 결과\n",
                               "[논문](https://arxiv.org/abs/2501.00001) ", "`code`", "$x^2$ ", "<p class=\"x\">", "</p>",
                               "&amp; ", "🤖 ", "Élan ", "  ", "\t", "- 항목\n", "| a | b |\n", "\xff", "ABC", "a"};

std::string random_body(std::mt19937& rng, size_t pieces) {
  std::string s;
  std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
  for (size_t i = 0; i < pieces; ++i) s += kPieces[pick(rng)];
  return s;
}

TEST(BodyScript, RebuildsTheBodyFromItsNormalisedText) {
  std::mt19937 rng(7);
  for (int i = 0; i < 500; ++i) {
    const std::string body = random_body(rng, 1 + rng() % 60);
    const std::string text = digest::normalize_for_search(digest::markdown_to_text(body));
    ASSERT_EQ(rebuilt(body, text), body) << "case " << i;
  }
}

TEST(BodyScript, RebuildsTheBodyFromAnyText) {
  std::mt19937 rng(11);
  for (int i = 0; i < 300; ++i) {
    const std::string body = random_body(rng, rng() % 40), text = random_body(rng, rng() % 40);
    ASSERT_EQ(rebuilt(body, text), body) << "case " << i;
  }
  EXPECT_EQ(rebuilt("", "모델"), "");
  EXPECT_EQ(rebuilt("모델", ""), "모델");
  // A body nothing like its text, longer than the look-ahead.
  std::string long_body(100000, 'x');
  EXPECT_EQ(rebuilt(long_body, "모델이 학습을 합니다"), long_body);
}

TEST(BodyScript, IsSmallForABodyAgainstItsOwnText) {
  const std::string body =
      "## 핵심 연구 목표\n\n**NovaGPT**는 강화 학습(Reinforcement Learning)과 검색 증강 생성(RAG)을 결합합니다. "
      "The authors report that NovaGPT reaches 2.0% higher win rate, 즉 검증기가 뚜렷하게 개선되었습니다.\n\n"
      "- 혼합 전문가(MoE): 계산량을 줄입니다.\n- [논문](https://arxiv.org/abs/2501.00001)을 참고하세요.\n";
  const std::string text = digest::normalize_for_search(digest::markdown_to_text(body));
  std::string script;
  digest::append_body_script(body, text, script);
  EXPECT_LT(script.size() * 4, body.size()) << "script " << script.size() << " bytes for a " << body.size() << "-byte body";
}

TEST(BodyScript, AMalformedScriptIsRefused) {
  std::string out;
  EXPECT_FALSE(digest::apply_body_script(std::string(1, '\x80'), "abc", out));  // a varint cut short
  EXPECT_FALSE(digest::apply_body_script(std::string(1, static_cast<char>(10 << 2)), "abc", out));  // copies past the text
  EXPECT_FALSE(digest::apply_body_script(std::string(1, static_cast<char>(5 << 2 | 2)), "abc", out));  // inserts past the script
  out.clear();
  EXPECT_TRUE(digest::apply_body_script(std::string(1, static_cast<char>(2 << 2 | 3)), "ab", out));
  EXPECT_EQ(out, "AB");
}

// A bundle whose documents have long bodies of every kind: markdown reviews, an imported HTML page,
// digest papers whose sections repeat the summary.
std::string test_bundle() {
  std::mt19937 rng(3);
  digest::JsonWriter w;
  w.begin_object();
  w.field("format", "paper-digest-bundle");
  w.field("version", static_cast<int64_t>(1));
  w.key("reviews");
  w.begin_array();
  for (int i = 0; i < 40; ++i) {
    w.begin_object();
    w.field("id", "r" + std::to_string(i));
    w.field("title", "[논문리뷰] Model " + std::to_string(i) + ": 모델 학습");
    w.field("date", "2025-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10));
    w.field(i % 7 == 3 ? "html" : "markdown", (i % 7 == 3 ? "<h2>결과</h2><p>Transformer 모델이 <b>좋다</b></p>" : "") + random_body(rng, 20 + rng() % 80));
    w.end_object();
  }
  w.end_array();
  w.key("digests");
  w.begin_array();
  w.begin_object();
  w.field("id", "digest-2025-03-01");
  w.field("kind", "daily");
  w.field("title", "2025-03-01 요약");
  w.field("date", "2025-03-01");
  w.key("papers");
  w.begin_array();
  for (int i = 0; i < 6; ++i) {
    const std::string summary = "이 논문은 강화 학습(RL)으로 Reasoning 모델을 개선합니다 " + std::to_string(i) + ".";
    w.begin_object();
    w.field("id", "digest-2025-03-01/" + std::to_string(i + 1));
    w.field("title", "Paper " + std::to_string(i));
    w.field("date", "2025-03-01");
    w.field("rank", static_cast<int64_t>(i + 1));
    w.field("summary", summary);
    w.key("sections");
    w.begin_array();
    for (const std::string& md : {summary, random_body(rng, 30), std::string(), random_body(rng, 10)}) {
      w.begin_object();
      w.field("name", "섹션");
      w.field("markdown", md);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
  w.end_array();
  w.end_object();
  return w.take();
}

// Where set_input_keeper puts the input, as the bindings' JS array holds it.
std::string g_outside;
int g_keeps = 0, g_drops = 0, g_parts = 0;

TEST(BodyPacking, EveryCallAnswersTheSameOnceTheBodiesArePacked) {
  const std::string json = test_bundle();
  digest::Session plain;
  ASSERT_TRUE(plain.load(json));
  const digest::Bundle expected = *plain.bundle();  // a copy: plain packs its own bodies below
  const digest::Bundle* b = &expected;
  ASSERT_GE(b->docs.size(), 46u);
  std::vector<std::string> ids, got, html;
  for (const auto& d : b->docs) {
    ids.push_back(d.id);
    got.push_back(plain.get(d.id).value());
    html.push_back(plain.render(d.id).value());
  }
  // Built at once (load), in steps, and with the input moved out of the process's buffer.
  for (int way = 0; way < 3; ++way) {
    digest::Session s;
    char* p = static_cast<char*>(std::malloc(json.size() + 64));
    std::memcpy(p, json.data(), json.size());
    std::memset(p + json.size(), 0, 64);
    g_keeps = g_drops = g_parts = 0;
    s.set_input_step_bytes(4096);  // the copy in pieces, over several steps
    if (way == 2)
      s.set_input_keeper([](const char* part, size_t offset, size_t n, size_t total) {
                           if (offset == 0) g_outside.assign(total, '\0'), ++g_keeps;
                           ASSERT_LE(offset + n, g_outside.size());
                           std::memcpy(&g_outside[offset], part, n);
                           ++g_parts;
                         },
                         [](uint32_t begin, uint32_t end, char* out) { std::memcpy(out, g_outside.data() + begin, end - begin); },
                         [] { g_outside.clear(); ++g_drops; });
    ASSERT_TRUE(s.load_padded_owned(p, json.size(), json.size() + 64, [](char* q) { std::free(q); }));
    // A snippet and a document read before the build decode only what they read, from the input
    // where the load left it.
    EXPECT_EQ(s.get(ids[5]).value(), got[5]);
    ASSERT_TRUE(s.query(R"({"limit":3})"));
    EXPECT_EQ(g_keeps, 0) << "the input moves out when the build starts, not before";
    if (way == 0) {
      ASSERT_TRUE(s.prepare_search());
    } else {
      int steps = 0;
      while (s.prepare_search_step(7).value() != "{\"ready\":true}") ++steps;
      EXPECT_GT(steps, 5);
    }
    if (way == 2) {
      EXPECT_EQ(g_keeps, 1);
      EXPECT_EQ(static_cast<size_t>(g_parts), (json.size() + 4095) / 4096) << "one piece a step";
      EXPECT_EQ(g_drops, 1) << "the input outside is dropped once every body is packed";
      EXPECT_TRUE(g_outside.empty());
    }
    for (size_t i = 0; i < ids.size(); ++i) {
      EXPECT_EQ(s.get(ids[i]).value(), got[i]) << "way " << way << ", " << ids[i];
      EXPECT_EQ(s.render(ids[i]).value(), html[i]) << "way " << way << ", " << ids[i];
    }
    for (const char* q : {R"({"q":"모델","limit":50})", R"({"q":"transformer rlhf","limit":50})", R"({"q":"code","limit":50})"}) {
      ASSERT_TRUE(plain.prepare_search());
      EXPECT_EQ(s.query(q).value(), plain.query(q).value()) << "way " << way << ", " << q;
    }
    // Reading the bundle whole rebuilds every body in place.
    const digest::Bundle* whole = s.bundle();
    for (size_t i = 0; i < ids.size(); ++i) {
      EXPECT_EQ(whole->docs[i].markdown, b->docs[i].markdown);
      EXPECT_EQ(whole->docs[i].html, b->docs[i].html);
      ASSERT_EQ(whole->docs[i].sections.size(), b->docs[i].sections.size());
      for (size_t k = 0; k < b->docs[i].sections.size(); ++k) EXPECT_EQ(whole->docs[i].sections[k].markdown, b->docs[i].sections[k].markdown);
    }
  }
}

TEST(BodyPacking, ABundleReadWholeStaysWhole) {
  const std::string json = test_bundle();
  digest::Session s;
  ASSERT_TRUE(s.load(json));
  ASSERT_TRUE(s.prepare_search());  // every body packed
  const digest::Bundle* whole = s.bundle();
  std::vector<std::string> bodies;
  for (const auto& d : whole->docs) bodies.push_back(d.markdown + d.html);
  size_t with_text = 0;
  for (const std::string& b : bodies) with_text += !b.empty();
  EXPECT_GE(with_text, 40u);
  // What the Session does afterwards (a get, a render, a query) leaves the documents as they are.
  ASSERT_TRUE(s.get(whole->docs[3].id));
  ASSERT_TRUE(s.render(whole->docs[4].id));
  ASSERT_TRUE(s.query(R"({"q":"모델","limit":50})"));
  for (size_t i = 0; i < bodies.size(); ++i) EXPECT_EQ(whole->docs[i].markdown + whole->docs[i].html, bodies[i]) << whole->docs[i].id;
}

TEST(BodyPacking, ACopyAbandonedByANewLoadIsDroppedOnce) {
  const std::string json = test_bundle();
  digest::Session s;
  g_keeps = g_drops = g_parts = 0;
  s.set_input_step_bytes(1024);
  s.set_input_keeper([](const char* part, size_t offset, size_t n, size_t total) {
                       if (offset == 0) g_outside.assign(total, '\0'), ++g_keeps;
                       std::memcpy(&g_outside[offset], part, n);
                       ++g_parts;
                     },
                     [](uint32_t begin, uint32_t end, char* out) { std::memcpy(out, g_outside.data() + begin, end - begin); },
                     [] { g_outside.clear(); ++g_drops; });
  auto owned = [&] {
    char* p = static_cast<char*>(std::malloc(json.size() + 64));
    std::memcpy(p, json.data(), json.size());
    std::memset(p + json.size(), 0, 64);
    return p;
  };
  ASSERT_TRUE(s.load_padded_owned(owned(), json.size(), json.size() + 64, [](char* q) { std::free(q); }));
  ASSERT_EQ(s.prepare_search_step(10).value(), "{\"ready\":false}");
  ASSERT_EQ(s.prepare_search_step(10).value(), "{\"ready\":false}");
  EXPECT_EQ(g_parts, 2);
  EXPECT_EQ(g_drops, 0);
  ASSERT_TRUE(s.load_padded_owned(owned(), json.size(), json.size() + 64, [](char* q) { std::free(q); }));
  EXPECT_EQ(g_drops, 1) << "the half-made copy of the first load is dropped";
  // The second load's build moves its own input and answers as a plain load does.
  while (s.prepare_search_step(50).value() != "{\"ready\":true}") {
  }
  EXPECT_EQ(g_keeps, 2);
  EXPECT_EQ(g_drops, 2);
  digest::Session plain;
  ASSERT_TRUE(plain.load(json));
  ASSERT_TRUE(plain.prepare_search());
  const char* q = R"({"q":"모델 transformer","limit":50})";
  EXPECT_EQ(s.query(q).value(), plain.query(q).value());
}

TEST(BodyPacking, ADamagedScriptGivesNoBodyRatherThanACutOne) {
  auto loaded = digest::load_bundle(test_bundle());
  ASSERT_TRUE(loaded);
  const digest::Bundle& b = loaded.value().bundle;
  digest::QueryEnginePtr e = digest::build_query_engine(b, digest::TextIndexTiming::kOnFirstSearch);
  digest::set_body_release(*e, [](void*, uint32_t) {}, nullptr);  // packs; the bundle keeps its bodies
  digest::prepare_text_index(*e);
  digest::Document out = b.docs[0];
  ASSERT_EQ(digest::restore_bodies(*e, 0, out), 1);
  EXPECT_EQ(out.markdown + out.html, b.docs[0].markdown + b.docs[0].html);
  ASSERT_FALSE((out.markdown + out.html).empty());
  // Every byte of the first document's script made a varint that never ends.
  for (uint32_t k = e->body_script_off[0]; k < e->body_script_off[1]; ++k) e->body_scripts[k] = '\xff';
  EXPECT_EQ(digest::restore_bodies(*e, 0, out), -1);
  EXPECT_TRUE(out.markdown.empty() && out.html.empty());
  EXPECT_EQ(digest::restore_bodies(*e, 1, out), 1) << "the others are untouched";
}

}  // namespace
