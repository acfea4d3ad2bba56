"""Compiled kernels in TileLang's calling conventions.

Reads:      a kernel source (path, text, function object or Tile IR text) and its parameter
            bindings, or a folder tt-llc wrote; at each call, torch tensors (bfloat16, float16,
            float32) or numpy arrays (float16, float32; a bfloat16 buffer takes float32, rounded
            to nearest even).
Guarantees: ``compile`` runs tools/Driver.h's compile into a temporary folder (removed with the
            kernel); a call checks every argument's type, dtype and shape against the kernel's
            buffers before it runs, runs the kernel on the device through the runtime's C API,
            and returns the buffers that ``out_idx`` names, newly allocated, as the same kind of
            array as the inputs (one output alone, several as a list). Faults raise
            ``tt_llc.RuntimeError`` with the simulator's report. ``kernel.stats`` holds the
            per-core statistics of the last call.
Example::

    kernel = tt_llc.compile("examples/gemm.py", out_idx=[-1], M=256, N=256, K=256)
    c = kernel(a, b)                                   # a, b: torch.bfloat16 (256, 256)
    kernel.get_profiler().assert_allclose(lambda a, b: a @ b, rtol=1e-2, atol=1e-2)
"""

import glob
import json
import os
import shutil
import sys
import tempfile
import time
import weakref

import numpy as np

from . import _core
from .ir import DEFAULT_DEVICE, defines_of, source_of
from .pypass import core_items

# A numpy array may hold a buffer of this dtype when its dtype is one of these.
_NUMPY_DTYPES = {"float32": (np.float32,), "float16": (np.float16,), "bfloat16": (np.float32,)}


def _torch():
    """torch when the program imported it (tt_llc never imports it for a call)."""
    return sys.modules.get("torch")


def _split_device(device):
    """("sim:wormhole_b0" to open, "wormhole_b0" to compile for)."""
    kind, sep, name = device.partition(":")
    if not sep:
        kind, name = "sim", device
    if kind not in ("sim", "ttsim"):
        raise ValueError(f"unknown device '{device}' (expected sim:NAME or ttsim:NAME)")
    return f"{kind}:{name}", name


class Param:
    """A buffer parameter of a compiled kernel."""

    def __init__(self, index, name, role, dtype, shape):
        self.index, self.name, self.role, self.dtype, self.shape = index, name, role, dtype, shape

    def __repr__(self):
        return f"Param({self.name}, {self.role}, {self.dtype}, {list(self.shape)})"


def compile(source, out_idx=None, device=DEFAULT_DEVICE, kernel=None, passes=None, **params):
    """Compiles a TileLang kernel (see the module docstring) and returns a callable Kernel.

    ``out_idx`` lists the parameters (negative indices count from the end) that a call
    allocates and returns; the others are the call's arguments, in order. With no ``out_idx``
    every parameter is an argument and outputs are written into the arrays given. ``kernel``
    chooses the kernel of a file that defines several; ``passes`` replaces the default pipeline
    (pass names as ``tt-llc --passes=`` and Python passes, ``tt_llc.passes.pipeline(...)``;
    ``[]`` runs none, for lowered Tile IR).
    """
    open_name, target = _split_device(device)
    name, text, kname = source_of(source, kernel)
    folder = tempfile.mkdtemp(prefix="tt_llc-")
    try:
        _core.compile(name, text, defines_of(params), kname, target, folder + "/kernel", "all",
                      None if passes is None else core_items(passes))
        return Kernel(folder + "/kernel", out_idx, open_name, _owned=folder, _passes=passes)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise


def load(folder, out_idx=None, device=None):
    """The kernel of a folder ``tt-llc`` wrote (compiled for the device it names)."""
    return Kernel(os.fspath(folder), out_idx, device)


