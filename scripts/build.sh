#!/usr/bin/env bash
# Configures (once) and builds tt-llc into build/ (or $BUILD_DIR) with Ninja.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build}"
if [ ! -f "$build/build.ninja" ]; then
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release "$@"
fi
cmake --build "$build" -j "$(nproc)"
# libttsim for the ttsim: devices and tests (docs/ttsim.md), cached after the first build.
"$root/scripts/build-ttsim.sh" "$build"
