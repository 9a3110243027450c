// index_facet_totals.cpp — per-document facet slots and whole-bundle facet totals.
//
// Facets are counted over the result set; a result holding most of the bundle (the empty query,
// a common word) is cheaper to count as totals minus the documents left out. These totals, and
// each document's facet values in one row (tags to prerequisites, month, kind: counting touches
// neither the Document structs nor six separate arrays), are built once here, in
// O(documents + values), with each value's name as a JSON literal.
#include "digest/json_writer.h"
#include "query_internal.h"

namespace digest {
namespace qi {

namespace {
void value_json_names(ValueField& f) {
  // Facet answers write hundreds of names per query: escape each once here.
  f.json_names.resize(f.names.size());
  for (size_t id = 0; id < f.names.size(); ++id) append_json_string(f.json_names[id], f.names[id]);
}
}  // namespace

void build_facet_totals(QueryEngine& e) {
  // In FacetGroup order.
  ValueField* const fields[] = {&e.tags, &e.categories, &e.prerequisites, &e.institutions, &e.selections, &e.analyses};
  for (ValueField* f : fields) value_json_names(*f);
  uint32_t base = 0;
  for (uint32_t g = 0; g < QueryEngine::kFacetGroups; ++g) {
    e.facet_base[g] = base;
    base += g < QueryEngine::kMonthsGroup ? static_cast<uint32_t>(fields[g]->names.size())
            : g == QueryEngine::kMonthsGroup ? e.month_slots
                                             : 2;
  }
  e.facet_base[QueryEngine::kFacetGroups] = base;
  e.kind_of.assign(e.n, 0);
  e.facet_off.assign(size_t{e.n} + 1, 0);
  size_t values = 2 * size_t{e.n};  // a month and a kind each, at most
  for (const ValueField* f : fields) values += f->doc_vals.size();
  e.facet_ids.clear();
  e.facet_ids.reserve(values);
  for (uint32_t d = 0; d < e.n; ++d) {
    e.facet_off[d] = static_cast<uint32_t>(e.facet_ids.size());
    for (uint32_t g = 0; g < QueryEngine::kMonthsGroup; ++g) {
      const ValueField& f = *fields[g];
      for (uint32_t k = f.doc_off[d]; k < f.doc_off[d + 1]; ++k) e.facet_ids.push_back(e.facet_base[g] + f.doc_vals[k]);
    }
    if (e.date[d]) {
      const int32_t ym = e.date[d] / 100;
      e.facet_ids.push_back(e.facet_base[QueryEngine::kMonthsGroup] + static_cast<uint32_t>((ym / 100 - e.min_year) * 12 + ym % 100 - 1));
    }
    e.kind_of[d] = e.bundle->docs[d].kind == DocKind::PAPER ? 1 : 0;
    e.facet_ids.push_back(e.facet_base[QueryEngine::kKindsGroup] + e.kind_of[d]);
  }
  e.facet_off[e.n] = static_cast<uint32_t>(e.facet_ids.size());
  e.facet_total.assign(base, 0);
  for (uint32_t id : e.facet_ids) ++e.facet_total[id];
  // The rows hold every field's values now (values_in_row): the per-field arrays go.
  for (uint32_t g = 0; g < QueryEngine::kMonthsGroup; ++g) {
    fields[g]->group = g;
    std::vector<uint32_t>().swap(fields[g]->doc_off);
    std::vector<uint32_t>().swap(fields[g]->doc_vals);
  }
}

}  // namespace qi
}  // namespace digest
