# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=chain 2>&1 | FileCheck %s --check-prefix=CHAIN
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=eager_chain 2>&1 | FileCheck %s --check-prefix=EAGER
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=aug 2>&1 | FileCheck %s --check-prefix=AUG
# RUN: not %tt-llc %s --emit=tir --kernel=aug_in_loop 2>&1 | FileCheck %s --check-prefix=LOOP
# RUN: not %tt-llc %s --emit=tir --kernel=aug_buffer 2>&1 | FileCheck %s --check-prefix=BUF
# Chained assignment in a kernel (`A[i] = B[i] = 1`, also with names): the
# value once, then each target from the left, as Python does; a computed value
# is a let first, so the store to A does not change what B gets. Augmented
# assignment of a scalar name (`x -= 1`) rebinds it (x = x - 1); in a loop over
# a value from outside it is the error of any reassignment there.
import tilelang
import tilelang.language as T


@T.prim_func
def chain(A: T.Tensor((64,), "float32"), B: T.Tensor((64,), "float32"), C: T.Tensor((64,), "float32")):
    with T.Kernel(2) as bx:
        for lane in T.Parallel(32):
            idx = bx * 32 + lane
            A[idx] = B[idx] = C[idx] = 1
            A[idx] = B[idx] = A[idx] + 1.0


@tilelang.jit
def eager_chain(A, n=16):
    A: T.Tensor((64,), T.float32)
    with T.Kernel(1) as bx:
        i = j = n
        A[i] = A[j + 1] = 2.0


@T.prim_func
def aug(A: T.Tensor((64,), "int32"), B: T.Tensor((64,), "int32")):
    with T.Kernel(1) as bx:
        x = A[0]
        x -= 1
        x *= 3
        k = 4
        k += 1
        B[k] = x


@T.prim_func
def aug_in_loop(A: T.Tensor((64,), "int32")):
    with T.Kernel(1) as bx:
        x = A[0]
        for i in T.serial(4):
            x += A[i]
        A[0] = x


@T.prim_func
def aug_buffer(A: T.Tensor((64,), "int32")):
    with T.Kernel(1) as bx:
        A += 1

# CHAIN: A[idx] = 1.0
# CHAIN-NEXT: B[idx] = 1.0
# CHAIN-NEXT: C[idx] = 1.0
# CHAIN-NEXT: value: T.float32 = A[idx] + 1.0
# CHAIN-NEXT: A[idx] = value
# CHAIN-NEXT: B[idx] = value

# EAGER: A[16] = 2.0
# EAGER-NEXT: A[17] = 2.0

# AUG: x: T.int32 = A[0]
# AUG-NEXT: x_1: T.int32 = x - 1
# AUG-NEXT: x_2: T.int32 = x_1 * 3
# AUG-NEXT: B[5] = x_2

# LOOP: chain-augassign.py:48:13: error: cannot reassign 'x' inside a loop; use a buffer for values carried across iterations

# BUF: chain-augassign.py:55:9: error: augmented assignment target must be a number, got a buffer
