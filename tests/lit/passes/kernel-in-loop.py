# A T.Kernel inside a host loop is launched once per iteration; the
# schedule, the partition and the plan describe a single launch, so the
# compiler must reject it (like two T.Kernel in a row) rather than drop the
# loop from what it schedules.
# RUN: not %tt-llc --emit=tir %s --passes=apply-tt-defaults,infer-tt-schedule 2>&1 | FileCheck %s
import tilelang.language as T


@T.prim_func
def looped(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    for i in T.serial(2):
# CHECK: kernel-in-loop.py:[[@LINE+1]]:{{[0-9]+}}: error: {{.*}}T.Kernel
        with T.Kernel(2, 2) as (bx, by):
            A_s = T.alloc_shared((32, 32), "bfloat16")
            T.copy(A[by * 32, bx * 32], A_s)
            T.copy(A_s, B[by * 32, bx * 32])
