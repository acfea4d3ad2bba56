"""Tile IR from Python: parse a kernel into a module, its functions, attributes and buffers.

Reads:      a TileLang file (a path), TileLang source text, a Python function object (its source
            read with inspect), or Tile IR text (starting with ``# tt-llc Tile IR``); parameter
            bindings as keyword arguments (``M=512``, like ``tt-llc -D M=512``).
Guarantees: modules are values: a pass returns a new module and never changes its input;
            ``str(module)`` is the Tile IR text form and ``parse(str(module))`` gives a module
            that prints the same. Attributes are plain Python values (int, bool, float, str,
            list, dict), fresh copies on every access. Errors are ``tt_llc.CompileError``.
Example::

    mod = tt_llc.parse("examples/gemm.py", M=512, N=512, K=512)
    func = mod["gemm"]
    func.attrs, func.params, func.buffer_map["A"].shape       # {...}, ['A', 'B', 'C'], (512, 512)
"""

import inspect
import os
import textwrap

from . import _core

DEFAULT_DEVICE = "sim:wormhole_b0"


def _define(name, value):
    """A keyword argument as ``-D NAME=VALUE`` text, as the frontend reads it."""
    if isinstance(value, bool) or value is None:
        text = repr(value)
    elif isinstance(value, int):
        text = str(value)
    elif isinstance(value, float):
        text = repr(value)
    elif isinstance(value, str):
        text = '"' + value + '"'
    elif type(value).__module__ == "torch" and type(value).__name__ == "dtype":
        text = '"' + str(value).removeprefix("torch.") + '"'  # torch.bfloat16 -> "bfloat16"
    elif type(value).__module__ == "numpy" or isinstance(value, type):
        import numpy
        text = '"' + numpy.dtype(value).name + '"'
    else:
        raise TypeError(f"parameter {name}: cannot bind a {type(value).__name__} "
                        "(expected int, float, bool, str or a dtype)")
    return f"{name}={text}"


def source_of(source, kernel=None):
    """(name for diagnostics, text, kernel name) of a path, source text or function object."""
    if callable(source) and not isinstance(source, (str, os.PathLike)):
        fn = inspect.unwrap(source)
        try:
            lines, first = inspect.getsourcelines(fn)
            path = inspect.getsourcefile(fn) or "<function>"
        except (OSError, TypeError) as e:
            raise TypeError(f"cannot read the source of {source!r}: {e}") from None
        # Blank lines keep the line numbers of the file in diagnostics.
        text = "\n" * (first - 1) + textwrap.dedent("".join(lines))
        return path, text, kernel or fn.__name__
    if isinstance(source, os.PathLike) or (isinstance(source, str) and "\n" not in source):
        path = os.fspath(source)
        try:
            with open(path, encoding="utf-8") as f:
                return path, f.read(), kernel or ""
        except OSError as e:
            raise FileNotFoundError(f"cannot read kernel source '{path}': {e.strerror}") from None
    if isinstance(source, str):
        return "<string>", source, kernel or ""
    raise TypeError("source must be a path, TileLang or Tile IR text, or a function, not "
                    f"{type(source).__name__}")


def defines_of(params):
    return [_define(k, v) for k, v in params.items()]


def parse(source, kernel=None, device=DEFAULT_DEVICE, **params):
    """The module of a TileLang kernel or of Tile IR text (see the module's docstring)."""
    name, text, kname = source_of(source, kernel)
    return Module(_core.load(name, text, defines_of(params), kname, device))


class Buffer:
    """A buffer parameter: name, shape, dtype, scope and attributes."""

    def __init__(self, core):
        self._core = core

    name = property(lambda self: self._core.name)
    shape = property(lambda self: self._core.shape)
    dtype = property(lambda self: self._core.dtype)
    scope = property(lambda self: self._core.scope)
    attrs = property(lambda self: self._core.attrs, doc="the buffer's attributes (a new dict)")

    def __repr__(self):
        return f"Buffer({self.name}, {list(self.shape)}, {self.dtype})"


class Function:
    """A function (``@T.prim_func``) of a module."""

    def __init__(self, core):
        self._core = core

    name = property(lambda self: self._core.name)
    attrs = property(lambda self: self._core.attrs, doc="the function's attributes (a new dict)")
    params = property(lambda self: self._core.params, doc="parameter names, in order")

    @property
    def buffer_map(self):
        """The buffer parameters by name."""
        return {k: Buffer(v) for k, v in self._core.buffer_map.items()}

    def module(self):
        """A module holding only this function."""
        return Module(self._core.module())

    def script(self):
        return self.module().script()

    __str__ = script

    def __repr__(self):
        return f"<tt_llc.Function {self.name}>"


class Module:
    """A Tile IR module: functions by name, printable as the Tile IR text form."""

    def __init__(self, core):
        self._core = core

    @property
    def functions(self):
        """The functions' names, in order."""
        return self._core.functions

    def __getitem__(self, name):
        return Function(self._core.function(name))

    def __contains__(self, name):
        return name in self._core.functions

    def __iter__(self):
        return (self[n] for n in self._core.functions)

    def __len__(self):
        return len(self._core.functions)

    def script(self):
        """The Tile IR text form (what ``tt-llc --emit=tir`` prints)."""
        return self._core.script()

    def to_tir(self):
        """The module as ``tt_llc.tir`` objects (a new IRModule) to walk or rebuild."""
        return _core.to_tir(self._core)

    @staticmethod
    def from_tir(mod):
        """The module of a ``tt_llc.tir.IRModule``, verified (CompileError when it is not
        well formed, TypeError when it holds something that is not IR)."""
        return Module(_core.from_tir(mod))

    __str__ = script

    def __eq__(self, other):
        return isinstance(other, Module) and self.script() == other.script()

    def __repr__(self):
        return f"<tt_llc.Module {', '.join(self.functions)}>"
