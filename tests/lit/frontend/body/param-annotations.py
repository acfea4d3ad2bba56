# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=aliases 2>&1 | FileCheck %s
# RUN: not %tt-llc %s --emit=tir --kernel=short 2>&1 | FileCheck %s --check-prefix=SHORT
# RUN: not %tt-llc %s --emit=tir --kernel=handle 2>&1 | FileCheck %s --check-prefix=HANDLE
# RUN: not %tt-llc %s --emit=tir --kernel=strided 2>&1 | FileCheck %s --check-prefix=STRIDED
# RUN: not %tt-llc %s --emit=tir --kernel=eager_strided 2>&1 | FileCheck %s --check-prefix=EAGER
# Parameter annotations of TileLang that name a type Tile IR lacks stop at the
# annotation as a dtype (T.short is int16, T.long int64, T.handle and T.ptr
# pointers) or as a construct (T.StridedTensor); T.int, T.half and T.float
# are int32, float16 and float32.
import tilelang
import tilelang.language as T


@T.prim_func
def aliases(A: T.Tensor((32,), "float32"), n: T.int, h: T.half, f: T.float, b: T.bool):
    with T.Kernel(1) as bx:
        A[0] = f + h + n


@T.prim_func
def short(A: T.Tensor((32,), "float32"), n: T.short):
    with T.Kernel(1) as bx:
        T.clear(A)


@T.prim_func
def handle(A_ptr: T.handle):
    with T.Kernel(1) as bx:
        pass


@T.prim_func
def strided(A: T.StridedTensor[(32, 32), (1, 64), T.float32]):
    with T.Kernel(1) as bx:
        T.clear(A)


@tilelang.jit
def eager_strided(A):
    A: T.StridedTensor[(32, 32), (1, 64), T.float32]
    with T.Kernel(1) as bx:
        T.clear(A)

# CHECK: n: T.int32,
# CHECK-NEXT: h: T.float16,
# CHECK-NEXT: f: T.float32,
# CHECK-NEXT: b: T.bool,

# SHORT: param-annotations.py:21:45: error: dtype 'short' is not supported by the Tenstorrent lowering yet

# HANDLE: param-annotations.py:27:19: error: dtype 'handle' is not supported by the Tenstorrent lowering yet

# STRIDED: param-annotations.py:33:16: error: 'T.StridedTensor' (TileLang) is not supported by the Tenstorrent lowering yet

# EAGER: param-annotations.py:40:8: error: 'T.StridedTensor' (TileLang) is not supported by the Tenstorrent lowering yet
