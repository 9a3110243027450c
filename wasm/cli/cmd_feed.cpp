// cmd_feed.cpp — digest feed: Atom + JSON Feed files of a bundle's newest documents.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "commands.h"
#include "digest/feed.h"
#include "digest/loader.h"

namespace digest::cli {

static const char* kFeedUsage = "usage: digest feed BUNDLE --out DIR --base-url URL [--top-tags N] [--limit N] [--title TEXT]";

int cmd_feed(const Args& args) {
  if (args.empty() || args[0] == "--help") return fail(kFeedUsage, 2);
  std::string bundle_path, out_dir;
  FeedOptions opt;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    bool has_value = i + 1 < args.size();
    if ((a == "--out" || a == "-o") && has_value) {
      out_dir = args[++i];
    } else if (a == "--base-url" && has_value) {
      opt.base_url = args[++i];
    } else if (a == "--title" && has_value) {
      opt.title = args[++i];
    } else if ((a == "--top-tags" || a == "--limit") && has_value) {
      long long n = 0;
      if (!parse_int(args[i + 1], n) || n < 0) return fail("bad number for " + a + ": " + args[i + 1], 2);
      (a == "--limit" ? opt.limit : opt.top_tags) = static_cast<size_t>(n);
      ++i;
    } else if (!a.empty() && a[0] == '-') {
      return fail("unknown option " + a + "\n" + kFeedUsage, 2);
    } else if (bundle_path.empty()) {
      bundle_path = a;
    } else {
      return fail(std::string("more than one bundle given\n") + kFeedUsage, 2);
    }
  }
  if (bundle_path.empty() || out_dir.empty() || opt.base_url.empty()) return fail(kFeedUsage, 2);

  std::string bytes, err;
  if (!read_file(bundle_path, bytes, err)) return fail(err);
  auto loaded = load_bundle(bytes);
  if (!loaded) return fail(bundle_path + ": " + loaded.error().describe());
  warn_skipped(bundle_path, loaded.value().skipped, loaded.value().problems);
  auto files = build_feeds(loaded.value().bundle, opt);
  if (!files) return fail(files.error().describe(), 2);

  namespace fs = std::filesystem;
  for (const FeedFile& f : files.value()) {
    fs::path path = fs::path(out_dir) / fs::path(f.path);
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) return fail("cannot create " + path.parent_path().string() + ": " + ec.message());
    errno = 0;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(f.content.data(), static_cast<std::streamsize>(f.content.size()));
    out.close();
    if (!out) return fail("cannot write " + path.string() + ": " + (errno ? std::strerror(errno) : "write error"));
  }
  std::fprintf(stderr, "%zu feed files (%zu per-tag feeds) in %s\n", files.value().size(), files.value().size() / 2 - 1,
               out_dir.c_str());
  return 0;
}

}  // namespace digest::cli
