# propagate-tt-layout rejects kernels whose circular buffers do not fit a
# core: too many CBs, too many inputs (ids 0-15) or outputs and
# intermediates (ids 16-31), or more bytes than L1 together with the kernel's
# L1-resident buffers.
# RUN: not %tt-llc --emit=tir %s --kernel=too_many --passes=infer-tt-layout,propagate-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=TOOMANY
# RUN: not %tt-llc --emit=tir %s --kernel=inputs17 --passes=infer-tt-layout,propagate-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=INPUTS
# RUN: not %tt-llc --emit=tir %s --kernel=outputs17 --passes=infer-tt-layout,propagate-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=OUTPUTS
# RUN: not %tt-llc --emit=tir %s --kernel=huge_block --passes=infer-tt-layout,propagate-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=HUGE
# RUN: not %tt-llc --emit=tir %s --kernel=huge_block --device=blackhole --passes=infer-tt-layout,propagate-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=HUGEBH
# RUN: not %tt-llc --emit=tir %s --kernel=l1_and_cbs --grid=1x1 --passes=infer-tt-layout,propagate-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=L1CB
# RUN: not %tt-llc --emit=tir %s --kernel=cb_size_wraps --passes=infer-tt-layout,propagate-tt-layout 2>&1 | FileCheck %s --strict-whitespace --check-prefix=WRAPS
# With the L1 buffer spread over two cores, the same kernel fits.
# RUN: %tt-llc --emit=tir %s --kernel=l1_and_cbs --grid=1x2 --passes=infer-tt-layout,propagate-tt-layout | FileCheck %s --check-prefix=FITS
# The default pipeline stops at the same error.
# RUN: not %tt-llc --emit=tir %s --kernel=inputs17 2>&1 | FileCheck %s --strict-whitespace --check-prefix=INPUTS
import tilelang.language as T


# 17 inputs and 16 outputs: 33 CBs, one more than a core has.
# TOOMANY:      {{^}}{{.*}}propagate-tt-layout-errors.py:[[@LINE+4]]:1: error: kernel 'too_many' needs 33 circular buffers, more than the 32 of wormhole_b0{{$}}
# TOOMANY-NEXT: {{^}}def too_many(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# TOOMANY-NEXT: {{^}}^{{$}}
@T.prim_func
def too_many(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        I0 = T.alloc_shared((32, 32), "bfloat16")
        I1 = T.alloc_shared((32, 32), "bfloat16")
        I2 = T.alloc_shared((32, 32), "bfloat16")
        I3 = T.alloc_shared((32, 32), "bfloat16")
        I4 = T.alloc_shared((32, 32), "bfloat16")
        I5 = T.alloc_shared((32, 32), "bfloat16")
        I6 = T.alloc_shared((32, 32), "bfloat16")
        I7 = T.alloc_shared((32, 32), "bfloat16")
        I8 = T.alloc_shared((32, 32), "bfloat16")
        I9 = T.alloc_shared((32, 32), "bfloat16")
        I10 = T.alloc_shared((32, 32), "bfloat16")
        I11 = T.alloc_shared((32, 32), "bfloat16")
        I12 = T.alloc_shared((32, 32), "bfloat16")
        I13 = T.alloc_shared((32, 32), "bfloat16")
        I14 = T.alloc_shared((32, 32), "bfloat16")
        I15 = T.alloc_shared((32, 32), "bfloat16")
        I16 = T.alloc_shared((32, 32), "bfloat16")
        O0 = T.alloc_shared((32, 32), "bfloat16")
        O1 = T.alloc_shared((32, 32), "bfloat16")
        O2 = T.alloc_shared((32, 32), "bfloat16")
        O3 = T.alloc_shared((32, 32), "bfloat16")
        O4 = T.alloc_shared((32, 32), "bfloat16")
        O5 = T.alloc_shared((32, 32), "bfloat16")
        O6 = T.alloc_shared((32, 32), "bfloat16")
        O7 = T.alloc_shared((32, 32), "bfloat16")
        O8 = T.alloc_shared((32, 32), "bfloat16")
        O9 = T.alloc_shared((32, 32), "bfloat16")
        O10 = T.alloc_shared((32, 32), "bfloat16")
        O11 = T.alloc_shared((32, 32), "bfloat16")
        O12 = T.alloc_shared((32, 32), "bfloat16")
        O13 = T.alloc_shared((32, 32), "bfloat16")
        O14 = T.alloc_shared((32, 32), "bfloat16")
        O15 = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], I0)
        T.copy(A[by * 32, bx * 32], I1)
        T.copy(A[by * 32, bx * 32], I2)
        T.copy(A[by * 32, bx * 32], I3)
        T.copy(A[by * 32, bx * 32], I4)
        T.copy(A[by * 32, bx * 32], I5)
        T.copy(A[by * 32, bx * 32], I6)
        T.copy(A[by * 32, bx * 32], I7)
        T.copy(A[by * 32, bx * 32], I8)
        T.copy(A[by * 32, bx * 32], I9)
        T.copy(A[by * 32, bx * 32], I10)
        T.copy(A[by * 32, bx * 32], I11)
        T.copy(A[by * 32, bx * 32], I12)
        T.copy(A[by * 32, bx * 32], I13)
        T.copy(A[by * 32, bx * 32], I14)
        T.copy(A[by * 32, bx * 32], I15)
        T.copy(A[by * 32, bx * 32], I16)
        T.copy(O0, B[by * 32, bx * 32])
        T.copy(O1, B[by * 32, bx * 32])
        T.copy(O2, B[by * 32, bx * 32])
        T.copy(O3, B[by * 32, bx * 32])
        T.copy(O4, B[by * 32, bx * 32])
        T.copy(O5, B[by * 32, bx * 32])
        T.copy(O6, B[by * 32, bx * 32])
        T.copy(O7, B[by * 32, bx * 32])
        T.copy(O8, B[by * 32, bx * 32])
        T.copy(O9, B[by * 32, bx * 32])
        T.copy(O10, B[by * 32, bx * 32])
        T.copy(O11, B[by * 32, bx * 32])
        T.copy(O12, B[by * 32, bx * 32])
        T.copy(O13, B[by * 32, bx * 32])
        T.copy(O14, B[by * 32, bx * 32])
        T.copy(O15, B[by * 32, bx * 32])


