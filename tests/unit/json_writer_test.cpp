// json_writer_test.cpp — the JSON writer's number forms against printf (the reference).
#include <gtest/gtest.h>

#include <cstdio>
#include <random>
#include <string>

#include "digest/json_writer.h"

namespace digest {
namespace {

std::string printf_fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  if (s[0] == '-' && s.find_first_not_of("0.", 1) == std::string::npos) s.erase(0, 1);  // -0.0000 -> 0.0000
  return s;
}

std::string fixed(double v, int decimals) {
  std::string out;
  append_json_fixed(out, v, decimals);
  return out;
}

TEST(JsonWriter, FixedDecimalsMatchPrintf) {
  for (double v : {0.0, 1.0, -1.0, 12.34567, 3.14159265, 1e-5, 123456.0, -0.00001, 0.123456789, 59.99999})
    for (int d : {0, 1, 4, 6}) EXPECT_EQ(fixed(v, d), printf_fixed(v, d)) << v << " " << d;
  // Exactly representable halves round to even, like printf.
  EXPECT_EQ(fixed(0.5, 0), "0");
  EXPECT_EQ(fixed(1.5, 0), "2");
  EXPECT_EQ(fixed(7.25, 1), "7.2");
  // BM25-style scores: random values in the range the engine writes. Ties at exactly half a unit
  // in the last place are rare in binary and may round either way; allow only those.
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> dist(0.0, 60.0);
  int mismatches = 0;
  for (int i = 0; i < 20000; ++i) {
    double v = dist(rng);
    if (fixed(v, 4) != printf_fixed(v, 4)) ++mismatches;
  }
  EXPECT_LE(mismatches, 2);
}

TEST(JsonWriter, FixedHandlesNonFiniteAndHugeValues) {
  EXPECT_EQ(fixed(1.0 / 0.0, 2), "0.00");
  EXPECT_EQ(fixed(0.0 / 0.0, 2), "0.00");
  EXPECT_EQ(fixed(1e300, 4), "900000000000.0000");
  EXPECT_EQ(fixed(-1e300, 0), "-9000000000000000");
}

}  // namespace
}  // namespace digest
