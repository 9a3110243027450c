// query_internal.h — the engine's in-memory index (private to index.cpp and query.cpp).
//
// Layout, chosen for load speed and small memory (no per-word heap objects):
//   - hay: every document's normalised search text, one arena string; doc d is
//     hay[hay_off[d], hay_off[d+1]) and its title zone ends at title_end[d].
//   - bigrams: postings of adjacent Hangul/CJK code point pairs (substring terms).
//   - words: a sorted dictionary of words (maximal runs of word characters that do not start
//     with Hangul/CJK), keys pointing into `hay`; a term prefix is a contiguous range.
//   - postings (postings.h): per key, documents ascending, each with one tf byte (bits 0-3:
//     occurrences, saturated at 15; bits 4-6: marks; bit 7: occurs in the title zone) and the byte offset of
//     the key's first occurrence in the document's text (choseong keys: of the syllable that
//     starts the key; saturated at 65535, so still a lower bound: verification starts there),
//     delta- and varint-coded in chained byte slices.
//   - value fields (tags, categories, prerequisites, institution, selection, analysis): ids per
//     document plus per-value postings, keyed by the normalised value.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <type_traits>
#include <vector>

#include "digest/bundle.h"
#include "digest/html_sanitize.h"
#include "digest/query.h"
#include "digest/text_normalize.h"
#include "digest/utf8.h"
#include "postings.h"

