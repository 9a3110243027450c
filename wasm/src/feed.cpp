// feed.cpp — Atom and JSON Feed writers (see feed.h).
#include "digest/feed.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "digest/doc_json.h"
#include "digest/json_writer.h"
#include "digest/slug.h"
#include "digest/utf8.h"
#include "query_internal.h"  // qi::tag_key: the tag identity the viewer's facets and filters use

namespace digest {

namespace {

constexpr const char* kDefaultTitle = "Paper Digest";
constexpr const char* kEpoch = "1970-01-01T00:00:00Z";

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// "YYYY-MM-DD" with a month 1-12 and a day 1-31 (the loader already validated real bundles;
// this only keeps a hand-made bundle from producing an invalid feed timestamp).
bool is_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!is_digit(s[i])) return false;
  int month = (s[5] - '0') * 10 + (s[6] - '0');
  int day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// "YYYY-MM-DDTHH:MM:SS[.fff](Z|+HH:MM|-HH:MM)": the RFC 3339 date-time Atom requires.
bool is_rfc3339(std::string_view s) {
  if (s.size() < 20 || !is_date(s.substr(0, 10)) || s[10] != 'T') return false;
  if (!is_digit(s[11]) || !is_digit(s[12]) || s[13] != ':' || !is_digit(s[14]) || !is_digit(s[15]) || s[16] != ':' ||
      !is_digit(s[17]) || !is_digit(s[18]))
    return false;
  auto two = [&](size_t k) { return (s[k] - '0') * 10 + (s[k + 1] - '0'); };
  if (two(11) > 23 || two(14) > 59 || two(17) > 60) return false;  // "25:99:00" is no time of day
  size_t i = 19;
  if (s[i] == '.') {
    ++i;
    size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start) return false;
  }
  std::string_view zone = s.substr(i);
  if (zone == "Z") return true;
  return zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && is_digit(zone[1]) && is_digit(zone[2]) &&
         zone[3] == ':' && is_digit(zone[4]) && is_digit(zone[5]) && two(i + 1) <= 23 && two(i + 4) <= 59;
}

// Seconds since 1970 (UTC) of an is_rfc3339 timestamp, fractions dropped: what orders two
// timestamps written with different offsets ("2025-12-30T17:40:28+09:00" is before
// "2025-12-30T09:00:00Z"; as text it sorts after).
int64_t utc_seconds(std::string_view s) {
  auto num = [&](size_t k, size_t n) {
    int64_t v = 0;
    for (size_t i = k; i < k + n; ++i) v = v * 10 + (s[i] - '0');
    return v;
  };
  int64_t y = num(0, 4), m = num(5, 2), d = num(8, 2);
  // Days from the civil date (H. Hinnant's algorithm), then the time of day and the offset.
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t days = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
  int64_t t = days * 86400 + num(11, 2) * 3600 + num(14, 2) * 60 + num(17, 2);
  size_t i = 19;
  if (s[i] == '.')
    for (++i; i < s.size() && is_digit(s[i]); ++i) {
    }
  if (s[i] != 'Z') {
    const int64_t off = num(i + 1, 2) * 3600 + num(i + 4, 2) * 60;
    t -= s[i] == '+' ? off : -off;
  }
  return t;
}

// Of two timestamps (each is_rfc3339 or ""), the later instant; "" only when both are.
const std::string& later(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return utc_seconds(b) > utc_seconds(a) ? b : a;
}

// XML 1.0 character data: escapes markup characters; replaces what XML cannot carry at all
// (C0 controls except tab/newline/CR, U+FFFE/U+FFFF, invalid UTF-8) with U+FFFD, because one
// such byte makes the whole feed unreadable to a conforming parser.
void append_xml_text(std::string& out, std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&apos;"; break;
        default:
          if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') utf8_append(out, 0xFFFD);
          else out += static_cast<char>(c);
      }
      continue;
    }
    size_t len = utf8_sequence_length(s, i);
    if (len == 0) {
      utf8_append(out, 0xFFFD);
      ++i;
      continue;
    }
    size_t at = i;
    uint32_t cp = utf8_decode(s, at);
    if (cp == 0xFFFE || cp == 0xFFFF) utf8_append(out, 0xFFFD);
    else out.append(s.substr(i, len));
    i += len;
  }
}

