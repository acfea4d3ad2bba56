"""The exceptions of tt_llc: compile errors with their place, runtime faults with the report.

Reads:      the text the compiler's diagnostics print (``file:line:col: error: message`` and the
            source line with a caret), or the runtime's one-line report of a failed call.
Guarantees: ``CompileError`` carries ``file``, ``line``, ``column`` (1-based; 0 when the error
            has no place) and ``message`` of the first error, and the whole report as its text;
            ``RuntimeError`` (a subclass of the builtin one) carries ``status`` ("deadlock",
            "fault", "budget", ...) and the runtime's ``report``.
Example::

    try:
        tt_llc.compile("bad.py")
    except tt_llc.CompileError as e:
        print(e.file, e.line, e.column, e.message)   # bad.py 12 9 unknown TileLang construct ...
"""

import builtins
import re

_LOCATED = re.compile(r"^(?P<file>.*?):(?P<line>\d+):(?P<column>\d+): error: (?P<message>.*)$")
_UNLOCATED = re.compile(r"^(?:[\w.-]+: )?error: (?P<message>.*)$")


class CompileError(Exception):
    """A kernel the compiler rejected: the first error's place and message, all diagnostics."""

    def __init__(self, message, file=None, line=0, column=0, report=None):
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.report = report if report is not None else message
        super().__init__(self.report)

    @classmethod
    def from_report(cls, report):
        """The error of a diagnostics text: the first located error, else the first error."""
        lines = report.rstrip("\n").splitlines()
        for text in lines:
            m = _LOCATED.match(text)
            if m:
                return cls(m["message"], m["file"], int(m["line"]), int(m["column"]), report)
        for text in lines:
            m = _UNLOCATED.match(text)
            if m:
                return cls(m["message"], None, 0, 0, report)
        return cls(lines[0] if lines else "compilation failed", None, 0, 0, report)

    def __str__(self):
        return self.report.rstrip("\n")


class RuntimeError(builtins.RuntimeError):
    """A run that failed: a kernel fault (deadlock, bad access, budget) or a runtime error."""

    def __init__(self, report, status="error"):
        self.report = report
        self.status = status
        super().__init__(report)

    # The statuses of tt/runtime.h, as python/Core.cpp names them.
    STATUSES = ("invalid argument", "out of memory", "bad image", "deadlock", "fault", "budget",
                "unsupported")

    @classmethod
    def from_report(cls, report):
        """``"deadlock: gemm: core (0,0) ..."`` -> status "deadlock" and the whole report."""
        status, sep, _ = report.partition(": ")
        return cls(report, status if sep and status in cls.STATUSES else "error")
