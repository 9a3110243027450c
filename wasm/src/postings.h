// postings.h — the index's posting lists: per key, the documents that hold it, compressed and
// written straight into their final place while the text is read (private to the core).
//
// Each key's list is a chain of byte slices in one pool of fixed-size blocks. A posting is
//   varint(document id - previous document id of the key)   (the first one: the id itself)
//   tf byte                                                  (bits 0-3: occurrences, saturated
//                                                             at qi::kTfMax; bits 4-6: marks,
//                                                             set_mark; bit 7: in the title zone)
//   u16 little-endian: byte offset of the key's first occurrence in the document, saturated
//                      at 0xFFFF (fixed width: offsets are mostly over 127, and a second
//                      varint per posting costs the reader a mispredicted branch)
// A slice's last 4 bytes hold the pool address of the key's next slice; slices grow from 12 to
// 1,536 bytes, so a rare key costs 12 bytes and a common one loses under 0.3% to links.
//
// Why this layout: postings are read front to back, one key at a time (the query intersects
// keys by stamping documents), so nothing needs random access; documents arrive in id order,
// so gaps are small and most postings take 4 bytes instead of 7 (u32 id, tf, u16 offset); and
// appending to a key's open slice means no per-document builder and no counting sort at the
// end, which had held every posting twice for a moment (the load's peak memory).
//
// A list made with Postings(Postings::kDocsCounted) keeps which documents hold the key, a small
// count and whether it occurs in their title zone, in one varint per posting:
// (id gap << 4) | (occurrences, saturated at 7) << 1 | title bit (document ids below 2^28: the
// loader's cap is 1,000,000), ~1.3 bytes a posting instead of ~4. Cursor::next_counted reads the
// count; next() reports tf = kTfMax instead (a reader taking the least count of several keys is not
// lowered by it), the title bit in bit 7, and first = 0 (no bound). For the choseong trigrams.
//
//   Postings p;
//   p.add(key, doc, in_title, offset);     // documents in ascending order; repeats bump tf
//   p.finish({});                          // or a key renumbering (old id -> new id)
//   for (Postings::Cursor c = p.cursor(key); c.next();) use(c.doc, c.tf, c.first);
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

namespace digest {
namespace qi {

// Saturation of the per-posting occurrence count (bits 0-3 of the tf byte; queries count as far).
constexpr uint8_t kTfMax = 15;
// Marks: what a posting says about its key's first occurrence in the document (bits 4 to 6 of the
// tf byte; Postings::set_mark, Cursor::marks). Bigram lists: the pair is followed by the character
// the index keeps as its successor, and comes right after the pair it keeps as its predecessor
// (QueryEngine::bg_marks). Word lists: the byte before the word is a space, or a hyphen; and the
// word is followed by one space and the word the index keeps as its successor
// (QueryEngine::word_succ).
constexpr uint8_t kSuccessorMark = 0x40, kPredecessorMark = 0x20;
constexpr uint8_t kAfterSpaceMark = 0x40, kAfterHyphenMark = 0x20, kNextWordMark = 0x10;
constexpr uint8_t kMarkBits = 0x70;
// Postings::add's answer when it appended no posting (the document's key again, or a
// kDocsCounted list).
constexpr uint32_t kNoPosting = 0xFFFFFFFFu;

class Postings {
 public:
  static constexpr uint32_t kBlockShift = 18;  // 256 KiB blocks; slices never cross one
  static constexpr uint32_t kBlockSize = 1u << kBlockShift;
  static constexpr uint32_t kLevels = 8;
  static constexpr uint32_t kSliceSize[kLevels] = {12, 24, 48, 96, 192, 384, 768, 1536};

  enum Format { kCounted, kDocsCounted };
  explicit Postings(Format format = kCounted) : docs_counted_(format == kDocsCounted) {}
  Postings(const Postings&) = delete;
  Postings& operator=(const Postings&) = delete;
  ~Postings() { release(); }

  uint32_t keys() const { return static_cast<uint32_t>(count_.size()); }
  // A kDocsCounted list (read its counts with Cursor::next_counted).
  bool docs_counted() const { return docs_counted_; }
  // Postings (documents) of `key`; 0 for a key never added.
  uint32_t size(uint32_t key) const { return key < count_.size() ? count_[key] : 0; }
  // Postings of keys [lo, hi) (after finish).
  uint64_t size(uint32_t lo, uint32_t hi) const { return cum_[hi] - cum_[lo]; }
  // Bytes held by the pool and the per-key arrays.
  size_t bytes() const;

  // --- building ---------------------------------------------------------------------------
  // One occurrence of `key` in document `doc` (documents in ascending order; the same document
  // again only raises the count and the title bit). `offset`: where in the document it occurs.
  // Returns where the new posting's tf byte lies (for set_mark) when this is the key's first
  // occurrence in `doc`, else kNoPosting.
  uint32_t add(uint32_t key, uint32_t doc, bool title, size_t offset = 0) {
    if (key >= writers_.size()) grow_keys(key);
    Writer& w = writers_[key];
    if (w.last_doc == doc + 1) {
      uint8_t& t = at(w.tf_at);
      if (docs_counted_) {  // tf_at: the varint's first byte: bit 0 the title bit, bits 1-3 the count
        if ((t & 0x0E) != 0x0E) t = static_cast<uint8_t>(t + 2);
        if (title) t |= 1;
        return kNoPosting;
      }
      if ((t & kTfMax) < kTfMax) ++t;
      if (title) t |= 0x80;
      return kNoPosting;
    }
    append(w, key, doc, static_cast<uint8_t>(1 | (title ? 0x80 : 0)), offset);
    return docs_counted_ ? kNoPosting : w.tf_at;
  }
  // Sets `mark` (kSuccessorMark, ...) on the posting whose tf byte add() placed at `tf_at`.
  // Cursor::marks reports it.
  void set_mark(uint32_t tf_at, uint8_t mark) { at(tf_at) |= mark; }
  // A whole posting at once (the count already known; `doc` above every earlier one of the key).
  void add_counted(uint32_t key, uint32_t doc, uint8_t tf, size_t offset) {
    if (key >= writers_.size()) grow_keys(key);
    append(writers_[key], key, doc, tf, offset);
  }
  // Ends building: drops the writers' state, trims the last block, renumbers keys by `remap`
  // (old id -> new id; empty = keep) and sizes the key arrays to `keys`.
  void finish(uint32_t keys, const std::vector<uint32_t>& remap);

