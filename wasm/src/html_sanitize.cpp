// html_sanitize.cpp — allowlist HTML sanitiser and HTML text helpers (see html_sanitize.h).
//
// Safety does not depend on tokenizing exactly like a browser: the output is rebuilt from
// tokens (escaped text + allowlisted tags with allowlisted, escaped, double-quoted attributes),
// so a token we misread can only change which text is shown, never smuggle markup through.
#include "digest/html_sanitize.h"

#include <array>
#include <cstring>

#include "digest/text_normalize.h"
#include "digest/url_policy.h"
#include "digest/utf8.h"

extern "C" {
#include "entity.h"
}

namespace digest {

// --- text helpers ---------------------------------------------------------------------------

void append_html_escaped(std::string& out, std::string_view s) {
  size_t beg = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      default: continue;
    }
    out.append(s.data() + beg, i - beg);
    out += rep;
    beg = i + 1;
  }
  out.append(s.data() + beg, s.size() - beg);
}

namespace {
inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline int hex_value(char c) { return is_digit(c) ? c - '0' : (c | 0x20) - 'a' + 10; }

void append_code_point(std::string& out, uint64_t cp) {
  if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  utf8_append(out, static_cast<uint32_t>(cp));
}
}  // namespace

size_t decode_html_entity(std::string_view t, std::string& out) {
  if (t.size() < 3 || t[0] != '&') return 0;
  if (t[1] == '#') {
    size_t i = 2;
    bool hex = i < t.size() && (t[i] == 'x' || t[i] == 'X');
    if (hex) ++i;
    size_t start = i;
    uint64_t cp = 0;
    while (i < t.size() && (hex ? is_hex(t[i]) : is_digit(t[i]))) {
      if (cp <= 0x10FFFF) cp = cp * (hex ? 16 : 10) + static_cast<uint64_t>(hex ? hex_value(t[i]) : t[i] - '0');
      ++i;
    }
    if (i == start) return 0;
    if (i < t.size() && t[i] == ';') ++i;
    append_code_point(out, cp);
    return i;
  }
  // Named: "&name;" with the longest HTML5 name being 32 characters.
  size_t i = 1;
  while (i < t.size() && i <= 33 && (is_alpha(t[i]) || is_digit(t[i]))) ++i;
  if (i == 1 || i >= t.size() || t[i] != ';') return 0;
  const struct entity* e = entity_lookup(t.data(), i + 1);
  if (!e) return 0;
  utf8_append(out, e->codepoints[0]);
  if (e->codepoints[1]) utf8_append(out, e->codepoints[1]);
  return i + 1;
}

void append_entities_decoded(std::string& out, std::string_view s) {
  size_t beg = 0, i = 0;
  while (i < s.size()) {
    const void* amp = std::memchr(s.data() + i, '&', s.size() - i);
    if (!amp) break;
    i = static_cast<size_t>(static_cast<const char*>(amp) - s.data());
    out.append(s.data() + beg, i - beg);
    size_t used = decode_html_entity(s.substr(i), out);
    if (used == 0) {
      out.push_back('&');
      used = 1;
    }
    i += used;
    beg = i;
  }
  out.append(s.data() + beg, s.size() - beg);
}

// --- the sanitiser --------------------------------------------------------------------------

