// postings_test.cpp — the slice-chained posting lists (wasm/src/postings.h) against a plain
// reference: per key, a vector of (doc, tf, first) built by the same rules.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

#include "postings.h"

namespace digest {
namespace {

struct RefPosting {
  uint32_t doc;
  uint8_t tf;
  uint16_t first;
  bool operator==(const RefPosting& o) const { return doc == o.doc && tf == o.tf && first == o.first; }
};

std::vector<RefPosting> read_all(const qi::Postings& p, uint32_t key) {
  std::vector<RefPosting> out;
  for (qi::Postings::Cursor c = p.cursor(key); c.next();) out.push_back({c.doc, c.tf, c.first});
  return out;
}

// Adds occurrences the way the index does (documents ascending, several per document) to both.
void add_both(qi::Postings& p, std::vector<std::vector<RefPosting>>& ref, uint32_t key, uint32_t doc, bool title, size_t offset) {
  p.add(key, doc, title, offset);
  if (ref.size() <= key) ref.resize(key + 1);
  auto& list = ref[key];
  if (!list.empty() && list.back().doc == doc) {
    if ((list.back().tf & 0x7F) < qi::kTfMax) ++list.back().tf;
    if (title) list.back().tf |= 0x80;
    return;
  }
  list.push_back({doc, static_cast<uint8_t>(1 | (title ? 0x80 : 0)), static_cast<uint16_t>(std::min<size_t>(offset, 0xFFFF))});
}

// Dense keys over consecutive documents: 50 keys, two documents in three each, 20,000 documents;
// finished. Returns the number of postings.
uint64_t add_dense(qi::Postings& p) {
  uint64_t postings = 0;
  for (uint32_t d = 0; d < 20000; ++d)
    for (uint32_t k = 0; k < 50; ++k)
      if ((d * 31 + k * 17) % 3 != 0) {
        p.add(k, d, false, 200 + k * 10);
        ++postings;
      }
  p.finish(50, {});
  return postings;
}

TEST(Postings, RandomListsReadBackExactly) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    qi::Postings p;
    std::vector<std::vector<RefPosting>> ref;
    const uint32_t keys = 1 + rng() % 300;
    const uint32_t docs = 1 + rng() % 3000;
    uint32_t doc = 0;
    for (uint32_t d = 0; d < docs; ++d) {
      doc += 1 + (rng() % 8 == 0 ? rng() % 100000 : 0);  // mostly dense, some huge gaps
      const int occurrences = rng() % 40;
      for (int k = 0; k < occurrences; ++k) {
        // Skewed keys: a few very common, most rare.
        uint32_t key = rng() % 4 == 0 ? rng() % 3 : rng() % keys;
        size_t offset = rng() % 3 == 0 ? rng() % 200000 : rng() % 300;
        add_both(p, ref, key, doc, rng() % 5 == 0, offset);
      }
    }
    const uint32_t total = std::max<uint32_t>(keys, static_cast<uint32_t>(ref.size()));
    p.finish(total, {});
    ref.resize(total);
    uint64_t sum = 0;
    for (uint32_t k = 0; k < total; ++k) {
      ASSERT_EQ(p.size(k), ref[k].size()) << "round " << round << " key " << k;
      ASSERT_EQ(read_all(p, k), ref[k]) << "round " << round << " key " << k;
      sum += ref[k].size();
      ASSERT_EQ(p.size(0, k + 1), sum);
    }
  }
}

TEST(Postings, CountsSaturateAndTitleBitSticks) {
  qi::Postings p;
  for (int i = 0; i < 500; ++i) p.add(3, 10, i == 250, 42 + i);
  p.add(3, 11, false, 0);
  p.finish(4, {});
  auto list = read_all(p, 3);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].doc, 10u);
  EXPECT_EQ(list[0].tf, 0x80 | qi::kTfMax);
  EXPECT_EQ(list[0].first, 42u);  // the first occurrence's offset, not a later one
  EXPECT_EQ(list[1].doc, 11u);
  EXPECT_EQ(list[1].tf, 1);
  EXPECT_EQ(p.size(0), 0u);
  EXPECT_TRUE(read_all(p, 0).empty());
}

TEST(Postings, LargeIdsAndOffsetsUseLongVarints) {
  qi::Postings p;
  const uint32_t big = 0xFFFFFFF0u;
  p.add_counted(0, 0, 5, 0xFFFF);
  p.add_counted(0, big, 1, 1u << 30);  // offsets saturate at 0xFFFF
  p.finish(1, {});
  auto list = read_all(p, 0);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0], (RefPosting{0, 5, 0xFFFF}));
  EXPECT_EQ(list[1], (RefPosting{big, 1, 0xFFFF}));
}

