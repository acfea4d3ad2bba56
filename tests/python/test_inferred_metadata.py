"""Seed 000's integration matrix: the metadata passes called from Python on GEMMs.

Reads:      examples/gemm.py (32x32 blocks) bound to each test's M, N, K.
Guarantees: the schedule (tiles, grid, per-core ranges) and shard (layout, tile shape,
            padding, tile counts) attributes the seed's tests assert, with the values they
            expect, on modules and on single functions; WS1 metadata survives WS2.
Example:    PYTHONPATH=build/python /usr/bin/python3 -m pytest tests/python/test_inferred_metadata.py
"""

import pytest

import tt_llc
from tt_llc.passes import apply_tt_defaults, infer_default_tt_schedule, infer_default_tt_shard


def gemm_func(gemm_py, M, N, K):
    """The seed's create_simple_gemm_primfunc: the GEMM kernel with its shapes bound."""
    return tt_llc.parse(gemm_py, M=M, N=N, K=K)["gemm"]


def with_defaults(func):
    """The seed's `apply_tt_defaults(tvm.IRModule({"main": func}))["main"]`."""
    return apply_tt_defaults(func.module())[func.name]


class TestScheduleInference:
    def test_aligned_grid(self, gemm_py):
        func = infer_default_tt_schedule(with_defaults(gemm_func(gemm_py, 256, 256, 256)))
        for key in ("tt_num_tiles", "tt_grid_x", "tt_grid_y", "tt_tiles_per_core"):
            assert key in func.attrs
        assert func.attrs["tt_num_tiles"] == 64
        assert func.attrs["tt_grid_x"] == 8
        assert func.attrs["tt_grid_y"] == 8
        tiles_per_core = func.attrs["tt_tiles_per_core"]
        assert len(tiles_per_core) == 64
        assert all(count == 1 for _, count in tiles_per_core)
        assert [start for start, _ in tiles_per_core] == list(range(64))

    def test_uneven_distribution(self, gemm_py):
        func = infer_default_tt_schedule(with_defaults(gemm_func(gemm_py, 512, 512, 512)))
        assert func.attrs["tt_num_tiles"] == 256
        tiles_per_core = func.attrs["tt_tiles_per_core"]
        assert len(tiles_per_core) == 64
        assert all(count == 4 for _, count in tiles_per_core)
        assert [start for start, _ in tiles_per_core] == list(range(0, 256, 4))

    def test_single_tile(self, gemm_py):
        func = infer_default_tt_schedule(with_defaults(gemm_func(gemm_py, 32, 32, 32)))
        assert func.attrs["tt_num_tiles"] == 1
        tiles_per_core = func.attrs["tt_tiles_per_core"]
        assert tiles_per_core[0] == [0, 1]
        assert len(tiles_per_core) == 64
        assert all(count == 0 for _, count in tiles_per_core[1:])


class TestShardInference:
    def shard(self, gemm_py, M, N, K):
        func = with_defaults(gemm_func(gemm_py, M, N, K))
        return infer_default_tt_shard(infer_default_tt_schedule(func))

    def test_aligned_dimensions(self, gemm_py):
        func = self.shard(gemm_py, 256, 256, 256)
        for name in ("A", "B", "C"):
            attrs = func.buffer_map[name].attrs
            assert attrs["tt_layout"] == "dram_interleaved"
            assert attrs["tt_tile_shape"] == [32, 32]
            assert attrs["tt_needs_padding"] is False

    def test_nonaligned_dimensions(self, gemm_py):
        func = self.shard(gemm_py, 100, 100, 100)
        attrs = func.buffer_map["A"].attrs
        assert attrs["tt_needs_padding"] is True
        assert attrs["tt_padded_shape"] == [128, 128]
        assert attrs["tt_num_tiles_height"] == 4
        assert attrs["tt_num_tiles_width"] == 4

    def test_rectangular_matrix(self, gemm_py):
        func = self.shard(gemm_py, 512, 256, 128)
        tiles = {name: (func.buffer_map[name].attrs["tt_num_tiles_height"],
                        func.buffer_map[name].attrs["tt_num_tiles_width"])
                 for name in ("A", "B", "C")}
        assert tiles == {"A": (16, 4), "B": (4, 8), "C": (16, 8)}
        assert all(func.buffer_map[n].attrs["tt_needs_padding"] is False for n in "ABC")


class TestEndToEndPipeline:
    def test_full_metadata_pipeline(self, gemm_py):
        mod = tt_llc.parse(gemm_py, M=256, N=256, K=256)
        mod = apply_tt_defaults(mod)
        func = mod["gemm"]
        assert "tt_schedule_policy" in func.attrs
        assert "tt_layout_type" in func.attrs
        assert "tt_num_tiles" not in func.attrs

        mod = infer_default_tt_schedule(mod)
        func = mod["gemm"]
        assert "tt_num_tiles" in func.attrs
        assert "tt_tiles_per_core" in func.attrs
        assert all("tt_layout" not in b.attrs for b in func.buffer_map.values())

        mod = infer_default_tt_shard(mod)
        func = mod["gemm"]
        assert "tt_schedule_policy" in func.attrs
        assert "tt_num_tiles" in func.attrs
        assert func.params == ["A", "B", "C"]
        for param in func.params:
            assert func.buffer_map[param].attrs["tt_layout"] == "dram_interleaved"

    def test_pipeline_preserves_existing_metadata(self, gemm_py):
        mod = tt_llc.parse(gemm_py, M=128, N=128, K=128)
        mod = infer_default_tt_shard(infer_default_tt_schedule(apply_tt_defaults(mod)))
        func = mod["gemm"]
        assert func.attrs["tt_schedule_policy"] == "contiguous"
        assert func.attrs["tt_layout_type"] == "dram_interleaved"
        assert func.attrs["tt_num_tiles"] == 16
        assert len(func.attrs["tt_tiles_per_core"]) == 64


def test_bindings_are_callable():
    assert callable(infer_default_tt_schedule)
    assert callable(infer_default_tt_shard)
    assert tt_llc.passes.infer_default_tt_schedule is tt_llc.passes.infer_tt_schedule


def test_unsupported_policy_is_a_located_error(gemm_py):
    """Invalid input: a schedule policy the pass does not know, in Tile IR text."""
    text = apply_tt_defaults(tt_llc.parse(gemm_py)).script()
    assert '"tt_schedule_policy": "contiguous"' in text
    bad = tt_llc.parse(text.replace('"contiguous"', '"strided"'))
    with pytest.raises(tt_llc.CompileError) as e:
        infer_default_tt_schedule(bad)
    assert "unsupported tt_schedule_policy 'strided'" in e.value.message
    assert e.value.line == text.splitlines().index("def gemm(") + 1
    assert e.value.column == 1
