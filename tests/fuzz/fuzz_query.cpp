// fuzz_query.cpp — the query parser and engine on arbitrary requests, over a fixed bundle
// (tests/fixtures/bundles/small.json, its documents copied 100 times under new ids so the index
// has some size). The first input byte picks how the rest is used:
//   0 mod 3: the whole request JSON as given (parser robustness);
//   1 mod 3: {"q": <rest, JSON-escaped>} (any query string reaches the engine);
//   2 mod 3: the same with expand, snippets, facets as arrays and the largest page.
//
// Asserts: no crash; a result is valid JSON whose "total" is at least the number of "ids";
// an error is BAD_QUERY with a message; every call returns within kBudgetSeconds (the libFuzzer
// -timeout catches a true hang; this catches a slow path). At exit it prints the slowest call.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "digest/loader.h"
#include "digest/query.h"
#include "fuzz_common.h"
#include "simdjson.h"

namespace {

constexpr double kBudgetSeconds = 2.0;  // generous: the fuzz build runs under ASan/UBSan

digest::Bundle* g_bundle = nullptr;
digest::QueryEngine* g_engine = nullptr;
double g_worst = 0;
std::string g_worst_request;

void print_worst() {
  std::fprintf(stderr, "fuzz_query: slowest call %.3f ms, request of %zu bytes: %.200s\n", g_worst * 1000,
               g_worst_request.size(), g_worst_request.c_str());
}

void append_json_escaped(std::string& out, std::string_view s) {
  static const char* hex = "0123456789abcdef";
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      out += "\\u00";
      out.push_back(hex[u >> 4]);
      out.push_back(hex[u & 15]);
    } else {
      out.push_back(c);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::ifstream f(std::string(DIGEST_SOURCE_DIR) + "/tests/fixtures/bundles/small.json", std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  auto r = digest::load_bundle(ss.str());
  if (!r) {
    std::fprintf(stderr, "fuzz_query: fixture does not load: %s\n", r.error().describe().c_str());
    std::abort();
  }
  g_bundle = new digest::Bundle(std::move(r.value().bundle));
  size_t base = g_bundle->docs.size();
  for (int copy = 1; copy < 100; ++copy) {
    for (size_t i = 0; i < base; ++i) {
      digest::Document d = g_bundle->docs[i];
      d.id += "-copy" + std::to_string(copy);
      d.slug = d.id;
      g_bundle->docs.push_back(std::move(d));
    }
  }
  g_engine = digest::build_query_engine(*g_bundle).release();
  std::atexit(print_worst);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string request;
  switch (data[0] % 3) {
    case 0: request.assign(rest); break;
    case 1:
      request = "{\"q\":\"";
      append_json_escaped(request, rest);
      request += "\"}";
      break;
    default:
      request = "{\"q\":\"";
      append_json_escaped(request, rest);
      request += "\",\"expand\":true,\"snippet\":true,\"facetFormat\":\"array\",\"limit\":1000}";
      break;
  }
  auto t0 = std::chrono::steady_clock::now();
  auto r = digest::run_query_json(*g_engine, request);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (secs > g_worst) {
    g_worst = secs;
    g_worst_request = request;
  }
  FUZZ_CHECK(secs < kBudgetSeconds, "query took longer than the budget", request);
  if (!r) {
    FUZZ_CHECK(!r.error().message.empty(), "query error without a message", request);
    FUZZ_CHECK(r.error().code == digest::ErrorCode::BAD_QUERY, "query error that is not BAD_QUERY", r.error().describe());
    return 0;
  }
  static simdjson::dom::parser parser;
  simdjson::dom::element el;
  FUZZ_CHECK(!parser.parse(r.value()).get(el), "query result is not valid JSON", r.value().substr(0, 2000));
  int64_t total = 0;
  simdjson::dom::array ids;
  FUZZ_CHECK(!el["total"].get(total) && !el["ids"].get(ids), "query result without total/ids", r.value().substr(0, 2000));
  FUZZ_CHECK(total >= static_cast<int64_t>(ids.size()), "more ids than total", r.value().substr(0, 2000));
  FUZZ_CHECK(ids.size() <= static_cast<size_t>(digest::kQueryMaxLimit), "more ids than kQueryMaxLimit", request);
  return 0;
}
