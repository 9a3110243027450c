// fuzz_ingest.cpp — one source-form parser of ingest.h on arbitrary bytes. Compiled once per
// form (tests/fuzz/CMakeLists.txt defines FUZZ_FORM):
//   1 front matter      parse_front_matter
//   2 page payload      parse_page_payload
//   3 digest text       parse_digest_text (+ split_tag_run of each recovered tag run)
//   4 digest markdown   parse_digest_markdown
//   5 roundup           parse_roundup
//   6 build             detect_source_form + build_bundle of the input as one source
//
// Asserts: no crash or hang; every error has a message and a 1-based line inside the source;
// (build) a built bundle written by bundle_to_json loads again with every document and
// nothing skipped, so ingest can never produce a bundle the viewer refuses.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "digest/ingest.h"
#include "digest/loader.h"
#include "fuzz_common.h"

namespace {

[[maybe_unused]] int64_t line_count(std::string_view s) {
  int64_t n = 1;
  for (char c : s) n += c == '\n';
  return n;
}

template <typename T>
void check_error(const digest::Result<T>& r, std::string_view in) {
  if (r) return;
  FUZZ_CHECK(!r.error().message.empty(), "ingest error without a message", in);
  FUZZ_CHECK(r.error().line >= 1 && r.error().line <= line_count(in), "ingest error line outside the source",
             r.error().describe());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
#if FUZZ_FORM == 1
  check_error(digest::parse_front_matter(in), in);
#elif FUZZ_FORM == 2
  check_error(digest::parse_page_payload(in), in);
#elif FUZZ_FORM == 3
  auto r = digest::parse_digest_text(in);
  check_error(r, in);
  if (r) {
    digest::TagVocabulary vocab = {"llm", "reasoning", "knowledge-base", "agents", "rl"};
    for (const auto& run : r.value().tag_runs) {
      auto tags = digest::split_tag_run(run, vocab);
      size_t total = 0;
      for (const auto& t : tags) total += t.size();
      FUZZ_CHECK(total <= run.size() * 2 + 16, "split_tag_run produced more text than it was given", run);
    }
  }
#elif FUZZ_FORM == 4
  check_error(digest::parse_digest_markdown(in), in);
#elif FUZZ_FORM == 5
  check_error(digest::parse_roundup(in), in);
#elif FUZZ_FORM == 6
  (void)digest::detect_source_form(in);
  std::vector<digest::SourceFile> src = {{"fuzz.txt", std::string(in)}};
  auto r = digest::build_bundle(src, {});
  FUZZ_CHECK(r.ok(), "build_bundle failed without strict", r.ok() ? "" : r.error().describe());
  const digest::BuildReport& rep = r.value();
  for (const auto& p : rep.problems) {
    FUZZ_CHECK(!p.message.empty(), "build problem without a message", in);
    FUZZ_CHECK(p.file == "fuzz.txt", "build problem without its file", p.describe());
  }
  FUZZ_CHECK(rep.read == rep.built + rep.skipped + rep.unpublished, "read != built + skipped + unpublished", in);
  std::string json = digest::bundle_to_json(rep.bundle);
  auto loaded = digest::load_bundle(json);
  FUZZ_CHECK(loaded.ok(), "a built bundle does not load", loaded.ok() ? "" : loaded.error().describe() + "\n" + json);
  FUZZ_CHECK(loaded.value().skipped == 0, "the loader skips a document ingest built",
             loaded.value().problems.empty() ? json : loaded.value().problems[0].describe() + "\n" + json);
  FUZZ_CHECK(loaded.value().bundle.docs.size() == rep.bundle.docs.size(), "documents lost between build and load", json);
#else
#error "FUZZ_FORM must be 1..6"
#endif
  return 0;
}
