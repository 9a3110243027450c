// postings.cpp — building and trimming the slice-chained posting lists (postings.h).
#include "postings.h"

#include <algorithm>

namespace digest {
namespace qi {

constexpr uint32_t Postings::kSliceSize[Postings::kLevels];

void Postings::release() {
  for (uint8_t* b : blocks_) delete[] b;
  blocks_.clear();
  used_ = 0;
}

size_t Postings::bytes() const {
  size_t pool = blocks_.empty() ? 0 : (blocks_.size() - 1) * size_t(kBlockSize) + (((used_ - 1) & (kBlockSize - 1)) + 1);
  return pool + head_.capacity() * 4 + count_.capacity() * 4 + cum_.capacity() * 8 + writers_.capacity() * sizeof(Writer);
}

void Postings::grow_keys(uint32_t key) {
  size_t n = std::max<size_t>(key + 1, writers_.size() * 2);
  writers_.resize(n);
  head_.resize(n, 0);
  count_.resize(n, 0);
}

uint32_t Postings::new_slice(uint32_t level) {
  const uint32_t size = kSliceSize[level];
  uint32_t in_block = used_ & (kBlockSize - 1);
  if (blocks_.empty() || (used_ > 0 && in_block == 0) || in_block + size > kBlockSize) {
    // Next block (the rest of the current one, under one slice, stays unused).
    uint8_t* b = new uint8_t[kBlockSize];
    used_ = static_cast<uint32_t>(blocks_.size()) << kBlockShift;
    blocks_.push_back(b);
  }
  uint32_t addr = used_;
  used_ += size;
  return addr;
}

void Postings::open_next_slice(Writer& w) {
  if (w.level + 1 < kLevels) ++w.level;
  uint32_t addr = new_slice(w.level);
  uint8_t link[4];
  std::memcpy(link, &addr, 4);
  for (int k = 0; k < 4; ++k) at(w.end + k) = link[k];
  w.pos = addr;
  w.end = addr + kSliceSize[w.level] - 4;
}

void Postings::append(Writer& w, uint32_t key, uint32_t doc, uint8_t tf, size_t offset) {
  uint32_t prev = 0;
  if (count_[key] == 0) {
    uint32_t addr = new_slice(0);
    head_[key] = addr;
    w.pos = addr;
    w.end = addr + kSliceSize[0] - 4;
    w.level = 0;
  } else {
    prev = w.last_doc - 1;
  }
  ++count_[key];
  w.last_doc = doc + 1;
  if (docs_counted_) {
    if (w.pos == w.end) open_next_slice(w);
    w.tf_at = w.pos;  // the varint's first byte (add() sets its bit 0, the title bit, and counts)
    const uint32_t count = std::min<uint32_t>(std::max<uint32_t>(tf & 0x7F, 1), 7);
    put_varint(w, (doc - prev) << 4 | count << 1 | ((tf & 0x80) ? 1u : 0u));
    return;
  }
  put_varint(w, doc - prev);
  if (w.pos == w.end) open_next_slice(w);
  w.tf_at = w.pos;
  at(w.pos++) = tf;
  const uint32_t first = static_cast<uint32_t>(std::min<size_t>(offset, 0xFFFF));
  put(w, static_cast<uint8_t>(first));
  put(w, static_cast<uint8_t>(first >> 8));
}

void Postings::finish(uint32_t keys, const std::vector<uint32_t>& remap) {
  std::vector<Writer>().swap(writers_);
  head_.resize(std::max<size_t>(keys, head_.size()), 0);
  count_.resize(std::max<size_t>(keys, count_.size()), 0);
  if (!remap.empty()) {
    std::vector<uint32_t> head(keys, 0), count(keys, 0);
    for (uint32_t old = 0; old < remap.size() && old < head_.size(); ++old) {
      head[remap[old]] = head_[old];
      count[remap[old]] = count_[old];
    }
    head_.swap(head);
    count_.swap(count);
  }
  head_.resize(keys);
  count_.resize(keys);
  head_.shrink_to_fit();
  count_.shrink_to_fit();
  cum_.assign(keys + 1, 0);
  for (uint32_t k = 0; k < keys; ++k) cum_[k + 1] = cum_[k] + count_[k];
  // The last block keeps only what was handed out (a copy of at most one block).
  if (!blocks_.empty()) {
    uint32_t in_block = ((used_ - 1) & (kBlockSize - 1)) + 1;
    if (in_block < kBlockSize) {
      uint8_t* b = new uint8_t[in_block];
      std::memcpy(b, blocks_.back(), in_block);
      delete[] blocks_.back();
      blocks_.back() = b;
    }
  }
  blocks_.shrink_to_fit();
}

}  // namespace qi
}  // namespace digest
