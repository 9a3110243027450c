// cmd_related.cpp — `digest related FILE ID [--limit N]`: the documents sharing the most tags
// with ID, the same JSON the viewer's d.related(id, limit) returns (both call Session::related).
#include <cstdio>

#include "commands.h"
#include "digest/session.h"

namespace digest::cli {

int cmd_related(const Args& args) {
  static const char* kUsage = "usage: digest related FILE ID [--limit N]";
  if (args.size() < 2) return fail(kUsage, 2);
  // Same default as d.related(id) in digest.js, so `digest related FILE ID` matches the page.
  long long limit = 5;
  bool seen_limit = false;
  for (size_t i = 2; i < args.size(); ++i) {
    if (args[i] == "--limit") {
      if (int rc = count_option(args, i, seen_limit, limit)) return rc;
    } else {
      return fail("unknown option " + args[i] + "\n" + kUsage, 2);
    }
  }
  // The core clamps to kQueryMaxLimit; clamp here first so a huge value cannot overflow int.
  if (limit > 1000000) limit = 1000000;
  Session s;
  if (int rc = load_session(args[0], s)) return rc;
  auto r = s.related(args[1], static_cast<int>(limit));
  if (!r) return fail(r.error().describe());
  std::fwrite(r.value().data(), 1, r.value().size(), stdout);
  std::fputc('\n', stdout);
  return 0;
}

}  // namespace digest::cli
