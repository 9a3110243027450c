// index.cpp — building the engine's index from a Bundle (see query_internal.h for the layout).
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>

#include "digest/doc_json.h"
#include "digest/text_normalize.h"
#include "digest/utf8.h"
#include "index_sort.h"
#include "body_script.h"
#include "query_internal.h"

namespace digest {

void QueryEngineDeleter::operator()(QueryEngine* engine) const { delete engine; }

namespace qi {

int32_t parse_date(std::string_view s) {
  if (s.size() < 10) return 0;
  for (int k : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[k] < '0' || s[k] > '9') return 0;
  if (s[4] != '-' || s[7] != '-') return 0;
  if (s.size() > 10 && s[10] != 'T' && s[10] != ' ') return 0;
  int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  int m = (s[5] - '0') * 10 + (s[6] - '0');
  int d = (s[8] - '0') * 10 + (s[9] - '0');
  static const int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return 0;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (m == 2 && d == 29 && !leap) return 0;
  return y * 10000 + m * 100 + d;
}

std::string document_body_text(const Document& d) {
  std::string body, scratch;
  for_each_body_field(d, scratch, [&](std::string_view f) {
    if (!body.empty()) body.push_back('\n');
    body += f;
  });
  return body;
}

}  // namespace qi

namespace {

std::string title_zone(const Document& d) {
  std::string s = d.title;
  if (d.display_title != d.title) {
    s.push_back('\n');
    s += d.display_title;
  }
  for (const auto& t : d.tags) {
    s.push_back('\n');
    s += t;
  }
  return s;
}

// A spelling seen before: its value id and its entry in ValueField::spellings[id].
struct SeenSpelling {
  uint32_t id;
  uint32_t index;
};
using SeenSpellings = std::unordered_map<std::string_view, SeenSpelling>;

// Interns values of a document field (tags, categories, ...) by their key; counts spellings.
// `seen` (the field's spellings so far, viewing the bundle's strings) spares a spelling met
// again its key (a normalisation and an allocation) and its lookups: most tags repeat.
void add_values(qi::ValueField& f, SeenSpellings& seen, uint32_t doc, const std::vector<const std::string*>& values) {
  size_t start = f.doc_vals.size();
  for (const std::string* v : values) {
    if (v->empty()) continue;
    uint32_t id;
    auto hit = seen.find(std::string_view(*v));
    if (hit != seen.end()) {
      id = hit->second.id;
      ++f.spellings[id][hit->second.index].second;
    } else {
      std::string key = f.key_of(*v);
      if (key.empty()) continue;  // (not remembered: rare, and it stays without an id)
      auto it = f.by_key.find(key);
      if (it == f.by_key.end()) {
        id = static_cast<uint32_t>(f.names.size());
        f.by_key.emplace(std::move(key), id);
        f.names.push_back(*v);
        f.postings.emplace_back();
        f.spellings.emplace_back();
      } else {
        id = it->second;
      }
      seen.emplace(std::string_view(*v), SeenSpelling{id, static_cast<uint32_t>(f.spellings[id].size())});
      f.spellings[id].emplace_back(v, 1);
    }
    // A value listed twice on one document counts once.
    if (std::find(f.doc_vals.begin() + static_cast<std::ptrdiff_t>(start), f.doc_vals.end(), id) != f.doc_vals.end()) continue;
    f.doc_vals.push_back(id);
    f.postings[id].push_back(doc);
  }
  f.doc_off.push_back(static_cast<uint32_t>(f.doc_vals.size()));
}

// Display names: the spelling written most often, ties to the bytewise smallest (capitals and
// spaces sort first, so "Large Language Models" wins over "large-language-models").
void finish_values(qi::ValueField& f) {
  for (size_t id = 0; id < f.names.size(); ++id) {
    const std::string* best = nullptr;
    uint32_t best_count = 0;
    for (const auto& s : f.spellings[id])
      if (!best || s.second > best_count || (s.second == best_count && *s.first < *best)) {
        best = s.first;
        best_count = s.second;
      }
    if (best) f.names[id] = *best;
  }
  std::vector<uint32_t> order(f.names.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  qi::sort_indices(order, [&](uint32_t a, uint32_t b) { return f.names[a] < f.names[b]; });
  f.by_rank = std::move(order);
  std::vector<std::vector<std::pair<const std::string*, uint32_t>>>().swap(f.spellings);
}

}  // namespace

namespace qi {
std::string tag_key(std::string_view tag) {
  // Rewritten in place: the key is never longer than the text read so far (a '-' replaces at
  // least one separator before the character that follows it).
  std::string n = normalize_for_search(tag);
  char* p = n.data();
  const size_t len = n.size();
  size_t w = 0;
  bool gap = false;
  for (size_t i = 0; i < len; ++i) {
    const char c = p[i];
    if (c == ' ' || c == '_' || c == '-') {
      gap = true;
      continue;
    }
    if (gap && w > 0) p[w++] = '-';
    gap = false;
    p[w++] = c;
  }
  n.resize(w);
  return n;
}
}  // namespace qi

namespace {

// Open-addressing table from 64-bit keys to dense ids, grown at half load. Key and id share a
// slot, so a probe touches one cache line (this runs once per Hangul/CJK character).
struct KeyTable {
  struct Slot {
    uint64_t key;
    uint32_t id;
  };
  std::vector<Slot> slots;
  uint64_t mask = 0;
  uint32_t count = 0;
  KeyTable() { resize(1 << 12); }
  void resize(size_t cap) {
    std::vector<Slot> old = std::move(slots);
    slots.assign(cap, Slot{0, 0});
    mask = cap - 1;
    for (const Slot& s : old)
      if (s.key) place(s.key, s.id);
  }
  void place(uint64_t key, uint32_t id) {
    size_t h = qi::slot_hash(key) & mask;
    while (slots[h].key) h = (h + 1) & mask;
    slots[h] = Slot{key, id};
  }
  uint32_t intern(uint64_t key) {
    size_t h = qi::slot_hash(key) & mask;
    while (slots[h].key) {
      if (slots[h].key == key) return slots[h].id;
      h = (h + 1) & mask;
    }
    slots[h] = Slot{key, count};
    if (++count * 2 > slots.size()) resize(slots.size() * 2);
    return count - 1;
  }
  // The engine's layout: keys and ids in two arrays (same slots).
  void export_to(std::vector<uint64_t>& keys, std::vector<uint32_t>& ids) {
    keys.resize(slots.size());
    ids.resize(slots.size());
    for (size_t i = 0; i < slots.size(); ++i) {
      keys[i] = slots[i].key;
      ids[i] = slots[i].id;
    }
    std::vector<Slot>().swap(slots);
  }
};

uint64_t hash_bytes(std::string_view s) {
  // Eight bytes per step (words are short; keys are at most kWordKeyCut bytes).
  uint64_t h = 0xcbf29ce484222325ULL ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
    h ^= h >> 31;
  }
  uint64_t w = 0;
  for (size_t k = 0; i < s.size(); ++i, ++k) w |= static_cast<uint64_t>(static_cast<unsigned char>(s[i])) << (8 * k);
  h = (h ^ w) * 0x9E3779B97F4A7C15ULL;
  h ^= h >> 29;
  return h | 1;  // never 0
}

// Word table: ids of distinct word keys (views into the hay arena).
struct WordTable {
  const std::string* hay;
  std::vector<uint32_t> slots;  // id + 1, 0 = empty
  std::vector<uint32_t> off;
  std::vector<uint8_t> len;
  std::vector<uint64_t> hash;
  uint64_t mask;
  explicit WordTable(const std::string* h) : hay(h) { slots.assign(1 << 12, 0); mask = slots.size() - 1; }
  std::string_view key(uint32_t id) const { return std::string_view(*hay).substr(off[id], len[id]); }
  uint32_t intern(uint32_t o, uint32_t l) {
    std::string_view k = std::string_view(*hay).substr(o, l);
    uint64_t hv = hash_bytes(k);
    size_t p = hv & mask;
    while (slots[p]) {
      uint32_t id = slots[p] - 1;
      if (hash[id] == hv && key(id) == k) return id;
      p = (p + 1) & mask;
    }
    uint32_t id = static_cast<uint32_t>(off.size());
    off.push_back(o);
    len.push_back(static_cast<uint8_t>(l));
    hash.push_back(hv);
    slots[p] = id + 1;
    if (off.size() * 2 > slots.size()) {
      slots.assign(slots.size() * 2, 0);
      mask = slots.size() - 1;
      for (uint32_t i = 0; i < off.size(); ++i) {
        size_t q = hash[i] & mask;
        while (slots[q]) q = (q + 1) & mask;
        slots[q] = i + 1;
      }
    }
    return id;
  }
};

// A Korean term's word: Hangul syllables, possibly joined by hyphens (시각-언어, 키-값).
bool korean_term_token(std::string_view t) {
  if (t.empty() || t.front() == '-' || t.back() == '-') return false;
  size_t i = 0;
  while (i < t.size()) {
    if (t[i] == '-') {
      if (t[i + 1] == '-') return false;
      ++i;
    } else if (!choseong_index(utf8_decode(t, i))) {
      return false;
    }
  }
  return true;
}

bool latin_token(std::string_view t) {
  if (t.empty()) return false;
  bool letter = false;
  for (char c : t) {
    if (c >= 'a' && c <= 'z') letter = true;
    else if (!(c >= '0' && c <= '9') && c != '-') return false;
  }
  return letter;
}

std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    size_t j = i;
    while (j < s.size() && s[j] != ' ') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// The `k` space-separated tokens that end right before `end` in `text` (all must satisfy `ok`).
bool tokens_before(std::string_view text, size_t end, size_t k, bool (*ok)(std::string_view), std::string& out) {
  std::string_view toks[8];
  size_t count = 0;
  if (k > 8) return false;
  size_t pos = end;
  while (count < k) {
    if (pos == 0) return false;
    size_t start = text.rfind(' ', pos - 1);
    start = start == std::string_view::npos ? 0 : start + 1;
    std::string_view t = text.substr(start, pos - start);
    if (!ok(t)) return false;
    toks[count++] = t;
    if (start == 0) pos = 0;
    else pos = start - 1;
  }
  out.clear();
  for (size_t i = count; i-- > 0;) {
    out.append(toks[i]);
    if (i) out.push_back(' ');
  }
  return true;
}

// What the pairs written in a bundle's text say, gathered over all its documents (mine_pairs),
// then turned into pairs (PairEvidence::pairs).
//
// An English term in parentheses does not say how many Korean words before it are its
// translation: "규모의 모델은 저랭크 적응(LoRA)". The words written before it every time are: so for
// each occurrence (the first kMaxPairSamples of each term) every run of 1..kMaxPairWords Korean
// words before the "(" is counted, and runs written before at least a quarter of the term's
// occurrences (and twice at least) are kept. A kept run mostly written with one more kept word
// before it ("적응" of "저랭크 적응") is only part of the translation, and a kept run that ends
// with another kept run adds nothing to it. A term written once, or never twice the same way,
// falls back to k words: the acronym's letter count (rl: 2, llm: 3; at most 4), or the number of
// its words.
constexpr size_t kMaxPairWords = 6;
constexpr uint32_t kMaxPairSamples = 256;

struct PairEvidence {
  // One "(english)" after Korean words: the text of up to kMaxPairWords words before it (a view
  // into the engine's search text, which outlives the evidence) and how many words that is.
  struct Occurrence {
    uint32_t english;    // index into `english`
    uint8_t words;
    uint8_t fallback;    // the fallback's word count (0: none)
    std::string_view before;
  };
  std::vector<std::string> english;
  std::unordered_map<std::string, uint32_t> english_ids;
  std::vector<uint32_t> sampled;  // occurrences kept per term
  std::vector<Occurrence> occurrences;
  std::vector<std::pair<std::string, std::string>> direct;  // written "term(한국어)"

