// fuzz_common.h — helpers shared by the libFuzzer targets: a failure reporter and an
// independent checker that an HTML fragment cannot run script.
//
// The checker is deliberately written apart from the renderer and the sanitiser (its own
// tokenizer, its own entity decoder, its own scheme test), so a bug in their shared helpers
// (append_html_escaped, decode_html_entity, classify_url) cannot hide itself.
#pragma once

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace fuzz {

// Prints what broke and the (escaped, truncated) output it broke in, then aborts so libFuzzer
// saves the input as a crash artifact.
[[noreturn]] inline void fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "\n*** fuzz assertion failed: %s\n", what);
  std::string shown(detail.substr(0, 2000));
  std::fprintf(stderr, "*** in: %s%s\n", shown.c_str(), detail.size() > 2000 ? " [...]" : "");
  std::abort();
}

#define FUZZ_CHECK(cond, what, detail) \
  do {                                 \
    if (!(cond)) ::fuzz::fail(what, detail); \
  } while (0)

inline std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

inline void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Decodes an attribute value the way a browser would, for the references that matter to a
// scheme check: numeric ones and the named ones that spell URL punctuation or whitespace.
// Returns false when a named reference it does not know is present (the checker then
// refuses the URL: our writers only ever emit &amp; &lt; &gt; &quot; &#39;).
inline bool decode_attribute(std::string_view v, std::string& out) {
  static const struct { const char* name; uint32_t cp; } kNamed[] = {
      {"amp", '&'},  {"lt", '<'},      {"gt", '>'},       {"quot", '"'}, {"apos", '\''},
      {"colon", ':'}, {"tab", '\t'},   {"newline", '\n'}, {"nbsp", 0xA0}, {"sol", '/'},
      {"num", '#'},  {"period", '.'},  {"lpar", '('},     {"rpar", ')'},
  };
  out.clear();
  for (size_t i = 0; i < v.size();) {
    if (v[i] != '&') { out.push_back(v[i++]); continue; }
    size_t j = i + 1;
    if (j < v.size() && v[j] == '#') {
      ++j;
      bool hex = j < v.size() && (v[j] == 'x' || v[j] == 'X');
      if (hex) ++j;
      uint64_t cp = 0;
      size_t digits = 0;
      while (j < v.size() && (hex ? std::isxdigit(static_cast<unsigned char>(v[j])) : std::isdigit(static_cast<unsigned char>(v[j])))) {
        if (cp < 0x110000) cp = cp * (hex ? 16 : 10) + (std::isdigit(static_cast<unsigned char>(v[j])) ? v[j] - '0' : (std::tolower(v[j]) - 'a' + 10));
        ++j, ++digits;
      }
      if (digits == 0) { out.push_back('&'); ++i; continue; }
      if (j < v.size() && v[j] == ';') ++j;
      append_utf8(out, cp == 0 || cp >= 0x110000 ? 0xFFFD : static_cast<uint32_t>(cp));
      i = j;
      continue;
    }
    while (j < v.size() && std::isalnum(static_cast<unsigned char>(v[j]))) ++j;
    if (j == i + 1) { out.push_back('&'); ++i; continue; }
    std::string name = lower(v.substr(i + 1, j - i - 1));
    bool known = false;
    for (const auto& n : kNamed) {
      if (name == n.name) {
        append_utf8(out, n.cp);
        i = j + (j < v.size() && v[j] == ';' ? 1 : 0);
        known = true;
        break;
      }
    }
    if (!known) {
      if (j < v.size() && v[j] == ';') return false;  // an unknown named reference
      out.append(v.substr(i, j - i));
      i = j;
    }
  }
  return true;
}

// True if a URL attribute value (raw, as written in the HTML) is safe: after entity decoding
// and removing what browsers ignore in a scheme (ASCII whitespace and control characters),
// either there is no scheme, or it is http, https or mailto.
inline bool url_is_safe(std::string_view raw, std::string* why) {
  std::string decoded;
  if (!decode_attribute(raw, decoded)) {
    *why = "unknown character reference in URL";
    return false;
  }
  std::string s;
  for (char c : decoded) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7F) continue;
    s.push_back(static_cast<char>(std::tolower(u)));
  }
  // A scheme is [a-z][a-z0-9+.-]* followed by ':' before any '/', '?' or '#'.
  size_t colon = s.find(':');
  if (colon == std::string::npos) return true;
  size_t stop = s.find_first_of("/?#");
  if (stop != std::string::npos && stop < colon) return true;
  std::string scheme = s.substr(0, colon);
  // Not a scheme by URL syntax ([a-z][a-z0-9+.-]*): the browser resolves it as a relative path.
  if (scheme.empty() || !std::isalpha(static_cast<unsigned char>(scheme[0]))) return true;
  for (char c : scheme)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') return true;
  if (scheme == "http" || scheme == "https" || scheme == "mailto") return true;
  *why = "URL scheme \"" + scheme + "\" is not allowed";
  return false;
}

