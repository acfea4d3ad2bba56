#!/usr/bin/env bash
# Builds Tenstorrent's ttsim simulator (libttsim.so, Wormhole and Blackhole) from its source and
# installs the two libraries as <build>/ttsim/wormhole/libttsim.so and
# <build>/ttsim/blackhole/libttsim.so (docs/ttsim.md). The source is read-only: it is copied to a
# scratch folder first. Found at $TTLLC_TTSIM_SRC, else <repo>/../shared/ttsim, else
# /work/shared/ttsim; without one the script says so and exits 0 (the ttsim tests then skip), or
# 1 when TTLLC_REQUIRE_TTSIM=1 (CI: the ttsim tests must run).
# Built libraries are cached by a hash of the source under ${XDG_CACHE_HOME:-~/.cache}/tt-llc/,
# so a rebuild costs a copy, not the ~40 s compile.
#   scripts/build-ttsim.sh [BUILD_DIR]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-${BUILD_DIR:-$root/build}}"
src="${TTLLC_TTSIM_SRC:-}"
for candidate in "$src" "$root/../shared/ttsim" /work/shared/ttsim; do
  if [ -n "$candidate" ] && [ -f "$candidate/make.py" ]; then src="$candidate"; break; fi
  src=""
done
if [ -z "$src" ]; then
  if [ "${TTLLC_REQUIRE_TTSIM:-0}" = 1 ]; then
    echo "build-ttsim: no ttsim source (set TTLLC_TTSIM_SRC) and TTLLC_REQUIRE_TTSIM=1" >&2
    exit 1
  fi
  echo "build-ttsim: no ttsim source (set TTLLC_TTSIM_SRC); the ttsim tests will skip" >&2
  exit 0
fi
hash=$(cd "$src" && find . -type f -not -path './src/_out/*' -print0 | LC_ALL=C sort -z |
  xargs -0 sha256sum | sha256sum | cut -c1-16)
cache="${XDG_CACHE_HOME:-$HOME/.cache}/tt-llc/ttsim-$hash"
if [ ! -f "$cache/blackhole/libttsim.so" ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  cp -r "$src" "$scratch/ttsim"
  chmod -R u+w "$scratch/ttsim"
  echo "build-ttsim: building libttsim from $src (about 40 s)" >&2
  (cd "$scratch/ttsim" && python3 make.py -j 2 src/_out/release_wh/libttsim.so \
    src/_out/release_bh/libttsim.so >/dev/null)
  mkdir -p "$cache.tmp/wormhole" "$cache.tmp/blackhole"
  cp "$scratch/ttsim/src/_out/release_wh/libttsim.so" "$cache.tmp/wormhole/"
  cp "$scratch/ttsim/src/_out/release_bh/libttsim.so" "$cache.tmp/blackhole/"
  rm -rf "$cache" && mv "$cache.tmp" "$cache"
fi
for arch in wormhole blackhole; do
  mkdir -p "$build/ttsim/$arch"
  cp "$cache/$arch/libttsim.so" "$build/ttsim/$arch/libttsim.so"
done
