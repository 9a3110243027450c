// json_writer.h — a small streaming JSON writer for the core's JSON outputs.
//
// Output of every API call (CLI and wasm) is JSON text built with this writer, so both clients
// print byte-identical results. Strings are escaped per RFC 8259; invalid UTF-8 in input strings
// is replaced with U+FFFD so the output is always valid JSON.
//
//   digest::JsonWriter w;
//   w.begin_object(); w.key("total"); w.value(int64_t{3}); w.end_object();
//   std::string text = w.take();   // {"total":3}
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace digest {

class JsonWriter {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  void key(std::string_view k);
  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(int64_t n);
  void value(int n) { value(static_cast<int64_t>(n)); }
  void value(uint32_t n) { value(static_cast<int64_t>(n)); }
  void value(uint64_t n) { value(static_cast<int64_t>(n)); }
  void value(double d);
  void value(bool b);
  void null();
  // Appends already-serialised JSON as one value (caller guarantees it is valid JSON).
  void raw(std::string_view json);
  // Shorthands for "key": value.
  template <typename T>
  void field(std::string_view k, const T& v) { key(k); value(v); }
  void string_array(std::string_view k, const std::vector<std::string>& items);

  const std::string& str() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  void before_value();
  std::string out_;
  std::vector<bool> first_;  // per open container: no element written yet
  bool after_key_ = false;
};

// Appends `s` to `out` as a JSON string literal (with quotes).
void append_json_string(std::string& out, std::string_view s);
// Appends `v` as a JSON number with exactly `decimals` digits after the point (like printf's
// "%.4f" for decimals = 4, without printf: the wasm module links no printf). Non-finite -> 0;
// magnitudes above 9e15 / 10^decimals are clamped; -0 is written as 0.
void append_json_fixed(std::string& out, double v, int decimals);

}  // namespace digest
