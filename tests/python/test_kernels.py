"""Compiled kernels called from Python, checked against torch.matmul and numpy.

Reads:      examples/gemm.py, examples/copy.py, tests/lit/run/Inputs/gemm-1core.tir (broken on
            purpose for the fault cases), build/bin/tt-llc, build/ttsim (ttsim cases).
Guarantees: GEMMs of each dtype, shape and array kind give the reference's values; out_idx,
            in-place outputs, argument checks, kernel sources, statistics and the profiler
            behave as TileLang's; compile and run faults are tt_llc exceptions and the
            interpreter goes on; ttsim devices run through the same calls.
Example:    PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python/test_kernels.py
"""

import json
import subprocess
import sys
import threading

import numpy as np
import pytest

import tt_llc

try:
    import torch
except ImportError:  # the numpy cases still run
    torch = None

needs_torch = pytest.mark.skipif(torch is None, reason="python3-torch is not installed")


def float_ref(a, b):
    """A @ B accumulated in float32, rounded to the inputs' dtype (torch 1.13's CPU bfloat16
    matmul accumulates in bfloat16, too coarsely to be a reference)."""
    return (a.float() @ b.float()).to(a.dtype)


@pytest.fixture(scope="module")
def gemm(gemm_py):
    return tt_llc.compile(gemm_py, out_idx=[-1])


@needs_torch
@pytest.mark.parametrize("M,N,K", [(256, 256, 256), (512, 256, 128), (100, 100, 100)])
def test_gemm_torch_bfloat16(gemm_py, M, N, K):
    kernel = tt_llc.compile(gemm_py, out_idx=[-1], M=M, N=N, K=K)
    g = torch.Generator().manual_seed(M + N + K)
    a = torch.randn(M, K, generator=g).to(torch.bfloat16)
    b = torch.randn(K, N, generator=g).to(torch.bfloat16)
    c = kernel(a, b)
    assert c.dtype == torch.bfloat16 and tuple(c.shape) == (M, N)
    torch.testing.assert_close(c.float(), torch.matmul(a.float(), b.float()), rtol=2e-2,
                               atol=2e-2 * K ** 0.5)


@needs_torch
@pytest.mark.parametrize("dtype", ["float16", "float32"])
def test_gemm_torch_dtypes(gemm_py, dtype):
    kernel = tt_llc.compile(gemm_py, out_idx=[-1], M=64, N=64, K=64, dtype=dtype)
    tdtype = getattr(torch, dtype)
    a = torch.rand(64, 64, dtype=tdtype)
    b = torch.rand(64, 64, dtype=tdtype)
    c = kernel(a, b)
    assert c.dtype == tdtype
    torch.testing.assert_close(c.float(), torch.matmul(a.float(), b.float()), rtol=1e-2,
                               atol=1e-2)
    with pytest.raises(TypeError, match=f"A is {dtype}; got a tensor of torch.bfloat16"):
        kernel(a.to(torch.bfloat16), b)


@pytest.mark.parametrize("dtype,np_dtype", [("float32", np.float32), ("float16", np.float16),
                                            ("bfloat16", np.float32)])
def test_gemm_numpy(gemm_py, dtype, np_dtype):
    kernel = tt_llc.compile(gemm_py, out_idx=[-1], M=64, N=96, K=128, dtype=dtype)
    rng = np.random.default_rng(7)
    a = rng.uniform(-1, 1, (64, 128)).astype(np_dtype)
    b = rng.uniform(-1, 1, (128, 96)).astype(np_dtype)
    c = kernel(a, b)
    assert isinstance(c, np.ndarray) and c.dtype == np_dtype and c.shape == (64, 96)
    np.testing.assert_allclose(c, a.astype(np.float64) @ b.astype(np.float64), rtol=2e-2,
                               atol=0.1)
    if dtype == "bfloat16":  # float32 values rounded to bfloat16 on the way in
        ones = np.full((64, 128), 1 + 2 ** -12, np.float32)
        assert kernel(ones, np.eye(128, 96, dtype=np.float32))[0, 0] == 1.0


