// ingest_front_matter.cpp — the YAML subset of Jekyll front matter.
#include <cctype>

#include "digest/ingest.h"
#include "digest/utf8.h"
#include "ingest_internal.h"

namespace digest {

using namespace ingest;

const FrontMatterValue* FrontMatter::find(std::string_view key) const {
  for (const auto& e : entries)
    if (e.first == key) return &e.second;
  return nullptr;
}

bool parse_yaml_bool(std::string_view s, bool& out) {
  std::string v;
  for (char c : trim(s)) v += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (v == "true" || v == "yes" || v == "on") { out = true; return true; }
  if (v == "false" || v == "no" || v == "off") { out = false; return true; }
  return false;
}

namespace {

// Decodes one scalar: "double" (escapes), 'single' ('' -> '), or plain (a ` #` starts a comment).
// On error returns false with `why` set.
bool scalar_value(std::string_view raw, std::string& out, std::string& why) {
  std::string_view s = trim(raw);
  out.clear();
  if (s.empty()) return true;
  if (s.front() == '"') {
    size_t i = 1;
    for (; i < s.size(); ++i) {
      char c = s[i];
      if (c == '"') break;
      if (c != '\\') { out += c; continue; }
      if (++i >= s.size()) break;
      switch (s[i]) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'u': {
          if (i + 4 >= s.size()) { why = "bad \\u escape"; return false; }
          uint32_t cp = 0;
          for (size_t k = 1; k <= 4; ++k) {
            char h = s[i + k];
            cp <<= 4;
            if (h >= '0' && h <= '9') cp |= h - '0';
            else if (h >= 'a' && h <= 'f') cp |= h - 'a' + 10;
            else if (h >= 'A' && h <= 'F') cp |= h - 'A' + 10;
            else { why = "bad \\u escape"; return false; }
          }
          utf8_append(out, cp);
          i += 4;
          break;
        }
        default: out += '\\'; out += s[i];
      }
    }
    if (i >= s.size()) { why = "unterminated double-quoted string"; return false; }
    std::string_view rest = trim(s.substr(i + 1));
    if (!rest.empty() && rest.front() != '#') { why = "text after a quoted string"; return false; }
    return true;
  }
  if (s.front() == '\'') {
    size_t i = 1;
    for (; i < s.size(); ++i) {
      if (s[i] == '\'') {
        if (i + 1 < s.size() && s[i + 1] == '\'') { out += '\''; ++i; continue; }
        break;
      }
      out += s[i];
    }
    if (i >= s.size()) { why = "unterminated single-quoted string"; return false; }
    std::string_view rest = trim(s.substr(i + 1));
    if (!rest.empty() && rest.front() != '#') { why = "text after a quoted string"; return false; }
    return true;
  }
  if (s.front() == '#') return true;  // "key: # comment" is an empty value
  size_t hash = s.find(" #");
  if (hash != std::string_view::npos) s = trim(s.substr(0, hash));
  out = std::string(s);
  return true;
}

// "title: x" / "text:" as a list item: a map, not a scalar (a quoted item never is one).
bool looks_like_map_entry(std::string_view item) {
  item = trim(item);
  if (item.empty() || item.front() == '"' || item.front() == '\'') return false;
  size_t colon = item.find(':');
  if (colon == 0 || colon == std::string_view::npos) return false;
  if (colon + 1 < item.size() && item[colon + 1] != ' ' && item[colon + 1] != '\t') return false;
  for (char c : item.substr(0, colon))
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

}  // namespace

Result<FrontMatter> parse_front_matter(std::string_view all) {
  std::string_view bytes = strip_bom(all);
  size_t bom = all.size() - bytes.size();
  // Split only up to the first closing line candidate: the body can be megabytes.
  size_t limit = bytes.size();
  for (size_t p = bytes.find('\n'); p != std::string_view::npos; p = bytes.find('\n', p + 1)) {
    std::string_view rest = bytes.substr(p + 1);
    if (starts_with(rest, "---") || starts_with(rest, "...")) {
      size_t e = bytes.find('\n', p + 1);
      limit = e == std::string_view::npos ? bytes.size() : e + 1;
      if (trim(bytes.substr(p + 1, limit - p - 1)) == "---" || trim(bytes.substr(p + 1, limit - p - 1)) == "...")
        break;
      limit = bytes.size();
    }
  }
  std::vector<Line> lines = split_lines(bytes.substr(0, limit));
  if (lines.empty() || trim(lines[0].text) != "---")
    return source_error(1, "front matter must start with a line \"---\"");
  FrontMatter fm;
  long open_list = -1;  // index of the key whose block list items may follow
  bool skipping = false;  // inside a nested block of entries[open_list]: skip to the next key
  bool closed = false;
  std::string why;
  for (size_t k = 1; k < lines.size(); ++k) {
    const Line& l = lines[k];
    std::string_view t = trim(l.text);
    if (t == "---" || t == "...") {
      closed = true;
      fm.body_offset = bom + l.offset + l.text.size();
      if (fm.body_offset < all.size() && all[fm.body_offset] == '\r') ++fm.body_offset;
      // The body starts on the next line, unless the closing fence ends the file (no newline
      // after it): then the (empty) body is on the fence's own line, so errors about it still
      // name a line that exists.
      fm.body_line = l.number;
      if (fm.body_offset < all.size() && all[fm.body_offset] == '\n') {
        ++fm.body_offset;
        fm.body_line = l.number + 1;
      }
      break;
    }
    if (t.empty() || t.front() == '#') continue;
    bool indented = l.text.front() == ' ' || l.text.front() == '\t';
    if (skipping && (indented || starts_with(t, "- ") || t == "-")) continue;
    skipping = false;
    // A nested block: an indented `key: value` line under a key without a value (Jekyll's
    // `header:\n  teaser: x.png`), or a list item that is a map (`- title: x`). Skipped whole.
    if (open_list >= 0 &&
        ((indented && !(starts_with(t, "- ") || t == "-")) ||
         ((starts_with(t, "- ") || t == "-") && looks_like_map_entry(t.substr(1))))) {
      FrontMatterValue& v = fm.entries[static_cast<size_t>(open_list)].second;
      v.is_nested = true;
      v.is_list = false;
      v.items.clear();
      skipping = true;
      continue;
    }
    if (starts_with(t, "- ") || t == "-") {
      if (open_list < 0)
        return source_error(l.number, "bad front matter: list item \"" + std::string(t.substr(0, 40)) +
                                          "\" does not belong to a key");
      std::string item;
      if (!scalar_value(t.substr(1), item, why)) return source_error(l.number, "bad front matter: " + why);
      fm.entries[static_cast<size_t>(open_list)].second.is_list = true;
      fm.entries[static_cast<size_t>(open_list)].second.items.push_back(std::move(item));
      continue;
    }
    if (indented)
      return source_error(l.number, "bad front matter: unexpected indented line \"" +
                                        std::string(t.substr(0, 40)) + "\" (the key above has a value)");
    size_t colon = l.text.find(':');
    std::string_view key = colon == std::string_view::npos ? std::string_view() : trim(l.text.substr(0, colon));
    bool key_ok = !key.empty();
    for (char c : key)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) key_ok = false;
    if (!key_ok || (colon + 1 < l.text.size() && l.text[colon + 1] != ' ' && l.text[colon + 1] != '\t'))
      return source_error(l.number, "bad front matter: expected \"key: value\", got \"" +
                                        std::string(t.substr(0, 60)) + "\"");
    if (fm.find(key))
      return source_error(l.number, "bad front matter: duplicate key \"" + std::string(key) + "\"");
    FrontMatterValue v;
    v.line = l.number;
    std::string_view raw = trim(l.text.substr(colon + 1));
    if (!raw.empty() && (raw.front() == '|' || raw.front() == '>'))
      return source_error(l.number, "bad front matter: block scalars (| or >) are not supported, quote the value");
    if (!raw.empty() && raw.front() == '[') {
      size_t close = raw.rfind(']');
      if (close == std::string_view::npos)
        return source_error(l.number, "bad front matter: unterminated flow list");
      v.is_list = true;
      for (const std::string& piece : split_top_level(raw.substr(1, close - 1), ',')) {
        std::string item;
        if (!scalar_value(piece, item, why)) return source_error(l.number, "bad front matter: " + why);
        v.items.push_back(std::move(item));
      }
    } else if (!scalar_value(raw, v.scalar, why)) {
      return source_error(l.number, "bad front matter: " + why);
    }
    fm.entries.emplace_back(std::string(key), std::move(v));
    open_list = raw.empty() || raw.front() == '#' ? static_cast<long>(fm.entries.size()) - 1 : -1;
  }
  if (!closed) return source_error(1, "unterminated front matter: no closing \"---\" line");
  return fm;
}

}  // namespace digest
