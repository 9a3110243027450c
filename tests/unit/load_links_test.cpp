// load_links_test.cpp — the load's id set (load_links.h): what it keeps, and that ids crafted to
// share one hash do not share one probe chain.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "load_links.h"

namespace {

uint32_t fnv1a(uint32_t h, const std::string& s) {
  for (unsigned char c : s) h = (h ^ c) * 16777619u;
  return h;
}

// 2^stages distinct ids with one 32-bit FNV-1a hash: each stage finds two 8-byte blocks that
// collide from the state the previous stages leave (a birthday search), and every combination
// of the stages' blocks keeps the hash.
std::vector<std::string> ids_sharing_one_fnv1a_hash(int stages) {
  std::mt19937_64 rng(1);
  static const char kAlpha[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  uint32_t h = fnv1a(2166136261u, "x/");
  std::vector<std::string> ids = {"x/"};
  for (int s = 0; s < stages; ++s) {
    std::unordered_map<uint32_t, std::string> seen;
    std::string a, b;
    while (a.empty()) {
      std::string block(8, ' ');
      for (char& c : block) c = kAlpha[rng() % 36];
      const uint32_t g = fnv1a(h, block);
      auto [it, fresh] = seen.emplace(g, block);
      if (!fresh && it->second != block) a = it->second, b = block, h = g;
    }
    std::vector<std::string> next;
    for (const std::string& p : ids) next.push_back(p + a), next.push_back(p + b);
    ids.swap(next);
  }
  return ids;
}

}  // namespace

TEST(IdSet, KeepsTheFirstOfEachIdWithItsValue) {
  digest::IdSet set;
  std::set<std::string> reference;
  std::mt19937 rng(7);
  for (uint32_t i = 0; i < 5000; ++i) {
    const std::string id = "ai/review/" + std::to_string(rng() % 3000);
    EXPECT_EQ(set.insert(id, i), reference.insert(id).second) << id;
  }
  EXPECT_TRUE(set.insert("", 1));  // any bytes are an id here; the loader refuses empty ones
  EXPECT_FALSE(set.insert("", 2));
  EXPECT_EQ(set.find(""), 1);
  EXPECT_EQ(set.find("ai/review/none"), -1);
  EXPECT_TRUE(set.insert("digest-1", digest::IdSet::kNotADocument));
  EXPECT_EQ(set.find("digest-1"), int64_t{digest::IdSet::kNotADocument});
}

TEST(IdSet, IdsSharingOneFnv1aHashDoNotShareOneProbeChain) {
  const std::vector<std::string> ids = ids_sharing_one_fnv1a_hash(12);
  ASSERT_EQ(ids.size(), 4096u);
  ASSERT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), ids.size());
  for (const std::string& id : ids) ASSERT_EQ(fnv1a(2166136261u, id), fnv1a(2166136261u, ids[0]));
  digest::IdSet set;
  for (uint32_t i = 0; i < ids.size(); ++i) ASSERT_TRUE(set.insert(ids[i], i));
  for (uint32_t i = 0; i < ids.size(); ++i) ASSERT_EQ(set.find(ids[i]), int64_t{i});
  // With FNV-1a every insert walked the chain of all ids before it (4096 slots at the end).
  EXPECT_LT(set.longest_probe(), 64u);
}
