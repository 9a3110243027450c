// commands.h — the `digest` CLI's subcommands. Each is a thin client of the core: it reads
// files, calls the core, prints JSON or one `error: ...` line, and returns the exit code.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "digest/result.h"

namespace digest {
class Session;
}

namespace digest::cli {

using Args = std::vector<std::string>;

int cmd_validate(const Args& args);  // digest validate FILE
int cmd_list(const Args& args);      // digest list FILE [--offset N] [--limit N]
int cmd_get(const Args& args);       // digest get FILE ID
int cmd_build(const Args& args);     // digest build [-o FILE] [--strict] SRC...
int cmd_query(const Args& args);     // digest query FILE [--q TEXT] [--tag T]... (see --help)
int cmd_render(const Args& args);    // digest render [--allow-html] < in.md > out.html
int cmd_feed(const Args& args);      // digest feed BUNDLE --out DIR --base-url URL [--top-tags N]
int cmd_related(const Args& args);   // digest related FILE ID [--limit N]

// Shared helpers.
// Reads `path` ("-": stdin) into out; false with `error` set if it cannot be opened or read.
// Stops once more than max_bytes are read (out then holds at least max_bytes + 1 of them), so a
// caller with a size limit still sees that it was exceeded when the source is a pipe or a device.
bool read_file(const std::string& path, std::string& out, std::string& error, size_t max_bytes = SIZE_MAX);
// Loads the bundle file at `path` into `s` and says what it skipped (warn_skipped); 0, or the
// exit code after printing the error (unreadable file, bad bundle). For list, get, query, related.
int load_session(const std::string& path, Session& s);
// Says on stderr what a load skipped (the first few problems, then the count), so that list,
// get, query, related and feed never answer from fewer documents without a word.
void warn_skipped(const std::string& path, size_t skipped, const std::vector<Error>& problems);
int fail(const std::string& message, int code = 1);  // prints "error: message" to stderr
bool parse_int(const std::string& s, long long& out);
// Reads the value of the count option args[i] (--offset, --limit) into `out` and steps `i` past it;
// `seen` says it was given before. 0, or exit code 2 after printing the usage error (missing value,
// given twice, not a number >= 0), as `query` says them.
int count_option(const Args& args, size_t& i, bool& seen, long long& out);

}  // namespace digest::cli
