"""Interrupts tt-llc or tt-run with a signal while its temporary folder exists.

  interrupt.py SIGNAL WORKDIR tt-llc|tt-run COMMAND...

Runs COMMAND (with TMPDIR=WORKDIR/tmp, so that tt-run's folder is found there), waits until a
temporary folder with a file in it appears (tt-llc: WORKDIR/out.tmp-*; tt-run: a tt-run-* folder
under TMPDIR holding kernel/tt.plan.json), sends SIGNAL and checks that the process died of that
signal and left no temporary folder. A run that finishes before its folder is seen, or (tt-llc)
whose output folder was in place before the signal, is tried again (at most 5 times).
Prints what it checked; exits 1 on a failure.
"""
import glob
import os
import shutil
import signal
import subprocess
import sys
import time

sig = getattr(signal, sys.argv[1])
work, tool, command = sys.argv[2], sys.argv[3], sys.argv[4:]
tmpdir = os.path.join(work, "tmp")
if tool == "tt-llc":
    pattern, ready = os.path.join(work, "out.tmp-*"), "*.o"
else:
    pattern, ready = os.path.join(tmpdir, "tt-run-*"), os.path.join("kernel", "tt.plan.json")


def leftovers():
    return glob.glob(os.path.join(work, "*.tmp-*")) + glob.glob(os.path.join(tmpdir, "*"))


def default_signals():
    # The test may run with SIGINT ignored (a background job): the child must see the default.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


for attempt in range(5):
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(tmpdir)
    env = dict(os.environ, TMPDIR=tmpdir)
    proc = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, preexec_fn=default_signals)
    sent = False
    while proc.poll() is None:
        if any(glob.glob(os.path.join(d, ready)) for d in glob.glob(pattern)):
            proc.send_signal(sig)
            sent = True
            break
        time.sleep(0.001)
    status = proc.wait()
    if not sent:
        continue  # finished before its folder was seen: try again
    if tool == "tt-llc" and os.path.exists(os.path.join(work, "out")):
        continue  # the signal came after the folder was in place: try again
    problems = []
    if status != -sig:
        problems.append("exit status %d, expected death by %s (%d)" % (status, sys.argv[1], -sig))
    if leftovers():
        problems.append("left behind: " + ", ".join(sorted(leftovers())))
    if problems:
        print("%s %s: %s" % (tool, sys.argv[1], "; ".join(problems)))
        sys.exit(1)
    print("%s %s: killed by the signal, no temporary folder left" % (tool, sys.argv[1]))
    sys.exit(0)
print("%s %s: the command finished before it could be interrupted (5 tries)" % (tool, sys.argv[1]))
sys.exit(1)
