# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=steps | FileCheck %s
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=eager_steps | FileCheck %s --check-prefix=EAGER
# RUN: not %tt-llc %s --emit=tir --kernel=zero_step 2>&1 | FileCheck %s --check-prefix=ZERO
# RUN: not %tt-llc %s --emit=tir --kernel=runtime_step 2>&1 | FileCheck %s --check-prefix=RUNTIME
# range(start, stop, step) and T.serial(start, stop, step) with a constant
# step, as Python counts: the loop runs over the iteration count
# (ceil((stop - start) / step), at least 0; run-time bounds give that as an
# expression) and the name is start + k * step. A zero or run-time step is an
# error at the step.
import tilelang
import tilelang.language as T


@T.prim_func
def steps(A: T.Tensor((16,), "int32"), n: T.int32):
    with T.Kernel(1) as bx:
        for i in range(0, 10, 2):
            A[i] = 1
        for i in range(10, 0, -3):
            A[i] = i
        for j in T.serial(1, n, 4):
            A[j] = 2
        for k in range(5, 1, 1):
            A[k] = 3
        for k in range(5, 1, 2):
            A[k] = 3


@tilelang.jit
def eager_steps(A, stride=3):
    A: T.Tensor((16,), T.int32)
    with T.Kernel(1) as bx:
        for i in range(1, 16, stride):
            A[i] = i


@T.prim_func
def zero_step(A: T.Tensor((16,), "int32")):
    with T.Kernel(1) as bx:
        for i in range(0, 10, 0):
            A[i] = 1


@T.prim_func
def runtime_step(A: T.Tensor((16,), "int32"), n: T.int32):
    with T.Kernel(1) as bx:
        for i in range(0, 10, n):
            A[i] = 1

# CHECK:      for i_iter in T.serial(5):
# CHECK-NEXT:     i: T.int32 = i_iter * 2
# CHECK-NEXT:     A[i] = 1
# CHECK-NEXT: for i_iter_1 in T.serial(4):
# CHECK-NEXT:     i_1: T.int32 = 10 + i_iter_1 * -3
# CHECK-NEXT:     A[i_1] = i_1
# CHECK-NEXT: for j_iter in T.serial(T.max((n - 1 + 3) // 4, 0)):
# CHECK-NEXT:     j: T.int32 = 1 + j_iter * 4
# CHECK-NEXT:     A[j] = 2
# CHECK-NEXT: for k in T.serial(5, 1):
# CHECK-NEXT:     A[k] = 3
# CHECK-NEXT: for k_iter in T.serial(0):

# EAGER:      for i_iter in T.serial(5):
# EAGER-NEXT:     i: T.int32 = 1 + i_iter * 3

# ZERO: range-step.py:40:31: error: loop step must not be zero

# RUNTIME: range-step.py:47:31: error: loop step must be a compile-time integer constant, got 'n'
