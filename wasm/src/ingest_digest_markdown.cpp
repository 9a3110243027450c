// ingest_digest_markdown.cpp — form DIGEST_MARKDOWN: the clean daily digest (docs/source-forms.md).
//
//   ---
//   type: daily-digest
//   date: 2026-03-06
//   title: 2026-03-06 AI 논문 핵심 요약
//   ranking_count: 5
//   recommended_count: 5
//   full_text_count: 10
//   abstract_count: 0
//   ---
//   optional intro markdown
//   ## 1. Paper title
//   - arxiv: 2603.03756
//   - institution: Lab
//   - upvotes: 74
//   - stars: 9
//   - selection: ranking
//   - analysis: full-text
//   - tags: llm, reasoning
//   - prerequisites: Markov Property (마르코프 성질); Chain Rule
//   ### 한 줄 요약
//   markdown...
#include "digest/ingest.h"
#include "digest/utf8.h"
#include "ingest_internal.h"

namespace digest {

using namespace ingest;

Result<ParsedDigest> parse_digest_markdown(std::string_view bytes) {
  auto fmr = parse_front_matter(bytes);
  if (!fmr) return fmr.error();
  const FrontMatter& fm = fmr.value();
  ParsedDigest out;
  Digest& g = out.digest;
  g.kind = "daily";
  const FrontMatterValue* date = fm.find("date");
  if (!date || date->is_list) return source_error(1, "daily digest front matter has no \"date\"");
  auto dt = parse_source_date(date->scalar);
  if (!dt) return source_error(date->line, dt.error().message, ErrorCode::BAD_VALUE);
  g.date = dt.value().date;
  g.id = "digest-" + g.date;
  if (const FrontMatterValue* t = fm.find("title")) g.title = t->scalar;
  struct Count { const char* key; int64_t* dst; };
  for (Count c : {Count{"ranking_count", &g.ranking_count}, Count{"recommended_count", &g.recommended_count},
                  Count{"full_text_count", &g.full_text_count}, Count{"abstract_count", &g.abstract_count}}) {
    const FrontMatterValue* v = fm.find(c.key);
    if (!v) continue;
    if (v->is_list || !parse_count(v->scalar, *c.dst))
      return source_error(v->line, std::string("\"") + c.key + "\" must be a whole number", ErrorCode::BAD_VALUE);
  }

  std::vector<Line> lines = split_lines(bytes, fm.body_offset, fm.body_line);
  std::vector<std::string_view> intro, section_lines;
  Document* d = nullptr;
  Section* sec = nullptr;
  bool in_meta = false;
  bool in_fence = false;
  auto flush_section = [&]() {
    if (sec) {  // verbatim: the clean form is already markdown
      std::string md;
      for (std::string_view l : section_lines) {
        md.append(l.data(), l.size());
        md += '\n';
      }
      sec->markdown = std::string(trim(md));
    }
    section_lines.clear();
    sec = nullptr;
  };
  for (const Line& l : lines) {
    std::string_view t = trim(l.text);
    if (starts_with(t, "```")) in_fence = !in_fence;
    if (!in_fence && starts_with(l.text, "## ")) {
      flush_section();
      std::string_view h = trim(l.text.substr(3));
      int64_t rank = leading_number(h);
      size_t dot = h.find(". ");
      if (rank <= 0 || dot == std::string_view::npos)
        return source_error(l.number, "paper heading must be \"## <rank>. <title>\"");
      for (const Document& p : out.papers)
        if (p.rank == rank) return source_error(l.number, "paper rank " + std::to_string(rank) + " appears twice");
      out.papers.push_back(make_paper(g, rank, std::string(trim(h.substr(dot + 2)))));
      out.paper_lines.push_back(l.number);
      d = &out.papers.back();
      in_meta = true;
      continue;
    }
    if (!d) {
      intro.push_back(l.text);
      continue;
    }
    if (!in_fence && starts_with(l.text, "### ")) {
      const std::string_view name = trim(l.text.substr(4));
      // A section is known by its name (the bundle requires one: loader.cpp, read_sections).
      if (name.empty()) return source_error(l.number, "section heading \"### \" without a name");
      // "### 2. Title" is most likely a paper written one level too deep: it stays a section of
      // this paper (its name may well be numbered), but not silently (QA).
      {
        size_t dgt = 0;
        while (dgt < name.size() && name[dgt] >= '0' && name[dgt] <= '9') ++dgt;
        if (dgt > 0 && dgt + 1 < name.size() && name[dgt] == '.' && name[dgt + 1] == ' ')
          out.warnings.push_back(source_error(l.number, "\"### " + std::string(utf8_prefix(name, 40)) + "\" is read as a section of paper " +
                                                          std::to_string(d->rank) + "; a paper's heading is \"## " +
                                                          std::string(utf8_prefix(name, 40)) + "\""));
      }
      flush_section();
      in_meta = false;
      d->sections.push_back(Section{std::string(name), ""});
      sec = &d->sections.back();
      continue;
    }
    if (in_meta) {
      if (t.empty()) continue;
      if (!starts_with(t, "- ") || t.find(':') == std::string_view::npos)
        return source_error(l.number, "expected a metadata item \"- key: value\" or a \"### section\"");
      std::string_view item = t.substr(2);
      size_t c = item.find(':');
      std::string key(trim(item.substr(0, c)));
      std::string_view v = trim(item.substr(c + 1));
      int64_t n;
      if (key == "arxiv") d->arxiv = std::string(v);
      else if (key == "institution") d->institution = std::string(v);
      else if (key == "upvotes" || key == "stars") {
        if (!parse_count(v, n)) return source_error(l.number, key + " must be a whole number", ErrorCode::BAD_VALUE);
        (key == "upvotes" ? d->upvotes : d->stars) = n;
      } else if (key == "selection") {
        if (v != "ranking" && v != "recommended")
          return source_error(l.number, "selection must be ranking or recommended", ErrorCode::BAD_VALUE);
        d->selection = std::string(v);
      } else if (key == "analysis") {
        if (v != "full-text" && v != "pdf" && v != "abstract")
          return source_error(l.number, "analysis must be full-text, pdf or abstract", ErrorCode::BAD_VALUE);
        d->analysis = std::string(v);
      } else if (key == "tags") {
        // "[llm, reasoning]" as the front matter writes lists is the same two tags (QA: it was
        // one tag "[llm, reasoning]").
        if (v.size() >= 2 && v.front() == '[' && v.back() == ']') v = trim(v.substr(1, v.size() - 2));
        d->tags = split_top_level(v, ',');
      } else if (key == "prerequisites") {
        d->prerequisites = parse_prerequisites(v, ';');
      } else if (key == "authors") {
        d->authors = split_top_level(v, ',');
      } else {
        return source_error(l.number, "unknown metadata key \"" + key + "\"");
      }
      continue;
    }
    if (sec) section_lines.push_back(l.text);
  }
  flush_section();
  if (out.papers.empty()) return source_error(fm.body_line, "daily digest has no papers (\"## 1. title\")");
  for (Document& p : out.papers)
    for (const Section& s : p.sections)
      if (s.name == "한 줄 요약") p.summary = s.markdown;
  // Intro: kept as written, blank lines trimmed.
  std::string in;
  for (std::string_view l : intro) {
    if (in.empty() && trim(l).empty()) continue;
    in.append(l.data(), l.size());
    in += '\n';
  }
  g.intro = std::string(trim(in));
  return out;
}

}  // namespace digest
