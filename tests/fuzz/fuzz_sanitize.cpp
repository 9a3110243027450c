// fuzz_sanitize.cpp — the HTML sanitiser on arbitrary (untrusted page) HTML.
//
// Asserts: no crash or hang; the output passes the independent HTML safety check of
// fuzz_common.h; sanitising is idempotent on its own output's safety (sanitize(sanitize(x))
// is still safe) and bounded (output at most a small multiple of the input, so a short input
// cannot make a huge page).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "digest/html_sanitize.h"
#include "fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  std::string out = digest::sanitize_html(in);
  std::string problem = fuzz::html_safety_problem(out);
  FUZZ_CHECK(problem.empty(), "unsafe HTML from sanitize_html", problem + "\n--- input:\n" + std::string(in) + "\n--- output:\n" + out);
  // Growth bound: escaping makes at most ~6x ("\"" -> "&quot;", U+FFFD for a bad byte is 3x),
  // closing tags and wrappers add a bounded amount per open element.
  FUZZ_CHECK(out.size() <= 16 * size + 4096, "sanitiser output out of proportion to its input", out.substr(0, 500));
  std::string twice = digest::sanitize_html(out);
  problem = fuzz::html_safety_problem(twice);
  FUZZ_CHECK(problem.empty(), "unsafe HTML from sanitising sanitised HTML", problem + "\n" + twice);
  return 0;
}
