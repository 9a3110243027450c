// ingest_digest_test.cpp — golden tests for the digest forms (text, clean markdown), the weekly
// roundup, tag recovery and prerequisites.
#include <gtest/gtest.h>

#include "digest/ingest.h"
#include "digest/utf8.h"
#include "ingest_test_util.h"

namespace digest {
namespace {

using test::read_source_fixture;
using Strings = std::vector<std::string>;

const Section* section(const Document& d, const std::string& name) {
  for (const Section& s : d.sections)
    if (s.name == name) return &s;
  return nullptr;
}

TEST(IngestDigestText, HeaderCountsAndPapers) {
  auto r = parse_digest_text(read_source_fixture("good/digest-2026-02-10.txt"));
  ASSERT_TRUE(r) << r.error().describe();
  const ParsedDigest& p = r.value();
  EXPECT_EQ(p.digest.id, "digest-2026-02-10");
  EXPECT_EQ(p.digest.kind, "daily");
  EXPECT_EQ(p.digest.date, "2026-02-10");
  EXPECT_EQ(p.digest.title, "2026-02-10 AI 논문 핵심 요약");
  EXPECT_EQ(p.digest.ranking_count, 1);
  EXPECT_EQ(p.digest.recommended_count, 1);
  EXPECT_EQ(p.digest.full_text_count, 1);
  EXPECT_EQ(p.digest.abstract_count, 1);
  ASSERT_EQ(p.papers.size(), 2u);
  EXPECT_EQ(p.paper_lines, (std::vector<int64_t>{6, 27}));

  const Document& a = p.papers[0];
  EXPECT_EQ(a.kind, DocKind::PAPER);
  EXPECT_EQ(a.id, "digest-2026-02-10/1");
  EXPECT_EQ(a.parent, "digest-2026-02-10");
  EXPECT_EQ(a.rank, 1);
  EXPECT_EQ(a.date, "2026-02-10");
  EXPECT_EQ(a.title, "SparseMoE-Lite: Routing Experts at the Edge");
  EXPECT_EQ(a.arxiv, "2602.01111");
  EXPECT_EQ(a.institution, "Seoul AI Lab");
  EXPECT_EQ(a.upvotes, 52);
  EXPECT_EQ(a.stars, 1204);
  EXPECT_EQ(a.selection, "ranking");
  EXPECT_EQ(a.analysis, "full-text");
  EXPECT_TRUE(a.tags.empty());  // recovered later by build_bundle
  EXPECT_EQ(p.tag_runs[0], "mixture-of-expertsllmknowledge-graphedge-computingmoe-lite");
  ASSERT_EQ(a.prerequisites.size(), 3u);
  EXPECT_EQ(a.prerequisites[0].name, "Mixture of Experts");
  EXPECT_EQ(a.prerequisites[0].gloss, "전문가 혼합, 입력마다 일부 전문가만 활성화하는 구조");
  EXPECT_EQ(a.prerequisites[1].name, "Router");
  EXPECT_EQ(a.prerequisites[1].gloss, "라우터");
  EXPECT_EQ(a.prerequisites[2].name, "Top-k Gating");
  EXPECT_EQ(a.prerequisites[2].gloss, "");
  EXPECT_EQ(a.summary, "엣지 기기에서도 MoE 모델을 돌릴 수 있도록 라우팅 비용을 줄인 점이 핵심입니다.");
  // Every named section present in the source is kept, empty ones empty, lists as lists.
  std::vector<std::string> names;
  for (const Section& s : a.sections) names.push_back(s.name);
  EXPECT_EQ(names, (Strings{"한 줄 요약", "💡 핵심 아이디어", "🔬 방법론 상세", "핵심 기법", "📊 정량적 결과",
                            "주요 성과", "🚀 기존 대비 개선점", "🎯 활용 분야", "한계 및 주의사항"}));
  EXPECT_EQ(section(a, "📊 정량적 결과")->markdown, "");
  EXPECT_EQ(section(a, "🚀 기존 대비 개선점")->markdown, "");
  EXPECT_EQ(section(a, "주요 성과")->markdown, "- 지연 시간 2.3배 감소\n- 정확도 손실 0.4%p 이내");
  EXPECT_EQ(section(a, "한계 및 주의사항")->markdown, "- 캐시 크기에 민감합니다.");

  const Document& b = p.papers[1];
  EXPECT_EQ(b.institution, "");  // absent
  EXPECT_EQ(b.stars, -1);        // absent
  EXPECT_EQ(b.upvotes, 7);
  EXPECT_EQ(b.selection, "recommended");
  EXPECT_EQ(b.analysis, "abstract");
  EXPECT_EQ(b.prerequisites.size(), 2u);
  EXPECT_EQ(b.prerequisites[1].gloss, "도구 사용, 예: API 호출, 검색");
  // The generator footer is not part of the last section.
  EXPECT_EQ(section(b, "💡 핵심 아이디어")->markdown, "달력을 도구로 주고 충돌 없는 계획을 세우게 합니다.");
}

TEST(IngestDigestText, Errors) {
  auto bad_date = parse_digest_text("📚 2026-02-31 AI 논문 핵심 요약\n1. A\narXiv: 1 | ⬆️ 1\n");
  ASSERT_FALSE(bad_date);
  EXPECT_EQ(bad_date.error().line, 1);
  auto no_papers = parse_digest_text("📚 2026-02-01 AI 논문 핵심 요약\n📑 목차\n");
  ASSERT_FALSE(no_papers);
  EXPECT_NE(no_papers.error().message.find("no papers"), std::string::npos);
  // QA finding: the quoted value was cut after 10 bytes, inside 문: the message was not UTF-8.
  auto no_date = parse_digest_text("📚 AI 논문 핵심 요약\n1. A\narXiv: 1 | ⬆️ 1\n");
  ASSERT_FALSE(no_date);
  EXPECT_EQ(utf8_first_invalid(no_date.error().message), std::string::npos) << no_date.error().message;
  EXPECT_NE(no_date.error().message.find("bad date \"AI 논문\""), std::string::npos) << no_date.error().message;
}

TEST(IngestDigestMarkdown, CleanForm) {
  auto r = parse_digest_markdown(read_source_fixture("good/digest-2026-02-11.md"));
  ASSERT_TRUE(r) << r.error().describe();
  const ParsedDigest& p = r.value();
  EXPECT_EQ(p.digest.id, "digest-2026-02-11");
  EXPECT_EQ(p.digest.title, "2026-02-11 AI 논문 핵심 요약");
  EXPECT_EQ(p.digest.intro, "오늘은 두 편을 골랐습니다.");
  EXPECT_EQ(p.digest.abstract_count, 0);
  ASSERT_EQ(p.papers.size(), 2u);
  const Document& a = p.papers[0];
  EXPECT_EQ(a.id, "digest-2026-02-11/1");
  EXPECT_EQ(a.institution, "Busan Institute of Technology");
  EXPECT_EQ(a.upvotes, 31);
  EXPECT_EQ(a.stars, 88);
  EXPECT_EQ(a.tags, (Strings{"speculative-decoding", "llm", "inference-efficiency"}));
  ASSERT_EQ(a.prerequisites.size(), 2u);
  EXPECT_EQ(a.prerequisites[0].gloss, "추측 디코딩, draft 모델이 먼저 토큰을 제안");
  EXPECT_EQ(a.prerequisites[1].name, "KV Cache");
  EXPECT_EQ(a.summary, "draft 모델 없이도 추측 디코딩의 속도 이득을 얻는 방법입니다.");
  EXPECT_EQ(section(a, "🔬 방법론 상세")->markdown, "- 모델 자신의 얕은 layer를 draft로 씁니다.\n- 검증은 전체 layer로 한 번에 합니다.");
  EXPECT_EQ(section(a, "📊 정량적 결과")->markdown, "");
  EXPECT_EQ(p.papers[1].stars, -1);
  EXPECT_EQ(p.papers[1].analysis, "pdf");
}

TEST(IngestDigestMarkdown, Errors) {
  const std::string head = "---\ntype: daily-digest\ndate: 2026-01-01\n---\n";
  auto bad_sel = parse_digest_markdown(head + "## 1. A\n- selection: random\n");
  ASSERT_FALSE(bad_sel);
  EXPECT_EQ(bad_sel.error().line, 6);
  auto bad_head = parse_digest_markdown(head + "## A paper\n");
  ASSERT_FALSE(bad_head);
  EXPECT_EQ(bad_head.error().line, 5);
  auto dup = parse_digest_markdown(head + "## 1. A\n## 1. B\n");
  ASSERT_FALSE(dup);
  EXPECT_EQ(dup.error().line, 6);
  auto unknown_key = parse_digest_markdown(head + "## 1. A\n- colour: red\n");
  ASSERT_FALSE(unknown_key);
  EXPECT_NE(unknown_key.error().message.find("colour"), std::string::npos);
  auto no_date = parse_digest_markdown("---\ntype: daily-digest\n---\n## 1. A\n");
  ASSERT_FALSE(no_date);
  // A section heading with no name (found by fuzz_ingest_build: the built bundle's loader refused
  // the paper): an error at its line, not a nameless section.
  auto nameless = parse_digest_markdown(head + "## 1. A\n- arxiv: 2602.03333\n\n###  \ntext\n");
  ASSERT_FALSE(nameless);
  EXPECT_EQ(nameless.error().line, 8);
  EXPECT_NE(nameless.error().message.find("without a name"), std::string::npos);
}

// QA findings (clean digest markdown): "- tags: [llm, reasoning]" was one tag, and a paper written
// as "### 2. B" was merged into paper 1 without a word.
TEST(IngestDigestMarkdown, FlowListTagsAndAPaperHeadingOneLevelTooDeep) {
  const std::string head = "---\ntype: daily-digest\ndate: 2026-01-01\n---\n";
  auto r = parse_digest_markdown(head + "## 1. A\n- tags: [llm, reasoning]\n\n### 한 줄 요약\n요약\n\n### 2. B\n본문\n");
  ASSERT_TRUE(r) << r.error().describe();
  ASSERT_EQ(r.value().papers.size(), 1u);
  EXPECT_EQ(r.value().papers[0].tags, (std::vector<std::string>{"llm", "reasoning"}));
  ASSERT_EQ(r.value().warnings.size(), 1u);
  EXPECT_EQ(r.value().warnings[0].line, 11);
  EXPECT_NE(r.value().warnings[0].message.find("\"### 2. B\" is read as a section of paper 1; a paper's heading is \"## 2. B\""),
            std::string::npos) << r.value().warnings[0].message;
}

TEST(IngestRoundup, PapersLeadLabelsAndLinks) {
  auto r = parse_roundup(read_source_fixture("good/roundup-2025-09-28.md"));
  ASSERT_TRUE(r) << r.error().describe();
  const ParsedDigest& p = r.value();
  EXPECT_EQ(p.digest.id, "roundup-2025-09-28");
  EXPECT_EQ(p.digest.kind, "weekly");
  EXPECT_EQ(p.digest.title, "이번 주 AI 논문 모음");
  EXPECT_EQ(p.digest.intro, "이번 주에 눈에 띈 논문들을 모았습니다.");
  ASSERT_EQ(p.papers.size(), 2u);
  const Document& a = p.papers[0];
  EXPECT_EQ(a.id, "roundup-2025-09-28/1");
  EXPECT_EQ(a.parent, "roundup-2025-09-28");
  EXPECT_EQ(a.title, "WorldSim-Bench");
  EXPECT_EQ(a.arxiv, "2509.11111");
  EXPECT_EQ(a.summary.rfind("WorldSim-Bench는 agent가", 0), 0u);
  ASSERT_EQ(a.sections.size(), 2u);
  EXPECT_EQ(a.sections[0].name, "환경 구성");
  EXPECT_EQ(a.sections[1].name, "주요 결과");
  EXPECT_NE(a.sections[1].markdown.find("[트윗](https://x.com/example/status/1)"), std::string::npos);
  EXPECT_EQ(p.papers[1].title, "작은 모델로 계획 세우기");
  EXPECT_EQ(p.papers[1].summary, "작은 모델로 계획 세우기: PDDL로 계획을 쓰게 하는 학습 레시피를 소개합니다.");
}

TEST(IngestRoundup, NoDateIsAProblem) {
  auto r = parse_roundup(read_source_fixture("bad/roundup-without-date.txt"));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().line, 1);
  EXPECT_NE(r.error().message.find("no date"), std::string::npos);
}

TEST(IngestTags, NormalizeTag) {
  EXPECT_EQ(normalize_tag("Spatial Reasoning"), "spatial-reasoning");
  EXPECT_EQ(normalize_tag(" Sim-to-Real  Transfer "), "sim-to-real-transfer");
  EXPECT_EQ(normalize_tag("AI2-THOR"), "ai2-thor");
  EXPECT_EQ(normalize_tag("멀티모달 LLM"), "멀티모달-llm");
}

TEST(IngestTags, SplitRunAgainstVocabulary) {
  TagVocabulary v = {"llm", "reasoning", "knowledge-base", "training-efficiency", "scientific-discovery"};
  EXPECT_EQ(split_tag_run("scientific-discoveryllmreasoningknowledge-basetraining-efficiency", v),
            (Strings{"scientific-discovery", "llm", "reasoning", "knowledge-base", "training-efficiency"}));
  // Unknown text stays one tag; it is never cut next to a hyphen.
  EXPECT_EQ(split_tag_run("llmmoose-starreasoning", v), (Strings{"llm", "moose-star", "reasoning"}));
  // A short known tag inside unknown text does not shred it.
  TagVocabulary w = {"ai", "llm"};
  EXPECT_EQ(split_tag_run("brainwavellm", w), (Strings{"brainwave", "llm"}));
  // Longer known tags win over their parts when both exist.
  TagVocabulary x = {"knowledge", "knowledge-graph", "graph"};
  EXPECT_EQ(split_tag_run("knowledge-graphgraph", x), (Strings{"knowledge-graph", "graph"}));
  EXPECT_EQ(split_tag_run("", v), Strings{});
  EXPECT_EQ(split_tag_run("solo", TagVocabulary{}), Strings{"solo"});
}

TEST(IngestTags, PrerequisitesWithCommasInsideGlosses) {
  auto p = parse_prerequisites("Flow Matching (플로우 매칭, 경로를 직선화), DiT(디퓨전 트랜스포머), LoRA");
  ASSERT_EQ(p.size(), 3u);
  EXPECT_EQ(p[0].name, "Flow Matching");
  EXPECT_EQ(p[0].gloss, "플로우 매칭, 경로를 직선화");
  EXPECT_EQ(p[1].name, "DiT");
  EXPECT_EQ(p[1].gloss, "디퓨전 트랜스포머");
  EXPECT_EQ(p[2].name, "LoRA");
  auto semi = parse_prerequisites("A (x, y); B", ';');
  ASSERT_EQ(semi.size(), 2u);
  EXPECT_EQ(semi[0].gloss, "x, y");
}

}  // namespace
}  // namespace digest
