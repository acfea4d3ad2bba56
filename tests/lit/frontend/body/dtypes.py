# RUN: not %tt-llc %s --emit=tir --kernel=attr_param 2>&1 | FileCheck --strict-whitespace %s --check-prefix=ATTR
# RUN: not %tt-llc %s --emit=tir --kernel=string_alloc 2>&1 | FileCheck %s --check-prefix=STR
# RUN: not %tt-llc %s --emit=tir --kernel=conversion 2>&1 | FileCheck %s --check-prefix=CALL
# RUN: not %tt-llc %s --emit=tir --kernel=eager_fp8 2>&1 | FileCheck %s --check-prefix=EAGER
# RUN: not %tt-llc %s --emit=tir --kernel=eager_fp8 -D dtype=int4 2>&1 | FileCheck %s --check-prefix=INT4
# RUN: not %tt-llc %s --emit=tir --kernel=unknown 2>&1 | FileCheck %s --check-prefix=UNKNOWN
# RUN: %tt-llc %s --passes=verify --emit=tir --kernel=compare 2>&1 | FileCheck %s --check-prefix=COMPARE
# RUN: not %tt-llc %s --emit=tir --kernel=local_dtype 2>&1 | FileCheck %s --check-prefix=LOCAL
# Real TileLang dtypes that Tile IR has no type for stop with one located
# error, whatever the spelling (T.int8, "uint8", T.float8_e4m3fn(x), a dtype
# parameter): "dtype 'X' is not supported by the Tenstorrent lowering yet". As
# values they still compare (dtype == T.int8). A name that is no dtype at all
# is an "unknown dtype".
import tilelang
import tilelang.language as T


@T.prim_func
def attr_param(A: T.Tensor((64, 64), T.int8)):
    with T.Kernel(2) as bx:
        T.clear(A)


@T.prim_func
def string_alloc(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        S = T.alloc_shared((32, 32), "uint8")


@T.prim_func
def conversion(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(2) as bx:
        A[0, 0] = T.float8_e4m3fn(A[0, 1])


@tilelang.jit
def eager_fp8(A, dtype=T.float8_e4m3fn):
    A: T.Tensor((64, 64), dtype)
    with T.Kernel(1) as bx:
        T.clear(A)


@T.prim_func
def unknown(A: T.Tensor((64, 64), "float33")):
    with T.Kernel(2) as bx:
        T.clear(A)


@tilelang.jit
def compare(A, dtype=T.float32):
    A: T.Tensor((64, 64), dtype)
    with T.Kernel(1) as bx:
        if dtype == T.int8:
            A[0, 0] = 1.0
        else:
            A[0, 0] = 2.0

@T.prim_func
def local_dtype(A: T.Tensor((64, 64), "float32")):
    with T.Kernel(1) as bx:
        half = T.float16
        S = T.alloc_fragment((32, 32), half)
        fp8 = T.float8_e4m3fn
        F = T.alloc_fragment((32, 32), fp8)

# ATTR: {{.*}}dtypes.py:19:38: error: dtype 'int8' is not supported by the Tenstorrent lowering yet
# ATTR-NEXT: {{^}}def attr_param(A: T.Tensor((64, 64), T.int8)):{{$}}
# ATTR-NEXT: {{^}}                                     ^{{$}}

# STR: dtypes.py:27:38: error: dtype 'uint8' is not supported by the Tenstorrent lowering yet

# CALL: dtypes.py:33:19: error: dtype 'float8_e4m3fn' is not supported by the Tenstorrent lowering yet

# EAGER: dtypes.py:38:27: error: dtype 'float8_e4m3fn' is not supported by the Tenstorrent lowering yet

# INT4: dtypes.py:38:27: error: dtype 'int4' is not supported by the Tenstorrent lowering yet

# UNKNOWN: dtypes.py:44:35: error: unknown dtype "float33" (expected bfloat16, float16, float32, int32 or uint32)

# COMPARE: A[0, 0] = 2.0

# LOCAL: dtypes.py:64:40: error: dtype 'float8_e4m3fn' is not supported by the Tenstorrent lowering yet
