#!/usr/bin/env python3
"""Runs every shell example of the documentation and checks its output.

    check-docs.py BIN_DIR SRC_DIR [--llvm-tools DIR] [-v] [--keep] [FILE.md...]

The ctest test `docs` (tests/CMakeLists.txt) runs it on README.md and docs/*.md,
so a command in the docs that stops working, or whose output changes, fails the
build's tests. Python 3 standard library only.

The convention, for writers of docs
-----------------------------------
Shell examples are fenced ```console blocks. A line starting with `$ ` is a
command; the lines after it, up to the next `$ ` line or the end of the block,
are its expected output (standard output and standard error together, as a
terminal shows them):

    ```console
    $ tt-llc examples/gemm.py -o build/gemm
    $ tt-run build/gemm --verify
    gemm on sim:wormhole_b0: 64 cores, 64 work units, seed 1
    C: max abs error {{.*}}: OK
    ```

- The expected lines must match the output's lines exactly and in order, and
  cover all of it: a command that prints nothing has no expected lines.
- A line `...` matches any number of lines (zero or more); use it to show an
  excerpt of a long output.
- `{{REGEX}}` inside a line matches a Python regular expression (timings,
  paths of the scratch folder); the rest of the line is literal text.
- Trailing whitespace is ignored and tabs are expanded (to 8 columns) on both
  sides, so `llvm-objdump` output can be pasted as it appears on screen.
- A command must exit with status 0, unless its expected output ends with the
  line `[exit N]`: then it must exit with status N.
- A command line ending in `\\` continues on the next line.

Each command runs in its own `bash -c` (so `cd` and `export` do not carry over
to the next command; write `(cd dir && ...)`), with standard input empty and a
time limit of 120 s. All the blocks of one Markdown file run in order in one
fresh scratch folder, which looks like the repository root after
scripts/build.sh: every top-level entry of the source tree is a symbolic link
to it (examples/, runtime/, tests/, ...; do not write into them) and build/ is
a real folder whose entries link to the build folder's (build/bin, build/lib,
...), so `build/bin/tt-llc examples/gemm.py -o build/gemm` writes
build/gemm in the scratch folder. PATH starts with the build's bin folder
(tt-llc, tt-run) and the LLVM 19 tools folder (llvm-objdump, llvm-readelf, ...);
TTLLC_SRC and TTLLC_BUILD name the source and build folders.

Two HTML comments, each on the last non-blank line before a fenced block, act
on that block:

- `<!-- doc-test: write PATH -->`: the block (any language) is not run but
  written to PATH in the scratch folder, in order with the commands, so a
  harness or CMakeLists.txt shown in the docs is the one the commands build.
- `<!-- doc-test: skip (REASON) -->`: the block is not run. Only for commands
  that cannot run inside a test (the set-up and build commands of README.md,
  which CI runs anyway, installs that need root, ctest itself); keep it rare.

A ```sh, ```bash or ```shell block is an error: write commands as ```console
blocks. Other blocks (```c, ```python, plain ``` synopses) are left alone.

On a failure the checker prints FILE:LINE of the command, the command, its
exit status and a diff of the expected against the actual output, and keeps
the scratch folder for a look. Exit status: 0 when every command passed.
"""

import argparse
import difflib
import fcntl
import os
import pty
import re
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import termios
import time

SHELL_LANGS = {"sh", "bash", "shell", "zsh", "shell-session", "shellsession"}
DIRECTIVE = re.compile(r"^\s*<!--\s*doc-test:\s*(\w+)\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})\s*([^`\s]*)[^`]*$")
EXIT = re.compile(r"^\[exit (\d+)\]$")
TIMEOUT = 120


class DocError(Exception):
    """A malformed doc: reported as FILE:LINE: message."""


class Block:
    def __init__(self, line, lang, lines, directive, arg):
        self.line = line  # 1-based line of the opening fence
        self.lang = lang
        self.lines = lines  # [(line number, text)] of the content
        self.directive = directive  # None, "skip" or "write"
        self.arg = arg


