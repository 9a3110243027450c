// text_normalize.h — the text model of search: case folding, NFC, character classes, choseong,
// and markup stripping. The index, the query parser, the snippet writer and the tests all go
// through these calls, so "what matches" is defined in exactly one place.
//
//   std::string n = digest::normalize_for_search("ＲＬ  Ｍodel이");  // "ｒｌ model이"
//   digest::is_word_char(U'모');                                    // true
//   digest::choseong_index(U'강');                                  // 1 (ㄱ)
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace digest {

// --- character classes ------------------------------------------------------------------------

// Hangul: syllables (U+AC00..D7A3), conjoining jamo (U+1100..11FF, A960..A97F, D7B0..D7FF) and
// compatibility jamo (U+3130..318F).
bool is_hangul(uint32_t cp);
// CJK ideographs (URA, extension A..F, compatibility), kana (U+3040..30FF, 31F0..31FF).
bool is_cjk(uint32_t cp);
inline bool is_hangul_or_cjk(uint32_t cp) { return is_hangul(cp) || is_cjk(cp); }
// Letters and digits, the characters a word is made of: ASCII alphanumerics, Latin-1 and Latin
// Extended letters, Greek, Cyrillic, Armenian, Hebrew, Arabic, the Indic scripts, Thai, Lao,
// Georgian, Ethiopic (their letters, marks and digits), Latin Extended Additional, fullwidth
// alphanumerics, Hangul and CJK. Everything else (punctuation, symbols, emoji, spaces) separates
// words.
bool is_word_char(uint32_t cp);
// Whitespace for query splitting and text collapsing: ASCII space/tab/CR/LF/FF/VT, U+00A0,
// U+1680, U+2000..200B, U+2028/2029, U+202F, U+205F, U+3000, U+FEFF.
bool is_space_char(uint32_t cp);
// Whether `s` shows nothing: empty, or only is_space_char code points (U+3000 included) and
// invisible ones (Hangul fillers U+3164/U+115F/U+1160/U+FFA0, U+2800, ZWNJ/ZWJ, U+2060, soft hyphen).
bool is_blank_text(std::string_view s);

// --- case folding and NFC ------------------------------------------------------------------------

// Simple lowercase mapping (ASCII, Latin, Greek, Cyrillic, fullwidth A-Z); other code points
// are returned unchanged.
uint32_t fold_case(uint32_t cp);

// Search normalisation: NFC composition (algorithmic for Hangul jamo L+V(+T); table-driven for
// precomposed Latin/Greek/Cyrillic letters, marks composed in input order without canonical
// reordering), then case folding; every run of whitespace becomes one ' ' and leading/trailing
// whitespace is dropped. Invalid UTF-8 bytes become U+FFFD.
std::string normalize_for_search(std::string_view text);

// The same, and `map` receives, for each byte of the result plus one end entry, the byte offset
// in `text` where the character producing it starts (used to mark matches in the original text).
std::string normalize_for_search(std::string_view text, std::vector<uint32_t>& map);

// Appends normalize_for_search(text) to `out` without the leading-space trim: a whitespace run
// becomes one ' ' unless `out` already ends with ' ' or '\n' (or is empty). Trailing space is kept.
void append_normalized(std::string& out, std::string_view text);

// Appends normalize_for_search(text) to `out`, preceded by one ' ' when the result is non-empty
// and `out` already holds text after byte `start`. Appending the fields of a text one by one
// this way gives exactly normalize_for_search of the fields joined by whitespace, without
// building the joined string (the index does this per document, `start` = the document's start).
void append_normalized_field(std::string& out, size_t start, std::string_view text);

// --- choseong (Hangul initial consonants) --------------------------------------------------------

// 1-based index (1..19, ㄱ ㄲ ㄴ ㄷ ㄸ ㄹ ㅁ ㅂ ㅃ ㅅ ㅆ ㅇ ㅈ ㅉ ㅊ ㅋ ㅌ ㅍ ㅎ) of the initial consonant
// of a Hangul syllable, or 0 for any other code point.
int choseong_index(uint32_t syllable);
// The same index for a consonant written alone, as a compatibility jamo (ㄱ U+3131 -> 1) or a
// conjoining initial consonant (U+1100 -> 1), 0 if the code point is not one of the 19.
int choseong_letter_index(uint32_t compat_jamo);
// True if `term` (normalised) is non-empty and made only of the 19 initial-consonant letters.
bool is_choseong_term(std::string_view term);
// Choseong bytes (values 1..19) of `term`; call only when is_choseong_term(term).
std::string choseong_term_bytes(std::string_view term);
// Appends the choseong sequence of normalised `text` to `out`: one byte (1..19) per Hangul
// syllable; a single ' ' between two Hangul words is skipped (so ㄱㅎㅎㅅ finds 강화 학습);
// any other character appends a 0 separator (never two in a row).
void append_choseong(std::string& out, std::string_view normalized_text);
// Finds the choseong bytes `cho` (non-empty, values 1..19) in the choseong sequence of
// normalised `text` (as append_choseong writes it) without building that sequence: the byte
// offset in `text` of the first Hangul syllable of the first match starting at or after byte
// `from`, or npos; `*end` (if given) receives the offset just past the match's last syllable.
// With `only_at`, only a match starting exactly at `from` counts.
size_t find_choseong(std::string_view normalized_text, std::string_view cho, size_t from, bool only_at = false,
                     size_t* end = nullptr);

// Whether the m bytes at a and b are equal: eight at a time, inline (in wasm, memcmp is libc's
// byte-at-a-time loop behind a call, for the few bytes of a term).
inline bool equal_bytes(const char* a, const char* b, size_t m) {
  for (; m >= 8; a += 8, b += 8, m -= 8) {
    uint64_t x, y;
    std::memcpy(&x, a, 8);
    std::memcpy(&y, b, 8);
    if (x != y) return false;
  }
  for (; m; ++a, ++b, --m)
    if (*a != *b) return false;
  return true;
}

// First occurrence of `needle` in `hay` at or after byte `from`, or npos (`from` itself for an
// empty needle). Sixteen positions per step (WebAssembly SIMD in the module, SSE2 natively; eight
// without either) are filtered on the needle's first and last bytes at once, then compared:
// Hangul lead bytes repeat constantly, so a first-byte scan (memchr) or a generic substring
// search spends its time on false starts. What a query verifies a term on the text with.
size_t find_bytes(std::string_view hay, std::string_view needle, size_t from);

// --- markup stripping ------------------------------------------------------------------------

// Markdown -> the text a reader sees: emphasis/code markers, heading and quote markers, table
// pipes, link and image targets (the "(url)" after "]") and math dollars are removed; link text,
// code and everything else stay, raw HTML included (the renderer shows a markdown body's HTML as
// text: <think>, Vec<T>). Not a parser: a fast, total approximation.
// `lead`, if given: where the lead paragraph starts in the text, or npos: the first line in no
// quote, heading, list item, table or code fence whose text is not a label line
// (text_lead_paragraph). The preview of a body a search did not match in (docs/query.md, Snippets).
std::string markdown_to_text(std::string_view markdown, size_t* lead = nullptr);

// Where the text of paragraph `p` starts if it can lead a preview (its first byte after
// whitespace), or npos: no letter or digit in it, or a label line ("저자: …", "Authors: …", a
// colon among its first 24 bytes), which names a field rather than saying what the document is.
size_t text_lead_paragraph(std::string_view p);

// HTML -> text: tags removed (inline tags glue, block tags become a space), <script>/<style>
// content dropped, entities (&amp; &lt; &gt; &quot; &#39; &nbsp; &#N; &#xN;) decoded.
std::string html_to_text(std::string_view html);
// Whether html_to_text glues the text around tag `name` (lower case) rather than spacing it.
bool html_inline_tag(std::string_view name);

}  // namespace digest
