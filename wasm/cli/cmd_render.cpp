// cmd_render.cpp — `digest render [--allow-html]`: markdown on stdin, HTML fragment on stdout;
// `digest render FILE --doc ID [--level N]`: a bundle's document as the viewer renders it
// (Session::render, the JSON d.render(id) returns: {"html":...,"toc":[...]}).
#include <cstdio>
#include <cstring>

#include "commands.h"
#include "digest/render.h"
#include "digest/session.h"

namespace digest::cli {

namespace {
constexpr const char* kRenderUsage =
    "usage: digest render [--allow-html] [--commonmark] < in.md > out.html\n"
    "       digest render FILE --doc ID [--level N]\n";
}

int cmd_render(const Args& args) {
  RenderOptions options;
  std::string file, doc;
  long long level = 3;  // as d.render(id) in digest.js
  bool level_given = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--doc" || a == "--level") {
      if (i + 1 >= args.size()) return fail("render: missing value for " + a + "\n" + kRenderUsage, 2);
      const std::string& v = args[++i];
      if (a == "--doc") doc = v;
      else if (!parse_int(v, level) || level < 1 || level > 6) return fail("render: --level takes 1 to 6, not \"" + v + "\"", 2);
      else level_given = true;
      continue;
    }
    if (!a.empty() && a[0] != '-' && file.empty()) {
      file = a;
      continue;
    }
    if (a == "--allow-html") {
      options.allow_html = true;
    } else if (a == "--commonmark") {
      options.extensions = false;
    } else if (a == "--help" || a == "-h") {
      std::fputs(
          "usage: digest render [--allow-html] [--commonmark] < in.md > out.html\n"
          "  renders markdown (GitHub dialect + $math$) to a safe HTML fragment.\n"
          "  --allow-html  conformance mode: raw HTML and every URL scheme pass through (unsafe)\n"
          "  --commonmark  plain CommonMark: no GitHub extensions, no math (conformance runs)\n"
          "usage: digest render FILE --doc ID [--level N]\n"
          "  the document ID of bundle FILE as the viewer renders it: {\"html\":...,\"toc\":[...]}\n"
          "  --level N     the heading level of its sections: 3 (default, as d.render: a paper under a digest card), 2 on its own page\n",
          stdout);
      return 0;
    } else {
      return fail("render: unknown option " + a + "\n" + kRenderUsage, 2);
    }
  }
  if (!file.empty() || !doc.empty() || level_given) {
    if (file.empty() || doc.empty())
      return fail(std::string("render: ") +
                      (!file.empty() ? "a bundle FILE needs --doc ID" : !doc.empty() ? "--doc needs a bundle FILE" : "--level applies to a bundle's document (FILE --doc ID)") +
                      "\n" + kRenderUsage,
                  2);
    if (options.allow_html || !options.extensions) return fail("render: --allow-html and --commonmark apply to markdown on stdin, not to a bundle's document", 2);
    Session s;
    if (int rc = load_session(file, s)) return rc;
    Result<std::string> r = s.render(doc, static_cast<int>(level));
    if (!r) return fail(file + ": " + r.error().describe());
    std::fwrite(r.value().data(), 1, r.value().size(), stdout);
    std::fputc('\n', stdout);
    return 0;
  }
  std::string input, error;
  if (!read_file("-", input, error)) return fail(error);
  Result<std::string> html = render_markdown_html(input, options);
  if (!html) return fail(html.error().describe());
  std::fwrite(html.value().data(), 1, html.value().size(), stdout);
  return 0;
}

}  // namespace digest::cli
