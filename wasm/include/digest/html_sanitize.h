// html_sanitize.h — allowlist HTML sanitiser for untrusted HTML bodies (imported pages), and the
// HTML text helpers the markdown renderer shares with it.
//
// The sanitiser tokenizes the input itself (data, tags, attribute values with and without
// quotes, comments, CDATA, raw-text elements, entities, malformed and unclosed markup) and
// writes a new, well-formed fragment from the tokens it allows; nothing from the input is
// copied through unparsed. What it keeps (docs/rendering.md):
//   elements   p h1-h6 blockquote ul ol li strong b em i code pre a img table thead tbody tfoot
//              tr th td br hr del s sup sub span div
//   attributes href (a), src alt (img), title (any kept element), align colspan rowspan (th td)
//   URLs       classify_url() (url_policy.h); rejected hrefs leave the link text, rejected srcs
//              drop the image
// Dropped with their whole content: script style iframe object embed svg math template noscript
// noembed noframes textarea select title xmp head plaintext applet. Other unknown elements (font,
// center, form, input, button...) lose their tags and keep their text. Comments, doctypes and
// CDATA sections are dropped. Every on* attribute, style, class and id is dropped.
// Output: every open element is closed, p/li/td/tr are closed implicitly as a browser would,
// tables are wrapped in <div class="dg-table-wrap">, external links get target="_blank"
// rel="noopener noreferrer", images loading="lazy" decoding="async", headings get ids. TeX in text
// ($...$, $$...$$, as the markdown renderer reads it; not inside code or pre) comes out as the
// renderer's math elements, <span class="dg-math" data-display="0|1">, for the viewer's KaTeX.
//
//   std::string html; std::vector<digest::TocEntry> toc; digest::SlugSet slugs;
//   digest::sanitize_html("<p onclick=x>hi<script>alert(1)</script>", html, slugs, toc);
//   // html == "<p>hi</p>"
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "digest/slug.h"

namespace digest {

// Appends a sanitised, well-formed fragment for `html` to `out`; heading ids come from `slugs`
// and each kept heading is appended to `toc`. Never fails: anything it cannot parse is text.
void sanitize_html(std::string_view html, std::string& out, SlugSet& slugs, std::vector<TocEntry>& toc);

// Convenience form: the sanitised fragment of `html` alone.
std::string sanitize_html(std::string_view html);

// The text of what sanitize_html shows, without building it: html_to_text(sanitize_html(html))
// up to runs of whitespace (tests/unit/html_sanitize_test.cpp compares them), several times
// cheaper. What search and snippets read of an imported page (query_internal.h).
// `lead`, if given: where the page's lead paragraph starts in the text, or npos. The lead is the
// first <p> in no quote, list, table, preformatted block or heading whose text is not a label
// line (text_lead_paragraph, text_normalize.h): the preview of a page a search did not match in.
std::string html_visible_text(std::string_view html, size_t* lead = nullptr);

// --- HTML text helpers ----------------------------------------------------------------------

// Appends `text` with & < > " escaped (safe in element content and double-quoted attributes).
void append_html_escaped(std::string& out, std::string_view text);

// Decodes one character reference at text[0] ('&'): "&amp;", "&#106;", "&#x6A;" (the ';' is
// optional for numeric references, required for named ones, as HTML5's attribute rules).
// On success appends the UTF-8 text to `out` and returns the bytes consumed; returns 0 (and
// appends nothing) if text does not start with a known reference. Code point 0, surrogates and
// values above U+10FFFF decode as U+FFFD.
size_t decode_html_entity(std::string_view text, std::string& out);

// Appends `text` with every character reference decoded (unknown ones are kept as written).
void append_entities_decoded(std::string& out, std::string_view text);

}  // namespace digest