TEST(Postings, RemapRenumbersKeysAndKeepsTheirLists) {
  qi::Postings p;
  std::vector<std::vector<RefPosting>> ref;
  for (uint32_t d = 0; d < 2000; ++d)
    for (uint32_t k = 0; k < 5; ++k)
      if ((d + 1) % (k + 1) == 0) add_both(p, ref, k, d, false, d % 7);
  std::vector<uint32_t> remap = {4, 2, 0, 3, 1};
  p.finish(5, remap);
  for (uint32_t old = 0; old < 5; ++old) {
    EXPECT_EQ(p.size(remap[old]), ref[old].size());
    EXPECT_EQ(read_all(p, remap[old]), ref[old]);
  }
  // size(lo, hi) follows the new numbering.
  EXPECT_EQ(p.size(0, 1), ref[2].size());
  EXPECT_EQ(p.size(0, 5), ref[0].size() + ref[1].size() + ref[2].size() + ref[3].size() + ref[4].size());
}

TEST(Postings, FewerBytesThanFixedWidthPostings) {
  // Dense keys over consecutive documents: about 4 bytes a posting (gap, tf, 2-byte offset)
  // where u32 id + tf + u16 offset take 7.
  qi::Postings p;
  const uint64_t postings = add_dense(p);
  EXPECT_LT(p.bytes(), postings * 45 / 10);
  EXPECT_GT(p.bytes(), postings * 3);
}

// Random additions as the index makes them into a kDocsCounted list `p` (documents ascending, up to
// 40 occurrences of a key per document, huge gaps that take long varints, long lists that cross many
// slices, a document's first posting of a key sometimes added with its count known), and the same
// into `ref` as (document, count saturated at qi::kTfMax | title bit). Returns the number of keys.
uint32_t add_random_docs_counted(std::mt19937& rng, qi::Postings& p, std::vector<std::vector<RefPosting>>& ref) {
  const uint32_t keys = 1 + rng() % 300;
  const uint32_t docs = 1 + rng() % 3000;
  uint32_t doc = 0;
  for (uint32_t d = 0; d < docs; ++d) {
    doc += 1 + (rng() % 8 == 0 ? rng() % 100000 : 0);
    const int occurrences = rng() % 40;
    for (int k = 0; k < occurrences; ++k) {
      const uint32_t key = rng() % 4 == 0 ? rng() % 3 : rng() % keys;
      const bool title = rng() % 5 == 0;
      if (ref.size() <= key) ref.resize(key + 1);
      std::vector<RefPosting>& list = ref[key];
      if (!list.empty() && list.back().doc == doc) {
        p.add(key, doc, title);
        if ((list.back().tf & 0x7F) < qi::kTfMax) ++list.back().tf;
        if (title) list.back().tf |= 0x80;
      } else if (rng() % 2) {
        const uint8_t tf = static_cast<uint8_t>((1 + rng() % 9) | (title ? 0x80 : 0));
        p.add_counted(key, doc, tf, 0);
        list.push_back({doc, tf, 0});
      } else {
        p.add(key, doc, title);
        list.push_back({doc, static_cast<uint8_t>(1 | (title ? 0x80 : 0)), 0});
      }
    }
  }
  const uint32_t total = std::max<uint32_t>(keys, static_cast<uint32_t>(ref.size()));
  p.finish(total, {});
  ref.resize(total);
  return total;
}

