# tile-pad checks the start of every copied region of a global buffer over
# all block and loop indices, with checked arithmetic: a start whose
# arithmetic leaves 32 bits (the device's index width) or that lies outside
# the tensor is an error at the index expression, never a wrapped index
# (issue 13: `by * 32 * 2097152 * 2097152 * 131072` used to wrap to 0 and
# every block read row-block 0).
# RUN: not %tt-llc %s --kernel=wraps_to_zero -o %t 2>&1 | FileCheck %s --strict-whitespace --check-prefix=WRAP
# RUN: not %tt-llc %s --kernel=int64_overflow -o %t 2>&1 | FileCheck %s --strict-whitespace --check-prefix=BIG
# RUN: not %tt-llc %s --kernel=loop_index -o %t 2>&1 | FileCheck %s --strict-whitespace --check-prefix=LOOP
# RUN: not %tt-llc %s --kernel=before_start -o %t 2>&1 | FileCheck %s --strict-whitespace --check-prefix=NEG
# RUN: not %tt-llc %s --kernel=past_end -o %t 2>&1 | FileCheck %s --strict-whitespace --check-prefix=PAST
# The metadata passes and tile-pad alone stop at the same error.
# RUN: not %tt-llc --emit=tir %s --kernel=wraps_to_zero --passes=apply-tt-defaults,infer-tt-schedule,infer-tt-shard,infer-tt-layout,tile-pad 2>&1 | FileCheck %s --strict-whitespace --check-prefix=WRAP
# Printed as Tile IR before tile-pad, the int64-overflowing start reads back
# (its region's extent is still 32) and stops at the same error, located in
# the Tile IR.
# RUN: %tt-llc %s --kernel=int64_overflow --emit=tir --passes=apply-tt-defaults -o %t.tir
# RUN: not %tt-llc %t.tir -o %t 2>&1 | FileCheck %s --check-prefix=BIG-TIR
# BIG-TIR: .tir:{{[0-9]+}}:18: error: index arithmetic overflows: 'by * 32 * 2147483647' can leave the 32-bit range
# An overhanging edge block (start inside, end past the tensor) is fine.
# RUN: %tt-llc %s --kernel=overhang -o %t
import tilelang.language as T

# WRAP:      {{^}}{{.*}}tile-pad-errors.py:[[@LINE+7]]:18: error: index arithmetic overflows: 'by * 32 * 2097152 * 2097152' can leave the 32-bit range [-2147483648, 2147483647] of device indices for the block and loop indices of this kernel{{$}}
# WRAP-NEXT: {{^}}        T.copy(A[by * 32 * 2097152 * 2097152 * 131072, 0], A_s){{$}}
# WRAP-NEXT: {{^}}                 ^{{$}}
@T.prim_func
def wraps_to_zero(A: T.Tensor((256, 32), "bfloat16"), B: T.Tensor((256, 32), "bfloat16")):
    with T.Kernel(1, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32 * 2097152 * 2097152 * 131072, 0], A_s)
        T.copy(A_s, B[by * 32, 0])

# BIG:      {{^}}{{.*}}tile-pad-errors.py:[[@LINE+5]]:18: error: index arithmetic overflows: 'by * 32 * 2147483647' can leave the 32-bit range [-2147483648, 2147483647] of device indices for the block and loop indices of this kernel{{$}}
@T.prim_func
def int64_overflow(A: T.Tensor((256, 32), "bfloat16"), B: T.Tensor((256, 32), "bfloat16")):
    with T.Kernel(1, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32 * 2147483647 * 2147483647, 0], A_s)
        T.copy(A_s, B[by * 32, 0])

# A loop index: k = 1 already overflows, k = 0 does not.
# LOOP:      {{^}}{{.*}}tile-pad-errors.py:[[@LINE+8]]:25: error: index arithmetic overflows: 'k * 1073741824 * 2' can leave the 32-bit range [-2147483648, 2147483647] of device indices for the block and loop indices of this kernel{{$}}
# LOOP-NEXT: {{^}}            T.copy(A[0, k * 1073741824 * 2 + bx * 32], A_s){{$}}
# LOOP-NEXT: {{^}}                        ^{{$}}
@T.prim_func
def loop_index(A: T.Tensor((32, 256), "bfloat16"), B: T.Tensor((32, 256), "bfloat16")):
    with T.Kernel(8) as bx:
        A_s = T.alloc_shared((32, 32), "bfloat16")
        for k in T.serial(2):
            T.copy(A[0, k * 1073741824 * 2 + bx * 32], A_s)
        T.copy(A_s, B[0, bx * 32])

# NEG:      {{^}}{{.*}}tile-pad-errors.py:[[@LINE+7]]:18: error: the region of 'A' can start at index -32 of dimension 0, outside the tensor's [0, 256): every block must start inside the tensor{{$}}
# NEG-NEXT: {{^}}        T.copy(A[by * 32 - 32, 0], A_s){{$}}
# NEG-NEXT: {{^}}                 ^{{$}}
@T.prim_func
def before_start(A: T.Tensor((256, 32), "bfloat16"), B: T.Tensor((256, 32), "bfloat16")):
    with T.Kernel(1, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32 - 32, 0], A_s)
        T.copy(A_s, B[by * 32, 0])

# A grid of 8 blocks over a 200-row tensor: block 7 starts at row 224.
# PAST:      {{^}}{{.*}}tile-pad-errors.py:[[@LINE+8]]:23: error: the region of 'B' can start at index 224 of dimension 0, outside the tensor's [0, 200): every block must start inside the tensor{{$}}
# PAST-NEXT: {{^}}        T.copy(A_s, B[by * 32, 0]){{$}}
# PAST-NEXT: {{^}}                      ^{{$}}
@T.prim_func
def past_end(A: T.Tensor((256, 32), "bfloat16"), B: T.Tensor((200, 32), "bfloat16")):
    with T.Kernel(1, 8) as (bx, by):
        A_s = T.alloc_shared((32, 32), "bfloat16")
        T.copy(A[by * 32, 0], A_s)
        T.copy(A_s, B[by * 32, 0])

@T.prim_func
def overhang(A: T.Tensor((130, 32), "bfloat16"), B: T.Tensor((130, 32), "bfloat16")):
    with T.Kernel(1, 3) as (bx, by):
        A_s = T.alloc_shared((64, 32), "bfloat16")
        T.copy(A[by * 64, 0], A_s)
        T.copy(A_s, B[by * 64, 0])