namespace digest {
namespace qi {

// Word keys longer than this are cut (at a code point boundary): a 1 MB base64 run is one
// "word" and would otherwise blow up the dictionary. Term runs longer than kTermRunCut are cut
// to at most that length and then verified against the text.
constexpr size_t kWordKeyCut = 32;
constexpr size_t kTermRunCut = 28;
// Choseong postings keys: 1..19 = one initial consonant, cho_bigram_id(a, b) = two in a row.
constexpr uint32_t kChoKeys = 20 + 20 * 20;
inline uint32_t cho_bigram_id(uint32_t a, uint32_t b) { return 20 + a * 20 + b; }
// Occurrence counts of one document over several keys: summed, saturated at kTfMax, the title
// bits (bit 7) or-ed. Order-free, so a list merged ahead of time (QueryEngine::merge)
// holds what a query folding the same keys' postings computes.
inline uint8_t sat_add(uint8_t x, uint8_t y) {
  uint32_t sum = (x & 0x7Fu) + (y & 0x7Fu);
  return static_cast<uint8_t>(std::min<uint32_t>(sum, kTfMax) | ((x | y) & 0x80u));
}

// Relevance (BM25): term-frequency saturation kK1, length normalisation kB, and the weight of a
// title-zone match (kTitleBoost times the term's idf, added).
constexpr float kK1 = 1.2f, kB = 0.75f, kTitleBoost = 1.5f;
// BM25's length part for a document of `len` bytes in a corpus averaging `avg` bytes.
inline float bm25_length_norm(float len, float avg) { return kK1 * (1 - kB + kB * len / avg); }
// A term's scores over n documents (query_scores.cpp): out[i] = its BM25 score in document i for
// tfs[i] occurrences (capped), `norm` the document's bm25_length_norm, plus title_boost when
// titles[i] is set; -1 where tfs[i] is 0 (no match).
void term_scores(const uint16_t* tfs, const uint8_t* titles, const float* norm, size_t n, float idf, float title_boost, float* out);

// Choseong trigram keys (QueryEngine::choseong_trigrams): three initial consonants in a row.
constexpr uint32_t kChoTrigramKeys = 20 * 20 * 20;
inline uint32_t cho_trigram_id(uint32_t a, uint32_t b, uint32_t c) { return (a * 20 + b) * 20 + c; }

// Identity key of a tag: normalize_for_search (NFC, case folded), then every run of spaces,
// '_' and '-' becomes one '-', none at either end: "Large Language Models", "large-language-models"
// and "large_language_models" are one tag.
std::string tag_key(std::string_view tag);

struct ValueField {
  bool tag_like = false;           // keys by tag_key (tags), else by normalize_for_search
  std::vector<std::string> names;  // display spelling: the most frequent (ties: bytewise smallest)
  std::unordered_map<std::string, uint32_t> by_key;  // key -> id
  std::vector<std::vector<std::pair<const std::string*, uint32_t>>> spellings;  // build time only
  std::string key_of(std::string_view value) const { return tag_like ? tag_key(value) : normalize_for_search(value); }
  // CSR per document (size n + 1), while the engine is built: then each document's values live
  // in its facet row (QueryEngine::facet_ids, values_in_row) and these are emptied.
  std::vector<uint32_t> doc_off;
  std::vector<uint32_t> doc_vals;
  uint32_t group = 0;  // its QueryEngine::FacetGroup (ids in facet rows: facet_base[group] + id)
  std::vector<std::vector<uint32_t>> postings;  // id -> docs ascending
  std::vector<uint32_t> by_rank;   // the ids in bytewise order of their names (facet ties)
  std::vector<std::string> json_names;  // id -> names[id] as a JSON string literal (quoted, escaped)
  // Id of normalised `key`, or -1.
  int64_t find(std::string_view normalized_key) const {
    auto it = by_key.find(std::string(normalized_key));
    return it == by_key.end() ? -1 : static_cast<int64_t>(it->second);
  }
};

}  // namespace qi

class QueryEngine;
class TextIndexBuilder;  // index.cpp
class QueryEngine;
// Appends document `d`'s field `slot` (qi::kMarkdownSlot, kHtmlSlot or a section's index) to
// engine.body_scripts: its script against `text`, which starts at `start` in its hay
// (QueryEngine::body_scripts, body_script.cpp).
void append_packed_field(QueryEngine& e, const Document& d, int slot, size_t start, std::string_view text);
// Packing's start (reserves for `body_chars` of bodies) and each document's end: its sections that
// repeat the summary, its entry closed, and the release callback called (body_script.cpp).
void begin_packing(QueryEngine& e, size_t body_chars);
void finish_packed_document(QueryEngine& e, const Document& d, uint32_t i);
// The full-text part of the index (hay, postings, words, expansion pairs); query code reaches it
// only after need_text_index().
void build_text_index(QueryEngine& e);

class QueryEngine {
 public:
  // Builds the full-text part once (build_text_index), whichever query asks first; finishes one
  // begun by step_text_index.
  void need_text_index() const;
  // Builds up to `documents` documents' worth more of the full-text part; true once it is built.
  bool step_text_index(uint32_t documents) const;

  const Bundle* bundle = nullptr;
  uint32_t n = 0;

  std::string hay;
  std::vector<uint32_t> hay_off;    // n + 1
  std::vector<uint32_t> title_end;  // absolute offsets into hay
  double avg_len = 1;
  std::vector<float> len_norm;      // per document: qi::bm25_length_norm of its length (with the text index)

  std::vector<int32_t> date;       // yyyymmdd, 0 if unknown
  int32_t min_year = 0;            // month facet slots: (year - min_year) * 12 + month - 1
  uint32_t month_slots = 0;
  std::vector<uint32_t> newest;    // documents_newest_first
  std::vector<uint32_t> order_pos; // doc -> position in `newest`
  std::unordered_map<std::string_view, uint32_t> by_id;

