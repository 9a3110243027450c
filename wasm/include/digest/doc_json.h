// doc_json.h — JSON views of documents and digests shared by the API calls and the bundle writer.
#pragma once

#include "digest/bundle.h"
#include "digest/json_writer.h"

namespace digest {

// Every field of a document in bundle-format spelling; `with_kind` (a document shown on its own,
// not written into a bundle) adds "kind", (for papers) "parent" and "lang" (document_lang).
// `with_bodies` = false leaves out markdown/html/sections (the large fields). `b` is the bundle
// `d` belongs to (its prev/next links may name documents of it by index: DocLink).
void write_document_json(JsonWriter& w, const Bundle& b, const Document& d, bool with_bodies, bool with_kind);

// The language a document's text is in, for the page's lang attributes (a screen reader picks its
// voice by them): "ko" when its title, excerpt or summary holds Hangul, else "en". Decided on the
// short fields a list already has, so a list never reads a body.
const char* document_lang(const Document& d);

// The fields a result list shows: id, kind, title, display_title, date, tags, excerpt, arxiv,
// institution, upvotes, stars, selection, analysis, rank, parent, lang.
void write_document_summary_json(JsonWriter& w, const Document& d);

// A digest's page fields, and "lang": the language most of its papers are in (document_lang;
// a tie is "en"; absent without papers), which its title and intro are written in.
// `with_papers` adds the paper summaries in rank order.
void write_digest_json(JsonWriter& w, const Bundle& b, const Digest& g, bool with_papers);

// Indices of all documents, newest first: date desc, then datetime desc, then rank asc, then id.
std::vector<uint32_t> documents_newest_first(const Bundle& b);

}  // namespace digest
