// query.h — the index and query engine (issue: query engine). Placeholder until it lands.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "digest/bundle.h"
#include "digest/result.h"

namespace digest {

class QueryEngine;
struct QueryEngineDeleter {
  void operator()(QueryEngine* engine) const;
};
using QueryEnginePtr = std::unique_ptr<QueryEngine, QueryEngineDeleter>;

// Builds the search index over `bundle` (which must outlive the engine).
QueryEnginePtr build_query_engine(const Bundle& bundle);

// Answers a JSON query request; see docs/query.md for the request and result shapes.
Result<std::string> run_query_json(const QueryEngine& engine, std::string_view request_json);

}  // namespace digest
