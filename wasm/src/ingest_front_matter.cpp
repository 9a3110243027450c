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
        case 'r': out += '\r'; break;
        case ' ': out += ' '; break;
        case 'x': case 'u': case 'U': {
          // YAML's escapes: \xXX, \uXXXX (a surrogate pair as two), \UXXXXXXXX.
          const size_t digits = s[i] == 'x' ? 2 : s[i] == 'u' ? 4 : 8;
          const char kind = s[i];
          auto hex = [&](size_t at, uint32_t& cp) {
            if (at + digits > s.size()) return false;
            cp = 0;
            for (size_t k = 0; k < digits; ++k) {
              char h = s[at + k];
              cp <<= 4;
              if (h >= '0' && h <= '9') cp |= h - '0';
              else if (h >= 'a' && h <= 'f') cp |= h - 'a' + 10;
              else if (h >= 'A' && h <= 'F') cp |= h - 'A' + 10;
              else return false;
            }
            return true;
          };
          uint32_t cp;
          if (!hex(i + 1, cp)) { why = std::string("bad \\") + kind + " escape: " + std::to_string(digits) + " hex digits expected"; return false; }
          i += digits;
          if (cp >= 0xD800 && cp <= 0xDBFF && kind == 'u') {
            uint32_t low;
            if (i + 2 < s.size() && s[i + 1] == '\\' && s[i + 2] == 'u' && hex(i + 3, low) && low >= 0xDC00 && low <= 0xDFFF) {
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
              i += 6;
            }
          }
          if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) { why = "escape names no character (a lone surrogate or beyond U+10FFFF)"; return false; }
          utf8_append(out, cp);
          break;
        }
        default: why = std::string("unknown escape \\") + s[i] + " in a double-quoted string (write \\\\ for a backslash)"; return false;
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

// Past the quoted string opening at s[i] ('"' with backslash escapes, '\'' with '' for a quote):
// the index of its closing quote, or s.size() when it has none.
size_t closing_quote(std::string_view s, size_t i) {
  const char q = s[i];
  for (++i; i < s.size(); ++i) {
    if (q == '"' && s[i] == '\\') { ++i; continue; }
    if (s[i] == q) {
      if (q == '\'' && i + 1 < s.size() && s[i + 1] == '\'') { ++i; continue; }
      return i;
    }
  }
  return s.size();
}

// The items of a flow list's inside ("a, 'b, c', \"d\"" -> a | 'b, c' | "d"): commas inside
// quotes do not separate; a quote opens a string only at an item's start (Bellman's equation is
// plain); empty items are dropped. A list or a map inside it is an error.
bool split_flow_list(std::string_view s, std::vector<std::string_view>& out, std::string& why) {
  size_t b = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    char c = i < s.size() ? s[i] : ',';
    if ((c == '"' || c == '\'') && trim(s.substr(b, i - b)).empty()) {
      i = closing_quote(s, i);
      if (i >= s.size()) { why = c == '"' ? "unterminated double-quoted string" : "unterminated single-quoted string"; return false; }
      continue;
    }
    if (c == '[' || c == '{') { why = "a list or a map inside a list is not supported (quote the item)"; return false; }
    if (c == ',') {
      std::string_view piece = trim(s.substr(b, i - b));
      if (!piece.empty()) out.push_back(piece);
      b = i + 1;
    }
  }
  return true;
}

// The ']' that closes the flow list opening at s[0] == '[': quoted items skipped as
// split_flow_list reads them (a quote opens a string only at an item's start). npos if none.
size_t flow_list_end(std::string_view s) {
  size_t b = 1;
  int depth = 0;  // lists inside (split_flow_list refuses them, by name)
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if ((c == '"' || c == '\'') && trim(s.substr(b, i - b)).empty()) {
      i = closing_quote(s, i);
      continue;
    }
    if (c == ',') b = i + 1;
    if (c == '[') ++depth;
    if (c == ']' && depth-- == 0) return i;
  }
  return std::string_view::npos;
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
        return source_error(l.number, "bad front matter: list item \"" + std::string(utf8_prefix(t, 40)) +
                                          "\" does not belong to a key");
      std::string item;
      if (!scalar_value(t.substr(1), item, why)) return source_error(l.number, "bad front matter: " + why);
      fm.entries[static_cast<size_t>(open_list)].second.is_list = true;
      // An empty item ("-", "- ''") names nothing: dropped, as an empty flow item is ([a, , b]).
      if (!item.empty()) fm.entries[static_cast<size_t>(open_list)].second.items.push_back(std::move(item));
      continue;
    }
    if (indented)
      return source_error(l.number, "bad front matter: unexpected indented line \"" +
                                        std::string(utf8_prefix(t, 40)) + "\" (the key above has a value)");
    size_t colon = l.text.find(':');
    std::string_view key = colon == std::string_view::npos ? std::string_view() : trim(l.text.substr(0, colon));
    bool key_ok = !key.empty();
    for (char c : key)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) key_ok = false;
    if (!key_ok || (colon + 1 < l.text.size() && l.text[colon + 1] != ' ' && l.text[colon + 1] != '\t'))
      return source_error(l.number, "bad front matter: expected \"key: value\", got \"" +
                                        std::string(utf8_prefix(t, 60)) + "\"");
    if (fm.find(key))
      return source_error(l.number, "bad front matter: duplicate key \"" + std::string(key) + "\"");
    FrontMatterValue v;
    v.line = l.number;
    std::string_view raw = trim(l.text.substr(colon + 1));
    if (!raw.empty() && (raw.front() == '|' || raw.front() == '>'))
      return source_error(l.number, "bad front matter: block scalars (| or >) are not supported, quote the value");
    if (!raw.empty() && raw.front() == '[') {
      size_t close = flow_list_end(raw);
      if (close == std::string_view::npos) {
        std::vector<std::string_view> pieces;  // (an unterminated quote is the likelier cause)
        if (!split_flow_list(raw.substr(1), pieces, why)) return source_error(l.number, "bad front matter: " + why);
        return source_error(l.number, "bad front matter: unterminated flow list");
      }
      // After the list: nothing, or a comment (" # ..."). QA: "tags: [A, B] C D" lost "C D"
      // silently; and an unquoted site title "[논문리뷰] Foo" is a list followed by text: say to
      // quote it.
      std::string_view after = raw.substr(close + 1);
      const bool comment = !after.empty() && (after[0] == ' ' || after[0] == '\t') && starts_with(trim(after), "#");
      if (!trim(after).empty() && !comment)
        return source_error(l.number, "bad front matter: text after the list's ']' (\"" + std::string(utf8_prefix(trim(raw.substr(close + 1)), 40)) +
                                          "\"); a value that starts with '[' must be quoted");
      v.is_list = true;
      std::vector<std::string_view> pieces;
      if (!split_flow_list(raw.substr(1, close - 1), pieces, why)) return source_error(l.number, "bad front matter: " + why);
      for (std::string_view piece : pieces) {
        std::string item;
        if (!scalar_value(piece, item, why)) return source_error(l.number, "bad front matter: " + why);
        if (!item.empty()) v.items.push_back(std::move(item));  // [a, "", b]: as [a, , b]
      }
    } else if (!raw.empty() && raw.front() == '{') {
      return source_error(l.number, "bad front matter: flow maps ({...}) are not supported, write a list or a quoted string");
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
