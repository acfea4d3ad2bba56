#!/usr/bin/env python3
"""Assembles the seed corpora of the fuzz targets (docs/fuzzing.md) from the project's own inputs.

  make-corpus.py SRC_ROOT TT_LLC OUT_DIR

writes OUT_DIR/<target>/ for the targets of tests/fuzz:
  frontend, pipeline  examples/*.py and tests/lit/**/*.py
  tileir              tests/lit/**/*.tir, and each example as Tile IR before and after the passes
                      (tt-llc --passes= --emit=tir, tt-llc --emit=tir)
  plan                each example's plan on each device (tt-llc --emit=plan) and the lowered plan
                      of a full compile of examples/gemm.py (tt-llc -o DIR)
Nothing is committed: the corpora come from the sources of the checkout at hand. Seeds are named
by the source they come from; OUT_DIR/<target>/ is emptied first.
"""
import pathlib
import shutil
import subprocess
import sys
import tempfile

DEVICES = ["wormhole_b0", "blackhole", "grayskull"]


def tt_llc(tool, *args):
    """stdout of a tt-llc run that must succeed."""
    return subprocess.run([tool, *args], check=True, capture_output=True).stdout


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    src, tool, out = pathlib.Path(sys.argv[1]), sys.argv[2], pathlib.Path(sys.argv[3])
    dirs = {t: out / t for t in ["frontend", "pipeline", "tileir", "plan"]}
    for d in dirs.values():
        shutil.rmtree(d, ignore_errors=True)
        d.mkdir(parents=True)

    def seed(target, name, data):
        (dirs[target] / name.replace("/", "_")).write_bytes(data)

    examples = sorted((src / "examples").glob("*.py"))
    lit = src / "tests" / "lit"
    for f in examples + sorted(lit.rglob("*.py")):
        if f.parent.name == "Inputs" and f.parent.parent == lit:
            continue  # lit's helper scripts, not kernels
        rel = str(f.relative_to(src))
        seed("frontend", rel, f.read_bytes())
        seed("pipeline", rel, f.read_bytes())
    for f in sorted(lit.rglob("*.tir")):
        seed("tileir", str(f.relative_to(src)), f.read_bytes())
    for f in examples:
        seed("tileir", f.stem + ".source.tir", tt_llc(tool, str(f), "--passes=", "--emit=tir"))
        seed("tileir", f.stem + ".lowered.tir", tt_llc(tool, str(f), "--emit=tir"))
        for device in DEVICES:
            seed("plan", f"{f.stem}.{device}.json",
                 tt_llc(tool, str(f), f"--device={device}", "--emit=plan"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = pathlib.Path(tmp) / "gemm"
        tt_llc(tool, str(src / "examples" / "gemm.py"), "-o", str(folder))
        seed("plan", "gemm.lowered.json", (folder / "tt.plan.json").read_bytes())
    for t, d in dirs.items():
        print(f"make-corpus: {t}: {len(list(d.iterdir()))} seeds")


if __name__ == "__main__":
    main()
