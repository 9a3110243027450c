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
#include <cctype>
#include <limits>
#include <tuple>

#include "digest/ingest.h"
#include "digest/utf8.h"
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

// The arXiv meta line after a paper heading: "arXiv: 2603.03756 | ...". The colon is optional
// ("arXiv 2512.07219 | ..." was seen), so is a full-width colon; the id must follow.
// Returns the offset just past the label (and its colon), or npos when `t` is no such line.
size_t arxiv_label_end(std::string_view t) {
  t = trim(t);
  if (t.size() < 5) return std::string_view::npos;
  std::string lower(t.substr(0, 5));
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower != "arxiv") return std::string_view::npos;
  size_t i = 5;
  if (starts_with(t.substr(i), ":")) i += 1;
  else if (starts_with(t.substr(i), "\xEF\xBC\x9A")) i += 3;  // U+FF1A FULLWIDTH COLON
  size_t j = i;
  while (j < t.size() && t[j] == ' ') ++j;
  if (j == i && i == 5) return std::string_view::npos;  // "arXivfoo": neither colon nor space
  if (j >= t.size()) return std::string_view::npos;
  // "arXiv: N/A" (any value after a colon) still makes the paper's meta line (QA: the paper was
  // taken for header text and vanished); without a colon the value must look like an id.
  if (i == 5 && (t[j] < '0' || t[j] > '9')) return std::string_view::npos;
  return i;
}

// Whether `id` is written like an arXiv identifier: new style (2511.04668, v2 allowed, a cut
// "2511." too: the link is checked when rendered) or old style (cs/0112017, math.GT/0309136).
bool arxiv_id_like(std::string_view id) {
  if (!id.empty() && id[0] >= '0' && id[0] <= '9') return true;
  size_t slash = id.find('/');
  if (slash == std::string_view::npos || slash == 0 || slash + 1 >= id.size()) return false;
  for (size_t k = 0; k < slash; ++k)
    if (!((id[k] >= 'a' && id[k] <= 'z') || (id[k] >= 'A' && id[k] <= 'Z') || id[k] == '-' || id[k] == '.')) return false;
  for (size_t k = slash + 1; k < id.size(); ++k)
    if (!((id[k] >= '0' && id[k] <= '9') || id[k] == 'v')) return false;
  return true;
}

// `expect`: the rank the next paper would have. A meta line whose arXiv value is no id ("arXiv:
// N/A") only makes a heading of that rank: a numbered list item in a section followed by prose
// that starts with "arXiv:" stays section text (review finding).
bool is_paper_heading(const std::vector<Line>& lines, size_t k, int64_t& rank, std::string_view& title, int64_t expect) {
  std::string_view t = lines[k].text;
  size_t i = 0;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  if (i == 0 || i > 6 || i + 1 >= t.size() || t[i] != '.' || t[i + 1] != ' ') return false;  // ranks to 999,999
  if (k + 1 >= lines.size()) return false;
  const size_t label = arxiv_label_end(lines[k + 1].text);
  if (label == std::string_view::npos) return false;
  const std::string_view value = trim(trim(lines[k + 1].text).substr(label));
  if ((value.empty() || value[0] < '0' || value[0] > '9') && leading_number(t) != expect) return false;
  rank = leading_number(t);
  title = trim(t.substr(i + 2));
  return true;
}

// A section heading as written, reduced to compare with the known names: U+FE0F variation
// selectors removed ("💡️" is "💡"), runs of spaces and tabs collapsed to one space, trimmed, and
// a trailing ':' (or full-width '：') dropped ("한 줄 요약:").
std::string heading_key(std::string_view t) {
  std::string out;
  bool space = false;
  for (size_t i = 0; i < t.size(); ++i) {
    if (t.substr(i, 3) == "\xEF\xB8\x8F") { i += 2; continue; }
    if (t[i] == ' ' || t[i] == '\t') { space = true; continue; }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += t[i];
  }
  if (ends_with(out, ":")) out.pop_back();
  else if (ends_with(out, "\xEF\xBC\x9A")) out.resize(out.size() - 3);
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

int section_index(std::string_view t) {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> k;
    for (const std::string& n : digest_section_names()) k.push_back(heading_key(n));
    return k;
  }();
  if (t.size() > 80) return -1;  // a heading is a few words; long lines are content
  std::string key = heading_key(t);
  for (size_t i = 0; i < keys.size(); ++i)
    if (key == keys[i]) return static_cast<int>(i);
  return -1;
}

