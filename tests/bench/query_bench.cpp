// query_bench.cpp — load -> index -> first answer, and query + facets latency, over synthetic
// corpora (fixed seed) of 2k and 20k documents with ~3 KB Korean/English bodies.
// Each benchmark checks its result before timing counts (a wrong answer aborts the run).
#include <benchmark/benchmark.h>
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <new>
#include <random>

#include "digest/loader.h"
#include "digest/query.h"
#include "digest/session.h"

// Heap accounting for BM_PeakMemory: every operator new/delete of the process goes through
// these (malloc_usable_size gives the freed size), so "live" is the C++ heap in use and "peak"
// its high-water mark since the last reset. Cheap enough to leave on for the other benchmarks.
namespace heap {
std::atomic<int64_t> live{0}, peak{0};
void note(int64_t delta) {
  int64_t now = live.fetch_add(delta, std::memory_order_relaxed) + delta;
  int64_t p = peak.load(std::memory_order_relaxed);
  while (now > p && !peak.compare_exchange_weak(p, now, std::memory_order_relaxed)) {
  }
}
void* alloc(size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  note(static_cast<int64_t>(malloc_usable_size(p)));
  return p;
}
void release(void* p) {
  if (!p) return;
  note(-static_cast<int64_t>(malloc_usable_size(p)));
  std::free(p);
}
}  // namespace heap

void* operator new(size_t n) { return heap::alloc(n); }
void* operator new[](size_t n) { return heap::alloc(n); }
void operator delete(void* p) noexcept { heap::release(p); }
void operator delete[](void* p) noexcept { heap::release(p); }
void operator delete(void* p, size_t) noexcept { heap::release(p); }
void operator delete[](void* p, size_t) noexcept { heap::release(p); }

namespace {

const char* const kKo[] = {"모델이", "모델을", "학습은", "강화 학습(RL)", "데이터를", "추론", "성능이", "향상되었다", "제안한다",
                           "대규모 언어 모델(LLM)", "에이전트가", "보상을", "평가에서", "방법론", "실험", "결과를", "기존", "대비",
                           "효율적인", "구조를", "토큰", "예산", "확산 모델", "로봇", "계획을", "세계", "멀티모달", "프롬프팅"};
const char* const kEn[] = {"transformer", "RLHF", "RL-based", "world model", "diffusion", "benchmark", "GPT-4o", "agent",
                           "reasoning", "attention", "LoRA", "fine-tuning", "token", "scaling", "MoE", "vision"};
const char* const kTags[] = {"LLM", "RL", "Agents", "Vision", "Diffusion", "Robotics", "Efficiency", "Reasoning",
                             "Multimodal", "Benchmark", "MoE", "Alignment", "Review", "Audio", "Video", "Code"};

std::string words(std::mt19937& rng, size_t bytes) {
  std::string s;
  while (s.size() < bytes) {
    s += (rng() % 3) ? kKo[rng() % std::size(kKo)] : kEn[rng() % std::size(kEn)];
    s += (rng() % 12 == 0) ? ".\n\n" : " ";
  }
  return s;
}

std::string corpus_json(int docs) {
  std::mt19937 rng(20251109);
  digest::Bundle b;
  for (int i = 0; i < docs; ++i) {
    digest::Document d;
    bool paper = i % 2;
    d.kind = paper ? digest::DocKind::PAPER : digest::DocKind::REVIEW;
    d.id = (paper ? "p-" : "r-") + std::to_string(i);
    d.slug = d.id;
    d.title = words(rng, 40);
    d.display_title = d.title;
    char date[16];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", 2023 + static_cast<int>(rng() % 3), 1 + static_cast<int>(rng() % 12),
                  1 + static_cast<int>(rng() % 28));
    d.date = date;
    for (int k = 1 + rng() % 4; k > 0; --k) d.tags.push_back(kTags[rng() % std::size(kTags)]);
    if (paper) {
      d.summary = words(rng, 120);
      d.sections.push_back({"핵심 아이디어", "**" + words(rng, 20) + "** " + words(rng, 1400)});
      d.sections.push_back({"방법론", words(rng, 1400)});
      d.upvotes = rng() % 300;
      d.institution = "Lab " + std::to_string(rng() % 50);
      d.selection = rng() % 2 ? "ranking" : "recommended";
      d.analysis = "full-text";
      d.rank = 1 + i % 10;
    } else {
      d.markdown = "## 핵심\n" + words(rng, 3000);
    }
    b.docs.push_back(std::move(d));
  }
  return digest::bundle_to_json(b);
}

