// json_writer_test.cpp — the JSON writer's number forms against printf (the reference).
#include <gtest/gtest.h>

#include <string_view>

#include <cstdint>

#include <cstdio>
#include <random>
#include <string>

#include "digest/json_writer.h"
#include "digest/utf8.h"

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
// The reference: one byte or one UTF-8 sequence at a time, as the writer did before it copied runs.
std::string reference_json_string(std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "\"";
  for (size_t i = 0; i < s.size();) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
          if (c < 0x20) {
            out += "\\u00";
            out.push_back(kHex[c >> 4]);
            out.push_back(kHex[c & 15]);
          } else {
            out.push_back(static_cast<char>(c));
          }
      }
      ++i;
      continue;
    }
    const size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s.substr(i, len));
      i += len;
    }
  }
  return out + "\"";
}

TEST(JsonWriter, StringsMatchTheOneSequenceAtATimeReference) {
  const char* pieces[] = {"a", "plain text ", "모델이", "\"", "\\", "\n", "\t", "\b", "\f", "\x01", "\x1f", "\x7f",
                          "\xC3\xA9", "\xF0\x9F\x98\x80", "\xED\x9F\xBF", "\xED\xA0\x80", "\xE0\x9F\xBF", "\xE0\xA0\x80",
                          "\xEB\xAA", "\x80", "\xFF", "\xF4\x90\x80\x80", "\xEF\xBF\xBD"};
  EXPECT_EQ([] { std::string o; append_json_string(o, std::string_view("a\0b", 3)); return o; }(), "\"a\\u0000b\"");
  uint32_t seed = 3;
  for (int round = 0; round < 5000; ++round) {
    std::string s;
    seed = seed * 1103515245u + 12345u;
    for (int k = 0, n = static_cast<int>((seed >> 16) % 20); k < n; ++k) {
      seed = seed * 1103515245u + 12345u;
      s += pieces[(seed >> 8) % (sizeof pieces / sizeof pieces[0])];
    }
    std::string got = "prefix";
    append_json_string(got, s);
    ASSERT_EQ(got, "prefix" + reference_json_string(s)) << "round " << round;
  }
}

}  // namespace digest
