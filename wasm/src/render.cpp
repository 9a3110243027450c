// render.cpp — our HTML writer on md4c's parser callbacks (see render.h).
//
// Speed matters (the viewer renders on every navigation; issue target >= 1.3x markdown-wasm):
// output goes into one std::string reserved to ~1.3x the input, text is escaped with a lookup
// table, and the callbacks allocate nothing except for link/image URLs and heading slugs.
#include "digest/render.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <new>

#include "digest/html_sanitize.h"
#include "digest/json_writer.h"
#include "digest/url_policy.h"
#include "digest/utf8.h"
#include "md4c.h"

namespace digest {
namespace {

// Byte classes for the text escaper: 0 = copied as is, 1 = HTML-escaped (& < > "),
// 2 = a byte >= 0x80, checked and decoded as part of a UTF-8 sequence.
constexpr std::array<uint8_t, 256> make_escape_table() {
  std::array<uint8_t, 256> t{};
  t['&'] = 1;
  t['<'] = 1;
  t['>'] = 1;
  t['"'] = 1;
  for (int c = 0x80; c < 0x100; ++c) t[c] = 2;
  return t;
}
constexpr std::array<uint8_t, 256> kEscapeHtml = make_escape_table();

// A string literal of (ASCII) markup as UTF-16 code units, computed at compile time, so writing
// a tag is one copy (PUT below).
template <size_t N>
struct Literal {
  char16_t units[N] = {};
  size_t size = N - 1;
};
template <size_t N>
constexpr Literal<N> make_literal(const char (&s)[N]) {
  Literal<N> l;
  for (size_t i = 0; i + 1 < N; ++i) l.units[i] = static_cast<unsigned char>(s[i]);
  return l;
}
#define PUT(lit)                                     \
  do {                                               \
    static constexpr auto kLit_ = make_literal(lit); \
    out.append(kLit_.units, kLit_.size);             \
  } while (0)

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD for NUL characters and invalid UTF-8
constexpr char16_t kReplacementUnit = 0xFFFD;


// Length of the valid UTF-8 sequence starting at p[0] (a byte >= 0x80), 0 if invalid
// (stray continuation, overlong, surrogate, above U+10FFFF, truncated). Same rules as
// utf8_sequence_length, inlined here because it runs for every Hangul syllable.
inline size_t utf8_valid_length(const unsigned char* p, size_t left) {
  const unsigned char c = p[0];
  if (c < 0xC2) return 0;
  if (c < 0xE0) return (left >= 2 && (p[1] & 0xC0) == 0x80) ? 2 : 0;
  if (c < 0xF0) {
    if (left < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    if ((c == 0xE0 && p[1] < 0xA0) || (c == 0xED && p[1] >= 0xA0)) return 0;
    return 3;
  }
  if (c < 0xF5) {
    if (left < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
    if ((c == 0xF0 && p[1] < 0x90) || (c == 0xF4 && p[1] >= 0x90)) return 0;
    return 4;
  }
  return 0;
}

// Writes text as HTML-escaped UTF-16: & < > " as entities, everything else one code unit per
// character (two for one above U+FFFF). Also the renderer's only UTF-8 check: every byte of the
// input that reaches the output as text passes here (md4c splits text only at ASCII marks, so a
// valid sequence is never cut in two), and an invalid byte becomes U+FFFD. Decoding here, while
// the text is read for escaping anyway, is what lets the HTML leave the core as UTF-16 with no
// conversion pass over it (docs/rendering.md, "The wasm boundary").
void escape_html_utf16(Utf16Buffer& out, const char* s, size_t n) {
  const auto* u = reinterpret_cast<const unsigned char*>(s);
  // Never more units than bytes, except for the entities (room for them is made where they are).
  out.reserve_more(n);
  char16_t* o = out.data() + out.size();
  size_t i = 0;
  while (i < n) {
    // A run of plain ASCII, four bytes a step, then a run of common three-byte characters
    // (Hangul U+AC00-U+D7A3 is EA-ED; utf8_is_plain_three_byte needs no length decoding): Korean
    // text alternates the two (words and spaces).
    while (i + 4 <= n && !(kEscapeHtml[u[i]] | kEscapeHtml[u[i + 1]] | kEscapeHtml[u[i + 2]] | kEscapeHtml[u[i + 3]])) {
      o[0] = u[i];
      o[1] = u[i + 1];
      o[2] = u[i + 2];
      o[3] = u[i + 3];
      o += 4;
      i += 4;
    }
    while (utf8_is_plain_three_byte(u + i, n - i)) {
      *o++ = static_cast<char16_t>(((u[i] & 0x0F) << 12) | ((u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F));
      i += 3;
    }
    if (i >= n) break;
    const unsigned c = u[i];
    const uint8_t kind = kEscapeHtml[c];
    if (kind == 0) {
      *o++ = static_cast<char16_t>(c);
      ++i;
      continue;
    }
    if (kind == 2) {
      const size_t len = utf8_valid_length(u + i, n - i);
      if (len == 0) {
        *o++ = kReplacementUnit;
        ++i;
      } else if (len == 2) {
        *o++ = static_cast<char16_t>(((c & 0x1F) << 6) | (u[i + 1] & 0x3F));
        i += 2;
      } else if (len == 3) {
        *o++ = static_cast<char16_t>(((c & 0x0F) << 12) | ((u[i + 1] & 0x3F) << 6) | (u[i + 2] & 0x3F));
        i += 3;
      } else {
        const uint32_t cp = ((c & 0x07) << 18) | ((u[i + 1] & 0x3F) << 12) | ((u[i + 2] & 0x3F) << 6) | (u[i + 3] & 0x3F);
        *o++ = static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10));
        *o++ = static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF));
        i += 4;
      }
      continue;
    }
    // An entity: up to six units for one byte.
    out.set_size(static_cast<size_t>(o - out.data()));
    out.reserve_more(6 + (n - i));
    o = out.data() + out.size();
    const char* e;
    switch (c) {
      case '&': e = "&amp;"; break;
      case '<': e = "&lt;"; break;
      case '>': e = "&gt;"; break;
      default: e = "&quot;"; break;
    }
    while (*e) *o++ = static_cast<unsigned char>(*e++);
    ++i;
  }
  out.set_size(static_cast<size_t>(o - out.data()));
}

// --- CJK-friendly emphasis (product dialect only) ----------------------------------------------
// CommonMark does not close `**지식 증류(knowledge distillation)**는`: a closing `**` after
// punctuation must be followed by whitespace or punctuation, and Korean particles attach
// directly. (Symmetrically `모델**"GPT"**` does not open.) Where a `*` run sits between ASCII or
// bracket/quote punctuation on one side and a Hangul/CJK/kana character on the other, a U+200B
// (neither whitespace nor punctuation for md4c) is inserted between the punctuation and the run,
// which makes the run flanking on both sides as it would be between two letters. The writer
// drops the inserted bytes by their offset (Writer::for_each_unmarked), so they never reach the
// output. Only text changes: the markers cannot form markup, and every URL still goes through
// the policy. Not applied with RenderOptions::extensions = false (CommonMark conformance).
constexpr const char kMarker[] = "\xE2\x80\x8B";  // U+200B ZERO WIDTH SPACE
constexpr size_t kMarkerSize = 3;

inline bool is_cjk_letter(uint32_t cp) {
  return (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0x1100 && cp <= 0x11FF) || (cp >= 0x3131 && cp <= 0x318E) ||
         (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF);
}
inline bool is_ascii_punct(uint32_t c) {
  return (c >= 0x21 && c <= 0x2F) || (c >= 0x3A && c <= 0x40) || (c >= 0x5B && c <= 0x60) || (c >= 0x7B && c <= 0x7E);
}
// Punctuation that can end a phrase right before a closing run: ASCII (but not '*', part of the
// run, and not '\\', which would stop escaping the run) and closing quotes/brackets.
inline bool is_closing_punct(uint32_t cp) {
  if (cp < 0x80) return is_ascii_punct(cp) && cp != '*' && cp != '\\';
  return cp == 0x2019 || cp == 0x201D || cp == 0x300B || cp == 0x300D || cp == 0x300F || cp == 0x3011 || cp == 0xFF09;
}
inline bool is_opening_punct(uint32_t cp) {
  if (cp < 0x80) return is_ascii_punct(cp) && cp != '*';
  return cp == 0x2018 || cp == 0x201C || cp == 0x300A || cp == 0x300C || cp == 0x300E || cp == 0x3010 || cp == 0xFF08;
}
// The code point ending just before s[i] (0 if none or invalid).
inline uint32_t code_point_before(std::string_view s, size_t i) {
  size_t b = i;
  while (b > 0 && i - b < 4) {
    --b;
    if ((static_cast<unsigned char>(s[b]) & 0xC0) != 0x80) break;
  }
  if (b == i) return 0;
  size_t k = b;
  uint32_t cp = utf8_decode(s, k);
  return k == i ? cp : 0;
}
inline uint32_t code_point_at(std::string_view s, size_t i) {
  if (i >= s.size()) return 0;
  return utf8_decode(s, i);
}

// Copies `in` to `out` with markers inserted (see above); their offsets in `out` go to `markers`.
void mark_cjk_emphasis(std::string_view in, std::string& out, std::vector<size_t>& markers) {
  size_t copied = 0, i = 0;
  while (true) {
    const void* hit = i < in.size() ? std::memchr(in.data() + i, '*', in.size() - i) : nullptr;
    if (!hit) break;
    const size_t p = static_cast<size_t>(static_cast<const char*>(hit) - in.data());
    size_t q = p;
    while (q < in.size() && in[q] == '*') ++q;
    i = q;
    const uint32_t before = code_point_before(in, p), after = code_point_at(in, q);
    size_t at;
    if (is_closing_punct(before) && is_cjk_letter(after)) at = p;        // `)**는`
    else if (is_cjk_letter(before) && is_opening_punct(after)) at = q;   // `모델**"`
    else continue;
    out.append(in.data() + copied, at - copied);
    markers.push_back(out.size());
    out.append(kMarker, kMarkerSize);
    copied = at;
  }
  out.append(in.data() + copied, in.size() - copied);
}

// --- Bare URLs before Korean particles (product dialect only) --------------------------------------
// GFM's extended autolinks run to the next space, so `https://arxiv.org/abs/2511.04668에서` links the
// particle too (a broken URL). The bytes of a bare URL `u` that belong to it: up to the first
// Hangul/CJK letter that follows an ASCII letter, digit or ')', then without the trailing
// punctuation GFM trims (?!.,:*_~ and an unmatched ')'). A Hangul path segment after '/', '_', '-',
// '=', '#' or '?' stays (`/wiki/강화_학습`). u.size() when nothing is cut.
size_t url_before_particle(std::string_view u) {
  size_t cut = u.size();
  for (size_t i = 1; i < u.size();) {
    const size_t at = i;
    const uint32_t cp = utf8_decode(u, i);
    if (!is_cjk_letter(cp)) continue;
    const unsigned char before = static_cast<unsigned char>(u[at - 1]);
    if ((before >= '0' && before <= '9') || (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z') || before == ')') cut = at;
    break;  // the first Hangul/CJK letter decides
  }
  if (cut == u.size()) return cut;
  int open = 0, excess = 0;
  for (size_t i = 0; i < cut; ++i) {
    if (u[i] == '(') ++open;
    else if (u[i] == ')') { if (open > 0) --open; else ++excess; }
  }
  while (cut > 0) {
    const char c = u[cut - 1];
    if (c == '?' || c == '!' || c == '.' || c == ',' || c == ':' || c == '*' || c == '_' || c == '~') --cut;
    else if (c == ')' && excess > 0) { --cut; --excess; }
    else break;
  }
  return cut;
}

// encodeURIComponent: every byte but A-Z a-z 0-9 - _ . ! ~ * ' ( ) as %XX.
std::string percent_encode_component(std::string_view s) {
  static const char* const kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || std::strchr("-_.!~*'()", c) && c) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

struct Writer {
  Utf16Buffer& out;  // the caller's; the HTML is appended as UTF-16
  const RenderOptions& options;
  SlugSet& slugs;
  std::vector<TocEntry>& toc;

  Writer(Utf16Buffer& o, const RenderOptions& opt, SlugSet& s, std::vector<TocEntry>& t)
      : out(o), options(opt), slugs(s), toc(t) {}

  void esc(const char* s, size_t n) { escape_html_utf16(out, s, n); }
  // A URL as an attribute value (url_policy.h), through a reused scratch string.
  std::string url_attr;
  void put_url_attribute(std::string_view url) {
    url_attr.clear();
    append_url_attribute(url_attr, url);
    out.append_utf8(url_attr);
  }
  // One character of markup.
  void put_char(char c) { out.push_back(static_cast<unsigned char>(c)); }

  int cell_depth = 0;         // > 0: inside a table cell
  bool in_code_span = false;
  int image_nesting = 0;      // > 0: inside an image's alt text (markup suppressed)
  bool image_dropped = false; // the outermost image's src was rejected: alt is written as text
  bool in_heading = false;
  unsigned heading_level = 0;
  size_t heading_attr_pos = 0;  // where ` id="..."` is inserted when the heading closes
  std::string heading_text;     // plain text of the open heading
  uint64_t link_emitted = 0;    // bit per nesting level of links: 1 = "<a>" was written
  int link_depth = 0;
  std::string url;              // scratch: entity-decoded URL
  std::string scratch;          // scratch: a decoded entity
  const char* base = nullptr;   // the buffer md4c parses, and the offsets of the emphasis
  size_t base_size = 0;         // markers inserted into it (mark_cjk_emphasis), ascending
  std::vector<size_t> markers;

  bool in_alt() const { return image_nesting > 0 && !image_dropped; }

  // A link just entered that may be a bare URL (url_before_particle): its tag's start in the
  // output, its href as written and where md4c read it; checked at its first text.
  bool link_check = false;
  size_t link_tag_start = 0, link_tag_end = 0;
  std::string link_href;
  const char* link_href_src = nullptr;
  size_t link_href_src_size = 0;
  UrlKind link_kind = UrlKind::RELATIVE;
  // A bare URL cut before a particle: bytes of its text still inside the link (at link_cut_depth).
  size_t link_text_left = SIZE_MAX;
  int link_cut_depth = -1;
  void put_link_tag(std::string_view href, UrlKind kind, const MD_ATTRIBUTE* title) {
    PUT("<a href=\"");
    put_url_attribute(href);
    put_char('"');
    if (title) write_title(*title);
    if (!options.allow_html && kind == UrlKind::EXTERNAL) PUT(" target=\"_blank\" rel=\"noopener noreferrer\"");
    out.push_back('>');
  }
  // At the first text of a link: a bare URL (its text is its href, read from the same bytes; or a
  // www. link, whose href md4c prefixed with http://), not in <angle brackets>, followed by a
  // particle: the tag is written again with the URL cut, and link_text_left counts down to its end.
  void check_bare_url(const char* t, size_t n) {
    link_check = false;
    // Only a tag that is still the output's end is written again: a span opened inside the link
    // before its first text (~www.a가~) wrote after it and holds offsets into the output (del_open,
    // math_start) that cutting the tag would leave pointing at other bytes.
    if (out.size() != link_tag_end) return;
    std::string_view text;
    size_t prefix = 0;
    if (t == link_href_src && t >= base && t <= base + base_size && (t == base || t[-1] != '<')) {
      text = std::string_view(link_href_src, link_href_src_size);
    } else if (link_href.compare(0, 7, "http://") == 0 && n >= 4 && std::memcmp(t, "www.", 4) == 0 &&
               link_href.compare(7, std::string::npos, t, std::min(n, link_href.size() - 7)) == 0) {
      text = std::string_view(link_href).substr(7);
      prefix = 7;
    } else {
      return;
    }
    const size_t cut = url_before_particle(text);
    if (cut == text.size() || cut == 0 || prefix + cut > link_href.size()) return;
    out.set_size(link_tag_start);
    put_link_tag(std::string_view(link_href).substr(0, prefix + cut), link_kind, nullptr);
    link_text_left = cut;
    link_cut_depth = link_depth - 1;
  }

  // An inline math span ($...$) being written. md4c pairs any two '$' of a paragraph; TeX is read
  // as pandoc and the HTML sanitiser read it (html_sanitize.cpp): the opener followed and the closer
  // preceded by a non-space, the closer not followed by a digit. A span that breaks this ("$5 and
  // $10", "$ x $") is put back as the text it was, dollars included.
  bool in_math = false;
  size_t math_start = 0, math_body = 0;  // output size before the opening tag, and after it
  char math_first = 0, math_last = 0;    // the TeX's first and last bytes (0: none yet)
  const char* math_end = nullptr;        // just past the TeX in `base`: where the closing '$' is
  void leave_inline_math() {
    in_math = false;
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
    const bool digit_after = math_end && math_end < base + base_size && *math_end == '$' && math_end + 1 < base + base_size &&
                             math_end[1] >= '0' && math_end[1] <= '9';
    if (math_first && !space(math_first) && !space(math_last) && !digit_after) {
      PUT("</span>");
      return;
    }
    // "$" + the TeX as written (already escaped) + "$", over the opening tag.
    char16_t* p = out.data();
    const size_t body = out.size() - math_body;
    p[math_start] = u'$';
    std::copy(p + math_body, p + math_body + body, p + math_start + 1);
    out.set_size(math_start + 1 + body);
    out.push_back(u'$');
  }

  // Entity-decodes an md4c attribute into `dst` (NUL -> U+FFFD), without emphasis markers.
  void decode_attribute(const MD_ATTRIBUTE& a, std::string& dst) const {
    dst.clear();
    if (!a.text) return;
    for (int i = 0; a.substr_offsets[i] < a.size; ++i) {
      const char* t = a.text + a.substr_offsets[i];
      size_t sz = a.substr_offsets[i + 1] - a.substr_offsets[i];
      switch (a.substr_types[i]) {
        case MD_TEXT_NULLCHAR: dst += kReplacement; break;
        case MD_TEXT_ENTITY:
          if (!decode_html_entity(std::string_view(t, sz), dst)) dst.append(t, sz);
          break;
        default:
          for_each_unmarked(t, sz, [&](const char* p, size_t k) { dst.append(p, k); });
          break;
      }
    }
  }

  // Calls f(piece, size) for the parts of [t, t+n) that are not emphasis markers inserted by
  // mark_cjk_emphasis (recognised by their offset in the parsed buffer, so a U+200B written by
  // the author stays).
  template <typename F>
  void for_each_unmarked(const char* t, size_t n, F&& f) const {
    if (markers.empty() || t < base || t >= base + base_size) {
      f(t, n);
      return;
    }
    size_t off = static_cast<size_t>(t - base);
    auto it = std::lower_bound(markers.begin(), markers.end(), off);
    size_t done = 0;
    for (; it != markers.end() && *it < off + n; ++it) {
      size_t m = *it - off;
      if (m < done) continue;
      if (m > done) f(t + done, m - done);
      done = m + kMarkerSize < n ? m + kMarkerSize : n;
    }
    if (done < n) f(t + done, n - done);
  }

  void write_title(const MD_ATTRIBUTE& title) {
    if (!title.text) return;
    decode_attribute(title, url);
    PUT(" title=\"");
    esc(url.data(), url.size());
    put_char('"');
  }

  // --- blocks ---
  void enter_block(MD_BLOCKTYPE type, void* detail) {
    switch (type) {
      case MD_BLOCK_DOC: break;
      case MD_BLOCK_QUOTE: PUT("<blockquote>\n"); break;
      case MD_BLOCK_UL: PUT("<ul>\n"); break;
      case MD_BLOCK_OL: {
        auto* d = static_cast<MD_BLOCK_OL_DETAIL*>(detail);
        if (d->start == 1) {
          PUT("<ol>\n");
        } else {
          PUT("<ol start=\"");
          out.append_ascii(std::to_string(d->start));
          PUT("\">\n");
        }
        break;
      }
      case MD_BLOCK_LI: {
        auto* d = static_cast<MD_BLOCK_LI_DETAIL*>(detail);
        if (d->is_task) {
          PUT("<li class=\"dg-task\"><input type=\"checkbox\" disabled=\"\"");
          if (d->task_mark == 'x' || d->task_mark == 'X') PUT(" checked=\"\"");
          PUT("> ");
        } else {
          PUT("<li>");
        }
        break;
      }
      case MD_BLOCK_HR: PUT("<hr>\n"); break;
      case MD_BLOCK_H: {
        heading_level = static_cast<MD_BLOCK_H_DETAIL*>(detail)->level;
        out.push_back('<');
        out.push_back('h');
        out.push_back(static_cast<char>('0' + heading_level));
        heading_attr_pos = out.size();
        out.push_back('>');
        in_heading = true;
        heading_text.clear();
        break;
      }
      case MD_BLOCK_CODE: {
        auto* d = static_cast<MD_BLOCK_CODE_DETAIL*>(detail);
        PUT("<pre><code");
        if (d->lang.text) {
          decode_attribute(d->lang, url);
          PUT(" class=\"language-");
          esc(url.data(), url.size());
          put_char('"');
        }
        out.push_back('>');
        break;
      }
      case MD_BLOCK_HTML:
        if (!options.allow_html) PUT("<p class=\"dg-raw-html\">");
        break;
      case MD_BLOCK_P: PUT("<p>"); break;
      case MD_BLOCK_TABLE: PUT("<div class=\"dg-table-wrap\"><table>\n"); break;
      case MD_BLOCK_THEAD: PUT("<thead>\n"); break;
      case MD_BLOCK_TBODY: PUT("<tbody>\n"); break;
      case MD_BLOCK_TR: PUT("<tr>\n"); break;
      case MD_BLOCK_TH:
      case MD_BLOCK_TD: {
        ++cell_depth;
        if (type == MD_BLOCK_TH) PUT("<th");
        else PUT("<td");
        switch (static_cast<MD_BLOCK_TD_DETAIL*>(detail)->align) {
          case MD_ALIGN_LEFT: PUT(" align=\"left\">"); break;
          case MD_ALIGN_CENTER: PUT(" align=\"center\">"); break;
          case MD_ALIGN_RIGHT: PUT(" align=\"right\">"); break;
          default: out.push_back('>'); break;
        }
        break;
      }
    }
  }

  void leave_block(MD_BLOCKTYPE type, void*) {
    switch (type) {
      case MD_BLOCK_DOC: break;
      case MD_BLOCK_QUOTE: PUT("</blockquote>\n"); break;
      case MD_BLOCK_UL: PUT("</ul>\n"); break;
      case MD_BLOCK_OL: PUT("</ol>\n"); break;
      case MD_BLOCK_LI: PUT("</li>\n"); break;
      case MD_BLOCK_HR: break;
      case MD_BLOCK_H: {
        in_heading = false;
        TocEntry e;
        e.level = static_cast<int>(heading_level);
        e.id = slugs.unique(heading_text);
        // Trim the text shown in the TOC.
        size_t b = 0, n = heading_text.size();
        while (b < n && (heading_text[b] == ' ' || heading_text[b] == '\n')) ++b;
        while (n > b && (heading_text[n - 1] == ' ' || heading_text[n - 1] == '\n')) --n;
        e.text.assign(heading_text, b, n - b);
        // Slugs hold only letters, digits, '-' and '_': nothing to escape for HTML or JSON.
        std::string attr = " id=\"";
        attr += e.id;
        attr += '"';
        out.insert_utf8(heading_attr_pos, attr);
        PUT("</h");
        out.push_back(static_cast<char>('0' + heading_level));
        PUT(">\n");
        toc.push_back(std::move(e));
        break;
      }
      case MD_BLOCK_CODE: PUT("</code></pre>\n"); break;
      case MD_BLOCK_HTML:
        if (!options.allow_html) {
          while (!out.empty() && out.back() == '\n') out.pop_back();
          PUT("</p>\n");
        }
        break;
      case MD_BLOCK_P: PUT("</p>\n"); break;
      case MD_BLOCK_TABLE: PUT("</table>\n</div>\n"); break;
      case MD_BLOCK_THEAD: PUT("</thead>\n"); break;
      case MD_BLOCK_TBODY: PUT("</tbody>\n"); break;
      case MD_BLOCK_TR: PUT("</tr>\n"); break;
      case MD_BLOCK_TH: --cell_depth; PUT("</th>\n"); break;
      case MD_BLOCK_TD: --cell_depth; PUT("</td>\n"); break;
    }
  }

  // --- spans ---
  void enter_span(MD_SPANTYPE type, void* detail) {
    if (image_nesting > 0) {
      // Inside an image's alt text only text is written (CommonMark's recommendation).
      if (type == MD_SPAN_IMG) ++image_nesting;
      return;
    }
    switch (type) {
      case MD_SPAN_EM: PUT("<em>"); break;
      case MD_SPAN_STRONG: PUT("<strong>"); break;
      case MD_SPAN_U: PUT("<u>"); break;
      case MD_SPAN_CODE: PUT("<code>"); in_code_span = true; break;
      case MD_SPAN_DEL:
        del_open.emplace_back(out.size(), heading_text.size());
        PUT("<del>");
        break;
      case MD_SPAN_LATEXMATH:
        in_math = true;
        math_start = out.size();
        PUT("<span class=\"dg-math\" data-display=\"0\">");
        math_body = out.size();
        math_first = math_last = 0;
        math_end = nullptr;
        break;
      case MD_SPAN_LATEXMATH_DISPLAY: PUT("<span class=\"dg-math\" data-display=\"1\">"); break;
      case MD_SPAN_WIKILINK: break;  // not enabled
      case MD_SPAN_A: {
        auto* d = static_cast<MD_SPAN_A_DETAIL*>(detail);
        decode_attribute(d->href, url);
        // A link to a heading of this document names the id the heading got (SlugSet's rules).
        if (url.size() > 1 && url[0] == '#' && url[1] != '/') url = "#" + slugs.fragment_id(std::string_view(url).substr(1));
        UrlKind kind = options.allow_html ? UrlKind::RELATIVE : classify_url(url);
        bool emit = kind != UrlKind::REJECTED;
        if (kind == UrlKind::RELATIVE && options.links && !url.empty() && url[0] != '?') {
          std::string id = linked_document(*options.links, url);
          if (!id.empty()) {
            url = "#/doc/" + percent_encode_component(id);
            kind = UrlKind::FRAGMENT;
          } else if (url[0] != '/') {
            emit = false;  // relative to the site the bundle came from: text only
          }
        }
        if (link_depth < 64) {
          if (emit) link_emitted |= (uint64_t{1} << link_depth);
          else link_emitted &= ~(uint64_t{1} << link_depth);
        }
        ++link_depth;
        if (!emit) break;
        link_check = options.extensions && !options.allow_html && d->title.size == 0 && link_text_left == SIZE_MAX;
        if (link_check) {
          link_tag_start = out.size();
          link_href = url;
          link_href_src = d->href.text;
          link_href_src_size = d->href.size;
          link_kind = kind;
        }
        put_link_tag(url, kind, &d->title);
        link_tag_end = out.size();
        break;
      }
      case MD_SPAN_IMG: {
        auto* d = static_cast<MD_SPAN_IMG_DETAIL*>(detail);
        decode_attribute(d->src, url);
        image_nesting = 1;
        image_dropped = !options.allow_html && classify_url(url) == UrlKind::REJECTED;
        // A bundle document's images (options.links: the viewer) load absolute URLs only, http:
        // upgraded (url_policy.h, image_url); `digest render` without a bundle keeps the rest.
        if (!image_dropped && !options.allow_html && (options.links || options.bundle_content)) {
          url = image_url(url);
          image_dropped = url.empty();
        }
        if (image_dropped) break;
        PUT("<img src=\"");
        put_url_attribute(url);
        PUT("\" alt=\"");
        break;
      }
    }
  }

  void leave_span(MD_SPANTYPE type, void* detail) {
    if (image_nesting > 0) {
      if (type != MD_SPAN_IMG) return;
      if (--image_nesting > 0) return;
      if (!image_dropped) {
        put_char('"');
        write_title(static_cast<MD_SPAN_IMG_DETAIL*>(detail)->title);
        PUT(" loading=\"lazy\" decoding=\"async\">");
      }
      image_dropped = false;
      return;
    }
    switch (type) {
      case MD_SPAN_EM: PUT("</em>"); break;
      case MD_SPAN_STRONG: PUT("</strong>"); break;
      case MD_SPAN_U: PUT("</u>"); break;
      case MD_SPAN_CODE: PUT("</code>"); in_code_span = false; break;
      case MD_SPAN_DEL:
        if (!del_open.empty()) {
          const auto [at, heading_at] = del_open.back();
          del_open.pop_back();
          static constexpr char16_t kDelTag[] = u"<del>";
          if (single_tilde_after(text_end) && at + 5 <= out.size() && std::equal(kDelTag, kDelTag + 5, out.data() + at)) {
            // A range (10~20%), not a strikethrough: "<del>" becomes the "~" it was, so does "</del>".
            char16_t* p = out.data();
            p[at] = u'~';
            std::memmove(p + at + 1, p + at + 5, (out.size() - at - 5) * sizeof(char16_t));
            out.set_size(out.size() - 4);
            put_char('~');
            if (in_heading && heading_at <= heading_text.size()) {
              heading_text.insert(heading_at, 1, '~');
              heading_text.push_back('~');
            }
            break;
          }
        }
        PUT("</del>");
        break;
      case MD_SPAN_LATEXMATH:
        if (in_math) leave_inline_math();
        else PUT("</span>");
        break;
      case MD_SPAN_LATEXMATH_DISPLAY: PUT("</span>"); break;
      case MD_SPAN_WIKILINK: break;
      case MD_SPAN_A: {
        // md4c 0.4.8 can leave a link it never entered (unbalanced span callbacks on some inputs
        // with NUL bytes and nested brackets; fuzz_render seed "unbalanced-link-leave"): ignore it.
        if (link_depth == 0) break;
        --link_depth;
        link_check = false;
        if (link_cut_depth == link_depth) {  // a bare URL cut before its particle: </a> was written there
          link_cut_depth = -1;
          if (link_text_left == 0) {
            link_text_left = SIZE_MAX;
            break;
          }
          link_text_left = SIZE_MAX;
        }
        bool emitted = link_depth >= 64 || (link_emitted >> link_depth) & 1;
        if (emitted) PUT("</a>");
        break;
      }
      case MD_SPAN_IMG: break;
    }
  }

  // Strikethrough takes two tildes (~~gone~~). One tilde is how Korean text writes a range
  // (10~20%, 3~5배), which GFM's single-tilde strikethrough struck out; md4c pairs tilde runs
  // of equal length only, so the closer's run, read in the source after the span's last text
  // (past the closing marks of spans inside it), tells which one a span was.
  std::vector<std::pair<size_t, size_t>> del_open;  // per open span: "<del>"'s offset in out, heading_text's size
  const char* text_end = nullptr;                   // where the last text read from `base` ends
  bool single_tilde_after(const char* p) const {
    if (!p || p < base || p > base + base_size) return false;
    const char* end = base + base_size;
    while (p < end && (*p == '*' || *p == '_' || *p == '`')) ++p;
    size_t run = 0;
    while (p + run < end && p[run] == '~') ++run;
    return run == 1;
  }

  // --- text ---
  void text(MD_TEXTTYPE type, const char* t, size_t n) {
    if (t >= base && t + n <= base + base_size) text_end = t + n;
    if (link_check) check_bare_url(t, n);
    if (link_text_left != SIZE_MAX && link_text_left != 0 && n > link_text_left) {
      // The bare URL ends inside this text: its end, </a>, then the particle as plain text.
      const size_t k = link_text_left;
      text_unmarked(type, t, k);
      PUT("</a>");
      link_text_left = 0;
      text_unmarked(type, t + k, n - k);
      return;
    }
    if (link_text_left != SIZE_MAX && link_text_left != 0) link_text_left -= n;
    text_unmarked(type, t, n);
  }
  void text_unmarked(MD_TEXTTYPE type, const char* t, size_t n) {
    if (markers.empty()) return text_run(type, t, n);
    for_each_unmarked(t, n, [&](const char* p, size_t k) { text_run(type, p, k); });
  }

  void text_run(MD_TEXTTYPE type, const char* t, size_t n) {
    if (in_math && n > 0) {
      if (!math_first) math_first = t[0] ? t[0] : 'x';
      math_last = t[n - 1];
      math_end = t + n;
    }
    if (in_heading) {
      switch (type) {
        case MD_TEXT_NULLCHAR: heading_text += kReplacement; break;
        case MD_TEXT_BR:
        case MD_TEXT_SOFTBR: heading_text.push_back(' '); break;
        case MD_TEXT_ENTITY:
          if (!decode_html_entity(std::string_view(t, n), heading_text)) heading_text.append(t, n);
          break;
        case MD_TEXT_HTML:  // shown as text unless HTML is allowed: then tags are not heading text
          if (!options.allow_html) heading_text.append(t, n);
          break;
        default: heading_text.append(t, n); break;
      }
    }
    switch (type) {
      case MD_TEXT_NULLCHAR: out.push_back(kReplacementUnit); break;
      case MD_TEXT_BR:
        if (image_nesting > 0) out.push_back(' ');
        else PUT("<br>\n");
        break;
      case MD_TEXT_SOFTBR: put_char(image_nesting > 0 ? ' ' : '\n'); break;
      case MD_TEXT_HTML:
        if (options.allow_html && image_nesting == 0) out.append_utf8(std::string_view(t, n));
        else esc(t, n);
        break;
      case MD_TEXT_ENTITY:
        // Decoded text may itself be '<' or '&': escape it like any text.
        scratch.clear();
        if (decode_html_entity(std::string_view(t, n), scratch)) esc(scratch.data(), scratch.size());
        else esc(t, n);
        break;
      case MD_TEXT_CODE:
        if (cell_depth > 0 && in_code_span) {
          // GFM: "\|" is a pipe in a table cell even inside a code span (md4c keeps the '\\').
          size_t beg = 0;
          for (size_t i = 0; i + 1 < n; ++i)
            if (t[i] == '\\' && t[i + 1] == '|') {
              esc(t + beg, i - beg);
              beg = i + 1;
            }
          esc(t + beg, n - beg);
          break;
        }
        esc(t, n);
        break;
      default: esc(t, n); break;
    }
  }
};

int cb_enter_block(MD_BLOCKTYPE type, void* detail, void* user) {
  static_cast<Writer*>(user)->enter_block(type, detail);
  return 0;
}
int cb_leave_block(MD_BLOCKTYPE type, void* detail, void* user) {
  static_cast<Writer*>(user)->leave_block(type, detail);
  return 0;
}
int cb_enter_span(MD_SPANTYPE type, void* detail, void* user) {
  static_cast<Writer*>(user)->enter_span(type, detail);
  return 0;
}
int cb_leave_span(MD_SPANTYPE type, void* detail, void* user) {
  static_cast<Writer*>(user)->leave_span(type, detail);
  return 0;
}
int cb_text(MD_TEXTTYPE type, const MD_CHAR* text, MD_SIZE size, void* user) {
  static_cast<Writer*>(user)->text(type, text, size);
  return 0;
}

constexpr unsigned kParserFlags = MD_DIALECT_GITHUB | MD_FLAG_LATEXMATHSPANS;

}  // namespace

std::string linked_document(const LinkTargets& targets, std::string_view url) {
  if (!targets.bundle || url.empty()) return {};
  // The path: no query or fragment, percent-escapes decoded.
  std::string_view path = url.substr(0, std::min(url.find('?'), url.find('#')));
  std::string decoded;
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size() && hex_value(path[i + 1]) >= 0 && hex_value(path[i + 2]) >= 0) {
      decoded.push_back(static_cast<char>(hex_value(path[i + 1]) * 16 + hex_value(path[i + 2])));
      i += 2;
    } else {
      decoded.push_back(path[i]);
    }
  }
  // Relative to the rendered document's own page ("/<id>/"), then dot segments resolved.
  std::string full = decoded.empty() || decoded[0] != '/' ? "/" + std::string(targets.self) + "/" + decoded : decoded;
  std::vector<std::string_view> parts;
  std::string_view rest(full);
  while (!rest.empty()) {
    size_t slash = rest.find('/');
    std::string_view seg = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(seg);
  }
  std::string id;
  for (std::string_view seg : parts) {
    if (!id.empty()) id.push_back('/');
    id.append(seg);
  }
  if (id.empty()) return {};
  for (const Document& d : targets.bundle->docs)
    if (d.id.size() == id.size() && d.id == id) return id;
  return {};
}


