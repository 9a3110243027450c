// ingest_text.cpp — text helpers, dates, tag recovery and form detection for ingest.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <limits>

#include "digest/ingest.h"
#include "digest/utf8.h"
#include "ingest_internal.h"

namespace digest {
namespace ingest {

std::vector<Line> split_lines(std::string_view bytes, size_t start, int64_t first_number) {
  std::vector<Line> out;
  size_t i = start;
  int64_t n = first_number;
  while (i < bytes.size()) {
    size_t e = bytes.find('\n', i);
    size_t end = e == std::string_view::npos ? bytes.size() : e;
    size_t text_end = end;
    if (text_end > i && bytes[text_end - 1] == '\r') --text_end;
    out.push_back(Line{bytes.substr(i, text_end - i), n++, i});
    if (e == std::string_view::npos) break;
    i = e + 1;
  }
  return out;
}

std::string_view trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n')) --e;
  return s.substr(b, e - b);
}

std::string_view strip_bom(std::string_view s) {
  return starts_with(s, "\xEF\xBB\xBF") ? s.substr(3) : s;
}

Error source_error(int64_t line, std::string message, ErrorCode code) {
  Error e = make_error(code, std::move(message));
  e.line = line;
  return e;
}

bool parse_count(std::string_view s, int64_t& out) {
  s = trim(s);
  if (s.empty()) return false;
  int64_t v = 0;
  bool any = false;
  for (char c : s) {
    if (c == ',') continue;
    if (c < '0' || c > '9') return false;
    if (v > (std::numeric_limits<int64_t>::max() - 9) / 10) return false;
    v = v * 10 + (c - '0');
    any = true;
  }
  if (!any) return false;
  out = v;
  return true;
}

std::string decode_entities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t semi = s.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) {  // "&#x10FFFF;" is the longest kept
      out += s[i];
      continue;
    }
    std::string_view name = s.substr(i + 1, semi - i - 1);
    const char* named = name == "amp" ? "&" : name == "lt" ? "<" : name == "gt" ? ">" : name == "quot" ? "\""
                        : name == "apos" ? "'" : name == "nbsp" ? " " : nullptr;
    if (named) {
      out += named;
      i = semi;
      continue;
    }
    if (name.size() >= 2 && name[0] == '#') {
      bool hex = name[1] == 'x' || name[1] == 'X';
      std::string_view digits = name.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      bool ok = !digits.empty() && digits.size() <= 7;
      for (char c : digits) {
        if (!ok) break;
        int v = c >= '0' && c <= '9' ? c - '0' : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        if (v < 0) ok = false;
        else cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
      }
      if (ok && cp != 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
        utf8_append(out, cp);
        i = semi;
        continue;
      }
    }
    out += s[i];
  }
  return out;
}

std::string permalink_id(std::string_view s) {
  s = trim(s);
  std::string out;
  out.reserve(s.size());
  for (char c : s) {
    if (c == '/' && (out.empty() || out.back() == '/')) continue;
    out += c;
  }
  if (!out.empty() && out.back() == '/') out.pop_back();
  return out;
}

int64_t leading_number(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  size_t b = i;
  while (i < s.size() && ((s[i] >= '0' && s[i] <= '9') || (s[i] == ',' && i > b))) ++i;
  int64_t v;
  if (i == b || !parse_count(s.substr(b, i - b), v)) return -1;
  return v;
}

std::vector<std::string> split_top_level(std::string_view s, char sep) {
  std::vector<std::string> out;
  int depth = 0;
  size_t b = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    char c = i < s.size() ? s[i] : sep;
    if (c == '(' || c == '[') ++depth;
    else if ((c == ')' || c == ']') && depth > 0) --depth;
    else if (c == sep && (depth == 0 || i == s.size())) {
      std::string_view piece = trim(s.substr(b, i - b));
      if (!piece.empty()) out.emplace_back(piece);
      b = i + 1;
    }
  }
  return out;
}

std::string arxiv_from_text(std::string_view s) {
  for (std::string_view key : {"arxiv.org/abs/", "arxiv.org/pdf/"}) {
    size_t p = s.find(key);
    if (p == std::string_view::npos) continue;
    p += key.size();
    size_t e = p;
    while (e < s.size() && (std::isalnum(static_cast<unsigned char>(s[e])) || s[e] == '.' || s[e] == '/' ||
                            s[e] == '-'))
      ++e;
    std::string id(s.substr(p, e - p));
    if (ends_with(id, ".pdf")) id.resize(id.size() - 4);
    while (!id.empty() && (id.back() == '.' || id.back() == '/')) id.pop_back();
    if (!id.empty()) return id;
  }
  return "";
}

