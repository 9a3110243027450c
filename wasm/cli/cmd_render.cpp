// cmd_render.cpp — placeholder until the rendering issue lands.
#include "commands.h"

namespace digest::cli {
int cmd_render(const Args&) { return fail("render is not implemented yet"); }
}  // namespace digest::cli
