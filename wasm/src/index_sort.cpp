// index_sort.cpp — the one instantiation of each sort of index arrays (index_sort.h).
#include "index_sort.h"

#include <algorithm>

namespace digest {
namespace qi {

void sort_indices(uint32_t* first, uint32_t* last, IndexLess less) { std::sort(first, last, less); }

void stable_sort_indices(uint32_t* first, uint32_t* last, IndexLess less) { std::stable_sort(first, last, less); }

void partial_sort_indices(uint32_t* first, uint32_t* middle, uint32_t* last, IndexLess less) {
  std::partial_sort(first, middle, last, less);
}

}  // namespace qi
}  // namespace digest
