#!/usr/bin/python3
"""The cost of a Python pass in tt-llc's pipeline: the IR's trip to tt_llc.tir objects and back.

  bench/python_pass.py [--build DIR] [--runs N] [--size S]

Reads:      the build's python/tt_llc (run it with the interpreter the module was built for,
            /usr/bin/python3); examples/gemm.py.
Guarantees: two comparisons on an S^3 GEMM (default 256), each alternating the two sides pair by
            pair for N pairs (default 10) and printing the medians and the median of the pairs'
            ratios (with / without) as a Markdown table (bench/README.md):
            1. `tt_llc.passes.run(module, "default", noop)` against `passes.run(module,
               "default")`, where `noop` is a function pass returning each function as given
               (the conversion of the six lowered functions to objects, back, and the verifier);
            2. `tt_llc.compile(gemm, passes=pipeline(noop after every metadata and lowering
               pass))` (one after each, 14 Python passes) against `tt_llc.compile(gemm)`.
            Asserts nothing about time; exits non-zero only when something fails.
Example:    /usr/bin/python3 bench/python_pass.py --runs 10
"""
import argparse
import os
import sys

# bench/python.py's timing helpers (this folder is on the path of a script run from it).
from python import alternate, timed

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEMM = os.path.join(ROOT, "examples", "gemm.py")


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--size", type=int, default=256)
    args = ap.parse_args()
    sys.path.insert(0, os.path.join(os.path.abspath(args.build), "python"))
    import tt_llc

    s = args.size
    params = dict(M=s, N=s, K=s)
    mod = tt_llc.parse(GEMM, **params)
    builtin = [n for n, stage, _ in tt_llc._core.passes() if stage != "extra"]
    noops = [tt_llc.function_pass(name=f"noop-{i}", after=n)(lambda func, mod, ctx: func)
             for i, n in enumerate(builtin)]
    rows = [
        ("`passes.run(m, \"default\", noop)` vs `passes.run(m, \"default\")`",
         *alternate(lambda: timed(lambda: tt_llc.passes.run(mod, "default", noops[-1])),
                    lambda: timed(lambda: tt_llc.passes.run(mod, "default")), args.runs)),
        (f"`tt_llc.compile` with {len(noops)} no-op Python passes vs without",
         *alternate(lambda: timed(lambda: tt_llc.compile(
             GEMM, passes=tt_llc.passes.pipeline(*noops), **params)),
                    lambda: timed(lambda: tt_llc.compile(GEMM, **params)), args.runs)),
    ]
    print(f"{s}^3 GEMM, {args.runs} alternated pairs, median wall time\n")
    print("| comparison | with | without | with / without (median of pairs) |")
    print("|---|---|---|---|")
    for name, a, b, r in rows:
        print(f"| {name} | {a * 1000:.1f} ms | {b * 1000:.1f} ms | {r:.2f}x |")


if __name__ == "__main__":
    main()
