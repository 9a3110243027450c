// body_script.cpp — body scripts (body_script.h): encode against the normalised text, apply.
#include "body_script.h"

#include "query_internal.h"

#include <cstdint>
#include <cstring>

namespace digest {
namespace {

enum Op : unsigned { kCopy = 0, kSkip = 1, kInsert = 2, kUpper = 3 };

// How far a resynchronisation looks ahead: in the body (markup, a link's URL) and in the text
// (what normalising inserted, usually one space). Bytes compared to anchor a resync.
constexpr size_t kBodyAhead = 256, kTextAhead = 48, kAnchor = 4;

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

bool get_varint(std::string_view s, size_t& i, uint64_t& v) {
  v = 0;
  for (int shift = 0; shift < 64 && i < s.size(); shift += 7) {
    const unsigned char b = static_cast<unsigned char>(s[i++]);
    v |= static_cast<uint64_t>(b & 0x7F) << shift;
    if (!(b & 0x80)) return true;
  }
  return false;
}

inline unsigned char fold(char c) {
  const unsigned char u = static_cast<unsigned char>(c);
  return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u + 32) : u;
}
inline bool upper_of(char body, char text) { return body >= 'A' && body <= 'Z' && body + 32 == text; }

// The four bytes at s[i], ASCII letters folded, as one word (the anchors compared).
inline uint32_t anchor(std::string_view s, size_t i) {
  return static_cast<uint32_t>(fold(s[i])) | static_cast<uint32_t>(fold(s[i + 1])) << 8 |
         static_cast<uint32_t>(fold(s[i + 2])) << 16 | static_cast<uint32_t>(fold(s[i + 3])) << 24;
}

struct Writer {
  std::string& out;
  size_t insert_at = std::string::npos;  // where the open insert's bytes start in out
  void close_insert() {
    if (insert_at == std::string::npos) return;
    const std::string bytes = out.substr(insert_at);
    out.resize(insert_at);
    put_varint(out, static_cast<uint64_t>(bytes.size()) << 2 | kInsert);
    out += bytes;
    insert_at = std::string::npos;
  }
  void op(Op op, size_t count) {
    if (!count) return;
    close_insert();
    put_varint(out, static_cast<uint64_t>(count) << 2 | op);
  }
  void insert(std::string_view bytes) {
    if (bytes.empty()) return;
    if (insert_at == std::string::npos) insert_at = out.size();
    out += bytes;
  }
};

}  // namespace

void append_body_script(std::string_view body, std::string_view text, std::string& script) {
  Writer w{script};
  size_t p = 0, q = 0;
  uint32_t window[kTextAhead + 1];
  while (p < body.size()) {
    if (q < text.size() && body[p] == text[q]) {
      size_t n = 0;
      while (p < body.size() && q < text.size() && body[p] == text[q]) ++p, ++q, ++n;
      w.op(kCopy, n);
      continue;
    }
    if (q < text.size() && upper_of(body[p], text[q])) {
      size_t n = 0;
      while (p < body.size() && q < text.size() && upper_of(body[p], text[q])) ++p, ++q, ++n;
      w.op(kUpper, n);
      continue;
    }
    // Resynchronise: the nearest place (least body + text bytes passed) where four bytes of the
    // body and of the text agree, case aside. The body bytes passed are inserted, the text bytes
    // skipped. None within reach: every body byte looked at is inserted (none of them anchors to
    // this stretch of the text), so a body unlike its text costs linear time, not quadratic.
    size_t best_j = 0, best_k = 0, best = SIZE_MAX;
    const size_t ks = q + kAnchor <= text.size() ? std::min(kTextAhead, text.size() - q - kAnchor) + 1 : 0;
    for (size_t k = 0; k < ks; ++k) window[k] = anchor(text, q + k);
    size_t j = 0;
    for (; ks && j <= kBodyAhead && p + j + kAnchor <= body.size() && j < best; ++j) {
      const uint32_t a = anchor(body, p + j);
      for (size_t k = 0; k < ks && j + k < best; ++k)
        if (window[k] == a) {
          best = j + k, best_j = j, best_k = k;
          break;
        }
    }
    if (best == SIZE_MAX) {
      const size_t n = ks ? std::min(j, body.size() - p) : body.size() - p;
      w.insert(body.substr(p, n ? n : 1));
      p += n ? n : 1;
      continue;
    }
    w.op(kSkip, best_k);
    q += best_k;
    w.insert(body.substr(p, best_j));
    p += best_j;
    // Anchored here with no byte passed: the two bytes differ only in ASCII case, the text's
    // being the capital. The body byte is inserted; the next resync skips the text's.
    if (best == 0) {
      w.insert(body.substr(p, 1));
      ++p;
    }
  }
  w.close_insert();
}

