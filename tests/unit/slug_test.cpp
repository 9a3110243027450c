// slug_test.cpp — heading slugs: Korean text kept, punctuation/emoji dropped, uniqueness.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <unordered_set>

#include "digest/slug.h"

namespace digest {
namespace {

TEST(Slug, KeepsHangulAndJoinsWordsWithDashes) {
  EXPECT_EQ(slugify("핵심 연구 목표"), "핵심-연구-목표");
  EXPECT_EQ(slugify("  핵심   연구\t목표  "), "핵심-연구-목표");
}

TEST(Slug, LowercasesAsciiAndDropsPunctuation) {
  EXPECT_EQ(slugify("Method (v2)!"), "method-v2");
  EXPECT_EQ(slugify("3. Flow-Matching_Loss?"), "3-flow-matching_loss");
  EXPECT_EQ(slugify("Q&A: \"quotes\" <tags>"), "qa-quotes-tags");
}

TEST(Slug, DropsEmojiAndSymbolsButKeepsMixedScriptWords) {
  EXPECT_EQ(slugify("💡 핵심 아이디어"), "핵심-아이디어");
  EXPECT_EQ(slugify("🔬 방법론 상세 (Method)"), "방법론-상세-method");
  EXPECT_EQ(slugify("📊 정량적 결과 — Top-1 ↑"), "정량적-결과-top-1");
  EXPECT_EQ(slugify("Transformer의 한계"), "transformer의-한계");
  EXPECT_EQ(slugify("日本語 テスト"), "日本語-テスト");
}

TEST(Slug, EmptyWhenNothingIsLeft) {
  EXPECT_EQ(slugify(""), "");
  EXPECT_EQ(slugify("!!! 🚀 ???"), "");
  EXPECT_EQ(slugify(std::string("\xFF\xFE", 2)), "");  // invalid UTF-8 is dropped
}

TEST(SlugSet, DuplicatesGetCounters) {
  SlugSet s;
  EXPECT_EQ(s.unique("핵심 연구 목표"), "핵심-연구-목표");
  EXPECT_EQ(s.unique("핵심 연구 목표"), "핵심-연구-목표-1");
  EXPECT_EQ(s.unique("핵심 연구 목표!"), "핵심-연구-목표-2");
  EXPECT_EQ(s.unique("다른 제목"), "다른-제목");
}

TEST(SlugSet, CounterSkipsSlugsTakenByRealHeadings) {
  SlugSet s;
  EXPECT_EQ(s.unique("a-1"), "a-1");
  EXPECT_EQ(s.unique("a"), "a");
  EXPECT_EQ(s.unique("a"), "a-2");  // "a-1" is a real heading's id
}

TEST(SlugSet, EmptyHeadingsBecomeSection) {
  SlugSet s;
  EXPECT_EQ(s.unique("🚀"), "section");
  EXPECT_EQ(s.unique(""), "section-1");
}

// The reference: the first free of base, base-1, base-2, ... searched from 1 every time.
TEST(SlugSet, MatchesTheFromOneSearchOnMixedHeadings) {
  std::unordered_set<std::string> used;
  auto reference = [&used](std::string_view text) {
    std::string base = slugify(text);
    if (base.empty()) base = "section";
    if (used.insert(base).second) return base;
    for (int n = 1;; ++n) {
      std::string c = base + "-" + std::to_string(n);
      if (used.insert(c).second) return c;
    }
  };
  const char* titles[] = {"a", "a-1", "a-3", "A", "a 2", "b", "b-1-1", "b-1", "", "section-2", "🚀", "모델", "모델-1"};
  SlugSet s;
  uint32_t seed = 7;
  for (int i = 0; i < 3000; ++i) {
    seed = seed * 1103515245u + 12345u;
    const char* t = titles[(seed >> 8) % (sizeof titles / sizeof titles[0])];
    ASSERT_EQ(s.unique(t), reference(t)) << "heading " << i << " \"" << t << "\"";
  }
}

TEST(SlugSet, ManyEqualHeadingsNumberInOrder) {
  SlugSet s;
  EXPECT_EQ(s.unique("절"), "절");
  for (int i = 1; i <= 20000; ++i) ASSERT_EQ(s.unique("절"), "절-" + std::to_string(i));
}

TEST(SlugSet, IsStableAcrossSets) {
  SlugSet a, b;
  EXPECT_EQ(a.unique("Same Heading"), b.unique("Same Heading"));
}

}  // namespace
}  // namespace digest
