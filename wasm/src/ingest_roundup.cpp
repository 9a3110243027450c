// ingest_roundup.cpp — form ROUNDUP: a weekly roundup post (seed 001's shape).
//
//   ---                          (optional front matter; the date is required)
//   type: weekly-roundup
//   date: 2025-09-28
//   title: ...
//   ---
//   intro text
//   **1. Title**는 lead paragraph ...
//
//   **Label:** sub-paragraph ...
//
//   **Other label:** ... [논문](url) | [트윗](url)
//
//   **2. Next title**: ...
#include "digest/ingest.h"
#include "ingest_internal.h"

namespace digest {

using namespace ingest;

namespace {

// "**12. Title**rest" (or "**12.Title**rest") -> rank 12, title, rest; false if the line is not
// a paper start.
bool paper_start(std::string_view t, int64_t& rank, std::string& title, std::string_view& rest) {
  if (!starts_with(t, "**")) return false;
  std::string_view s = t.substr(2);
  size_t i = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  if (i == 0 || i > 4 || i + 1 >= s.size() || s[i] != '.') return false;
  // "**1.5x faster**" is bold text, not paper 1: after "N." comes a space or a non-digit.
  if (s[i + 1] >= '0' && s[i + 1] <= '9') return false;
  size_t close = s.find("**", i);
  if (close == std::string_view::npos) return false;
  rank = leading_number(s);
  title = std::string(trim(s.substr(i + 1, close - i - 1)));
  rest = s.substr(close + 2);
  return !title.empty();
}

// "**Label:** text" -> label, text.
bool labelled(std::string_view t, std::string& label, std::string_view& text) {
  if (!starts_with(t, "**")) return false;
  size_t close = t.find("**", 2);
  if (close == std::string_view::npos) return false;
  std::string_view inner = trim(t.substr(2, close - 2));
  std::string_view after = t.substr(close + 2);
  if (ends_with(inner, ":")) inner.remove_suffix(1);
  else if (starts_with(after, ":")) after.remove_prefix(1);
  else return false;
  label = std::string(trim(inner));
  text = trim(after);
  return !label.empty();
}

}  // namespace

Result<ParsedDigest> parse_roundup(std::string_view all) {
  std::string_view bytes = strip_bom(all);
  ParsedDigest out;
  Digest& g = out.digest;
  g.kind = "weekly";
  size_t body = 0;
  int64_t body_line = 1;
  if (starts_with(bytes, "---\n") || starts_with(bytes, "---\r\n")) {
    auto fmr = parse_front_matter(bytes);
    if (!fmr) return fmr.error();
    const FrontMatter& fm = fmr.value();
    body = fm.body_offset;
    body_line = fm.body_line;
    const FrontMatterValue* date = fm.find("date");
    if (!date || date->is_list)
      return source_error(1, "weekly roundup front matter has no \"date\"");
    auto dt = parse_source_date(date->scalar);
    if (!dt) return source_error(date->line, dt.error().message, ErrorCode::BAD_VALUE);
    g.date = dt.value().date;
    if (const FrontMatterValue* t = fm.find("title")) g.title = t->scalar;
  } else {
    return source_error(1, "weekly roundup has no date: add front matter with \"type: weekly-roundup\" and "
                           "\"date: YYYY-MM-DD\" (a roundup without a date cannot be placed or given an id)");
  }
  g.id = "roundup-" + g.date;
  if (g.title.empty()) g.title = g.date + " 주간 논문 소식";

  // Paragraphs: runs of non-blank lines.
  struct Para { std::string text; int64_t line; };
  std::vector<Para> paras;
  bool gap = true;
  for (const Line& l : split_lines(bytes, body, body_line)) {
    std::string_view t = trim(l.text);
    if (t.empty()) {
      gap = true;
      continue;
    }
    if (gap) paras.push_back(Para{std::string(t), l.number});
    else paras.back().text += "\n" + std::string(t);
    gap = false;
  }

  std::vector<std::string_view> intro, closing;
  Document* d = nullptr;
  bool after_rule = false;  // a "---" after a paper: what follows is the roundup's closing text
  for (const Para& p : paras) {
    int64_t rank;
    std::string title, label;
    std::string_view rest, text;
    if (paper_start(p.text, rank, title, rest)) {
      if (rank <= 0) return source_error(p.line, "paper rank must be 1 or more");
      for (const Document& q : out.papers)
        if (q.rank == rank) return source_error(p.line, "paper rank " + std::to_string(rank) + " appears twice");
      out.papers.push_back(make_paper(g, rank, title));
      out.paper_lines.push_back(p.line);
      d = &out.papers.back();
      // The lead reads as a sentence whose subject is the title ("**ATOKEN**은 ...").
      if (starts_with(rest, ":")) d->summary = title + ": " + std::string(trim(rest.substr(1)));
      else d->summary = title + std::string(rest);
      d->markdown = std::string(p.text);
      d->arxiv = arxiv_from_text(p.text);
      after_rule = false;
      continue;
    }
    if (!d) {
      if (p.text != "---") intro.push_back(p.text);
      continue;
    }
    if (p.text == "---" || p.text == "***" || p.text == "___") {
      after_rule = true;
      continue;
    }
    if (after_rule) {
      closing.push_back(p.text);
      continue;
    }
    if (d->arxiv.empty()) d->arxiv = arxiv_from_text(p.text);
    if (labelled(p.text, label, text)) {
      d->sections.push_back(Section{label, std::string(text)});
    } else if (!d->sections.empty()) {
      d->sections.back().markdown += "\n\n" + p.text;
    } else {
      d->markdown += "\n\n" + p.text;
    }
  }
  if (out.papers.empty()) return source_error(body_line, "weekly roundup has no papers (\"**1. title**\")");
  std::string in;
  for (std::string_view t : intro) {
    if (!in.empty()) in += "\n\n";
    in.append(t.data(), t.size());
  }
  if (!closing.empty()) {
    if (!in.empty()) in += "\n\n---\n\n";
    for (size_t k = 0; k < closing.size(); ++k) {
      if (k) in += "\n\n";
      in.append(closing[k].data(), closing[k].size());
    }
  }
  g.intro = in;
  return out;
}

}  // namespace digest
