// cmd_query.cpp — placeholder until the query issue lands.
#include "commands.h"

namespace digest::cli {
int cmd_query(const Args&) { return fail("query is not implemented yet"); }
}  // namespace digest::cli