const std::vector<std::string>& digest_section_names() {
  static const std::vector<std::string> names = {
      "한 줄 요약", "💡 핵심 아이디어", "문제 정의", "🔬 방법론 상세", "핵심 기법",
      "📊 정량적 결과", "주요 성과", "🚀 기존 대비 개선점", "🎯 활용 분야", "한계 및 주의사항"};
  return names;
}

static bool is_list_item(std::string_view l) {
  l = trim(l);
  if (starts_with(l, "- ") || starts_with(l, "* ") || starts_with(l, "+ ")) return true;
  size_t i = 0;
  while (i < l.size() && l[i] >= '0' && l[i] <= '9') ++i;
  return i > 0 && i + 1 < l.size() && (l[i] == '.' || l[i] == ')') && l[i + 1] == ' ';
}

std::string join_markdown_lines(const std::vector<std::string_view>& lines) {
  std::string out;
  bool prev_item = false;
  bool first = true;
  for (std::string_view l : lines) {
    std::string_view t = trim(l);
    if (t.empty()) continue;
    bool item = is_list_item(t);
    if (!first) out += (item && prev_item) ? "\n" : "\n\n";
    out.append(t.data(), t.size());
    prev_item = item;
    first = false;
  }
  return out;
}

Document make_paper(const Digest& digest, int64_t rank, std::string title) {
  Document d;
  d.kind = DocKind::PAPER;
  d.id = digest.id + "/" + std::to_string(rank);
  d.slug = d.id;
  d.title = std::move(title);
  d.display_title = d.title;
  d.date = digest.date;
  d.rank = rank;
  d.parent = digest.id;
  return d;
}

}  // namespace ingest

using namespace ingest;

int64_t line_of_offset(std::string_view bytes, size_t offset) {
  offset = std::min(offset, bytes.size());
  return 1 + static_cast<int64_t>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

const char* source_form_name(SourceForm form) {
  switch (form) {
    case SourceForm::UNKNOWN: return "unknown";
    case SourceForm::REVIEW_MARKDOWN: return "review-markdown";
    case SourceForm::PAGE_PAYLOAD: return "page-payload";
    case SourceForm::DIGEST_TEXT: return "digest-text";
    case SourceForm::DIGEST_MARKDOWN: return "digest-markdown";
    case SourceForm::ROUNDUP: return "roundup";
  }
  return "unknown";
}

// ---- dates ---------------------------------------------------------------------------------------

static bool digits(std::string_view s, size_t at, size_t n, int& out) {
  if (at + n > s.size()) return false;
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

static bool valid_ymd(int y, int m, int d) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < kMinSourceYear || y > kMaxSourceYear || m < 1 || m > 12 || d < 1) return false;
  int max = days[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) max = 29;
  return d <= max;
}

