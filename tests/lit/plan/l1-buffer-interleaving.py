# An L1 buffer's page layout in the plan must be the L1 one: interleaved over
# the cores' L1 banks (one per core, the 64 cores of wormhole_b0) at the L1
# alignment (16), which is how infer-tt-layout sizes it (l1BytesPerCore:
# pages / numCores, aligned to l1Alignment) -- not the 12 DRAM banks and
# 32-byte DRAM alignment.
# RUN: %tt-llc %s --emit=plan | %python %S/Inputs/flatten.py | FileCheck %s
import tilelang.language as T


@T.prim_func
def l1_copy(A: T.Tensor((256, 256), "bfloat16"), B: T.Tensor((256, 256), "bfloat16")):
    T.buffer_attr(A, {"tt.layout_desc": {"memory": "L1"}})
    with T.Kernel(8, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# CHECK:      buffers[0].aligned_page_size = 2048
# CHECK-NEXT: buffers[0].alignment = 16
# CHECK:      buffers[0].memory = "L1"
# CHECK:      buffers[0].num_banks = 64
# The DRAM buffer keeps the DRAM layout.
# CHECK:      buffers[1].alignment = 32
# CHECK:      buffers[1].memory = "DRAM"
# CHECK:      buffers[1].num_banks = 12