  // Bigrams: open-addressing table key -> id (key 0 = empty slot).
  std::vector<uint64_t> bg_keys;
  std::vector<uint32_t> bg_ids;
  qi::Postings bigrams;  // also: lone compatibility jamo (ㄱ) under bigram_key(0, cp), and a Hangul/CJK
                    // character with no Hangul/CJK neighbour under bigram_key(1, cp)
  // What a bigram's marks (postings.h) refer to, per bigram id.
  struct PairMarks {
    // Its successor: the Hangul/CJK character after the pair's first occurrence in the first
    // document that holds it so followed (0: none yet). A posting's successor mark says that the
    // pair's first occurrence in that document is followed by it, so a term's pair and the
    // character after it are confirmed without reading the text (`대규` + 모).
    uint32_t succ = 0;
    // Its predecessor: 1 + the id of the pair of Hangul/CJK characters right before the pair's
    // first occurrence in the first document that holds it so preceded (0: none yet). A posting's
    // predecessor mark says that the pair's first occurrence in that document comes right after
    // that pair: with it, `터를` alone confirms `데이터를` at its first occurrence.
    uint32_t pred = 0;
    // How many of its postings carry each mark: how many documents a term spelled by that pair's
    // marks is confirmed in without a read (the query's choice between that pair alone and all of
    // the term's pairs).
    uint32_t succ_marked = 0, pred_marked = 0;
  };
  std::vector<PairMarks> bg_marks;
  qi::Postings chos;     // choseong unigram/bigram postings (qi::kChoKeys keys) over the initial
                         // consonants of each run of Hangul syllables (single spaces join a run)
  // Choseong trigrams of the same runs (qi::kChoTrigramKeys keys), documents, title bits and counts
  // to 7 (Postings::kDocsCounted):
  // a term of three letters matches exactly the documents holding its trigram, and a longer one
  // only documents holding all of its trigrams (with bigrams alone, ㄱㅎㅎ read the text of 17.5k
  // of 20k documents). Built after the rest of the full-text part, by prepare_text_index(_step)
  // (with the engine when TextIndexTiming::kNow), never by a query: until then choseong terms
  // are answered from the bigrams, verified on the text. Null until built.
  const qi::Postings* choseong_trigrams() const {
    return cho3_ready_.load(std::memory_order_acquire) ? &cho3_ : nullptr;
  }
  // Builds up to `documents` documents' worth more of them (the full-text part first, if it is
  // not built yet); true once they are built.
  bool step_choseong_trigrams(uint32_t documents) const;

  // Words, in dictionary (byte) order: key w = dict[dict_off[w], dict_off[w + 1] - 1), each key
  // followed by '\n' (never a word character), so a search of `dict` finds the words that contain
  // a piece of text without matching across two of them.
  std::string dict;
  std::vector<uint32_t> dict_off;  // nw + 1 entries
  qi::Postings words;
  // Per word: 1 + the word the index keeps as its successor (0: none), the word that followed its
  // first occurrence after one space in the first document where one did. A posting's successor
  // bit (qi::kNextWordMark) says that the word's first occurrence in that document is followed so
  // too: with it, `world`'s posting alone spells "world model" there.
  std::vector<uint32_t> word_succ;
  // Documents with word text that no key holds: a letter/digit run that starts with Hangul/CJK and
  // goes on with other letters (모델gpt: runs starting with Hangul/CJK are not words), or a run
  // longer than kWordKeyCut (its key is cut). Text inside a word that is not at its start can lie
  // there, so a search for it through `dict` takes these documents as candidates too.
  std::vector<uint32_t> loose_docs;

  qi::ValueField tags, categories, prerequisites, institutions, selections, analyses;

