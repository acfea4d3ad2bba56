#!/usr/bin/env python3
"""Compiles every examples/*.py for every device into OUTDIR/<device>/<example>/ and
checks that each folder holds the full set of artifacts: the sim ABI's objects and images on
every device, the hw ABI's (*.hw.o, *.hw.elf) where there is an hw device library.

  compile-examples.py TT-LLC EXAMPLES-DIR OUTDIR
"""
import os
import subprocess
import sys

DEVICES = ["wormhole_b0", "blackhole", "grayskull"]
HW_DEVICES = ["wormhole_b0", "blackhole"]  # ttsim simulates no Grayskull
PROGRAMS = ["reader", "compute.trisc0", "compute.trisc1", "compute.trisc2", "writer"]


def main():
    tt_llc, examples, outdir = sys.argv[1:4]
    sources = sorted(f for f in os.listdir(examples) if f.endswith(".py"))
    done, failed = 0, 0
    for device in DEVICES:
        for src in sources:
            folder = os.path.join(outdir, device, src[:-3])
            r = subprocess.run([tt_llc, os.path.join(examples, src), "--device=" + device,
                                "-o", folder], capture_output=True, text=True)
            files = set(os.listdir(folder)) if os.path.isdir(folder) else set()
            exts = (".o", ".elf") + ((".hw.o", ".hw.elf") if device in HW_DEVICES else ())
            wanted = {p + ext for p in PROGRAMS for ext in exts} | {"tt.plan.json"}
            hosts = [f for f in files if f.endswith("_host.o")]
            if r.returncode != 0 or not wanted <= files or len(hosts) != 1:
                failed += 1
                print(f"FAILED: {src} for {device}: exit {r.returncode}, missing "
                      f"{sorted(wanted - files)}\n{r.stderr}")
            else:
                done += 1
    print(f"compiled {len(sources)} examples for {', '.join(DEVICES)}: {done} folders, "
          f"{failed} failed")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
