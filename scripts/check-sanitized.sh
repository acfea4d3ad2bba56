#!/usr/bin/env bash
# CI's sanitizer job (.ci/run runs it after the README's test command): builds the project with
# clang 19 under AddressSanitizer and UndefinedBehaviorSanitizer (TTLLC_SANITIZE) with the fuzz
# targets (TTLLC_FUZZ), in build-asan/ (or $BUILD_DIR), runs the unit, lit and end-to-end tests
# there (the ttsim tests too: libttsim from scripts/build-ttsim.sh's cache, the runtime's driver
# under the sanitizers), and runs each fuzz target for a short smoke (docs/fuzzing.md).
#
#   scripts/check-sanitized.sh [--fuzz-seconds N]    N: seconds per fuzz target (30)
#
# The build is Release with assertions (-O2 -g1, no NDEBUG), compiled through ccache like build/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
export BUILD_DIR="${BUILD_DIR:-$root/build-asan}"
fuzz_seconds=30
if [ "${1:-}" = "--fuzz-seconds" ]; then fuzz_seconds="$2"; fi

# Configure (once, the same way scripts/fuzz.sh does) and build everything.
"$root/scripts/fuzz.sh" --build-only
"$root/scripts/build-ttsim.sh" "$BUILD_DIR"

# Every sanitizer report fails the test that triggered it: UBSan aborts
# (-fno-sanitize-recover=undefined), ASan and LeakSanitizer exit non-zero.
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
# Not run sanitized:
#   package     builds a user's project with the default compiler against the installed
#               (sanitized) runtime library, which that project does not link the sanitizer
#               runtimes for; build/ runs it.
#   bench-smoke measures speed, which means nothing under the sanitizers (and is slow there).
#   docs        compares the documentation's command output, compiler-independent; build/ runs it.
ctest --test-dir "$BUILD_DIR" -j 2 --output-on-failure -E '^(package|bench-smoke|docs)$'

"$root/scripts/fuzz.sh" --seconds "$fuzz_seconds"
