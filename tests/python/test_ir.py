"""The IR and passes from Python: parsing, attributes, every registered pass, the text form.

Reads:      examples/*.py, TileLang source text, function objects, Tile IR text.
Guarantees: parse accepts every source form with keyword bindings; attributes are Python values
            of the right types; every pass of the registry runs by name and as a function and
            never changes its input; print -> parse -> print is the identity; bad input raises
            located CompileErrors, bad names ValueError/KeyError.
Example:    PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python/test_ir.py
"""

import pytest

import tt_llc
from tt_llc import passes

COPY_SOURCE = '''
import tilelang.language as T

@T.prim_func
def copy2(A: T.Tensor((64, 96), "float16"), B: T.Tensor((64, 96), "float16")):
    with T.Kernel(3, 2) as (bx, by):
        S = T.alloc_shared((32, 32), "float16")
        T.copy(A[by * 32, bx * 32], S)
        T.copy(S, B[by * 32, bx * 32])
'''


def scale_factory(M, N, dtype="float32"):
    # A kernel factory defined in the test: tt_llc reads its source with inspect; its body
    # only runs in TileLang, so T need not exist here.
    @T.prim_func  # noqa: F821
    def scale(A: T.Tensor((M, N), dtype), B: T.Tensor((M, N), dtype)):  # noqa: F821
        with T.Kernel(T.ceildiv(N, 32), T.ceildiv(M, 32)) as (bx, by):  # noqa: F821
            S = T.alloc_shared((32, 32), dtype)  # noqa: F821
            T.copy(A[by * 32, bx * 32], S)  # noqa: F821
            T.copy(S, B[by * 32, bx * 32])  # noqa: F821
    return scale


def test_parse_path_text_and_function(gemm_py):
    mod = tt_llc.parse(gemm_py)
    assert mod.functions == ["gemm"] and "gemm" in mod and len(mod) == 1
    assert mod["gemm"].buffer_map["A"].shape == (256, 256)  # the literal call in the file
    mod = tt_llc.parse(str(gemm_py), M=64, N=128, K=96)
    assert [mod["gemm"].buffer_map[n].shape for n in "ABC"] == [(64, 96), (96, 128), (64, 128)]
    assert tt_llc.parse(COPY_SOURCE)["copy2"].buffer_map["B"].dtype == "float16"
    func = tt_llc.parse(scale_factory, M=64, N=64)["scale"]
    assert func.params == ["A", "B"]
    assert func.buffer_map["A"].dtype == "float32"
    assert tt_llc.parse(scale_factory, M=32, N=64, dtype="bfloat16")["scale"] \
        .buffer_map["B"].shape == (32, 64)


def test_attrs_are_python_values(gemm_py):
    func = passes.metadata(tt_llc.parse(gemm_py, M=512, N=512, K=512))["gemm"]
    attrs = func.attrs
    assert isinstance(attrs["tt_num_tiles"], int) and attrs["tt_num_tiles"] == 256
    assert isinstance(attrs["tt_schedule_policy"], str)
    assert isinstance(attrs["tt_tiles_per_core"], list)
    assert isinstance(attrs["tt.cb_descriptors"], dict)
    a = func.buffer_map["A"]
    assert a.name == "A" and a.dtype == "bfloat16" and a.scope == "global"
    assert isinstance(a.attrs["tt_needs_padding"], bool)
    assert a.attrs["tt_tensor_accessor"]["page_size"] == 2048
    attrs["tt_num_tiles"] = 0  # a copy: the module is unchanged
    assert func.attrs["tt_num_tiles"] == 256