# 17 inputs (18 CBs in all): ids 0-15 are not enough.
# INPUTS:      {{^}}{{.*}}propagate-tt-layout-errors.py:[[@LINE+4]]:1: error: kernel 'inputs17' needs 17 input circular buffers, more than ids 0-15 hold{{$}}
# INPUTS-NEXT: {{^}}def inputs17(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# INPUTS-NEXT: {{^}}^{{$}}
@T.prim_func
def inputs17(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        I0 = T.alloc_shared((32, 32), "bfloat16")
        I1 = T.alloc_shared((32, 32), "bfloat16")
        I2 = T.alloc_shared((32, 32), "bfloat16")
        I3 = T.alloc_shared((32, 32), "bfloat16")
        I4 = T.alloc_shared((32, 32), "bfloat16")
        I5 = T.alloc_shared((32, 32), "bfloat16")
        I6 = T.alloc_shared((32, 32), "bfloat16")
        I7 = T.alloc_shared((32, 32), "bfloat16")
        I8 = T.alloc_shared((32, 32), "bfloat16")
        I9 = T.alloc_shared((32, 32), "bfloat16")
        I10 = T.alloc_shared((32, 32), "bfloat16")
        I11 = T.alloc_shared((32, 32), "bfloat16")
        I12 = T.alloc_shared((32, 32), "bfloat16")
        I13 = T.alloc_shared((32, 32), "bfloat16")
        I14 = T.alloc_shared((32, 32), "bfloat16")
        I15 = T.alloc_shared((32, 32), "bfloat16")
        I16 = T.alloc_shared((32, 32), "bfloat16")
        O0 = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], I0)
        T.copy(A[by * 32, bx * 32], I1)
        T.copy(A[by * 32, bx * 32], I2)
        T.copy(A[by * 32, bx * 32], I3)
        T.copy(A[by * 32, bx * 32], I4)
        T.copy(A[by * 32, bx * 32], I5)
        T.copy(A[by * 32, bx * 32], I6)
        T.copy(A[by * 32, bx * 32], I7)
        T.copy(A[by * 32, bx * 32], I8)
        T.copy(A[by * 32, bx * 32], I9)
        T.copy(A[by * 32, bx * 32], I10)
        T.copy(A[by * 32, bx * 32], I11)
        T.copy(A[by * 32, bx * 32], I12)
        T.copy(A[by * 32, bx * 32], I13)
        T.copy(A[by * 32, bx * 32], I14)
        T.copy(A[by * 32, bx * 32], I15)
        T.copy(A[by * 32, bx * 32], I16)
        T.copy(O0, B[by * 32, bx * 32])


# 8 outputs and 9 intermediates (18 CBs in all): ids 16-31 are not enough.
# OUTPUTS:      {{^}}{{.*}}propagate-tt-layout-errors.py:[[@LINE+4]]:1: error: kernel 'outputs17' needs 17 output and intermediate circular buffers, more than ids 16-31 hold{{$}}
# OUTPUTS-NEXT: {{^}}def outputs17(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# OUTPUTS-NEXT: {{^}}^{{$}}
@T.prim_func
def outputs17(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2, 2) as (bx, by):
        I0 = T.alloc_shared((32, 32), "bfloat16")
        M0 = T.alloc_shared((32, 32), "bfloat16")
        M1 = T.alloc_shared((32, 32), "bfloat16")
        M2 = T.alloc_shared((32, 32), "bfloat16")
        M3 = T.alloc_shared((32, 32), "bfloat16")
        M4 = T.alloc_shared((32, 32), "bfloat16")
        M5 = T.alloc_shared((32, 32), "bfloat16")
        M6 = T.alloc_shared((32, 32), "bfloat16")
        M7 = T.alloc_shared((32, 32), "bfloat16")
        M8 = T.alloc_shared((32, 32), "bfloat16")
        O0 = T.alloc_shared((32, 32), "bfloat16")
        O1 = T.alloc_shared((32, 32), "bfloat16")
        O2 = T.alloc_shared((32, 32), "bfloat16")
        O3 = T.alloc_shared((32, 32), "bfloat16")
        O4 = T.alloc_shared((32, 32), "bfloat16")
        O5 = T.alloc_shared((32, 32), "bfloat16")
        O6 = T.alloc_shared((32, 32), "bfloat16")
        O7 = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], I0)
        T.clear(M0)
        T.clear(M1)
        T.clear(M2)
        T.clear(M3)
        T.clear(M4)
        T.clear(M5)
        T.clear(M6)
        T.clear(M7)
        T.clear(M8)
        T.copy(O0, B[by * 32, bx * 32])
        T.copy(O1, B[by * 32, bx * 32])
        T.copy(O2, B[by * 32, bx * 32])
        T.copy(O3, B[by * 32, bx * 32])
        T.copy(O4, B[by * 32, bx * 32])
        T.copy(O5, B[by * 32, bx * 32])
        T.copy(O6, B[by * 32, bx * 32])
        T.copy(O7, B[by * 32, bx * 32])