// A count on a paper's meta line, from the start of `r` (after its emoji): digits with commas, and
// a k or m suffix ("1.2k" = 1200, as such lines abbreviate large counts). -1 when `r` starts with
// no count or with one that cannot be read ("lots", "-7", "1.2" with no suffix, past int64): the
// caller warns, since a wrong or lost count must not pass silently (QA: "1.2k" was read as 1).
int64_t meta_count(std::string_view r) {
  size_t i = 0;
  while (i < r.size() && r[i] == ' ') ++i;
  size_t b = i;
  while (i < r.size() && ((r[i] >= '0' && r[i] <= '9') || (r[i] == ',' && i > b))) ++i;
  // Commas only between groups of three digits ("1,234"): "1,2k" (a decimal comma) or "1,2,3"
  // is no count to guess at (review finding).
  for (size_t c = b, last = std::string_view::npos; c <= i; ++c) {
    if (c < i && r[c] != ',') continue;
    if (last != std::string_view::npos && c - last - 1 != 3) return -1;
    if (last == std::string_view::npos && c < i && (c - b < 1 || c - b > 3)) return -1;
    last = c < i ? c : last;
  }
  int64_t whole;
  if (i == b || !parse_count(r.substr(b, i - b), whole)) return -1;
  int64_t frac = 0, frac_scale = 1;
  if (i + 1 < r.size() && r[i] == '.' && r[i + 1] >= '0' && r[i + 1] <= '9') {
    for (++i; i < r.size() && r[i] >= '0' && r[i] <= '9'; ++i)
      if (frac_scale < 1000000) frac = frac * 10 + (r[i] - '0'), frac_scale *= 10;
    if (i >= r.size() || (r[i] != 'k' && r[i] != 'K' && r[i] != 'm' && r[i] != 'M')) return -1;  // "1.2": no count
  }
  int64_t unit = 1;
  if (i < r.size() && (r[i] == 'k' || r[i] == 'K')) unit = 1000, ++i;
  else if (i < r.size() && (r[i] == 'm' || r[i] == 'M')) unit = 1000000, ++i;
  if (i < r.size() && ((r[i] >= 'a' && r[i] <= 'z') || (r[i] >= 'A' && r[i] <= 'Z') || (r[i] >= '0' && r[i] <= '9'))) return -1;
  if (i + 1 < r.size() && (r[i] == '.' || r[i] == ',') && std::isalnum(static_cast<unsigned char>(r[i + 1]))) return -1;  // "1.k"
  if (whole > (std::numeric_limits<int64_t>::max() - unit) / unit) return -1;
  return whole * unit + frac * unit / frac_scale;
}

// The text after "⬆️" or a bare "⬆" (the variation selector U+FE0F is often dropped), or after
// "⭐"; `found` says whether the emoji is there at all.
std::string_view after_emoji(std::string_view s, std::string_view emoji, bool& found) {
  size_t p = s.find(emoji);
  found = p != std::string_view::npos;
  if (!found) return {};
  std::string_view r = s.substr(p + emoji.size());
  if (starts_with(r, "\xEF\xB8\x8F")) r.remove_prefix(3);
  return r;
}