  std::vector<std::pair<std::string, std::string>> pairs();
};

// The last `words` (>= 1) words of `before` (words separated by single spaces).
std::string_view last_words(std::string_view before, size_t words) {
  size_t pos = before.size();
  for (size_t w = 1;; ++w) {
    size_t space = pos == 0 ? std::string_view::npos : before.rfind(' ', pos - 1);
    if (space == std::string_view::npos) return before;
    if (w == words) return before.substr(space + 1);
    pos = space;
  }
}

std::vector<std::pair<std::string, std::string>> PairEvidence::pairs() {
  std::vector<std::pair<std::string, std::string>> out = std::move(direct);
  // `longer` is `shorter` with words before it ("저랭크 적응" of "적응"); `one_word` asks for one.
  auto extends = [](std::string_view longer, std::string_view shorter, bool one_word) {
    if (longer.size() < shorter.size() + 2 || longer.substr(longer.size() - shorter.size()) != shorter ||
        longer[longer.size() - shorter.size() - 1] != ' ')
      return false;
    return !one_word || longer.find(' ') == longer.size() - shorter.size() - 1;
  };
  // The occurrences term after term: by_term[start[t] .. start[t + 1]) are term t's.
  std::vector<uint32_t> start(english.size() + 1, 0), by_term(occurrences.size());
  for (const Occurrence& o : occurrences) ++start[o.english + 1];
  for (size_t t = 0; t < english.size(); ++t) start[t + 1] += start[t];
  {
    std::vector<uint32_t> next(start.begin(), start.end() - 1);
    for (uint32_t i = 0; i < occurrences.size(); ++i) by_term[next[occurrences[i].english]++] = i;
  }
  // Per occurrence and word count j, a hash of its last j words (read right to left, so one pass
  // gives all j) in the high 56 bits and the occurrence (< kMaxPairSamples) in the low 8; equal
  // hashes are taken as equal runs.
  static_assert(kMaxPairSamples <= 256, "the low 8 bits of a run's key number the occurrence");
  std::vector<uint64_t> runs[kMaxPairWords];
  std::vector<std::pair<std::string_view, uint32_t>> kept;
  std::vector<std::string_view> whole;
  for (uint32_t en = 0; en < english.size(); ++en) {
    const uint32_t g = start[en], h = start[en + 1];
    const uint64_t total = h - g;
    for (auto& r : runs) r.clear();
    for (uint32_t i = g; i < h; ++i) {
      std::string_view before = occurrences[by_term[i]].before;
      uint64_t hash = 14695981039346656037ull;
      for (size_t at = before.size(), j = 0; at-- > 0;) {
        hash = (hash ^ static_cast<unsigned char>(before[at])) * 1099511628211ull;
        if (at == 0 || before[at - 1] == ' ') runs[j++].push_back((hash & ~uint64_t{0xFF}) | (i - g));
      }
    }
    // The runs written before at least a quarter of the occurrences (and twice at least), with
    // their counts.
    kept.clear();
    for (size_t j = 0; j < kMaxPairWords; ++j) {
      auto& r = runs[j];
      std::sort(r.begin(), r.end());
      for (size_t x = 0, y; x < r.size(); x = y) {
        for (y = x; y < r.size() && r[y] >> 8 == r[x] >> 8;) ++y;
        if (y - x >= 2 && (y - x) * 4 >= total)
          kept.emplace_back(last_words(occurrences[by_term[g + (r[x] & 0xFF)]].before, j + 1), static_cast<uint32_t>(y - x));
      }
    }
    // A run mostly written with one more word before it (the kept runs one word longer that end
    // with it cover three quarters of its count) is part of the translation, not all of it.
    whole.clear();
    for (const auto& [run, count] : kept) {
      uint64_t covered = 0;
      for (const auto& [other, other_count] : kept)
        if (extends(other, run, true)) covered += other_count;
      if (covered * 4 < uint64_t{count} * 3) whole.push_back(run);
    }
    // Of the rest, a run that ends with another is redundant: the shorter one matches wherever it does.
    for (std::string_view run : whole) {
      bool redundant = false;
      for (std::string_view other : whole) redundant = redundant || extends(run, other, false);
      if (!redundant) out.emplace_back(std::string(run), english[en]);
    }
    // No run written often enough: the fallback words before each occurrence.
    if (whole.empty())
      for (uint32_t i = g; i < h; ++i) {
        const Occurrence& o = occurrences[by_term[i]];
        if (o.fallback) out.emplace_back(std::string(last_words(o.before, o.fallback)), english[en]);
      }
  }
  qi::sort_items(out, [](const std::pair<std::string, std::string>& a, const std::pair<std::string, std::string>& b) { return a < b; });
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// Gathers the "한국어 용어(english term)" and "term(한국어)" pairs of one normalised text.
void mine_pairs(std::string_view text, PairEvidence& ev) {
  size_t p = 0;
  std::string first, other;
  while ((p = text.find('(', p)) != std::string_view::npos) {
    size_t open = p++;
    if (open == 0) continue;
    // "(" is stuck to the preceding token (or one space away).
    size_t end = open;
    if (text[end - 1] == ' ') --end;
    if (end == 0 || text[end - 1] == ' ') continue;
    // Long parentheses are sentences, not glosses; 64 bytes holds ~4 English or ~20 Korean words.
    size_t close = text.substr(0, std::min(text.size(), open + 65)).find(')', open + 1);
    if (close == std::string_view::npos) continue;
    std::string_view inner = text.substr(open + 1, close - open - 1);
    if (inner.find('(') != std::string_view::npos) continue;
    std::vector<std::string_view> toks = split_spaces(inner);
    if (toks.empty() || toks.size() > 4) continue;
    bool all_latin = true, all_hangul = true;
    for (auto t : toks) {
      all_latin = all_latin && latin_token(t);
      all_hangul = all_hangul && korean_term_token(t);
    }
    std::string inner_joined;
    for (size_t i = 0; i < toks.size(); ++i) {
      if (i) inner_joined.push_back(' ');
      inner_joined.append(toks[i]);
    }
    if (all_latin) {
      // The Korean words right before it (single spaces between them).
      size_t words = 0, start = end, pos = end;
      while (words < kMaxPairWords && pos > 0) {
        size_t space = text.rfind(' ', pos - 1);
        size_t from = space == std::string_view::npos ? 0 : space + 1;
        if (!korean_term_token(text.substr(from, pos - from))) break;
        ++words;
        start = from;
        if (from == 0) break;
        pos = from - 1;
      }
      if (words == 0) continue;
      // An acronym (one short token: rl, llm) names as many Korean words as it has letters; an
      // acronym with fewer before it, the one word before it.
      size_t k = toks.size();
      if (k == 1 && toks[0].size() >= 2 && toks[0].size() <= 4) k = toks[0].size();
      size_t fallback = words >= k ? k : k != toks.size() ? 1 : 0;
      auto it = ev.english_ids.find(inner_joined);
      uint32_t id = it == ev.english_ids.end() ? static_cast<uint32_t>(ev.english.size()) : it->second;
      if (id == ev.english.size()) {
        ev.english_ids.emplace(std::string(inner_joined), id);
        ev.english.push_back(inner_joined);
        ev.sampled.push_back(0);
      }
      // The first kMaxPairSamples occurrences of a term say how it is written as well as all.
      if (ev.sampled[id] == kMaxPairSamples) continue;
      ++ev.sampled[id];
      ev.occurrences.push_back({id, static_cast<uint8_t>(words), static_cast<uint8_t>(fallback), text.substr(start, end - start)});
    } else if (all_hangul) {
      size_t k = 1;
      if (tokens_before(text, end, 1, latin_token, first) && first.size() > 4) k = toks.size();
      if (tokens_before(text, end, k, latin_token, other)) ev.direct.emplace_back(inner_joined, other);
    }
  }
}

}  // namespace

int64_t QueryEngine::bigram_id(uint32_t a, uint32_t b) const {
  uint64_t key = qi::bigram_key(a, b);
  uint64_t mask = bg_keys.size() - 1;
  size_t h = qi::slot_hash(key) & mask;
  while (bg_keys[h]) {
    if (bg_keys[h] == key) return bg_ids[h];
    h = (h + 1) & mask;
  }
  return -1;
}

std::pair<uint32_t, uint32_t> QueryEngine::word_range(std::string_view prefix) const {
  uint32_t count = dict_off.empty() ? 0 : static_cast<uint32_t>(dict_off.size() - 1);
  uint32_t lo = 0, hi = count;
  while (lo < hi) {  // first word >= prefix
    uint32_t mid = (lo + hi) / 2;
    if (word(mid) < prefix) lo = mid + 1;
    else hi = mid;
  }
  uint32_t first = lo;
  hi = count;
  while (lo < hi) {  // first word that does not start with prefix
    uint32_t mid = (lo + hi) / 2;
    if (word(mid).substr(0, prefix.size()) <= prefix) lo = mid + 1;
    else hi = mid;
  }
  return {first, lo};
}

const QueryEngine::MergedEntry* QueryEngine::merged_entry(std::string_view name) const {
  for (const auto& m : merged_)
    if (m.first == name) return &m;
  return nullptr;
}

const qi::Postings* QueryEngine::find_merged(std::string_view name, bool* known) const {
  std::lock_guard<std::mutex> lock(merged_mutex_);
  const MergedEntry* m = merged_entry(name);
  *known = m != nullptr;
  return m ? m->second.get() : nullptr;
}

const qi::Postings* QueryEngine::merge(std::string_view name, const qi::Postings& table, const std::vector<uint32_t>& keys) const {
  std::lock_guard<std::mutex> lock(merged_mutex_);
  if (const MergedEntry* m = merged_entry(name)) return m->second.get();
  uint64_t postings = 0;
  for (uint32_t k : keys) postings += table.size(k);
  if (keys.size() < merged_min && postings < (merged_min_postings ? merged_min_postings : uint64_t{n})) {
    merged_.emplace_back(std::string(name), nullptr);
    return nullptr;
  }
  if (merged_kept_ >= kMergedListsMax) return nullptr;
  std::vector<uint8_t> tf(n, 0);  // 0: no key of the list in the document
  std::vector<uint16_t> first(n, 0xFFFF);
  for (uint32_t k : keys)
    for (qi::Postings::Cursor cur = table.cursor(k); cur.next();) {
      uint8_t& t = tf[cur.doc];
      t = t ? qi::sat_add(t, cur.tf) : cur.tf;
      if (cur.first < first[cur.doc]) first[cur.doc] = cur.first;
    }
  auto list = std::make_unique<qi::Postings>();
  for (uint32_t d = 0; d < n; ++d)
    if (tf[d]) list->add_counted(0, d, tf[d], first[d]);
  list->finish(1, {});
  ++merged_kept_;
  merged_.emplace_back(std::string(name), std::move(list));
  return merged_.back().second.get();
}

std::string document_search_text(const Document& d) {
  std::string s = title_zone(d);
  for (const auto& a : d.authors) {
    s.push_back('\n');
    s += a;
  }
  for (const std::string* f : {&d.institution, &d.arxiv}) {
    s.push_back('\n');
    s += *f;
  }
  s.push_back('\n');
  s += qi::document_body_text(d);
  return s;
}

std::vector<std::pair<std::string, std::string>> query_expansion_pairs(const QueryEngine& engine) {
  engine.need_text_index();
  return engine.pairs;
}

void prepare_text_index(const QueryEngine& engine) {
  engine.need_text_index();
  while (!engine.step_choseong_trigrams(UINT32_MAX)) {
  }
}

QueryEnginePtr build_query_engine(const Bundle& bundle, TextIndexTiming timing) {
  QueryEnginePtr ep(new QueryEngine());
  QueryEngine& e = *ep;
  e.bundle = &bundle;
  e.n = static_cast<uint32_t>(bundle.docs.size());
  const uint32_t n = e.n;

  // Dates, ids, value fields, order and facet totals: all an empty search needs.
  e.date.reserve(n);
  e.tags.tag_like = true;
  for (qi::ValueField* f : {&e.tags, &e.categories, &e.prerequisites, &e.institutions, &e.selections, &e.analyses})
    f->doc_off.reserve(n + 1), f->doc_off.push_back(0);
  e.by_id.reserve(n);
  std::vector<const std::string*> vals;
  SeenSpellings seen_tags, seen_categories, seen_prerequisites, seen_institutions, seen_selections, seen_analyses;
  for (uint32_t i = 0; i < n; ++i) {
    const Document& d = bundle.docs[i];
    e.date.push_back(qi::parse_date(d.date));
    e.by_id.emplace(std::string_view(d.id), i);
    vals.clear();
    for (const auto& t : d.tags) vals.push_back(&t);
    add_values(e.tags, seen_tags, i, vals);
    vals.clear();
    for (const auto& t : d.categories) vals.push_back(&t);
    add_values(e.categories, seen_categories, i, vals);
    vals.clear();
    for (const auto& p : d.prerequisites) vals.push_back(&p.name);
    add_values(e.prerequisites, seen_prerequisites, i, vals);
    add_values(e.institutions, seen_institutions, i, {&d.institution});
    add_values(e.selections, seen_selections, i, {&d.selection});
    add_values(e.analyses, seen_analyses, i, {&d.analysis});
  }
  for (qi::ValueField* f : {&e.tags, &e.categories, &e.prerequisites, &e.institutions, &e.selections, &e.analyses}) finish_values(*f);
  int32_t max_year = 0;
  for (int32_t dt : e.date)
    if (dt) {
      int32_t y = dt / 10000;
      if (!e.min_year || y < e.min_year) e.min_year = y;
      max_year = std::max(max_year, y);
    }
  e.month_slots = e.min_year ? static_cast<uint32_t>(max_year - e.min_year + 1) * 12 : 0;
  e.newest = documents_newest_first(bundle);
  e.order_pos.assign(n, 0);
  for (uint32_t k = 0; k < n; ++k) e.order_pos[e.newest[k]] = k;
  qi::build_facet_totals(e);
  if (timing == TextIndexTiming::kNow) prepare_text_index(e);
  return ep;
}

// The full-text part of an engine, built a slice of documents at a time: the normalised text of
// every document, then their postings (and the dictionary), then the expansion pairs mined from
// the text, then (one per step) the matches of each pair's sides that the postings cannot decide.
// Each phase visits the documents in order, exactly as one pass would, so an index built in
// steps is byte for byte the one built at once.
class TextIndexBuilder {
 public:
  explicit TextIndexBuilder(QueryEngine& engine);
  // Does the work of up to `documents` more documents (a phase's closing work comes with the
  // step that reaches it); true once the index is complete.
  bool step(uint32_t documents);