# A 1024x1024 block is 512 tiles: 2 MiB double-buffered in and out is
# 4 MiB of CBs.
# HUGE:        {{^}}{{.*}}propagate-tt-layout-errors.py:[[@LINE+6]]:1: error: the circular buffers (4194304 bytes) and L1 buffers (0 bytes) of 'huge_block' need more than the 1400832 bytes of L1 that wormhole_b0 has for them (its 1499136 less the 98304 of runtime arguments and kernels){{$}}
# HUGE-NEXT:   {{^}}def huge_block(A: T.Tensor((1024, 1024), "bfloat16"), B: T.Tensor((1024, 1024), "bfloat16")):{{$}}
# HUGE-NEXT:   {{^}}^{{$}}
# HUGEBH:      {{^}}{{.*}}propagate-tt-layout-errors.py:[[@LINE+3]]:1: error: the circular buffers (4194304 bytes) and L1 buffers (0 bytes) of 'huge_block' need more than the 1474560 bytes of L1 that blackhole has for them (its 1572864 less the 98304 of runtime arguments and kernels){{$}}
# HUGEBH-NEXT: {{^}}def huge_block(A: T.Tensor((1024, 1024), "bfloat16"), B: T.Tensor((1024, 1024), "bfloat16")):{{$}}
@T.prim_func
def huge_block(A: T.Tensor((1024, 1024), "bfloat16"), B: T.Tensor((1024, 1024), "bfloat16")):
    with T.Kernel(1, 1) as (bx, by):
        A_s = T.alloc_shared((1024, 1024), "bfloat16")
        T.copy(A[0, 0], A_s)
        T.copy(A_s, B[0, 0])


# A in L1 on one core: 26x26 tiles = 1384448 bytes, which fit alone, but not
# with the 131072 bytes of a double-buffered 256x128 block.
# L1CB:      {{^}}{{.*}}propagate-tt-layout-errors.py:[[@LINE+4]]:1: error: the circular buffers (131072 bytes) and L1 buffers (1384448 bytes) of 'l1_and_cbs' need more than the 1400832 bytes of L1 that wormhole_b0 has for them (its 1499136 less the 98304 of runtime arguments and kernels){{$}}
# L1CB-NEXT: {{^}}def l1_and_cbs(A: T.Tensor((832, 832), "bfloat16"), B: T.Tensor((832, 832), "bfloat16")):{{$}}
# L1CB-NEXT: {{^}}^{{$}}
@T.prim_func
def l1_and_cbs(A: T.Tensor((832, 832), "bfloat16"), B: T.Tensor((832, 832), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1"}})
    with T.Kernel(1, 1) as (bx, by):
        A_s = T.alloc_shared((256, 128), "bfloat16")
        T.copy(A[0, 0], A_s)
        T.copy(A_s, B[0, 0])

# FITS: "tt.cb_descriptors": {"cb_0": {"buffer": "A_s", "cb_id": 0, "data_format": "Float16_b", "depth": 2, "num_pages": 64, "page_size": 2048, "role": "input", "tiles_per_block": 32, "total_size": 131072}}

# 2 x 67108863^2 tiles of 4096 bytes is more than 2^63 bytes: its size used to
# wrap to a negative total_size that passed the L1 check.
# WRAPS:      {{^}}{{.*}}propagate-tt-layout-errors.py:[[@LINE+7]]:13: error: the circular buffer of 'X' needs more than 2^63 bytes of L1{{$}}
# WRAPS-NEXT: {{^}}        X = T.alloc_shared((2147483616, 2147483616), "float32"){{$}}
# WRAPS-NEXT: {{^}}            ^{{$}}
@T.prim_func
def cb_size_wraps(A: T.Tensor((64, 64), "float32"), B: T.Tensor((64, 64), "float32")):
    with T.Kernel(2, 2) as (bx, by):
        S = T.alloc_shared((32, 32), "float32")
        X = T.alloc_shared((2147483616, 2147483616), "float32")
        T.copy(A[by * 32, bx * 32], S)
        T.copy(S, B[by * 32, bx * 32])
