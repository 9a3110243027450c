// fuzz_loader.cpp — the bundle loader on arbitrary bytes.
//
// Asserts: never crashes or hangs (libFuzzer + ASan/UBSan do that part); an error always has a
// non-empty message and a describe() line; a problem (skipped document) also has a message; a
// loaded bundle written back with bundle_to_json loads again with the same number of documents
// and digests and nothing skipped (the writer and the loader agree on the format); and the loader
// gives the same answer when every byte goes through simdjson (long strings not kept out of it:
// loader.cpp, "Long strings"), problems and their offsets included, and when the bytes arrive in
// pieces read ahead by a BundleReadAhead.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "digest/loader.h"
#include "fuzz_common.h"

namespace {
// One line per document and problem: enough to tell two loads apart.
std::string fingerprint(const digest::Result<digest::LoadReport>& r) {
  if (!r) return "error " + r.error().describe();
  std::string out = "skipped " + std::to_string(r.value().skipped) + "\n";
  for (const auto& d : r.value().bundle.docs) {
    out += d.id + "|" + d.title + "|" + d.date + "|" + d.markdown + "|" + d.html + "|" + d.summary + "|" + d.excerpt;
    for (const auto& t : d.tags) out += "|" + t;
    for (const auto& s : d.sections) out += "|" + s.name + "=" + s.markdown;
    out += "\n";
  }
  for (const auto& g : r.value().bundle.digests) out += g.id + "|" + g.intro + "\n";
  for (const auto& p : r.value().problems) out += p.describe() + "\n";
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  auto r = digest::load_bundle(in);
  {
    std::vector<char> padded(in.begin(), in.end());
    padded.resize(size + 64, '\0');
    auto every_byte = digest::load_bundle_padded(padded.data(), size, padded.size(), SIZE_MAX);
    auto all_long = digest::load_bundle_padded(padded.data(), size, padded.size(), 0);
    const std::string want = fingerprint(every_byte);
    FUZZ_CHECK(fingerprint(r) == want, "long strings kept from simdjson changed the load", want);
    FUZZ_CHECK(fingerprint(all_long) == want, "every string kept from simdjson changed the load", want);
    // The bodies left in the input (defer_bodies), decoded afterwards as the Session does.
    auto deferred = digest::load_bundle_padded(padded.data(), size, padded.size(), digest::kLongStringBytes, nullptr, true);
    if (deferred)
      for (auto& d : deferred.value().bundle.docs) digest::decode_deferred(padded.data(), d);
    FUZZ_CHECK(fingerprint(deferred) == want, "bodies decoded after the load changed it", want);
    // The same bytes arriving in pieces (sizes drawn from the input itself), read ahead as they
    // come; what has not arrived holds junk until it does.
    std::vector<char> arriving(size + 64, '"');
    digest::BundleReadAhead ahead(arriving.data(), arriving.size());
    for (size_t at = 0, k = 0; at < size; ++k) {
      const size_t n = std::min(size - at, size_t{1} + static_cast<unsigned char>(in[(k * 7919) % size]) % 97);
      std::copy(in.begin() + at, in.begin() + at + n, arriving.begin() + at);
      at += n;
      ahead.advance(at);
    }
    std::fill(arriving.begin() + size, arriving.end(), '\0');
    auto read_ahead = digest::load_bundle_padded(arriving.data(), size, arriving.size(), digest::kLongStringBytes, &ahead);
    FUZZ_CHECK(fingerprint(read_ahead) == want, "reading ahead as the bytes arrived changed the load", want);
  }
  if (!r) {
    FUZZ_CHECK(!r.error().message.empty(), "load error without a message", in);
    FUZZ_CHECK(r.error().code != digest::ErrorCode::OK && r.error().code != digest::ErrorCode::INTERNAL,
               "load error with code OK or INTERNAL", r.error().describe());
    FUZZ_CHECK(r.error().offset <= static_cast<int64_t>(size), "error offset beyond the input", r.error().describe());
    (void)r.error().to_json();
    return 0;
  }
  const digest::LoadReport& rep = r.value();
  FUZZ_CHECK(rep.problems.size() <= rep.skipped + 1 || rep.problems.size() <= digest::kMaxProblemsReported,
             "more problems than skipped documents", in);
  for (const auto& p : rep.problems) FUZZ_CHECK(!p.message.empty(), "problem without a message", p.describe());

  std::string again = digest::bundle_to_json(rep.bundle);
  auto r2 = digest::load_bundle(again);
  FUZZ_CHECK(r2.ok(), "bundle_to_json output does not load", r2.ok() ? again : r2.error().describe() + "\n" + again);
  FUZZ_CHECK(r2.value().bundle.docs.size() == rep.bundle.docs.size(), "round trip changed the document count", again);
  FUZZ_CHECK(r2.value().bundle.digests.size() == rep.bundle.digests.size(), "round trip changed the digest count", again);
  FUZZ_CHECK(r2.value().skipped == 0, "round trip skipped documents",
             r2.value().problems.empty() ? again : r2.value().problems[0].describe());
  return 0;
}
