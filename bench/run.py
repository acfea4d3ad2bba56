#!/usr/bin/env python3
"""Runs every tt-llc benchmark and prints one Markdown report (bench/README.md).

  bench/run.py [--build DIR] [--runs N] [--quick] [--json FILE]

1. Compile time: `tt-llc examples/gemm.py -o DIR` (all artifacts), against
   clang -O2 compiling the reference kernels' sources (bench/reference) to
   objects, the two alternated pair by pair for N pairs: the medians, the
   median of the pairs' ratios, and tt-llc's split by stage (--time-passes).
2. Scaling: tt-llc's wall time and peak memory (max RSS) for GEMMs from 256^3
   to 16384^3 on Wormhole's 8x8 grid and on Blackhole's 13x10.
3. Generated code: instructions retired per output tile for each RISC
   program, tt-llc's kernels against the reference kernels, from the
   simulator's statistics (`tt-run --stats`) on the same 256^3 GEMM.
4. Simulator: RISC-V instructions per second (ttllc-bench's BM_Simulate,
   Google Benchmark) and the wall time of `tt-run` on a 1024^3 GEMM (compile,
   run and verify).
5. DRAM traffic per block size: the NoC bytes read by all cores
   (`tt-run --verify --stats`) of a 1024^3 GEMM with square blocks from 32 to
   512 (the largest that fits L1), against the ideal
   2 * (M*K*N / block_N + K*N*M / block_M) bytes (bfloat16 inputs).
6. Simulator vs host GEMM: `tt-run DIR --verify --time` on examples/gemm.py at
   1024^3 and 2048^3 against the project's plain tiled bfloat16 -> float32
   GEMM compiled -O2 for this machine (ttllc-host-gemm), alternated pair by
   pair: simulator / host GEMM (wall) and reference interpreter / simulator.

--quick runs each measurement once, on smaller sizes (the `bench-smoke`
test checks that the driver works; it asserts nothing about time).
"""
import argparse
import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEMM = os.path.join(ROOT, "examples", "gemm.py")
ROLES = ["reader", "unpack", "math", "pack", "writer"]  # tt-run --stats columns
IMAGES = ["reader.elf", "compute.trisc0.elf", "compute.trisc1.elf", "compute.trisc2.elf",
          "writer.elf"]


