// no_dom_tape.cpp — the module's stand-ins for simdjson's DOM tape builder.
//
// The core reads bundles with simdjson On Demand only. On Demand still creates simdjson's
// `dom_parser_implementation`, whose virtual table names the DOM tape builder (`stage2`,
// `stage2_next`: ~24 KB of code, ~4.4 KB gzip), so the linker keeps both even though nothing in
// the module builds a DOM tape (the DOM API is used only by the native ingest of imported pages).
// The wasm link wraps the two symbols (`-Wl,--wrap=...`, CMakeLists.txt) so the table points at
// these, and the tape builder is dropped. Should the module ever parse a DOM after all, it gets
// simdjson's TAPE_ERROR, an error value, not a crash. The names are the Itanium-mangled
// `simdjson::fallback::dom_parser_implementation::stage2(simdjson::dom::document&)` and
// `...::stage2_next(...)`; the signature in wasm is (this, document&) -> error_code.
#include <simdjson.h>

extern "C" {
int __wrap__ZN8simdjson8fallback25dom_parser_implementation6stage2ERNS_3dom8documentE(void*, void*) {
  return simdjson::TAPE_ERROR;
}
int __wrap__ZN8simdjson8fallback25dom_parser_implementation11stage2_nextERNS_3dom8documentE(void*, void*) {
  return simdjson::TAPE_ERROR;
}
}
