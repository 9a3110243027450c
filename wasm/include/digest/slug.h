// slug.h — heading ids and table-of-contents entries for rendered documents.
//
// Ids are stable (the same heading text always gives the same slug) and unique within one
// rendered document (a SlugSet remembers what it handed out). Slugs keep Hangul and other
// letters, so a Korean heading gets a readable id:
//
//   digest::SlugSet slugs;
//   slugs.unique("핵심 연구 목표");   // "핵심-연구-목표"
//   slugs.unique("핵심 연구 목표");   // "핵심-연구-목표-1"
//   slugs.unique("Method (v2)!");    // "method-v2"
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace digest {

// One heading of a rendered document, for the viewer's table of contents.
struct TocEntry {
  int level = 0;      // 1-6
  std::string text;   // the heading's plain text (entities decoded, markup dropped)
  std::string id;     // the id attribute written on the heading element
};

// The base slug of a heading text, without uniqueness: ASCII letters lowercased, letters and
// digits of any script kept (Hangul, CJK, Latin with accents...), '-' and '_' kept, runs of
// whitespace become one '-', every other character (punctuation, symbols, emoji) is dropped,
// leading and trailing '-' are trimmed. Returns "" when nothing is left. Invalid UTF-8 bytes
// are dropped.
std::string slugify(std::string_view text);

// Hands out unique slugs within one document.
//
// The ids share the page with the viewer's own, which all start with "dg-": a slug that would
// start with "dg-" gets "h-" in front ("## dg-help" -> "h-dg-help"), so a heading never takes the
// id of a control. A `prefix` (SlugSet("p3-")) goes in front of every id: the papers of a digest
// are shown on one page, each rendered with its own set, and their section names repeat.
class SlugSet {
 public:
  SlugSet() = default;
  explicit SlugSet(std::string prefix) : prefix_(std::move(prefix)) {}
  // prefix + slugify(text), or "section" if that is empty; when already taken, the first free of
  // "<slug>-1", "<slug>-2", ... The result is remembered, so it is never handed out again.
  std::string unique(std::string_view text);
  // The id a link to "#fragment" inside the same document should name: the fragment as the
  // author wrote it, with the prefix and the "dg-" rule above applied.
  std::string fragment_id(std::string_view fragment) const;
  void clear() {
    used_.clear();
    next_suffix_.clear();
  }

 private:
  std::string prefix_;
  std::unordered_set<std::string> used_;
  std::unordered_map<std::string, int> next_suffix_;  // base slug -> first suffix not yet tried
};

}  // namespace digest