 private:
  void add_text(uint32_t d);
  void add_postings(uint32_t d);
  void finish_postings();

  enum class Phase { kText, kPostings, kPairs, kSides, kDone };
  QueryEngine& e_;
  Phase phase_ = Phase::kText;
  uint32_t next_ = 0;  // next document of the phase
  std::string scratch_;
  // Made when the postings pass starts, after the text arena: allocated before it, they would
  // take a piece of the block the freed input left, which the arena then no longer fits in
  // (the heap grew by the arena: +0.75x of the bundle at the peak, tests/js/digest-load-memory).
  std::optional<KeyTable> bg_;
  std::optional<WordTable> wt_;
  std::vector<uint32_t> word_succ_;  // per word key as interned: QueryEngine::word_succ, before the keys are sorted
  std::vector<uint32_t> cho_cnt_, cho_keys_;  // per-document choseong key counts
  std::vector<uint16_t> cho_first_;
  std::vector<uint8_t> cho_title_;  // the key's first occurrence starts in the title zone
  PairEvidence evidence_;
  // The next expansion side whose matches are found (kSides).
  std::optional<std::unordered_map<std::string, std::vector<std::string>>::const_iterator> side_iter_;
};

void QueryEngine::need_text_index() const {
  // The engine is made non-const (build_query_engine); answering stays read-only apart from
  // this one deferred build, which the mutex makes safe to ask for from several threads.
  while (!step_text_index(UINT32_MAX)) {
  }
}

bool QueryEngine::step_text_index(uint32_t documents) const {
  if (text_ready_.load(std::memory_order_acquire)) return true;
  std::lock_guard<std::mutex> lock(text_mutex_);
  if (text_ready_.load(std::memory_order_relaxed)) return true;
  if (!text_builder_) {
    need_bodies(kAllDocuments);  // (with a release callback, add_text decodes each in turn)
    text_builder_ = std::make_unique<TextIndexBuilder>(const_cast<QueryEngine&>(*this));
  }
  if (!text_builder_->step(documents)) return false;
  text_builder_.reset();
  text_ready_.store(true, std::memory_order_release);
  return true;
}

bool prepare_text_index_step(const QueryEngine& engine, uint32_t documents) {
  return engine.step_text_index(documents) && engine.step_choseong_trigrams(documents);
}

void set_body_source(QueryEngine& engine, void (*decode)(void* context, uint32_t doc), void* context) {
  engine.decode_bodies_ = decode;
  engine.decode_bodies_context_ = context;
}

void set_body_release(QueryEngine& engine, void (*release)(void* context, uint32_t doc), void* context) {
  engine.release_bodies_ = release;
  engine.release_bodies_context_ = context;
}

TextIndexBuilder::TextIndexBuilder(QueryEngine& engine) : e_(engine) {
  QueryEngine& e = e_;
  const Bundle& bundle = *e.bundle;
  const uint32_t n = e.n;
  // 1. Normalised text (field by field straight into the arena: the same bytes as
  //    normalize_for_search(document_search_text(d)) without building that string).
  e.hay_off.reserve(n + 1);
  e.title_end.reserve(n);
  e.hay_off.push_back(0);
  // Upper bound of the normalised text: every field that goes in, at its raw length (markup
  // stripping and NFC only shorten text; the rare case folds that lengthen it are covered by
  // the 1/64 margin). Reserving short would double the arena mid-build and hold both copies,
  // which was the load's peak memory.
  // Bodies still in the load's input count at their encoded length, which their text never
  // exceeds (JSON escapes only shorten when decoded).
  size_t total_chars = 0, body_chars = 0;
  for (const auto& d : bundle.docs) {
    size_t c = d.title.size() + d.display_title.size() + d.institution.size() + d.arxiv.size() + d.summary.size() + 8;
    size_t b = d.markdown.size() + d.html.size();
    for (const auto& t : d.tags) c += t.size() + 1;
    for (const auto& a : d.authors) c += a.size() + 1;
    for (const auto& sec : d.sections) b += sec.markdown.size() + 1;
    for (const auto& t : d.deferred) b += t.end - t.begin;
    total_chars += c + b;
    body_chars += b;
  }
  total_chars += total_chars / 64 + 64;
  e.hay.reserve(total_chars);
  if (e.release_bodies_) begin_packing(e, body_chars);
}

bool TextIndexBuilder::step(uint32_t documents) {
  QueryEngine& e = e_;
  const uint32_t n = e.n;
  for (uint32_t done = 0; phase_ != Phase::kDone && done < documents;) {
    if (phase_ == Phase::kSides) {
      // 4. One expansion side per step (about one query over every document), in the map's
      //    order, which the same pairs inserted the same way always give.
      if (!side_iter_) side_iter_.emplace(e.expand_map.begin());
      if (*side_iter_ != e.expand_map.end()) {
        find_side_matches(e, (*side_iter_)->first);
        ++*side_iter_;
        break;
      }
      phase_ = Phase::kDone;
      break;
    }
    if (next_ < n) {
      if (phase_ == Phase::kText) add_text(next_);
      else if (phase_ == Phase::kPostings) add_postings(next_);
      else mine_pairs(e.doc_hay(next_), evidence_);
      ++next_;
      ++done;
      continue;
    }
    next_ = 0;
    if (phase_ == Phase::kText) {
      if (e.hay.capacity() - e.hay.size() > e.hay.size() / 4) e.hay.shrink_to_fit();  // a copy: only when much was over-reserved
      if (e.body_scripts.capacity() - e.body_scripts.size() > e.body_scripts.size() / 4) e.body_scripts.shrink_to_fit();
      e.avg_len = n ? std::max(1.0, static_cast<double>(e.hay.size()) / n) : 1.0;
      e.len_norm.resize(n);
      for (uint32_t d = 0; d < n; ++d)
        e.len_norm[d] = qi::bm25_length_norm(static_cast<float>(e.hay_off[d + 1] - e.hay_off[d]), static_cast<float>(e.avg_len));
      bg_.emplace();
      wt_.emplace(&e.hay);
      cho_cnt_.assign(qi::kChoKeys, 0);
      cho_first_.assign(qi::kChoKeys, 0);
      cho_title_.assign(qi::kChoKeys, 0);
      phase_ = Phase::kPostings;
    } else if (phase_ == Phase::kPostings) {
      finish_postings();
      phase_ = Phase::kPairs;
    } else {
      // 3. Expansion pairs.
      e.pairs = evidence_.pairs();
      for (const auto& p : e.pairs) {
        e.expand_map[p.first].push_back(p.second);
        e.expand_map[p.second].push_back(p.first);
      }
      phase_ = Phase::kSides;
    }
  }
  return phase_ == Phase::kDone;
}

void TextIndexBuilder::add_text(uint32_t i) {
  QueryEngine& e = e_;
  const Bundle& bundle = *e.bundle;
  std::string& scratch = scratch_;
  const bool pack = e.release_bodies_ != nullptr;
  if (pack) e.need_bodies(i);
  const Document& d = bundle.docs[i];
  const size_t base = e.hay.size();
  std::string& h = e.hay;
  append_normalized_field(h, base, d.title);
  if (d.display_title != d.title) append_normalized_field(h, base, d.display_title);
  for (const auto& t : d.tags) append_normalized_field(h, base, t);
  e.title_end.push_back(static_cast<uint32_t>(h.size()));
  for (const auto& a : d.authors) append_normalized_field(h, base, a);
  append_normalized_field(h, base, d.institution);
  append_normalized_field(h, base, d.arxiv);
  // Packing: each field but the summary becomes a script against the text it just added.
  qi::for_each_body_field(d, scratch, [&](std::string_view f, size_t, int slot) {
    const size_t at = h.size();
    append_normalized_field(h, base, f);
    if (pack && slot != qi::kSummarySlot) append_packed_field(e, d, slot, at - base, std::string_view(h).substr(at));
  });
  e.hay_off.push_back(static_cast<uint32_t>(h.size()));
  if (pack) finish_packed_document(e, d, i);
}

// 2. Bigram, word and choseong postings, in one pass over the text. Choseong keys index the
// stream of initial consonants of Hangul syllables, where a single space between two
// syllables joins them and every other character separates (query.cpp find_choseong reads
// the same stream off the text); their first offsets are the syllable's byte offset in the text.
void TextIndexBuilder::add_postings(uint32_t d) {
  QueryEngine& e = e_;
  KeyTable& bg = *bg_;
  WordTable& wt = *wt_;
  const std::string_view hay(e.hay);
  std::vector<uint32_t>& cho_cnt = cho_cnt_;
  std::vector<uint32_t>& cho_keys = cho_keys_;
  std::vector<uint16_t>& cho_first = cho_first_;
  std::vector<uint8_t>& cho_title = cho_title_;
  size_t i = e.hay_off[d], end = e.hay_off[d + 1], tend = e.title_end[d];
  const size_t doc_start = i;
  size_t prev_at = i;
  uint32_t prev = 0;
  bool prev_cjk = false, prev_word = false, prev_prev_cjk = false;
  size_t word_start = 0;
  bool word_indexed = false;
  // The choseong stream: the previous syllable's choseong (0 after a separator) and offset.
  bool last_syllable = false;
  unsigned prev_cho = 0;
  size_t prev_cho_at = 0;
  auto cho_sep = [&]() {
    last_syllable = false;
    prev_cho = 0;
  };
  // The bigram posting this document's previous character opened (its key's first occurrence
  // here), waiting for the character after it: if that is the key's successor (bg_marks: the
  // character after the key's first occurrence in the first document that holds it), the
  // posting's successor bit is set.
  uint32_t pending_key = 0, pending_at = qi::kNoPosting;
  // For a pair's predecessor bit: the Hangul/CJK characters in a row up to the previous one, and
  // the bigram keys of the last two pairs (back1: the previous character and the one before it;
  // back2: the pair before that, the predecessor of a pair that starts at the previous character
  // when cjk_run >= 3).
  uint32_t cjk_run = 0, pair_back1 = 0, pair_back2 = 0;
  bool loose = false;  // word text that no key holds (QueryEngine::loose_docs)
  // The document's previous word, for its successor bit: its key, its posting when that word was
  // its key's first occurrence here (else kNoPosting), and where it ended.
  uint32_t last_key = 0, last_at = qi::kNoPosting;
  size_t last_end = 0;
  auto close_word = [&](size_t at) {
    if (!prev_word || !word_indexed) return;
    size_t len = qi::cut_at_boundary(hay.substr(word_start, at - word_start), qi::kWordKeyCut);
    const bool cut = len < at - word_start;
    if (cut) loose = true;
    const uint32_t key = wt.intern(static_cast<uint32_t>(word_start), static_cast<uint32_t>(len));
    const uint32_t tf_at = e.words.add(key, d, word_start < tend, word_start - doc_start);
    // Its first occurrence here: what the byte before it is (a term's separator, `fine-tuning`).
    if (tf_at != qi::kNoPosting && word_start > doc_start) {
      const char before = hay[word_start - 1];
      if (before == ' ') e.words.set_mark(tf_at, qi::kAfterSpaceMark);
      else if (before == '-') e.words.set_mark(tf_at, qi::kAfterHyphenMark);
    }
    // The previous word's first occurrence here is followed by one space and this word: its
    // posting's successor bit, if this word is its key's successor (the word that first followed
    // it so, in the first document where one did). Cut keys keep none.
    if (last_at != qi::kNoPosting && !cut && word_start == last_end + 1 && hay[last_end] == ' ') {
      if (last_key >= word_succ_.size()) word_succ_.resize(std::max<size_t>(last_key + 1, 2 * word_succ_.size()), 0);
      uint32_t& succ = word_succ_[last_key];
      if (!succ) succ = key + 1;
      if (succ == key + 1) e.words.set_mark(last_at, qi::kNextWordMark);
    }
    last_key = key;
    last_at = cut ? qi::kNoPosting : tf_at;
    last_end = at;
  };
  while (i < end) {
    size_t at = i;
    unsigned char b0 = static_cast<unsigned char>(hay[i]);
    if (b0 < 0x80 && !prev_cjk) {
      // ASCII after a non-Hangul/CJK character: no bigram, no choseong byte.
      pending_at = qi::kNoPosting;
      prev_prev_cjk = false;
      cjk_run = 0;
      ++i;
      bool wc = (b0 | 0x20u) - 'a' < 26u || static_cast<unsigned>(b0) - '0' < 10u;
      if (wc && !prev_word) {
        word_start = at;
        word_indexed = true;
      } else if (!wc && prev_word) {
        close_word(at);
      }  // (a run that starts with Hangul/CJK was flagged loose at its first other letter, below)
      cho_sep();
      prev = b0;
      prev_word = wc;
      continue;
    }
    uint32_t cp = qi::decode(hay, i);
    bool syllable = cp >= 0xAC00 && cp <= 0xD7A3;
    bool cjk = syllable || (cp >= 0x1100 && is_hangul_or_cjk(cp));
    bool wc = cjk || (cp < 0x80 ? ((cp | 0x20) - 'a' < 26u || cp - '0' < 10u) : is_word_char(cp));
    if (pending_at != qi::kNoPosting) {
      if (cjk) {
        uint32_t& succ = e.bg_marks[pending_key].succ;
        if (!succ) succ = cp;
        if (succ == cp) {
          e.bigrams.set_mark(pending_at, qi::kSuccessorMark);
          ++e.bg_marks[pending_key].succ_marked;
        }
      }
      pending_at = qi::kNoPosting;
    }
    if (cjk && prev_cjk) {
      const uint32_t key = bg.intern(qi::bigram_key(prev, cp));
      if (key >= e.bg_marks.size()) e.bg_marks.resize(std::max<size_t>(size_t{key} + 1, e.bg_marks.size() * 2));
      pending_key = key;
      pending_at = e.bigrams.add(key, d, at < tend, prev_at - doc_start);
      if (pending_at != qi::kNoPosting && cjk_run >= 3) {
        uint32_t& pred = e.bg_marks[key].pred;
        if (!pred) pred = pair_back2 + 1;
        if (pred == pair_back2 + 1) {
          e.bigrams.set_mark(pending_at, qi::kPredecessorMark);
          ++e.bg_marks[key].pred_marked;
        }
      }
      pair_back2 = pair_back1;
      pair_back1 = key;
    }
    // A Hangul/CJK character alone between non-Hangul/CJK ones is in no bigram: its own key.
    if (prev_cjk && !cjk && !prev_prev_cjk) e.bigrams.add(bg.intern(qi::bigram_key(1, prev)), d, prev_at < tend, prev_at - doc_start);
    prev_prev_cjk = prev_cjk;
    if (cp >= 0x3131 && cp <= 0x318E) e.bigrams.add(bg.intern(qi::bigram_key(0, cp)), d, at < tend, at - doc_start);  // lone jamo
    if (wc && !prev_word) {
      word_start = at;
      word_indexed = !cjk;
    } else if (!wc && prev_word) {
      close_word(at);
    } else if (wc && !cjk && !word_indexed) {
      loose = true;  // a letter or digit inside a run that starts with Hangul/CJK: always
                     // reached here first, as it follows a Hangul/CJK character
    }
    if (syllable) {
      unsigned c = (cp - 0xAC00) / 588 + 1;
      size_t cpos = at - doc_start;
      if (cho_cnt[c]++ == 0) {
        cho_keys.push_back(c);
        cho_first[c] = static_cast<uint16_t>(std::min<size_t>(cpos, 0xFFFF));
        cho_title[c] = at < tend;
      }
      if (prev_cho) {
        uint32_t k = qi::cho_bigram_id(prev_cho, c);
        if (cho_cnt[k]++ == 0) {
          cho_keys.push_back(k);
          cho_first[k] = static_cast<uint16_t>(std::min<size_t>(prev_cho_at, 0xFFFF));
          cho_title[k] = doc_start + prev_cho_at < tend;
        }
      }
      prev_cho = c;
      prev_cho_at = cpos;
      last_syllable = true;
    } else if (cp == ' ' && last_syllable && i < end) {
      size_t j = i;
      uint32_t next = qi::decode(hay, j);
      if (!(next >= 0xAC00 && next <= 0xD7A3)) cho_sep();
    } else {
      cho_sep();
    }
    prev = cp;
    prev_at = at;
    prev_cjk = cjk;
    cjk_run = cjk ? cjk_run + 1 : 0;
    prev_word = wc;
  }
  close_word(end);
  if (loose) e.loose_docs.push_back(d);
  if (prev_cjk && !prev_prev_cjk) e.bigrams.add(bg.intern(qi::bigram_key(1, prev)), d, prev_at < tend, prev_at - doc_start);
  for (uint32_t k : cho_keys) {
    e.chos.add_counted(k, d, static_cast<uint8_t>(std::min<uint32_t>(cho_cnt[k], qi::kTfMax) | cho_title[k] << 7), cho_first[k]);
    cho_cnt[k] = 0;
  }
  cho_keys.clear();
}

void TextIndexBuilder::finish_postings() {
  QueryEngine& e = e_;
  KeyTable& bg = *bg_;
  WordTable& wt = *wt_;
  bg.export_to(e.bg_keys, e.bg_ids);
  e.bigrams.finish(bg.count, {});
  e.bg_marks.resize(bg.count);
  e.bg_marks.shrink_to_fit();
  e.chos.finish(qi::kChoKeys, {});

  uint32_t nw = static_cast<uint32_t>(wt.off.size());
  std::vector<uint32_t> sorted(nw);
  for (uint32_t w = 0; w < nw; ++w) sorted[w] = w;
  // Its own std::sort (~1.7 KB of module): the word sort is most of finishing the postings, and
  // through the shared index sort's function pointer the text index took ~9% longer at 2k.
  std::sort(sorted.begin(), sorted.end(), [&](uint32_t a, uint32_t b) { return wt.key(a) < wt.key(b); });
  std::vector<uint32_t> remap(nw);
  size_t dict_bytes = nw;
  for (uint32_t w = 0; w < nw; ++w) dict_bytes += wt.len[w];
  e.dict.reserve(dict_bytes);
  e.dict_off.resize(nw + 1);
  for (uint32_t r = 0; r < nw; ++r) {
    remap[sorted[r]] = r;
    e.dict_off[r] = static_cast<uint32_t>(e.dict.size());
    e.dict.append(wt.key(sorted[r]));
    e.dict.push_back('\n');
  }
  e.dict_off[nw] = static_cast<uint32_t>(e.dict.size());
  std::vector<uint32_t>().swap(sorted);
  wt_.reset();
  e.words.finish(nw, remap);
  e.word_succ.assign(nw, 0);
  for (uint32_t w = 0; w < nw && w < word_succ_.size(); ++w)
    if (word_succ_[w]) e.word_succ[remap[w]] = remap[word_succ_[w] - 1] + 1;
  std::vector<uint32_t>().swap(word_succ_);
  bg_.reset();
}

// Choseong trigram postings (QueryEngine::choseong_trigrams): the stream add_postings reads (a
// single space between two syllables joins them, every other character separates), three initial
// consonants at a time; a trigram is in the title zone where it starts.
bool QueryEngine::step_choseong_trigrams(uint32_t documents) const {
  if (cho3_ready_.load(std::memory_order_acquire)) return true;
  need_text_index();
  std::lock_guard<std::mutex> lock(cho3_mutex_);
  if (cho3_ready_.load(std::memory_order_relaxed)) return true;
  cho3_seen_.resize(qi::kChoTrigramKeys, 0);  // occurrences in the document (to 7) | 0x80: one in its title zone
  std::vector<uint8_t>& seen = cho3_seen_;
  std::vector<uint32_t> keys;
  const std::string_view text(hay);
  for (uint32_t done = 0; cho3_next_ < n && done < documents; ++done) {
    const uint32_t d = cho3_next_++;
    const size_t end = hay_off[d + 1], tend = title_end[d];
    unsigned c1 = 0, c2 = 0;  // the previous syllable's choseong and the one before (0: none in this run)
    size_t at1 = 0, at2 = 0;
    for (size_t i = hay_off[d]; i < end;) {
      const size_t at = i;
      const unsigned char b = static_cast<unsigned char>(text[i]);
      if (b < 0x80) {
        ++i;
        if (b == ' ' && c1 && i + 3 <= end) {
          size_t j = i;
          uint32_t next = qi::decode(text, j);
          if (next >= 0xAC00 && next <= 0xD7A3) continue;  // joins the run
        }
        c1 = c2 = 0;
        continue;
      }
      const uint32_t cp = qi::decode(text, i);
      if (cp < 0xAC00 || cp > 0xD7A3) {
        c1 = c2 = 0;
        continue;
      }
      const unsigned c = (cp - 0xAC00) / 588 + 1;
      if (c2) {
        const uint32_t k = qi::cho_trigram_id(c2, c1, c);
        if (!seen[k]) keys.push_back(k);
        if ((seen[k] & 0x7F) < 7) ++seen[k];  // the count (the list keeps up to 7), the title bit
        if (at2 < tend) seen[k] |= 0x80;
      }
      c2 = c1;
      at2 = at1;
      c1 = c;
      at1 = at;
    }
    for (uint32_t k : keys) {
      cho3_.add_counted(k, d, seen[k], 0);
      seen[k] = 0;
    }
    keys.clear();
  }
  if (cho3_next_ < n) return false;
  cho3_.finish(qi::kChoTrigramKeys, {});
  std::vector<uint8_t>().swap(cho3_seen_);
  cho3_ready_.store(true, std::memory_order_release);
  return true;
}

void build_text_index(QueryEngine& e) {
  TextIndexBuilder builder(e);
  while (!builder.step(UINT32_MAX)) {
  }
}

}  // namespace digest
