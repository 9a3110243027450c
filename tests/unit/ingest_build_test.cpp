// ingest_build_test.cpp — build_bundle: all forms together, bad inputs, duplicates, tag
// recovery across inputs, prev/next order, strict mode, round trip through the loader.
#include <gtest/gtest.h>

#include <algorithm>

#include "digest/ingest.h"
#include "digest/loader.h"
#include "ingest_test_util.h"

namespace digest {
namespace {

using test::source_fixture;
using Strings = std::vector<std::string>;

std::vector<SourceFile> good_sources() {
  return {source_fixture("good/digest-2026-02-10.txt"), source_fixture("good/digest-2026-02-11.md"),
          source_fixture("good/page-flashdiff.txt"),    source_fixture("good/review-draft.md"),
          source_fixture("good/review-graph-rag.md"),   source_fixture("good/review-tiny-vlm.md"),
          source_fixture("good/roundup-2025-09-28.md")};
}

const Document* find_doc(const Bundle& b, const std::string& id) {
  for (const Document& d : b.docs)
    if (d.id == id) return &d;
  return nullptr;
}

TEST(IngestBuild, AllFormsTogether) {
  BuildOptions opt;
  opt.generator = "test";
  auto r = build_bundle(good_sources(), opt);
  ASSERT_TRUE(r);
  const BuildReport& rep = r.value();
  for (const Error& e : rep.problems) ADD_FAILURE() << e.describe();
  EXPECT_EQ(rep.read, 7u);
  EXPECT_EQ(rep.built, 6u);
  EXPECT_EQ(rep.skipped, 0u);
  EXPECT_EQ(rep.unpublished, 1u);
  const Bundle& b = rep.bundle;
  EXPECT_EQ(b.review_count(), 3u);
  EXPECT_EQ(b.paper_count(), 6u);
  ASSERT_EQ(b.digests.size(), 3u);
  EXPECT_EQ(b.build.generator, "test");
  EXPECT_EQ(b.build.source_files, 7);
  EXPECT_EQ(b.build.unpublished, 1);
  EXPECT_EQ(find_doc(b, "ai/review/draft-not-ready"), nullptr);
  // Reviews first in source order, then each digest's papers, indices pointing at them.
  EXPECT_EQ(b.docs[0].id, "ai/review/2025-11-20-FlashDiff");
  EXPECT_EQ(b.docs[1].id, "ai/review/2025-10-02-GraphWeaver");
  EXPECT_EQ(b.docs[2].id, "ai/review/2025-09-21-TinyVLM");
  for (const Digest& g : b.digests)
    for (size_t k = 0; k < g.papers.size(); ++k) {
      const Document& p = b.docs[g.papers[k]];
      EXPECT_EQ(p.kind, DocKind::PAPER);
      EXPECT_EQ(p.parent, g.id);
      EXPECT_EQ(p.rank, static_cast<int64_t>(k + 1));
      EXPECT_EQ(p.id, g.id + "/" + std::to_string(k + 1));
    }
}

TEST(IngestBuild, ReviewsLinkedInDateOrder) {
  auto r = build_bundle(good_sources(), {});
  ASSERT_TRUE(r);
  const Bundle& b = r.value().bundle;
  const Document* tiny = find_doc(b, "ai/review/2025-09-21-TinyVLM");
  const Document* graph = find_doc(b, "ai/review/2025-10-02-GraphWeaver");
  const Document* flash = find_doc(b, "ai/review/2025-11-20-FlashDiff");
  ASSERT_TRUE(tiny && graph && flash);
  EXPECT_EQ(tiny->prev.id, "");
  EXPECT_EQ(tiny->next.id, graph->id);
  EXPECT_EQ(graph->prev.id, tiny->id);
  EXPECT_EQ(graph->next.id, flash->id);
  // The link shows the display title (the page's own, without the "[논문리뷰] " prefix).
  EXPECT_EQ(graph->next.title, flash->display_title);
  EXPECT_NE(flash->title, flash->display_title);
  // The page payload's own link pointed at a page outside the bundle: replaced.
  EXPECT_EQ(flash->prev.id, graph->id);
  EXPECT_EQ(flash->next.id, "");
}

TEST(IngestBuild, TagsRecoveredWithTheVocabularyOfAllInputs) {
  auto r = build_bundle(good_sources(), {});
  ASSERT_TRUE(r);
  const Bundle& b = r.value().bundle;
  // "mixture-of-experts" comes from the clean digest, "knowledge-graph" and "llm" from reviews.
  EXPECT_EQ(find_doc(b, "digest-2026-02-10/1")->tags,
            (Strings{"mixture-of-experts", "llm", "knowledge-graph", "edge-computingmoe-lite"}));
  EXPECT_EQ(find_doc(b, "digest-2026-02-10/2")->tags,
            (Strings{"agentsplanning", "retrieval-augmented-generation", "llm"}));
  // Alone, the digest has no vocabulary: its runs stay whole.
  auto alone = build_bundle({source_fixture("good/digest-2026-02-10.txt")}, {});
  ASSERT_TRUE(alone);
  EXPECT_EQ(find_doc(alone.value().bundle, "digest-2026-02-10/2")->tags,
            Strings{"agentsplanningretrieval-augmented-generationllm"});
}

TEST(IngestBuild, UnknownPiecesSharedByDigestsJoinTheVocabulary) {
  auto digest = [](const std::string& date, const std::string& run) {
    return SourceFile{date, "📚 " + date + " AI 논문 핵심 요약\n1. P\narXiv: 1 | ⬆️ 1 📊 순위선정 | 📄 HTML 태그:\n" +
                                run + "사전 지식: X\n한 줄 요약\ns\n"};
  };
  auto r = build_bundle({digest("2026-01-01", "world-model"), digest("2026-01-02", "world-model"),
                         digest("2026-01-03", "world-modelrobotics"), SourceFile{"r", "---\ntitle: t\npermalink: /r/\n"
                                                                                      "date: 2026-01-01\ntags: [Robotics]\n---\n"}},
                        {});
  ASSERT_TRUE(r);
  EXPECT_EQ(find_doc(r.value().bundle, "digest-2026-01-03/1")->tags, (Strings{"world-model", "robotics"}));
}

TEST(IngestBuild, EveryBadInputClassIsReportedWithFileAndLine) {
  struct Case { const char* file; int64_t line; ErrorCode code; const char* what; };
  const Case cases[] = {
      {"bad/broken-front-matter.md", 2, ErrorCode::BAD_SOURCE, "unterminated double-quoted string"},
      {"bad/bad-date.md", 6, ErrorCode::BAD_VALUE, "no such calendar date"},
      {"bad/unterminated-chunk.txt", 3, ErrorCode::BAD_SOURCE, "unterminated text chunk"},
      {"bad/unknown-form.txt", 1, ErrorCode::BAD_SOURCE, "unknown source form"},
      {"bad/invalid-utf8.md", 6, ErrorCode::INVALID_UTF8, "invalid UTF-8"},
      {"bad/roundup-without-date.txt", 1, ErrorCode::BAD_SOURCE, "no date"},
  };
  for (const Case& c : cases) {
    auto r = build_bundle({source_fixture(c.file), source_fixture("good/review-tiny-vlm.md")}, {});
    ASSERT_TRUE(r) << c.file;
    const BuildReport& rep = r.value();
    ASSERT_EQ(rep.problems.size(), 1u) << c.file;
    const Error& e = rep.problems[0];
    EXPECT_EQ(e.file, c.file);
    EXPECT_EQ(e.line, c.line) << e.describe();
    EXPECT_EQ(e.code, c.code) << e.describe();
    EXPECT_NE(e.message.find(c.what), std::string::npos) << e.describe();
    EXPECT_EQ(e.describe().rfind(std::string(c.file) + ":" + std::to_string(c.line) + ": ", 0), 0u) << e.describe();
    // The good file still builds.
    EXPECT_EQ(rep.skipped, 1u);
    EXPECT_EQ(rep.built, 1u);
    EXPECT_EQ(rep.bundle.docs.size(), 1u);
    EXPECT_EQ(rep.bundle.build.skipped, 1);
  }
  auto empty = build_bundle({SourceFile{"empty.md", " \n"}}, {});
  ASSERT_TRUE(empty);
  ASSERT_EQ(empty.value().problems.size(), 1u);
  EXPECT_EQ(empty.value().problems[0].code, ErrorCode::EMPTY_INPUT);
}

TEST(IngestBuild, DuplicateIdsAreReportedNotDropped) {
  auto r = build_bundle({source_fixture("good/review-graph-rag.md"), source_fixture("bad/duplicate-permalink.md")}, {});
  ASSERT_TRUE(r);
  const BuildReport& rep = r.value();
  ASSERT_EQ(rep.problems.size(), 1u);
  EXPECT_EQ(rep.problems[0].code, ErrorCode::DUPLICATE_ID);
  EXPECT_EQ(rep.problems[0].file, "bad/duplicate-permalink.md");
  EXPECT_NE(rep.problems[0].message.find("good/review-graph-rag.md"), std::string::npos);
  EXPECT_EQ(rep.skipped, 1u);
  ASSERT_EQ(rep.bundle.docs.size(), 1u);
  EXPECT_EQ(rep.bundle.docs[0].title, "[논문리뷰] GraphWeaver: Retrieval over Entity Graphs for Long-Context QA");
  // Two digests of the same day collide on the digest id.
  auto d = build_bundle({source_fixture("good/digest-2026-02-11.md"), source_fixture("good/digest-2026-02-11.md")}, {});
  ASSERT_TRUE(d);
  ASSERT_EQ(d.value().problems.size(), 1u);
  EXPECT_EQ(d.value().bundle.digests.size(), 1u);
}

TEST(IngestBuild, StrictStopsAtTheFirstProblem) {
  BuildOptions opt;
  opt.strict = true;
  auto r = build_bundle({source_fixture("good/review-tiny-vlm.md"), source_fixture("bad/bad-date.md"),
                         source_fixture("bad/unknown-form.txt")},
                        opt);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().file, "bad/bad-date.md");
  EXPECT_EQ(r.error().line, 6);
  auto ok = build_bundle(good_sources(), opt);
  EXPECT_TRUE(ok);
}

TEST(IngestBuild, RoundTripThroughTheLoader) {
  auto r = build_bundle(good_sources(), {});
  ASSERT_TRUE(r);
  const Bundle& b = r.value().bundle;
  std::string json = bundle_to_json(b);
  auto l = load_bundle(json);
  ASSERT_TRUE(l) << l.error().describe();
  const Bundle& c = l.value().bundle;
  EXPECT_TRUE(l.value().problems.empty());
  ASSERT_EQ(c.docs.size(), b.docs.size());
  ASSERT_EQ(c.digests.size(), b.digests.size());
  for (size_t i = 0; i < b.docs.size(); ++i) {
    const Document& x = b.docs[i];
    const Document& y = c.docs[i];
    EXPECT_EQ(x.id, y.id);
    EXPECT_EQ(x.kind, y.kind);
    EXPECT_EQ(x.title, y.title);
    EXPECT_EQ(x.display_title, y.display_title);
    EXPECT_EQ(x.date, y.date);
    EXPECT_EQ(x.datetime, y.datetime);
    EXPECT_EQ(x.updated, y.updated);
    EXPECT_EQ(x.tags, y.tags);
    EXPECT_EQ(x.authors, y.authors);
    EXPECT_EQ(x.arxiv, y.arxiv);
    EXPECT_EQ(x.markdown, y.markdown);
    EXPECT_EQ(x.html, y.html);
    EXPECT_EQ(x.summary, y.summary);
    EXPECT_EQ(x.sections.size(), y.sections.size());
    EXPECT_EQ(x.prerequisites.size(), y.prerequisites.size());
    EXPECT_EQ(b.link_id(x.prev), c.link_id(y.prev));
    EXPECT_EQ(b.link_title(x.prev), c.link_title(y.prev));
    EXPECT_EQ(b.link_id(x.next), c.link_id(y.next));
    EXPECT_EQ(b.link_title(x.next), c.link_title(y.next));
    EXPECT_EQ(x.parent, y.parent);
    EXPECT_EQ(x.rank, y.rank);
    EXPECT_EQ(x.upvotes, y.upvotes);
    EXPECT_EQ(x.stars, y.stars);
  }
  // Writing the loaded bundle again gives the same bytes.
  EXPECT_EQ(bundle_to_json(c), json);
}

TEST(IngestBuild, SameInputSameBytes) {
  auto a = build_bundle(good_sources(), {});
  auto b = build_bundle(good_sources(), {});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(bundle_to_json(a.value().bundle), bundle_to_json(b.value().bundle));
}

}  // namespace
}  // namespace digest
