// main.cpp — the `digest` command-line tool: bundle builder, validator, query and render.
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "commands.h"

namespace digest::cli {

bool read_file(const std::string& path, std::string& out, std::string& error) {
  FILE* f = path == "-" ? stdin : std::fopen(path.c_str(), "rb");
  if (!f) {
    error = "cannot open " + path + ": " + std::strerror(errno);
    return false;
  }
  out.clear();
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
  bool bad = std::ferror(f);
  if (f != stdin) std::fclose(f);
  if (bad) {
    error = "cannot read " + path;
    return false;
  }
  return true;
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
    "  feed FILE --out DIR --base-url URL  Atom + JSON feeds of the newest documents [--top-tags N]\n";

int main(int argc, char** argv) {
  using namespace digest::cli;
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  std::string cmd = argv[1];
  Args args(argv + 2, argv + argc);
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