namespace {

enum class Kind : uint8_t {
  UNKNOWN,      // tag dropped, content kept
  ALLOWED,      // kept
  VOID,         // kept, no end tag (br hr img)
  DROP_VOID,    // dropped, has no content (embed, input, link, meta, base, param...)
  DROP_TREE,    // dropped with everything inside (svg, math, object, template...)
  RAW_TEXT,     // dropped with its raw-text content, up to the matching end tag (script, style...)
  PLAINTEXT,    // <plaintext>: everything after it is dropped
};

enum Elem : uint8_t {
  E_OTHER, E_P, E_H1, E_H2, E_H3, E_H4, E_H5, E_H6, E_BLOCKQUOTE, E_UL, E_OL, E_LI, E_STRONG, E_B,
  E_EM, E_I, E_CODE, E_PRE, E_A, E_IMG, E_TABLE, E_THEAD, E_TBODY, E_TFOOT, E_TR, E_TH, E_TD,
  E_BR, E_HR, E_DEL, E_S, E_SUP, E_SUB, E_SPAN, E_DIV, E_COUNT
};

// Names as string_views: a tag's name is compared with each (by length first), for every tag of
// every page a snippet reads, so no strlen per comparison.
using namespace std::string_view_literals;
constexpr std::string_view kElemNames[E_COUNT] = {
    ""sv, "p"sv, "h1"sv, "h2"sv, "h3"sv, "h4"sv, "h5"sv, "h6"sv, "blockquote"sv, "ul"sv, "ol"sv, "li"sv, "strong"sv, "b"sv,
    "em"sv, "i"sv, "code"sv, "pre"sv, "a"sv, "img"sv, "table"sv, "thead"sv, "tbody"sv, "tfoot"sv, "tr"sv, "th"sv, "td"sv,
    "br"sv, "hr"sv, "del"sv, "s"sv, "sup"sv, "sub"sv, "span"sv, "div"sv};

struct TagInfo {
  Elem elem;
  Kind kind;
};

TagInfo classify_tag(std::string_view name) {
  for (int e = 1; e < E_COUNT; ++e)
    if (name == kElemNames[e])
      return {static_cast<Elem>(e), (e == E_BR || e == E_HR || e == E_IMG) ? Kind::VOID : Kind::ALLOWED};
  static constexpr std::string_view kRaw[] = {"script"sv, "style"sv, "xmp"sv, "iframe"sv, "noembed"sv, "noframes"sv,
                                              "noscript"sv, "textarea"sv, "title"sv};
  for (std::string_view r : kRaw)
    if (name == r) return {E_OTHER, Kind::RAW_TEXT};
  static constexpr std::string_view kTree[] = {"svg"sv, "math"sv, "object"sv, "template"sv, "select"sv, "head"sv,
                                               "applet"sv, "frameset"sv, "audio"sv, "video"sv, "canvas"sv, "map"sv};
  for (std::string_view r : kTree)
    if (name == r) return {E_OTHER, Kind::DROP_TREE};
  static constexpr std::string_view kVoid[] = {"embed"sv, "input"sv, "link"sv, "meta"sv, "base"sv, "param"sv, "source"sv,
                                               "track"sv, "wbr"sv, "area"sv, "col"sv, "keygen"sv, "frame"sv, "image"sv};
  for (std::string_view r : kVoid)
    if (name == r) return {E_OTHER, Kind::DROP_VOID};
  if (name == "plaintext") return {E_OTHER, Kind::PLAINTEXT};
  return {E_OTHER, Kind::UNKNOWN};
}

bool breaks_out_of_foreign_content(std::string_view n) {
  static const char* const kBreakout[] = {
      "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1",
      "h2", "h3", "h4", "h5", "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p",
      "pre", "ruby", "s", "small", "span", "strong", "strike", "sub", "sup", "table", "tt", "u", "ul", "var"};
  for (const char* b : kBreakout)
    if (n == b) return true;
  return false;
}

inline bool is_heading(Elem e) { return e >= E_H1 && e <= E_H6; }
inline bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }
inline char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Elements that close an open <p> when they start (HTML's "closes a p element" list, trimmed
// to what we keep).
inline bool closes_p(Elem e) {
  switch (e) {
    case E_P: case E_H1: case E_H2: case E_H3: case E_H4: case E_H5: case E_H6: case E_BLOCKQUOTE:
    case E_UL: case E_OL: case E_LI: case E_PRE: case E_TABLE: case E_HR: case E_DIV: return true;
    default: return false;
  }
}

// Deepest nesting kept; deeper start tags are dropped (content kept). Stops a page of ten
// thousand "<div>" from growing the stack and the closing-tag tail without bound.
constexpr size_t kMaxOpenElements = 256;

struct Attr {
  std::string name;
  std::string value;  // entity-decoded
  bool has_value = false;
};

class Sanitizer {
 public:
  // text_only: write the text the HTML shows, not the HTML (html_visible_text).
  Sanitizer(std::string_view in, std::string& out, SlugSet& slugs, std::vector<TocEntry>& toc, bool text_only = false,
            size_t* lead = nullptr)
      : in_(in), out_(out), slugs_(slugs), toc_(toc), text_only_(text_only), lead_(lead) {
    if (lead_) *lead_ = std::string_view::npos;
  }

  void run() {
    out_.reserve(out_.size() + in_.size());
    size_t text_beg = 0;
    while (pos_ < in_.size()) {
      char c = in_[pos_];
      if (c != '<') {
        ++pos_;
        continue;
      }
      text(text_beg, pos_);
      markup();
      text_beg = pos_;
      if (stop_) return close_all();
    }
    text(text_beg, pos_);
    close_all();
  }

 private:
  std::string_view in_;
  std::string& out_;
  SlugSet& slugs_;
  std::vector<TocEntry>& toc_;
  const bool text_only_;
  // Text mode: where the lead paragraph's text starts in out_ (text_lead_paragraph), npos until
  // found; `lead_at_` is a candidate paragraph's start while it is open.
  size_t* lead_;
  size_t lead_at_ = std::string_view::npos;
  size_t pos_ = 0;
  bool stop_ = false;
  std::vector<Elem> open_;
  // Dropping a subtree: its tag name and how many same-name elements are open inside it.
  std::string skip_name_;
  int skip_depth_ = 0;
  // The open heading (at most one).
  bool in_heading_ = false;
  size_t heading_attr_pos_ = 0;
  std::string heading_text_;
  std::string name_, scratch_;
  std::vector<Attr> attrs_;

  void text(size_t b, size_t e) {
    if (b >= e || skip_depth_ > 0) return;
    std::string_view raw = in_.substr(b, e - b);
    scratch_.clear();
    append_entities_decoded(scratch_, raw);
    // NUL is never output (it would reach the DOM as U+FFFD anyway).
    for (char& ch : scratch_)
      if (ch == '\0') ch = ' ';
    if (scratch_.find('$') != std::string::npos && !in_code()) append_with_math(scratch_);
    else put_text(scratch_);
    if (in_heading_) heading_text_ += scratch_;
  }

  void put_text(std::string_view s) {
    if (text_only_) out_.append(s);
    else append_html_escaped(out_, s);
  }
  // Text mode: a space where html_to_text would put one for this element's tag.
  void put_tag_space(Elem e) {
    if (text_only_ && !html_inline_tag(kElemNames[e])) out_.push_back(' ');
  }

  // Whether a paragraph opened now (already on open_) is in the body's own flow.
  bool body_flow() const {
    for (size_t i = 0; i + 1 < open_.size(); ++i) {
      Elem e = open_[i];
      if (e == E_BLOCKQUOTE || e == E_LI || e == E_TD || e == E_TH || e == E_PRE || e == E_TABLE || is_heading(e)) return false;
    }
    return true;
  }

  bool in_code() const {
    for (Elem e : open_)
      if (e == E_CODE || e == E_PRE) return true;
    return false;
  }

  // Text with TeX written as the markdown renderer reads it ($...$ inline, $$...$$ display: the
  // opener followed and the closer preceded by a non-space, an inline closer not followed by a
  // digit, within one text run): the math as
  // the renderer's <span class="dg-math" data-display="0|1">, escaped, for the viewer's KaTeX;
  // a '$' that opens nothing (a price) stays text.
  void append_with_math(std::string_view s) {
    auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
    size_t plain = 0, i = 0;
    while ((i = s.find('$', i)) != std::string_view::npos) {
      const bool display = i + 1 < s.size() && s[i + 1] == '$';
      const size_t body = i + (display ? 2 : 1);
      size_t close = std::string_view::npos;
      if (body < s.size() && !space(s[body])) {
        for (size_t j = s.find('$', body); j != std::string_view::npos; j = s.find('$', j + 1)) {
          const bool pair = j + 1 < s.size() && s[j + 1] == '$';
          if (display ? pair : !pair) {
            // An inline closer followed by a digit is a price ("$5 to $10"), as in markdown.
            const bool digit_after = !display && j + 1 < s.size() && s[j + 1] >= '0' && s[j + 1] <= '9';
            if (!space(s[j - 1]) && !digit_after) close = j;
            break;
          }
          if (!display) break;  // "$a$$": no inline closer before a '$$'
        }
      }
      if (close == std::string_view::npos) {
        i = body;
        continue;
      }
      put_text(s.substr(plain, i - plain));
      if (!text_only_) out_ += display ? "<span class=\"dg-math\" data-display=\"1\">" : "<span class=\"dg-math\" data-display=\"0\">";
      put_text(s.substr(body, close - body));
      if (!text_only_) out_ += "</span>";
      i = plain = close + (display ? 2 : 1);
    }
    put_text(s.substr(plain));
  }

  // At '<': one tag, comment, or a literal '<'. Advances pos_.
  void markup() {
    size_t p = pos_ + 1;
    if (p >= in_.size()) {
      emit_lt();
      return;
    }
    char c = in_[p];
    if (c == '!') {
      if (in_.compare(p, 3, "!--") == 0) return skip_comment(p + 3);
      if (in_.size() - p >= 8 && in_.compare(p, 8, "![CDATA[") == 0) return skip_to(p + 8, "]]>");
      return skip_to(p, ">");  // doctype, bogus comment
    }
    if (c == '?') return skip_to(p, ">");
    if (c == '/') {
      if (p + 1 < in_.size() && is_alpha(in_[p + 1])) return tag(p + 1, true);
      if (p + 1 < in_.size() && in_[p + 1] == '>') {  // "</>" is ignored
        pos_ = p + 2;
        return;
      }
      if (p + 1 >= in_.size()) return emit_lt();
      return skip_to(p, ">");  // bogus comment
    }
    if (is_alpha(c)) return tag(p, false);
    emit_lt();
  }

  void emit_lt() {
    if (skip_depth_ == 0) {
      out_ += text_only_ ? "<" : "&lt;";
      if (in_heading_) heading_text_.push_back('<');
    }
    ++pos_;
  }

  void skip_comment(size_t p) {
    // "<!-->" and "<!--->" are complete (empty) comments.
    if (in_.compare(p, 1, ">") == 0) { pos_ = p + 1; return; }
    if (in_.compare(p, 2, "->") == 0) { pos_ = p + 2; return; }
    size_t end = in_.find("--", p);
    while (end != std::string_view::npos) {
      if (in_.compare(end + 2, 1, ">") == 0) { pos_ = end + 3; return; }
      if (in_.compare(end + 2, 2, "!>") == 0) { pos_ = end + 4; return; }
      end = in_.find("--", end + 1);
    }
    pos_ = in_.size();  // unclosed comment runs to the end
  }

  void skip_to(size_t p, const char* terminator) {
    size_t end = in_.find(terminator, p);
    pos_ = end == std::string_view::npos ? in_.size() : end + std::strlen(terminator);
  }

  // Parses a start or end tag whose name starts at p. On EOF inside the tag the tag is dropped.
  void tag(size_t p, bool end_tag) {
    name_.clear();
    while (p < in_.size() && !is_space(in_[p]) && in_[p] != '/' && in_[p] != '>') {
      name_.push_back(in_[p] == '\0' ? '?' : lower(in_[p]));
      ++p;
    }
    attrs_.clear();
    bool self_closing = false;
    // Attributes.
    while (true) {
      while (p < in_.size() && (is_space(in_[p]) || in_[p] == '/')) {
        if (in_[p] == '/' && p + 1 < in_.size() && in_[p + 1] == '>') self_closing = true;
        ++p;
      }
      if (p >= in_.size()) {  // EOF in tag: the tag is dropped
        pos_ = in_.size();
        return;
      }
      if (in_[p] == '>') {
        ++p;
        break;
      }
      Attr a;
      // The first character may be '=' (it is then part of the name, as in HTML5).
      do {
        a.name.push_back(lower(in_[p]));
        ++p;
      } while (p < in_.size() && !is_space(in_[p]) && in_[p] != '/' && in_[p] != '>' && in_[p] != '=');
      size_t q = p;
      while (q < in_.size() && is_space(in_[q])) ++q;
      if (q < in_.size() && in_[q] == '=') {
        p = q + 1;
        while (p < in_.size() && is_space(in_[p])) ++p;
        if (p >= in_.size()) {
          pos_ = in_.size();
          return;
        }
        size_t vb, ve;
        if (in_[p] == '"' || in_[p] == '\'') {
          char quote = in_[p];
          vb = p + 1;
          ve = in_.find(quote, vb);
          if (ve == std::string_view::npos) {  // EOF in attribute value: tag dropped
            pos_ = in_.size();
            return;
          }
          p = ve + 1;
        } else {
          vb = p;
          while (p < in_.size() && !is_space(in_[p]) && in_[p] != '>') ++p;
          ve = p;
        }
        append_entities_decoded(a.value, in_.substr(vb, ve - vb));
        a.has_value = true;
      }
      bool duplicate = false;
      for (const Attr& prev : attrs_) duplicate |= prev.name == a.name;
      if (!duplicate) attrs_.push_back(std::move(a));
    }
    pos_ = p;
    if (end_tag) return end_element();
    start_element(self_closing);
  }

  const Attr* find_attr(const char* name) const {
    for (const Attr& a : attrs_)
      if (a.name == name) return &a;
    return nullptr;
  }

  void start_element(bool self_closing) {
    TagInfo info = classify_tag(name_);
    if (info.kind == Kind::RAW_TEXT) {
      skip_raw_text();
      return;
    }
    if (skip_depth_ > 0) {
      if (name_ == skip_name_ && !self_closing) ++skip_depth_;
      // In svg/math, an HTML element such as <p> or <b> ends foreign content in a browser
      // ("breakout"), so we stop dropping there too and treat the tag normally.
      if ((skip_name_ == "svg" || skip_name_ == "math") && breaks_out_of_foreign_content(name_)) {
        skip_depth_ = 0;
      } else {
        return;
      }
    }
    switch (info.kind) {
      case Kind::PLAINTEXT:
        stop_ = true;
        pos_ = in_.size();
        return;
      case Kind::DROP_TREE:
        if (!self_closing) {
          skip_name_ = name_;
          skip_depth_ = 1;
        }
        return;
      case Kind::UNKNOWN:
      case Kind::DROP_VOID:
      case Kind::RAW_TEXT:
        return;
      case Kind::ALLOWED:
      case Kind::VOID:
        break;
    }
    Elem e = info.elem;
    implicit_closes(e);
    if (info.kind == Kind::ALLOWED && open_.size() >= kMaxOpenElements) return;
    if (e == E_IMG) return write_img();
    if (text_only_) {
      put_tag_space(e);
      if (info.kind == Kind::ALLOWED) open_.push_back(e);
      // A paragraph of the body's own flow (in no quote, list, table or heading) may be the lead.
      if (lead_ && *lead_ == std::string_view::npos && e == E_P && info.kind == Kind::ALLOWED && body_flow()) lead_at_ = out_.size();
      return;
    }
    out_.push_back('<');
    out_ += kElemNames[e];
    if (e == E_TABLE) {
      out_.insert(out_.size() - 6, "<div class=\"dg-table-wrap\">");
    }
    if (is_heading(e)) {
      in_heading_ = true;
      heading_attr_pos_ = out_.size();
      heading_text_.clear();
    }
    if (e == E_A) write_href();
    if (const Attr* t = find_attr("title"); t && t->has_value) write_attr("title", t->value);
    if (e == E_TH || e == E_TD) write_cell_attrs();
    out_.push_back('>');
    if (info.kind == Kind::ALLOWED) open_.push_back(e);
  }

  void write_attr(const char* name, std::string_view value) {
    out_.push_back(' ');
    out_ += name;
    out_ += "=\"";
    append_html_escaped(out_, value);
    out_.push_back('"');
  }

  void write_href() {
    const Attr* h = find_attr("href");
    if (!h || !h->has_value) return;
    UrlKind kind = classify_url(h->value);
    if (kind == UrlKind::REJECTED) return;
    out_ += " href=\"";
    append_url_attribute(out_, trimmed(h->value));
    out_.push_back('"');
    if (kind == UrlKind::EXTERNAL) out_ += " target=\"_blank\" rel=\"noopener noreferrer\"";
  }

  static std::string_view trimmed(std::string_view v) {
    while (!v.empty() && static_cast<unsigned char>(v.front()) <= 0x20) v.remove_prefix(1);
    while (!v.empty() && static_cast<unsigned char>(v.back()) <= 0x20) v.remove_suffix(1);
    return v;
  }

  void write_img() {
    const Attr* src = find_attr("src");
    if (!src || !src->has_value) return;
    const std::string url = image_url(src->value);  // absolute only; http: upgraded (url_policy.h)
    if (url.empty()) {
      // Dropped (a relative or refused src): what it showed is said in words, as markdown's
      // dropped images are.
      if (const Attr* a = find_attr("alt"); a && a->has_value) put_text(a->value);
      return;
    }
    if (text_only_) return put_tag_space(E_IMG);
    out_ += "<img src=\"";
    append_url_attribute(out_, url);
    out_.push_back('"');
    // Without an alt an image is announced by its file name: one the page did not describe is
    // decorative to a screen reader (alt="").
    const Attr* a = find_attr("alt");
    write_attr("alt", a && a->has_value ? a->value : std::string_view());
    if (const Attr* t = find_attr("title"); t && t->has_value) write_attr("title", t->value);
    out_ += " loading=\"lazy\" decoding=\"async\">";
  }

  void write_cell_attrs() {
    if (const Attr* a = find_attr("align"); a && a->has_value) {
      std::string v;
      for (char ch : a->value) v.push_back(lower(ch));
      if (v == "left" || v == "center" || v == "right" || v == "justify") write_attr("align", v);
    }
    for (const char* span : {"colspan", "rowspan"}) {
      const Attr* a = find_attr(span);
      if (!a || !a->has_value || a->value.empty() || a->value.size() > 3) continue;
      bool digits = true;
      for (char ch : a->value) digits &= is_digit(ch);
      if (digits) write_attr(span, a->value);
    }
  }

  // Implicit end tags a browser would insert before element `e` starts, so our output's
  // structure is the structure the browser builds.
  void implicit_closes(Elem e) {
    if (closes_p(e)) close_in_scope(E_P, true);
    if (is_heading(e)) {
      // One heading at a time (browsers only pop a heading that is the current node; we close
      // any open one so each heading keeps its own id and TOC entry).
      for (size_t i = open_.size(); i-- > 0;)
        if (is_heading(open_[i])) {
          while (open_.size() > i) pop();
          break;
        }
    }
    if (e == E_LI) close_in_scope(E_LI, false);
    if (e == E_TD || e == E_TH) {
      close_in_scope(E_TD, false);
      close_in_scope(E_TH, false);
    }
    if (e == E_TR || e == E_THEAD || e == E_TBODY || e == E_TFOOT) {
      close_in_scope(E_TD, false);
      close_in_scope(E_TH, false);
      close_in_scope(E_TR, false);
    }
    if (e == E_THEAD || e == E_TBODY || e == E_TFOOT) {
      close_in_scope(E_THEAD, false);
      close_in_scope(E_TBODY, false);
      close_in_scope(E_TFOOT, false);
    }
    if (e == E_A) close_in_scope(E_A, false);
  }

  // Closes `target` (and everything open above it) if it is open above the nearest boundary:
  // tables and cells always bound; lists bound <li>; for <p> (`button_scope`) only tables/cells.
  void close_in_scope(Elem target, bool button_scope) {
    for (size_t i = open_.size(); i-- > 0;) {
      Elem e = open_[i];
      if (e == target) {
        while (open_.size() > i) pop();
        return;
      }
      if (e == E_TABLE || e == E_TD || e == E_TH) return;
      if (target == E_LI && (e == E_UL || e == E_OL)) return;
      if ((target == E_TD || target == E_TH) && e == E_TR) return;
      if (target == E_TR && (e == E_THEAD || e == E_TBODY || e == E_TFOOT)) return;
      (void)button_scope;
    }
  }

  void end_element() {
    if (skip_depth_ > 0) {
      if (name_ == skip_name_) --skip_depth_;
      return;
    }
    TagInfo info = classify_tag(name_);
    if (info.kind != Kind::ALLOWED) return;
    Elem target = info.elem;
    for (size_t i = open_.size(); i-- > 0;) {
      Elem e = open_[i];
      if (e == target || (is_heading(target) && is_heading(e))) {
        while (open_.size() > i) pop();
        return;
      }
      if (e == E_TABLE && target != E_TABLE) return;  // an end tag cannot reach outside its table
    }
  }

  void pop() {
    Elem e = open_.back();
    open_.pop_back();
    if (text_only_) {
      if (e == E_P && lead_at_ != std::string_view::npos) {
        if (size_t at = text_lead_paragraph(std::string_view(out_).substr(lead_at_)); at != std::string_view::npos) *lead_ = lead_at_ + at;
        lead_at_ = std::string_view::npos;
      }
      put_tag_space(e);
      return;
    }
    if (is_heading(e) && in_heading_) {
      in_heading_ = false;
      TocEntry t;
      t.level = e - E_H1 + 1;
      t.id = slugs_.unique(heading_text_);
      size_t b = 0, n = heading_text_.size();
      while (b < n && is_space(heading_text_[b])) ++b;
      while (n > b && is_space(heading_text_[n - 1])) --n;
      t.text.assign(heading_text_, b, n - b);
      std::string attr = " id=\"";
      append_html_escaped(attr, t.id);
      attr.push_back('"');
      out_.insert(heading_attr_pos_, attr);
      toc_.push_back(std::move(t));
    }
    out_ += "</";
    out_ += kElemNames[e];
    out_.push_back('>');
    if (e == E_TABLE) out_ += "</div>";
  }

  void close_all() {
    while (!open_.empty()) pop();
  }

  // After <script>, <style>...: drop everything up to "</name" + [space / >] or the end.
  void skip_raw_text() {
    size_t p = pos_;
    const size_t n = name_.size();
    while (true) {
      size_t lt = in_.find("</", p);
      if (lt == std::string_view::npos) {
        pos_ = in_.size();
        return;
      }
      size_t q = lt + 2;
      bool match = q + n <= in_.size();
      for (size_t k = 0; match && k < n; ++k) match = lower(in_[q + k]) == name_[k];
      if (match && (q + n == in_.size() || is_space(in_[q + n]) || in_[q + n] == '/' || in_[q + n] == '>')) {
        size_t gt = in_.find('>', q + n);
        pos_ = gt == std::string_view::npos ? in_.size() : gt + 1;
        return;
      }
      p = lt + 2;
    }
  }
};

}  // namespace

void sanitize_html(std::string_view html, std::string& out, SlugSet& slugs, std::vector<TocEntry>& toc) {
  Sanitizer(html, out, slugs, toc).run();
}

std::string html_visible_text(std::string_view html, size_t* lead) {
  std::string out;
  SlugSet slugs;
  std::vector<TocEntry> toc;
  Sanitizer(html, out, slugs, toc, true, lead).run();
  return out;
}

std::string sanitize_html(std::string_view html) {
  std::string out;
  SlugSet slugs;
  std::vector<TocEntry> toc;
  sanitize_html(html, out, slugs, toc);
  return out;
}

}  // namespace digest