  // --- reading ----------------------------------------------------------------------------
  class Cursor {
   public:
    uint32_t doc = 0;
    uint8_t tf = 0;          // occurrences (bits 0-3) and the title bit (bit 7)
    uint16_t first = 0;
    uint8_t marks = 0;       // the posting's marks (set_mark); none in kDocsCounted lists
    // Moves to the next posting; false at the end of the list.
    [[gnu::always_inline]] bool next() {
      if (left_ == 0) return false;
      --left_;
      if (docs_counted_) {
        uint32_t v = lim_ - cur_ >= kMaxPostingBytes ? varint<false>() : varint<true>();
        doc += v >> 4;  // (its count is not reported: next_counted)
        tf = static_cast<uint8_t>(kTfMax | (v & 1u) << 7);
        return true;
      }
      if (lim_ - cur_ >= kMaxPostingBytes) read<false>();  // the whole posting is in this slice
      else read<true>();
      return true;
    }

    // next() for a kDocsCounted list (its own reader: next() is inlined into many loops).
    bool next_counted() {
      if (left_ == 0) return false;
      --left_;
      uint32_t v = lim_ - cur_ >= kMaxPostingBytes ? varint<false>() : varint<true>();
      doc += v >> 4;
      tf = static_cast<uint8_t>(((v >> 1) & 7u) | (v & 1u) << 7);
      return true;
    }

   private:
    friend class Postings;
    const Postings* p_ = nullptr;
    const uint8_t* cur_ = nullptr;
    const uint8_t* lim_ = nullptr;
    uint32_t left_ = 0;
    uint32_t level_ = 0;
    bool docs_counted_ = false;
    // The next byte; kFollow: the slice may end here (then the link leads to the next one).
    template <bool kFollow>
    uint8_t byte() {
      if (kFollow && cur_ == lim_) {
        uint32_t next;
        std::memcpy(&next, lim_, 4);
        if (level_ + 1 < kLevels) ++level_;
        cur_ = p_->ptr(next);
        lim_ = cur_ + kSliceSize[level_] - 4;
      }
      return *cur_++;
    }
    template <bool kFollow>
    uint32_t varint() {
      uint32_t b = byte<kFollow>();
      uint32_t v = b & 0x7Fu;
      for (int shift = 7; b >= 0x80 && shift < 35; shift += 7) {
        b = byte<kFollow>();
        v |= (b & 0x7Fu) << shift;
      }
      return v;
    }
    template <bool kFollow>
    void read() {
      doc += varint<kFollow>();
      tf = byte<kFollow>();
      marks = tf & kMarkBits;
      tf &= static_cast<uint8_t>(~kMarkBits);
      first = byte<kFollow>();
      first = static_cast<uint16_t>(first | (byte<kFollow>() << 8));
    }
  };
  Cursor cursor(uint32_t key) const {
    Cursor c;
    c.p_ = this;
    c.docs_counted_ = docs_counted_;
    c.left_ = size(key);
    if (c.left_) {
      c.cur_ = ptr(head_[key]);
      c.lim_ = c.cur_ + kSliceSize[0] - 4;
    }
    return c;
  }

 private:
  static constexpr std::ptrdiff_t kMaxPostingBytes = 5 + 1 + 2;  // varint id gap, tf, offset
  struct Writer {
    uint32_t last_doc = 0;  // last document + 1 (0 = none)
    uint32_t tf_at = 0;     // pool address of that posting's tf byte
    uint32_t pos = 0;       // next free byte of the open slice
    uint32_t end = 0;       // where the open slice's link begins
    uint32_t level = 0;
  };
  bool docs_counted_ = false;
  std::vector<uint8_t*> blocks_;
  uint32_t used_ = 0;  // pool bytes handed out (address of the next slice)
  std::vector<Writer> writers_;  // build time only
  std::vector<uint32_t> head_;   // key -> address of its first slice
  std::vector<uint32_t> count_;  // key -> postings
  std::vector<uint64_t> cum_;    // after finish: postings of keys before each key

  const uint8_t* ptr(uint32_t addr) const { return blocks_[addr >> kBlockShift] + (addr & (kBlockSize - 1)); }
  uint8_t& at(uint32_t addr) { return blocks_[addr >> kBlockShift][addr & (kBlockSize - 1)]; }
  void grow_keys(uint32_t key);
  uint32_t new_slice(uint32_t level);
  void open_next_slice(Writer& w);
  void put(Writer& w, uint8_t b) {
    if (w.pos == w.end) open_next_slice(w);
    at(w.pos++) = b;
  }
  void put_varint(Writer& w, uint32_t v) {
    while (v >= 0x80) {
      put(w, static_cast<uint8_t>(v | 0x80));
      v >>= 7;
    }
    put(w, static_cast<uint8_t>(v));
  }
  void append(Writer& w, uint32_t key, uint32_t doc, uint8_t tf, size_t offset);
  void release();
};

}  // namespace qi
}  // namespace digest
