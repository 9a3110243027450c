// index_facet_totals.cpp — per-document facet slots and whole-bundle facet totals.
//
// Facets are counted over the result set; a result holding most of the bundle (the empty query,
// a common word) is cheaper to count as totals minus the documents left out. These totals, and
// compact per-document month slots and kinds (so counting does not touch the Document structs),
// are built once here, in O(documents + values), with each value's name as a JSON literal.
#include "digest/json_writer.h"
#include "query_internal.h"

namespace digest {
namespace qi {

namespace {
void value_totals(ValueField& f) {
  f.total.assign(f.names.size(), 0);
  for (uint32_t id : f.doc_vals) ++f.total[id];
  // Facet answers write hundreds of names per query: escape each once here.
  f.json_names.resize(f.names.size());
  for (size_t id = 0; id < f.names.size(); ++id) append_json_string(f.json_names[id], f.names[id]);
}
}  // namespace

void build_facet_totals(QueryEngine& e) {
  e.month_slot.assign(e.n, 0);
  e.kind_of.assign(e.n, 0);
  e.month_total.assign(e.month_slots, 0);
  e.kind_total[0] = e.kind_total[1] = 0;
  for (uint32_t d = 0; d < e.n; ++d) {
    e.kind_of[d] = e.bundle->docs[d].kind == DocKind::PAPER ? 1 : 0;
    ++e.kind_total[e.kind_of[d]];
    if (!e.date[d]) continue;
    int32_t ym = e.date[d] / 100;
    uint32_t slot = static_cast<uint32_t>((ym / 100 - e.min_year) * 12 + ym % 100 - 1);
    e.month_slot[d] = slot + 1;
    ++e.month_total[slot];
  }
  for (ValueField* f : {&e.tags, &e.categories, &e.prerequisites, &e.institutions, &e.selections, &e.analyses}) value_totals(*f);
}

}  // namespace qi
}  // namespace digest