void xml_element(std::string& out, const char* indent, const char* name, std::string_view text) {
  out += indent;
  out += '<';
  out += name;
  out += '>';
  append_xml_text(out, text);
  out += "</";
  out += name;
  out += ">\n";
}

// Percent-encodes everything but RFC 3986 unreserved characters and '/', so an id or a slug
// (Hangul included) becomes a valid URL path or fragment.
std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || is_digit(static_cast<char>(c)) || c == '-' || c == '_' ||
        c == '.' || c == '~' || c == '/') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string doc_url(std::string_view base, const Document& d) { return std::string(base) + "#/doc/" + url_encode(d.id); }

const std::string& entry_title(const Document& d) { return d.display_title.empty() ? d.title : d.display_title; }

// The plain-text summary of an entry: the one-line summary of a paper, else the excerpt.
const std::string& entry_summary(const Document& d) { return d.summary.empty() ? d.excerpt : d.summary; }

// When an entry last changed: its `updated` day when that is after its timestamp, else the
// timestamp ("" for a document with no valid date).
std::string entry_updated(const Document& d) {
  std::string stamp = document_timestamp(d);
  // Only an edit on a later day than publication: `updated` is a local day, and the same day as
  // midnight UTC would invent an edit up to nine hours after a Korean morning's publication.
  if (!is_date(d.updated) || !(d.updated > d.date)) return stamp;
  return later(stamp, d.updated + "T00:00:00Z");
}

// The feed changed when its latest entry did (RFC 4287 4.2.15: never before an entry's <updated>).
std::string feed_updated(const Bundle& b, const FeedSpec& spec) {
  std::string newest;
  for (uint32_t i : spec.docs) newest = later(newest, entry_updated(b.docs[i]));
  if (!newest.empty()) return newest;
  if (is_rfc3339(b.build.built_at)) return b.build.built_at;
  return kEpoch;
}

}  // namespace

std::string document_timestamp(const Document& doc) {
  if (is_rfc3339(doc.datetime) && doc.datetime.compare(0, 10, doc.date) == 0) return doc.datetime;
  if (is_date(doc.date)) return doc.date + "T00:00:00Z";
  if (is_rfc3339(doc.datetime)) return doc.datetime;
  return "";
}

std::string tag_file_name(std::string_view key) {
  std::string s = tag_slug(key);
  if (s == key) return s;
  // The slug dropped or changed something (C++ -> c, a.b -> ab, an emoji -> tag-1f525): a hash of
  // the identity keeps the name to this tag alone, whatever other tags the build holds.
  uint32_t h = 2166136261u;  // FNV-1a
  for (unsigned char c : key) h = (h ^ c) * 16777619u;
  char buf[12];
  std::snprintf(buf, sizeof buf, "-%08x", static_cast<unsigned>(h));
  return s + buf;
}

