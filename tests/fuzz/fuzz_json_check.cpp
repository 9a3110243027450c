// fuzz_json_check.cpp — check_json (our own syntax/UTF-8/depth pass) against simdjson's DOM
// parser, a differential test: both must agree on whether bytes are JSON.
//
// check_json OK  => simdjson parses it (after the BOM check_json allows), except for numbers
//                   simdjson cannot represent (out-of-range) and unpaired UTF-16 surrogate
//                   escapes ("\ud834" alone), which are syntax-valid JSON (RFC 8259 section 8.2)
//                   that simdjson refuses to decode: the loader then skips just the document
//                   holding one, naming its field (HostileBundle.EscapedLoneSurrogates...);
// simdjson OK    => check_json OK, or TOO_DEEP (our limit is kMaxJsonDepth), or EMPTY_INPUT.
// Every check_json error has a message and an offset within the input.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "digest/loader.h"
#include "fuzz_common.h"
#include "simdjson.h"

// True if `s` holds a \uD800-\uDFFF escape (a UTF-16 surrogate, paired or not).
static bool has_surrogate_escape(std::string_view s) {
  for (size_t i = 0; i + 3 < s.size(); ++i)
    if (s[i] == '\\' && s[i + 1] == 'u' && (s[i + 2] == 'd' || s[i + 2] == 'D') &&
        std::string_view("89abcdefABCDEF").find(s[i + 3]) != std::string_view::npos)
      return true;
  return false;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  digest::Status st = digest::check_json(in);
  if (!st) {
    FUZZ_CHECK(!st.error().message.empty(), "check_json error without a message", in);
    FUZZ_CHECK(st.error().offset >= 0 && st.error().offset <= static_cast<int64_t>(size),
               "check_json error offset outside the input", st.error().describe());
  }
  std::string_view body = in;
  if (body.size() >= 3 && body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  static simdjson::dom::parser parser;
  simdjson::padded_string padded(body);
  simdjson::dom::element doc;
  auto err = parser.parse(padded).get(doc);
  if (st.ok()) {
    bool number_range = err == simdjson::NUMBER_ERROR ||
                        err == simdjson::NUMBER_OUT_OF_RANGE;
    bool lone_surrogate = err == simdjson::STRING_ERROR && has_surrogate_escape(body);
    FUZZ_CHECK(!err || number_range || lone_surrogate, "check_json accepted what simdjson rejects",
               std::string(simdjson::error_message(err)) + ": " + std::string(in));
  } else if (!err) {
    auto code = st.error().code;
    FUZZ_CHECK(code == digest::ErrorCode::TOO_DEEP || code == digest::ErrorCode::EMPTY_INPUT,
               "check_json rejected what simdjson accepts", st.error().describe() + ": " + std::string(in));
  }
  return 0;
}
