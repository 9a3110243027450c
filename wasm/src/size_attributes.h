// size_attributes.h — DIGEST_COLD: a function that runs once per request, link, paper or error
// rather than per byte or per document, in a file compiled for speed (-O2), is compiled for size
// in the module (clang's minsize; nothing natively under g++). The first results' download
// budget (docs/benchmarks.md, "Size budget") is what pays for the core's code.
#pragma once

#if defined(__clang__)
#define DIGEST_COLD __attribute__((minsize))
#else
#define DIGEST_COLD
#endif