def test_every_registered_pass_by_name(gemm_py):
    names = passes.names()
    assert names[:3] == ["apply-tt-defaults", "infer-tt-schedule", "infer-tt-shard"]
    assert names[-1] == "verify" and "split-kernels" in names
    mod = tt_llc.parse(gemm_py)
    before = mod.script()
    for name in names:  # the default pipeline, one pass at a time, both ways
        by_name = passes.run(mod, name)
        by_function = getattr(passes, name.replace("-", "_"))(mod)
        assert by_name == by_function, name
        mod = by_name
    assert tt_llc.parse(gemm_py).script() == before
    # The result is the whole default pipeline's, lowered to the five programs (up to the
    # names the printer gives distinct variables of the same name at each round trip).
    whole = passes.run(tt_llc.parse(gemm_py), "default")
    assert whole.functions == mod.functions
    assert [f.attrs for f in whole] == [f.attrs for f in mod]
    assert mod["gemm"].attrs["tt.program"] == "host"
    assert len(mod) == 6 and mod["gemm"].attrs["tt.programs"] == mod.functions[1:]


def test_passes_leave_their_input_unchanged(gemm_py):
    mod = tt_llc.parse(gemm_py)
    text = mod.script()
    out = passes.apply_tt_defaults(mod)
    assert mod.script() == text
    assert "tt_schedule_policy" in out["gemm"].attrs
    assert "tt_schedule_policy" not in mod["gemm"].attrs


def test_pass_on_a_function(gemm_py):
    func = tt_llc.parse(gemm_py)["gemm"]
    out = passes.apply_tt_defaults(func)
    assert isinstance(out, tt_llc.Function) and out.name == "gemm"
    assert out.attrs["tt_schedule_policy"] == "contiguous"
    # A pass that splits the function gives the module of the pieces.
    lowered = passes.run(passes.run(func, "metadata", "tile-pad", "grid-to-persistent",
                                    "tensorize-gemm", "dst-management", "memory-space-lower"),
                         "split-kernels")
    assert isinstance(lowered, tt_llc.Module) and len(lowered) == 6


@pytest.mark.parametrize("stage", [[], ["metadata"], ["default"]])
def test_print_parse_round_trip(gemm_py, stage):
    mod = passes.run(tt_llc.parse(gemm_py), *stage) if stage else tt_llc.parse(gemm_py)
    text = str(mod)
    assert text.startswith("# tt-llc Tile IR")
    again = tt_llc.parse(text)
    assert again.script() == text and again == mod
    assert again.functions == mod.functions


def test_bad_kernel_is_a_located_compile_error():
    source = COPY_SOURCE.replace("T.copy(S, B[by * 32, bx * 32])", "T.frobnicate(S, B)")
    with pytest.raises(tt_llc.CompileError) as e:
        tt_llc.parse(source)
    err = e.value
    assert (err.file, err.line, err.column) == ("<string>", 9, 9)
    assert err.message == "unknown TileLang construct 'T.frobnicate'"
    assert "<string>:9:9: error: unknown TileLang construct" in str(err)
    assert "^" in str(err)  # the caret under the place


def test_bad_binding_and_file(gemm_py, tmp_path):
    with pytest.raises(tt_llc.CompileError) as e:
        tt_llc.parse(gemm_py, Q=1)
    assert "has no parameter 'Q'" in e.value.message and e.value.line == 0
    with pytest.raises(TypeError):
        tt_llc.parse(gemm_py, M=[1, 2])
    with pytest.raises(FileNotFoundError):
        tt_llc.parse(tmp_path / "missing.py")
    bad = tmp_path / "bad.py"
    bad.write_text("import tilelang.language as T\n\n@T.prim_func\ndef k(A: T.Tensor((32,), "
                   "\"float32\")):\n    with T.Kernel(1) as bx:\n        T.gemm(A)\n")
    with pytest.raises(tt_llc.CompileError) as e:
        tt_llc.parse(bad)
    assert e.value.file == str(bad) and e.value.line == 6


def test_bad_names(gemm_py):
    mod = tt_llc.parse(gemm_py)
    with pytest.raises(ValueError, match="did you mean 'infer-tt-schedule'"):
        passes.run(mod, "infer-tt-schedul")
    with pytest.raises(KeyError):
        mod["main"]
    with pytest.raises(ValueError, match="unknown device"):
        passes.run(mod, "metadata", device="sim:nonesuch")
    with pytest.raises(TypeError):
        passes.run("not a module", "metadata")
