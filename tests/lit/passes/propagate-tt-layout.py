# propagate-tt-layout after infer-tt-layout: the on-chip buffers that become
# circular buffers, chosen by dataflow: inputs (loaded from global memory)
# take ids 0-15 upward, outputs (stored to global memory) 16-31 upward and
# intermediates 31 downward; a gemm accumulator that never reaches global
# memory stays in DST and gets no CB.
# RUN: %tt-llc --emit=tir %examples/gemm.py --passes=infer-tt-layout,propagate-tt-layout | FileCheck %s --check-prefix=GEMM
# RUN: %tt-llc --emit=tir %examples/gemm.py -D block_K=64 --passes=infer-tt-layout,propagate-tt-layout | FileCheck %s --check-prefix=BLOCKK
# RUN: %tt-llc --emit=tir %s --kernel=stages3_f32 --passes=infer-tt-layout,propagate-tt-layout | FileCheck %s --check-prefix=STAGES
# RUN: %tt-llc --emit=tir %s --kernel=staged_output --passes=infer-tt-layout,propagate-tt-layout | FileCheck %s --check-prefix=STAGED
# RUN: %tt-llc --emit=tir %s --kernel=intermediates --passes=infer-tt-layout,propagate-tt-layout | FileCheck %s --check-prefix=MID
import tilelang.language as T

# The example: A_shared and B_shared are inputs 0 and 1, C_local (float32)
# is output 16 with C's format (bfloat16: Float16_b, 2048-byte pages);
# double-buffered by default.
# GEMM:      T.func_attr({
# GEMM-NEXT: "tt.cb_descriptors": {
# GEMM-SAME: "cb_0": {"buffer": "A_shared", "cb_id": 0, "data_format": "Float16_b", "depth": 2, "num_pages": 2, "page_size": 2048, "role": "input", "tiles_per_block": 1, "total_size": 4096},
# GEMM-SAME: "cb_1": {"buffer": "B_shared", "cb_id": 1, "data_format": "Float16_b", "depth": 2, "num_pages": 2, "page_size": 2048, "role": "input", "tiles_per_block": 1, "total_size": 4096},
# GEMM-SAME: "cb_16": {"buffer": "C_local", "cb_id": 16, "data_format": "Float16_b", "depth": 2, "num_pages": 2, "page_size": 2048, "role": "output", "tiles_per_block": 1, "total_size": 4096}},
# GEMM-NEXT: "tt.gemm_subblock": [1, 1],
# GEMM:      A_shared = T.alloc_shared((32, 32), "bfloat16")
# GEMM-NEXT: T.buffer_attr(A_shared, {"tt_cb_id": 0})
# GEMM-NEXT: B_shared = T.alloc_shared((32, 32), "bfloat16")
# GEMM-NEXT: T.buffer_attr(B_shared, {"tt_cb_id": 1})
# GEMM-NEXT: C_local = T.alloc_fragment((32, 32), "float32")
# GEMM-NEXT: T.buffer_attr(C_local, {"tt_cb_id": 16})

# 32x64 blocks of A are two tiles: 4 pages double-buffered.
# BLOCKK:    "cb_0": {"buffer": "A_shared", "cb_id": 0, "data_format": "Float16_b", "depth": 2, "num_pages": 4, "page_size": 2048, "role": "input", "tiles_per_block": 2, "total_size": 8192}

# num_stages=3: the loads are triple-buffered (the store after the loop
# keeps depth 2); a float32 output gives Float32 pages of 4096 bytes.
# STAGES:      "cb_0": {"buffer": "A_shared", "cb_id": 0, "data_format": "Float16_b", "depth": 3, "num_pages": 6, "page_size": 2048, "role": "input", "tiles_per_block": 2, "total_size": 12288}
# STAGES-SAME: "cb_1": {"buffer": "B_shared", "cb_id": 1, "data_format": "Float16_b", "depth": 3, "num_pages": 6, "page_size": 2048, "role": "input", "tiles_per_block": 2, "total_size": 12288}
# STAGES-SAME: "cb_16": {"buffer": "C_local", "cb_id": 16, "data_format": "Float32", "depth": 2, "num_pages": 2, "page_size": 4096, "role": "output", "tiles_per_block": 1, "total_size": 8192}}


