// cmd_build.cpp — placeholder until the ingest issue lands.
#include "commands.h"

namespace digest::cli {
int cmd_build(const Args&) { return fail("build is not implemented yet"); }
}  // namespace digest::cli
