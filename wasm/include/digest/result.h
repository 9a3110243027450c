// result.h — errors as values for the whole core.
//
// Every fallible call in the core returns `Result<T>`: either a value or an `Error` that says
// what went wrong and where. No exception ever leaves the core, so the CLI and the embind
// bindings print/return the same message the core wrote once.
//
//   digest::Result<digest::Bundle> r = digest::load_bundle(bytes);
//   if (!r) { std::fprintf(stderr, "error: %s\n", r.error().describe().c_str()); return 1; }
//   const digest::Bundle& b = r.value();
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace digest {

// Error classes. Stable: they are exposed to JS as `DigestError.code` (the names below).
enum class ErrorCode {
  OK = 0,
  EMPTY_INPUT,       // zero bytes, or only whitespace / a BOM
  JSON_SYNTAX,       // malformed JSON (offset, line and column say where)
  INVALID_UTF8,      // bytes that are not UTF-8
  TOO_DEEP,          // nesting beyond kMaxJsonDepth
  TOO_LARGE,         // input beyond a documented size or count limit
  BAD_FORMAT,        // well-formed JSON that is not a bundle (wrong top-level shape, missing field)
  WRONG_TYPE,        // a field holds the wrong JSON type
  BAD_VALUE,         // a field has the right type but a bad value (bad date, negative count...)
  UNSUPPORTED_VERSION,  // bundle written by a newer format version
  DUPLICATE_ID,      // two documents share an id
  NOT_FOUND,         // lookup of an unknown id
  BAD_QUERY,         // query request that cannot be answered (inverted date range, bad sort)
  BAD_SOURCE,        // ingest: a source file that cannot be read as any known form
  IO_ERROR,          // file system errors (CLI only)
  NOT_IMPLEMENTED,   // a call whose implementation has not landed
  INTERNAL,          // a bug or a trap; the message says what
};

// Name of an error code, e.g. "JSON_SYNTAX".
const char* error_code_name(ErrorCode code);

// What went wrong and where. Fields that do not apply are left at their "unknown" value.
struct Error {
  ErrorCode code = ErrorCode::INTERNAL;
  std::string message;      // what, in one sentence, lower case, no trailing period
  int64_t offset = -1;      // byte offset in the input, -1 if unknown
  int64_t line = -1;        // 1-based line of `offset`, -1 if unknown
  int64_t column = -1;      // 1-based column (in bytes) of `offset`, -1 if unknown
  int64_t doc = -1;         // index of the document in its array, -1 if not about one document
  std::string section;      // "reviews", "digests", "digests[3].papers", ... (empty if none)
  std::string field;        // field name, e.g. "title" (empty if none)
  std::string file;         // source file path (ingest), empty otherwise

  // One line: "<message> at byte 123 (line 4, column 7), reviews[12].title". Control characters
  // (a bundle's id holding NUL or ESC) come out as \u00XX.
  std::string describe() const;
  // The same as a JSON object: {"code":"...","message":"...","offset":123,...}
  std::string to_json() const;
};

inline Error make_error(ErrorCode code, std::string message) {
  Error e;
  e.code = code;
  e.message = std::move(message);
  return e;
}

template <typename T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}     // NOLINT: implicit by design
  explicit operator bool() const { return v_.index() == 0; }
  bool ok() const { return v_.index() == 0; }
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  const Error& error() const { return std::get<1>(v_); }
  Error& error() { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

// For calls that produce no value.
struct Unit {};
using Status = Result<Unit>;
inline Status ok_status() { return Status(Unit{}); }

}  // namespace digest
