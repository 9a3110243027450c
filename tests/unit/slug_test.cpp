// slug_test.cpp — heading slugs: Korean text kept, punctuation/emoji dropped, uniqueness.
#include <gtest/gtest.h>

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

TEST(SlugSet, IsStableAcrossSets) {
  SlugSet a, b;
  EXPECT_EQ(a.unique("Same Heading"), b.unique("Same Heading"));
}

}  // namespace
}  // namespace digest