def run_measured(cmd):
    """Runs `cmd`; returns its wall time in seconds and peak memory (max RSS) in KiB."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    wall = time.perf_counter() - start
    err = p.stderr.read().decode()
    p.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed ({code}):\n{err}")
    return wall, usage.ru_maxrss


def median(f, runs):
    return statistics.median(f() for _ in range(runs))


def alternated(a, b, runs):
    """`runs` pairs (a(), b()), a first in even pairs and b first in odd ones, so that drift of
    the machine's speed enters both sides of each pair's ratio alike."""
    pairs = []
    for i in range(runs):
        if i % 2 == 0:
            x = a()
            y = b()
        else:
            y = b()
            x = a()
        pairs.append((x, y))
    return pairs


def compile_time(tools, ref_dir, scratch, runs):
    out = os.path.join(scratch, "gemm")

    def ttllc():
        shutil.rmtree(out, ignore_errors=True)
        return run_measured([tools["tt-llc"], GEMM, "-o", out])[0]

    # The build's own clang commands of the reference objects, writing into
    # the scratch folder instead of the build.
    with open(os.path.join(ref_dir, "compile-commands.txt")) as f:
        commands = [line.split() for line in f if line.strip()]
    # start.c is the reference's crt0, precompiled in a real tool flow as
    # tt-llc's device library is.
    commands = [c for c in commands if not any(a.endswith("start.c") for a in c)]
    for i, c in enumerate(commands):
        c[c.index("-o") + 1] = os.path.join(scratch, f"reference{i}.o")

    def clang():
        start = time.perf_counter()
        for c in commands:
            subprocess.run(c, check=True, cwd=scratch, stdout=subprocess.DEVNULL)
        return time.perf_counter() - start

    pairs = alternated(ttllc, clang, runs)
    t_llc = statistics.median(a for a, _ in pairs)
    t_clang = statistics.median(b for _, b in pairs)
    ratio = statistics.median(a / b for a, b in pairs)
    # The split by stage, from one --time-passes run.
    shutil.rmtree(out, ignore_errors=True)
    p = subprocess.run([tools["tt-llc"], GEMM, "-o", out, "--time-passes"], check=True,
                       capture_output=True, text=True)
    stages = []
    for line in p.stderr.splitlines():
        # "   0.0051 ( 4.3%)   0.0001 ( 1.9%)   0.0052 ( 4.2%)   0.0052 ( 4.2%)  clang: ..."
        m = re.match(r"\s*(?:[\d.]+\s+\(\s*[\d.]+%\)\s+)+(.+?)$", line)
        wall = re.findall(r"([\d.]+)\s+\(\s*([\d.]+)%\)", line)
        if m and wall and "Total" not in line:
            stages.append((m.group(1).split(":")[0].strip(), float(wall[-1][0])))
    return {"tt-llc": t_llc, "clang -O2 (reference, 5 objects)": t_clang, "ratio": ratio,
            "pairs": len(pairs), "stages": stages, "clang_commands": len(commands)}


def scaling(tools, scratch, sizes, runs):
    rows = []
    for device in ["wormhole_b0", "blackhole"]:
        for m in sizes:
            out = os.path.join(scratch, f"scale-{device}-{m}")
            times, rss = [], 0
            for _ in range(runs):
                shutil.rmtree(out, ignore_errors=True)
                t, r = run_measured([tools["tt-llc"], GEMM, "-o", out, f"--device={device}",
                                     "-D", f"M={m}", "-D", f"N={m}", "-D", f"K={m}"])
                times.append(t)
                rss = max(rss, r)
            with open(os.path.join(out, "tt.plan.json")) as f:
                plan = json.load(f)
            rows.append({"device": device, "size": m, "cores": plan["schedule"]["num_cores"],
                         "output_tiles": plan["schedule"]["num_tiles"],
                         "seconds": statistics.median(times), "max_rss_mib": rss / 1024})
    return rows


def stats(tools, folder):
    """Every column of tt-run --verify --stats (per-RISC instructions, noc-read, ...) summed
    over cores."""
    p = subprocess.run([tools["tt-run"], folder, "--verify", "--stats"], capture_output=True,
                       text=True)
    if p.returncode != 0 or ": OK" not in p.stdout:
        sys.exit(f"bench: tt-run {folder} did not verify:\n{p.stdout}{p.stderr}")
    totals = {}
    header = None
    for line in p.stdout.splitlines():
        if line.startswith("core"):
            header = line.split()[1:]
        elif header and line.startswith("("):
            values = line[line.index(")") + 1:].split()
            for name, v in zip(header, values):
                totals[name] = totals.get(name, 0) + int(v)
    return totals


def generated_code(tools, ref_dir, scratch, m):
    folder = os.path.join(scratch, f"code-{m}")
    shutil.rmtree(folder, ignore_errors=True)
    size = ["-D", f"M={m}", "-D", f"N={m}", "-D", f"K={m}"]
    subprocess.run([tools["tt-llc"], GEMM, "-o", folder] + size, check=True)
    ref = folder + "-reference"
    shutil.rmtree(ref, ignore_errors=True)
    shutil.copytree(folder, ref)
    for image in IMAGES:
        shutil.copy(os.path.join(ref_dir, image), os.path.join(ref, image))
    tiles = (m // 32) ** 2
    llc, hand = stats(tools, folder), stats(tools, ref)
    return {"size": m, "output_tiles": tiles,
            "per_tile": {r: (llc[r] / tiles, hand[r] / tiles) for r in ROLES}}


def traffic(tools, scratch, m, blocks):
    """NoC bytes read per square block size of an m^3 GEMM, verified, against the ideal."""
    rows = []
    for block in blocks:
        folder = os.path.join(scratch, f"traffic-{m}-{block}")
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([tools["tt-llc"], GEMM, "-o", folder, "-D", f"M={m}", "-D", f"N={m}",
                        "-D", f"K={m}", "-D", f"block_M={block}", "-D", f"block_N={block}"],
                       check=True)
        read = stats(tools, folder)["noc-read"]
        ideal = 2 * (m ** 3 // block + m ** 3 // block)
        rows.append({"block": block, "noc_read": read, "ideal": ideal})
    return {"size": m, "blocks": rows}


def simulator(tools, build, m, runs):
    p = subprocess.run([os.path.join(build, "bin", "ttllc-bench"), "--benchmark_filter=BM_Simulate",
                        "--benchmark_format=json"], capture_output=True, text=True, check=True)
    rates = {b["name"]: (b["instructions"], b["real_time"])
             for b in json.loads(p.stdout)["benchmarks"]}
    cmd = [tools["tt-run"], GEMM, "--verify", "-D", f"M={m}", "-D", f"N={m}", "-D", f"K={m}"]
    wall = median(lambda: run_measured(cmd)[0], runs)
    return {"rates": rates, "tt_run_size": m, "tt_run_seconds": wall}


def sim_vs_host(tools, build, scratch, sizes, runs):
    """Simulator vs host GEMM: the simulator's run and the reference interpreter (tt-run
    --time) against the host's tiled GEMM of the same size, alternated pair by pair."""
    host_gemm = os.path.join(build, "bin", "ttllc-host-gemm")
    rows = []
    for m in sizes:
        folder = os.path.join(scratch, f"simhost-{m}")
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([tools["tt-llc"], GEMM, "-o", folder, "-D", f"M={m}", "-D", f"N={m}",
                        "-D", f"K={m}"], check=True)

        def host():
            p = subprocess.run([host_gemm, str(m), str(m), str(m)], capture_output=True,
                               text=True, check=True)
            return float(re.search(r"seconds ([\d.]+)", p.stdout).group(1))

        def sim():
            p = subprocess.run([tools["tt-run"], folder, "--verify", "--time"],
                               capture_output=True, text=True)
            if p.returncode != 0 or ": OK" not in p.stdout:
                sys.exit(f"bench: tt-run {folder} did not verify:\n{p.stdout}{p.stderr}")
            run = re.search(r"run ([\d.]+) s wall, ([\d.]+) s CPU", p.stderr)
            ref = re.search(r"interpreter ([\d.]+) s wall, ([\d.]+) s CPU", p.stderr)
            return tuple(float(x) for x in run.groups() + ref.groups())

        pairs = alternated(host, sim, runs)
        med = lambda f: statistics.median(f(h, t) for h, t in pairs)
        rows.append({"size": m, "pairs": len(pairs), "host": med(lambda h, t: h),
                     "sim_wall": med(lambda h, t: t[0]), "sim_cpu": med(lambda h, t: t[1]),
                     "interp_wall": med(lambda h, t: t[2]), "interp_cpu": med(lambda h, t: t[3]),
                     "sim_over_host": med(lambda h, t: t[0] / h),
                     "sim_cpu_over_host": med(lambda h, t: t[1] / h),
                     "interp_over_sim": med(lambda h, t: t[3] / t[1]),
                     "sim_over_host_range": (min(t[0] / h for h, t in pairs),
                                             max(t[0] / h for h, t in pairs)),
                     "sim_best_over_host": min(t[0] for h, t in pairs) / min(h for h, t in pairs),
                     "interp_best_over_sim": min(t[3] for h, t in pairs) /
                                             min(t[1] for h, t in pairs)})
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=os.path.join(ROOT, "build"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    runs = 1 if args.quick else args.runs
    tools = {t: os.path.join(args.build, "bin", t) for t in ["tt-llc", "tt-run"]}
    ref_dir = os.path.join(args.build, "bench", "reference")
    for path in list(tools.values()) + [os.path.join(ref_dir, "compile-commands.txt"),
                                        os.path.join(args.build, "bin", "ttllc-host-gemm")]:
        if not os.path.exists(path):
            sys.exit(f"bench: {path} is missing: build first (scripts/build.sh)")

    with tempfile.TemporaryDirectory(prefix="ttllc-bench-") as scratch:
        result = {
            "date": datetime.date.today().isoformat(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.processor() or platform.system()}",
            "compile": compile_time(tools, ref_dir, scratch, runs),
            "scaling": scaling(tools, scratch, [256, 1024] if args.quick else
                               [256, 1024, 4096, 16384], 1 if args.quick else 3),
            "code": generated_code(tools, ref_dir, scratch, 256),
            "simulator": None if args.quick else simulator(tools, args.build, 1024, 3),
            "traffic": traffic(tools, scratch, *((256, [32, 64, 128]) if args.quick else
                                                 (1024, [32, 64, 128, 256, 512]))),
            # More pairs at 1024^3, whose 0.3 s runs feel the host's load the most.
            "sim_vs_host": sim_vs_host(tools, args.build, scratch, [256], 1) if args.quick else
                           sim_vs_host(tools, args.build, scratch, [1024], 3 * runs) +
                           sim_vs_host(tools, args.build, scratch, [2048], runs),
        }
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)
    report(result)