def parse_blocks(path, name):
    """The fenced blocks of a Markdown file, with their doc-test directives; `name` is
    the file's name in messages."""
    with open(path, encoding="utf-8") as f:
        text = f.read().split("\n")
    blocks, i, pending = [], 0, None
    while i < len(text):
        line = text[i]
        m = DIRECTIVE.match(line)
        if m:
            kind, arg = m.group(1), m.group(2)
            if kind not in ("skip", "write"):
                raise DocError(f"{name}:{i + 1}: unknown directive 'doc-test: {kind}'")
            if not arg:
                raise DocError(f"{name}:{i + 1}: 'doc-test: {kind}' needs "
                               + ("a reason" if kind == "skip" else "a path"))
            if kind == "write" and (os.path.isabs(arg) or ".." in arg.split("/")):
                raise DocError(f"{name}:{i + 1}: 'doc-test: write' takes a path inside the "
                               "scratch folder")
            pending = (kind, arg, i + 1)
            i += 1
            continue
        m = FENCE.match(line)
        if m:
            indent, fence, lang = m.group(1), m.group(2), m.group(3).lower()
            start, content = i + 1, []
            i += 1
            while i < len(text):
                close = text[i].strip()
                if close.startswith(fence[0] * len(fence)) and close.strip(fence[0]) == "":
                    break
                body = text[i]
                if body.startswith(indent):
                    body = body[len(indent):]
                content.append((i + 1, body))
                i += 1
            else:
                raise DocError(f"{name}:{start}: unterminated code block")
            directive = arg = None
            if pending:
                directive, arg = pending[0], pending[1]
                pending = None
            blocks.append(Block(start, lang, content, directive, arg))
            i += 1
            continue
        if line.strip() and pending:
            raise DocError(f"{name}:{pending[2]}: 'doc-test: {pending[0]}' must come right "
                           "before a code block")
        i += 1
    if pending:
        raise DocError(f"{name}:{pending[2]}: 'doc-test: {pending[0]}' is not followed by a "
                       "code block")
    return blocks


class Command:
    def __init__(self, line, text, expected, status):
        self.line, self.text, self.expected, self.status = line, text, expected, status


def parse_console(path, block):
    """The commands of a ```console block."""
    commands, i, lines = [], 0, block.lines
    while i < len(lines):
        num, text = lines[i]
        if not text.startswith("$ "):
            if text.strip():
                raise DocError(f"{path}:{num}: a console block must start with a '$ ' command line")
            i += 1
            continue
        cmd = [text[2:]]
        i += 1
        while cmd[-1].endswith("\\") and i < len(lines):
            cmd.append(lines[i][1])
            i += 1
        expected = []
        while i < len(lines) and not lines[i][1].startswith("$ "):
            expected.append(lines[i][1])
            i += 1
        while expected and not expected[-1].strip():
            expected.pop()
        status = 0
        if expected:
            m = EXIT.match(expected[-1].strip())
            if m:
                status = int(m.group(1))
                expected.pop()
        if any(EXIT.match(e.strip()) for e in expected):
            raise DocError(f"{path}:{num}: '[exit N]' must be the last line of a command's output")
        commands.append(Command(num, "\n".join(cmd), [normalize(e) for e in expected], status))
    return commands


def normalize(line):
    return line.expandtabs(8).rstrip()


def line_pattern(expected):
    """A compiled pattern for one expected line: literal text and {{regex}} parts."""
    parts, pos = [], 0
    for m in re.finditer(r"\{\{(.*?)\}\}", expected):
        parts.append(re.escape(expected[pos:m.start()]))
        parts.append("(?:" + m.group(1) + ")")
        pos = m.end()
    parts.append(re.escape(expected[pos:]))
    return re.compile("".join(parts))


def matches(expected, actual):
    """Whether the actual lines match the expected ones (with '...' wildcards)."""
    pats = [None if e.strip() == "..." else line_pattern(e) for e in expected]
    # ok[j] after row i: expected[:i] matches actual[:j].
    ok = [True] + [False] * len(actual)
    for pat in pats:
        new = [False] * (len(actual) + 1)
        if pat is None:
            seen = False
            for j in range(len(actual) + 1):
                seen = seen or ok[j]
                new[j] = seen
        else:
            for j in range(1, len(actual) + 1):
                new[j] = ok[j - 1] and pat.fullmatch(actual[j - 1]) is not None
        ok = new
    return ok[len(actual)]


