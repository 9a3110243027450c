// fuzz_session.cpp — the whole browser path on arbitrary bytes: Session::load_padded_owned (the
// bodies left in the input until read), then list, get,
// digests, render and related calls on what loaded, and the envelope() JSON of each.
//
// Asserts: no crash; every error has a message; render output of every loaded document passes
// the independent HTML safety check of fuzz_common.h (the bundle's markdown and html bodies are
// attacker-controlled).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "digest/loader.h"
#include "digest/session.h"
#include "fuzz_common.h"
#include "simdjson.h"

namespace {

// The "html" string of a render() value, decoded by simdjson (render returns JSON text).
std::string html_of(const std::string& json) {
  static simdjson::dom::parser parser;
  simdjson::dom::element el;
  if (parser.parse(json).get(el)) fuzz::fail("render() returned invalid JSON", json);
  std::string_view html;
  if (el["html"].get(html)) fuzz::fail("render() value has no html string", json);
  return std::string(html);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  digest::Session s;
  // As the browser loads: the session owns a padded copy and leaves the bodies in it until read.
  char* owned = static_cast<char*>(std::malloc(size + 64));
  std::memcpy(owned, data, size);
  std::memset(owned + size, 0, 64);
  auto loaded = s.load_padded_owned(owned, size, size + 64, [](char* p) { std::free(p); });
  if (!loaded) {
    FUZZ_CHECK(!loaded.error().message.empty(), "load error without a message", in);
    FUZZ_CHECK(!s.loaded(), "a failed first load left a bundle loaded", in);
    return 0;
  }
  auto list = s.list(0, 50);
  FUZZ_CHECK(list.ok(), "list failed on a loaded bundle", list.ok() ? "" : list.error().describe());
  (void)s.digests();
  const digest::Bundle* b = s.bundle();
  size_t n = b->docs.size() < 20 ? b->docs.size() : 20;
  for (size_t i = 0; i < n; ++i) {
    const std::string& id = b->docs[i].id;
    auto g = s.get(id);
    FUZZ_CHECK(g.ok(), "get failed for a loaded id", g.ok() ? id : g.error().describe());
    auto r = s.render(id);
    if (!r) {
      FUZZ_CHECK(!r.error().message.empty(), "render error without a message", id);
      continue;
    }
    std::string problem = fuzz::html_safety_problem(html_of(r.value()));
    FUZZ_CHECK(problem.empty(), "unsafe HTML from render()", problem + "\n" + r.value());
  }
  for (const auto& d : b->digests) (void)s.get(d.id);
  (void)digest::envelope(s.get("\x01no such id"));
  return 0;
}
