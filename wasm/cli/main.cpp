// main.cpp — the `digest` command-line tool: bundle builder, validator, query and render.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "commands.h"
#include "digest/session.h"

namespace digest::cli {

bool read_file(const std::string& path, std::string& out, std::string& error, size_t max_bytes) {
  FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) {
    error = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  out.clear();
  char buf[1 << 16];
  size_t n;
  errno = 0;
  // A pipe or a device (/dev/zero) has no size to check first: stop once past max_bytes.
  while (out.size() <= max_bytes && (n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool bad = std::ferror(f);
  int why = errno;  // fopen succeeds on a folder; the read fails with EISDIR
  if (f != stdin) std::fclose(f);
  if (bad) {
    error = "cannot read " + path + ": " + (why ? std::strerror(why) : "read error");
    return false;
  }
  return true;
}

void warn_skipped(const std::string& path, size_t skipped, const std::vector<Error>& problems) {
  if (!skipped) return;
  constexpr size_t kShown = 3;
  for (size_t i = 0; i < problems.size() && i < kShown; ++i)
    std::fprintf(stderr, "warning: %s: %s (skipped)\n", path.c_str(), problems[i].describe().c_str());
  std::fprintf(stderr, "warning: %s: %zu document%s skipped, answering from the rest (`digest validate %s` lists every problem)\n",
               path.c_str(), skipped, skipped == 1 ? "" : "s", path.c_str());
}

int load_session(const std::string& path, Session& s) {
  std::string bytes, err;
  if (!read_file(path, bytes, err)) return fail(err);
  auto r = s.load(bytes);
  if (!r) return fail(path + ": " + r.error().describe());
  warn_skipped(path, s.load_skipped(), s.load_problems());
  return 0;
}

int fail(const std::string& message, int code) {
  std::fprintf(stderr, "error: %s\n", message.c_str());
  return code;
}

bool parse_int(const std::string& s, long long& out) {
  if (s.empty() || s.size() > 18) return false;
  char* end = nullptr;
  errno = 0;
  out = std::strtoll(s.c_str(), &end, 10);
  return errno == 0 && end && *end == 0;
}

int count_option(const Args& args, size_t& i, bool& seen, long long& out) {
  const std::string& name = args[i];
  if (i + 1 >= args.size()) return fail("missing value for " + name, 2);
  if (seen) return fail(name + " given twice (it takes one value)", 2);
  seen = true;
  const std::string& v = args[++i];
  if (!parse_int(v, out) || out < 0) return fail("bad number for " + name + ": " + v, 2);
  return 0;
}

}  // namespace digest::cli

static const char* kUsage =
    "usage: digest <command> [options]\n"
    "\n"
    "commands:\n"
    "  build [-o FILE] [--strict] SRC...   build a bundle from source files or folders\n"
    "  validate FILE                       check a bundle; one summary line, exit 1 if bad\n"
    "  list FILE [--offset N] [--limit N]  documents newest first, as JSON\n"
    "  get FILE ID                         one document (or digest) with every field, as JSON\n"
    "  query FILE [--q TEXT] [--tag T]...  search; run `digest query --help` for all options\n"
    "  related FILE ID [--limit N]         documents sharing the most tags with ID (default 5), as JSON\n"
    "  render [--allow-html]               markdown on stdin -> safe HTML fragment on stdout\n"
    "  render FILE --doc ID [--level N]    a document as the viewer renders it, as JSON {html, toc}\n"
    "  feed FILE --out DIR --base-url URL  Atom + JSON feeds of the newest documents\n"
    "                                      [--top-tags N] [--limit N] [--title TEXT]\n"
    "\n"
    "`digest <command> --help` describes one command.\n";

// Help of the commands that have no options of their own to parse (build, query and render print
// their own). Printed for --help/-h anywhere after the command, to stdout, exit 0.
struct CommandHelp {
  const char* command;
  const char* text;
};
static const CommandHelp kCommandHelp[] = {
    {"validate", "usage: digest validate FILE\n"
                 "Checks a bundle: prints one summary line, then each skipped document with where (byte offset,\n"
                 "line, field) and why. Exit 0 when every document loads, 1 when some do not or the file is not a\n"
                 "bundle, 2 on usage errors.\n"},
    {"list", "usage: digest list FILE [--offset N] [--limit N]\n"
             "Documents newest first, as JSON: {\"total\":N,\"docs\":[...]}. Defaults: offset 0, every document.\n"},
    {"get", "usage: digest get FILE ID\n"
            "One document (review or paper) or digest with every field, as JSON; exit 1 if no such id.\n"},
    {"related", "usage: digest related FILE ID [--limit N]\n"
                "Documents sharing the most tags with ID (newest first among equals), as JSON; default 5, at most 1000.\n"},
    {"feed", "usage: digest feed BUNDLE --out DIR --base-url URL [--top-tags N] [--limit N] [--title TEXT]\n"
             "Writes feed.xml and feed.json (Atom, JSON Feed 1.1) of the newest documents, and one pair per most\n"
             "used tag under feeds/tag/, linking into the viewer at URL. Defaults: 10 tags, 20 entries.\n"},
};

int main(int argc, char** argv) {
  using namespace digest::cli;
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string cmd = argv[1];
  Args args(argv + 2, argv + argc);
  for (const CommandHelp& h : kCommandHelp) {
    if (cmd != h.command) continue;
    for (const std::string& a : args)
      if (a == "--help" || a == "-h") {
        std::fputs(h.text, stdout);
        return 0;
      }
  }
  if (cmd == "validate") return cmd_validate(args);
  if (cmd == "list") return cmd_list(args);
  if (cmd == "get") return cmd_get(args);
  if (cmd == "build") return cmd_build(args);
  if (cmd == "query") return cmd_query(args);
  if (cmd == "related") return cmd_related(args);
  if (cmd == "render") return cmd_render(args);
  if (cmd == "feed") return cmd_feed(args);
  std::fprintf(stderr, "error: unknown command \"%s\"\n\n%s", cmd.c_str(), kUsage);
  return 2;
}
