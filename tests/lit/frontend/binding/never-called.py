# RUN: not %tt-llc %s --kernel=unused --passes=verify --emit=tir 2>&1 | FileCheck %s
# A kernel the file defines but never calls: its parameters have no value,
# and the error says that no call was found.
import tilelang
import tilelang.language as T


@tilelang.jit
def used(M, block_M):
    @T.prim_func
    def main(A: T.Tensor((M, 32), T.float32)):
        with T.Kernel(M // block_M) as bx:
            T.clear(A)

    return main


@tilelang.jit
def unused(M, block_M):
    @T.prim_func
    def main(A: T.Tensor((M, 32), T.float32)):
        with T.Kernel(M // block_M) as bx:
            T.clear(A)

    return main


used(128, 32)

# CHECK: never-called.py:19:12: error: parameter 'M' of 'unused' has no value
# CHECK: never-called.py:19:1: note: the file never calls 'unused' (by this name, an alias, or .compile) where tt-llc can follow the call
