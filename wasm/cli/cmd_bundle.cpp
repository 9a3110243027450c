// cmd_bundle.cpp — validate, list and get: reading bundles.
#include <cstdio>

#include "commands.h"
#include "digest/loader.h"
#include "digest/session.h"

namespace digest::cli {

int cmd_validate(const Args& args) {
  if (args.size() != 1) return fail("usage: digest validate FILE", 2);
  std::string bytes, err;
  if (!read_file(args[0], bytes, err)) return fail(err);
  auto r = load_bundle(bytes);
  if (!r) return fail(args[0] + ": " + r.error().describe());
  const LoadReport& rep = r.value();
  for (const auto& e : rep.problems) std::fprintf(stderr, "error: %s: %s (skipped)\n", args[0].c_str(), e.describe().c_str());
  if (rep.skipped > rep.problems.size())
    std::fprintf(stderr, "error: %s: %zu more problems not listed\n", args[0].c_str(), rep.skipped - rep.problems.size());
  std::printf("%s: %zu reviews, %zu digests, %zu papers, %zu skipped (format v%d, %zu bytes)\n", args[0].c_str(),
              rep.bundle.review_count(), rep.bundle.digests.size(), rep.bundle.paper_count(), rep.skipped,
              rep.bundle.format_version, bytes.size());
  return rep.skipped ? 1 : 0;
}

static int print_result(const Result<std::string>& r) {
  if (!r) return fail(r.error().describe());
  std::fwrite(r.value().data(), 1, r.value().size(), stdout);
  std::fputc('\n', stdout);
  return 0;
}

int cmd_list(const Args& args) {
  if (args.empty() || args[0].rfind("--", 0) == 0) return fail("usage: digest list FILE [--offset N] [--limit N] (FILE comes first)", 2);
  long long offset = 0, limit = 1000000;
  bool seen_offset = false, seen_limit = false;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--offset" || args[i] == "--limit") {
      const bool is_offset = args[i] == "--offset";
      if (int rc = count_option(args, i, is_offset ? seen_offset : seen_limit, is_offset ? offset : limit)) return rc;
    } else {
      return fail("unknown option " + args[i] + " (usage: digest list FILE [--offset N] [--limit N])", 2);
    }
  }
  Session s;
  if (int rc = load_session(args[0], s)) return rc;
  return print_result(s.list(offset, limit));
}

int cmd_get(const Args& args) {
  if (args.size() != 2) return fail("usage: digest get FILE ID", 2);
  Session s;
  if (int rc = load_session(args[0], s)) return rc;
  return print_result(s.get(args[1]));
}

}  // namespace digest::cli