Result<SourceDate> parse_source_date(std::string_view raw) {
  std::string_view s = trim(raw);
  auto bad = [&](const char* why) {
    return make_error(ErrorCode::BAD_VALUE,
                      "bad date \"" + std::string(utf8_prefix(s, 40)) + "\": " + why);
  };
  int y, mo, d;
  if (!(digits(s, 0, 4, y) && s.size() >= 10 && s[4] == '-' && digits(s, 5, 2, mo) && s[7] == '-' &&
        digits(s, 8, 2, d)))
    return bad("expected YYYY-MM-DD");
  if (std::string why = year_problem(y); !why.empty())  // a real day, but no review is dated so (a typo)
    return bad(why.c_str());
  if (!valid_ymd(y, mo, d)) return bad("no such calendar date");
  SourceDate out;
  out.date = std::string(s.substr(0, 10));
  if (s.size() == 10) return out;
  if (s[10] != ' ' && s[10] != 'T') return bad("expected a time after the date");
  size_t p = 11;
  while (p < s.size() && s[p] == ' ') ++p;
  int hh, mm, ss = 0;
  if (!(digits(s, p, 2, hh) && p + 2 < s.size() && s[p + 2] == ':' && digits(s, p + 3, 2, mm)))
    return bad("expected HH:MM");
  p += 5;
  if (p < s.size() && s[p] == ':') {
    if (!digits(s, p + 1, 2, ss)) return bad("expected HH:MM:SS");
    p += 3;
  }
  if (p < s.size() && s[p] == '.') {  // fractional seconds: accepted, not kept
    ++p;
    while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
  }
  if (hh > 23 || mm > 59 || ss > 60) return bad("no such time of day");
  while (p < s.size() && s[p] == ' ') ++p;
  std::string offset;
  if (p < s.size()) {
    if (s[p] == 'Z') {
      offset = "Z";
      ++p;
    } else if (s[p] == '+' || s[p] == '-') {
      int oh, om;
      if (!digits(s, p + 1, 2, oh)) return bad("bad UTC offset");
      size_t q = p + 3;
      if (q < s.size() && s[q] == ':') ++q;
      if (!digits(s, q, 2, om) || oh > 14 || om > 59) return bad("bad UTC offset");
      offset = std::string(1, s[p]) + std::string(s.substr(p + 1, 2)) + ":" + std::string(s.substr(q, 2));
      p = q + 2;
    }
  }
  if (p != s.size()) return bad("unexpected text after the time");
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", hh, mm, ss);
  out.datetime = out.date + buf + offset;
  return out;
}

// ---- tags ----------------------------------------------------------------------------------------

