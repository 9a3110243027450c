// render.h — markdown and imported HTML to safe HTML (issue: rendering). Placeholder until it lands.
#pragma once

#include <string>
#include <string_view>

#include "digest/bundle.h"
#include "digest/result.h"

namespace digest {

struct RenderOptions {
  bool allow_html = false;  // pass raw HTML through (conformance runs only; never in the viewer)
};

// {"html":"...","toc":[...]} for a document (review body, imported HTML, or paper sections).
Result<std::string> render_document_json(const Bundle& bundle, const Document& doc);
// {"html":"...","toc":[...]} for arbitrary markdown.
Result<std::string> render_markdown_json(std::string_view markdown, const RenderOptions& options);

}  // namespace digest
