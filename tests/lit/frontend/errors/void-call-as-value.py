# An intrinsic that returns nothing cannot be used as a value: assigned, annotated, or in an
# expression (found by the pipeline fuzzer: `C_l = tt.unpack.mm_init(0, 1, 1)` compiled, and the
# source.tir it wrote, `C_l: T.void = ...`, did not read back).
# RUN: not %tt-llc %s --kernel=assigned --emit=tir 2>&1 | FileCheck %s --check-prefix=ASSIGNED
# RUN: not %tt-llc %s --kernel=annotated --emit=tir 2>&1 | FileCheck %s --check-prefix=ANNOTATED
# RUN: not %tt-llc %s --kernel=operand --emit=tir 2>&1 | FileCheck %s --check-prefix=OPERAND
import tilelang.language as T

# ASSIGNED: void-call-as-value.py:[[@LINE+4]]:9: error: 'tt.unpack.mm_init(0, 1, 1)' returns no value to assign to 'x'
@T.prim_func
def assigned(A: T.Tensor((32, 32), "bfloat16")):
    with T.Kernel(1) as bx:
        x = tt.unpack.mm_init(0, 1, 1)

# ANNOTATED: void-call-as-value.py:[[@LINE+4]]:22: error: 'tt.unpack.mm_init(0, 1, 1)' returns no value, so it cannot be the value
@T.prim_func
def annotated(A: T.Tensor((32, 32), "bfloat16")):
    with T.Kernel(1) as bx:
        x: T.int32 = tt.unpack.mm_init(0, 1, 1)

# OPERAND: void-call-as-value.py:[[@LINE+4]]:20: error: 'tt.unpack.mm_init(0, 1, 1)' returns no value, so it cannot be the left operand
@T.prim_func
def operand(A: T.Tensor((32, 32), "bfloat16")):
    with T.Kernel(1) as bx:
        tt.l1.zero(tt.unpack.mm_init(0, 1, 1) + 1, 0)
