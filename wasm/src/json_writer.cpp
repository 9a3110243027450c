#include "digest/json_writer.h"

#include <cmath>
#include <cstdio>

#include "digest/utf8.h"

namespace digest {

void append_json_string(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  const auto* u = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  out.push_back('"');
  size_t i = 0;
  while (i < n) {
    // A run that needs no escaping: plain ASCII and well-formed UTF-8 (Hangul's three-byte
    // sequences with a two-test fast path), copied with one append (appends are calls into libc++).
    size_t j = i;
    while (j < n) {
      const unsigned char c = u[j];
      if (c >= 0x20 && c < 0x80) {
        if (c == '"' || c == '\\') break;
        ++j;
      } else if (utf8_is_plain_three_byte(u + j, n - j)) {
        j += 3;
      } else if (c >= 0x80) {
        const size_t len = utf8_sequence_length(s, j);
        if (len == 0) break;
        j += len;
      } else {
        break;
      }
    }
    if (j > i) {
      out.append(s.data() + i, j - i);
      i = j;
      if (i >= n) break;
    }
    const unsigned char c = u[i];
    if (c >= 0x80) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that does not start a valid sequence
      ++i;
      continue;
    }
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default: {
        const char e[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
        out.append(e, 6);
      }
    }
    ++i;
  }
  out.push_back('"');
}

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
}

void JsonWriter::begin_object() {
  before_value();
  out_.push_back('{');
  first_.push_back(true);
}
void JsonWriter::end_object() {
  out_.push_back('}');
  first_.pop_back();
}
void JsonWriter::begin_array() {
  before_value();
  out_.push_back('[');
  first_.push_back(true);
}
void JsonWriter::end_array() {
  out_.push_back(']');
  first_.pop_back();
}
void JsonWriter::key(std::string_view k) {
  if (!first_.empty()) {
    if (!first_.back()) out_.push_back(',');
    first_.back() = false;
  }
  append_json_string(out_, k);
  out_.push_back(':');
  after_key_ = true;
}
void JsonWriter::value(std::string_view s) {
  before_value();
  append_json_string(out_, s);
}
void JsonWriter::value(int64_t n) {
  before_value();
  out_ += std::to_string(n);
}
void JsonWriter::value(double d) {
  before_value();
  if (!std::isfinite(d)) {
    out_ += "null";
    return;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", d);
  out_ += buf;
}
void JsonWriter::value(bool b) {
  before_value();
  out_ += b ? "true" : "false";
}
void JsonWriter::null() {
  before_value();
  out_ += "null";
}
void JsonWriter::raw(std::string_view json) {
  before_value();
  out_.append(json.data(), json.size());
}
void JsonWriter::string_array(std::string_view k, const std::vector<std::string>& items) {
  key(k);
  begin_array();
  for (const auto& s : items) value(s);
  end_array();
}

void append_json_fixed(std::string& out, double v, int decimals) {
  if (decimals < 0) decimals = 0;
  if (decimals > 9) decimals = 9;
  uint64_t scale = 1;
  for (int k = 0; k < decimals; ++k) scale *= 10;
  if (!std::isfinite(v)) v = 0;
  // Ties go to even, as printf does for exactly representable halves.
  double scaled = std::nearbyint(std::fabs(v) * static_cast<double>(scale));
  if (scaled > 9e15) scaled = 9e15;  // clamped to exact integers (scores are far below)
  uint64_t n = static_cast<uint64_t>(scaled);
  if (v < 0 && n != 0) out.push_back('-');
  out += std::to_string(n / scale);
  if (decimals == 0) return;
  out.push_back('.');
  std::string frac = std::to_string(n % scale);
  out.append(static_cast<size_t>(decimals) - frac.size(), '0');
  out += frac;
}

}  // namespace digest
