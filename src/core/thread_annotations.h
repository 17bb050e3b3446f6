// Clang thread-safety annotations (STYLE.md §8). They compile to nothing on GCC; a clang build
// with -Wthread-safety checks them.
#pragma once

#if defined(__clang__)
#define MAGPIE_THREAD_ANNOTATION_(x) __attribute__((x))
#else
#define MAGPIE_THREAD_ANNOTATION_(x)
#endif

#define GUARDED_BY(x) MAGPIE_THREAD_ANNOTATION_(guarded_by(x))
#define REQUIRES(...) MAGPIE_THREAD_ANNOTATION_(requires_capability(__VA_ARGS__))
#define EXCLUDES(...) MAGPIE_THREAD_ANNOTATION_(locks_excluded(__VA_ARGS__))
