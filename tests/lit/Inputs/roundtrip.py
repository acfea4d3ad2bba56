"""Checks print(parse(print(ir))) == print(ir) for every example and lit input.

Usage: roundtrip.py TT_LLC SOURCE_ROOT
Every examples/*.py and tests/lit/**/*.{py,tir} that tt-llc compiles (with the
default pipeline, else with --passes=verify; with the -D flags of its first RUN
line that uses them, if any) is printed, the print is parsed and printed
again, and the two must be equal.
Inputs that are meant to fail (error tests) are counted as skipped.
"""
import glob
import os
import re
import shlex
import subprocess
import sys


def defines_of(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"#\s*RUN:.*%tt-llc (?:--emit=tir )?%s(.*)", line)
            if m and "-D" in m.group(1):
                args = shlex.split(m.group(1).split("|")[0].split("2>")[0])
                return [a for i, a in enumerate(args)
                        if a.startswith("-D") or (i > 0 and args[i - 1] == "-D")]
    return []


def main():
    tt_llc, root = sys.argv[1], sys.argv[2]
    inputs = sorted(glob.glob(os.path.join(root, "examples", "*.py")))
    for ext in ("py", "tir"):
        inputs += sorted(glob.glob(os.path.join(root, "tests", "lit", "**", "*." + ext),
                                   recursive=True))
    inputs = [p for p in inputs if "/Inputs/" not in p and not p.endswith("lit.cfg.py")]
    checked, skipped, failed = 0, 0, []
    for path in inputs:
        first = subprocess.run([tt_llc, "--emit=tir", path] + defines_of(path), capture_output=True,
                               text=True)
        if first.returncode != 0:
            # Inputs the default pipeline cannot compile (error tests, already
            # lowered Tile IR, kernels only the metadata passes handle) still
            # round-trip through the parser and printer.
            first = subprocess.run([tt_llc, "--emit=tir", "--passes=verify", path] + defines_of(path),
                                   capture_output=True, text=True)
        if first.returncode != 0:
            skipped += 1
            continue
        second = subprocess.run([tt_llc, "--emit=tir", "--passes=verify", "-"], input=first.stdout, capture_output=True,
                                text=True)
        if second.returncode != 0 or second.stdout != first.stdout:
            failed.append(path)
            sys.stderr.write("round trip differs: %s\n%s" % (path, second.stderr))
        checked += 1
    print("round-tripped %d inputs, %d skipped, %d failed" % (checked, skipped, len(failed)))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
