"""tt_llc: tt-llc's compiler, passes and Tensix simulator from Python (docs/python.md).

Reads:      TileLang kernels (paths, source text, function objects) and Tile IR text.
Guarantees: one import gives the IR (``parse``, ``Module``, the walkable ``tt_llc.tir``), the
            passes (``tt_llc.passes``, Python passes with ``function_pass`` / ``module_pass``),
            compiled kernels in TileLang's calling conventions (``compile``, ``load``) and the
            exceptions (``CompileError``, ``RuntimeError``); numpy is required, torch is used
            when the program imported it, never imported by tt_llc for a call.
Example::

    import tt_llc
    kernel = tt_llc.compile("examples/gemm.py", out_idx=[-1])
    c = kernel(a, b)
"""

from . import _core, passes, tir
from .errors import CompileError, RuntimeError
from .ir import Buffer, Function, Module, parse
from .kernel import Kernel, Profiler, compile, load
from .pypass import Pass, function_pass, module_pass

__version__ = "0.1.0"


def set_ttsim_library(path):
    """The libttsim.so that ttsim: devices opened from now on use ("" for $TT_LLC_TTSIM)."""
    _core.set_ttsim_library(path)


__all__ = ["Buffer", "CompileError", "Function", "Kernel", "Module", "Pass", "Profiler",
           "RuntimeError", "compile", "function_pass", "load", "module_pass", "parse", "passes",
           "set_ttsim_library", "tir"]
