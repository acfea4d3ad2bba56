#!/usr/bin/python3
"""The cost of calling a compiled kernel from Python (tt_llc) against the same run by tt-run.

  bench/python.py [--build DIR] [--runs N] [--size S]

Reads:      the build's bin/tt-llc, bin/tt-run and python/tt_llc (run it with the interpreter
            the module was built for, /usr/bin/python3); examples/gemm.py.
Guarantees: three comparisons on an S^3 GEMM (default 256), each alternating the two sides pair
            by pair for N pairs (default 20) and printing the medians and the median of the
            pairs' ratios (Python / tt-run) as a Markdown table (bench/README.md):
            1. a compiled folder: `kernel(a, b)` on torch bfloat16 tensors in a running
               interpreter (tt_llc.load of the folder; numpy arrays without torch) against `tt-run OUTDIR` (a process that
               reads the plan and images, fills the inputs and runs);
            2. the same folder from a fresh interpreter: `python3 -c "import tt_llc; load; call"`
               (interpreter, numpy and tt_llc start-up included; numpy arrays, no torch)
               against `tt-run OUTDIR`;
            3. from the source: `tt_llc.compile(...)` and a call, in a running interpreter,
               against `tt-run examples/gemm.py` (compile into a temporary folder and run).
            Asserts nothing about time; exits non-zero only when a command fails.
Example:    /usr/bin/python3 bench/python.py --runs 20
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEMM = os.path.join(ROOT, "examples", "gemm.py")


def wall(cmd, env=None):
    start = time.perf_counter()
    p = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    elapsed = time.perf_counter() - start
    if p.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({p.returncode}):\n{p.stderr.decode()}")
    return elapsed


def timed(f):
    start = time.perf_counter()
    f()
    return time.perf_counter() - start


def alternate(python_side, ttrun_side, runs):
    """Medians of both sides and of the pairs' ratios, the sides alternated pair by pair."""
    py, tr, ratios = [], [], []
    python_side(), ttrun_side()  # warm caches (files, ccache of nothing, page cache)
    for _ in range(runs):
        p, t = python_side(), ttrun_side()
        py.append(p)
        tr.append(t)
        ratios.append(p / t)
    return statistics.median(py), statistics.median(tr), statistics.median(ratios)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--size", type=int, default=256)
    args = ap.parse_args()
    build = os.path.abspath(args.build)
    sys.path.insert(0, os.path.join(build, "python"))
    import numpy as np
    import tt_llc
    try:
        import torch
    except ImportError:  # numpy arrays, then
        torch = None

    tt_llc_bin, tt_run = os.path.join(build, "bin", "tt-llc"), os.path.join(build, "bin", "tt-run")
    s = args.size
    defines = ["-D", f"M={s}", "-D", f"N={s}", "-D", f"K={s}"]
    rows = []
    with tempfile.TemporaryDirectory(prefix="tt-llc-bench-py-") as tmp:
        folder = os.path.join(tmp, "gemm")
        subprocess.run([tt_llc_bin, GEMM, *defines, "-o", folder], check=True)

        # 1. A compiled folder, called in a running interpreter.
        kernel = tt_llc.load(folder, out_idx=[-1])
        rng = np.random.default_rng(1)
        a, b = (rng.uniform(-1, 1, (s, s)).astype(np.float32) for _ in range(2))
        if torch is not None:
            a, b = torch.from_numpy(a).to(torch.bfloat16), torch.from_numpy(b).to(torch.bfloat16)
        kind = "torch" if torch is not None else "numpy"
        rows.append((f"compiled folder: `kernel(a, b)` ({kind}) vs `tt-run OUTDIR`",
                     *alternate(lambda: timed(lambda: kernel(a, b)),
                                lambda: wall([tt_run, folder]), args.runs)))

        # 2. The same folder from a fresh interpreter.
        env = dict(os.environ, PYTHONPATH=os.path.join(build, "python"))
        script = (f"import numpy as np, tt_llc; k = tt_llc.load({folder!r}, out_idx=[-1]); "
                  f"x = np.random.default_rng(1).uniform(-1, 1, ({s}, {s})).astype(np.float32); "
                  "k(x, x)")
        rows.append(("fresh `python3 -c` (import, load, call; numpy) vs `tt-run OUTDIR`",
                     *alternate(lambda: wall([sys.executable, "-c", script], env),
                                lambda: wall([tt_run, folder]), args.runs)))

        # 3. From the source: compile and call.
        params = dict(M=s, N=s, K=s)
        rows.append(("source: `tt_llc.compile` + call vs `tt-run examples/gemm.py`",
                     *alternate(lambda: timed(
                         lambda: tt_llc.compile(GEMM, out_idx=[-1], **params)(a, b)),
                                lambda: wall([tt_run, GEMM, *defines]), args.runs)))

    print(f"{s}^3 GEMM on sim:wormhole_b0, {args.runs} alternated pairs, median wall time\n")
    print("| comparison | Python | tt-run | Python / tt-run (median of pairs) |")
    print("|---|---|---|---|")
    for name, p, t, r in rows:
        print(f"| {name} | {p * 1000:.1f} ms | {t * 1000:.1f} ms | {r:.2f}x |")


if __name__ == "__main__":
    main()