def test_in_place_outputs(gemm_py):
    kernel = tt_llc.compile(gemm_py, M=32, N=64, K=32, dtype="float32")
    assert kernel.out_idx == []
    a = np.arange(32 * 32, dtype=np.float32).reshape(32, 32) / 1024
    b = np.eye(32, 64, dtype=np.float32)
    c = np.full((32, 64), 7.0, np.float32)
    assert kernel(a, b, c) is None
    np.testing.assert_allclose(c, a @ b, rtol=1e-2, atol=1e-3)
    same = tt_llc.compile(gemm_py, out_idx=[2], M=32, N=64, K=32, dtype="float32")
    np.testing.assert_allclose(same(a, b), c)


def test_argument_checks(gemm):
    a = np.zeros((256, 256), np.float32)
    with pytest.raises(TypeError, match=r"gemm takes 2 arrays \(A, B\), got 1"):
        gemm(a)
    with pytest.raises(ValueError, match=r"B has shape \[256, 256\]; got \[3, 256\]"):
        gemm(a, a[:3])
    with pytest.raises(TypeError, match="numpy array gives as float32; got float64"):
        gemm(a, a.astype(np.float64))
    with pytest.raises(TypeError, match="must be a torch tensor or a numpy array, not list"):
        gemm(a, [[0.0]])
    with pytest.raises(ValueError, match="out_idx 3"):
        tt_llc.load(gemm.folder, out_idx=[3])


def test_stats(gemm):
    a = np.ones((256, 256), np.float32)
    assert gemm(a, a)[5, 7] == 256.0
    stats = gemm.stats
    assert len(stats) == 64
    assert sorted(s["core"] for s in stats)[:2] == [(0, 0), (0, 1)]
    assert sum(s["matmul_tiles"] for s in stats) == 64 * 8  # 64 output tiles, Kt = 8
    core = stats[0]
    assert core["noc_read_bytes"] == 2 * 8 * 2048 and core["noc_write_bytes"] == 2048
    assert set(core["instructions"]) == {"reader", "unpack", "math", "pack", "writer"}
    assert all(n > 0 for n in core["instructions"].values())
    assert core["cb_operations"]["reader"] == 2 * 8 * 2  # reserve + push per tile of A and B


def test_kernel_sources(gemm):
    assert "T.gemm(A_shared, B_shared, C_local)" in gemm.get_kernel_source("source")
    tir = gemm.get_kernel_source()  # "tir": after the passes
    assert "def gemm_reader(" in tir and "tt.noc.read_dram" in tir
    llvm = gemm.get_kernel_source("llvm")
    assert "; ===== gemm_math: math program on trisc1 (compute.trisc1) =====" in llvm
    assert "define " in llvm
    asm = gemm.get_kernel_source("asm")
    assert "# ===== gemm_writer: writer program on brisc (writer) =====" in asm
    assert "\tret" in asm
    assert "tt_program_create_from_kernel" in gemm.get_kernel_source("host")
    plan = json.loads(gemm.get_kernel_source("plan"))
    assert plan["kernel"] == "gemm" and plan["schedule"]["num_tiles"] == 64
    with pytest.raises(ValueError, match="unknown kind 'cuda'"):
        gemm.get_kernel_source("cuda")


@needs_torch
def test_profiler_torch(gemm):
    profiler = gemm.get_profiler()
    assert profiler.tensor_supply == "torch"
    profiler.assert_allclose(float_ref, rtol=1e-2, atol=1e-2)
    with pytest.raises(AssertionError, match="output C"):
        profiler.assert_allclose(lambda a, b: float_ref(a, b) + 1, rtol=1e-2, atol=1e-2)
    assert profiler.do_bench(repeat=2) > 0


def test_profiler_numpy(gemm):
    profiler = gemm.get_profiler(tensor_supply="numpy")
    a, b = profiler.inputs()
    assert a.dtype == np.float32 and a.shape == (256, 256) and -1 <= a.min() < a.max() <= 1
    np.testing.assert_array_equal(tt_llc.kernel.round_bfloat16(a), a)  # bfloat16 values
    assert tt_llc.kernel.round_bfloat16(np.float32([1 + 2 ** -8, 1 + 3 * 2 ** -8]))\
        .tolist() == [1.0, 1 + 2 ** -6]  # ties to even
    profiler.assert_allclose(np.matmul, rtol=1e-2, atol=2e-2)
    with pytest.raises(AssertionError):
        profiler.assert_allclose(lambda a, b: -np.matmul(a, b), rtol=1e-2, atol=1e-2)


