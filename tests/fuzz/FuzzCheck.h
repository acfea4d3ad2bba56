//===- tests/fuzz/FuzzCheck.h - what the fuzz targets assert ----*- C++ -*-===//
//
// FUZZ_CHECK(cond, what): when `cond` is false, prints "fuzz check failed:
// what (file:line)" and aborts, which libFuzzer reports as a crash and keeps
// the input. The fuzz targets use it for the properties they check beyond
// "no crash, no sanitizer report": a rejected input was diagnosed, output is
// deterministic, what was printed reads back.
//
//===----------------------------------------------------------------------===//
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond, what)                                                                     \
  do {                                                                                             \
    if (!(cond)) {                                                                                 \
      std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", what, __FILE__, __LINE__);           \
      std::abort();                                                                                \
    }                                                                                              \
  } while (0)
