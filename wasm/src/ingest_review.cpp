// ingest_review.cpp — form REVIEW_MARKDOWN: Jekyll review with YAML front matter.
#include <algorithm>

#include "digest/ingest.h"
#include "digest/utf8.h"
#include "ingest_internal.h"

namespace digest {

using namespace ingest;

namespace {

const char* kTitlePrefix = "[논문리뷰] ";

// "**저자:** a, b, Lee &amp; Park" -> {a, b, Lee & Park}: split first, so "&#44;" stays in a name.
std::vector<std::string> authors_from(std::string_view rest) {
  std::vector<std::string> names = split_top_level(rest, ',');
  for (std::string& n : names) n = std::string(trim(decode_entities(n)));
  names.erase(std::remove(names.begin(), names.end(), std::string()), names.end());
  return names;
}

}  // namespace

namespace {
// The first HTML tag of `line` outside `code` spans that an author writes as markup (<br>, <sub>,
// <details>, ...), by name; "" when there is none. Tag-like text that is content (<think>,
// Vec<T>, <eos>) is not one of these names.
std::string html_tag_in(std::string_view line) {
  static const char* const kTags[] = {"a", "b", "br", "center", "details", "div", "em", "font", "hr", "i", "img", "kbd",
                                      "li", "ol", "p", "pre", "small", "span", "strong", "sub", "summary", "sup", "table",
                                      "td", "th", "tr", "u", "ul", "video", "iframe", "figure", "figcaption"};
  bool in_code = false;
  for (size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '`') in_code = !in_code;
    if (in_code || line[i] != '<') continue;
    size_t j = i + 1;
    if (j < line.size() && line[j] == '/') ++j;
    size_t k = j;
    while (k < line.size() && ((line[k] | 0x20) >= 'a' && (line[k] | 0x20) <= 'z')) ++k;
    if (k == j || k >= line.size() || !(line[k] == '>' || line[k] == ' ' || line[k] == '/')) continue;
    std::string name(line.substr(j, k - j));
    for (char& c : name) c = static_cast<char>(c | 0x20);
    for (const char* t : kTags)
      if (name == t) return name;
  }
  return {};
}
}  // namespace

