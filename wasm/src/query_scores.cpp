// query_scores.cpp — the query's per-document arithmetic, apart from query.cpp so that the wasm
// module compiles it with WebAssembly SIMD (CMakeLists.txt): a term's BM25 scores over the
// documents still in the running, four at a time (a query over every document computes 20,000
// of them at 20k documents, one float division each).
#include <cstddef>
#include <cstdint>

#include "query_internal.h"

namespace digest {
namespace qi {

void term_scores(const uint16_t* __restrict tfs, const uint8_t* __restrict titles, const float* __restrict norm, size_t n, float idf,
                 float title_boost, float* __restrict out) {
  // Every entry computed, then -1 selected where the term did not match: whether it matched is
  // as good as random, so a branch on it would mispredict about half the time (and keep the
  // loop from being vectorised).
  for (size_t i = 0; i < n; ++i) {
    const float tf = tfs[i];
    const float s = idf * tf * (kK1 + 1) / (tf + norm[i]) + (titles[i] ? title_boost : 0.0f);
    out[i] = tfs[i] ? s : -1.0f;
  }
}

}  // namespace qi
}  // namespace digest