std::string normalize_tag(std::string_view tag) {
  std::string out;
  for (char c : trim(tag)) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c == ' ' || c == '_' || c == '\t') c = '-';
    if (c == '-' && (out.empty() || out.back() == '-')) continue;
    out += c;
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::vector<std::string> split_tag_run(std::string_view run, const TagVocabulary& vocab) {
  run = trim(run);
  std::vector<std::string> out;
  if (run.empty()) return out;
  if (run.size() > kMaxTagRunBytes) {  // pathological: keep as one tag rather than run the DP
    out.emplace_back(run);
    return out;
  }
  // Cost of a split: unknown pieces are expensive (per piece and per byte), known tags cheap, so
  // the best split covers as much as possible with known tags without cutting unknown text into
  // fragments. State 0: a boundary; state 1: inside an unknown piece.
  const int64_t kUnknownPiece = 6, kUnknownByte = 2, kPiece = 1;
  const int64_t inf = std::numeric_limits<int64_t>::max() / 4;
  size_t n = run.size();
  std::vector<int64_t> cost0(n + 1, inf), cost1(n + 1, inf);
  std::vector<size_t> back0(n + 1, 0);  // start of the last piece ending at i (state 0)
  std::vector<char> from0(n + 1, 0);    // for a known piece: 0 came from boundary, 1 from unknown
  std::vector<size_t> start1(n + 1, 0); // state 1: start of the unknown piece
  cost0[0] = 0;
  std::string key;
  auto boundary_ok = [&](size_t i) {  // a boundary at i must not sit next to a hyphen
    return i == 0 || i == n || (run[i - 1] != '-' && run[i] != '-');
  };
  for (size_t i = 0; i < n; ++i) {
    // Only cut at UTF-8 character starts.
    if ((static_cast<unsigned char>(run[i]) & 0xC0) == 0x80) continue;
    size_t step = utf8_sequence_length(run, i);
    if (step == 0) step = 1;
    // Close an unknown piece at i (it becomes a boundary).
    if (cost1[i] < inf && boundary_ok(i) && cost1[i] < cost0[i]) {
      cost0[i] = cost1[i];
      back0[i] = start1[i];
      from0[i] = 2;  // 2: the piece ending here is unknown
    }
    // Unknown text: start a piece at a boundary, or extend one.
    if (i + step <= n) {
      if (cost0[i] < inf && boundary_ok(i)) {
        int64_t c = cost0[i] + kUnknownPiece + kPiece + kUnknownByte * static_cast<int64_t>(step);
        if (c < cost1[i + step]) { cost1[i + step] = c; start1[i + step] = i; }
      }
      if (cost1[i] < inf) {
        int64_t c = cost1[i] + kUnknownByte * static_cast<int64_t>(step);
        if (c < cost1[i + step]) { cost1[i + step] = c; start1[i + step] = start1[i]; }
      }
    }
    // Known tags starting at the boundary i.
    if (cost0[i] < inf && boundary_ok(i)) {
      for (size_t len = 1; len <= kMaxTagBytes && i + len <= n; ++len) {
        size_t j = i + len;
        if (!boundary_ok(j)) continue;
        key.assign(run.data() + i, len);  // reused buffer: no allocation per lookup
        if (!vocab.count(key)) continue;
        int64_t c = cost0[i] + kPiece;
        if (c < cost0[j]) { cost0[j] = c; back0[j] = i; from0[j] = 1; }
      }
    }
  }
  if (cost1[n] < inf && cost1[n] < cost0[n]) {
    cost0[n] = cost1[n];
    back0[n] = start1[n];
    from0[n] = 2;
  }
  if (cost0[n] >= inf) {
    out.emplace_back(run);
    return out;
  }
  for (size_t j = n; j > 0;) {
    size_t i = back0[j];
    out.emplace_back(run.substr(i, j - i));
    j = i;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

std::vector<Prerequisite> parse_prerequisites(std::string_view s, char separator) {
  std::vector<Prerequisite> out;
  for (const std::string& item : split_top_level(s, separator)) {
    Prerequisite p;
    size_t open = item.find('(');
    if (open != std::string::npos && open > 0 && item.back() == ')') {
      p.name = std::string(trim(std::string_view(item).substr(0, open)));
      p.gloss = std::string(trim(std::string_view(item).substr(open + 1, item.size() - open - 2)));
    } else {
      p.name = item;
    }
    if (!p.name.empty()) out.push_back(std::move(p));
  }
  return out;
}

// ---- detection -----------------------------------------------------------------------------------

static bool is_hex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

SourceForm detect_source_form(std::string_view bytes) {
  std::string_view s = strip_bom(bytes);
  // Front matter forms.
  // "---" and nothing but spaces on the first line (QA: "--- " was "unknown source form", though
  // the front matter reader and Jekyll both accept it).
  const size_t first_end = std::min(s.find('\n'), s.size());
  if (starts_with(s, "---") && s.find('\n') != std::string_view::npos && trim(s.substr(0, first_end)) == "---") {
    size_t pos = s.find('\n') + 1;
    for (size_t guard = 0; pos < s.size() && guard < 4096; ++guard) {  // 4096 lines: a runaway header
      size_t e = s.find('\n', pos);
      Line l{s.substr(pos, (e == std::string_view::npos ? s.size() : e) - pos), 0, pos};
      pos = e == std::string_view::npos ? s.size() : e + 1;
      std::string_view t = trim(l.text);
      if (t == "---" || t == "...") break;
      if (starts_with(l.text, "type:")) {
        std::string_view v = trim(l.text.substr(5));
        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'')) v = v.substr(1, v.size() - 2);
        std::string lower(v);  // "Daily-Digest" is the same type
        for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (lower == "daily-digest") return SourceForm::DIGEST_MARKDOWN;
        if (lower == "weekly-roundup") return SourceForm::ROUNDUP;
      }
    }
    return SourceForm::REVIEW_MARKDOWN;
  }
  // RSC payload: "<hex>:" then a row.
  size_t i = 0;
  while (i < s.size() && i < 8 && is_hex(s[i])) ++i;
  if (i > 0 && i < s.size() && s[i] == ':') {
    std::string_view rest = s.substr(i + 1);
    if (starts_with(rest, "I[") || starts_with(rest, "[") || starts_with(rest, "{") || starts_with(rest, "\"") ||
        starts_with(rest, "null") || starts_with(rest, "HL[") ||
        (starts_with(rest, "T") && rest.size() > 1 && is_hex(rest[1])))
      return SourceForm::PAGE_PAYLOAD;
  }
  // Daily digest text: the first non-blank line starts with 📚.
  for (const Line& l : split_lines(s.substr(0, std::min<size_t>(s.size(), 4096)))) {
    std::string_view t = trim(l.text);
    if (t.empty()) continue;
    if (starts_with(t, "📚")) return SourceForm::DIGEST_TEXT;
    break;
  }
  // Roundup without front matter.
  if (s.find("[논문](") != std::string_view::npos) {
    for (const Line& l : split_lines(s))
      if (starts_with(l.text, "**1.")) return SourceForm::ROUNDUP;  // "**1. " or "**1.Title"
  }
  return SourceForm::UNKNOWN;
}

}  // namespace digest