const std::string& corpus(int docs) {
  static std::map<int, std::string> cache;
  auto it = cache.find(docs);
  if (it == cache.end()) it = cache.emplace(docs, corpus_json(docs)).first;
  return it->second;
}

void BM_LoadIndexFirstQuery(benchmark::State& state) {
  const std::string& json = corpus(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    digest::Session s;
    auto loaded = s.load(json);
    auto r = s.query(R"({"q":"모델","limit":20})");
    if (!loaded || !r || r.value().find("\"total\":0") != std::string::npos) {
      state.SkipWithError("load or first query failed");
      break;
    }
    benchmark::DoNotOptimize(r.value().data());
  }
  state.counters["bundle_MB"] = static_cast<double>(json.size()) / 1e6;
}
BENCHMARK(BM_LoadIndexFirstQuery)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(3);

// Peak C++ heap from "bundle bytes in memory" to "index built and first query answered", and
// what stays resident afterwards, both relative to the bundle size (issue 4: peak <= 2x). The
// bundle bytes themselves are counted (the wasm build holds them in its heap while loading).
void BM_PeakMemory(benchmark::State& state) {
  const std::string& json = corpus(static_cast<int>(state.range(0)));
  double peak_ratio = 0, resident_ratio = 0;
  for (auto _ : state) {
    int64_t base = heap::live.load();
    std::string* bytes = new std::string(json);  // the copy the browser hands to the core
    heap::peak.store(heap::live.load());
    digest::Session s;
    auto loaded = s.load(*bytes);
    delete bytes;  // the viewer frees the input once loaded
    auto r = s.query(R"({"q":"모델","limit":20})");
    if (!loaded || !r) {
      state.SkipWithError("load or first query failed");
      break;
    }
    peak_ratio = static_cast<double>(heap::peak.load() - base) / static_cast<double>(json.size());
    resident_ratio = static_cast<double>(heap::live.load() - base) / static_cast<double>(json.size());
  }
  state.counters["bundle_MB"] = static_cast<double>(json.size()) / 1e6;
  state.counters["peak_x_bundle"] = peak_ratio;
  state.counters["resident_x_bundle"] = resident_ratio;
}
BENCHMARK(BM_PeakMemory)->Arg(2000)->Arg(20000)->Unit(benchmark::kMillisecond)->Iterations(1);

// Query + facets (the per-keystroke cost), no snippets; one benchmark per query kind.
const char* const kQueries[] = {
    R"({"q":"모델","snippet":false})",                              // common Hangul bigram (exact postings)
    R"({"q":"강화 학습","snippet":false})",                          // two Hangul terms
    R"({"q":"rl","snippet":false})",                                 // Latin prefix range
    R"({"q":"향상되었다 transformer","snippet":false})",             // long Hangul term (verified) + word
    R"({"q":"모델 -rl","tags":["LLM"],"snippet":false})",            // exclusion + tag filter
    R"({"q":"ㄱㅎㅎㅅ","snippet":false})",                           // choseong (scan)
    R"({"q":"","snippet":false})",                                   // everything, newest first
    R"({"q":"모델","snippet":true})",                                // with snippets for the page
};

void BM_QueryFacets(benchmark::State& state) {
  static std::map<int, std::unique_ptr<digest::Session>> sessions;
  int docs = static_cast<int>(state.range(0));
  auto& s = sessions[docs];
  if (!s) {
    s = std::make_unique<digest::Session>();
    if (!s->load(corpus(docs))) std::abort();
    if (!s->prepare_search()) std::abort();  // as the viewer does once its first results are drawn
  }
  const char* q = kQueries[state.range(1)];
  auto check = s->query(q);
  if (!check || check.value().find("\"facets\":{\"tags\":{") == std::string::npos) {
    state.SkipWithError("query failed");
    return;
  }
  for (auto _ : state) {
    auto r = s->query(q);
    benchmark::DoNotOptimize(r.value().data());
  }
  state.SetLabel(q);
}
BENCHMARK(BM_QueryFacets)->ArgsProduct({{2000, 20000}, {0, 1, 2, 3, 4, 5, 6, 7}})->Unit(benchmark::kMicrosecond);

}  // namespace
