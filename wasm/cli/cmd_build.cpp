// cmd_build.cpp — `digest build [-o FILE] [--strict] SRC...`: source files -> bundle JSON.
//
// File IO lives here; everything else is digest::build_bundle. SRC may be files or folders
// (read recursively, symlinked folders followed once; names starting with '.' and README files
// are skipped); all paths are
// sorted so the same tree always gives the same bundle. Problems go to stderr as `file:line: what`, then one
// summary line. Exit 0 when every file was built or unpublished, 1 when any was skipped
// (the bundle is still written), 2 on usage errors.
#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <map>
#include <cstring>
#include <filesystem>
#include <set>
#include <system_error>

#include "commands.h"
#include "digest/ingest.h"
#include "digest/loader.h"

namespace digest::cli {

namespace fs = std::filesystem;

namespace {

const char* kBuildUsage =
    "usage: digest build [-o FILE] [--strict] SRC...\n"
    "Builds a bundle from source files or folders (read recursively, symlinked folders followed).\n"
    "  -o FILE    write the bundle to FILE; \"-o -\" or no -o writes it to standard output\n"
    "  --strict   stop at the first problem and write nothing\n"
    "Problems and warnings go to standard error as file:line: what. Exit 0 when every file was built,\n"
    "1 when any was skipped (the bundle is still written), 2 on usage errors.\n";

bool hidden(const fs::path& p) {
  std::string n = p.filename().string();
  return !n.empty() && n[0] == '.';
}

// A folder's README (README, README.md, readme.txt ...) documents the folder; it is no source.
// Only applies while walking folders: a README named on the command line is read.
bool readme(const fs::path& p) {
  std::string stem = p.stem().string();
  for (char& c : stem) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return stem == "readme";
}

// Collects the source files under `dir` into `paths`, recursively. Symlinked folders are followed
// (a site often links a content folder in); a folder reached a second time (a link loop such as
// `loop -> ..`, or two links to one folder) is skipped with a warning, and so is a broken link, so
// no file is silently left out and no walk runs forever. A folder that cannot be read (no
// permission, an IO error) is reported as a problem and left out, and the walk goes on; the
// problems go to `problems`.
void walk(const fs::path& dir, std::set<fs::path>& seen, std::vector<std::string>& paths, std::vector<std::string>& problems) {
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  if (ec) {
    problems.push_back("cannot read folder " + dir.generic_string() + ": " + ec.message());
    return;
  }
  std::vector<fs::path> subdirs;
  for (; it != end; it.increment(ec)) {
    if (ec) {
      problems.push_back("cannot read folder " + dir.generic_string() + ": " + ec.message());
      break;
    }
    const fs::path& p = it->path();
    if (hidden(p)) continue;
    std::error_code sec;
    fs::file_status st = fs::status(p, sec);  // follows links
    if (sec || !fs::exists(st)) {
      if (it->is_symlink(sec))
        std::fprintf(stderr, "%s: warning: broken link, not read\n", p.generic_string().c_str());
      continue;
    }
    if (fs::is_directory(st)) subdirs.push_back(p);
    else if (!fs::is_regular_file(st))  // a pipe, a socket, a device (or a link to one)
      std::fprintf(stderr, "%s: warning: not a regular file, not read\n", p.generic_string().c_str());
    else if (!readme(p)) paths.push_back(p.generic_string());
  }
  std::sort(subdirs.begin(), subdirs.end());  // which of two links to one folder is read must not vary
  for (const fs::path& sub : subdirs) {
    std::error_code cec;
    fs::path real = fs::canonical(sub, cec);
    if (cec) {
      problems.push_back("cannot read folder " + sub.generic_string() + ": " + cec.message());
      continue;
    }
    if (!seen.insert(real).second) {
      std::fprintf(stderr, "%s: warning: folder already read (a link to %s), not read again\n",
                   sub.generic_string().c_str(), real.generic_string().c_str());
      continue;
    }
    walk(sub, seen, paths, problems);
  }
}

}  // namespace

int cmd_build(const Args& args) {
  std::string out_path;
  bool strict = false;
  std::vector<std::string> roots;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-o" || a == "--output") {
      if (i + 1 >= args.size()) return fail(std::string("-o needs a file name\n") + kBuildUsage, 2);
      if (!out_path.empty()) return fail(std::string("-o given twice (one bundle is written)\n") + kBuildUsage, 2);
      out_path = args[++i];
    } else if (a == "--strict") {
      strict = true;
    } else if (a == "-h" || a == "--help") {
      std::fputs(kBuildUsage, stdout);
      return 0;
    } else if (!a.empty() && a[0] == '-') {
      return fail("unknown option " + a + "\n" + kBuildUsage, 2);
    } else {
      roots.push_back(a);
    }
  }
  if (roots.empty()) return fail(std::string("no sources given\n") + kBuildUsage, 2);

  // Sources that cannot be read (a missing path, a folder or file without permission, an IO
  // error) are problems like a bad file's: each is reported and left out, the others still build.
  std::vector<std::string> unreadable;
  std::vector<std::string> paths;
  for (const std::string& r : roots) {
    std::error_code ec;
    fs::file_status st = fs::status(r, ec);
    if (ec || !fs::exists(st)) {
      unreadable.push_back("cannot read " + r + ": no such file or folder");
      continue;
    }
    if (fs::is_directory(st)) {
      std::set<fs::path> seen;
      seen.insert(fs::canonical(r, ec));
      if (ec) unreadable.push_back("cannot read folder " + r + ": " + ec.message());
      else walk(fs::path(r), seen, paths, unreadable);
    } else {
      paths.push_back(r);
    }
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());

  std::vector<SourceFile> sources;
  sources.reserve(paths.size());
  for (const std::string& p : paths) {
    SourceFile f;
    f.path = p;
    std::string err;
    if (!read_file(p, f.bytes, err, kMaxSourceBytes)) {
      unreadable.push_back(err);
      continue;
    }
    sources.push_back(std::move(f));
  }
  for (const std::string& u : unreadable) std::fprintf(stderr, "%s (skipped)\n", u.c_str());
  if (!unreadable.empty() && strict) {
    std::fprintf(stderr, "build stopped at the first problem (--strict)\n");
    return 1;
  }
  // Nothing readable at all: no bundle (an empty one would replace a good bundle at -o).
  if (sources.empty() && !unreadable.empty()) return fail("no source could be read: no bundle written");

  BuildOptions opt;
  opt.strict = strict;
  opt.generator = "digest 0.1.0";
  auto r = build_bundle(sources, opt);
  if (!r) {
    std::fprintf(stderr, "%s\n", r.error().describe().c_str());
    std::fprintf(stderr, "build stopped at the first problem (--strict)\n");
    return 1;
  }
  const BuildReport& rep = r.value();
  for (const Error& e : rep.problems) std::fprintf(stderr, "%s\n", e.describe().c_str());
  // At most kWarningsShown warnings per file (QA: a 50,000-paper digest printed 40,000 identical
  // lines); the rest are counted.
  constexpr size_t kWarningsShown = 50;
  std::map<std::string, size_t> warned;
  for (Error w : rep.warnings) {
    if (++warned[w.file] > kWarningsShown) continue;
    w.message = "warning: " + w.message;
    std::fprintf(stderr, "%s\n", w.describe().c_str());
  }
  for (const auto& [file, n] : warned)
    if (n > kWarningsShown)
      std::fprintf(stderr, "%s: warning: %zu more warnings not shown\n", file.c_str(), n - kWarningsShown);

  std::string json = bundle_to_json(rep.bundle);
  json += '\n';
  if (out_path.empty() || out_path == "-") {
    bool ok = std::fwrite(json.data(), 1, json.size(), stdout) == json.size();
    ok = std::fflush(stdout) == 0 && ok;
    if (!ok) return fail(std::string("cannot write the bundle to standard output: ") + std::strerror(errno));
  } else {
    FILE* f = std::fopen(out_path.c_str(), "wb");
    if (!f) return fail("cannot write " + out_path + ": " + std::strerror(errno));
    bool ok = std::fwrite(json.data(), 1, json.size(), f) == json.size();
    int why = ok ? 0 : errno;
    if (std::fclose(f) != 0 && ok) {
      ok = false;
      why = errno;
    }
    if (!ok) return fail("cannot write " + out_path + ": " + (why ? std::strerror(why) : "write error"));
  }
  // The sources that could not be read count as read and skipped (read = built + skipped + unpublished).
  const size_t skipped = rep.skipped + unreadable.size();
  std::fprintf(stderr,
               "read %zu, built %zu, skipped %zu, unpublished %zu: %zu reviews, %zu papers, %zu digests\n",
               rep.read + unreadable.size(), rep.built, skipped, rep.unpublished, rep.bundle.review_count(),
               rep.bundle.paper_count(), rep.bundle.digests.size());
  return skipped > 0 ? 1 : 0;
}

}  // namespace digest::cli