def report(r):
    print(f"# tt-llc benchmarks, {r['date']} ({r['machine']})\n")
    c = r["compile"]
    llc, clang = c["tt-llc"], c["clang -O2 (reference, 5 objects)"]
    print("## 1. Compile time (examples/gemm.py, 256^3, median)\n")
    print("| compiler | output | wall time |\n|---|---|---|")
    print(f"| tt-llc | 10 objects, 10 images (sim and hw ABIs), host stub + object, plan "
          f"| {llc * 1000:.0f} ms |")
    print(f"| clang -O2 | the {c['clang_commands']} reference objects | {clang * 1000:.0f} ms |")
    print(f"\nRatio tt-llc / clang: {c['ratio']:.2f} (median of the ratios of {c['pairs']} "
          "alternated pairs)\n")
    print("tt-llc by stage (`--time-passes`, wall):\n")
    print("| stage | ms |\n|---|---|")
    small = [t for _, t in c["stages"] if t < 0.0005]
    for name, t in c["stages"]:
        if t >= 0.0005:
            print(f"| {name} | {t * 1000:.1f} |")
    if small:
        print(f"| the {len(small)} other stages (passes, write) | {sum(small) * 1000:.1f} |")
    print("\n## 2. Scaling of tt-llc (M = N = K, median wall, peak RSS)\n")
    print("| device | GEMM | cores | output tiles | wall time | peak memory |\n|---|---|---|---|---|---|")
    for s in r["scaling"]:
        print(f"| {s['device']} | {s['size']}^3 | {s['cores']} | {s['output_tiles']} | "
              f"{s['seconds'] * 1000:.0f} ms | {s['max_rss_mib']:.0f} MiB |")
    code = r["code"]
    print(f"\n## 3. Instructions retired per output tile ({code['size']}^3, "
          f"{code['output_tiles']} output tiles, all cores)\n")
    print("| program | tt-llc | reference (clang -O2) | tt-llc / reference |\n|---|---|---|---|")
    for role, (a, b) in code["per_tile"].items():
        print(f"| {role} | {a:.0f} | {b:.0f} | {a / b:.2f} |")
    sim = r["simulator"]
    if sim:
        print("\n## 4. Simulator\n")
        print("| GEMM | run time | RISC-V instructions / s |\n|---|---|---|")
        for name, (rate, ms) in sim["rates"].items():
            print(f"| {name.split('/')[-1]}^3 (ttllc-bench {name}) | {ms:.0f} ms | "
                  f"{rate / 1e6:.2f} M |")
        print(f"\n`tt-run examples/gemm.py --verify` at {sim['tt_run_size']}^3 (compile, run, "
              f"verify): {sim['tt_run_seconds']:.2f} s")
    report_traffic(r["traffic"])
    report_sim_vs_host(r["sim_vs_host"])


