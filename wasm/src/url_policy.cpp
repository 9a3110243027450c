// url_policy.cpp — URL allowlist and URL attribute escaping (see url_policy.h).
#include "digest/url_policy.h"

#include <array>

namespace digest {
namespace {

constexpr bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Bytes copied verbatim into URL attributes (the set md4c-html uses, so the conformance run
// compares equal); everything else is percent-encoded, except '&' which becomes "&amp;".
constexpr std::array<bool, 256> make_url_safe() {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) {
    char ch = static_cast<char>(c);
    bool alnum = (c >= '0' && c <= '9') || is_alpha(ch);
    bool punct = false;
    for (const char* p = "-_.+!*(),%#@?=;:/$"; *p; ++p) punct |= (*p == ch);
    t[c] = c < 0x80 && (alnum || punct);
  }
  return t;
}
constexpr std::array<bool, 256> kUrlSafe = make_url_safe();

}  // namespace

UrlKind classify_url(std::string_view url) {
  // Strip whitespace and control characters (browsers drop them when parsing a scheme),
  // looking only as far as the scheme can reach.
  char scheme[16];
  size_t n = 0;
  bool colon = false;
  bool not_scheme = false;
  char first = 0;
  for (char ch : url) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F) continue;
    if (!first) first = ch;
    if (ch == ':') {
      colon = true;
      break;
    }
    if (ch == '/' || ch == '?' || ch == '#') break;  // a path, query or fragment before any ':'
    // Scheme characters per RFC 3986; anything else means "not a scheme" -> relative.
    if (!(is_alpha(ch) || (n > 0 && ((ch >= '0' && ch <= '9') || ch == '+' || ch == '-' || ch == '.')))) {
      // A non-scheme byte before ':' makes it a relative path ("a b:c" has no scheme). But a
      // byte that browsers would still treat as part of a scheme never reaches here.
      not_scheme = true;
      break;
    }
    if (n < sizeof scheme) scheme[n] = lower(ch);
    ++n;
  }
  if (first == '#') return UrlKind::FRAGMENT;
  if (!colon || not_scheme) {
    // No scheme. "//host" is protocol-relative: an absolute http(s) URL for our purposes.
    size_t i = 0;
    while (i < url.size() && static_cast<unsigned char>(url[i]) <= 0x20) ++i;
    if (url.size() >= i + 2 && (url[i] == '/' || url[i] == '\\') && (url[i + 1] == '/' || url[i + 1] == '\\'))
      return UrlKind::EXTERNAL;
    return UrlKind::RELATIVE;
  }
  if (n > sizeof scheme) return UrlKind::REJECTED;  // a long scheme is never http/https/mailto
  std::string_view s(scheme, n);
  if (s == "http" || s == "https") return UrlKind::EXTERNAL;
  if (s == "mailto") return UrlKind::MAILTO;
  return UrlKind::REJECTED;
}

std::string image_url(std::string_view url) {
  // As a browser reads it: tabs and newlines anywhere dropped, C0 controls and spaces trimmed at
  // both ends, a backslash standing for a slash (http and https are "special" schemes).
  std::string u;
  u.reserve(url.size());
  for (char c : url)
    if (c != '\t' && c != '\n' && c != '\r') u.push_back(c == '\\' ? '/' : c);
  size_t b = 0, e = u.size();
  while (b < e && static_cast<unsigned char>(u[b]) <= 0x20) ++b;
  while (e > b && static_cast<unsigned char>(u[e - 1]) <= 0x20) --e;
  u = u.substr(b, e - b);
  auto starts = [&](std::string_view p) {
    if (u.size() < p.size()) return false;
    for (size_t i = 0; i < p.size(); ++i)
      if (lower(u[i]) != p[i]) return false;
    return true;
  };
  // Only an absolute URL with a host: "https:/x", "https:x" and "http:x" resolve against the
  // viewer's own address, and "///x" is no host.
  size_t rest;
  if (starts("https://")) rest = 8;
  else if (starts("http://")) rest = 7;
  else if (starts("//")) return u.size() > 2 && u[2] != '/' ? u : std::string();
  else return "";
  if (rest >= u.size() || u[rest] == '/') return "";
  return "https://" + u.substr(rest);
}

void append_url_attribute(std::string& out, std::string_view url) {
  static const char kHex[] = "0123456789ABCDEF";
  size_t beg = 0;
  const size_t n = url.size();
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(url[i]);
    if (kUrlSafe[c]) continue;
    out.append(url.data() + beg, i - beg);
    if (c == '&') {
      out += "&amp;";
    } else {
      char hex[3] = {'%', kHex[c >> 4], kHex[c & 0xF]};
      out.append(hex, 3);
    }
    beg = i + 1;
  }
  out.append(url.data() + beg, n - beg);
}

}  // namespace digest
