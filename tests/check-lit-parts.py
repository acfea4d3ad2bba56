#!/usr/bin/env python3
"""Checks that the lit suite's ctest parts cover it: every lit test is run by exactly one
part (tests/CMakeLists.txt runs one ctest entry per folder of tests/lit, the Tile IR round
trip with ir/). Usage: check-lit-parts.py LIT_PY LIT_BUILD_DIR PART...
Prints each test that no part or several parts select, and exits 1 if there is one."""
import re
import subprocess
import sys


def part_filter(part):
    # The same regular expressions as the lit-<part> entries of tests/CMakeLists.txt.
    if part == "ir":
        return re.compile(r"^tt-llc :: (ir/|roundtrip.test)")
    return re.compile(r"^tt-llc :: " + re.escape(part) + "/")


def main():
    lit, build_dir, parts = sys.argv[1], sys.argv[2], sys.argv[3:]
    out = subprocess.run([sys.executable, lit, "--show-tests", build_dir], check=True,
                         capture_output=True, text=True).stdout
    tests = [line.strip() for line in out.splitlines() if line.startswith("  tt-llc :: ")]
    if not tests:
        print("check-lit-parts: lit found no tests in " + build_dir)
        return 1
    filters = {p: part_filter(p) for p in parts}
    bad = 0
    for t in tests:
        hits = [p for p, f in filters.items() if f.search(t)]
        if len(hits) != 1:
            bad += 1
            print("%s: selected by %s" % (t, ", ".join(hits) if hits else "no part"))
    print("check-lit-parts: %d tests, %d parts, %d not run exactly once" %
          (len(tests), len(parts), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