def test_without_torch(build, gemm_py):
    """With torch absent (hidden from import), the numpy path and the profiler work."""
    script = f"""
import sys
sys.modules["torch"] = None
import numpy as np, tt_llc
k = tt_llc.compile({str(gemm_py)!r}, out_idx=[-1], M=64, N=64, K=64)
p = k.get_profiler()
assert p.tensor_supply == "numpy", p.tensor_supply
p.assert_allclose(np.matmul, rtol=1e-2, atol=2e-2)
print("ok", type(k(*p.inputs())).__name__)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout == "ok ndarray\n"


def copy_factory(M, N, block=32, dtype="float32"):
    @T.prim_func  # noqa: F821
    def tile_copy(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):  # noqa: F821
        with T.Kernel(T.ceildiv(N, block), T.ceildiv(M, block)) as (bx, by):  # noqa: F821
            S = T.alloc_shared((block, block), dtype)  # noqa: F821
            T.copy(A[by * block, bx * block], S)  # noqa: F821
            T.copy(S, B[by * block, bx * block])  # noqa: F821
    return tile_copy


def test_function_object_source():
    kernel = tt_llc.compile(copy_factory, out_idx=[-1], M=64, N=128)
    a = np.random.default_rng(1).uniform(-1, 1, (64, 128)).astype(np.float32)
    np.testing.assert_array_equal(kernel(a), a)


def test_compile_error_is_located_in_the_file(tmp_path, gemm_py):
    bad = tmp_path / "bad_gemm.py"
    text = gemm_py.read_text().replace("T.gemm(A_shared, B_shared, C_local)",
                                       "T.gemm(A_shared, B_shared)")
    bad.write_text(text)
    with pytest.raises(tt_llc.CompileError) as e:
        tt_llc.compile(bad, out_idx=[-1])
    line = text.splitlines().index("                T.gemm(A_shared, B_shared)") + 1
    assert (e.value.file, e.value.line) == (str(bad), line)
    assert e.value.column > 0 and "gemm" in e.value.message


def broken(src, old, new):
    text = (src / "tests/lit/run/Inputs/gemm-1core.tir").read_text()
    assert old in text
    return text.replace(old, new)


def test_deadlock_is_a_runtime_error(src):
    # The reader never pushes the B tiles (as tests/lit/run/faults.test).
    kernel = tt_llc.compile(broken(src, "tt.cb.push_back(1, 1)", "pass"), out_idx=[-1],
                            passes=[])
    a = np.zeros((32, 64), np.float32)
    b = np.zeros((64, 32), np.float32)
    with pytest.raises(tt_llc.RuntimeError) as e:
        kernel(a, b)
    assert e.value.status == "deadlock"
    assert "gemm: core (0, 0): deadlock: every unfinished RISC is blocked" in str(e.value)
    assert "waits in tt.cb.wait_front(1, 1)" in e.value.report
    assert isinstance(e.value, RuntimeError)  # the builtin one too


def test_budget_is_a_runtime_error_and_the_kernel_still_runs(gemm):
    a = np.ones((256, 256), np.float32)
    gemm.budget = 100
    try:
        with pytest.raises(tt_llc.RuntimeError) as e:
            gemm(a, a)
    finally:
        gemm.budget = None
    assert e.value.status == "budget"
    assert "instruction budget of 100 exceeded" in str(e.value)
    assert gemm(a, a)[0, 0] == 256.0


def test_load_a_folder_tt_llc_wrote(build, gemm_py, tmp_path):
    out = tmp_path / "gemm"
    subprocess.run([str(build / "bin/tt-llc"), str(gemm_py), "-D", "M=64", "-o", str(out)],
                   check=True)
    kernel = tt_llc.load(out, out_idx=[-1])
    assert kernel.device == "sim:wormhole_b0" and kernel.folder == str(out)
    a = np.ones((64, 256), np.float32)
    b = np.ones((256, 256), np.float32)
    assert kernel(a, b)[63, 255] == 256.0
    with pytest.raises(ValueError, match="compiled for wormhole_b0, not blackhole"):
        tt_llc.load(out, device="sim:blackhole")


def test_other_device(gemm_py):
    kernel = tt_llc.compile(gemm_py, out_idx=[-1], device="sim:blackhole", M=64, N=64, K=64)
    assert kernel.device == "sim:blackhole"
    a = np.ones((64, 64), np.float32)
    assert kernel(a, a)[0, 0] == 64.0
    with pytest.raises(ValueError, match="unknown device"):
        tt_llc.compile(gemm_py, device="gpu:h100")


def test_ttsim_device(src, ttsim_library):
    tt_llc.set_ttsim_library(str(ttsim_library))
    try:
        copy = tt_llc.compile(src / "examples/copy.py", out_idx=[-1], device="ttsim:wormhole_b0",
                              M=64, N=96)
        a = np.random.default_rng(3).uniform(-1, 1, (64, 96)).astype(np.float32)
        np.testing.assert_allclose(copy(a), a, rtol=2 ** -8)  # bfloat16
        # A GEMM computes on ttsim bit for bit as on the project's simulator.
        gemm = tt_llc.compile(src / "examples/gemm.py", out_idx=[-1],
                              device="ttsim:wormhole_b0", M=32, N=64, K=64)
        sim = tt_llc.compile(src / "examples/gemm.py", out_idx=[-1], M=32, N=64, K=64)
        x = np.random.default_rng(4).uniform(-1, 1, (32, 64)).astype(np.float32)
        y = np.random.default_rng(5).uniform(-1, 1, (64, 64)).astype(np.float32)
        got = gemm(x, y)
        np.testing.assert_array_equal(got, sim(x, y))
        np.testing.assert_allclose(got, x @ y, rtol=2e-2, atol=5e-2)
        # A deadlock on ttsim ends at the clock budget, with ttsim's report.
        stuck = tt_llc.compile(broken(src, "tt.cb.push_back(1, 1)", "pass"), out_idx=[-1],
                               passes=[], device="ttsim:wormhole_b0")
        stuck.budget = 100000
        with pytest.raises(tt_llc.RuntimeError) as e:
            stuck(np.zeros((32, 64), np.float32), np.zeros((64, 32), np.float32))
        assert e.value.status == "budget"
        assert "clock budget of 100000 cycles" in str(e.value)
        assert "trisc0 (unpack): waiting in tt.cb.wait_front (circular buffer 1)" in str(e.value)
        np.testing.assert_allclose(copy(a), a, rtol=2 ** -8)  # still runs after the fault
        # The run forks a child; another Python thread is alive and busy meanwhile.
        stop = threading.Event()
        spinner = threading.Thread(target=lambda: [None for _ in iter(stop.is_set, True)])
        spinner.start()
        try:
            results = [copy(a) for _ in range(3)]
        finally:
            stop.set()
            spinner.join()
        for b in results:
            np.testing.assert_allclose(b, a, rtol=2 ** -8)
    finally:
        tt_llc.set_ttsim_library("")


def test_calls_from_threads(gemm_py):
    """Kernels called from several threads at once (one device, shared) give their results."""
    k1 = tt_llc.compile(gemm_py, out_idx=[-1], M=64, N=64, K=64, dtype="float32")
    k2 = tt_llc.compile(gemm_py, out_idx=[-1], M=32, N=32, K=32, dtype="float32")
    rng = np.random.default_rng(5)
    cases = [(k, rng.uniform(-1, 1, (n, n)).astype(np.float32)) for k, n in
             [(k1, 64), (k2, 32)] * 4]
    results = [None] * len(cases)

    def call(i):
        k, x = cases[i]
        results[i] = k(x, x)

    threads = [threading.Thread(target=call, args=(i,)) for i in range(len(cases))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for (k, x), r in zip(cases, results):
        np.testing.assert_allclose(r, x @ x, rtol=1e-2, atol=1e-2)