Result<ParsedReview> parse_review_markdown(std::string_view bytes) {
  auto fmr = parse_front_matter(bytes);
  if (!fmr) return fmr.error();
  const FrontMatter& fm = fmr.value();
  ParsedReview out;
  Document& d = out.doc;
  d.kind = DocKind::REVIEW;

  auto scalar = [&](const char* key, std::string& dst, bool required) -> Status {
    const FrontMatterValue* v = fm.find(key);
    if (!v || (!v->is_list && !v->is_nested && trim(v->scalar).empty())) {
      if (required) return source_error(1, std::string("front matter has no \"") + key + "\"");
      return ok_status();
    }
    if (v->is_nested)
      return source_error(v->line, std::string("\"") + key + "\" must be a single value, not a nested block");
    if (v->is_list) return source_error(v->line, std::string("\"") + key + "\" must be a single value, not a list");
    dst = v->scalar;
    return ok_status();
  };
  auto list = [&](const char* key, std::vector<std::string>& dst) -> Status {
    const FrontMatterValue* v = fm.find(key);
    if (!v) return ok_status();
    if (v->is_nested)
      return source_error(v->line, std::string("\"") + key + "\" must be a list of names, not a nested block (maps)");
    if (v->is_list) dst = v->items;
    else if (!trim(v->scalar).empty()) dst.push_back(std::string(trim(v->scalar)));
    return ok_status();
  };

  // A "type" names the digest and roundup forms (detect_source_form). With no permalink either, a
  // type read here is most likely one those forms do not know ("monthly-digest"): saying so beats
  // "no permalink". (A review with a permalink may carry any type: the site's own, say.)
  if (const FrontMatterValue* type = fm.find("type");
      type && !fm.find("permalink") && !type->is_list && !type->is_nested && !trim(type->scalar).empty())
    return source_error(type->line, "unknown type \"" + std::string(utf8_prefix(trim(type->scalar), 40)) +
                                        "\" (expected daily-digest or weekly-roundup; a review has no type)");
  std::string permalink, date, modified;
  for (auto st : {scalar("title", d.title, true), scalar("permalink", permalink, true),
                  scalar("date", date, true), scalar("excerpt", d.excerpt, false),
                  scalar("last_modified_at", modified, false)})
    if (!st) return st.error();
  d.display_title = starts_with(d.title, kTitlePrefix) ? d.title.substr(std::string(kTitlePrefix).size()) : d.title;
  // The site's prefix alone, or only spaces (U+3000 too): a card and a heading with no text.
  if (is_blank_text(d.display_title)) return source_error(fm.find("title")->line, "title is empty");
  d.slug = permalink_id(permalink);
  if (d.slug.empty()) return source_error(fm.find("permalink")->line, "permalink is empty");
  d.id = d.slug;
  auto dt = parse_source_date(date);
  if (!dt) return source_error(fm.find("date")->line, dt.error().message, ErrorCode::BAD_VALUE);
  d.date = dt.value().date;
  d.datetime = dt.value().datetime;
  if (!modified.empty()) {
    auto mt = parse_source_date(modified);
    if (!mt) return source_error(fm.find("last_modified_at")->line, "last_modified_at: " + mt.error().message,
                                 ErrorCode::BAD_VALUE);
    d.updated = mt.value().date;
  }
  for (auto st : {list("categories", d.categories), list("tags", d.tags)})
    if (!st) return st.error();
  for (const char* key : {"toc", "published"}) {
    const FrontMatterValue* v = fm.find(key);
    if (!v) continue;
    bool b;
    if (v->is_list || v->is_nested || !parse_yaml_bool(v->scalar, b))
      return source_error(v->line, std::string("\"") + key + "\" must be true or false, got \"" +
                                       std::string(utf8_prefix(v->scalar, 40)) + "\"", ErrorCode::BAD_VALUE);
    if (std::string(key) == "toc") d.toc = b;
    else out.published = b;
  }

  // Body: lift the metadata lines the viewer shows itself, keep the rest as markdown.
  std::vector<std::string_view> kept;
  std::string_view body = bytes.substr(fm.body_offset);
  bool html_warned = false, have_link = false, have_authors = false, have_notice = false;
  // The open code fence, read as CommonMark does (review finding: any "```" or "~~~" line toggled
  // it, so an inline ```x``` or a "~~~" inside a ``` block hid the metadata after it): its
  // character and length; 0 when none is open.
  char fence_char = 0;
  size_t fence_len = 0;
  for (const Line& l : split_lines(body, 0, fm.body_line)) {
    std::string_view t = trim(l.text);
    // HTML in a markdown body is shown as text (docs/rendering.md): say so once per file, at the
    // first tag an author most likely meant as markup (outside code).
    bool fence_line = false;
    {
      size_t indent = 0;
      while (indent < l.text.size() && l.text[indent] == ' ') ++indent;
      size_t run = 0;
      const char c = indent < l.text.size() ? l.text[indent] : 0;
      while ((c == '`' || c == '~') && indent + run < l.text.size() && l.text[indent + run] == c) ++run;
      if (indent <= 3 && run >= 3) {
        std::string_view info = trim(l.text.substr(indent + run));
        if (!fence_char) {
          if (c == '~' || info.find('`') == std::string_view::npos) fence_char = c, fence_len = run, fence_line = true;
        } else if (c == fence_char && run >= fence_len && info.empty()) {
          fence_char = 0, fence_len = 0, fence_line = true;
        }
      }
    }
    const bool in_fence = fence_char != 0;
    if (!in_fence && !html_warned) {
      if (std::string tag = html_tag_in(t); !tag.empty()) {
        html_warned = true;
        out.warnings.push_back(source_error(l.number, "<" + tag + "> is shown as text: a markdown body's HTML is not rendered (write it in markdown)"));
      }
    }
    // Only the first of each, outside code (QA: an example inside a code block, or a second
    // "**저자:**" sentence in the text, replaced the real authors and was taken out of the body).
    if (!in_fence && !fence_line) {
      if (!have_link && starts_with(t, ">") && t.find("**링크:**") != std::string_view::npos) {
        std::string id = arxiv_from_text(t);
        if (!id.empty()) {
          have_link = true;
          if (d.arxiv.empty()) d.arxiv = id;
          continue;
        }
      }
      if (!have_authors && starts_with(t, "**저자:**")) {
        have_authors = true;
        d.authors = authors_from(t.substr(std::string_view("**저자:**").size()));
        continue;
      }
      if (!have_notice && starts_with(t, ">") && t.find("**알림:**") != std::string_view::npos && t.find("AI") != std::string_view::npos) {
        have_notice = true;
        d.ai_written = true;
        continue;
      }
    }
    kept.push_back(l.text);
  }
  // Trim leading/trailing blank lines, collapse the blank runs the lifted lines leave behind.
  std::string md;
  int blanks = 0;
  for (std::string_view l : kept) {
    if (trim(l).empty()) {
      ++blanks;
      continue;
    }
    if (!md.empty()) md += blanks > 0 ? "\n\n" : "\n";
    blanks = 0;
    md.append(l.data(), l.size());
  }
  d.markdown = std::move(md);
  return out;
}

}  // namespace digest