inline bool is_allowed_element(const std::string& name) {
  static const char* kAllowed[] = {
      "p",     "h1",    "h2",     "h3",    "h4",  "h5",  "h6",   "blockquote", "ul",   "ol",
      "li",    "strong", "b",     "em",    "i",   "code", "pre", "a",          "img",  "table",
      "thead", "tbody", "tfoot",  "tr",    "th",  "td",  "br",   "hr",         "del",  "s",
      "sup",   "sub",   "span",   "div",   "section", "input", "u", "mark",   "figure", "figcaption",
      "dl",    "dt",    "dd",     "nav",   "small", "kbd", "abbr", "cite", "q", "header", "footer",
      "colgroup", "col", "caption",
  };
  for (const char* a : kAllowed)
    if (name == a) return true;
  return false;
}

// Checks that `html` contains no element or attribute that can run script:
//   - every tag's name is in an allowlist (script, iframe, object, embed, svg, math, style,
//     form, base, meta, link, template... are all absent from it);
//   - no comment, doctype, processing instruction or CDATA ("<!", "<?");
//   - no on* attribute, no style/srcdoc/formaction/action/xlink:href;
//   - href/src/cite/poster/background values pass url_is_safe;
//   - <input> only as the disabled task-list checkbox.
// Returns "" if safe, else what is wrong.
inline std::string html_safety_problem(std::string_view html) {
  size_t i = 0;
  const size_t n = html.size();
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; };
  while (i < n) {
    if (html[i] != '<') { ++i; continue; }
    size_t start = i;
    ++i;
    if (i >= n) break;
    if (html[i] == '!' || html[i] == '?') return "markup declaration or comment at byte " + std::to_string(start);
    bool closing = false;
    if (html[i] == '/') { closing = true; ++i; }
    if (i >= n || !std::isalpha(static_cast<unsigned char>(html[i]))) continue;  // text '<', harmless
    size_t name_start = i;
    while (i < n && !is_space(html[i]) && html[i] != '/' && html[i] != '>') ++i;
    std::string name = lower(html.substr(name_start, i - name_start));
    if (!is_allowed_element(name))
      return "element <" + std::string(closing ? "/" : "") + name + "> at byte " + std::to_string(start);
    bool is_input = name == "input", checkbox = false, disabled = false;
    // Attributes, per the HTML tokenizer's before/after attribute name states.
    while (i < n && html[i] != '>') {
      if (is_space(html[i]) || html[i] == '/') { ++i; continue; }
      size_t an = i;
      ++i;  // the first character belongs to the name even if it is '='
      while (i < n && !is_space(html[i]) && html[i] != '/' && html[i] != '>' && html[i] != '=') ++i;
      std::string attr = lower(html.substr(an, i - an));
      while (i < n && is_space(html[i])) ++i;
      std::string value;
      bool has_value = false;
      if (i < n && html[i] == '=') {
        ++i;
        while (i < n && is_space(html[i])) ++i;
        has_value = true;
        if (i < n && (html[i] == '"' || html[i] == '\'')) {
          char q = html[i++];
          size_t vs = i;
          while (i < n && html[i] != q) ++i;
          value = std::string(html.substr(vs, i - vs));
          if (i < n) ++i;
        } else {
          size_t vs = i;
          while (i < n && !is_space(html[i]) && html[i] != '>') ++i;
          value = std::string(html.substr(vs, i - vs));
        }
      }
      (void)has_value;
      if (closing) return "attribute on a closing tag </" + name + "> at byte " + std::to_string(start);
      if (attr.size() >= 2 && attr[0] == 'o' && attr[1] == 'n')
        return "event handler attribute " + attr + " on <" + name + "> at byte " + std::to_string(start);
      if (attr == "style" || attr == "srcdoc" || attr == "formaction" || attr == "action" ||
          attr.find(':') != std::string::npos || attr == "srcset" || attr == "is")
        return "attribute " + attr + " on <" + name + "> at byte " + std::to_string(start);
      if (attr == "href" || attr == "src" || attr == "cite" || attr == "poster" || attr == "background" ||
          attr == "data" || attr == "codebase") {
        std::string why;
        if (!url_is_safe(value, &why))
          return why + " in " + attr + "=\"" + value + "\" on <" + name + "> at byte " + std::to_string(start);
      }
      if (is_input && attr == "type") checkbox = lower(value) == "checkbox";
      if (is_input && attr == "disabled") disabled = true;
    }
    if (is_input && !closing && !(checkbox && disabled))
      return "<input> that is not a disabled checkbox at byte " + std::to_string(start);
    if (i < n) ++i;
  }
  return "";
}

}  // namespace fuzz
