// fuzz_render.cpp — the markdown renderer in safe mode (what the viewer uses) on arbitrary text.
//
// Asserts: no crash or hang; the output passes the independent HTML safety check of
// fuzz_common.h (no script-capable element, no on* attribute, no href/src outside http, https,
// mailto and relative URLs); every TOC entry has a level 1-6 and a non-empty id; the two ways
// the bindings return a render agree: Session::render_markdown_parts (the raw path: the HTML
// apart, then {"toc":[...]}) gives the same HTML, and splicing it equals render_markdown_json
// (the envelope path), byte for byte.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "digest/render.h"
#include "digest/session.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // The input is copied into a std::string, as every product caller holds markdown (Document
  // fields, the bindings' arguments): md4c 0.4.8 reads one byte past the end of its buffer in
  // md_is_container_mark / md_is_html_block_end_condition, which is harmless when that byte is
  // std::string's terminator. The exact-size-buffer case is guarded by
  // tests/unit/regression_test.cpp (RenderRegression.*) instead of stopping every fuzz run.
  std::string copy(reinterpret_cast<const char*>(data), size);
  std::string_view in(copy);
  digest::RenderOptions safe;
  std::string html;
  digest::SlugSet slugs;
  std::vector<digest::TocEntry> toc;
  digest::Status st = digest::render_markdown(in, safe, html, slugs, toc);
  if (!st) {
    FUZZ_CHECK(!st.error().message.empty(), "render error without a message", in);
    return 0;
  }
  std::string problem = fuzz::html_safety_problem(html);
  FUZZ_CHECK(problem.empty(), "unsafe HTML from render_markdown (safe mode)", problem + "\n--- input:\n" + std::string(in) + "\n--- output:\n" + html);
  for (const auto& t : toc) {
    FUZZ_CHECK(t.level >= 1 && t.level <= 6, "TOC entry level outside 1-6", t.text);
    FUZZ_CHECK(!t.id.empty(), "TOC entry without an id", t.text);
  }
  static digest::Session session;
  digest::Utf16Buffer parts_utf16;
  digest::Result<std::string> meta = session.render_markdown_parts(in, parts_utf16);
  std::string parts_html;
  digest::utf16_to_utf8(parts_utf16.view(), parts_html);
  FUZZ_CHECK(static_cast<bool>(meta), "render_markdown_parts failed where render_markdown did not", in);
  FUZZ_CHECK(parts_html == html, "render_markdown_parts HTML differs from render_markdown", in);
  digest::Result<std::string> json = digest::render_markdown_json(in, safe);
  FUZZ_CHECK(static_cast<bool>(json), "render_markdown_json failed where render_markdown did not", in);
  const std::string spliced = digest::render_json(parts_html, toc);
  FUZZ_CHECK(json.value() == spliced, "render_markdown_json differs from render_json of the parts", in);
  // {"html":...,"toc":[...]} ends with what the meta part holds after its "{".
  const std::string& m = meta.value();
  FUZZ_CHECK(m.size() > 1 && spliced.size() >= m.size() && spliced.compare(spliced.size() - (m.size() - 1), m.size() - 1, m, 1) == 0,
             "the meta part is not the tail of the envelope", m);
  return 0;
}
