// body_script.h — a document body kept as an edit script against its normalised search text.
//
// The full-text index holds every body's text normalised for search (markup stripped, NFC, case
// folded, whitespace collapsed: text_normalize.h). The body as written differs from that text in
// few places: markup, capitals, line breaks. A body script records only those differences, so the
// body can be rebuilt from the index's text and the script instead of being kept whole
// (docs/architecture.md, "Bodies after indexing"): about 7% of a markdown body, 22% of an imported
// HTML page (their tags).
//
// A script is a sequence of operations, each a varint (count << 2 | op) read in order:
//   0 copy   `count` bytes of the text to the body
//   1 skip   `count` bytes of the text
//   2 insert the `count` bytes that follow the operation in the script
//   3 copy   `count` bytes of the text with a-z made A-Z
// The text is read from where the field's own text starts; the body is what the operations write.
#pragma once

#include <string>
#include <string_view>

namespace digest {

// Appends to `script` the operations that rebuild `body` from `text` (any two strings; the
// script is small when `text` is `body` normalised, and correct whatever they are). Linear in
// their lengths (a bounded look-ahead resynchronises the two after a difference).
void append_body_script(std::string_view body, std::string_view text, std::string& script);

// Appends to `body` what `script` writes from `text`. False, with `body` as far as it got, if the
// script is malformed or reads past the end of `text` (a script that append_body_script made
// against the same text never is).
bool apply_body_script(std::string_view script, std::string_view text, std::string& body);

}  // namespace digest
