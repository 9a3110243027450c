// query.h — the index and query engine: full-text search over Korean and English, filters,
// facets, ranking, snippets, related documents. Request and result shapes: docs/query.md.
//
// The engine is built once per loaded bundle (Session does it at load time) and is read-only
// afterwards, so one engine may answer queries from several threads at once (the full-text
// part may be built by the first query that needs it: once, under a mutex, or a slice at a time by prepare_text_index_step).
//
//   digest::QueryEnginePtr e = digest::build_query_engine(bundle);   // bundle outlives e
//   auto r = digest::run_query_json(*e, R"({"q":"모델 -rl","tags":["LLM"],"limit":10})");
//   if (r) puts(r.value().c_str());   // {"total":3,"ids":[...],"hits":[...],"facets":{...}}
//
// Matching semantics (exact; tests/unit/query_differential_test.cpp checks them against a
// linear-scan reference):
//   - the query string is split on whitespace into terms; a document matches iff every term does;
//   - text is compared after normalize_for_search (NFC, case folding, whitespace collapsed) over
//     document_search_text(): title, display title, tags, authors, institution, arXiv id, body;
//   - a term with any Hangul/CJK character matches as a substring; any other term matches where
//     the character before it is not a letter or digit (is_word_char), i.e. at a word start;
//   - "a quoted phrase" matches as an exact substring; -term / -"phrase" excludes the documents
//     the term matches; a term made only of choseong letters (ㄱㅎㅎㅅ) also matches Hangul text
//     whose initial consonants contain the sequence (spaces between Hangul words skipped).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "digest/bundle.h"
#include "digest/result.h"

