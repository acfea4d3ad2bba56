#!/usr/bin/env bash
# The ctest test new-pass: follows docs/writing-a-pass.md in a copy of the source tree.
#
#   follow-the-doc.sh SRC_DIR BUILD_DIR LIT_PY
#
# Copies SRC_DIR (without build/ and .git) to BUILD_DIR/new-pass-scratch/src, runs
# scripts/new-pass count-copies there, builds tt-llc and ttllc-unittests in src/build and runs
# the new pass's lit and unit tests. The copy keeps the source-to-build layout of a checkout
# (src and src/build), so with ccache's base_dir covering both trees (docs/writing-a-pass.md)
# every unchanged file is a cache hit and only the generated files and the links cost time
# (the project's CMakeLists sets CCACHE_BASEDIR to the source tree in the compiler launcher).
# It also checks that the generator refuses a taken or malformed name and writes nothing then.
set -euo pipefail
src="$(cd "$1" && pwd)"
build="$(cd "$2" && pwd)"
lit="$3"
scratch="$build/new-pass-scratch"
# Without ccache hits this is a full build (minutes): skip (ctest SKIP_RETURN_CODE 77) and say why.
if ! grep -q "^CCACHE_PROGRAM:.*ccache" "$build/CMakeCache.txt"; then
  echo "skipped: the build does not use ccache (package ccache), so this would be a full build"
  exit 77
fi
[ -n "${KEEP:-}" ] || rm -rf "$scratch"
mkdir -p "$scratch/src"
# Not the build folders (build/, build-asan/, ... and this test's own BUILD_DIR) nor .git.
own="./${build#"$src"/}"
tar -C "$src" --exclude=./.git --exclude='./build*' --exclude="$own" -cf - . |
  tar -C "$scratch/src" -xf -
cd "$scratch/src"

step() { printf '== %s\n' "$*"; }

step "the generator refuses taken and malformed names"
for bad in tile-pad metadata Count_Copies count--copies; do
  if scripts/new-pass "$bad" 2>"$scratch/err"; then
    echo "new-pass accepted '$bad'"; exit 1
  fi
  grep -q "new-pass: error:" "$scratch/err" || { cat "$scratch/err"; exit 1; }
done
[ -z "$(find . -newer "$scratch/err" -type f -print -quit)" ] || { echo "a refusal wrote files"; exit 1; }

step "scripts/new-pass count-copies"
scripts/new-pass count-copies
if scripts/new-pass count-copies 2>"$scratch/err"; then echo "accepted twice"; exit 1; fi

step "configure and build (ccache)"
start=$SECONDS
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >"$scratch/configure.log"
cmake --build build --target tt-llc ttllc-unittests -j 2 >"$scratch/build.log" ||
  { tail -40 "$scratch/build.log"; exit 1; }
echo "built in $((SECONDS - start)) s"

step "lit test"
python3 "$lit" -sv build/tests/lit --filter 'passes/count-copies'
step "unit tests"
build/bin/ttllc-unittests --gtest_filter='CountCopies.*:PassList.*' --gtest_brief=1
step "the pass runs by name and the default pipeline is unchanged"
build/bin/tt-llc --help | grep -q "count-copies"
[ -n "${KEEP:-}" ] || rm -rf "$scratch"
