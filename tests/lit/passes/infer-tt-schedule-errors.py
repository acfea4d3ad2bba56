# infer-tt-schedule rejects a schedule it does not implement and a function
# that does not launch exactly one T.Kernel, with located errors.
# RUN: not %tt-llc --emit=tir %s --kernel=strided --passes=apply-tt-defaults,infer-tt-schedule 2>&1 | FileCheck %s --strict-whitespace --check-prefix=POLICY
# RUN: not %tt-llc --emit=tir %s --kernel=column_major --passes=apply-tt-defaults,infer-tt-schedule 2>&1 | FileCheck %s --strict-whitespace --check-prefix=ORDER
# RUN: not %tt-llc --emit=tir %s --kernel=twice --passes=apply-tt-defaults,infer-tt-schedule 2>&1 | FileCheck %s --strict-whitespace --check-prefix=TWICE
# RUN: not %tt-llc --emit=tir %s --kernel=none --passes=apply-tt-defaults,infer-tt-schedule 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NONE
# RUN: not %tt-llc --emit=tir %s --kernel=grid_wraps --passes=apply-tt-defaults,infer-tt-schedule 2>&1 | FileCheck %s --strict-whitespace --check-prefix=WRAPS
# The default pipeline stops at the same error, with no output.
# RUN: not %tt-llc --emit=tir %s --kernel=strided 2>&1 >%t.out | FileCheck %s --strict-whitespace --check-prefix=POLICY
# RUN: count 0 < %t.out
import tilelang.language as T

# POLICY:      {{^}}{{.*}}infer-tt-schedule-errors.py:[[@LINE+4]]:1: error: unsupported tt_schedule_policy 'strided' (supported: 'contiguous'){{$}}
# POLICY-NEXT: {{^}}def strided(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# POLICY-NEXT: {{^}}^{{$}}
@T.prim_func
def strided(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.func_attr({"tt_schedule_policy": "strided"})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])

# ORDER:      {{^}}{{.*}}infer-tt-schedule-errors.py:[[@LINE+4]]:1: error: unsupported tt_schedule_order 'column_major' (supported: 'row_major'){{$}}
# ORDER-NEXT: {{^}}def column_major(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):{{$}}
# ORDER-NEXT: {{^}}^{{$}}
@T.prim_func
def column_major(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    T.func_attr({"tt_schedule_order": "column_major"})
    with T.Kernel(2, 2) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, bx * 32], A_s)
        T.copy(A_s, B[by * 32, bx * 32])


# Two launches one after the other: the error points at the second.
@T.prim_func
def twice(A: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2) as bx:
        T.clear(A)
# TWICE:      {{^}}{{.*}}infer-tt-schedule-errors.py:[[@LINE+3]]:5: error: function 'twice' must launch exactly one T.Kernel, found 2{{$}}
# TWICE-NEXT: {{^}}    with T.Kernel(2) as bx:{{$}}
# TWICE-NEXT: {{^}}    ^{{$}}
    with T.Kernel(2) as bx:
        T.clear(A)

# NONE:      {{^}}{{.*}}infer-tt-schedule-errors.py:[[@LINE+4]]:1: error: function 'none' must launch exactly one T.Kernel, found 0{{$}}
# NONE-NEXT: {{^}}def none(A: T.Tensor((64, 64), "bfloat16")):{{$}}
# NONE-NEXT: {{^}}^{{$}}
@T.prim_func
def none(A: T.Tensor((64, 64), "bfloat16")):
    T.clear(A)

# 2^21 * 2^21 * 2^22 blocks is 2^64, which used to wrap to a plan of 0 blocks.
# WRAPS:      {{^}}{{.*}}infer-tt-schedule-errors.py:[[@LINE+5]]:5: error: the kernel grid has more than 2^63 blocks, more than the 2147483647 a core can address{{$}}
# WRAPS-NEXT: {{^}}    with T.Kernel(2097152, 2097152, 4194304) as (bx, by, bz):{{$}}
# WRAPS-NEXT: {{^}}    ^{{$}}
@T.prim_func
def grid_wraps(A: T.Tensor((64, 64), "bfloat16"), B: T.Tensor((64, 64), "bfloat16")):
    with T.Kernel(2097152, 2097152, 4194304) as (bx, by, bz):
        S = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[0, 0], S)
        T.copy(S, B[0, 0])