bool apply_body_script(std::string_view script, std::string_view text, std::string& body) {
  size_t i = 0, q = 0;
  while (i < script.size()) {
    uint64_t v;
    if (!get_varint(script, i, v)) return false;
    const uint64_t count = v >> 2;
    switch (static_cast<Op>(v & 3)) {
      case kCopy:
        if (count > text.size() - q) return false;
        body.append(text.data() + q, count);
        q += count;
        break;
      case kSkip:
        if (count > text.size() - q) return false;
        q += count;
        break;
      case kInsert:
        if (count > script.size() - i) return false;
        body.append(script.data() + i, count);
        i += count;
        break;
      case kUpper: {
        if (count > text.size() - q) return false;
        const size_t at = body.size();
        body.append(text.data() + q, count);
        for (size_t k = at; k < body.size(); ++k)
          if (body[k] >= 'a' && body[k] <= 'z') body[k] = static_cast<char>(body[k] - 32);
        q += count;
        break;
      }
    }
  }
  return true;
}


// ---- packed bodies (query_internal.h): here, not in index.cpp, which is compiled with libc++'s
// string code inlined for speed; this runs per document, and its size counts in the module.

void begin_packing(QueryEngine& e, size_t body_chars) {
  // Body scripts run ~7% of a markdown body and ~22% of an imported page (body_script.h).
  e.body_scripts.reserve(body_chars / 10);
  e.body_script_off.reserve(e.n + 1);
  e.body_script_off.push_back(0);
}

void finish_packed_document(QueryEngine& e, const Document& d, uint32_t i) {
  for (size_t k = 0; k < d.sections.size(); ++k)
    if (!d.sections[k].markdown.empty() && d.sections[k].markdown == d.summary) append_packed_field(e, d, static_cast<int>(k), SIZE_MAX, {});
  e.body_script_off.push_back(static_cast<uint32_t>(e.body_scripts.size()));
  e.packed_count_ = i + 1;
  e.release_bodies_(e.release_bodies_context_, i);
}

void append_packed_field(QueryEngine& e, const Document& d, int slot, size_t start, std::string_view text) {
  std::string& out = e.body_scripts;
  const uint64_t id = slot == qi::kMarkdownSlot ? 0 : slot == qi::kHtmlSlot ? 1 : static_cast<uint64_t>(slot) + 2;
  if (start == SIZE_MAX) {  // the summary again
    put_varint(out, id << 1 | 1);
    return;
  }
  const std::string& body = slot == qi::kMarkdownSlot ? d.markdown : slot == qi::kHtmlSlot ? d.html : d.sections[static_cast<size_t>(slot)].markdown;
  std::string script;
  append_body_script(body, text, script);
  put_varint(out, id << 1);
  put_varint(out, start);
  put_varint(out, script.size());
  out += script;
}

void empty_packed_bodies(Document& d) {
  std::string().swap(d.markdown);
  std::string().swap(d.html);
  for (Section& sec : d.sections) std::string().swap(sec.markdown);
}

int restore_bodies(const QueryEngine& e, uint32_t doc, Document& out) {
  if (doc >= e.packed_count_) return 0;
  const std::string_view s = std::string_view(e.body_scripts).substr(e.body_script_off[doc], e.body_script_off[doc + 1] - e.body_script_off[doc]);
  const std::string_view hay = e.doc_hay(doc);
  out.markdown.clear();
  out.html.clear();
  for (Section& sec : out.sections) sec.markdown.clear();
  size_t i = 0;
  auto varint = [&](uint64_t& v) { return get_varint(s, i, v); };
  auto damaged = [&out] {  // never for scripts this engine wrote: nothing cut short is shown
    empty_packed_bodies(out);
    return -1;
  };
  while (i < s.size()) {
    uint64_t head, start, len;
    if (!varint(head)) return damaged();
    const uint64_t slot = head >> 1;
    std::string* field = slot == 0 ? &out.markdown : slot == 1 ? &out.html
                         : slot - 2 < out.sections.size() ? &out.sections[slot - 2].markdown : nullptr;
    if (!field) return damaged();
    if (head & 1) {
      *field = out.summary;
      continue;
    }
    if (!varint(start) || !varint(len) || start > hay.size() || len > s.size() - i) return damaged();
    if (!apply_body_script(s.substr(i, len), hay.substr(start), *field)) return damaged();
    i += len;
  }
  return 1;
}

const Document& QueryEngine::bodies_of(uint32_t doc) const {
  Document& scratch = body_scratch_;
  const Document& d = bundle->docs[doc];
  if (doc >= packed_count_) {
    need_bodies(doc);
    return d;
  }
  scratch.summary = d.summary;
  scratch.sections.resize(d.sections.size());
  restore_bodies(*this, doc, scratch);
  return scratch;
}

}  // namespace digest
