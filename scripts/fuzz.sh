#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz (docs/fuzzing.md):
#
#   scripts/fuzz.sh [--seconds N] [TARGET...]   run each TARGET (default: all) for N seconds (60)
#   scripts/fuzz.sh --build-only                configure and build the whole fuzz build, run nothing
#
# TARGETs: frontend tileir plan pipeline. The build folder is build-asan/ (or $BUILD_DIR), configured
# once with clang 19, ASan+UBSan (TTLLC_SANITIZE) and the fuzz targets (TTLLC_FUZZ); it is the one
# scripts/check-sanitized.sh uses. Under $BUILD_DIR/fuzz/:
#   seeds/TARGET/    the seed corpus, assembled afresh each run by tests/fuzz/make-corpus.py
#   corpus/TARGET/   the inputs libFuzzer found interesting; kept between runs, so runs resume
#   findings/TARGET/ crash-*, leak-*, timeout-*, oom-*: each reproduces with
#                    $BUILD_DIR/bin/ttllc-fuzz-TARGET FILE
#   logs/TARGET.log  libFuzzer's output of the last run
# Prints the executions and findings of each target; exits 1 when a run found something.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${BUILD_DIR:-$root/build-asan}"
all_targets=(frontend tileir plan pipeline)

seconds=60
build_only=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --seconds=*) seconds="${1#--seconds=}"; shift ;;
    --build-only) build_only=1; shift ;;
    -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *)
      if [[ ! " ${all_targets[*]} " =~ " $1 " ]]; then
        echo "fuzz.sh: unknown target '$1' (targets: ${all_targets[*]})" >&2; exit 2
      fi
      targets+=("$1"); shift ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")

if [ ! -f "$build/build.ninja" ]; then
  CC=clang-19 CXX=clang++-19 cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    "-DCMAKE_C_FLAGS_RELEASE=-O2 -g1" "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -g1" \
    -DTTLLC_SANITIZE=ON -DTTLLC_FUZZ=ON
fi
if [ "$build_only" = 1 ]; then
  exec cmake --build "$build" -j "$(nproc)"
fi
cmake --build "$build" -j "$(nproc)" --target tt-llc ttllc-fuzz

out="$build/fuzz"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
python3 "$root/tests/fuzz/make-corpus.py" "$root" "$build/bin/tt-llc" "$out/seeds"

found=0
for t in "${targets[@]}"; do
  mkdir -p "$out/corpus/$t" "$out/findings/$t" "$out/logs"
  dict="$root/tests/fuzz/tilelang.dict"
  [ "$t" = plan ] && dict="$root/tests/fuzz/plan.dict"
  before=$(ls "$out/findings/$t" | wc -l)
  status=0
  start=$SECONDS
  # -timeout: one input taking 10 s is a finding; -rss_limit_mb: so is one using 2 GB.
  "$build/bin/ttllc-fuzz-$t" "$out/corpus/$t" "$out/seeds/$t" -dict="$dict" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/findings/$t/" > "$out/logs/$t.log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/logs/$t.log" | tail -1)
  new=$(( $(ls "$out/findings/$t" | wc -l) - before ))
  echo "fuzz: $t: ${runs:-?} executions in $((SECONDS - start)) s, corpus $(ls "$out/corpus/$t" | wc -l) inputs," \
       "$new new finding(s) (exit $status)"
  if [ "$status" != 0 ] || [ "$new" != 0 ]; then
    found=1
    grep -m 5 -E "ERROR|runtime error|fuzz check failed|Test unit written" "$out/logs/$t.log" || true
    echo "fuzz: $t: log $out/logs/$t.log, findings in $out/findings/$t/"
  fi
done
exit $found
