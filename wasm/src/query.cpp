// query.cpp — placeholder engine: every query is NOT_IMPLEMENTED until the query issue lands.
#include "digest/query.h"

namespace digest {

class QueryEngine {};

QueryEnginePtr build_query_engine(const Bundle&) { return QueryEnginePtr(new QueryEngine()); }
void QueryEngineDeleter::operator()(QueryEngine* engine) const { delete engine; }

Result<std::string> run_query_json(const QueryEngine&, std::string_view) {
  return make_error(ErrorCode::NOT_IMPLEMENTED, "query is not implemented yet");
}

}  // namespace digest
