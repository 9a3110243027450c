// ingest_digest_text.cpp — form DIGEST_TEXT: the daily digest as plain text (seed 003's shape).
//
//   📚 2026-03-06 AI 논문 핵심 요약
//   📊 순위 기반: 5개 | 🤖 GLM 추천: 5개 📄 전문 분석: 10개 | 📝 초록 분석: 0개
//   📑 목차
//   - 📊📄 Title… ⬆️74
//   1. Full title
//   arXiv: 2603.03756 | 기관: Inst | ⬆️ 74 | ⭐ 9 📊 순위선정 | 📄 HTML 태그:
//   tag-onetag-two...사전 지식: A (gloss), B
//   한 줄 요약
//   ...
//   📅 생성일: 2026-03-06 | 🤖 ...
#include <algorithm>

#include "digest/ingest.h"
#include "ingest_internal.h"

namespace digest {

using namespace ingest;

namespace {

const std::string_view kPrereq = "사전 지식:";

// Marker -> value, first match in `s`.
std::string selection_in(std::string_view s) {
  size_t r = s.find("📊"), c = s.find("🤖");
  if (r == std::string_view::npos && c == std::string_view::npos) return "";
  return r < c ? "ranking" : "recommended";
}
std::string analysis_in(std::string_view s) {
  size_t best = std::string_view::npos;
  std::string out;
  for (auto [m, v] : {std::pair<std::string_view, const char*>{"📄", "full-text"}, {"📕", "pdf"}, {"📝", "abstract"}}) {
    size_t p = s.find(m);
    if (p < best) { best = p; out = v; }
  }
  return out;
}

// Number after `label` in `s` ("순위 기반: 5개" -> 5), -1 if absent.
int64_t count_after(std::string_view s, std::string_view label) {
  size_t p = s.find(label);
  if (p == std::string_view::npos) return -1;
  return leading_number(s.substr(p + label.size()));
}

// The value between `label` and the next " |" (or the end).
std::string field_after(std::string_view s, std::string_view label) {
  size_t p = s.find(label);
  if (p == std::string_view::npos) return "";
  std::string_view r = s.substr(p + label.size());
  size_t e = r.find(" |");
  return std::string(trim(r.substr(0, e)));
}

bool is_paper_heading(const std::vector<Line>& lines, size_t k, int64_t& rank, std::string_view& title) {
  std::string_view t = lines[k].text;
  size_t i = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  if (i == 0 || i > 4 || i + 1 >= t.size() || t[i] != '.' || t[i + 1] != ' ') return false;
  if (k + 1 >= lines.size() || !starts_with(trim(lines[k + 1].text), "arXiv:")) return false;
  rank = leading_number(t);
  title = trim(t.substr(i + 2));
  return true;
}

int section_index(std::string_view t) {
  const auto& names = digest_section_names();
  for (size_t i = 0; i < names.size(); ++i)
    if (t == names[i]) return static_cast<int>(i);
  return -1;
}

}  // namespace

Result<ParsedDigest> parse_digest_text(std::string_view all) {
  std::string_view bytes = strip_bom(all);
  std::vector<Line> lines = split_lines(bytes);
  ParsedDigest out;
  Digest& g = out.digest;
  g.kind = "daily";
  size_t k = 0;
  while (k < lines.size() && trim(lines[k].text).empty()) ++k;
  if (k == lines.size() || !starts_with(trim(lines[k].text), "📚"))
    return source_error(k < lines.size() ? lines[k].number : 1, "daily digest must start with \"📚 YYYY-MM-DD ...\"");
  {
    std::string_view t = trim(trim(lines[k].text).substr(std::string_view("📚").size()));
    auto dt = parse_source_date(t.substr(0, std::min<size_t>(t.size(), 10)));
    if (!dt) return source_error(lines[k].number, "digest title line: " + dt.error().message, ErrorCode::BAD_VALUE);
    g.date = dt.value().date;
    g.title = std::string(t);
    g.id = "digest-" + g.date;
  }
  ++k;
  // Header: counts line and table of contents, up to the first paper.
  std::vector<std::pair<std::string, std::string>> toc;  // selection, analysis per TOC entry
  int64_t rank = 0;
  std::string_view title;
  for (; k < lines.size(); ++k) {
    if (is_paper_heading(lines, k, rank, title)) break;
    std::string_view t = trim(lines[k].text);
    if (t.find("순위 기반:") != std::string_view::npos) {
      g.ranking_count = count_after(t, "순위 기반:");
      g.recommended_count = count_after(t, "추천:");
      g.full_text_count = count_after(t, "전문 분석:");
      g.abstract_count = count_after(t, "초록 분석:");
    } else if (starts_with(t, "- ")) {
      std::string_view m = t.substr(2, 16);
      toc.emplace_back(selection_in(m), analysis_in(m));
    }
  }
  if (k == lines.size()) return source_error(lines.back().number, "daily digest has no papers (\"1. title\" then \"arXiv: ...\")");

  while (k < lines.size()) {
    is_paper_heading(lines, k, rank, title);
    Document d = make_paper(g, rank, std::string(title));
    if (rank <= 0) return source_error(lines[k].number, "paper rank must be 1 or more");
    for (const Document& p : out.papers)
      if (p.rank == rank) return source_error(lines[k].number, "paper rank " + std::to_string(rank) + " appears twice");
    int64_t heading_line = lines[k].number;
    std::string_view meta = trim(lines[k + 1].text);
    d.arxiv = field_after(meta, "arXiv:");
    d.institution = field_after(meta, "기관:");
    d.upvotes = count_after(meta, "⬆️");
    d.stars = count_after(meta, "⭐");
    std::string_view after_arxiv = meta.substr(std::min(meta.size(), meta.find('|') == std::string_view::npos ? meta.size() : meta.find('|')));
    d.selection = selection_in(after_arxiv);
    d.analysis = analysis_in(after_arxiv);
    size_t idx = out.papers.size();
    if (idx < toc.size()) {
      if (d.selection.empty()) d.selection = toc[idx].first;
      if (d.analysis.empty()) d.analysis = toc[idx].second;
    }
    // Tags: after "태그:" on the meta line, then the next line(s) up to "사전 지식:".
    std::string run;
    size_t tp = meta.find("태그:");
    if (tp != std::string_view::npos) run += std::string(trim(meta.substr(tp + std::string_view("태그:").size())));
    k += 2;
    int cur = -1;
    std::vector<std::vector<std::string_view>> content(digest_section_names().size());
    std::vector<bool> seen(digest_section_names().size(), false);
    bool in_tags = true;
    for (; k < lines.size(); ++k) {
      int64_t r2;
      std::string_view t2;
      if (is_paper_heading(lines, k, r2, t2)) break;
      std::string_view t = trim(lines[k].text);
      if (starts_with(t, "📅 생성일:")) { k = lines.size(); break; }
      int si = section_index(t);
      if (si >= 0) {
        cur = si;
        seen[static_cast<size_t>(si)] = true;
        in_tags = false;
        continue;
      }
      if (in_tags) {
        size_t pp = t.find(kPrereq);
        if (pp != std::string_view::npos) {
          run += std::string(trim(t.substr(0, pp)));
          d.prerequisites = parse_prerequisites(t.substr(pp + kPrereq.size()));
          in_tags = false;
        } else {
          run += std::string(t);
        }
        continue;
      }
      if (cur < 0) continue;  // stray text between the prerequisites and the first section
      content[static_cast<size_t>(cur)].push_back(lines[k].text);
    }
    for (size_t s = 0; s < content.size(); ++s) {
      if (!seen[s]) continue;
      d.sections.push_back(Section{digest_section_names()[s], join_markdown_lines(content[s])});
    }
    for (const Section& s : d.sections)
      if (s.name == "한 줄 요약") d.summary = s.markdown;
    out.papers.push_back(std::move(d));
    out.tag_runs.push_back(std::move(run));
    out.paper_lines.push_back(heading_line);
  }
  return out;
}

}  // namespace digest