Status render_markdown_utf16(std::string_view markdown, const RenderOptions& options, Utf16Buffer& html,
                             SlugSet& slugs, std::vector<TocEntry>& toc) {
  if (markdown.size() > kMaxRenderInput)
    return make_error(ErrorCode::TOO_LARGE, "markdown is larger than " + std::to_string(kMaxRenderInput) + " bytes");
  // A UTF-8 byte order mark is not content.
  if (markdown.size() >= 3 && std::memcmp(markdown.data(), "\xEF\xBB\xBF", 3) == 0) markdown.remove_prefix(3);
  // md4c 0.4.8 reads one byte past the end of its input in places (an ordered-list number or
  // "<!--" at the very end; regression_test.cpp), and a string_view need not be followed by a
  // readable byte: parse a NUL-terminated copy. Copying ~3 KB costs far less than rendering it.
  // Invalid UTF-8 is not repaired here: md4c bounds-checks its UTF-8 decoding, and
  // escape_html_utf16 turns every invalid byte that reaches the output into U+FFFD.
  std::string input;
  std::vector<size_t> markers;
  input.reserve(markdown.size() + markdown.size() / 64 + 1);
  if (options.extensions && !options.allow_html) mark_cjk_emphasis(markdown, input, markers);
  else input.assign(markdown.data(), markdown.size());
  const size_t start = html.size();
  Writer w(html, options, slugs, toc);
  html.reserve_more(markdown.size() + markdown.size() / 3 + 64);
  w.base = input.data();
  w.base_size = input.size();
  w.markers = std::move(markers);
  MD_PARSER parser{};
  parser.abi_version = 0;
  parser.flags = options.extensions ? kParserFlags : MD_DIALECT_COMMONMARK;
  parser.enter_block = cb_enter_block;
  parser.leave_block = cb_leave_block;
  parser.enter_span = cb_enter_span;
  parser.leave_span = cb_leave_span;
  parser.text = cb_text;
  if (md_parse(input.data(), static_cast<MD_SIZE>(input.size()), &parser, &w) != 0) {
    html.set_size(start);
    return make_error(ErrorCode::INTERNAL, "markdown parser failed (out of memory?)");
  }
  return ok_status();
}