  std::vector<uint8_t> kind_of;       // doc -> 0 review, 1 paper
  // Every facet value of each document in one row (index_facet_totals.cpp), so that a query's
  // facets are one pass over its documents, and a run of consecutive documents (a result's
  // complement is mostly runs) one flat loop over their rows. Ids are one space: group g's value
  // v (a value field's id, a month slot, a kind) is facet_base[g] + v.
  enum FacetGroup : uint32_t { kTagsGroup, kCategoriesGroup, kPrerequisitesGroup, kInstitutionsGroup, kSelectionsGroup,
                               kAnalysesGroup, kMonthsGroup, kKindsGroup, kFacetGroups };
  uint32_t facet_base[kFacetGroups + 1] = {};  // facet_base[kFacetGroups]: ids in all
  std::vector<uint32_t> facet_off;    // n + 1: document d's ids are facet_ids[facet_off[d], facet_off[d + 1])
  std::vector<uint32_t> facet_ids;
  // Per id, the documents holding it over the whole bundle: a result holding most documents is
  // counted as these totals minus its complement, the smaller set.
  std::vector<uint32_t> facet_total;
  // Document d's values of value field `f`, as row ids (facet_base[f.group] + the field's id):
  // its run of the row (a row holds its groups in order).
  std::pair<const uint32_t*, const uint32_t*> values_in_row(const qi::ValueField& f, uint32_t d) const {
    const uint32_t* p = facet_ids.data() + facet_off[d];
    const uint32_t* end = facet_ids.data() + facet_off[d + 1];
    const uint32_t lo = facet_base[f.group], hi = facet_base[f.group + 1];
    while (p < end && *p < lo) ++p;
    const uint32_t* q = p;
    while (q < end && *q < hi) ++q;
    return {p, q};
  }

  std::vector<std::pair<std::string, std::string>> pairs;               // mined expansions
  std::unordered_map<std::string, std::vector<std::string>> expand_map;  // side -> other sides
  // The documents each expansion side matches, found once by the text index build, for the
  // sides the postings alone cannot decide (phrases such as 강화 학습, whose matches are verified
  // on the text): an alternative then costs a merge with these instead of reading its candidates'
  // texts. Ascending documents, and per document its count (capped) | 0x80 for a match that
  // starts in the title zone: what matching the side over every document gives. (A list looked
  // through, not a map: a few dozen sides, once per alternative of a query.)
  struct SideMatches {
    std::string side;
    std::vector<uint32_t> docs;
    std::vector<uint8_t> tf_title;
  };
  std::vector<SideMatches> side_matches;
  const SideMatches* matches_of(std::string_view side) const {
    for (const SideMatches& m : side_matches)
      if (m.side == side) return &m;
    return nullptr;
  }

  std::string_view doc_hay(uint32_t d) const { return std::string_view(hay).substr(hay_off[d], hay_off[d + 1] - hay_off[d]); }
  uint32_t doc_title_len(uint32_t d) const { return title_end[d] - hay_off[d]; }
  std::string_view word(uint32_t w) const { return std::string_view(dict).substr(dict_off[w], dict_off[w + 1] - 1 - dict_off[w]); }

  // Full-text part: built with the engine or by the first query with text (need_text_index).
  mutable std::mutex text_mutex_;
  mutable std::atomic<bool> text_ready_{false};
  mutable std::unique_ptr<TextIndexBuilder> text_builder_;  // while built in steps
  mutable std::mutex merged_mutex_;
  // (name, list) in the order asked for; a few dozen entries, looked through (a hash map of
  // them cost 1.5 KB gzip of code in the module, under the viewer's size budget)
  using MergedEntry = std::pair<std::string, std::unique_ptr<qi::Postings>>;
  mutable std::vector<MergedEntry> merged_;
  const MergedEntry* merged_entry(std::string_view name) const;  // (merged_mutex_ held)
  mutable uint32_t merged_kept_ = 0;
  mutable std::mutex cho3_mutex_;
  mutable std::atomic<bool> cho3_ready_{false};
  mutable qi::Postings cho3_{qi::Postings::kDocsCounted};
  mutable uint32_t cho3_next_ = 0;          // next document of step_choseong_trigrams
  mutable std::vector<uint8_t> cho3_seen_;  // its per-document scratch (while building)
  // Bodies not decoded yet (set_body_source): called with a document before its body is read
  // (a snippet), with kAllDocuments before the full-text build reads every body.
  void (*decode_bodies_)(void*, uint32_t) = nullptr;
  void* decode_bodies_context_ = nullptr;
  void need_bodies(uint32_t doc) const {
    if (decode_bodies_) decode_bodies_(decode_bodies_context_, doc);
  }
  // Bodies packed by the full-text build (set_body_release): as each document's text goes into
  // the hay, its body fields but the summary become a body script (body_script.h) and the
  // release callback empties them in the bundle. Per document: for each packed field,
  // varint (slot << 1 | same_as_summary) with slot 0 markdown, 1 html, 2 + k section k; then,
  // unless the field is the summary again, varint start (in the document's hay), varint length,
  // the script. Documents [0, packed_count_) are packed; body_script_off has packed_count_ + 1
  // entries.
  void (*release_bodies_)(void*, uint32_t) = nullptr;
  void* release_bodies_context_ = nullptr;
  std::string body_scripts;
  std::vector<uint32_t> body_script_off;
  uint32_t packed_count_ = 0;
  // (append_packed_field, body_script.cpp, writes one field's entry: start SIZE_MAX for a section
  // that is the summary again.)
  // Document `doc`'s body fields (summary, sections' markdown, markdown, html), as a snippet reads
  // them: the bundle's document, its bodies decoded, or (packed) body_scratch_ with them rebuilt,
  // valid until the next call (an engine that packs answers from one thread at a time).
  const Document& bodies_of(uint32_t doc) const;
  mutable Document body_scratch_;

