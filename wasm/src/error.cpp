#include "digest/bundle.h"
#include "digest/json_writer.h"
#include "digest/result.h"

namespace digest {

const char* error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::OK: return "OK";
    case ErrorCode::EMPTY_INPUT: return "EMPTY_INPUT";
    case ErrorCode::JSON_SYNTAX: return "JSON_SYNTAX";
    case ErrorCode::INVALID_UTF8: return "INVALID_UTF8";
    case ErrorCode::TOO_DEEP: return "TOO_DEEP";
    case ErrorCode::TOO_LARGE: return "TOO_LARGE";
    case ErrorCode::BAD_FORMAT: return "BAD_FORMAT";
    case ErrorCode::WRONG_TYPE: return "WRONG_TYPE";
    case ErrorCode::BAD_VALUE: return "BAD_VALUE";
    case ErrorCode::UNSUPPORTED_VERSION: return "UNSUPPORTED_VERSION";
    case ErrorCode::DUPLICATE_ID: return "DUPLICATE_ID";
    case ErrorCode::NOT_FOUND: return "NOT_FOUND";
    case ErrorCode::BAD_QUERY: return "BAD_QUERY";
    case ErrorCode::BAD_SOURCE: return "BAD_SOURCE";
    case ErrorCode::IO_ERROR: return "IO_ERROR";
    case ErrorCode::NOT_IMPLEMENTED: return "NOT_IMPLEMENTED";
    case ErrorCode::INTERNAL: return "INTERNAL";
  }
  return "INTERNAL";
}

std::string Error::describe() const {
  std::string out;
  if (!file.empty()) {
    out += file;
    if (line > 0) out += ":" + std::to_string(line);
    out += ": ";
  }
  out += message;
  if (offset >= 0 && file.empty()) {
    out += " at byte " + std::to_string(offset);
    if (line > 0) out += " (line " + std::to_string(line) + ", column " + std::to_string(column) + ")";
  }
  if (!section.empty() || !field.empty()) {
    out += ", in ";
    if (!section.empty()) {
      out += section;
      if (doc >= 0) out += "[" + std::to_string(doc) + "]";
      if (!field.empty()) out += ".";
    }
    out += field;
  }
  // Text for people, printed by the CLI to a terminal and shown by the viewer: a control
  // character from a bundle (an id holding NUL or ESC) is written as \u00XX, so that it can neither
  // cut the line short nor drive the terminal.
  std::string shown;
  for (char c : out) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7F) {
      shown.push_back(c);
      continue;
    }
    static const char kHex[] = "0123456789ABCDEF";
    shown += "\\u00";
    shown.push_back(kHex[u >> 4]);
    shown.push_back(kHex[u & 15]);
  }
  return shown;
}

std::string Error::to_json() const {
  JsonWriter w;
  w.begin_object();
  w.field("code", error_code_name(code));
  w.field("message", message);
  w.field("describe", describe());
  if (offset >= 0) w.field("offset", offset);
  if (line >= 0) w.field("line", line);
  if (column >= 0) w.field("column", column);
  if (doc >= 0) w.field("doc", doc);
  if (!section.empty()) w.field("section", section);
  if (!field.empty()) w.field("field", field);
  if (!file.empty()) w.field("file", file);
  w.end_object();
  return w.take();
}

const char* doc_kind_name(DocKind kind) { return kind == DocKind::REVIEW ? "review" : "paper"; }

size_t Bundle::review_count() const {
  size_t n = 0;
  for (const auto& d : docs) n += d.kind == DocKind::REVIEW;
  return n;
}
size_t Bundle::paper_count() const { return docs.size() - review_count(); }

}  // namespace digest