@T.prim_func
def stages3_f32(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16"),
                C: T.Tensor((64, 64), "float32")):
    with T.Kernel(2, 2) as (bx, by):
        A_shared = T.alloc_shared((32, 64), "bfloat16")
        B_shared = T.alloc_shared((64, 32), "bfloat16")
        C_local = T.alloc_fragment((32, 32), "float32")
        T.clear(C_local)
        for k in T.Pipelined(1, num_stages=3):
            T.copy(A[by * 32, k * 64], A_shared)
            T.copy(B[k * 64, bx * 32], B_shared)
            T.gemm(A_shared, B_shared, C_local)
        T.copy(C_local, C[by * 32, bx * 32])

# The accumulator is copied to a shared buffer that is stored: C_shared is
# the output CB, C_local (in DST) has none.
# STAGED: "tt.cb_descriptors": {"cb_0": {{.*}}, "cb_1": {{.*}}, "cb_16": {"buffer": "C_shared", "cb_id": 16, "data_format": "Float16_b", "depth": 2, "num_pages": 2, "page_size": 2048, "role": "output", "tiles_per_block": 1, "total_size": 4096}},
# STAGED-NOT:  C_local
# STAGED:      C_local = T.alloc_fragment((32, 32), "float32")
# STAGED-NEXT: C_shared = T.alloc_shared((32, 32), "bfloat16")
# STAGED-NEXT: T.buffer_attr(C_shared, {"tt_cb_id": 16})


@T.prim_func
def staged_output(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16"),
                  C: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        A_shared = T.alloc_shared((32, 32), "bfloat16")
        B_shared = T.alloc_shared((32, 32), "bfloat16")
        C_local = T.alloc_fragment((32, 32), "float32")
        C_shared = T.alloc_shared((32, 32), "bfloat16")
        T.clear(C_local)
        for k in T.Pipelined(2):
            T.copy(A[by * 32, k * 32], A_shared)
            T.copy(B[k * 32, bx * 32], B_shared)
            T.gemm(A_shared, B_shared, C_local)
        T.copy(C_local, C_shared)
        T.copy(C_shared, C[by * 32, bx * 32])

# Shared buffers that never touch global memory are intermediates, numbered
# down from 31 in allocation order, in their own format; the names say
# nothing ("out_s" is loaded, "in_s" stored).
# MID:      "cb_0": {"buffer": "out_s", "cb_id": 0, "data_format": "Float16", "depth": 2, "num_pages": 2, "page_size": 2048, "role": "input", "tiles_per_block": 1, "total_size": 4096}
# MID-SAME: "cb_16": {"buffer": "in_s", "cb_id": 16, "data_format": "Float16", "depth": 2, "num_pages": 2, "page_size": 2048, "role": "output", "tiles_per_block": 1, "total_size": 4096}
# MID-SAME: "cb_30": {"buffer": "U_s", "cb_id": 30, "data_format": "Float16", "depth": 2, "num_pages": 2, "page_size": 2048, "role": "intermediate", "tiles_per_block": 1, "total_size": 4096}
# MID-SAME: "cb_31": {"buffer": "T_s", "cb_id": 31, "data_format": "Float32", "depth": 2, "num_pages": 2, "page_size": 4096, "role": "intermediate", "tiles_per_block": 1, "total_size": 8192}
# MID:      T.buffer_attr(out_s, {"tt_cb_id": 0})
# MID:      T.buffer_attr(T_s, {"tt_cb_id": 31})
# MID:      T.buffer_attr(U_s, {"tt_cb_id": 30})
# MID:      T.buffer_attr(in_s, {"tt_cb_id": 16})


@T.prim_func
def intermediates(A: T.Tensor((64, 64), "float16"), B: T.Tensor((64, 64), "float16")):
    with T.Kernel(2, 2) as (bx, by):
        out_s = T.alloc_shared((32, 32), "float16")
        T_s = T.alloc_shared((32, 32), "float32")
        U_s = T.alloc_shared((32, 32), "float16")
        in_s = T.alloc_shared((32, 32), "float16")
        T.copy(A[by * 32, bx * 32], out_s)
        T.copy(out_s, T_s)
        T.copy(T_s, U_s)
        T.copy(U_s, in_s)
        T.copy(in_s, B[by * 32, bx * 32])
