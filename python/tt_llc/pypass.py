"""Python functions as passes of tt-llc's pass manager: ``@function_pass`` and ``@module_pass``.

Reads:      a Python function: a function pass ``fn(func, mod, ctx) -> PrimFunc`` (called once
            per function of the module) or a module pass ``fn(mod, ctx) -> IRModule``, on
            ``tt_llc.tir`` objects; ``ctx`` is a ``tir.PassContext`` (pass name, target).
Guarantees: the decorated object is a ``Pass``: an item of ``tt_llc.compile(..., passes=[...])``
            and ``tt_llc.passes.run`` next to pass names, run by the C++ pass manager in that
            order under its name (``print_after=[name]`` shows the IR after it); ``after=``
            places it in ``tt_llc.passes.pipeline(...)``. The IR it returns is converted back
            and verified; an exception, a result of the wrong type or IR the verifier rejects
            is a ``tt_llc.CompileError`` located at the traceback's last frame, at the node, or
            at the verifier's place, naming the pass. Calling the Pass calls the function.
Example::

    @tt_llc.function_pass(after="infer-tt-schedule")
    def add_metadata(func, mod, ctx):
        return func.with_attr("tt_my_pass_ran", True)

    kernel = tt_llc.compile("examples/gemm.py", passes=tt_llc.passes.pipeline(add_metadata))
"""

from . import _core
from .tir import IRModule


class Pass:
    """A Python pass (made by ``function_pass`` / ``module_pass``)."""

    def __init__(self, fn, kind, name=None, after=None):
        if kind not in ("function", "module"):
            raise ValueError(f"unknown pass kind '{kind}'")
        self.fn, self.kind, self.after = fn, kind, after
        self.name = name or fn.__name__.replace("_", "-")
        builtin = [n for n, _, _ in _core.passes()]
        if self.name in builtin or self.name in ("default", "metadata"):
            raise ValueError(f"the Python pass '{self.name}' has the name of a tt-llc pass "
                             "or pipeline; give it another name=")
        if after is not None and after not in builtin:
            raise ValueError(f"after='{after}' is not a tt-llc pass (tt_llc.passes.names())")
        self._core = _core.PythonPass(self.name, self._apply)
        self.__doc__ = fn.__doc__
        self.__name__ = fn.__name__

    def _apply(self, mod, ctx):
        if self.kind == "module":
            return self.fn(mod, ctx)
        out = IRModule()
        out.functions = {name: self.fn(func, mod, ctx) for name, func in mod.functions.items()}
        return out

    def __call__(self, *args, **kwargs):
        return self.fn(*args, **kwargs)

    def __repr__(self):
        return f"<tt_llc.Pass {self.name} ({self.kind} pass)>"


def _decorator(kind, fn, name, after):
    if fn is not None:
        return Pass(fn, kind)
    return lambda f: Pass(f, kind, name, after)


def function_pass(fn=None, *, name=None, after=None):
    """``@function_pass`` or ``@function_pass(name=..., after="infer-tt-schedule")``: ``fn(func,
    mod, ctx)`` returns each function's replacement (a ``tir.PrimFunc``). ``name`` defaults to
    the function's name with "-" for "_"; ``after`` is where ``passes.pipeline`` puts it."""
    return _decorator("function", fn, name, after)


def module_pass(fn=None, *, name=None, after=None):
    """``@module_pass`` or ``@module_pass(name=..., after=...)``: ``fn(mod, ctx)`` returns the
    new module (a ``tir.IRModule``; it may add, remove or rename functions)."""
    return _decorator("module", fn, name, after)


def core_items(passes):
    """The list ``_core`` takes: names as they are, Passes as their C++ side."""
    items = []
    for p in passes:
        if isinstance(p, Pass):
            items.append(p._core)
        elif isinstance(p, str):
            items.append(p)
        else:
            raise TypeError(f"a pass is a name or a tt_llc.Pass, not a {type(p).__name__}")
    return items