def report_traffic(t):
    m = t["size"]
    print(f"\n## 5. DRAM traffic per block size ({m}^3, bfloat16, verified)\n")
    print("| block | NoC bytes read | ideal | traffic / ideal |\n|---|---|---|---|")
    for b in t["blocks"]:
        print(f"| {b['block']}x{b['block']} | {b['noc_read'] / 2**20:.1f} MiB | "
              f"{b['ideal'] / 2**20:.1f} MiB | {b['noc_read'] / b['ideal']:.2f} |")


def report_sim_vs_host(rows):
    print("\n## 6. Simulator vs host GEMM (examples/gemm.py, bfloat16, float32 DST, HiFi4)\n")
    print("| GEMM | host GEMM (1 thread) | simulator run: wall, CPU | reference interpreter: "
          "wall, CPU | simulator / host (wall) | simulator CPU / host | interpreter / simulator "
          "(CPU) |\n|---|---|---|---|---|---|---|")
    best = []
    for r in rows:
        print(f"| {r['size']}^3 | {r['host']:.3f} s | {r['sim_wall']:.2f} s, {r['sim_cpu']:.2f} s "
              f"| {r['interp_wall']:.2f} s, {r['interp_cpu']:.2f} s | {r['sim_over_host']:.1f}x "
              f"| {r['sim_cpu_over_host']:.1f}x | {r['interp_over_sim']:.2f}x |")
        lo, hi = r["sim_over_host_range"]
        best.append(f"{r['size']}^3: simulator / host {r['sim_best_over_host']:.1f}x (pairs "
                    f"{lo:.1f}x to {hi:.1f}x), interpreter / simulator "
                    f"{r['interp_best_over_sim']:.2f}x")
    pairs = " and ".join(f"{r['pairs']} at {r['size']}^3" for r in rows)
    print(f"\nMedians of pairs in which the two sides alternate ({pairs}); the ratios are medians "
          "of the pairs' ratios. The simulator runs the cores on every host thread "
          f"({os.cpu_count()} here); the host GEMM is one thread. Noise only adds time, so the "
          "ratios of each side's fastest run are the least disturbed by the host's load: "
          + "; ".join(best) + ".")


if __name__ == "__main__":
    main()