  // Bigram id of (a, b), or -1.
  int64_t bigram_id(uint32_t a, uint32_t b) const;
  // Dictionary range [lo, hi) of words starting with `prefix`.
  std::pair<uint32_t, uint32_t> word_range(std::string_view prefix) const;
  // Merged lists: the postings of many keys of `table` folded into one list (key 0: per document
  // the summed count (sat_add), the title bit, the least first offset), which a query reads instead
  // of walking each key's list. A keystroke's short term covers many keys that each hold most
  // documents: the words starting with `t` or `tr`, the Hangul bigrams holding `모`. Made by the
  // first query that asks for one (under a mutex) and kept for the engine's life, at most
  // kMergedListsMax of them (then queries walk the keys as before: the same answers).
  // Names: "w" + a word prefix, "c" + a Hangul/CJK character (query.cpp plan_literal).
  // find_merged: the list kept under `name`, or null; *known says whether `name` was asked for
  // before (a null list then means it was not worth merging: see merge).
  const qi::Postings* find_merged(std::string_view name, bool* known) const;
  // Merges `keys` of `table` under `name` and returns the list; null (remembered) for fewer than
  // merged_min keys holding fewer than merged_min_postings postings together (a few short lists:
  // a query walks them as fast as one; a few lists that each hold most documents, the Hangul
  // pairs holding `모` in a small vocabulary, are as worth merging as many), or (not remembered)
  // when kMergedListsMax lists are kept already.
  const qi::Postings* merge(std::string_view name, const qi::Postings& table, const std::vector<uint32_t>& keys) const;
  // (tests set both out of reach to compare with the unmerged lists)
  uint32_t merged_min = 16;
  uint64_t merged_min_postings = 0;  // 0: the number of documents
  static constexpr uint32_t kMergedListsMax = 96;  // ~4 bytes a document each, at most
  // Whether a Latin term of a few runs may be confirmed by its words' first occurrences and marks
  // (query.cpp, Plan::confirm_words); tests turn it off to compare with every candidate read.
  bool confirm_by_words = true;
  // Ids of the words whose key contains `text` (ascending); `text` holds no '\n'.
  std::vector<uint32_t> words_containing(std::string_view text) const;
};

// Fills engine.side_matches[side] (query.cpp) if matching `side` as an expansion alternative
// needs the text: the text index build calls it for every side once its postings are done.
void find_side_matches(QueryEngine& engine, const std::string& side);

namespace qi {
// Fills the facet totals above and ValueField::total (after the value fields are built).
void build_facet_totals(QueryEngine& e);
// Calls f(text) for each body field of `d` in order (summary, sections but one repeating the
// summary, markdown, HTML as sanitize_html shows it), markup stripped; `scratch` holds stripped
// text between calls. An `f` that also takes a size_t gets, with each field, where its lead
// paragraph starts in the text (markdown_to_text, html_visible_text; npos: none found; 0 for the
// summary and a paper's sections, which are their own lead).
// An `f` that also takes an int after the lead gets the field's slot: kSummarySlot, the section's
// index, kMarkdownSlot or kHtmlSlot.
constexpr int kSummarySlot = -1, kMarkdownSlot = -2, kHtmlSlot = -3;
template <class F>
void for_each_body_field(const Document& d, std::string& scratch, F&& f) {
  constexpr bool kSlot = std::is_invocable_v<F&, std::string_view, size_t, int>;
  constexpr bool kLead = kSlot || std::is_invocable_v<F&, std::string_view, size_t>;
  size_t lead = 0;
  auto call = [&](std::string_view field, int slot) {
    if constexpr (kSlot) f(field, lead, slot);
    else if constexpr (kLead) f(field, lead);
    else f(field);
  };
  if (!d.summary.empty()) call(std::string_view(d.summary), kSummarySlot);
  for (size_t k = 0; k < d.sections.size(); ++k) {
    const Section& s = d.sections[k];
    if (!s.markdown.empty() && s.markdown != d.summary) {  // 한 줄 요약 repeats summary
      scratch = markdown_to_text(s.markdown);
      call(std::string_view(scratch), static_cast<int>(k));
    }
  }
  if (!d.markdown.empty()) {
    scratch = markdown_to_text(d.markdown, kLead ? &lead : nullptr);
    call(std::string_view(scratch), kMarkdownSlot);
  }
  if (!d.html.empty()) {
    // The text of what the reader is shown: the sanitised HTML, not the page as imported, whose
    // template, noscript, svg text, attributes and comments the page never shows (QA: hidden
    // words made a document match, and a comment the sanitiser ends early hid visible ones).
    scratch = html_visible_text(d.html, kLead ? &lead : nullptr);
    call(std::string_view(scratch), kHtmlSlot);
  }
}
// Body text (markup stripped, fields joined by '\n') used for matching and snippets.
std::string document_body_text(const Document& d);
// Decodes one code point of s at i (advancing i) like utf8_decode, inline for ASCII and
// well-formed 3-byte sequences (all of Hangul and CJK).
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
inline uint32_t decode(std::string_view s, size_t& i) {
  unsigned char b = static_cast<unsigned char>(s[i]);
  if (b < 0x80) {
    ++i;
    return b;
  }
  if (b >= 0xE1 && b <= 0xEF && b != 0xED && i + 2 < s.size()) {
    unsigned char b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      i += 3;
      return ((b & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
    }
  }
  if (b == 0xED && i + 2 < s.size()) {
    unsigned char b1 = static_cast<unsigned char>(s[i + 1]), b2 = static_cast<unsigned char>(s[i + 2]);
    if (b1 >= 0x80 && b1 < 0xA0 && (b2 & 0xC0) == 0x80) {
      i += 3;
      return ((b & 0x0Fu) << 12) | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu);
    }
  }
  return utf8_decode(s, i);
}
// Table slot hash of a 64-bit key (one multiply; the mask takes the mixed low bits).
inline uint64_t slot_hash(uint64_t x) {
  x *= 0x9E3779B97F4A7C15ULL;
  return x ^ (x >> 29);
}
// "YYYY-MM-DD" -> yyyymmdd, 0 if not a valid calendar date.
int32_t parse_date(std::string_view s);
inline uint64_t bigram_key(uint32_t a, uint32_t b) { return (static_cast<uint64_t>(a) << 21) | b; }
// Length of `s` cut to at most `cut` bytes at a code point boundary.
inline size_t cut_at_boundary(std::string_view s, size_t cut) {
  if (s.size() <= cut) return s.size();
  size_t k = cut;
  while (k > 0 && (static_cast<unsigned char>(s[k]) & 0xC0) == 0x80) --k;
  return k;
}
}  // namespace qi

}  // namespace digest