Status render_markdown(std::string_view markdown, const RenderOptions& options, std::string& html,
                       SlugSet& slugs, std::vector<TocEntry>& toc) {
  Utf16Buffer wide;
  Status s = render_markdown_utf16(markdown, options, wide, slugs, toc);
  if (s) utf16_to_utf8(wide.view(), html);
  return s;
}

Result<std::string> render_markdown_html(std::string_view markdown, const RenderOptions& options) {
  std::string html;
  SlugSet slugs;
  std::vector<TocEntry> toc;
  Status s = render_markdown(markdown, options, html, slugs, toc);
  if (!s) return s.error();
  return html;
}

void append_toc_json(std::string& out, const std::vector<TocEntry>& toc) {
  out += ",\"toc\":[";
  for (size_t i = 0; i < toc.size(); ++i) {
    if (i) out.push_back(',');
    out += "{\"level\":";
    out += std::to_string(toc[i].level);
    out += ",\"text\":";
    append_json_string(out, toc[i].text);
    out += ",\"id\":";
    append_json_string(out, toc[i].id);
    out.push_back('}');
  }
  out += "]}";
}

std::string render_json_impl(std::string_view html, const std::vector<TocEntry>& toc) {
  std::string out;
  out.reserve(html.size() + html.size() / 8 + 32 + toc.size() * 64);
  out += "{\"html\":";
  append_json_string(out, html);
  append_toc_json(out, toc);
  return out;
}

std::string render_json(std::string_view html, const std::vector<TocEntry>& toc) {
  return render_json_impl(html, toc);
}

std::string render_toc_json(const std::vector<TocEntry>& toc) {
  if (toc.empty()) return "{\"toc\":[]}";
  std::string out;
  size_t need = 16;
  for (const TocEntry& e : toc) need += 40 + e.text.size() + e.id.size();
  out.reserve(need);  // one allocation for the common case (text needing no escapes)
  append_toc_json(out, toc);  // ,"toc":[...]}
  out[0] = '{';
  return out;
}

Result<std::string> render_markdown_json(std::string_view markdown, const RenderOptions& options) {
  std::string html;
  SlugSet slugs;
  std::vector<TocEntry> toc;
  Status s = render_markdown(markdown, options, html, slugs, toc);
  if (!s) return s.error();
  return render_json_impl(html, toc);
}

}  // namespace digest
