/* render_entity.c — compiles md4c's HTML entity table (third_party/md4c/src/entity.c) into the
 * core, so the renderer and the sanitiser decode the same 2,125 named references as md4c-html.
 * Kept as a wrapper so the table is not copied into our tree. */
#include "entity.c"