TEST(Postings, DocsCountedListsKeepDocumentsTitleBitsAndSmallCounts) {
  // Each posting reads back, through next_counted, as its document, its count saturated at 7 and
  // the title bit of any of its occurrences; through next(), as its document, tf kTfMax with the
  // title bit, and no offset.
  std::mt19937 rng(29);
  for (int round = 0; round < 20; ++round) {
    qi::Postings p(qi::Postings::kDocsCounted);
    std::vector<std::vector<RefPosting>> ref;
    const uint32_t total = add_random_docs_counted(rng, p, ref);
    for (uint32_t k = 0; k < total; ++k) {
      std::vector<RefPosting> counted, plain, got;
      for (const RefPosting& r : ref[k]) {
        counted.push_back({r.doc, static_cast<uint8_t>(std::min(r.tf & 0x7F, 7) | (r.tf & 0x80)), 0});
        plain.push_back({r.doc, static_cast<uint8_t>(qi::kTfMax | (r.tf & 0x80)), 0});
      }
      ASSERT_EQ(p.size(k), counted.size()) << "round " << round << " key " << k;
      for (qi::Postings::Cursor c = p.cursor(k); c.next_counted();) got.push_back({c.doc, c.tf, c.first});
      ASSERT_EQ(got, counted) << "round " << round << " key " << k;
      ASSERT_EQ(read_all(p, k), plain) << "round " << round << " key " << k;
    }
  }
  // Ids up to the loader's cap and beyond fit (the gap shifted left by four still fits a 5-byte varint).
  qi::Postings big(qi::Postings::kDocsCounted);
  big.add_counted(0, 3, 0x80 | 5, 0);
  big.add_counted(0, 1000000, 9, 0);
  big.add_counted(0, 0x0FFFFFF0u, 1, 0);
  big.finish(1, {});
  std::vector<RefPosting> got;
  for (qi::Postings::Cursor c = big.cursor(0); c.next_counted();) got.push_back({c.doc, c.tf, c.first});
  EXPECT_EQ(got, (std::vector<RefPosting>{{3, 0x85, 0}, {1000000, 7, 0}, {0x0FFFFFF0u, 1, 0}}));
  EXPECT_EQ(read_all(big, 0), (std::vector<RefPosting>{{3, 0x80 | qi::kTfMax, 0}, {1000000, qi::kTfMax, 0}, {0x0FFFFFF0u, qi::kTfMax, 0}}));
}

TEST(Postings, MarksAreTheirOwnAndLeaveCountsAlone) {
  // add() answers where a new posting's tf byte lies (kNoPosting for a repeat); set_mark marks it
  // (three marks: the pair lists' two, and the word lists' next-word mark, bit 4), the cursor
  // reports each mark apart, and neither the count (saturating at kTfMax, in the bits below the
  // marks) nor the title bit reaches them.
  qi::Postings p;
  struct Want {
    uint32_t doc;
    bool succ, pred, next, title;
    uint32_t count;
  };
  std::vector<Want> want;  // key 2's postings
  std::mt19937 rng(31);
  for (uint32_t d = 0; d < 3000; ++d) {
    if (rng() % 3 == 0) continue;
    const bool title = rng() % 2;
    const uint32_t at = p.add(2, d, title, d);
    ASSERT_NE(at, qi::kNoPosting);
    const bool succ = rng() % 2, pred = rng() % 2, next = rng() % 2;
    if (succ) p.set_mark(at, qi::kSuccessorMark);
    if (pred) p.set_mark(at, qi::kPredecessorMark);
    if (next) p.set_mark(at, qi::kNextWordMark);
    const int repeats = static_cast<int>(rng() % 100);
    for (int r = 0; r < repeats; ++r) EXPECT_EQ(p.add(2, d, false, d + 1), qi::kNoPosting);
    p.add(5, d, false, 0);  // another key between, whose postings must not be marked
    want.push_back({d, succ, pred, next, title, std::min<uint32_t>(1 + static_cast<uint32_t>(repeats), qi::kTfMax)});
  }
  p.finish(6, {});
  size_t i = 0;
  for (qi::Postings::Cursor c = p.cursor(2); c.next(); ++i) {
    ASSERT_LT(i, want.size());
    EXPECT_EQ(c.doc, want[i].doc);
    EXPECT_EQ((c.marks & qi::kSuccessorMark) != 0, want[i].succ) << "doc " << c.doc;
    EXPECT_EQ((c.marks & qi::kPredecessorMark) != 0, want[i].pred) << "doc " << c.doc;
    EXPECT_EQ((c.marks & qi::kNextWordMark) != 0, want[i].next) << "doc " << c.doc;
    EXPECT_EQ(c.marks & ~qi::kMarkBits, 0) << "doc " << c.doc;
    EXPECT_EQ(c.tf & 0x7F, want[i].count) << "doc " << c.doc;
    EXPECT_EQ(c.tf >> 7, want[i].title ? 1 : 0) << "doc " << c.doc;
  }
  EXPECT_EQ(i, want.size());
  for (qi::Postings::Cursor c = p.cursor(5); c.next();) EXPECT_EQ(c.marks, 0);
  qi::Postings counted(qi::Postings::kDocsCounted);
  EXPECT_EQ(counted.add(0, 1, false, 0), qi::kNoPosting);  // (no marks in these lists)
}

TEST(Postings, DocsCountedListsTakeAboutOneBytePerDensePosting) {
  qi::Postings p(qi::Postings::kDocsCounted);
  const uint64_t postings = add_dense(p);
  EXPECT_LT(p.bytes(), postings * 12 / 10);
}

}  // namespace
}  // namespace digest
