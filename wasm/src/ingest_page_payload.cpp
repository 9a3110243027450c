// ingest_page_payload.cpp — form PAGE_PAYLOAD: a Next.js React Server Components stream.
//
// Rows are `<hex id>:<payload>\n`, except text rows `<hex id>:T<hex byte length>,<bytes>` whose
// bytes (HTML, spanning lines) are counted, not line-terminated: the next row starts right after
// them. The page tree (`2:` row) is JSON: elements are ["$", tag, key, props], props.children is
// a string, an element or an array of those.
#include <map>

#include "digest/ingest.h"
#include "digest/utf8.h"
#include "ingest_internal.h"
#include "simdjson.h"

namespace digest {

using namespace ingest;

namespace {

struct Row {
  std::string id;
  std::string_view payload;
  bool text = false;  // a T chunk
  bool crlf = false;  // a T chunk whose length counted each CRLF as one byte (see split_rows)
  int64_t line = 0;
};

bool hex_value(std::string_view s, size_t& out) {
  if (s.empty() || s.size() > 12) return false;
  size_t v = 0;
  for (char c : s) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<size_t>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<size_t>(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') v |= static_cast<size_t>(c - 'A' + 10);
    else return false;
  }
  out = v;
  return true;
}

// True when a row may start at `i`: the end of the input, a line ending, or `<hex id>:`.
bool row_starts_at(std::string_view s, size_t i) {
  if (i >= s.size() || s[i] == '\n' || s[i] == '\r') return true;
  size_t colon = s.find(':', i);
  size_t v;
  return colon != std::string_view::npos && colon > i && colon - i <= 8 && hex_value(s.substr(i, colon - i), v);
}

// End of a chunk of `len` bytes from `start` when each CRLF counts as one byte (a file whose LF
// line endings were converted to CRLF after the lengths were written), npos if it runs out.
size_t crlf_chunk_end(std::string_view s, size_t start, size_t len) {
  size_t i = start;
  for (size_t n = 0; n < len; ++n) {
    if (i >= s.size()) return std::string_view::npos;
    i += (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ? 2 : 1;
  }
  return i;
}

Result<std::vector<Row>> split_rows(std::string_view s) {
  std::vector<Row> rows;
  size_t i = 0;
  int64_t line = 1;
  bool file_crlf = s.find("\r\n") != std::string_view::npos;
  std::string after_chunk;  // set right after a text chunk: what a bad next row should mention
  while (i < s.size()) {
    if (s[i] == '\n') { ++i; ++line; continue; }
    if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') { i += 2; ++line; continue; }
    size_t colon = s.find(':', i);
    size_t nl = s.find('\n', i);
    if (colon == std::string_view::npos || (nl != std::string_view::npos && nl < colon) || colon - i > 8)
      return source_error(line, "bad payload row: expected \"<hex id>:\"" + after_chunk);
    Row r;
    r.id = std::string(s.substr(i, colon - i));
    size_t dummy;
    if (!hex_value(r.id, dummy))
      return source_error(line, "bad payload row id \"" + r.id.substr(0, 10) + "\"" + after_chunk);
    after_chunk.clear();
    r.line = line;
    size_t p = colon + 1;
    if (p < s.size() && s[p] == 'T') {
      size_t comma = s.find(',', p);
      size_t len = 0;
      if (comma == std::string_view::npos || comma - p > 13 || !hex_value(s.substr(p + 1, comma - p - 1), len))
        return source_error(line, "bad text chunk header: expected T<hex byte length>,");
      size_t start = comma + 1;
      size_t end = len <= s.size() - start ? start + len : std::string_view::npos;
      // A chunk's length counts the bytes as the server sent them (LF line endings). When the file
      // was saved with CRLF, the exact length ends early (or runs out): count each CRLF as one
      // byte instead, if that ends where a row can start.
      if (file_crlf && (end == std::string_view::npos || !row_starts_at(s, end))) {
        size_t alt = crlf_chunk_end(s, start, len);
        if (alt != std::string_view::npos && row_starts_at(s, alt)) {
          end = alt;
          r.crlf = true;
        }
      }
      if (end == std::string_view::npos)
        return source_error(line, "unterminated text chunk " + r.id + ": it declares " + std::to_string(len) +
                                      " bytes but only " + std::to_string(s.size() - start) + " remain" +
                                      (file_crlf ? " (the file has CRLF line endings; counting each as one byte does not fit either)" : ""));
      r.payload = s.substr(start, end - start);
      r.text = true;
      for (char c : r.payload) line += c == '\n';
      i = end;
      after_chunk = " (after text chunk " + r.id + " of line " + std::to_string(r.line) + ": its declared length " +
                    std::to_string(len) + " bytes may be wrong" +
                    (file_crlf ? "; the file has CRLF line endings, which change byte lengths)" : ")");
    } else {
      size_t end = nl == std::string_view::npos ? s.size() : nl;
      if (end > p && s[end - 1] == '\r') --end;
      r.payload = s.substr(p, end - p);
      i = end;
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

namespace dom = simdjson::dom;

// Collects the text of an element's children (strings only, recursively).
void text_of(dom::element e, std::string& out) {
  if (e.is_string()) {
    std::string_view s;
    if (!e.get_string().get(s)) out.append(s.data(), s.size());
    return;
  }
  dom::array a;
  if (e.get_array().get(a)) return;
  // An element ["$", tag, key, props] or a list of children.
  std::string_view first;
  if (a.size() == 4 && !a.at(0).get_string().get(first) && first == "$") {
    dom::object props;
    if (!a.at(3).get_object().get(props)) {
      dom::element c;
      if (!props["children"].get(c)) text_of(c, out);
    }
    return;
  }
  for (dom::element c : a) text_of(c, out);
}

struct PageFields {
  std::string title, time_attr, time_text, updated_text, category;
  std::vector<std::string> tags;
  DocLink prev, next;
  std::string html_ref;  // "$9"
};

void walk(dom::element e, PageFields& f, const std::string& parent_class);

void walk_children(dom::element e, PageFields& f, const std::string& cls) {
  dom::array a;
  if (!e.get_array().get(a)) {
    std::string_view first;
    if (a.size() == 4 && !a.at(0).get_string().get(first) && first == "$") {
      walk(e, f, cls);
      return;
    }
    for (dom::element c : a) walk_children(c, f, cls);
  }
}

std::string prop_string(dom::object props, const char* key) {
  std::string_view s;
  if (props[key].get_string().get(s)) return "";
  return std::string(s);
}

// The <li> of 이전글 / 다음글: text "이전글" + a link element with href and title text.
void read_nav_item(dom::element li_children, PageFields& f) {
  std::string text;
  text_of(li_children, text);
  bool prev = text.find("이전글") != std::string::npos, next = text.find("다음글") != std::string::npos;
  if (!prev && !next) return;
  dom::array a;
  if (li_children.get_array().get(a)) return;
  for (dom::element c : a) {
    dom::array ca;
    if (c.get_array().get(ca) || ca.size() != 4) continue;
    dom::object props;
    if (ca.at(3).get_object().get(props)) continue;
    std::string href = prop_string(props, "href");
    if (href.empty()) continue;
    DocLink l;
    l.id = permalink_id(href);
    dom::element t;
    if (!props["children"].get(t)) text_of(t, l.title);
    (prev ? f.prev : f.next) = l;
  }
}

void walk(dom::element e, PageFields& f, const std::string& parent_class) {
  dom::array a;
  if (e.get_array().get(a)) return;
  std::string_view first, tag;
  if (!(a.size() == 4 && !a.at(0).get_string().get(first) && first == "$" && !a.at(1).get_string().get(tag))) {
    for (dom::element c : a) walk(c, f, parent_class);
    return;
  }
  dom::object props;
  if (a.at(3).get_object().get(props)) return;
  std::string cls = prop_string(props, "className");
  dom::element children;
  bool has_children = !props["children"].get(children);
  if (tag == "h1" && cls.find("page__title") != std::string::npos && has_children && f.title.empty()) {
    text_of(children, f.title);
    return;
  }
  if (tag == "time") {
    if (f.time_attr.empty()) f.time_attr = prop_string(props, "dateTime");
    if (has_children && f.time_text.empty()) text_of(children, f.time_text);
    return;
  }
  if (tag == "span" && cls.find("page__taxonomy-item") != std::string::npos && has_children) {
    std::string t;
    text_of(children, t);
    std::string_view v = trim(t);
    if (starts_with(v, "#")) v.remove_prefix(1);
    v = trim(v);
    if (!v.empty()) f.tags.emplace_back(v);
    return;
  }
  if (tag == "span" && has_children && f.updated_text.empty()) {
    std::string t;
    text_of(children, t);
    if (starts_with(trim(t), "수정:")) {
      f.updated_text = std::string(trim(std::string_view(t).substr(std::string_view("수정:").size())));
      return;
    }
  }
  if (tag == "h3" && has_children && f.category.empty()) {
    std::string t;
    text_of(children, t);
    size_t p = t.find(" 의 다른글");
    if (p != std::string::npos) f.category = std::string(trim(std::string_view(t).substr(0, p)));
  }
  if (tag == "li" && has_children) read_nav_item(children, f);
  dom::object inner;
  if (!props["dangerouslySetInnerHTML"].get_object().get(inner)) {
    std::string ref = prop_string(inner, "__html");
    if (starts_with(ref, "$") && f.html_ref.empty()) f.html_ref = ref;
  }
  if (has_children) walk_children(children, f, cls);
}

// "2025년 12월 5일" -> "2025-12-05"; "" when it is not that shape.
std::string korean_date(std::string_view s) {
  s = trim(s);
  int64_t y = leading_number(s);
  size_t p = s.find("년");
  if (y < 0 || p == std::string_view::npos) return "";
  std::string_view r = s.substr(p + std::string_view("년").size());
  int64_t m = leading_number(r);
  p = r.find("월");
  if (m < 0 || p == std::string_view::npos) return "";
  r = r.substr(p + std::string_view("월").size());
  int64_t d = leading_number(r);
  if (d < 0 || r.find("일") == std::string_view::npos) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m), static_cast<int>(d));
  return buf;
}

}  // namespace

Result<ParsedReview> parse_page_payload(std::string_view all) {
  std::string_view bytes = strip_bom(all);
  auto rr = split_rows(bytes);
  if (!rr) return rr.error();
  const std::vector<Row>& rows = rr.value();
  ParsedReview out;
  Document& d = out.doc;
  d.kind = DocKind::REVIEW;

  std::map<std::string, const Row*> by_id;
  for (const Row& r : rows) {
    auto [at, fresh] = by_id.emplace(r.id, &r);
    // Two rows under one id: the first is used; the second would be lost without a word.
    if (!fresh) {
      auto byte = [&](const Row& x) { return std::to_string(x.payload.data() - all.data()); };  // in the file, BOM included
      out.warnings.push_back(source_error(r.line, "row \"" + std::string(utf8_prefix(r.id, 16)) + ":\" appears again, its content at byte " +
                                                      byte(r) + " (the first, at byte " + byte(*at->second) + ", is used); this one is ignored"));
    }
  }

  simdjson::dom::parser parser;
  // Slug: the row ["slug","ai/review/...","c"].
  for (const Row& r : rows) {
    if (r.text || !starts_with(r.payload, "[\"slug\"")) continue;
    simdjson::dom::element e;
    if (parser.parse(r.payload.data(), r.payload.size()).get(e)) continue;
    simdjson::dom::array a;
    std::string_view v;
    if (!e.get_array().get(a) && a.size() >= 2 && !a.at(1).get_string().get(v)) {
      d.slug = permalink_id(v);
      break;
    }
  }

  auto it = by_id.find("2");
  if (it == by_id.end() || it->second->text) return source_error(1, "page payload has no \"2:\" page row");
  const Row& page = *it->second;
  simdjson::padded_string json(page.payload.data(), page.payload.size());
  simdjson::dom::element root;
  auto err = parser.parse(json).get(root);
  if (err) return source_error(page.line, std::string("the \"2:\" row is not valid JSON: ") + simdjson::error_message(err));
  PageFields f;
  walk(root, f, "");

  if (d.slug.empty()) return source_error(1, "page payload has no [\"slug\", ...] row");
  d.id = d.slug;
  if (trim(f.title).empty()) return source_error(page.line, "page has no title (h1.page__title)");
  d.title = std::string(trim(f.title));
  const std::string prefix = "[논문리뷰] ";
  d.display_title = starts_with(d.title, prefix) ? d.title.substr(prefix.size()) : d.title;
  if (is_blank_text(d.display_title)) return source_error(page.line, "page title is empty (h1.page__title)");

  // Date: the dateTime attribute ("2025-12-05 00:00:00+0900+0900": the site repeats the offset),
  // else the visible "2025년 12월 5일".
  std::string attr = f.time_attr;
  if (attr.size() > 5) {
    std::string tail = attr.substr(attr.size() - 5);
    if ((tail[0] == '+' || tail[0] == '-') && attr.size() >= 10 &&
        attr.compare(attr.size() - 10, 5, tail) == 0)
      attr.resize(attr.size() - 5);
  }
  if (!attr.empty()) {
    auto dt = parse_source_date(attr);
    if (!dt) return source_error(page.line, "time dateTime: " + dt.error().message, ErrorCode::BAD_VALUE);
    d.date = dt.value().date;
    d.datetime = dt.value().datetime;
  } else {
    std::string kd = korean_date(f.time_text);
    auto dt = parse_source_date(kd);
    if (kd.empty() || !dt)
      return source_error(page.line, "page has no readable date (time dateTime or \"YYYY년 M월 D일\")",
                          ErrorCode::BAD_VALUE);
    d.date = dt.value().date;
  }
  if (!f.updated_text.empty()) {
    std::string kd = korean_date(f.updated_text);
    auto dt = kd.empty() ? Result<SourceDate>(source_error(page.line, "")) : parse_source_date(kd);
    if (dt) d.updated = kd;
    else  // (QA: an unreadable edit date vanished, where review markdown's is an error with its line)
      out.warnings.push_back(source_error(page.line, "edit date \"" + std::string(utf8_prefix(f.updated_text, 40)) + "\" is not a readable date" +
                                                       (kd.empty() ? std::string() : ": " + dt.error().message) + ": left out",
                                          ErrorCode::BAD_VALUE));
  }
  d.tags = f.tags;
  if (!f.category.empty()) d.categories.push_back(f.category);
  d.prev = f.prev;
  d.next = f.next;

  if (!f.html_ref.empty()) {
    auto h = by_id.find(f.html_ref.substr(1));
    if (h == by_id.end())
      return source_error(page.line, "the page body refers to row " + f.html_ref + ", which is missing");
    d.html = std::string(h->second->payload);
    if (h->second->crlf) {  // the HTML as the server sent it: LF line endings
      std::string lf;
      lf.reserve(d.html.size());
      for (size_t k = 0; k < d.html.size(); ++k)
        if (!(d.html[k] == '\r' && k + 1 < d.html.size() && d.html[k + 1] == '\n')) lf += d.html[k];
      d.html = std::move(lf);
    }
  }
  // Metadata the body carries: arXiv link, authors, AI-written notice.
  d.arxiv = arxiv_from_text(d.html);
  size_t a = d.html.find("<strong>저자:</strong>");
  if (a != std::string::npos) {
    a += std::string_view("<strong>저자:</strong>").size();
    size_t e = d.html.find("</p>", a);
    std::string_view names = std::string_view(d.html).substr(a, e == std::string::npos ? 0 : e - a);
    if (names.find('<') == std::string_view::npos) {
      d.authors = split_top_level(names, ',');
      for (std::string& n : d.authors) n = std::string(trim(decode_entities(n)));  // HTML text: "Lee &amp; Park"
    }
  }
  d.ai_written = d.html.find("<strong>알림:</strong>") != std::string::npos &&
                 d.html.find("AI로 작성") != std::string::npos;
  return out;
}

}  // namespace digest
