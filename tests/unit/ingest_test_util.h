// ingest_test_util.h — reads fixture sources for the ingest tests.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

#include "digest/ingest.h"

namespace digest::test {

inline std::string read_source_fixture(const std::string& rel) {
  std::ifstream f(std::string(DIGEST_SOURCE_DIR) + "/tests/fixtures/sources/" + rel, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

inline SourceFile source_fixture(const std::string& rel) { return SourceFile{rel, read_source_fixture(rel)}; }

}  // namespace digest::test