std::vector<std::pair<std::string, size_t>> top_tags(const Bundle& bundle, size_t n) {
  // Tags of one identity (qi::tag_key: "Large Language Models" = "large-language-models") are one
  // tag, as in the viewer's facets: counted per document once, shown in their most used spelling
  // (ties: bytewise smallest).
  struct Group {
    size_t docs = 0;
    std::map<std::string, size_t> spellings;
  };
  std::unordered_map<std::string, Group> groups;
  for (const Document& d : bundle.docs) {
    std::unordered_set<std::string> seen;
    for (const std::string& t : d.tags) {
      if (t.empty()) continue;
      std::string key = qi::tag_key(t);
      if (key.empty()) key = t;
      Group& g = groups[key];
      ++g.spellings[t];
      if (seen.insert(std::move(key)).second) ++g.docs;
    }
  }
  std::vector<std::pair<std::string, size_t>> out;
  out.reserve(groups.size());
  for (const auto& [key, g] : groups) {
    const std::pair<const std::string, size_t>* best = nullptr;
    for (const auto& sp : g.spellings)
      if (!best || sp.second > best->second) best = &sp;
    out.emplace_back(best->first, g.docs);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

std::string tag_slug(std::string_view tag) {
  std::string s = slugify(tag);
  if (s.size() > kMaxTagSlugBytes) {
    // A file name has 255 bytes at most (86 Hangul syllables): a long slug keeps its first 100
    // bytes (whole characters) and a hash of the whole, so two long tags stay two files.
    uint32_t h = 2166136261u;  // FNV-1a
    for (unsigned char c : s) h = (h ^ c) * 16777619u;
    size_t cut = 100;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    char buf[12];
    std::snprintf(buf, sizeof buf, "-%08x", static_cast<unsigned>(h));
    s.resize(cut);
    while (!s.empty() && s.back() == '-') s.pop_back();
    s += buf;
  }
  if (!s.empty()) return s;
  // Nothing slugify keeps (emoji, punctuation): the code points in hex, so the file name stays the
  // same from build to build (by rank, "tag", "tag-1" changed meaning as counts moved).
  s = "tag";
  size_t i = 0;
  for (int k = 0; k < 8 && i < tag.size(); ++k) {
    char buf[12];
    std::snprintf(buf, sizeof buf, "-%x", static_cast<unsigned>(utf8_decode(tag, i)));
    s += buf;
  }
  return s;
}

std::string atom_feed(const Bundle& bundle, const FeedSpec& spec, std::string_view base_url) {
  std::string out;
  out += "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  xml_element(out, "  ", "title", spec.title);
  xml_element(out, "  ", "id", std::string(base_url) + url_encode(spec.self_path) + ".xml");
  xml_element(out, "  ", "updated", feed_updated(bundle, spec));
  out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"";
  append_xml_text(out, std::string(base_url) + url_encode(spec.self_path) + ".xml");
  out += "\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"";
  std::string home(base_url);
  if (!spec.tag.empty()) home += "#/?tag=" + url_encode(spec.tag);
  append_xml_text(out, home);
  out += "\"/>\n  <author><name>";
  append_xml_text(out, bundle.title.empty() ? kDefaultTitle : bundle.title);
  out += "</name></author>\n  <generator>digest</generator>\n";
  for (uint32_t i : spec.docs) {
    const Document& d = bundle.docs[i];
    std::string url = doc_url(base_url, d);
    std::string stamp = document_timestamp(d);
    if (stamp.empty()) stamp = kEpoch;
    out += "  <entry>\n";
    xml_element(out, "    ", "title", entry_title(d));
    xml_element(out, "    ", "id", url);
    out += "    <link rel=\"alternate\" type=\"text/html\" href=\"";
    append_xml_text(out, url);
    out += "\"/>\n";
    if (!d.arxiv.empty()) {
      out += "    <link rel=\"related\" href=\"https://arxiv.org/abs/";
      append_xml_text(out, url_encode(d.arxiv));
      out += "\"/>\n";
    }
    std::string updated = entry_updated(d);
    xml_element(out, "    ", "published", stamp);
    xml_element(out, "    ", "updated", updated.empty() ? stamp : updated);
    for (const std::string& a : d.authors) {
      out += "    <author><name>";
      append_xml_text(out, a);
      out += "</name></author>\n";
    }
    for (const std::string& t : d.tags) {
      out += "    <category term=\"";
      append_xml_text(out, t);
      out += "\"/>\n";
    }
    if (!entry_summary(d).empty()) {
      out += "    <summary type=\"text\">";
      append_xml_text(out, entry_summary(d));
      out += "</summary>\n";
    }
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

std::string json_feed(const Bundle& bundle, const FeedSpec& spec, std::string_view base_url) {
  JsonWriter w;
  w.begin_object();
  w.field("version", "https://jsonfeed.org/version/1.1");
  w.field("title", spec.title);
  std::string home(base_url);
  if (!spec.tag.empty()) home += "#/?tag=" + url_encode(spec.tag);
  w.field("home_page_url", home);
  w.field("feed_url", std::string(base_url) + url_encode(spec.self_path) + ".json");
  w.key("authors");
  w.begin_array();
  w.begin_object();
  w.field("name", bundle.title.empty() ? std::string(kDefaultTitle) : bundle.title);
  w.end_object();
  w.end_array();
  w.key("items");
  w.begin_array();
  for (uint32_t i : spec.docs) {
    const Document& d = bundle.docs[i];
    std::string url = doc_url(base_url, d);
    w.begin_object();
    w.field("id", url);
    w.field("url", url);
    if (!d.arxiv.empty()) w.field("external_url", "https://arxiv.org/abs/" + url_encode(d.arxiv));
    w.field("title", entry_title(d));
    // JSON Feed requires content_html or content_text on every item.
    w.field("content_text", entry_summary(d).empty() ? entry_title(d) : entry_summary(d));
    if (!entry_summary(d).empty()) w.field("summary", entry_summary(d));
    std::string stamp = document_timestamp(d);
    if (!stamp.empty()) w.field("date_published", stamp);
    if (std::string modified = entry_updated(d); !modified.empty() && modified != stamp) w.field("date_modified", modified);
    if (!d.authors.empty()) {
      w.key("authors");
      w.begin_array();
      for (const std::string& a : d.authors) {
        w.begin_object();
        w.field("name", a);
        w.end_object();
      }
      w.end_array();
    }
    if (!d.tags.empty()) w.string_array("tags", d.tags);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  std::string text = w.take();
  text += '\n';
  return text;
}

Result<std::vector<FeedFile>> build_feeds(const Bundle& bundle, const FeedOptions& options) {
  std::string base = options.base_url;
  bool http = base.rfind("http://", 0) == 0 || base.rfind("https://", 0) == 0;
  size_t host_at = base.find("://") + 3;
  if (!http || base.size() <= host_at || base[host_at] == '/' ||
      base.find_first_of(" \t\r\n\"<>#?") != std::string::npos) {
    Error e = make_error(ErrorCode::BAD_VALUE, "base URL must be an absolute http(s) URL without query or fragment, got \"" + base + "\"");
    e.field = "base-url";
    return e;
  }
  if (base.back() != '/') base += '/';
  if (options.limit < 1 || options.limit > kMaxFeedEntries) {
    Error e = make_error(ErrorCode::BAD_VALUE, "limit must be between 1 and " + std::to_string(kMaxFeedEntries));
    e.field = "limit";
    return e;
  }
  if (options.top_tags > kMaxFeedTags) {
    Error e = make_error(ErrorCode::BAD_VALUE, "top-tags must be between 0 and " + std::to_string(kMaxFeedTags));
    e.field = "top-tags";
    return e;
  }
  std::string title = !options.title.empty() ? options.title : !bundle.title.empty() ? bundle.title : kDefaultTitle;
  std::vector<uint32_t> newest = documents_newest_first(bundle);

  std::vector<FeedSpec> specs;
  FeedSpec main;
  main.title = title;
  main.self_path = "feed";
  main.docs.assign(newest.begin(), newest.begin() + std::min(newest.size(), options.limit));
  specs.push_back(std::move(main));

  const auto tags_by_count = top_tags(bundle, options.top_tags);
  // File names by identity alone (tag_file_name), so a name never passes to another tag when
  // counts move; two names equal by a hash collision are told apart in identity order.
  std::map<std::string, std::string> file_of;  // identity -> file name
  {
    std::map<std::string, std::vector<std::string>> by_name;  // name -> identities (ordered)
    for (const auto& tc : tags_by_count) {
      std::string key = qi::tag_key(tc.first);
      if (key.empty()) key = tc.first;
      by_name[tag_file_name(key)].push_back(key);
    }
    for (auto& [name, keys] : by_name) {
      std::sort(keys.begin(), keys.end());
      for (size_t k = 0; k < keys.size(); ++k) file_of[keys[k]] = k == 0 ? name : name + "-" + std::to_string(k + 1);
    }
  }
  std::vector<std::vector<std::string>> doc_keys(tags_by_count.empty() ? 0 : bundle.docs.size());
  for (size_t i = 0; i < doc_keys.size(); ++i)
    for (const std::string& t : bundle.docs[i].tags) {
      std::string key = qi::tag_key(t);
      doc_keys[i].push_back(key.empty() ? t : std::move(key));
    }
  for (const auto& [tag, count] : tags_by_count) {
    FeedSpec spec;
    spec.title = title + " · " + tag;
    spec.tag = tag;
    // Named after the identity, not the spelling, so the file stays when another spelling becomes
    // the most used; it lists every document carrying the tag in any spelling.
    std::string key = qi::tag_key(tag);
    if (key.empty()) key = tag;
    spec.self_path = "feeds/tag/" + file_of[key];
    for (uint32_t i : newest) {
      if (spec.docs.size() >= options.limit) break;
      const auto& keys = doc_keys[i];
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) spec.docs.push_back(i);
    }
    specs.push_back(std::move(spec));
  }

  std::vector<FeedFile> files;
  for (const FeedSpec& spec : specs) {
    files.push_back({spec.self_path + ".xml", atom_feed(bundle, spec, base)});
    files.push_back({spec.self_path + ".json", json_feed(bundle, spec, base)});
  }
  return files;
}

}  // namespace digest