class Kernel:
    """A compiled kernel: call it with arrays (see the module docstring)."""

    def __init__(self, folder, out_idx, device, _owned=None, _passes=None):
        self.folder = folder
        self._passes = _passes
        if _owned:
            self._cleanup = weakref.finalize(self, shutil.rmtree, _owned, True)
        with open(os.path.join(folder, "tt.plan.json"), encoding="utf-8") as f:
            plan = json.load(f)
        compiled_for = plan["device"]["name"]
        if device is None:
            device = "sim:" + compiled_for
        open_name, target = _split_device(device)
        if target != compiled_for:
            raise ValueError(f"'{folder}' was compiled for {compiled_for}, not {target}")
        self.name = plan["kernel"]
        self.device = open_name
        self._runner = _core.Runner(folder, open_name)
        self.params = [Param(i, *b) for i, b in enumerate(self._runner.buffers())]
        n = len(self.params)
        if out_idx is None:
            out_idx = []
        elif isinstance(out_idx, int):
            out_idx = [out_idx]
        self.out_idx = sorted({self._index(i, n) for i in out_idx})
        self.stats = None
        self.budget = None
        self._sources = {}

    @staticmethod
    def _index(i, n):
        if not isinstance(i, int) or not -n <= i < n:
            raise ValueError(f"out_idx {i!r} is not a parameter index of a kernel with {n} "
                             "parameters")
        return i % n

    def __repr__(self):
        return f"<tt_llc.Kernel {self.name} on {self.device}: {self.params}>"

    # --- Calls ---------------------------------------------------------------------------

    def _host(self, x, p):
        """`x` as a float32 array for parameter p, after checking it."""
        torch = _torch()
        if torch is not None and isinstance(x, torch.Tensor):
            want = getattr(torch, p.dtype)
            if x.dtype != want:
                raise TypeError(f"{self.name}: {p.name} is {p.dtype}; got a tensor of {x.dtype}")
            if tuple(x.shape) != tuple(p.shape):
                raise ValueError(f"{self.name}: {p.name} has shape {list(p.shape)}; "
                                 f"got {list(x.shape)}")
            return x.detach().cpu().to(torch.float32).contiguous().numpy()
        if isinstance(x, np.ndarray):
            if x.dtype.type not in _NUMPY_DTYPES[p.dtype]:
                allowed = " or ".join(t.__name__ for t in _NUMPY_DTYPES[p.dtype])
                raise TypeError(f"{self.name}: {p.name} is {p.dtype}, which a numpy array gives "
                                f"as {allowed}; got {x.dtype}")
            if tuple(x.shape) != tuple(p.shape):
                raise ValueError(f"{self.name}: {p.name} has shape {list(p.shape)}; "
                                 f"got {list(x.shape)}")
            return np.ascontiguousarray(x, dtype=np.float32)
        raise TypeError(f"{self.name}: {p.name} must be a torch tensor or a numpy array, not "
                        f"{type(x).__name__}")

    def __call__(self, *args):
        given = [p for p in self.params if p.index not in self.out_idx]
        if len(args) != len(given):
            names = ", ".join(p.name for p in given)
            raise TypeError(f"{self.name} takes {len(given)} arrays ({names}), got {len(args)}")
        torch = _torch()
        use_torch = torch is not None and any(isinstance(a, torch.Tensor) for a in args)
        inputs = [None] * len(self.params)
        for p, a in zip(given, args):
            if p.role in ("input", "inout"):
                inputs[p.index] = self._host(a, p)
            else:
                self._host(a, p)  # checked, not read by the kernel
        outputs, self.stats = self._runner.run(inputs, self.budget)

        # In place: the outputs among the arguments.
        for p, a in zip(given, args):
            if p.index in outputs:
                if use_torch and isinstance(a, torch.Tensor):
                    a.copy_(torch.from_numpy(outputs[p.index]))
                else:
                    a[...] = outputs[p.index]
        results = [self._wrap(outputs.get(i), self.params[i], use_torch) for i in self.out_idx]
        if not results:
            return None
        return results[0] if len(results) == 1 else results

    def _wrap(self, arr, p, use_torch):
        if arr is None:  # a parameter the kernel does not write
            arr = np.zeros(p.shape, dtype=np.float32)
        if use_torch:
            torch = _torch()
            return torch.from_numpy(arr).to(getattr(torch, p.dtype))
        return arr.astype(np.float16) if p.dtype == "float16" else arr

    # --- Sources -------------------------------------------------------------------------

    KINDS = ("source", "tir", "llvm", "asm", "host", "plan")

    def get_kernel_source(self, kind="tir"):
        """Text of the kernel: "source" (Tile IR before the passes), "tir" (after them),
        "llvm" (LLVM IR of the five programs), "asm" (their RISC-V assembly), "host" (the
        generated host stub, C++) or "plan" (tt.plan.json)."""
        if kind not in self.KINDS:
            raise ValueError(f"unknown kind '{kind}' (expected one of: {', '.join(self.KINDS)})")
        if kind not in self._sources:
            self._sources[kind] = self._read_source(kind)
        return self._sources[kind]

    def _read_source(self, kind):
        def read(path):
            with open(path, encoding="utf-8") as f:
                return f.read()
        if kind == "source":
            return read(os.path.join(self.folder, "source.tir"))
        if kind == "plan":
            return read(os.path.join(self.folder, "tt.plan.json"))
        if kind == "host":
            stubs = sorted(glob.glob(os.path.join(self.folder, "*_host.cpp")))
            return read(stubs[0])
        # Compiled again from source.tir (the kernel with its parameters bound).
        source = os.path.join(self.folder, "source.tir")
        _, target = _split_device(self.device)
        with tempfile.TemporaryDirectory(prefix="tt_llc-") as tmp:
            out = os.path.join(tmp, "kernel." + kind)
            _core.compile(source, read(source), [], "", target, out, kind,
                          None if self._passes is None else core_items(self._passes))
            return read(out)

    # --- Profiling -----------------------------------------------------------------------

    def get_profiler(self, tensor_supply="auto", seed=0):
        """A Profiler that calls the kernel on generated inputs ("torch", "numpy" or "auto":
        torch when it can be imported)."""
        return Profiler(self, tensor_supply, seed)