def run_in_terminal(command, cwd, env):
    """Runs a command with its output on a pseudo-terminal, as a user's shell would: the
    tools buffer their output as on a terminal, so standard output and standard error
    interleave as they do on screen. Returns (output, exit status or a timeout message)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    proc = subprocess.Popen(["bash", "-c", command], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
                            start_new_session=True)
    os.close(slave)
    chunks, deadline, status = [], time.monotonic() + TIMEOUT, None
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            os.killpg(proc.pid, signal.SIGKILL)
            status = f"timeout after {TIMEOUT} s"
            break
        if not select.select([master], [], [], left)[0]:
            continue
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: every process has closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    code = proc.wait()
    return b"".join(chunks).replace(b"\r\n", b"\n"), status or code


def make_scratch(src, build):
    """A folder that looks like the repository root with the build in build/."""
    scratch = tempfile.mkdtemp(prefix="ttllc-docs-")
    for name in sorted(os.listdir(src)):
        if name == "build" or name.startswith("."):
            continue
        os.symlink(os.path.join(src, name), os.path.join(scratch, name))
    os.mkdir(os.path.join(scratch, "build"))
    for name in sorted(os.listdir(build)):
        os.symlink(os.path.join(build, name), os.path.join(scratch, "build", name))
    return scratch


def check_file(path, args, env):
    """Runs the examples of one file; returns (commands run, failures, blocks skipped)."""
    rel = os.path.relpath(path, args.src)
    if rel.startswith(".."):
        rel = path
    try:
        blocks = parse_blocks(path, rel)
        plan = []
        for b in blocks:
            if b.lang in SHELL_LANGS and b.directive != "skip":
                raise DocError(f"{rel}:{b.line}: a ```{b.lang} block: write shell examples "
                               "as ```console blocks with '$ ' command lines")
            if b.directive == "write":
                plan.append(("write", b))
            elif b.directive == "skip":
                plan.append(("skip", b))
            elif b.lang == "console":
                plan.append(("run", b, parse_console(rel, b)))
    except DocError as e:
        print(f"error: {e}")
        return 0, 1, 0
    if not any(p[0] == "run" for p in plan):
        return 0, 0, sum(p[0] == "skip" for p in plan)

    scratch = make_scratch(args.src, args.build)
    env = dict(env, PWD=scratch)
    run = failed = skipped = 0
    for item in plan:
        if item[0] == "skip":
            skipped += 1
            continue
        if item[0] == "write":
            b = item[1]
            target = os.path.join(scratch, b.arg)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as f:
                f.write("".join(text + "\n" for _, text in b.lines))
            continue
        for cmd in item[2]:
            run += 1
            if args.verbose:
                print(f"{rel}:{cmd.line}: $ {cmd.text}", flush=True)
            start = time.monotonic()
            output, status = run_in_terminal(cmd.text, scratch, env)
            actual = [normalize(l) for l in output.decode("utf-8", "replace").split("\n")]
            while actual and not actual[-1]:
                actual.pop()
            if args.verbose:
                print(f"  ({time.monotonic() - start:.2f} s)", flush=True)
            if status == cmd.status and matches(cmd.expected, actual):
                continue
            failed += 1
            print(f"{rel}:{cmd.line}: FAILED: $ {cmd.text}")
            if status != cmd.status:
                print(f"  exit status {status}, expected {cmd.status}")
            if not matches(cmd.expected, actual):
                print("  output differs (- expected, + actual):")
                for d in difflib.unified_diff(cmd.expected, actual, "expected", "actual",
                                              lineterm="", n=3):
                    print("  " + d)
    if failed or args.keep:
        print(f"{rel}: scratch folder kept: {scratch}")
    else:
        shutil.rmtree(scratch, ignore_errors=True)
    return run, failed, skipped


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("bin", help="the build's bin folder (tt-llc, tt-run)")
    p.add_argument("src", help="the source tree")
    p.add_argument("files", nargs="*", help="Markdown files (default: README.md, docs/*.md)")
    p.add_argument("--llvm-tools", default="/usr/lib/llvm-19/bin",
                   help="the LLVM 19 tools folder (default %(default)s)")
    p.add_argument("-v", "--verbose", action="store_true", help="print every command and its time")
    p.add_argument("--keep", action="store_true", help="keep the scratch folders")
    args = p.parse_args()
    args.bin = os.path.abspath(args.bin)
    args.src = os.path.abspath(args.src)
    args.build = os.path.dirname(args.bin)
    files = [os.path.abspath(f) for f in args.files]
    if not files:
        docs = os.path.join(args.src, "docs")
        files = [os.path.join(args.src, "README.md")] + sorted(
            os.path.join(docs, f) for f in os.listdir(docs) if f.endswith(".md"))

    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([args.bin, args.llvm_tools, env.get("PATH", "")])
    env["TTLLC_SRC"], env["TTLLC_BUILD"] = args.src, args.build
    env["LC_ALL"] = "C"
    env["TERM"] = "dumb"  # a terminal without colours or cursor movement
    env.pop("COLUMNS", None)
    env.pop("LINES", None)
    for var in ("CDPATH", "BASH_ENV", "ENV"):
        env.pop(var, None)

    start = time.monotonic()
    total_run = total_failed = total_skipped = 0
    for f in files:
        run, failed, skipped = check_file(f, args, env)
        total_run += run
        total_failed += failed
        total_skipped += skipped
    print(f"{len(files)} files, {total_run} commands run, {total_failed} failed, "
          f"{total_skipped} blocks skipped ({time.monotonic() - start:.1f} s)")
    return 1 if total_failed else 0


if __name__ == "__main__":
    sys.exit(main())
