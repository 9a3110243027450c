// url_policy.h — which link and image URLs the renderer and the sanitiser let through.
//
// Policy (docs/rendering.md): http, https and mailto URLs, relative references (paths, "?query",
// "//host/..." protocol-relative) and "#fragment" are allowed; every other scheme (javascript:,
// vbscript:, data:, file:, ftp:, ...) is rejected. The check runs on the URL *after* HTML entity
// decoding, with every ASCII whitespace and control character (U+0000-U+0020, U+007F) removed
// first, because browsers ignore those inside a scheme: "java&#x09;script:", " javascript:",
// "&#106;avascript:" and "JaVaScRiPt:" are all rejected.
//
//   digest::classify_url("https://arxiv.org/abs/1") == digest::UrlKind::EXTERNAL
//   digest::classify_url("java\tscript:alert(1)")   == digest::UrlKind::REJECTED
#pragma once

#include <string>
#include <string_view>

namespace digest {

enum class UrlKind {
  REJECTED,  // a scheme outside the allowlist: drop the link/image, keep its text
  RELATIVE,  // no scheme: path, query, or "" (empty href)
  FRAGMENT,  // "#..." within the page
  EXTERNAL,  // http:, https: or protocol-relative "//host": opens in a new tab
  MAILTO,    // mailto:
};

// Classifies an entity-decoded URL (see the policy above).
UrlKind classify_url(std::string_view decoded_url);

// The URL an image of a bundle document may load, as it is to be written, or "" to drop the
// image (its alt text stays as text). Only absolute images: https:, protocol-relative "//host",
// and http: upgraded to https: (the viewer's CSP, img-src https:, refuses http:, and browsers
// upgrade such mixed content anyway). A relative src points into the site the bundle was built
// from: in the viewer it would load from the viewer's own origin, with its cookies, and 404.
//   digest::image_url("http://x.org/a.png") == "https://x.org/a.png"
//   digest::image_url("a.png") == ""
std::string image_url(std::string_view decoded_url);

// Appends an entity-decoded URL as the body of a double-quoted attribute value: '&' becomes
// "&amp;", bytes outside the URL-safe set (space, quotes, '<', '>', '\\', control characters,
// non-ASCII UTF-8) are percent-encoded, existing "%XX" escapes are kept. Same output as md4c-html.
void append_url_attribute(std::string& out, std::string_view decoded_url);

}  // namespace digest