class Profiler:
    """Runs a kernel on seeded random inputs in [-1, 1): checks it, times it."""

    def __init__(self, kernel, tensor_supply="auto", seed=0):
        if tensor_supply == "auto":
            try:
                import torch  # noqa: F401
                tensor_supply = "torch"
            except ImportError:
                tensor_supply = "numpy"
        if tensor_supply not in ("torch", "numpy"):
            raise ValueError(f"unknown tensor_supply '{tensor_supply}' (torch, numpy or auto)")
        self.kernel, self.tensor_supply, self.seed = kernel, tensor_supply, seed

    def inputs(self):
        """The kernel's arguments: one array per parameter that out_idx does not name."""
        rng = np.random.default_rng(self.seed)
        out = []
        for p in self.kernel.params:
            if p.index in self.kernel.out_idx:
                continue
            data = rng.uniform(-1.0, 1.0, size=p.shape).astype(np.float32)
            if self.tensor_supply == "torch":
                import torch
                out.append(torch.from_numpy(data).to(getattr(torch, p.dtype)))
            elif p.dtype == "float16":
                out.append(data.astype(np.float16))
            else:  # bfloat16 values held in float32, as the kernel rounds them
                out.append(round_bfloat16(data) if p.dtype == "bfloat16" else data)
        return out

    def assert_allclose(self, ref_program, rtol=1e-2, atol=1e-2):
        """Calls the kernel and ``ref_program`` on the same inputs and checks that every
        output is close to the reference's (|out - ref| <= atol + rtol * |ref|)."""
        args = self.inputs()
        got = self.kernel(*args)
        ref = ref_program(*args)
        got = got if isinstance(got, list) else [got]
        ref = list(ref) if isinstance(ref, (list, tuple)) else [ref]
        if len(got) != len(ref):
            raise AssertionError(f"{self.kernel.name}: {len(got)} outputs, the reference "
                                 f"returned {len(ref)}")
        for i, (g, r) in zip(self.kernel.out_idx, zip(got, ref)):
            g, r = _as_f32(g), _as_f32(r)
            np.testing.assert_allclose(
                g, r, rtol=rtol, atol=atol,
                err_msg=f"{self.kernel.name}: output {self.kernel.params[i].name}")

    def do_bench(self, repeat=10):
        """Mean wall time of one call, in milliseconds (host-side: the simulator's run)."""
        args = self.inputs()
        self.kernel(*args)
        start = time.perf_counter()
        for _ in range(repeat):
            self.kernel(*args)
        return (time.perf_counter() - start) * 1000.0 / repeat


def round_bfloat16(x):
    """float32 values rounded to the nearest bfloat16 (ties to even), still float32: what a
    bfloat16 buffer holds of a float32 array."""
    bits = np.ascontiguousarray(x, dtype=np.float32).view(np.uint32)
    rounded = (bits + np.uint32(0x7FFF) + ((bits >> np.uint32(16)) & np.uint32(1))) \
        & np.uint32(0xFFFF0000)
    return rounded.view(np.float32)


def _as_f32(x):
    torch = _torch()
    if torch is not None and isinstance(x, torch.Tensor):
        return x.detach().cpu().to(torch.float32).numpy()
    return np.asarray(x, dtype=np.float32)
