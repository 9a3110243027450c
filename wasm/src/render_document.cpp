// render_document.cpp — a bundle document to {"html","toc"} (see render.h).
#include <algorithm>
#include <string>

#include "digest/html_sanitize.h"
#include "digest/render.h"
#include "digest/text_normalize.h"
#include "digest/url_policy.h"

namespace digest {
namespace {

void chip(std::string& out, const char* cls, std::string_view text) {
  out += "<span class=\"dg-chip ";
  out += cls;
  out += "\">";
  append_html_escaped(out, text);
  out += "</span>";
}

const char* selection_label(std::string_view s) {
  if (s == "ranking") return "📊 랭킹";
  if (s == "recommended") return "🤖 추천";
  return nullptr;
}

const char* analysis_label(std::string_view s) {
  if (s == "full-text") return "📄 전문 분석";
  if (s == "pdf") return "📕 PDF 분석";
  if (s == "abstract") return "📝 초록 분석";
  return nullptr;
}

// arXiv ids are digits, letters, '.', '/', '-' and 'v' versions ("2511.04668", "hep-th/9901001").
bool plausible_arxiv_id(std::string_view id) {
  if (id.empty() || id.size() > 40) return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '/' ||
          c == '-'))
      return false;
  return true;
}

bool blank(std::string_view s) {
  for (char c : s)
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  return true;
}

// Where a paper's markdown body ends its first paragraph (at the blank line after it; its size
// when it has one paragraph).
size_t first_paragraph_end(std::string_view md) {
  for (size_t i = md.find('\n'); i != std::string_view::npos; i = md.find('\n', i + 1)) {
    size_t j = i + 1;
    while (j < md.size() && (md[j] == ' ' || md[j] == '\t' || md[j] == '\r')) ++j;
    if (j < md.size() && md[j] == '\n') return i;
  }
  return md.size();
}

// Whether markdown paragraph `para` says what `summary` says: its text, less a leading rank
// ("1. "), is the summary, compared as search compares text (whitespace runs as one space, case
// aside). A weekly roundup's paper opens with such a lead ("**1. Tinker**는 ...", whose summary is
// "Tinker는 ...").
bool lead_is_summary(std::string_view para, std::string_view summary) {
  if (blank(summary)) return false;
  std::string text = normalize_for_search(markdown_to_text(para));
  size_t i = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i > 0 && i + 1 < text.size() && text[i] == '.' && text[i + 1] == ' ') text.erase(0, i + 2);
  return text == normalize_for_search(summary);
}

// A heading written by the document renderer itself (section names), with id and TOC entry.
void heading(std::string& out, int level, std::string_view text, const char* cls, SlugSet& slugs,
             std::vector<TocEntry>& toc) {
  TocEntry e;
  e.level = level;
  e.text = std::string(text);
  e.id = slugs.unique(text);
  out += "<h";
  out.push_back(static_cast<char>('0' + level));
  out += " class=\"";
  out += cls;
  out += "\" id=\"";
  append_html_escaped(out, e.id);
  out += "\">";
  append_html_escaped(out, text);
  out += "</h";
  out.push_back(static_cast<char>('0' + level));
  out += ">\n";
  toc.push_back(std::move(e));
}

