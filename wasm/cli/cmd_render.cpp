// cmd_render.cpp — `digest render [--allow-html]`: markdown on stdin, HTML fragment on stdout.
#include <cstdio>
#include <cstring>

#include "commands.h"
#include "digest/render.h"

namespace digest::cli {

int cmd_render(const Args& args) {
  RenderOptions options;
  for (const std::string& a : args) {
    if (a == "--allow-html") {
      options.allow_html = true;
    } else if (a == "--commonmark") {
      options.extensions = false;
    } else if (a == "--help" || a == "-h") {
      std::fputs(
          "usage: digest render [--allow-html] < in.md > out.html\n"
          "  renders markdown (GitHub dialect + $math$) to a safe HTML fragment.\n"
          "  --allow-html  conformance mode: raw HTML and every URL scheme pass through (unsafe)\n"
          "  --commonmark  plain CommonMark: no GitHub extensions, no math (conformance runs)\n",
          stdout);
      return 0;
    } else {
      return fail("render: unknown option " + a, 2);
    }
  }
  std::string input, error;
  if (!read_file("-", input, error)) return fail(error);
  Result<std::string> html = render_markdown_html(input, options);
  if (!html) return fail(html.error().describe());
  std::fwrite(html.value().data(), 1, html.value().size(), stdout);
  return 0;
}

}  // namespace digest::cli
