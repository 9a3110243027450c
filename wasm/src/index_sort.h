// index_sort.h — the core's sorts of index arrays, each algorithm instantiated once (private to
// the core).
//
// Every std::sort / std::stable_sort / std::partial_sort call with its own comparator type is
// another copy of the algorithm in the module, 3-9 KB of wasm each: the core's dozen sorts of
// facets, words, values, digests and orders had come to ~50 KB of code. These take the
// comparator as a context and a function pointer, so each algorithm exists once; the call
// through the pointer costs little beside what the comparators themselves do (none of these
// sorts is in a per-character loop). A query's page of the usual orders stays a std::sort of
// 64-bit keys.
//
//   std::vector<uint32_t> order = ...;
//   qi::sort_indices(order, [&](uint32_t a, uint32_t b) { return name[a] < name[b]; });
//   qi::sort_items(entries, [](const Entry& a, const Entry& b) { return a.count > b.count; });
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace digest {
namespace qi {

// A strict weak order of indices: less(context, a, b).
struct IndexLess {
  const void* context;
  bool (*less)(const void* context, uint32_t a, uint32_t b);
  bool operator()(uint32_t a, uint32_t b) const { return less(context, a, b); }
};

// std::sort, std::stable_sort and std::partial_sort of [first, last) (partial: the least
// `middle - first` in order at the front, the rest in no order).
void sort_indices(uint32_t* first, uint32_t* last, IndexLess less);
void stable_sort_indices(uint32_t* first, uint32_t* last, IndexLess less);
void partial_sort_indices(uint32_t* first, uint32_t* middle, uint32_t* last, IndexLess less);

// `f` (any callable bool(uint32_t, uint32_t)) as an IndexLess; `f` must outlive the sort.
template <class F>
IndexLess index_less(const F& f) {
  return IndexLess{&f, [](const void* c, uint32_t a, uint32_t b) -> bool { return (*static_cast<const F*>(c))(a, b); }};
}

template <class F>
void sort_indices(std::vector<uint32_t>& v, const F& less) {
  sort_indices(v.data(), v.data() + v.size(), index_less(less));
}
template <class F>
void stable_sort_indices(std::vector<uint32_t>& v, const F& less) {
  stable_sort_indices(v.data(), v.data() + v.size(), index_less(less));
}
// The least `keep` of `v` in order, then the rest in no order.
template <class F>
void partial_sort_indices(std::vector<uint32_t>& v, size_t keep, const F& less) {
  partial_sort_indices(v.data(), v.data() + (keep < v.size() ? keep : v.size()), v.data() + v.size(), index_less(less));
}

// Sorts `items` by `less` on the items (stable: equal items keep their order) through a sort
// of their indices, then moves them into that order. With `keep` below items.size(), only the
// least `keep` are kept, in order.
template <class T, class F>
void sort_items(std::vector<T>& items, const F& less, size_t keep = SIZE_MAX, bool stable = false) {
  std::vector<uint32_t> order(items.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  auto by_item = [&](uint32_t a, uint32_t b) { return less(items[a], items[b]); };
  if (keep < items.size()) partial_sort_indices(order, keep, by_item), order.resize(keep);
  else if (stable) stable_sort_indices(order, by_item);
  else sort_indices(order, by_item);
  std::vector<T> sorted;
  sorted.reserve(order.size());
  for (uint32_t i : order) sorted.push_back(std::move(items[i]));
  items.swap(sorted);
}

}  // namespace qi
}  // namespace digest