Status render_paper(const Document& doc, std::string& out, SlugSet& slugs, std::vector<TocEntry>& toc, const LinkTargets& links,
                    int level) {
  RenderOptions safe{};
  safe.links = &links;
  out += "<div class=\"dg-paper\">\n<div class=\"dg-paper-meta\">";
  if (!doc.institution.empty()) chip(out, "dg-chip-institution", doc.institution);
  if (doc.upvotes >= 0) chip(out, "dg-chip-upvotes", "⬆️ " + std::to_string(doc.upvotes));
  if (doc.stars >= 0) chip(out, "dg-chip-stars", "⭐ " + std::to_string(doc.stars));
  if (const char* l = selection_label(doc.selection)) chip(out, "dg-chip-selection", l);
  if (const char* l = analysis_label(doc.analysis)) chip(out, "dg-chip-analysis", l);
  if (plausible_arxiv_id(doc.arxiv)) {
    std::string url = "https://arxiv.org/abs/" + doc.arxiv;
    out += "<a class=\"dg-chip dg-chip-arxiv\" href=\"";
    append_url_attribute(out, url);
    out += "\" target=\"_blank\" rel=\"noopener noreferrer\">arXiv ";
    append_html_escaped(out, doc.arxiv);
    out += "</a>";
  }
  out += "</div>\n";
  if (!doc.tags.empty()) {
    out += "<ul class=\"dg-tags\">";
    for (const std::string& t : doc.tags) {
      out += "<li class=\"dg-tag\">";
      append_html_escaped(out, t);
      out += "</li>";
    }
    out += "</ul>\n";
  }
  if (!doc.prerequisites.empty()) {
    out += "<section class=\"dg-prereqs\">\n";
    heading(out, level, "사전 지식", "dg-section-title", slugs, toc);
    out += "<ul>\n";
    for (const Prerequisite& p : doc.prerequisites) {
      out += "<li><strong class=\"dg-prereq-name\">";
      append_html_escaped(out, p.name);
      out += "</strong>";
      if (!p.gloss.empty()) {
        out += " <span class=\"dg-prereq-gloss\">";
        append_html_escaped(out, p.gloss);
        out += "</span>";
      }
      out += "</li>\n";
    }
    out += "</ul>\n</section>\n";
  }
  // A markdown body (a weekly roundup's paper: its lead paragraph, and what follows it before the
  // first labelled section) comes before the sections, as in its source. A lead that is the
  // summary is marked as the summary section is (below), so a card showing the summary leaves it out.
  bool lead_said = false;
  if (!blank(doc.markdown)) {
    const std::string_view md = doc.markdown;
    const size_t end = first_paragraph_end(md);
    std::string_view rest = md.substr(end);
    if (lead_is_summary(md.substr(0, end), doc.summary)) {
      lead_said = true;
      out += "<div class=\"dg-paper-lead dg-section-summary\">\n";
      Status st = render_markdown(md.substr(0, end), safe, out, slugs, toc);
      if (!st) return st;
      out += "</div>\n";
    } else {
      rest = md;
    }
    if (!blank(rest)) {
      Status st = render_markdown(rest, safe, out, slugs, toc);
      if (!st) return st;
    }
  }
  bool has_content_section = false;
  for (const Section& s : doc.sections) has_content_section |= !blank(s.markdown);
  if (!has_content_section && !lead_said && !blank(doc.summary)) {
    out += "<p class=\"dg-summary\">";
    append_html_escaped(out, doc.summary);
    out += "</p>\n";
  }
  for (const Section& s : doc.sections) {
    if (blank(s.markdown)) continue;  // empty sections are omitted (render.h)
    // The section that is the one-line summary (한 줄 요약) is marked, so a client that shows the
    // summary already (the viewer's digest cards) can leave it out.
    out += s.markdown == doc.summary ? "<section class=\"dg-section dg-section-summary\">\n" : "<section class=\"dg-section\">\n";
    heading(out, level, s.name, "dg-section-title", slugs, toc);
    Status st = render_markdown(s.markdown, safe, out, slugs, toc);
    if (!st) return st;
    out += "</section>\n";
  }
  out += "</div>\n";
  return ok_status();
}

}  // namespace

Status render_document(const Bundle& bundle, const Document& doc, std::string& html, std::vector<TocEntry>& toc,
                       int section_level) {
  const LinkTargets links{&bundle, doc.id};
  if (doc.kind == DocKind::PAPER) {
    // A digest page shows all its papers, whose section names repeat: ids by rank ("p3-...").
    SlugSet slugs(doc.rank > 0 ? "p" + std::to_string(doc.rank) + "-" : std::string());
    return render_paper(doc, html, slugs, toc, links, std::clamp(section_level, 2, 6));
  }
  SlugSet slugs;
  RenderOptions options;
  options.links = &links;
  if (!doc.markdown.empty()) return render_markdown(doc.markdown, options, html, slugs, toc);
  if (!doc.html.empty()) {
    if (doc.html.size() > kMaxRenderInput)
      return make_error(ErrorCode::TOO_LARGE, "html body is larger than " + std::to_string(kMaxRenderInput) + " bytes");
    sanitize_html(doc.html, html, slugs, toc);
  }
  return ok_status();
}

Status render_document_utf16(const Bundle& bundle, const Document& doc, Utf16Buffer& html, std::vector<TocEntry>& toc,
                             int section_level) {
  // A review's markdown body, the common case, goes straight from the writer; the rest is
  // composed as UTF-8 and converted once.
  if (doc.kind != DocKind::PAPER && !doc.markdown.empty()) {
    SlugSet slugs;
    const LinkTargets links{&bundle, doc.id};
    RenderOptions options;
    options.links = &links;
    return render_markdown_utf16(doc.markdown, options, html, slugs, toc);
  }
  std::string utf8;
  Status st = render_document(bundle, doc, utf8, toc, section_level);
  if (st) html.append_utf8(utf8);
  return st;
}

Result<std::string> render_document_json(const Bundle& bundle, const Document& doc, int section_level) {
  std::string html;
  std::vector<TocEntry> toc;
  Status st = render_document(bundle, doc, html, toc, section_level);
  if (!st) return st.error();
  return render_json(html, toc);
}

}  // namespace digest
