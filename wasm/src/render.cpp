// render.cpp — placeholder: rendering is NOT_IMPLEMENTED until the rendering issue lands.
#include "digest/render.h"

namespace digest {

Result<std::string> render_document_json(const Bundle&, const Document&) {
  return make_error(ErrorCode::NOT_IMPLEMENTED, "render is not implemented yet");
}
Result<std::string> render_markdown_json(std::string_view, const RenderOptions&) {
  return make_error(ErrorCode::NOT_IMPLEMENTED, "renderMarkdown is not implemented yet");
}

}  // namespace digest