namespace digest {

// Limits; each says which pathological request it stops.
constexpr int kQueryDefaultLimit = 20;
constexpr int kQueryMaxLimit = 1000;          // a page of 10^9 hits would build a huge JSON string
constexpr size_t kMaxQueryBytes = 64 * 1024;  // a 1 MB "q" is refused (BAD_QUERY), 10 KB is fine
// Distinct terms (words, phrases, exclusions) a "q" may hold, as web search engines allow: each
// exclusion the index cannot decide reads the text of every document left, so 4,000 of them took
// 16 s at 2,000 documents (QA). A longer q is BAD_QUERY.
constexpr size_t kMaxQueryTerms = 32;
constexpr size_t kMaxFilterValues = 256;      // tags/notTags/... arrays longer than this: BAD_QUERY

class QueryEngine;
struct QueryEngineDeleter {
  void operator()(QueryEngine* engine) const;
};
using QueryEnginePtr = std::unique_ptr<QueryEngine, QueryEngineDeleter>;

// When the full-text part of the index (normalised text, postings, expansion pairs) is built:
// with the engine (kNow), or by the first query with search text (kOnFirstSearch; the viewer's
// Session, so that the newest-first list and its facets are answered before any text is read).
// Answers are the same either way.
enum class TextIndexTiming { kNow, kOnFirstSearch };

// Builds the search index over `bundle`, which must outlive the engine and must not change
// while the engine exists (the engine keeps pointers into it). Never fails: documents with odd
// fields (bad dates, empty bodies) are indexed as well as they can be.
QueryEnginePtr build_query_engine(const Bundle& bundle, TextIndexTiming timing = TextIndexTiming::kNow);

// Builds the full-text part now if it is not built yet (kOnFirstSearch), e.g. once the first
// results are on screen, so the first keystroke does not wait for it; and the choseong trigram
// postings, which only this and prepare_text_index_step build (a query never does: without them
// a choseong term of three or more letters is verified on the text, the same answer slower;
// with them three letters need no text, and longer terms less). kNow builds both.
void prepare_text_index(const QueryEngine& engine);
// The same in slices, so that a caller with an event loop never blocks it for long: builds up to
// `documents` documents' worth more of the full-text part and returns true once it is complete
// (then and after, a no-op). A query with search text before then finishes the build itself,
// but for the choseong trigrams, which the steps build last. The index built in steps is the one
// built at once.
bool prepare_text_index_step(const QueryEngine& engine, uint32_t documents);
// For a bundle whose documents' bodies are not decoded yet (the Session's, loader.h
// defer_bodies): the engine calls decode(context, doc) before it reads document `doc`'s body (a
// snippet), and decode(context, kAllDocuments) before the full-text part's build (at once or in
// steps) reads every body. Set once, before the engine answers anything. An engine with a body
// source answers from one thread at a time (decode writes the bundle's documents unlocked).
constexpr uint32_t kAllDocuments = UINT32_MAX;
void set_body_source(QueryEngine& engine, void (*decode)(void* context, uint32_t doc), void* context);
// Packing (the Session's): with a release callback, the full-text build decodes each document's
// bodies in turn (decode(context, doc); kAllDocuments only says the build starts), keeps its body fields but the summary
// as body scripts against the index's text (body_script.h), and calls release(context, doc) so
// the owner empties those fields in the bundle: the bodies are then held once, as the index's
// text, not twice. restore_bodies rebuilds them. Set once, before the engine answers anything;
// the bundle's documents are then written by the build (one thread at a time, as above).
void set_body_release(QueryEngine& engine, void (*release)(void* context, uint32_t doc), void* context);
// If document `doc` is packed: sets out's markdown, html and sections' markdown (out.sections as
// many as the document's, out.summary the document's) to the bodies as loaded, and returns 1.
// 0 for a document not packed (out untouched); -1 for a damaged script (out's bodies left empty,
// never cut short; scripts the engine wrote never are).
int restore_bodies(const QueryEngine& engine, uint32_t doc, Document& out);
// Empties (and frees) the fields packing keeps as scripts: markdown, html, sections' markdown.
void empty_packed_bodies(Document& d);
// The index in the bundle of the document with id `id`, or -1.
int64_t document_index(const QueryEngine& engine, std::string_view id);

// Answers a JSON query request (all fields optional, unknown fields ignored):
//   {"q":"강화 학습 -rl","tags":["LLM"],"notTags":[],"from":"2025-01-01","to":"2025-12-31",
//    "kind":"paper","institution":"...","selection":"ranking","analysis":"full-text",
//    "minUpvotes":10,"prerequisites":[...],"categories":[...],"sort":"relevance"|["upvotes","stars"],
//    "offset":0,"limit":20,"expand":false,"facetFormat":"object"|"array"|"ranks","snippet":true,
//    "facetLimit":15,"facetFilter":"language model","facetOrder":"count"|"name"}
// Value: {"total":N,"ids":[...],"hits":[{summary...,"snippet":"...","score":1.5}],
//         "facets":{"tags":{...},"years":{...},"months":{...},"kinds":{...},"institutions":{...},
//                   "selections":{...},"analyses":{...},"categories":{...},"prerequisites":{...}},
//         "facetTotals":{"tags":812,...},                  (only with facetLimit or facetFilter)
//         "expansions":[{"term":"강화 학습","matched":["rl"]}]}
// Facet requests: facetLimit N keeps the top N entries (by count, ties by name; counts stay
// exact) of each value facet (tags, institutions, selections, analyses, categories,
// prerequisites; absent = all), never of years/months/kinds; facetFilter keeps the tag entries
// whose tag identity key contains the filter's key; facetOrder "name" lists years and months in
// calendar order. facetTotals gives, per value facet, the entries before the limit (after the
// filter). facetFormat "array" gives each facet as [[name, count], ...] in the same order; "ranks"
// gives the value facets as flat arrays [rank, count, rank, count, ...] instead, where rank is the
// value's place in facet_values_json's list for that facet (years, months and kinds as "array"):
// the names, hundreds per answer, are then not written, escaped and parsed again per query.
// Errors (BAD_QUERY, with Error::field naming the request field): malformed JSON, a field of the
// wrong type, a bad date, an inverted date range, an unknown kind/sort key/facetFormat, a
// negative offset/limit/facetLimit, an unknown facetOrder, a "q" or facetFilter longer than
// kMaxQueryBytes, a "q" of more than kMaxQueryTerms distinct terms.
Result<std::string> run_query_json(const QueryEngine& engine, std::string_view request_json);

// Every value of each value facet (tags, institutions, selections, analyses, categories,
// prerequisites), in rank order (bytewise order of their names; facetFormat "ranks" names them by
// their place here): {"tags":["Agents","LLM",...],"institutions":[...],...}. Fixed per bundle.
std::string facet_values_json(const QueryEngine& engine);

// Documents sharing the most tags with document `id` (ties: newest first; never `id` itself;
// documents sharing no tag are not listed), at most `limit` (clamped to 0..kQueryMaxLimit):
//   {"related":[summary...]}       NOT_FOUND for an unknown id.
Result<std::string> related_json(const QueryEngine& engine, std::string_view id, int limit);

// The spelling the facets list `value` under in facet `facet` ("tags", "categories",
// "prerequisites" or "institutions"): values of one identity are one entry (docs/query.md, "Tags"), so a link made
// from a document's own spelling (a digest's `large-language-models`) names the same filter as
// the facet entry it matches (`Large Language Models`). `value` itself when no document carries
// it, or for another facet.
std::string facet_name(const QueryEngine& engine, std::string_view facet, std::string_view value);

// The text the engine matches a document against, before normalisation: title, display title
// and tags (the "title zone", weighted in ranking), then authors, institution, arXiv id and the
// body (markdown or HTML with markup stripped, or summary + sections), fields separated by '\n'.
// Exposed so tests and tools can reproduce matching exactly.
std::string document_search_text(const Document& doc);

// Korean/English pairs mined from the bundle's text ("강화 학습(RL)" -> {"강화 학습","rl"}),
// normalised, sorted, each pair once. What `expand` uses; exposed for tests and tools.
std::vector<std::pair<std::string, std::string>> query_expansion_pairs(const QueryEngine& engine);

}  // namespace digest
