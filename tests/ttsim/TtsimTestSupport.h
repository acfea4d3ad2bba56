//===- tests/ttsim/TtsimTestSupport.h - what every ttsim test needs -*- C++ -*-===//
//
// The libttsim.so that scripts/build-ttsim.sh built for an architecture
// ("wormhole", "blackhole"), REQUIRE_TTSIM(arch) that points the runtime at it
// or skips the test loudly when it was not built (CI sets TTLLC_REQUIRE_TTSIM,
// so there a missing source fails the build instead), and a scratch folder.
// Example: TEST(Ttsim, X) { REQUIRE_TTSIM("wormhole"); std::string dir = tempDir(); ... }
//
//===----------------------------------------------------------------------===//
#pragma once

#include "tt/runtime.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <unistd.h>

namespace ttsimtest {

inline std::string libttsim(const std::string &arch) {
  return std::string(TTLLC_TTSIM_DIR) + "/" + arch + "/libttsim.so";
}

/// A new empty folder under /tmp, or "" when none could be made.
inline std::string tempDir() {
  char pattern[] = "/tmp/ttllc-ttsim-XXXXXX";
  const char *dir = mkdtemp(pattern);
  return dir ? dir : "";
}

} // namespace ttsimtest

/// Skips the test (loudly) when scripts/build-ttsim.sh has not built the
/// library for `arch`; else makes it the runtime's ttsim library.
#define REQUIRE_TTSIM(arch)                                                                        \
  do {                                                                                             \
    if (access(ttsimtest::libttsim(arch).c_str(), R_OK) != 0)                                      \
      GTEST_SKIP() << "SKIPPED: " << ttsimtest::libttsim(arch)                                     \
                   << " was not built (scripts/build-ttsim.sh needs the ttsim source)";            \
    ASSERT_EQ(tt_set_ttsim_library(ttsimtest::libttsim(arch).c_str()), TT_OK);                     \
  } while (0)
