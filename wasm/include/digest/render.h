// render.h — markdown and imported HTML to safe HTML (issue 5; policy in docs/rendering.md).
//
// The renderer is our own HTML writer on md4c's parser callbacks (md_parse with the GitHub
// dialect: tables, strikethrough, permissive autolinks, task lists, plus $…$ / $$…$$ math).
// md4c-html is only the reference the tests compare against. Output of the JSON calls:
//
//   {"html":"<h2 id=\"핵심-연구-목표\">핵심 연구 목표</h2>\n...","toc":[{"level":2,"text":"핵심 연구 목표","id":"핵심-연구-목표"}]}
//
// Safe by default: raw HTML in markdown is written as escaped text, link/image URLs follow
// url_policy.h (a rejected link keeps its text, a rejected image becomes its alt text), every
// attribute is double-quoted and escaped. What the shell relies on:
//   <span class="dg-math" data-display="0|1">TeX</span>   math; the shell runs KaTeX on textContent
//   <div class="dg-table-wrap"><table>...</table></div>    horizontally scrollable tables
//   <li class="dg-task"><input type="checkbox" disabled="" [checked=""]> ...   task list items
//   <a ... target="_blank" rel="noopener noreferrer">       absolute http(s) links
//   <img ... loading="lazy" decoding="async">               images
//   <p class="dg-raw-html">                                 an HTML block shown as text
//   h1-h6 carry id="<slug>" (slug.h), listed in "toc".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "digest/bundle.h"
#include "digest/result.h"
#include "digest/slug.h"
#include "digest/utf8.h"

namespace digest {

// Largest markdown or HTML input rendered in one call (64 MiB). Stops md4c's 32-bit offsets
// from overflowing and a pathological paste from freezing the viewer; bigger inputs give TOO_LARGE.
constexpr size_t kMaxRenderInput = size_t{64} << 20;

// The documents a link in a rendered document can name (render_document passes its bundle's): a
// link whose path is one of their ids — root-relative as the site writes its permalinks
// ("/ai/review/2025-01-01-x/"), or relative to the rendered document's own path — opens that
// document in the viewer (href="#/doc/<id>", the id percent-encoded as the shell's docHash does).
// Any other relative link ("Paper", "../x.html") is kept as text: it points at the site the
// bundle was built from, which the viewer is not. Root-relative links to other pages are kept.
struct LinkTargets {
  const Bundle* bundle = nullptr;
  std::string_view self;  // the rendered document's id
};
// The document id a link to `url` (entity-decoded, no scheme) names among `targets`, or "".
std::string linked_document(const LinkTargets& targets, std::string_view url);

struct RenderOptions {
  // Conformance mode, never used by the viewer: raw HTML passes through unchanged and URLs of
  // every scheme are kept (the CommonMark spec examples use made-up schemes). Off = safe.
  bool allow_html = false;
  // GitHub dialect (tables, strikethrough, permissive autolinks, task lists) and $math$ spans.
  // false = plain CommonMark, for the CommonMark conformance run only: the spec's examples
  // 608, 611 and 612 say bare URLs are *not* links, which GitHub's extended autolinks contradict.
  bool extensions = true;
  // Links to documents of a bundle (LinkTargets above); null: links are kept as written.
  const LinkTargets* links = nullptr;
  // The markdown is a bundle's (a digest's intro, a document): its images load absolute URLs
  // only (url_policy.h, image_url). Implied by `links`. Off (`digest render`): kept as written.
  bool bundle_content = false;
};

// Renders markdown, appending the HTML fragment to `html` and one TocEntry per heading to
// `toc`; ids come from `slugs` (share one SlugSet across the parts of one document).
// Errors: TOO_LARGE (input above kMaxRenderInput), INTERNAL (md4c failed, e.g. out of memory).
Status render_markdown(std::string_view markdown, const RenderOptions& options, std::string& html,
                       SlugSet& slugs, std::vector<TocEntry>& toc);

// The same HTML appended to `html` as UTF-16 code units: what the writer produces, the wasm
// bindings' path (docs/rendering.md, "The wasm boundary"); render_markdown converts it to UTF-8.
// Nothing is appended on failure. Errors: as render_markdown.
Status render_markdown_utf16(std::string_view markdown, const RenderOptions& options, Utf16Buffer& html,
                             SlugSet& slugs, std::vector<TocEntry>& toc);

// The HTML fragment alone (a fresh SlugSet); errors as render_markdown.
Result<std::string> render_markdown_html(std::string_view markdown, const RenderOptions& options);

// Serialises {"html":...,"toc":[...]}.
std::string render_json(std::string_view html, const std::vector<TocEntry>& toc);

// {"toc":[...]}: the TOC as render_json writes it after "html", as an object of its own (the wasm
// bindings' raw path returns the HTML apart from it, Session::render_parts).
std::string render_toc_json(const std::vector<TocEntry>& toc);

// {"html":"...","toc":[...]} for a document of the bundle:
//  - a review with a markdown body: render_markdown (safe mode);
//  - a review with an HTML body (imported page): sanitize_html (html_sanitize.h);
//  - a paper: <div class="dg-paper"> with metadata chips (dg-chip-institution, -upvotes, -stars,
//    -selection, -analysis, and an arXiv link dg-chip-arxiv), <ul class="dg-tags">, the
//    prerequisites <section class="dg-prereqs"> (name + gloss), then every named section that has
//    content as <section class="dg-section"><h3 id=...>name</h3> + its markdown</section> (the one
//    whose markdown is the one-line summary: class "dg-section dg-section-summary").
//    Empty sections are omitted (the viewer shows what the digest says, not blank headings);
//    the one-line summary is shown as <p class="dg-summary"> only if no section carries it.
// The body's markdown goes through the same writer and escaping as render_markdown_json.
// `section_level` is the level of a paper's section and prerequisites headings: 3 under a digest
// card's h2 (the default), 2 on the paper's own page under its h1 (clamped to 2..6), so headings
// never skip a level. Reviews ignore it.
// Errors: as render_markdown.
Result<std::string> render_document_json(const Bundle& bundle, const Document& doc, int section_level = 3);

// The HTML and TOC that render_document_json serialises, appended to `html` and `toc` (for
// clients that move the HTML as bytes, Session::render_parts). Errors: as render_markdown.
Status render_document(const Bundle& bundle, const Document& doc, std::string& html, std::vector<TocEntry>& toc,
                       int section_level = 3);

// The same HTML appended to `html` as UTF-16 code units (the wasm bindings' path; a review's
// markdown body is never UTF-8 in between). Errors: as render_markdown.
Status render_document_utf16(const Bundle& bundle, const Document& doc, Utf16Buffer& html, std::vector<TocEntry>& toc,
                             int section_level = 3);

// {"html":"...","toc":[...]} for arbitrary markdown: render_json() of what render_markdown
// writes. The output is valid UTF-8 whatever the input (invalid bytes become U+FFFD).
// Product dialect only (extensions on): a `*` run between punctuation and a Hangul/CJK letter
// counts as flanking, so `**지식 증류(knowledge distillation)**는` is bold (docs/rendering.md).
// Errors: as render_markdown.
Result<std::string> render_markdown_json(std::string_view markdown, const RenderOptions& options);

}  // namespace digest
