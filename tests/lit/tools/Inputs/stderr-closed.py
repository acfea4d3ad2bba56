# The exit status of tt-llc ($1) with its standard error (or output) closed:
# bad.py ($2) does not compile, kernel.py ($3) does (into $4); warn-kernel.py
# ($5) warns first, then compiles (or fails with -D BAD=1).
import os
import subprocess
import sys

ttllc, bad, good, out, warn = sys.argv[1:6]


def run(label, args, closed):
    r, w = os.pipe()
    os.close(r)  # the reader is gone before tt-llc writes anything
    streams = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    if closed == "stderr pipe":
        streams["stderr"] = w
    elif closed == "stdout pipe":
        streams["stdout"] = w
    elif closed == "stdout+stderr pipe":  # 2>&1 | head -1
        streams["stdout"] = streams["stderr"] = w
    p = subprocess.run([ttllc] + args, **streams,
                       close_fds=closed != "stderr",
                       preexec_fn=(lambda: os.close(2)) if closed == "stderr" else None)
    os.close(w)
    print(f"{label}, {closed} closed: {p.returncode}")


run("failed compile", [bad, "--emit=tir"], "stderr pipe")
run("failed compile", [bad, "--emit=tir"], "stderr")
run("good compile", [good, "-o", out, "--time-passes"], "stderr pipe")
run("good compile", [good, "-o", out, "--time-passes"], "stderr")
run("good compile", [good, "--emit=tir"], "stdout pipe")
run("warned, failed compile", [warn, "--emit=tir", "-D", "BAD=1"], "stdout+stderr pipe")
run("warned, good compile into a folder", [warn, "-o", out], "stdout+stderr pipe")
run("warned, good compile to stdout", [warn, "--emit=tir"], "stdout+stderr pipe")