// Start of a line for a message: at most ~40 bytes, cut on a UTF-8 boundary.
std::string excerpt(std::string_view t) {
  t = trim(t);
  std::string_view head = utf8_prefix(t, 40);
  return head.size() == t.size() ? std::string(t) : std::string(head) + "…";
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
    auto dt = parse_source_date(utf8_prefix(t, 10));
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
    if (is_paper_heading(lines, k, rank, title, 1)) break;
    std::string_view t = trim(lines[k].text);
    if (t.find("순위 기반:") != std::string_view::npos) {
      g.ranking_count = count_after(t, "순위 기반:");
      g.recommended_count = count_after(t, "추천:");
      g.full_text_count = count_after(t, "전문 분석:");
      g.abstract_count = count_after(t, "초록 분석:");
    } else if (starts_with(t, "- ")) {
      std::string_view m = t.substr(2, 16);
      toc.emplace_back(selection_in(m), analysis_in(m));
    } else if (!t.empty() && t.find("목차") == std::string_view::npos) {
      // Nothing vanishes silently: a line here belongs to no paper (QA).
      out.warnings.push_back(source_error(lines[k].number, "text before the first paper is left out (\"" + excerpt(t) + "\")"));
    }
  }
  if (k == lines.size()) return source_error(lines.back().number, "daily digest has no papers (\"1. title\" then \"arXiv: ...\")");

  while (k < lines.size()) {
    is_paper_heading(lines, k, rank, title, rank + 1);
    Document d = make_paper(g, rank, std::string(title));
    if (rank <= 0) return source_error(lines[k].number, "paper rank must be 1 or more");
    for (const Document& p : out.papers)
      if (p.rank == rank) return source_error(lines[k].number, "paper rank " + std::to_string(rank) + " appears twice");
    int64_t heading_line = lines[k].number;
    std::string_view meta = trim(lines[k + 1].text);
    {
      size_t e = arxiv_label_end(meta);
      std::string_view r = meta.substr(e);
      d.arxiv = std::string(trim(r.substr(0, r.find(" |"))));
      if (!arxiv_id_like(d.arxiv)) {
        out.warnings.push_back(source_error(lines[k + 1].number, "paper " + std::to_string(rank) + ": \"" + excerpt(d.arxiv) +
                                                                    "\" is not an arXiv id: left out"));
        d.arxiv.clear();
      }
    }
    d.institution = field_after(meta, "기관:");
    for (auto [emoji, what, field] : {std::tuple{std::string_view("⬆"), "upvotes", &d.upvotes}, std::tuple{std::string_view("⭐"), "stars", &d.stars}}) {
      bool found = false;
      std::string_view r = after_emoji(meta, emoji, found);
      *field = found ? meta_count(r) : -1;
      if (found && *field < 0)
        out.warnings.push_back(source_error(lines[k + 1].number, "paper " + std::to_string(rank) + ": no count after " +
                                                                    std::string(emoji == "⬆" ? "⬆️" : "⭐") + " (\"" +
                                                                    excerpt(meta.substr(meta.find(emoji))) + "\"): " + what + " left unknown"));
    }
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
      if (is_paper_heading(lines, k, r2, t2, rank + 1)) break;
      std::string_view t = trim(lines[k].text);
      if (starts_with(t, "📅 생성일:")) { k = lines.size(); break; }
      int si = section_index(t);
      if (si >= 0) {
        if (seen[static_cast<size_t>(si)])
          out.warnings.push_back(source_error(
              lines[k].number, "section \"" + digest_section_names()[static_cast<size_t>(si)] + "\" appears twice in paper " +
                                   std::to_string(rank) + " (heading at line " + std::to_string(heading_line) +
                                   "): a paper heading (\"N. title\" then \"arXiv: id | ...\") before it may be malformed; "
                                   "the text is kept in paper " + std::to_string(rank)));
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
      if (cur < 0) {
        // Text between the prerequisites and the first section has no place in the paper.
        if (!t.empty())
          out.warnings.push_back(source_error(lines[k].number, "text before the first section of paper " + std::to_string(rank) +
                                                                   " is not shown (no known section heading above it): \"" +
                                                                   excerpt(t) + "\""));
        continue;
      }
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
  if (g.ranking_count >= 0 && g.recommended_count >= 0 &&
      static_cast<int64_t>(out.papers.size()) != g.ranking_count + g.recommended_count) {
    int64_t counts_line = 1;
    for (const Line& l : lines)
      if (l.text.find("순위 기반:") != std::string_view::npos) { counts_line = l.number; break; }
    out.warnings.push_back(source_error(
        counts_line, "the digest states " + std::to_string(g.ranking_count + g.recommended_count) + " papers (ranking " +
                         std::to_string(g.ranking_count) + " + recommended " + std::to_string(g.recommended_count) + ") but " +
                         std::to_string(out.papers.size()) + " were read (a paper heading may be malformed, or the file cut short)"));
  }
  return out;
}

}  // namespace digest
